//! DTCG deviation D-8 (opt-in): a type for a token that has none.

use crate::model::{Expr, TokenId, TokenSet, TokenType};

/// The type to use for `id`, and why (for the warning): the declared type the same path
/// has in every other mode that declares one, else a type read off an unambiguous value
/// object (`{colorSpace, components}` → color; `{value, unit}` with px/rem → dimension,
/// ms/s → duration). `None` when neither applies.
pub(super) fn infer(
    set: &TokenSet,
    id: TokenId,
    value: &Expr,
) -> Option<(TokenType, &'static str)> {
    let mut borrowed: Option<&TokenType> = None;
    for m in 0..set.modes.len() {
        if let Some(t) = set.own(m, id).and_then(|t| t.declared_type.as_ref()) {
            match borrowed {
                Some(b) if b != t => {
                    borrowed = None;
                    break;
                }
                _ => borrowed = Some(t),
            }
        }
    }
    if let Some(t) = borrowed {
        return Some((
            t.clone(),
            "as declared for the same path in the other modes",
        ));
    }
    let Expr::Object(members) = value else {
        return None;
    };
    let has = |k: &str| members.iter().any(|(name, _)| &**name == k);
    if has("colorSpace") && has("components") {
        return Some((TokenType::Color, "from its colour value object"));
    }
    if members.len() == 2 && has("value") {
        let unit = members.iter().find_map(|(name, e)| match (&**name, e) {
            ("unit", Expr::String(u)) => Some(&**u),
            _ => None,
        })?;
        return match unit {
            "px" | "rem" => Some((TokenType::Dimension, "from its dimension value object")),
            "ms" | "s" => Some((TokenType::Duration, "from its duration value object")),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, Token, TypeSource};

    fn token(ty: Option<TokenType>, value: Expr) -> Token {
        Token {
            declared_type: ty,
            type_source: TypeSource::Own,
            value,
            description: None,
            deprecated: Default::default(),
            extensions: None,
            span: Span::NONE,
        }
    }

    fn obj(members: &[(&str, Expr)]) -> Expr {
        Expr::Object(
            members
                .iter()
                .map(|(k, v)| (Box::<str>::from(*k), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn borrows_a_consistent_type_from_other_modes() {
        let mut set = TokenSet::default();
        let a = set.add_mode("light");
        let b = set.add_mode("dark");
        let id = set.intern("x");
        set.insert(a, id, token(None, Expr::Number(1.0)));
        set.insert(b, id, token(Some(TokenType::Number), Expr::Number(2.0)));
        assert_eq!(
            infer(&set, id, &Expr::Number(1.0)).map(|t| t.0),
            Some(TokenType::Number)
        );
        // Disagreeing modes: nothing is borrowed.
        let c = set.add_mode("hc");
        set.insert(c, id, token(Some(TokenType::Dimension), Expr::Number(2.0)));
        assert_eq!(infer(&set, id, &Expr::Number(1.0)), None);
    }

    #[test]
    fn reads_unambiguous_value_objects_only() {
        let mut set = TokenSet::default();
        set.add_mode("m");
        let id = set.intern("x");
        let colour = obj(&[
            ("colorSpace", Expr::String("srgb".into())),
            ("components", Expr::Array(vec![Expr::Number(0.0); 3])),
        ]);
        assert_eq!(
            infer(&set, id, &colour).map(|t| t.0),
            Some(TokenType::Color)
        );
        let px = obj(&[
            ("value", Expr::Number(4.0)),
            ("unit", Expr::String("px".into())),
        ]);
        assert_eq!(
            infer(&set, id, &px).map(|t| t.0),
            Some(TokenType::Dimension)
        );
        let ms = obj(&[
            ("value", Expr::Number(4.0)),
            ("unit", Expr::String("ms".into())),
        ]);
        assert_eq!(infer(&set, id, &ms).map(|t| t.0), Some(TokenType::Duration));
        let em = obj(&[
            ("value", Expr::Number(4.0)),
            ("unit", Expr::String("em".into())),
        ]);
        assert_eq!(infer(&set, id, &em), None);
        assert_eq!(infer(&set, id, &Expr::String("#fff".into())), None);
    }
}
