//! One fixture → one snapshot: `tests/fixtures/resolve/*.json` are token sets written as
//! `[mode, path, type, value]` rows (type `null`: none; `"group:color"`: inherited from a
//! group), resolved with the fixture's options; the snapshot holds every mode's resolved
//! JSON, the alias links, and the diagnostics.

mod fixture_support;

use serde_json::Value as J;
use std::fmt::Write as _;
use std::path::Path;
use tokencraft::model::TypeSource;
use tokencraft::resolve::testkit::SetBuilder;
use tokencraft::resolve::{resolve_set, resolved_json, ResolveOptions};

fn run(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let doc: J = serde_json::from_str(&text).expect("fixture is JSON");
    let modes: Vec<&str> = doc["modes"]
        .as_array()
        .map(|m| m.iter().filter_map(J::as_str).collect())
        .unwrap_or_else(|| vec!["default"]);
    let mut b = SetBuilder::new(&modes);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("fixture");
    b.file_name(name);
    for row in doc["tokens"].as_array().expect("tokens array") {
        let mode = row[0].as_str().expect("mode");
        let token = row[1].as_str().expect("path");
        let value = row[3].clone();
        match row[2].as_str() {
            None => b.add(mode, token, None, TypeSource::None, value),
            Some(t) => match t.strip_prefix("group:") {
                Some(g) => b.grouped(mode, token, g, value),
                None => b.token(mode, token, Some(t), value),
            },
        };
    }
    for g in doc["groups"].as_array().into_iter().flatten() {
        b.group(g.as_str().expect("group path"));
    }
    let set = b.build();
    let opts = ResolveOptions {
        strict: doc["strict"].as_bool().unwrap_or(false),
        legacy_warnings: doc["legacy_warnings"].as_bool().unwrap_or(true),
        infer_types: doc["infer_types"].as_bool().unwrap_or(false),
    };
    let (_graph, resolved, diags) = resolve_set(&set, &opts);
    let mut out = String::new();
    for (m, mode) in set.modes.iter().enumerate() {
        let json = resolved_json(&set, &resolved, m);
        let _ = writeln!(out, "== mode {}", mode.name);
        for (id, t) in resolved.iter(m) {
            let value = json.get(set.path(id)).map(J::to_string).unwrap_or_default();
            let mut notes = Vec::new();
            if let Some(a) = t.alias_of {
                notes.push(format!("alias_of {}", set.path(a)));
            }
            if t.origin != id {
                notes.push(format!("origin {}", set.path(t.origin)));
            }
            if t.inherited {
                notes.push("inherited".to_owned());
            }
            let refs = sub_references(&set, &t.value);
            if !refs.is_empty() {
                notes.push(format!("sub-references {}", refs.join(", ")));
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!("  [{}]", notes.join("; "))
            };
            let _ = writeln!(out, "{} ({}) = {value}{notes}", set.path(id), t.ty);
        }
    }
    let _ = writeln!(out, "== diagnostics ({})", diags.len());
    let _ = write!(out, "{diags}");
    out
}

/// Tokens recorded in `Sub::reference` anywhere in a value.
fn sub_references(set: &tokencraft::model::TokenSet, v: &tokencraft::model::Value) -> Vec<String> {
    use tokencraft::model::{StrokeStyle, Value};
    let mut ids = Vec::new();
    let stroke = |s: &StrokeStyle, ids: &mut Vec<_>| {
        if let StrokeStyle::Dashed { dash_array, .. } = s {
            ids.extend(dash_array.iter().map(|d| d.reference));
        }
    };
    match v {
        Value::StrokeStyle(s) => stroke(s, &mut ids),
        Value::Border(b) => {
            ids.extend([b.color.reference, b.width.reference, b.style.reference]);
            stroke(&b.style.value, &mut ids);
        }
        Value::Transition(t) => ids.extend([
            t.duration.reference,
            t.delay.reference,
            t.timing_function.reference,
        ]),
        Value::Shadow { layers, .. } => {
            for l in layers {
                ids.push(l.reference);
                let l = &l.value;
                ids.extend([
                    l.color.reference,
                    l.offset_x.reference,
                    l.offset_y.reference,
                    l.blur.reference,
                    l.spread.reference,
                ]);
            }
        }
        Value::Gradient(stops) => {
            for s in stops {
                ids.extend([
                    s.reference,
                    s.value.color.reference,
                    s.value.position.reference,
                ]);
            }
        }
        Value::Typography(t) => ids.extend([
            t.font_family.as_ref().and_then(|x| x.reference),
            t.font_size.as_ref().and_then(|x| x.reference),
            t.font_weight.as_ref().and_then(|x| x.reference),
            t.letter_spacing.as_ref().and_then(|x| x.reference),
            t.line_height.as_ref().and_then(|x| x.reference),
        ]),
        _ => {}
    }
    ids.into_iter()
        .flatten()
        .map(|id| set.path(id).to_owned())
        .collect()
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/resolve");
    let files = fixture_support::json_files(&dir);
    assert!(!files.is_empty());
    for f in files {
        let name = f
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("x")
            .to_owned();
        let out = run(&f);
        insta::with_settings!({
            snapshot_path => dir.join("snapshots"),
            prepend_module_to_snapshot => false,
            input_file => &f,
        }, {
            insta::assert_snapshot!(name, out);
        });
    }
}
