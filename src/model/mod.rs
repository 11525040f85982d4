//! Plain data shared by every stage: token types, unresolved value expressions, tokens,
//! modes and token sets, and typed resolved values.
//!
//! A [`TokenSet`] interns every token path once ([`TokenId`]) and stores, per [`Mode`], an
//! optional [`Token`] for each id. A token absent from a mode falls back to the default
//! mode's token when resolving.

mod resolved;
mod source;
mod types;
mod value;

pub use resolved::{Resolved, ResolvedMode, ResolvedToken};
pub use source::{Location, SourceFile, SourceMap, Span};
pub use types::{TokenType, API_TYPE_ORDER};
pub use value::*;

use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;
use std::collections::HashSet;

/// The interned token paths of a [`TokenSet`] (FxHash: paths are short and hashed often).
pub type PathSet = IndexSet<Box<str>, FxBuildHasher>;

/// Group paths of a [`TokenSet`].
pub type GroupSet = HashSet<Box<str>, FxBuildHasher>;

/// Index of a token path in [`TokenSet::paths`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenId(pub u32);

impl TokenId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefSyntax {
    /// `"{a.b}"` — always the whole value of a token.
    Curly,
    /// `{"$ref": "#/a/b"}` — a JSON Pointer, possibly into a sub-value.
    Pointer,
    /// Tokencraft's `alias_to` (a token name).
    AliasTo,
    /// `{a.b}` embedded inside a longer string (tolerant mode, string-like types only).
    Embedded,
}

/// A reference to (part of) another token's value in the same mode.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Dot path of the target token (`color.brand.$root`).
    pub token: Box<str>,
    /// Property path inside the target's `$value` (empty: the whole value). Array indices
    /// are written as decimal strings.
    pub sub: Vec<Box<str>>,
    pub syntax: RefSyntax,
    /// The reference exactly as written (`{a.b}`, `#/a/b/$value`), for messages.
    pub raw: Box<str>,
    pub span: Span,
}

/// A piece of a string with embedded references.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(Box<str>),
    Ref(Box<Reference>),
}

/// An unresolved value: JSON-shaped, with references marked where they stand.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Null,
    Bool(bool),
    Number(f64),
    String(Box<str>),
    Array(Vec<Expr>),
    /// Members in document order.
    Object(Vec<(Box<str>, Expr)>),
    /// This position is a reference.
    Ref(Box<Reference>),
    /// A string with `{…}` references inside (tolerant mode).
    Interpolated(Vec<Piece>),
}

impl Expr {
    /// Calls `f` on every reference in this expression, depth first, in document order.
    pub fn for_each_ref<'a>(&'a self, f: &mut impl FnMut(&'a Reference)) {
        match self {
            Expr::Ref(r) => f(r),
            Expr::Array(items) => items.iter().for_each(|e| e.for_each_ref(f)),
            Expr::Object(members) => members.iter().for_each(|(_, e)| e.for_each_ref(f)),
            Expr::Interpolated(pieces) => pieces.iter().for_each(|p| {
                if let Piece::Ref(r) = p {
                    f(r)
                }
            }),
            Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) => {}
        }
    }

    /// True when the whole value is one reference.
    pub fn as_alias(&self) -> Option<&Reference> {
        match self {
            Expr::Ref(r) => Some(r),
            _ => None,
        }
    }
}

/// `$deprecated`, after group inheritance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Deprecated {
    #[default]
    No,
    Yes,
    Reason(String),
}

/// Where a token's declared type came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TypeSource {
    /// No `$type` on the token or any ancestor group.
    #[default]
    None,
    /// The token's own `$type` (or an API row's `type`).
    Own,
    /// The nearest ancestor group's `$type`.
    Group,
}

/// One token in one mode, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Declared type (own or inherited); `None` when neither exists.
    pub declared_type: Option<TokenType>,
    pub type_source: TypeSource,
    pub value: Expr,
    pub description: Option<String>,
    pub deprecated: Deprecated,
    /// `$extensions`, verbatim (unknown extensions are preserved).
    pub extensions: Option<Box<serde_json::Value>>,
    /// Where the token was defined (its key in the file).
    pub span: Span,
}

/// A mode: a name and a token slot per [`TokenId`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mode {
    pub name: String,
    /// Indexed by [`TokenId`]; `None` where the token is absent from this mode.
    pub tokens: Vec<Option<Token>>,
}

/// Tokens in modes.
#[derive(Debug, Clone, Default)]
pub struct TokenSet {
    /// Every token path, dot-joined; the index is the [`TokenId`].
    pub paths: PathSet,
    /// Group paths (dot-joined), so a reference to a group can be told from a missing token.
    pub groups: GroupSet,
    pub modes: Vec<Mode>,
    /// Index of the default mode in `modes`.
    pub default_mode: usize,
    pub sources: SourceMap,
}

impl TokenSet {
    /// Interns a path and returns its id (existing or new). Mode vectors grow lazily.
    pub fn intern(&mut self, path: &str) -> TokenId {
        if let Some(i) = self.paths.get_index_of(path) {
            return TokenId(i as u32);
        }
        let (i, _) = self.paths.insert_full(path.into());
        TokenId(i as u32)
    }

    /// The id of a path, if any mode defines it.
    pub fn id(&self, path: &str) -> Option<TokenId> {
        self.paths.get_index_of(path).map(|i| TokenId(i as u32))
    }

    /// The dot path of an id.
    pub fn path(&self, id: TokenId) -> &str {
        &self.paths[id.index()]
    }

    /// Adds a mode and returns its index.
    pub fn add_mode(&mut self, name: impl Into<String>) -> usize {
        self.modes.push(Mode {
            name: name.into(),
            tokens: Vec::new(),
        });
        self.modes.len() - 1
    }

    /// Sets a token in a mode.
    pub fn insert(&mut self, mode: usize, id: TokenId, token: Token) {
        let slots = &mut self.modes[mode].tokens;
        if slots.len() <= id.index() {
            slots.resize(id.index() + 1, None);
        }
        slots[id.index()] = Some(token);
    }

    /// The token defined in `mode` itself (no fallback).
    pub fn own(&self, mode: usize, id: TokenId) -> Option<&Token> {
        self.modes.get(mode)?.tokens.get(id.index())?.as_ref()
    }

    /// The token in `mode`, falling back to the default mode when absent.
    pub fn get(&self, mode: usize, id: TokenId) -> Option<&Token> {
        self.own(mode, id)
            .or_else(|| self.own(self.default_mode, id))
    }

    /// Index of a mode by name (exact, then case-insensitive).
    pub fn mode_index(&self, name: &str) -> Option<usize> {
        self.modes.iter().position(|m| m.name == name).or_else(|| {
            self.modes
                .iter()
                .position(|m| m.name.eq_ignore_ascii_case(name))
        })
    }
}
