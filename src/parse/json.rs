//! A fast JSON (RFC 8259) reader that records where every value and key starts.
//!
//! The tree keeps object members in document order **including duplicate keys** (the
//! DTCG layer reports them), borrows strings from the input when they contain no escape,
//! and never recurses on input depth while parsing: nesting is tracked on an explicit
//! stack and bounded by [`Limits::max_depth`].
//!
//! ```
//! use tokencraft::parse::json::{parse, Limits};
//! let doc = parse(r#"{"a": {"$value": 1.5}}"#, 0, &Limits::default()).unwrap();
//! let value = doc.get("a").and_then(|a| a.get("$value")).and_then(|v| v.as_f64());
//! assert_eq!(value, Some(1.5));
//! ```

mod jsonc;
mod node;
mod parser;

pub use jsonc::strip_jsonc;

use crate::model::Span;
use std::borrow::Cow;
use std::fmt;

/// Hard cap on [`Limits::max_depth`]: the tree's own `Drop`, [`Node::to_serde`] and
/// [`Node::into_owned`] recurse once per level, so depth is kept well within a thread's stack.
pub const HARD_MAX_DEPTH: usize = 4096;

/// One JSON value and the position of its first character.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    /// Where the value starts (`{`, `[`, `"`, the first digit or letter).
    pub span: Span,
    /// The value.
    pub kind: Kind<'a>,
}

/// The shape of a JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Always finite; `-0` is kept as `-0.0`.
    Number(f64),
    /// Borrowed from the input unless the string contained escapes.
    String(Cow<'a, str>),
    /// Elements in document order.
    Array(Vec<Node<'a>>),
    /// Members in document order, duplicates kept.
    Object(Vec<Member<'a>>),
}

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    /// The key, unescaped.
    pub key: Cow<'a, str>,
    /// Where the key's opening quote is.
    pub key_span: Span,
    /// The value.
    pub value: Node<'a>,
}

/// Resource limits for [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of arrays and objects accepted (default 256, capped at
    /// [`HARD_MAX_DEPTH`]).
    pub max_depth: usize,
    /// Largest input accepted, in bytes (default 256 MiB; at most `u32::MAX` because spans
    /// store 32-bit offsets).
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 256,
            max_bytes: 256 * 1024 * 1024,
        }
    }
}

/// Why a text is not valid JSON, and where (byte offset in [`JsonError::span`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What is wrong, in one sentence, with a hint on how to fix it where one helps.
    pub message: String,
    /// The file and byte offset of the offending character.
    pub span: Span,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.span.offset)
    }
}

impl std::error::Error for JsonError {}

/// Parses `text` (file index `file` of the caller's [`SourceMap`](crate::model::SourceMap))
/// into a [`Node`] tree. A UTF-8 byte-order mark at the start is skipped; spans stay byte
/// offsets into `text` as given.
pub fn parse<'a>(text: &'a str, file: u32, limits: &Limits) -> Result<Node<'a>, JsonError> {
    let max_bytes = limits.max_bytes.min(u32::MAX as usize);
    if text.len() > max_bytes {
        return Err(JsonError {
            message: format!(
                "input is {} bytes, larger than the limit of {} bytes; split the document or raise the limit",
                text.len(),
                max_bytes
            ),
            span: Span { file, offset: 0 },
        });
    }
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    parser::parse_document(text, file, start, limits.max_depth.min(HARD_MAX_DEPTH))
}
