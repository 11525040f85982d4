//! The built-in formats written in Rust (template-driven ones live in `formats/`).

mod android;
mod css;
mod dtcg;
mod js;
mod json;
mod json_out;
pub(crate) mod platform;
mod scss;
mod swift;
mod tailwind;

use super::naming::Names;
use super::select::Item;
use super::{EmitContext, Registry};
use crate::model::TokenId;

pub(crate) use swift::SWIFT_RESERVED;

/// Registers every Rust-written built-in, in the order `tokencraft formats` lists them.
pub fn register_builtin(r: &mut Registry) {
    r.register(Box::new(json::TokencraftJson));
    r.register(Box::new(css::Css));
    r.register(Box::new(swift::Ios));
    r.register(Box::new(android::Android));
    r.register(Box::new(android::AndroidResources));
    r.register(Box::new(dtcg::Dtcg));
    r.register(Box::new(json::JsonFlat));
    r.register(Box::new(json::JsonNested));
    r.register(Box::new(scss::Scss));
    r.register(Box::new(js::Js));
    r.register(Box::new(js::Ts));
    r.register(Box::new(tailwind::Tailwind));
}

/// The token an item's whole value aliases, when output references are on and the target
/// is being written too.
pub(crate) fn alias_target(cx: &EmitContext, names: &Names, item: &Item) -> Option<TokenId> {
    if !cx.options.output_references {
        return None;
    }
    item.rt.alias_of.filter(|t| names.has(*t))
}

/// A header line for formats with comments: "Design Tokens" plus the timestamp if given.
pub(crate) fn header_lines(cx: &EmitContext) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(ts) = &cx.options.timestamp {
        v.push(format!("Generated {ts}"));
    }
    v
}
