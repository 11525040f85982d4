//! The one writer every emitter uses: indentation, line handling, and escaping of names,
//! strings and comments per language. No emitter escapes text by hand.
//!
//! Every escaper guarantees that its output, placed where it is meant to go (inside a
//! string literal, a comment, an identifier position, XML text or attribute), cannot end
//! that construct early or inject anything: quotes, comment terminators, `}`, `;`, `<`,
//! `&`, `\`, newlines and non-ASCII text are all handled.

use std::fmt::Write as _;

/// Builds a text file line by line with a fixed indent unit.
#[derive(Debug, Clone)]
pub struct Writer {
    out: String,
    depth: usize,
    unit: &'static str,
}

impl Writer {
    /// A writer indenting by `unit` per level (e.g. two or four spaces).
    pub fn new(unit: &'static str) -> Self {
        Writer {
            out: String::new(),
            depth: 0,
            unit,
        }
    }

    /// A writer with reserved capacity.
    pub fn with_capacity(unit: &'static str, bytes: usize) -> Self {
        Writer {
            out: String::with_capacity(bytes),
            depth: 0,
            unit,
        }
    }

    /// A writer appending to `out` (take it back with [`Writer::finish`]).
    pub fn on(unit: &'static str, out: String) -> Self {
        Writer {
            out,
            depth: 0,
            unit,
        }
    }

    /// Writes one line at the current indent. `text` must not contain a newline (escapers
    /// never produce one).
    pub fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str(self.unit);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Writes one line built from pieces, without an intermediate allocation.
    pub fn line_parts(&mut self, parts: &[&str]) {
        for _ in 0..self.depth {
            self.out.push_str(self.unit);
        }
        for p in parts {
            self.out.push_str(p);
        }
        self.out.push('\n');
    }

    /// Writes one line whose text `f` appends to the buffer (no intermediate string). `f`
    /// must not write a newline.
    pub fn line_with(&mut self, f: impl FnOnce(&mut String)) {
        for _ in 0..self.depth {
            self.out.push_str(self.unit);
        }
        f(&mut self.out);
        self.out.push('\n');
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Writes `text` and indents one level.
    pub fn open(&mut self, text: &str) {
        self.line(text);
        self.depth += 1;
    }

    /// Outdents one level and writes `text`.
    pub fn close(&mut self, text: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(text);
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Replaces line breaks (CR, LF, U+2028, U+2029, NEL) and other control characters with
/// spaces, so text stays on one line.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Text for a `/* … */` comment (CSS, SCSS, JS): one line, `*/` cannot close it.
pub fn block_comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    block_comment_into(&mut out, text);
    out
}

/// Appends [`block_comment`]'s result to `out`: line breaks and control characters become
/// spaces, `*/` becomes `*\/`, `</` becomes `< /` (a comment inside an HTML `<style>` or
/// `<script>` must not end it) and `#{` becomes `# {` (Sass interpolates `#{` inside `/* */`
/// comments, and refuses it in the plain CSS files it also reads).
pub fn block_comment_into(out: &mut String, text: &str) {
    let mut prev = ' ';
    for c in text.chars() {
        let c = if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            ' '
        } else {
            c
        };
        match (prev, c) {
            ('*', '/') => out.push_str("\\/"),
            ('<', '/') => out.push_str(" /"),
            ('#', '{') => out.push_str(" {"),
            _ => out.push(c),
        }
        prev = c;
    }
}

/// Text for a `//` or `///` comment (Swift, Kotlin, Dart, JS): one line. `*/` is also
/// broken up, in case the comment ends up inside a block comment.
pub fn line_comment(text: &str) -> String {
    block_comment(text)
}

/// Text for an XML comment: one line, no `--`, no trailing `-`, no XML-invalid characters.
pub fn xml_comment(text: &str) -> String {
    let mut s = xml_chars(&one_line(text));
    while s.contains("--") {
        s = s.replace("--", "- -");
    }
    if s.ends_with('-') {
        s.push(' ');
    }
    s
}

/// Drops characters XML 1.0 does not allow.
fn xml_chars(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        })
        .collect()
}

/// XML character data: `&`, `<`, `>` escaped; quotes too, so it is also safe in attributes.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in xml_chars(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// An Android string resource value: Android's own escapes (`\\`, `\'`, `\"`, `\n`, a
/// leading `@` or `?`), then XML escapes.
pub fn android_string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    for (i, c) in text.chars().enumerate() {
        match c {
            '\\' => s.push_str("\\\\"),
            '\'' => s.push_str("\\'"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            '@' | '?' if i == 0 => {
                s.push('\\');
                s.push(c);
            }
            c => s.push(c),
        }
    }
    xml_text(&s)
}

/// A CSS identifier fragment (after `--`): characters outside `[A-Za-z0-9_-]` are written
/// as hex escapes (`\7d `), so `}`, `;`, quotes and non-ASCII text cannot break out.
pub fn css_ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    css_ident_into(&mut out, name);
    out
}

/// Appends [`css_ident`]'s result to `out`.
pub fn css_ident_into(out: &mut String, name: &str) {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    if name.bytes().all(plain) {
        out.push_str(name);
        return;
    }
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", c as u32);
        }
    }
}

/// A double-quoted CSS string. Also safe in SCSS (no `#{` interpolation) and inside an
/// HTML `<style>` element (no `<`).
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    css_string_into(&mut out, text);
    out
}

/// Appends [`css_string`]'s result to `out`.
pub fn css_string_into(out: &mut String, text: &str) {
    // Fast path: nothing to escape (the common case), copied in one piece.
    let plain = |b: u8| {
        b == b' '
            || b.is_ascii_graphic()
                && !matches!(b, b'"' | b'\\' | b'<' | b'>' | b'&' | b'#' | b'\'')
    };
    out.push('"');
    if text.bytes().all(plain) {
        out.push_str(text);
        out.push('"');
        return;
    }
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii_graphic() && !matches!(c, '<' | '>' | '&' | '#' | '\'') || c == ' ' => {
                out.push(c)
            }
            c if !c.is_ascii() && !c.is_control() && c != '\u{2028}' && c != '\u{2029}' => {
                out.push(c)
            }
            c => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
        }
    }
    out.push('"');
}

/// A double-quoted JSON / JavaScript / TypeScript string literal; `<`, `>`, `&`, U+2028
/// and U+2029 are escaped too, so it is safe inside HTML and in every JS version.
pub fn js_string(text: &str) -> String {
    c_string(text, false, &['<', '>', '&'], CodePoint::Hex4)
}

/// A JSON string literal exactly as `serde_json` writes it (`"`, `\\` and control
/// characters escaped; everything else verbatim), appended to `out`.
pub fn json_string_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let needs_escape = |b: &u8| *b < 0x20 || *b == b'"' || *b == b'\\';
    out.push('"');
    // Fast path: the text up to the first byte that needs an escape is copied in one
    // piece (all of it, usually).
    let Some(first) = bytes.iter().position(needs_escape) else {
        out.push_str(text);
        out.push('"');
        return;
    };
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// A Swift string literal (`\(` cannot start an interpolation: the backslash is escaped).
pub fn swift_string(text: &str) -> String {
    c_string(text, false, &[], CodePoint::Braced)
}

/// A Dart string literal (`$` cannot start an interpolation).
pub fn dart_string(text: &str) -> String {
    c_string(text, true, &[], CodePoint::Braced)
}

/// A Kotlin string literal (`$` cannot start a template).
pub fn kotlin_string(text: &str) -> String {
    c_string(text, true, &[], CodePoint::Hex4)
}

/// How a C-family string literal writes a character by its code point.
#[derive(Clone, Copy)]
enum CodePoint {
    /// `\u00e9` (JavaScript, Kotlin).
    Hex4,
    /// `\u{e9}` (Swift, Dart).
    Braced,
}

/// A double-quoted C-family string literal: `"`, `\`, newline, carriage return and tab get
/// their short escapes, `$` too when `dollar` (string templates), and control characters,
/// U+2028, U+2029 and the characters in `also` are written by code point.
fn c_string(text: &str, dollar: bool, also: &[char], form: CodePoint) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if dollar => out.push_str("\\$"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || also.contains(&c) => {
                let _ = match form {
                    CodePoint::Hex4 => write!(out, "\\u{:04x}", c as u32),
                    CodePoint::Braced => write!(out, "\\u{{{:x}}}", c as u32),
                };
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_table() {
        let hostile = "a*/b}c;d\"e'f<g&h\\i\nj é";
        assert_eq!(block_comment(hostile), "a*\\/b}c;d\"e'f<g&h\\i j é");
        assert_eq!(
            block_comment("*//x </a <</b *</ \u{2028}"),
            "*\\//x < /a << /b *< /  "
        );
        assert_eq!(
            xml_text(hostile),
            "a*/b}c;d&quot;e&apos;f&lt;g&amp;h\\i&#10;j é"
        );
        assert_eq!(xml_comment("a--b-"), "a- -b- ");
        assert_eq!(css_ident("a}b;c é"), "a\\7d b\\3b c\\20 \\e9 ");
        assert_eq!(
            css_string(hostile),
            "\"a*/b}c;d\\\"e\\27 f\\3c g\\26 h\\\\i\\a j é\""
        );
        assert_eq!(
            js_string(hostile),
            "\"a*/b}c;d\\\"e'f\\u003cg\\u0026h\\\\i\\nj é\""
        );
        assert_eq!(swift_string("\\(x)\"\n"), "\"\\\\(x)\\\"\\n\"");
        assert_eq!(kotlin_string("${x}"), "\"\\${x}\"");
        assert_eq!(dart_string("$x\u{1}"), "\"\\$x\\u{1}\"");
        assert_eq!(android_string("@it's"), "\\@it\\&apos;s");
    }

    #[test]
    fn writer_indents() {
        let mut w = Writer::new("  ");
        w.open(":root {");
        w.line("--a: 1;");
        w.close("}");
        assert_eq!(w.finish(), ":root {\n  --a: 1;\n}\n");
    }
}
