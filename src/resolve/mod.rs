//! Resolution: typed values for every token in every mode.
//!
//! [`resolve`] walks each mode of the [`AliasGraph`] in dependency order (every token after
//! the tokens it references, memoised, no recursion on chain length) and turns each
//! token's expression into a typed [`Value`]:
//!
//! - **Type** (spec §3): the token's own `$type` wins (a whole-value alias to a token of an
//!   incompatible type is `E-REF-TYPE`); without one, a whole-value alias takes its
//!   target's resolved type (a group `$type` that disagrees is `E-REF-TYPE`); otherwise
//!   the group `$type`; otherwise `E-TYPE-UNDETERMINED`. Types are never guessed from
//!   values.
//! - **Values**: every rule of the 13 DTCG types and Tokencraft's five (see
//!   [`crate::model::TokenType`]); non-standard types are kept as JSON
//!   ([`Value::Other`]) without a warning here (the DTCG reader reports them once per
//!   type name, with the location, as `W-TYPE-NONSTANDARD`).
//! - **Tolerant forms** (spec §10): legacy strings (`"#fff"`, `"rgb(…)"`, `"16px"`,
//!   `"150ms"`, font stacks, …) are accepted with a `W-VALUE-LEGACY` warning naming the
//!   deviation id; with [`ResolveOptions::strict`] they are `E-VALUE-LEGACY` errors, and
//!   with `legacy_warnings: false` (the Tokencraft API, whose rows use these strings as
//!   normal values) they are accepted silently.
//! - **References** are kept: a whole-value alias records [`ResolvedToken::alias_of`] (the
//!   first link) and `origin` (the end of the chain); a referenced composite sub-value
//!   records the token in [`crate::model::Sub::reference`].
//! - **Failures** do not cascade: a token that depends on a failed token gets one
//!   `E-REF-BROKEN` error naming the dependency and the root cause.
//!
//! ```
//! use serde_json::json;
//! use tokencraft::resolve::{resolve_set, resolved_json, ResolveOptions};
//! use tokencraft::resolve::testkit::SetBuilder;
//!
//! let mut b = SetBuilder::new(&["light"]);
//! b.token("light", "size.sm", Some("dimension"), json!({"value": 4, "unit": "px"}));
//! b.token("light", "gap", None, json!("{size.sm}"));
//! let set = b.build();
//! let (_graph, resolved, diags) = resolve_set(&set, &ResolveOptions::default());
//! assert!(diags.is_empty());
//! assert_eq!(
//!     resolved_json(&set, &resolved, 0),
//!     json!({"size.sm": {"value": 4, "unit": "px"}, "gap": {"value": 4, "unit": "px"}})
//! );
//! ```

mod arrays;
mod color;
mod composite;
mod css;
mod cx;
mod dtcg;
mod infer;
mod simple;
pub mod testkit;

pub use dtcg::{resolved_json, value_to_dtcg, value_to_dtcg_with, RefText};

use crate::error::{Diagnostic, Diagnostics};
use crate::graph::{self, AliasGraph, NodeState};
use crate::model::{
    Expr, Location, RefSyntax, Resolved, ResolvedMode, ResolvedToken, TokenId, TokenSet, TokenType,
    TypeSource, Value,
};
use cx::Cx;
use rustc_hash::FxHashSet;

/// Options of [`resolve`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveOptions {
    /// Follow DTCG 2025.10 exactly: tolerant legacy forms (spec §10) become errors.
    pub strict: bool,
    /// Warn when a tolerant legacy form is accepted (default on). The Tokencraft API turns
    /// this off: its token rows use CSS strings as their normal values.
    pub legacy_warnings: bool,
    /// DTCG deviation D-8, opt-in: a token with no determinable type borrows the type the
    /// same path has in the other modes (when they agree), else takes `color`, `dimension`
    /// or `duration` from an unambiguous value object; a warning either way. Ignored in
    /// strict mode.
    pub infer_types: bool,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            strict: false,
            legacy_warnings: true,
            infer_types: false,
        }
    }
}

/// Builds the alias graph and resolves every mode: [`graph::build`] then [`resolve`], with
/// the diagnostics of both.
pub fn resolve_set(set: &TokenSet, opts: &ResolveOptions) -> (AliasGraph, Resolved, Diagnostics) {
    let (graph, mut diags) = graph::build(set);
    let (resolved, more) = resolve(set, &graph, opts);
    diags.extend(more);
    (graph, resolved, diags)
}

/// Resolves every token of every mode of `set` to a typed value. `graph` must have been
/// built from `set` by [`graph::build`]; tokens the graph found broken (cycles, missing
/// targets) are left unresolved without repeating its diagnostics.
pub fn resolve(
    set: &TokenSet,
    graph: &AliasGraph,
    opts: &ResolveOptions,
) -> (Resolved, Diagnostics) {
    let per_mode = graph::per_mode(set.modes.len(), set.paths.len(), |m| {
        resolve_mode(set, graph, m, opts)
    });
    let mut modes = Vec::with_capacity(per_mode.len());
    let mut all: Vec<(usize, Diagnostic)> = Vec::new();
    for (m, (rm, diags)) in per_mode.into_iter().enumerate() {
        modes.push(rm);
        all.extend(diags.into_iter().map(|d| (m, d)));
    }
    let diags = dedupe(set, all);
    (
        Resolved {
            modes,
            default_mode: set.default_mode,
        },
        diags,
    )
}

/// Drops repeats: diagnostics of inherited tokens identical to the default mode's. Keys
/// borrow from the diagnostics (no copies), and the default mode's keys are only gathered
/// when some other mode reported on an inherited token.
fn dedupe(set: &TokenSet, all: Vec<(usize, Diagnostic)>) -> Diagnostics {
    type Key<'d> = (&'static str, &'d str, Option<&'d str>, Option<&'d Location>);
    fn key(d: &Diagnostic) -> Key<'_> {
        (
            d.code,
            d.message.as_str(),
            d.token.as_deref(),
            d.location.as_ref(),
        )
    }
    let inherited: Vec<bool> = all
        .iter()
        .map(|(m, d)| {
            *m != set.default_mode
                && d.token
                    .as_deref()
                    .and_then(|p| set.id(p))
                    .is_some_and(|id| set.own(*m, id).is_none())
        })
        .collect();
    let mut drop = vec![false; all.len()];
    if inherited.contains(&true) {
        let base: FxHashSet<Key> = all
            .iter()
            .filter(|(m, _)| *m == set.default_mode)
            .map(|(_, d)| key(d))
            .collect();
        for ((slot, (_, d)), inh) in drop.iter_mut().zip(&all).zip(&inherited) {
            *slot = *inh && base.contains(&key(d));
        }
    }
    Diagnostics {
        items: all
            .into_iter()
            .zip(drop)
            .filter(|(_, dropped)| !dropped)
            .map(|((_, d), _)| d)
            .collect(),
    }
}

/// Where a token is in the depth-first walk of [`resolve_mode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Open,
    Done,
}

/// Resolution state of the tokens of one mode.
pub(crate) struct ModeState {
    pub results: Vec<Option<ResolvedToken>>,
    /// For failed tokens: the token where the failure started.
    pub failed: Vec<Option<TokenId>>,
}

fn resolve_mode(
    set: &TokenSet,
    graph: &AliasGraph,
    m: usize,
    opts: &ResolveOptions,
) -> (ResolvedMode, Vec<Diagnostic>) {
    let n = set.paths.len();
    let mut st = ModeState {
        results: vec![None; n],
        failed: vec![None; n],
    };
    let mut diags: Vec<(u32, Diagnostic)> = Vec::new();
    // Id order with dependencies first (an explicit stack, no recursion): literals are
    // visited sequentially, which keeps memory access mostly linear.
    let mut state = vec![Visit::New; n];
    let mut stack: Vec<(u32, u32)> = Vec::new();
    for start in 0..n as u32 {
        if state.get(start as usize) != Some(&Visit::New) {
            continue;
        }
        stack.push((start, 0));
        if let Some(v) = state.get_mut(start as usize) {
            *v = Visit::Open;
        }
        while let Some((t, next)) = stack.last_mut() {
            let tid = TokenId(*t);
            let edges = if graph.state(m, tid) == NodeState::Ok {
                graph.references(m, tid)
            } else {
                &[]
            };
            let mut child = None;
            while let Some(e) = edges.get(*next as usize) {
                *next += 1;
                if state.get(e.target.index()) == Some(&Visit::New) {
                    child = Some(e.target.0);
                    break;
                }
            }
            if let Some(c) = child {
                if let Some(v) = state.get_mut(c as usize) {
                    *v = Visit::Open;
                }
                stack.push((c, 0));
                continue;
            }
            stack.pop();
            if let Some(v) = state.get_mut(tid.index()) {
                *v = Visit::Done;
            }
            resolve_one(set, graph, m, opts, tid, &mut st, &mut diags);
        }
    }
    let name = set.modes.get(m).map(|x| x.name.clone()).unwrap_or_default();
    (
        ResolvedMode {
            name,
            tokens: st.results,
        },
        in_id_order(diags),
    )
}

/// The diagnostics in token id order (stable: one token's keep their order). Sorts small
/// (id, index) pairs instead of moving the diagnostics around.
fn in_id_order(diags: Vec<(u32, Diagnostic)>) -> Vec<Diagnostic> {
    if diags.is_sorted_by_key(|(id, _)| *id) {
        return diags.into_iter().map(|(_, d)| d).collect();
    }
    let mut order: Vec<(u32, u32)> = diags
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i as u32))
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<Diagnostic>> = diags.into_iter().map(|(_, d)| Some(d)).collect();
    order
        .into_iter()
        .filter_map(|(_, i)| slots.get_mut(i as usize).and_then(Option::take))
        .collect()
}

/// Whether a value of type `actual` may stand where `expected` is required.
pub(crate) fn compatible(expected: &TokenType, actual: &TokenType) -> bool {
    expected.accepts(actual)
        || (*expected == TokenType::LineHeight
            && matches!(
                actual,
                TokenType::Number
                    | TokenType::Dimension
                    | TokenType::FontSize
                    | TokenType::LetterSpacing
            ))
}

/// Re-tags a value for a compatible type (a dimension as a fontSize, a number as a
/// lineHeight, …); `None` when the value does not fit.
pub(crate) fn coerce(value: Value, ty: &TokenType) -> Option<Value> {
    use crate::model::LineHeight as LH;
    let dim = |v: Value| match v {
        Value::Dimension(d) | Value::FontSize(d) | Value::LetterSpacing(d) => Some(d),
        _ => None,
    };
    Some(match ty {
        TokenType::Dimension => Value::Dimension(dim(value)?),
        TokenType::FontSize => Value::FontSize(dim(value)?),
        TokenType::LetterSpacing => Value::LetterSpacing(dim(value)?),
        TokenType::LineHeight => match value {
            Value::LineHeight(l) => Value::LineHeight(l),
            Value::Number(n) => Value::LineHeight(LH::Multiplier(n)),
            other => Value::LineHeight(LH::Length(dim(other)?)),
        },
        _ => {
            let fits = matches!(
                (ty, &value),
                (TokenType::Color, Value::Color(_))
                    | (TokenType::FontFamily, Value::FontFamily(_))
                    | (TokenType::FontWeight, Value::FontWeight(_))
                    | (TokenType::Duration, Value::Duration(_))
                    | (TokenType::CubicBezier, Value::CubicBezier(_))
                    | (TokenType::Number, Value::Number(_))
                    | (TokenType::StrokeStyle, Value::StrokeStyle(_))
                    | (TokenType::Border, Value::Border(_))
                    | (TokenType::Transition, Value::Transition(_))
                    | (TokenType::Shadow, Value::Shadow { .. })
                    | (TokenType::Gradient, Value::Gradient(_))
                    | (TokenType::Typography, Value::Typography(_))
                    | (TokenType::String, Value::String(_))
                    | (TokenType::Boolean, Value::Boolean(_))
                    | (TokenType::Other(_), Value::Other(_))
            );
            if !fits {
                return None;
            }
            value
        }
    })
}

#[allow(clippy::too_many_arguments)]
fn resolve_one(
    set: &TokenSet,
    graph: &AliasGraph,
    m: usize,
    opts: &ResolveOptions,
    id: TokenId,
    st: &mut ModeState,
    diags: &mut Vec<(u32, Diagnostic)>,
) {
    let Some(tok) = set.get(m, id) else {
        return;
    };
    let i = id.index();
    match graph.state(m, id) {
        NodeState::Ok => {}
        NodeState::Absent => return,
        NodeState::Cycle | NodeState::BadReference => {
            if let Some(f) = st.failed.get_mut(i) {
                *f = Some(id);
            }
            return;
        }
    }
    let inherited = set.own(m, id).is_none();
    let mut cx = Cx::new(set, m, opts, id, tok, &st.results, graph.references(m, id));

    // A dependency that failed: one secondary error, no cascade.
    for e in graph.references(m, id) {
        if e.target == id {
            continue;
        }
        let root = match st.failed.get(e.target.index()) {
            Some(Some(root)) => Some(*root),
            _ if st
                .results
                .get(e.target.index())
                .is_some_and(Option::is_none) =>
            {
                Some(e.target)
            }
            _ => None,
        };
        if let Some(root) = root {
            let dep = set.path(e.target);
            let cause = if root == e.target {
                String::new()
            } else {
                format!(" (the problem starts at `{}`)", set.path(root))
            };
            let _ = cx.fail_at::<()>(
                "E-REF-BROKEN",
                format!(
                    "`{}` depends on `{dep}`, which could not be resolved{cause}",
                    set.path(id)
                ),
                format!("fix the errors reported for `{}` first", set.path(root)),
                Some(e.span),
            );
            diags.extend(cx.take().into_iter().map(|d| (id.0, d)));
            if let Some(f) = st.failed.get_mut(i) {
                *f = Some(root);
            }
            return;
        }
    }

    let outcome = match &tok.value {
        Expr::Ref(r) if r.sub.is_empty() && r.syntax != RefSyntax::Embedded => {
            resolve_alias(&mut cx, tok.declared_type.as_ref(), tok.type_source, r, inherited)
        }
        value => match &tok.declared_type {
            // Non-standard types are kept as written; the parser that read the `$type`
            // reported them once, with their location (`W-TYPE-NONSTANDARD`).
            Some(ty) => {
                cx.value(value, ty).map(|v| ResolvedToken {
                    ty: ty.clone(),
                    value: v,
                    alias_of: None,
                    origin: id,
                    inherited,
                })
            }
            None => match (opts.infer_types && !opts.strict)
                .then(|| infer::infer(set, id, value))
                .flatten()
            {
                Some((ty, why)) => {
                    cx.warn(
                        "W-TYPE-INFERRED",
                        format!("`{}` has no `$type`; using `{ty}` {why} (DTCG deviation D-8)", set.path(id)),
                        "add \"$type\" to the token or one of its groups".to_owned(),
                    );
                    cx.value(value, &ty).map(|v| ResolvedToken {
                        ty,
                        value: v,
                        alias_of: None,
                        origin: id,
                        inherited,
                    })
                }
                None => cx.fail_at(
                "E-TYPE-UNDETERMINED",
                format!("the type of `{}` cannot be determined: it has no `$type`, no group `$type`, and its value is not an alias", set.path(id)),
                "add \"$type\" to the token or to one of its groups (types are never guessed from values)".to_owned(),
                None,
            ),
            },
        },
    };
    diags.extend(cx.take().into_iter().map(|d| (id.0, d)));
    match outcome {
        Ok(rt) => {
            if let Some(slot) = st.results.get_mut(i) {
                *slot = Some(rt);
            }
        }
        Err(_) => {
            if let Some(f) = st.failed.get_mut(i) {
                *f = Some(id);
            }
        }
    }
}

/// A whole-value alias: type per spec §3, value copied from the target.
fn resolve_alias(
    cx: &mut Cx<'_>,
    declared: Option<&TokenType>,
    source: TypeSource,
    r: &crate::model::Reference,
    inherited: bool,
) -> Result<ResolvedToken, cx::Fail> {
    let set = cx.set;
    let id = cx.id;
    let Some(target) = cx.lookup(r) else {
        return cx.fail_at(
            "E-REF-UNRESOLVED",
            format!(
                "{} points to `{}`, which does not exist",
                graph::describe(r),
                r.token
            ),
            "define the token or correct the reference".to_owned(),
            Some(r.span),
        );
    };
    let Some(t) = cx.results.get(target.index()).and_then(Option::as_ref) else {
        return cx.fail_at(
            "E-REF-BROKEN",
            format!(
                "`{}` depends on `{}`, which could not be resolved",
                set.path(id),
                r.token
            ),
            format!("fix the errors reported for `{}` first", r.token),
            Some(r.span),
        );
    };
    let ty = match (declared, source) {
        (Some(d), TypeSource::Own) | (Some(d), TypeSource::Group) => {
            if !compatible(d, &t.ty) {
                let whose = if source == TypeSource::Own {
                    "its own `$type`"
                } else {
                    "the `$type` of its group"
                };
                return cx.fail_at(
                    "E-REF-TYPE",
                    format!(
                        "`{}` has type `{d}` ({whose}) but aliases `{}`, which is a `{}` token",
                        set.path(id),
                        r.token,
                        t.ty
                    ),
                    format!("alias a `{d}` token, or change the `$type` to `{}`", t.ty),
                    Some(r.span),
                );
            }
            if source == TypeSource::Own {
                d.clone()
            } else {
                t.ty.clone()
            }
        }
        _ => t.ty.clone(),
    };
    let Some(value) = coerce(t.value.clone(), &ty) else {
        return cx.fail_at(
            "E-REF-TYPE",
            format!(
                "the value of `{}` (a `{}` token) cannot be used as a `{ty}`",
                r.token, t.ty
            ),
            format!("alias a `{ty}` token instead"),
            Some(r.span),
        );
    };
    Ok(ResolvedToken {
        ty,
        value,
        alias_of: Some(target),
        origin: t.origin,
        inherited,
    })
}

#[cfg(test)]
mod diag_order_tests {
    use super::*;
    use crate::resolve::testkit::SetBuilder;
    use serde_json::json;

    /// Warnings of a token inherited from the default mode are reported once; a token with
    /// its own legacy value in both modes is reported in each; every mode's diagnostics
    /// come in token order even when aliases make the walk visit targets first.
    #[test]
    fn inherited_warnings_once_and_in_token_order() {
        let mut b = SetBuilder::new(&["light", "dark"]);
        b.token("light", "a", Some("dimension"), json!("{z}"));
        b.token("light", "b", Some("color"), json!("#ff0000"));
        b.token("light", "z", Some("dimension"), json!("4px"));
        b.token("dark", "a", Some("dimension"), json!("2px"));
        b.token("dark", "z", Some("dimension"), json!("8px"));
        let set = b.build();
        let (_, _, diags) = resolve_set(&set, &ResolveOptions::default());
        let seen: Vec<(String, String)> = diags
            .items
            .iter()
            .map(|d| {
                (
                    d.mode.clone().unwrap_or_default(),
                    d.token.clone().unwrap_or_default(),
                )
            })
            .collect();
        let pairs: Vec<(&str, &str)> = seen.iter().map(|(m, t)| (m.as_str(), t.as_str())).collect();
        assert_eq!(
            pairs,
            [("light", "b"), ("light", "z"), ("dark", "a"), ("dark", "z")]
        );
        assert!(diags.items.iter().all(|d| d.code == "W-VALUE-LEGACY"));
    }
}
