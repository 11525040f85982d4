//! `$value` JSON → [`Expr`]: curly aliases and `{"$ref"}` objects become references,
//! JSON Pointers are resolved against the (materialised) document tree, embedded references
//! become [`Expr::Interpolated`] where allowed.

use super::super::json::{Kind, Node};
use super::super::reference::{self, Curly, EmbeddedPiece, PointerSegment};
use super::dups::superseded;
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Expr, Piece, RefSyntax, Reference, SourceMap, Span};

/// Deepest value nesting followed (the JSON reader's own limit is normally lower).
const MAX_DEPTH: usize = 512;
/// Most `$ref` hops followed through metadata before giving up with a cycle error.
const MAX_HOPS: usize = 64;

/// Converts value JSON to expressions, reporting problems with locations.
pub(crate) struct ValueReader<'r, 'a> {
    /// The document root pointers are resolved against (`None`: pointers are not allowed).
    pub root: Option<&'r Node<'a>>,
    /// Member tables of `root`'s large objects (`None`: scan members).
    pub index: Option<&'r super::index::MemberIndex>,
    pub sources: &'r SourceMap,
    pub diags: &'r mut Diagnostics,
    /// Whether `{…}` references inside longer strings become [`Expr::Interpolated`].
    pub interpolate: bool,
    /// The token being read, for messages.
    pub token: &'r str,
}

/// Where a pointer walk stands.
enum Place<'r, 'a> {
    /// In the group/token tree; the dot path so far.
    Tree(&'r Node<'a>, String),
    /// Inside a token's `$value`; the token path and the sub path so far.
    Value(&'r Node<'a>, String, Vec<Box<str>>),
    /// Inside metadata (`$type`, `$extensions`, …) or other non-value JSON.
    Literal(&'r Node<'a>),
}

impl<'r, 'a> ValueReader<'r, 'a> {
    /// Records one pointer hop in `visited`; a pointer seen before on this path, or more
    /// than `MAX_HOPS` hops, is an `E-REF-CYCLE` naming every pointer of the loop and
    /// returns false.
    fn enter_pointer(&mut self, raw: &str, span: Span, visited: &mut Vec<String>) -> bool {
        let looped = visited.iter().any(|v| v == raw) || visited.len() >= MAX_HOPS;
        visited.push(raw.to_owned());
        if looped {
            self.error(
                "E-REF-CYCLE",
                span,
                format!("the pointers {} loop", quote_list(visited)),
                "make one of the pointers target a value instead of another `$ref`",
            );
        }
        !looped
    }

    fn error(&mut self, code: &'static str, span: Span, msg: String, help: &str) {
        let at = self.sources.locate(span);
        self.diags.push(
            Diagnostic::error(code, msg)
                .at(at)
                .token(self.token.to_owned())
                .help(help.to_owned()),
        );
    }

    fn warn(&mut self, code: &'static str, span: Span, msg: String, help: &str) {
        let at = self.sources.locate(span);
        self.diags.push(
            Diagnostic::warning(code, msg)
                .at(at)
                .token(self.token.to_owned())
                .help(help.to_owned()),
        );
    }

    /// A token's `$value` (or any value position) as an expression; `None` after an error.
    pub fn expr(&mut self, node: &Node<'a>) -> Option<Expr> {
        self.expr_at(node, 0)
    }

    fn expr_at(&mut self, node: &Node<'a>, depth: usize) -> Option<Expr> {
        if depth > MAX_DEPTH {
            self.error(
                "E-DEPTH",
                node.span,
                format!("the value is nested more than {MAX_DEPTH} levels deep"),
                "flatten the value",
            );
            return None;
        }
        Some(match &node.kind {
            Kind::Null => Expr::Null,
            Kind::Bool(b) => Expr::Bool(*b),
            Kind::Number(n) => Expr::Number(*n),
            Kind::String(s) => self.string(s, node.span)?,
            Kind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    match self.expr_at(item, depth + 1) {
                        Some(e) => out.push(e),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                Expr::Array(out)
            }
            Kind::Object(members) => {
                if let Some(r) = members.iter().rev().find(|m| m.key == "$ref") {
                    if members.len() > 1 {
                        self.warn(
                            "W-REF-SIBLINGS",
                            node.span,
                            "members next to `$ref` in a value are ignored".into(),
                            "a `{\"$ref\": …}` object stands for its target; remove the other members",
                        );
                    }
                    return self.pointer_value(&r.value);
                }
                let dropped = self.report_duplicates(node);
                let mut out = Vec::with_capacity(members.len());
                let mut ok = true;
                for (_, m) in members
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !dropped.contains(i))
                {
                    match self.expr_at(&m.value, depth + 1) {
                        Some(e) => out.push((Box::from(m.key.as_ref()), e)),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                Expr::Object(out)
            }
        })
    }

    /// Reports duplicate keys of an object; returns the indices of superseded members.
    fn report_duplicates(&mut self, node: &Node<'a>) -> Vec<usize> {
        let Some(members) = node.members() else {
            return Vec::new();
        };
        let pairs = superseded(members);
        for &(i, j) in &pairs {
            let (Some(first), Some(again)) = (members.get(i), members.get(j)) else {
                continue;
            };
            let (a, b) = (
                self.sources.locate(first.key_span),
                self.sources.locate(again.key_span),
            );
            let msg = format!(
                "duplicate key `{}` in a value{}; the last one is used",
                again.key,
                a.map(|l| format!(" (first at {l})")).unwrap_or_default()
            );
            self.diags.push(
                Diagnostic::error("E-DUPLICATE-KEY", msg)
                    .at(b)
                    .token(self.token.to_owned())
                    .help("remove one of the two members"),
            );
        }
        pairs.into_iter().map(|(i, _)| i).collect()
    }

    /// A string: a whole curly alias, an interpolated string, or text.
    fn string(&mut self, s: &str, span: Span) -> Option<Expr> {
        match reference::curly(s) {
            Ok(Curly::Alias(path)) => {
                return Some(Expr::Ref(Box::new(Reference {
                    token: path.into(),
                    sub: Vec::new(),
                    syntax: RefSyntax::Curly,
                    raw: s.into(),
                    span,
                })))
            }
            Ok(Curly::NotRef) => {}
            Err(e) => {
                self.error(
                    "E-REF-SYNTAX",
                    span,
                    e.message,
                    "write an alias as the whole string `{group.token}`",
                );
                return None;
            }
        }
        if !self.interpolate {
            return Some(Expr::String(s.into()));
        }
        match reference::embedded(s) {
            Ok(None) => Some(Expr::String(s.into())),
            Ok(Some(pieces)) => {
                self.warn(
                    "W-REF-EMBEDDED",
                    span,
                    format!("references inside the string `{s}` are substituted (DTCG deviation D-3)"),
                    "DTCG aliases are whole strings; split the value or keep this token's type non-standard",
                );
                Some(Expr::Interpolated(
                    pieces
                        .into_iter()
                        .map(|p| match p {
                            EmbeddedPiece::Text(t) => Piece::Text(t.into()),
                            EmbeddedPiece::Ref(path) => Piece::Ref(Box::new(Reference {
                                token: path.into(),
                                sub: Vec::new(),
                                syntax: RefSyntax::Embedded,
                                raw: format!("{{{path}}}").into(),
                                span,
                            })),
                        })
                        .collect(),
                ))
            }
            Err(e) => {
                self.error(
                    "E-REF-SYNTAX",
                    span,
                    e.message,
                    "write references inside strings as `{group.token}`",
                );
                None
            }
        }
    }

    /// The `$ref` member of a value object (or a token-level `$ref`).
    pub fn pointer_value(&mut self, node: &Node<'a>) -> Option<Expr> {
        let Some(raw) = node.as_str() else {
            self.error(
                "E-REF-SYNTAX",
                node.span,
                format!(
                    "`$ref` is {}, but must be a JSON Pointer string",
                    super::article(node)
                ),
                "write `{\"$ref\": \"#/group/token\"}`",
            );
            return None;
        };
        let mut visited = Vec::new();
        self.resolve_pointer(raw, node.span, &mut visited)
    }

    /// Member `key` of `node`, through the index when there is one.
    fn find(&self, node: &'r Node<'a>, key: &str) -> Option<&'r Node<'a>> {
        match self.index {
            Some(ix) => ix.get(node, key),
            None => node.get(key),
        }
    }

    /// [`is_token`], through the index when there is one.
    fn token_node(&self, node: &'r Node<'a>) -> bool {
        match self.index {
            Some(ix) => ix.is_token(node),
            None => is_token(node),
        }
    }

    /// Member lookup by a pointer segment: the raw key first, then its percent-decoded
    /// form; also returns the key form that matched.
    fn lookup_key<'s>(
        &self,
        node: &'r Node<'a>,
        seg: &'s PointerSegment,
    ) -> Option<(&'r Node<'a>, &'s str)> {
        if let Some(n) = self.find(node, &seg.key) {
            return Some((n, &seg.key));
        }
        let d = seg.decoded.as_deref()?;
        Some((self.find(node, d)?, d))
    }

    /// Resolves a pointer against the document: a token or a place inside a token's
    /// `$value` gives a reference; metadata gives its JSON copied as a literal.
    fn resolve_pointer(
        &mut self,
        raw: &str,
        span: Span,
        visited: &mut Vec<String>,
    ) -> Option<Expr> {
        let segments = match reference::parse_pointer(raw) {
            Ok(s) => s,
            Err(e) => {
                let code = if raw.starts_with('#') {
                    "E-REF-SYNTAX"
                } else {
                    "E-REF-UNRESOLVED"
                };
                self.error(
                    code,
                    span,
                    e.message,
                    "write a same-document pointer such as `#/color/brand`",
                );
                return None;
            }
        };
        let Some(root) = self.root else {
            self.error(
                "E-REF-UNRESOLVED",
                span,
                format!("the pointer `{raw}` cannot be resolved here"),
                "write the alias as `{group.token}`",
            );
            return None;
        };
        if !self.enter_pointer(raw, span, visited) {
            return None;
        }
        let mut place = Place::Tree(root, String::new());
        let mut rest = segments.iter();
        while let Some(seg) = rest.next() {
            place = match place {
                Place::Tree(node, path) => {
                    if self.token_node(node)
                        && seg.key == "$value"
                        && self.find(node, "$value").is_none()
                    {
                        // A token-level `$ref`: the value lies in its target; resolution follows it.
                        let sub = rest.by_ref().map(|s| Box::from(s.key.as_str())).collect();
                        return Some(pointer_ref(path, sub, raw, span));
                    }
                    self.step_tree(node, path, seg, raw, span)?
                }
                Place::Value(node, token, mut sub) => {
                    if is_reference(node) {
                        // The rest of the path lies in the target's value: resolution follows it.
                        sub.push(seg.key.as_str().into());
                        sub.extend(rest.by_ref().map(|s| Box::from(s.key.as_str())));
                        return Some(pointer_ref(token, sub, raw, span));
                    }
                    let next = self.step_json(node, seg, raw, span, "E-REF-PROPERTY")?;
                    // Record the key form that matched (raw first, then percent-decoded).
                    let key = match (&seg.decoded, self.find(node, &seg.key)) {
                        (Some(d), None) if node.members().is_some() => d.as_str(),
                        _ => seg.key.as_str(),
                    };
                    sub.push(key.into());
                    Place::Value(next, token, sub)
                }
                Place::Literal(node) => {
                    let node = self.follow_literal(node, span, visited)?;
                    Place::Literal(self.step_json(node, seg, raw, span, "E-REF-PROPERTY")?)
                }
            };
        }
        match place {
            Place::Tree(node, path) => {
                if path.is_empty() || !self.token_node(node) {
                    let what = if path.is_empty() {
                        "the document root".to_owned()
                    } else {
                        format!("the group `{path}`")
                    };
                    self.error(
                        "E-REF-NOT-TOKEN",
                        span,
                        format!("the pointer `{raw}` targets {what}, not a token"),
                        "point at a token (`#/group/token`), its `$value`, or a part of its value",
                    );
                    return None;
                }
                Some(pointer_ref(path, Vec::new(), raw, span))
            }
            Place::Value(_, token, sub) => Some(pointer_ref(token, sub, raw, span)),
            Place::Literal(node) => {
                let node = self.follow_literal(node, span, visited)?;
                Some(literal(node))
            }
        }
    }

    /// One pointer step in the group tree.
    fn step_tree(
        &mut self,
        node: &'r Node<'a>,
        mut path: String,
        seg: &PointerSegment,
        raw: &str,
        span: Span,
    ) -> Option<Place<'r, 'a>> {
        let key = seg.key.as_str();
        if self.token_node(node) {
            if key == "$value" {
                if let Some(v) = self.find(node, "$value") {
                    return Some(Place::Value(v, path, Vec::new()));
                }
            }
            if key.starts_with('$') {
                let v = self.step_json(node, seg, raw, span, "E-REF-PROPERTY")?;
                return Some(Place::Literal(v));
            }
            self.error(
                "E-REF-UNRESOLVED",
                span,
                format!("the pointer `{raw}` goes into token `{path}`, which has no child `{key}`"),
                "tokens have no children; to point into the value write `…/$value/…`",
            );
            return None;
        }
        let Some((child, key)) = self.lookup_key(node, seg) else {
            let where_ = if path.is_empty() {
                "the document root".to_owned()
            } else {
                format!("the group `{path}`")
            };
            self.error(
                "E-REF-UNRESOLVED",
                span,
                format!("the pointer `{raw}` does not resolve: {where_} has no member `{key}`"),
                "check the spelling; pointer segments are case-sensitive and escape `/` as `~1`, `~` as `~0`",
            );
            return None;
        };
        if key.starts_with('$') && key != "$root" {
            return Some(Place::Literal(child));
        }
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        Some(Place::Tree(child, path))
    }

    /// One pointer step in plain JSON (inside a value or metadata).
    fn step_json(
        &mut self,
        node: &'r Node<'a>,
        seg: &PointerSegment,
        raw: &str,
        span: Span,
        code: &'static str,
    ) -> Option<&'r Node<'a>> {
        let found = match &node.kind {
            Kind::Object(_) => self.lookup_key(node, seg).map(|(n, _)| n),
            Kind::Array(items) => {
                if seg.key == "-" {
                    self.error(
                        "E-REF-SYNTAX",
                        span,
                        format!("the pointer `{raw}` uses `-`, which names the position after the last array element and never resolves"),
                        "use a zero-based index such as `0`",
                    );
                    return None;
                }
                seg.index().and_then(|i| items.get(i))
            }
            _ => None,
        };
        if found.is_none() {
            let msg = match &node.kind {
                Kind::Array(_) if seg.key.len() > 1 && seg.key.starts_with('0') && seg.key.bytes().all(|b| b.is_ascii_digit()) => format!(
                    "the pointer `{raw}` does not resolve: array index `{}` has a leading zero",
                    seg.key
                ),
                Kind::Array(items) => format!(
                    "the pointer `{raw}` does not resolve: `{}` is not an index of an array of {} element(s)",
                    seg.key,
                    items.len()
                ),
                Kind::Object(_) => format!("the pointer `{raw}` does not resolve: there is no property `{}`", seg.key),
                _ => format!(
                    "the pointer `{raw}` does not resolve: it continues with `{}` into {}",
                    seg.key,
                    super::article(node)
                ),
            };
            self.error(
                code,
                span,
                msg,
                "point at an existing property; array indices are zero-based without leading zeros",
            );
        }
        found
    }

    /// A `{"$ref"}` object met in metadata stands for its target (followed through plain
    /// JSON; a loop is an error).
    fn follow_literal(
        &mut self,
        mut node: &'r Node<'a>,
        span: Span,
        visited: &mut Vec<String>,
    ) -> Option<&'r Node<'a>> {
        while let Some(r) = self.find(node, "$ref").filter(|_| node.members().is_some()) {
            let Some(raw) = r.as_str() else {
                return Some(node);
            };
            let root = self.root?;
            if !self.enter_pointer(raw, span, visited) {
                return None;
            }
            let segments = match reference::parse_pointer(raw) {
                Ok(s) => s,
                Err(e) => {
                    self.error(
                        "E-REF-SYNTAX",
                        r.span,
                        e.message,
                        "write a same-document pointer such as `#/color/brand`",
                    );
                    return None;
                }
            };
            let mut at = root;
            for seg in &segments {
                at = self.step_json(at, seg, raw, r.span, "E-REF-UNRESOLVED")?;
            }
            node = at;
        }
        Some(node)
    }
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// A reference produced by a pointer.
fn pointer_ref(token: String, sub: Vec<Box<str>>, raw: &str, span: Span) -> Expr {
    Expr::Ref(Box::new(Reference {
        token: token.into(),
        sub,
        syntax: RefSyntax::Pointer,
        raw: raw.into(),
        span,
    }))
}

/// An object with `$value` or a token-level `$ref` is a token.
pub(crate) fn is_token(node: &Node) -> bool {
    node.members()
        .is_some_and(|ms| ms.iter().any(|m| m.key == "$value" || m.key == "$ref"))
}

/// A value position holding a reference (curly string or `$ref` object).
fn is_reference(node: &Node) -> bool {
    match &node.kind {
        Kind::String(s) => matches!(reference::curly(s), Ok(Curly::Alias(_))),
        Kind::Object(ms) => ms.iter().any(|m| m.key == "$ref"),
        _ => false,
    }
}

/// JSON copied as a literal expression (no reference detection): metadata targets of
/// pointers, and values read by callers that have no aliases.
pub(crate) fn literal(node: &Node) -> Expr {
    literal_at(node, 0)
}

fn literal_at(node: &Node, depth: usize) -> Expr {
    match &node.kind {
        Kind::Null => Expr::Null,
        Kind::Bool(b) => Expr::Bool(*b),
        Kind::Number(n) => Expr::Number(*n),
        Kind::String(s) => Expr::String(s.as_ref().into()),
        _ if depth > MAX_DEPTH => Expr::Null,
        Kind::Array(items) => Expr::Array(items.iter().map(|i| literal_at(i, depth + 1)).collect()),
        Kind::Object(ms) => Expr::Object(
            ms.iter()
                .map(|m| (Box::from(m.key.as_ref()), literal_at(&m.value, depth + 1)))
                .collect(),
        ),
    }
}
