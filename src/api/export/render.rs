//! The export formats of §4.3, rendered from the API's token rows with aliases already
//! resolved (§4.4). This is the adapter between the API and the output formats.

use serde_json::{Map, Value};
use std::fmt::Write;

/// One mode's tokens, aliases resolved, in creation order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExportMode {
    pub name: String,
    pub tokens: Vec<ExportToken>,
}

/// One token with its resolved value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExportToken {
    pub name: String,
    pub ty: String,
    pub value: Value,
    pub description: Option<String>,
}

/// A format: its name, media type, file extension and renderer (`single` = E2).
pub(crate) struct FormatSpec {
    pub name: &'static str,
    pub content_type: &'static str,
    pub extension: &'static str,
    pub render: fn(&[ExportMode], bool) -> String,
}

const FORMATS: &[FormatSpec] = &[
    FormatSpec {
        name: "json",
        content_type: "application/json",
        extension: "json",
        render: json,
    },
    FormatSpec {
        name: "css",
        content_type: "text/css",
        extension: "css",
        render: css,
    },
];

/// The format with this exact name.
pub(crate) fn format(name: &str) -> Option<&'static FormatSpec> {
    FORMATS.iter().find(|f| f.name == name)
}

/// Every format name, documented ones first.
pub(crate) fn format_names() -> Vec<&'static str> {
    FORMATS.iter().map(|f| f.name).collect()
}

/// A mode name as a key: lower-case, spaces and underscores → `-` (§6 item 22).
pub(crate) fn mode_key(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            ' ' | '_' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The nested tree of one mode: name dots → objects; leaves `{value, type, description?}`.
fn tree(mode: &ExportMode) -> Map<String, Value> {
    let mut root = Map::new();
    'tokens: for t in &mode.tokens {
        let mut segs: Vec<&str> = t.name.split('.').collect();
        let Some(last) = segs.pop() else { continue };
        let mut cur = &mut root;
        for s in segs {
            let slot = cur
                .entry(s.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            match slot {
                Value::Object(m) => cur = m,
                _ => continue 'tokens,
            }
        }
        let leaf = cur
            .entry(last.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(m) = leaf.as_object_mut() {
            m.insert("value".into(), t.value.clone());
            m.insert("type".into(), Value::String(t.ty.clone()));
            if let Some(d) = &t.description {
                m.insert("description".into(), Value::String(d.clone()));
            }
        }
    }
    root
}

fn json(modes: &[ExportMode], single: bool) -> String {
    let doc = if single {
        Value::Object(modes.first().map(tree).unwrap_or_default())
    } else {
        let mut by_mode = Map::new();
        for m in modes {
            let mut key = mode_key(&m.name);
            let mut n = 2;
            while by_mode.contains_key(&key) {
                key = format!("{}-{n}", mode_key(&m.name));
                n += 1;
            }
            by_mode.insert(key, Value::Object(tree(m)));
        }
        let mut root = Map::new();
        root.insert("$modes".into(), Value::Object(by_mode));
        Value::Object(root)
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// `--colors-primary-500`: dots → `-`; characters outside `[A-Za-z0-9_-]` → `-`.
pub(crate) fn css_name(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 2);
    s.push_str("--");
    for c in name.chars() {
        s.push(if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            c
        } else {
            '-'
        });
    }
    s
}

/// A comment body that cannot end the comment early.
fn comment_text(s: &str) -> String {
    s.replace("*/", "* /").replace(['\n', '\r'], " ")
}

/// A JSON value as CSS text; `None` when it has no CSS form.
fn css_value(ty: &str, v: &Value) -> Option<String> {
    let scalar = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    };
    let get = |m: &Map<String, Value>, k: &str| m.get(k).and_then(scalar);
    let text = match v {
        Value::Array(items) if ty == "cubicBezier" => format!(
            "cubic-bezier({})",
            items
                .iter()
                .map(scalar)
                .collect::<Option<Vec<_>>>()?
                .join(", ")
        ),
        Value::Array(items) if ty == "fontFamily" => items
            .iter()
            .map(|i| {
                scalar(i).map(|s| {
                    if s.contains(' ') {
                        format!("\"{}\"", s.replace('"', ""))
                    } else {
                        s
                    }
                })
            })
            .collect::<Option<Vec<_>>>()?
            .join(", "),
        Value::Array(items) => items
            .iter()
            .map(|i| css_value(ty, i))
            .collect::<Option<Vec<_>>>()?
            .join(", "),
        Value::Object(m) => {
            let parts: Vec<Option<String>> = match ty {
                "shadow" => {
                    let mut p = vec![];
                    if m.get("inset") == Some(&Value::Bool(true)) {
                        p.push(Some("inset".into()));
                    }
                    for k in ["offsetX", "offsetY", "blur", "spread", "color"] {
                        p.push(get(m, k));
                    }
                    p
                }
                "border" => ["width", "style", "color"]
                    .iter()
                    .map(|k| get(m, k))
                    .collect(),
                "transition" => ["duration", "timingFunction", "delay"]
                    .iter()
                    .map(|k| match m.get(*k) {
                        Some(Value::Array(_)) => css_value("cubicBezier", m.get(*k)?),
                        _ => get(m, k),
                    })
                    .collect(),
                "typography" => {
                    let size = match (get(m, "fontSize"), get(m, "lineHeight")) {
                        (Some(s), Some(l)) => Some(format!("{s}/{l}")),
                        (s, _) => s,
                    };
                    let family = m.get("fontFamily").and_then(|f| css_value("fontFamily", f));
                    vec![get(m, "fontWeight"), size, family]
                }
                _ => return None,
            };
            let parts: Vec<String> = parts.into_iter().flatten().collect();
            if parts.is_empty() {
                return None;
            }
            parts.join(" ")
        }
        other => scalar(other)?,
    };
    // Keep the declaration intact: no newlines, and no characters that end it.
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            ';' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Some(out.replace("*/", "* /"))
}

fn css_block(out: &mut String, selector: &str, mode: &ExportMode) {
    let _ = writeln!(out, "{selector} {{");
    for t in &mode.tokens {
        let Some(value) = css_value(&t.ty, &t.value) else {
            continue;
        };
        if let Some(d) = &t.description {
            let _ = writeln!(out, "  /* {} */", comment_text(d));
        }
        let _ = writeln!(out, "  {}: {};", css_name(&t.name), value);
    }
    out.push_str("}\n");
}

fn css(modes: &[ExportMode], single: bool) -> String {
    let mut out = String::new();
    if single {
        if let Some(m) = modes.first() {
            css_block(&mut out, ":root", m);
        }
        return out;
    }
    for (i, m) in modes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "/* {} Mode */", comment_text(&m.name));
        let key: String = mode_key(&m.name).replace(['"', '\\'], "");
        css_block(&mut out, &format!(":root[data-theme=\"{key}\"]"), m);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tok(name: &str, ty: &str, value: Value, d: Option<&str>) -> ExportToken {
        ExportToken {
            name: name.into(),
            ty: ty.into(),
            value,
            description: d.map(Into::into),
        }
    }

    fn light() -> ExportMode {
        ExportMode {
            name: "Light".into(),
            tokens: vec![
                tok(
                    "colors.primary.500",
                    "color",
                    json!("#3b82f6"),
                    Some("Primary brand color"),
                ),
                tok("colors.background.default", "color", json!("#ffffff"), None),
                tok("spacing.base", "dimension", json!("16px"), None),
            ],
        }
    }

    #[test]
    fn css_single_mode_matches_the_documented_shape() {
        assert_eq!(
            css(&[light()], true),
            ":root {\n  /* Primary brand color */\n  --colors-primary-500: #3b82f6;\n  --colors-background-default: #ffffff;\n  --spacing-base: 16px;\n}\n"
        );
    }

    #[test]
    fn css_all_modes_matches_the_documented_shape() {
        let dark = ExportMode {
            name: "Dark".into(),
            tokens: vec![tok("colors.primary.500", "color", json!("#60a5fa"), None)],
        };
        let mut l = light();
        l.tokens.truncate(1);
        l.tokens[0].description = None;
        assert_eq!(
            css(&[l, dark], false),
            "/* Light Mode */\n:root[data-theme=\"light\"] {\n  --colors-primary-500: #3b82f6;\n}\n\n/* Dark Mode */\n:root[data-theme=\"dark\"] {\n  --colors-primary-500: #60a5fa;\n}\n"
        );
    }

    #[test]
    fn json_single_mode_nests_on_dots() {
        let v: Value = serde_json::from_str(&json(&[light()], true)).unwrap_or_default();
        assert_eq!(
            v,
            json!({"colors": {"primary": {"500": {"value": "#3b82f6", "type": "color", "description": "Primary brand color"}},
                              "background": {"default": {"value": "#ffffff", "type": "color"}}},
                   "spacing": {"base": {"value": "16px", "type": "dimension"}}})
        );
    }

    #[test]
    fn css_values_of_composite_types() {
        let cases = [
            (
                "cubicBezier",
                json!([0, 0, 0.2, 1]),
                Some("cubic-bezier(0, 0, 0.2, 1)"),
            ),
            (
                "fontFamily",
                json!(["Open Sans", "sans-serif"]),
                Some("\"Open Sans\", sans-serif"),
            ),
            (
                "shadow",
                json!({"offsetX":"0px","offsetY":"4px","blur":"6px","spread":"0px","color":"rgba(0, 0, 0, 0.1)"}),
                Some("0px 4px 6px 0px rgba(0, 0, 0, 0.1)"),
            ),
            (
                "border",
                json!({"width":"1px","style":"solid","color":"#e5e7eb"}),
                Some("1px solid #e5e7eb"),
            ),
            (
                "typography",
                json!({"fontFamily":"Inter","fontSize":"16px","fontWeight":400,"lineHeight":1.5}),
                Some("400 16px/1.5 Inter"),
            ),
            (
                "color",
                json!("red; } body { x"),
                Some("red\\; \\} body \\{ x"),
            ),
            ("gradient", json!({"a": 1}), None),
        ];
        for (ty, v, want) in cases {
            assert_eq!(css_value(ty, &v).as_deref(), want, "{ty}");
        }
    }
}
