//! The adapter between the API and the compiler: token rows → `parse::tokencraft::from_rows`
//! → `resolve::resolve_set` (legacy-string warnings off: API rows use CSS strings as their
//! normal values) → `emit::emit` with the built-in registry. Every registered emitter is
//! an export format; `json`, `css`, `ios` and `android` are the documented ones (§4.3).

use crate::api::error::ApiError;
use crate::emit::{self, EmitContext, EmitOptions, ModeSelection, Registry};
use crate::model::{Resolved, TokenSet};
use crate::parse::tokencraft::{from_rows, ModeRows};
use crate::resolve::{resolve_set, ResolveOptions};
use std::sync::OnceLock;

/// The documented formats, listed first in messages.
const DOCUMENTED: [&str; 4] = ["json", "css", "ios", "android"];

/// The built-in emitters, created once.
fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(Registry::builtin)
}

/// A format the API can export: its name, media type and file extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormatSpec {
    pub name: String,
    pub content_type: String,
    pub extension: String,
}

/// The format with this exact name.
pub(crate) fn format(name: &str) -> Option<FormatSpec> {
    let e = registry().get(name)?;
    Some(FormatSpec {
        name: e.name().to_owned(),
        content_type: e.media_type().to_owned(),
        extension: e.extension().to_owned(),
    })
}

/// Every format name: the documented four, then the other emitters in registry order.
pub(crate) fn format_names() -> Vec<String> {
    let mut names: Vec<String> = DOCUMENTED
        .iter()
        .filter(|n| registry().get(n).is_some())
        .map(|n| (*n).to_owned())
        .collect();
    for e in registry().list() {
        if !DOCUMENTED.contains(&e.name()) {
            names.push(e.name().to_owned());
        }
    }
    names
}

/// A tokenset read and resolved: what every format and mode of one revision renders from.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub set: TokenSet,
    pub resolved: Resolved,
}

/// Reads and resolves `modes` (every mode of the tokenset, so default-mode fallback works).
pub(crate) fn compile(modes: &[ModeRows]) -> Compiled {
    let (set, _row_diags) = from_rows(modes);
    let opts = ResolveOptions {
        legacy_warnings: false,
        ..ResolveOptions::default()
    };
    let (_, resolved, _resolve_diags) = resolve_set(&set, &opts);
    Compiled { set, resolved }
}

/// Renders a compiled tokenset in `format`; `selected` is the mode index for E2, `None`
/// for E1.
pub(crate) fn render_compiled(
    spec: &FormatSpec,
    compiled: &Compiled,
    selected: Option<usize>,
) -> Result<String, ApiError> {
    let options = EmitOptions::default();
    let cx = EmitContext {
        set: &compiled.set,
        resolved: &compiled.resolved,
        modes: match selected {
            Some(i) => ModeSelection::One(i),
            None => ModeSelection::All,
        },
        options: &options,
    };
    let files = emit::emit(registry(), &spec.name, &cx).map_err(|d| {
        let first = d
            .errors()
            .next()
            .map(|e| e.to_string())
            .unwrap_or_else(|| "the emitter reported an error".into());
        ApiError::bad_request(format!(
            "Cannot export this tokenset as {}: {}",
            spec.name,
            first.replace('\n', "; ")
        ))
    })?;
    match <[_; 1]>::try_from(files) {
        Ok([file]) => Ok(file.contents),
        Err(files) => Err(ApiError::bad_request(format!(
            "Format '{}' writes {} files ({}), which one response cannot carry; export it with `tokencraft build` instead",
            spec.name,
            files.len(),
            files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}
