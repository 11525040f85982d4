//! Building the modes of a resolver and reading their tokens in one pass: when every mode
//! is exactly one whole token file of its own (the usual shape of a theme or mode
//! modifier), each file is parsed, read into tokens and freed on one worker thread, so no
//! parsed tree waits in memory for its turn and none is freed by another thread.

use super::input::{self, Missing};
use super::{parse_document, Resolver, Source};
use crate::error::Diagnostics;
use crate::model::{Span, TokenSet};
use crate::parse::dtcg::{self, ParseOptions};
use crate::parse::json::Node;
use indexmap::IndexMap;

/// The permutations of the one-pass path: each selection, its file, the default's index.
struct Plan {
    selections: Vec<Vec<usize>>,
    files: Vec<usize>,
    default: usize,
}

impl Resolver {
    /// [`Resolver::modes`] followed by [`dtcg::read_trees`]: adds one mode to `set` per
    /// permutation (named as [`Resolver::modes`] names them) and reads its tokens. Returns
    /// the index of the default permutation among the added modes, or the errors
    /// [`Resolver::modes`] would return (then `set` gets no modes).
    ///
    /// The result — modes, ids, tokens, diagnostics and their order — is exactly that of
    /// the two calls; when each permutation is one whole file used by no other, the files
    /// are parsed and read on worker threads, one tree alive per thread.
    pub fn read_modes(
        &self,
        inputs: &IndexMap<String, String>,
        all: bool,
        set: &mut TokenSet,
        opts: &ParseOptions,
        diags: &mut Diagnostics,
    ) -> Result<usize, Diagnostics> {
        if let Some(plan) = self.whole_file_plan(inputs, all)? {
            if self.read_whole_files(&plan, set, opts, diags) {
                return Ok(plan.default);
            }
        }
        let (perms, default) = self.modes(inputs, all, &set.sources, diags)?;
        let trees: Vec<(&Node, usize)> = perms
            .iter()
            .map(|p| (&p.tree, set.add_mode(p.name.clone())))
            .collect();
        dtcg::read_trees(&trees, set, opts, diags);
        Ok(default)
    }

    /// The permutations [`Resolver::modes`] would build, when each is one whole file of its
    /// own; `Ok(None)` when the one-pass path does not apply.
    fn whole_file_plan(
        &self,
        inputs: &IndexMap<String, String>,
        all: bool,
    ) -> Result<Option<Plan>, Diagnostics> {
        if self.modifiers.len() >= 2 && !all {
            return Ok(None);
        }
        let preferred = input::select(&self.modifiers, inputs, Missing::FirstContext, &[])?;
        self.check_count()?;
        let selections = self.all_selections();
        let Some(files) = self.whole_files(&selections) else {
            return Ok(None);
        };
        let default = selections.iter().position(|s| *s == preferred).unwrap_or(0);
        Ok(Some(Plan {
            selections,
            files,
            default,
        }))
    }

    /// The one pass: parse, read and free each file on a worker thread, then add the modes
    /// and join their tokens. `false` (and `set` untouched) when a file does not parse to
    /// an object: the general path then reports it exactly as usual.
    fn read_whole_files(
        &self,
        plan: &Plan,
        set: &mut TokenSet,
        opts: &ParseOptions,
        diags: &mut Diagnostics,
    ) -> bool {
        let first = set.modes.len();
        let modes: Vec<usize> = (first..first + plan.files.len()).collect();
        let text_len = plan
            .files
            .iter()
            .filter_map(|f| self.files.get(*f))
            .map(|f| f.text.len())
            .sum();
        let sources = &set.sources;
        let make = |i: usize| {
            let f = self.files.get(*plan.files.get(i)?)?;
            let mut warnings = Vec::new();
            let node =
                parse_document(&f.text, f.file_id, &self.opts, sources, &mut warnings).ok()?;
            node.members()?;
            // What merging the file into an empty permutation tree yields.
            let tree = Node {
                span: Span::NONE,
                kind: node.kind,
            };
            Some((tree, warnings))
        };
        let Some((warnings, made)) = dtcg::read_made(&modes, sources, text_len, opts, make) else {
            return false;
        };
        // Parse warnings come first, in file order, as when the files are parsed up front.
        let mut by_file: Vec<(usize, Vec<_>)> = plan.files.iter().copied().zip(warnings).collect();
        by_file.sort_by_key(|(f, _)| *f);
        for (_, w) in by_file {
            diags.items.extend(w);
        }
        for selection in &plan.selections {
            set.add_mode(self.name_of(selection).0);
        }
        made.join(&modes, set, diags);
        true
    }

    /// The file of each selection when every selection is exactly one whole token file
    /// (no JSON Pointer, no overrides) that no other selection uses.
    fn whole_files(&self, selections: &[Vec<usize>]) -> Option<Vec<usize>> {
        let mut used = vec![false; self.files.len()];
        selections
            .iter()
            .map(|s| match self.sources_for(s).as_slice() {
                [Source::File {
                    file,
                    pointer,
                    overrides,
                    ..
                }] if pointer.is_empty() && overrides.is_empty() => {
                    let seen = used.get_mut(*file)?;
                    if std::mem::replace(seen, true) {
                        return None;
                    }
                    Some(*file)
                }
                _ => None,
            })
            .collect()
    }
}
