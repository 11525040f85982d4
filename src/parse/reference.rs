//! Reference syntax: curly aliases (`"{a.b}"`), JSON Pointers (`"#/a/b~1c/$value"`) and
//! references embedded in longer strings (`"inset 0 0 0 {borderWidth.thin}"`).
//!
//! These functions only read the syntax; whether a target exists is decided by the callers
//! (pointers, against the document tree in [`super::dtcg`]) or by alias-graph construction
//! (curly aliases, which may target tokens defined in other files or modes).
//!
//! ```
//! use tokencraft::parse::reference::{curly, parse_pointer, Curly};
//! assert_eq!(curly("{color.brand}"), Ok(Curly::Alias("color.brand")));
//! assert_eq!(curly("16px"), Ok(Curly::NotRef));
//! assert!(curly("{a..b}").is_err());
//! let p = parse_pointer("#/a/b~1c/$value/components/0").unwrap();
//! assert_eq!(p.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(), ["a", "b/c", "$value", "components", "0"]);
//! ```

/// What a whole JSON string is, seen as a curly alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curly<'s> {
    /// Not an alias: plain text (possibly with embedded references, see [`embedded`]).
    NotRef,
    /// The whole string is `{path}`; the path between the braces, untrimmed.
    Alias(&'s str),
}

/// A syntax error in a reference, with a message saying what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefSyntaxError {
    /// What is wrong, in one sentence (no location; the caller adds it).
    pub message: String,
}

impl RefSyntaxError {
    fn new(message: impl Into<String>) -> Self {
        RefSyntaxError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for RefSyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Checks that every `{` is closed by a `}` before the next `{`, and that no `}` stands alone.
fn check_braces(s: &str) -> Result<(), RefSyntaxError> {
    let mut open = false;
    // Braces are ASCII, so scanning bytes finds exactly the characters `chars()` would.
    for &c in s.as_bytes() {
        match c {
            b'{' if open => {
                return Err(RefSyntaxError::new(format!(
                    "unbalanced braces in `{s}`: a `{{` opens inside another reference"
                )))
            }
            b'{' => open = true,
            b'}' if !open => {
                return Err(RefSyntaxError::new(format!(
                    "unbalanced braces in `{s}`: a `}}` closes a reference that was never opened"
                )))
            }
            b'}' => open = false,
            _ => {}
        }
    }
    if open {
        return Err(RefSyntaxError::new(format!(
            "unbalanced braces in `{s}`: a `{{` is never closed"
        )));
    }
    Ok(())
}

/// Checks the dot path inside braces: not empty, no empty segment.
pub fn check_path(path: &str) -> Result<(), RefSyntaxError> {
    if path.trim().is_empty() {
        return Err(RefSyntaxError::new(format!(
            "empty reference `{{{path}}}`: a reference names a token path such as `{{color.brand}}`"
        )));
    }
    // Same as "some `.`-separated segment is empty", without splitting.
    let b = path.as_bytes();
    let empty_segment =
        b.first() == Some(&b'.') || b.last() == Some(&b'.') || b.windows(2).any(|w| w == b"..");
    if empty_segment {
        return Err(RefSyntaxError::new(format!(
            "empty name segment in reference `{{{path}}}`: paths are names joined by single dots"
        )));
    }
    Ok(())
}

/// Reads a whole string as a curly alias.
///
/// Only a string that starts with `{` and whose first `}` is its last character is an alias.
/// A string with braces that are not balanced (`"{a.b"`, `"{a{b}}"`) or with an empty
/// path or segment (`"{}"`, `"{a..b}"`) is an error. A string with several balanced
/// references or text around them is [`Curly::NotRef`] (see [`embedded`]).
pub fn curly(s: &str) -> Result<Curly<'_>, RefSyntaxError> {
    if !s.starts_with('{') {
        return Ok(Curly::NotRef);
    }
    check_braces(s)?;
    // Balanced and starting with `{`: the first `}` closes the first reference.
    let close = s.bytes().position(|b| b == b'}').unwrap_or(s.len());
    if close + 1 != s.len() {
        return Ok(Curly::NotRef);
    }
    let path = s.get(1..close).unwrap_or_default();
    check_path(path)?;
    Ok(Curly::Alias(path))
}

/// A piece of a string with embedded references, borrowed from the string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbeddedPiece<'s> {
    /// Literal text.
    Text(&'s str),
    /// A reference; the path between the braces.
    Ref(&'s str),
}

/// Splits a string into text and `{path}` references. Returns `Ok(None)` when the string
/// contains no brace at all. Malformed references are errors.
pub fn embedded(s: &str) -> Result<Option<Vec<EmbeddedPiece<'_>>>, RefSyntaxError> {
    if !s.contains(['{', '}']) {
        return Ok(None);
    }
    check_braces(s)?;
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        if let Some(text) = rest.get(..open).filter(|t| !t.is_empty()) {
            pieces.push(EmbeddedPiece::Text(text));
        }
        let after = rest.get(open + 1..).unwrap_or_default();
        let close = after.find('}').unwrap_or(after.len());
        let path = after.get(..close).unwrap_or_default();
        check_path(path)?;
        pieces.push(EmbeddedPiece::Ref(path));
        rest = after.get(close + 1..).unwrap_or("");
    }
    if !rest.is_empty() {
        pieces.push(EmbeddedPiece::Text(rest));
    }
    Ok(Some(pieces))
}

/// One segment of a JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointerSegment {
    /// The segment with `~1`/`~0` unescaped, not percent-decoded (spec examples write
    /// `#/brand colors/primary` raw, so a raw match is tried first).
    pub key: String,
    /// The percent-decoded form, when the segment contains `%XX` escapes and decoding
    /// changes it.
    pub decoded: Option<String>,
}

impl PointerSegment {
    /// The array index this segment denotes, if it is one under RFC 6901 (digits, no
    /// leading zero except `0` itself). `-` and anything else are not indices.
    pub fn index(&self) -> Option<usize> {
        let k = self.key.as_str();
        let digits = !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit());
        if !digits || (k.len() > 1 && k.starts_with('0')) {
            return None;
        }
        k.parse().ok()
    }
}

/// Parses a same-document JSON Pointer in URI-fragment form (`#/a/b`). `#` alone is the
/// document root (an empty list).
pub fn parse_pointer(s: &str) -> Result<Vec<PointerSegment>, RefSyntaxError> {
    let Some(body) = s.strip_prefix('#') else {
        return Err(if s.contains('#') {
            RefSyntaxError::new(format!(
                "`{s}` points into another file; only same-document pointers such as `#/color/brand` are supported in token files"
            ))
        } else {
            RefSyntaxError::new(format!(
                "`{s}` is not a JSON Pointer: a `$ref` must start with `#/`, e.g. `#/color/brand`"
            ))
        });
    };
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let Some(body) = body.strip_prefix('/') else {
        return Err(RefSyntaxError::new(format!(
            "`{s}` is not a JSON Pointer: after `#` a pointer must start with `/`, e.g. `#/color/brand`"
        )));
    };
    body.split('/')
        .map(|raw| {
            let key = unescape_tilde(raw, s)?;
            let decoded = if raw.contains('%') {
                let d = percent_decode(raw, s)?;
                let d = unescape_tilde(&d, s)?;
                (d != key).then_some(d)
            } else {
                None
            };
            Ok(PointerSegment { key, decoded })
        })
        .collect()
}

fn unescape_tilde(seg: &str, whole: &str) -> Result<String, RefSyntaxError> {
    unescape_segment(seg).ok_or_else(|| {
        RefSyntaxError::new(format!(
            "invalid escape in JSON Pointer `{whole}`: `~` must be followed by `0` (for `~`) or `1` (for `/`)"
        ))
    })
}

/// Decodes the RFC 6901 escapes of one pointer segment (`~0` → `~`, `~1` → `/`); `None`
/// when a `~` is followed by anything else.
pub(crate) fn unescape_segment(seg: &str) -> Option<String> {
    if !seg.contains('~') {
        return Some(seg.to_owned());
    }
    let mut out = String::with_capacity(seg.len());
    let mut chars = seg.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('0') => out.push('~'),
            Some('1') => out.push('/'),
            _ => return None,
        }
    }
    Some(out)
}

fn percent_decode(seg: &str, whole: &str) -> Result<String, RefSyntaxError> {
    let bytes = seg.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'%' {
            out.push(b);
            i += 1;
            continue;
        }
        let hex = |j: usize| bytes.get(j).and_then(|c| (*c as char).to_digit(16));
        match (hex(i + 1), hex(i + 2)) {
            (Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            _ => {
                return Err(RefSyntaxError::new(format!(
                    "invalid percent-escape in JSON Pointer `{whole}`: `%` must be followed by two hex digits"
                )))
            }
        }
    }
    String::from_utf8(out).map_err(|_| {
        RefSyntaxError::new(format!(
            "percent-escapes in JSON Pointer `{whole}` do not decode to UTF-8 text"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_checks_agree_with_splitting_on_dots() {
        for path in [
            "a", "a.b", ".a", "a.", "a..b", "..", ".", "a.b.c", " a . b ", "a. .b", "é.ü", "a...b",
        ] {
            let split_says_bad =
                path.trim().is_empty() || path.split('.').any(|seg| seg.is_empty());
            assert_eq!(check_path(path).is_err(), split_says_bad, "{path:?}");
        }
    }

    #[test]
    fn curly_aliases() {
        assert_eq!(curly("{a.b}"), Ok(Curly::Alias("a.b")));
        assert_eq!(
            curly("{brand colors.primary}"),
            Ok(Curly::Alias("brand colors.primary"))
        );
        assert_eq!(curly("{ a.b }"), Ok(Curly::Alias(" a.b ")));
        assert_eq!(curly("{a}{b}"), Ok(Curly::NotRef));
        assert_eq!(curly("{a} px"), Ok(Curly::NotRef));
        assert_eq!(curly("x {a}"), Ok(Curly::NotRef));
        assert_eq!(curly("#fff"), Ok(Curly::NotRef));
    }

    #[test]
    fn curly_errors_have_exact_messages() {
        let cases = [
            (
                "{}",
                "empty reference `{}`: a reference names a token path such as `{color.brand}`",
            ),
            (
                "{ }",
                "empty reference `{ }`: a reference names a token path such as `{color.brand}`",
            ),
            (
                "{a..b}",
                "empty name segment in reference `{a..b}`: paths are names joined by single dots",
            ),
            (
                "{a.}",
                "empty name segment in reference `{a.}`: paths are names joined by single dots",
            ),
            ("{a.b", "unbalanced braces in `{a.b`: a `{` is never closed"),
            (
                "{a{b}}",
                "unbalanced braces in `{a{b}}`: a `{` opens inside another reference",
            ),
            (
                "{a}}",
                "unbalanced braces in `{a}}`: a `}` closes a reference that was never opened",
            ),
        ];
        for (input, message) in cases {
            assert_eq!(
                curly(input).map_err(|e| e.message),
                Err(message.to_owned()),
                "{input}"
            );
        }
    }

    #[test]
    fn embedded_references() {
        assert_eq!(embedded("16px"), Ok(None));
        assert_eq!(
            embedded("inset 0 0 0 {borderWidth.thin}"),
            Ok(Some(vec![
                EmbeddedPiece::Text("inset 0 0 0 "),
                EmbeddedPiece::Ref("borderWidth.thin")
            ]))
        );
        assert_eq!(
            embedded("{a}/{b} x"),
            Ok(Some(vec![
                EmbeddedPiece::Ref("a"),
                EmbeddedPiece::Text("/"),
                EmbeddedPiece::Ref("b"),
                EmbeddedPiece::Text(" x")
            ]))
        );
        assert!(embedded("a {} b").is_err());
        assert!(embedded("a } b").is_err());
    }

    #[test]
    fn pointers() {
        let keys = |s: &str| {
            parse_pointer(s).map(|p| {
                p.into_iter()
                    .map(|s| (s.key, s.decoded))
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(keys("#"), Ok(vec![]));
        assert_eq!(
            keys("#/a~1b/c~0d"),
            Ok(vec![("a/b".into(), None), ("c~d".into(), None)])
        );
        assert_eq!(
            keys("#/brand%20colors"),
            Ok(vec![("brand%20colors".into(), Some("brand colors".into()))])
        );
        assert_eq!(
            keys("#/brand colors/primary"),
            Ok(vec![
                ("brand colors".into(), None),
                ("primary".into(), None)
            ])
        );
        assert_eq!(
            keys("#/a%7E1"),
            Ok(vec![("a%7E1".into(), Some("a/".into()))])
        );
    }

    #[test]
    fn pointer_errors_have_exact_messages() {
        let cases = [
            ("a/b", "`a/b` is not a JSON Pointer: a `$ref` must start with `#/`, e.g. `#/color/brand`"),
            ("#a", "`#a` is not a JSON Pointer: after `#` a pointer must start with `/`, e.g. `#/color/brand`"),
            ("other.json#/a", "`other.json#/a` points into another file; only same-document pointers such as `#/color/brand` are supported in token files"),
            ("#/a~2", "invalid escape in JSON Pointer `#/a~2`: `~` must be followed by `0` (for `~`) or `1` (for `/`)"),
            ("#/a%zz", "invalid percent-escape in JSON Pointer `#/a%zz`: `%` must be followed by two hex digits"),
            ("#/a%ff", "percent-escapes in JSON Pointer `#/a%ff` do not decode to UTF-8 text"),
        ];
        for (input, message) in cases {
            assert_eq!(
                parse_pointer(input).map_err(|e| e.message),
                Err(message.to_owned()),
                "{input}"
            );
        }
    }

    #[test]
    fn indices_follow_rfc_6901() {
        let seg = |k: &str| PointerSegment {
            key: k.into(),
            decoded: None,
        };
        assert_eq!(seg("0").index(), Some(0));
        assert_eq!(seg("12").index(), Some(12));
        assert_eq!(seg("01").index(), None);
        assert_eq!(seg("-").index(), None);
        assert_eq!(seg("").index(), None);
        assert_eq!(seg("1e2").index(), None);
    }

    proptest::proptest! {
        #[test]
        fn curly_aliases_round_trip(path in "[a-z][a-z /~-]{0,7}(\\.[a-z /~-]{1,8}){0,3}") {
            let text = format!("{{{path}}}");
            proptest::prop_assert_eq!(curly(&text), Ok(Curly::Alias(path.as_str())));
        }

        #[test]
        fn pointers_round_trip(segs in proptest::collection::vec("[a-z~/ %$]{0,6}", 0..5)) {
            let escaped: Vec<String> = segs.iter().map(|s| s.replace('~', "~0").replace('/', "~1")).collect();
            let text = format!("#{}", escaped.iter().map(|s| format!("/{s}")).collect::<String>());
            let parsed = parse_pointer(&text);
            proptest::prop_assert!(parsed.is_ok() || segs.iter().any(|s| s.contains('%')), "{text}");
            if let Ok(p) = parsed {
                let keys: Vec<String> = p.into_iter().map(|s| s.key).collect();
                proptest::prop_assert_eq!(keys, segs);
            }
        }

        #[test]
        fn arbitrary_strings_never_panic(s in "\\PC{0,40}") {
            let _ = curly(&s);
            let _ = embedded(&s);
            let _ = parse_pointer(&s);
        }
    }
}
