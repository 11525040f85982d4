//! Legacy CSS-like strings accepted in tolerant mode: lengths (`16px`, `-0.96px`),
//! durations (`150ms`, `0.2s`), font stacks (`"Inter, sans-serif"`) and hex fallbacks.
//! Colour strings are parsed by [`crate::color::parse_css`].

/// A number followed by a unit (`16px`, `-0.5rem`, `.2s`, `0`); the unit may be empty.
/// `None` when the text does not start with a number or has anything after the unit.
pub(super) fn number_unit(s: &str) -> Option<(f64, &str)> {
    let s = s.trim();
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if i == digits_start || (i == digits_start + 1 && b.get(digits_start) == Some(&b'.')) {
        return None;
    }
    // An exponent only when digits follow (`1e3`), so `1em` keeps its unit.
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if b.get(j).is_some_and(u8::is_ascii_digit) {
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            i = j;
        }
    }
    let value: f64 = s.get(..i)?.parse().ok()?;
    let unit = s.get(i..)?;
    if !unit.bytes().all(|c| c.is_ascii_alphabetic() || c == b'%') {
        return None;
    }
    value.is_finite().then_some((value, unit))
}

/// Splits a CSS font stack on top-level commas, stripping quotes and whitespace.
pub(super) fn split_font_stack(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, ',') => {
                out.push(cur.trim().to_owned());
                cur.clear();
            }
            (None, c) => cur.push(c),
        }
    }
    out.push(cur.trim().to_owned());
    out.retain(|x| !x.is_empty());
    out
}

/// Whether the string has a comma outside quotes.
pub(super) fn has_top_level_comma(s: &str) -> bool {
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, ',') => return true,
            _ => {}
        }
    }
    false
}

fn hex_digit(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` → 8-bit channels and alpha byte.
pub(super) fn hex_bytes(s: &str) -> Option<[u8; 4]> {
    let body = s.strip_prefix('#')?.as_bytes();
    let mut d = [0u8; 8];
    if body.len() > d.len() {
        return None;
    }
    for (slot, c) in d.iter_mut().zip(body) {
        *slot = hex_digit(*c)?;
    }
    let pair = |i: usize| d[i] * 16 + d[i + 1];
    Some(match body.len() {
        3 => [d[0] * 17, d[1] * 17, d[2] * 17, 255],
        4 => [d[0] * 17, d[1] * 17, d[2] * 17, d[3] * 17],
        6 => [pair(0), pair(2), pair(4), 255],
        8 => [pair(0), pair(2), pair(4), pair(6)],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_units() {
        assert_eq!(number_unit("16px"), Some((16.0, "px")));
        assert_eq!(number_unit("-0.96px"), Some((-0.96, "px")));
        assert_eq!(number_unit(".5rem"), Some((0.5, "rem")));
        assert_eq!(number_unit("2em"), Some((2.0, "em")));
        assert_eq!(number_unit("1e3ms"), Some((1000.0, "ms")));
        assert_eq!(number_unit("0"), Some((0.0, "")));
        assert_eq!(number_unit("px"), None);
        assert_eq!(number_unit("16 px x"), None);
        assert_eq!(number_unit("NaNpx"), None);
    }

    #[test]
    fn font_stacks() {
        assert_eq!(
            split_font_stack("'IBM Plex Serif', 'Georgia', Times, serif"),
            vec!["IBM Plex Serif", "Georgia", "Times", "serif"]
        );
        assert!(has_top_level_comma("Inter, sans-serif"));
        assert!(!has_top_level_comma("\"A, B\""));
    }
}
