//! The simple types (colours are in `color.rs`): dimension (and fontSize, letterSpacing, lineHeight),
//! fontFamily, fontWeight, duration, cubicBezier, number, string, boolean and
//! non-standard types.

use super::css;
use super::cx::{found, Cx, R};
use crate::model::{
    Dimension, DimensionUnit, Duration, DurationUnit, Expr, FontWeight, LineHeight, TokenType,
    Value,
};
use std::borrow::Cow;

/// The fontWeight keywords (exact case) and their numbers.
const WEIGHTS: [(&str, f64); 18] = [
    ("thin", 100.0),
    ("hairline", 100.0),
    ("extra-light", 200.0),
    ("ultra-light", 200.0),
    ("light", 300.0),
    ("normal", 400.0),
    ("regular", 400.0),
    ("book", 400.0),
    ("medium", 500.0),
    ("semi-bold", 600.0),
    ("demi-bold", 600.0),
    ("bold", 700.0),
    ("extra-bold", 800.0),
    ("ultra-bold", 800.0),
    ("black", 900.0),
    ("heavy", 900.0),
    ("extra-black", 950.0),
    ("ultra-black", 950.0),
];

/// Nesting allowed inside values of non-standard types.
const MAX_OTHER_DEPTH: usize = 128;

/// `" in `at`"` for messages about a sub-value, empty for the whole value.
pub(super) fn place(at: &str) -> String {
    if at.is_empty() {
        String::new()
    } else {
        format!(" in `{at}`")
    }
}

impl Cx<'_> {
    /// Converts the token's (non-alias) value to a typed value of `ty`.
    pub fn value(&mut self, e: &Expr, ty: &TokenType) -> R<Value> {
        if let Expr::Interpolated(pieces) = e {
            return match ty {
                TokenType::String => self.interpolate(pieces).map(Value::String),
                TokenType::Other(_) => self
                    .interpolate(pieces)
                    .map(|s| Value::Other(serde_json::Value::String(s))),
                _ => self.invalid(
                    format!("a `{ty}` value cannot contain embedded references (D-3 applies to string and non-standard types only)"),
                    "make the whole value one alias, e.g. \"{group.token}\"",
                ),
            };
        }
        Ok(match ty {
            TokenType::Color => Value::Color(self.color(e, "")?),
            TokenType::Dimension => Value::Dimension(self.dimension(e, "")?),
            TokenType::FontSize => Value::FontSize(self.dimension(e, "")?),
            TokenType::LetterSpacing => Value::LetterSpacing(self.dimension(e, "")?),
            TokenType::LineHeight => Value::LineHeight(self.line_height(e, "", false)?),
            TokenType::FontFamily => Value::FontFamily(self.font_family(e, "")?),
            TokenType::FontWeight => Value::FontWeight(self.font_weight(e, "")?),
            TokenType::Duration => Value::Duration(self.duration(e, "")?),
            TokenType::CubicBezier => Value::CubicBezier(self.cubic_bezier(e, "")?),
            TokenType::Number => Value::Number(self.number(e, "", "")?),
            TokenType::StrokeStyle => Value::StrokeStyle(self.stroke_style(e, "")?),
            TokenType::Border => Value::Border(Box::new(self.border(e)?)),
            TokenType::Transition => Value::Transition(self.transition(e)?),
            TokenType::Shadow => self.shadow(e)?,
            TokenType::Gradient => Value::Gradient(self.gradient(e)?),
            TokenType::Typography => Value::Typography(Box::new(self.typography(e)?)),
            TokenType::String => Value::String(self.string(e)?),
            TokenType::Boolean => Value::Boolean(self.boolean(e)?),
            TokenType::Other(_) => Value::Other(self.other(e, 0)?),
        })
    }

    /// Checks that an object has only `allowed` keys.
    pub(super) fn only_keys(
        &mut self,
        members: &[(Box<str>, Expr)],
        allowed: &[&str],
        what: &str,
        at: &str,
    ) -> R<()> {
        let extra: Vec<&str> = members
            .iter()
            .map(|(k, _)| &**k)
            .filter(|k| !allowed.contains(k))
            .collect();
        if extra.is_empty() {
            return Ok(());
        }
        self.invalid(
            format!(
                "invalid {what}{}: unknown propert{} {}",
                place(at),
                if extra.len() == 1 { "y" } else { "ies" },
                extra
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!(
                "a {what} has only {}",
                allowed
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    }

    /// A number at a plain position (references followed); `key` names the member of
    /// `at` it stands in (empty: `at` itself).
    pub fn number(&mut self, e: &Expr, at: &str, key: &str) -> R<f64> {
        let e = self.deref(e, at)?;
        match &*e {
            Expr::Number(n) if n.is_finite() => Ok(*n),
            other => {
                let f = found(other);
                let at = if key.is_empty() {
                    Cow::Borrowed(at)
                } else {
                    join(at, key)
                };
                self.invalid(
                    format!(
                        "invalid number{}: expected a JSON number, found {f}",
                        place(&at)
                    ),
                    "write a plain number such as 1.5",
                )
            }
        }
    }

    /// A string value.
    pub fn string(&mut self, e: &Expr) -> R<String> {
        let e = self.deref(e, "")?;
        match &*e {
            Expr::String(s) => Ok(s.to_string()),
            other => {
                let f = found(other);
                self.invalid(
                    format!("invalid string: expected a JSON string, found {f}"),
                    "write the value in quotes",
                )
            }
        }
    }

    /// A boolean; tolerant: `"true"`/`"false"` strings from Tokencraft rows.
    pub fn boolean(&mut self, e: &Expr) -> R<bool> {
        let e = self.deref(e, "")?;
        match &*e {
            Expr::Bool(b) => Ok(*b),
            Expr::String(s) if &**s == "true" || &**s == "false" => {
                self.legacy(
                    "Tokencraft row form",
                    format!("the boolean written as the string {s:?}"),
                    "write true or false without quotes".to_owned(),
                )?;
                Ok(&**s == "true")
            }
            other => {
                let f = found(other);
                self.invalid(
                    format!("invalid boolean: expected true or false, found {f}"),
                    "write true or false",
                )
            }
        }
    }

    /// A non-standard value: kept as JSON, with references replaced by their targets'
    /// DTCG values.
    fn other(&mut self, e: &Expr, depth: usize) -> R<serde_json::Value> {
        use serde_json::Value as J;
        if depth > MAX_OTHER_DEPTH {
            return self.invalid(
                format!("the value is nested more than {MAX_OTHER_DEPTH} levels deep"),
                "flatten the value",
            );
        }
        Ok(match e {
            Expr::Null => J::Null,
            Expr::Bool(b) => J::Bool(*b),
            Expr::Number(n) => super::dtcg::num(*n),
            Expr::String(s) => J::String(s.to_string()),
            Expr::Array(items) => J::Array(
                items
                    .iter()
                    .map(|x| self.other(x, depth + 1))
                    .collect::<R<Vec<_>>>()?,
            ),
            Expr::Object(members) => J::Object(
                members
                    .iter()
                    .map(|(k, v)| Ok((k.to_string(), self.other(v, depth + 1)?)))
                    .collect::<R<serde_json::Map<_, _>>>()?,
            ),
            Expr::Ref(_) => {
                let d = self.deref(e, "")?;
                self.other(&d, depth + 1)?
            }
            Expr::Interpolated(p) => J::String(self.interpolate(p)?),
        })
    }

    /// A dimension `{value, unit}`; tolerant: `"16px"`, bare `0` (D-6), other units (D-7).
    pub fn dimension(&mut self, e: &Expr, at: &str) -> R<Dimension> {
        let e = self.deref(e, at)?;
        let fix = "write {\"value\": <number>, \"unit\": \"px\"} (or \"rem\")";
        match &*e {
            Expr::Object(members) => {
                let ([v, u], extra) = pick(members, ["value", "unit"]);
                if extra {
                    self.only_keys(members, &["value", "unit"], "dimension", at)?;
                }
                let (Some(v), Some(u)) = (v, u) else {
                    let missing = if v.is_none() { "value" } else { "unit" };
                    return self.invalid(
                        format!("invalid dimension{}: `{missing}` is missing (both `value` and `unit` are required, even for 0)", place(at)),
                        fix,
                    );
                };
                let value = self.number(v, at, "value")?;
                let u = self.deref(u, at)?;
                let Expr::String(unit) = &*u else {
                    let f = found(&u);
                    return self.invalid(
                        format!(
                            "invalid dimension{}: `unit` must be \"px\" or \"rem\", found {f}",
                            place(at)
                        ),
                        fix,
                    );
                };
                self.dimension_unit(value, unit, at)
            }
            Expr::String(s) => match css::number_unit(s) {
                Some((0.0, "")) => {
                    self.legacy(
                        "D-6",
                        format!("the dimension {s:?}{}", place(at)),
                        fix.to_owned(),
                    )?;
                    Ok(Dimension {
                        value: 0.0,
                        unit: DimensionUnit::Px,
                    })
                }
                Some((value, unit)) if !unit.is_empty() => {
                    self.legacy(
                        "D-6",
                        format!("the dimension string {s:?}{}", place(at)),
                        fix.to_owned(),
                    )?;
                    self.dimension_unit(value, unit, at)
                }
                _ => self.invalid(
                    format!(
                        "invalid dimension{}: {s:?} is not a number with a unit",
                        place(at)
                    ),
                    fix,
                ),
            },
            Expr::Number(n) if *n == 0.0 => {
                self.legacy(
                    "D-6",
                    format!("the bare number 0 as a dimension{}", place(at)),
                    fix.to_owned(),
                )?;
                Ok(Dimension {
                    value: 0.0,
                    unit: DimensionUnit::Px,
                })
            }
            other => {
                let f = found(other);
                self.invalid(
                    format!("invalid dimension{}: expected an object {{\"value\", \"unit\"}}, found {f}", place(at)),
                    fix,
                )
            }
        }
    }

    /// Units other than `px`/`rem` that tolerant reading keeps (D-7): CSS Values 4 lengths
    /// and percentages, and Android's `dp`/`sp`. Anything else cannot be written by any
    /// emitter and is an error.
    fn dimension_unit(&mut self, value: f64, unit: &str, at: &str) -> R<Dimension> {
        let unit = match unit {
            "px" => DimensionUnit::Px,
            "rem" => DimensionUnit::Rem,
            "" if value == 0.0 => {
                self.legacy(
                    "D-7",
                    format!("the empty unit of a zero dimension{}", place(at)),
                    "write \"unit\": \"px\"".to_owned(),
                )?;
                DimensionUnit::Px
            }
            "" => {
                return self.invalid(
                    format!("invalid dimension{}: the unit is empty", place(at)),
                    "use \"px\" or \"rem\"",
                )
            }
            other if !KNOWN_EXTRA_UNITS.contains(&other) => {
                return self.invalid(
                    format!("invalid dimension{}: `{other}` is not a CSS length unit or a platform unit", place(at)),
                    "use \"px\" or \"rem\" (tolerated too: CSS units such as \"em\", \"vw\", \"%\", and \"dp\"/\"sp\")",
                )
            }
            other => {
                self.legacy(
                    "D-7",
                    format!("the unit `{other}`{}", place(at)),
                    "DTCG dimensions use \"px\" or \"rem\"; platform emitters may not map other units".to_owned(),
                )?;
                DimensionUnit::Other(other.into())
            }
        };
        Ok(Dimension { value, unit })
    }

    /// A duration `{value, unit}`; tolerant: `"150ms"`, `"0.2s"`, bare `0` (D-6).
    pub fn duration(&mut self, e: &Expr, at: &str) -> R<Duration> {
        let e = self.deref(e, at)?;
        let fix = "write {\"value\": <number>, \"unit\": \"ms\"} (or \"s\")";
        let unit_of = |u: &str| match u {
            "ms" => Some(DurationUnit::Ms),
            "s" => Some(DurationUnit::S),
            _ => None,
        };
        match &*e {
            Expr::Object(members) => {
                let ([v, u], extra) = pick(members, ["value", "unit"]);
                if extra {
                    self.only_keys(members, &["value", "unit"], "duration", at)?;
                }
                let (Some(v), Some(u)) = (v, u) else {
                    let missing = if v.is_none() { "value" } else { "unit" };
                    return self.invalid(
                        format!("invalid duration{}: `{missing}` is missing", place(at)),
                        fix,
                    );
                };
                let value = self.number(v, at, "value")?;
                let u = self.deref(u, at)?;
                match &*u {
                    Expr::String(s) if unit_of(s).is_some() => Ok(Duration {
                        value,
                        unit: unit_of(s).unwrap_or(DurationUnit::Ms),
                    }),
                    other => {
                        let f = found(other);
                        self.invalid(
                            format!(
                                "invalid duration{}: `unit` must be \"ms\" or \"s\", found {f}",
                                place(at)
                            ),
                            fix,
                        )
                    }
                }
            }
            Expr::String(s) => match css::number_unit(s) {
                Some((value, u)) if unit_of(u).is_some() || (value == 0.0 && u.is_empty()) => {
                    self.legacy(
                        "D-6",
                        format!("the duration string {s:?}{}", place(at)),
                        fix.to_owned(),
                    )?;
                    Ok(Duration {
                        value,
                        unit: unit_of(u).unwrap_or(DurationUnit::Ms),
                    })
                }
                _ => self.invalid(
                    format!(
                        "invalid duration{}: {s:?} is not a number with the unit ms or s",
                        place(at)
                    ),
                    fix,
                ),
            },
            Expr::Number(n) if *n == 0.0 => {
                self.legacy(
                    "D-6",
                    format!("the bare number 0 as a duration{}", place(at)),
                    fix.to_owned(),
                )?;
                Ok(Duration {
                    value: 0.0,
                    unit: DurationUnit::Ms,
                })
            }
            other => {
                let f = found(other);
                self.invalid(
                    format!(
                        "invalid duration{}: expected an object {{\"value\", \"unit\"}}, found {f}",
                        place(at)
                    ),
                    fix,
                )
            }
        }
    }

    /// A line height: a number (multiplier) or a length. `typography` marks the DTCG
    /// typography member, where a length is the tolerant D-10 form.
    pub fn line_height(&mut self, e: &Expr, at: &str, typography: bool) -> R<LineHeight> {
        let d = self.deref(e, at)?;
        if let Expr::Number(n) = &*d {
            if n.is_finite() {
                return Ok(LineHeight::Multiplier(*n));
            }
        }
        if typography {
            self.legacy(
                "D-10",
                format!("a length as line height{}", place(at)),
                "DTCG typography lineHeight is a number (a multiple of fontSize)".to_owned(),
            )?;
        }
        Ok(LineHeight::Length(self.dimension(&d, at)?))
    }

    /// A font family: a name or a non-empty array of names; tolerant: a CSS stack in one
    /// string (D-11) is split.
    pub fn font_family(&mut self, e: &Expr, at: &str) -> R<Vec<String>> {
        let e = self.deref(e, at)?;
        match &*e {
            Expr::String(s) if css::has_top_level_comma(s) => {
                self.legacy(
                    "D-11",
                    format!("the font stack {s:?} in one string{}", place(at)),
                    "write an array of names, e.g. [\"Inter\", \"sans-serif\"]".to_owned(),
                )?;
                let parts = css::split_font_stack(s);
                if parts.is_empty() {
                    return self.invalid(
                        format!("invalid fontFamily{}: no font names in {s:?}", place(at)),
                        "name at least one font",
                    );
                }
                Ok(parts)
            }
            Expr::String(s) if !s.trim().is_empty() => Ok(vec![s.to_string()]),
            Expr::Array(items) if !items.is_empty() => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let item = self.deref(item, at)?;
                    match &*item {
                        Expr::String(s) => out.push(s.to_string()),
                        other => {
                            let f = found(other);
                            return self.invalid(
                                format!(
                                    "invalid fontFamily{}: item {i} must be a font name, found {f}",
                                    place(at)
                                ),
                                "every item of a fontFamily array is a string",
                            );
                        }
                    }
                }
                Ok(out)
            }
            other => {
                let f = found(other);
                self.invalid(
                    format!("invalid fontFamily{}: expected a font name or a non-empty array of names, found {f}", place(at)),
                    "write \"Inter\" or [\"Inter\", \"sans-serif\"]",
                )
            }
        }
    }

    /// A font weight: a number in [1, 1000] or one of the 18 keywords (exact case).
    pub fn font_weight(&mut self, e: &Expr, at: &str) -> R<FontWeight> {
        let e = self.deref(e, at)?;
        let fix = "use a number from 1 to 1000 or a keyword such as \"bold\"";
        match &*e {
            Expr::Number(n) if (1.0..=1000.0).contains(n) => Ok(FontWeight {
                weight: *n,
                keyword: None,
            }),
            Expr::Number(n) => self.invalid(
                format!("invalid fontWeight{}: {n} is outside [1, 1000]", place(at)),
                fix,
            ),
            Expr::String(s) => {
                if let Some((k, w)) = WEIGHTS.iter().find(|(k, _)| *k == &**s) {
                    return Ok(FontWeight {
                        weight: *w,
                        keyword: Some(k),
                    });
                }
                if let Ok(n) = s.trim().parse::<f64>() {
                    if (1.0..=1000.0).contains(&n) {
                        self.legacy(
                            "Tokencraft row form",
                            format!("the font weight written as the string {s:?}"),
                            "write the weight as a number".to_owned(),
                        )?;
                        return Ok(FontWeight {
                            weight: n,
                            keyword: None,
                        });
                    }
                }
                let hint = match WEIGHTS.iter().find(|(k, _)| k.eq_ignore_ascii_case(s)) {
                    Some((k, _)) => format!("keywords are case-sensitive: write \"{k}\""),
                    None => fix.to_owned(),
                };
                self.invalid(
                    format!("invalid fontWeight{}: unknown keyword {s:?}", place(at)),
                    hint,
                )
            }
            other => {
                let f = found(other);
                self.invalid(format!("invalid fontWeight{}: found {f}", place(at)), fix)
            }
        }
    }

    /// A cubic Bézier: exactly four numbers, x coordinates in [0, 1].
    pub fn cubic_bezier(&mut self, e: &Expr, at: &str) -> R<[f64; 4]> {
        let e = self.deref(e, at)?;
        let fix = "write four numbers [x1, y1, x2, y2] with x1 and x2 in [0, 1]";
        let Expr::Array(items) = &*e else {
            let f = found(&e);
            return self.invalid(
                format!(
                    "invalid cubicBezier{}: expected an array of 4 numbers, found {f}",
                    place(at)
                ),
                fix,
            );
        };
        if items.len() != 4 {
            return self.invalid(
                format!(
                    "invalid cubicBezier{}: expected 4 numbers, found {}",
                    place(at),
                    items.len()
                ),
                fix,
            );
        }
        let mut out = [0.0; 4];
        for (i, item) in items.iter().enumerate() {
            out[i] = self.number(item, at, "")?;
        }
        for i in [0, 2] {
            if !(0.0..=1.0).contains(&out[i]) {
                return self.invalid(
                    format!(
                        "invalid cubicBezier{}: x{} = {} is outside [0, 1]",
                        place(at),
                        i / 2 + 1,
                        out[i]
                    ),
                    fix,
                );
            }
        }
        Ok(out)
    }
}

/// One pass over an object's members: the first value of each of `keys`, and whether
/// the object has other keys.
pub(super) fn pick<'m, const N: usize>(
    members: &'m [(Box<str>, Expr)],
    keys: [&str; N],
) -> ([Option<&'m Expr>; N], bool) {
    let mut out = [None; N];
    let mut extra = false;
    for (k, v) in members {
        match keys.iter().position(|x| x.len() == k.len() && *x == &**k) {
            Some(i) => {
                if let Some(slot) = out.get_mut(i) {
                    if slot.is_none() {
                        *slot = Some(v);
                    }
                }
            }
            None => extra = true,
        }
    }
    (out, extra)
}

/// `at.key` (or `key` at the top, without allocating).
pub(super) fn join<'k>(at: &str, key: &'k str) -> Cow<'k, str> {
    if at.is_empty() {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(format!("{at}.{key}"))
    }
}

/// CSS Values 4 length units (besides `px` and `rem`), `%`, and Android's `dp` and `sp`:
/// the non-standard units tolerant reading keeps as written (D-7).
const KNOWN_EXTRA_UNITS: &[&str] = &[
    "%", "em", "ex", "ch", "cap", "ic", "lh", "rlh", "rex", "rch", "ric", "rcap", "vw", "vh", "vi",
    "vb", "vmin", "vmax", "svw", "svh", "svi", "svb", "svmin", "svmax", "lvw", "lvh", "lvi", "lvb",
    "lvmin", "lvmax", "dvw", "dvh", "dvi", "dvb", "dvmin", "dvmax", "cqw", "cqh", "cqi", "cqb",
    "cqmin", "cqmax", "cm", "mm", "Q", "q", "in", "pt", "pc", "dp", "sp",
];
