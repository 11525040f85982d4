//! Gamut checks and gamut mapping (clip and CSS Color 4 binary search with local MINDE).

use proptest::prelude::*;
use tokencraft::color::{in_gamut, to_gamut, to_hex, to_hex6, to_srgb8, GamutMapping};
use tokencraft::model::{Color, ColorSpace};

fn color(space: ColorSpace, c: [f64; 3]) -> Color {
    Color {
        space,
        components: c.map(Some),
        alpha: 1.0,
        hex: None,
    }
}

/// The DTCG summary §5.4/§5.6 examples: wide-gamut `[1, 0, 1]` clips to #ff00ff in every
/// space (as the TR-C examples print), while CSS gamut mapping keeps hue and lightness.
#[test]
fn wide_gamut_magenta_examples() {
    for space in [
        ColorSpace::DisplayP3,
        ColorSpace::A98Rgb,
        ColorSpace::ProphotoRgb,
        ColorSpace::Rec2020,
    ] {
        let c = color(space, [1.0, 0.0, 1.0]);
        assert_eq!(to_hex(&c, GamutMapping::Clip), "#ff00ff", "{space:?}");
        assert!(!in_gamut(&c, ColorSpace::Srgb), "{space:?}");
        assert!(in_gamut(&c, space), "{space:?}");
    }
    let p3 = color(ColorSpace::DisplayP3, [1.0, 0.0, 1.0]);
    assert_eq!(to_hex(&p3, GamutMapping::Css), "#ff2bfb");
    let rec2020 = color(ColorSpace::Rec2020, [1.0, 0.0, 1.0]);
    assert_eq!(to_hex(&rec2020, GamutMapping::Css), "#ff56e7");
}

#[test]
fn lightness_extremes_map_to_white_and_black() {
    let bright = color(ColorSpace::Oklch, [1.2, 0.3, 120.0]);
    assert_eq!(to_hex(&bright, GamutMapping::Css), "#ffffff");
    let dark = color(ColorSpace::Oklch, [-0.1, 0.3, 120.0]);
    assert_eq!(to_hex(&dark, GamutMapping::Css), "#000000");
    let mapped = to_gamut(&bright, ColorSpace::DisplayP3, GamutMapping::Css);
    assert_eq!(mapped.components, [Some(1.0); 3]);
}

#[test]
fn in_gamut_colours_are_left_alone() {
    let c = color(ColorSpace::Srgb, [0.2, 0.4, 0.6]);
    for mapping in [GamutMapping::Clip, GamutMapping::Css] {
        assert_eq!(
            to_gamut(&c, ColorSpace::Srgb, mapping).components,
            c.components
        );
    }
    let with_none = Color {
        space: ColorSpace::Hsl,
        components: [None, Some(0.0), Some(40.0)],
        alpha: 0.25,
        hex: None,
    };
    let kept = to_gamut(&with_none, ColorSpace::Hsl, GamutMapping::Css);
    assert_eq!(kept.components, with_none.components);
    assert_eq!(kept.alpha, 0.25);
}

#[test]
fn unbounded_spaces_are_plain_conversions() {
    let c = color(ColorSpace::Rec2020, [1.0, 0.0, 1.0]);
    for space in [
        ColorSpace::Lab,
        ColorSpace::Lch,
        ColorSpace::Oklab,
        ColorSpace::Oklch,
        ColorSpace::XyzD65,
        ColorSpace::XyzD50,
    ] {
        assert!(in_gamut(&c, space));
        let mapped = to_gamut(&c, space, GamutMapping::Css);
        assert_eq!(mapped, tokencraft::color::convert(&c, space), "{space:?}");
    }
}

#[test]
fn hsl_and_hwb_use_the_srgb_gamut() {
    let p3 = color(ColorSpace::DisplayP3, [0.0, 1.0, 0.0]);
    assert!(!in_gamut(&p3, ColorSpace::Hsl));
    let hsl = to_gamut(&p3, ColorSpace::Hsl, GamutMapping::Clip);
    assert_eq!(hsl.space, ColorSpace::Hsl);
    let [h, s, l] = hsl.components.map(Option::unwrap);
    assert!((h - 120.0).abs() < 1e-9 && (s - 100.0).abs() < 1e-9 && (l - 50.0).abs() < 1e-9);
    let hwb = to_gamut(&p3, ColorSpace::Hwb, GamutMapping::Css);
    assert!(in_gamut(&hwb, ColorSpace::Hwb));
}

#[test]
fn srgb8_and_hex_alpha() {
    let mut c = color(ColorSpace::Srgb, [1.0, 0.5, 0.0]);
    c.alpha = 0.5;
    assert_eq!(to_srgb8(&c, GamutMapping::Css), [255, 128, 0, 128]);
    assert_eq!(to_hex(&c, GamutMapping::Css), "#ff800080");
    assert_eq!(to_hex6(&c, GamutMapping::Css), "#ff8000");
    c.alpha = 0.999;
    assert_eq!(to_hex(&c, GamutMapping::Css), "#ff8000");
    c.alpha = 0.0;
    assert_eq!(to_hex(&c, GamutMapping::Css), "#ff800000");
}

fn any_space() -> impl Strategy<Value = ColorSpace> {
    prop::sample::select(ColorSpace::ALL.to_vec())
}

/// Components roughly within (and a little beyond) each space's practical range.
fn plausible_colour() -> impl Strategy<Value = Color> {
    (
        any_space(),
        prop::array::uniform3(prop::option::weighted(0.9, -0.5f64..1.5)),
        0.0f64..=1.0,
    )
        .prop_map(|(space, unit, alpha)| {
            let scale: [f64; 3] = match space {
                ColorSpace::Hsl | ColorSpace::Hwb => [360.0, 100.0, 100.0],
                ColorSpace::Lab => [100.0, 160.0, 160.0],
                ColorSpace::Lch => [100.0, 230.0, 360.0],
                ColorSpace::Oklab => [1.0, 0.5, 0.5],
                ColorSpace::Oklch => [1.0, 0.5, 360.0],
                _ => [1.0; 3],
            };
            let mut components = [None; 3];
            for ((out, u), k) in components.iter_mut().zip(unit).zip(scale) {
                *out = u.map(|u| u * k);
            }
            Color {
                space,
                components,
                alpha,
                hex: None,
            }
        })
}

/// Any finite components at all, including huge magnitudes.
fn wild_colour() -> impl Strategy<Value = Color> {
    let finite = prop::num::f64::NORMAL | prop::num::f64::ZERO | prop::num::f64::SUBNORMAL;
    (
        any_space(),
        prop::array::uniform3(prop::option::of(finite)),
        finite,
    )
        .prop_map(|(space, components, alpha)| Color {
            space,
            components,
            alpha,
            hex: None,
        })
}

proptest! {
    #[test]
    fn to_gamut_results_are_in_gamut(c in plausible_colour(), dest in any_space()) {
        for mapping in [GamutMapping::Clip, GamutMapping::Css] {
            let mapped = to_gamut(&c, dest, mapping);
            prop_assert_eq!(mapped.space, dest);
            prop_assert!(in_gamut(&mapped, dest), "{:?} → {:?} with {:?}: {:?}", c, dest, mapping, mapped);
            prop_assert_eq!(mapped.alpha, c.alpha);
        }
    }

    #[test]
    fn to_gamut_results_are_in_gamut_for_any_finite_input(c in wild_colour(), dest in any_space()) {
        for mapping in [GamutMapping::Clip, GamutMapping::Css] {
            let mapped = to_gamut(&c, dest, mapping);
            prop_assert!(in_gamut(&mapped, dest), "{:?} → {:?}: {:?}", c, dest, mapped);
        }
    }

    /// CSS mapping never moves a colour that is already in gamut.
    #[test]
    fn css_mapping_is_identity_in_gamut(r in 0.0f64..=1.0, g in 0.0f64..=1.0, b in 0.0f64..=1.0) {
        let c = color(ColorSpace::Srgb, [r, g, b]);
        let mapped = to_gamut(&c, ColorSpace::Srgb, GamutMapping::Css);
        prop_assert_eq!(mapped.components, c.components);
    }
}
