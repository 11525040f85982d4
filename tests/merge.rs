//! Deep merge of token trees: groups merge, tokens replace, `$`-properties per key,
//! kind changes and (optionally) value conflicts are warned about with both locations.

use serde_json::json;
use tokencraft::model::SourceMap;
use tokencraft::parse::json::{parse, Limits};
use tokencraft::parse::merge::{is_token, merge_tree, MergeOptions};
use tokencraft::Diagnostics;

/// Merges the documents in order; returns the merged tree and the rendered diagnostics.
fn merge_all(docs: &[&str], warn_conflicts: bool) -> (serde_json::Value, Vec<String>) {
    let mut sources = SourceMap::default();
    for (i, d) in docs.iter().enumerate() {
        sources.add(format!("f{i}.json"), d);
    }
    let mut tree = parse("{}", u32::MAX, &Limits::default()).unwrap();
    let mut diags = Diagnostics::new();
    let opts = MergeOptions { warn_conflicts };
    for (i, d) in docs.iter().enumerate() {
        let node = parse(d, i as u32, &Limits::default()).unwrap();
        merge_tree(&mut tree, node, &opts, &sources, &mut diags);
    }
    (
        tree.to_serde(),
        diags.items.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn groups_merge_and_tokens_replace_wholesale() {
    let (tree, diags) = merge_all(
        &[
            r##"{"color": {"$type": "color", "$description": "base",
                "red": {"$value": "#f00", "$description": "Red"},
                "blue": {"$value": "#00f"}}}"##,
            r##"{"color": {"$description": "theme",
                "red": {"$value": "#e00"},
                "green": {"$value": "#0f0"}},
                "size": {"s": {"$value": 1}}}"##,
        ],
        false,
    );
    assert_eq!(
        tree,
        json!({"color": {"$type": "color", "$description": "theme",
            "red": {"$value": "#e00"},
            "blue": {"$value": "#00f"},
            "green": {"$value": "#0f0"}},
            "size": {"s": {"$value": 1}}})
    );
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn extensions_on_groups_are_replaced_per_key_not_merged() {
    let (tree, _) = merge_all(
        &[
            r#"{"g": {"$extensions": {"a": 1, "b": 2}, "t": {"$value": 1}}}"#,
            r#"{"g": {"$extensions": {"c": 3}}}"#,
        ],
        false,
    );
    assert_eq!(
        tree,
        json!({"g": {"$extensions": {"c": 3}, "t": {"$value": 1}}})
    );
}

#[test]
fn root_tokens_and_ref_tokens_replace() {
    let (tree, diags) = merge_all(
        &[
            r#"{"r": {"$root": {"$value": 4, "$type": "number"}, "big": {"$value": 8}}}"#,
            r##"{"r": {"$root": {"$ref": "#/r/big"}}}"##,
        ],
        false,
    );
    assert_eq!(
        tree,
        json!({"r": {"$root": {"$ref": "#/r/big"}, "big": {"$value": 8}}})
    );
    assert!(diags.is_empty());
}

#[test]
fn kind_changes_are_warned_with_both_locations() {
    let (tree, diags) = merge_all(
        &[
            "{\"a\": {\"$value\": 1},\n \"b\": {\"x\": {\"$value\": 2}}}",
            "{\n  \"a\": {\"y\": {\"$value\": 3}},\n  \"b\": {\"$value\": 4}}",
        ],
        false,
    );
    assert_eq!(tree, json!({"a": {"y": {"$value": 3}}, "b": {"$value": 4}}));
    assert_eq!(
        diags,
        [
            "f1.json:2:3: warning[W-MERGE-KIND]: group `a` replaces the token defined at f0.json:1:2\n  help: a path is either a token (with `$value`) or a group; rename one of them",
            "f1.json:3:3: warning[W-MERGE-KIND]: token `b` replaces the group defined at f0.json:2:2\n  help: a path is either a token (with `$value`) or a group; rename one of them",
        ]
    );
}

#[test]
fn conflicts_are_warned_only_when_asked_and_only_for_different_values() {
    let docs = [
        "{\"g\": {\"same\": {\"$value\": {\"value\": 4, \"unit\": \"px\"}},\n \"diff\": {\"$value\": 1}}}",
        "{\"g\": {\"same\": {\"$value\": {\"value\": 4, \"unit\": \"px\"}, \"$description\": \"d\"},\n  \"diff\": {\"$value\": 2}}}",
    ];
    let (_, quiet) = merge_all(&docs, false);
    assert!(quiet.is_empty());
    let (tree, diags) = merge_all(&docs, true);
    assert_eq!(tree["g"]["diff"], json!({"$value": 2}));
    assert_eq!(
        diags,
        ["f1.json:2:3: warning[W-MERGE-OVERRIDE]: token `g.diff` overrides a different value defined at f0.json:2:2\n  help: if the override is intended nothing needs to change; otherwise remove one of the two definitions"]
    );
}

#[test]
fn duplicate_keys_last_one_counts() {
    // In the overlay only the last `t` counts; in the base the last `g` is merged into.
    let (tree, _) = merge_all(
        &[
            r#"{"g": {"a": {"$value": 0}}, "g": {"b": {"$value": 1}}}"#,
            r#"{"g": {"t": {"$value": 1}, "t": {"$value": 2}}}"#,
        ],
        false,
    );
    // to_serde collapses duplicates (last wins): the merged last `g` holds both b and t.
    assert_eq!(tree, json!({"g": {"b": {"$value": 1}, "t": {"$value": 2}}}));
}

#[test]
fn large_groups_use_the_index_and_keep_order() {
    let base: String = format!(
        "{{{}}}",
        (0..500)
            .map(|i| format!("\"t{i}\": {{\"$value\": {i}}}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let overlay: String = format!(
        "{{{}}}",
        (250..750)
            .rev()
            .map(|i| format!("\"t{i}\": {{\"$value\": {}}}", i * 10))
            .collect::<Vec<_>>()
            .join(",")
    );
    let (tree, _) = merge_all(&[&base, &overlay], false);
    let obj = tree.as_object().unwrap();
    assert_eq!(obj.len(), 750);
    let keys: Vec<&String> = obj.keys().collect();
    assert_eq!(keys[0], "t0");
    assert_eq!(keys[499], "t499");
    assert_eq!(keys[500], "t749");
    assert_eq!(tree["t100"], json!({"$value": 100}));
    assert_eq!(tree["t300"], json!({"$value": 3000}));
    assert_eq!(tree["t700"], json!({"$value": 7000}));
}

#[test]
fn non_object_roots_are_replaced() {
    let (tree, diags) = merge_all(&[r#"{"a": {"$value": 1}}"#, "[1]"], false);
    assert_eq!(tree, json!([1]));
    assert!(diags.is_empty());
}

#[test]
fn token_detection() {
    let t = |s: &str| is_token(&parse(s, 0, &Limits::default()).unwrap());
    assert!(t(r#"{"$value": 1}"#));
    assert!(t(r##"{"$ref": "#/a"}"##));
    assert!(!t(r#"{"$type": "color"}"#));
    assert!(!t(r#""$value""#));
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Token trees over a small name alphabet, so two trees overlap often.
    fn tree() -> impl Strategy<Value = Value> {
        let token = (0u8..4).prop_map(|v| json!({"$value": v, "$type": "number"}));
        token
            .prop_recursive(4, 40, 4, |inner| {
                prop::collection::vec(
                    (prop::sample::select(vec!["a", "b", "c", "$root"]), inner),
                    0..4,
                )
                .prop_map(|members| {
                    let mut map = serde_json::Map::new();
                    for (k, v) in members {
                        // `$root` must be a token; keep groups elsewhere.
                        if k == "$root" && v.get("$value").is_none() {
                            continue;
                        }
                        map.insert(k.to_string(), v);
                    }
                    Value::Object(map)
                })
            })
            .prop_filter("root must be a group", |v| v.get("$value").is_none())
    }

    /// Every token path of a tree with its token.
    fn tokens(v: &Value, path: &mut Vec<String>, out: &mut Vec<(String, Value)>) {
        if v.get("$value").is_some() {
            out.push((path.join("."), v.clone()));
            return;
        }
        if let Some(map) = v.as_object() {
            for (k, child) in map {
                path.push(k.clone());
                tokens(child, path, out);
                path.pop();
            }
        }
    }

    fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
        path.split('.').try_fold(v, |node, seg| node.get(seg))
    }

    proptest! {
        #[test]
        fn identity_idempotence_and_last_wins(a in tree(), b in tree()) {
            let (ta, tb) = (a.to_string(), b.to_string());
            let (once, _) = merge_all(&[&ta], true);
            prop_assert_eq!(&once, &a);
            let (twice, diags) = merge_all(&[&ta, &ta], true);
            prop_assert_eq!(&twice, &a);
            prop_assert!(diags.is_empty(), "{:?}", diags);
            let (merged, _) = merge_all(&[&ta, &tb], false);
            let mut expected = Vec::new();
            tokens(&b, &mut Vec::new(), &mut expected);
            for (path, token) in expected {
                prop_assert_eq!(at(&merged, &path), Some(&token), "{}", path);
            }
        }
    }
}
