//! `css`: CSS custom properties, exactly Tokencraft's CSS export by default.

use super::{alias_target, header_lines};
use crate::emit::color_out;
use crate::emit::naming::{NameCase, Names};
use crate::emit::options::{ColorFormat, CssModes};
use crate::emit::select::{self, mode_slug, Item};
use crate::emit::values::{Dialect, Render};
use crate::emit::writer::{block_comment, block_comment_into, css_ident_into, css_string, Writer};
use crate::emit::{one, EmitContext, Emitter, ModeSelection, OutputFile};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{TokenId, Value};

/// The `css` emitter.
pub struct Css;

impl Emitter for Css {
    fn name(&self) -> &str {
        "css"
    }
    fn description(&self) -> &str {
        "CSS custom properties (:root; one block per mode), as Tokencraft's CSS export"
    }
    fn extension(&self) -> &str {
        "css"
    }
    fn media_type(&self) -> &str {
        "text/css"
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        let names = select::names_into(cx, "css", NameCase::Hyphenated, |n, out| {
            css_ident_into(out, n)
        })?;
        let contents = write_css(cx, &names)?;
        Ok(vec![OutputFile {
            path: "tokens.css".into(),
            contents,
        }])
    }
}

/// Writes declarations of CSS custom properties; shared with `tailwind`. The names are
/// already CSS-escaped (`writer::css_ident`).
pub(crate) struct Decls<'a> {
    pub cx: &'a EmitContext<'a>,
    pub names: &'a Names,
    pub render: Render<'a>,
}

impl Decls<'_> {
    /// The value of one token: `var(--target)` for a kept alias, else the CSS value.
    pub fn value(&self, item: &Item) -> String {
        let refs = |id: TokenId| {
            self.names
                .has(id)
                .then(|| format!("var(--{})", self.names.get(id)))
        };
        if let Some(t) = alias_target(self.cx, self.names, item) {
            return format!("var(--{})", self.names.get(t));
        }
        if self.cx.options.output_references {
            self.render.css(&item.rt.value, Some(&refs))
        } else {
            self.render.css(&item.rt.value, None)
        }
    }

    /// Comment lines (description, deprecation) and the declaration of one token.
    pub fn write(&self, w: &mut Writer, item: &Item, value: &str) {
        if let Some(d) = item.description() {
            w.line_parts(&["/* ", &block_comment(d), " */"]);
        }
        if let Some(r) = item.deprecated() {
            let text = if r.is_empty() {
                "@deprecated".to_string()
            } else {
                format!("@deprecated {}", block_comment(r))
            };
            w.line_parts(&["/* ", &text, " */"]);
        }
        w.line_parts(&["--", self.names.get(item.id), ": ", value, ";"]);
    }

    /// Writes `selector { … }` with the given items.
    pub fn block<'i>(
        &self,
        w: &mut Writer,
        selector: &str,
        items: impl IntoIterator<Item = Item<'i>>,
    ) {
        w.open(&format!("{selector} {{"));
        for it in items {
            let it = &it;
            if self.cx.options.output_references {
                self.write(w, it, &self.value(it));
                continue;
            }
            // The common case, written straight into the output buffer.
            if let Some(d) = it.description() {
                w.line_with(|out| {
                    out.push_str("/* ");
                    block_comment_into(out, d);
                    out.push_str(" */");
                });
            }
            if let Some(r) = it.deprecated() {
                w.line_with(|out| {
                    out.push_str("/* @deprecated");
                    if !r.is_empty() {
                        out.push(' ');
                        block_comment_into(out, r);
                    }
                    out.push_str(" */");
                });
            }
            let name = self.names.get(it.id);
            w.line_with(|out| {
                out.push_str("--");
                out.push_str(name);
                out.push_str(": ");
                self.render.css_into(out, &it.rt.value);
                out.push(';');
            });
        }
        w.close("}");
    }
}

fn check_selector(sel: &str, mode: &str) -> Result<(), Diagnostics> {
    if sel.trim().is_empty() || sel.contains(['{', '}', ';', '\n']) || sel.contains("/*") {
        return Err(one(Diagnostic::error(
            "E-EMIT-SELECTOR",
            format!("the CSS selector `{}` for mode `{mode}` is empty or contains `{{`, `}}`, `;`, a comment or a newline", sel.escape_debug()),
        )
        .mode(mode)
        .help("give a plain selector such as `.theme-dark` or `[data-theme=\"dark\"]`")));
    }
    Ok(())
}

/// The items of `mode` to write in a non-default block: all, or with `only_changed` those
/// that differ from the default mode, plus (with output references) aliases whose target
/// chain changes, so the alias is re-declared where the target changes.
pub(crate) fn block_items<'a>(cx: &EmitContext<'a>, mode: usize) -> select::Items<'a> {
    if !cx.options.only_changed || mode == cx.resolved.default_mode {
        return select::items_iter(cx, mode);
    }
    let items = select::items(cx, mode);
    let mut changed = vec![false; cx.set.paths.len()];
    // Items are in dependency order with output references, so one pass sees targets first.
    let ordered = if cx.options.output_references {
        items.clone()
    } else {
        Vec::new()
    };
    for it in &items {
        if cx.resolved.differs_from_default(mode, it.id) {
            changed[it.id.index()] = true;
        }
    }
    for it in &ordered {
        if select::references(it.rt)
            .iter()
            .any(|d| changed.get(d.index()).copied().unwrap_or(false))
        {
            changed[it.id.index()] = true;
        }
    }
    let kept: Vec<Item<'a>> = items
        .into_iter()
        .filter(|it| changed[it.id.index()])
        .collect();
    select::Items::List(kept.into_iter())
}

fn write_css(cx: &EmitContext, names: &Names) -> Result<String, Diagnostics> {
    let decls = Decls {
        cx,
        names,
        render: Render {
            dialect: Dialect::Css,
            options: cx.options,
        },
    };
    let per_mode = names_len_hint(cx);
    let header = |w: &mut Writer| {
        for h in header_lines(cx) {
            w.line_parts(&["/* ", &block_comment(&h), " */"]);
        }
    };
    if let ModeSelection::One(m) = cx.modes {
        let mut w = Writer::with_capacity("  ", per_mode);
        header(&mut w);
        decls.block(&mut w, ":root", select::items_iter(cx, m));
        p3_overrides(&decls, &mut w, ":root", || select::items_iter(cx, m));
        return Ok(w.finish());
    }
    if cx.options.css_modes == CssModes::LightDark {
        let mut w = Writer::with_capacity("  ", per_mode);
        header(&mut w);
        return light_dark(&decls, w);
    }
    // One block per mode (in parallel when the cores are free), in mode order; a blank
    // line separates the blocks.
    let modes = cx.mode_indices();
    let (text, results) = crate::emit::write_parts(modes.len(), per_mode, |i, out| {
        let mut w = Writer::on("  ", std::mem::take(out));
        if i == 0 {
            header(&mut w);
        } else {
            w.blank();
        }
        let r = match modes.get(i) {
            Some(&m) => mode_block(&decls, &mut w, m),
            None => Ok(()),
        };
        *out = w.finish();
        r
    });
    for r in results {
        r?;
    }
    Ok(text)
}

/// The block of one mode in a multi-mode file, per the CSS mode layout.
fn mode_block(decls: &Decls, w: &mut Writer, m: usize) -> Result<(), Diagnostics> {
    let cx = decls.cx;
    let name = cx.mode_name(m);
    let data_theme = format!(":root[data-theme={}]", css_string(&mode_slug(name)));
    let selector = match &cx.options.css_modes {
        CssModes::Selectors(list) => {
            match list.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                Some((_, sel)) => {
                    check_selector(sel, name)?;
                    sel.clone()
                }
                None => data_theme,
            }
        }
        CssModes::MediaQuery => {
            let slug = mode_slug(name);
            if m == cx.resolved.default_mode {
                decls.block(w, ":root", block_items(cx, m));
                return Ok(());
            }
            if slug == "dark" || slug == "light" {
                w.open(&format!("@media (prefers-color-scheme: {slug}) {{"));
                decls.block(w, ":root", block_items(cx, m));
                w.close("}");
                return Ok(());
            }
            data_theme
        }
        _ => data_theme,
    };
    w.line_parts(&["/* ", &block_comment(name), " Mode */"]);
    decls.block(w, &selector, block_items(cx, m));
    p3_overrides(decls, w, &selector, || block_items(cx, m));
    Ok(())
}

/// Bytes to reserve for one mode's block.
fn names_len_hint(cx: &EmitContext) -> usize {
    cx.set.paths.len() * 48
}

/// With the display-p3 colour format: colours outside sRGB are written as sRGB hex in the
/// main block (the fallback) and as `color(display-p3 …)` in a `@media (color-gamut: p3)`
/// block.
fn p3_overrides<'i, I: IntoIterator<Item = Item<'i>>>(
    decls: &Decls,
    w: &mut Writer,
    selector: &str,
    items: impl FnOnce() -> I,
) {
    let o = decls.cx.options;
    if o.color_format != ColorFormat::DisplayP3 {
        return;
    }
    let wide: Vec<Item> = items()
        .into_iter()
        .filter(|it| alias_target(decls.cx, decls.names, it).is_none())
        .filter(|it| matches!(&it.rt.value, Value::Color(c) if !color_out::in_srgb(c)))
        .collect();
    if wide.is_empty() {
        return;
    }
    w.blank();
    w.open("@media (color-gamut: p3) {");
    w.open(&format!("{selector} {{"));
    for it in wide {
        if let Value::Color(c) = &it.rt.value {
            let v = color_out::css(c, ColorFormat::DisplayP3, o.gamut);
            w.line_parts(&["--", decls.names.get(it.id), ": ", &v, ";"]);
        }
    }
    w.close("}");
    w.close("}");
}

/// One `:root` block with `light-dark()` for colours that differ between the light and
/// dark modes; other differing values go to a `prefers-color-scheme: dark` block.
fn light_dark(decls: &Decls, mut w: Writer) -> Result<String, Diagnostics> {
    let cx = decls.cx;
    let find =
        |slug: &str| (0..cx.resolved.modes.len()).find(|&m| mode_slug(cx.mode_name(m)) == slug);
    let (Some(light), Some(dark)) = (find("light"), find("dark")) else {
        return Err(one(Diagnostic::error(
            "E-EMIT-LIGHT-DARK",
            "the light-dark() CSS layout needs a mode named `light` and a mode named `dark`",
        )
        .help(
            "rename the modes, or use the data-theme, selectors or media-query layout",
        )));
    };
    let light_items = select::items(cx, light);
    let dark_items = select::items(cx, dark);
    let dark_value = |id: TokenId| {
        dark_items
            .iter()
            .find(|d| d.id == id)
            .map(|d| decls.value(d))
    };
    let mut rest = Vec::new();
    w.open(":root {");
    w.line("color-scheme: light dark;");
    for it in &light_items {
        let lv = decls.value(it);
        let dv = dark_value(it.id).unwrap_or_else(|| lv.clone());
        if lv == dv {
            decls.write(&mut w, it, &lv);
        } else if matches!(it.rt.value, Value::Color(_)) {
            decls.write(&mut w, it, &format!("light-dark({lv}, {dv})"));
        } else {
            decls.write(&mut w, it, &lv);
            rest.push((it, dv));
        }
    }
    w.close("}");
    if !rest.is_empty() {
        w.blank();
        w.open("@media (prefers-color-scheme: dark) {");
        w.open(":root {");
        for (it, dv) in rest {
            decls.write(&mut w, it, &dv);
        }
        w.close("}");
        w.close("}");
    }
    Ok(w.finish())
}
