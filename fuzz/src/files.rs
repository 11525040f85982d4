//! Target `resolver_doc`: a resolver document and the files it references, written to a
//! scratch folder (the loader reads files), then loaded, expanded into every permutation
//! under the cap, read into one token set and resolved.
//!
//! Input format: parts separated by NUL bytes; each part is a file name on its first line
//! and the file's text after it. The first part is the resolver document. Names keep only
//! `[A-Za-z0-9._-]` and may not start with a dot, so every file lands in the scratch folder.
//! `seeds.rs` in this folder writes seeds in this format from the test fixtures.

use indexmap::IndexMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tokencraft::error::Diagnostics;
use tokencraft::model::TokenSet;
use tokencraft::parse::dtcg::{read_trees, ParseOptions};
use tokencraft::parse::resolver::{load, ResolverOptions};
use tokencraft::resolve::{resolve_set, ResolveOptions};

/// Most files written per input.
const MAX_FILES: usize = 8;

/// Splits an input into `(file name, text)` parts.
pub fn split(data: &[u8]) -> Vec<(String, String)> {
    data.split(|b| *b == 0)
        .take(MAX_FILES)
        .enumerate()
        .map(|(i, part)| {
            let text = String::from_utf8_lossy(part);
            let (name, body) = text.split_once('\n').unwrap_or((&text, ""));
            let mut clean: String = name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                .collect();
            while clean.starts_with('.') {
                clean.remove(0);
            }
            if clean.is_empty() || clean.len() > 64 {
                clean = format!("f{i}.json");
            }
            if i == 0 && !clean.ends_with(".resolver.json") {
                clean.push_str(".resolver.json");
            }
            (clean, body.to_owned())
        })
        .collect()
}

/// Joins parts back into the input format (for seeds).
pub fn join(parts: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (name, text)) in parts.iter().enumerate() {
        if i > 0 {
            out.push(0);
        }
        out.extend_from_slice(name.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(text.as_bytes());
    }
    out
}

/// This process's scratch folder (removed when the process exits normally).
fn scratch() -> Option<&'static Path> {
    static DIR: OnceLock<Option<tempfile::TempDir>> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().ok())
        .as_ref()
        .map(|d| d.path())
}

/// Writes the parts into an emptied sub-folder of the scratch folder; returns the path of
/// the resolver document.
fn write(parts: &[(String, String)]) -> Option<PathBuf> {
    let dir = scratch()?.join("in");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).ok()?;
    for (name, text) in parts {
        std::fs::write(dir.join(name), text).ok()?;
    }
    Some(dir.join(&parts.first()?.0))
}

/// The target body.
pub fn resolver_doc(data: &[u8]) {
    // The loader follows absolute and `../` paths wherever they point (as the CLI must);
    // keep the fuzzer from wandering into devices and the rest of the machine. Devices are
    // covered by `tests/hostile_files.rs`.
    if data
        .windows(4)
        .any(|w| w == b"/dev" || w == b"/pro" || w == b"/sys")
        || data.windows(3).any(|w| w == b"../")
        || data.windows(2).any(|w| w == b"\"/")
    {
        return;
    }
    let parts = split(data);
    let Some(path) = write(&parts) else {
        return;
    };
    for strict in [false, true] {
        let opts = ResolverOptions {
            strict,
            max_permutations: 8,
            ..ResolverOptions::default()
        };
        let mut set = TokenSet::default();
        let mut diags = Diagnostics::new();
        let Ok(doc) = load(&path, &mut set.sources, &opts, &mut diags) else {
            continue;
        };
        let _ = doc.inputs_from_json(&serde_json::json!({"theme": "dark"}));
        let Ok((perms, default)) = doc.modes(&IndexMap::new(), true, &set.sources, &mut diags)
        else {
            continue;
        };
        let modes: Vec<usize> = perms.iter().map(|p| set.add_mode(p.name.clone())).collect();
        let trees: Vec<_> = perms.iter().map(|p| &p.tree).zip(modes).collect();
        let popts = ParseOptions {
            strict,
            ..ParseOptions::default()
        };
        read_trees(&trees, &mut set, &popts, &mut diags);
        drop(trees);
        drop(perms);
        set.default_mode = default.min(set.modes.len().saturating_sub(1));
        let (_, _, more) = resolve_set(&set, &ResolveOptions::default());
        diags.extend(more);
        let _ = diags.to_string();
    }
}
