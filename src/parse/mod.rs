//! Text → [`crate::model::TokenSet`]: DTCG documents (with `$extends`, references and
//! source locations), Tokencraft rows and export JSON, reference syntax, JSON with source
//! spans, tree merging and DTCG resolver documents.
//!
//! Entry points: [`read_files`] (files and folders → one mode), [`dtcg::parse_str`] (one
//! text), [`dtcg::read_tree`] (an already merged tree, e.g. a resolver permutation),
//! [`tokencraft::from_rows`] / [`tokencraft::from_export_json`] (the API's shapes).

pub mod dtcg;
pub mod dump;
pub mod json;
pub mod merge;
pub mod reference;
pub mod resolver;
pub mod tokencraft;

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::model::TokenSet;
use dtcg::ParseOptions;
use std::path::{Path, PathBuf};

/// Reads DTCG files and folders into one mode named `default`.
///
/// Folders contribute their `*.tokens.json`, `*.tokens` and `*.json` files (recursively,
/// sorted by path), except `*.resolver.json`. Files are merged in order with
/// [`merge::merge_tree`] (a later file wins; a token redefined with a different value is a
/// warning), then read with [`dtcg::read_tree`]. Every file is registered in `set.sources`.
/// An unreadable file is an [`Error::Io`]; invalid UTF-8 and JSON syntax errors are
/// diagnostics (that file is skipped).
pub fn read_files(
    paths: &[PathBuf],
    opts: &ParseOptions,
) -> Result<(TokenSet, Diagnostics), Error> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            collect_dir(p, &mut files)?;
        } else {
            files.push(p.clone());
        }
    }
    let mut texts = Vec::with_capacity(files.len());
    for f in &files {
        let bytes = std::fs::read(f).map_err(|source| Error::Io {
            path: f.display().to_string(),
            source,
        })?;
        texts.push((f.display().to_string(), bytes));
    }
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    let mode = set.add_mode("default");
    let mut merged: Option<json::Node> = None;
    let merge_opts = merge::MergeOptions {
        warn_conflicts: true,
    };
    for (name, bytes) in &texts {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let file = set
                    .sources
                    .add(name.as_str(), &String::from_utf8_lossy(bytes));
                let offset = u32::try_from(e.valid_up_to()).unwrap_or(u32::MAX);
                diags.push(
                    Diagnostic::error(
                        "E-UTF8",
                        format!(
                            "{name} is not valid UTF-8 (first bad byte at offset {})",
                            e.valid_up_to()
                        ),
                    )
                    .at(set.sources.locate(crate::model::Span { file, offset }))
                    .help("save the file as UTF-8"),
                );
                continue;
            }
        };
        let Some(tree) = dtcg::parse_document(name, text, opts, &mut set, &mut diags) else {
            continue;
        };
        match merged.as_mut() {
            None => merged = Some(tree),
            Some(base) => merge::merge_tree(base, tree, &merge_opts, &set.sources, &mut diags),
        }
    }
    if let Some(tree) = merged {
        dtcg::read_tree(&tree, &mut set, mode, opts, &mut diags);
    }
    Ok((set, diags))
}

/// Adds a folder's token files (recursively) to `out`, sorted by path.
fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.is_dir() {
                stack.push(path);
            } else if is_token_file(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    out.extend(found);
    Ok(())
}

fn is_token_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    !name.ends_with(".resolver.json") && (name.ends_with(".tokens") || name.ends_with(".json"))
}
