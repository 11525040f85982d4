//! Colour output for every emitter, decided in one place. Conversion and gamut mapping are
//! the `color` module's; this file picks the syntax per option and platform.

use super::options::{ColorFormat, GamutMode};
use super::values::num;
use crate::model::{Color, ColorSpace};
use shim::{self as color, CssFormat, GamutMapping};

fn mapping(g: GamutMode) -> GamutMapping {
    match g {
        GamutMode::Css => GamutMapping::Css,
        GamutMode::Clip => GamutMapping::Clip,
    }
}

/// 8-bit sRGB channels and alpha, after gamut mapping.
pub fn srgb8(c: &Color, g: GamutMode) -> [u8; 4] {
    color::to_srgb8(c, mapping(g))
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
        ColorFormat::Hex => color::to_hex(c, m),
        ColorFormat::Hex8 => hex8(c, g),
        ColorFormat::Rgb => color::to_css(c, CssFormat::Rgb, m),
        ColorFormat::Hsl => color::to_css(c, CssFormat::Hsl, m),
        ColorFormat::Oklch => color::to_css(c, CssFormat::Oklch, m),
        ColorFormat::DisplayP3 => {
            let [r, gr, b, a] = p3(c, g);
            if a < 1.0 {
                format!(
                    "color(display-p3 {} {} {} / {})",
                    num(r),
                    num(gr),
                    num(b),
                    num(a)
                )
            } else {
                format!("color(display-p3 {} {} {})", num(r), num(gr), num(b))
            }
        }
    }
}

/// UIKit channels `[r, g, b, a]` as 0–1 from the 8-bit sRGB value (Tokencraft's export
/// prints `channel / 255` to three decimals).
pub fn unit_channels(c: &Color, g: GamutMode) -> [f64; 4] {
    let [r, gr, b, a] = srgb8(c, g);
    [r, gr, b, a].map(|v| f64::from(v) / 255.0)
}

/// Interim sRGB-only conversions until the `color` module lands (replaced on merge).
mod shim {
    use crate::model::{Color, ColorSpace};
    pub enum GamutMapping {
        Clip,
        Css,
    }
    pub enum CssFormat {
        Rgb,
        Hsl,
        Oklch,
    }
    fn ch(c: &Color) -> [f64; 3] {
        if c.space == ColorSpace::Srgb {
            return c.components.map(|x| x.unwrap_or(0.0));
        }
        if let Some(h) = &c.hex {
            let v = u32::from_str_radix(h.trim_start_matches('#'), 16).unwrap_or(0);
            return [(v >> 16) & 255, (v >> 8) & 255, v & 255].map(|x| f64::from(x) / 255.0);
        }
        [0.0; 3]
    }
    pub fn to_srgb8(c: &Color, _m: GamutMapping) -> [u8; 4] {
        let [r, g, b] = ch(c).map(|x| (x.clamp(0.0, 1.0) * 255.0).round() as u8);
        [r, g, b, (c.alpha.clamp(0.0, 1.0) * 255.0).round() as u8]
    }
    pub fn to_hex(c: &Color, m: GamutMapping) -> String {
        let [r, g, b, a] = to_srgb8(c, m);
        if a == 255 {
            format!("#{r:02x}{g:02x}{b:02x}")
        } else {
            format!("#{r:02x}{g:02x}{b:02x}{a:02x}")
        }
    }
    pub fn in_gamut(c: &Color, _s: ColorSpace) -> bool {
        c.space == ColorSpace::Srgb
    }
    pub fn to_gamut(c: &Color, _s: ColorSpace, _m: GamutMapping) -> Color {
        c.clone()
    }
    pub fn to_css(c: &Color, _f: CssFormat, m: GamutMapping) -> String {
        let [r, g, b, _] = to_srgb8(c, m);
        format!("rgb({r} {g} {b})")
    }
}
