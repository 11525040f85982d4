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
    // Register every file (UTF-8 problems are reported in file order below), then run the
    // JSON parses on all cores, then merge in order.
    let mut outcomes = Vec::with_capacity(texts.len());
    for (name, bytes) in &texts {
        outcomes.push(match std::str::from_utf8(bytes) {
            Ok(text) => Ok((text, set.sources.add(name.as_str(), text))),
            Err(e) => {
                let file = set
                    .sources
                    .add(name.as_str(), &String::from_utf8_lossy(bytes));
                let offset = u32::try_from(e.valid_up_to()).unwrap_or(u32::MAX);
                Err(Diagnostic::error(
                    "E-UTF8",
                    format!(
                        "{name} is not valid UTF-8 (first bad byte at offset {})",
                        e.valid_up_to()
                    ),
                )
                .at(set.sources.locate(crate::model::Span { file, offset }))
                .help("save the file as UTF-8"))
            }
        });
    }
    let jobs: Vec<(&str, u32)> = outcomes
        .iter()
        .filter_map(|o| o.as_ref().ok().copied())
        .collect();
    let mut parsed = parse_all(&jobs, &opts.limits).into_iter();
    let mut merged: Option<json::Node> = None;
    let merge_opts = merge::MergeOptions {
        warn_conflicts: true,
    };
    for ((name, _), outcome) in texts.iter().zip(outcomes) {
        let (text, file) = match outcome {
            Ok(job) => job,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let Some(first) = parsed.next() else { break };
        let Some(tree) = dtcg::finish_document(name, text, file, first, opts, &set, &mut diags)
        else {
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

/// Parses texts as JSON, spread over the available cores; results in input order.
fn parse_all<'t>(
    jobs: &[(&'t str, u32)],
    limits: &json::Limits,
) -> Vec<Result<json::Node<'t>, json::JsonError>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    if threads <= 1 {
        return jobs
            .iter()
            .map(|(text, file)| json::parse(text, *file, limits))
            .collect();
    }
    let mut out: Vec<Option<Result<json::Node<'t>, json::JsonError>>> =
        (0..jobs.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|k| {
                s.spawn(move || {
                    jobs.iter()
                        .enumerate()
                        .skip(k)
                        .step_by(threads)
                        .map(|(i, (text, file))| (i, json::parse(text, *file, limits)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for w in workers {
            for (i, r) in w.join().unwrap_or_default() {
                if let Some(slot) = out.get_mut(i) {
                    *slot = Some(r);
                }
            }
        }
    });
    out.into_iter()
        .zip(jobs)
        .map(|(r, (_, file))| {
            r.unwrap_or_else(|| {
                Err(json::JsonError {
                    message: "the JSON reader stopped unexpectedly on this file".into(),
                    span: crate::model::Span {
                        file: *file,
                        offset: 0,
                    },
                })
            })
        })
        .collect()
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
