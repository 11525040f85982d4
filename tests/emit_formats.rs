//! Snapshot tests: every format over the shared fixture, single mode and all modes, plus
//! the options that change output (references, CSS mode layouts, units, colours, names).

mod emit_common;

use emit_common::{fixture, joined};
use tokencraft::emit::naming::NameCase;
use tokencraft::emit::{
    ColorFormat, CssModes, DimensionOut, DurationOut, EmitOptions, ModeSelection,
};

fn snap(format: &str, modes: ModeSelection, options: &EmitOptions) -> String {
    let f = fixture();
    match f.emit(format, modes, options) {
        Ok(files) => joined(&files),
        Err(d) => panic!("{format} failed:\n{d}"),
    }
}

#[test]
fn every_format_single_and_all_modes() {
    let names = emit_common::all_formats();
    for name in names {
        let d = EmitOptions::default();
        insta::assert_snapshot!(
            format!("{name}__light"),
            snap(&name, ModeSelection::One(0), &d)
        );
        insta::assert_snapshot!(format!("{name}__all"), snap(&name, ModeSelection::All, &d));
    }
}

#[test]
fn every_format_with_output_references() {
    let o = EmitOptions {
        output_references: true,
        ..EmitOptions::default()
    };
    for name in emit_common::all_formats() {
        insta::assert_snapshot!(
            format!("{name}__refs_all"),
            snap(&name, ModeSelection::All, &o)
        );
    }
}

#[test]
fn css_layouts() {
    let cases: Vec<(&str, EmitOptions)> = vec![
        (
            "media",
            EmitOptions {
                css_modes: CssModes::MediaQuery,
                ..Default::default()
            },
        ),
        (
            "light_dark",
            EmitOptions {
                css_modes: CssModes::LightDark,
                ..Default::default()
            },
        ),
        (
            "selectors_only_changed_refs",
            EmitOptions {
                css_modes: CssModes::Selectors(vec![("dark".into(), ".theme-dark".into())]),
                only_changed: true,
                output_references: true,
                ..Default::default()
            },
        ),
        (
            "only_changed",
            EmitOptions {
                only_changed: true,
                ..Default::default()
            },
        ),
    ];
    for (name, o) in cases {
        insta::assert_snapshot!(format!("css_{name}"), snap("css", ModeSelection::All, &o));
    }
}

#[test]
fn value_and_name_options() {
    let cases: Vec<(&str, &str, EmitOptions)> = vec![
        (
            "css",
            "p3",
            EmitOptions {
                color_format: ColorFormat::DisplayP3,
                ..Default::default()
            },
        ),
        (
            "css",
            "oklch",
            EmitOptions {
                color_format: ColorFormat::Oklch,
                ..Default::default()
            },
        ),
        (
            "css",
            "rgb_hsl",
            EmitOptions {
                color_format: ColorFormat::Hsl,
                ..Default::default()
            },
        ),
        (
            "css",
            "px_seconds_base10",
            EmitOptions {
                dimensions: DimensionOut::Px,
                durations: DurationOut::S,
                rem_base: 10.0,
                ..Default::default()
            },
        ),
        (
            "scss",
            "prefix_default_snake",
            EmitOptions {
                prefix: Some("acme".into()),
                scss_default: true,
                name_case: Some(NameCase::Snake),
                ..Default::default()
            },
        ),
        (
            "js",
            "filtered_with_timestamp",
            EmitOptions {
                filter: tokencraft::emit::Filter {
                    types: vec![tokencraft::model::TokenType::Color],
                    paths: vec!["colors.**".into()],
                    exclude_deprecated: true,
                },
                timestamp: Some("2026-01-01T00:00:00Z".into()),
                ..Default::default()
            },
        ),
        (
            "ios",
            "no_header",
            EmitOptions {
                header: false,
                ..Default::default()
            },
        ),
    ];
    for (format, name, o) in cases {
        insta::assert_snapshot!(
            format!("{format}_{name}"),
            snap(format, ModeSelection::One(0), &o)
        );
    }
}

#[test]
fn output_is_deterministic() {
    for name in emit_common::all_formats() {
        let a = snap(&name, ModeSelection::All, &EmitOptions::default());
        let b = snap(&name, ModeSelection::All, &EmitOptions::default());
        assert_eq!(a, b, "{name} is not byte-identical across runs");
    }
}
