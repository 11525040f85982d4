//! The object composites: strokeStyle, border, transition, typography (shadow and gradient
//! are in `arrays.rs`).
//!
//! Each sub-value is a literal of its type or a reference to a token of that type; a
//! referenced sub-value keeps the token in [`Sub::reference`].

use super::cx::{found, Cx, R};
use super::simple::{join, pick, place};
use crate::model::{
    Border, Color, Dimension, Duration, Expr, FontWeight, LineCap, LineHeight, StrokeKeyword,
    StrokeStyle, Sub, TokenType, Transition, Typography, Value,
};
use std::borrow::Cow;

type Members = [(Box<str>, Expr)];

pub(super) fn get<'m>(members: &'m Members, key: &str) -> Option<&'m Expr> {
    members.iter().find(|(k, _)| &**k == key).map(|(_, v)| v)
}

fn as_color(v: Value) -> Option<Color> {
    match v {
        Value::Color(c) => Some(c),
        _ => None,
    }
}

fn as_dimension(v: Value) -> Option<Dimension> {
    match v {
        Value::Dimension(d) | Value::FontSize(d) | Value::LetterSpacing(d) => Some(d),
        _ => None,
    }
}

fn as_duration(v: Value) -> Option<Duration> {
    match v {
        Value::Duration(d) => Some(d),
        _ => None,
    }
}

fn as_stroke(v: Value) -> Option<StrokeStyle> {
    match v {
        Value::StrokeStyle(s) => Some(s),
        _ => None,
    }
}

fn as_bezier(v: Value) -> Option<[f64; 4]> {
    match v {
        Value::CubicBezier(b) => Some(b),
        _ => None,
    }
}

pub(super) fn as_number(v: Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(n),
        _ => None,
    }
}

fn as_family(v: Value) -> Option<Vec<String>> {
    match v {
        Value::FontFamily(f) => Some(f),
        _ => None,
    }
}

fn as_weight(v: Value) -> Option<FontWeight> {
    match v {
        Value::FontWeight(w) => Some(w),
        _ => None,
    }
}

impl Cx<'_> {
    /// A sub-value: a reference to a token of `expected` type, or a literal.
    pub(super) fn sub<T>(
        &mut self,
        e: &Expr,
        expected: TokenType,
        at: &str,
        extract: fn(Value) -> Option<T>,
        literal: impl FnOnce(&mut Self, &Expr, &str) -> R<T>,
    ) -> R<Sub<T>> {
        if let Some((v, t)) = self.token_ref(e, &expected, at)? {
            return match extract(v) {
                Some(value) => Ok(Sub {
                    value,
                    reference: Some(t),
                }),
                None => self.invalid(
                    format!("`{at}`: the referenced token's value is not a `{expected}`"),
                    format!("reference a `{expected}` token"),
                ),
            };
        }
        literal(self, e, at).map(Sub::lit)
    }

    /// The members of an object-shaped value (references followed).
    pub(super) fn object<'e>(
        &mut self,
        e: &'e Expr,
        what: &str,
        at: &str,
        fix: &str,
    ) -> R<Cow<'e, Expr>> {
        let d = self.deref(e, at)?;
        if matches!(&*d, Expr::Object(_)) {
            return Ok(d);
        }
        let f = found(&d);
        self.invalid(
            format!("invalid {what}{}: expected an object, found {f}", place(at)),
            fix,
        )
    }

    /// Required members, all reported together when missing.
    pub(super) fn require(
        &mut self,
        members: &Members,
        keys: &[&str],
        what: &str,
        at: &str,
    ) -> R<()> {
        let missing: Vec<String> = keys
            .iter()
            .filter(|k| get(members, k).is_none())
            .map(|k| format!("`{k}`"))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        self.invalid(
            format!(
                "invalid {what}{}: missing {}",
                place(at),
                missing.join(", ")
            ),
            format!(
                "a {what} needs {}",
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    }

    pub(super) fn color_sub(&mut self, e: &Expr, at: &str) -> R<Sub<Color>> {
        self.sub(e, TokenType::Color, at, as_color, |cx, e, at| {
            cx.color(e, at)
        })
    }

    pub(super) fn dimension_sub(&mut self, e: &Expr, at: &str) -> R<Sub<Dimension>> {
        self.sub(e, TokenType::Dimension, at, as_dimension, |cx, e, at| {
            cx.dimension(e, at)
        })
    }

    fn duration_sub(&mut self, e: &Expr, at: &str) -> R<Sub<Duration>> {
        self.sub(e, TokenType::Duration, at, as_duration, |cx, e, at| {
            cx.duration(e, at)
        })
    }

    /// A strokeStyle: a keyword or `{dashArray, lineCap}`.
    pub fn stroke_style(&mut self, e: &Expr, at: &str) -> R<StrokeStyle> {
        let e = self.deref(e, at)?;
        let keywords = "solid, dashed, dotted, double, groove, ridge, outset, inset";
        match &*e {
            Expr::String(s) => match StrokeKeyword::parse(s) {
                Some(k) => Ok(StrokeStyle::Keyword(k)),
                None => self.invalid(
                    format!("invalid strokeStyle{}: unknown keyword {s:?}", place(at)),
                    format!("use one of {keywords}, or an object {{\"dashArray\", \"lineCap\"}}"),
                ),
            },
            Expr::Object(members) => {
                self.only_keys(members, &["dashArray", "lineCap"], "strokeStyle", at)?;
                self.require(members, &["dashArray", "lineCap"], "strokeStyle", at)?;
                let dash_at = join(at, "dashArray");
                let dashes = match get(members, "dashArray") {
                    Some(d) => self.deref(d, &dash_at)?,
                    None => {
                        return self.invalid(
                            format!("invalid strokeStyle{}: missing `dashArray`", place(at)),
                            "add \"dashArray\"",
                        )
                    }
                };
                let items = match &*dashes {
                    Expr::Array(items) if !items.is_empty() => items,
                    other => {
                        let f = found(other);
                        return self.invalid(
                            format!("invalid strokeStyle{}: `dashArray` must be a non-empty array of dimensions, found {f}", place(at)),
                            "write e.g. [{\"value\": 4, \"unit\": \"px\"}, {\"value\": 2, \"unit\": \"px\"}]",
                        );
                    }
                };
                let mut dash_array = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    dash_array.push(self.dimension_sub(item, &format!("{dash_at}[{i}]"))?);
                }
                let cap_at = join(at, "lineCap");
                let cap = match get(members, "lineCap") {
                    Some(c) => self.deref(c, &cap_at)?,
                    None => {
                        return self.invalid(
                            format!("invalid strokeStyle{}: missing `lineCap`", place(at)),
                            "add \"lineCap\"",
                        )
                    }
                };
                let line_cap = match &*cap {
                    Expr::String(s) if &**s == "round" => LineCap::Round,
                    Expr::String(s) if &**s == "butt" => LineCap::Butt,
                    Expr::String(s) if &**s == "square" => LineCap::Square,
                    other => {
                        let f = found(other);
                        return self.invalid(
                            format!("invalid strokeStyle{}: `lineCap` must be \"round\", \"butt\" or \"square\", found {f}", place(at)),
                            "use round, butt or square",
                        );
                    }
                };
                Ok(StrokeStyle::Dashed {
                    dash_array,
                    line_cap,
                })
            }
            other => {
                let f = found(other);
                self.invalid(
                    format!(
                        "invalid strokeStyle{}: expected a keyword or an object, found {f}",
                        place(at)
                    ),
                    format!("use one of {keywords}"),
                )
            }
        }
    }

    /// A border: `color`, `width`, `style`, each a literal or a reference.
    pub fn border(&mut self, e: &Expr) -> R<Border> {
        let fix = "write {\"color\": …, \"width\": …, \"style\": …}";
        let obj = self.object(e, "border", "", fix)?;
        let Expr::Object(members) = &*obj else {
            return self.invalid("invalid border: expected an object".to_owned(), fix);
        };
        self.only_keys(members, &["color", "width", "style"], "border", "")?;
        self.require(members, &["color", "width", "style"], "border", "")?;
        let (Some(c), Some(w), Some(s)) = (
            get(members, "color"),
            get(members, "width"),
            get(members, "style"),
        ) else {
            return Err(super::cx::Fail);
        };
        let color = self.color_sub(c, "color");
        let width = self.dimension_sub(w, "width");
        let style = self.sub(
            s,
            TokenType::StrokeStyle,
            "style",
            as_stroke,
            |cx, e, at| cx.stroke_style(e, at),
        );
        Ok(Border {
            color: color?,
            width: width?,
            style: style?,
        })
    }

    /// A transition: `duration`, `delay`, `timingFunction`, each a literal or a reference.
    pub fn transition(&mut self, e: &Expr) -> R<Transition> {
        let fix = "write {\"duration\": …, \"delay\": …, \"timingFunction\": …}";
        let obj = self.object(e, "transition", "", fix)?;
        let Expr::Object(members) = &*obj else {
            return self.invalid("invalid transition: expected an object".to_owned(), fix);
        };
        let keys = ["duration", "delay", "timingFunction"];
        let ([d, l, t], extra) = pick(members, keys);
        if extra {
            self.only_keys(members, &keys, "transition", "")?;
        }
        let (Some(d), Some(t)) = (d, t) else {
            self.require(members, &keys, "transition", "")?;
            return Err(super::cx::Fail);
        };
        let duration = self.duration_sub(d, "duration");
        let delay = match l {
            Some(l) => self.duration_sub(l, "delay"),
            None => self
                .legacy(
                    "missing member, as D-10",
                    "a transition without `delay` (taken as 0ms)".to_owned(),
                    "add \"delay\": {\"value\": 0, \"unit\": \"ms\"}".to_owned(),
                )
                .map(|()| {
                    Sub::lit(Duration {
                        value: 0.0,
                        unit: crate::model::DurationUnit::Ms,
                    })
                }),
        };
        let timing = self.sub(
            t,
            TokenType::CubicBezier,
            "timingFunction",
            as_bezier,
            |cx, e, at| cx.cubic_bezier(e, at),
        );
        Ok(Transition {
            duration: duration?,
            delay: delay?,
            timing_function: timing?,
        })
    }

    /// A typography value; tolerant (D-10): missing members, unknown members (dropped) and
    /// a length as line height, each with a warning.
    pub fn typography(&mut self, e: &Expr) -> R<Typography> {
        let keys = [
            "fontFamily",
            "fontSize",
            "fontWeight",
            "letterSpacing",
            "lineHeight",
        ];
        let fix =
            "a typography value has fontFamily, fontSize, fontWeight, letterSpacing and lineHeight";
        let obj = self.object(e, "typography", "", fix)?;
        let Expr::Object(members) = &*obj else {
            return self.invalid("invalid typography: expected an object".to_owned(), fix);
        };
        let ([family_e, size_e, weight_e, spacing_e, line_e], has_extra) = pick(members, keys);
        if has_extra {
            let extra: Vec<String> = members
                .iter()
                .filter(|(k, _)| !keys.contains(&&**k))
                .map(|(k, _)| format!("`{k}`"))
                .collect();
            self.legacy(
                "D-10",
                format!(
                    "typography with the unknown propert{} {} (dropped from the typed value)",
                    if extra.len() == 1 { "y" } else { "ies" },
                    extra.join(", ")
                ),
                fix.to_owned(),
            )?;
        }
        let slots = [family_e, size_e, weight_e, spacing_e, line_e];
        if slots.iter().any(Option::is_none) {
            let missing: Vec<String> = keys
                .iter()
                .zip(slots)
                .filter(|(_, v)| v.is_none())
                .map(|(k, _)| format!("`{k}`"))
                .collect();
            self.legacy(
                "D-10",
                format!("typography without {}", missing.join(", ")),
                fix.to_owned(),
            )?;
        }
        let family = family_e.map(|x| {
            self.sub(
                x,
                TokenType::FontFamily,
                "fontFamily",
                as_family,
                |cx, e, at| cx.font_family(e, at),
            )
        });
        let size = size_e.map(|x| self.dimension_sub(x, "fontSize"));
        let weight = weight_e.map(|x| {
            self.sub(
                x,
                TokenType::FontWeight,
                "fontWeight",
                as_weight,
                |cx, e, at| cx.font_weight(e, at),
            )
        });
        let spacing = spacing_e.map(|x| self.dimension_sub(x, "letterSpacing"));
        let line = line_e.map(|x| self.typography_line_height(x));
        Ok(Typography {
            font_family: family.transpose()?,
            font_size: size.transpose()?,
            font_weight: weight.transpose()?,
            letter_spacing: spacing.transpose()?,
            line_height: line.transpose()?,
        })
    }

    fn typography_line_height(&mut self, e: &Expr) -> R<Sub<LineHeight>> {
        if let Some((v, t)) = self.token_ref(e, &TokenType::LineHeight, "lineHeight")? {
            let value = match v {
                Value::LineHeight(LineHeight::Length(d)) => {
                    self.legacy(
                        "D-10",
                        "a length as typography line height".to_owned(),
                        "DTCG typography lineHeight is a number (a multiple of fontSize)"
                            .to_owned(),
                    )?;
                    LineHeight::Length(d)
                }
                Value::LineHeight(l) => l,
                _ => {
                    return self.invalid(
                        "`lineHeight`: the referenced value is not a line height".to_owned(),
                        "reference a number token",
                    )
                }
            };
            return Ok(Sub {
                value,
                reference: Some(t),
            });
        }
        self.line_height(e, "lineHeight", true).map(Sub::lit)
    }
}
