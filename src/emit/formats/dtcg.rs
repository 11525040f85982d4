//! `dtcg`: DTCG 2025.10 JSON (one file per mode) that `tokencraft check` reads back.

use super::json::{insert_nested, to_pretty};
use crate::emit::select::{self, mode_slug};
use crate::emit::{EmitContext, Emitter, ModeSelection, OutputFile};
use crate::error::Diagnostics;
use crate::model::*;
use crate::resolve::{value_to_dtcg, value_to_dtcg_with};
use serde_json::{Map, Value as J};

/// The `dtcg` emitter.
pub struct Dtcg;

/// A JSON number: integral values without a fraction; non-finite as 0.
pub(crate) fn jnum(x: f64) -> J {
    if !x.is_finite() {
        return J::from(0);
    }
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        J::from(x as i64)
    } else {
        J::from(x)
    }
}

/// The DTCG `$type` for a token type (Tokencraft's fontSize/letterSpacing are dimensions,
/// lineHeight a number).
fn dtcg_type(ty: &TokenType, v: &Value) -> String {
    match (ty, v) {
        (TokenType::FontSize | TokenType::LetterSpacing, _) => "dimension".into(),
        (TokenType::LineHeight, Value::LineHeight(LineHeight::Length(_))) => "dimension".into(),
        (TokenType::LineHeight, _) => "number".into(),
        (t, _) => t.as_str().into(),
    }
}

impl Emitter for Dtcg {
    fn name(&self) -> &str {
        "dtcg"
    }
    fn description(&self) -> &str {
        "DTCG 2025.10 token JSON, one file per mode (readable by `tokencraft check`)"
    }
    fn extension(&self) -> &str {
        "tokens.json"
    }
    fn media_type(&self) -> &str {
        "application/design-tokens+json"
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        let mut files = Vec::new();
        let mut diags = Diagnostics::new();
        for m in cx.mode_indices() {
            let items = select::items(cx, m);
            let emitted: Vec<bool> = {
                let mut v = vec![false; cx.set.paths.len()];
                for it in &items {
                    v[it.id.index()] = true;
                }
                v
            };
            let refs = |id: TokenId| {
                emitted
                    .get(id.index())
                    .copied()
                    .unwrap_or(false)
                    .then(|| format!("{{{}}}", cx.set.path(id)))
            };
            let mut root = Map::new();
            for it in &items {
                let mut leaf = Map::new();
                let value = match (cx.options.output_references, it.rt.alias_of) {
                    (true, Some(t)) if refs(t).is_some() => J::from(refs(t).unwrap_or_default()),
                    (true, _) => value_to_dtcg_with(&it.rt.value, Some(&refs)),
                    (false, _) => value_to_dtcg(&it.rt.value),
                };
                leaf.insert("$type".into(), J::from(dtcg_type(&it.rt.ty, &it.rt.value)));
                leaf.insert("$value".into(), value);
                if let Some(d) = it.description() {
                    leaf.insert("$description".into(), J::from(d));
                }
                match it.deprecated() {
                    Some("") => {
                        leaf.insert("$deprecated".into(), J::Bool(true));
                    }
                    Some(r) => {
                        leaf.insert("$deprecated".into(), J::from(r));
                    }
                    None => {}
                }
                if let Some(x) = it.token.and_then(|t| t.extensions.clone()) {
                    leaf.insert("$extensions".into(), *x);
                }
                if let Err(d) = insert_nested(&mut root, it.path, leaf, cx.mode_name(m)) {
                    diags.push(*d);
                }
            }
            let path = match cx.modes {
                ModeSelection::One(_) => "tokens.json".to_string(),
                ModeSelection::All => {
                    format!("tokens.{}.json", file_safe(&mode_slug(cx.mode_name(m))))
                }
            };
            files.push(OutputFile {
                path,
                contents: to_pretty(&J::Object(root)),
            });
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(files)
    }
}

/// A mode slug made safe as a file name part (letters, digits, `-`, `_`).
pub(crate) fn file_safe(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() {
        "mode".into()
    } else {
        out
    }
}
