//! DTCG 2025.10 documents → tokens of one mode (spec §1–§7).
//!
//! [`read_tree`] classifies objects into tokens (`$value`, or a token-level `$ref`) and
//! groups, validates names and `$` properties, inherits `$type` and `$deprecated` from the
//! nearest group, applies `$extends` first, and turns values into [`Expr`]s with
//! references marked. Values are not type-checked here: types may come from alias
//! targets, so resolution does that.
//!
//! ```
//! use tokencraft::parse::dtcg::{parse_str, ParseOptions};
//! let (set, diags) = parse_str(
//!     "a.tokens.json",
//!     r#"{ "size": { "$type": "dimension", "sm": { "$value": { "value": 4, "unit": "px" } },
//!                    "md": { "$value": "{size.sm}" } } }"#,
//!     "default",
//!     &ParseOptions::default(),
//! );
//! assert!(diags.is_empty());
//! assert_eq!(set.paths.len(), 2);
//! assert!(set.groups.contains("size"));
//! ```

mod dups;
mod extends;
mod value;

use super::json::{self, Kind, Member, Node};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{
    Deprecated, Expr, Piece, Reference, Span, Token, TokenSet, TokenType, TypeSource,
};
use dups::superseded;
use std::collections::{HashMap, HashSet};
use value::{is_token, ValueReader};

/// Options for reading DTCG documents.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// `true`: follow the spec exactly (non-standard types, JSONC, … are errors).
    /// `false` (default): accept the real-world deviations of spec §10 with warnings.
    pub strict: bool,
    /// Limits for the JSON reader (depth, size).
    pub limits: json::Limits,
}

/// Deepest group nesting walked (the JSON reader's depth limit is normally lower).
const MAX_DEPTH: usize = 512;

/// Turns one (merged) document tree into tokens of `mode` in `set`. Problems go to
/// `diags` with locations from `set.sources`; tokens with unusable values are left out.
pub fn read_tree(
    tree: &Node,
    set: &mut TokenSet,
    mode: usize,
    opts: &ParseOptions,
    diags: &mut Diagnostics,
) {
    if set.modes.get(mode).is_none() {
        diags.push(
            Diagnostic::error(
                "E-MODE",
                format!("mode index {mode} does not exist in the token set"),
            )
            .help("add the mode with `TokenSet::add_mode` first"),
        );
        return;
    }
    if tree.members().is_none() {
        diags.push(
            Diagnostic::error(
                "E-NOT-OBJECT",
                format!(
                    "the document is {}, but a token document must be a JSON object",
                    article(tree)
                ),
            )
            .at(set.sources.locate(tree.span))
            .help("wrap the tokens in `{ … }`"),
        );
        return;
    }
    let materialised = extends::materialise(tree, &set.sources, diags);
    let (root, local_counts) = match &materialised {
        Some(m) => (&m.tree, Some(&m.local_counts)),
        None => (tree, None),
    };
    let mut r = Reader {
        set,
        diags,
        mode,
        opts,
        root,
        local_counts,
        path: String::new(),
        warned_types: HashSet::new(),
        trimmed: Vec::new(),
    };
    r.group(root, None, &Deprecated::No, 0);
    r.fix_trimmed_references();
}

/// Parses one text as a DTCG document into a fresh one-mode set (mode name given). The
/// text is registered in `set.sources` under `name`. In tolerant mode a document with
/// comments or trailing commas (JSONC) is read with a warning.
pub fn parse_str(
    name: &str,
    text: &str,
    mode_name: &str,
    opts: &ParseOptions,
) -> (TokenSet, Diagnostics) {
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    let mode = set.add_mode(mode_name);
    let Some(tree) = parse_document(name, text, opts, &mut set, &mut diags) else {
        return (set, diags);
    };
    read_tree(&tree, &mut set, mode, opts, &mut diags);
    (set, diags)
}

/// Registers `text` in `set.sources` and parses it, reporting syntax errors (and, in
/// tolerant mode, retrying without comments and trailing commas; such a tree owns its
/// strings).
pub(crate) fn parse_document<'a>(
    name: &str,
    text: &'a str,
    opts: &ParseOptions,
    set: &mut TokenSet,
    diags: &mut Diagnostics,
) -> Option<Node<'a>> {
    let file = set.sources.add(name, text);
    let first_error = match json::parse(text, file, &opts.limits) {
        Ok(node) => return Some(node),
        Err(e) => e,
    };
    if !opts.strict {
        if let Some(stripped) = json::strip_jsonc(text) {
            // Comments are blanked with spaces, so offsets still match the registered text.
            if let Ok(tree) = json::parse(&stripped, file, &opts.limits) {
                let tree = tree.into_owned();
                diags.push(
                    Diagnostic::warning(
                        "W-JSONC",
                        format!("{name} has comments or trailing commas; read as JSONC (DTCG deviation D-18)"),
                    )
                    .at(set.sources.locate(first_error.span))
                    .help("token files must be plain JSON: remove comments and trailing commas"),
                );
                return Some(tree);
            }
        }
    }
    diags.push(
        Diagnostic::error("E-JSON", first_error.message.clone())
            .at(set.sources.locate(first_error.span))
            .help("fix the JSON syntax; token files are plain JSON (RFC 8259)"),
    );
    None
}

/// "an object", "a string", … for messages.
pub(crate) fn article(node: &Node) -> String {
    let name = node.type_name();
    let an = matches!(
        name.as_bytes().first(),
        Some(b'a' | b'e' | b'i' | b'o' | b'u')
    );
    format!("{} {name}", if an { "an" } else { "a" })
}

/// What is wrong with a token or group name, if anything (F-5, F-6, F-7).
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("names must not be empty".into());
    }
    if name.starts_with('$') {
        return Err("names must not start with `$`, which is reserved for DTCG properties (only `$root` is a token name)".into());
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '{' | '}' | '.')) {
        return Err(format!("names must not contain `{c}`"));
    }
    if name.chars().any(char::is_control) {
        return Err("names must not contain control characters".into());
    }
    Ok(())
}

/// Converts a value with curly aliases (no pointers, no interpolation) — for readers of
/// other JSON shapes such as the Tokencraft export.
pub(crate) fn value_with_aliases(
    node: &Node,
    sources: &crate::model::SourceMap,
    diags: &mut Diagnostics,
    token: &str,
) -> Option<Expr> {
    ValueReader {
        root: None,
        sources,
        diags,
        interpolate: false,
        token,
    }
    .expr(node)
}

struct Reader<'r, 'a> {
    set: &'r mut TokenSet,
    diags: &'r mut Diagnostics,
    mode: usize,
    opts: &'r ParseOptions,
    root: &'r Node<'a>,
    local_counts: Option<&'r HashMap<String, usize>>,
    /// The dot path of the group or token being read (one reused buffer).
    path: String,
    /// Non-standard type names already warned about.
    warned_types: HashSet<String>,
    /// Tokens whose references have spaces around the path (D-15), fixed at the end.
    trimmed: Vec<crate::model::TokenId>,
}

/// Group properties after inheritance.
struct Inherited {
    ty: Option<TokenType>,
    deprecated: Deprecated,
}

impl<'a> Reader<'_, 'a> {
    fn diag(&mut self, d: Diagnostic, span: Span) {
        let at = self.set.sources.locate(span);
        self.diags.push(d.at(at));
    }

    fn error(&mut self, code: &'static str, span: Span, msg: String, help: &str) {
        self.diag(Diagnostic::error(code, msg).help(help.to_owned()), span);
    }

    fn warn(&mut self, code: &'static str, span: Span, msg: String, help: &str) {
        self.diag(Diagnostic::warning(code, msg).help(help.to_owned()), span);
    }

    fn what(&self) -> String {
        if self.path.is_empty() {
            "the document root".into()
        } else {
            format!("`{}`", self.path)
        }
    }

    fn push_name(&mut self, name: &str) -> usize {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        len
    }

    /// Reports duplicate keys; returns the indices of members superseded by a later one.
    fn duplicates(&mut self, members: &[Member]) -> HashSet<usize> {
        let pairs = superseded(members);
        let mut out = HashSet::with_capacity(pairs.len());
        for (i, j) in pairs {
            let (Some(first), Some(again)) = (members.get(i), members.get(j)) else {
                continue;
            };
            let first_at = self.set.sources.locate(first.key_span);
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
            out.insert(i);
        }
        out
    }

    /// Reads `$type`; `None` when absent or invalid (reported).
    fn read_type(&mut self, node: &Node) -> Option<TokenType> {
        let Some(name) = node.as_str() else {
            let msg = format!(
                "`$type` of {} is {}, but must be a string",
                self.what(),
                article(node)
            );
            self.error(
                "E-TYPE-INVALID",
                node.span,
                msg,
                "write a type name such as `\"color\"`",
            );
            return None;
        };
        let known = TokenType::from_known(name);
        if let Some(t) = known.as_ref().filter(|t| t.is_dtcg()) {
            return Some(t.clone());
        }
        if known.is_none() {
            let folded = crate::model::API_TYPE_ORDER
                .iter()
                .find(|t| t.as_str().eq_ignore_ascii_case(name));
            if let Some(t) = folded {
                let msg = format!(
                    "unknown type `{name}` on {}; type names are case-sensitive",
                    self.what()
                );
                let help = format!("did you mean `{}`?", t.as_str());
                self.error("E-TYPE-INVALID", node.span, msg, &help);
                return None;
            }
        }
        if self.opts.strict {
            let msg = format!(
                "`{name}` on {} is not one of the 13 DTCG types",
                self.what()
            );
            let help = "use one of: color, dimension, fontFamily, fontWeight, duration, cubicBezier, number, strokeStyle, border, transition, shadow, gradient, typography";
            self.error("E-TYPE-INVALID", node.span, msg, help);
            return None;
        }
        if self.warned_types.insert(name.to_owned()) {
            let deviation = if name == "string" { "D-1" } else { "D-2" };
            let msg = format!("non-standard type `{name}` (first on {}) is read as an opaque type (DTCG deviation {deviation})", self.what());
            self.warn(
                "W-TYPE-NONSTANDARD",
                node.span,
                msg,
                "DTCG 2025.10 defines 13 types; emitters may skip tokens of other types",
            );
        }
        Some(known.unwrap_or_else(|| TokenType::Other(name.into())))
    }

    fn read_deprecated(&mut self, node: &Node) -> Option<Deprecated> {
        match &node.kind {
            Kind::Bool(true) => Some(Deprecated::Yes),
            Kind::Bool(false) => Some(Deprecated::No),
            Kind::String(s) => Some(Deprecated::Reason(s.to_string())),
            _ => {
                let msg = format!(
                    "`$deprecated` of {} is {}, but must be `true`, `false` or a string",
                    self.what(),
                    article(node)
                );
                self.error(
                    "E-PROPERTY-TYPE",
                    node.span,
                    msg,
                    "write `\"$deprecated\": true` or a reason string",
                );
                None
            }
        }
    }

    fn read_description(&mut self, node: &Node) -> Option<String> {
        if let Some(s) = node.as_str() {
            return Some(s.to_owned());
        }
        let msg = format!(
            "`$description` of {} is {}, but must be a string",
            self.what(),
            article(node)
        );
        self.error(
            "E-PROPERTY-TYPE",
            node.span,
            msg,
            "write the description as a plain string",
        );
        None
    }

    fn read_extensions(&mut self, node: &Node) -> Option<serde_json::Value> {
        if node.members().is_some() {
            return Some(node.to_serde());
        }
        let msg = format!(
            "`$extensions` of {} is {}, but must be an object",
            self.what(),
            article(node)
        );
        self.error(
            "E-PROPERTY-TYPE",
            node.span,
            msg,
            "key extension data by vendor: `{\"org.example.tool\": …}`",
        );
        None
    }

    fn unknown_property(&mut self, m: &Member, on: &str) {
        let looks_named = is_token(&m.value)
            || m.value
                .members()
                .is_some_and(|ms| ms.iter().any(|c| is_token(&c.value)));
        if looks_named {
            let msg = format!(
                "invalid name `{}` in {}: names must not start with `$`, which is reserved for DTCG properties (only `$root` is a token name)",
                m.key,
                self.what()
            );
            self.error(
                "E-NAME",
                m.key_span,
                msg,
                "rename the token or group without the leading `$`",
            );
            return;
        }
        let whose = if self.path.is_empty() {
            "the document root".to_owned()
        } else {
            format!("{on} `{}`", self.path)
        };
        let msg = format!("unknown property `{}` on {whose} is ignored", m.key);
        self.warn(
            "W-UNKNOWN-PROPERTY",
            m.key_span,
            msg,
            "DTCG reserves `$` names; put tool-specific data under `$extensions`",
        );
    }

    /// Reads a group: its properties, then (F-27) its own tokens, `$root`, inherited
    /// tokens, nested groups.
    fn group(
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
            self.set.groups.insert(self.path.as_str().into());
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
    fn check_child(&mut self, m: &Member) -> bool {
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

    /// D-22 legacy `value`/`type` tokens (error) and F-25 incomplete tokens (warning).
    /// Returns `true` when the object must not be read as a group.
    fn legacy_or_incomplete(&mut self, node: &Node, span: Span) -> bool {
        let value = node.get("value");
        let ty = node.get("type").and_then(Node::as_str);
        let legacy_value =
            value.is_some_and(|v| !is_token(v) && (v.members().is_none() || ty.is_some()));
        if legacy_value {
            let msg = format!(
                "{} uses `value`/`type` without `$` (pre-DTCG format, deviation D-22)",
                self.what()
            );
            self.error(
                "E-LEGACY-FORMAT",
                span,
                msg,
                "rename `value` to `$value` and `type` to `$type` (Style Dictionary v3 / Tokens Studio files need migrating)",
            );
            return true;
        }
        let Some(members) = node.members() else {
            return false;
        };
        if ty.is_some() && value.is_none() {
            let msg = format!(
                "{} has a string member `type` but no `$value`: it looks like an incomplete token",
                self.what()
            );
            self.warn(
                "W-INCOMPLETE-TOKEN",
                span,
                msg,
                "DTCG properties start with `$`: write `$type` and add `$value`",
            );
            return true;
        }
        let has_children = members
            .iter()
            .any(|m| !m.key.starts_with('$') || m.key == "$root");
        if !has_children && node.get("$type").is_some() {
            let msg = format!(
                "{} has `$type` but no `$value` and no children: it is read as an empty group",
                self.what()
            );
            self.warn(
                "W-INCOMPLETE-TOKEN",
                span,
                msg,
                "if this is meant to be a token, add `$value`",
            );
        }
        false
    }

    /// Reads one token (member `m` of the current group).
    fn token(&mut self, m: &Member<'a>, inherited: &Inherited) {
        let len = self.push_name(&m.key);
        self.read_token(&m.value, m.key_span, inherited);
        self.path.truncate(len);
    }

    fn read_token(&mut self, node: &Node<'a>, key_span: Span, inherited: &Inherited) {
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
        let path = self.path.clone();
        let mut vr = ValueReader {
            root: Some(self.root),
            sources: &self.set.sources,
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
                if let Some(Expr::Ref(reference)) = &e {
                    if reference.raw.ends_with("/$value") || !reference.sub.is_empty() {
                        let at = vr.sources.locate(r.span);
                        vr.diags.push(
                            Diagnostic::warning(
                                "W-REF-VALUE-POINTER",
                                format!("token-level `$ref` `{}` points into a value; read as `\"$value\": {{\"$ref\": …}}` (DTCG deviation D-16)", reference.raw),
                            )
                            .at(at)
                            .token(path.clone())
                            .help("a token-level `$ref` should target the whole token (`#/group/token`)"),
                        );
                    }
                }
                e
            }
            (None, None) => None,
        };
        let Some(value) = value else { return };
        let has_spaced_ref = {
            let mut found = false;
            value.for_each_ref(&mut |r: &Reference| found |= r.token.trim() != r.token.as_ref());
            found
        };
        let id = self.set.intern(&path);
        if has_spaced_ref {
            self.trimmed.push(id);
        }
        let deprecated = deprecated.unwrap_or_else(|| inherited.deprecated.clone());
        self.set.insert(
            self.mode,
            id,
            Token {
                declared_type,
                type_source,
                value,
                description,
                deprecated,
                extensions,
                span: key_span,
            },
        );
    }

    /// D-15: a reference `{ a.b }` whose exact path is no token but whose trimmed path is,
    /// is re-pointed at the trimmed path with a warning.
    fn fix_trimmed_references(&mut self) {
        let ids = std::mem::take(&mut self.trimmed);
        for id in ids {
            let Some(Some(mut token)) = self
                .set
                .modes
                .get_mut(self.mode)
                .and_then(|m| m.tokens.get_mut(id.index()))
                .map(Option::take)
            else {
                continue;
            };
            let paths = &self.set.paths;
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
                    .token(self.set.path(id).to_owned())
                    .help(format!("write `{{{trimmed}}}`; spaces are part of names"));
                self.diag(d, span);
            }
            self.set.insert(self.mode, id, token);
        }
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
