//! Resolver documents: one fixture folder → one snapshot (merged trees or error messages),
//! input validation tables, and (when `DTCG_EXAMPLES_DIR` is set) the seven resolver
//! documents of the `dtcg-examples` npm package.

use indexmap::IndexMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use tokencraft::model::SourceMap;
use tokencraft::parse::merge::MergeOptions;
use tokencraft::parse::resolver::{load, parse_inputs, ResolverOptions};
use tokencraft::Diagnostics;

fn fixtures() -> PathBuf {
    Path::new("tests").join("fixtures").join("resolver")
}

/// Per-fixture settings from `case.json` (all optional).
#[derive(Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Case {
    inputs: serde_json::Value,
    all: bool,
    strict: bool,
    warn_conflicts: bool,
    max_permutations: Option<usize>,
    /// Call `all_permutations` instead of `modes`.
    every: bool,
}

/// Loads a fixture and renders warnings, errors or the permutations as text.
fn run_case(dir: &Path) -> String {
    let case: Case = std::fs::read_to_string(dir.join("case.json"))
        .map(|t| serde_json::from_str(&t).expect("case.json"))
        .unwrap_or_default();
    let mut opts = ResolverOptions {
        strict: case.strict,
        merge: MergeOptions {
            warn_conflicts: case.warn_conflicts,
        },
        ..ResolverOptions::default()
    };
    if let Some(n) = case.max_permutations {
        opts.max_permutations = n;
    }
    let mut sources = SourceMap::default();
    let mut warnings = Diagnostics::new();
    let mut out = String::new();
    let render = |out: &mut String, title: &str, d: &Diagnostics| {
        if !d.is_empty() {
            let _ = writeln!(out, "--- {title}");
            let _ = write!(out, "{d}");
        }
    };
    let resolver = match load(
        &dir.join("tokens.resolver.json"),
        &mut sources,
        &opts,
        &mut warnings,
    ) {
        Ok(r) => r,
        Err(errors) => {
            render(&mut out, "warnings", &warnings);
            render(&mut out, "errors", &errors);
            return out;
        }
    };
    let inputs = if case.inputs.is_null() {
        Ok(IndexMap::new())
    } else {
        parse_inputs(&case.inputs)
    };
    let result = inputs.and_then(|inputs| {
        if case.every {
            resolver
                .all_permutations(&sources, &mut warnings)
                .map(|p| (p, 0))
        } else {
            resolver.modes(&inputs, case.all, &sources, &mut warnings)
        }
    });
    let _ = writeln!(out, "modifiers: {:?}", resolver.modifiers());
    match result {
        Ok((perms, default)) => {
            render(&mut out, "warnings", &warnings);
            for (i, p) in perms.iter().enumerate() {
                let mark = if i == default { " (default)" } else { "" };
                let _ = writeln!(out, "=== {}{mark} {:?}", p.name, p.inputs);
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&p.tree.to_serde()).unwrap()
                );
            }
        }
        Err(errors) => {
            render(&mut out, "warnings", &warnings);
            render(&mut out, "errors", &errors);
        }
    }
    // Paths in messages use `/` on every platform.
    out.replace('\\', "/")
}

#[test]
fn fixtures_match_snapshots() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("tokens.resolver.json").exists())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let text = run_case(&dir);
        insta::with_settings!({snapshot_path => "fixtures/resolver/snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(name.as_str(), text);
        });
    }
}

/// The seven resolver documents of the `dtcg-examples` npm package load and yield every
/// permutation. Set `DTCG_EXAMPLES_DIR` to the unpacked package folder to run it.
#[test]
fn dtcg_examples_load_and_yield_all_permutations() {
    let Ok(dir) = std::env::var("DTCG_EXAMPLES_DIR") else {
        return;
    };
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("DTCG_EXAMPLES_DIR")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".resolver.json"))
        .collect();
    docs.sort();
    assert_eq!(docs.len(), 7, "{docs:?}");
    let mut report = String::new();
    for doc in docs {
        let mut sources = SourceMap::default();
        let mut warnings = Diagnostics::new();
        let opts = ResolverOptions::default();
        let resolver = load(&doc, &mut sources, &opts, &mut warnings)
            .unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
        let perms = resolver
            .all_permutations(&sources, &mut warnings)
            .unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
        assert_eq!(perms.len(), resolver.permutation_count());
        let mut set = tokencraft::model::TokenSet {
            sources,
            ..Default::default()
        };
        let mut read = Diagnostics::new();
        for p in &perms {
            assert!(
                p.tree.members().is_some_and(|m| !m.is_empty()),
                "{} {}",
                doc.display(),
                p.name
            );
            let mode = set.add_mode(p.name.as_str());
            let parse_opts = tokencraft::parse::dtcg::ParseOptions::default();
            tokencraft::parse::dtcg::read_tree(&p.tree, &mut set, mode, &parse_opts, &mut read);
        }
        let read_summary = format!(
            "  read: {} tokens, {} errors, {} warnings\n{}",
            set.paths.len(),
            read.errors().count(),
            read.warnings().count(),
            read.errors()
                .take(3)
                .map(|d| format!("    {d}\n"))
                .collect::<String>()
        );
        let _ = writeln!(
            report,
            "{}: {} permutations, {} warnings",
            doc.display(),
            perms.len(),
            warnings.len()
        );
        let _ = write!(report, "{warnings}{read_summary}");
    }
    println!("{report}");
}

/// End to end through the DTCG reader: a resolver's modes become the modes of one token
/// set, with spans that locate in the files the tokens came from.
#[test]
fn modes_feed_the_dtcg_reader() {
    use tokencraft::model::{Expr, TokenSet};
    use tokencraft::parse::dtcg::{read_tree, ParseOptions};
    let mut set = TokenSet::default();
    let mut warnings = Diagnostics::new();
    let opts = ResolverOptions::default();
    let path = fixtures().join("basic").join("tokens.resolver.json");
    let resolver = load(&path, &mut set.sources, &opts, &mut warnings).unwrap();
    let (modes, default) = resolver
        .modes(&IndexMap::new(), false, &set.sources, &mut warnings)
        .unwrap();
    let mut diags = Diagnostics::new();
    for p in &modes {
        let mode = set.add_mode(p.name.as_str());
        read_tree(
            &p.tree,
            &mut set,
            mode,
            &ParseOptions::default(),
            &mut diags,
        );
    }
    set.default_mode = default;
    assert!(diags.is_empty() && warnings.is_empty(), "{diags}{warnings}");
    let names: Vec<&str> = set.modes.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["light", "dark"]);
    assert_eq!(set.default_mode, 1);
    let bg = set.id("color.bg").unwrap();
    let accent = set.id("color.accent").unwrap();
    for mode in 0..2 {
        assert!(set.own(mode, accent).unwrap().value.as_alias().is_some());
    }
    // `color.bg` in dark comes from dark.tokens.json, in light from light.tokens.json.
    let loc = |mode: usize| {
        let span = set.own(mode, bg).unwrap().span;
        set.sources
            .locate(span)
            .unwrap()
            .to_string()
            .replace('\\', "/")
    };
    assert_eq!(
        loc(0),
        "tests/fixtures/resolver/basic/light.tokens.json:3:5"
    );
    assert_eq!(loc(1), "tests/fixtures/resolver/basic/dark.tokens.json:3:5");
    let light_bg = &set.own(0, bg).unwrap();
    assert_eq!(light_bg.description.as_deref(), Some("light bg"));
    assert!(!matches!(light_bg.value, Expr::Ref(_)));
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let mut opts = ResolverOptions::default();
    opts.limits.max_bytes = 100;
    let mut sources = SourceMap::default();
    let mut warnings = Diagnostics::new();
    let path = fixtures().join("basic").join("tokens.resolver.json");
    let errors = load(&path, &mut sources, &opts, &mut warnings).unwrap_err();
    let len = std::fs::metadata(&path).unwrap().len();
    assert_eq!(
        errors.to_string().replace('\\', "/"),
        format!(
            "error[E-RES-IO]: cannot read `tests/fixtures/resolver/basic/tokens.resolver.json`: it is {len} bytes, larger than the limit of 100 bytes\n  help: check the path; relative references are resolved from the folder of the document that contains them\n"
        )
    );
}

#[test]
fn a_missing_resolver_file_is_one_clear_error() {
    let mut sources = SourceMap::default();
    let mut warnings = Diagnostics::new();
    let path = fixtures().join("no-such-folder").join("x.resolver.json");
    let errors = load(
        &path,
        &mut sources,
        &ResolverOptions::default(),
        &mut warnings,
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    let message = errors.to_string().replace('\\', "/");
    assert!(
        message.starts_with("error[E-RES-IO]: cannot read `tests/fixtures/resolver/no-such-folder/x.resolver.json`: "),
        "{message}"
    );
}

/// Inputs given as JSON: every problem at once, with exact messages (R-28…R-36).
#[test]
fn json_inputs_report_every_problem_together() {
    use serde_json::json;
    let mut sources = SourceMap::default();
    let mut warnings = Diagnostics::new();
    let path = fixtures().join("multi-select").join("tokens.resolver.json");
    let resolver = load(
        &path,
        &mut sources,
        &ResolverOptions::default(),
        &mut warnings,
    )
    .unwrap();
    let table: &[(serde_json::Value, &[&str])] = &[
        (json!({"THEME": "Dark", "size": "LARGE"}), &[]),
        (json!({"size": "small"}), &[]),
        (
            json!({"theme": true, "size": 100, "beta": "x"}),
            &[
                "error[E-IN-TYPE]: input `theme` must be a string naming a context, found boolean true\n  help: quote the context name: {\"theme\": \"true\"}",
                "error[E-IN-TYPE]: input `size` must be a string naming a context, found number 100\n  help: quote the context name: {\"size\": \"100\"}",
                "error[E-IN-UNKNOWN]: unknown modifier `beta`\n  help: the modifiers are `theme`, `size`",
            ],
        ),
        (
            json!({"theme": "blue"}),
            &[
                "error[E-IN-CONTEXT]: invalid context `blue` for modifier `theme`\n  help: the contexts of `theme` are `light`, `dark`",
                "error[E-IN-MISSING]: missing modifier `size`\n  help: choose one of its contexts (`small`, `large`), e.g. `size=small`, or give the modifier a `default`",
            ],
        ),
        (
            json!(["theme", "dark"]),
            &["error[E-IN-TYPE]: resolver inputs must be a JSON object, found array\n  help: write the inputs as an object of modifier name → context name, e.g. {\"theme\": \"dark\"}"],
        ),
    ];
    for (input, expected) in table {
        let got: Vec<String> = match resolver.inputs_from_json(input) {
            Ok(_) => Vec::new(),
            Err(e) => e.items.iter().map(ToString::to_string).collect(),
        };
        assert_eq!(got, *expected, "input {input}");
    }
}
