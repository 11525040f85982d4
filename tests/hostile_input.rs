//! Hostile token files (issue 6): extreme nesting, size and width, names with reserved or
//! invalid characters, duplicate keys, out-of-range numbers and colours, `$ref` pointers
//! that escape the document or loop. Each case gives the exact diagnostic (what, where,
//! how to fix) or is accepted correctly; memory and time are bounded by the input's size
//! (the bounds table is in docs/HARDENING.md).

mod api_support;

use serde_json::json;
use std::path::PathBuf;
use tokencraft::api::Request;
use tokencraft::emit::{emit, EmitContext, EmitOptions, ModeSelection, Registry};
use tokencraft::parse::dtcg::{parse_str, ParseOptions};
use tokencraft::parse::json::Limits;
use tokencraft::parse::read_files;
use tokencraft::resolve::{resolve_set, ResolveOptions};

/// Parses and resolves one document; returns every diagnostic rendered, and the number of
/// tokens read and resolved.
fn check(text: &str, strict: bool) -> (String, usize, usize) {
    let opts = ParseOptions {
        strict,
        ..ParseOptions::default()
    };
    let (set, diags) = parse_str("t.tokens.json", text, "default", &opts);
    let ropts = ResolveOptions {
        strict,
        ..ResolveOptions::default()
    };
    let (_, resolved, more) = resolve_set(&set, &ropts);
    (
        format!("{diags}{more}"),
        set.paths.len(),
        resolved.iter(0).count(),
    )
}

#[test]
fn json_nested_100k_deep_is_an_error_not_a_stack_overflow() {
    let n = 100_000;
    let arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let objects = format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    let help = "  help: fix the JSON syntax; token files are plain JSON (RFC 8259)\n";
    for strict in [false, true] {
        assert_eq!(
            check(&arrays, strict),
            (format!("t.tokens.json:1:257: error[E-JSON]: nesting deeper than 256 levels of arrays and objects; flatten the document\n{help}"), 0, 0)
        );
        assert_eq!(
            check(&objects, strict),
            (format!("t.tokens.json:1:1281: error[E-JSON]: nesting deeper than 256 levels of arrays and objects; flatten the document\n{help}"), 0, 0)
        );
    }
    // Through the API: the body is refused with a 400, the request does not crash.
    let mut env = api_support::Env::new();
    env.user("u", tokencraft::store::Plan::Pro);
    let r = env.api.handle(
        &Request::new("POST", "/api/v1/workspaces")
            .header("Authorization", &format!("Bearer {}", env.tokens["u"]))
            .header("Content-Type", "application/json")
            .body(arrays.into_bytes()),
    );
    assert_eq!(
        (r.status, String::from_utf8_lossy(&r.body).into_owned()),
        (
            400,
            r#"{"error":"Invalid JSON in request body at line 1 column 128: recursion limit exceeded"}"#.to_string()
        )
    );
}

/// A document of `n` number tokens in one group, each with a description of `desc` bytes.
fn one_group(n: usize, desc: usize) -> String {
    let d = "d".repeat(desc);
    let mut s = String::with_capacity(n * (desc + 40));
    s.push_str("{\"g\": {\"$type\": \"number\"");
    for i in 0..n {
        if desc > 0 {
            s.push_str(&format!(
                ", \"t{i}\": {{\"$value\": {i}, \"$description\": \"{d}\"}}"
            ));
        } else {
            s.push_str(&format!(", \"t{i}\": {{\"$value\": {i}}}"));
        }
    }
    s.push_str("}}");
    s
}

#[test]
fn a_50_mb_file_is_read_and_a_larger_one_refused_before_parsing() {
    let text = one_group(100_000, 480);
    assert!(text.len() > 50_000_000, "{}", text.len());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.tokens.json");
    std::fs::write(&path, &text).expect("write");
    let (set, diags) =
        read_files(std::slice::from_ref(&path), &ParseOptions::default()).expect("readable");
    assert!(diags.is_empty(), "{diags}");
    assert_eq!(set.paths.len(), 100_000);
    // Under a lower limit the same file is refused with the sizes named.
    let opts = ParseOptions {
        limits: Limits {
            max_bytes: 50_000_000,
            ..Limits::default()
        },
        ..ParseOptions::default()
    };
    let (set, diags) = read_files(&[path], &opts).expect("readable");
    assert_eq!(set.paths.len(), 0);
    let msg = diags.to_string();
    assert!(
        msg.contains("error[E-JSON]: ") && msg.contains("50000000"),
        "{msg}"
    );
}

#[test]
fn a_million_tokens_in_one_group() {
    let text = one_group(1_000_000, 0);
    let (diags, read, resolved) = check(&text, false);
    assert_eq!((diags.as_str(), read, resolved), ("", 1_000_000, 1_000_000));
}

#[test]
fn names_with_reserved_or_invalid_characters() {
    let doc = |name: &str| format!(r#"{{"{name}": {{"$type": "number", "$value": 1}}}}"#);
    let e = |col: usize, name: &str, why: &str, help: &str| {
        format!("t.tokens.json:1:{col}: error[E-NAME]: invalid name `{name}` in the document root: {why}\n  help: {help}\n")
    };
    let rename = "rename the token or group";
    let cases = [
        ("a.b", e(2, "a.b", "names must not contain `.`", rename)),
        ("a{b", e(2, "a{b", "names must not contain `{`", rename)),
        ("c}", e(2, "c}", "names must not contain `}`", rename)),
        (
            "$a",
            e(
                2,
                "$a",
                "names must not start with `$`, which is reserved for DTCG properties (only `$root` is a token name)",
                "rename the token or group without the leading `$`",
            ),
        ),
        (
            "a\\u0000b",
            e(2, "a\\0b", "names must not contain control characters", rename),
        ),
        (
            "a\u{0}b",
            "t.tokens.json:1:4: error[E-JSON]: control character U+0000 in string: write it as \\u0000\n  help: fix the JSON syntax; token files are plain JSON (RFC 8259)\n".to_string(),
        ),
    ];
    for (name, want) in cases {
        for strict in [false, true] {
            assert_eq!(check(&doc(name), strict).0, want, "{name:?}");
        }
    }
    // `$` inside a name, and very long names, are fine for DTCG.
    for name in ["a$b".to_string(), "n".repeat(10_000)] {
        assert_eq!(
            check(&doc(&name), true),
            (String::new(), 1, 1),
            "{name:.20}"
        );
    }
    // The API caps names at 255 characters (§6 item 12).
    let long = "n".repeat(10_000);
    let err = tokencraft::parse::tokencraft::check_row_name(&long).unwrap_err();
    assert_eq!(
        err,
        format!("token name `{long}` is longer than 255 characters")
    );
}

#[test]
fn invalid_utf8_is_reported_with_the_offset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path: PathBuf = dir.path().join("bad.tokens.json");
    std::fs::write(
        &path,
        b"{\"a\xff\xfe\": {\"$type\": \"number\", \"$value\": 1}}",
    )
    .expect("write");
    let (set, diags) =
        read_files(std::slice::from_ref(&path), &ParseOptions::default()).expect("readable");
    assert_eq!(set.paths.len(), 0);
    let msg = diags.to_string();
    assert!(
        msg.contains(&format!(
            "error[E-UTF8]: {} is not valid UTF-8 (first bad byte at offset 3)",
            path.display()
        )),
        "{msg}"
    );
}

#[test]
fn duplicate_keys_are_errors_and_the_last_one_counts() {
    let cases = [
        (
            r#"{"a": {"$type": "number", "$value": 1}, "a": {"$type": "number", "$value": 2}}"#,
            "t.tokens.json:1:41: error[E-DUPLICATE-KEY]: duplicate key `a` in the document root (first at t.tokens.json:1:2); the last one is used\n  help: remove or rename one of the two members\n",
        ),
        (
            r#"{"a": {"$type": "number", "$value": 1, "$value": 2}}"#,
            "t.tokens.json:1:40: error[E-DUPLICATE-KEY]: duplicate key `$value` in `a` (first at t.tokens.json:1:27); the last one is used (token a)\n  help: remove or rename one of the two members\n",
        ),
    ];
    for (doc, want) in cases {
        let opts = ParseOptions::default();
        let (set, diags) = parse_str("t.tokens.json", doc, "default", &opts);
        assert_eq!(diags.to_string(), want);
        let (_, resolved, _) = resolve_set(&set, &ResolveOptions::default());
        let json = tokencraft::resolve::resolved_json(&set, &resolved, 0);
        assert_eq!(json, json!({"a": 2}));
    }
}

#[test]
fn huge_and_negative_zero_numbers() {
    let range = |col: usize| {
        format!("t.tokens.json:1:{col}: error[E-JSON]: number out of range: the value does not fit a 64-bit float\n  help: fix the JSON syntax; token files are plain JSON (RFC 8259)\n")
    };
    assert_eq!(
        check(r#"{"a": {"$type": "number", "$value": 1e999}}"#, false),
        (range(37), 0, 0)
    );
    assert_eq!(
        check(
            r#"{"d": {"$type": "dimension", "$value": {"value": -1e999, "unit": "px"}}}"#,
            true
        ),
        (range(50), 0, 0)
    );
    // -0 is a valid number: read, resolved and written without a stray minus sign.
    let doc = r#"{"a": {"$type": "number", "$value": -0}, "d": {"$type": "dimension", "$value": {"value": -0, "unit": "px"}}}"#;
    assert_eq!(check(doc, true), (String::new(), 2, 2));
    let (set, _) = parse_str("t.tokens.json", doc, "default", &ParseOptions::default());
    let (_, resolved, _) = resolve_set(&set, &ResolveOptions::default());
    let o = EmitOptions::default();
    let cx = EmitContext {
        set: &set,
        resolved: &resolved,
        modes: ModeSelection::One(0),
        options: &o,
    };
    let css = emit(&Registry::builtin(), "css", &cx).expect("css");
    assert!(css[0].contents.contains("--a: 0;"), "{}", css[0].contents);
    assert!(css[0].contents.contains("--d: 0px;"), "{}", css[0].contents);
}

#[test]
fn colours_out_of_range_or_nan() {
    let doc = |v: &str| format!(r#"{{"c": {{"$type": "color", "$value": {v}}}}}"#);
    let invalid = |what: &str, help: &str| {
        format!("t.tokens.json:1:2: error[E-VALUE-INVALID]: invalid color: {what} (token c, mode default)\n  help: {help}\n")
    };
    let cases = [
        (
            r#"{"colorSpace": "srgb", "components": [2, -1, 0.5]}"#,
            invalid("component 0 = 2 is outside [0, 1] for srgb", "bring the component into range or use a wider colour space"),
        ),
        (
            r#"{"colorSpace": "srgb", "components": [0.5, 0.5, 0.5], "alpha": 7}"#,
            invalid("alpha 7 is outside [0, 1]", "alpha is a number from 0 (transparent) to 1 (opaque)"),
        ),
        (
            r#"{"colorSpace": "srgb", "components": ["NaN", 0, 0]}"#,
            invalid("component 0 must be a number or \"none\", found the string \"NaN\"", "write a number, or \"none\" for a missing component"),
        ),
        (
            r#"{"colorSpace": "hsl", "components": [720, 150, -5]}"#,
            invalid("hue 720 is outside [0, 360)", "write a hue from 0 up to (not including) 360"),
        ),
        (
            r#"{"colorSpace": "srgb", "components": [NaN, 0, 0]}"#,
            "t.tokens.json:1:74: error[E-JSON]: unexpected character 'N', expected a JSON value\n  help: fix the JSON syntax; token files are plain JSON (RFC 8259)\n".to_string(),
        ),
        (
            r#"{"colorSpace": "oklch", "components": [1e999, 0, 0]}"#,
            "t.tokens.json:1:75: error[E-JSON]: number out of range: the value does not fit a 64-bit float\n  help: fix the JSON syntax; token files are plain JSON (RFC 8259)\n".to_string(),
        ),
    ];
    for (value, want) in cases {
        for strict in [false, true] {
            let (diags, _, resolved) = check(&doc(value), strict);
            assert_eq!((diags.as_str(), resolved), (want.as_str(), 0), "{value}");
        }
    }
}

#[test]
fn refs_that_escape_the_document_or_loop() {
    let unresolved_help = "  help: write a same-document pointer such as `#/color/brand`\n";
    let cases = [
        (
            r##"{"a": {"$type": "number", "$value": {"$ref": "#/../../etc"}}}"##,
            "t.tokens.json:1:46: error[E-REF-UNRESOLVED]: the pointer `#/../../etc` does not resolve: the document root has no member `..` (token a)\n  help: check the spelling; pointer segments are case-sensitive and escape `/` as `~1`, `~` as `~0`\n".to_string(),
        ),
        (
            r##"{"b": {"$type": "number", "$value": {"$ref": "other.json#/a"}}}"##,
            format!("t.tokens.json:1:46: error[E-REF-UNRESOLVED]: `other.json#/a` points into another file; only same-document pointers such as `#/color/brand` are supported in token files (token b)\n{unresolved_help}"),
        ),
        (
            r##"{"c": {"$type": "number", "$value": {"$ref": "/etc/passwd"}}}"##,
            format!("t.tokens.json:1:46: error[E-REF-UNRESOLVED]: `/etc/passwd` is not a JSON Pointer: a `$ref` must start with `#/`, e.g. `#/color/brand` (token c)\n{unresolved_help}"),
        ),
        (
            r##"{"a": {"$type": "number", "$value": {"$ref": "#"}}}"##,
            "t.tokens.json:1:46: error[E-REF-NOT-TOKEN]: the pointer `#` targets the document root, not a token (token a)\n  help: point at a token (`#/group/token`), its `$value`, or a part of its value\n".to_string(),
        ),
        (
            r##"{"a": {"$type": "number", "$value": {"$ref": "#/a/$value"}}}"##,
            "t.tokens.json:1:46: error[E-REF-CYCLE]: circular reference: `a` refers to itself through reference `#/a/$value` (token a, mode default)\n  help: a token cannot be defined in terms of its own value; replace the reference with a literal value or another token\n".to_string(),
        ),
        (
            r##"{"a": {"$type": "number", "$ref": "#/b"}, "b": {"$type": "number", "$ref": "#/a"}}"##,
            "t.tokens.json:1:35: error[E-REF-CYCLE]: circular reference: `a` → `b` → `a` (token a, mode default)\n  help: every token in a cycle is unresolvable; give one of these tokens a literal value or point it outside the cycle\nt.tokens.json:1:76: error[E-REF-CYCLE]: circular reference: `b` → `a` → `b` (token b, mode default)\n  help: every token in a cycle is unresolvable; give one of these tokens a literal value or point it outside the cycle\n".to_string(),
        ),
        (
            r##"{"a": {"$extends": "{b}"}, "b": {"$extends": "{a}"}}"##,
            "t.tokens.json:1:20: error[E-EXTENDS-CYCLE]: group `a` is part of an `$extends` cycle between `a`, `b`\n  help: a group cannot inherit (directly or through other groups) from itself or its ancestors; remove one `$extends`\nt.tokens.json:1:46: error[E-EXTENDS-CYCLE]: group `b` is part of an `$extends` cycle between `a`, `b`\n  help: a group cannot inherit (directly or through other groups) from itself or its ancestors; remove one `$extends`\n".to_string(),
        ),
    ];
    for (doc, want) in cases {
        for strict in [false, true] {
            let (diags, _, resolved) = check(doc, strict);
            assert_eq!((diags.as_str(), resolved), (want.as_str(), 0), "{doc}");
        }
    }
}
