//! Property tests of the shared writer's escapers: every string literal decodes back to the
//! original text (an oracle decoder per language), and comments can never be closed early.

use proptest::prelude::*;
use tokencraft::emit::writer;

/// Decodes a double-quoted literal with backslash escapes: `\n \r \t \" \\ \$ \'`, `\uXXXX`
/// (Kotlin/JS) and `\u{X…}` (Swift/Dart). Fails on a raw quote, newline or bad escape.
fn decode(lit: &str) -> Result<String, String> {
    let inner = lit
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .ok_or("not quoted")?;
    let cs: Vec<char> = inner.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < cs.len() {
        match cs[i] {
            '"' => return Err(format!("raw quote at {i}")),
            '\n' | '\r' => return Err("raw line break".into()),
            '\\' => {
                let e = *cs.get(i + 1).ok_or("dangling backslash")?;
                i += 2;
                match e {
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    '"' | '\\' | '$' | '\'' => out.push(e),
                    'u' if cs.get(i) == Some(&'{') => {
                        let end = (i..cs.len())
                            .find(|&j| cs[j] == '}')
                            .ok_or("unclosed \\u{")?;
                        let hex: String = cs[i + 1..end].iter().collect();
                        let v = u32::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
                        out.push(char::from_u32(v).ok_or("bad code point")?);
                        i = end + 1;
                    }
                    'u' => {
                        let hex: String = cs.get(i..i + 4).ok_or("short \\u")?.iter().collect();
                        let v = u32::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
                        out.push(char::from_u32(v).ok_or("bad code point")?);
                        i += 4;
                    }
                    other => return Err(format!("unknown escape \\{other}")),
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// Decodes a CSS string: `\"`, `\\`, and hex escapes ending in one optional space.
fn decode_css(lit: &str) -> Result<String, String> {
    let inner = lit
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .ok_or("not quoted")?;
    let cs: Vec<char> = inner.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < cs.len() {
        match cs[i] {
            '"' | '\n' | '<' => return Err(format!("raw {:?} in CSS string", cs[i])),
            '\\' => {
                let mut j = i + 1;
                while j < cs.len() && j < i + 7 && cs[j].is_ascii_hexdigit() {
                    j += 1;
                }
                if j == i + 1 {
                    out.push(*cs.get(j).ok_or("dangling backslash")?);
                    i = j + 1;
                } else {
                    let hex: String = cs[i + 1..j].iter().collect();
                    let v = u32::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
                    out.push(char::from_u32(v).ok_or("bad code point")?);
                    i = if cs.get(j) == Some(&' ') { j + 1 } else { j };
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("*/".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("$".to_string()),
        Just("${x}".to_string()),
        Just("\\(x)".to_string()),
        Just("#{x}".to_string()),
        Just("--".to_string()),
        Just("</style>".to_string()),
        Just("\n".to_string()),
        Just("\u{2028}".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
        "[a-z0-9 ]{0,4}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn string_literals_round_trip(s in prop_oneof![hostile(), any::<String>()]) {
        prop_assert_eq!(decode(&writer::swift_string(&s)), Ok(s.clone()), "swift");
        prop_assert_eq!(decode(&writer::kotlin_string(&s)), Ok(s.clone()), "kotlin");
        prop_assert_eq!(decode(&writer::dart_string(&s)), Ok(s.clone()), "dart");
        prop_assert_eq!(decode(&writer::js_string(&s)), Ok(s.clone()), "js");
        let json: String = serde_json::from_str(&writer::js_string(&s)).expect("js_string is JSON");
        prop_assert_eq!(&json, &s);
        prop_assert_eq!(decode_css(&writer::css_string(&s)), Ok(s.clone()), "css");
    }

    #[test]
    fn interpolation_cannot_start(s in hostile()) {
        // Kotlin/Dart `$`, Swift `\(`, Sass `#{`: never present unescaped.
        let k = writer::kotlin_string(&s);
        prop_assert!(!k.replace("\\\\", "").replace("\\$", "").contains('$'));
        let d = writer::dart_string(&s);
        prop_assert!(!d.replace("\\\\", "").replace("\\$", "").contains('$'));
        let no_sass_interpolation = !writer::css_string(&s).contains("#{");
        prop_assert!(no_sass_interpolation);
    }

    #[test]
    fn comments_stay_comments(s in prop_oneof![hostile(), any::<String>()]) {
        let b = writer::block_comment(&s);
        prop_assert!(!b.contains("*/") && !b.contains('\n') && !b.contains('\r') && !b.contains("</"));
        let l = writer::line_comment(&s);
        let one_line = !l.chars().any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}');
        prop_assert!(one_line);
        let x = writer::xml_comment(&s);
        prop_assert!(!x.contains("--") && !x.ends_with('-'));
    }

    #[test]
    fn xml_text_has_no_markup(s in prop_oneof![hostile(), any::<String>()]) {
        let x = writer::xml_text(&s);
        prop_assert!(!x.contains('<') && !x.contains('>') && !x.contains('"') && !x.contains('\''));
        prop_assert!(x.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
            .replace("&quot;", "").replace("&apos;", "").replace("&#10;", "")
            .replace("&#13;", "").replace("&#9;", "").find('&').is_none());
        let id = writer::css_ident(&s);
        prop_assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || "-_\\ ".contains(c)));
    }
}
