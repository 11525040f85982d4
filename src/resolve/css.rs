//! Legacy CSS-like strings accepted in tolerant mode: colours (`#rgb`, `#rrggbb`,
//! `#rrggbbaa`, `rgb()`/`rgba()`, `hsl()`/`hsla()`), lengths (`16px`, `-0.96px`), durations
//! (`150ms`, `0.2s`) and font stacks (`"Inter, sans-serif"`).

use crate::model::{Color, ColorSpace};

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
    let d: Vec<u8> = body.iter().map(|c| hex_digit(*c)).collect::<Option<_>>()?;
    Some(match d.as_slice() {
        [r, g, b] => [r * 17, g * 17, b * 17, 255],
        [r, g, b, a] => [r * 17, g * 17, b * 17, a * 17],
        [r1, r2, g1, g2, b1, b2] => [r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2, 255],
        [r1, r2, g1, g2, b1, b2, a1, a2] => {
            [r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2, a1 * 16 + a2]
        }
        _ => return None,
    })
}

fn hex6(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Parses the CSS colour strings of legacy token files and Tokencraft rows into a colour
/// object: hex forms (srgb, with the 6-digit `hex` and alpha), `rgb()`/`rgba()` (srgb) and
/// `hsl()`/`hsla()` (hsl), in comma or space syntax, with percentages and `/ alpha`.
pub(super) fn parse_color(s: &str) -> Option<Color> {
    let s = s.trim();
    if s.starts_with('#') {
        let [r, g, b, a] = hex_bytes(s)?;
        return Some(Color {
            space: ColorSpace::Srgb,
            components: [r, g, b].map(|c| Some(round4(f64::from(c) / 255.0))),
            alpha: round4(f64::from(a) / 255.0),
            hex: Some(hex6([r, g, b])),
        });
    }
    let lower = s.to_ascii_lowercase();
    let open = lower.find('(')?;
    let name = lower.get(..open)?.trim();
    let inner = lower.get(open + 1..)?.strip_suffix(')')?;
    let (main, slash_alpha) = match inner.split_once('/') {
        Some((m, a)) => (m, Some(a.trim())),
        None => (inner, None),
    };
    let args: Vec<&str> = main
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|x| !x.is_empty())
        .collect();
    let (chans, alpha_arg) = match (args.as_slice(), slash_alpha) {
        ([a, b, c], None) => ([*a, *b, *c], None),
        ([a, b, c], Some(al)) => ([*a, *b, *c], Some(al)),
        ([a, b, c, al], None) => ([*a, *b, *c], Some(*al)),
        _ => return None,
    };
    let alpha = match alpha_arg {
        None => 1.0,
        Some(a) => match a.strip_suffix('%') {
            Some(p) => p.trim().parse::<f64>().ok()? / 100.0,
            None => a.parse::<f64>().ok()?,
        },
    };
    if !alpha.is_finite() {
        return None;
    }
    let alpha = round4(alpha.clamp(0.0, 1.0));
    match name {
        "rgb" | "rgba" => {
            let mut comps = [None; 3];
            for (slot, arg) in comps.iter_mut().zip(chans) {
                let v = match arg.strip_suffix('%') {
                    Some(p) => p.parse::<f64>().ok()? / 100.0,
                    None => arg.parse::<f64>().ok()? / 255.0,
                };
                if !v.is_finite() {
                    return None;
                }
                *slot = Some(round4(v.clamp(0.0, 1.0)));
            }
            Some(Color {
                space: ColorSpace::Srgb,
                components: comps,
                alpha,
                hex: None,
            })
        }
        "hsl" | "hsla" => {
            let hue = chans[0].strip_suffix("deg").unwrap_or(chans[0]);
            let h: f64 = hue.parse().ok()?;
            let pct = |x: &str| -> Option<f64> {
                let v: f64 = x.strip_suffix('%').unwrap_or(x).parse().ok()?;
                v.is_finite().then(|| v.clamp(0.0, 100.0))
            };
            if !h.is_finite() {
                return None;
            }
            Some(Color {
                space: ColorSpace::Hsl,
                components: [
                    Some(round4(h.rem_euclid(360.0))),
                    Some(pct(chans[1])?),
                    Some(pct(chans[2])?),
                ],
                alpha,
                hex: None,
            })
        }
        _ => None,
    }
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

    #[test]
    fn colours() {
        let c = parse_color("#3B82F6").unwrap();
        assert_eq!(c.hex.as_deref(), Some("#3b82f6"));
        assert_eq!(c.alpha, 1.0);
        let c = parse_color("#fff8").unwrap();
        assert_eq!(c.hex.as_deref(), Some("#ffffff"));
        assert_eq!(c.alpha, 0.5333);
        let c = parse_color("rgba(0, 0, 0, 0.1)").unwrap();
        assert_eq!(c.components, [Some(0.0); 3]);
        assert_eq!(c.alpha, 0.1);
        let c = parse_color("rgb(255 0 0 / 50%)").unwrap();
        assert_eq!(c.components, [Some(1.0), Some(0.0), Some(0.0)]);
        assert_eq!(c.alpha, 0.5);
        let c = parse_color("hsl(210deg, 50%, 40%)").unwrap();
        assert_eq!(c.space, ColorSpace::Hsl);
        assert_eq!(c.components, [Some(210.0), Some(50.0), Some(40.0)]);
        assert!(parse_color("#12345").is_none());
        assert!(parse_color("rgb(1,2)").is_none());
        assert!(parse_color("bluish").is_none());
    }
}
