//! Exact messages: one row per problem, `(tokens, expected first diagnostic as printed)`.

use serde_json::{json, Value as J};
use tokencraft::resolve::testkit::SetBuilder;
use tokencraft::resolve::{resolve_set, ResolveOptions};

/// A token row: path, own type, value.
type Row<'a> = (&'a str, Option<&'a str>, J);

fn first(rows: &[Row<'_>], strict: bool) -> String {
    let mut b = SetBuilder::new(&["light"]);
    b.file_name("t.json");
    for (path, ty, value) in rows {
        b.token("light", path, *ty, value.clone());
    }
    let set = b.build();
    let opts = ResolveOptions {
        strict,
        ..ResolveOptions::default()
    };
    let (_, _, diags) = resolve_set(&set, &opts);
    diags
        .items
        .first()
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn exact_messages() {
    let red = json!({"colorSpace": "srgb", "components": [1, 0, 0]});
    let table: Vec<(Vec<Row<'_>>, bool, &str)> = vec![
        (
            vec![("a", None, json!("{b}")), ("b", None, json!("{a}"))],
            false,
            "t.json:1:11: error[E-REF-CYCLE]: circular reference: `a` → `b` → `a` (token a, mode light)\n  help: every token in a cycle is unresolvable; give one of these tokens a literal value or point it outside the cycle",
        ),
        (
            vec![("a", None, json!("{a}"))],
            false,
            "t.json:1:11: error[E-REF-CYCLE]: circular reference: `a` refers to itself through reference `{a}` (token a, mode light)\n  help: a token cannot be defined in terms of its own value; replace the reference with a literal value or another token",
        ),
        (
            vec![("color.red", Some("color"), red.clone()), ("x", None, json!("{color.rde}"))],
            false,
            "t.json:2:11: error[E-REF-UNRESOLVED]: reference `{color.rde}` points to `color.rde`, which does not exist (token x, mode light)\n  help: did you mean `color.red`?",
        ),
        (
            vec![("color.red", Some("color"), red.clone()), ("x", None, json!("{color}"))],
            false,
            "t.json:2:11: error[E-REF-NOT-TOKEN]: reference `{color}` points to the group `color`, not to a token (token x, mode light)\n  help: a reference must name a token, not a group; name one of its tokens, e.g. `{color.red}`",
        ),
        (
            vec![("c", Some("color"), red.clone()), ("x", Some("dimension"), json!("{c}"))],
            false,
            "t.json:2:11: error[E-REF-TYPE]: `x` has type `dimension` (its own `$type`) but aliases `c`, which is a `color` token (token x, mode light)\n  help: alias a `dimension` token, or change the `$type` to `color`",
        ),
        (
            vec![("x", None, json!(1))],
            false,
            "t.json:1:1: error[E-TYPE-UNDETERMINED]: the type of `x` cannot be determined: it has no `$type`, no group `$type`, and its value is not an alias (token x, mode light)\n  help: add \"$type\" to the token or to one of its groups (types are never guessed from values)",
        ),
        (
            vec![("x", Some("color"), json!({"colorSpace": "srgb", "components": [0, 0, 2]}))],
            false,
            "t.json:1:1: error[E-VALUE-INVALID]: invalid color: component 2 = 2 is outside [0, 1] for srgb (token x, mode light)\n  help: bring the component into range or use a wider colour space",
        ),
        (
            vec![("x", Some("dimension"), json!({"value": 1, "unit": "pt"}))],
            true,
            "t.json:1:1: error[E-VALUE-LEGACY]: the unit `pt` is not valid DTCG 2025.10 (D-7; rejected in strict mode) (token x, mode light)\n  help: DTCG dimensions use \"px\" or \"rem\"; platform emitters may not map other units",
        ),
        (
            vec![("x", Some("fontWeight"), json!("BOLD"))],
            false,
            "t.json:1:1: error[E-VALUE-INVALID]: invalid fontWeight: unknown keyword \"BOLD\" (token x, mode light)\n  help: keywords are case-sensitive: write \"bold\"",
        ),
        (
            vec![("x", Some("duration"), json!(200))],
            false,
            "t.json:1:1: error[E-VALUE-INVALID]: invalid duration: expected an object {\"value\", \"unit\"}, found the number 200 (token x, mode light)\n  help: write {\"value\": <number>, \"unit\": \"ms\"} (or \"s\")",
        ),
        (
            vec![("x", Some("cubicBezier"), json!([0, 0, 2, 1]))],
            false,
            "t.json:1:1: error[E-VALUE-INVALID]: invalid cubicBezier: x2 = 2 is outside [0, 1] (token x, mode light)\n  help: write four numbers [x1, y1, x2, y2] with x1 and x2 in [0, 1]",
        ),
        (
            vec![("x", Some("typography"), json!({"fontFamily": 3, "fontSize": {"value": 1, "unit": "rem"}, "fontWeight": 400, "letterSpacing": {"value": 0, "unit": "px"}, "lineHeight": 1}))],
            false,
            "t.json:1:1: error[E-VALUE-INVALID]: invalid fontFamily in `fontFamily`: expected a font name or a non-empty array of names, found the number 3 (token x, mode light)\n  help: write \"Inter\" or [\"Inter\", \"sans-serif\"]",
        ),
        (
            vec![("n", Some("number"), json!(1)), ("x", Some("border"), json!({"color": "{n}", "width": {"value": 1, "unit": "px"}, "style": "solid"}))],
            false,
            "t.json:2:20: error[E-REF-TYPE]: `color` expects a `color` but reference `{n}` is a `number` token (token x, mode light)\n  help: reference a `color` token here, or write the value literally",
        ),
        (
            vec![("c", Some("color"), red), ("x", Some("number"), json!({"$ref": "#/c/$value/alpha"}))],
            false,
            "t.json:2:19: error[E-REF-PROPERTY]: reference `#/c/$value/alpha` points to `alpha` inside the value of `c`, which does not exist (token x, mode light)\n  help: correct the pointer; it has `colorSpace`, `components`",
        ),
        (
            vec![("a", None, json!("{missing}")), ("b", None, json!("{a}"))],
            false,
            "t.json:1:11: error[E-REF-UNRESOLVED]: reference `{missing}` points to `missing`, which does not exist (token a, mode light)\n  help: define a token `missing` or correct the path",
        ),
    ];
    for (i, (rows, strict, expected)) in table.iter().enumerate() {
        let got = first(rows, *strict);
        assert_eq!(got, *expected, "row {i}");
    }
}

#[test]
fn secondary_errors_do_not_cascade() {
    let mut b = SetBuilder::new(&["light"]);
    b.file_name("t.json");
    b.token("light", "a", None, json!("{missing}"));
    b.token("light", "b", None, json!("{a}"));
    b.token("light", "c", None, json!("{b}"));
    let set = b.build();
    let (_, _, diags) = resolve_set(&set, &ResolveOptions::default());
    let lines: Vec<String> = diags
        .items
        .iter()
        .map(|d| {
            format!(
                "{} {}: {}",
                d.code,
                d.token.as_deref().unwrap_or(""),
                d.message
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            "E-REF-UNRESOLVED a: reference `{missing}` points to `missing`, which does not exist",
            "E-REF-BROKEN b: `b` depends on `a`, which could not be resolved",
            "E-REF-BROKEN c: `c` depends on `b`, which could not be resolved (the problem starts at `a`)",
        ]
    );
}
