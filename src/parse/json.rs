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
    Null,
    Bool(bool),
    /// Always finite; `-0` is kept as `-0.0`.
    Number(f64),
    /// Borrowed from the input unless the string contained escapes.
    String(Cow<'a, str>),
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
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: if text.starts_with('\u{FEFF}') { 3 } else { 0 },
        file,
        max_depth: limits.max_depth.min(HARD_MAX_DEPTH),
    };
    p.parse_document()
}

/// One open container while parsing.
enum Frame<'a> {
    Array {
        start: usize,
        items: Vec<Node<'a>>,
    },
    Object {
        start: usize,
        members: Vec<Member<'a>>,
        key: Cow<'a, str>,
        key_pos: usize,
    },
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    file: u32,
    max_depth: usize,
}

/// Bytes that end the fast scan of a string: `"`, `\` and control characters.
static STRING_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Skips string bytes that need no attention, eight at a time (SWAR): stops at or before
/// the first `"`, `\\` or control character at or after `i`.
#[inline]
fn skip_plain(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let quote = x ^ (ONES * u64::from(b'"'));
        let slash = x ^ (ONES * u64::from(b'\\'));
        // A zero byte in `quote`/`slash`, or a byte below 0x20 in `x`, flags a stop byte.
        let hit = (quote.wrapping_sub(ONES) & !quote)
            | (slash.wrapping_sub(ONES) & !slash)
            | (x.wrapping_sub(ONES * 0x20) & !x);
        if hit & HIGH != 0 {
            break;
        }
        i += 8;
    }
    i
}

impl<'a> Parser<'a> {
    fn span(&self, offset: usize) -> Span {
        Span {
            file: self.file,
            offset: offset as u32,
        }
    }

    fn err<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, JsonError> {
        Err(JsonError {
            message: message.into(),
            span: self.span(offset),
        })
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' => {
                    // Indentation: skip runs of eight spaces at a time.
                    self.pos += 1;
                    while let Some(chunk) = self.bytes.get(self.pos..self.pos + 8) {
                        if chunk != b"        " {
                            break;
                        }
                        self.pos += 8;
                    }
                }
                b'\n' | b'\r' | b'\t' => self.pos += 1,
                _ => return,
            }
        }
    }

    /// Describes what stands at `offset` for messages: `'x'` or "end of input".
    fn found(&self, offset: usize) -> String {
        match self.text.get(offset..).and_then(|s| s.chars().next()) {
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("'{c}'"),
            None => "end of input".to_string(),
        }
    }

    fn parse_document(&mut self) -> Result<Node<'a>, JsonError> {
        self.skip_ws();
        if self.peek().is_none() {
            return self.err(self.pos, "empty input: expected a JSON value");
        }
        let root = self.parse_nested()?;
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return self.err(
                self.pos,
                format!(
                    "trailing content after the JSON value: found {}; a document holds exactly one value",
                    self.found(self.pos)
                ),
            );
        }
        Ok(root)
    }

    /// The value parser: an explicit stack instead of recursion, so depth costs heap only.
    fn parse_nested(&mut self) -> Result<Node<'a>, JsonError> {
        let mut stack: Vec<Frame<'a>> = Vec::new();
        'value: loop {
            self.skip_ws();
            let start = self.pos;
            let mut node = match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        self.node(start, Kind::Object(Vec::new()))
                    } else {
                        self.check_depth(stack.len(), start)?;
                        let (key, key_pos) = self.parse_key()?;
                        stack.push(Frame::Object {
                            start,
                            members: Vec::new(),
                            key,
                            key_pos,
                        });
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        self.node(start, Kind::Array(Vec::new()))
                    } else {
                        self.check_depth(stack.len(), start)?;
                        stack.push(Frame::Array {
                            start,
                            items: Vec::new(),
                        });
                        continue 'value;
                    }
                }
                _ => self.parse_scalar()?,
            };
            // Attach the finished value to its container; close containers as they end.
            loop {
                let Some(frame) = stack.last_mut() else {
                    return Ok(node);
                };
                let closed = match frame {
                    Frame::Array { start, items } => {
                        items.push(node);
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                let comma = self.pos;
                                self.pos += 1;
                                self.skip_ws();
                                if self.peek() == Some(b']') {
                                    return self.err(
                                        comma,
                                        "trailing comma before ']': remove the comma after the last element",
                                    );
                                }
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let start = *start;
                                let items = std::mem::take(items);
                                self.node(start, Kind::Array(items))
                            }
                            _ => {
                                let found = self.found(self.pos);
                                return self.err(
                                    self.pos,
                                    format!(
                                        "expected ',' or ']' after an array element, found {found}"
                                    ),
                                );
                            }
                        }
                    }
                    Frame::Object {
                        start,
                        members,
                        key,
                        key_pos,
                    } => {
                        members.push(Member {
                            key: std::mem::take(key),
                            key_span: Span {
                                file: self.file,
                                offset: *key_pos as u32,
                            },
                            value: node,
                        });
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                let comma = self.pos;
                                self.pos += 1;
                                self.skip_ws();
                                if self.peek() == Some(b'}') {
                                    return self.err(
                                        comma,
                                        "trailing comma before '}': remove the comma after the last member",
                                    );
                                }
                                let (k, kp) = self.parse_key()?;
                                *key = k;
                                *key_pos = kp;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let start = *start;
                                let members = std::mem::take(members);
                                self.node(start, Kind::Object(members))
                            }
                            _ => {
                                let found = self.found(self.pos);
                                return self.err(
                                    self.pos,
                                    format!("expected ',' or '}}' after an object member, found {found}"),
                                );
                            }
                        }
                    }
                };
                stack.pop();
                node = closed;
            }
        }
    }

    #[inline]
    fn node(&self, start: usize, kind: Kind<'a>) -> Node<'a> {
        Node {
            span: self.span(start),
            kind,
        }
    }

    fn check_depth(&self, open: usize, start: usize) -> Result<(), JsonError> {
        if open >= self.max_depth {
            return self.err(
                start,
                format!(
                    "nesting deeper than {} levels of arrays and objects; flatten the document",
                    self.max_depth
                ),
            );
        }
        Ok(())
    }

    /// Parses `"key"` and the `:` after it; the position is at the key.
    fn parse_key(&mut self) -> Result<(Cow<'a, str>, usize), JsonError> {
        self.skip_ws();
        let key_pos = self.pos;
        if self.peek() != Some(b'"') {
            let found = self.found(self.pos);
            return self.err(
                self.pos,
                format!("expected a string key in double quotes, found {found}"),
            );
        }
        let key = self.parse_string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            let found = self.found(self.pos);
            return self.err(
                self.pos,
                format!("expected ':' after the object key \"{key}\", found {found}"),
            );
        }
        self.pos += 1;
        Ok((key, key_pos))
    }

    fn parse_scalar(&mut self) -> Result<Node<'a>, JsonError> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'"') => Kind::String(self.parse_string()?),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.parse_number()?),
            Some(_) => {
                let found = self.found(start);
                return self.err(
                    start,
                    format!("unexpected character {found}, expected a JSON value"),
                );
            }
            None => return self.err(start, "unexpected end of input, expected a JSON value"),
        };
        Ok(self.node(start, kind))
    }

    fn literal(&mut self, word: &'static str, kind: Kind<'a>) -> Result<Kind<'a>, JsonError> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(kind)
        } else {
            self.err(
                self.pos,
                format!("invalid literal: expected `{word}` (JSON literals are lowercase true, false, null)"),
            )
        }
    }

    fn parse_number(&mut self) -> Result<f64, JsonError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return self.err(int_start, "invalid number: leading zeros are not allowed");
                }
            }
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => {
                let found = self.found(self.pos);
                return self.err(
                    self.pos,
                    format!("invalid number: expected a digit after '-', found {found}"),
                );
            }
        }
        let int_end = self.pos;
        let mut simple = true;
        if self.peek() == Some(b'.') {
            simple = false;
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                let found = self.found(self.pos);
                return self.err(
                    self.pos,
                    format!("invalid number: expected a digit after '.', found {found}"),
                );
            }
            self.skip_digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            simple = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                let found = self.found(self.pos);
                return self.err(
                    self.pos,
                    format!("invalid number: expected a digit in the exponent, found {found}"),
                );
            }
            self.skip_digits();
        }
        if simple && int_end - int_start <= 15 {
            // Exact in f64: at most 15 decimal digits.
            let mut v: u64 = 0;
            for &d in self.bytes.get(int_start..int_end).unwrap_or_default() {
                v = v * 10 + u64::from(d - b'0');
            }
            let v = v as f64;
            return Ok(if negative { -v } else { v });
        }
        let parsed = self
            .text
            .get(start..self.pos)
            .and_then(|s| s.parse::<f64>().ok());
        match parsed {
            Some(v) if v.is_finite() => Ok(v),
            _ => self.err(
                start,
                "number out of range: the value does not fit a 64-bit float",
            ),
        }
    }

    #[inline]
    fn skip_digits(&mut self) {
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Parses a string; the position is at its opening quote.
    fn parse_string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        let open = self.pos;
        let mut i = skip_plain(self.bytes, open + 1);
        loop {
            let Some(&b) = self.bytes.get(i) else {
                return self.err(open, "unterminated string: add the closing '\"'");
            };
            if STRING_STOP[b as usize] {
                match b {
                    b'"' => {
                        self.pos = i + 1;
                        return match self.text.get(open + 1..i) {
                            Some(s) => Ok(Cow::Borrowed(s)),
                            None => self.err(open, "string is not valid UTF-8"),
                        };
                    }
                    b'\\' => return self.parse_escaped(open, i).map(Cow::Owned),
                    _ => return self.control_error(i, b),
                }
            }
            i += 1;
        }
    }

    fn control_error<T>(&self, at: usize, b: u8) -> Result<T, JsonError> {
        let escape = match b {
            b'\n' => "\\n".to_string(),
            b'\r' => "\\r".to_string(),
            b'\t' => "\\t".to_string(),
            _ => format!("\\u{:04X}", b),
        };
        self.err(
            at,
            format!("control character U+{b:04X} in string: write it as {escape}"),
        )
    }

    /// The slow path once a backslash is seen at `first_escape`.
    fn parse_escaped(&mut self, open: usize, first_escape: usize) -> Result<String, JsonError> {
        let mut out = String::with_capacity(first_escape - open + 16);
        out.push_str(self.text.get(open + 1..first_escape).unwrap_or_default());
        let mut i = first_escape;
        loop {
            // Copy a run of plain characters.
            let run = i;
            i = skip_plain(self.bytes, i);
            while let Some(&b) = self.bytes.get(i) {
                if STRING_STOP[b as usize] {
                    break;
                }
                i += 1;
            }
            out.push_str(self.text.get(run..i).unwrap_or_default());
            let Some(&b) = self.bytes.get(i) else {
                return self.err(open, "unterminated string: add the closing '\"'");
            };
            match b {
                b'"' => {
                    self.pos = i + 1;
                    return Ok(out);
                }
                b'\\' => {
                    let esc = i;
                    let c = match self.bytes.get(i + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let (c, next) = self.unicode_escape(esc)?;
                            out.push(c);
                            i = next;
                            continue;
                        }
                        Some(_) => {
                            let found = self.found(i + 1);
                            return self.err(
                                esc,
                                format!(
                                    "invalid escape '\\' followed by {found} in string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
                                ),
                            );
                        }
                        None => return self.err(open, "unterminated string: add the closing '\"'"),
                    };
                    out.push(c);
                    i += 2;
                }
                _ => return self.control_error(i, b),
            }
        }
    }

    /// Reads the four hex digits of `\uXXXX` at `esc` (the backslash).
    fn hex4(&self, esc: usize) -> Result<u32, JsonError> {
        let digits = self.bytes.get(esc + 2..esc + 6).unwrap_or_default();
        if digits.len() < 4 {
            return self.err(
                esc,
                "invalid escape: \\u must be followed by four hex digits",
            );
        }
        let mut v = 0u32;
        for &d in digits {
            let h = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => {
                    return self.err(
                        esc,
                        "invalid escape: \\u must be followed by four hex digits",
                    )
                }
            };
            v = v * 16 + u32::from(h);
        }
        Ok(v)
    }

    /// Decodes `\uXXXX` (and a following low surrogate); returns the char and the next index.
    fn unicode_escape(&self, esc: usize) -> Result<(char, usize), JsonError> {
        let hi = self.hex4(esc)?;
        match hi {
            0xD800..=0xDBFF => {
                let next = esc + 6;
                let lo = if self.bytes.get(next..next + 2) == Some(b"\\u") {
                    Some(self.hex4(next)?)
                } else {
                    None
                };
                match lo {
                    Some(lo @ 0xDC00..=0xDFFF) => {
                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        match char::from_u32(cp) {
                            Some(c) => Ok((c, next + 6)),
                            None => self.err(esc, "invalid surrogate pair"),
                        }
                    }
                    _ => self.err(
                        esc,
                        format!("lone surrogate \\u{hi:04X} in string: a high surrogate must be followed by a low surrogate \\uDC00-\\uDFFF"),
                    ),
                }
            }
            0xDC00..=0xDFFF => self.err(
                esc,
                format!("lone surrogate \\u{hi:04X} in string: a low surrogate must follow a high surrogate \\uD800-\\uDBFF"),
            ),
            _ => match char::from_u32(hi) {
                Some(c) => Ok((c, esc + 6)),
                None => self.err(esc, "invalid \\u escape"),
            },
        }
    }
}

impl<'a> Node<'a> {
    /// The value of the **last** member named `key` (JSON's usual "last wins"), if this is
    /// an object.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.members()?
            .iter()
            .rev()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self.kind {
            Kind::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The boolean, if this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The members in document order (duplicates included), if this is an object.
    pub fn members(&self) -> Option<&[Member<'a>]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn items(&self) -> Option<&[Node<'a>]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Converts to a `serde_json::Value` (for `$extensions` pass-through). Duplicate keys
    /// collapse with the last one winning, at the position of the first; integral numbers
    /// within ±2^53 become JSON integers, `-0.0` stays a float.
    pub fn to_serde(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => number_to_serde(*n),
            Kind::String(s) => Value::String(s.to_string()),
            Kind::Array(items) => Value::Array(items.iter().map(Node::to_serde).collect()),
            Kind::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for m in members {
                    map.insert(m.key.to_string(), m.value.to_serde());
                }
                Value::Object(map)
            }
        }
    }

    /// Detaches the tree from the input text (copies borrowed strings).
    pub fn into_owned(self) -> Node<'static> {
        let kind = match self.kind {
            Kind::Null => Kind::Null,
            Kind::Bool(b) => Kind::Bool(b),
            Kind::Number(n) => Kind::Number(n),
            Kind::String(s) => Kind::String(Cow::Owned(s.into_owned())),
            Kind::Array(items) => Kind::Array(items.into_iter().map(Node::into_owned).collect()),
            Kind::Object(members) => Kind::Object(
                members
                    .into_iter()
                    .map(|m| Member {
                        key: Cow::Owned(m.key.into_owned()),
                        key_span: m.key_span,
                        value: m.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        Node {
            span: self.span,
            kind,
        }
    }

    /// The JSON type name for messages: `null`, `boolean`, `number`, `string`, `array`,
    /// `object`.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::Array(_) => "array",
            Kind::Object(_) => "object",
        }
    }
}

fn number_to_serde(n: f64) -> serde_json::Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && n.abs() <= EXACT && !(n == 0.0 && n.is_sign_negative()) {
        return serde_json::Value::from(n as i64);
    }
    serde_json::Number::from_f64(n)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}

/// Tolerant pre-pass for JSON with comments (DTCG deviation D-18): blanks out `//` and
/// `/* */` comments and trailing commas outside strings, replacing them with spaces (line
/// breaks kept) so byte offsets and line numbers of the result match the original text.
/// Returns `None` when the text had none of them; the caller then warns that the file is
/// not strict JSON.
pub fn strip_jsonc(text: &str) -> Option<String> {
    let mut out = text.as_bytes().to_vec();
    let mut changed = false;
    // Pass 1: comments.
    let mut i = 0;
    let mut in_string = false;
    while let Some(&b) = out.get(i) {
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match (b, out.get(i + 1).copied()) {
            (b'"', _) => {
                in_string = true;
                i += 1;
            }
            (b'/', Some(b'/')) => {
                changed = true;
                while let Some(c) = out.get_mut(i) {
                    if *c == b'\n' {
                        break;
                    }
                    *c = b' ';
                    i += 1;
                }
            }
            (b'/', Some(b'*')) => {
                changed = true;
                let end = out
                    .get(i + 2..)
                    .and_then(|rest| rest.windows(2).position(|w| w == b"*/"))
                    .map(|p| i + 2 + p + 1);
                let stop = end.map_or(out.len(), |e| e + 1);
                for c in out.iter_mut().take(stop).skip(i) {
                    if *c != b'\n' && *c != b'\r' {
                        *c = b' ';
                    }
                }
                i = stop;
            }
            _ => i += 1,
        }
    }
    // Pass 2: trailing commas (comments are blank now).
    let mut i = 0;
    let mut in_string = false;
    while let Some(&b) = out.get(i) {
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b',' {
            let next = out
                .iter()
                .skip(i + 1)
                .find(|c| !matches!(c, b' ' | b'\n' | b'\r' | b'\t'));
            if let Some(b']' | b'}') = next {
                if let Some(c) = out.get_mut(i) {
                    *c = b' ';
                }
                changed = true;
            }
        }
        i += 1;
    }
    changed.then(|| String::from_utf8_lossy(&out).into_owned())
}
