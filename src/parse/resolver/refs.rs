//! Reference strings of resolver documents: `file.json#/json/pointer`, split, decoded and
//! walked.

use crate::parse::json::{Kind, Node};

/// A parsed `$ref` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefTarget {
    /// The file part (percent-decoded), `None` for a same-document reference.
    pub file: Option<String>,
    /// The JSON Pointer segments of the fragment, unescaped (`~1` → `/`, `~0` → `~`).
    pub pointer: Vec<String>,
    /// The fragment had no leading `/` (`file.json#sets/x`, DTCG deviation D-21).
    pub slashless: bool,
}

/// Why a `$ref` string cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RefError {
    /// `http:`, `https:`, `file:` …: only local files are read.
    Remote,
    /// A malformed pointer escape.
    BadPointer(String),
}

/// Splits a reference into file and pointer.
pub(crate) fn split_ref(raw: &str) -> Result<RefTarget, RefError> {
    if has_scheme(raw) {
        return Err(RefError::Remote);
    }
    let (file, fragment) = match raw.split_once('#') {
        Some((f, frag)) => (f, Some(frag)),
        None => (raw, None),
    };
    let file = (!file.is_empty()).then(|| percent_decode(file).unwrap_or_else(|| file.to_string()));
    let (pointer, slashless) = match fragment {
        None | Some("") | Some("/") => (Vec::new(), false),
        Some(f) if f.starts_with('/') => (parse_pointer(f)?, false),
        Some(f) => (parse_pointer(&format!("/{f}"))?, true),
    };
    Ok(RefTarget {
        file,
        pointer,
        slashless,
    })
}

/// `scheme:` with a scheme of two or more characters (so `C:\…` is a path, not a URL).
fn has_scheme(raw: &str) -> bool {
    let Some((scheme, _)) = raw.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    scheme.len() >= 2
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// RFC 6901 segments of a pointer that starts with `/`.
fn parse_pointer(pointer: &str) -> Result<Vec<String>, RefError> {
    pointer
        .split('/')
        .skip(1)
        .map(|seg| {
            crate::parse::reference::unescape_segment(seg).ok_or_else(|| {
                RefError::BadPointer(format!(
                    "invalid JSON Pointer escape in segment `{seg}`: `~` must be followed by 0 or 1 (write `~0` for `~` and `~1` for `/`)"
                ))
            })
        })
        .collect()
}

/// Decodes `%XX` escapes; `None` when there are none or they do not decode to UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Walks `pointer` from `root`. On failure returns how many segments matched.
pub(crate) fn navigate<'n, 'a>(
    root: &'n Node<'a>,
    pointer: &[String],
) -> Result<&'n Node<'a>, usize> {
    let mut node = root;
    for (i, seg) in pointer.iter().enumerate() {
        let next = match &node.kind {
            Kind::Object(_) => node
                .get(seg)
                .or_else(|| percent_decode(seg).and_then(|decoded| node.get(&decoded))),
            Kind::Array(items) => array_index(seg).and_then(|k| items.get(k)),
            _ => None,
        };
        node = next.ok_or(i)?;
    }
    Ok(node)
}

/// An RFC 6901 array index: digits, no leading zero (except `0` itself), never `-`.
fn array_index(seg: &str) -> Option<usize> {
    if seg.is_empty() || (seg.len() > 1 && seg.starts_with('0')) {
        return None;
    }
    if !seg.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    seg.parse().ok()
}

/// `#/a/b~1c` for messages.
pub(crate) fn pointer_string(pointer: &[String]) -> String {
    let mut out = String::from("#");
    for seg in pointer {
        out.push('/');
        out.push_str(&seg.replace('~', "~0").replace('/', "~1"));
    }
    if pointer.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::json::{parse, Limits};

    fn t(file: Option<&str>, pointer: &[&str], slashless: bool) -> Result<RefTarget, RefError> {
        Ok(RefTarget {
            file: file.map(str::to_string),
            pointer: pointer.iter().map(|s| s.to_string()).collect(),
            slashless,
        })
    }

    #[test]
    fn splits_references() {
        assert_eq!(split_ref("#/sets/base"), t(None, &["sets", "base"], false));
        assert_eq!(
            split_ref("light.tokens.json"),
            t(Some("light.tokens.json"), &[], false)
        );
        assert_eq!(
            split_ref("../a b.json#/a~1b/c~0d/0"),
            t(Some("../a b.json"), &["a/b", "c~d", "0"], false)
        );
        assert_eq!(
            split_ref("my%20file.json#"),
            t(Some("my file.json"), &[], false)
        );
        assert_eq!(
            split_ref("example.json#sets/MySet"),
            t(Some("example.json"), &["sets", "MySet"], true)
        );
        assert_eq!(split_ref("#/"), t(None, &[], false));
        assert_eq!(
            split_ref("C:/tokens/a.json"),
            t(Some("C:/tokens/a.json"), &[], false)
        );
        assert_eq!(
            split_ref("https://example.com/a.json"),
            Err(RefError::Remote)
        );
        assert_eq!(split_ref("file:///a.json"), Err(RefError::Remote));
        assert!(matches!(split_ref("#/a~2"), Err(RefError::BadPointer(_))));
    }

    #[test]
    fn navigates_objects_and_arrays() {
        let root = parse(
            r#"{"a": {"b": [10, 20]}, "x y": 1, "0": 2}"#,
            0,
            &Limits::default(),
        )
        .unwrap();
        let seg = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            navigate(&root, &seg(&["a", "b", "1"])).unwrap().as_f64(),
            Some(20.0)
        );
        assert_eq!(
            navigate(&root, &seg(&["x%20y"])).unwrap().as_f64(),
            Some(1.0)
        );
        assert_eq!(navigate(&root, &seg(&["0"])).unwrap().as_f64(), Some(2.0));
        assert_eq!(navigate(&root, &seg(&["a", "b", "01"])).unwrap_err(), 2);
        assert_eq!(navigate(&root, &seg(&["a", "b", "-"])).unwrap_err(), 2);
        assert_eq!(navigate(&root, &seg(&["a", "c"])).unwrap_err(), 1);
        assert_eq!(pointer_string(&seg(&["a/b", "c~d"])), "#/a~1b/c~0d");
        assert_eq!(pointer_string(&[]), "#/");
    }
}
