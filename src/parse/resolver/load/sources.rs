//! Sources and reference objects: files, fragments, same-document pointers, cycles
//! (R-18…R-25).

use super::{list, overrides, Doc, Loader, MAX_REF_DEPTH};
use crate::model::Span;
use crate::parse::json::Node;
use crate::parse::resolver::refs::{self, navigate, pointer_string, split_ref, RefError};
use crate::parse::resolver::Source;
use std::rc::Rc;

impl Loader<'_, '_, '_> {
    /// The items of a `sources` or context array.
    pub(super) fn sources_list(
        &mut self,
        doc: &Rc<Doc>,
        list: &Node<'static>,
        loc: &[String],
        depth: usize,
        stack: &mut Vec<(usize, Vec<String>)>,
    ) -> Vec<Source> {
        let mut out = Vec::new();
        for (i, item) in list.items().unwrap_or_default().iter().enumerate() {
            let mut iloc = loc.to_vec();
            iloc.push(i.to_string());
            self.source(doc, item, &iloc, depth, stack, &mut out);
        }
        out
    }

    /// One source: a reference object (file, fragment, set, source item) or an inline tree.
    pub(super) fn source(
        &mut self,
        doc: &Rc<Doc>,
        item: &Node<'static>,
        loc: &[String],
        depth: usize,
        stack: &mut Vec<(usize, Vec<String>)>,
        out: &mut Vec<Source>,
    ) {
        if item.members().is_none() {
            self.error(
                "E-RES-SOURCE-TYPE",
                format!(
                    "a source must be a reference object or an inline token group, found {}",
                    item.type_name()
                ),
                item.span,
                "write {\"$ref\": \"file.tokens.json\"} or an inline group of tokens",
            );
            return;
        }
        let Some(r) = item.get("$ref") else {
            out.push(Source::Inline(item.clone()));
            return;
        };
        let Some(raw) = r.as_str() else {
            self.error(
                "E-RES-REF-INVALID",
                format!("`$ref` must be a string, found {}", r.type_name()),
                r.span,
                "write the reference as a string: {\"$ref\": \"file.tokens.json#/group\"}",
            );
            return;
        };
        let Some(target) = self.split(raw, r.span) else {
            return;
        };
        if let Some(file) = &target.file {
            let structural = matches!(
                target.pointer.first().map(String::as_str),
                Some("sets" | "modifiers" | "resolutionOrder" | "$defs")
            );
            if !structural {
                let path = doc.dir.join(file);
                let index = self.register_file(&path, item.span);
                out.push(Source::File {
                    file: index,
                    pointer: target.pointer,
                    overrides: overrides(item),
                    span: item.span,
                    raw: raw.to_string(),
                });
                return;
            }
        }
        let Some((tdoc, pointer, node)) = self.follow(doc, item, raw, target, loc, false, stack)
        else {
            return;
        };
        if depth >= MAX_REF_DEPTH {
            self.error(
                "E-RES-REF-DEPTH",
                format!("reference `{raw}` starts a chain of more than {MAX_REF_DEPTH} references"),
                item.span,
                "shorten the chain of references",
            );
            return;
        }
        stack.push((tdoc.index, pointer.clone()));
        if pointer.len() == 2 && pointer.first().is_some_and(|p| p == "sets") {
            if let Some(n) = pointer.get(1) {
                let name = n.clone();
                if let Some(s) = self.set(&tdoc, &node, &pointer, &name, false, depth + 1, stack) {
                    out.extend(s);
                }
            }
        } else if node.get("$ref").is_some() {
            self.source(&tdoc, &node, &pointer, depth + 1, stack, out);
        } else if node.members().is_some() {
            out.push(Source::Inline(node));
        } else {
            self.error(
                "E-RES-SOURCE-TYPE",
                format!(
                    "reference `{raw}` points at a {}, not a token group or a set",
                    node.type_name()
                ),
                item.span,
                "point at a set (#/sets/name), a source, or a group of tokens",
            );
        }
        stack.pop();
    }

    /// Splits a `$ref`, reporting remote URLs, bad pointers and slashless fragments.
    pub(super) fn split(&mut self, raw: &str, span: Span) -> Option<refs::RefTarget> {
        match split_ref(raw) {
            Ok(t) => {
                if t.slashless {
                    self.deviation(
                        ("E-RES-FRAGMENT", "W-RES-FRAGMENT"),
                        format!("the fragment of `{raw}` does not start with `/` (DTCG deviation D-21); read as `{}`", pointer_string(&t.pointer)),
                        span,
                        "write the fragment as a JSON Pointer: `file.json#/sets/name`",
                    );
                }
                Some(t)
            }
            Err(RefError::Remote) => {
                self.error(
                    "E-RES-REF-REMOTE",
                    format!("remote references are not supported: `{raw}`"),
                    span,
                    "download the file and reference it by a relative path",
                );
                None
            }
            Err(RefError::BadPointer(m)) => {
                self.error(
                    "E-RES-REF-INVALID",
                    format!("reference `{raw}`: {m}"),
                    span,
                    "fix the JSON Pointer",
                );
                None
            }
        }
    }

    /// Follows a reference object to a structure (same document or a referenced resolver
    /// document): checks invalid targets and cycles, applies sibling
    /// overrides. Returns the target document, pointer and the resulting node.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn follow(
        &mut self,
        doc: &Rc<Doc>,
        item: &Node<'static>,
        raw: &str,
        target: refs::RefTarget,
        loc: &[String],
        from_order: bool,
        stack: &[(usize, Vec<String>)],
    ) -> Option<(Rc<Doc>, Vec<String>, Node<'static>)> {
        let tdoc = match &target.file {
            Some(file) => self.load_doc(&doc.dir.join(file), item.span)?,
            None => Rc::clone(doc),
        };
        let pointer = target.pointer;
        match pointer.first().map(String::as_str) {
            Some("resolutionOrder") => {
                self.error(
                    "E-RES-REF-INVALID",
                    format!("reference `{raw}` points into `resolutionOrder`; inline items must not be referenced"),
                    item.span,
                    "move the item to `sets` or `modifiers` and reference it there",
                );
                return None;
            }
            Some("modifiers") if !from_order => {
                self.error(
                    "E-RES-REF-INVALID",
                    format!("reference `{raw}` points at a modifier from a set or modifier; only `resolutionOrder` may reference modifiers"),
                    item.span,
                    "reference the modifier from `resolutionOrder`, or move the shared tokens into a set",
                );
                return None;
            }
            _ => {}
        }
        let is_cycle = (tdoc.index == doc.index && loc.starts_with(&pointer))
            || stack
                .iter()
                .any(|(d, p)| *d == tdoc.index && p.starts_with(&pointer));
        if is_cycle {
            self.error(
                "E-RES-REF-CYCLE",
                format!("reference `{raw}` is circular: it points at {} which contains or leads back to this reference", pointer_string(&pointer)),
                item.span,
                "break the cycle: a set must not reference itself, one of its ancestors, or a set that references it",
            );
            return None;
        }
        // Any pointer into a set or modifier (`#/sets/x`, `#/sets/x/sources/0`) uses it.
        if let (Some(kind), Some(name)) = (pointer.first(), pointer.get(1)) {
            self.used.insert((tdoc.index, kind.clone(), name.clone()));
        }
        let node = match navigate(&tdoc.root, &pointer) {
            Ok(n) => n.clone(),
            Err(depth) => {
                let mut help = "check the name after `#/`".to_string();
                if let (Some(kind @ ("sets" | "modifiers")), true) =
                    (pointer.first().map(String::as_str), depth >= 1)
                {
                    let names = tdoc
                        .root
                        .get(kind)
                        .and_then(Node::members)
                        .map(|ms| list(ms.iter().map(|m| m.key.to_string())))
                        .unwrap_or_else(|| "none".to_string());
                    help = format!("the document defines these {kind}: {names}");
                }
                self.error(
                    "E-RES-REF-UNRESOLVED",
                    format!(
                        "reference `{raw}` cannot be resolved: nothing at {}",
                        pointer_string(pointer.get(..=depth).unwrap_or(&pointer))
                    ),
                    item.span,
                    &help,
                );
                return None;
            }
        };
        let mut node = node;
        crate::parse::resolver::apply_overrides(&mut node, &overrides(item));
        Some((tdoc, pointer, node))
    }
}
