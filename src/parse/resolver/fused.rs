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
        if let Some(default) = self.read_fused(inputs, all, set, opts, diags)? {
            return Ok(default);
        }
        let (perms, default) = self.modes(inputs, all, &set.sources, diags)?;
        let trees: Vec<(&Node, usize)> = perms
            .iter()
            .map(|p| (&p.tree, set.add_mode(p.name.clone())))
            .collect();
        dtcg::read_trees(&trees, set, opts, diags);
        Ok(default)
    }

    /// The one-pass path; `Ok(None)` when it does not apply (or a file does not parse to an
    /// object: the general path then reports it exactly as usual).
    fn read_fused(
        &self,
        inputs: &IndexMap<String, String>,
        all: bool,
        set: &mut TokenSet,
        opts: &ParseOptions,
        diags: &mut Diagnostics,
    ) -> Result<Option<usize>, Diagnostics> {
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
        let first = set.modes.len();
        let modes: Vec<usize> = (first..first + files.len()).collect();
        let text_len = files
            .iter()
            .filter_map(|f| self.files.get(*f))
            .map(|f| f.text.len())
            .sum();
        let sources = &set.sources;
        let make = |i: usize| {
            let f = self.files.get(*files.get(i)?)?;
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
            return Ok(None);
        };
        // Parse warnings come first, in file order, as when the files are parsed up front.
        let mut by_file: Vec<(usize, Vec<_>)> = files.iter().copied().zip(warnings).collect();
        by_file.sort_by_key(|(f, _)| *f);
        for (_, w) in by_file {
            diags.items.extend(w);
        }
        for selection in &selections {
            set.add_mode(self.name_of(selection).0);
        }
        made.join(&modes, set, diags);
        Ok(Some(default))
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
