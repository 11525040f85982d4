//! `scss`: `$name: value;` variables (optionally `!default`) and one map per mode.

use super::{alias_target, header_lines};
use crate::emit::naming::NameCase;
use crate::emit::select::{self, mode_slug};
use crate::emit::values::{Dialect, Render};
use crate::emit::writer::{css_string, line_comment, Writer};
use crate::emit::{EmitContext, Emitter, ModeSelection, OutputFile};
use crate::error::Diagnostics;
use crate::model::TokenId;

/// The `scss` emitter.
pub struct Scss;

/// Sass identifiers may not start with a digit, and `_`/`-` make a member private.
fn scss_ident(n: String) -> String {
    let mut out = String::with_capacity(n.len() + 2);
    scss_ident_into(&n, &mut out);
    out
}

/// Appends [`scss_ident`]'s result to `out`. The sanitised name starts with a letter
/// exactly when `n` does (other first characters are kept as `_`/`-`/digit or escaped).
fn scss_ident_into(n: &str, out: &mut String) {
    if !n.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.push_str("t-");
    }
    crate::emit::naming::sanitize_into(out, n, true);
}

impl Emitter for Scss {
    fn name(&self) -> &str {
        "scss"
    }
    fn description(&self) -> &str {
        "SCSS variables ($name: value;, optional !default) and a map per mode"
    }
    fn extension(&self) -> &str {
        "scss"
    }
    fn media_type(&self) -> &str {
        "text/x-scss"
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        let names = select::names_into(cx, "scss", NameCase::Kebab, scss_ident_into)?;
        let render = Render {
            dialect: Dialect::Scss,
            options: cx.options,
        };
        let mut w = Writer::with_capacity(
            "  ",
            cx.set.paths.len() * 64 * (cx.mode_indices().len() + 1),
        );
        // Silent comments only: loud `/* */` comments would interpolate `#{…}`.
        for h in header_lines(cx) {
            w.line_parts(&["// ", &line_comment(&h)]);
        }
        let vars_mode = match cx.modes {
            ModeSelection::One(m) => m,
            ModeSelection::All => cx.resolved.default_mode,
        };
        let bang = if cx.options.scss_default {
            " !default"
        } else {
            ""
        };
        let refs = |id: TokenId| names.has(id).then(|| format!("${}", names.get(id)));
        for it in select::items(cx, vars_mode) {
            if let Some(d) = it.description() {
                w.line_parts(&["// ", &line_comment(d)]);
            }
            if let Some(r) = it.deprecated() {
                w.line_parts(&["// @deprecated ", &line_comment(r)]);
            }
            let name = names.get(it.id);
            match alias_target(cx, &names, &it) {
                Some(t) => w.line_parts(&["$", name, ": $", names.get(t), bang, ";"]),
                None if cx.options.output_references => {
                    let v = render.css(&it.rt.value, Some(&refs));
                    w.line_parts(&["$", name, ": ", &v, bang, ";"]);
                }
                None => w.line_with(|out| {
                    out.push('$');
                    out.push_str(name);
                    out.push_str(": ");
                    render.css_into(out, &it.rt.value);
                    out.push_str(bang);
                    out.push(';');
                }),
            }
        }
        if matches!(cx.modes, ModeSelection::All) {
            // Map keys, quoted once per token rather than once per mode.
            let mut keys: Vec<Option<String>> = vec![None; cx.set.paths.len()];
            // Maps hold values: a map cannot refer to its own entries.
            for m in cx.mode_indices() {
                let slug = mode_slug(cx.mode_name(m));
                w.blank();
                w.open(&format!(
                    "${}: (",
                    scss_ident(format!("tokens-{}", ident_part(&slug)))
                ));
                for it in select::items(cx, m) {
                    let Some(key) = keys.get_mut(it.id.index()) else {
                        continue;
                    };
                    let key = key.get_or_insert_with(|| css_string(names.get(it.id)));
                    w.line_with(|out| {
                        out.push_str(key);
                        out.push_str(": ");
                        let start = out.len();
                        render.css_into(out, &it.rt.value);
                        // Lists with commas (font stacks, layered shadows) need parentheses
                        // in a map.
                        if out[start..].contains(',') {
                            out.insert(start, '(');
                            out.push(')');
                        }
                        out.push(',');
                    });
                }
                w.close(&format!("){bang};"));
            }
        }
        Ok(vec![OutputFile {
            path: "_tokens.scss".into(),
            contents: w.finish(),
        }])
    }
}

/// A mode slug usable inside a Sass identifier.
fn ident_part(slug: &str) -> String {
    slug.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}
