//! Target `emit`: a valid but adversarial token set built from the fuzz input (names,
//! descriptions, font names and prefixes with any characters; extreme numbers; aliases
//! between tokens; up to three modes), written as DTCG documents, read and resolved, then
//! emitted through every registered format for one mode and for all modes, with and
//! without output references.
//!
//! Oracles: no panic; formats whose extension is `json` produce JSON that parses; the same
//! input gives byte-identical output (checked with output references on).

use arbitrary::Arbitrary;
use serde_json::{json, Map, Value as J};
use tokencraft::emit::naming::NameCase;
use tokencraft::emit::{emit, EmitContext, EmitOptions, ModeSelection, Registry};
use tokencraft::error::Diagnostics;
use tokencraft::model::TokenSet;
use tokencraft::parse::dtcg::{read_tree, ParseOptions};
use tokencraft::parse::json as tjson;
use tokencraft::resolve::{resolve_set, ResolveOptions};

/// A whole fuzz case.
#[derive(Debug, Arbitrary)]
pub struct Case {
    /// Mode names (1–3 are used).
    pub modes: Vec<String>,
    /// Tokens, in document order.
    pub tokens: Vec<Tok>,
    /// Output name prefix.
    pub prefix: Option<String>,
    /// Naming case override (index into the cases).
    pub case: Option<u8>,
    /// Write the header comment, with this timestamp.
    pub header: Option<String>,
}

/// One token.
#[derive(Debug, Arbitrary)]
pub struct Tok {
    /// Group segments then the token name (1–3 are used).
    pub path: Vec<String>,
    pub description: Option<String>,
    pub deprecated: Option<Result<String, bool>>,
    /// Value per mode (missing modes inherit the default).
    pub values: Vec<Val>,
}

/// A value of one of the DTCG types, or an alias.
#[derive(Debug, Arbitrary)]
pub enum Val {
    Color {
        space: u8,
        components: [f64; 3],
        alpha: Option<f64>,
        hex: Option<String>,
    },
    Dimension(f64, bool),
    Duration(f64, bool),
    Number(f64),
    FontFamily(Vec<String>),
    FontWeight(Result<u16, String>),
    CubicBezier([f64; 4]),
    StrokeStyle(Result<u8, Vec<f64>>),
    Shadow(Vec<(Box<Val>, f64, f64, f64, bool)>),
    Border(Box<Val>, f64, u8),
    Transition(f64, f64, [f64; 4]),
    Gradient(Vec<(Box<Val>, f64)>),
    Typography(Vec<String>, f64, u16, f64, f64),
    /// An alias to the token with this index (modulo the token count).
    Alias(u16),
}

const SPACES: [&str; 12] = [
    "srgb",
    "srgb-linear",
    "display-p3",
    "a98-rgb",
    "prophoto-rgb",
    "rec2020",
    "hsl",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
];

const STROKES: [&str; 8] = [
    "solid", "dashed", "dotted", "double", "groove", "ridge", "outset", "inset",
];

/// Makes a name valid for DTCG (F-5…F-7) while keeping every other character.
fn name(s: &str, i: usize) -> String {
    let mut n: String = s
        .chars()
        .take(40)
        .map(|c| {
            if matches!(c, '.' | '{' | '}') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if n.starts_with('$') {
        n.insert(0, '_');
    }
    if n.is_empty() {
        n = format!("t{i}");
    }
    n
}

fn num(f: f64) -> J {
    serde_json::Number::from_f64(f).map_or(J::Null, J::Number)
}

fn dim(v: f64, rem: bool) -> J {
    json!({"value": num(v), "unit": if rem { "rem" } else { "px" }})
}

/// The `$type` and `$value` of a value; aliases point at `paths[i % len]`.
fn value(v: &Val, paths: &[String], depth: usize) -> (Option<&'static str>, J) {
    let color_of = |c: &Val| -> J {
        match c {
            Val::Color { .. } | Val::Alias(_) if depth < 2 => value(c, paths, depth + 1).1,
            _ => json!("#ff0000"),
        }
    };
    match v {
        Val::Color {
            space,
            components,
            alpha,
            hex,
        } => {
            let mut m = Map::new();
            let space = SPACES.get(usize::from(*space) % SPACES.len()).copied();
            m.insert("colorSpace".into(), json!(space.unwrap_or("srgb")));
            m.insert(
                "components".into(),
                J::Array(components.iter().map(|c| num(*c)).collect()),
            );
            if let Some(a) = alpha {
                m.insert("alpha".into(), num(*a));
            }
            if let Some(h) = hex {
                m.insert("hex".into(), json!(h));
            }
            (Some("color"), J::Object(m))
        }
        Val::Dimension(v, rem) => (Some("dimension"), dim(*v, *rem)),
        Val::Duration(v, s) => (
            Some("duration"),
            json!({"value": num(*v), "unit": if *s { "s" } else { "ms" }}),
        ),
        Val::Number(v) => (Some("number"), num(*v)),
        Val::FontFamily(f) => (Some("fontFamily"), json!(f)),
        Val::FontWeight(Ok(w)) => (Some("fontWeight"), json!(w)),
        Val::FontWeight(Err(w)) => (Some("fontWeight"), json!(w)),
        Val::CubicBezier(b) => (
            Some("cubicBezier"),
            J::Array(b.iter().map(|c| num(*c)).collect()),
        ),
        Val::StrokeStyle(Ok(i)) => (
            Some("strokeStyle"),
            json!(STROKES.get(usize::from(*i) % STROKES.len())),
        ),
        Val::StrokeStyle(Err(d)) => (
            Some("strokeStyle"),
            json!({"dashArray": d.iter().take(4).map(|x| dim(*x, false)).collect::<Vec<_>>(), "lineCap": "round"}),
        ),
        Val::Shadow(layers) => (
            Some("shadow"),
            J::Array(
                layers
                    .iter()
                    .take(3)
                    .map(|(c, x, y, b, inset)| {
                        json!({"color": color_of(c), "offsetX": dim(*x, false), "offsetY": dim(*y, false),
                            "blur": dim(*b, false), "spread": dim(0.0, false), "inset": inset})
                    })
                    .collect(),
            ),
        ),
        Val::Border(c, w, s) => (
            Some("border"),
            json!({"color": color_of(c), "width": dim(*w, false),
                "style": STROKES.get(usize::from(*s) % STROKES.len())}),
        ),
        Val::Transition(d, delay, b) => (
            Some("transition"),
            json!({"duration": {"value": num(*d), "unit": "ms"}, "delay": {"value": num(*delay), "unit": "ms"},
                "timingFunction": b.iter().map(|c| num(*c)).collect::<Vec<_>>()}),
        ),
        Val::Gradient(stops) => (
            Some("gradient"),
            J::Array(
                stops
                    .iter()
                    .take(4)
                    .map(|(c, p)| json!({"color": color_of(c), "position": num(*p)}))
                    .collect(),
            ),
        ),
        Val::Typography(fam, size, weight, ls, lh) => (
            Some("typography"),
            json!({"fontFamily": fam, "fontSize": dim(*size, true), "fontWeight": weight,
                "letterSpacing": dim(*ls, false), "lineHeight": num(*lh)}),
        ),
        Val::Alias(i) => {
            let target = paths
                .get(usize::from(*i) % paths.len().max(1))
                .map_or("missing", String::as_str);
            (None, json!(format!("{{{target}}}")))
        }
    }
}

/// Inserts `token` at `path` (groups created on the way; a clash keeps the first).
fn insert(root: &mut Map<String, J>, path: &[String], token: J) {
    let Some((last, groups)) = path.split_last() else {
        return;
    };
    let mut at = root;
    for g in groups {
        let entry = at.entry(g.clone()).or_insert_with(|| json!({}));
        match entry {
            J::Object(m) if !m.contains_key("$value") => at = m,
            _ => return,
        }
    }
    at.entry(last.clone()).or_insert(token);
}

/// The case as one DTCG document per mode, and the mode names.
pub fn documents(case: &Case) -> (Vec<String>, Vec<String>) {
    let mut modes: Vec<String> = case.modes.iter().take(3).cloned().collect();
    if modes.is_empty() {
        modes.push("default".into());
    }
    let tokens: Vec<&Tok> = case.tokens.iter().take(24).collect();
    let paths: Vec<Vec<String>> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut p: Vec<String> = t.path.iter().take(2).map(|s| name(s, i)).collect();
            p.push(format!("t{i}"));
            p
        })
        .collect();
    let dotted: Vec<String> = paths.iter().map(|p| p.join(".")).collect();
    let docs = (0..modes.len())
        .map(|m| {
            let mut root = Map::new();
            for (i, t) in tokens.iter().enumerate() {
                let Some(v) = t.values.get(m).or_else(|| t.values.first()) else {
                    continue;
                };
                let (ty, val) = value(v, &dotted, 0);
                let mut tok = Map::new();
                if let Some(ty) = ty {
                    tok.insert("$type".into(), json!(ty));
                }
                tok.insert("$value".into(), val);
                if let Some(d) = &t.description {
                    tok.insert("$description".into(), json!(d));
                }
                match &t.deprecated {
                    Some(Ok(reason)) => {
                        tok.insert("$deprecated".into(), json!(reason));
                    }
                    Some(Err(flag)) => {
                        tok.insert("$deprecated".into(), json!(flag));
                    }
                    None => {}
                }
                if let Some(p) = paths.get(i) {
                    insert(&mut root, p, J::Object(tok));
                }
            }
            J::Object(root).to_string()
        })
        .collect();
    (modes, docs)
}

/// Reads the documents into one set with a mode each.
pub fn token_set(modes: &[String], docs: &[String]) -> (TokenSet, Diagnostics) {
    let opts = ParseOptions::default();
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    for (i, (mode, doc)) in modes.iter().zip(docs).enumerate() {
        let m = set.add_mode(mode.clone());
        let file = set.sources.add(format!("mode{i}.tokens.json"), doc);
        if let Ok(tree) = tjson::parse(doc, file, &opts.limits) {
            read_tree(&tree, &mut set, m, &opts, &mut diags);
        }
    }
    (set, diags)
}

const CASES: [NameCase; 5] = [
    NameCase::Kebab,
    NameCase::Camel,
    NameCase::Snake,
    NameCase::Pascal,
    NameCase::Constant,
];

/// The target body.
pub fn emit_case(case: &Case) {
    let (modes, docs) = documents(case);
    let (set, _) = token_set(&modes, &docs);
    let (_, resolved, _) = resolve_set(&set, &ResolveOptions::default());
    // Built once per process: the template formats compile their templates on creation.
    static REGISTRY: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    let registry = REGISTRY.get_or_init(Registry::builtin);
    for refs in [false, true] {
        let options = EmitOptions {
            output_references: refs,
            prefix: case.prefix.clone(),
            name_case: case
                .case
                .and_then(|c| CASES.get(usize::from(c) % CASES.len()).copied()),
            header: case.header.is_some(),
            timestamp: case.header.clone(),
            ..EmitOptions::default()
        };
        for e in registry.list() {
            for sel in [ModeSelection::One(0), ModeSelection::All] {
                let cx = EmitContext {
                    set: &set,
                    resolved: &resolved,
                    modes: sel,
                    options: &options,
                };
                let first = emit(registry, e.name(), &cx);
                if refs {
                    let again = emit(registry, e.name(), &cx);
                    assert_eq!(first, again, "{} is not deterministic", e.name());
                }
                let Ok(files) = first else { continue };
                for f in &files {
                    if f.path.ends_with(".json") {
                        if let Err(err) = serde_json::from_str::<J>(&f.contents) {
                            panic!(
                                "{} wrote {} that is not JSON: {err}\n{}",
                                e.name(),
                                f.path,
                                f.contents
                            );
                        }
                    }
                }
            }
        }
    }
}
