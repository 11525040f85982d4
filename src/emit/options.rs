//! Emitter options. `Default` reproduces the Tokencraft API export behaviour.

use super::naming::NameCase;
use crate::model::TokenType;

/// How colours are written in CSS-like outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorFormat {
    /// `#rrggbb`, or `#rrggbbaa` when alpha < 1 (the default).
    #[default]
    Hex,
    /// Always 8 digits: `#rrggbbaa`.
    Hex8,
    /// `rgb(r g b)` / `rgb(r g b / a)`.
    Rgb,
    /// `hsl(h s% l%)`.
    Hsl,
    /// `oklch(l c h)`.
    Oklch,
    /// `color(display-p3 r g b)`. In the `css` format every colour is written as its sRGB
    /// hex (the fallback) and colours outside sRGB are re-declared as `color(display-p3 …)`
    /// in a `@media (color-gamut: p3)` block.
    DisplayP3,
}

impl ColorFormat {
    /// Parses `hex`, `hex8`, `rgb`, `hsl`, `oklch`, `p3` / `display-p3`.
    pub fn parse(s: &str) -> Option<ColorFormat> {
        Some(match s {
            "hex" => ColorFormat::Hex,
            "hex8" => ColorFormat::Hex8,
            "rgb" => ColorFormat::Rgb,
            "hsl" => ColorFormat::Hsl,
            "oklch" => ColorFormat::Oklch,
            "p3" | "display-p3" => ColorFormat::DisplayP3,
            _ => return None,
        })
    }
}

/// How colours outside the target gamut are brought in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GamutMode {
    /// CSS Color 4 gamut mapping (the default).
    #[default]
    Css,
    /// Clamp each channel.
    Clip,
}

/// Dimension units in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DimensionOut {
    /// Keep the unit as written (the default).
    #[default]
    AsWritten,
    /// Convert rem to px with [`EmitOptions::rem_base`].
    Px,
    /// Convert px to rem with [`EmitOptions::rem_base`].
    Rem,
}

/// Duration units in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DurationOut {
    /// Keep the unit as written (the default).
    #[default]
    AsWritten,
    /// Milliseconds.
    Ms,
    /// Seconds.
    S,
}

/// How the `css` format lays out several modes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CssModes {
    /// `:root[data-theme="<mode>"]` blocks, each preceded by `/* <Mode> Mode */` (the API).
    #[default]
    DataTheme,
    /// One selector per mode name (case-insensitive); unlisted modes use `data-theme`.
    Selectors(Vec<(String, String)>),
    /// The default mode in `:root`; a mode called `dark` or `light` in
    /// `@media (prefers-color-scheme: …) { :root { … } }`; others as `data-theme` blocks.
    MediaQuery,
    /// One `:root` block; tokens whose value differs between the `light` and `dark` modes
    /// are written as `light-dark(<light>, <dark>)` (needs modes named light and dark).
    LightDark,
}

/// Which tokens to emit. Empty lists select everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Keep only tokens of these types.
    pub types: Vec<TokenType>,
    /// Keep only tokens whose dot path matches one of these globs (`*` matches within one
    /// segment, `**` across segments).
    pub paths: Vec<String>,
    /// Drop deprecated tokens.
    pub exclude_deprecated: bool,
}

impl Filter {
    /// True when the filter keeps every token.
    pub fn keeps_all(&self) -> bool {
        self.types.is_empty() && self.paths.is_empty() && !self.exclude_deprecated
    }
}

/// Options shared by every emitter; formats ignore what does not apply to them.
#[derive(Debug, Clone, PartialEq)]
pub struct EmitOptions {
    /// Prepended to every output name (`acme` → `--acme-color-brand`).
    pub prefix: Option<String>,
    /// Overrides the format's naming case.
    pub name_case: Option<NameCase>,
    /// Colour syntax for CSS-like outputs.
    pub color_format: ColorFormat,
    /// Gamut mapping for colours outside the output gamut.
    pub gamut: GamutMode,
    /// Pixels per rem, for px ↔ rem (16 by default).
    pub rem_base: f64,
    /// Dimension units.
    pub dimensions: DimensionOut,
    /// Duration units.
    pub durations: DurationOut,
    /// Keep aliases as references (`var(--x)`, `$x`, constants) instead of values.
    pub output_references: bool,
    /// Multi-mode CSS layout.
    pub css_modes: CssModes,
    /// In non-default mode blocks, write only tokens that differ from the default mode.
    pub only_changed: bool,
    /// Add `!default` to SCSS variables.
    pub scss_default: bool,
    /// Which tokens to write.
    pub filter: Filter,
    /// Overrides the name of the (first) output file.
    pub file_name: Option<String>,
    /// Write a "generated" header comment where the format has one.
    pub header: bool,
    /// A timestamp to put in the header (none unless given: output stays reproducible).
    pub timestamp: Option<String>,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            prefix: None,
            name_case: None,
            color_format: ColorFormat::Hex,
            gamut: GamutMode::Css,
            rem_base: 16.0,
            dimensions: DimensionOut::AsWritten,
            durations: DurationOut::AsWritten,
            output_references: false,
            css_modes: CssModes::DataTheme,
            only_changed: false,
            scss_default: false,
            filter: Filter::default(),
            file_name: None,
            header: true,
            timestamp: None,
        }
    }
}
