//! `tailwind`: a Tailwind CSS v4 `@theme` block with theme-namespaced variables.

use super::css::{block_items, Decls};
use crate::emit::naming::{self, NameCase, Names};
use crate::emit::select::{self, mode_slug};
use crate::emit::values::{Dialect, Render};
use crate::emit::writer::{block_comment, css_ident, css_string, Writer};
use crate::emit::{EmitContext, Emitter, ModeSelection, OutputFile};
use crate::error::Diagnostics;
use crate::model::TokenType;

/// The `tailwind` emitter.
pub struct Tailwind;

/// Tailwind v4 theme namespace of a token type, and the leading path words it replaces.
fn namespace(ty: &TokenType) -> Option<(&'static str, &'static [&'static str])> {
    Some(match ty {
        TokenType::Color => ("color", &["color", "colors"]),
        TokenType::Dimension => ("spacing", &["spacing", "space", "size", "sizes"]),
        TokenType::FontFamily => ("font", &["font", "fonts", "family"]),
        TokenType::FontSize => ("text", &["text", "font"]),
        TokenType::FontWeight => ("font-weight", &["font", "weight"]),
        TokenType::LineHeight => ("leading", &["leading", "line"]),
        TokenType::LetterSpacing => ("tracking", &["tracking", "letter"]),
        TokenType::Shadow => ("shadow", &["shadow", "shadows", "elevation"]),
        TokenType::CubicBezier => ("ease", &["ease", "easing"]),
        _ => return None,
    })
}

fn theme_names(cx: &EmitContext) -> Result<Names, Diagnostics> {
    let prefix = cx.options.prefix.as_deref();
    let case = cx.options.name_case.unwrap_or(NameCase::Kebab);
    Names::build(cx.set, select::selected_ids(cx), "tailwind", |path| {
        let ty = cx
            .set
            .id(path)
            .and_then(|id| cx.resolved.get(cx.resolved.default_mode, id))
            .map(|rt| rt.ty.clone());
        let mut words = naming::words(path);
        let ns = ty.as_ref().and_then(namespace);
        if let Some((_, strip)) = ns {
            while words.len() > 1 && words.first().is_some_and(|w| strip.contains(&w.as_str())) {
                words.remove(0);
            }
        }
        let body = naming::join(&words, case);
        let mut parts: Vec<String> = Vec::new();
        if let Some((n, _)) = ns {
            parts.push(n.to_string());
        }
        if let Some(p) = prefix {
            parts.push(naming::join(&naming::words(p), case));
        }
        parts.push(body);
        parts.retain(|p| !p.is_empty());
        css_ident(&parts.join("-"))
    })
}

impl Emitter for Tailwind {
    fn name(&self) -> &str {
        "tailwind"
    }
    fn description(&self) -> &str {
        "Tailwind CSS v4 @theme block (--color-*, --spacing-*, --font-*, …); other modes as data-theme overrides"
    }
    fn extension(&self) -> &str {
        "css"
    }
    fn media_type(&self) -> &str {
        "text/css"
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        let names = theme_names(cx)?;
        let decls = Decls {
            cx,
            names: &names,
            render: Render {
                dialect: Dialect::Css,
                options: cx.options,
            },
        };
        let mut w = Writer::new("  ");
        let (theme_mode, others) = match cx.modes {
            ModeSelection::One(m) => (m, Vec::new()),
            ModeSelection::All => {
                let d = cx.resolved.default_mode;
                (
                    d,
                    cx.mode_indices().into_iter().filter(|m| *m != d).collect(),
                )
            }
        };
        decls.block(&mut w, "@theme", select::items(cx, theme_mode));
        for m in others {
            let name = cx.mode_name(m);
            w.blank();
            w.line_parts(&["/* ", &block_comment(name), " Mode */"]);
            let sel = format!("[data-theme={}]", css_string(&mode_slug(name)));
            decls.block(&mut w, &sel, block_items(cx, m));
        }
        Ok(vec![OutputFile {
            path: "theme.css".into(),
            contents: w.finish(),
        }])
    }
}
