//! Output injection (issue 6): generated token sets whose names, descriptions, deprecation
//! reasons, font names and mode names carry the characters that matter in each output
//! language (comment and string terminators, escapes, interpolation openers, markup) and a
//! marker `@@INJ@@`. Every output of every format, one mode and all modes, with and without
//! output references, must
//!
//! - tokenize in its language: comments and strings closed (Swift and Kotlin block comments
//!   nest), no raw line break inside a string, no interpolation inside one (`\(` Swift,
//!   `$x`/`${` Kotlin and Dart, `#{` Sass, `${` JS templates);
//! - keep the marker inside comments and string literals: found in code, some token's text
//!   escaped its declaration (identifiers cannot hold `@`, so a sanitised name never shows it);
//! - pass the real tool or a strict parser: dart-sass (SCSS and CSS), `tsc --strict`
//!   (TypeScript), Node (JavaScript modules), python3's XML parser, serde_json.
//!
//! Cases are generated with proptest's deterministic runner and batched: every tool runs
//! once over all files.

mod tool_support;
use tool_support::{run, tool};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{json, Map, Value};
use std::process::Command;
use tokencraft::emit::{emit, EmitContext, EmitOptions, ModeSelection, OutputFile, Registry};
use tokencraft::model::TokenSet;
use tokencraft::parse::dtcg::{read_tree, ParseOptions};
use tokencraft::parse::json as tjson;
use tokencraft::resolve::{resolve_set, ResolveOptions};
use tokencraft::Diagnostics;

const MARKER: &str = "@@INJ@@";
const CASES: usize = 24;

/// Pieces that end comments or strings, escape, interpolate or open markup somewhere.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(MARKER.to_string()),
        4 => prop::sample::select(vec![
            "*/", "/*", "//", "\"", "'", "`", "\\", "${", "$x", "$", "\\(", "#{", "-->", "<!--",
            "]]>", "<", ">", "&", "&amp;", "\n", "\r\n", "\u{2028}", ";", "}", "{", "\"\"\"", "\t",
            "</style>", "?>", "%", "é日", "🙂", "\u{7f}", "\u{85}",
        ])
        .prop_map(str::to_string),
        1 => "[a-z ]{1,3}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..8).prop_map(|v| v.concat())
}

/// A token name: the pieces minus what DTCG forbids in names (`.`, `{`, `}`, control
/// characters, a leading `$`).
fn name() -> impl Strategy<Value = String> {
    text().prop_map(|t| {
        let n: String = t
            .chars()
            .filter(|c| !matches!(c, '.' | '{' | '}') && !c.is_control())
            .collect();
        format!("n{n}")
    })
}

#[derive(Debug, Clone)]
struct Case {
    mode: String,
    tokens: Vec<(String, String, String)>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        text(),
        prop::collection::vec((name(), text(), text()), 1..6),
    )
        .prop_map(|(mode, tokens)| Case { mode, tokens })
}

/// The case as two DTCG modes: per token a colour (description), a font family (its text
/// as a family name), a dimension (deprecated with the text) and an alias to the colour.
fn token_set(c: &Case) -> TokenSet {
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    let opts = ParseOptions::default();
    for (m, mode) in ["Light".to_string(), c.mode.clone()].iter().enumerate() {
        let mut root = Map::new();
        for (i, (name, desc, value)) in c.tokens.iter().enumerate() {
            let key = format!("{name}{i}");
            // Braces in a value string would make it a reference.
            let value: String = value.chars().filter(|c| !matches!(c, '{' | '}')).collect();
            let grey = if m == 0 { 0.25 } else { 0.75 };
            root.insert(
                key.clone(),
                json!({
                    "color": {"$type": "color", "$description": desc,
                        "$value": {"colorSpace": "srgb", "components": [grey, 0.5, 0.5]}},
                    "font": {"$type": "fontFamily", "$value": [value, "sans-serif"], "$description": value},
                    "size": {"$type": "dimension", "$deprecated": desc, "$value": {"value": 4 + i, "unit": "px"}},
                    "alias": {"$value": format!("{{{key}.color}}"), "$description": desc},
                }),
            );
        }
        let text = Value::Object(root).to_string();
        let index = set.add_mode(mode.clone());
        let file = set.sources.add(format!("{m}.tokens.json"), &text);
        let tree = tjson::parse(&text, file, &opts.limits).expect("generated JSON");
        read_tree(&tree, &mut set, index, &opts, &mut diags);
    }
    assert!(!diags.has_errors(), "{diags}");
    set
}

/// Every output of every built-in format for one case.
fn outputs(c: &Case) -> Vec<(String, OutputFile)> {
    let set = token_set(c);
    let (_, resolved, diags) = resolve_set(&set, &ResolveOptions::default());
    assert!(!diags.has_errors(), "{diags}");
    let registry = Registry::builtin();
    let mut out = Vec::new();
    for refs in [false, true] {
        let options = EmitOptions {
            output_references: refs,
            header: true,
            timestamp: Some(format!("now */ {MARKER} \"")),
            ..EmitOptions::default()
        };
        for e in registry.list() {
            for (tag, modes) in [("one", ModeSelection::One(1)), ("all", ModeSelection::All)] {
                let cx = EmitContext {
                    set: &set,
                    resolved: &resolved,
                    modes,
                    options: &options,
                };
                match emit(&registry, e.name(), &cx) {
                    Ok(files) => {
                        for f in files {
                            out.push((format!("{}-{tag}-{refs}", e.name()), f));
                        }
                    }
                    // Refusing a case (e.g. two names that collide once converted) is fine.
                    Err(d) => assert!(d.has_errors(), "{}", e.name()),
                }
            }
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Css,
    Scss,
    Js,
    Swift,
    Kotlin,
    Dart,
}

/// The code of a C-family file with comments and string contents removed, or what is
/// malformed about it.
fn code_only(src: &str, lang: Lang) -> Result<String, String> {
    let cs: Vec<char> = src.chars().collect();
    let nested = matches!(lang, Lang::Swift | Lang::Kotlin);
    let line_comments = lang != Lang::Css;
    let mut code = String::new();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let next = cs.get(i + 1).copied();
        if c == '/' && next == Some('*') {
            let mut depth = 1;
            i += 2;
            while depth > 0 {
                match (cs.get(i), cs.get(i + 1)) {
                    (None, _) => return Err("unclosed block comment".into()),
                    (Some('*'), Some('/')) => {
                        depth -= 1;
                        i += 2;
                    }
                    (Some('/'), Some('*')) if nested => {
                        depth += 1;
                        i += 2;
                    }
                    _ => i += 1,
                }
            }
            code.push(' ');
            continue;
        }
        if line_comments && c == '/' && next == Some('/') {
            while i < cs.len() && !matches!(cs[i], '\n' | '\r' | '\u{2028}' | '\u{2029}') {
                i += 1;
            }
            continue;
        }
        let quote = matches!(
            (c, lang),
            ('"', _) | ('\'', Lang::Css | Lang::Scss | Lang::Js | Lang::Dart) | ('`', Lang::Js)
        );
        if !quote {
            code.push(c);
            i += 1;
            continue;
        }
        let triple = c == '"'
            && matches!(lang, Lang::Swift | Lang::Kotlin | Lang::Dart)
            && cs.get(i + 1) == Some(&'"')
            && cs.get(i + 2) == Some(&'"');
        if triple {
            return Err(format!("multi-line string literal at char {i}"));
        }
        i += 1;
        loop {
            let Some(&x) = cs.get(i) else {
                return Err(format!("unclosed {c} string"));
            };
            if x == c {
                i += 1;
                break;
            }
            match x {
                '\\' => {
                    if lang == Lang::Swift && cs.get(i + 1) == Some(&'(') {
                        return Err("Swift interpolation `\\(` in a string".into());
                    }
                    i += 2;
                    continue;
                }
                '\n' | '\r' if c != '`' => return Err("raw line break in a string".into()),
                '\u{2028}' | '\u{2029}' if lang == Lang::Js => {
                    return Err("raw line separator in a JS string".into())
                }
                '$' if matches!(lang, Lang::Kotlin | Lang::Dart)
                    && cs
                        .get(i + 1)
                        .is_some_and(|n| *n == '{' || n.is_alphabetic() || *n == '_') =>
                {
                    return Err("`$` interpolation in a Kotlin/Dart string".into());
                }
                '$' if c == '`' && cs.get(i + 1) == Some(&'{') => {
                    return Err("`${` in a JS template literal".into())
                }
                '#' if lang == Lang::Scss && cs.get(i + 1) == Some(&'{') => {
                    return Err("`#{` interpolation in a Sass string".into())
                }
                _ => i += 1,
            }
        }
        code.push_str("\"\"");
    }
    Ok(code)
}

/// XML without comments, attribute values and text: what remains is markup.
fn xml_markup(src: &str) -> Result<String, String> {
    let mut markup = String::new();
    let mut rest = src;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").ok_or("unclosed XML comment")?;
            if body[..end].contains("--") {
                return Err("`--` inside an XML comment".into());
            }
            rest = &body[end + 3..];
            continue;
        }
        let mut tag = String::new();
        let mut chars = rest.char_indices();
        let mut end = None;
        let mut quote: Option<char> = None;
        for (k, ch) in chars.by_ref() {
            match (quote, ch) {
                (Some(q), x) if x == q => quote = None,
                (Some(_), '<') => return Err("`<` inside an attribute value".into()),
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(ch),
                (None, '>') => {
                    end = Some(k);
                    break;
                }
                (None, x) => tag.push(x),
            }
        }
        let end = end.ok_or("unclosed tag")?;
        markup.push_str(&tag);
        markup.push(' ');
        rest = &rest[end + 1..];
    }
    Ok(markup)
}

fn lang_of(path: &str) -> Option<Lang> {
    let ext = path.rsplit('.').next()?;
    Some(match ext {
        "css" => Lang::Css,
        "scss" => Lang::Scss,
        "js" | "mjs" | "cjs" | "ts" => Lang::Js,
        "swift" => Lang::Swift,
        "kt" => Lang::Kotlin,
        "dart" => Lang::Dart,
        _ => return None,
    })
}

#[test]
fn no_text_escapes_its_declaration_in_any_format() {
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut scss, mut css, mut ts, mut js, mut xml) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut checked = 0;
    let mut marked = 0;
    for n in 0..CASES {
        let c = strategy.new_tree(&mut runner).expect("case").current();
        for (tag, f) in outputs(&c) {
            checked += 1;
            marked += usize::from(f.contents.contains(MARKER));
            let where_ = format!("case {n} {tag} {}", f.path);
            let file = dir
                .path()
                .join(format!("c{n}-{tag}-{}", f.path.replace('/', "_")));
            let path = f.path.as_str();
            if path.ends_with(".json") {
                let v: Value = serde_json::from_str(&f.contents)
                    .unwrap_or_else(|e| panic!("{where_}: not JSON ({e}):\n{}", f.contents));
                assert!(v.is_object() || v.is_array(), "{where_}");
                continue;
            }
            if path.ends_with(".xml") {
                let markup = xml_markup(&f.contents)
                    .unwrap_or_else(|e| panic!("{where_}: {e}:\n{}", f.contents));
                assert!(
                    !markup.contains(MARKER),
                    "{where_}: text escaped into markup:\n{}",
                    f.contents
                );
                xml.push(file.clone());
            } else {
                let lang = lang_of(path).unwrap_or_else(|| panic!("{where_}: unknown language"));
                let code = code_only(&f.contents, lang)
                    .unwrap_or_else(|e| panic!("{where_}: {e}:\n{}", f.contents));
                assert!(
                    !code.contains(MARKER),
                    "{where_}: some text escaped its comment or string:\n{}",
                    f.contents
                );
                match path.rsplit('.').next() {
                    Some("scss") => scss.push(file.clone()),
                    Some("css") => css.push(file.clone()),
                    Some("ts") => ts.push(file.clone()),
                    Some("js") => js.push(file.clone()),
                    _ => {}
                }
            }
            let file = if path.ends_with(".js") {
                let ext = if f.contents.contains("export ") {
                    "mjs"
                } else {
                    "cjs"
                };
                let p = file.with_extension(ext);
                js.pop();
                js.push(p.clone());
                p
            } else {
                file
            };
            std::fs::write(&file, &f.contents).expect("write");
        }
    }
    assert!(checked > CASES * 20, "only {checked} outputs");
    assert!(
        marked > checked / 2,
        "the marker reached only {marked} of {checked} outputs"
    );
    for (what, files) in [
        ("scss", &scss),
        ("css", &css),
        ("ts", &ts),
        ("js", &js),
        ("xml", &xml),
    ] {
        assert!(!files.is_empty(), "no {what} output was generated");
    }
    // dart-sass parses both SCSS and plain CSS strictly.
    let mut c = Command::new(tool("sass"));
    c.arg("--no-source-map");
    for p in scss.iter().chain(&css) {
        c.arg(format!("{}:{}.out.css", p.display(), p.display()));
    }
    run(c, "sass", "");
    let mut c = Command::new(tool("tsc"));
    c.args(["--strict", "--noEmit", "--skipLibCheck"]);
    c.args(&ts);
    run(c, "tsc --strict --noEmit", "");
    let urls: Vec<String> = js
        .iter()
        .map(|p| format!("file://{}", p.display()))
        .collect();
    let script = format!(
        "const urls = {}; (async () => {{ for (const u of urls) {{ await import(u); }} }})().catch(e => {{ console.error(e); process.exit(1); }})",
        serde_json::to_string(&urls).expect("json")
    );
    let mut c = Command::new("node");
    c.arg("-e").arg(script);
    run(c, "node import", "");
    let mut c = Command::new("python3");
    c.arg("-c").arg(
        "import sys, xml.dom.minidom as m\nfor p in sys.argv[1:]:\n    try:\n        m.parse(p)\n    except Exception as e:\n        sys.exit(p + ': ' + str(e))",
    );
    c.args(&xml);
    run(c, "python3 xml parser", "");
}
