//! Build configuration (`tokencraft.json`): a list of outputs, each a format, a
//! destination, options, filters and a mode selection.
//!
//! ```json
//! { "outputs": [
//!     { "format": "css", "destination": "dist/css", "modes": "all",
//!       "options": { "prefix": "acme", "outputReferences": true, "cssModes": "media" },
//!       "filter": { "types": ["color"], "paths": ["color.**"] } },
//!     { "format": "ios", "destination": "dist/ios", "modes": "Dark" }
//! ] }
//! ```
//!
//! Option keys: `prefix`, `case` (kebab | camel | snake | pascal | constant | hyphenated),
//! `colorFormat` (hex | hex8 | rgb | hsl | oklch | display-p3), `gamut` (css | clip),
//! `remBase`, `dimensions` (as-written | px | rem), `durations` (as-written | ms | s),
//! `outputReferences`, `cssModes` (data-theme | media | light-dark | `{ "selectors":
//! { "<mode>": "<selector>" } }`), `onlyChanged`, `scssDefault`, `file`, `header`,
//! `timestamp`. Filter keys: `types`, `paths`, `excludeDeprecated`. `modes`: `"all"`
//! (default), `"default"`, or a mode name.

use super::naming::NameCase;
use super::options::*;
use super::{ModeSelection, Registry};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{TokenSet, TokenType};
use indexmap::IndexMap;
use serde::Deserialize;

/// One output of a build.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildOutput {
    /// Registered format name.
    pub format: String,
    /// Options for the emitter.
    pub options: EmitOptions,
    /// Destination folder, relative to the configuration file.
    pub destination: String,
    /// Which modes to write.
    pub modes: ModesConfig,
}

/// The mode selection as configured (names are matched against the token set later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModesConfig {
    /// Every mode.
    All,
    /// The token set's default mode.
    Default,
    /// One mode by name (exact, then case-insensitive).
    Named(String),
}

impl ModesConfig {
    /// The selection for a token set; an unknown mode name is an error listing the modes.
    pub fn select(&self, set: &TokenSet) -> Result<ModeSelection, Diagnostic> {
        match self {
            ModesConfig::All => Ok(ModeSelection::All),
            ModesConfig::Default => Ok(ModeSelection::One(set.default_mode)),
            ModesConfig::Named(n) => set.mode_index(n).map(ModeSelection::One).ok_or_else(|| {
                let known: Vec<&str> = set.modes.iter().map(|m| m.name.as_str()).collect();
                Diagnostic::error("E-CONFIG-MODE", format!("the token set has no mode `{n}`")).help(
                    format!("use \"all\", \"default\" or one of: {}", known.join(", ")),
                )
            }),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
    outputs: Vec<RawOutput>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    format: String,
    destination: String,
    #[serde(default)]
    modes: Option<String>,
    #[serde(default)]
    options: RawOptions,
    #[serde(default)]
    filter: RawFilter,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawOptions {
    prefix: Option<String>,
    case: Option<String>,
    color_format: Option<String>,
    gamut: Option<String>,
    rem_base: Option<f64>,
    dimensions: Option<String>,
    durations: Option<String>,
    output_references: Option<bool>,
    css_modes: Option<RawCssModes>,
    only_changed: Option<bool>,
    scss_default: Option<bool>,
    file: Option<String>,
    header: Option<bool>,
    timestamp: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawCssModes {
    Name(String),
    Selectors { selectors: IndexMap<String, String> },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawFilter {
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    exclude_deprecated: bool,
}

/// Parses a build configuration. `file` names it in messages; `registry` decides which
/// formats exist. Every problem is reported, not just the first.
pub fn parse(text: &str, file: &str, registry: &Registry) -> Result<Vec<BuildOutput>, Diagnostics> {
    let raw: RawConfig = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let what = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(a, _)| a);
        super::one(
            Diagnostic::error(
                "E-CONFIG-SYNTAX",
                format!("invalid build configuration: {what}"),
            )
            .at(Some(crate::model::Location {
                file: file.to_string(),
                line: e.line() as u32,
                column: e.column() as u32,
            }))
            .help("see the `emit::config` documentation for the keys an output accepts"),
        )
    })?;
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    for (i, o) in raw.outputs.into_iter().enumerate() {
        let mut bad = |key: &str, value: &str, allowed: &str| {
            diags.push(
                Diagnostic::error(
                    "E-CONFIG-VALUE",
                    format!("{file}: outputs[{i}].{key}: unknown value `{value}`"),
                )
                .help(format!("use one of: {allowed}")),
            );
        };
        if registry.get(&o.format).is_none() {
            bad("format", &o.format, &registry.names());
        }
        let mut options = EmitOptions::default();
        let r = o.options;
        options.prefix = r.prefix;
        if let Some(c) = r.case {
            match NameCase::parse(&c) {
                Some(c) => options.name_case = Some(c),
                None => bad(
                    "options.case",
                    &c,
                    "kebab, camel, snake, pascal, constant, hyphenated",
                ),
            }
        }
        if let Some(c) = r.color_format {
            match ColorFormat::parse(&c) {
                Some(c) => options.color_format = c,
                None => bad(
                    "options.colorFormat",
                    &c,
                    "hex, hex8, rgb, hsl, oklch, display-p3",
                ),
            }
        }
        match r.gamut.as_deref() {
            None | Some("css") => {}
            Some("clip") => options.gamut = GamutMode::Clip,
            Some(g) => bad("options.gamut", g, "css, clip"),
        }
        if let Some(b) = r.rem_base {
            if b > 0.0 && b.is_finite() {
                options.rem_base = b;
            } else {
                bad(
                    "options.remBase",
                    &b.to_string(),
                    "a positive number of pixels, e.g. 16",
                );
            }
        }
        match r.dimensions.as_deref() {
            None | Some("as-written") => {}
            Some("px") => options.dimensions = DimensionOut::Px,
            Some("rem") => options.dimensions = DimensionOut::Rem,
            Some(d) => bad("options.dimensions", d, "as-written, px, rem"),
        }
        match r.durations.as_deref() {
            None | Some("as-written") => {}
            Some("ms") => options.durations = DurationOut::Ms,
            Some("s") => options.durations = DurationOut::S,
            Some(d) => bad("options.durations", d, "as-written, ms, s"),
        }
        options.output_references = r.output_references.unwrap_or(false);
        match r.css_modes {
            None => {}
            Some(RawCssModes::Name(n)) => match n.as_str() {
                "data-theme" => options.css_modes = CssModes::DataTheme,
                "media" => options.css_modes = CssModes::MediaQuery,
                "light-dark" => options.css_modes = CssModes::LightDark,
                other => bad(
                    "options.cssModes",
                    other,
                    "data-theme, media, light-dark, or { \"selectors\": { \"<mode>\": \"<selector>\" } }",
                ),
            },
            Some(RawCssModes::Selectors { selectors }) => {
                options.css_modes = CssModes::Selectors(selectors.into_iter().collect())
            }
        }
        options.only_changed = r.only_changed.unwrap_or(false);
        options.scss_default = r.scss_default.unwrap_or(false);
        options.file_name = r.file;
        options.header = r.header.unwrap_or(true);
        options.timestamp = r.timestamp;
        for t in &o.filter.types {
            match TokenType::from_known(t) {
                Some(t) => options.filter.types.push(t),
                None => bad("filter.types", t, &TokenType::api_list()),
            }
        }
        options.filter.paths = o.filter.paths;
        options.filter.exclude_deprecated = o.filter.exclude_deprecated;
        let modes = match o.modes.as_deref() {
            None | Some("all") => ModesConfig::All,
            Some("default") => ModesConfig::Default,
            Some(name) => ModesConfig::Named(name.to_string()),
        };
        out.push(BuildOutput {
            format: o.format,
            options,
            destination: o.destination,
            modes,
        });
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_outputs_with_options() {
        let text = r#"{ "outputs": [
            { "format": "css", "destination": "dist", "modes": "default",
              "options": { "prefix": "acme", "cssModes": { "selectors": { "dark": ".dark" } },
                           "outputReferences": true, "colorFormat": "oklch" },
              "filter": { "types": ["color"], "paths": ["color.**"] } } ] }"#;
        let out = parse(text, "tokencraft.json", &Registry::builtin()).unwrap();
        assert_eq!(out[0].format, "css");
        assert_eq!(out[0].modes, ModesConfig::Default);
        assert_eq!(out[0].options.prefix.as_deref(), Some("acme"));
        assert_eq!(out[0].options.color_format, ColorFormat::Oklch);
        assert!(out[0].options.output_references);
        assert_eq!(
            out[0].options.css_modes,
            CssModes::Selectors(vec![("dark".into(), ".dark".into())])
        );
        assert_eq!(out[0].options.filter.types, vec![TokenType::Color]);
    }

    #[test]
    fn error_messages() {
        let r = Registry::builtin();
        let cases = [
            (
                r#"{ "outputs": [ { "format": "css", "destination": "d", "colour": 1 } ] }"#,
                "tokencraft.json:1:62: error[E-CONFIG-SYNTAX]: invalid build configuration: unknown field `colour`, expected one of `format`, `destination`, `modes`, `options`, `filter`\n  help: see the `emit::config` documentation for the keys an output accepts",
            ),
            (
                r#"{ "outputs": [ { "format": "sass", "destination": "d" } ] }"#,
                "error[E-CONFIG-VALUE]: tokencraft.json: outputs[0].format: unknown value `sass`",
            ),
        ];
        for (text, want) in cases {
            let err = parse(text, "tokencraft.json", &r).unwrap_err();
            let got = err.items[0].to_string();
            assert!(got.starts_with(want), "got:\n{got}\nwant:\n{want}");
        }
    }
}
