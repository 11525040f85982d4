//! The seven public design systems of the npm package `dtcg-examples` (DTCG 2025.10 with
//! resolver documents), installed by `scripts/test.sh` into `tools/node_modules`. Every
//! permutation of every system must check and resolve; non-standard types only warn.

use std::path::{Path, PathBuf};
use std::process::Command;

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/node_modules/dtcg-examples")
}

fn resolvers() -> Vec<PathBuf> {
    let dir = examples_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\nthe DTCG example systems are missing: run scripts/test.sh (it runs `npm install` in tools/)",
            dir.display()
        )
    });
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".resolver.json"))
        .collect();
    found.sort();
    found
}

/// Opt-in tolerances a system needs, with the reason. Apple HIG aliases tokens of a set its
/// `resolutionOrder` never lists (DTCG deviation D-13) and leaves 17 colours untyped in its
/// default context (D-8); both are errors without these options (see the test below).
fn extra_flags(resolver: &Path) -> &'static [&'static str] {
    if resolver
        .to_string_lossy()
        .ends_with("apple-hig.resolver.json")
    {
        &["--include-unused-sets", "--infer-types"]
    } else {
        &[]
    }
}

fn tokencraft(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tokencraft"))
        .args(args)
        .output()
        .expect("run tokencraft")
}

#[test]
fn all_seven_systems_are_present() {
    let names: Vec<String> = resolvers()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 7, "{names:?}");
}

#[test]
fn every_permutation_of_every_system_checks_clean() {
    let mut failures = Vec::new();
    for resolver in resolvers() {
        let path = resolver.to_string_lossy().into_owned();
        let mut args = vec!["check", "--all-modes", "--resolver", &path];
        args.extend(extra_flags(&resolver));
        let out = tokencraft(&args);
        if !out.status.success() {
            failures.push(format!(
                "{path}: exit {:?}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .filter(|l| l.contains("error"))
                    .take(15)
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_system_resolves_to_json_in_every_mode() {
    for resolver in resolvers() {
        let path = resolver.to_string_lossy().into_owned();
        let mut args = vec!["resolve", "--all-modes", "--resolver", &path];
        args.extend(extra_flags(&resolver));
        let out = tokencraft(&args);
        assert!(
            out.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("resolve prints JSON");
        let modes = json.as_object().expect("an object of modes");
        assert!(!modes.is_empty(), "{path}: no modes");
        for (mode, tokens) in modes {
            let tokens = tokens.as_object().expect("an object of tokens");
            assert!(
                tokens.len() > 10,
                "{path} mode {mode}: only {} tokens",
                tokens.len()
            );
            for (name, value) in tokens {
                assert!(
                    !value.is_null(),
                    "{path} mode {mode}: {name} resolved to null"
                );
            }
        }
    }
}

#[test]
fn apple_hig_without_tolerances_reports_exactly_its_two_deviations() {
    let path = examples_dir().join("apple-hig.resolver.json");
    let out = tokencraft(&[
        "check",
        "--format",
        "json",
        "--resolver",
        &path.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let diags: serde_json::Value = serde_json::from_slice(&out.stderr).expect("JSON diagnostics");
    let mut codes: Vec<&str> = diags
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .filter_map(|d| d["code"].as_str())
        .collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes, ["E-REF-UNRESOLVED", "E-TYPE-UNDETERMINED"]);
}
