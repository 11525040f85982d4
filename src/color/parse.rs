//! Parsing the CSS colour strings people write into a [`Color`].
//!
//! Accepted (ASCII case-insensitive, surrounding and inner whitespace tolerated):
//!
//! - hex: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` → `srgb`, with `hex` set to the
//!   6-digit lower-case form and alpha from the 4th/8th digit;
//! - `rgb()` / `rgba()`, comma (legacy) or space (modern) syntax, numbers (0–255) or
//!   percentages, optional alpha (`, a` or `/ a`, number or percentage);
//! - `hsl()` / `hsla()` (comma or space syntax) → `hsl`, `hwb()` → `hwb`; hue as a
//!   number or with `deg`, `rad`, `grad`, `turn`;
//! - `lab()`, `lch()`, `oklab()`, `oklch()` (space syntax, numbers or percentages);
//! - `color(<space> c1 c2 c3 [/ a])` for `srgb`, `srgb-linear`, `display-p3`,
//!   `a98-rgb`, `prophoto-rgb`, `rec2020`, `xyz`, `xyz-d50`, `xyz-d65`;
//! - `transparent` and the 148 CSS named colours (both also get a `hex` fallback).
//!
//! The keyword `none` is accepted for any component in the modern syntax and becomes
//! `None`. As CSS does at parse time, values are brought into the DTCG ranges: sRGB
//! channels and alpha are clamped to [0, 1], HSL/HWB percentages to [0, 100], Lab
//! lightness to [0, 100], Oklab lightness to [0, 1], chroma to ≥ 0, and hues are
//! normalised to [0, 360). `color()` components are kept as written (they may be out of
//! gamut). Anything else yields `None`.

use super::named;
use crate::model::{Color, ColorSpace};

/// One argument of a colour function.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Arg {
    Number(f64),
    Percent(f64),
    /// An angle already converted to degrees.
    Degrees(f64),
    None,
}

/// The arguments of a colour function: three components and an optional alpha.
struct Args {
    comps: [Arg; 3],
    alpha: Option<Arg>,
    legacy: bool,
}

/// Parses a CSS colour string (see the module docs for the accepted forms).
///
/// ```
/// use tokencraft::color::parse_css;
/// use tokencraft::model::ColorSpace;
/// let c = parse_css("#3B82F680").unwrap();
/// assert_eq!(c.space, ColorSpace::Srgb);
/// assert_eq!(c.hex.as_deref(), Some("#3b82f6"));
/// assert!((c.alpha - 128.0 / 255.0).abs() < 1e-12);
/// assert!(parse_css("oklch(62.8% 0.2577 29.23deg / 50%)").is_some());
/// assert!(parse_css("rgb(1 2)").is_none());
/// ```
pub fn parse_css(s: &str) -> Option<Color> {
    let s = s.trim().to_ascii_lowercase();
    if let Some(digits) = s.strip_prefix('#') {
        return parse_hex(digits);
    }
    if s == "transparent" {
        return Some(srgb_from_u32(0, 0.0));
    }
    if let Some(rgb) = named::lookup(&s) {
        return Some(srgb_from_u32(rgb, 1.0));
    }
    let open = s.find('(')?;
    let name = s.get(..open)?.trim_end();
    let inner = s.get(open + 1..)?.strip_suffix(')')?;
    match name {
        "rgb" | "rgba" => rgb(split_args(inner, true)?),
        "hsl" | "hsla" => polar_srgb(split_args(inner, true)?, ColorSpace::Hsl),
        "hwb" => polar_srgb(split_args(inner, false)?, ColorSpace::Hwb),
        "lab" => lab_like(split_args(inner, false)?, ColorSpace::Lab),
        "lch" => lab_like(split_args(inner, false)?, ColorSpace::Lch),
        "oklab" => lab_like(split_args(inner, false)?, ColorSpace::Oklab),
        "oklch" => lab_like(split_args(inner, false)?, ColorSpace::Oklch),
        "color" => color_fn(inner),
        _ => None,
    }
}

fn srgb_from_u32(rgb: u32, alpha: f64) -> Color {
    let ch = |shift: u32| f64::from((rgb >> shift) & 0xff) / 255.0;
    Color {
        space: ColorSpace::Srgb,
        components: [Some(ch(16)), Some(ch(8)), Some(ch(0))],
        alpha,
        hex: Some(format!("#{rgb:06x}")),
    }
}

fn parse_hex(digits: &str) -> Option<Color> {
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let nibble = |i: usize| -> Option<u32> {
        digits
            .as_bytes()
            .get(i)
            .and_then(|&b| char::from(b).to_digit(16))
    };
    // Expand the short forms (#rgb, #rgba) to one byte per channel.
    let bytes: Vec<u32> = match digits.len() {
        3 | 4 => (0..digits.len())
            .map(|i| nibble(i).map(|n| n * 17))
            .collect::<Option<_>>()?,
        6 | 8 => (0..digits.len() / 2)
            .map(|i| Some(nibble(2 * i)? * 16 + nibble(2 * i + 1)?))
            .collect::<Option<_>>()?,
        _ => return None,
    };
    let (r, g, b) = (*bytes.first()?, *bytes.get(1)?, *bytes.get(2)?);
    let alpha = bytes.get(3).map_or(1.0, |&a| f64::from(a) / 255.0);
    Some(srgb_from_u32((r << 16) | (g << 8) | b, alpha))
}

/// Splits the inside of a colour function into three components and an optional alpha.
/// Comma syntax is only tried when `allow_legacy` (rgb/hsl) and never allows `none`.
fn split_args(inner: &str, allow_legacy: bool) -> Option<Args> {
    if inner.contains(',') {
        if !allow_legacy || inner.contains('/') {
            return None;
        }
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        if parts.len() != 3 && parts.len() != 4 {
            return None;
        }
        let args: Vec<Arg> = parts.iter().map(|p| parse_arg(p)).collect::<Option<_>>()?;
        if args.contains(&Arg::None) {
            return None;
        }
        return Some(Args {
            comps: [*args.first()?, *args.get(1)?, *args.get(2)?],
            alpha: args.get(3).copied(),
            legacy: true,
        });
    }
    let (main, alpha) = match inner.split_once('/') {
        Some((m, a)) => {
            let a = a.trim();
            if a.is_empty() || a.contains(char::is_whitespace) {
                return None;
            }
            (m, Some(parse_arg(a)?))
        }
        None => (inner, None),
    };
    let comps: Vec<Arg> = main
        .split_whitespace()
        .map(parse_arg)
        .collect::<Option<_>>()?;
    if comps.len() != 3 {
        return None;
    }
    Some(Args {
        comps: [*comps.first()?, *comps.get(1)?, *comps.get(2)?],
        alpha,
        legacy: false,
    })
}

/// Parses one CSS `<number>`, `<percentage>`, `<angle>` or `none`.
fn parse_arg(s: &str) -> Option<Arg> {
    if s == "none" {
        return Some(Arg::None);
    }
    let num_end = number_len(s)?;
    let value: f64 = s.get(..num_end)?.parse().ok()?;
    let unit = s.get(num_end..)?;
    let arg = match unit {
        "" => Arg::Number(value),
        "%" => Arg::Percent(value),
        "deg" => Arg::Degrees(value),
        "rad" => Arg::Degrees(value.to_degrees()),
        "grad" => Arg::Degrees(value * 0.9),
        "turn" => Arg::Degrees(value * 360.0),
        _ => return None,
    };
    match arg {
        Arg::Number(v) | Arg::Percent(v) | Arg::Degrees(v) if v.is_finite() => Some(arg),
        _ => None,
    }
}

/// Length of the CSS `<number>` at the start of `s`: sign, digits, fraction, exponent.
fn number_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits_from = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int_end = digits_from(i);
    let mut any_digit = int_end > i;
    i = int_end;
    if b.get(i) == Some(&b'.') {
        let frac_end = digits_from(i + 1);
        if frac_end > i + 1 {
            any_digit = true;
            i = frac_end;
        }
    }
    if !any_digit {
        return None;
    }
    if b.get(i) == Some(&b'e') {
        let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        let exp_end = digits_from(i + 1 + sign);
        if exp_end > i + 1 + sign {
            i = exp_end;
        }
    }
    Some(i)
}

/// Alpha as a number in [0, 1]; `none` counts as 0 (a missing component).
fn alpha(arg: Option<Arg>) -> Option<f64> {
    let a = match arg {
        None => 1.0,
        Some(Arg::Number(v)) => v,
        Some(Arg::Percent(p)) => p / 100.0,
        Some(Arg::None) => 0.0,
        Some(Arg::Degrees(_)) => return None,
    };
    Some(a.clamp(0.0, 1.0))
}

/// A non-hue component: a number scaled by `num_scale`, or a percentage where 100%
/// means `pct_full`; then clamped to `[lo, hi]`.
fn scalar(arg: Arg, num_scale: f64, pct_full: f64, lo: f64, hi: f64) -> Option<Option<f64>> {
    let v = match arg {
        Arg::Number(v) => v * num_scale,
        Arg::Percent(p) => p / 100.0 * pct_full,
        Arg::None => return Some(None),
        Arg::Degrees(_) => return None,
    };
    v.is_finite().then(|| Some(v.clamp(lo, hi)))
}

/// A hue in degrees, normalised to [0, 360).
fn hue(arg: Arg) -> Option<Option<f64>> {
    match arg {
        Arg::Number(v) | Arg::Degrees(v) => Some(Some(normalize_hue(v))),
        Arg::None => Some(None),
        Arg::Percent(_) => None,
    }
}

/// Maps any finite angle in degrees into [0, 360) (360 itself becomes 0).
pub(crate) fn normalize_hue(h: f64) -> f64 {
    let h = h.rem_euclid(360.0);
    if h >= 360.0 || h == 0.0 {
        0.0
    } else {
        h
    }
}

fn rgb(args: Args) -> Option<Color> {
    let mut comps = [None; 3];
    for (out, arg) in comps.iter_mut().zip(args.comps) {
        *out = scalar(arg, 1.0 / 255.0, 1.0, 0.0, 1.0)?;
    }
    Some(Color {
        space: ColorSpace::Srgb,
        components: comps,
        alpha: alpha(args.alpha)?,
        hex: None,
    })
}

/// `hsl()` and `hwb()`: hue, then two percentages (plain numbers also accepted in the
/// modern syntax, as CSS Color 4 allows).
fn polar_srgb(args: Args, space: ColorSpace) -> Option<Color> {
    let [h, a, b] = args.comps;
    if args.legacy && (!matches!(a, Arg::Percent(_)) || !matches!(b, Arg::Percent(_))) {
        return None;
    }
    Some(Color {
        space,
        components: [
            hue(h)?,
            scalar(a, 1.0, 100.0, 0.0, 100.0)?,
            scalar(b, 1.0, 100.0, 0.0, 100.0)?,
        ],
        alpha: alpha(args.alpha)?,
        hex: None,
    })
}

/// `lab()`, `lch()`, `oklab()`, `oklch()` with the percentage references of CSS Color 4.
fn lab_like(args: Args, space: ColorSpace) -> Option<Color> {
    let [l, x, y] = args.comps;
    let inf = f64::INFINITY;
    let components = match space {
        ColorSpace::Lab => [
            scalar(l, 1.0, 100.0, 0.0, 100.0)?,
            scalar(x, 1.0, 125.0, -inf, inf)?,
            scalar(y, 1.0, 125.0, -inf, inf)?,
        ],
        ColorSpace::Lch => [
            scalar(l, 1.0, 100.0, 0.0, 100.0)?,
            scalar(x, 1.0, 150.0, 0.0, inf)?,
            hue(y)?,
        ],
        ColorSpace::Oklab => [
            scalar(l, 1.0, 1.0, 0.0, 1.0)?,
            scalar(x, 1.0, 0.4, -inf, inf)?,
            scalar(y, 1.0, 0.4, -inf, inf)?,
        ],
        _ => [
            scalar(l, 1.0, 1.0, 0.0, 1.0)?,
            scalar(x, 1.0, 0.4, 0.0, inf)?,
            hue(y)?,
        ],
    };
    Some(Color {
        space,
        components,
        alpha: alpha(args.alpha)?,
        hex: None,
    })
}

/// `color(<space> c1 c2 c3 [/ alpha])`.
fn color_fn(inner: &str) -> Option<Color> {
    let inner = inner.trim_start();
    let split = inner.find(char::is_whitespace)?;
    let (ident, rest) = inner.split_at(split);
    let space = match ident {
        "xyz" => ColorSpace::XyzD65,
        "srgb" | "srgb-linear" | "display-p3" | "a98-rgb" | "prophoto-rgb" | "rec2020"
        | "xyz-d50" | "xyz-d65" => ColorSpace::parse(ident)?,
        _ => return None,
    };
    let args = split_args(rest, false)?;
    let inf = f64::INFINITY;
    let mut comps = [None; 3];
    for (out, arg) in comps.iter_mut().zip(args.comps) {
        *out = scalar(arg, 1.0, 1.0, -inf, inf)?;
    }
    Some(Color {
        space,
        components: comps,
        alpha: alpha(args.alpha)?,
        hex: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comps(s: &str) -> (ColorSpace, [Option<f64>; 3], f64) {
        let c = parse_css(s).unwrap_or_else(|| panic!("{s} should parse"));
        (c.space, c.components, c.alpha)
    }

    #[test]
    fn hex_forms() {
        let c = parse_css("  #ABC ").unwrap();
        assert_eq!(c.hex.as_deref(), Some("#aabbcc"));
        assert_eq!(c.alpha, 1.0);
        let c = parse_css("#abc8").unwrap();
        assert_eq!(c.hex.as_deref(), Some("#aabbcc"));
        assert_eq!(c.alpha, 136.0 / 255.0);
        let c = parse_css("#FF000080").unwrap();
        assert_eq!(c.components, [Some(1.0), Some(0.0), Some(0.0)]);
        assert_eq!(c.alpha, 128.0 / 255.0);
        for bad in ["#", "#ab", "#abcde", "#abcdefg", "#ggg", "#+12", "#ab c"] {
            assert!(parse_css(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn rgb_syntaxes() {
        let red = (ColorSpace::Srgb, [Some(1.0), Some(0.0), Some(0.0)], 1.0);
        assert_eq!(comps("rgb(255, 0, 0)"), red);
        assert_eq!(comps("RGB(255 0 0)"), red);
        assert_eq!(comps("rgb(100% 0% 0%)"), red);
        assert_eq!(comps("rgb( 300 -5 0 )"), red);
        assert_eq!(comps("rgba(255,0,0,0.5)").2, 0.5);
        assert_eq!(comps("rgb(255 0 0 / 50%)").2, 0.5);
        assert_eq!(comps("rgb(255 0 0/.25)").2, 0.25);
        assert_eq!(comps("rgb(none 0 0)").1[0], None);
        assert_eq!(comps("rgb(2.55e2 0 0)"), red);
        for bad in [
            "rgb(255 0)",
            "rgb(255, 0, 0 / 1)",
            "rgb(255 0 0 0)",
            "rgb(none, 0, 0)",
            "rgb(255 0 0",
            "rgb(1px 0 0)",
            "rgb(inf 0 0)",
            "rgb(nan 0 0)",
            "rgb(255 0 0 / )",
            "rgb(255 0 0 / 1 2)",
            "rgb(1e999 0 0)",
            "rgb(. 0 0)",
        ] {
            assert!(parse_css(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn hsl_hwb() {
        let c = comps("hsl(120deg 100% 50%)");
        assert_eq!(c.0, ColorSpace::Hsl);
        assert_eq!(c.1, [Some(120.0), Some(100.0), Some(50.0)]);
        assert_eq!(comps("hsla(0.5turn, 10%, 20%, 0.3)").1[0], Some(180.0));
        assert_eq!(comps("hsl(-90 10 20)").1[0], Some(270.0));
        assert_eq!(comps("hsl(360 10 20)").1[0], Some(0.0));
        assert_eq!(comps("hsl(none 0% 50%)").1[0], None);
        assert!(parse_css("hsl(120, 100, 50)").is_none());
        let c = comps("hwb(200grad 10% 20% / 0.1)");
        assert_eq!(c.0, ColorSpace::Hwb);
        assert_eq!(c.1[0], Some(180.0));
        assert!(parse_css("hwb(120, 10%, 20%)").is_none());
    }

    #[test]
    fn lab_family_percent_references() {
        assert_eq!(
            comps("lab(50% 100% -100%)").1,
            [Some(50.0), Some(125.0), Some(-125.0)]
        );
        assert_eq!(
            comps("lch(50 100% 400)").1,
            [Some(50.0), Some(150.0), Some(40.0)]
        );
        assert_eq!(
            comps("oklab(100% 100% 0)").1,
            [Some(1.0), Some(0.4), Some(0.0)]
        );
        let c = comps("oklch(0.628 0.2577 29.23 / 0.5)");
        assert_eq!(c.0, ColorSpace::Oklch);
        assert_eq!(c.1, [Some(0.628), Some(0.2577), Some(29.23)]);
        assert_eq!(c.2, 0.5);
        assert_eq!(
            comps("oklch(1.5 -1 0)").1,
            [Some(1.0), Some(0.0), Some(0.0)]
        );
    }

    #[test]
    fn color_function() {
        let c = comps("color(display-p3 1 0 1 / 0.5)");
        assert_eq!(c.0, ColorSpace::DisplayP3);
        assert_eq!(c.1, [Some(1.0), Some(0.0), Some(1.0)]);
        assert_eq!(comps("color(xyz 0.1 0.2 0.3)").0, ColorSpace::XyzD65);
        assert_eq!(comps("color(xyz-d50 0.1 0.2 0.3)").0, ColorSpace::XyzD50);
        assert_eq!(
            comps("color(rec2020 50% 1.2 none)").1,
            [Some(0.5), Some(1.2), None]
        );
        for s in ["srgb", "srgb-linear", "a98-rgb", "prophoto-rgb"] {
            assert!(parse_css(&format!("color({s} 0 0 0)")).is_some(), "{s}");
        }
        assert!(parse_css("color(hsl 0 0 0)").is_none());
        assert!(parse_css("color(display-p3 1 0)").is_none());
        assert!(parse_css("color(display-p3)").is_none());
    }

    #[test]
    fn keywords() {
        let t = parse_css("Transparent").unwrap();
        assert_eq!(t.alpha, 0.0);
        assert_eq!(t.hex.as_deref(), Some("#000000"));
        let c = parse_css("RebeccaPurple").unwrap();
        assert_eq!(c.hex.as_deref(), Some("#663399"));
        for bad in [
            "",
            "   ",
            "currentcolor",
            "reddish",
            "()",
            "rgb",
            "foo(1 2 3)",
        ] {
            assert!(parse_css(bad).is_none(), "{bad:?}");
        }
    }
}
