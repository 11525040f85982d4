//! Template-driven formats: a handlebars template plus `format.json`, built in from
//! `formats/` or loaded from a user folder (`--templates DIR`). `formats/README.md` lists
//! every field and helper a template sees.

use super::formats::platform::{leaves, suffixed};
use super::naming::{self, identifier, NameCase};
use super::select::{self, mode_pascal, mode_slug};
use super::values::{Dialect, Kind, Render};
use super::writer;
use super::{one, EmitContext, Emitter, ModeSelection, OutputFile};
use crate::error::{Diagnostic, Diagnostics, Error};
use handlebars::{handlebars_helper, Handlebars};
use serde_json::{json, Value as J};
use std::path::Path;

const BUILTIN: [(&str, &str, &str); 3] = [
    (
        "swiftui",
        include_str!("../../formats/swiftui/format.json"),
        include_str!("../../formats/swiftui/template.hbs"),
    ),
    (
        "compose",
        include_str!("../../formats/compose/format.json"),
        include_str!("../../formats/compose/template.hbs"),
    ),
    (
        "flutter",
        include_str!("../../formats/flutter/format.json"),
        include_str!("../../formats/flutter/template.hbs"),
    ),
];

const KOTLIN_RESERVED: &[&str] = &[
    "as",
    "break",
    "class",
    "continue",
    "do",
    "else",
    "false",
    "for",
    "fun",
    "if",
    "in",
    "interface",
    "is",
    "null",
    "object",
    "package",
    "return",
    "super",
    "this",
    "throw",
    "true",
    "try",
    "typealias",
    "typeof",
    "val",
    "var",
    "when",
    "while",
];
const DART_RESERVED: &[&str] = &[
    "assert",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "default",
    "do",
    "else",
    "enum",
    "extends",
    "false",
    "final",
    "finally",
    "for",
    "if",
    "in",
    "is",
    "new",
    "null",
    "rethrow",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "var",
    "void",
    "while",
    "with",
    "hashCode",
    "runtimeType",
    "toString",
    "noSuchMethod",
];

/// A format driven by a handlebars template.
pub struct TemplateEmitter {
    name: String,
    description: String,
    extension: String,
    media_type: String,
    file: String,
    dialect: Dialect,
    case: NameCase,
    hb: Handlebars<'static>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatJson {
    description: String,
    extension: String,
    #[serde(default = "plain")]
    media_type: String,
    file: String,
    dialect: String,
    #[serde(default = "camel")]
    case: String,
}

fn plain() -> String {
    "text/plain".into()
}
fn camel() -> String {
    "camel".into()
}

handlebars_helper!(h_swift: |s: str| writer::swift_string(s));
handlebars_helper!(h_kotlin: |s: str| writer::kotlin_string(s));
handlebars_helper!(h_dart: |s: str| writer::dart_string(s));
handlebars_helper!(h_js: |s: str| writer::js_string(s));
handlebars_helper!(h_css: |s: str| writer::css_string(s));
handlebars_helper!(h_xml: |s: str| writer::xml_text(s));
handlebars_helper!(h_comment: |s: str| writer::line_comment(s));
handlebars_helper!(h_block_comment: |s: str| writer::block_comment(s));
handlebars_helper!(h_xml_comment: |s: str| writer::xml_comment(s));

impl TemplateEmitter {
    /// Builds a template format from its `format.json` text and template text; `origin`
    /// names them in errors.
    pub fn new(name: &str, format_json: &str, template: &str, origin: &str) -> Result<Self, Error> {
        let meta: FormatJson = serde_json::from_str(format_json).map_err(|e| {
            let full = e.to_string();
            let what = full.rsplit_once(" at line ").map_or(full.as_str(), |(a, _)| a);
            Error::Usage(format!(
                "{origin}/format.json:{}:{}: {what}; a format.json has the keys description, extension, file, dialect and optionally media_type, case",
                e.line(),
                e.column()
            ))
        })?;
        let dialect = Dialect::parse(&meta.dialect).ok_or_else(|| {
            Error::Usage(format!(
                "{origin}/format.json: unknown dialect `{}`; use one of css, scss, swift, swiftui, kotlin, dart, android",
                meta.dialect
            ))
        })?;
        let case = NameCase::parse(&meta.case).ok_or_else(|| {
            Error::Usage(format!(
                "{origin}/format.json: unknown case `{}`; use kebab, camel, snake, pascal, constant or hyphenated",
                meta.case
            ))
        })?;
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.register_escape_fn(handlebars::no_escape);
        hb.register_helper("swift_string", Box::new(h_swift));
        hb.register_helper("kotlin_string", Box::new(h_kotlin));
        hb.register_helper("dart_string", Box::new(h_dart));
        hb.register_helper("js_string", Box::new(h_js));
        hb.register_helper("css_string", Box::new(h_css));
        hb.register_helper("xml", Box::new(h_xml));
        hb.register_helper("comment", Box::new(h_comment));
        hb.register_helper("block_comment", Box::new(h_block_comment));
        hb.register_helper("xml_comment", Box::new(h_xml_comment));
        super::template_guard::check(template, origin)?;
        hb.register_template_string("main", template)
            .map_err(|e| Error::Usage(format!("{origin}/template.hbs: {e}")))?;
        Ok(TemplateEmitter {
            name: name.to_string(),
            description: meta.description,
            extension: meta.extension,
            media_type: meta.media_type,
            file: meta.file,
            dialect,
            case,
            hb,
        })
    }

    fn reserved(&self) -> &'static [&'static str] {
        match self.dialect {
            Dialect::Swift | Dialect::SwiftUi => super::formats::SWIFT_RESERVED,
            Dialect::Kotlin => KOTLIN_RESERVED,
            Dialect::Dart => DART_RESERVED,
            _ => &[],
        }
    }

    fn platform_type(&self, kind: Kind, literal: &str) -> &'static str {
        match (self.dialect, kind) {
            (Dialect::Kotlin, Kind::Color) | (Dialect::Dart, Kind::Color) => "Color",
            (Dialect::Kotlin, Kind::Dimension) if literal.ends_with(".sp") => "TextUnit",
            (Dialect::Kotlin, Kind::Dimension) => "Dp",
            (Dialect::Kotlin, Kind::Number) => "Float",
            (Dialect::Kotlin, Kind::FontWeight) | (Dialect::Dart, Kind::FontWeight) => "FontWeight",
            (Dialect::Kotlin, Kind::Duration) => "Long",
            (Dialect::Kotlin, Kind::CubicBezier) => "CubicBezierEasing",
            (Dialect::Kotlin, Kind::Boolean) => "Boolean",
            (Dialect::Dart, Kind::Dimension | Kind::Number) => "double",
            (Dialect::Dart, Kind::Duration) => "Duration",
            (Dialect::Dart, Kind::CubicBezier) => "Cubic",
            (Dialect::Dart, Kind::Boolean) => "bool",
            (Dialect::SwiftUi | Dialect::Swift, Kind::Color) => "Color",
            (Dialect::SwiftUi | Dialect::Swift, Kind::Dimension | Kind::Number) => "CGFloat",
            (Dialect::SwiftUi | Dialect::Swift, Kind::FontWeight) => "Font.Weight",
            (Dialect::SwiftUi | Dialect::Swift, Kind::Duration) => "Double",
            (Dialect::SwiftUi | Dialect::Swift, Kind::CubicBezier) => "[CGFloat]",
            (Dialect::SwiftUi | Dialect::Swift, Kind::Boolean) => "Bool",
            _ => "String",
        }
    }

    fn string_literal(&self, s: &str) -> String {
        match self.dialect {
            Dialect::Swift | Dialect::SwiftUi => writer::swift_string(s),
            Dialect::Kotlin => writer::kotlin_string(s),
            Dialect::Dart => writer::dart_string(s),
            Dialect::Android => writer::xml_text(s),
            Dialect::Css | Dialect::Scss => writer::css_string(s),
        }
    }

    /// The data a template sees (documented in `formats/README.md`).
    fn data(&self, cx: &EmitContext) -> Result<J, Diagnostics> {
        let reserved = self.reserved();
        let case = cx.options.name_case.unwrap_or(self.case);
        let names = select::names(cx, &self.name, case, |n| identifier(n, reserved))?;
        let render = Render {
            dialect: self.dialect,
            options: cx.options,
        };
        let css = Render {
            dialect: Dialect::Css,
            options: cx.options,
        };
        let mut unique = super::formats::platform::Unique::default();
        let mut modes = Vec::new();
        for m in cx.mode_indices() {
            let mode_name = cx.mode_name(m);
            let scope = mode_slug(mode_name);
            let mut tokens = Vec::new();
            for it in select::items(cx, m) {
                for leaf in leaves(cx, m, &it, &names, &render, case) {
                    unique.check(&scope, &leaf.name, it.path, &self.name);
                    let part_words: Vec<String> = if leaf.name == names.get(it.id) {
                        Vec::new()
                    } else {
                        naming::words(leaf.name.strip_prefix(names.get(it.id)).unwrap_or(""))
                    };
                    let all_cases = |path: &str| {
                        let mut ws = naming::words(path);
                        ws.extend(part_words.iter().cloned());
                        json!({
                            "kebab": naming::join(&ws, NameCase::Kebab),
                            "camel": naming::join(&ws, NameCase::Camel),
                            "snake": naming::join(&ws, NameCase::Snake),
                            "pascal": naming::join(&ws, NameCase::Pascal),
                            "constant": naming::join(&ws, NameCase::Constant),
                        })
                    };
                    let mut name = all_cases(it.path);
                    name["output"] = J::from(leaf.name.clone());
                    let reference = leaf.reference.map(|t| {
                        json!({
                            "path": cx.set.path(t),
                            "name": names.get(t),
                        })
                    });
                    let value = match leaf.reference {
                        Some(t) => names.get(t).to_string(),
                        None => leaf.native.literal.clone(),
                    };
                    let deprecated = it.deprecated();
                    tokens.push(json!({
                        "path": it.path,
                        "part": suffixed("", &part_words, NameCase::Camel),
                        "name": name,
                        "type": it.rt.ty.as_str(),
                        "kind": leaf.native.kind.as_str(),
                        "platform_type": self.platform_type(leaf.native.kind, &leaf.native.literal),
                        "value": value,
                        "literal": leaf.native.literal,
                        "css": css.css(&it.rt.value, None),
                        "description": it.description(),
                        "doc": it.description().map(writer::line_comment),
                        "deprecated": deprecated.is_some(),
                        "deprecated_reason": deprecated,
                        "deprecated_literal": deprecated.map(|r| self.string_literal(r)),
                        "mode": mode_name,
                        "is_reference": leaf.reference.is_some(),
                        "reference": reference,
                        "is_alias": it.rt.alias_of.is_some(),
                        "alias_of": it.rt.alias_of.map(|t| cx.set.path(t)),
                    }));
                }
            }
            modes.push(json!({
                "name": mode_name,
                "slug": scope,
                "pascal": identifier(mode_pascal(mode_name), reserved),
                "camel": identifier(naming::join(&naming::words(mode_name), NameCase::Camel), reserved),
                "is_default": m == cx.resolved.default_mode,
                "tokens": tokens,
            }));
        }
        unique.finish()?;
        let first_tokens = modes
            .first()
            .and_then(|m| m.get("tokens").cloned())
            .unwrap_or_else(|| J::Array(Vec::new()));
        Ok(json!({
            "format": self.name,
            "single": matches!(cx.modes, ModeSelection::One(_)),
            "header": cx.options.header,
            "timestamp": cx.options.timestamp,
            "modes": modes,
            "tokens": first_tokens,
        }))
    }
}

impl Emitter for TemplateEmitter {
    fn name(&self) -> &str {
        &self.name
    }
    fn description(&self) -> &str {
        &self.description
    }
    fn extension(&self) -> &str {
        &self.extension
    }
    fn media_type(&self) -> &str {
        &self.media_type
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        let data = self.data(cx)?;
        let contents = self.hb.render("main", &data).map_err(|e| {
            one(Diagnostic::error(
                "E-EMIT-TEMPLATE",
                format!("template of format `{}` failed: {e}", self.name),
            )
            .help("fix the template; formats/README.md lists the fields and helpers"))
        })?;
        Ok(vec![OutputFile {
            path: self.file.clone(),
            contents,
        }])
    }
}

/// The template formats shipped in the binary.
pub fn builtin_templates() -> Vec<TemplateEmitter> {
    BUILTIN
        .iter()
        .filter_map(|(name, meta, tpl)| {
            TemplateEmitter::new(name, meta, tpl, &format!("formats/{name}")).ok()
        })
        .collect()
}

/// Loads every `<dir>/<format>/{format.json,template.hbs}`, sorted by folder name.
pub fn load_dir(dir: &Path) -> Result<Vec<TemplateEmitter>, Error> {
    let io = |path: &Path, source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let mut folders: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut out = Vec::new();
    for folder in folders {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let meta_path = folder.join("format.json");
        let tpl_path = folder.join("template.hbs");
        let meta = std::fs::read_to_string(&meta_path).map_err(|e| io(&meta_path, e))?;
        let tpl = std::fs::read_to_string(&tpl_path).map_err(|e| io(&tpl_path, e))?;
        out.push(TemplateEmitter::new(
            &name,
            &meta,
            &tpl,
            &folder.display().to_string(),
        )?);
    }
    Ok(out)
}
