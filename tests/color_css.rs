//! CSS parsing and printing: snapshot of every output format for a fixture list, exact
//! strings for the documented examples, and never-NaN/never-panic properties.

use proptest::prelude::*;
use std::fmt::Write;
use tokencraft::color::{parse_css, to_css, CssFormat, GamutMapping};
use tokencraft::model::{Color, ColorSpace};

const FORMATS: [CssFormat; 10] = [
    CssFormat::Hex,
    CssFormat::Rgb,
    CssFormat::Hsl,
    CssFormat::Hwb,
    CssFormat::Oklch,
    CssFormat::Oklab,
    CssFormat::Lab,
    CssFormat::Lch,
    CssFormat::DisplayP3,
    CssFormat::Native,
];

/// Inputs covering every parser form and every space.
const FIXTURES: &[&str] = &[
    "#3b82f6",
    "#3B82F680",
    "#fff",
    "#0f08",
    "red",
    "transparent",
    "rebeccapurple",
    "rgb(59, 130, 246)",
    "rgba(59 130 246 / 50%)",
    "rgb(100% 50% 0%)",
    "hsl(217.22 91.22% 59.8%)",
    "hsla(120, 100%, 25%, 0.3)",
    "hsl(none 0% 50%)",
    "hwb(330 0% 0%)",
    "lab(54.29 80.8 69.89)",
    "lch(54.29% 106.84 40.85deg)",
    "oklab(0.628 0.2249 0.1258)",
    "oklch(0.628 0.2577 29.23)",
    "oklch(0.7 0.4 150)",
    "color(srgb 0.2 0.4 0.6)",
    "color(srgb-linear 0.2 0.4 0.6)",
    "color(display-p3 1 0 1)",
    "color(a98-rgb 1 0 1)",
    "color(prophoto-rgb 1 0 1)",
    "color(rec2020 1 0 1 / 0.25)",
    "color(xyz-d65 0.9505 1 1.089)",
    "color(xyz-d50 0.2 0.3 0.1)",
    "color(xyz 0.1 0.1 0.1)",
];

fn format_name(f: CssFormat) -> &'static str {
    match f {
        CssFormat::Hex => "hex",
        CssFormat::Rgb => "rgb",
        CssFormat::Hsl => "hsl",
        CssFormat::Hwb => "hwb",
        CssFormat::Oklch => "oklch",
        CssFormat::Oklab => "oklab",
        CssFormat::Lab => "lab",
        CssFormat::Lch => "lch",
        CssFormat::DisplayP3 => "display-p3",
        CssFormat::Native => "native",
    }
}

#[test]
fn every_format_for_the_fixtures() {
    let mut out = String::new();
    for input in FIXTURES {
        let c = parse_css(input).unwrap_or_else(|| panic!("{input} should parse"));
        writeln!(out, "{input}").unwrap();
        for f in FORMATS {
            let css = to_css(&c, f, GamutMapping::Css);
            writeln!(out, "  {:<10} {css}", format_name(f)).unwrap();
        }
        let clip = to_css(&c, CssFormat::Hex, GamutMapping::Clip);
        writeln!(out, "  {:<10} {clip}", "hex/clip").unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn documented_examples() {
    let cases = [
        ("#3b82f6", CssFormat::Rgb, "rgb(59 130 246)"),
        ("#3b82f680", CssFormat::Rgb, "rgb(59 130 246 / 0.502)"),
        ("#ff0000", CssFormat::Oklch, "oklch(0.628 0.2577 29.23)"),
        ("#808080", CssFormat::Oklch, "oklch(0.5999 0 none)"),
        ("#808080", CssFormat::Hwb, "hwb(none 50.2% 49.8%)"),
        ("hsl(360 100% 50%)", CssFormat::Native, "hsl(0 100% 50%)"),
        ("hsl(none 0% 50%)", CssFormat::Native, "hsl(none 0% 50%)"),
        ("color(display-p3 1 0 1)", CssFormat::Hex, "#ff2bfb"),
        ("color(rec2020 1 0 1)", CssFormat::Hex, "#ff56e7"),
        (
            "color(display-p3 1 0 1)",
            CssFormat::Native,
            "color(display-p3 1 0 1)",
        ),
        (
            "red",
            CssFormat::DisplayP3,
            "color(display-p3 0.9175 0.2003 0.1386)",
        ),
        ("black", CssFormat::Lab, "lab(0 0 0)"),
        ("white", CssFormat::Lch, "lch(100 0 none)"),
    ];
    for (input, format, want) in cases {
        let c = parse_css(input).unwrap();
        assert_eq!(
            to_css(&c, format, GamutMapping::Css),
            want,
            "{input} as {format:?}"
        );
    }
    let p3 = parse_css("color(display-p3 1 0 1)").unwrap();
    assert_eq!(
        to_css(&p3, CssFormat::Rgb, GamutMapping::Clip),
        "rgb(255 0 255)"
    );
}

#[test]
fn rejected_inputs() {
    let rejected = [
        "",
        "#12",
        "#12345",
        "#1234567",
        "#xyzxyz",
        "rgb()",
        "rgb(1 2)",
        "rgb(1 2 3 4)",
        "rgb(1, 2 3)",
        "rgb(1 2 3 /)",
        "rgb(1 2 3 / 0.5 0.5)",
        "rgb(none, 0, 0)",
        "rgb(10px 0 0)",
        "hsl(10, 20, 30)",
        "hsl(10% 20% 30%)",
        "hwb(10, 20%, 30%)",
        "lab(1, 2, 3)",
        "oklch(0.5 0.1 10%)",
        "color(foo 1 2 3)",
        "color(srgb 1 2)",
        "color(srgb)",
        "color()",
        "notacolor",
        "currentcolor",
        "rgb(1 2 3",
        "rgb 1 2 3)",
        "rgb(NaN 0 0)",
        "rgb(inf 0 0)",
        "rgb(1e400 0 0)",
        "#ff0000ff00",
        "ｒｅｄ",
    ];
    for s in rejected {
        assert_eq!(parse_css(s), None, "{s:?} should be rejected");
    }
}

fn finite() -> impl Strategy<Value = f64> {
    prop::num::f64::NORMAL | prop::num::f64::ZERO | prop::num::f64::SUBNORMAL
}

fn wild_colour() -> impl Strategy<Value = Color> {
    (
        prop::sample::select(ColorSpace::ALL.to_vec()),
        prop::array::uniform3(prop::option::of(finite())),
        finite(),
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
    fn to_css_is_always_finite_text(c in wild_colour()) {
        for f in FORMATS {
            for mapping in [GamutMapping::Clip, GamutMapping::Css] {
                let css = to_css(&c, f, mapping);
                let lower = css.to_ascii_lowercase();
                prop_assert!(!lower.contains("nan") && !lower.contains("inf"), "{}", css);
                // No negative zero: a `-0` token ends at a space, `)` or `/`.
                let negative_zero = css
                    .split([' ', '(', ')', '/'])
                    .any(|t| t == "-0");
                prop_assert!(!negative_zero, "{}", css);
                // Lightness stays in its range in the polar/Lab outputs.
                if let Some(rest) = css.strip_prefix("oklch(").or_else(|| css.strip_prefix("oklab(")) {
                    let l: f64 = rest.split(' ').next().unwrap_or("0").parse().unwrap_or(0.0);
                    prop_assert!((0.0..=1.0).contains(&l), "{}", css);
                }
            }
        }
    }

    #[test]
    fn parse_css_never_panics(s in ".{0,40}") {
        let _ = parse_css(&s);
    }

    #[test]
    fn parse_css_never_panics_on_near_miss(
        name in prop::sample::select(vec!["rgb", "rgba", "hsl", "hwb", "lab", "lch", "oklab", "oklch", "color"]),
        body in "[-+0-9.e%/, a-z]{0,30}"
    ) {
        let _ = parse_css(&format!("{name}({body})"));
    }

    /// Native output parses back to the same colour (to the printed precision).
    #[test]
    fn native_output_parses_back(c in wild_colour().prop_filter("moderate", |c| {
        c.components.iter().flatten().all(|x| x.abs() < 1e6)
    })) {
        let css = to_css(&c, CssFormat::Native, GamutMapping::Css);
        let back = parse_css(&css);
        prop_assert!(back.is_some(), "{} did not parse", css);
    }
}
