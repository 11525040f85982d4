//! The conversion context of one token in one mode: diagnostics with location, tolerant
//! forms, and following references inside values.

use super::dtcg::{json_to_expr, value_to_dtcg};
use super::{coerce, compatible, ResolveOptions};
use crate::error::Diagnostic;
use crate::graph::{describe, Edge};
use crate::model::{
    Expr, Piece, RefSyntax, Reference, ResolvedToken, Span, Token, TokenId, TokenSet, TokenType,
    Value,
};
use std::borrow::Cow;

/// Reference hops followed inside one value position before giving up (pointer loops
/// through a token's own sub-values).
const MAX_HOPS: usize = 64;

/// Marker: the failure has been reported as a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fail;

/// Result of a conversion step.
pub(super) type R<T> = Result<T, Fail>;

/// Converts one token's value in one mode and collects its diagnostics.
pub(crate) struct Cx<'a> {
    pub set: &'a TokenSet,
    pub mode: usize,
    pub opts: &'a ResolveOptions,
    pub id: TokenId,
    pub tok: &'a Token,
    pub results: &'a [Option<ResolvedToken>],
    /// The graph's edges of this token (to find reference targets without a lookup).
    pub edges: &'a [Edge],
    diags: Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    /// A context for token `id` (whose definition in `mode` is `tok`).
    pub fn new(
        set: &'a TokenSet,
        mode: usize,
        opts: &'a ResolveOptions,
        id: TokenId,
        tok: &'a Token,
        results: &'a [Option<ResolvedToken>],
        edges: &'a [Edge],
    ) -> Self {
        Cx {
            set,
            mode,
            opts,
            id,
            tok,
            results,
            edges,
            diags: Vec::new(),
        }
    }

    /// The token a reference names: the graph's edge for it, else a path lookup.
    pub fn lookup(&self, r: &Reference) -> Option<TokenId> {
        let key = r as *const Reference as usize;
        match self.edges.iter().find(|e| e.key == key) {
            Some(e) => Some(e.target),
            None => self.set.id(&r.token),
        }
    }

    /// The diagnostics collected so far (emptied).
    pub fn take(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diags)
    }

    fn with_context(&self, d: Diagnostic, span: Option<Span>) -> Diagnostic {
        let location = span
            .and_then(|s| self.set.sources.locate(s))
            .or_else(|| self.set.sources.locate(self.tok.span));
        let mode = self
            .set
            .modes
            .get(self.mode)
            .map(|m| m.name.as_str())
            .unwrap_or("");
        d.token(self.set.path(self.id)).mode(mode).at(location)
    }

    /// Reports an error and fails.
    pub fn fail_at<T>(
        &mut self,
        code: &'static str,
        message: String,
        help: String,
        span: Option<Span>,
    ) -> R<T> {
        let d = self.with_context(Diagnostic::error(code, message).help(help), span);
        self.diags.push(d);
        Err(Fail)
    }

    /// Reports an invalid value (`E-VALUE-INVALID`) and fails.
    pub fn invalid<T>(&mut self, message: String, help: impl Into<String>) -> R<T> {
        self.fail_at("E-VALUE-INVALID", message, help.into(), None)
    }

    /// Reports a warning.
    pub fn warn(&mut self, code: &'static str, message: String, help: String) {
        let d = self.with_context(Diagnostic::warning(code, message).help(help), None);
        self.diags.push(d);
    }

    /// A tolerant legacy form (spec §10 deviation `dev`): a warning, nothing (API rows),
    /// or an error in strict mode.
    pub fn legacy(&mut self, dev: &str, what: String, fix: String) -> R<()> {
        self.legacy_at(dev, what, fix, None)
    }

    /// [`Cx::legacy`] located at a reference.
    pub fn legacy_at(&mut self, dev: &str, what: String, fix: String, span: Option<Span>) -> R<()> {
        if self.opts.strict {
            return self.fail_at(
                "E-VALUE-LEGACY",
                format!("{what} is not valid DTCG 2025.10 ({dev}; rejected in strict mode)"),
                fix,
                span,
            );
        }
        if self.opts.legacy_warnings {
            let mut message = what;
            message.push_str(" is a legacy form (");
            message.push_str(dev);
            message.push_str("); accepted");
            let d = Diagnostic::warning("W-VALUE-LEGACY", message).help(fix);
            let d = self.with_context(d, span);
            self.diags.push(d);
        }
        Ok(())
    }

    /// When `e` is a reference to another token's whole value, that value checked against
    /// `expected` (composite sub-values and array elements: `E-REF-TYPE` otherwise).
    pub fn token_ref(
        &mut self,
        e: &Expr,
        expected: &TokenType,
        at: &str,
    ) -> R<Option<(Value, TokenId)>> {
        let Expr::Ref(r) = e else {
            return Ok(None);
        };
        if !r.sub.is_empty() || r.syntax == RefSyntax::Embedded {
            return Ok(None);
        }
        let (t, target) = self.target(r)?;
        if !compatible(expected, &target.ty) {
            return self.fail_at(
                "E-REF-TYPE",
                format!(
                    "`{at}` expects a `{expected}` but {} is a `{}` token",
                    describe(r),
                    target.ty
                ),
                format!("reference a `{expected}` token here, or write the value literally"),
                Some(r.span),
            );
        }
        match coerce(target.value.clone(), expected) {
            Some(v) => Ok(Some((v, t))),
            None => self.fail_at(
                "E-REF-TYPE",
                format!(
                    "{at}: the value of {} does not fit a `{expected}`",
                    describe(r)
                ),
                format!("reference a `{expected}` token here"),
                Some(r.span),
            ),
        }
    }

    /// The resolved target of a reference to another token.
    fn target(&mut self, r: &Reference) -> R<(TokenId, &'a ResolvedToken)> {
        let results = self.results;
        let found = self.lookup(r);
        match found.and_then(|t| results.get(t.index())?.as_ref().map(|x| (t, x))) {
            Some(x) => Ok(x),
            None => self.fail_at(
                "E-REF-BROKEN",
                format!(
                    "`{}` depends on `{}`, which could not be resolved",
                    self.set.path(self.id),
                    r.token
                ),
                format!("fix the errors reported for `{}` first", r.token),
                Some(r.span),
            ),
        }
    }

    /// Replaces references standing at a plain value position by what they point at (the
    /// target's value in DTCG JSON form, or the addressed part of it).
    pub fn deref<'e>(&mut self, e: &'e Expr, at: &str) -> R<Cow<'e, Expr>> {
        let mut cur: Cow<'e, Expr> = Cow::Borrowed(e);
        for _ in 0..MAX_HOPS {
            let Expr::Ref(r) = &*cur else {
                return Ok(cur);
            };
            if matches!(r.syntax, RefSyntax::Curly | RefSyntax::AliasTo) {
                self.legacy_at(
                    "D-17",
                    format!(
                        "the curly alias `{}`{} inside a non-composite value",
                        r.raw,
                        super::simple::place(at)
                    ),
                    "use a JSON Pointer (`{\"$ref\": \"#/path/$value\"}`) for property-level references".to_owned(),
                    Some(r.span),
                )?;
            }
            let next = self.follow(r)?;
            cur = Cow::Owned(next);
        }
        self.fail_at(
            "E-REF-CYCLE",
            format!(
                "{at}: references inside the value of `{}` loop",
                self.set.path(self.id)
            ),
            "make one of the referenced sub-values a literal".to_owned(),
            None,
        )
    }

    /// One reference step.
    fn follow(&mut self, r: &Reference) -> R<Expr> {
        if self.lookup(r) == Some(self.id) {
            let own = &self.tok.value;
            return self.navigate_own(own, r);
        }
        let (_, target) = self.target(r)?;
        let json = value_to_dtcg(&target.value);
        let mut cur = &json;
        for (depth, seg) in r.sub.iter().enumerate() {
            let next = match cur {
                serde_json::Value::Object(map) => map.get(&**seg),
                serde_json::Value::Array(items) => index(seg).and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => cur = n,
                None => return self.missing_property(r, depth, cur),
            }
        }
        Ok(json_to_expr(cur))
    }

    /// A pointer into the token's own value: walk the expression; a reference met on the
    /// way continues into its target with the rest of the path.
    fn navigate_own(&mut self, own: &Expr, r: &Reference) -> R<Expr> {
        let mut cur = own;
        for (depth, seg) in r.sub.iter().enumerate() {
            let next = match cur {
                Expr::Object(members) => members.iter().find(|(k, _)| **k == **seg).map(|(_, v)| v),
                Expr::Array(items) => index(seg).and_then(|i| items.get(i)),
                Expr::Ref(inner) => {
                    let mut sub = inner.sub.clone();
                    sub.extend(r.sub.iter().skip(depth).cloned());
                    return Ok(Expr::Ref(Box::new(Reference {
                        sub,
                        syntax: RefSyntax::Pointer,
                        ..(**inner).clone()
                    })));
                }
                _ => None,
            };
            match next {
                Some(n) => cur = n,
                None => {
                    let json = super::dtcg::expr_shape(cur);
                    return self.missing_property(r, depth, &json);
                }
            }
        }
        Ok(cur.clone())
    }

    fn missing_property<T>(&mut self, r: &Reference, depth: usize, at: &serde_json::Value) -> R<T> {
        let seg = r.sub.get(depth).map(|s| &**s).unwrap_or("");
        let here = match at {
            serde_json::Value::Object(map) => format!(
                "it has {}",
                map.keys()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            serde_json::Value::Array(items) => format!("it is an array of {} items", items.len()),
            _ => "it is a plain value with no properties".to_owned(),
        };
        self.fail_at(
            "E-REF-PROPERTY",
            format!(
                "{} points to `{seg}` inside the value of `{}`, which does not exist",
                describe(r),
                r.token
            ),
            format!("correct the pointer; {here}"),
            Some(r.span),
        )
    }

    /// The string of an interpolated value with every embedded reference replaced by the
    /// target's value as text (D-3, string and non-standard types only).
    pub fn interpolate(&mut self, pieces: &[Piece]) -> R<String> {
        self.legacy(
            "D-3",
            "a string with embedded references".to_owned(),
            "references inside strings are not DTCG aliases; prefer a whole-value alias".to_owned(),
        )?;
        let mut out = String::new();
        for p in pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Ref(r) => {
                    let (_, target) = self.target(r)?;
                    match super::dtcg::value_as_text(&target.value) {
                        Some(s) => out.push_str(&s),
                        None => {
                            return self.fail_at(
                                "E-REF-TYPE",
                                format!(
                                    "{} is a `{}` token, which cannot be embedded in a string",
                                    describe(r),
                                    target.ty
                                ),
                                "embed only string, number, dimension, duration, fontWeight or hex colour tokens".to_owned(),
                                Some(r.span),
                            )
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

/// An RFC 6901 array index: decimal, no leading zeros.
fn index(seg: &str) -> Option<usize> {
    if seg.len() > 1 && seg.starts_with('0') {
        return None;
    }
    if !seg.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    seg.parse().ok()
}

/// Describes an expression for messages: `a string "16px"`, `a number 4`, …
pub(super) fn found(e: &Expr) -> String {
    match e {
        Expr::Null => "null".to_owned(),
        Expr::Bool(b) => format!("the boolean {b}"),
        Expr::Number(n) => format!("the number {n}"),
        Expr::String(s) => format!("the string {:?}", truncate(s)),
        Expr::Array(items) => format!("an array of {} items", items.len()),
        Expr::Object(_) => "an object".to_owned(),
        Expr::Ref(r) => format!("the reference `{}`", r.raw),
        Expr::Interpolated(_) => "a string with embedded references".to_owned(),
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(57).collect();
        t.push_str("...");
        t
    }
}
