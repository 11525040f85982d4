//! Value transforms per platform, decided in one place.
//!
//! CSS-like dialects (CSS, SCSS, JS) write a composite as its CSS shorthand; platform
//! dialects (Swift, SwiftUI, Kotlin, Dart, Android) write simple values as native
//! literals and expand composites into their sub-values (`expand`), one constant each.

use super::color_out;
use super::options::{ColorFormat, DimensionOut, DurationOut, EmitOptions};
use super::writer;
use crate::model::*;

/// A target language's value syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// CSS custom property values.
    Css,
    /// SCSS variable values.
    Scss,
    /// UIKit (`UIColor`, `CGFloat`), as Tokencraft's Swift export.
    Swift,
    /// SwiftUI (`Color`, `CGFloat`, `Font.Weight`).
    SwiftUi,
    /// Jetpack Compose (`Color`, `.dp`, `.sp`).
    Kotlin,
    /// Flutter (`Color`, `double`).
    Dart,
    /// Android XML resource text.
    Android,
}

impl Dialect {
    /// Parses the names used in template `format.json` files.
    pub fn parse(s: &str) -> Option<Dialect> {
        Some(match s {
            "css" => Dialect::Css,
            "scss" => Dialect::Scss,
            "swift" => Dialect::Swift,
            "swiftui" => Dialect::SwiftUi,
            "kotlin" => Dialect::Kotlin,
            "dart" => Dialect::Dart,
            "android" => Dialect::Android,
            _ => return None,
        })
    }

    /// True when composites are written as one shorthand value.
    pub fn shorthand(self) -> bool {
        matches!(self, Dialect::Css | Dialect::Scss)
    }
}

/// A number: integers without a fraction, others with up to six decimals, never NaN/inf.
pub fn num(x: f64) -> String {
    let mut s = String::new();
    num_into(&mut s, x);
    s
}

/// Appends a number as [`num`] writes it, without an intermediate string.
pub fn num_into(out: &mut String, x: f64) {
    use std::fmt::Write as _;
    if !x.is_finite() {
        out.push('0');
        return;
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        int_into(out, x as i64);
        return;
    }
    if x.abs() < 1e15 {
        let micros = (x * 1e6).round();
        if micros_into(out, micros) {
            return;
        }
        let r = micros / 1e6;
        let r = if r == 0.0 { 0.0 } else { r };
        let _ = write!(out, "{r}");
        return;
    }
    let _ = write!(out, "{x}");
}

/// Appends `micros / 10⁶` as `format!("{}", micros / 1e6)` writes it (the shortest text that
/// reads back as that `f64`, no exponent, `-0` as `0`), digit by digit instead of through
/// the float formatter; false (nothing written) outside the range where that holds.
///
/// Why the texts agree: for |micros| < 2·10¹⁵ the value is below 2³¹, where one step
/// between neighbouring `f64`s is under 10⁻⁶, so the decimal `micros / 10⁶` (at most six
/// decimals) is the only decimal with six or fewer decimals that reads back as the
/// quotient — the shortest one. `micros_text_equals_the_float_formatter` checks it.
fn micros_into(out: &mut String, micros: f64) -> bool {
    if micros.is_nan() || micros.abs() >= 2e15 || micros.fract() != 0.0 {
        return false;
    }
    let n = micros as i64;
    let a = n.unsigned_abs();
    let (int, frac) = (a / 1_000_000, a % 1_000_000);
    if n < 0 {
        out.push('-');
    }
    int_into(out, int as i64);
    if frac != 0 {
        let mut digits = [b'0'; 6];
        let mut f = frac;
        for d in digits.iter_mut().rev() {
            *d = b'0' + (f % 10) as u8;
            f /= 10;
        }
        let len = digits.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
        out.push('.');
        // Only ASCII digits were written, so this never falls back.
        out.push_str(std::str::from_utf8(digits.get(..len).unwrap_or(&[])).unwrap_or(""));
    }
    true
}

/// Appends the decimal digits of an integer (no formatting machinery).
pub(crate) fn int_into(out: &mut String, v: i64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut n = v.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        out.push('-');
    }
    // Only ASCII digits were written, so this never falls back.
    out.push_str(std::str::from_utf8(&buf[at..]).unwrap_or("0"));
}

/// A number followed by a unit, in one allocation.
fn with_unit(x: f64, unit: &str) -> String {
    let mut s = num(x);
    s.push_str(unit);
    s
}

/// A number that always has a decimal point (`16.0`), for float literals.
pub fn float(x: f64) -> String {
    let s = num(x);
    if s.contains('.') {
        s
    } else {
        s + ".0"
    }
}

/// Renders the token a reference points to, or `None` to write the value instead (the
/// same callback the DTCG writer takes).
pub type RefFn<'r> = crate::resolve::RefText<'r>;

/// Writes resolved values for one dialect with one set of options.
pub struct Render<'a> {
    pub dialect: Dialect,
    pub options: &'a EmitOptions,
}

impl Render<'_> {
    fn px(&self, d: &Dimension) -> f64 {
        match d.unit {
            DimensionUnit::Rem => d.value * self.options.rem_base,
            _ => d.value,
        }
    }

    /// A dimension with its unit in CSS (converted per [`EmitOptions::dimensions`]).
    pub fn css_dimension(&self, d: &Dimension) -> String {
        let base = if self.options.rem_base > 0.0 {
            self.options.rem_base
        } else {
            16.0
        };
        match (&d.unit, self.options.dimensions) {
            (DimensionUnit::Rem, DimensionOut::Px) => with_unit(d.value * base, "px"),
            (DimensionUnit::Px, DimensionOut::Rem) => with_unit(d.value / base, "rem"),
            (unit, _) => with_unit(d.value, &unit_text(unit)),
        }
    }

    /// A duration with its unit in CSS (converted per [`EmitOptions::durations`]).
    pub fn css_duration(&self, d: &Duration) -> String {
        match self.options.durations {
            DurationOut::Ms => with_unit(d.as_ms(), "ms"),
            DurationOut::S => with_unit(d.as_ms() / 1000.0, "s"),
            DurationOut::AsWritten => with_unit(d.value, d.unit.as_str()),
        }
    }

    fn css_color(&self, c: &Color) -> String {
        let f = self.options.color_format;
        if f == ColorFormat::DisplayP3 && self.dialect == Dialect::Css {
            // The sRGB fallback; the `css` format adds a `@media (color-gamut: p3)` block
            // with `color(display-p3 …)` for the colours outside sRGB.
            return color_out::css(c, ColorFormat::Hex, self.options.gamut);
        }
        color_out::css(c, f, self.options.gamut)
    }

    /// Appends the CSS value of `v` (no references) to `out`; the common simple types are
    /// written in place, the rest through [`Render::css`].
    pub fn css_into(&self, out: &mut String, v: &Value) {
        let plain_dims = self.options.dimensions == DimensionOut::AsWritten;
        match v {
            Value::Color(c) if self.options.color_format == ColorFormat::Hex => {
                color_out::hex_into(out, c, self.options.gamut)
            }
            Value::Dimension(d) | Value::FontSize(d) | Value::LetterSpacing(d) if plain_dims => {
                num_into(out, d.value);
                out.push_str(&unit_text(&d.unit));
            }
            Value::Number(n) => num_into(out, *n),
            Value::FontWeight(w) => num_into(out, w.weight),
            Value::FontFamily(f) => css_font_family_into(out, f),
            Value::Duration(d) if self.options.durations == DurationOut::AsWritten => {
                num_into(out, d.value);
                out.push_str(d.unit.as_str());
            }
            other => out.push_str(&self.css(other, None)),
        }
    }

    fn sub<T>(&self, s: &Sub<T>, refs: Option<RefFn>, f: impl Fn(&T) -> String) -> String {
        if let (Some(id), Some(refs)) = (s.reference, refs) {
            if let Some(r) = refs(id) {
                return r;
            }
        }
        f(&s.value)
    }

    /// A value in a shorthand dialect (CSS or SCSS). Sub-values written as references are
    /// printed through `refs` when given.
    pub fn css(&self, v: &Value, refs: Option<RefFn>) -> String {
        match v {
            Value::Color(c) => self.css_color(c),
            Value::Dimension(d) | Value::FontSize(d) | Value::LetterSpacing(d) => {
                self.css_dimension(d)
            }
            Value::FontFamily(f) => css_font_family(f),
            Value::FontWeight(w) => num(w.weight),
            Value::Duration(d) => self.css_duration(d),
            Value::CubicBezier(b) => css_bezier(b),
            Value::Number(n) => num(*n),
            Value::StrokeStyle(s) => css_stroke(s).into(),
            Value::Border(b) => format!(
                "{} {} {}",
                self.sub(&b.width, refs, |d| self.css_dimension(d)),
                self.sub(&b.style, refs, |s| css_stroke(s).into()),
                self.sub(&b.color, refs, |c| self.css_color(c)),
            ),
            Value::Transition(t) => format!(
                "{} {} {}",
                self.sub(&t.duration, refs, |d| self.css_duration(d)),
                self.sub(&t.timing_function, refs, css_bezier),
                self.sub(&t.delay, refs, |d| self.css_duration(d)),
            ),
            Value::Shadow { layers, .. } => layers
                .iter()
                .map(|l| self.sub(l, refs, |l| self.css_shadow_layer(l, refs)))
                .collect::<Vec<_>>()
                .join(", "),
            Value::Gradient(stops) => {
                let stops: Vec<String> = stops
                    .iter()
                    .map(|s| {
                        format!(
                            "{} {}%",
                            self.sub(&s.value.color, refs, |c| self.css_color(c)),
                            num(s.value.position.value.clamp(0.0, 1.0) * 100.0)
                        )
                    })
                    .collect();
                format!("linear-gradient(90deg, {})", stops.join(", "))
            }
            Value::Typography(t) => self.css_font(t, refs),
            Value::LineHeight(LineHeight::Multiplier(m)) => num(*m),
            Value::LineHeight(LineHeight::Length(d)) => self.css_dimension(d),
            Value::String(s) => writer::css_string(s),
            Value::Boolean(b) => b.to_string(),
            Value::Other(j) => writer::css_string(&j.to_string()),
        }
    }

    fn css_shadow_layer(&self, l: &ShadowLayer, refs: Option<RefFn>) -> String {
        let body = format!(
            "{} {} {} {} {}",
            self.sub(&l.offset_x, refs, |d| self.css_dimension(d)),
            self.sub(&l.offset_y, refs, |d| self.css_dimension(d)),
            self.sub(&l.blur, refs, |d| self.css_dimension(d)),
            self.sub(&l.spread, refs, |d| self.css_dimension(d)),
            self.sub(&l.color, refs, |c| self.css_color(c)),
        );
        if l.inset {
            format!("inset {body}")
        } else {
            body
        }
    }

    /// The `font` shorthand: `weight size/line-height family`.
    fn css_font(&self, t: &Typography, refs: Option<RefFn>) -> String {
        let mut parts = Vec::new();
        if let Some(w) = &t.font_weight {
            parts.push(self.sub(w, refs, |w| num(w.weight)));
        }
        let size = t
            .font_size
            .as_ref()
            .map(|s| self.sub(s, refs, |d| self.css_dimension(d)));
        let line = t.line_height.as_ref().map(|l| {
            self.sub(l, refs, |l| match l {
                LineHeight::Multiplier(m) => num(*m),
                LineHeight::Length(d) => self.css_dimension(d),
            })
        });
        match (size, line) {
            (Some(s), Some(l)) => parts.push(format!("{s}/{l}")),
            (Some(s), None) => parts.push(s),
            (None, _) => {}
        }
        if let Some(f) = &t.font_family {
            parts.push(self.sub(f, refs, |f| css_font_family(f)));
        }
        parts.join(" ")
    }

    /// A simple (non-composite) value as a native literal of a platform dialect.
    pub fn native(&self, v: &Value) -> Native {
        let d = self.dialect;
        let o = self.options;
        match v {
            Value::Color(c) => Native::new(Kind::Color, self.native_color(c)),
            Value::Dimension(x) | Value::LetterSpacing(x) => self.native_dimension(x, false),
            Value::FontSize(x) => self.native_dimension(x, true),
            Value::LineHeight(LineHeight::Length(x)) => self.native_dimension(x, false),
            Value::LineHeight(LineHeight::Multiplier(m)) | Value::Number(m) => {
                Native::new(Kind::Number, self.native_number(*m))
            }
            Value::FontWeight(w) => Native::new(Kind::FontWeight, self.native_weight(w.weight)),
            Value::Duration(x) => {
                let ms = x.as_ms();
                let lit = match d {
                    Dialect::Kotlin => format!("{}L", ms.round() as i64),
                    Dialect::Dart => format!("Duration(milliseconds: {})", ms.round() as i64),
                    Dialect::Android => format!("{}", ms.round() as i64),
                    _ => float(ms / 1000.0),
                };
                Native::new(Kind::Duration, lit)
            }
            Value::CubicBezier(b) => Native::new(Kind::CubicBezier, self.native_bezier(b)),
            Value::FontFamily(f) => Native::new(Kind::String, self.native_string(&f.join(", "))),
            Value::String(s) => Native::new(Kind::String, self.native_string(s)),
            Value::Boolean(b) => Native::new(Kind::Boolean, b.to_string()),
            Value::StrokeStyle(s) => Native::new(Kind::String, self.native_string(css_stroke(s))),
            Value::Other(j) => Native::new(Kind::String, self.native_string(&j.to_string())),
            composite => Native::new(
                Kind::String,
                self.native_string(
                    &Render {
                        dialect: Dialect::Css,
                        options: o,
                    }
                    .css(composite, None),
                ),
            ),
        }
    }

    fn native_string(&self, s: &str) -> String {
        match self.dialect {
            Dialect::Swift | Dialect::SwiftUi => writer::swift_string(s),
            Dialect::Kotlin => writer::kotlin_string(s),
            Dialect::Dart => writer::dart_string(s),
            Dialect::Android => writer::android_string(s),
            Dialect::Css | Dialect::Scss => writer::css_string(s),
        }
    }

    fn native_number(&self, x: f64) -> String {
        match self.dialect {
            Dialect::Kotlin => format!("{}f", num(x)),
            Dialect::Android => num(x),
            _ => float(x),
        }
    }

    fn native_weight(&self, w: f64) -> String {
        match self.dialect {
            Dialect::Kotlin => format!("FontWeight({})", w.round().clamp(1.0, 1000.0) as i64),
            Dialect::Dart => {
                let r = (w / 100.0).round().clamp(1.0, 9.0) as i64 * 100;
                format!("FontWeight.w{r}")
            }
            Dialect::SwiftUi => {
                let names = [
                    "ultraLight",
                    "thin",
                    "light",
                    "regular",
                    "medium",
                    "semibold",
                    "bold",
                    "heavy",
                    "black",
                ];
                // SwiftUI's weights run ultraLight (lightest) … black, one per hundred.
                let i = (w / 100.0).round().clamp(1.0, 9.0) as usize;
                let name = names.get(i - 1).copied().unwrap_or("regular");
                format!("Font.Weight.{name}")
            }
            Dialect::Android => format!("{}", w.round() as i64),
            _ => float(w),
        }
    }

    fn native_bezier(&self, b: &[f64; 4]) -> String {
        match self.dialect {
            Dialect::Kotlin => format!(
                "CubicBezierEasing({})",
                b.map(|x| format!("{}f", num(x))).join(", ")
            ),
            Dialect::Dart => format!("Cubic({})", b.map(float).join(", ")),
            Dialect::Android => b.map(num).join(","),
            _ => format!("[{}]", b.map(float).join(", ")),
        }
    }

    fn native_color(&self, c: &Color) -> String {
        let g = self.options.gamut;
        let three = |x: f64| format!("{x:.3}");
        match self.dialect {
            Dialect::Swift => {
                let [r, gr, b, a] = color_out::unit_channels(c, g);
                format!(
                    "UIColor(red: {}, green: {}, blue: {}, alpha: {})",
                    three(r),
                    three(gr),
                    three(b),
                    three(a)
                )
            }
            Dialect::SwiftUi => {
                if color_out::in_srgb(c) {
                    let [r, gr, b, a] = color_out::unit_channels(c, g);
                    format!(
                        "Color(red: {}, green: {}, blue: {}, opacity: {})",
                        three(r),
                        three(gr),
                        three(b),
                        three(a)
                    )
                } else {
                    let [r, gr, b, a] = color_out::p3(c, g);
                    format!(
                        "Color(.displayP3, red: {}, green: {}, blue: {}, opacity: {})",
                        three(r),
                        three(gr),
                        three(b),
                        three(a)
                    )
                }
            }
            Dialect::Kotlin | Dialect::Dart => {
                format!("Color({})", color_out::argb_literal(c, g))
            }
            Dialect::Android => color_out::android(c, g),
            Dialect::Css | Dialect::Scss => self.css_color(c),
        }
    }

    fn native_dimension(&self, x: &Dimension, font: bool) -> Native {
        let px = self.px(x);
        let lit = match self.dialect {
            Dialect::Kotlin if font => format!("{}.sp", num(px)),
            Dialect::Kotlin => format!("{}.dp", num(px)),
            Dialect::Android if font => format!("{}sp", num(px)),
            Dialect::Android => format!("{}dp", num(px)),
            _ => float(px),
        };
        Native::new(Kind::Dimension, lit)
    }
}

/// The kind of a native value (decides the declaration's type and grouping).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Color,
    Dimension,
    Number,
    FontWeight,
    Duration,
    CubicBezier,
    String,
    Boolean,
}

impl Kind {
    /// Lower-case name (`color`, `dimension`, …) for templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Color => "color",
            Kind::Dimension => "dimension",
            Kind::Number => "number",
            Kind::FontWeight => "fontWeight",
            Kind::Duration => "duration",
            Kind::CubicBezier => "cubicBezier",
            Kind::String => "string",
            Kind::Boolean => "boolean",
        }
    }
}

/// A native literal and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Native {
    pub kind: Kind,
    pub literal: String,
}

impl Native {
    fn new(kind: Kind, literal: String) -> Self {
        Native { kind, literal }
    }
}

fn unit_text(u: &DimensionUnit) -> std::borrow::Cow<'static, str> {
    match u {
        DimensionUnit::Px => return "px".into(),
        DimensionUnit::Rem => return "rem".into(),
        DimensionUnit::Other(_) => {}
    }
    // A tolerant-mode unit is user text: keep only letters and `%` so it cannot inject.
    u.as_str()
        .chars()
        .filter(|c| c.is_ascii_alphabetic() || *c == '%')
        .collect::<String>()
        .into()
}

/// `cubic-bezier(a, b, c, d)`.
pub fn css_bezier(b: &[f64; 4]) -> String {
    format!("cubic-bezier({})", b.map(num).join(", "))
}

/// A stroke style in CSS: the keyword, or `dashed` for a dash pattern (DTCG's suggested
/// fallback).
pub fn css_stroke(s: &StrokeStyle) -> &'static str {
    match s {
        StrokeStyle::Keyword(k) => k.as_str(),
        StrokeStyle::Dashed { .. } => "dashed",
    }
}

const GENERIC_FAMILIES: [&str; 13] = [
    "serif",
    "sans-serif",
    "monospace",
    "cursive",
    "fantasy",
    "system-ui",
    "ui-serif",
    "ui-sans-serif",
    "ui-monospace",
    "ui-rounded",
    "math",
    "emoji",
    "fangsong",
];

/// A CSS font-family list: generic families and plain one-word names bare, every other
/// name quoted.
pub fn css_font_family(f: &[String]) -> String {
    let mut out = String::with_capacity(f.iter().map(|n| n.len() + 4).sum());
    css_font_family_into(&mut out, f);
    out
}

/// Appends a CSS font-family list as [`css_font_family`] writes it.
pub fn css_font_family_into(out: &mut String, f: &[String]) {
    for (i, name) in f.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let b = name.as_bytes();
        let plain = b.first().is_some_and(u8::is_ascii_alphabetic)
            && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-');
        if plain || GENERIC_FAMILIES.contains(&name.as_str()) {
            out.push_str(name);
        } else {
            writer::css_string_into(out, name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_finite() {
        assert_eq!(num(16.0), "16");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-42.0), "-42");
        assert_eq!(num(1.5e15), "1500000000000000");
        assert_eq!(num(-0.1234567), "-0.123457");
        assert_eq!(num(i64::MIN as f64 * 4.0), "-36893488147419103000");
        assert_eq!(float(16.0), "16.0");
        assert_eq!(float(2.5), "2.5");
    }

    /// The number text as it was before the digit-by-digit fast path.
    fn num_reference(x: f64) -> String {
        if !x.is_finite() {
            return "0".into();
        }
        if x.fract() == 0.0 && x.abs() < 1e15 {
            return format!("{}", x as i64);
        }
        let r = if x.abs() < 1e15 {
            (x * 1e6).round() / 1e6
        } else {
            x
        };
        let r = if r == 0.0 { 0.0 } else { r };
        format!("{r}")
    }

    #[test]
    fn micros_text_equals_the_float_formatter_on_edges() {
        let edges = [
            0.5,
            -0.5,
            1e-7,
            -1e-7,
            4.9e-7,
            5e-7,
            1.5e-6,
            0.1,
            0.2,
            0.3,
            1.0 / 3.0,
            2.0 / 3.0,
            0.999_999_5,
            1.000_000_5,
            2_147_483.647_999,
            1_999_999_999.999_999,
            2e9 + 0.5,
            2_147_483_647.5,
            9e14 + 0.25,
            1e15 - 0.5,
            -1e15 + 0.5,
            123.456_789_5,
        ];
        for x in edges {
            assert_eq!(num(x), num_reference(x), "{x:e}");
        }
        for k in 0..=255 {
            let x = f64::from(k) / 255.0;
            assert_eq!(num(x), num_reference(x), "{k}/255");
            assert_eq!(num(-x * 1000.0), num_reference(-x * 1000.0), "{k}/255");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn micros_text_equals_the_float_formatter(
            x in proptest::num::f64::ANY,
            small in -10.0f64..10.0,
            mid in -3e9f64..3e9,
            micros in -3_000_000_000_000_000i64..3_000_000_000_000_000,
            nudge in -2i32..=2,
        ) {
            proptest::prop_assert_eq!(num(x), num_reference(x));
            proptest::prop_assert_eq!(num(small), num_reference(small));
            proptest::prop_assert_eq!(num(mid), num_reference(mid));
            // Values on and next to a six-decimal grid point (where rounding ties sit).
            let on = micros as f64 / 1e6;
            let near = on + f64::from(nudge) * 2.5e-7;
            proptest::prop_assert_eq!(num(on), num_reference(on));
            proptest::prop_assert_eq!(num(near), num_reference(near));
        }
    }

    #[test]
    fn font_families_are_quoted_where_needed() {
        let f = vec!["Inter".into(), "Helvetica Neue".into(), "sans-serif".into()];
        assert_eq!(css_font_family(&f), "Inter, \"Helvetica Neue\", sans-serif");
    }

    #[test]
    fn units_convert_with_the_rem_base() {
        let mut o = EmitOptions {
            dimensions: DimensionOut::Px,
            rem_base: 10.0,
            ..EmitOptions::default()
        };
        let r = |o: &EmitOptions, d: Dimension| {
            Render {
                dialect: Dialect::Css,
                options: o,
            }
            .css_dimension(&d)
        };
        let rem = |v| Dimension {
            value: v,
            unit: DimensionUnit::Rem,
        };
        let px = |v| Dimension {
            value: v,
            unit: DimensionUnit::Px,
        };
        assert_eq!(r(&o, rem(1.5)), "15px");
        o.dimensions = DimensionOut::Rem;
        assert_eq!(r(&o, px(15.0)), "1.5rem");
        o.durations = DurationOut::S;
        let d = Render {
            dialect: Dialect::Css,
            options: &o,
        }
        .css_duration(&Duration {
            value: 150.0,
            unit: DurationUnit::Ms,
        });
        assert_eq!(d, "0.15s");
    }
}
