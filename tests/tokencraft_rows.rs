//! Tokencraft rows and export JSON: one fixture → one snapshot, round trips, exact
//! messages.
//!
//! Fixtures live in `tests/fixtures/tokencraft/`: `*.rows.json` hold a list of modes with
//! rows (read with `from_rows`), `*.export.json` hold API exports (read with
//! `from_export_json`).

mod fixture_support;

use fixture_support::report;
use std::path::{Path, PathBuf};
use tokencraft::model::{Expr, RefSyntax};
use tokencraft::parse::dtcg::ParseOptions;
use tokencraft::parse::tokencraft::{from_export_json, from_rows, to_rows, ModeRows, TokenRow};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tokencraft")
}

fn load_rows(name: &str) -> Vec<ModeRows> {
    let text = std::fs::read_to_string(fixtures().join(name)).expect("read fixture");
    serde_json::from_str(&text).expect("fixture rows")
}

#[test]
fn fixtures_match_snapshots() {
    fixture_support::snapshot_each(&fixtures(), 1, |name, text| {
        let (set, diags) = if name.ends_with(".rows.json") {
            from_rows(&serde_json::from_str::<Vec<ModeRows>>(text).expect("rows"))
        } else {
            from_export_json(text, &ParseOptions::default())
        };
        (
            name.trim_end_matches(".json").to_owned(),
            report(&set, &diags),
        )
    });
}

#[test]
fn rows_round_trip() {
    let rows = load_rows("basic.rows.json");
    let (set, diags) = from_rows(&rows);
    assert!(diags.is_empty(), "{diags}");
    let back = to_rows(&set);
    // `alias_to` rows come back with `value: null`; a curly value stays a curly string.
    assert_eq!(back, rows);
    let link = set
        .own(0, set.id("colors.link").expect("id"))
        .expect("token");
    match &link.value {
        Expr::Ref(r) => assert_eq!(
            (r.token.as_ref(), r.syntax),
            ("colors.primary.500", RefSyntax::Curly)
        ),
        other => panic!("expected an alias, got {other:?}"),
    }
    let button = set
        .own(0, set.id("colors.button.primary").expect("id"))
        .expect("token");
    assert_eq!(
        button.value.as_alias().map(|r| r.syntax),
        Some(RefSyntax::AliasTo)
    );
    assert_eq!(set.default_mode, 0);
    assert!(set.own(1, set.id("spacing.base").expect("id")).is_none());
}

#[test]
fn row_errors_have_exact_messages() {
    let row = |name: &str, ty: &str, value: serde_json::Value, alias: Option<&str>| TokenRow {
        name: name.into(),
        r#type: ty.into(),
        value,
        description: None,
        alias_to: alias.map(Into::into),
    };
    let cases = [
        (row("", "color", "#fff".into(), None), "E-ROW-NAME", "Name is required and must be a non-empty string"),
        (row("a..b", "color", "#fff".into(), None), "E-ROW-NAME", "token name `a..b` has an empty segment: names are parts joined by single dots, with no leading or trailing dot"),
        (row(&"x".repeat(256), "color", "#fff".into(), None), "E-ROW-NAME", &format!("token name `{}` is longer than 255 characters", "x".repeat(256))),
        (row("a", "colour", "#fff".into(), None), "E-ROW-TYPE", "Type is required and must be one of: color, dimension, fontFamily, fontWeight, fontSize, lineHeight, letterSpacing, duration, cubicBezier, number, strokeStyle, border, transition, shadow, gradient, typography, string, boolean (got `colour`)"),
        (row("a", "color", serde_json::Value::Null, None), "E-ROW-VALUE", "Value is required unless `alias_to` is given"),
        (row("a", "color", "".into(), None), "E-ROW-VALUE", "Value must not be an empty string"),
        (row("a", "color", serde_json::Value::Null, Some("b.")), "E-REF-SYNTAX", "`alias_to` is not a valid token name: token name `b.` has an empty segment: names are parts joined by single dots, with no leading or trailing dot"),
        (row("a", "color", "{}".into(), None), "E-REF-SYNTAX", "empty reference `{}`: a reference names a token path such as `{color.brand}`"),
    ];
    for (r, code, message) in cases {
        let (_, diags) = from_rows(&[ModeRows {
            name: "Light".into(),
            is_default: true,
            tokens: vec![r],
        }]);
        assert_eq!(diags.len(), 1, "{diags}");
        assert_eq!(
            (diags.items[0].code, diags.items[0].message.as_str()),
            (code, message)
        );
        assert_eq!(diags.items[0].mode.as_deref(), Some("Light"));
    }
}

#[test]
fn export_modes_keep_order_and_first_is_default() {
    let text = std::fs::read_to_string(fixtures().join("modes.export.json")).expect("read");
    let (set, diags) = from_export_json(&text, &ParseOptions::default());
    assert!(diags.is_empty(), "{diags}");
    let names: Vec<&str> = set.modes.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["light", "dark"]);
    assert_eq!(set.default_mode, 0);
    let id = set.id("colors.primary.500").expect("id");
    assert_eq!(
        set.own(1, id).map(|t| &t.value),
        Some(&Expr::String("#60a5fa".into()))
    );
}

#[test]
fn dtcg_references_survive_rows() {
    let text = r##"{
      "a": { "$type": "color", "$value": { "colorSpace": "srgb", "components": [0.5, 0, 0] } },
      "b": { "$type": "number", "$value": { "$ref": "#/a/$value/components/0" } },
      "c": { "$type": "color", "$value": "{a}" },
      "d": { "$type": "border", "$value": { "color": "{a}", "width": { "value": 1, "unit": "px" }, "style": "solid" } }
    }"##;
    let (set, diags) =
        tokencraft::parse::dtcg::parse_str("a.json", text, "Light", &ParseOptions::default());
    assert!(diags.is_empty(), "{diags}");
    let rows = to_rows(&set);
    let b = &rows[0].tokens[1];
    assert_eq!(
        b.value,
        serde_json::json!({ "$ref": "#/a/$value/components/0" })
    );
    assert_eq!(rows[0].tokens[2].value, serde_json::json!("{a}"));
    let (back, diags) = from_rows(&rows);
    assert!(diags.is_empty(), "{diags}");
    for path in ["b", "c", "d"] {
        let (x, y) = (set.id(path).expect("id"), back.id(path).expect("id"));
        let strip = |e: &Expr| {
            tokencraft::parse::dump::expr(e).replace(" as \"#/a/$value/components/0\"", "")
        };
        assert_eq!(
            strip(&back.own(0, y).expect("token").value),
            strip(&set.own(0, x).expect("token").value),
            "{path}"
        );
    }
    let (_, diags) = from_rows(&[ModeRows {
        name: "Light".into(),
        is_default: true,
        tokens: vec![TokenRow {
            name: "x".into(),
            r#type: "number".into(),
            value: serde_json::json!({ "$ref": "#/$value" }),
            description: None,
            alias_to: None,
        }],
    }]);
    assert_eq!(
        diags.items[0].message,
        "`$ref` `#/$value` does not name a token: Name is required and must be a non-empty string"
    );
}

mod generated {
    //! Property test: valid rows survive `from_rows` → `to_rows` unchanged.
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            "[a-z0-9#() ,.]{1,10}".prop_map(serde_json::Value::from),
            (-1000i64..1000).prop_map(serde_json::Value::from),
            any::<bool>().prop_map(serde_json::Value::from),
            "[a-z]{1,3}(\\.[a-z]{1,3}){0,2}"
                .prop_map(|p| serde_json::Value::from(format!("{{{p}}}"))),
        ];
        leaf.prop_recursive(2, 12, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 1..4).prop_map(serde_json::Value::from),
                proptest::collection::btree_map("[a-zA-Z]{1,6}", inner, 1..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn rows() -> impl Strategy<Value = Vec<TokenRow>> {
        let ty = proptest::sample::select(tokencraft::model::API_TYPE_ORDER.to_vec());
        let row = (
            ty,
            value(),
            proptest::option::of("[ -~]{0,12}"),
            proptest::option::of("[a-z]{1,3}\\.[a-z]{1,3}"),
        );
        proptest::collection::btree_map("[a-z]{1,4}(\\.[a-z0-9]{1,4}){0,3}", row, 0..12).prop_map(
            |m| {
                m.into_iter()
                    .map(|(name, (ty, value, description, alias_to))| TokenRow {
                        name,
                        r#type: ty.as_str().to_owned(),
                        value: if alias_to.is_some() {
                            serde_json::Value::Null
                        } else {
                            value
                        },
                        description,
                        alias_to,
                    })
                    .collect()
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn valid_rows_round_trip(light in rows(), dark in rows()) {
            let modes = vec![
                ModeRows { name: "Light".into(), is_default: true, tokens: light },
                ModeRows { name: "Dark".into(), is_default: false, tokens: dark },
            ];
            let (set, diags) = from_rows(&modes);
            prop_assert!(diags.is_empty(), "{}", diags);
            // Rows come back in id order: first appearance across modes.
            let mut expected = modes.clone();
            for m in &mut expected {
                m.tokens.sort_by_key(|t| set.id(&t.name).map(|id| id.0));
            }
            prop_assert_eq!(to_rows(&set), expected);
        }
    }
}
