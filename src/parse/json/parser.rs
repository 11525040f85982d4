//! The byte-level parser behind [`super::parse`].

mod number;

use super::{JsonError, Kind, Member, Node};

/// Errors are rare: boxing them keeps every `Result` as small as its value.
type PResult<T> = Result<T, Box<JsonError>>;
use crate::model::Span;
use std::borrow::Cow;

/// Parses a whole document starting at byte `start` (after a BOM).
pub(super) fn parse_document(
    text: &str,
    file: u32,
    start: usize,
    max_depth: usize,
) -> Result<Node<'_>, JsonError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: start,
        file,
        max_depth,
    };
    p.parse_document().map_err(|e| *e)
}

/// One open container while parsing: where it starts in the text and where its
/// elements/members start on the scratch stack.
#[derive(Clone, Copy)]
enum Frame {
    Array { start: usize, base: usize },
    Object { start: usize, base: usize },
}

/// Elements, members and pending keys of every open container (shared scratch stacks).
#[derive(Default)]
struct Open<'a> {
    items: Vec<Node<'a>>,
    members: Vec<Member<'a>>,
    /// The key of the member being parsed, one per open object.
    keys: Vec<(Cow<'a, str>, Span)>,
}

impl<'a> Open<'a> {
    /// Stores a finished value in the innermost open container; returns it when there is
    /// none (the value is the document's root).
    #[inline(always)]
    fn store(&mut self, top: Option<&Frame>, node: Node<'a>) -> Option<Node<'a>> {
        match top {
            None => return Some(node),
            Some(Frame::Array { .. }) => self.items.push(node),
            Some(Frame::Object { .. }) => {
                if let Some((key, key_span)) = self.keys.pop() {
                    self.members.push(Member {
                        key,
                        key_span,
                        value: node,
                    });
                }
            }
        }
        None
    }
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
        let hit = hit & HIGH;
        if hit != 0 {
            // The lowest flagged byte is exact (borrows only disturb bytes above a real
            // hit): land on it instead of walking there byte by byte.
            return i + (hit.trailing_zeros() / 8) as usize;
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

    #[cold]
    #[inline(never)]
    fn err<T>(&self, offset: usize, message: impl Into<String>) -> PResult<T> {
        Err(Box::new(JsonError {
            message: message.into(),
            span: self.span(offset),
        }))
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\n' => {
                    self.pos += 1;
                    self.skip_spaces();
                }
                b'\r' | b'\t' => self.pos += 1,
                _ => return,
            }
        }
    }

    /// Skips a run of spaces (indentation) eight bytes at a time.
    #[inline]
    fn skip_spaces(&mut self) {
        const SPACES: u64 = 0x2020_2020_2020_2020;
        while let Some(chunk) = self.bytes.get(self.pos..self.pos + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let diff = u64::from_le_bytes(word) ^ SPACES;
            if diff != 0 {
                // The lowest non-zero byte is the first non-space.
                self.pos += (diff.trailing_zeros() / 8) as usize;
                return;
            }
            self.pos += 8;
        }
        while self.bytes.get(self.pos) == Some(&b' ') {
            self.pos += 1;
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

    fn parse_document(&mut self) -> PResult<Node<'a>> {
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
    /// Elements and members of open containers wait on two shared scratch stacks and are
    /// moved into an exactly sized `Vec` when their container closes.
    fn parse_nested(&mut self) -> PResult<Node<'a>> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut open = Open::default();
        'value: loop {
            self.skip_ws();
            let start = self.pos;
            let node = match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        self.node(start, Kind::Object(Vec::new()))
                    } else {
                        self.check_depth(stack.len(), start)?;
                        stack.push(Frame::Object {
                            start,
                            base: open.members.len(),
                        });
                        open.keys.push(self.parse_key()?);
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
                            base: open.items.len(),
                        });
                        continue 'value;
                    }
                }
                _ => {
                    let kind = self.parse_scalar_kind()?;
                    self.node(start, kind)
                }
            };
            if let Some(root) = open.store(stack.last(), node) {
                return Ok(root);
            }
            // After a value inside the innermost open container: a comma, or its end.
            loop {
                let Some(&frame) = stack.last() else {
                    return self.err(self.pos, "internal error: no open container");
                };
                self.skip_ws();
                let closed = match frame {
                    Frame::Array { start, base } => match self.peek() {
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
                            let list = open.items.split_off(base);
                            self.node(start, Kind::Array(list))
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
                    },
                    Frame::Object { start, base } => {
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
                                open.keys.push(self.parse_key()?);
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let list = open.members.split_off(base);
                                self.node(start, Kind::Object(list))
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
                if let Some(root) = open.store(stack.last(), closed) {
                    return Ok(root);
                }
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

    fn check_depth(&self, open: usize, start: usize) -> PResult<()> {
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

    /// Parses `"key"` and the `:` after it; returns the key and where it starts.
    #[inline]
    fn parse_key(&mut self) -> PResult<(Cow<'a, str>, Span)> {
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
        Ok((key, self.span(key_pos)))
    }

    /// A string, number or literal at the current position.
    #[inline]
    fn parse_scalar_kind(&mut self) -> PResult<Kind<'a>> {
        let start = self.pos;
        Ok(match self.peek() {
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
        })
    }

    fn literal(&mut self, word: &'static str, kind: Kind<'a>) -> PResult<Kind<'a>> {
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

    /// Parses a string; the position is at its opening quote.
    fn parse_string(&mut self) -> PResult<Cow<'a, str>> {
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

    fn control_error<T>(&self, at: usize, b: u8) -> PResult<T> {
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
    fn parse_escaped(&mut self, open: usize, first_escape: usize) -> PResult<String> {
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
    fn hex4(&self, esc: usize) -> PResult<u32> {
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
    fn unicode_escape(&self, esc: usize) -> PResult<(char, usize)> {
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
