//! The 18 token types: the 13 of DTCG 2025.10 plus Tokencraft's five.

use std::fmt;

/// A token type. The first 13 variants are DTCG 2025.10's; `FontSize`, `LineHeight`,
/// `LetterSpacing`, `String` and `Boolean` are Tokencraft's. `Other` carries a
/// non-standard type name read in tolerant mode (DTCG deviation D-2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenType {
    Color,
    Dimension,
    FontFamily,
    FontWeight,
    Duration,
    CubicBezier,
    Number,
    StrokeStyle,
    Border,
    Transition,
    Shadow,
    Gradient,
    Typography,
    FontSize,
    LineHeight,
    LetterSpacing,
    String,
    Boolean,
    /// A type name outside the 18 (kept verbatim, treated as opaque).
    Other(Box<str>),
}

/// The 18 known types in the order of the Tokencraft API documentation (§3.0), which is
/// also the order used in validation messages.
pub const API_TYPE_ORDER: [TokenType; 18] = [
    TokenType::Color,
    TokenType::Dimension,
    TokenType::FontFamily,
    TokenType::FontWeight,
    TokenType::FontSize,
    TokenType::LineHeight,
    TokenType::LetterSpacing,
    TokenType::Duration,
    TokenType::CubicBezier,
    TokenType::Number,
    TokenType::StrokeStyle,
    TokenType::Border,
    TokenType::Transition,
    TokenType::Shadow,
    TokenType::Gradient,
    TokenType::Typography,
    TokenType::String,
    TokenType::Boolean,
];

impl TokenType {
    /// The exact (case-sensitive) name as written in files and API bodies.
    pub fn as_str(&self) -> &str {
        match self {
            TokenType::Color => "color",
            TokenType::Dimension => "dimension",
            TokenType::FontFamily => "fontFamily",
            TokenType::FontWeight => "fontWeight",
            TokenType::Duration => "duration",
            TokenType::CubicBezier => "cubicBezier",
            TokenType::Number => "number",
            TokenType::StrokeStyle => "strokeStyle",
            TokenType::Border => "border",
            TokenType::Transition => "transition",
            TokenType::Shadow => "shadow",
            TokenType::Gradient => "gradient",
            TokenType::Typography => "typography",
            TokenType::FontSize => "fontSize",
            TokenType::LineHeight => "lineHeight",
            TokenType::LetterSpacing => "letterSpacing",
            TokenType::String => "string",
            TokenType::Boolean => "boolean",
            TokenType::Other(name) => name,
        }
    }

    /// Parses one of the 18 known names, case-sensitively. Returns `None` otherwise.
    pub fn from_known(name: &str) -> Option<TokenType> {
        API_TYPE_ORDER.iter().find(|t| t.as_str() == name).cloned()
    }

    /// True for the 13 types of DTCG 2025.10.
    pub fn is_dtcg(&self) -> bool {
        !matches!(
            self,
            TokenType::FontSize
                | TokenType::LineHeight
                | TokenType::LetterSpacing
                | TokenType::String
                | TokenType::Boolean
                | TokenType::Other(_)
        )
    }

    /// True for composite types (values with sub-values).
    pub fn is_composite(&self) -> bool {
        matches!(
            self,
            TokenType::StrokeStyle
                | TokenType::Border
                | TokenType::Transition
                | TokenType::Shadow
                | TokenType::Gradient
                | TokenType::Typography
        )
    }

    /// Whether a value of type `other` may stand where `self` is expected. Tokencraft's
    /// fontSize and letterSpacing are dimensions, so a dimension token may fill them and the
    /// reverse; everything else must match exactly.
    pub fn accepts(&self, other: &TokenType) -> bool {
        if self == other {
            return true;
        }
        let dimension_like = |t: &TokenType| {
            matches!(
                t,
                TokenType::Dimension | TokenType::FontSize | TokenType::LetterSpacing
            )
        };
        dimension_like(self) && dimension_like(other)
    }

    /// The list used in API validation messages: `color, dimension, …, boolean`.
    pub fn api_list() -> String {
        API_TYPE_ORDER
            .iter()
            .map(TokenType::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for TokenType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_round_trip() {
        for t in API_TYPE_ORDER.iter() {
            assert_eq!(TokenType::from_known(t.as_str()).as_ref(), Some(t));
        }
        assert_eq!(
            TokenType::from_known("Color"),
            None,
            "type names are case-sensitive"
        );
        assert_eq!(API_TYPE_ORDER.iter().filter(|t| t.is_dtcg()).count(), 13);
    }

    #[test]
    fn api_list_is_in_documented_order() {
        assert!(
            TokenType::api_list().starts_with("color, dimension, fontFamily, fontWeight, fontSize")
        );
        assert!(TokenType::api_list().ends_with("string, boolean"));
    }
}
