//! Hostile resolver documents: 1,000 modifiers (the permutation cap triggers before any
//! permutation is built, and the count saturates instead of overflowing), sources that are
//! devices or FIFOs (refused, never read forever), sources that loop through `$ref`, and
//! sources pointing outside the document.

use indexmap::IndexMap;
use std::path::Path;
use tokencraft::model::SourceMap;
use tokencraft::parse::resolver::{load, ResolverOptions};
use tokencraft::Diagnostics;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write");
}

fn load_errors(path: &Path) -> Result<tokencraft::parse::resolver::Resolver, String> {
    let mut sources = SourceMap::default();
    let mut warnings = Diagnostics::new();
    load(
        path,
        &mut sources,
        &ResolverOptions::default(),
        &mut warnings,
    )
    .map_err(|e| e.to_string())
}

#[test]
fn a_thousand_modifiers_hit_the_permutation_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a.json",
        r#"{"c": {"$type": "number", "$value": 1}}"#,
    );
    let mut modifiers = serde_json::Map::new();
    let mut order = Vec::new();
    for i in 0..1000 {
        modifiers.insert(
            format!("m{i}"),
            serde_json::json!({"contexts": {"x": [{"$ref": "a.json"}], "y": [{"$ref": "a.json"}]}, "default": "x"}),
        );
        order.push(serde_json::json!({"$ref": format!("#/modifiers/m{i}")}));
    }
    let doc =
        serde_json::json!({"version": "2025.10", "modifiers": modifiers, "resolutionOrder": order});
    write(dir.path(), "t.resolver.json", &doc.to_string());
    let mut sources = SourceMap::default();
    let mut warnings = Diagnostics::new();
    let r = load(
        &dir.path().join("t.resolver.json"),
        &mut sources,
        &ResolverOptions::default(),
        &mut warnings,
    )
    .expect("loads");
    // 2^1000 saturates.
    assert_eq!(r.permutation_count(), usize::MAX);
    let err = r
        .all_permutations(&sources, &mut warnings)
        .expect_err("capped")
        .to_string();
    assert_eq!(
        err,
        "error[E-RES-PERMUTATIONS]: the resolver has more than 18446744073709551615 permutations (2 (m0) × 2 (m1) × 2 (m2) × 2 (m3) × 2 (m4) × 2 (m5) × … × 2 (m999), 1000 modifiers), more than the limit of 64\n  help: select one permutation with inputs, or raise the permutation limit\n"
    );
    let again = r
        .modes(&IndexMap::new(), true, &sources, &mut warnings)
        .expect_err("capped")
        .to_string();
    assert_eq!(again, err);
    // One permutation (the defaults) is still fine.
    let (modes, default) = r
        .modes(&IndexMap::new(), false, &sources, &mut warnings)
        .expect("the default permutation");
    assert_eq!((modes.len(), default), (1, 0));
    assert_eq!(modes[0].inputs.len(), 1000);
}

#[test]
fn sources_that_are_devices_are_refused_not_read_forever() {
    let dir = tempfile::tempdir().expect("tempdir");
    for dev in ["/dev/zero", "/dev/urandom"] {
        let doc = format!(
            r##"{{"version": "2025.10", "sets": {{"s": {{"sources": [{{"$ref": "{dev}"}}]}}}}, "resolutionOrder": [{{"$ref": "#/sets/s"}}]}}"##
        );
        write(dir.path(), "d.resolver.json", &doc);
        let err = load_errors(&dir.path().join("d.resolver.json")).expect_err(dev);
        assert!(
            err.contains(dev) && err.contains("not a regular file"),
            "{err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_source_is_refused_without_blocking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        panic!("mkfifo is needed for this test");
    }
    write(
        dir.path(),
        "p.resolver.json",
        r##"{"version": "2025.10", "sets": {"s": {"sources": [{"$ref": "pipe.json"}]}}, "resolutionOrder": [{"$ref": "#/sets/s"}]}"##,
    );
    let err = load_errors(&dir.path().join("p.resolver.json")).expect_err("fifo");
    assert!(
        err.contains("pipe.json") && err.contains("not a regular file"),
        "{err}"
    );
}

#[test]
fn the_resolver_document_itself_must_be_a_regular_file() {
    let err = load_errors(Path::new("/dev/zero")).expect_err("device");
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );
}

#[test]
fn self_referencing_sets_are_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "l.resolver.json",
        r##"{"version": "2025.10", "sets": {"a": {"sources": [{"$ref": "#/sets/b"}]}, "b": {"sources": [{"$ref": "#/sets/a"}]}}, "resolutionOrder": [{"$ref": "#/sets/a"}]}"##,
    );
    let err = load_errors(&dir.path().join("l.resolver.json")).expect_err("loop");
    assert!(
        err.ends_with("l.resolver.json:1:93: error[E-RES-REF-CYCLE]: reference `#/sets/a` is circular: it points at #/sets/a which contains or leads back to this reference\n  help: break the cycle: a set must not reference itself, one of its ancestors, or a set that references it\n"),
        "{err}"
    );
}
