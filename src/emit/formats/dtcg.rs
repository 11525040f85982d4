//! `dtcg`: DTCG 2025.10 JSON (one file per mode) that `tokencraft check` reads back.

use super::json::{insert_nested, to_pretty};
use crate::emit::select::{self, mode_slug};
use crate::emit::values::RefFn;
use crate::emit::{EmitContext, Emitter, ModeSelection, OutputFile};
use crate::error::Diagnostics;
use crate::model::*;
use serde_json::{json, Map, Value as J};

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

fn dim(d: &Dimension) -> J {
    json!({ "value": jnum(d.value), "unit": d.unit.as_str() })
}

fn dur(d: &Duration) -> J {
    json!({ "value": jnum(d.value), "unit": d.unit.as_str() })
}

fn color(c: &Color) -> J {
    let comps: Vec<J> = c
        .components
        .iter()
        .map(|x| x.map(jnum).unwrap_or_else(|| J::from("none")))
        .collect();
    let mut m = Map::new();
    m.insert("colorSpace".into(), J::from(c.space.as_str()));
    m.insert("components".into(), J::from(comps));
    if c.alpha != 1.0 {
        m.insert("alpha".into(), jnum(c.alpha));
    }
    if let Some(h) = &c.hex {
        m.insert("hex".into(), J::from(h.as_str()));
    }
    J::Object(m)
}

fn sub<T>(s: &Sub<T>, refs: Option<RefFn>, f: impl Fn(&T) -> J) -> J {
    if let (Some(id), Some(refs)) = (s.reference, refs) {
        if let Some(r) = refs(id) {
            return J::from(r);
        }
    }
    f(&s.value)
}

fn line_height(l: &LineHeight) -> J {
    match l {
        LineHeight::Multiplier(m) => jnum(*m),
        LineHeight::Length(d) => dim(d),
    }
}

fn stroke(s: &StrokeStyle, refs: Option<RefFn>) -> J {
    match s {
        StrokeStyle::Keyword(k) => J::from(k.as_str()),
        StrokeStyle::Dashed {
            dash_array,
            line_cap,
        } => json!({
            "dashArray": dash_array.iter().map(|d| sub(d, refs, dim)).collect::<Vec<_>>(),
            "lineCap": line_cap.as_str(),
        }),
    }
}

/// A typed value as DTCG 2025.10 JSON; sub-values written as references become curly
/// aliases through `refs` when given.
pub(crate) fn dtcg_value(v: &Value, refs: Option<RefFn>) -> J {
    match v {
        Value::Color(c) => color(c),
        Value::Dimension(d) | Value::FontSize(d) | Value::LetterSpacing(d) => dim(d),
        Value::FontFamily(f) => J::from(f.clone()),
        Value::FontWeight(w) => match w.keyword {
            Some(k) => J::from(k),
            None => jnum(w.weight),
        },
        Value::Duration(d) => dur(d),
        Value::CubicBezier(b) => J::from(b.map(jnum).to_vec()),
        Value::Number(n) => jnum(*n),
        Value::StrokeStyle(s) => stroke(s, refs),
        Value::Border(b) => json!({
            "color": sub(&b.color, refs, color),
            "width": sub(&b.width, refs, dim),
            "style": sub(&b.style, refs, |s| stroke(s, refs)),
        }),
        Value::Transition(t) => json!({
            "duration": sub(&t.duration, refs, dur),
            "delay": sub(&t.delay, refs, dur),
            "timingFunction": sub(&t.timing_function, refs, |b| J::from(b.map(jnum).to_vec())),
        }),
        Value::Shadow { layers, single } => {
            let layer = |l: &ShadowLayer| {
                let mut m = Map::new();
                m.insert("color".into(), sub(&l.color, refs, color));
                m.insert("offsetX".into(), sub(&l.offset_x, refs, dim));
                m.insert("offsetY".into(), sub(&l.offset_y, refs, dim));
                m.insert("blur".into(), sub(&l.blur, refs, dim));
                m.insert("spread".into(), sub(&l.spread, refs, dim));
                if l.inset {
                    m.insert("inset".into(), J::Bool(true));
                }
                J::Object(m)
            };
            let all: Vec<J> = layers.iter().map(|l| sub(l, refs, layer)).collect();
            match (single, all.as_slice()) {
                (true, [one]) => one.clone(),
                _ => J::from(all),
            }
        }
        Value::Gradient(stops) => J::from(
            stops
                .iter()
                .map(|s| {
                    sub(s, refs, |s| {
                        json!({
                            "color": sub(&s.color, refs, color),
                            "position": sub(&s.position, refs, |p| jnum(*p)),
                        })
                    })
                })
                .collect::<Vec<_>>(),
        ),
        Value::Typography(t) => {
            let mut m = Map::new();
            if let Some(f) = &t.font_family {
                m.insert("fontFamily".into(), sub(f, refs, |f| J::from(f.clone())));
            }
            if let Some(s) = &t.font_size {
                m.insert("fontSize".into(), sub(s, refs, dim));
            }
            if let Some(w) = &t.font_weight {
                let fw = |w: &FontWeight| dtcg_value(&Value::FontWeight(w.clone()), None);
                m.insert("fontWeight".into(), sub(w, refs, fw));
            }
            if let Some(l) = &t.letter_spacing {
                m.insert("letterSpacing".into(), sub(l, refs, dim));
            }
            if let Some(l) = &t.line_height {
                m.insert("lineHeight".into(), sub(l, refs, line_height));
            }
            J::Object(m)
        }
        Value::LineHeight(l) => line_height(l),
        Value::String(s) => J::from(s.as_str()),
        Value::Boolean(b) => J::Bool(*b),
        Value::Other(j) => j.clone(),
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
                    (true, _) => dtcg_value(&it.rt.value, Some(&refs)),
                    (false, _) => dtcg_value(&it.rt.value, None),
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
