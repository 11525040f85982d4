//! The JSON reader: exact error messages and offsets, round-trips against serde_json,
//! deep nesting, large strings, escapes, the JSONC pre-pass.

use proptest::prelude::*;
use std::borrow::Cow;
use tokencraft::parse::json::{parse, strip_jsonc, Kind, Limits};

fn p(text: &str) -> Result<serde_json::Value, (String, u32)> {
    parse(text, 0, &Limits::default())
        .map(|n| n.to_serde())
        .map_err(|e| (e.message, e.span.offset))
}

#[test]
fn error_messages_and_offsets() {
    let table: &[(&str, &str, u32)] = &[
        ("", "empty input: expected a JSON value", 0),
        ("  \n ", "empty input: expected a JSON value", 4),
        ("\u{FEFF}", "empty input: expected a JSON value", 3),
        ("{", "expected a string key in double quotes, found end of input", 1),
        ("[", "unexpected end of input, expected a JSON value", 1),
        ("[1", "expected ',' or ']' after an array element, found end of input", 2),
        ("[1 2]", "expected ',' or ']' after an array element, found '2'", 3),
        ("{\"a\":1 \"b\":2}", "expected ',' or '}' after an object member, found '\"'", 7),
        ("{\"a\" 1}", "expected ':' after the object key \"a\", found '1'", 5),
        ("{a:1}", "expected a string key in double quotes, found 'a'", 1),
        ("{'a':1}", "expected a string key in double quotes, found '''", 1),
        ("[1,]", "trailing comma before ']': remove the comma after the last element", 2),
        ("{\"a\":1 , }", "trailing comma before '}': remove the comma after the last member", 7),
        ("[1] x", "trailing content after the JSON value: found 'x'; a document holds exactly one value", 4),
        ("{} {}", "trailing content after the JSON value: found '{'; a document holds exactly one value", 3),
        ("@", "unexpected character '@', expected a JSON value", 0),
        ("[é]", "unexpected character 'é', expected a JSON value", 1),
        ("\"abc", "unterminated string: add the closing '\"'", 0),
        ("[\"a\\", "unterminated string: add the closing '\"'", 1),
        ("\"a\\qb\"", "invalid escape '\\' followed by 'q' in string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", 2),
        ("\"\\u12\"", "invalid escape: \\u must be followed by four hex digits", 1),
        ("\"\\u12G4\"", "invalid escape: \\u must be followed by four hex digits", 1),
        ("\"\\uD800\"", "lone surrogate \\uD800 in string: a high surrogate must be followed by a low surrogate \\uDC00-\\uDFFF", 1),
        ("\"x\\uD800\\u0041\"", "lone surrogate \\uD800 in string: a high surrogate must be followed by a low surrogate \\uDC00-\\uDFFF", 2),
        ("\"\\uDC00\"", "lone surrogate \\uDC00 in string: a low surrogate must follow a high surrogate \\uD800-\\uDBFF", 1),
        ("\"a\nb\"", "control character U+000A in string: write it as \\n", 2),
        ("\"a\\n\tb\"", "control character U+0009 in string: write it as \\t", 4),
        ("\"\u{1}\"", "control character U+0001 in string: write it as \\u0001", 1),
        ("01", "invalid number: leading zeros are not allowed", 0),
        ("-01", "invalid number: leading zeros are not allowed", 1),
        ("-", "invalid number: expected a digit after '-', found end of input", 1),
        ("-a", "invalid number: expected a digit after '-', found 'a'", 1),
        ("1.", "invalid number: expected a digit after '.', found end of input", 2),
        ("1.e5", "invalid number: expected a digit after '.', found 'e'", 2),
        ("1e", "invalid number: expected a digit in the exponent, found end of input", 2),
        ("1e+", "invalid number: expected a digit in the exponent, found end of input", 3),
        ("[.5]", "unexpected character '.', expected a JSON value", 1),
        ("+1", "unexpected character '+', expected a JSON value", 0),
        ("1e999", "number out of range: the value does not fit a 64-bit float", 0),
        ("[-1e400]", "number out of range: the value does not fit a 64-bit float", 1),
        ("tru", "invalid literal: expected `true` (JSON literals are lowercase true, false, null)", 0),
        ("nul", "invalid literal: expected `null` (JSON literals are lowercase true, false, null)", 0),
        ("True", "unexpected character 'T', expected a JSON value", 0),
        ("NaN", "unexpected character 'N', expected a JSON value", 0),
        ("[1]\u{0}", "trailing content after the JSON value: found control character U+0000; a document holds exactly one value", 3),
    ];
    let mut failures = Vec::new();
    for (input, message, offset) in table {
        match p(input) {
            Ok(v) => failures.push(format!("{input:?}: parsed as {v}")),
            Err((m, o)) if m == *message && o == *offset => {}
            Err((m, o)) => failures.push(format!(
                "{input:?}: got ({m:?}, {o}), want ({message:?}, {offset})"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn display_includes_offset() {
    let e = parse("[1,]", 7, &Limits::default()).unwrap_err();
    assert_eq!(e.span.file, 7);
    assert_eq!(
        e.to_string(),
        "trailing comma before ']': remove the comma after the last element (at byte 2)"
    );
}

#[test]
fn spans_point_at_values_and_keys() {
    let text = "\u{FEFF}{\n  \"a\": [1, \"x\"],\n  \"b\": {\"c\": null}\n}";
    let root = parse(text, 3, &Limits::default()).unwrap();
    assert_eq!(root.span.offset, 3);
    assert_eq!(root.span.file, 3);
    let m = root.members().unwrap();
    assert_eq!(m[0].key_span.offset as usize, text.find("\"a\"").unwrap());
    assert_eq!(m[0].value.span.offset as usize, text.find('[').unwrap());
    let items = m[0].value.items().unwrap();
    assert_eq!(items[1].span.offset as usize, text.find("\"x\"").unwrap());
    let c = root.get("b").unwrap().members().unwrap();
    assert_eq!(c[0].key_span.offset as usize, text.find("\"c\"").unwrap());
    assert_eq!(c[0].value.span.offset as usize, text.find("null").unwrap());
}

#[test]
fn duplicates_are_kept_and_get_returns_the_last() {
    let root = parse(r#"{"a": 1, "b": 2, "a": 3}"#, 0, &Limits::default()).unwrap();
    let keys: Vec<&str> = root.members().unwrap().iter().map(|m| &*m.key).collect();
    assert_eq!(keys, ["a", "b", "a"]);
    assert_eq!(root.get("a").and_then(|n| n.as_f64()), Some(3.0));
    assert_eq!(root.to_serde(), serde_json::json!({"a": 3, "b": 2}));
}

#[test]
fn accessors_and_type_names() {
    let root = parse(r#"[null, true, 1.5, "s", [], {}]"#, 0, &Limits::default()).unwrap();
    let items = root.items().unwrap();
    let names: Vec<_> = items.iter().map(|n| n.type_name()).collect();
    assert_eq!(
        names,
        ["null", "boolean", "number", "string", "array", "object"]
    );
    assert_eq!(items[1].as_bool(), Some(true));
    assert_eq!(items[2].as_f64(), Some(1.5));
    assert_eq!(items[3].as_str(), Some("s"));
    assert_eq!(items[3].as_f64(), None);
    assert!(items[0].get("x").is_none());
    assert_eq!(root.type_name(), "array");
}

#[test]
fn numbers() {
    let n = |t: &str| parse(t, 0, &Limits::default()).unwrap().as_f64().unwrap();
    assert!(n("-0").is_sign_negative() && n("-0") == 0.0);
    assert!(n("-0.0").is_sign_negative());
    assert!(!n("0").is_sign_negative());
    assert_eq!(n("123456789012345"), 123456789012345.0);
    assert_eq!(n("12345678901234567890"), 12345678901234567890.0);
    assert_eq!(n("-1.25e-3"), -0.00125);
    assert_eq!(n("1E2"), 100.0);
    assert_eq!(n("1e-999"), 0.0);
    assert_eq!(n("1.7976931348623157e308"), f64::MAX);
    // -0 keeps its sign through to_serde.
    let v = parse("-0", 0, &Limits::default()).unwrap().to_serde();
    assert_eq!(v.to_string(), "-0.0");
}

#[test]
fn escapes_and_surrogate_pairs() {
    let root = parse(
        r#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u0041", "\uD83D\uDE00!", "plain é 😀"]"#,
        0,
        &Limits::default(),
    )
    .unwrap();
    let items = root.items().unwrap();
    assert_eq!(items[0].as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\t"));
    assert_eq!(items[1].as_str(), Some("éA"));
    assert_eq!(items[2].as_str(), Some("😀!"));
    assert_eq!(items[3].as_str(), Some("plain é 😀"));
    assert!(matches!(&items[3].kind, Kind::String(Cow::Borrowed(_))));
    assert!(matches!(&items[0].kind, Kind::String(Cow::Owned(_))));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(100_000);
    let t = std::time::Instant::now();
    let e = parse(&deep, 0, &Limits::default()).unwrap_err();
    assert!(t.elapsed().as_millis() < 1000);
    assert_eq!(
        e.message,
        "nesting deeper than 256 levels of arrays and objects; flatten the document"
    );
    assert_eq!(e.span.offset, 256);
    // A huge max_depth is capped, so the tree can still be dropped safely.
    let limits = Limits {
        max_depth: usize::MAX,
        ..Limits::default()
    };
    let e = parse(&deep, 0, &limits).unwrap_err();
    assert!(e.message.starts_with("nesting deeper than 4096 levels"));
    // Exactly at the limit is fine, objects count too.
    let ok = format!("{}1{}", "[{\"a\":".repeat(128), "}]".repeat(128));
    assert!(parse(&ok, 0, &Limits::default()).is_ok());
    let too_deep = format!("[{ok}]");
    assert!(parse(&too_deep, 0, &Limits::default()).is_err());
}

#[test]
fn size_limit() {
    let limits = Limits {
        max_bytes: 4,
        ..Limits::default()
    };
    let e = parse("[1, 2]", 0, &limits).unwrap_err();
    assert_eq!(
        e.message,
        "input is 6 bytes, larger than the limit of 4 bytes; split the document or raise the limit"
    );
    assert!(parse("[1]", 0, &limits).is_ok());
}

#[test]
fn huge_strings() {
    let body = "ab\u{e9}".repeat(1_000_000);
    let text = format!("{{\"k\": \"{body}\"}}");
    let root = parse(&text, 0, &Limits::default()).unwrap();
    assert_eq!(root.get("k").and_then(|n| n.as_str()), Some(body.as_str()));
    let escaped = format!("\"{}\"", "x\\n".repeat(500_000));
    let s = parse(&escaped, 0, &Limits::default()).unwrap();
    assert_eq!(s.as_str().map(str::len), Some(1_000_000));
}

#[test]
fn into_owned_keeps_everything() {
    let text = String::from(r#"{"a": ["x", {"b": 1}], "a": null}"#);
    let borrowed = parse(&text, 0, &Limits::default()).unwrap();
    let expected = format!("{borrowed:?}");
    let owned = borrowed.into_owned();
    drop(text);
    assert_eq!(format!("{owned:?}"), expected);
    assert!(matches!(&owned.get("a").unwrap().kind, Kind::Null));
}

#[test]
fn strip_jsonc_blanks_comments_and_trailing_commas() {
    assert_eq!(strip_jsonc(r#"{"a": [1, 2]}"#), None);
    assert_eq!(
        strip_jsonc(r#"{"a": "// not a comment, /* nor this */",}"#).as_deref(),
        Some(r#"{"a": "// not a comment, /* nor this */" }"#)
    );
    let text = "{\n  // line é\n  \"a\": 1, /* block\n */ \"b\": [1,2,],\n}";
    let stripped = strip_jsonc(text).unwrap();
    assert_eq!(stripped.len(), text.len());
    assert_eq!(stripped.lines().count(), text.lines().count());
    assert_eq!(
        p(&stripped).unwrap(),
        serde_json::json!({"a": 1, "b": [1, 2]})
    );
    // Offsets are preserved: `"b"` stands where it stood.
    assert_eq!(stripped.find("\"b\""), text.find("\"b\""));
    assert_eq!(strip_jsonc("[1 /*/ 2 */]").as_deref(), Some("[1         ]"));
    assert_eq!(strip_jsonc(r#"["\"//x"]"#), None);
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[a-z\\\\\"\u{0}-\u{1f}]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Equality with numbers compared as f64 (we store every number as a float).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        _ => a == b,
    }
}

proptest! {
    #[test]
    fn strip_jsonc_keeps_offsets(s in "[\\[\\]{}\",:0-9a-z/*\\\\ \n\té]{0,60}") {
        if let Some(out) = strip_jsonc(&s) {
            prop_assert_eq!(out.len(), s.len());
            prop_assert_eq!(out.matches('\n').count(), s.matches('\n').count());
        }
    }

    #[test]
    fn short_decimals_parse_exactly_like_std(
        mantissa in 0u64..1_000_000_000_000_000,
        frac in 0usize..16,
        exp in -40i32..40,
        negative in any::<bool>(),
        form in 0u8..3,
    ) {
        let digits = mantissa.to_string();
        let split = digits.len().saturating_sub(frac).max(1);
        let (int, fr) = digits.split_at(split);
        let sign = if negative { "-" } else { "" };
        let text = match (form, fr.is_empty()) {
            (0, _) | (_, true) => format!("{sign}{int}e{exp}"),
            (1, false) => format!("{sign}{int}.{fr}"),
            _ => format!("{sign}{int}.{fr}E{exp:+}"),
        };
        let expected: f64 = text.parse().unwrap();
        let ours = parse(&text, 0, &Limits::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let got = ours.as_f64().unwrap();
        prop_assert_eq!(got.to_bits(), expected.to_bits(), "{}", text);
    }

    #[test]
    fn round_trips_against_serde_json(v in arb_json(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }.unwrap();
        let ours = parse(&text, 0, &Limits::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = ours.to_serde();
        prop_assert!(same(&back, &v), "{} vs {}", back, v);
    }

    #[test]
    fn never_panics_and_agrees_with_serde_on_validity(s in "[\\[\\]{}\",:0-9a-z\\\\ .eE+-]{0,40}") {
        let ours = parse(&s, 0, &Limits::default());
        let theirs: Result<serde_json::Value, _> = serde_json::from_str(&s);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => prop_assert!(same(&a.to_serde(), b)),
            (Err(_), Err(_)) => {}
            _ => {
                // serde_json accepts numbers out of f64 range as infinity? No: it errors too.
                prop_assert!(false, "disagree on {:?}: ours {:?}, serde {:?}", s, ours.as_ref().err(), theirs.as_ref().err());
            }
        }
    }
}
