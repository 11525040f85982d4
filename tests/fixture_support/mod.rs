//! Fixture folders checked against snapshots: every `*.json` file of a folder, in name
//! order, becomes one insta snapshot in the folder's `snapshots/`.
// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use tokencraft::model::TokenSet;
use tokencraft::parse::dump::dump;
use tokencraft::Diagnostics;

/// The `*.json` files directly in `dir`, sorted by name.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Runs `check(file name, text)` on every fixture of `dir` (at least `min` of them); it
/// returns the snapshot's name and content, compared with `dir/snapshots/<name>.snap`.
pub fn snapshot_each(
    dir: &Path,
    min: usize,
    mut check: impl FnMut(&str, &str) -> (String, String),
) {
    let files = json_files(dir);
    assert!(files.len() >= min, "fixtures missing in {}", dir.display());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir.join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for file in files {
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .expect("utf-8 name")
                .to_owned();
            let text = std::fs::read_to_string(&file).expect("read fixture");
            let (snapshot, content) = check(&name, &text);
            insta::assert_snapshot!(snapshot, content);
        }
    });
}

/// A token set's dump followed by its diagnostics, indented.
pub fn report(set: &TokenSet, diags: &Diagnostics) -> String {
    let mut out = dump(set);
    out.push_str("diagnostics:\n");
    for d in &diags.items {
        for line in d.to_string().lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
