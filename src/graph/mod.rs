//! The alias dependency graph over (mode, token) nodes.
//!
//! [`build`] walks every token's expression in every mode and records an edge for every
//! reference: whole-value aliases, JSON Pointers (with sub-paths), `alias_to`, references
//! inside composite sub-values and arrays, and references embedded in strings. It reports,
//! in one run, every problem a reference can have before values are looked at:
//!
//! - `E-REF-CYCLE` for every member of every cycle (Tarjan SCC, iterative), naming the
//!   cycle path in order from that member, and for self-references;
//! - `E-REF-UNRESOLVED` for missing targets, with a "did you mean" when a near path exists;
//! - `E-REF-NOT-TOKEN` for references to groups (suggesting `{x.$root}` when it exists).
//!
//! **Modes.** References are resolved within a mode: an alias in mode M targets the token
//! in mode M. A token absent from M falls back to the default mode's definition, and that
//! definition's references are evaluated *in M* ("the default's expression, evaluated in
//! M"), so `{brand}` inside an inherited token picks up M's `brand`. Problems of an
//! inherited token that are identical to the default mode's (missing targets, group
//! targets, cycles made only of inherited tokens) are reported once, for the default mode.
//!
//! **Granularity.** Edges are between tokens, except that a token referring to a
//! *different* part of its own value (`a.components[1] → #/a/$value/components/0`) is not a
//! cycle; a sub-path that contains, or lies inside, the reference's own position is.
//!
//! Each mode is a separate petgraph [`DiGraph`] (edges never cross modes), built only over
//! tokens that take part in a reference, so literal-only tokens cost nothing.
//!
//! ```
//! use serde_json::json;
//! use tokencraft::resolve::testkit::SetBuilder;
//!
//! let mut b = SetBuilder::new(&["light"]);
//! b.token("light", "a", Some("number"), json!(1));
//! b.token("light", "b", None, json!("{a}"));
//! let set = b.build();
//! let (graph, diags) = tokencraft::graph::build(&set);
//! assert!(diags.is_empty());
//! let (a, bb) = (set.id("a").unwrap(), set.id("b").unwrap());
//! assert_eq!(graph.direct_target(0, bb), Some(a));
//! assert_eq!(graph.dependents(0, a), vec![bb]);
//! assert_eq!(graph.topological_order(0), vec![a, bb]);
//! ```

mod build;
pub(crate) use build::describe;
mod scc;
mod suggest;

use crate::error::Diagnostics;
use crate::model::{RefSyntax, Span, TokenId, TokenSet};
use petgraph::graph::{DiGraph, NodeIndex};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One reference from a token to another token (or to another part of itself) in the same
/// mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// The referenced token.
    pub target: TokenId,
    /// How the reference was written.
    pub syntax: RefSyntax,
    /// True when the reference addresses the target's whole value (no pointer sub-path).
    pub whole: bool,
    /// True when the reference is the referring token's whole value (an alias).
    pub is_value: bool,
    /// Where the reference was written.
    pub span: Span,
}

/// What the graph found out about one (mode, token) node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    /// The token is not defined in this mode (nor in the default mode).
    Absent,
    /// Every reference of the token points at a token, and no cycle runs through it.
    Ok,
    /// The token is a member of a reference cycle (or references itself).
    Cycle,
    /// One of the token's references is missing or names a group.
    BadReference,
}

/// The graph of one mode.
#[derive(Debug, Clone, Default)]
pub(crate) struct ModeGraph {
    /// CSR offsets into `edges`, one per token plus one.
    offsets: Vec<u32>,
    edges: Vec<Edge>,
    state: Vec<NodeState>,
    /// Node index in `graph` per token (`u32::MAX`: not in the graph).
    node: Vec<u32>,
    graph: DiGraph<TokenId, ()>,
    /// Tokens of `graph`, dependencies before dependents (Tarjan's emission order).
    order: Vec<TokenId>,
}

/// The alias dependency graph of a [`TokenSet`]: one petgraph [`DiGraph`] per mode, edges
/// from a token to the tokens it references.
#[derive(Debug, Clone, Default)]
pub struct AliasGraph {
    modes: Vec<ModeGraph>,
    tokens: usize,
}

/// Builds the alias graph of `set` and reports reference problems (cycles, missing
/// targets, references to groups) for all modes in one run.
pub fn build(set: &TokenSet) -> (AliasGraph, Diagnostics) {
    build::build(set)
}

impl AliasGraph {
    /// Number of modes.
    pub fn mode_count(&self) -> usize {
        self.modes.len()
    }

    /// Number of token ids the graph was built for.
    pub fn token_count(&self) -> usize {
        self.tokens
    }

    /// Every reference of `id` in `mode` whose target is a token (in document order,
    /// depth first). Missing and group targets are not included (they are diagnostics).
    pub fn references(&self, mode: usize, id: TokenId) -> &[Edge] {
        let Some(g) = self.modes.get(mode) else {
            return &[];
        };
        let (Some(&start), Some(&end)) = (g.offsets.get(id.index()), g.offsets.get(id.index() + 1))
        else {
            return &[];
        };
        g.edges.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// When the token's whole value in `mode` is an alias of another token's whole value:
    /// that token (the first link of the chain).
    pub fn direct_target(&self, mode: usize, id: TokenId) -> Option<TokenId> {
        let e = self.references(mode, id).first()?;
        (e.is_value && e.whole).then_some(e.target)
    }

    /// Tokens that reference `id` in `mode` (directly), sorted by id.
    pub fn dependents(&self, mode: usize, id: TokenId) -> Vec<TokenId> {
        let Some(g) = self.modes.get(mode) else {
            return Vec::new();
        };
        let Some(&n) = g.node.get(id.index()) else {
            return Vec::new();
        };
        if n == u32::MAX {
            return Vec::new();
        }
        let mut out: Vec<TokenId> = g
            .graph
            .neighbors_directed(NodeIndex::new(n as usize), petgraph::Direction::Incoming)
            .filter_map(|x| g.graph.node_weight(x).copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// What the graph found out about the token in `mode`.
    pub fn state(&self, mode: usize, id: TokenId) -> NodeState {
        self.modes
            .get(mode)
            .and_then(|g| g.state.get(id.index()))
            .copied()
            .unwrap_or(NodeState::Absent)
    }

    /// The petgraph graph of one mode: nodes are the tokens that take part in a reference
    /// (weight = token id), an edge runs from a token to each token it references.
    pub fn graph(&self, mode: usize) -> Option<&DiGraph<TokenId, ()>> {
        self.modes.get(mode).map(|g| &g.graph)
    }

    /// Every token of `mode` that is defined there (or inherited) and not in a cycle, in a
    /// deterministic topological order: dependencies first, ties broken by the smaller
    /// token id. Tokens in cycles are left out.
    pub fn topological_order(&self, mode: usize) -> Vec<TokenId> {
        let Some(g) = self.modes.get(mode) else {
            return Vec::new();
        };
        let n = g.state.len();
        // Number of not-yet-emitted distinct dependencies of each token.
        let mut pending = vec![0u32; n];
        let mut rdeps: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, st) in g.state.iter().enumerate() {
            if matches!(st, NodeState::Absent | NodeState::Cycle) {
                continue;
            }
            let mut targets: Vec<u32> = self
                .references(mode, TokenId(i as u32))
                .iter()
                .map(|e| e.target.0)
                .filter(|&t| t as usize != i)
                .collect();
            targets.sort_unstable();
            targets.dedup();
            for t in targets {
                if let Some(list) = rdeps.get_mut(t as usize) {
                    list.push(i as u32);
                    pending[i] += 1;
                }
            }
        }
        let mut heap: BinaryHeap<Reverse<u32>> = (0..n as u32)
            .filter(|&i| pending[i as usize] == 0 && g.state[i as usize] != NodeState::Absent)
            .filter(|&i| g.state[i as usize] != NodeState::Cycle)
            .map(Reverse)
            .collect();
        let mut out = Vec::with_capacity(n);
        while let Some(Reverse(i)) = heap.pop() {
            out.push(TokenId(i));
            for &d in &rdeps[i as usize] {
                let p = &mut pending[d as usize];
                *p -= 1;
                if *p == 0 {
                    heap.push(Reverse(d));
                }
            }
        }
        out
    }

    /// Tokens of the mode's petgraph in the order they can be resolved (every token after
    /// the tokens it references; members of a cycle next to each other).
    pub(crate) fn resolution_order(&self, mode: usize) -> &[TokenId] {
        self.modes
            .get(mode)
            .map(|g| g.order.as_slice())
            .unwrap_or(&[])
    }

    /// True when the token takes part in a reference in `mode`.
    pub(crate) fn in_graph(&self, mode: usize, id: TokenId) -> bool {
        self.modes
            .get(mode)
            .and_then(|g| g.node.get(id.index()))
            .is_some_and(|&n| n != u32::MAX)
    }
}

/// Runs `f` for every mode, on up to two threads when there is enough work (`tokens` per
/// mode), and returns the results in mode order.
pub(crate) fn per_mode<T: Send>(
    modes: usize,
    tokens: usize,
    f: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(2)
        .min(modes);
    if threads <= 1 || tokens.saturating_mul(modes) < 20_000 {
        return (0..modes).map(f).collect();
    }
    let f = &f;
    let mut parts: Vec<(usize, T)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    (t..modes)
                        .step_by(threads)
                        .map(|m| (m, f(m)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    parts.sort_by_key(|(m, _)| *m);
    parts.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::testkit::SetBuilder;
    use serde_json::json;

    fn codes(d: &Diagnostics) -> Vec<(&str, Option<&str>, &str)> {
        d.items
            .iter()
            .map(|x| (x.code, x.token.as_deref(), x.message.as_str()))
            .collect()
    }

    #[test]
    fn cycle_reports_every_member_in_order() {
        let mut b = SetBuilder::new(&["base"]);
        b.token("base", "a", None, json!("{b}"));
        b.token("base", "b", None, json!("{c}"));
        b.token("base", "c", None, json!("{a}"));
        b.token("base", "d", None, json!("{a}"));
        let set = b.build();
        let (g, d) = build(&set);
        assert_eq!(
            codes(&d),
            vec![
                (
                    "E-REF-CYCLE",
                    Some("a"),
                    "circular reference: `a` → `b` → `c` → `a`"
                ),
                (
                    "E-REF-CYCLE",
                    Some("b"),
                    "circular reference: `b` → `c` → `a` → `b`"
                ),
                (
                    "E-REF-CYCLE",
                    Some("c"),
                    "circular reference: `c` → `a` → `b` → `c`"
                ),
            ]
        );
        let id = |p| set.id(p).unwrap();
        assert_eq!(g.state(0, id("a")), NodeState::Cycle);
        assert_eq!(g.state(0, id("d")), NodeState::Ok);
        assert!(g.topological_order(0).is_empty());
    }

    #[test]
    fn sub_value_self_pointer_is_not_a_cycle() {
        let mut b = SetBuilder::new(&["base"]);
        b.token(
            "base",
            "a",
            Some("color"),
            json!({"colorSpace": "srgb", "components": [0.5, {"$ref": "#/a/$value/components/0"}, 0]}),
        );
        b.token(
            "base",
            "b",
            Some("color"),
            json!({"colorSpace": "srgb", "components": [{"$ref": "#/b/$value"}, 0, 0]}),
        );
        let set = b.build();
        let (g, d) = build(&set);
        assert_eq!(g.state(0, set.id("a").unwrap()), NodeState::Ok);
        assert_eq!(g.state(0, set.id("b").unwrap()), NodeState::Cycle);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d.items[0].message,
            "circular reference: `b` refers to itself through reference `#/b/$value`"
        );
    }

    #[test]
    fn inherited_tokens_resolve_in_their_mode() {
        let mut b = SetBuilder::new(&["light", "dark"]);
        b.token("light", "brand", Some("number"), json!(1));
        b.token("dark", "brand", Some("number"), json!(2));
        b.token("light", "alias", None, json!("{brand}"));
        b.token("light", "bad", None, json!("{nope}"));
        let set = b.build();
        let (g, d) = build(&set);
        // the missing target is reported once, for the default mode
        assert_eq!(codes(&d).len(), 1);
        assert_eq!(d.items[0].mode.as_deref(), Some("light"));
        let (brand, alias) = (set.id("brand").unwrap(), set.id("alias").unwrap());
        assert_eq!(g.direct_target(1, alias), Some(brand));
        assert_eq!(g.state(1, set.id("bad").unwrap()), NodeState::BadReference);
    }
}
