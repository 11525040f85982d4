//! `scss`: `$name: value;` variables (optionally `!default`) and one map per mode.

use super::{alias_target, header_lines};
use crate::emit::naming::{NameCase, Names};
use crate::emit::select::{self, mode_slug};
use crate::emit::values::{Dialect, Render};
use crate::emit::writer::{css_string_into, line_comment, Writer};
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
        let bang = if cx.options.scss_default {
            " !default"
        } else {
            ""
        };
        // The variables, then (all modes) one map per mode: parts written in parallel and
        // joined in order.
        let modes = match cx.modes {
            ModeSelection::One(_) => Vec::new(),
            ModeSelection::All => cx.mode_indices(),
        };
        let (contents, _) = crate::emit::write_parts(1 + modes.len(), part_hint(cx), |i, out| {
            let mut w = Writer::on("  ", std::mem::take(out));
            match i.checked_sub(1) {
                None => variables(&mut w, cx, &names, &render, bang),
                Some(k) => {
                    if let Some(&m) = modes.get(k) {
                        mode_map(&mut w, cx, &names, &render, bang, m);
                    }
                }
            }
            *out = w.finish();
        });
        Ok(vec![OutputFile {
            path: "_tokens.scss".into(),
            contents,
        }])
    }
}

/// Bytes to reserve for one part (the variables or one map).
fn part_hint(cx: &EmitContext) -> usize {
    cx.set.paths.len() * 64
}

/// The header comment and the `$name: value;` variables of the default (or selected) mode.
fn variables(w: &mut Writer, cx: &EmitContext, names: &Names, render: &Render, bang: &str) {
    // Silent comments only: loud `/* */` comments would interpolate `#{…}`.
    for h in header_lines(cx) {
        w.line_parts(&["// ", &line_comment(&h)]);
    }
    let vars_mode = match cx.modes {
        ModeSelection::One(m) => m,
        ModeSelection::All => cx.resolved.default_mode,
    };
    let refs = |id: TokenId| names.has(id).then(|| format!("${}", names.get(id)));
    for it in select::items_iter(cx, vars_mode) {
        if let Some(d) = it.description() {
            w.line_parts(&["// ", &line_comment(d)]);
        }
        if let Some(r) = it.deprecated() {
            w.line_parts(&["// @deprecated ", &line_comment(r)]);
        }
        let name = names.get(it.id);
        match alias_target(cx, names, &it) {
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
}

/// One mode's map, `$tokens-<mode>: ("name": value, …);`, after a blank line. Maps hold
/// values: a map cannot refer to its own entries.
fn mode_map(
    w: &mut Writer,
    cx: &EmitContext,
    names: &Names,
    render: &Render,
    bang: &str,
    m: usize,
) {
    let slug = mode_slug(cx.mode_name(m));
    w.blank();
    w.open(&format!(
        "${}: (",
        scss_ident(format!("tokens-{}", ident_part(&slug)))
    ));
    for it in select::items_iter(cx, m) {
        w.line_with(|out| {
            css_string_into(out, names.get(it.id));
            out.push_str(": ");
            let start = out.len();
            render.css_into(out, &it.rt.value);
            // Lists with commas (font stacks, layered shadows) need parentheses in a map.
            if out.get(start..).is_some_and(|v| v.contains(',')) {
                out.insert(start, '(');
                out.push(')');
            }
            out.push(',');
        });
    }
    w.close(&format!("){bang};"));
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
