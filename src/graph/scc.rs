//! Strongly connected components (Tarjan, iterative) and the cycle paths reported for
//! their members.

use crate::model::{TokenId, TokenSet};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{HashMap, VecDeque};

/// Members of cyclic components whose own cycle is searched for separately; past this many
/// (per component) a member is reported with the component's canonical cycle.
const OWN_CYCLE_SEARCHES: usize = 64;

/// Cycle paths longer than this are shown abbreviated in messages.
const SHOWN: usize = 12;

/// One member of a cyclic component.
#[derive(Debug, Clone, Copy)]
pub(super) struct Member {
    pub id: TokenId,
    /// Index of the component among the cyclic ones.
    pub component: usize,
    /// Index into [`Cycles::cycles`] of a cycle through (or near) this member.
    pub cycle: usize,
    /// Position of the member in that cycle (0 when it is not on it).
    pub offset: usize,
}

/// The result of the SCC pass.
#[derive(Debug, Default)]
pub(super) struct Cycles {
    /// Every node's token, dependencies before dependents.
    pub order: Vec<TokenId>,
    /// Simple cycles, as token paths without repeating the first one.
    pub cycles: Vec<Vec<TokenId>>,
    /// Members of cyclic components, grouped by component.
    pub members: Vec<Member>,
}

/// Runs Tarjan's algorithm without recursion. Components come out in reverse topological
/// order of the edges (a component after every component it references), which is the
/// order values can be resolved in.
pub(super) fn find(g: &DiGraph<TokenId, ()>) -> Cycles {
    let n = g.node_count();
    let mut index = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<NodeIndex> = Vec::new();
    let mut counter = 0u32;
    let mut out = Cycles {
        order: Vec::with_capacity(n),
        ..Cycles::default()
    };
    let mut call: Vec<(NodeIndex, petgraph::graph::Neighbors<'_, ()>)> = Vec::new();
    for root in g.node_indices() {
        if index[root.index()] != u32::MAX {
            continue;
        }
        index[root.index()] = counter;
        low[root.index()] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root.index()] = true;
        call.push((root, g.neighbors(root)));
        while let Some((v, it)) = call.last_mut() {
            let v = *v;
            if let Some(w) = it.next() {
                let wi = w.index();
                if index[wi] == u32::MAX {
                    index[wi] = counter;
                    low[wi] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[wi] = true;
                    call.push((w, g.neighbors(w)));
                } else if on_stack[wi] {
                    low[v.index()] = low[v.index()].min(index[wi]);
                }
                continue;
            }
            call.pop();
            if let Some((u, _)) = call.last() {
                low[u.index()] = low[u.index()].min(low[v.index()]);
            }
            if low[v.index()] == index[v.index()] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w.index()] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    report(g, &component, &mut out);
                }
                out.order
                    .extend(component.iter().filter_map(|x| g.node_weight(*x)).copied());
            }
        }
    }
    out
}

/// Finds cycle paths for every member of a cyclic component.
fn report(g: &DiGraph<TokenId, ()>, component: &[NodeIndex], out: &mut Cycles) {
    let comp_index = out.members.last().map(|m| m.component + 1).unwrap_or(0);
    let inside: HashMap<NodeIndex, ()> = component.iter().map(|&x| (x, ())).collect();
    let weight = |x: NodeIndex| g.node_weight(x).copied().unwrap_or(TokenId(u32::MAX));
    let next_in = |x: NodeIndex| {
        g.neighbors(x)
            .filter(|y| inside.contains_key(y))
            .min_by_key(|y| weight(*y))
    };
    // Canonical cycle: from the smallest member, follow the smallest in-component successor
    // until a node repeats.
    let Some(&start) = component.iter().min_by_key(|x| weight(**x)) else {
        return;
    };
    let mut seen: HashMap<NodeIndex, usize> = HashMap::new();
    let mut walk = Vec::new();
    let mut cur = start;
    let cycle = loop {
        if let Some(&at) = seen.get(&cur) {
            break walk.split_off(at);
        }
        seen.insert(cur, walk.len());
        walk.push(cur);
        match next_in(cur) {
            Some(nx) => cur = nx,
            None => break walk.clone(),
        }
    };
    let canonical = out.cycles.len();
    let on_cycle: HashMap<NodeIndex, usize> =
        cycle.iter().enumerate().map(|(i, &x)| (x, i)).collect();
    out.cycles.push(cycle.iter().map(|&x| weight(x)).collect());

    let mut sorted: Vec<NodeIndex> = component.to_vec();
    sorted.sort_by_key(|x| weight(*x));
    let mut searches = 0;
    for x in sorted {
        let (cycle, offset) = match on_cycle.get(&x) {
            Some(&i) => (canonical, i),
            None if searches < OWN_CYCLE_SEARCHES => {
                searches += 1;
                match shortest_cycle(g, x, &inside) {
                    Some(path) => {
                        out.cycles.push(path.iter().map(|&y| weight(y)).collect());
                        (out.cycles.len() - 1, 0)
                    }
                    None => (canonical, 0),
                }
            }
            None => (canonical, 0),
        };
        out.members.push(Member {
            id: weight(x),
            component: comp_index,
            cycle,
            offset,
        });
    }
}

/// Breadth-first search for the shortest cycle from `x` back to itself inside a component.
fn shortest_cycle(
    g: &DiGraph<TokenId, ()>,
    x: NodeIndex,
    inside: &HashMap<NodeIndex, ()>,
) -> Option<Vec<NodeIndex>> {
    let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
    let mut queue = VecDeque::from([x]);
    while let Some(v) = queue.pop_front() {
        for w in g.neighbors(v) {
            if !inside.contains_key(&w) {
                continue;
            }
            if w == x {
                let mut path = vec![v];
                let mut cur = v;
                while cur != x {
                    cur = *parent.get(&cur)?;
                    path.push(cur);
                }
                path.reverse();
                return Some(path);
            }
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    None
}

/// `a → b → c → a`, starting at `offset` and closing the loop; long cycles keep the first
/// and last few links and say how many were left out.
pub(super) fn format_cycle(set: &TokenSet, cycle: &[TokenId], offset: usize) -> String {
    let len = cycle.len();
    if len == 0 {
        return String::new();
    }
    let name = |k: usize| {
        let id = cycle[(offset + k) % len];
        set.paths
            .get_index(id.index())
            .map(|p| format!("`{p}`"))
            .unwrap_or_else(|| "`?`".to_owned())
    };
    let mut parts: Vec<String> = Vec::new();
    if len <= SHOWN {
        parts.extend((0..len).map(name));
    } else {
        parts.extend((0..SHOWN / 2).map(name));
        parts.push(format!("… ({} more) …", len - SHOWN + 1));
        parts.extend((len - SHOWN / 2 + 1..len).map(name));
    }
    parts.push(name(0));
    parts.join(" → ")
}
