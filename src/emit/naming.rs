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
    for segment in path.split('.').filter(|s| *s != "$root") {
        let mut cur = String::new();
        let mut prev_lower = false;
        for ch in segment.chars() {
            if ch.is_ascii_alphanumeric() {
                if ch.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
                cur.push(ch);
            } else {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                prev_lower = false;
                if !(ch == '-' || ch == '_' || ch.is_whitespace()) {
                    out.push(format!("u{:x}", ch as u32));
                }
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

fn capitalize(w: &str) -> String {
    let lower = w.to_ascii_lowercase();
    let mut cs = lower.chars();
    match cs.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + cs.as_str(),
        None => String::new(),
    }
}

/// Converts a dot path to `case`, with optional prefix words in front.
pub fn convert(path: &str, case: NameCase, prefix: Option<&str>) -> String {
    if case == NameCase::Hyphenated {
        let body = path
            .split('.')
            .filter(|s| *s != "$root")
            .collect::<Vec<_>>()
            .join("-");
        return match prefix {
            Some(p) if !p.is_empty() => format!("{p}-{body}"),
            _ => body,
        };
    }
    let mut ws = prefix.map(words).unwrap_or_default();
    ws.extend(words(path));
    join(&ws, case)
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
#[derive(Debug, Clone, Default)]
pub struct Names {
    names: Vec<Option<String>>,
}

impl Names {
    /// Computes the name of each id with `make` and reports every pair of tokens that map to
    /// one name (and tokens whose name is empty).
    pub fn build(
        set: &TokenSet,
        ids: impl IntoIterator<Item = TokenId>,
        format: &str,
        mut make: impl FnMut(&str) -> String,
    ) -> Result<Names, Diagnostics> {
        let mut names = vec![None; set.paths.len()];
        let mut seen: HashMap<String, TokenId> = HashMap::new();
        let mut diags = Diagnostics::new();
        for id in ids {
            if names.get(id.index()).is_some_and(Option::is_some) {
                continue;
            }
            let path = set.paths.get_index(id.index()).map(|p| &**p).unwrap_or("");
            let name = make(path);
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
            if let Some(other) = seen.get(&name) {
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
            seen.insert(name.clone(), id);
            if let Some(slot) = names.get_mut(id.index()) {
                *slot = Some(name);
            }
        }
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(Names { names })
        }
    }

    /// The name of a token (empty if it was not part of the build).
    pub fn get(&self, id: TokenId) -> &str {
        self.names
            .get(id.index())
            .and_then(|n| n.as_deref())
            .unwrap_or("")
    }

    /// True when the token has a name (it is being emitted).
    pub fn has(&self, id: TokenId) -> bool {
        self.names.get(id.index()).is_some_and(Option::is_some)
    }
}

/// Makes `name` a valid identifier in languages that forbid a leading digit or reserved
/// words: a leading digit gets `_` in front; a reserved word gets `_` appended.
pub fn identifier(name: String, reserved: &[&str]) -> String {
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

    #[test]
    fn identifiers_never_start_with_a_digit_or_are_reserved() {
        assert_eq!(identifier("500".into(), &[]), "_500");
        assert_eq!(identifier("default".into(), &["default"]), "default_");
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
