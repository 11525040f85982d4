//! The tolerant JSONC pre-pass (DTCG deviation D-18).

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
