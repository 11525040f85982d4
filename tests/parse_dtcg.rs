//! DTCG reader: one fixture file → one snapshot (token dump + diagnostics), plus
//! `read_files` over files and folders.
//!
//! Fixtures live in `tests/fixtures/dtcg/`; a name containing `.strict.` is read in strict
//! mode. Add a case by adding a file and running `INSTA_UPDATE=always cargo test --test
//! parse_dtcg`, then review the new snapshot in `tests/fixtures/dtcg/snapshots/`.

mod fixture_support;

use fixture_support::report;
use std::path::{Path, PathBuf};
use tokencraft::parse::dtcg::{parse_str, ParseOptions};
use tokencraft::parse::read_files;
use tokencraft::{Diagnostics, Error};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dtcg")
}

#[test]
fn fixtures_match_snapshots() {
    fixture_support::snapshot_each(&fixtures(), 15, |name, text| {
        let opts = ParseOptions {
            strict: name.contains(".strict."),
            ..ParseOptions::default()
        };
        let (set, diags) = parse_str(name, text, "default", &opts);
        let stem = name.trim_end_matches(".tokens.json").to_owned();
        (stem, report(&set, &diags))
    });
}

fn codes(diags: &Diagnostics) -> Vec<&'static str> {
    diags.items.iter().map(|d| d.code).collect()
}

#[test]
fn valid_documents_have_no_diagnostics() {
    for name in ["all-types.tokens.json", "extends.tokens.json"] {
        let text = std::fs::read_to_string(fixtures().join(name)).expect("read");
        let (_, diags) = parse_str(name, &text, "default", &ParseOptions::default());
        assert!(diags.is_empty(), "{name}: {diags}");
    }
}

#[test]
fn processing_order_is_own_tokens_root_inherited_then_groups() {
    let text = r#"{
      "base": { "$type": "number", "i": { "$value": 1 }, "g": { "x": { "$value": 2 } } },
      "ext": { "$extends": "{base}", "sub": { "y": { "$value": 3 } }, "$root": { "$value": 4 }, "own": { "$value": 5 } }
    }"#;
    let (set, diags) = parse_str("order.json", text, "default", &ParseOptions::default());
    assert!(diags.is_empty(), "{diags}");
    let paths: Vec<&str> = set.paths.iter().map(|p| p.as_ref()).collect();
    assert_eq!(
        paths,
        [
            "base.i",
            "base.g.x",
            "ext.own",
            "ext.$root",
            "ext.i",
            "ext.sub.y",
            "ext.g.x"
        ]
    );
}

#[test]
fn duplicate_keys_name_both_locations_and_last_wins() {
    let text = "{\n  \"a\": { \"$type\": \"number\", \"$value\": 1 },\n  \"a\": { \"$type\": \"number\", \"$value\": 2 }\n}";
    let (set, diags) = parse_str("dup.json", text, "default", &ParseOptions::default());
    assert_eq!(
        diags.items[0].to_string(),
        "dup.json:3:3: error[E-DUPLICATE-KEY]: duplicate key `a` in the document root (first at dup.json:2:3); the last one is used\n  help: remove or rename one of the two members"
    );
    let id = set.id("a").expect("a");
    assert_eq!(
        set.own(0, id).map(|t| t.value.clone()),
        Some(tokencraft::model::Expr::Number(2.0))
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 100_000;
    let text = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let (_, diags) = parse_str("deep.json", &text, "default", &ParseOptions::default());
    assert!(diags.has_errors());
}

#[test]
fn read_files_merges_files_and_folders_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("tokens");
    std::fs::create_dir_all(folder.join("nested")).expect("mkdir");
    std::fs::write(
        folder.join("a.tokens.json"),
        r#"{ "n": { "$type": "number", "one": { "$value": 1 }, "two": { "$value": 2 } } }"#,
    )
    .expect("write");
    std::fs::write(
        folder.join("nested/b.json"),
        r#"{ "n": { "two": { "$value": 22 }, "three": { "$value": "{n.one}" } } }"#,
    )
    .expect("write");
    std::fs::write(folder.join("x.resolver.json"), "not json").expect("write");
    std::fs::write(folder.join("notes.txt"), "ignored").expect("write");
    let extra = dir.path().join("extra.tokens");
    std::fs::write(&extra, r#"{ "n": { "four": { "$value": 4 } } }"#).expect("write");

    let (set, diags) = read_files(&[folder, extra], &ParseOptions::default()).expect("read");
    assert_eq!(set.sources.files.len(), 3);
    assert_eq!(set.modes.len(), 1);
    assert_eq!(set.modes[0].name, "default");
    let paths: Vec<&str> = set.paths.iter().map(|p| p.as_ref()).collect();
    assert_eq!(paths, ["n.one", "n.two", "n.three", "n.four"]);
    let two = set.own(0, set.id("n.two").expect("two")).expect("token");
    assert_eq!(two.value, tokencraft::model::Expr::Number(22.0));
    assert_eq!(codes(&diags), ["W-MERGE-OVERRIDE"], "{diags}");
}

#[test]
fn read_files_reports_io_and_utf8_problems() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.tokens.json");
    match read_files(&[missing], &ParseOptions::default()) {
        Err(Error::Io { path, .. }) => assert!(path.ends_with("missing.tokens.json")),
        other => panic!("expected an I/O error, got {other:?}"),
    }
    let bad = dir.path().join("bad.tokens.json");
    std::fs::write(&bad, b"{\n  \"a\xff\": 1\n}").expect("write");
    let (_, diags) = read_files(&[bad], &ParseOptions::default()).expect("read");
    assert_eq!(codes(&diags), ["E-UTF8"]);
    let msg = diags.items[0].to_string();
    assert!(msg.contains("bad.tokens.json:2:5: error[E-UTF8]"), "{msg}");
    assert!(msg.contains("first bad byte at offset 6"), "{msg}");
}

mod generated {
    //! Property tests: random token trees against a naive oracle.
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Map, Value};

    /// A generated tree: groups of tokens and nested groups, unique names per group.
    fn tree(depth: u32) -> impl Strategy<Value = Value> {
        let token = prop_oneof![
            (-1000i32..1000).prop_map(|n| json!({ "$type": "number", "$value": n })),
            Just(json!({ "$value": "{a}" })),
            Just(json!({ "$type": "string", "$value": "x {a} y", "$deprecated": true })),
        ];
        token.prop_recursive(depth, 64, 6, |inner| {
            proptest::collection::btree_map("[a-z]{1,3}", inner, 0..6).prop_map(|m| {
                let mut obj = Map::new();
                for (k, v) in m {
                    obj.insert(k, v);
                }
                Value::Object(obj)
            })
        })
    }

    /// Token paths in processing order: a group's tokens, then its nested groups.
    fn oracle(v: &Value, path: &str, out: &mut Vec<String>) {
        let Value::Object(members) = v else { return };
        let join = |k: &str| {
            if path.is_empty() {
                k.to_owned()
            } else {
                format!("{path}.{k}")
            }
        };
        for (k, child) in members {
            if child.get("$value").is_some() {
                out.push(join(k));
            }
        }
        for (k, child) in members {
            if child.is_object() && child.get("$value").is_none() {
                oracle(child, &join(k), out);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn token_paths_match_the_oracle(doc in tree(4).prop_filter("object root", |v| v.get("$value").is_none())) {
            let text = serde_json::to_string_pretty(&doc).expect("serialise");
            let (set, diags) = parse_str("gen.json", &text, "default", &ParseOptions::default());
            prop_assert!(!diags.has_errors(), "{}", diags);
            let mut expected = Vec::new();
            oracle(&doc, "", &mut expected);
            let got: Vec<String> = set.paths.iter().map(|p| p.to_string()).collect();
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let _ = parse_str("any.json", &text, "default", &ParseOptions::default());
            let _ = tokencraft::parse::tokencraft::from_export_json(&text, &ParseOptions::default());
        }

        #[test]
        fn arbitrary_json_shapes_never_panic(doc in tree(3), key in "[$a-z{}.~/#0-9 ]{0,12}") {
            // Wrap random subtrees under random (possibly invalid) keys, `$ref`s and `$extends`.
            let wrapped = json!({
                key.clone(): doc.clone(),
                "r": { "$value": { "$ref": format!("#/{key}") } },
                "e": { "$extends": format!("{{{key}}}"), "x": doc },
            });
            let text = serde_json::to_string(&wrapped).expect("serialise");
            let _ = parse_str("shape.json", &text, "default", &ParseOptions::default());
        }
    }
}

#[test]
fn read_tree_fills_several_modes_of_one_set() {
    use tokencraft::model::{Expr, TokenSet};
    use tokencraft::parse::{dtcg::read_tree, json};
    let light =
        r#"{ "c": { "$type": "number", "a": { "$value": 1 }, "b": { "$value": "{ c.a }" } } }"#;
    let dark = r#"{ "c": { "$type": "number", "b": { "$value": 2 }, "x": { "$value": 3 } } }"#;
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    for (name, text) in [("light", light), ("dark", dark)] {
        let file = set.sources.add(format!("{name}.tokens.json"), text);
        let tree = json::parse(text, file, &json::Limits::default()).expect("json");
        let mode = set.add_mode(name);
        read_tree(&tree, &mut set, mode, &ParseOptions::default(), &mut diags);
    }
    let paths: Vec<&str> = set.paths.iter().map(|p| p.as_ref()).collect();
    assert_eq!(paths, ["c.a", "c.b", "c.x"]);
    let b = set.id("c.b").expect("b");
    assert_eq!(set.own(1, b).map(|t| &t.value), Some(&Expr::Number(2.0)));
    assert!(set.own(1, set.id("c.a").expect("a")).is_none());
    let alias = set
        .own(0, b)
        .and_then(|t| t.value.as_alias())
        .expect("alias");
    assert_eq!(alias.token.as_ref(), "c.a", "D-15 trimmed");
    assert_eq!(codes(&diags), ["W-REF-TRIMMED"]);
    assert_eq!(
        diags.items[0].to_string(),
        "light.tokens.json:1:68: warning[W-REF-TRIMMED]: reference `{ c.a }` has spaces around the path; using `{c.a}` (DTCG deviation D-15) (token c.b)\n  help: write `{c.a}`; spaces are part of names"
    );
}

#[test]
fn read_files_reports_problems_in_file_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = [
        ("1.tokens.json", b"{ \"a\xff\": 1 }".to_vec()),
        ("2.tokens.json", b"{ \"a\": }".to_vec()),
        (
            "3.tokens.json",
            b"{ \"n\": { \"$type\": \"number\", \"$value\": 1, }, // c\n}".to_vec(),
        ),
        (
            "4.tokens.json",
            b"{ \"m\": { \"$type\": \"number\", \"$value\": \"{n}\" } }".to_vec(),
        ),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    let (set, diags) =
        read_files(&[dir.path().to_path_buf()], &ParseOptions::default()).expect("read");
    assert_eq!(codes(&diags), ["E-UTF8", "E-JSON", "W-JSONC"], "{diags}");
    assert!(
        diags.items[1]
            .to_string()
            .contains("2.tokens.json:1:8: error[E-JSON]"),
        "{diags}"
    );
    let paths: Vec<&str> = set.paths.iter().map(|p| p.as_ref()).collect();
    assert_eq!(paths, ["n", "m"]);
    assert_eq!(set.sources.files.len(), 4);
}
