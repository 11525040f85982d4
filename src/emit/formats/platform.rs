//! Shared by the platform formats (Swift, Android, templates): composites expanded into
//! simple constants, each with a native literal, and a collision check on the final names.

use crate::emit::naming::{self, NameCase, Names};
use crate::emit::select::Item;
use crate::emit::values::{expand, Native, Render};
use crate::emit::EmitContext;
use crate::error::{Diagnostic, Diagnostics};
use crate::model::TokenId;
use std::collections::HashMap;

/// One constant to declare.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// Final identifier (token name plus the sub-value suffix).
    pub name: String,
    pub native: Native,
    /// The simple token this constant refers to, when output references keep it.
    pub reference: Option<TokenId>,
}

/// Appends suffix words to a base name in `case`.
pub fn suffixed(base: &str, suffix: &[String], case: NameCase) -> String {
    if suffix.is_empty() {
        return base.to_string();
    }
    let mut words: Vec<String> = Vec::new();
    for s in suffix {
        words.extend(naming::words(s));
    }
    match case {
        NameCase::Camel | NameCase::Pascal => {
            format!("{base}{}", naming::join(&words, NameCase::Pascal))
        }
        NameCase::Snake => format!("{base}_{}", naming::join(&words, NameCase::Snake)),
        NameCase::Constant => format!("{base}_{}", naming::join(&words, NameCase::Constant)),
        NameCase::Kebab | NameCase::Hyphenated => {
            format!("{base}-{}", naming::join(&words, NameCase::Kebab))
        }
    }
}

/// The constants for one token in `mode`.
pub fn leaves(
    cx: &EmitContext,
    mode: usize,
    item: &Item,
    names: &Names,
    render: &Render,
    case: NameCase,
) -> Vec<Leaf> {
    let base = names.get(item.id);
    let refs_on = cx.options.output_references;
    let simple_target = |t: TokenId| {
        names.has(t)
            && cx
                .resolved
                .get(mode, t)
                .is_some_and(|rt| !rt.ty.is_composite())
    };
    let whole = item
        .rt
        .alias_of
        .filter(|t| refs_on && simple_target(*t) && !item.rt.ty.is_composite());
    expand(&item.rt.value)
        .into_iter()
        .map(|l| Leaf {
            name: suffixed(base, &l.suffix, case),
            native: render.native(&l.value),
            reference: if l.suffix.is_empty() {
                whole
            } else {
                l.reference.filter(|t| refs_on && simple_target(*t))
            },
        })
        .collect()
}

/// Reports constants of one scope that ended up with the same name.
#[derive(Default)]
pub struct Unique {
    seen: HashMap<String, String>,
    pub diags: Diagnostics,
}

impl Unique {
    /// Records `name` for token `path` in `scope`; a second token with the same name in the
    /// same scope is an error naming both.
    pub fn check(&mut self, scope: &str, name: &str, path: &str, format: &str) {
        let key = format!("{scope}\u{0}{name}");
        match self.seen.get(&key) {
            Some(other) if other != path => self.diags.push(
                Diagnostic::error(
                    "E-EMIT-NAME-COLLISION",
                    format!(
                        "tokens `{other}` and `{path}` both map to the output name `{name}` in format `{format}`"
                    ),
                )
                .token(path)
                .help("rename one of the tokens (a composite's parts are named <token><Part>)"),
            ),
            Some(_) => {}
            None => {
                self.seen.insert(key, path.to_string());
            }
        }
    }

    /// The collected errors, if any.
    pub fn finish(self) -> Result<(), Diagnostics> {
        if self.diags.has_errors() {
            Err(self.diags)
        } else {
            Ok(())
        }
    }
}
