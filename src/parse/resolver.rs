//! DTCG resolver documents (spec §8, TR-R): sets, modifiers and `resolutionOrder` → one
//! merged token tree per input (a *permutation*).
//!
//! Ownership: [`load`] reads the resolver document, every structure document it references
//! and every token file, registers each file in the caller's [`SourceMap`] (so spans locate
//! as `file:line:col`) and keeps the token file texts inside the [`Resolver`]. Token files
//! are parsed only when permutations are built; the trees of a [`Permutation`] borrow
//! from the `Resolver` (`Permutation<'r>`), so no string is copied on the way. Building
//! several permutations at once parses each file once, on up to
//! `available_parallelism()` threads.
//!
//! ```no_run
//! use indexmap::IndexMap;
//! use tokencraft::model::SourceMap;
//! use tokencraft::parse::resolver::{load, ResolverOptions};
//! use tokencraft::Diagnostics;
//!
//! let mut sources = SourceMap::default();
//! let mut warnings = Diagnostics::new();
//! let opts = ResolverOptions::default();
//! let resolver = load("tokens/acme.resolver.json".as_ref(), &mut sources, &opts, &mut warnings)
//!     .map_err(|errors| errors.to_string())?;
//! let (modes, default) = resolver.modes(&IndexMap::new(), false, &sources, &mut warnings)
//!     .map_err(|errors| errors.to_string())?;
//! for mode in &modes {
//!     println!("{}: {} top-level entries", mode.name, mode.tree.members().map_or(0, |m| m.len()));
//! }
//! # let _ = default;
//! # Ok::<(), String>(())
//! ```

mod fused;
mod input;
mod load;
mod refs;

pub use input::parse_inputs;
pub use load::load;

use crate::error::{Diagnostic, Diagnostics};
use crate::model::{SourceMap, Span};
use crate::parse::json::{self, Kind, Member, Node};
use crate::parse::merge::{merge_tree, MergeOptions};
use indexmap::IndexMap;
use input::Missing;

/// Options for [`load`] and the permutations built from the loaded resolver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverOptions {
    /// Follow the spec to the letter: a missing `version`, a modifier with one context,
    /// JSONC, fragments without `/` and unknown keys become errors instead of warnings.
    pub strict: bool,
    /// Most permutations [`Resolver::all_permutations`] builds (default 64).
    pub max_permutations: usize,
    /// Limits for every JSON document read.
    pub limits: json::Limits,
    /// How sources are merged (conflict warnings).
    pub merge: MergeOptions,
    /// Merge the sets that `resolutionOrder` never reaches before everything else, for
    /// documents whose tokens alias such reference-only sets (DTCG deviation D-13). Off by
    /// default: the spec's reading is that an unused set contributes nothing.
    pub include_unused_sets: bool,
}

impl Default for ResolverOptions {
    fn default() -> Self {
        ResolverOptions {
            strict: false,
            max_permutations: 64,
            limits: json::Limits::default(),
            merge: MergeOptions::default(),
            include_unused_sets: false,
        }
    }
}

/// A loaded resolver document: its modifiers (with contexts and defaults), its sets, and
/// the resolution order, with every reference object already resolved.
#[derive(Debug)]
pub struct Resolver {
    name: Option<String>,
    files: Vec<TokenFile>,
    steps: Vec<Step>,
    modifiers: Vec<Modifier>,
    opts: ResolverOptions,
}

/// The merged token tree for one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Permutation<'a> {
    /// The selected context names joined by `-` in modifier order (`dark-mobile`); the
    /// context name for a single modifier; `default` when there are no modifiers.
    pub name: String,
    /// Every modifier (reachable from `resolutionOrder`) → its selected context, with the
    /// names as the document spells them.
    pub inputs: IndexMap<String, String>,
    /// The merged token tree (a DTCG group).
    pub tree: Node<'a>,
}

/// A token file read by [`load`], parsed on demand.
#[derive(Debug)]
pub(crate) struct TokenFile {
    display: String,
    /// Shared with the [`SourceMap`] entry of the same file (one copy of each text).
    text: std::sync::Arc<str>,
    file_id: u32,
}

/// One entry of a set or context: a token file (or part of it), or an inline tree.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    File {
        /// Index into [`Resolver::files`].
        file: usize,
        pointer: Vec<String>,
        /// Keys written beside `$ref`: shallow overrides of the target (R-25).
        overrides: Vec<Member<'static>>,
        /// The reference object, for messages.
        span: Span,
        raw: String,
    },
    Inline(Node<'static>),
}

/// A modifier reachable from `resolutionOrder`.
#[derive(Debug, Clone)]
pub(crate) struct Modifier {
    pub name: String,
    /// Context name → its sources, in document order.
    pub contexts: Vec<(String, Vec<Source>)>,
    pub default: Option<String>,
}

/// One item of `resolutionOrder`.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    Set(Vec<Source>),
    /// Index into [`Resolver::modifiers`].
    Modifier(usize),
}

impl Resolver {
    /// The document's `name`, if any.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Every modifier reachable from `resolutionOrder`: name, context names, default.
    pub fn modifiers(&self) -> Vec<(String, Vec<String>, Option<String>)> {
        self.modifiers
            .iter()
            .map(|m| {
                (
                    m.name.clone(),
                    m.contexts.iter().map(|(c, _)| c.clone()).collect(),
                    m.default.clone(),
                )
            })
            .collect()
    }

    /// Reads inputs given as JSON and checks them against the modifiers as
    /// [`Resolver::permutation`] would, reporting every problem together (R-28…R-36):
    /// non-string values, unknown modifiers, unknown contexts, missing modifiers.
    pub fn inputs_from_json(
        &self,
        value: &serde_json::Value,
    ) -> Result<IndexMap<String, String>, Diagnostics> {
        let (map, others, mut errors) = input::split_json(value);
        if value.is_object() {
            if let Err(e) = input::select(&self.modifiers, &map, Missing::Required, &others) {
                errors.extend(e);
            }
        }
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// How many permutations the resolver has (product of the context counts; saturating).
    pub fn permutation_count(&self) -> usize {
        self.modifiers
            .iter()
            .fold(1usize, |n, m| n.saturating_mul(m.contexts.len()))
    }

    /// The merged tree for one input (defaults applied). Input names match exactly, else
    /// ignoring case; unknown modifiers, unknown contexts and missing modifiers without a
    /// default are all reported together. Merge warnings go to `warnings`.
    pub fn permutation(
        &self,
        input: &IndexMap<String, String>,
        sources: &SourceMap,
        warnings: &mut Diagnostics,
    ) -> Result<Permutation<'_>, Diagnostics> {
        let selection = input::select(&self.modifiers, input, Missing::Required, &[])?;
        let mut built = self.build(&[selection], sources, warnings)?;
        built.pop().ok_or_else(|| {
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error("E-INTERNAL", "internal error: no permutation was built")
                    .help("please report this with the resolver document"),
            );
            d
        })
    }

    /// Every permutation, the first modifier varying slowest; refuses more than
    /// `max_permutations` with an error naming the count.
    pub fn all_permutations(
        &self,
        sources: &SourceMap,
        warnings: &mut Diagnostics,
    ) -> Result<Vec<Permutation<'_>>, Diagnostics> {
        self.check_count()?;
        let selections = self.all_selections();
        self.build(&selections, sources, warnings)
    }

    /// The modes the CLI builds, and the index of the default one:
    ///
    /// - no modifier: one permutation named `default`;
    /// - one modifier: one mode per context (mode name = context name); the default mode is
    ///   the context given in `inputs`, else the modifier's `default`, else the first;
    /// - several modifiers: the permutation selected by `inputs` (defaults applied), or with
    ///   `all` every permutation under the cap, the default being the one `inputs` and the
    ///   defaults select (first contexts where neither says).
    pub fn modes(
        &self,
        inputs: &IndexMap<String, String>,
        all: bool,
        sources: &SourceMap,
        warnings: &mut Diagnostics,
    ) -> Result<(Vec<Permutation<'_>>, usize), Diagnostics> {
        if self.modifiers.len() >= 2 && !all {
            return Ok((vec![self.permutation(inputs, sources, warnings)?], 0));
        }
        let preferred = input::select(&self.modifiers, inputs, Missing::FirstContext, &[])?;
        self.check_count()?;
        let selections = self.all_selections();
        let default = selections.iter().position(|s| *s == preferred).unwrap_or(0);
        Ok((self.build(&selections, sources, warnings)?, default))
    }

    fn check_count(&self) -> Result<(), Diagnostics> {
        let count = self.permutation_count();
        if count <= self.opts.max_permutations {
            return Ok(());
        }
        let factors: Vec<String> = self
            .modifiers
            .iter()
            .map(|m| format!("{} ({})", m.contexts.len(), m.name))
            .collect();
        // Past a dozen modifiers, the first few and the last stand for the rest.
        let product = match factors.as_slice() {
            [first @ .., last] if factors.len() > 12 => format!(
                "{} × … × {last}, {} modifiers",
                first
                    .iter()
                    .take(6)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" × "),
                factors.len()
            ),
            _ => factors.join(" × "),
        };
        // The count saturates at `usize::MAX`; past it, say so rather than print that.
        let count = if count == usize::MAX {
            format!("more than {}", usize::MAX)
        } else {
            count.to_string()
        };
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(
                "E-RES-PERMUTATIONS",
                format!(
                    "the resolver has {count} permutations ({product}), more than the limit of {}",
                    self.opts.max_permutations
                ),
            )
            .help("select one permutation with inputs, or raise the permutation limit"),
        );
        Err(d)
    }

    /// Every selection, first modifier slowest.
    fn all_selections(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new()];
        for m in &self.modifiers {
            out = out
                .into_iter()
                .flat_map(|prefix| {
                    (0..m.contexts.len()).map(move |c| {
                        let mut s = prefix.clone();
                        s.push(c);
                        s
                    })
                })
                .collect();
        }
        out
    }

    /// The sources of one selection, in merge order.
    fn sources_for<'s>(&'s self, selection: &[usize]) -> Vec<&'s Source> {
        let mut out = Vec::new();
        for step in &self.steps {
            match step {
                Step::Set(sources) => out.extend(sources),
                Step::Modifier(m) => {
                    let chosen = self
                        .modifiers
                        .get(*m)
                        .zip(selection.get(*m))
                        .and_then(|(m, c)| m.contexts.get(*c));
                    if let Some((_, sources)) = chosen {
                        out.extend(sources);
                    }
                }
            }
        }
        out
    }

    fn name_of(&self, selection: &[usize]) -> (String, IndexMap<String, String>) {
        let mut inputs = IndexMap::new();
        for (m, c) in self.modifiers.iter().zip(selection) {
            if let Some((ctx, _)) = m.contexts.get(*c) {
                inputs.insert(m.name.clone(), ctx.clone());
            }
        }
        let name = if inputs.is_empty() {
            "default".to_string()
        } else {
            inputs.values().cloned().collect::<Vec<_>>().join("-")
        };
        (name, inputs)
    }

    /// Parses the files the selections need (each once) and merges each selection's sources.
    fn build(
        &self,
        selections: &[Vec<usize>],
        sources: &SourceMap,
        warnings: &mut Diagnostics,
    ) -> Result<Vec<Permutation<'_>>, Diagnostics> {
        let lists: Vec<Vec<&Source>> = selections.iter().map(|s| self.sources_for(s)).collect();
        let mut uses = vec![0usize; self.files.len()];
        for src in lists.iter().flatten() {
            if let Source::File { file, .. } = src {
                if let Some(u) = uses.get_mut(*file) {
                    *u += 1;
                }
            }
        }
        let mut errors = Diagnostics::new();
        let mut parsed = self.parse_files(&uses, sources, &mut errors, warnings);
        let mut out = Vec::with_capacity(selections.len());
        for (selection, list) in selections.iter().zip(lists) {
            let mut tree = Node {
                span: Span::NONE,
                kind: Kind::Object(Vec::new()),
            };
            for src in list {
                let Some(node) =
                    self.materialize(src, &mut parsed, &mut uses, sources, &mut errors)
                else {
                    continue;
                };
                merge_tree(&mut tree, node, &self.opts.merge, sources, warnings);
            }
            let (name, inputs) = self.name_of(selection);
            out.push(Permutation { name, inputs, tree });
        }
        if errors.has_errors() {
            Err(errors)
        } else {
            Ok(out)
        }
    }

    /// The tree one source contributes (moved out of `parsed` on its last use).
    fn materialize<'r>(
        &'r self,
        src: &Source,
        parsed: &mut [Option<Node<'r>>],
        uses: &mut [usize],
        sources: &SourceMap,
        errors: &mut Diagnostics,
    ) -> Option<Node<'r>> {
        let (node, span, what) = match src {
            Source::Inline(node) => (node.clone(), node.span, "an inline source".to_string()),
            Source::File {
                file,
                pointer,
                overrides,
                span,
                raw,
            } => {
                let remaining = uses.get_mut(*file)?;
                *remaining = remaining.saturating_sub(1);
                let last = *remaining == 0;
                let slot = parsed.get_mut(*file)?;
                let mut node = if pointer.is_empty() && last {
                    slot.take()?
                } else {
                    let root = slot.as_ref()?;
                    match refs::navigate(root, pointer) {
                        Ok(n) => n.clone(),
                        Err(depth) => {
                            let display = self.files.get(*file).map_or("", |f| f.display.as_str());
                            let d = Diagnostic::error(
                                "E-RES-REF-UNRESOLVED",
                                format!(
                                    "reference `{raw}` cannot be resolved: `{display}` has nothing at {}",
                                    refs::pointer_string(pointer.get(..=depth).unwrap_or(pointer))
                                ),
                            )
                            .at(sources.locate(*span))
                            .help("check the JSON Pointer after `#` against the file's groups");
                            if !errors.items.contains(&d) {
                                errors.push(d);
                            }
                            return None;
                        }
                    }
                };
                if last && !pointer.is_empty() {
                    *slot = None;
                }
                apply_overrides(&mut node, overrides);
                (node, *span, format!("`{raw}`"))
            }
        };
        if node.members().is_none() {
            let d = Diagnostic::error(
                "E-RES-SOURCE-TYPE",
                format!(
                    "{what} must be a JSON object (a group of tokens), found {}",
                    node.type_name()
                ),
            )
            .at(sources.locate(node.span).or_else(|| sources.locate(span)))
            .help(
                "a set or context source is a token file, a group inside one, or an inline group",
            );
            if !errors.items.contains(&d) {
                errors.push(d);
            }
            return None;
        }
        Some(node)
    }

    /// Parses every file with a use, on up to `available_parallelism()` threads.
    fn parse_files(
        &self,
        uses: &[usize],
        sources: &SourceMap,
        errors: &mut Diagnostics,
        warnings: &mut Diagnostics,
    ) -> Vec<Option<Node<'_>>> {
        let mut needed: Vec<usize> = (0..self.files.len())
            .filter(|i| uses.get(*i).is_some_and(|u| *u > 0))
            .collect();
        // Largest first, each to the least loaded worker.
        needed.sort_by_key(|i| std::cmp::Reverse(self.files.get(*i).map_or(0, |f| f.text.len())));
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(needed.len())
            .max(1);
        let mut buckets: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); workers];
        for i in needed {
            let size = self.files.get(i).map_or(0, |f| f.text.len());
            if let Some(b) = buckets.iter_mut().min_by_key(|b| b.0) {
                b.0 += size;
                b.1.push(i);
            }
        }
        type Parsed<'r> = (usize, Result<Node<'r>, Diagnostic>, Vec<Diagnostic>);
        let parse_bucket = |bucket: &[usize]| -> Vec<Parsed<'_>> {
            bucket
                .iter()
                .filter_map(|&i| {
                    let f = self.files.get(i)?;
                    let mut w = Vec::new();
                    let r = parse_document(&f.text, f.file_id, &self.opts, sources, &mut w);
                    Some((i, r, w))
                })
                .collect()
        };
        let results: Vec<Parsed<'_>> = if workers <= 1 {
            buckets.iter().flat_map(|b| parse_bucket(&b.1)).collect()
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = buckets
                    .iter()
                    .map(|b| (&b.1, scope.spawn(|| parse_bucket(&b.1))))
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|(bucket, h)| {
                        h.join().unwrap_or_else(|_| {
                            // Not expected (the parser does not panic), but never lose a file.
                            bucket
                                .iter()
                                .map(|&i| {
                                    let name = self.files.get(i).map_or("", |f| f.display.as_str());
                                    let d = Diagnostic::error(
                                        "E-INTERNAL",
                                        format!("internal error while parsing `{name}`"),
                                    )
                                    .help("please report this with the file");
                                    (i, Err(d), Vec::new())
                                })
                                .collect()
                        })
                    })
                    .collect()
            })
        };
        let mut results = results;
        results.sort_by_key(|r| r.0);
        let mut parsed: Vec<Option<Node<'_>>> = (0..self.files.len()).map(|_| None).collect();
        for (i, r, w) in results {
            warnings.items.extend(w);
            match r {
                Ok(node) => {
                    if let Some(slot) = parsed.get_mut(i) {
                        *slot = Some(node);
                    }
                }
                Err(d) => errors.push(d),
            }
        }
        parsed
    }
}

/// Keys beside `$ref` replace the target's keys wholesale (shallow, R-25).
fn apply_overrides<'a>(node: &mut Node<'a>, overrides: &[Member<'static>]) {
    if overrides.is_empty() {
        return;
    }
    let Kind::Object(members) = &mut node.kind else {
        return;
    };
    for o in overrides {
        members.retain(|m| m.key != o.key);
        members.push(o.clone());
    }
}

/// Parses a JSON document; in tolerant mode a document with comments or trailing commas is
/// accepted with a warning (D-18).
#[allow(clippy::result_large_err)] // one diagnostic per file, built once
pub(crate) fn parse_document<'t>(
    text: &'t str,
    file: u32,
    opts: &ResolverOptions,
    sources: &SourceMap,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Node<'t>, Diagnostic> {
    match json::parse(text, file, &opts.limits) {
        Ok(node) => Ok(node),
        Err(e) => {
            let stripped = json::strip_jsonc(text);
            if let Some(stripped) = &stripped {
                if let Ok(node) = json::parse(stripped, file, &opts.limits) {
                    let name = sources
                        .files
                        .get(file as usize)
                        .map_or("the document", |f| f.name.as_str());
                    if opts.strict {
                        return Err(Diagnostic::error(
                            "E-JSON-COMMENTS",
                            format!("`{name}` has comments or trailing commas, which JSON does not allow"),
                        )
                        .at(sources.locate(e.span))
                        .help("remove the comments and trailing commas, or build in tolerant mode"));
                    }
                    warnings.push(
                        Diagnostic::warning(
                            "W-JSONC",
                            format!("`{name}` has comments or trailing commas (DTCG deviation D-18); read as JSONC"),
                        )
                        .at(sources.locate(e.span))
                        .help("remove them to make the file standard JSON"),
                    );
                    return Ok(node.into_owned());
                }
            }
            Err(Diagnostic::error("E-JSON", format!("invalid JSON: {}", e.message))
                .at(sources.locate(e.span))
                .help("fix the syntax at this position; the file must be standard JSON (RFC 8259)"))
        }
    }
}
