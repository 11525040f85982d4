//! DTCG 2025.10 documents → tokens of one mode (spec §1–§7).
//!
//! [`read_tree`] classifies objects into tokens (`$value`, or a token-level `$ref`) and
//! groups, validates names and `$` properties, inherits `$type` and `$deprecated` from the
//! nearest group, applies `$extends` first, and turns values into [`Expr`]s with
//! references marked. Values are not type-checked here: types may come from alias
//! targets, so resolution does that.
//!
//! ```
//! use tokencraft::parse::dtcg::{parse_str, ParseOptions};
//! let (set, diags) = parse_str(
//!     "a.tokens.json",
//!     r#"{ "size": { "$type": "dimension", "sm": { "$value": { "value": 4, "unit": "px" } },
//!                    "md": { "$value": "{size.sm}" } } }"#,
//!     "default",
//!     &ParseOptions::default(),
//! );
//! assert!(diags.is_empty());
//! assert_eq!(set.paths.len(), 2);
//! assert!(set.groups.contains("size"));
//! ```
//!
//! ## Diagnostic codes
//!
//! | Code | Severity | Meaning |
//! | --- | --- | --- |
//! | `E-JSON`, `W-JSONC` | error / warning | JSON syntax; comments and trailing commas read in tolerant mode (D-18) |
//! | `E-NOT-OBJECT` | error | the document, a token or a group is not a JSON object |
//! | `E-NAME` | error | a name is empty, starts with `$`, contains `{`, `}`, `.` or a control character (F-5…F-7) |
//! | `E-DUPLICATE-KEY` | error | a key appears twice in one object (the last one is used) |
//! | `E-TOKEN-CHILDREN` | error | `$value` next to child tokens or groups (F-8) |
//! | `E-TOKEN-MEMBER`, `W-TOKEN-MEMBER` | error (strict) / warning | a scalar member next to `$value` that DTCG does not define |
//! | `E-TOKEN-REF-AND-VALUE` | error | a token has both `$value` and a token-level `$ref` |
//! | `E-ROOT-NOT-TOKEN` | error | `$root` is not a token |
//! | `E-TYPE-INVALID`, `W-TYPE-NONSTANDARD` | error / warning | `$type` not a string, wrong case, or not one of the 13 (tolerant: D-1, D-2) |
//! | `E-PROPERTY-TYPE` | error | `$description`, `$deprecated` or `$extensions` of the wrong JSON type |
//! | `W-UNKNOWN-PROPERTY` | warning | an unknown `$` property (ignored) |
//! | `E-LEGACY-FORMAT` | error | `value`/`type` without `$` (D-22) |
//! | `W-INCOMPLETE-TOKEN` | warning | an object that looks like a token without `$value` (F-25) |
//! | `E-REF-SYNTAX` | error | malformed curly alias or JSON Pointer |
//! | `E-REF-UNRESOLVED`, `E-REF-PROPERTY`, `E-REF-NOT-TOKEN`, `E-REF-CYCLE` | error | a `$ref` pointer that does not resolve, misses a property inside a value, targets a group, or loops |
//! | `W-REF-TRIMMED`, `W-REF-EMBEDDED`, `W-REF-VALUE-POINTER`, `W-REF-SIBLINGS` | warning | tolerated reference forms (D-15, D-3, D-16) and ignored members next to `$ref` |
//! | `E-EXTENDS-SYNTAX`, `E-EXTENDS-UNRESOLVED`, `E-EXTENDS-NOT-GROUP`, `E-EXTENDS-CYCLE`, `E-EXTENDS-DEPTH`, `E-EXTENDS-TOKEN` | error | `$extends` problems (F-21…F-23) |
//! | `E-DEPTH`, `E-MODE`, `E-UTF8` | error | nesting too deep, mode index missing, file not UTF-8 |
//!
//! Curly aliases are not checked against existing tokens here (targets may come from
//! other files or modes); alias-graph construction reports missing targets.

mod batch;
mod dups;
mod extends;
mod index;
mod props;
mod reader;
mod value;

use super::json::{self, Node};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Deprecated, Expr, SourceMap, TokenSet};
pub(crate) use batch::read_made;
pub use batch::read_trees;
use reader::Reader;
use std::collections::HashSet;
use value::ValueReader;

/// Options for reading DTCG documents.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// `true`: follow the spec exactly (non-standard types, JSONC, … are errors).
    /// `false` (default): accept the real-world deviations of spec §10 with warnings.
    pub strict: bool,
    /// Limits for the JSON reader (depth, size).
    pub limits: json::Limits,
}

/// Deepest group nesting walked (the JSON reader's depth limit is normally lower).
pub(super) const MAX_DEPTH: usize = 512;

/// Turns one (merged) document tree into tokens of `mode` in `set`. Problems go to
/// `diags` with locations from `set.sources` (so register the texts the tree's spans point
/// into there first, as [`parse_str`] and [`super::read_files`] do); tokens with unusable
/// values are left out. Call it once per mode on the same set (e.g. for each resolver
/// permutation): paths are interned once and shared by all modes. [`read_trees`] reads
/// several modes at once, on two threads.
pub fn read_tree(
    tree: &Node,
    set: &mut TokenSet,
    mode: usize,
    opts: &ParseOptions,
    diags: &mut Diagnostics,
) {
    read_trees(&[(tree, mode)], set, opts, diags);
}

/// Reads one tree into a [`Sink`] of its own (the part of [`read_tree`] that needs no
/// access to other modes, so trees can be read in parallel).
fn read_one(
    tree: &Node,
    sources: &SourceMap,
    mode_exists: bool,
    mode: usize,
    opts: &ParseOptions,
) -> batch::Part {
    let mut part = batch::Part::default();
    let diags = &mut part.diags;
    if !mode_exists {
        diags.push(
            Diagnostic::error(
                "E-MODE",
                format!("mode index {mode} does not exist in the token set"),
            )
            .help("add the mode with `TokenSet::add_mode` first"),
        );
        return part;
    }
    part.read = true;
    if tree.members().is_none() {
        diags.push(
            Diagnostic::error(
                "E-NOT-OBJECT",
                format!(
                    "the document is {}, but a token document must be a JSON object",
                    article(tree)
                ),
            )
            .at(sources.locate(tree.span))
            .help("wrap the tokens in `{ … }`"),
        );
        return part;
    }
    let (token_count, has_extends) = extends::scan(tree);
    part.sink.paths.reserve(token_count);
    part.sink.tokens.reserve(token_count);
    let materialised = if has_extends {
        extends::materialise(tree, sources, diags)
    } else {
        None
    };
    let (root, local_counts) = match &materialised {
        Some(m) => (&m.tree, Some(&m.local_counts)),
        None => (tree, None),
    };
    let index = index::MemberIndex::default();
    let mut r = Reader {
        index: &index,
        sources,
        out: &mut part.sink,
        diags,
        opts,
        root,
        local_counts,
        path: String::new(),
        warned_types: HashSet::new(),
        trimmed: Vec::new(),
        in_token: false,
    };
    r.group(root, None, &Deprecated::No, 0);
    part.trimmed = std::mem::take(&mut r.trimmed);
    part
}

/// Parses one text as a DTCG document into a fresh one-mode set (mode name given). The
/// text is registered in `set.sources` under `name`. In tolerant mode a document with
/// comments or trailing commas (JSONC) is read with a warning.
pub fn parse_str(
    name: &str,
    text: &str,
    mode_name: &str,
    opts: &ParseOptions,
) -> (TokenSet, Diagnostics) {
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    let mode = set.add_mode(mode_name);
    let Some(tree) = parse_document(name, text, opts, &mut set, &mut diags) else {
        return (set, diags);
    };
    read_tree(&tree, &mut set, mode, opts, &mut diags);
    (set, diags)
}

/// Registers `text` in `set.sources` and parses it, reporting syntax errors (and, in
/// tolerant mode, retrying without comments and trailing commas; such a tree owns its
/// strings).
pub(crate) fn parse_document<'a>(
    name: &str,
    text: &'a str,
    opts: &ParseOptions,
    set: &mut TokenSet,
    diags: &mut Diagnostics,
) -> Option<Node<'a>> {
    let file = set.sources.add(name, text);
    let first = json::parse(text, file, &opts.limits);
    finish_document(name, text, file, first, opts, set, diags)
}

/// The second half of [`parse_document`], for callers that ran the first parse themselves
/// (e.g. on several threads): reports the syntax error or retries as JSONC.
pub(crate) fn finish_document<'a>(
    name: &str,
    text: &'a str,
    file: u32,
    first: Result<Node<'a>, json::JsonError>,
    opts: &ParseOptions,
    set: &TokenSet,
    diags: &mut Diagnostics,
) -> Option<Node<'a>> {
    let first_error = match first {
        Ok(node) => return Some(node),
        Err(e) => e,
    };
    if !opts.strict {
        if let Some(stripped) = json::strip_jsonc(text) {
            // Comments are blanked with spaces, so offsets still match the registered text.
            if let Ok(tree) = json::parse(&stripped, file, &opts.limits) {
                let tree = tree.into_owned();
                diags.push(
                    Diagnostic::warning(
                        "W-JSONC",
                        format!("{name} has comments or trailing commas; read as JSONC (DTCG deviation D-18)"),
                    )
                    .at(set.sources.locate(first_error.span))
                    .help("token files must be plain JSON: remove comments and trailing commas"),
                );
                return Some(tree);
            }
        }
    }
    diags.push(
        Diagnostic::error("E-JSON", first_error.message.clone())
            .at(set.sources.locate(first_error.span))
            .help("fix the JSON syntax; token files are plain JSON (RFC 8259)"),
    );
    None
}

/// "an object", "a string", … for messages.
pub(crate) fn article(node: &Node) -> String {
    let name = node.type_name();
    let an = matches!(
        name.as_bytes().first(),
        Some(b'a' | b'e' | b'i' | b'o' | b'u')
    );
    format!("{} {name}", if an { "an" } else { "a" })
}

/// What is wrong with a token or group name, if anything (F-5, F-6, F-7).
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("names must not be empty".into());
    }
    if name.starts_with('$') {
        return Err("names must not start with `$`, which is reserved for DTCG properties (only `$root` is a token name)".into());
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '{' | '}' | '.')) {
        return Err(format!("names must not contain `{c}`"));
    }
    if name.chars().any(char::is_control) {
        return Err("names must not contain control characters".into());
    }
    Ok(())
}

/// Converts a value with curly aliases (no pointers, no interpolation) — for readers of
/// other JSON shapes such as the Tokencraft export.
pub(crate) fn value_with_aliases(
    node: &Node,
    sources: &crate::model::SourceMap,
    diags: &mut Diagnostics,
    token: &str,
) -> Option<Expr> {
    ValueReader {
        root: None,
        index: None,
        sources,
        diags,
        interpolate: false,
        token,
    }
    .expr(node)
}
