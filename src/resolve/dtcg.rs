//! Typed values back to DTCG 2025.10 JSON, and JSON to expressions.

use crate::model::{
    Color, Dimension, Duration, Expr, FontWeight, LineHeight, Resolved, ShadowLayer, StrokeStyle,
    Sub, TokenId, TokenSet, Value,
};
use serde_json::{json, Map, Value as J};

/// A number as JSON: integral values as integers (`16`, not `16.0`); non-finite as `null`.
pub(super) fn num(n: f64) -> J {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        J::from(n as i64)
    } else {
        serde_json::Number::from_f64(n)
            .map(J::Number)
            .unwrap_or(J::Null)
    }
}

/// How a sub-value written as a reference is shown: `Some` text (a curly alias) for the
/// referenced token, or `None` to show its value.
pub type RefText<'r> = &'r dyn Fn(TokenId) -> Option<String>;

fn color(c: &Color) -> J {
    let mut m = Map::new();
    m.insert("colorSpace".into(), J::from(c.space.as_str()));
    m.insert(
        "components".into(),
        J::Array(
            c.components
                .iter()
                .map(|x| x.map(num).unwrap_or_else(|| J::from("none")))
                .collect(),
        ),
    );
    if c.alpha != 1.0 {
        m.insert("alpha".into(), num(c.alpha));
    }
    if let Some(h) = &c.hex {
        m.insert("hex".into(), J::from(h.as_str()));
    }
    J::Object(m)
}

fn dimension(d: &Dimension) -> J {
    json!({"value": num(d.value), "unit": d.unit.as_str()})
}

fn duration(d: &Duration) -> J {
    json!({"value": num(d.value), "unit": d.unit.as_str()})
}

fn weight(w: &FontWeight) -> J {
    match w.keyword {
        Some(k) => J::from(k),
        None => num(w.weight),
    }
}

fn family(f: &[String]) -> J {
    match f {
        [one] => J::from(one.as_str()),
        many => J::Array(many.iter().map(|s| J::from(s.as_str())).collect()),
    }
}

fn line_height(l: &LineHeight) -> J {
    match l {
        LineHeight::Multiplier(n) => num(*n),
        LineHeight::Length(d) => dimension(d),
    }
}

fn bezier(b: &[f64; 4]) -> J {
    J::Array(b.iter().map(|x| num(*x)).collect())
}

/// A sub-value: its reference's text when `refs` gives one, else its value.
fn sub<T>(s: &Sub<T>, refs: Option<RefText>, f: impl Fn(&T) -> J) -> J {
    if let (Some(id), Some(refs)) = (s.reference, refs) {
        if let Some(text) = refs(id) {
            return J::from(text);
        }
    }
    f(&s.value)
}

fn stroke(s: &StrokeStyle, refs: Option<RefText>) -> J {
    match s {
        StrokeStyle::Keyword(k) => J::from(k.as_str()),
        StrokeStyle::Dashed {
            dash_array,
            line_cap,
        } => json!({
            "dashArray": dash_array.iter().map(|d| sub(d, refs, dimension)).collect::<Vec<_>>(),
            "lineCap": line_cap.as_str(),
        }),
    }
}

/// The DTCG 2025.10 JSON form of a resolved value: colour objects (`alpha` only when it is
/// not 1, `hex` when present), `{value, unit}` objects for dimensions and durations, the
/// keyword or number of a font weight, a string for a one-name font family, composite
/// objects with their members in the spec's order, a shadow as an object when it was
/// written as one. Non-standard values are returned as kept.
///
/// ```
/// use tokencraft::model::{Dimension, DimensionUnit, Value};
/// use tokencraft::resolve::value_to_dtcg;
///
/// let v = Value::Dimension(Dimension { value: 16.0, unit: DimensionUnit::Px });
/// assert_eq!(value_to_dtcg(&v), serde_json::json!({"value": 16, "unit": "px"}));
/// ```
pub fn value_to_dtcg(value: &Value) -> J {
    value_to_dtcg_with(value, None)
}

/// [`value_to_dtcg`], with the sub-values of composites (and dash arrays) that were written
/// as references shown as the text `refs` gives for the referenced token (a curly alias
/// such as `"{color.brand}"`); a sub-value for which it gives `None` shows its value.
pub fn value_to_dtcg_with(value: &Value, refs: Option<RefText>) -> J {
    match value {
        Value::Color(c) => color(c),
        Value::Dimension(d) | Value::FontSize(d) | Value::LetterSpacing(d) => dimension(d),
        Value::FontFamily(f) => family(f),
        Value::FontWeight(w) => weight(w),
        Value::Duration(d) => duration(d),
        Value::CubicBezier(b) => bezier(b),
        Value::Number(n) => num(*n),
        Value::StrokeStyle(s) => stroke(s, refs),
        Value::Border(b) => json!({
            "color": sub(&b.color, refs, color),
            "width": sub(&b.width, refs, dimension),
            "style": sub(&b.style, refs, |s| stroke(s, refs)),
        }),
        Value::Transition(t) => json!({
            "duration": sub(&t.duration, refs, duration),
            "delay": sub(&t.delay, refs, duration),
            "timingFunction": sub(&t.timing_function, refs, bezier),
        }),
        Value::Shadow { layers, single } => {
            let layer = |l: &ShadowLayer| {
                let mut m = Map::new();
                m.insert("color".into(), sub(&l.color, refs, color));
                m.insert("offsetX".into(), sub(&l.offset_x, refs, dimension));
                m.insert("offsetY".into(), sub(&l.offset_y, refs, dimension));
                m.insert("blur".into(), sub(&l.blur, refs, dimension));
                m.insert("spread".into(), sub(&l.spread, refs, dimension));
                if l.inset {
                    m.insert("inset".into(), J::Bool(true));
                }
                J::Object(m)
            };
            let objs: Vec<J> = layers.iter().map(|l| sub(l, refs, layer)).collect();
            match (single, objs.as_slice()) {
                (true, [one]) => one.clone(),
                _ => J::Array(objs),
            }
        }
        Value::Gradient(stops) => J::Array(
            stops
                .iter()
                .map(|s| {
                    sub(s, refs, |s| {
                        json!({
                            "color": sub(&s.color, refs, color),
                            "position": sub(&s.position, refs, |p| num(*p)),
                        })
                    })
                })
                .collect(),
        ),
        Value::Typography(t) => {
            let mut m = Map::new();
            if let Some(f) = &t.font_family {
                m.insert("fontFamily".into(), sub(f, refs, |f| family(f)));
            }
            if let Some(s) = &t.font_size {
                m.insert("fontSize".into(), sub(s, refs, dimension));
            }
            if let Some(w) = &t.font_weight {
                m.insert("fontWeight".into(), sub(w, refs, weight));
            }
            if let Some(s) = &t.letter_spacing {
                m.insert("letterSpacing".into(), sub(s, refs, dimension));
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

/// The resolved tokens of one mode as one JSON object: dot path → DTCG value, in token id
/// (document) order. Tokens that failed to resolve are left out; an unknown mode gives an
/// empty object.
pub fn resolved_json(set: &TokenSet, resolved: &Resolved, mode: usize) -> J {
    let mut m = Map::new();
    let Some(rm) = resolved.modes.get(mode) else {
        return J::Object(m);
    };
    for (i, t) in rm.tokens.iter().enumerate() {
        if let (Some(t), Some(path)) = (t, set.paths.get_index(i)) {
            m.insert(path.to_string(), value_to_dtcg(&t.value));
        }
    }
    J::Object(m)
}

/// A JSON value as a reference-free expression.
pub(super) fn json_to_expr(j: &J) -> Expr {
    match j {
        J::Null => Expr::Null,
        J::Bool(b) => Expr::Bool(*b),
        J::Number(n) => Expr::Number(n.as_f64().unwrap_or(0.0)),
        J::String(s) => Expr::String(s.as_str().into()),
        J::Array(items) => Expr::Array(items.iter().map(json_to_expr).collect()),
        J::Object(m) => Expr::Object(
            m.iter()
                .map(|(k, v)| (k.as_str().into(), json_to_expr(v)))
                .collect(),
        ),
    }
}

/// The top-level shape of an expression (keys or length), for messages.
pub(super) fn expr_shape(e: &Expr) -> J {
    match e {
        Expr::Object(members) => J::Object(
            members
                .iter()
                .map(|(k, _)| (k.to_string(), J::Null))
                .collect(),
        ),
        Expr::Array(items) => J::Array(vec![J::Null; items.len()]),
        _ => J::Null,
    }
}

/// A value as text for interpolation into a string; `None` for values without one obvious
/// textual form (composites, colours without hex).
pub(super) fn value_as_text(v: &Value) -> Option<String> {
    Some(match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Dimension(d) | Value::FontSize(d) | Value::LetterSpacing(d) => {
            format!("{}{}", d.value, d.unit.as_str())
        }
        Value::Duration(d) => format!("{}{}", d.value, d.unit.as_str()),
        Value::FontWeight(w) => w.weight.to_string(),
        Value::FontFamily(f) => f.join(", "),
        Value::LineHeight(LineHeight::Multiplier(n)) => n.to_string(),
        Value::LineHeight(LineHeight::Length(d)) => format!("{}{}", d.value, d.unit.as_str()),
        Value::Color(c) if c.alpha == 1.0 => c.hex.clone()?,
        Value::Other(J::String(s)) => s.clone(),
        Value::Other(J::Number(n)) => n.to_string(),
        _ => return None,
    })
}
