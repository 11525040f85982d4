//! Set and modifier definitions (R-6, R-8… ).

use super::{list, Doc, Loader};
use crate::parse::json::Node;
use crate::parse::resolver::{Modifier, Source};
use std::rc::Rc;

impl Loader<'_, '_, '_> {
    /// Checks a set definition and resolves its sources.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn set(
        &mut self,
        doc: &Rc<Doc>,
        node: &Node<'static>,
        loc: &[String],
        name: &str,
        inline: bool,
        depth: usize,
        stack: &mut Vec<(usize, Vec<String>)>,
    ) -> Option<Vec<Source>> {
        self.check_keys(
            node,
            &["sources", "description", "$extensions"],
            inline,
            "set",
            name,
        );
        let Some(sources) = node.get("sources").filter(|s| s.items().is_some()) else {
            let found = node
                .get("sources")
                .map(|s| format!(", found {}", s.type_name()));
            self.error(
                "E-RES-SET-SOURCES",
                format!("set `{name}` has no `sources` array{}", found.unwrap_or_default()),
                node.span,
                "add \"sources\": [{\"$ref\": \"file.tokens.json\"}, …] (an empty array is allowed)",
            );
            return None;
        };
        let mut loc = loc.to_vec();
        loc.push("sources".to_string());
        Some(self.sources_list(doc, sources, &loc, depth, stack))
    }

    /// Checks a modifier definition, resolves its contexts and registers it (R-8…R-13).
    pub(super) fn modifier(
        &mut self,
        doc: &Rc<Doc>,
        node: &Node<'static>,
        loc: &[String],
        name: &str,
        inline: bool,
    ) -> Option<usize> {
        self.check_keys(
            node,
            &["contexts", "description", "default", "$extensions"],
            inline,
            "modifier",
            name,
        );
        let Some(contexts) = node.get("contexts") else {
            let hint = if node.get("context").is_some() {
                "did you mean `contexts`? Rename `context` to `contexts`"
            } else {
                "add \"contexts\": {\"light\": [...], \"dark\": [...]}"
            };
            self.error(
                "E-RES-CONTEXTS",
                format!("modifier `{name}` has no `contexts`"),
                node.get("context").map_or(node.span, |c| c.span),
                hint,
            );
            return None;
        };
        let Some(members) = contexts.members() else {
            self.error(
                "E-RES-CONTEXTS",
                format!(
                    "`contexts` of modifier `{name}` must be an object, found {}",
                    contexts.type_name()
                ),
                contexts.span,
                "write contexts as an object of context name → array of sources",
            );
            return None;
        };
        match members.len() {
            0 => {
                self.error(
                    "E-RES-CONTEXTS-EMPTY",
                    format!("modifier `{name}` has no contexts"),
                    contexts.span,
                    "give the modifier at least two contexts, or use a set instead",
                );
                return None;
            }
            1 => self.deviation(
                ("E-RES-CONTEXTS-ONE", "W-RES-CONTEXTS-ONE"),
                format!("modifier `{name}` has only one context"),
                contexts.span,
                "a modifier needs at least two contexts; with one, use a set instead",
            ),
            _ => {}
        }
        let mut out: Vec<(String, Vec<Source>)> = Vec::new();
        let mut ok = true;
        for m in members {
            if out.iter().any(|(c, _)| *c == m.key) {
                self.error(
                    "E-RES-DUPLICATE",
                    format!("modifier `{name}` defines context `{}` twice", m.key),
                    m.key_span,
                    "remove or rename one of the two contexts",
                );
                ok = false;
                continue;
            }
            if m.value.items().is_none() {
                self.error(
                    "E-RES-CONTEXTS",
                    format!(
                        "context `{}` of modifier `{name}` must be an array of sources, found {}",
                        m.key,
                        m.value.type_name()
                    ),
                    m.value.span,
                    "write the context as [{\"$ref\": \"file.tokens.json\"}, …] (an empty array is allowed)",
                );
                ok = false;
                continue;
            }
            let mut cloc = loc.to_vec();
            cloc.extend(["contexts".to_string(), m.key.to_string()]);
            let sources = self.sources_list(doc, &m.value, &cloc, 1, &mut Vec::new());
            out.push((m.key.to_string(), sources));
        }
        let default = match node.get("default") {
            None => None,
            Some(d) => {
                match d.as_str() {
                    Some(s) if out.iter().any(|(c, _)| c == s) => Some(s.to_string()),
                    _ => {
                        let shown = d
                            .as_str()
                            .map_or_else(|| d.type_name().to_string(), |s| format!("\"{s}\""));
                        self.error(
                        "E-RES-DEFAULT",
                        format!("the default {shown} of modifier `{name}` is not one of its contexts"),
                        d.span,
                        &format!("set `default` to one of {}", list(out.iter().map(|(c, _)| c.clone()))),
                    );
                        ok = false;
                        None
                    }
                }
            }
        };
        if !ok {
            return None;
        }
        if self
            .modifiers
            .iter()
            .any(|(_, m)| m.name.eq_ignore_ascii_case(name))
        {
            self.error(
                "E-RES-INLINE",
                format!(
                    "two different modifiers are both named `{name}` (input names ignore case)"
                ),
                node.span,
                "rename one of them; each modifier needs its own input name",
            );
            return None;
        }
        let identity = (doc.index, loc.to_vec());
        self.modifiers.push((
            identity,
            Modifier {
                name: name.to_string(),
                contexts: out,
                default,
            },
        ));
        Some(self.modifiers.len() - 1)
    }

    /// Unknown keys, `context` typos and a non-object `$extensions`.
    pub(super) fn check_keys(
        &mut self,
        node: &Node<'static>,
        allowed: &[&str],
        inline: bool,
        what: &str,
        name: &str,
    ) {
        let Some(members) = node.members() else {
            return;
        };
        for m in members {
            let key = m.key.as_ref();
            if allowed.contains(&key)
                || (inline && (key == "name" || key == "type"))
                || (what == "modifier" && key == "context")
            {
                continue;
            }
            self.deviation(
                ("E-RES-UNKNOWN-KEY", "W-RES-UNKNOWN-KEY"),
                format!("unknown key `{key}` in {what} `{name}`"),
                m.key_span,
                &format!("a {what} allows {}", allowed.join(", ")),
            );
        }
        if let Some(ext) = node.get("$extensions").filter(|e| e.members().is_none()) {
            self.error(
                "E-RES-EXTENSIONS",
                format!(
                    "`$extensions` of {what} `{name}` must be an object, found {}",
                    ext.type_name()
                ),
                ext.span,
                "write $extensions as an object keyed by vendor namespace",
            );
        }
    }
}
