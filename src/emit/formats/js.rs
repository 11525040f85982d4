//! `js` (an ES module of constants) and `ts` (declarations with literal types).

use super::{alias_target, header_lines};
use crate::emit::naming::{identifier, NameCase, Names};
use crate::emit::select::{self, mode_slug, Item};
use crate::emit::values::{num, Dialect, Render};
use crate::emit::writer::{block_comment, js_string, Writer};
use crate::emit::{EmitContext, Emitter, ModeSelection, OutputFile};
use crate::error::Diagnostics;
use crate::model::{LineHeight, Value};

/// JavaScript / TypeScript reserved words.
const JS_RESERVED: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "let",
    "static",
    "implements",
    "interface",
    "package",
    "private",
    "protected",
    "public",
    "await",
    "arguments",
    "eval",
    "undefined",
    "NaN",
    "Infinity",
    "modes",
];

/// A value as a JS literal: numbers and booleans native, everything else its CSS text.
fn literal(cx: &EmitContext, v: &Value) -> String {
    match v {
        Value::Number(n) | Value::LineHeight(LineHeight::Multiplier(n)) => num(*n),
        Value::FontWeight(w) => num(w.weight),
        Value::Boolean(b) => b.to_string(),
        Value::String(s) => js_string(s),
        other => js_string(
            &Render {
                dialect: Dialect::Css,
                options: cx.options,
            }
            .css(other, None),
        ),
    }
}

fn doc(w: &mut Writer, it: &Item) {
    let mut parts = Vec::new();
    if let Some(d) = it.description() {
        parts.push(block_comment(d));
    }
    if let Some(r) = it.deprecated() {
        parts.push(
            format!("@deprecated {}", block_comment(r))
                .trim_end()
                .to_string(),
        );
    }
    if !parts.is_empty() {
        w.line_parts(&["/** ", &parts.join(" "), " */"]);
    }
}

fn names(cx: &EmitContext, format: &str) -> Result<Names, Diagnostics> {
    select::names(cx, format, NameCase::Camel, |n| identifier(n, JS_RESERVED))
}

fn vars_mode(cx: &EmitContext) -> usize {
    match cx.modes {
        ModeSelection::One(m) => m,
        ModeSelection::All => cx.resolved.default_mode,
    }
}

/// Writes the module; `ts` selects declarations with literal types.
fn write(cx: &EmitContext, format: &str, ts: bool) -> Result<String, Diagnostics> {
    let names = names(cx, format)?;
    let mut w = Writer::with_capacity(
        "  ",
        cx.set.paths.len() * 64 * (cx.mode_indices().len() + 1),
    );
    for h in header_lines(cx) {
        w.line_parts(&["// ", &block_comment(&h)]);
    }
    for it in select::items(cx, vars_mode(cx)) {
        doc(&mut w, &it);
        let name = names.get(it.id);
        match (alias_target(cx, &names, &it), ts) {
            (Some(t), false) => w.line_parts(&["export const ", name, " = ", names.get(t), ";"]),
            (Some(t), true) => w.line_parts(&[
                "export declare const ",
                name,
                ": typeof ",
                names.get(t),
                ";",
            ]),
            (None, false) => w.line_parts(&[
                "export const ",
                name,
                " = ",
                &literal(cx, &it.rt.value),
                ";",
            ]),
            (None, true) => w.line_parts(&[
                "export declare const ",
                name,
                ": ",
                &literal(cx, &it.rt.value),
                ";",
            ]),
        }
    }
    if matches!(cx.modes, ModeSelection::All) {
        w.blank();
        if ts {
            w.open("export declare const modes: {");
        } else {
            w.open("export const modes = {");
        }
        for m in cx.mode_indices() {
            let key = js_string(&mode_slug(cx.mode_name(m)));
            if ts {
                w.open(&format!("readonly {key}: {{"));
            } else {
                w.open(&format!("{key}: {{"));
            }
            for it in select::items(cx, m) {
                let k = js_string(names.get(it.id));
                let v = literal(cx, &it.rt.value);
                if ts {
                    w.line_parts(&["readonly ", &k, ": ", &v, ";"]);
                } else {
                    w.line_parts(&[&k, ": ", &v, ","]);
                }
            }
            w.close(if ts { "};" } else { "}," });
        }
        w.close("};");
    }
    Ok(w.finish())
}

/// The `js` emitter.
pub struct Js;

impl Emitter for Js {
    fn name(&self) -> &str {
        "js"
    }
    fn description(&self) -> &str {
        "JavaScript ES module: one export per token; all modes in an exported `modes` object"
    }
    fn extension(&self) -> &str {
        "js"
    }
    fn media_type(&self) -> &str {
        "text/javascript"
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        Ok(vec![OutputFile {
            path: "tokens.js".into(),
            contents: write(cx, "js", false)?,
        }])
    }
}

/// The `ts` emitter.
pub struct Ts;

impl Emitter for Ts {
    fn name(&self) -> &str {
        "ts"
    }
    fn description(&self) -> &str {
        "TypeScript declarations (.d.ts) with literal types for the js module"
    }
    fn extension(&self) -> &str {
        "d.ts"
    }
    fn media_type(&self) -> &str {
        "text/plain"
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        Ok(vec![OutputFile {
            path: "tokens.d.ts".into(),
            contents: write(cx, "ts", true)?,
        }])
    }
}
