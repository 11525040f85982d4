//! `$extends` materialisation (spec §6.3, F-21…F-24): before tokens are read, every group
//! that extends another becomes the deep merge of the target's (materialised) content and
//! its own, local content winning (a local token replaces an inherited one wholesale).
//! References inside inherited tokens are copied unchanged (not rebased).

use super::super::json::{Kind, Member, Node};
use super::super::reference::{self, Curly};
use super::dups::superseded;
use super::value::is_token;
use crate::error::{Diagnostic, Diagnostics};
use crate::model::SourceMap;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{HashMap, HashSet};

/// Longest chain of `$extends` hops followed while materialising one group.
const MAX_CHAIN: usize = 32;

/// A document tree with `$extends` applied.
pub(crate) struct Materialised<'a> {
    pub tree: Node<'a>,
    /// Group path → number of members that are the group's own; the members after them
    /// were inherited through `$extends` (processing order F-27).
    pub local_counts: HashMap<String, usize>,
}

/// A group carrying `$extends`.
struct Extender<'r, 'a> {
    path: String,
    node: &'r Node<'a>,
}

/// Applies every `$extends` of the document. Returns `None` when the document has none.
pub(crate) fn materialise<'a>(
    root: &Node<'a>,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Materialised<'a>> {
    let extenders = collect(root);
    if extenders.is_empty() {
        return None;
    }
    // Targets, by extender index.
    let mut targets: Vec<Option<(String, &Node<'a>)>> = Vec::with_capacity(extenders.len());
    let index = super::index::MemberIndex::default();
    for e in &extenders {
        targets.push(target(root, e, &index, sources, diags));
    }
    let (in_cycle, order) = cycles(&extenders, &targets, sources, diags);
    let mut valid = HashMap::new();
    for (i, e) in extenders.iter().enumerate() {
        if let Some((tpath, tnode)) = &targets[i] {
            if !in_cycle.contains(&i) {
                valid.insert(e.path.clone(), (tpath.clone(), *tnode));
            }
        }
    }
    let mut m = Materialiser {
        valid,
        memo: HashMap::new(),
        local_counts: HashMap::new(),
        sources,
        diags,
    };
    // Every applied target is materialised before anything that needs it (dependencies
    // first), so no group waits on a chain of recursive materialisations: a chain of any
    // length is read the same whatever the document order of its groups.
    for i in order {
        if in_cycle.contains(&i) {
            continue;
        }
        if let Some((tpath, tnode)) = targets.get(i).and_then(Option::as_ref) {
            if !m.memo.contains_key(tpath) {
                let base = m.group(tnode, tpath, 0);
                m.memo.insert(tpath.clone(), base);
            }
        }
    }
    let tree = m.group(root, "", 0);
    Some(Materialised {
        tree,
        local_counts: m.local_counts,
    })
}

/// A quick walk (explicit stack, no allocation per node): the number of token objects and
/// whether any group has `$extends`, so the reader can size its tables and skip
/// materialisation.
pub(crate) fn scan(root: &Node) -> (usize, bool) {
    let mut tokens = 0;
    let mut extends = false;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let Some(members) = node.members() else {
            continue;
        };
        for m in members {
            if m.key == "$extends" {
                extends = true;
            } else if m.value.members().is_some() && (!m.key.starts_with('$') || m.key == "$root") {
                if is_token(&m.value) {
                    tokens += 1;
                } else {
                    stack.push(&m.value);
                }
            }
        }
    }
    (tokens, extends)
}

/// Every group with an `$extends` member, in document order (explicit stack, no recursion).
fn collect<'r, 'a>(root: &'r Node<'a>) -> Vec<Extender<'r, 'a>> {
    let mut out = Vec::new();
    let mut stack = vec![(root, String::new())];
    while let Some((node, path)) = stack.pop() {
        let Some(members) = node.members() else {
            continue;
        };
        if node.get("$extends").is_some() {
            out.push(Extender {
                path: path.clone(),
                node,
            });
        }
        for m in members.iter().rev() {
            if m.key.starts_with('$')
                || !matches!(m.value.kind, Kind::Object(_))
                || is_token(&m.value)
            {
                continue;
            }
            let child = if path.is_empty() {
                m.key.to_string()
            } else {
                format!("{path}.{}", m.key)
            };
            stack.push((&m.value, child));
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn group_name(path: &str) -> String {
    if path.is_empty() {
        "the document root".into()
    } else {
        format!("group `{path}`")
    }
}

/// Parses and looks up the target of one `$extends`.
fn target<'r, 'a>(
    root: &'r Node<'a>,
    e: &Extender<'r, 'a>,
    index: &super::index::MemberIndex,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<(String, &'r Node<'a>)> {
    let ext = e.node.get("$extends")?;
    let mut err = |code: &'static str, msg: String, help: &str| {
        diags.push(
            Diagnostic::error(code, msg)
                .at(sources.locate(ext.span))
                .help(help.to_owned()),
        );
    };
    let help_syntax = "write `\"$extends\": \"{group.path}\"` or `\"$extends\": \"#/group/path\"`";
    let Some(raw) = ext.as_str() else {
        err(
            "E-EXTENDS-SYNTAX",
            format!(
                "`$extends` of {} is {}, but must be a string",
                group_name(&e.path),
                super::article(ext)
            ),
            help_syntax,
        );
        return None;
    };
    let segments: Vec<(String, Option<String>)> = match reference::curly(raw) {
        Ok(Curly::Alias(path)) => path.split('.').map(|s| (s.to_owned(), None)).collect(),
        Ok(Curly::NotRef) if raw.starts_with('#') => match reference::parse_pointer(raw) {
            Ok(p) => p.into_iter().map(|s| (s.key, s.decoded)).collect(),
            Err(x) => {
                err("E-EXTENDS-SYNTAX", x.message, help_syntax);
                return None;
            }
        },
        Ok(Curly::NotRef) => {
            err(
                "E-EXTENDS-SYNTAX",
                format!("`$extends` of {} is `{raw}`, which is neither `{{group.path}}` nor a `#/…` pointer", group_name(&e.path)),
                help_syntax,
            );
            return None;
        }
        Err(x) => {
            err("E-EXTENDS-SYNTAX", x.message, help_syntax);
            return None;
        }
    };
    let mut node = root;
    let mut path = String::new();
    for (key, decoded) in &segments {
        if index.is_token(node) {
            break;
        }
        let next = index
            .get(node, key)
            .or_else(|| decoded.as_deref().and_then(|d| index.get(node, d)));
        let Some(next) = next else {
            err(
                "E-EXTENDS-UNRESOLVED",
                format!(
                    "{} extends `{raw}`, which does not exist: {} has no member `{key}`",
                    group_name(&e.path),
                    group_name(&path)
                ),
                "point `$extends` at an existing group",
            );
            return None;
        };
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        node = next;
    }
    if is_token(node)
        || !matches!(node.kind, Kind::Object(_))
        || path.split('.').any(|s| s.starts_with('$'))
    {
        err(
            "E-EXTENDS-NOT-GROUP",
            format!(
                "{} extends `{raw}`, which is not a group",
                group_name(&e.path)
            ),
            "`$extends` must name a group; to reuse a token's value, alias it with `{group.token}`",
        );
        return None;
    }
    Some((path, node))
}

/// True when `path` is `base` or lies inside it.
fn within(path: &str, base: &str) -> bool {
    base.is_empty()
        || path == base
        || (path.len() > base.len()
            && path.starts_with(base)
            && path.as_bytes().get(base.len()) == Some(&b'.'))
}

/// Finds `$extends` cycles (materialising G needs every extender inside G's target, so an
/// edge goes from G to each of them), reports every member. Returns their indices, and
/// every extender's index in an order where what an extender needs comes before it.
fn cycles(
    extenders: &[Extender],
    targets: &[Option<(String, &Node)>],
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> (HashSet<usize>, Vec<usize>) {
    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..extenders.len()).map(|i| graph.add_node(i)).collect();
    let mut self_loops = HashSet::new();
    for (i, t) in targets.iter().enumerate() {
        let Some((tpath, _)) = t else { continue };
        // Extenders are sorted by path: the target itself, then (from `tpath.`, which sorts
        // before `tpath0`…) the run of groups inside it; not the `tpath0…` siblings between.
        let inside = if tpath.is_empty() {
            String::new()
        } else {
            format!("{tpath}.")
        };
        let exact = extenders.partition_point(|e| e.path.as_str() < tpath.as_str());
        let first = extenders.partition_point(|e| e.path.as_str() < inside.as_str());
        let own = extenders
            .get(exact)
            .filter(|e| e.path == *tpath && exact < first)
            .map(|_| exact);
        let run = extenders
            .iter()
            .enumerate()
            .skip(first)
            .take_while(|(_, e)| e.path.starts_with(inside.as_str()));
        for (j, e) in own.map(|j| (j, &extenders[j])).into_iter().chain(run) {
            if !within(&e.path, tpath) {
                continue;
            }
            if i == j {
                self_loops.insert(i);
            }
            graph.add_edge(nodes[i], nodes[j], ());
        }
    }
    let mut out = HashSet::new();
    // Kosaraju's algorithm in petgraph walks with an explicit stack; its Tarjan recurses
    // once per group of a chain and overflowed the stack on 16,000 chained `$extends`.
    let mut sccs = petgraph::algo::kosaraju_scc(&graph);
    // Kosaraju returns the components in reverse topological order: for an edge G → H
    // (G needs H), H's component comes first.
    let order: Vec<usize> = sccs.iter().flatten().map(|n| graph[*n]).collect();
    // Report components in document order, whatever order the algorithm finds them in.
    sccs.sort_by_key(|scc| scc.iter().map(|n| graph[*n]).min());
    for scc in sccs {
        if scc.len() < 2 && !scc.first().is_some_and(|n| self_loops.contains(&graph[*n])) {
            continue;
        }
        let mut members: Vec<usize> = scc.iter().map(|n| graph[*n]).collect();
        members.sort_unstable();
        for &i in &members {
            out.insert(i);
        }
        // Built once per component (not per member), abbreviated: a 100,000-group cycle
        // would otherwise write every name into every one of its 100,000 messages.
        let cycle = cycle_list(&members, extenders);
        for &i in &members {
            let e = &extenders[i];
            let tpath = targets[i].as_ref().map_or("", |(p, _)| p.as_str());
            let msg = if members.len() == 1 && within(&e.path, tpath) {
                if e.path == tpath {
                    format!("{} extends itself", group_name(&e.path))
                } else {
                    format!("{} extends its own ancestor `{tpath}`", group_name(&e.path))
                }
            } else {
                format!(
                    "{} is part of an `$extends` cycle between {cycle}",
                    group_name(&e.path),
                )
            };
            let at = e
                .node
                .get("$extends")
                .map(|n| n.span)
                .and_then(|s| sources.locate(s));
            diags.push(
                Diagnostic::error("E-EXTENDS-CYCLE", msg)
                    .at(at)
                    .help("a group cannot inherit (directly or through other groups) from itself or its ancestors; remove one `$extends`"),
            );
        }
    }
    (out, order)
}

/// Cycle members shown in full; longer cycles show the first and last few.
const SHOWN: usize = 12;

/// "`a`, `b`, `c`", or for a long cycle "`a`, …, `f`, … (n more) …, `x`, …, `z`".
fn cycle_list(members: &[usize], extenders: &[Extender]) -> String {
    let name = |j: &usize| {
        extenders
            .get(*j)
            .map_or_else(String::new, |e| format!("`{}`", e.path))
    };
    if members.len() <= SHOWN {
        return members.iter().map(name).collect::<Vec<_>>().join(", ");
    }
    let head: Vec<String> = members.iter().take(SHOWN / 2).map(name).collect();
    let tail: Vec<String> = members
        .iter()
        .skip(members.len() - (SHOWN / 2 - 1))
        .map(name)
        .collect();
    format!(
        "{}, … ({} more) …, {}",
        head.join(", "),
        members.len() - head.len() - tail.len(),
        tail.join(", ")
    )
}

struct Materialiser<'r, 'a> {
    /// Group path → (target path, target node) for every `$extends` that is applied.
    valid: HashMap<String, (String, &'r Node<'a>)>,
    memo: HashMap<String, Node<'a>>,
    local_counts: HashMap<String, usize>,
    sources: &'r SourceMap,
    diags: &'r mut Diagnostics,
}

impl<'a> Materialiser<'_, 'a> {
    /// The group at `path` with every `$extends` inside it (and its own) applied.
    fn group(&mut self, node: &Node<'a>, path: &str, chain: usize) -> Node<'a> {
        let Kind::Object(members) = &node.kind else {
            return node.clone();
        };
        // Nesting is bounded by the JSON reader's depth limit; stop at ours as well (the
        // reader reports the depth error).
        if is_token(node) || path.bytes().filter(|b| *b == b'.').count() > super::MAX_DEPTH {
            return node.clone();
        }
        let mut own = Vec::with_capacity(members.len());
        for m in members {
            let is_group = !m.key.starts_with('$')
                && matches!(m.value.kind, Kind::Object(_))
                && !is_token(&m.value);
            let value = if is_group {
                self.group(&m.value, &join(path, &m.key), chain)
            } else {
                m.value.clone()
            };
            own.push(Member {
                key: m.key.clone(),
                key_span: m.key_span,
                value,
            });
        }
        let local = Node {
            span: node.span,
            kind: Kind::Object(own),
        };
        let Some((tpath, tnode)) = self.valid.get(path).cloned() else {
            return local;
        };
        if chain >= MAX_CHAIN {
            let at = node
                .get("$extends")
                .and_then(|n| self.sources.locate(n.span));
            self.diags.push(
                Diagnostic::error(
                    "E-EXTENDS-DEPTH",
                    format!(
                        "{} has a chain of more than {MAX_CHAIN} `$extends`",
                        group_name(path)
                    ),
                )
                .at(at)
                .help("shorten the chain of groups extending each other"),
            );
            return local;
        }
        let base = match self.memo.get(&tpath) {
            Some(b) => b.clone(),
            None => {
                let b = self.group(tnode, &tpath, chain + 1);
                self.memo.insert(tpath.clone(), b.clone());
                b
            }
        };
        self.merge(local, &base, path)
    }

    /// Deep merge, local wins: local members first (groups at the same path merged), then
    /// the base's members that the local group does not have.
    fn merge(&mut self, local: Node<'a>, base: &Node<'a>, path: &str) -> Node<'a> {
        if path.bytes().filter(|b| *b == b'.').count() > super::MAX_DEPTH {
            return local;
        }
        let (Kind::Object(mut own), Some(inherited)) = (local.kind, base.members()) else {
            return base.clone();
        };
        for m in own.iter_mut() {
            let group = |n: &Node| matches!(n.kind, Kind::Object(_)) && !is_token(n);
            if m.key.starts_with('$') || !group(&m.value) {
                continue;
            }
            if let Some(b) = base.get(&m.key).filter(|b| group(b)) {
                let value = std::mem::replace(
                    &mut m.value,
                    Node {
                        span: m.key_span,
                        kind: Kind::Null,
                    },
                );
                m.value = self.merge(value, b, &join(path, &m.key));
            }
        }
        let count = own.len();
        let local_keys: HashSet<String> = own.iter().map(|m| m.key.to_string()).collect();
        let dropped: HashSet<usize> = superseded(inherited).into_iter().map(|(i, _)| i).collect();
        for (i, b) in inherited.iter().enumerate() {
            if dropped.contains(&i) || b.key == "$extends" || local_keys.contains(b.key.as_ref()) {
                continue;
            }
            own.push(b.clone());
        }
        if own.len() > count {
            self.local_counts.insert(path.to_owned(), count);
        }
        Node {
            span: local.span,
            kind: Kind::Object(own),
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}
