//! `json` (Tokencraft's export JSON), `json-flat` and `json-nested`.

use super::dtcg::jnum;
use crate::emit::naming::NameCase;
use crate::emit::select::{self, mode_slug, Item};
use crate::emit::values::{Dialect, Render};
use crate::emit::{EmitContext, Emitter, ModeSelection, OutputFile};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Expr, Piece, Value};
use serde_json::{Map, Value as J};

/// Pretty JSON (two-space indent) with a final newline.
pub(crate) fn to_pretty(v: &J) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Puts `leaf` at the dot path `path` in `root`, creating groups. A token nested under
/// another token shares its object; a key clash is an error naming both.
pub(crate) fn insert_nested(
    root: &mut Map<String, J>,
    path: &str,
    leaf: Map<String, J>,
    mode: &str,
) -> Result<(), Diagnostic> {
    let segs: Vec<&str> = path.split('.').collect();
    let clash = |at: &str| {
        Diagnostic::error(
            "E-EMIT-JSON-NESTING",
            format!("token `{path}` cannot be nested in the JSON output: `{at}` is already a value there"),
        )
        .token(path)
        .mode(mode)
        .help("rename the token so that no name segment equals a value key of another token")
    };
    let mut node = root;
    let (last, groups) = match segs.split_last() {
        Some(x) => x,
        None => return Ok(()),
    };
    let mut walked = String::new();
    for seg in groups {
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(seg);
        let entry = node
            .entry((*seg).to_string())
            .or_insert_with(|| J::Object(Map::new()));
        node = match entry {
            J::Object(m) => m,
            _ => return Err(clash(&walked)),
        };
    }
    match node.get_mut(*last) {
        None => {
            node.insert((*last).to_string(), J::Object(leaf));
        }
        Some(J::Object(existing)) => {
            for (k, v) in leaf {
                if existing.contains_key(&k) {
                    return Err(clash(&format!("{path}.{k}")));
                }
                existing.insert(k, v);
            }
        }
        Some(_) => return Err(clash(path)),
    }
    Ok(())
}

/// An unresolved expression as JSON (references as written).
fn expr_json(e: &Expr) -> J {
    match e {
        Expr::Null => J::Null,
        Expr::Bool(b) => J::Bool(*b),
        Expr::Number(n) => jnum(*n),
        Expr::String(s) => J::from(&**s),
        Expr::Array(a) => J::from(a.iter().map(expr_json).collect::<Vec<_>>()),
        Expr::Object(m) => J::Object(
            m.iter()
                .map(|(k, v)| (k.to_string(), expr_json(v)))
                .collect(),
        ),
        Expr::Ref(r) => J::from(&*r.raw),
        Expr::Interpolated(p) => J::from(
            p.iter()
                .map(|p| match p {
                    Piece::Text(t) => t.to_string(),
                    Piece::Ref(r) => r.raw.to_string(),
                })
                .collect::<String>(),
        ),
    }
}

/// The value as written by the token that supplied it; the typed value (as DTCG JSON) when
/// that literal still holds references or is unavailable.
fn echoed_value(cx: &EmitContext, mode: usize, it: &Item) -> J {
    if let Some(tok) = cx.set.get(mode, it.rt.origin) {
        let mut has_ref = false;
        tok.value.for_each_ref(&mut |_| has_ref = true);
        if !has_ref {
            return expr_json(&tok.value);
        }
    }
    super::dtcg_value(&it.rt.value, None)
}

fn mode_key_check(cx: &EmitContext, format: &str) -> Result<(), Diagnostics> {
    let mut seen: Vec<(String, &str)> = Vec::new();
    let mut diags = Diagnostics::new();
    for m in cx.mode_indices() {
        let name = cx.mode_name(m);
        let slug = mode_slug(name);
        if let Some((_, other)) = seen.iter().find(|(s, _)| *s == slug) {
            diags.push(
                Diagnostic::error(
                    "E-EMIT-MODE-KEY",
                    format!("modes `{other}` and `{name}` both map to the key `{slug}` in format `{format}`"),
                )
                .mode(name)
                .help("rename one of the modes"),
            );
        }
        seen.push((slug, name));
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

/// Builds one tree per selected mode with `leaf`, then wraps per the mode selection.
fn trees(
    cx: &EmitContext,
    format: &str,
    modes_key: Option<&str>,
    mut leaf: impl FnMut(usize, &Item, &mut Map<String, J>) -> Result<(), Diagnostic>,
) -> Result<String, Diagnostics> {
    mode_key_check(cx, format)?;
    let mut diags = Diagnostics::new();
    let mut per_mode = Map::new();
    for m in cx.mode_indices() {
        let mut root = Map::new();
        for it in select::items(cx, m) {
            if let Err(d) = leaf(m, &it, &mut root) {
                diags.push(d);
            }
        }
        per_mode.insert(mode_slug(cx.mode_name(m)), J::Object(root));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let out = match cx.modes {
        ModeSelection::One(_) => per_mode
            .into_iter()
            .next()
            .map(|(_, v)| v)
            .unwrap_or_default(),
        ModeSelection::All => match modes_key {
            Some(k) => J::Object(Map::from_iter([(k.to_string(), J::Object(per_mode))])),
            None => J::Object(per_mode),
        },
    };
    Ok(to_pretty(&out))
}

/// The `json` emitter: Tokencraft's export JSON.
pub struct TokencraftJson;

impl Emitter for TokencraftJson {
    fn name(&self) -> &str {
        "json"
    }
    fn description(&self) -> &str {
        "Tokencraft export JSON: nested by name, value/type/description; all modes under $modes"
    }
    fn extension(&self) -> &str {
        "json"
    }
    fn media_type(&self) -> &str {
        "application/json"
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        let contents = trees(cx, "json", Some("$modes"), |m, it, root| {
            let mut leaf = Map::new();
            leaf.insert("value".into(), echoed_value(cx, m, it));
            leaf.insert("type".into(), J::from(it.rt.ty.as_str()));
            if let Some(d) = it.description() {
                leaf.insert("description".into(), J::from(d));
            }
            insert_nested(root, it.path, leaf, cx.mode_name(m))
        })?;
        Ok(vec![OutputFile {
            path: "tokens.json".into(),
            contents,
        }])
    }
}

/// A value for the flat/nested JSON formats: numbers as numbers, the rest as CSS text.
fn plain_value(cx: &EmitContext, v: &Value) -> J {
    match v {
        Value::Number(n) => jnum(*n),
        Value::FontWeight(w) => jnum(w.weight),
        Value::Boolean(b) => J::Bool(*b),
        Value::String(s) => J::from(s.as_str()),
        Value::LineHeight(crate::model::LineHeight::Multiplier(m)) => jnum(*m),
        other => J::from(
            Render {
                dialect: Dialect::Css,
                options: cx.options,
            }
            .css(other, None),
        ),
    }
}

/// The `json-flat` emitter.
pub struct JsonFlat;

impl Emitter for JsonFlat {
    fn name(&self) -> &str {
        "json-flat"
    }
    fn description(&self) -> &str {
        "Flat JSON object: output name → value (CSS text or number); all modes keyed by mode"
    }
    fn extension(&self) -> &str {
        "json"
    }
    fn media_type(&self) -> &str {
        "application/json"
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        let names = select::names(cx, "json-flat", NameCase::Kebab, |n| n)?;
        let contents = trees(cx, "json-flat", None, |_, it, root| {
            root.insert(names.get(it.id).to_string(), plain_value(cx, &it.rt.value));
            Ok(())
        })?;
        Ok(vec![OutputFile {
            path: "tokens.json".into(),
            contents,
        }])
    }
}

/// The `json-nested` emitter.
pub struct JsonNested;

impl Emitter for JsonNested {
    fn name(&self) -> &str {
        "json-nested"
    }
    fn description(&self) -> &str {
        "Nested JSON object by name segments with plain values; all modes keyed by mode"
    }
    fn extension(&self) -> &str {
        "json"
    }
    fn media_type(&self) -> &str {
        "application/json"
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        let contents = trees(cx, "json-nested", None, |m, it, root| {
            nest_plain(
                root,
                it.path,
                plain_value(cx, &it.rt.value),
                cx.mode_name(m),
            )
        })?;
        Ok(vec![OutputFile {
            path: "tokens.json".into(),
            contents,
        }])
    }
}

/// Like [`insert_nested`] but the leaf is a plain value; a token that is also a group
/// keeps its value under `$value`.
fn nest_plain(
    root: &mut Map<String, J>,
    path: &str,
    value: J,
    mode: &str,
) -> Result<(), Diagnostic> {
    let segs: Vec<&str> = path.split('.').collect();
    let Some((last, groups)) = segs.split_last() else {
        return Ok(());
    };
    let mut node = root;
    for seg in groups {
        let entry = node
            .entry((*seg).to_string())
            .or_insert_with(|| J::Object(Map::new()));
        if !entry.is_object() {
            let old = std::mem::take(entry);
            *entry = J::Object(Map::from_iter([("$value".to_string(), old)]));
        }
        node = match entry {
            J::Object(m) => m,
            _ => return Ok(()),
        };
    }
    match node.get_mut(*last) {
        Some(J::Object(group)) => {
            if group.contains_key("$value") {
                return Err(Diagnostic::error(
                    "E-EMIT-JSON-NESTING",
                    format!("token `{path}` collides with another token's `$value` key in the nested JSON output"),
                )
                .token(path)
                .mode(mode)
                .help("rename the token"));
            }
            group.insert("$value".into(), value);
        }
        _ => {
            node.insert((*last).to_string(), value);
        }
    }
    Ok(())
}
