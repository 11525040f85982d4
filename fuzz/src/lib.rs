//! The bodies of tokencraft's fuzz targets, one public function per target.
//!
//! The `fuzz_targets/*.rs` binaries are one-line wrappers around these functions, so the
//! logic compiles (and is checked by CI) on the stable toolchain, and a crashing input can
//! be replayed from a normal test by calling the same function.
//!
//! Every function panics only when tokencraft breaks one of its promises (a panic inside
//! the library, a 500 from the API, an emitter's JSON output that does not parse, …);
//! libFuzzer reports such a panic as a crash.

pub mod api;
pub mod emit;
pub mod files;

use tokencraft::error::Diagnostics;
use tokencraft::model::TokenSet;
use tokencraft::parse::dtcg::{parse_str, read_tree, ParseOptions};
use tokencraft::parse::json;
use tokencraft::parse::merge::{merge_tree, MergeOptions};
use tokencraft::parse::tokencraft::{from_export_json, from_rows, ModeRows};
use tokencraft::resolve::{resolve_set, resolved_json, ResolveOptions};

/// The input as text: valid UTF-8 as is, anything else lossily (the library's entry points
/// take `&str`; invalid UTF-8 in files is rejected before parsing, see `read_files`).
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Renders every diagnostic (messages must be printable for any input).
fn render(diags: &Diagnostics) -> usize {
    diags.to_string().len()
}

/// Target `dtcg_parse`: the bytes as one DTCG document, strict and tolerant; when the
/// input holds a NUL byte, the two halves as two documents merged into one tree (the
/// path of `read_files` and of resolver sets).
pub fn dtcg_parse(data: &[u8]) {
    let text = text(data);
    for strict in [false, true] {
        let opts = ParseOptions {
            strict,
            ..ParseOptions::default()
        };
        let (set, diags) = parse_str("fuzz.tokens.json", &text, "default", &opts);
        render(&diags);
        let _ = tokencraft::parse::dump::dump(&set);
    }
    if let Some((a, b)) = text.split_once('\0') {
        merged(a, b);
    }
}

/// Parses two documents, merges the second into the first and reads the result.
fn merged(a: &str, b: &str) {
    let opts = ParseOptions::default();
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    let mode = set.add_mode("default");
    let fa = set.sources.add("a.tokens.json", a);
    let fb = set.sources.add("b.tokens.json", b);
    let (Ok(mut base), Ok(overlay)) = (
        json::parse(a, fa, &opts.limits),
        json::parse(b, fb, &opts.limits),
    ) else {
        return;
    };
    let merge = MergeOptions {
        warn_conflicts: true,
    };
    merge_tree(&mut base, overlay, &merge, &set.sources, &mut diags);
    read_tree(&base, &mut set, mode, &opts, &mut diags);
    render(&diags);
}

/// Target `tokencraft_import`: the first byte picks the shape — even: Tokencraft export
/// JSON ([`from_export_json`]); odd: API token rows (`[ModeRows]`, [`from_rows`]). The
/// resulting set is resolved, as the API's export does.
pub fn tokencraft_import(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let text = text(rest);
    let (set, diags) = if first % 2 == 0 {
        from_export_json(&text, &ParseOptions::default())
    } else {
        let Ok(rows) = serde_json::from_str::<Vec<ModeRows>>(&text) else {
            return;
        };
        from_rows(&rows)
    };
    render(&diags);
    let opts = ResolveOptions {
        legacy_warnings: false,
        ..ResolveOptions::default()
    };
    let (_, resolved, diags) = resolve_set(&set, &opts);
    render(&diags);
    let _ = resolved_json(&set, &resolved, resolved.default_mode);
}

/// Target `resolve`: the bytes as a DTCG document, then the alias graph and typed values,
/// tolerant and strict, with and without type inference; the resolved values are written
/// back as DTCG JSON.
pub fn resolve(data: &[u8]) {
    let text = text(data);
    let (set, diags) = parse_str(
        "fuzz.tokens.json",
        &text,
        "default",
        &ParseOptions::default(),
    );
    render(&diags);
    for (strict, infer_types) in [(false, false), (false, true), (true, false)] {
        let opts = ResolveOptions {
            strict,
            infer_types,
            ..ResolveOptions::default()
        };
        let (graph, resolved, diags) = resolve_set(&set, &opts);
        render(&diags);
        for m in 0..graph.mode_count() {
            let _ = graph.topological_order(m);
        }
        let _ = resolved_json(&set, &resolved, resolved.default_mode);
    }
}
