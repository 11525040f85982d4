//! The output of resolution: every token's typed value in every mode.

use super::{TokenId, TokenType, Value};

/// One token resolved in one mode.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedToken {
    /// The token's type: declared, or taken from its alias target.
    pub ty: TokenType,
    pub value: Value,
    /// When the whole value is an alias: the token it names directly (first link of the
    /// chain), so emitters can print `var(--target)`.
    pub alias_of: Option<TokenId>,
    /// The token whose literal supplied this value at the end of the alias chain (the token
    /// itself for a literal), for emitters that echo the value as written.
    pub origin: TokenId,
    /// True when this mode does not define the token and the default mode's was used.
    pub inherited: bool,
}

/// All tokens of one mode; indexed by [`TokenId`]. `None`: absent, or failed to resolve
/// (the failure is in the diagnostics).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResolvedMode {
    pub name: String,
    pub tokens: Vec<Option<ResolvedToken>>,
}

/// Every mode of a token set, resolved. Mode indices match [`super::TokenSet::modes`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resolved {
    pub modes: Vec<ResolvedMode>,
    pub default_mode: usize,
}

impl Resolved {
    /// The resolved token, if it resolved.
    pub fn get(&self, mode: usize, id: TokenId) -> Option<&ResolvedToken> {
        self.modes.get(mode)?.tokens.get(id.index())?.as_ref()
    }

    /// Tokens of a mode in id order (document order), skipping absent ones.
    pub fn iter(&self, mode: usize) -> impl Iterator<Item = (TokenId, &ResolvedToken)> {
        self.modes[mode]
            .tokens
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.as_ref().map(|t| (TokenId(i as u32), t)))
    }

    /// True when the token's resolved value or alias target in `mode` differs from the
    /// default mode's (so a mode block needs to re-declare it).
    pub fn differs_from_default(&self, mode: usize, id: TokenId) -> bool {
        let here = self.get(mode, id);
        let base = self.get(self.default_mode, id);
        match (here, base) {
            (Some(a), Some(b)) => a.value != b.value || a.alias_of != b.alias_of || a.ty != b.ty,
            (None, None) => false,
            _ => true,
        }
    }
}
