//! Turning the command line's inputs into one [`TokenSet`]: token files and folders, a
//! Tokencraft export JSON with `$modes`, or a DTCG resolver document.

use super::args::InputArgs;
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::model::TokenSet;
use crate::parse::{self, dtcg::ParseOptions, resolver};
use indexmap::IndexMap;
use std::path::{Path, PathBuf};

/// Which modes the command wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModeRequest {
    /// The default mode (resolver: the default input).
    Default,
    /// One mode by name (resolver: a context of a single-modifier document, or a
    /// permutation name).
    Named(String),
    /// Every mode (resolver: every permutation, under the cap).
    All,
}

/// A loaded token set, the diagnostics found while reading it, and the mode selected.
#[derive(Debug)]
pub struct Loaded {
    pub set: TokenSet,
    pub diagnostics: Diagnostics,
    pub selected_mode: usize,
}

/// Reads the inputs described by `args`. Once read, the texts of the files are dropped
/// (only their line tables stay, for locating diagnostics): on large inputs they were a
/// sixth of the peak memory.
pub fn load(args: &InputArgs, request: &ModeRequest) -> Result<Loaded, Error> {
    let mut loaded = read_inputs(args, request)?;
    loaded.set.sources.release_texts();
    Ok(loaded)
}

fn read_inputs(args: &InputArgs, request: &ModeRequest) -> Result<Loaded, Error> {
    let opts = ParseOptions {
        strict: args.strict,
        ..ParseOptions::default()
    };
    let resolver_path = match &args.resolver {
        Some(p) => {
            if !args.inputs.is_empty() {
                return Err(Error::Usage(
                    "give token files or --resolver FILE, not both (the resolver names its own sources)"
                        .into(),
                ));
            }
            Some(p.clone())
        }
        None => single_resolver_input(&args.inputs),
    };
    if let Some(path) = resolver_path {
        return load_resolver(&path, args, request, &opts);
    }
    if !args.resolver_inputs.is_empty() {
        return Err(Error::Usage(
            "--input modifier=context only applies with --resolver FILE".into(),
        ));
    }
    if args.inputs.is_empty() {
        return Err(Error::Usage(
            "no input: give token files or folders, or --resolver FILE".into(),
        ));
    }
    let (set, diagnostics) = if let Some(text) = single_export_json(&args.inputs)? {
        let (mut set, diags) = parse::tokencraft::from_export_json(&text, &opts);
        if let Some(f) = set.sources.files.first_mut() {
            f.name = args.inputs[0].display().to_string();
        }
        (set, diags)
    } else {
        parse::read_files(&args.inputs, &opts)?
    };
    let selected_mode = select(&set, request)?;
    Ok(Loaded {
        set,
        diagnostics,
        selected_mode,
    })
}

/// A single input that is a resolver document (by name, or by its `resolutionOrder` key).
fn single_resolver_input(inputs: &[PathBuf]) -> Option<PathBuf> {
    match inputs {
        [one] if one.is_file() => {
            let name = one.file_name()?.to_string_lossy();
            if name.ends_with(".resolver.json") {
                return Some(one.clone());
            }
            None
        }
        _ => None,
    }
}

/// The text of a single input that is a Tokencraft export JSON with `$modes`.
fn single_export_json(inputs: &[PathBuf]) -> Result<Option<String>, Error> {
    let [one] = inputs else { return Ok(None) };
    if !one.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(one).map_err(|source| Error::Io {
        path: one.display().to_string(),
        source,
    });
    let Ok(text) = text else { return Ok(None) };
    // Cheap sniff: the `$modes` key near the top of the document.
    let head: String = text.chars().take(256).collect();
    if head.trim_start().starts_with('{') && head.contains("\"$modes\"") {
        return Ok(Some(text));
    }
    Ok(None)
}

fn select(set: &TokenSet, request: &ModeRequest) -> Result<usize, Error> {
    match request {
        ModeRequest::Default | ModeRequest::All => Ok(set.default_mode),
        ModeRequest::Named(name) => set.mode_index(name).ok_or_else(|| {
            let names: Vec<&str> = set.modes.iter().map(|m| m.name.as_str()).collect();
            Error::Usage(format!(
                "unknown mode `{name}`; the modes are: {}",
                names.join(", ")
            ))
        }),
    }
}

fn parse_inputs(pairs: &[String]) -> Result<IndexMap<String, String>, Error> {
    let mut map = IndexMap::new();
    for pair in pairs {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(Error::Usage(format!(
                "--input `{pair}` must be modifier=context (for example --input theme=dark)"
            )));
        };
        map.insert(k.trim().to_owned(), v.trim().to_owned());
    }
    Ok(map)
}

fn load_resolver(
    path: &Path,
    args: &InputArgs,
    request: &ModeRequest,
    opts: &ParseOptions,
) -> Result<Loaded, Error> {
    let mut inputs = parse_inputs(&args.resolver_inputs)?;
    let mut set = TokenSet::default();
    let mut diagnostics = Diagnostics::new();
    let ropts = resolver::ResolverOptions {
        strict: args.strict,
        max_permutations: args.max_permutations,
        include_unused_sets: args.include_unused_sets,
        ..resolver::ResolverOptions::default()
    };
    let doc =
        resolver::load(path, &mut set.sources, &ropts, &mut diagnostics).map_err(Error::Invalid)?;
    // `--mode NAME` on a single-modifier document selects that context.
    if let ModeRequest::Named(name) = request {
        let modifiers = doc.modifiers();
        if let [(modifier, _, _)] = modifiers.as_slice() {
            if !inputs.contains_key(modifier) {
                inputs.insert(modifier.clone(), name.clone());
            }
        }
    }
    // A named permutation of a multi-modifier document is found among all of them.
    let all = match request {
        ModeRequest::All => true,
        ModeRequest::Named(_) => doc.modifiers().len() >= 2,
        ModeRequest::Default => false,
    };
    // Parses and reads each mode's files (the parsed trees are freed as soon as read).
    let default_index = doc
        .read_modes(&inputs, all, &mut set, opts, &mut diagnostics)
        .map_err(Error::Invalid)?;
    set.default_mode = default_index.min(set.modes.len().saturating_sub(1));
    let selected_mode = select(&set, request)?;
    if set.modes.is_empty() {
        diagnostics.push(Diagnostic::error(
            "E-RES-EMPTY",
            format!("{}: the resolver produced no token set", path.display()),
        ));
    }
    Ok(Loaded {
        set,
        diagnostics,
        selected_mode,
    })
}
