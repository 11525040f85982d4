//! Gamut checks and gamut mapping into the RGB spaces.
//!
//! CSS mapping follows CSS Color 4 §13.2 "CSS Gamut Mapping to an RGB Destination",
//! pseudocode "Binary Search Gamut Mapping Algorithm with Local MINDE": reduce OkLCh
//! chroma at constant lightness and hue until the clipped colour is within a just
//! noticeable difference (deltaEOK < 0.02) of the reduced one.

use super::spaces::{
    base_to_xyz, convert_v, encode, linear_to_xyz, to_xyz, xyz_to_base, xyz_to_linear, V3,
};
use crate::model::ColorSpace;

/// Tolerance of the gamut check: a channel may exceed [0, 1] by this much and still
/// count as in gamut (absorbs float noise from conversions).
pub(crate) const GAMUT_EPS: f64 = 1e-6;

/// Just noticeable difference in deltaEOK (CSS Color 4).
const JND: f64 = 0.02;
/// Chroma resolution of the binary search (CSS Color 4).
const SEARCH_EPS: f64 = 0.0001;
/// OkLCh chroma cap before searching. No RGB gamut we map into reaches it; it only
/// keeps absurd inputs (chroma 1e300) from overflowing to NaN during the search.
const MAX_CHROMA: f64 = 10.0;
/// Bound on search steps; log2(MAX_CHROMA / SEARCH_EPS) ≈ 17 are ever needed.
const MAX_STEPS: usize = 64;

/// The RGB space whose unit cube bounds `space` (`Srgb` for HSL and HWB), or `None`
/// when the space has no gamut limits (XYZ, Lab, LCH, Oklab, OkLCh).
pub(crate) fn gamut_space(space: ColorSpace) -> Option<ColorSpace> {
    match space {
        ColorSpace::Srgb | ColorSpace::Hsl | ColorSpace::Hwb => Some(ColorSpace::Srgb),
        ColorSpace::SrgbLinear
        | ColorSpace::DisplayP3
        | ColorSpace::A98Rgb
        | ColorSpace::ProphotoRgb
        | ColorSpace::Rec2020 => Some(space),
        ColorSpace::Lab
        | ColorSpace::Lch
        | ColorSpace::Oklab
        | ColorSpace::Oklch
        | ColorSpace::XyzD65
        | ColorSpace::XyzD50 => None,
    }
}

/// Every channel within [0, 1] ± [`GAMUT_EPS`] (false for NaN).
pub(crate) fn in_cube(v: V3) -> bool {
    v.iter()
        .all(|&x| (-GAMUT_EPS..=1.0 + GAMUT_EPS).contains(&x))
}

/// Clamps to [0, 1]; NaN becomes 0.
pub(crate) fn clamp01(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, 1.0)
    }
}

/// Channel clipping: convert to `dest` (an RGB space) and clamp each channel.
pub(crate) fn clip(from: ColorSpace, v: V3, dest: ColorSpace) -> V3 {
    convert_v(from, dest, v).0.map(clamp01)
}

/// CSS gamut mapping of `v` (in `from`) into the cube of `dest` (an RGB space); the
/// result is in `dest` coordinates with every channel in [0, 1].
pub(crate) fn css_map(from: ColorSpace, v: V3, dest: ColorSpace) -> V3 {
    let direct = convert_v(from, dest, v).0;
    let origin = xyz_to_base(ColorSpace::Oklab, to_xyz(from, v));
    if !origin.iter().all(|x| x.is_finite()) {
        // Overflowed input: nothing perceptual to preserve, fall back to clipping.
        return direct.map(clamp01);
    }
    let [l, a, b] = origin;
    if l >= 1.0 {
        return [1.0; 3];
    }
    if l <= 0.0 {
        return [0.0; 3];
    }
    if in_cube(direct) {
        return direct.map(clamp01);
    }
    let hue = b.atan2(a);
    let (sin, cos) = hue.sin_cos();
    let chroma = a.hypot(b).min(MAX_CHROMA);
    let at = |c: f64| [l, c * cos, c * sin];
    // The search works on linear-light channels: every transfer curve is monotonic and
    // fixes 0 and 1, so "in [0, 1]" and clamping mean the same before and after
    // encoding, and the loop avoids two `powf` per channel per step.
    let to_linear = |lab: V3| xyz_to_linear(dest, base_to_xyz(ColorSpace::Oklab, lab));
    // Clip a candidate and measure how far clipping moved it.
    let clip_with_error = |lab: V3| {
        let clipped = to_linear(lab).map(clamp01);
        let back = xyz_to_base(ColorSpace::Oklab, linear_to_xyz(dest, clipped));
        (clipped, delta_eok(back, lab))
    };
    let finish = |lin: V3| encode(dest, lin).map(clamp01);

    let (mut clipped, e) = clip_with_error(at(chroma));
    if e < JND {
        return finish(clipped);
    }
    let (mut lo, mut hi, mut lo_in_gamut) = (0.0, chroma, true);
    for _ in 0..MAX_STEPS {
        if hi - lo <= SEARCH_EPS {
            break;
        }
        let c = (lo + hi) / 2.0;
        let current = at(c);
        if lo_in_gamut && in_cube(to_linear(current)) {
            lo = c;
            continue;
        }
        let (cl, e) = clip_with_error(current);
        clipped = cl;
        if e < JND {
            if JND - e < SEARCH_EPS {
                return finish(clipped);
            }
            lo_in_gamut = false;
            lo = c;
        } else {
            hi = c;
        }
    }
    finish(clipped)
}

/// deltaEOK: Euclidean distance in Oklab (CSS Color 4 §"Color Difference").
fn delta_eok(x: V3, y: V3) -> f64 {
    let d = [x[0] - y[0], x[1] - y[1], x[2] - y[2]];
    (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt()
}
