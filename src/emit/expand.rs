//! Composites expanded into simple leaves for the platform formats (one constant per
//! sub-value: `borderDefaultWidth`, `shadowCard1Color`, …).

use crate::model::*;

/// One simple sub-value of an expanded composite: name suffix words, the value, and the
/// token it was referenced from.
pub struct Leaf {
    pub suffix: Vec<String>,
    pub value: Value,
    pub reference: Option<TokenId>,
}

fn leaf<T: Clone>(suffix: &[&str], s: &Sub<T>, wrap: impl Fn(T) -> Value) -> Leaf {
    Leaf {
        suffix: suffix.iter().map(|s| s.to_string()).collect(),
        value: wrap(s.value.clone()),
        reference: s.reference,
    }
}

/// Expands a composite into simple leaves (a simple value is one leaf with no suffix).
pub fn expand(v: &Value) -> Vec<Leaf> {
    let mut out = Vec::new();
    match v {
        Value::Border(b) => {
            out.push(leaf(&["width"], &b.width, Value::Dimension));
            out.push(leaf(&["style"], &b.style, Value::StrokeStyle));
            out.push(leaf(&["color"], &b.color, Value::Color));
        }
        Value::Transition(t) => {
            out.push(leaf(&["duration"], &t.duration, Value::Duration));
            out.push(leaf(&["delay"], &t.delay, Value::Duration));
            out.push(leaf(
                &["timing", "function"],
                &t.timing_function,
                Value::CubicBezier,
            ));
        }
        Value::Shadow { layers, .. } => {
            let many = layers.len() > 1;
            for (i, l) in layers.iter().enumerate() {
                let n = (i + 1).to_string();
                let p = |w: &'static str| -> Vec<&str> {
                    if many {
                        vec![n.as_str(), w]
                    } else {
                        vec![w]
                    }
                };
                let v = &l.value;
                out.push(leaf(&p("offsetX"), &v.offset_x, Value::Dimension));
                out.push(leaf(&p("offsetY"), &v.offset_y, Value::Dimension));
                out.push(leaf(&p("blur"), &v.blur, Value::Dimension));
                out.push(leaf(&p("spread"), &v.spread, Value::Dimension));
                out.push(leaf(&p("color"), &v.color, Value::Color));
                out.push(leaf(&p("inset"), &Sub::lit(v.inset), Value::Boolean));
            }
        }
        Value::Gradient(stops) => {
            for (i, s) in stops.iter().enumerate() {
                let n = (i + 1).to_string();
                out.push(leaf(&[&n, "color"], &s.value.color, Value::Color));
                out.push(leaf(&[&n, "position"], &s.value.position, Value::Number));
            }
        }
        Value::Typography(t) => {
            if let Some(f) = &t.font_family {
                out.push(leaf(&["fontFamily"], f, Value::FontFamily));
            }
            if let Some(s) = &t.font_size {
                out.push(leaf(&["fontSize"], s, Value::FontSize));
            }
            if let Some(w) = &t.font_weight {
                out.push(leaf(&["fontWeight"], w, Value::FontWeight));
            }
            if let Some(l) = &t.letter_spacing {
                out.push(leaf(&["letterSpacing"], l, Value::LetterSpacing));
            }
            if let Some(l) = &t.line_height {
                out.push(leaf(&["lineHeight"], l, Value::LineHeight));
            }
        }
        simple => out.push(Leaf {
            suffix: Vec::new(),
            value: simple.clone(),
            reference: None,
        }),
    }
    out
}
