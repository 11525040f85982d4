//! Building the per-mode graphs and reporting reference problems.

use super::scc::{self, Cycles};
use super::suggest::Suggester;
use super::{AliasGraph, Edge, ModeGraph, NodeState};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Expr, Piece, RefSyntax, Reference, TokenId, TokenSet};
use petgraph::graph::{DiGraph, NodeIndex};

pub(super) fn build(set: &TokenSet) -> (AliasGraph, Diagnostics) {
    let n = set.paths.len();
    let suggester = Suggester::new(set);
    let per_mode = super::per_mode(set.modes.len(), n, |m| build_mode(set, m, &suggester));
    let mut diags = Diagnostics::new();
    let mut modes = Vec::with_capacity(per_mode.len());
    for (g, d) in per_mode {
        modes.push(g);
        diags.items.extend(d);
    }
    (AliasGraph { modes, tokens: n }, diags)
}

/// One step of a position inside a `$value`.
#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

impl Seg<'_> {
    fn matches(&self, s: &str) -> bool {
        match self {
            Seg::Key(k) => *k == s,
            Seg::Index(i) => s.parse::<usize>().is_ok_and(|j| j == *i),
        }
    }
}

/// Calls `f(reference, is_whole_value, position)` for every reference in `expr`, in
/// document order, without recursion.
fn walk_refs<'a>(expr: &'a Expr, mut f: impl FnMut(&'a Reference, bool, &[Seg<'a>])) {
    let mut stack: Vec<(&'a Expr, usize, Option<Seg<'a>>)> = vec![(expr, 0, None)];
    let mut path: Vec<Seg<'a>> = Vec::new();
    while let Some((e, depth, seg)) = stack.pop() {
        path.truncate(depth.saturating_sub(1));
        if let Some(s) = seg {
            path.push(s);
        }
        match e {
            Expr::Ref(r) => f(r, depth == 0, &path),
            Expr::Interpolated(pieces) => {
                for p in pieces {
                    if let Piece::Ref(r) = p {
                        f(r, false, &path);
                    }
                }
            }
            Expr::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, depth + 1, Some(Seg::Index(i))));
                }
            }
            Expr::Object(members) => {
                for (k, v) in members.iter().rev() {
                    stack.push((v, depth + 1, Some(Seg::Key(k))));
                }
            }
            Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) => {}
        }
    }
}

/// Whether a reference to the token's own sub-path `sub`, written at `position`, is
/// circular: one of the two paths contains the other.
fn self_overlaps(position: &[Seg<'_>], sub: &[Box<str>]) -> bool {
    position.iter().zip(sub.iter()).all(|(p, s)| p.matches(s))
}

/// How a reference is described in messages: `reference {a.b}`, `alias_to a.b`.
pub(crate) fn describe(r: &Reference) -> String {
    match r.syntax {
        RefSyntax::AliasTo => format!("alias_to `{}`", r.raw),
        _ => format!("reference `{}`", r.raw),
    }
}

fn build_mode(set: &TokenSet, m: usize, suggester: &Suggester) -> (ModeGraph, Vec<Diagnostic>) {
    let n = set.paths.len();
    let mode_name = set.modes.get(m).map(|x| x.name.as_str()).unwrap_or("");
    let default = set.default_mode;
    let default_name = set
        .modes
        .get(default)
        .map(|x| x.name.as_str())
        .unwrap_or("");
    let mut g = ModeGraph {
        offsets: Vec::with_capacity(n + 1),
        edges: Vec::new(),
        state: vec![NodeState::Absent; n],
        node: vec![u32::MAX; n],
        graph: DiGraph::new(),
        order: Vec::new(),
    };
    let mut diags: Vec<(u32, Diagnostic)> = Vec::new();
    let mut inherited = vec![false; n];

    for i in 0..n {
        g.offsets.push(g.edges.len() as u32);
        let id = TokenId(i as u32);
        let Some(tok) = set.get(m, id) else {
            continue;
        };
        let inh = m != default && set.own(m, id).is_none();
        if let Some(slot) = inherited.get_mut(i) {
            *slot = inh;
        }
        let path = set.path(id);
        let locate = |r: &Reference| {
            set.sources
                .locate(r.span)
                .or_else(|| set.sources.locate(tok.span))
        };
        let mut state = NodeState::Ok;
        walk_refs(&tok.value, |r, is_value, position| {
            let target = match set.id(&r.token) {
                Some(t) if set.get(m, t).is_some() => t,
                found => {
                    if state == NodeState::Ok {
                        state = NodeState::BadReference;
                    }
                    if !inh {
                        let d = bad_target(set, r, found, mode_name, default_name, suggester);
                        diags.push((i as u32, d.token(path).mode(mode_name).at(locate(r))));
                    }
                    return;
                }
            };
            let edge = Edge {
                target,
                syntax: r.syntax,
                whole: r.sub.is_empty(),
                is_value,
                span: r.span,
            };
            g.edges.push(edge);
            if target == id {
                if self_overlaps(position, &r.sub) {
                    state = NodeState::Cycle;
                    if !inh {
                        let d = Diagnostic::error(
                            "E-REF-CYCLE",
                            format!(
                                "circular reference: `{path}` refers to itself through {}",
                                describe(r)
                            ),
                        )
                        .help("a token cannot be defined in terms of its own value; replace the reference with a literal value or another token");
                        diags.push((i as u32, d.token(path).mode(mode_name).at(locate(r))));
                    }
                }
                return;
            }
            let a = node_of(&mut g.graph, &mut g.node, id);
            let b = node_of(&mut g.graph, &mut g.node, target);
            g.graph.add_edge(a, b, ());
        });
        if let Some(slot) = g.state.get_mut(i) {
            *slot = state;
        }
    }
    g.offsets.push(g.edges.len() as u32);

    let Cycles {
        order,
        cycles,
        members,
    } = scc::find(&g.graph);
    g.order = order;
    for members_of in members.chunk_by(|a, b| a.component == b.component) {
        let all_inherited = members_of
            .iter()
            .all(|x| inherited.get(x.id.index()).copied().unwrap_or(false));
        for mem in members_of {
            if let Some(s) = g.state.get_mut(mem.id.index()) {
                *s = NodeState::Cycle;
            }
            if all_inherited && m != default {
                continue;
            }
            let Some(cycle) = cycles.get(mem.cycle) else {
                continue;
            };
            let path = set.path(mem.id);
            let next = cycle
                .get((mem.offset + 1) % cycle.len().max(1))
                .copied()
                .unwrap_or(mem.id);
            let span = {
                let start = g.offsets.get(mem.id.index()).copied().unwrap_or(0) as usize;
                let end = g.offsets.get(mem.id.index() + 1).copied().unwrap_or(0) as usize;
                g.edges
                    .get(start..end)
                    .and_then(|es| es.iter().find(|e| e.target == next))
                    .map(|e| e.span)
            };
            let location = span
                .and_then(|s| set.sources.locate(s))
                .or_else(|| set.get(m, mem.id).and_then(|t| set.sources.locate(t.span)));
            let d = Diagnostic::error(
                "E-REF-CYCLE",
                format!(
                    "circular reference: {}",
                    scc::format_cycle(set, cycle, mem.offset)
                ),
            )
            .help("every token in a cycle is unresolvable; give one of these tokens a literal value or point it outside the cycle")
            .token(path)
            .mode(mode_name)
            .at(location);
            diags.push((mem.id.0, d));
        }
    }
    diags.sort_by_key(|(id, _)| *id);
    (g, diags.into_iter().map(|(_, d)| d).collect())
}

fn node_of(graph: &mut DiGraph<TokenId, ()>, node: &mut [u32], id: TokenId) -> NodeIndex {
    match node.get(id.index()) {
        Some(&n) if n != u32::MAX => NodeIndex::new(n as usize),
        _ => {
            let ix = graph.add_node(id);
            if let Some(slot) = node.get_mut(id.index()) {
                *slot = ix.index() as u32;
            }
            ix
        }
    }
}

/// The diagnostic for a reference whose target is not a token of this mode.
fn bad_target(
    set: &TokenSet,
    r: &Reference,
    found: Option<TokenId>,
    mode: &str,
    default: &str,
    suggester: &Suggester,
) -> Diagnostic {
    let what = describe(r);
    let target = &*r.token;
    if found.is_some() && mode == default {
        return Diagnostic::error(
            "E-REF-UNRESOLVED",
            format!("{what} points to `{target}`, which is not defined in the default mode `{mode}` (only in other modes)"),
        )
        .help(format!("define `{target}` in the default mode `{mode}` so every mode has a value"));
    }
    if found.is_some() {
        return Diagnostic::error(
            "E-REF-UNRESOLVED",
            format!("{what} points to `{target}`, which is not defined in mode `{mode}` nor in the default mode `{default}`"),
        )
        .help(format!("define `{target}` in mode `{mode}` or in the default mode `{default}`"));
    }
    if set.groups.contains(target) {
        let root = format!("{target}.$root");
        let help = if set.id(&root).is_some() {
            format!("a reference must name a token; use `{{{root}}}` to refer to the group's `$root` token")
        } else {
            match suggester.first_child(target) {
                Some(child) => format!(
                    "a reference must name a token, not a group; name one of its tokens, e.g. `{{{child}}}`"
                ),
                None => "a reference must name a token, not a group".to_owned(),
            }
        };
        return Diagnostic::error(
            "E-REF-NOT-TOKEN",
            format!("{what} points to the group `{target}`, not to a token"),
        )
        .help(help);
    }
    let help = match suggester.suggest(target) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("define a token `{target}` or correct the path"),
    };
    Diagnostic::error(
        "E-REF-UNRESOLVED",
        format!("{what} points to `{target}`, which does not exist"),
    )
    .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_overlap_rules() {
        let comp = [Seg::Key("components"), Seg::Index(1)];
        let sub = |s: &[&str]| s.iter().map(|x| Box::<str>::from(*x)).collect::<Vec<_>>();
        assert!(!self_overlaps(&comp, &sub(&["components", "0"])));
        assert!(self_overlaps(&comp, &sub(&["components", "1"])));
        assert!(self_overlaps(&comp, &sub(&["components"])));
        assert!(self_overlaps(&comp, &sub(&[])));
        assert!(self_overlaps(&[], &sub(&["alpha"])));
        assert!(!self_overlaps(&[Seg::Key("alpha")], &sub(&["hex"])));
    }
}
