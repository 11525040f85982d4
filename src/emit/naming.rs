//! Output names: case transforms, prefix, and collision detection.
//!
//! A dot path is split into words: ASCII letters and digits form words, `.`, `-`, `_` and
//! whitespace separate them, a lower-case letter or digit followed by an upper-case
//! letter starts a new word (`fontSize` → `font`, `size`), a `$root` segment is dropped,
//! and any other character becomes a word of its own, `u` + its code point in hex
//! (`café` → `caf`, `ue9`). Names are therefore always plain ASCII identifiers.

use crate::error::{Diagnostic, Diagnostics};
use crate::model::{TokenId, TokenSet};
use std::collections::HashMap;

/// The Fx hash for the name and path maps built per emit; the keys are our own strings,
/// so hash flooding is not a concern.
pub(crate) type FxBuild = rustc_hash::FxBuildHasher;

/// A naming case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameCase {
    /// `color-brand-500`
    Kebab,
    /// `colorBrand500`
    Camel,
    /// `color_brand_500`
    Snake,
    /// `ColorBrand500`
    Pascal,
    /// `COLOR_BRAND_500`
    Constant,
    /// The dot path with `.` replaced by `-`, other characters kept (Tokencraft's CSS and
    /// Android exports; the writer escapes what the language needs).
    Hyphenated,
}

impl NameCase {
    /// Parses `kebab`, `camel`, `snake`, `pascal`, `constant`, `hyphenated`.
    pub fn parse(s: &str) -> Option<NameCase> {
        Some(match s {
            "kebab" => NameCase::Kebab,
            "camel" => NameCase::Camel,
            "snake" => NameCase::Snake,
            "pascal" => NameCase::Pascal,
            "constant" => NameCase::Constant,
            "hyphenated" => NameCase::Hyphenated,
            _ => return None,
        })
    }

    /// The name used in configuration files.
    pub fn as_str(self) -> &'static str {
        match self {
            NameCase::Kebab => "kebab",
            NameCase::Camel => "camel",
            NameCase::Snake => "snake",
            NameCase::Pascal => "pascal",
            NameCase::Constant => "constant",
            NameCase::Hyphenated => "hyphenated",
        }
    }
}

/// Splits a dot path (or any text) into ASCII words; see the module docs.
pub fn words(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(path, |w| out.push(w.to_owned()));
    out
}

/// Calls `f` with each word of `path` in order (see the module docs), without allocating
/// a string per word. ASCII is read byte by byte; other characters are decoded one by one.
fn for_each_word(path: &str, mut f: impl FnMut(&str)) {
    use std::fmt::Write as _;
    let mut hex = String::new();
    for segment in path.split('.').filter(|s| *s != "$root") {
        let bytes = segment.as_bytes();
        let mut start: Option<usize> = None;
        let mut prev_lower = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_alphanumeric() {
                if b.is_ascii_uppercase() && prev_lower {
                    if let Some(s) = start {
                        f(segment.get(s..i).unwrap_or(""));
                    }
                    start = Some(i);
                } else if start.is_none() {
                    start = Some(i);
                }
                prev_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
                i += 1;
                continue;
            }
            if let Some(s) = start.take() {
                f(segment.get(s..i).unwrap_or(""));
            }
            prev_lower = false;
            // `i` is always on a character boundary.
            let ch = segment
                .get(i..)
                .and_then(|r| r.chars().next())
                .unwrap_or(' ');
            if !(ch == '-' || ch == '_' || ch.is_whitespace()) {
                hex.clear();
                let _ = write!(hex, "u{:x}", ch as u32);
                f(&hex);
            }
            i += ch.len_utf8();
        }
        if let Some(s) = start {
            f(segment.get(s..).unwrap_or(""));
        }
    }
}

fn capitalize(w: &str) -> String {
    let mut s = String::with_capacity(w.len());
    push_capitalized(&mut s, w);
    s
}

/// Appends `w` lower-cased with its first character upper-cased.
fn push_capitalized(out: &mut String, w: &str) {
    let mut cs = w.chars();
    if let Some(c) = cs.next() {
        out.push(c.to_ascii_uppercase());
    }
    for c in cs {
        out.push(c.to_ascii_lowercase());
    }
}

/// Converts a dot path to `case`, with optional prefix words in front.
pub fn convert(path: &str, case: NameCase, prefix: Option<&str>) -> String {
    let mut s = String::with_capacity(path.len() + 8);
    convert_into(&mut s, path, case, prefix);
    s
}

/// Appends [`convert`]'s result to `out`, without intermediate strings.
pub fn convert_into(out: &mut String, path: &str, case: NameCase, prefix: Option<&str>) {
    if case == NameCase::Hyphenated {
        if let Some(p) = prefix.filter(|p| !p.is_empty()) {
            out.push_str(p);
            out.push('-');
        }
        for (i, seg) in path.split('.').filter(|s| *s != "$root").enumerate() {
            if i > 0 {
                out.push('-');
            }
            out.push_str(seg);
        }
        return;
    }
    if prefix.is_none_or(str::is_empty) && convert_plain_into(out, path, case) {
        return;
    }
    let mut first = true;
    let mut push = |w: &str| {
        if !first {
            match case {
                NameCase::Kebab | NameCase::Hyphenated => out.push('-'),
                NameCase::Snake | NameCase::Constant => out.push('_'),
                NameCase::Pascal | NameCase::Camel => {}
            }
        }
        // Words are ASCII: appended whole, then their case changed in place.
        let start = out.len();
        match case {
            NameCase::Kebab | NameCase::Hyphenated | NameCase::Snake => {
                out.push_str(w);
                if let Some(s) = out.get_mut(start..) {
                    s.make_ascii_lowercase();
                }
            }
            NameCase::Constant => {
                out.push_str(w);
                if let Some(s) = out.get_mut(start..) {
                    s.make_ascii_uppercase();
                }
            }
            NameCase::Camel if first => {
                out.push_str(w);
                if let Some(s) = out.get_mut(start..) {
                    s.make_ascii_lowercase();
                }
            }
            NameCase::Camel | NameCase::Pascal => push_capitalized(out, w),
        }
        first = false;
    };
    if let Some(p) = prefix {
        for_each_word(p, &mut push);
    }
    for_each_word(path, &mut push);
}

/// [`convert_into`] without a prefix in one pass over the bytes, for paths made only of
/// ASCII letters, digits, `.`, `-` and `_` (the common case): the words are the same runs
/// [`for_each_word`] finds, written straight in `case`. False (nothing written) for other
/// paths.
fn convert_plain_into(out: &mut String, path: &str, case: NameCase) -> bool {
    // Written into a stack buffer first (at most one separator per input byte, so twice
    // the input), then appended in one piece: pushing byte by byte costs far more.
    let mut buf = [0u8; 256];
    let simple = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
    if path.len() > buf.len() / 2 || !path.as_bytes().iter().all(simple) {
        return false;
    }
    let sep = match case {
        NameCase::Kebab | NameCase::Hyphenated => Some(b'-'),
        NameCase::Snake | NameCase::Constant => Some(b'_'),
        NameCase::Camel | NameCase::Pascal => None,
    };
    let mut len = 0usize;
    let mut put = |b: u8| {
        if let Some(slot) = buf.get_mut(len) {
            *slot = b;
            len += 1;
        }
    };
    let mut words = 0usize;
    let mut in_word = false;
    let mut prev_lower = false;
    for &b in path.as_bytes() {
        if !b.is_ascii_alphanumeric() {
            in_word = false;
            prev_lower = false;
            continue;
        }
        let starts = !in_word || (b.is_ascii_uppercase() && prev_lower);
        if starts {
            if words > 0 {
                if let Some(c) = sep {
                    put(c);
                }
            }
            words += 1;
            in_word = true;
        }
        let upper = match case {
            NameCase::Constant => true,
            NameCase::Pascal => starts,
            NameCase::Camel => starts && words > 1,
            _ => false,
        };
        put(if upper {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        });
        prev_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
    }
    // Only ASCII letters, digits and separators were written.
    match buf.get(..len).map(std::str::from_utf8) {
        Some(Ok(text)) => {
            out.push_str(text);
            true
        }
        _ => false,
    }
}

/// Joins words in a case.
pub fn join(ws: &[String], case: NameCase) -> String {
    match case {
        NameCase::Kebab | NameCase::Hyphenated => lower_join(ws, "-"),
        NameCase::Snake => lower_join(ws, "_"),
        NameCase::Constant => ws
            .iter()
            .map(|w| w.to_ascii_uppercase())
            .collect::<Vec<_>>()
            .join("_"),
        NameCase::Pascal => ws.iter().map(|w| capitalize(w)).collect(),
        NameCase::Camel => ws
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 {
                    w.to_ascii_lowercase()
                } else {
                    capitalize(w)
                }
            })
            .collect(),
    }
}

fn lower_join(ws: &[String], sep: &str) -> String {
    ws.iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Output names of the tokens being emitted, indexed by [`TokenId`].
///
/// Every name lives in one shared text buffer (one allocation for all of them, not one
/// per token).
#[derive(Debug, Clone, Default)]
pub struct Names {
    text: String,
    /// `(start, end)` in `text` per token id; `start == usize::MAX`: no name.
    spans: Vec<(usize, usize)>,
}

const NO_NAME: (usize, usize) = (usize::MAX, 0);

impl Names {
    /// Computes the name of each id with `make` and reports every pair of tokens that map to
    /// one name (and tokens whose name is empty).
    pub fn build(
        set: &TokenSet,
        ids: impl IntoIterator<Item = TokenId>,
        format: &str,
        mut make: impl FnMut(&str) -> String,
    ) -> Result<Names, Diagnostics> {
        Names::build_into(set, ids, format, |path, out| out.push_str(&make(path)))
    }

    /// Like [`Names::build`], but `make` appends the name to the buffer it is given (and
    /// must append nothing else), so no string is allocated per token.
    pub fn build_into(
        set: &TokenSet,
        ids: impl IntoIterator<Item = TokenId>,
        format: &str,
        mut make: impl FnMut(&str, &mut String),
    ) -> Result<Names, Diagnostics> {
        let mut text = String::with_capacity(set.paths.len() * 24);
        let mut spans = vec![NO_NAME; set.paths.len()];
        let mut order: Vec<TokenId> = Vec::with_capacity(set.paths.len());
        for id in ids {
            let Some(span) = spans.get_mut(id.index()) else {
                continue;
            };
            if span.0 != usize::MAX {
                continue;
            }
            let path = set.paths.get_index(id.index()).map(|p| &**p).unwrap_or("");
            let start = text.len();
            make(path, &mut text);
            *span = (start, text.len());
            order.push(id);
        }
        // Collisions and empty names, in the order the ids came.
        let mut seen: HashMap<&str, TokenId, FxBuild> =
            HashMap::with_capacity_and_hasher(order.len(), FxBuild::default());
        let mut diags = Diagnostics::new();
        for &id in &order {
            let path = set.paths.get_index(id.index()).map(|p| &**p).unwrap_or("");
            let (a, b) = spans.get(id.index()).copied().unwrap_or(NO_NAME);
            let name = text.get(a..b).unwrap_or("");
            if name.is_empty() {
                diags.push(
                    Diagnostic::error(
                        "E-EMIT-NAME",
                        format!("token `{path}` has no usable output name in format `{format}`"),
                    )
                    .token(path)
                    .help("give the token a name with letters or digits, or set a prefix"),
                );
                continue;
            }
            if let Some(other) = seen.get(name) {
                let other_path = set.path(*other);
                diags.push(
                    Diagnostic::error(
                        "E-EMIT-NAME-COLLISION",
                        format!(
                            "tokens `{other_path}` and `{path}` both map to the output name `{name}` in format `{format}`"
                        ),
                    )
                    .token(path)
                    .help("rename one of the tokens, or choose another name case or prefix"),
                );
                continue;
            }
            seen.insert(name, id);
        }
        drop(seen);
        // Every empty name and collision is an error, so a successful build names every id.
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Names { text, spans })
    }

    /// The name of a token (empty if it was not part of the build).
    pub fn get(&self, id: TokenId) -> &str {
        match self.spans.get(id.index()) {
            Some(&(a, b)) if a != usize::MAX => self.text.get(a..b).unwrap_or(""),
            _ => "",
        }
    }

    /// True when the token has a name (it is being emitted).
    pub fn has(&self, id: TokenId) -> bool {
        self.spans
            .get(id.index())
            .is_some_and(|s| s.0 != usize::MAX)
    }
}

/// Keeps ASCII letters, digits and `_` (and `-` when `dash` is allowed); any other
/// character becomes `_u<hex>_`, so a name-case override (e.g. `hyphenated`) can never
/// produce an invalid or injecting identifier.
pub fn sanitize(name: &str, dash: bool) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    sanitize_into(&mut out, name, dash);
    out
}

/// Appends [`sanitize`]'s result to `out`.
pub fn sanitize_into(out: &mut String, name: &str, dash: bool) {
    use std::fmt::Write as _;
    if name
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'_' || (dash && c == b'-'))
    {
        out.push_str(name);
        return;
    }
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || (dash && c == '-') {
            out.push(c);
        } else if c == '-' {
            out.push('_');
        } else {
            let _ = write!(out, "_u{:x}_", c as u32);
        }
    }
}

/// Makes `name` a valid identifier in languages that forbid a leading digit or reserved
/// words: a leading digit gets `_` in front; a reserved word gets `_` appended.
pub fn identifier(name: String, reserved: &[&str]) -> String {
    let name = sanitize(&name, false);
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    if reserved.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_table() {
        let table = [
            ("colors.primary.500", NameCase::Kebab, "colors-primary-500"),
            ("colors.primary.500", NameCase::Camel, "colorsPrimary500"),
            ("colors.primary.500", NameCase::Snake, "colors_primary_500"),
            ("colors.primary.500", NameCase::Pascal, "ColorsPrimary500"),
            (
                "colors.primary.500",
                NameCase::Constant,
                "COLORS_PRIMARY_500",
            ),
            ("font.lineHeight", NameCase::Kebab, "font-line-height"),
            ("font-size.body", NameCase::Camel, "fontSizeBody"),
            ("color.accent.$root", NameCase::Kebab, "color-accent"),
            ("a}b.c d", NameCase::Snake, "a_u7d_b_c_d"),
            ("café", NameCase::Camel, "cafUe9"),
            (
                "colors.primary.500",
                NameCase::Hyphenated,
                "colors-primary-500",
            ),
            ("a b.c", NameCase::Hyphenated, "a b-c"),
        ];
        for (path, case, want) in table {
            assert_eq!(convert(path, case, None), want, "{path} {case:?}");
        }
        assert_eq!(
            convert("color.brand", NameCase::Kebab, Some("acme")),
            "acme-color-brand"
        );
        assert_eq!(
            convert("color.brand", NameCase::Camel, Some("acme")),
            "acmeColorBrand"
        );
    }

    /// The word splitter as it was before the byte-wise rewrite (char by char).
    fn words_reference(path: &str) -> Vec<String> {
        let mut out = Vec::new();
        for segment in path.split('.').filter(|s| *s != "$root") {
            let mut start: Option<usize> = None;
            let mut prev_lower = false;
            for (i, ch) in segment.char_indices() {
                if ch.is_ascii_alphanumeric() {
                    if ch.is_ascii_uppercase() && prev_lower {
                        if let Some(s) = start {
                            out.push(segment[s..i].to_string());
                        }
                        start = Some(i);
                    } else if start.is_none() {
                        start = Some(i);
                    }
                    prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
                } else {
                    if let Some(s) = start.take() {
                        out.push(segment[s..i].to_string());
                    }
                    prev_lower = false;
                    if !(ch == '-' || ch == '_' || ch.is_whitespace()) {
                        out.push(format!("u{:x}", ch as u32));
                    }
                }
            }
            if let Some(s) = start {
                out.push(segment[s..].to_string());
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5_000))]
        #[test]
        fn words_and_cases_equal_the_char_by_char_reference(
            path in "([a-zA-Z0-9_ .$-]|root|é|\\u{2028}|\\PC){0,24}",
            plain in "[a-zA-Z0-9._-]{0,30}",
        ) {
            // `plain` takes the one-pass path of `convert_into`, `path` mostly the other.
            for path in [path, plain] {
                let words = words_reference(&path);
                proptest::prop_assert_eq!(super::words(&path), words.clone());
                for case in [NameCase::Kebab, NameCase::Camel, NameCase::Snake, NameCase::Pascal, NameCase::Constant] {
                    proptest::prop_assert_eq!(convert(&path, case, None), join(&words, case), "{:?}", case);
                }
            }
        }
    }

    #[test]
    fn identifiers_never_start_with_a_digit_or_are_reserved() {
        assert_eq!(identifier("500".into(), &[]), "_500");
        assert_eq!(identifier("default".into(), &["default"]), "default_");
        assert_eq!(identifier("a-b}c".into(), &[]), "a_b_u7d_c");
        assert_eq!(sanitize("a-b;", true), "a-b_u3b_");
    }

    #[test]
    fn collisions_name_both_tokens() {
        let mut set = TokenSet::default();
        let a = set.intern("color.brand-primary");
        let b = set.intern("color.brandPrimary");
        let err =
            Names::build(&set, [a, b], "css", |p| convert(p, NameCase::Kebab, None)).unwrap_err();
        assert_eq!(
            err.items[0].message,
            "tokens `color.brand-primary` and `color.brandPrimary` both map to the output name `color-brand-primary` in format `css`"
        );
    }
}
