//! Colour science for the 14 DTCG colour spaces, following CSS Color Module Level 4.
//!
//! - [`parse_css`]: CSS colour strings (`#hex`, `rgb()`, `hsl()`, `oklch()`, `color()`,
//!   named colours) into a [`Color`].
//! - [`convert`]: exact conversion between any two spaces through the XYZ-D65 hub
//!   (Bradford adaptation for the D50 spaces `lab`, `lch`, `prophoto-rgb`, `xyz-d50`).
//!   Matrices and transfer functions are those of CSS Color 4's "Sample code for Color
//!   Conversions"; HSL and HWB follow its HSL and HWB chapters.
//! - [`in_gamut`], [`to_gamut`]: gamut checks and mapping into the RGB spaces, by channel
//!   clipping or by the CSS Color 4 binary-search algorithm with local MINDE.
//! - [`to_srgb8`], [`to_hex`], [`to_hex6`], [`to_css`]: output forms for emitters.
//!
//! Conventions: a `none` component converts as 0; converting into a polar space
//! (`hsl`, `hwb`, `lch`, `oklch`) yields a `none` hue when the hue is powerless
//! (achromatic colours: OkLCh chroma ≤ 0.000004, LCH chroma ≤ 0.0015, sRGB channel
//! spread ≤ 1e-9); hues are normalised to [0, 360). Alpha is carried unchanged.
//!
//! ```
//! use tokencraft::color::{parse_css, to_css, to_hex, CssFormat, GamutMapping};
//! let red = parse_css("#ff0000").unwrap();
//! assert_eq!(to_css(&red, CssFormat::Oklch, GamutMapping::Css), "oklch(0.628 0.2577 29.23)");
//! let p3 = parse_css("color(display-p3 1 0 1)").unwrap();
//! assert_eq!(to_hex(&p3, GamutMapping::Clip), "#ff00ff");
//! assert_eq!(to_hex(&p3, GamutMapping::Css), "#ff2bfb");
//! ```

mod format;
mod gamut;
mod matrices;
mod named;
mod parse;
mod spaces;

pub use format::{to_css, CssFormat};
pub use parse::parse_css;

use crate::model::{Color, ColorSpace};
use gamut::{clamp01, clip, css_map, gamut_space, in_cube};
use spaces::{convert_v, hue_index, V3};

/// How colours outside a destination gamut are brought inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum GamutMapping {
    /// Clamp each channel of the destination space to [0, 1] (what the DTCG examples do
    /// for their hex fallbacks).
    Clip,
    /// CSS Color 4 gamut mapping: binary search on OkLCh chroma with local MINDE
    /// (deltaEOK, JND 0.02). Keeps lightness and hue; the perceptually better default.
    #[default]
    Css,
}

/// The components as numbers, `none` read as 0.
fn values(c: &Color) -> V3 {
    c.components.map(|x| x.unwrap_or(0.0))
}

/// Builds a colour from computed components; non-finite results (only possible when
/// the input overflows `f64`) become 0, and a powerless hue becomes `none`.
fn build(space: ColorSpace, v: V3, powerless: bool, alpha: f64) -> Color {
    let mut components = v.map(|x| Some(if x.is_finite() { x } else { 0.0 }));
    if powerless {
        if let Some(slot) = hue_index(space).and_then(|i| components.get_mut(i)) {
            *slot = None;
        }
    }
    Color {
        space,
        components,
        alpha,
        hex: None,
    }
}

/// Converts `c` into `to` without gamut mapping (the result may lie outside the
/// destination's gamut). Alpha is kept; `hex` is dropped. Converting a colour into its
/// own space returns its components unchanged (including `none`), except that a hue is
/// normalised into [0, 360) (so 360 becomes 0).
///
/// ```
/// use tokencraft::color::{convert, parse_css};
/// use tokencraft::model::ColorSpace;
/// let hsl = convert(&parse_css("#00ff00").unwrap(), ColorSpace::Hsl);
/// let [h, s, l] = hsl.components.map(Option::unwrap);
/// assert!((h - 120.0).abs() < 1e-9 && (s - 100.0).abs() < 1e-9 && (l - 50.0).abs() < 1e-9);
/// let grey = convert(&parse_css("#808080").unwrap(), ColorSpace::Oklch);
/// assert_eq!(grey.components[2], None); // powerless hue
/// ```
pub fn convert(c: &Color, to: ColorSpace) -> Color {
    if c.space == to {
        let mut same = Color {
            hex: None,
            ..c.clone()
        };
        if let Some(Some(h)) = hue_index(to).and_then(|i| same.components.get_mut(i)) {
            if h.is_finite() {
                *h = parse::normalize_hue(*h);
            }
        }
        return same;
    }
    let (v, powerless) = convert_v(c.space, to, values(c));
    build(to, v, powerless, c.alpha)
}

/// Whether `c` lies inside the gamut of `space`, allowing 1e-6 of float noise per
/// channel. HSL and HWB use the sRGB gamut; XYZ, Lab, LCH, Oklab and OkLCh have no
/// gamut limits, so every finite colour is inside them.
pub fn in_gamut(c: &Color, space: ColorSpace) -> bool {
    let v = values(c);
    match gamut_space(space) {
        Some(rgb) => in_cube(convert_v(c.space, rgb, v).0),
        None => convert_v(c.space, space, v).0.iter().all(|x| x.is_finite()),
    }
}

/// Converts `c` into `space` and brings it inside that space's gamut with `mapping`.
/// Spaces without gamut limits are plain conversions. A colour already in `space` and
/// inside its gamut comes back unchanged (including `none` components).
pub fn to_gamut(c: &Color, space: ColorSpace, mapping: GamutMapping) -> Color {
    let Some(rgb) = gamut_space(space) else {
        return convert(c, space);
    };
    if c.space == space && in_gamut(c, space) {
        return convert(c, space);
    }
    let mapped = map_into(c, rgb, mapping);
    let (v, powerless) = convert_v(rgb, space, mapped);
    build(space, v, powerless, c.alpha)
}

/// Maps `c` into the unit cube of the RGB space `rgb`.
fn map_into(c: &Color, rgb: ColorSpace, mapping: GamutMapping) -> V3 {
    match mapping {
        GamutMapping::Clip => clip(c.space, values(c), rgb),
        GamutMapping::Css => css_map(c.space, values(c), rgb),
    }
}

/// 8-bit sRGB channels and alpha: the colour is mapped into sRGB, clamped, and each
/// channel (alpha too) becomes `round(c × 255)`.
///
/// ```
/// use tokencraft::color::{parse_css, to_srgb8, GamutMapping};
/// let c = parse_css("rgb(59 130 246 / 0.5)").unwrap();
/// assert_eq!(to_srgb8(&c, GamutMapping::Css), [59, 130, 246, 128]);
/// ```
pub fn to_srgb8(c: &Color, mapping: GamutMapping) -> [u8; 4] {
    let [r, g, b] = map_into(c, ColorSpace::Srgb, mapping);
    [byte(r), byte(g), byte(b), byte(c.alpha)]
}

/// `round(clamp(x) × 255)`; the float-to-int cast saturates and cannot fail.
fn byte(x: f64) -> u8 {
    (clamp01(x) * 255.0).round() as u8
}

/// `#rrggbb`, or `#rrggbbaa` when alpha rounds below 255 (that is, alpha < 1 at 8-bit
/// precision). Lower-case.
pub fn to_hex(c: &Color, mapping: GamutMapping) -> String {
    let [r, g, b, a] = to_srgb8(c, mapping);
    if a < 255 {
        format!("#{r:02x}{g:02x}{b:02x}{a:02x}")
    } else {
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// Always `#rrggbb`, alpha ignored: the DTCG `hex` fallback form (TR-C §4.1).
pub fn to_hex6(c: &Color, mapping: GamutMapping) -> String {
    let [r, g, b, _] = to_srgb8(c, mapping);
    format!("#{r:02x}{g:02x}{b:02x}")
}
