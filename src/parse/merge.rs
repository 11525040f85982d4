//! Deep merge of DTCG token trees (resolver sets and contexts, TR-R §6.2).
//!
//! The resolver module only says "the last occurrence of a token wins" and that merged
//! sources "behave as if one source". We follow the proposed rules of the spec summary
//! (§8.3): groups merge recursively, a token replaces the earlier token wholesale, group
//! `$`-properties are replaced per key, and a token replacing a group (or the reverse) is
//! reported as a warning.
//!
//! ```
//! use tokencraft::parse::json::{parse, Limits};
//! use tokencraft::parse::merge::{merge_tree, MergeOptions};
//! use tokencraft::{model::SourceMap, Diagnostics};
//!
//! let mut base = parse(r#"{"c": {"a": {"$value": 1}, "b": {"$value": 2}}}"#, 0, &Limits::default()).unwrap();
//! let overlay = parse(r#"{"c": {"b": {"$value": 3}}}"#, 1, &Limits::default()).unwrap();
//! let mut diags = Diagnostics::new();
//! merge_tree(&mut base, overlay, &MergeOptions::default(), &SourceMap::default(), &mut diags);
//! assert_eq!(base.to_serde(), serde_json::json!({"c": {"a": {"$value": 1}, "b": {"$value": 3}}}));
//! ```

use super::json::{Kind, Member, Node};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{SourceMap, Span};
use std::borrow::Cow;
use std::collections::HashMap;

/// Options for [`merge_tree`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeOptions {
    /// Warn (`W-MERGE-OVERRIDE`) when a token is redefined with a different value. Off by
    /// default: overriding is what themes and modes are for.
    pub warn_conflicts: bool,
}

/// Below this many `base × overlay` member pairs a linear key search beats a hash map.
const INDEX_THRESHOLD: usize = 64;

/// Merges `overlay` into `base` with DTCG semantics (resolver TR-R §6.2 / sets: "last
/// occurrence of a token wins"; proposed: groups merge recursively, a token replaces
/// wholesale, group `$`-properties later wins per key). A token replacing a group or a group
/// replacing a token → warning `W-MERGE-KIND`; when `warn_conflicts` is set, a token
/// redefined with a *different* value → warning `W-MERGE-OVERRIDE` "… overrides … defined
/// at file:line:col".
///
/// An object is a token when it has a `$value` member or a token-level `$ref` member.
/// Duplicate keys inside one object: the last one is the member that counts in both trees
/// (earlier duplicates in `overlay` are dropped; in `base` the last is merged into).
/// When either root is not an object, `overlay` replaces `base`.
///
/// Recursion follows the depth of the trees, which [`super::json::parse`] bounds.
pub fn merge_tree<'a>(
    base: &mut Node<'a>,
    overlay: Node<'a>,
    opts: &MergeOptions,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) {
    let mut path = Vec::new();
    let mut m = Merger {
        opts,
        sources,
        diags,
    };
    m.merge(base, overlay, &mut path);
}

/// Whether an object node is a token (has `$value` or a token-level `$ref`).
pub fn is_token(node: &Node<'_>) -> bool {
    node.members()
        .is_some_and(|ms| ms.iter().any(|m| m.key == "$value" || m.key == "$ref"))
}

struct Merger<'o, 'd> {
    opts: &'o MergeOptions,
    sources: &'o SourceMap,
    diags: &'d mut Diagnostics,
}

impl Merger<'_, '_> {
    fn merge<'a>(&mut self, base: &mut Node<'a>, overlay: Node<'a>, path: &mut Vec<Cow<'a, str>>) {
        let (Kind::Object(base_members), Kind::Object(_)) = (&mut base.kind, &overlay.kind) else {
            *base = overlay;
            return;
        };
        let Kind::Object(overlay_members) = overlay.kind else {
            return;
        };
        if base_members.is_empty() {
            // Nothing to compare: take the members as they are (duplicates stay for the
            // DTCG reader to report).
            *base_members = overlay_members;
            return;
        }
        let keep = last_flags(&overlay_members);
        let mut index: Option<HashMap<Cow<'a, str>, usize>> =
            (base_members.len() * overlay_members.len() > INDEX_THRESHOLD).then(|| {
                base_members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (m.key.clone(), i))
                    .collect()
            });
        for (member, keep) in overlay_members.into_iter().zip(keep) {
            if !keep {
                continue;
            }
            let found = match &index {
                Some(map) => map.get(member.key.as_ref()).copied(),
                None => base_members.iter().rposition(|m| m.key == member.key),
            };
            let Some(i) = found else {
                if let Some(map) = &mut index {
                    map.insert(member.key.clone(), base_members.len());
                }
                base_members.push(member);
                continue;
            };
            let Some(target) = base_members.get_mut(i) else {
                continue;
            };
            if member.key.starts_with('$') && member.key != "$root" {
                // A group property: later wins per key.
                *target = member;
                continue;
            }
            path.push(member.key.clone());
            self.merge_child(target, member, path);
            path.pop();
        }
    }

    /// Merges one named child (token or group) of a group.
    fn merge_child<'a>(
        &mut self,
        target: &mut Member<'a>,
        member: Member<'a>,
        path: &mut Vec<Cow<'a, str>>,
    ) {
        let old_is_obj = target.value.members().is_some();
        let new_is_obj = member.value.members().is_some();
        let old_token = is_token(&target.value);
        let new_token = is_token(&member.value);
        if !(old_is_obj && new_is_obj) {
            // Not a token tree shape (the DTCG reader reports it): last wins.
            *target = member;
            return;
        }
        match (old_token, new_token) {
            (false, false) => self.merge(&mut target.value, member.value, path),
            (true, true) => {
                if self.opts.warn_conflicts && !same_token_value(&target.value, &member.value) {
                    let previous = self.describe(target.key_span);
                    self.diags.push(
                        Diagnostic::warning(
                            "W-MERGE-OVERRIDE",
                            format!(
                                "token `{}` overrides a different value defined at {previous}",
                                path.join(".")
                            ),
                        )
                        .at(self.sources.locate(member.key_span))
                        .help("if the override is intended nothing needs to change; otherwise remove one of the two definitions"),
                    );
                }
                *target = member;
            }
            (old_token, _) => {
                let (new_kind, old_kind) = if old_token {
                    ("group", "token")
                } else {
                    ("token", "group")
                };
                let previous = self.describe(target.key_span);
                self.diags.push(
                    Diagnostic::warning(
                        "W-MERGE-KIND",
                        format!(
                            "{new_kind} `{}` replaces the {old_kind} defined at {previous}",
                            path.join(".")
                        ),
                    )
                    .at(self.sources.locate(member.key_span))
                    .help(
                        "a path is either a token (with `$value`) or a group; rename one of them",
                    ),
                );
                *target = member;
            }
        }
    }

    fn describe(&self, span: Span) -> String {
        self.sources
            .locate(span)
            .map_or_else(|| "an earlier source".to_string(), |l| l.to_string())
    }
}

/// For each member, whether no later member has the same key.
fn last_flags(members: &[Member<'_>]) -> Vec<bool> {
    if members.len() <= 16 {
        return members
            .iter()
            .enumerate()
            .map(|(i, m)| !members.iter().skip(i + 1).any(|n| n.key == m.key))
            .collect();
    }
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        last.insert(&m.key, i);
    }
    members
        .iter()
        .enumerate()
        .map(|(i, m)| last.get(m.key.as_ref()) == Some(&i))
        .collect()
}

/// Whether two tokens define the same value (`$value`/`$ref` and `$type`), ignoring spans.
fn same_token_value(a: &Node<'_>, b: &Node<'_>) -> bool {
    ["$value", "$ref", "$type"]
        .iter()
        .all(|k| match (a.get(k), b.get(k)) {
            (None, None) => true,
            (Some(x), Some(y)) => same_json(x, y),
            _ => false,
        })
}

/// Structural JSON equality ignoring spans (objects compared in order).
pub fn same_json(a: &Node<'_>, b: &Node<'_>) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Null, Kind::Null) => true,
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Number(x), Kind::Number(y)) => x == y,
        (Kind::String(x), Kind::String(y)) => x == y,
        (Kind::Array(x), Kind::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Kind::Object(x), Kind::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(a, b)| a.key == b.key && same_json(&a.value, &b.value))
        }
        _ => false,
    }
}
