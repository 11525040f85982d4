//! `Resolver::read_modes` (parse and read each mode in one pass) gives exactly what
//! `Resolver::modes` followed by `dtcg::read_trees` gives: same modes, paths, tokens,
//! groups, default and diagnostics (in the same order), on every resolver fixture and on
//! generated multi-file documents large enough to use worker threads.

use indexmap::IndexMap;
use std::path::Path;
use tokencraft::model::TokenSet;
use tokencraft::parse::dtcg::{read_trees, ParseOptions};
use tokencraft::parse::resolver::{load, ResolverOptions};
use tokencraft::Diagnostics;

/// What a run produces, in comparable form.
#[derive(Debug, PartialEq)]
struct Outcome {
    result: Result<usize, Diagnostics>,
    diags: Diagnostics,
    paths: Vec<String>,
    groups: Vec<String>,
    modes: Vec<tokencraft::model::Mode>,
}

fn outcome(set: TokenSet, result: Result<usize, Diagnostics>, diags: Diagnostics) -> Outcome {
    let mut groups: Vec<String> = set.groups.iter().map(|g| g.to_string()).collect();
    groups.sort();
    Outcome {
        result,
        diags,
        paths: set.paths.iter().map(|p| p.to_string()).collect(),
        groups,
        modes: set.modes,
    }
}

/// Both ways, for one resolver document, `all` permutations or the default one.
fn both(path: &Path, all: bool, strict: bool) -> Option<(Outcome, Outcome)> {
    let ropts = ResolverOptions {
        strict,
        ..ResolverOptions::default()
    };
    let popts = ParseOptions {
        strict,
        ..ParseOptions::default()
    };
    let inputs = IndexMap::new();
    let run = |fused: bool| -> Option<Outcome> {
        let mut set = TokenSet::default();
        let mut diags = Diagnostics::new();
        let doc = load(path, &mut set.sources, &ropts, &mut diags).ok()?;
        let result = if fused {
            doc.read_modes(&inputs, all, &mut set, &popts, &mut diags)
        } else {
            doc.modes(&inputs, all, &set.sources, &mut diags)
                .map(|(perms, default)| {
                    let trees: Vec<_> = perms
                        .iter()
                        .map(|p| (&p.tree, set.add_mode(p.name.clone())))
                        .collect();
                    read_trees(&trees, &mut set, &popts, &mut diags);
                    default
                })
        };
        Some(outcome(set, result, diags))
    };
    Some((run(true)?, run(false)?))
}

#[test]
fn read_modes_equals_modes_then_read_trees_on_every_fixture() {
    let dir = Path::new("tests").join("fixtures").join("resolver");
    let mut compared = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path().join("tokens.resolver.json");
        if !path.is_file() {
            continue;
        }
        for (all, strict) in [(false, false), (true, false), (true, true)] {
            if let Some((fused, general)) = both(&path, all, strict) {
                assert_eq!(
                    fused,
                    general,
                    "{} all={all} strict={strict}",
                    path.display()
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 40, "only {compared} runs compared");
}

/// A token file of `n` tokens per group kind, with aliases (some spaced, D-15), a
/// composite with an alias inside, and `extra` verbatim at the top.
fn token_file(mode: usize, n: usize, extra: &str) -> String {
    let mut s = format!("{{ {extra} \"color\": {{ \"$type\": \"color\"");
    for i in 0..n {
        if i % 3 == 1 {
            s.push_str(&format!(
                ", \"c{i}\": {{ \"$value\": \"{{color.c{}}}\" }}",
                i - 1
            ));
        } else if i % 7 == 5 {
            s.push_str(&format!(
                ", \"c{i}\": {{ \"$value\": \"{{ color.c{} }}\" }}",
                i - 1
            ));
        } else {
            s.push_str(&format!(
                ", \"c{i}\": {{ \"$value\": \"#{:02x}{:02x}00\" }}",
                i % 256,
                mode * 40
            ));
        }
    }
    s.push_str(" }, \"border\": { \"$type\": \"border\", \"b\": { \"$value\": { \"color\": \"{color.c0}\", \"width\": { \"value\": 1, \"unit\": \"px\" }, \"style\": \"solid\" } } }");
    s.push_str(&format!(
        ", \"only{mode}\": {{ \"$type\": \"number\", \"$value\": {mode} }} }}"
    ));
    s
}

fn write_resolver(dir: &Path, files: &[(&str, String)]) -> std::path::PathBuf {
    let contexts: Vec<String> = files
        .iter()
        .map(|(name, _)| format!("\"{name}\": [{{ \"$ref\": \"{name}.tokens.json\" }}]"))
        .collect();
    for (name, text) in files {
        std::fs::write(dir.join(format!("{name}.tokens.json")), text).expect("write");
    }
    let doc = format!(
        "{{ \"version\": \"2025.10\", \"modifiers\": {{ \"mode\": {{ \"contexts\": {{ {} }}, \"default\": \"{}\" }} }}, \"resolutionOrder\": [{{ \"$ref\": \"#/modifiers/mode\" }}] }}",
        contexts.join(", "),
        files.get(1).map_or("", |f| f.0)
    );
    let path = dir.join("big.resolver.json");
    std::fs::write(&path, doc).expect("write");
    path
}

#[test]
fn read_modes_equals_the_general_path_on_large_documents() {
    let cases: [(&str, Vec<(&str, String)>); 3] = [
        (
            "clean",
            (0..4)
                .map(|m| (["light", "dark", "dim", "hc"][m], token_file(m, 3000, "")))
                .collect(),
        ),
        (
            "jsonc, a bad token and a missing mode-only path",
            vec![
                ("light", token_file(0, 3000, "")),
                (
                    "dark",
                    format!("// dark\n{}", token_file(1, 2500, "\"bad\": 3,")),
                ),
                (
                    "dim",
                    token_file(2, 3000, "\"x\": { \"$value\": \"{ only0 }\" },"),
                ),
            ],
        ),
        (
            "a syntax error",
            vec![
                ("light", token_file(0, 3000, "")),
                ("dark", format!("{} ,", token_file(1, 3000, ""))),
            ],
        ),
    ];
    for (what, files) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write_resolver(dir.path(), &files);
        for (all, strict) in [(true, false), (false, false), (true, true)] {
            let (fused, general) = both(&path, all, strict).expect("loads");
            assert_eq!(fused, general, "{what}: all={all} strict={strict}");
        }
        if what == "clean" {
            let (fused, _) = both(&path, true, false).expect("loads");
            assert_eq!(fused.result, Ok(1));
            assert_eq!(fused.modes.len(), 4);
            assert!(!fused.diags.has_errors(), "{}", fused.diags);
        }
    }
}
