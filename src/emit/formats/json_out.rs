//! The `json` format written straight to text: a light path tree per mode (no
//! `serde_json::Value` per token) and a pretty printer byte-identical to
//! `serde_json::to_string_pretty`.

use super::dtcg::jnum;
use crate::emit::naming::FxBuild;
use crate::emit::select::{self, mode_slug, Item};
use crate::emit::writer::json_string_into;
use crate::emit::EmitContext;
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Expr, Piece};
use serde_json::Value as J;
use std::collections::HashMap;

/// Deepest literal value echoed (the parser's limits keep real input far below this).
const MAX_VALUE_DEPTH: usize = 256;

/// Pretty JSON in serde_json's layout: two-space indent, `"key": value`, `{}` / `[]` when
/// empty.
pub(crate) struct Pretty {
    pub out: String,
    depth: usize,
}

impl Pretty {
    pub fn new(capacity: usize) -> Self {
        Pretty {
            out: String::with_capacity(capacity),
            depth: 0,
        }
    }

    fn newline(&mut self) {
        const SPACES: &str = "                                                                ";
        self.out.push('\n');
        let mut n = self.depth * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            self.out.push_str(SPACES.get(..k).unwrap_or(""));
            n -= k;
        }
    }

    /// Opens an object (`first` tracking is the caller's).
    pub fn open(&mut self, c: char) {
        self.out.push(c);
        self.depth += 1;
    }

    /// Closes an object or array; `empty` writes `{}` / `[]`.
    pub fn close(&mut self, c: char, empty: bool) {
        self.depth = self.depth.saturating_sub(1);
        if !empty {
            self.newline();
        }
        self.out.push(c);
    }

    /// Starts a member: a comma unless first, the newline, the key.
    pub fn key(&mut self, first: bool, key: &str) {
        if !first {
            self.out.push(',');
        }
        self.newline();
        json_string_into(&mut self.out, key);
        self.out.push_str(": ");
    }

    /// Starts a member whose key is already a JSON string literal followed by `": "`
    /// (the leaf keys: no escaping to scan for).
    fn key_literal(&mut self, first: bool, quoted: &str) {
        if !first {
            self.out.push(',');
        }
        self.newline();
        self.out.push_str(quoted);
    }

    fn item(&mut self, first: bool) {
        if !first {
            self.out.push(',');
        }
        self.newline();
    }

    pub fn string(&mut self, s: &str) {
        json_string_into(&mut self.out, s);
    }

    fn number(&mut self, x: f64) {
        use std::fmt::Write as _;
        match jnum(x) {
            J::Number(n) => match n.as_i64() {
                Some(i) => crate::emit::values::int_into(&mut self.out, i),
                None => {
                    let _ = write!(self.out, "{n}");
                }
            },
            _ => self.out.push('0'),
        }
    }

    /// Writes a serde_json value (typed-value fallbacks; bounded depth by construction).
    pub fn value(&mut self, v: &J) {
        match v {
            J::Null => self.out.push_str("null"),
            J::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            J::Number(n) => {
                use std::fmt::Write as _;
                let _ = write!(self.out, "{n}");
            }
            J::String(s) => self.string(s),
            J::Array(a) => {
                self.open('[');
                for (i, x) in a.iter().enumerate() {
                    self.item(i == 0);
                    self.value(x);
                }
                self.close(']', a.is_empty());
            }
            J::Object(m) => {
                self.open('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    self.key(i == 0, k);
                    self.value(x);
                }
                self.close('}', m.is_empty());
            }
        }
    }

    /// Writes an expression as written (references as their raw text). Fails past
    /// [`MAX_VALUE_DEPTH`] levels instead of recursing without bound.
    pub fn expr(&mut self, e: &Expr, level: usize) -> Result<(), ()> {
        if level > MAX_VALUE_DEPTH {
            return Err(());
        }
        match e {
            Expr::Null => self.out.push_str("null"),
            Expr::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Expr::Number(n) => self.number(*n),
            Expr::String(s) => self.string(s),
            Expr::Ref(r) => self.string(&r.raw),
            Expr::Interpolated(p) => {
                let text: String = p
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => &**t,
                        Piece::Ref(r) => &*r.raw,
                    })
                    .collect();
                self.string(&text);
            }
            Expr::Array(a) => {
                self.open('[');
                for (i, x) in a.iter().enumerate() {
                    self.item(i == 0);
                    self.expr(x, level + 1)?;
                }
                self.close(']', a.is_empty());
            }
            Expr::Object(m) => {
                self.open('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    self.key(i == 0, k);
                    self.expr(x, level + 1)?;
                }
                self.close('}', m.is_empty());
            }
        }
        Ok(())
    }
}

/// A node of the path tree: its key, parent and children in first-seen order.
struct Node<'a> {
    key: &'a str,
    parent: usize,
    /// Levels below the root (the root is 0).
    depth: usize,
    children: Vec<usize>,
}

/// Every selected token's dot path as a tree, built once and shared by all modes
/// (children always have larger indices than their parent).
struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    /// The node of each token id (`usize::MAX`: not selected).
    node_of: Vec<usize>,
    /// Each node's opening as the printer writes it after the comma — newline, indent,
    /// quoted key, `: {` — at the indent of a document whose trees start at `base`, in
    /// one buffer (`opens[n]` is the span of node `n`): the same bytes in every mode.
    open_text: String,
    opens: Vec<(usize, usize)>,
    base: usize,
}

impl<'a> Tree<'a> {
    /// The tree of the selected tokens, for mode objects opened at printer depth `base`.
    fn build(cx: &EmitContext<'a>, base: usize) -> Self {
        let ids = select::selected_ids(cx);
        let mut index: HashMap<(usize, &'a str), usize, FxBuild> =
            HashMap::with_capacity_and_hasher(ids.len() * 2, FxBuild::default());
        let mut t = Tree {
            nodes: vec![Node {
                key: "",
                parent: 0,
                depth: 0,
                children: Vec::new(),
            }],
            node_of: vec![usize::MAX; cx.set.paths.len()],
            open_text: String::new(),
            opens: Vec::new(),
            base,
        };
        for id in ids {
            let Some(path) = cx.set.paths.get_index(id.index()) else {
                continue;
            };
            let mut at = 0;
            for seg in path.split('.') {
                at = match index.get(&(at, seg)) {
                    Some(&n) => n,
                    None => {
                        let n = t.nodes.len();
                        let depth = t.nodes.get(at).map_or(0, |p| p.depth + 1);
                        t.nodes.push(Node {
                            key: seg,
                            parent: at,
                            depth,
                            children: Vec::new(),
                        });
                        t.nodes[at].children.push(n);
                        index.insert((at, seg), n);
                        n
                    }
                };
            }
            if let Some(slot) = t.node_of.get_mut(id.index()) {
                *slot = at;
            }
        }
        let mut p = Pretty::new(t.nodes.len() * 32);
        t.opens = Vec::with_capacity(t.nodes.len());
        for n in &t.nodes {
            let start = p.out.len();
            p.depth = base + n.depth;
            p.key(true, n.key);
            p.out.push('{');
            t.opens.push((start, p.out.len()));
        }
        t.open_text = p.out;
        t
    }

    /// Node `n`'s opening, when the printer is at the depth it was built for.
    fn open(&self, n: usize, depth: usize) -> Option<&str> {
        let node = self.nodes.get(n)?;
        if depth != self.base + node.depth {
            return None;
        }
        let &(a, b) = self.opens.get(n)?;
        self.open_text.get(a..b)
    }
}

/// A leaf's member openings at one indent: `\n<indent>"value": `, `,\n<indent>"type": `
/// and `,\n<indent>"description": ` — computed once per depth, not per leaf.
struct LeafKeys {
    value: String,
    ty: String,
    description: String,
}

impl LeafKeys {
    fn at(depth: usize) -> Self {
        let line = |comma: bool, key: &str| {
            let mut p = Pretty::new(depth * 2 + 20);
            p.depth = depth;
            p.key_literal(!comma, key);
            p.out
        };
        LeafKeys {
            value: line(false, "\"value\": "),
            ty: line(true, "\"type\": "),
            description: line(true, "\"description\": "),
        }
    }
}

/// The leaf keys of the Tokencraft export.
const LEAF_KEYS: [&str; 3] = ["value", "type", "description"];

fn write_leaf(
    p: &mut Pretty,
    keys: &LeafKeys,
    cx: &EmitContext,
    mode: usize,
    it: &Item,
) -> Result<(), Box<Diagnostic>> {
    p.out.push_str(&keys.value);
    // The token's own literal is the item's token (already at hand) unless it is an alias.
    let origin = if it.rt.origin == it.id {
        it.token
    } else {
        cx.set.get(mode, it.rt.origin)
    };
    let echoed = origin.filter(|tok| {
        let mut has_ref = false;
        tok.value.for_each_ref(&mut |_| has_ref = true);
        !has_ref && tok.value != Expr::Null
    });
    match echoed {
        Some(tok) => p.expr(&tok.value, 0).map_err(|()| {
            Box::new(
                Diagnostic::error(
                    "E-EMIT-DEPTH",
                    format!(
                        "the value of token `{}` is nested deeper than {MAX_VALUE_DEPTH} levels",
                        it.path
                    ),
                )
                .token(it.path)
                .mode(cx.mode_name(mode))
                .help("flatten the value"),
            )
        })?,
        None => p.value(&crate::resolve::value_to_dtcg(&it.rt.value)),
    }
    p.out.push_str(&keys.ty);
    p.string(it.rt.ty.as_str());
    if let Some(d) = it.description() {
        p.out.push_str(&keys.description);
        p.string(d);
    }
    Ok(())
}

/// Each item's leaf members, written in item (token id) order — one sequential pass over
/// the token and resolved arrays instead of a jump per token in tree order — each at the
/// indent its node will have. Returns the text and each item's span in it; a leaf that
/// failed has an error in place of its span.
#[allow(clippy::type_complexity)]
fn render_leaves<'a>(
    cx: &EmitContext<'a>,
    tree: &Tree,
    mode: usize,
    items: impl Iterator<Item = Item<'a>>,
    base: usize,
) -> (String, Vec<Leaf<'a>>) {
    let mut p = Pretty::new(cx.set.paths.len() * 64);
    let mut spans = Vec::with_capacity(cx.set.paths.len());
    let max_depth = tree.nodes.iter().map(|n| n.depth).max().unwrap_or(0);
    let keys: Vec<LeafKeys> = (0..=base + max_depth + 1).map(LeafKeys::at).collect();
    for it in items {
        let it = &it;
        let depth = tree
            .node_of
            .get(it.id.index())
            .and_then(|&n| tree.nodes.get(n))
            .map_or(0, |n| n.depth);
        p.depth = base + depth + 1;
        let fallback;
        let leaf_keys = match keys.get(p.depth) {
            Some(k) => k,
            None => {
                fallback = LeafKeys::at(p.depth);
                &fallback
            }
        };
        let start = p.out.len();
        let span = match write_leaf(&mut p, leaf_keys, cx, mode, it) {
            Ok(()) => Ok((start, p.out.len())),
            Err(d) => {
                p.out.truncate(start);
                Err(d)
            }
        };
        spans.push(Leaf {
            id: it.id,
            path: it.path,
            span,
        });
    }
    (p.out, spans)
}

/// One rendered leaf: its token, and its text's span in the leaves buffer (or the error
/// that stopped it).
struct Leaf<'a> {
    id: crate::model::TokenId,
    path: &'a str,
    span: Result<(usize, usize), Box<Diagnostic>>,
}

/// Writes one mode's tree as an object, depth first with an explicit stack.
fn write_mode(p: &mut Pretty, cx: &EmitContext, tree: &Tree, mode: usize, diags: &mut Diagnostics) {
    let (leaves, items) = render_leaves(cx, tree, mode, select::items_iter(cx, mode), p.depth);
    // Which item ends at each node in this mode, and which nodes have anything below.
    let mut leaf_of: Vec<Option<usize>> = vec![None; tree.nodes.len()];
    for (i, it) in items.iter().enumerate() {
        if let Some(slot) = tree
            .node_of
            .get(it.id.index())
            .and_then(|&n| leaf_of.get_mut(n))
        {
            *slot = Some(i);
        }
    }
    let mut content: Vec<bool> = leaf_of.iter().map(Option::is_some).collect();
    for n in (1..tree.nodes.len()).rev() {
        if content[n] {
            content[tree.nodes[n].parent] = true;
        }
    }
    // Stack of (node, next child position, wrote a member yet).
    let mut stack: Vec<(usize, usize, bool)> = vec![(0, 0, false)];
    p.open('{');
    while let Some(top) = stack.last_mut() {
        let (node, next, wrote) = *top;
        let n = &tree.nodes[node];
        if next == 0 && node != 0 {
            if let Some(it) = leaf_of[node].and_then(|i| items.get(i)) {
                match &it.span {
                    Ok((a, b)) => p.out.push_str(leaves.get(*a..*b).unwrap_or("")),
                    Err(d) => diags.push((**d).clone()),
                }
                top.2 = true;
                if let Some(&c) = n
                    .children
                    .iter()
                    .find(|&&c| content[c] && LEAF_KEYS.contains(&tree.nodes[c].key))
                {
                    diags.push(
                        Diagnostic::error(
                            "E-EMIT-JSON-NESTING",
                            format!(
                                "token `{}.{}` cannot be nested in the JSON output: `{}` is a value key of token `{}`",
                                it.path, tree.nodes[c].key, tree.nodes[c].key, it.path
                            ),
                        )
                        .token(format!("{}.{}", it.path, tree.nodes[c].key))
                        .mode(cx.mode_name(mode))
                        .help("rename the token so that no name segment equals value, type or description under another token"),
                    );
                }
            }
        }
        let wrote = wrote || top.2;
        match n.children.get(next) {
            Some(&c) if !content[c] => top.1 += 1,
            Some(&c) => {
                top.1 += 1;
                top.2 = true;
                match tree.open(c, p.depth) {
                    Some(open) => {
                        if wrote {
                            p.out.push(',');
                        }
                        p.out.push_str(open);
                        p.depth += 1;
                    }
                    None => {
                        p.key(!wrote, tree.nodes[c].key);
                        p.open('{');
                    }
                }
                stack.push((c, 0, false));
            }
            None => {
                let empty = !wrote;
                p.close('}', empty);
                stack.pop();
            }
        }
    }
}

/// The whole `json` export: one mode's tree, or `{"$modes": {slug: tree, …}}`.
pub(crate) fn tokencraft_json(cx: &EmitContext) -> Result<String, Diagnostics> {
    let modes = cx.mode_indices();
    // Mode objects start at depth 2 (`{"$modes": {slug: {`) or 0 (one mode).
    let base = match cx.modes {
        crate::emit::ModeSelection::One(_) => 0,
        crate::emit::ModeSelection::All => 2,
    };
    let tree = Tree::build(cx, base);
    let mut diags = Diagnostics::new();
    let out = match cx.modes {
        crate::emit::ModeSelection::One(m) => {
            let mut p = Pretty::new(cx.set.paths.len() * 96);
            write_mode(&mut p, cx, &tree, m, &mut diags);
            p.out.push('\n');
            p.out
        }
        crate::emit::ModeSelection::All if modes.is_empty() => "{\n  \"$modes\": {}\n}\n".into(),
        crate::emit::ModeSelection::All => {
            // Each mode's object is one part (written in parallel when the cores are
            // free), in mode order: the first part opens the document, the last one
            // closes it.
            let last = modes.len() - 1;
            let (text, part_diags) =
                crate::emit::write_parts(modes.len(), cx.set.paths.len() * 96, |i, out| {
                    let mut part = Pretty {
                        out: std::mem::take(out),
                        depth: 2,
                    };
                    let mut part_diags = Diagnostics::new();
                    if i == 0 {
                        part.depth = 0;
                        part.open('{');
                        part.key(true, "$modes");
                        part.open('{');
                    }
                    if let Some(&m) = modes.get(i) {
                        part.key(i == 0, &mode_slug(cx.mode_name(m)));
                        write_mode(&mut part, cx, &tree, m, &mut part_diags);
                    }
                    if i == last {
                        part.close('}', false);
                        part.close('}', false);
                        part.out.push('\n');
                    }
                    *out = part.out;
                    part_diags
                });
            for d in part_diags {
                diags.extend(d);
            }
            text
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}
