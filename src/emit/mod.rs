//! Output formats through a registry of pluggable emitters.
//!
//! An [`Emitter`] turns a resolved token set ([`EmitContext`]) into one or more
//! [`OutputFile`]s. The [`Registry`] holds the built-in formats by name (`json`, `css`,
//! `scss`, `ios`, `android`, …) plus any a library user registers, and template-driven
//! formats loaded from a folder of handlebars templates ([`Registry::with_templates`]).
//!
//! Everything a format needs is decided in one place each:
//! - names: [`naming`] (kebab, camel, snake, pascal, constant; prefix; collision check),
//! - values: `values` (colour, dimension, duration, font family and composite conversion
//!   per [`Dialect`]),
//! - escaping and indentation: [`writer`].
//!
//! ```
//! use tokencraft::emit::{emit, EmitContext, EmitOptions, ModeSelection, Registry};
//! use tokencraft::model::{Resolved, TokenSet};
//!
//! let set = TokenSet::default();
//! let resolved = Resolved::default();
//! let options = EmitOptions::default();
//! let cx = EmitContext { set: &set, resolved: &resolved, modes: ModeSelection::All, options: &options };
//! let files = emit(&Registry::builtin(), "css", &cx).unwrap();
//! assert_eq!(files[0].path, "tokens.css");
//! ```

mod color_out;
pub mod config;
mod expand;
mod formats;
pub mod naming;
mod options;
mod select;
mod template;
mod template_guard;
mod values;
pub mod writer;

pub use options::{
    ColorFormat, CssModes, DimensionOut, DurationOut, EmitOptions, Filter, GamutMode,
};
pub use template::TemplateEmitter;
pub use values::Dialect;

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::model::{Resolved, TokenSet};
use indexmap::IndexMap;
use std::path::Path;

/// Which modes an emitter writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeSelection {
    /// One mode, by index into [`TokenSet::modes`] (the API's per-mode export).
    One(usize),
    /// Every mode (the API's tokenset export).
    All,
}

/// Everything an emitter reads.
#[derive(Debug, Clone, Copy)]
pub struct EmitContext<'a> {
    /// The token set as read (paths, descriptions, deprecation, literal expressions).
    pub set: &'a TokenSet,
    /// Typed values of every token in every mode.
    pub resolved: &'a Resolved,
    /// Which modes to write.
    pub modes: ModeSelection,
    /// Format options; `Default` is the Tokencraft API export behaviour.
    pub options: &'a EmitOptions,
}

impl<'a> EmitContext<'a> {
    /// A context writing every mode of `set` / `resolved` with `options`.
    pub fn all_modes(set: &'a TokenSet, resolved: &'a Resolved, options: &'a EmitOptions) -> Self {
        EmitContext {
            set,
            resolved,
            modes: ModeSelection::All,
            options,
        }
    }

    /// The mode indices to write, in order. An out-of-range `One` yields nothing.
    pub fn mode_indices(&self) -> Vec<usize> {
        match self.modes {
            ModeSelection::One(i) if i < self.resolved.modes.len() => vec![i],
            ModeSelection::One(_) => Vec::new(),
            ModeSelection::All => (0..self.resolved.modes.len()).collect(),
        }
    }

    /// The name of a mode (from the resolved set, falling back to the token set).
    pub fn mode_name(&self, mode: usize) -> &str {
        self.resolved
            .modes
            .get(mode)
            .map(|m| m.name.as_str())
            .or_else(|| self.set.modes.get(mode).map(|m| m.name.as_str()))
            .unwrap_or("")
    }

    /// Checks the mode selection, so emitters can rely on it.
    fn check_modes(&self) -> Result<(), Diagnostics> {
        if let ModeSelection::One(i) = self.modes {
            if i >= self.resolved.modes.len() {
                return Err(one(Diagnostic::error(
                    "E-EMIT-MODE",
                    format!(
                        "mode index {i} does not exist; the token set has {} mode(s)",
                        self.resolved.modes.len()
                    ),
                )
                .help("select an existing mode, or all modes")));
            }
        }
        Ok(())
    }
}

/// One generated file: a path relative to the output folder and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path, e.g. `tokens.css` or `values-night/tokens.xml`.
    pub path: String,
    /// The file's contents (UTF-8, `\n` line ends, ending with a newline).
    pub contents: String,
}

/// An output format.
///
/// Implement this to add a format in Rust and [`Registry::register`] it.
pub trait Emitter: Send + Sync {
    /// The name users select the format by (`css`, `ios`, …).
    fn name(&self) -> &str;
    /// One line describing the output, for `tokencraft formats`.
    fn description(&self) -> &str;
    /// File extension of the main output, without the dot.
    fn extension(&self) -> &str;
    /// Media type of the main output (the API's Content-Type).
    fn media_type(&self) -> &str;
    /// Writes the files. Errors name the token and mode concerned and how to fix them.
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics>;
}

/// Emitters by name, in registration order.
pub struct Registry {
    emitters: IndexMap<String, Box<dyn Emitter>>,
}

impl Registry {
    /// An empty registry.
    pub fn empty() -> Self {
        Registry {
            emitters: IndexMap::new(),
        }
    }

    /// Every built-in format, including the template-driven ones shipped in `formats/`.
    pub fn builtin() -> Self {
        let mut r = Registry::empty();
        formats::register_builtin(&mut r);
        for e in template::builtin_templates() {
            r.register(Box::new(e));
        }
        r
    }

    /// The built-ins plus (or overridden by) the template formats found in `dir`: one
    /// sub-folder per format holding `format.json` and `template.hbs` (see
    /// `formats/README.md`).
    pub fn with_templates(dir: &Path) -> Result<Self, Error> {
        let mut r = Registry::builtin();
        for e in template::load_dir(dir)? {
            r.register(Box::new(e));
        }
        Ok(r)
    }

    /// Adds an emitter; one with the same name is replaced (keeping its list position).
    pub fn register(&mut self, emitter: Box<dyn Emitter>) {
        self.emitters.insert(emitter.name().to_owned(), emitter);
    }

    /// The emitter registered under `name`.
    pub fn get(&self, name: &str) -> Option<&dyn Emitter> {
        self.emitters.get(name).map(|e| e.as_ref())
    }

    /// Every emitter, in registration order.
    pub fn list(&self) -> impl Iterator<Item = &dyn Emitter> {
        self.emitters.values().map(|e| e.as_ref())
    }

    /// The registered names joined with `, ` (for messages).
    pub fn names(&self) -> String {
        self.emitters
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Default for Registry {
    fn default() -> Self {
        Registry::builtin()
    }
}

/// Emits `format` through `registry`. An unknown name is an error listing the known ones.
pub fn emit(
    registry: &Registry,
    format: &str,
    cx: &EmitContext,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let Some(emitter) = registry.get(format) else {
        return Err(one(Diagnostic::error(
            "E-EMIT-FORMAT",
            format!("unknown output format `{format}`"),
        )
        .help(format!("use one of: {}", registry.names()))));
    };
    cx.check_modes()?;
    let mut files = emitter.emit(cx)?;
    if let Some(name) = &cx.options.file_name {
        if let Some(first) = files.first_mut() {
            first.path.clone_from(name);
        }
    }
    Ok(files)
}

/// Emits several formats of one context, spread over the machine's cores, and returns
/// each format's result in the order of `formats`. Each result is exactly what [`emit`]
/// returns for that format.
///
/// The formats run on one work-stealing pool, the largest first; each is written into one
/// buffer except the last to start (the smallest), whose mode blocks the cores share as
/// they come free, so neither core idles long at the end.
pub fn emit_many(
    registry: &Registry,
    formats: &[&str],
    cx: &EmitContext,
) -> Vec<Result<Vec<OutputFile>, Diagnostics>> {
    let mut order: Vec<usize> = (0..formats.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(formats.get(i).map_or(0, |f| weight(f))));
    let results = par_map(order.len(), |k| {
        // Every format but the last to start is written whole (one buffer, no join copy);
        // the last one splits into parts, which the cores share as they come free.
        let _whole = WholeFormat::set(k + 1 < order.len());
        match order.get(k).and_then(|&i| formats.get(i)) {
            Some(f) => emit(registry, f, cx),
            None => Ok(Vec::new()),
        }
    });
    let mut slots: Vec<Option<Result<Vec<OutputFile>, Diagnostics>>> =
        (0..formats.len()).map(|_| None).collect();
    for (&i, r) in order.iter().zip(results) {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(r);
        }
    }
    slots.into_iter().flatten().collect()
}

thread_local! {
    /// Set while [`emit_many`] runs a format that is to be written whole (see
    /// [`write_parts`]).
    static WHOLE_FORMAT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks the current thread as writing a whole format until dropped (also on a panic).
struct WholeFormat(bool);

impl WholeFormat {
    fn set(whole: bool) -> Self {
        WholeFormat(WHOLE_FORMAT.with(|c| c.replace(whole)))
    }
}

impl Drop for WholeFormat {
    fn drop(&mut self) {
        let outer = self.0;
        WHOLE_FORMAT.with(|c| c.set(outer));
    }
}

/// A format's relative emit cost, for the start order in [`emit_many`] (measured on the
/// 100k × 4 bench: `json` writes about twice the bytes of `css`, `scss` half again).
fn weight(format: &str) -> u8 {
    match format {
        "json" | "dtcg" | "json-nested" => 3,
        "scss" => 2,
        _ => 1,
    }
}

/// `f(0..n)` on the work-stealing pool (rayon's, one thread per core), results in index
/// order. Calls may nest: an idle core takes pending work from any level.
pub(crate) fn par_map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    use rayon::prelude::*;
    if n <= 1 {
        return (0..n).map(f).collect();
    }
    (0..n).into_par_iter().map(f).collect()
}

/// Writes a text made of `n` parts in order, `part(i, out)` appending part `i` and
/// returning a side result (e.g. its diagnostics). Usually the parts run in parallel, each
/// into its own buffer of `capacity` bytes, and are joined (the first part's buffer grown
/// once to the exact total); for a format [`emit_many`] runs whole — while the other cores
/// write other formats — they run one after the other into one buffer, with no copy.
pub(crate) fn write_parts<T: Send>(
    n: usize,
    capacity: usize,
    part: impl Fn(usize, &mut String) -> T + Sync + Send,
) -> (String, Vec<T>) {
    if n <= 1 || WHOLE_FORMAT.with(std::cell::Cell::get) {
        let mut out = String::with_capacity(capacity.saturating_mul(n));
        let results = (0..n).map(|i| part(i, &mut out)).collect();
        return (out, results);
    }
    let parts = par_map(n, |i| {
        let mut out = String::with_capacity(capacity);
        let r = part(i, &mut out);
        (out, r)
    });
    let total: usize = parts.iter().map(|(p, _)| p.len()).sum();
    let mut results = Vec::with_capacity(n);
    let mut joined: Option<String> = None;
    for (text, r) in parts {
        results.push(r);
        match &mut joined {
            None => {
                let mut first = text;
                first.reserve_exact(total.saturating_sub(first.len()));
                joined = Some(first);
            }
            Some(out) => out.push_str(&text),
        }
    }
    (joined.unwrap_or_default(), results)
}

pub(crate) fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics { items: vec![d] }
}

/// An empty token set and resolution with the named modes (unit-test fixtures).
#[cfg(test)]
pub(crate) fn empty_modes(names: &[&str]) -> (TokenSet, Resolved) {
    let mut set = TokenSet::default();
    let mut resolved = Resolved::default();
    for m in names {
        set.add_mode(*m);
        resolved.modes.push(crate::model::ResolvedMode {
            name: (*m).into(),
            tokens: Vec::new(),
        });
    }
    (set, resolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn par_map_keeps_index_order() {
        let v = par_map(37, |i| i * i);
        assert_eq!(v, (0..37).map(|i| i * i).collect::<Vec<_>>());
        assert!(par_map(0, |i| i).is_empty());
        let parts = |n| {
            write_parts(n, 4, |i, out| {
                out.push_str(&i.to_string());
                i * 2
            })
        };
        assert_eq!(parts(0), (String::new(), Vec::new()));
        assert_eq!(
            parts(12),
            ("01234567891011".into(), (0..12).map(|i| i * 2).collect())
        );
        // Written whole (as inside `emit_many`): one buffer, same text.
        let whole = {
            let _whole = WholeFormat::set(true);
            parts(12)
        };
        assert_eq!(whole, parts(12));
        // Nested: results still in order.
        let nested = par_map(3, |i| par_map(4, move |j| i * 10 + j));
        assert_eq!(nested[2], vec![20, 21, 22, 23]);
        assert_eq!(nested.len(), 3);
    }

    #[test]
    fn emit_many_equals_emitting_one_format_after_the_other() {
        let (mut set, mut resolved) = empty_modes(&["Light", "Dark", "High Contrast"]);
        for i in 0..50u32 {
            let id = set.intern(&format!("space.group{}.s{i}", i % 4));
            for (m, rm) in resolved.modes.iter_mut().enumerate() {
                set.insert(
                    m,
                    id,
                    Token {
                        declared_type: Some(TokenType::Dimension),
                        type_source: TypeSource::Own,
                        value: Expr::Number(f64::from(i)),
                        description: None,
                        deprecated: Deprecated::No,
                        extensions: None,
                        span: Span::NONE,
                    },
                );
                rm.tokens.push(Some(ResolvedToken {
                    ty: TokenType::Dimension,
                    value: Value::Dimension(Dimension {
                        value: f64::from(i) + m as f64 / 4.0,
                        unit: DimensionUnit::Px,
                    }),
                    alias_of: None,
                    origin: id,
                    inherited: false,
                }));
            }
        }
        let options = EmitOptions::default();
        let cx = EmitContext::all_modes(&set, &resolved, &options);
        let registry = Registry::builtin();
        let formats = ["css", "scss", "json", "nope"];
        let together = emit_many(&registry, &formats, &cx);
        let apart: Vec<_> = formats.iter().map(|f| emit(&registry, f, &cx)).collect();
        assert_eq!(together, apart);
        assert!(together[3].is_err());
    }
}
