//! CSS text for colours, with fixed precision so output is deterministic.
//!
//! Precision (trailing zeros and a trailing `.` trimmed, `-0` printed as `0`):
//!
//! | Output | Components |
//! | --- | --- |
//! | `#rrggbb[aa]`, `rgb(r g b)` | 8-bit integers (after gamut mapping and clamping) |
//! | `hsl(h s% l%)`, `hwb(h w% b%)` | 2 decimals |
//! | `lab(L a b)`, `lch(L C h)` | 2 decimals (L is 0–100) |
//! | `oklab(L a b)`, `oklch(L C h)` | 4 decimals for L, a, b, C; 2 for the hue |
//! | `color(<space> c1 c2 c3)` | 4 decimals |
//! | alpha (`/ a`, only when below 1) | 4 decimals |
//!
//! Hues are printed in [0, 360) (a hue that rounds to 360 prints as 0); a powerless or
//! missing component prints as `none`, and so does the hue of an LCH/OkLCh colour whose
//! chroma prints as 0. Every output is in the modern space-separated
//! syntax.

use super::{to_gamut, to_hex, to_srgb8, GamutMapping};
use crate::model::{Color, ColorSpace};

/// The CSS notation [`to_css`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CssFormat {
    /// `#rrggbb`, or `#rrggbbaa` with alpha; sRGB, gamut-mapped.
    Hex,
    /// `rgb(59 130 246)` / `rgb(59 130 246 / 0.5)`; sRGB, gamut-mapped, 8-bit channels.
    Rgb,
    /// `hsl(217.22 91.22% 59.8%)`; gamut-mapped to sRGB first.
    Hsl,
    /// `hwb(217.22 23.14% 3.53%)`; gamut-mapped to sRGB first.
    Hwb,
    /// `oklch(0.628 0.2577 29.23)`; no gamut limits.
    Oklch,
    /// `oklab(0.628 0.2249 0.1258)`; no gamut limits.
    Oklab,
    /// `lab(54.29 80.8 69.89)` (CIE Lab, D50); no gamut limits.
    Lab,
    /// `lch(54.29 106.84 40.85)`; no gamut limits.
    Lch,
    /// `color(display-p3 0.9176 0.2003 0.1386)`; gamut-mapped to Display P3.
    DisplayP3,
    /// The colour's own space: `hsl()`, `hwb()`, `lab()`, `lch()`, `oklab()`, `oklch()`,
    /// or `color(<space> …)` for the RGB and XYZ spaces (including `srgb`), mapped into
    /// that space's gamut when it has one.
    Native,
}

/// Writes `c` as CSS in `format`, mapping it into the format's gamut with `mapping`.
/// See the module documentation for the precision of each format.
///
/// ```
/// use tokencraft::color::{parse_css, to_css, CssFormat, GamutMapping};
/// let c = parse_css("rgb(59 130 246 / 50%)").unwrap();
/// assert_eq!(to_css(&c, CssFormat::Rgb, GamutMapping::Css), "rgb(59 130 246 / 0.5)");
/// let grey = parse_css("#808080").unwrap();
/// assert_eq!(to_css(&grey, CssFormat::Hsl, GamutMapping::Css), "hsl(none 0% 50.2%)");
/// ```
pub fn to_css(c: &Color, format: CssFormat, mapping: GamutMapping) -> String {
    let space = match format {
        CssFormat::Hex => return to_hex(c, mapping),
        CssFormat::Rgb => {
            let [r, g, b, _] = to_srgb8(c, mapping);
            return format!("rgb({r} {g} {b}{})", alpha_suffix(c.alpha));
        }
        CssFormat::Hsl => ColorSpace::Hsl,
        CssFormat::Hwb => ColorSpace::Hwb,
        CssFormat::Oklch => ColorSpace::Oklch,
        CssFormat::Oklab => ColorSpace::Oklab,
        CssFormat::Lab => ColorSpace::Lab,
        CssFormat::Lch => ColorSpace::Lch,
        CssFormat::DisplayP3 => ColorSpace::DisplayP3,
        CssFormat::Native => c.space,
    };
    write_native(&to_gamut(c, space, mapping))
}

/// Writes a colour in the CSS syntax of its own space, without any conversion.
fn write_native(c: &Color) -> String {
    let [x, y, z] = c.components;
    let alpha = alpha_suffix(c.alpha);
    match c.space {
        ColorSpace::Hsl => format!("hsl({} {} {}{alpha})", hue(x), pct(y), pct(z)),
        ColorSpace::Hwb => format!("hwb({} {} {}{alpha})", hue(x), pct(y), pct(z)),
        ColorSpace::Lab => format!(
            "lab({} {} {}{alpha})",
            num(lightness(x, 100.0), 2),
            num(y, 2),
            num(z, 2)
        ),
        ColorSpace::Lch => {
            let (c, h) = chroma_hue(y, z, 2);
            format!("lch({} {c} {h}{alpha})", num(lightness(x, 100.0), 2))
        }
        ColorSpace::Oklab => format!(
            "oklab({} {} {}{alpha})",
            num(lightness(x, 1.0), 4),
            num(y, 4),
            num(z, 4)
        ),
        ColorSpace::Oklch => {
            let (c, h) = chroma_hue(y, z, 4);
            format!("oklch({} {c} {h}{alpha})", num(lightness(x, 1.0), 4))
        }
        space => format!(
            "color({} {} {} {}{alpha})",
            space.as_str(),
            num(x, 4),
            num(y, 4),
            num(z, 4)
        ),
    }
}

/// Lightness clamped to its meaningful range `[0, max]` (CSS clamps it too; a conversion
/// can land a hair outside, e.g. an almost-black Lab colour in Oklab).
fn lightness(l: Option<f64>, max: f64) -> Option<f64> {
    l.map(|l| l.clamp(0.0, max))
}

/// Chroma and hue; a chroma that prints as 0 makes the hue powerless (`none`).
fn chroma_hue(c: Option<f64>, h: Option<f64>, decimals: usize) -> (String, String) {
    let c = num(c, decimals);
    let h = if c == "0" { "none".to_owned() } else { hue(h) };
    (c, h)
}

/// ` / a` when alpha is below 1 at 4 decimals; empty otherwise.
fn alpha_suffix(alpha: f64) -> String {
    let a = fixed(super::gamut::clamp01(alpha), 4);
    if a == "1" {
        String::new()
    } else {
        format!(" / {a}")
    }
}

/// A component with `decimals` digits, or `none`.
fn num(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "none".to_owned(), |v| fixed(v, decimals))
}

/// A percentage with 2 decimals, or `none`.
fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "none".to_owned(), |v| format!("{}%", fixed(v, 2)))
}

/// A hue in [0, 360) with 2 decimals, or `none`.
fn hue(x: Option<f64>) -> String {
    match x {
        None => "none".to_owned(),
        Some(h) => {
            let h = if h.is_finite() {
                super::parse::normalize_hue(h)
            } else {
                0.0
            };
            let s = fixed(h, 2);
            if s == "360" {
                "0".to_owned()
            } else {
                s
            }
        }
    }
}

/// `x` rounded to `decimals`, trailing zeros trimmed, never `-0`, non-finite as `0`.
fn fixed(x: f64, decimals: usize) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let mut s = format!("{x:.decimals$}");
    if s.contains('.') {
        let trimmed = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(trimmed);
    }
    if s == "-0" {
        s = "0".to_owned();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_precision() {
        let cases = [
            (0.5, 4, "0.5"),
            (1.0, 4, "1"),
            (-0.00001, 4, "0"),
            (-0.0, 2, "0"),
            (0.123456, 4, "0.1235"),
            (100.0, 2, "100"),
            (f64::NAN, 2, "0"),
            (f64::INFINITY, 2, "0"),
            (-12.5, 0, "-12"),
        ];
        for (x, d, want) in cases {
            assert_eq!(fixed(x, d), want, "{x} at {d}");
        }
    }

    #[test]
    fn hue_never_prints_360() {
        assert_eq!(hue(Some(359.999)), "0");
        assert_eq!(hue(Some(360.0)), "0");
        assert_eq!(hue(Some(-30.0)), "330");
        assert_eq!(hue(None), "none");
    }

    #[test]
    fn alpha_suffix_only_below_one() {
        assert_eq!(alpha_suffix(1.0), "");
        assert_eq!(alpha_suffix(0.99999), "");
        assert_eq!(alpha_suffix(0.5), " / 0.5");
        assert_eq!(alpha_suffix(0.0), " / 0");
        assert_eq!(alpha_suffix(2.0), "");
    }
}
