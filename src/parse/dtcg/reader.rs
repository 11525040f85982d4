//! The tree walk: groups, tokens, inheritance, processing order (F-27).

use super::super::json::{Member, Node};
use super::dups::superseded;
use super::value::{is_token, ValueReader};
use super::{article, check_name, ParseOptions, MAX_DEPTH};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{
    Deprecated, Expr, GroupSet, PathSet, Piece, Reference, SourceMap, Span, Token, TokenId,
    TokenSet, TokenType, TypeSource,
};
use std::collections::{HashMap, HashSet};

pub(super) struct Reader<'r, 'a> {
    /// The texts spans point into (for locations in messages).
    pub(super) sources: &'r SourceMap,
    /// Where this tree's paths, groups and tokens go.
    pub(super) out: &'r mut Sink,
    pub(super) diags: &'r mut Diagnostics,
    pub(super) opts: &'r ParseOptions,
    pub(super) root: &'r Node<'a>,
    /// Member tables of `root`'s large objects, for `$ref` pointers.
    pub(super) index: &'r super::index::MemberIndex,
    pub(super) local_counts: Option<&'r HashMap<String, usize>>,
    /// The dot path of the group or token being read (one reused buffer).
    pub(super) path: String,
    /// Non-standard type names already warned about.
    pub(super) warned_types: HashSet<String>,
    /// Tokens whose references have spaces around the path (D-15), fixed at the end.
    pub(super) trimmed: Vec<crate::model::TokenId>,
    /// A token is being read: diagnostics name it.
    pub(super) in_token: bool,
}

/// One tree's result before it joins a [`TokenSet`]: its own path table (ids local to
/// this tree), group paths and token slots.
#[derive(Default)]
pub(super) struct Sink {
    pub(super) paths: PathSet,
    pub(super) groups: GroupSet,
    /// Indexed by the local id; as long as the highest id stored plus one.
    pub(super) tokens: Vec<Option<Token>>,
}

impl Sink {
    fn insert(&mut self, id: TokenId, token: Token) {
        if self.tokens.len() <= id.index() {
            self.tokens.resize_with(id.index() + 1, || None);
        }
        if let Some(slot) = self.tokens.get_mut(id.index()) {
            *slot = Some(token);
        }
    }
}

/// Group properties after inheritance.
pub(super) struct Inherited {
    pub(super) ty: Option<TokenType>,
    pub(super) deprecated: Deprecated,
}

impl<'a> Reader<'_, 'a> {
    /// Pushes a diagnostic located at `span`; inside a token it also names the token.
    pub(super) fn diag(&mut self, d: Diagnostic, span: Span) {
        let at = self.sources.locate(span);
        let d = if self.in_token && d.token.is_none() {
            d.token(self.path.clone())
        } else {
            d
        };
        self.diags.push(d.at(at));
    }

    pub(super) fn error(&mut self, code: &'static str, span: Span, msg: String, help: &str) {
        self.diag(Diagnostic::error(code, msg).help(help.to_owned()), span);
    }

    pub(super) fn warn(&mut self, code: &'static str, span: Span, msg: String, help: &str) {
        self.diag(Diagnostic::warning(code, msg).help(help.to_owned()), span);
    }

    pub(super) fn what(&self) -> String {
        if self.path.is_empty() {
            "the document root".into()
        } else {
            format!("`{}`", self.path)
        }
    }

    pub(super) fn push_name(&mut self, name: &str) -> usize {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        len
    }

    /// Reports duplicate keys; returns the indices of members superseded by a later one.
    pub(super) fn duplicates(&mut self, members: &[Member]) -> Vec<usize> {
        let pairs = superseded(members);
        let mut out = Vec::with_capacity(pairs.len());
        for (i, j) in pairs {
            let (Some(first), Some(again)) = (members.get(i), members.get(j)) else {
                continue;
            };
            let first_at = self.sources.locate(first.key_span);
            let msg = format!(
                "duplicate key `{}` in {}{}; the last one is used",
                again.key,
                self.what(),
                first_at
                    .map(|l| format!(" (first at {l})"))
                    .unwrap_or_default()
            );
            self.error(
                "E-DUPLICATE-KEY",
                again.key_span,
                msg,
                "remove or rename one of the two members",
            );
            out.push(i);
        }
        out
    }

    /// Reads a group: its properties, then (F-27) its own tokens, `$root`, inherited
    /// tokens, nested groups.
    pub(super) fn group(
        &mut self,
        node: &Node<'a>,
        parent_ty: Option<&TokenType>,
        parent_dep: &Deprecated,
        depth: usize,
    ) {
        let Some(members) = node.members() else {
            return;
        };
        if depth > MAX_DEPTH {
            let msg = format!(
                "{} is nested more than {MAX_DEPTH} levels deep",
                self.what()
            );
            self.error("E-DEPTH", node.span, msg, "flatten the token tree");
            return;
        }
        let skip = self.duplicates(members);
        let mut own_ty = None;
        let mut own_dep = None;
        for (i, m) in members.iter().enumerate() {
            if skip.contains(&i) || !m.key.starts_with('$') {
                continue;
            }
            match m.key.as_ref() {
                "$type" => own_ty = self.read_type(&m.value),
                "$deprecated" => own_dep = self.read_deprecated(&m.value),
                "$description" => {
                    self.read_description(&m.value);
                }
                "$extensions" => {
                    self.read_extensions(&m.value);
                }
                "$extends" | "$root" => {}
                "$schema" if depth == 0 => {}
                _ => self.unknown_property(m, "group"),
            }
        }
        let inherited = Inherited {
            ty: own_ty.or_else(|| parent_ty.cloned()),
            deprecated: own_dep.unwrap_or_else(|| parent_dep.clone()),
        };
        if depth > 0 {
            self.out.groups.insert(self.path.as_str().into());
        }
        let local = self
            .local_counts
            .and_then(|c| c.get(&self.path).copied())
            .unwrap_or(members.len());
        let live = |i: &usize| !skip.contains(i);
        // (1) own tokens, (2) `$root`, (3) inherited tokens.
        for (_, m) in members
            .iter()
            .enumerate()
            .take(local)
            .filter(|(i, _)| live(i))
        {
            if !m.key.starts_with('$') && self.check_child(m) && is_token(&m.value) {
                self.token(m, &inherited);
            }
        }
        if let Some((_, m)) = members
            .iter()
            .enumerate()
            .rev()
            .find(|(i, m)| live(i) && m.key == "$root")
        {
            if is_token(&m.value) {
                self.token(m, &inherited);
            } else {
                let len = self.push_name("$root");
                let msg = format!(
                    "{} must be a token (an object with `$value`), but is {}",
                    self.what(),
                    article(&m.value)
                );
                self.error(
                    "E-ROOT-NOT-TOKEN",
                    m.key_span,
                    msg,
                    "`$root` holds the group's base token: `\"$root\": { \"$value\": … }`",
                );
                self.path.truncate(len);
            }
        }
        for (_, m) in members
            .iter()
            .enumerate()
            .skip(local)
            .filter(|(i, _)| live(i))
        {
            if !m.key.starts_with('$') && self.check_child(m) && is_token(&m.value) {
                self.token(m, &inherited);
            }
        }
        // (4) nested groups.
        for (_, m) in members.iter().enumerate().filter(|(i, _)| live(i)) {
            if m.key.starts_with('$')
                || is_token(&m.value)
                || m.value.members().is_none()
                || check_name(&m.key).is_err()
            {
                continue;
            }
            let len = self.push_name(&m.key);
            if !self.legacy_or_incomplete(&m.value, m.key_span) {
                self.group(
                    &m.value,
                    inherited.ty.as_ref(),
                    &inherited.deprecated,
                    depth + 1,
                );
            }
            self.path.truncate(len);
        }
    }

    /// Checks a child's name and that it is an object; reports and returns `false` if not.
    /// Called once per child (in the token passes); groups are re-checked silently.
    pub(super) fn check_child(&mut self, m: &Member) -> bool {
        if let Err(why) = check_name(&m.key) {
            let msg = format!(
                "invalid name `{}` in {}: {why}",
                m.key.escape_debug(),
                self.what()
            );
            self.error("E-NAME", m.key_span, msg, "rename the token or group");
            return false;
        }
        if m.value.members().is_none() {
            let len = self.push_name(&m.key);
            let msg = format!(
                "{} is {}, but tokens and groups must be objects",
                self.what(),
                article(&m.value)
            );
            self.error(
                "E-NOT-OBJECT",
                m.value.span,
                msg,
                "write a token as `{ \"$value\": … }`",
            );
            self.path.truncate(len);
            return false;
        }
        true
    }

    /// Reads one token (member `m` of the current group).
    pub(super) fn token(&mut self, m: &Member<'a>, inherited: &Inherited) {
        let len = self.push_name(&m.key);
        self.read_token(&m.value, m.key_span, inherited);
        self.path.truncate(len);
    }

    pub(super) fn read_token(&mut self, node: &Node<'a>, key_span: Span, inherited: &Inherited) {
        self.in_token = true;
        self.read_token_inner(node, key_span, inherited);
        self.in_token = false;
    }

    fn read_token_inner(&mut self, node: &Node<'a>, key_span: Span, inherited: &Inherited) {
        let Some(members) = node.members() else {
            return;
        };
        let skip = self.duplicates(members);
        let mut own_ty = None;
        let mut description = None;
        let mut deprecated = None;
        let mut extensions = None;
        let mut value_node = None;
        let mut ref_node = None;
        for (_, mem) in members
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.contains(i))
        {
            match mem.key.as_ref() {
                "$value" => value_node = Some(&mem.value),
                "$ref" => ref_node = Some(&mem.value),
                "$type" => own_ty = self.read_type(&mem.value),
                "$description" => description = self.read_description(&mem.value),
                "$deprecated" => deprecated = self.read_deprecated(&mem.value),
                "$extensions" => extensions = self.read_extensions(&mem.value),
                "$extends" => {
                    let msg = format!(
                        "token {} has `$extends`, which only groups may have",
                        self.what()
                    );
                    self.error(
                        "E-EXTENDS-TOKEN",
                        mem.key_span,
                        msg,
                        "remove `$extends`, or remove `$value` to make this a group",
                    );
                }
                k if k.starts_with('$') => self.unknown_property(mem, "token"),
                _ if mem.value.members().is_none() => {
                    // A scalar or array next to `$value` (e.g. Primer's `"alpha": 0`) is no
                    // child token or group, just a member the format does not define.
                    let msg = format!(
                        "token {} has a member `{}` that DTCG does not define",
                        self.what(),
                        mem.key
                    );
                    let help = "token objects hold only `$value`, `$type`, `$description`, `$extensions` and `$deprecated`; move tool data under `$extensions`";
                    if self.opts.strict {
                        self.error("E-TOKEN-MEMBER", mem.key_span, msg, help);
                    } else {
                        let msg = format!("{msg}; it is ignored");
                        self.warn("W-TOKEN-MEMBER", mem.key_span, msg, help);
                    }
                }
                _ => {
                    let msg = format!("token {} has a child `{}`; an object with `$value` cannot contain tokens or groups", self.what(), mem.key);
                    self.error(
                        "E-TOKEN-CHILDREN",
                        mem.key_span,
                        msg,
                        "move the child into a group, or remove `$value` to make this a group",
                    );
                }
            }
        }
        let (declared_type, type_source) = match (own_ty, &inherited.ty) {
            (Some(t), _) => (Some(t), TypeSource::Own),
            (None, Some(t)) => (Some(t.clone()), TypeSource::Group),
            (None, None) => (None, TypeSource::None),
        };
        let interpolate = !self.opts.strict
            && matches!(declared_type, Some(TokenType::String | TokenType::Other(_)));
        // Borrow the path buffer without copying it; it is put back below.
        let path = std::mem::take(&mut self.path);
        let mut vr = ValueReader {
            root: Some(self.root),
            index: Some(self.index),
            sources: self.sources,
            diags: self.diags,
            interpolate,
            token: &path,
        };
        let value = match (value_node, ref_node) {
            (Some(v), r) => {
                if let Some(r) = r {
                    let at = vr.sources.locate(r.span);
                    vr.diags.push(
                        Diagnostic::error(
                            "E-TOKEN-REF-AND-VALUE",
                            format!(
                                "token `{path}` has both `$value` and `$ref`; `$value` is used"
                            ),
                        )
                        .at(at)
                        .token(path.clone())
                        .help("keep one: `$value` for a value, `$ref` to alias a whole token"),
                    );
                }
                vr.expr(v)
            }
            (None, Some(r)) => {
                let e = vr.pointer_value(r);
                match &e {
                    Some(Expr::Ref(reference))
                        if reference.raw.ends_with("/$value") || !reference.sub.is_empty() =>
                    {
                        let at = vr.sources.locate(r.span);
                        let raw = &reference.raw;
                        let help = "a token-level `$ref` targets a whole token (`#/group/token`); to point into a value write `\"$value\": {\"$ref\": …}`";
                        let d = if self.opts.strict {
                            Diagnostic::error(
                                "E-REF-SYNTAX",
                                format!("token-level `$ref` `{raw}` points into a value"),
                            )
                        } else {
                            Diagnostic::warning(
                                "W-REF-VALUE-POINTER",
                                format!("token-level `$ref` `{raw}` points into a value; read as `\"$value\": {{\"$ref\": …}}` (DTCG deviation D-16)"),
                            )
                        };
                        let strict = self.opts.strict;
                        vr.diags.push(d.at(at).token(path.clone()).help(help));
                        if strict {
                            None
                        } else {
                            e
                        }
                    }
                    _ => e,
                }
            }
            (None, None) => None,
        };
        let Some(value) = value else {
            self.path = path;
            return;
        };
        let has_spaced_ref = {
            let mut found = false;
            value.for_each_ref(&mut |r: &Reference| found |= r.token.trim() != r.token.as_ref());
            found
        };
        // The sink starts empty and paths are unique within one document, so the path
        // is usually new; `insert_full` returns the existing index otherwise.
        let (i, _) = self.out.paths.insert_full(path.as_str().into());
        let id = TokenId(u32::try_from(i).unwrap_or(u32::MAX));
        if has_spaced_ref && !self.opts.strict {
            self.trimmed.push(id);
        }
        let deprecated = deprecated.unwrap_or_else(|| inherited.deprecated.clone());
        self.out.insert(
            id,
            Token {
                declared_type,
                type_source,
                value,
                description,
                deprecated,
                extensions: extensions.map(Box::new),
                span: key_span,
            },
        );
        self.path = path;
    }
}

/// Calls `f` on every reference in an expression, mutably (depth-first, document order).
fn visit_refs_mut(e: &mut Expr, f: &mut impl FnMut(&mut Reference)) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Ref(r) => f(r),
            Expr::Array(items) => stack.extend(items.iter_mut().rev()),
            Expr::Object(members) => stack.extend(members.iter_mut().rev().map(|(_, v)| v)),
            Expr::Interpolated(pieces) => {
                for p in pieces.iter_mut() {
                    if let Piece::Ref(r) = p {
                        f(r);
                    }
                }
            }
            Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) => {}
        }
    }
}

/// D-15: a reference `{ a.b }` whose exact path is no token but whose trimmed path is,
/// is re-pointed at the trimmed path with a warning. `ids` are tokens of `mode` with
/// spaced references; `set.paths` holds every path read so far.
pub(super) fn fix_trimmed_references(
    set: &mut TokenSet,
    mode: usize,
    ids: &[TokenId],
    diags: &mut Diagnostics,
) {
    for &id in ids {
        let Some(Some(mut token)) = set
            .modes
            .get_mut(mode)
            .and_then(|m| m.tokens.get_mut(id.index()))
            .map(Option::take)
        else {
            continue;
        };
        let paths = &set.paths;
        let mut fixes = Vec::new();
        visit_refs_mut(&mut token.value, &mut |r: &mut Reference| {
            let trimmed = r.token.trim();
            if trimmed != r.token.as_ref()
                && !paths.contains(r.token.as_ref())
                && paths.contains(trimmed)
            {
                fixes.push((r.raw.to_string(), trimmed.to_owned(), r.span));
                r.token = trimmed.into();
            }
        });
        for (raw, trimmed, span) in fixes {
            let msg = format!("reference `{raw}` has spaces around the path; using `{{{trimmed}}}` (DTCG deviation D-15)");
            let d = Diagnostic::warning("W-REF-TRIMMED", msg)
                .token(set.path(id).to_owned())
                .help(format!("write `{{{trimmed}}}`; spaces are part of names"));
            diags.push(d.at(set.sources.locate(span)));
        }
        if let Some(slot) = set
            .modes
            .get_mut(mode)
            .and_then(|m| m.tokens.get_mut(id.index()))
        {
            *slot = Some(token);
        }
    }
}
