//! Generated outputs checked by real consumers: dart-sass compiles the SCSS, `tsc --strict
//! --noEmit` accepts the declarations, Node loads the ES module, XML is well-formed
//! (python3's strict parser), JSON parses, and CSS passes a tokenizer-level check. Run over
//! the shared fixture and over 1,000 generated tokens with hostile names and values.
//!
//! The tools come from `tools/` (`npm install --prefix tools`); a missing tool fails the
//! test with the command that installs it.

mod emit_common;

mod tool_support;
use tool_support::{run, tool};

use emit_common::{fixture, hostile_set, Fixture};
use std::path::{Path, PathBuf};
use std::process::Command;
use tokencraft::emit::{CssModes, EmitOptions, ModeSelection, OutputFile};

fn require(cmd: &str) -> String {
    let ok = Command::new(cmd).arg("--version").output().is_ok();
    assert!(ok, "`{cmd}` is not installed; install it (Node.js for `node`, Python 3 for `python3`) to run the consumer checks");
    cmd.to_string()
}

fn option_sets() -> Vec<EmitOptions> {
    vec![
        EmitOptions::default(),
        EmitOptions {
            output_references: true,
            ..EmitOptions::default()
        },
        EmitOptions {
            output_references: true,
            only_changed: true,
            scss_default: true,
            css_modes: CssModes::MediaQuery,
            prefix: Some("acme".into()),
            ..EmitOptions::default()
        },
    ]
}

fn outputs(f: &Fixture, format: &str) -> Vec<(String, OutputFile)> {
    let mut v = Vec::new();
    for (i, o) in option_sets().iter().enumerate() {
        for (mname, modes) in [("one", ModeSelection::One(1)), ("all", ModeSelection::All)] {
            let files = f
                .emit(format, modes, o)
                .unwrap_or_else(|d| panic!("{format} failed:\n{d}"));
            for file in files {
                v.push((format!("{format}-{i}-{mname}"), file));
            }
        }
    }
    v
}

fn sets() -> Vec<(&'static str, Fixture)> {
    vec![("fixture", fixture()), ("hostile", hostile_set(1000))]
}

/// Writes every output of `formats` for both sets into `dir`; returns (path, contents).
fn write_all(dir: &Path, formats: &[&str], ext: &str) -> Vec<(PathBuf, String)> {
    let mut v = Vec::new();
    for (set, f) in sets() {
        for format in formats {
            for (tag, file) in outputs(&f, format) {
                let name = format!("{set}-{tag}-{}", file.path.replace('/', "_")).replace('.', "_");
                let path = dir.join(format!("{name}.{ext}"));
                std::fs::write(&path, &file.contents).expect("write output");
                v.push((path, file.contents));
            }
        }
    }
    v
}

fn all_inputs(files: &[(PathBuf, String)]) -> String {
    files
        .iter()
        .map(|(p, c)| format!("== {} ==\n{c}\n", p.display()))
        .collect()
}

#[test]
fn scss_compiles_with_dart_sass() {
    let sass = tool("sass");
    let dir = tempfile::tempdir().expect("temp dir");
    let files = write_all(dir.path(), &["scss"], "scss");
    let mut c = Command::new(&sass);
    c.arg("--no-source-map");
    for (p, _) in &files {
        c.arg(format!("{}:{}.css", p.display(), p.display()));
    }
    run(c, "sass", &all_inputs(&files));
}

#[test]
fn typescript_declarations_pass_tsc_strict_and_js_loads_in_node() {
    let tsc = tool("tsc");
    let node = require("node");
    let dir = tempfile::tempdir().expect("temp dir");
    let ts = write_all(dir.path(), &["ts"], "d.ts");
    let mut c = Command::new(&tsc);
    c.args(["--strict", "--noEmit"]);
    for (p, _) in &ts {
        c.arg(p);
    }
    run(c, "tsc --strict --noEmit", &all_inputs(&ts));
    let js = write_all(dir.path(), &["js"], "mjs");
    let urls: Vec<String> = js
        .iter()
        .map(|(p, _)| format!("file://{}", p.display()))
        .collect();
    let script = format!(
        "const urls = {}; (async () => {{ for (const u of urls) {{ const m = await import(u); if (Object.keys(m).length === 0) throw new Error('empty module ' + u); }} }})().catch(e => {{ console.error(e); process.exit(1); }})",
        serde_json::to_string(&urls).expect("json")
    );
    let mut c = Command::new(&node);
    c.arg("-e").arg(script);
    run(c, "node import", &all_inputs(&js));
}

#[test]
fn android_xml_is_well_formed() {
    let py = require("python3");
    let dir = tempfile::tempdir().expect("temp dir");
    let files = write_all(dir.path(), &["android", "android-resources"], "xml");
    let mut c = Command::new(&py);
    c.arg("-c").arg(
        "import sys, xml.dom.minidom as m\nfor p in sys.argv[1:]:\n    try:\n        m.parse(p)\n    except Exception as e:\n        sys.exit(p + ': ' + str(e))",
    );
    for (p, _) in &files {
        c.arg(p);
    }
    run(c, "python3 xml parser", &all_inputs(&files));
}

#[test]
fn json_outputs_parse() {
    for (set, f) in sets() {
        for format in ["json", "json-flat", "json-nested", "dtcg"] {
            for (tag, file) in outputs(&f, format) {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&file.contents) {
                    panic!("{format} ({set} {tag} {}) is not JSON: {e}", file.path);
                }
            }
        }
    }
}

/// Tokenizer-level CSS check: comments and strings closed, escapes consumed, braces
/// balanced, every declaration inside a block ends with `;`.
fn check_css(css: &str) -> Result<(), String> {
    let b: Vec<char> = css.chars().collect();
    let mut i = 0;
    let mut depth = 0i32;
    let mut decl = String::new();
    while i < b.len() {
        let c = b[i];
        if c == '/' && b.get(i + 1) == Some(&'*') {
            match (i + 2..b.len().saturating_sub(1)).find(|&j| b[j] == '*' && b[j + 1] == '/') {
                Some(end) => {
                    i = end + 2;
                    continue;
                }
                None => return Err(format!("unclosed comment at char {i}")),
            }
        }
        match c {
            '"' | '\'' => {
                let q = c;
                decl.push(c);
                i += 1;
                loop {
                    match b.get(i) {
                        None => return Err("unclosed string".into()),
                        Some('\\') => i += 2,
                        Some('\n') => return Err(format!("newline in string at char {i}")),
                        Some(&x) if x == q => break,
                        Some(_) => i += 1,
                    }
                }
                decl.push(q);
            }
            '\\' => {
                decl.push('x');
                i += 1;
            }
            '{' => {
                depth += 1;
                decl.clear();
            }
            '}' => {
                if !decl.trim().is_empty() {
                    return Err(format!(
                        "declaration without `;` before `}}`: {:?}",
                        decl.trim()
                    ));
                }
                depth -= 1;
                if depth < 0 {
                    return Err(format!("unbalanced `}}` at char {i}"));
                }
            }
            ';' => decl.clear(),
            c => decl.push(c),
        }
        i += 1;
    }
    if depth != 0 {
        return Err(format!("{depth} unclosed block(s)"));
    }
    Ok(())
}

#[test]
fn css_outputs_pass_the_tokenizer_check() {
    assert!(
        check_css("a { --x: 1 }").is_err(),
        "checker must catch a missing `;`"
    );
    assert!(check_css("a { /* x */ --x: \"}\"; }").is_ok());
    for (set, f) in sets() {
        for format in ["css", "tailwind"] {
            for (tag, file) in outputs(&f, format) {
                if let Err(e) = check_css(&file.contents) {
                    panic!(
                        "{format} ({set} {tag}): {e}\n{}",
                        file.contents.chars().take(3000).collect::<String>()
                    );
                }
            }
        }
    }
}
