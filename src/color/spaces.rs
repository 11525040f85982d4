//! Per-space conversions to and from the XYZ-D65 hub, ported from the definitions of
//! CSS Color 4 ("Sample code for Color Conversions", and the HSL and HWB chapters).
//!
//! Components here are plain `f64`s in DTCG units (HSL/HWB percentages as 0–100 numbers,
//! Lab lightness 0–100, Oklab lightness 0–1). Polar outputs report a powerless hue
//! separately instead of CSS's `NaN`.

use super::matrices::{self as m, mul};
use crate::model::ColorSpace;

/// Three components.
pub(crate) type V3 = [f64; 3];

/// Chroma at or below which an LCH hue is powerless (CSS Color 4 `Lab_to_LCH`).
const LCH_POWERLESS: f64 = 0.0015;
/// Chroma at or below which an OkLCh hue is powerless (CSS Color 4 `OKLab_to_OKLCH`).
const OKLCH_POWERLESS: f64 = 0.000_004;
/// Max − min of sRGB channels below which an HSL/HWB hue is powerless. CSS uses exact
/// zero; a tiny tolerance keeps float noise (e.g. white from another space) achromatic.
const HSL_POWERLESS: f64 = 1e-9;

/// The space whose coordinates a space is a re-parameterisation of: HSL and HWB are
/// forms of sRGB, LCH of Lab, OkLCh of Oklab. Conversions within one family skip XYZ.
pub(crate) fn base(space: ColorSpace) -> ColorSpace {
    match space {
        ColorSpace::Hsl | ColorSpace::Hwb => ColorSpace::Srgb,
        ColorSpace::Lch => ColorSpace::Lab,
        ColorSpace::Oklch => ColorSpace::Oklab,
        other => other,
    }
}

/// Index of the hue component: the first for HSL and HWB, the third for LCH and OkLCh.
pub(crate) fn hue_index(space: ColorSpace) -> Option<usize> {
    match space {
        ColorSpace::Hsl | ColorSpace::Hwb => Some(0),
        ColorSpace::Lch | ColorSpace::Oklch => Some(2),
        _ => None,
    }
}

/// `space` coordinates → coordinates of `base(space)`.
pub(crate) fn to_base(space: ColorSpace, v: V3) -> V3 {
    match space {
        ColorSpace::Hsl => hsl_to_srgb(v),
        ColorSpace::Hwb => hwb_to_srgb(v),
        ColorSpace::Lch | ColorSpace::Oklch => polar_to_rect(v),
        _ => v,
    }
}

/// Coordinates of `base(space)` → `space` coordinates, and whether the hue is powerless.
pub(crate) fn from_base(space: ColorSpace, v: V3) -> (V3, bool) {
    match space {
        ColorSpace::Hsl => srgb_to_hsl(v),
        ColorSpace::Hwb => srgb_to_hwb(v),
        ColorSpace::Lch => rect_to_polar(v, LCH_POWERLESS),
        ColorSpace::Oklch => rect_to_polar(v, OKLCH_POWERLESS),
        _ => (v, false),
    }
}

/// Coordinates of `base(space)` → XYZ-D65.
pub(crate) fn base_to_xyz(space: ColorSpace, v: V3) -> V3 {
    match base(space) {
        rgb @ (ColorSpace::Srgb
        | ColorSpace::SrgbLinear
        | ColorSpace::DisplayP3
        | ColorSpace::A98Rgb
        | ColorSpace::ProphotoRgb
        | ColorSpace::Rec2020) => linear_to_xyz(rgb, decode(rgb, v)),
        ColorSpace::XyzD50 => d50_to_d65(v),
        ColorSpace::Lab => d50_to_d65(lab_to_xyz_d50(v)),
        ColorSpace::Oklab => oklab_to_xyz(v),
        _ => v,
    }
}

/// XYZ-D65 → coordinates of `base(space)`.
pub(crate) fn xyz_to_base(space: ColorSpace, xyz: V3) -> V3 {
    match base(space) {
        rgb @ (ColorSpace::Srgb
        | ColorSpace::SrgbLinear
        | ColorSpace::DisplayP3
        | ColorSpace::A98Rgb
        | ColorSpace::ProphotoRgb
        | ColorSpace::Rec2020) => encode(rgb, xyz_to_linear(rgb, xyz)),
        ColorSpace::XyzD50 => d65_to_d50(xyz),
        ColorSpace::Lab => xyz_d50_to_lab(d65_to_d50(xyz)),
        ColorSpace::Oklab => xyz_to_oklab(xyz),
        _ => xyz,
    }
}

/// XYZ-D65 → linear-light channels of an RGB space (other spaces: unchanged).
pub(crate) fn xyz_to_linear(rgb: ColorSpace, xyz: V3) -> V3 {
    match rgb {
        ColorSpace::Srgb | ColorSpace::SrgbLinear => mul(&m::XYZ_TO_SRGB, xyz),
        ColorSpace::DisplayP3 => mul(&m::XYZ_TO_P3, xyz),
        ColorSpace::A98Rgb => mul(&m::XYZ_TO_A98, xyz),
        ColorSpace::ProphotoRgb => mul(&m::XYZ_D50_TO_PROPHOTO, d65_to_d50(xyz)),
        ColorSpace::Rec2020 => mul(&m::XYZ_TO_REC2020, xyz),
        _ => xyz,
    }
}

/// Linear-light channels of an RGB space → XYZ-D65 (other spaces: unchanged).
pub(crate) fn linear_to_xyz(rgb: ColorSpace, lin: V3) -> V3 {
    match rgb {
        ColorSpace::Srgb | ColorSpace::SrgbLinear => mul(&m::SRGB_TO_XYZ, lin),
        ColorSpace::DisplayP3 => mul(&m::P3_TO_XYZ, lin),
        ColorSpace::A98Rgb => mul(&m::A98_TO_XYZ, lin),
        ColorSpace::ProphotoRgb => d50_to_d65(mul(&m::PROPHOTO_TO_XYZ_D50, lin)),
        ColorSpace::Rec2020 => mul(&m::REC2020_TO_XYZ, lin),
        _ => lin,
    }
}

/// Transfer function of an RGB space: encoded → linear light.
fn decode(rgb: ColorSpace, v: V3) -> V3 {
    match rgb {
        ColorSpace::Srgb | ColorSpace::DisplayP3 => v.map(lin_srgb),
        ColorSpace::A98Rgb => v.map(lin_a98),
        ColorSpace::ProphotoRgb => v.map(lin_prophoto),
        ColorSpace::Rec2020 => v.map(lin_2020),
        _ => v,
    }
}

/// Inverse transfer function of an RGB space: linear light → encoded. Each curve is
/// monotonic and fixes 0 and 1, so clamping to [0, 1] commutes with it.
pub(crate) fn encode(rgb: ColorSpace, lin: V3) -> V3 {
    match rgb {
        ColorSpace::Srgb | ColorSpace::DisplayP3 => lin.map(gam_srgb),
        ColorSpace::A98Rgb => lin.map(gam_a98),
        ColorSpace::ProphotoRgb => lin.map(gam_prophoto),
        ColorSpace::Rec2020 => lin.map(gam_2020),
        _ => lin,
    }
}

/// Any space → XYZ-D65.
pub(crate) fn to_xyz(space: ColorSpace, v: V3) -> V3 {
    base_to_xyz(base(space), to_base(space, v))
}

/// XYZ-D65 → any space, and whether the hue is powerless.
pub(crate) fn from_xyz(space: ColorSpace, xyz: V3) -> (V3, bool) {
    from_base(space, xyz_to_base(space, xyz))
}

/// Converts coordinates between two spaces (XYZ-D65 hub, or directly within a family).
pub(crate) fn convert_v(from: ColorSpace, to: ColorSpace, v: V3) -> (V3, bool) {
    if from == to {
        return (v, false);
    }
    if base(from) == base(to) {
        from_base(to, to_base(from, v))
    } else {
        from_xyz(to, to_xyz(from, v))
    }
}

fn d50_to_d65(v: V3) -> V3 {
    mul(&m::D50_TO_D65, v)
}

fn d65_to_d50(v: V3) -> V3 {
    mul(&m::D65_TO_D50, v)
}

/// Applies `f` to |x| and restores the sign (the "extended" transfer functions).
fn mirrored(x: f64, f: impl Fn(f64) -> f64) -> f64 {
    if x < 0.0 {
        -f(-x)
    } else {
        f(x)
    }
}

/// sRGB (and Display P3) gamma-encoded → linear (`lin_sRGB`).
fn lin_srgb(x: f64) -> f64 {
    mirrored(x, |a| {
        if a <= 0.04045 {
            a / 12.92
        } else {
            ((a + 0.055) / 1.055).powf(2.4)
        }
    })
}

/// Linear → sRGB gamma-encoded (`gam_sRGB`).
fn gam_srgb(x: f64) -> f64 {
    mirrored(x, |a| {
        if a > 0.003_130_8 {
            1.055 * a.powf(1.0 / 2.4) - 0.055
        } else {
            12.92 * a
        }
    })
}

/// A98 RGB → linear: pure power 563/256 (`lin_a98rgb`).
fn lin_a98(x: f64) -> f64 {
    mirrored(x, |a| a.powf(563.0 / 256.0))
}

fn gam_a98(x: f64) -> f64 {
    mirrored(x, |a| a.powf(256.0 / 563.0))
}

/// ProPhoto → linear: power 1.8 with a linear segment below 16/512 (`lin_ProPhoto`).
fn lin_prophoto(x: f64) -> f64 {
    mirrored(x, |a| {
        if a <= 16.0 / 512.0 {
            a / 16.0
        } else {
            a.powf(1.8)
        }
    })
}

fn gam_prophoto(x: f64) -> f64 {
    mirrored(x, |a| {
        if a >= 1.0 / 512.0 {
            a.powf(1.0 / 1.8)
        } else {
            16.0 * a
        }
    })
}

/// BT.2020 constants (ITU-R BT.2020-2, as in CSS Color 4 `lin_2020`).
const BT2020_ALPHA: f64 = 1.099_296_826_809_44;
const BT2020_BETA: f64 = 0.018_053_968_510_807;

fn lin_2020(x: f64) -> f64 {
    mirrored(x, |a| {
        if a < BT2020_BETA * 4.5 {
            a / 4.5
        } else {
            ((a + BT2020_ALPHA - 1.0) / BT2020_ALPHA).powf(1.0 / 0.45)
        }
    })
}

fn gam_2020(x: f64) -> f64 {
    mirrored(x, |a| {
        if a > BT2020_BETA {
            BT2020_ALPHA * a.powf(0.45) - (BT2020_ALPHA - 1.0)
        } else {
            4.5 * a
        }
    })
}

/// CIE ε and κ as exact rationals (CIE 015:2018).
const LAB_E: f64 = 216.0 / 24389.0;
const LAB_K: f64 = 24389.0 / 27.0;

fn xyz_d50_to_lab(xyz: V3) -> V3 {
    let f = |i: usize| {
        let v = xyz[i] / m::D50[i];
        if v > LAB_E {
            v.cbrt()
        } else {
            (LAB_K * v + 16.0) / 116.0
        }
    };
    let (f0, f1, f2) = (f(0), f(1), f(2));
    [116.0 * f1 - 16.0, 500.0 * (f0 - f1), 200.0 * (f1 - f2)]
}

fn lab_to_xyz_d50(lab: V3) -> V3 {
    let f1 = (lab[0] + 16.0) / 116.0;
    let f0 = lab[1] / 500.0 + f1;
    let f2 = f1 - lab[2] / 200.0;
    let inv = |f: f64| {
        let c = f * f * f;
        if c > LAB_E {
            c
        } else {
            (116.0 * f - 16.0) / LAB_K
        }
    };
    let y = if lab[0] > LAB_K * LAB_E {
        f1 * f1 * f1
    } else {
        lab[0] / LAB_K
    };
    [inv(f0) * m::D50[0], y * m::D50[1], inv(f2) * m::D50[2]]
}

fn xyz_to_oklab(xyz: V3) -> V3 {
    // f64::cbrt is sign-preserving, as the CSS sample code requires.
    mul(&m::LMS_TO_OKLAB, mul(&m::XYZ_TO_LMS, xyz).map(f64::cbrt))
}

fn oklab_to_xyz(lab: V3) -> V3 {
    mul(
        &m::LMS_TO_XYZ,
        mul(&m::OKLAB_TO_LMS, lab).map(|c| c * c * c),
    )
}

/// `[L, a, b]` → `[L, C, h]`, h in [0, 360); powerless when C ≤ `eps`.
fn rect_to_polar(v: V3, eps: f64) -> (V3, bool) {
    let c = v[1].hypot(v[2]);
    let h = normalize(v[2].atan2(v[1]).to_degrees());
    if c <= eps {
        ([v[0], c, 0.0], true)
    } else {
        ([v[0], c, h], false)
    }
}

fn polar_to_rect(v: V3) -> V3 {
    let (s, c) = v[2].to_radians().sin_cos();
    [v[0], v[1] * c, v[1] * s]
}

/// Any finite angle → [0, 360).
fn normalize(h: f64) -> f64 {
    super::parse::normalize_hue(h)
}

/// HSL (hue degrees, S and L 0–100) → sRGB (CSS Color 4 `hslToRgb`).
fn hsl_to_srgb(v: V3) -> V3 {
    let h = normalize(v[0]);
    let (s, l) = (v[1] / 100.0, v[2] / 100.0);
    let a = s * l.min(1.0 - l);
    let f = |n: f64| {
        let k = (n + h / 30.0) % 12.0;
        l - a * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0)
    };
    [f(0.0), f(8.0), f(4.0)]
}

/// sRGB → HSL (CSS Color 4 `rgbToHsl`), with a powerless hue flag.
fn srgb_to_hsl(rgb: V3) -> (V3, bool) {
    let [r, g, b] = rgb;
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = (min + max) / 2.0;
    let d = max - min;
    if d.is_nan() || d <= HSL_POWERLESS {
        return ([0.0, 0.0, l * 100.0], true);
    }
    let mut s = if l == 0.0 || l == 1.0 {
        0.0
    } else {
        (max - l) / l.min(1.0 - l)
    };
    let mut h = if max == r {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    } * 60.0;
    // Very out-of-gamut colours can give a negative saturation: rotate the hue instead
    // (csswg-drafts issue 9222).
    if s < 0.0 {
        h += 180.0;
        s = -s;
    }
    ([normalize(h), s * 100.0, l * 100.0], false)
}

/// HWB (hue degrees, W and B 0–100) → sRGB (CSS Color 4 `hwbToRgb`).
fn hwb_to_srgb(v: V3) -> V3 {
    let (w, b) = (v[1] / 100.0, v[2] / 100.0);
    if w + b >= 1.0 {
        let grey = w / (w + b);
        return [grey; 3];
    }
    hsl_to_srgb([v[0], 100.0, 50.0]).map(|c| c * (1.0 - w - b) + w)
}

/// sRGB → HWB (CSS Color 4 `rgbToHwb`), with a powerless hue flag.
fn srgb_to_hwb(rgb: V3) -> (V3, bool) {
    let ([h, _, _], powerless) = srgb_to_hsl(rgb);
    let white = rgb[0].min(rgb[1]).min(rgb[2]);
    let black = 1.0 - rgb[0].max(rgb[1]).max(rgb[2]);
    ([h, white * 100.0, black * 100.0], powerless)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: V3, b: V3, tol: f64) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
    }

    #[test]
    fn hsl_known_pairs() {
        // Well-known pairs (CSS Color 4 §7 examples and the named-colour table).
        let cases: [(V3, V3); 5] = [
            ([0.0, 100.0, 50.0], [1.0, 0.0, 0.0]),
            ([120.0, 100.0, 25.0], [0.0, 0.5, 0.0]),
            ([240.0, 100.0, 50.0], [0.0, 0.0, 1.0]),
            ([60.0, 100.0, 50.0], [1.0, 1.0, 0.0]),
            ([0.0, 0.0, 50.0], [0.5, 0.5, 0.5]),
        ];
        for (hsl, rgb) in cases {
            assert!(close(hsl_to_srgb(hsl), rgb, 1e-12), "{hsl:?}");
        }
        let (hsl, powerless) = srgb_to_hsl([0.5, 0.5, 0.5]);
        assert!(powerless);
        assert!(close(hsl, [0.0, 0.0, 50.0], 1e-12));
        let (hsl, powerless) = srgb_to_hsl([0.0, 0.5, 0.0]);
        assert!(!powerless);
        assert!(close(hsl, [120.0, 100.0, 25.0], 1e-12));
    }

    #[test]
    fn hwb_grey_when_whiteness_plus_blackness_exceeds_one() {
        assert!(close(hwb_to_srgb([123.0, 60.0, 60.0]), [0.5; 3], 1e-12));
        assert!(close(hwb_to_srgb([0.0, 0.0, 0.0]), [1.0, 0.0, 0.0], 1e-12));
    }

    #[test]
    fn transfer_functions_invert() {
        type Transfer = fn(f64) -> f64;
        let fns: [(Transfer, Transfer); 4] = [
            (lin_srgb, gam_srgb),
            (lin_a98, gam_a98),
            (lin_prophoto, gam_prophoto),
            (lin_2020, gam_2020),
        ];
        for (lin, gam) in fns {
            for x in [
                -1.2, -0.5, -0.01, 0.0, 0.001, 0.02, 0.04, 0.3, 0.7, 1.0, 1.3,
            ] {
                assert!((gam(lin(x)) - x).abs() < 1e-12, "{x}");
            }
        }
    }

    #[test]
    fn white_is_white_everywhere() {
        let white = to_xyz(ColorSpace::Srgb, [1.0; 3]);
        for space in [
            ColorSpace::DisplayP3,
            ColorSpace::A98Rgb,
            ColorSpace::ProphotoRgb,
            ColorSpace::Rec2020,
            ColorSpace::SrgbLinear,
        ] {
            let (v, _) = from_xyz(space, white);
            assert!(close(v, [1.0; 3], 1e-9), "{space:?}: {v:?}");
        }
        let (lab, _) = from_xyz(ColorSpace::Lab, white);
        assert!(close(lab, [100.0, 0.0, 0.0], 1e-6), "{lab:?}");
        let (oklab, _) = from_xyz(ColorSpace::Oklab, white);
        assert!(close(oklab, [1.0, 0.0, 0.0], 1e-6), "{oklab:?}");
    }
}
