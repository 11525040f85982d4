//! Colour output for every emitter, decided in one place. Conversion and gamut mapping are
//! the `color` module's; this file picks the syntax per option and platform.

use super::options::{ColorFormat, GamutMode};
use crate::color::{self, CssFormat, GamutMapping};
use crate::model::{Color, ColorSpace};

fn mapping(g: GamutMode) -> GamutMapping {
    match g {
        GamutMode::Css => GamutMapping::Css,
        GamutMode::Clip => GamutMapping::Clip,
    }
}

/// 8-bit sRGB channels and alpha, after gamut mapping.
pub fn srgb8(c: &Color, g: GamutMode) -> [u8; 4] {
    // Fast path: an sRGB colour already inside the gamut maps to itself under either
    // mapping, so its bytes are `round(c × 255)` without a trip through OkLCh.
    if c.space == ColorSpace::Srgb && c.alpha.is_finite() {
        let [r, gr, b] = c.components.map(|x| x.unwrap_or(0.0));
        if [r, gr, b].iter().all(|x| (0.0..=1.0).contains(x)) {
            let byte = |x: f64| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
            return [byte(r), byte(gr), byte(b), byte(c.alpha)];
        }
    }
    color::to_srgb8(c, mapping(g))
}

/// Appends `#rrggbb` (or `#rrggbbaa` when alpha < 1) to `out`.
pub fn hex_into(out: &mut String, c: &Color, g: GamutMode) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let [r, gr, b, a] = srgb8(c, g);
    out.push('#');
    let bytes: &[u8] = if a == 255 {
        &[r, gr, b]
    } else {
        &[r, gr, b, a]
    };
    for v in bytes {
        out.push(char::from(DIGITS[usize::from(v >> 4)]));
        out.push(char::from(DIGITS[usize::from(v & 15)]));
    }
}

/// Always `#rrggbbaa`.
pub fn hex8(c: &Color, g: GamutMode) -> String {
    let [r, gr, b, a] = srgb8(c, g);
    format!("#{r:02x}{gr:02x}{b:02x}{a:02x}")
}

/// Android's `#AARRGGBB` (or `#RRGGBB` when opaque), lower-case.
pub fn android(c: &Color, g: GamutMode) -> String {
    let [r, gr, b, a] = srgb8(c, g);
    if a == 255 {
        format!("#{r:02x}{gr:02x}{b:02x}")
    } else {
        format!("#{a:02x}{r:02x}{gr:02x}{b:02x}")
    }
}

/// `0xAARRGGBB` for Compose and Flutter `Color(…)`.
pub fn argb_literal(c: &Color, g: GamutMode) -> String {
    let [r, gr, b, a] = srgb8(c, g);
    format!("0x{a:02X}{r:02X}{gr:02X}{b:02X}")
}

/// True when the colour is inside sRGB.
pub fn in_srgb(c: &Color) -> bool {
    color::in_gamut(c, ColorSpace::Srgb)
}

/// Display-P3 components and alpha (gamut-mapped to P3).
pub fn p3(c: &Color, g: GamutMode) -> [f64; 4] {
    let m = color::to_gamut(c, ColorSpace::DisplayP3, mapping(g));
    let ch = |i: usize| m.components.get(i).copied().flatten().unwrap_or(0.0);
    [ch(0), ch(1), ch(2), m.alpha]
}

/// A CSS colour in the chosen format. For `DisplayP3` see [`css_p3_fallback`].
pub fn css(c: &Color, f: ColorFormat, g: GamutMode) -> String {
    let m = mapping(g);
    match f {
        ColorFormat::Hex => {
            let mut s = String::with_capacity(9);
            hex_into(&mut s, c, g);
            s
        }
        ColorFormat::Hex8 => hex8(c, g),
        ColorFormat::Rgb => color::to_css(c, CssFormat::Rgb, m),
        ColorFormat::Hsl => color::to_css(c, CssFormat::Hsl, m),
        ColorFormat::Oklch => color::to_css(c, CssFormat::Oklch, m),
        ColorFormat::DisplayP3 => color::to_css(c, CssFormat::DisplayP3, m),
    }
}

/// UIKit channels `[r, g, b, a]` as 0–1 from the 8-bit sRGB value (Tokencraft's export
/// prints `channel / 255` to three decimals).
pub fn unit_channels(c: &Color, g: GamutMode) -> [f64; 4] {
    let [r, gr, b, a] = srgb8(c, g);
    [r, gr, b, a].map(|v| f64::from(v) / 255.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_path_agrees_with_the_color_module() {
        for i in 0..=20 {
            for j in 0..=20 {
                let x = f64::from(i) / 20.0;
                let y = f64::from(j) / 20.0;
                let c = Color {
                    space: ColorSpace::Srgb,
                    components: [Some(x), Some(y), Some(1.0 - x)],
                    alpha: y,
                    hex: None,
                };
                for g in [GamutMode::Css, GamutMode::Clip] {
                    assert_eq!(srgb8(&c, g), color::to_srgb8(&c, mapping(g)), "{c:?}");
                    let mut s = String::new();
                    hex_into(&mut s, &c, g);
                    assert_eq!(s, color::to_hex(&c, mapping(g)));
                }
            }
        }
    }
}
