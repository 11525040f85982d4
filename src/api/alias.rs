//! `alias_to` chains: a token's `alias_to` names another token, looked up in the same
//! mode first and then in the tokenset's default mode (§6 item 10). Walks are bounded
//! ([`MAX_DEPTH`] links), so no input can make them run long.

use crate::store::{Mode, ReadTx, TokenRecord};

/// The longest alias chain that resolves (links followed).
pub const MAX_DEPTH: usize = 10;

/// Where an alias chain ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Walk<'t> {
    /// At a token with a literal value.
    Value(&'t TokenRecord),
    /// At a name no token has; `chain` lists the names followed so far.
    Missing { name: String, chain: Vec<String> },
    /// Back at a name already on the chain.
    Cycle(Vec<String>),
    /// More than [`MAX_DEPTH`] links.
    TooDeep(Vec<String>),
}

/// The default mode of the tokenset `mode` belongs to, if it is another mode.
pub fn default_mode_id<T: ReadTx + ?Sized>(tx: &T, mode: &Mode) -> Option<String> {
    tx.modes(&mode.tokenset_id)
        .into_iter()
        .find(|m| m.is_default && m.id != mode.id)
        .map(|m| m.id.clone())
}

/// Looks a name up in `mode`, then in `fallback`.
fn lookup<'t, T: ReadTx + ?Sized>(
    tx: &'t T,
    mode: &str,
    fallback: Option<&str>,
    name: &str,
) -> Option<&'t TokenRecord> {
    tx.token_by_name(mode, name)
        .or_else(|| fallback.and_then(|f| tx.token_by_name(f, name)))
}

/// Follows `start`'s alias chain within its mode (with default-mode fallback).
pub fn walk<'t, T: ReadTx + ?Sized>(
    tx: &'t T,
    start: &'t TokenRecord,
    fallback: Option<&str>,
) -> Walk<'t> {
    let mut chain = vec![start.name.clone()];
    let mut cur = start;
    loop {
        let Some(next) = cur.alias_to.as_deref() else {
            return Walk::Value(cur);
        };
        if chain.iter().any(|n| n == next) {
            chain.push(next.to_owned());
            return Walk::Cycle(chain);
        }
        if chain.len() > MAX_DEPTH {
            chain.push(next.to_owned());
            return Walk::TooDeep(chain);
        }
        match lookup(tx, &start.mode_id, fallback, next) {
            Some(t) => {
                chain.push(next.to_owned());
                cur = t;
            }
            None => {
                return Walk::Missing {
                    name: next.to_owned(),
                    chain,
                }
            }
        }
    }
}

/// The value `resolved_value` reports: the literal at the end of the chain, or `null`
/// when the chain is broken, cyclic or too long.
pub fn resolved_value<'t, T: ReadTx + ?Sized>(
    tx: &'t T,
    token: &'t TokenRecord,
    fallback: Option<&str>,
) -> Option<&'t serde_json::Value> {
    match walk(tx, token, fallback) {
        Walk::Value(t) => Some(&t.value),
        _ => None,
    }
}
