//! Typed, resolved token values.
//!
//! A [`Value`] is what a token means after every reference has been followed and the
//! literal has been checked against its type. Sub-values of composites are wrapped in
//! [`Sub`], which remembers the token a sub-value came from when it was written as a
//! reference, so emitters can print `var(--x)` instead of the value.

use super::TokenId;

/// One of the 14 colour spaces of the DTCG Color module (TR-C §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ColorSpace {
    Srgb,
    SrgbLinear,
    Hsl,
    Hwb,
    Lab,
    Lch,
    Oklab,
    Oklch,
    DisplayP3,
    A98Rgb,
    ProphotoRgb,
    Rec2020,
    XyzD65,
    XyzD50,
}

impl ColorSpace {
    /// All 14 spaces, in the order of the Color module's table.
    pub const ALL: [ColorSpace; 14] = [
        ColorSpace::Srgb,
        ColorSpace::SrgbLinear,
        ColorSpace::Hsl,
        ColorSpace::Hwb,
        ColorSpace::Lab,
        ColorSpace::Lch,
        ColorSpace::Oklab,
        ColorSpace::Oklch,
        ColorSpace::DisplayP3,
        ColorSpace::A98Rgb,
        ColorSpace::ProphotoRgb,
        ColorSpace::Rec2020,
        ColorSpace::XyzD65,
        ColorSpace::XyzD50,
    ];

    /// The DTCG identifier (`"srgb"`, `"display-p3"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ColorSpace::Srgb => "srgb",
            ColorSpace::SrgbLinear => "srgb-linear",
            ColorSpace::Hsl => "hsl",
            ColorSpace::Hwb => "hwb",
            ColorSpace::Lab => "lab",
            ColorSpace::Lch => "lch",
            ColorSpace::Oklab => "oklab",
            ColorSpace::Oklch => "oklch",
            ColorSpace::DisplayP3 => "display-p3",
            ColorSpace::A98Rgb => "a98-rgb",
            ColorSpace::ProphotoRgb => "prophoto-rgb",
            ColorSpace::Rec2020 => "rec2020",
            ColorSpace::XyzD65 => "xyz-d65",
            ColorSpace::XyzD50 => "xyz-d50",
        }
    }

    /// Parses a DTCG identifier, case-sensitively.
    pub fn parse(name: &str) -> Option<ColorSpace> {
        ColorSpace::ALL.iter().copied().find(|s| s.as_str() == name)
    }
}

/// A colour as written: a space, three components (`None` is the `none` keyword), straight
/// alpha in [0, 1], and the optional 6-digit hex fallback (lower-cased, with `#`).
#[derive(Debug, Clone, PartialEq)]
pub struct Color {
    pub space: ColorSpace,
    pub components: [Option<f64>; 3],
    pub alpha: f64,
    pub hex: Option<String>,
}

/// Units of a dimension. `Other` holds a non-standard unit read in tolerant mode (D-7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DimensionUnit {
    Px,
    Rem,
    Other(Box<str>),
}

impl DimensionUnit {
    pub fn as_str(&self) -> &str {
        match self {
            DimensionUnit::Px => "px",
            DimensionUnit::Rem => "rem",
            DimensionUnit::Other(u) => u,
        }
    }
}

/// `{ value, unit }` for dimension, fontSize and letterSpacing tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    pub value: f64,
    pub unit: DimensionUnit,
}

/// Units of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Ms,
    S,
}

impl DurationUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            DurationUnit::Ms => "ms",
            DurationUnit::S => "s",
        }
    }
}

/// `{ value, unit }` for duration tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Duration {
    pub value: f64,
    pub unit: DurationUnit,
}

impl Duration {
    /// The duration in milliseconds.
    pub fn as_ms(&self) -> f64 {
        match self.unit {
            DurationUnit::Ms => self.value,
            DurationUnit::S => self.value * 1000.0,
        }
    }
}

/// A font weight: the numeric weight in [1, 1000] and the keyword it was written as, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct FontWeight {
    pub weight: f64,
    pub keyword: Option<&'static str>,
}

/// A sub-value of a composite: the value, plus the token it was referenced from (if the
/// sub-value was written as an alias). Emitters with output references print the reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Sub<T> {
    pub value: T,
    pub reference: Option<TokenId>,
}

impl<T> Sub<T> {
    /// A literal sub-value (not a reference).
    pub fn lit(value: T) -> Self {
        Sub {
            value,
            reference: None,
        }
    }
}

/// The eight stroke-style keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StrokeKeyword {
    Solid,
    Dashed,
    Dotted,
    Double,
    Groove,
    Ridge,
    Outset,
    Inset,
}

impl StrokeKeyword {
    pub const ALL: [StrokeKeyword; 8] = [
        StrokeKeyword::Solid,
        StrokeKeyword::Dashed,
        StrokeKeyword::Dotted,
        StrokeKeyword::Double,
        StrokeKeyword::Groove,
        StrokeKeyword::Ridge,
        StrokeKeyword::Outset,
        StrokeKeyword::Inset,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StrokeKeyword::Solid => "solid",
            StrokeKeyword::Dashed => "dashed",
            StrokeKeyword::Dotted => "dotted",
            StrokeKeyword::Double => "double",
            StrokeKeyword::Groove => "groove",
            StrokeKeyword::Ridge => "ridge",
            StrokeKeyword::Outset => "outset",
            StrokeKeyword::Inset => "inset",
        }
    }

    pub fn parse(s: &str) -> Option<StrokeKeyword> {
        StrokeKeyword::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

/// `lineCap` of a dashed stroke style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineCap {
    Round,
    Butt,
    Square,
}

impl LineCap {
    pub fn as_str(self) -> &'static str {
        match self {
            LineCap::Round => "round",
            LineCap::Butt => "butt",
            LineCap::Square => "square",
        }
    }
}

/// A strokeStyle value: a keyword or a dash pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum StrokeStyle {
    Keyword(StrokeKeyword),
    Dashed {
        dash_array: Vec<Sub<Dimension>>,
        line_cap: LineCap,
    },
}

/// A border value.
#[derive(Debug, Clone, PartialEq)]
pub struct Border {
    pub color: Sub<Color>,
    pub width: Sub<Dimension>,
    pub style: Sub<StrokeStyle>,
}

/// A transition value.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub duration: Sub<Duration>,
    pub delay: Sub<Duration>,
    pub timing_function: Sub<[f64; 4]>,
}

/// One layer of a shadow.
#[derive(Debug, Clone, PartialEq)]
pub struct ShadowLayer {
    pub color: Sub<Color>,
    pub offset_x: Sub<Dimension>,
    pub offset_y: Sub<Dimension>,
    pub blur: Sub<Dimension>,
    pub spread: Sub<Dimension>,
    pub inset: bool,
}

/// One stop of a gradient (position as written; consumers clamp to [0, 1]).
#[derive(Debug, Clone, PartialEq)]
pub struct GradientStop {
    pub color: Sub<Color>,
    pub position: Sub<f64>,
}

/// Typography `lineHeight`: a multiplier (DTCG) or an absolute length (tolerant D-10).
#[derive(Debug, Clone, PartialEq)]
pub enum LineHeight {
    Multiplier(f64),
    Length(Dimension),
}

/// A typography value. Members are optional only in tolerant mode (D-10); strict DTCG
/// input always has all five.
#[derive(Debug, Clone, PartialEq)]
pub struct Typography {
    pub font_family: Option<Sub<Vec<String>>>,
    pub font_size: Option<Sub<Dimension>>,
    pub font_weight: Option<Sub<FontWeight>>,
    pub letter_spacing: Option<Sub<Dimension>>,
    pub line_height: Option<Sub<LineHeight>>,
}

/// A resolved, typed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Color(Color),
    Dimension(Dimension),
    FontFamily(Vec<String>),
    FontWeight(FontWeight),
    Duration(Duration),
    CubicBezier([f64; 4]),
    Number(f64),
    StrokeStyle(StrokeStyle),
    Border(Box<Border>),
    Transition(Transition),
    /// Shadow layers; `single` records that the value was one object rather than an array.
    Shadow {
        layers: Vec<Sub<ShadowLayer>>,
        single: bool,
    },
    Gradient(Vec<Sub<GradientStop>>),
    Typography(Box<Typography>),
    FontSize(Dimension),
    LineHeight(LineHeight),
    LetterSpacing(Dimension),
    String(String),
    Boolean(bool),
    /// The value of a token of a non-standard type, kept as JSON.
    Other(serde_json::Value),
}
