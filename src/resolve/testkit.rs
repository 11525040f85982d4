//! Building [`TokenSet`]s in code, for tests, benches and examples that do not want to
//! go through a parser.
//!
//! Values are written as `serde_json` values. A string that is exactly `"{a.b}"` becomes a
//! curly alias, an object `{"$ref": "#/a/b/$value/x"}` becomes a JSON-Pointer reference
//! (`sub = ["x"]`), and a longer string containing `{a.b}` becomes an interpolated string.
//! Every token gets its own line in a synthetic source file, so diagnostics carry real
//! `file:line:col` locations.
//!
//! ```
//! use serde_json::json;
//! use tokencraft::resolve::testkit::SetBuilder;
//!
//! let mut b = SetBuilder::new(&["light", "dark"]);
//! b.token("light", "size.sm", Some("dimension"), json!({"value": 4, "unit": "px"}));
//! b.token("light", "gap", None, json!("{size.sm}"));
//! let set = b.build();
//! assert_eq!(set.modes.len(), 2);
//! assert_eq!(set.paths.len(), 2);
//! ```

use crate::model::{
    Deprecated, Expr, Piece, RefSyntax, Reference, Span, Token, TokenSet, TokenType, TypeSource,
};

/// Builds a [`TokenSet`] token by token. The first mode named in [`SetBuilder::new`] is
/// the default mode.
#[derive(Debug)]
pub struct SetBuilder {
    set: TokenSet,
    text: String,
    file: u32,
    file_name: String,
}

impl SetBuilder {
    /// A builder with the given modes (at least one; an empty list gets a mode `default`).
    pub fn new(modes: &[&str]) -> Self {
        let mut set = TokenSet::default();
        if modes.is_empty() {
            set.add_mode("default");
        }
        for m in modes {
            set.add_mode(*m);
        }
        let file = set.sources.files.len() as u32;
        SetBuilder {
            set,
            text: String::new(),
            file,
            file_name: "fixture.tokens.json".to_owned(),
        }
    }

    /// Sets the name of the synthetic source file (default `fixture.tokens.json`).
    pub fn file_name(&mut self, name: &str) -> &mut Self {
        name.clone_into(&mut self.file_name);
        self
    }

    /// Adds a token whose `$type` is its own (`ty = None`: no type at all).
    pub fn token(
        &mut self,
        mode: &str,
        path: &str,
        ty: Option<&str>,
        value: serde_json::Value,
    ) -> &mut Self {
        let source = if ty.is_some() {
            TypeSource::Own
        } else {
            TypeSource::None
        };
        self.add(mode, path, ty, source, value)
    }

    /// Adds a token whose type is inherited from its group.
    pub fn grouped(
        &mut self,
        mode: &str,
        path: &str,
        group_type: &str,
        value: serde_json::Value,
    ) -> &mut Self {
        self.add(mode, path, Some(group_type), TypeSource::Group, value)
    }

    /// Adds a token with an explicit type source. Unknown mode names add the mode.
    pub fn add(
        &mut self,
        mode: &str,
        path: &str,
        ty: Option<&str>,
        type_source: TypeSource,
        value: serde_json::Value,
    ) -> &mut Self {
        let m = match self.set.modes.iter().position(|x| x.name == mode) {
            Some(m) => m,
            None => self.set.add_mode(mode),
        };
        let line_start = self.text.len() as u32;
        let value_text = value.to_string();
        let prefix = format!("{mode} {path}: ");
        self.text.push_str(&prefix);
        self.text.push_str(&value_text);
        self.text.push('\n');
        let value_start = line_start + prefix.len() as u32;
        let span = Span {
            file: self.file,
            offset: line_start,
        };
        let expr = expr_from_json_at(&value, &value_text, self.file, value_start);
        let id = self.set.intern(path);
        let mut parts: Vec<&str> = path.split('.').collect();
        parts.pop();
        while !parts.is_empty() {
            self.set.groups.insert(parts.join(".").into());
            parts.pop();
        }
        let token = Token {
            declared_type: ty.map(type_from_name),
            type_source,
            value: expr,
            description: None,
            deprecated: Deprecated::No,
            extensions: None,
            span,
        };
        self.set.insert(m, id, token);
        self
    }

    /// Records a group path (for tests of references to groups without children tokens).
    pub fn group(&mut self, path: &str) -> &mut Self {
        self.set.groups.insert(path.into());
        self
    }

    /// Finishes the set: registers the synthetic source file and sizes every mode.
    pub fn build(mut self) -> TokenSet {
        self.set.sources.add(self.file_name.clone(), &self.text);
        let n = self.set.paths.len();
        for mode in &mut self.set.modes {
            mode.tokens.resize(n, None);
        }
        self.set
    }
}

/// A type name to a [`TokenType`]: one of the 18 known names, else `Other`.
pub fn type_from_name(name: &str) -> TokenType {
    TokenType::from_known(name).unwrap_or_else(|| TokenType::Other(name.into()))
}

/// Converts a JSON value to an [`Expr`] (curly strings and `$ref` objects become
/// references with [`Span::NONE`]).
pub fn expr_from_json(value: &serde_json::Value) -> Expr {
    expr_from_json_at(value, "", u32::MAX, 0)
}

fn expr_from_json_at(value: &serde_json::Value, text: &str, file: u32, base: u32) -> Expr {
    use serde_json::Value as J;
    let span_of = |raw: &str| -> Span {
        if file == u32::MAX {
            return Span::NONE;
        }
        let offset = text.find(raw).map(|i| base + i as u32).unwrap_or(base);
        Span { file, offset }
    };
    match value {
        J::Null => Expr::Null,
        J::Bool(b) => Expr::Bool(*b),
        J::Number(n) => Expr::Number(n.as_f64().unwrap_or(0.0)),
        J::String(s) => {
            if let Some(path) = whole_curly(s) {
                return Expr::Ref(Box::new(Reference {
                    token: path.into(),
                    sub: Vec::new(),
                    syntax: RefSyntax::Curly,
                    raw: s.as_str().into(),
                    span: span_of(s),
                }));
            }
            match interpolate(s, &span_of) {
                Some(pieces) => Expr::Interpolated(pieces),
                None => Expr::String(s.as_str().into()),
            }
        }
        J::Array(items) => Expr::Array(
            items
                .iter()
                .map(|v| expr_from_json_at(v, text, file, base))
                .collect(),
        ),
        J::Object(map) => {
            if let (1, Some(J::String(p))) = (map.len(), map.get("$ref")) {
                if let Some(r) = pointer(p, span_of(p)) {
                    return Expr::Ref(Box::new(r));
                }
            }
            Expr::Object(
                map.iter()
                    .map(|(k, v)| (k.as_str().into(), expr_from_json_at(v, text, file, base)))
                    .collect(),
            )
        }
    }
}

fn whole_curly(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('{')?.strip_suffix('}')?;
    if inner.is_empty() || inner.contains(['{', '}']) {
        return None;
    }
    Some(inner)
}

fn interpolate(s: &str, span_of: &dyn Fn(&str) -> Span) -> Option<Vec<Piece>> {
    if !s.contains('{') {
        return None;
    }
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].into()));
        }
        let raw = &rest[open..=close];
        let path = &rest[open + 1..close];
        if path.is_empty() {
            return None;
        }
        pieces.push(Piece::Ref(Box::new(Reference {
            token: path.into(),
            sub: Vec::new(),
            syntax: RefSyntax::Embedded,
            raw: raw.into(),
            span: span_of(raw),
        })));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.into()));
    }
    Some(pieces)
}

/// `#/a/b/$value/x/0` → token `a.b`, sub `["x", "0"]`; `#/a/b` → token `a.b`.
fn pointer(p: &str, span: Span) -> Option<Reference> {
    let body = p.strip_prefix("#/")?;
    let segs: Vec<String> = body
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (token, sub) = match segs.iter().position(|s| s == "$value") {
        Some(i) => (&segs[..i], &segs[i + 1..]),
        None => (&segs[..], &segs[..0]),
    };
    if token.is_empty() {
        return None;
    }
    Some(Reference {
        token: token.join(".").into(),
        sub: sub.iter().map(|s| s.as_str().into()).collect(),
        syntax: RefSyntax::Pointer,
        raw: p.into(),
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_references() {
        assert!(matches!(expr_from_json(&json!("{a.b}")), Expr::Ref(r) if &*r.token == "a.b"));
        let e = expr_from_json(&json!({"$ref": "#/a/b/$value/components/0"}));
        match e {
            Expr::Ref(r) => {
                assert_eq!(&*r.token, "a.b");
                assert_eq!(
                    r.sub,
                    vec!["components".into(), "0".into()] as Vec<Box<str>>
                );
                assert_eq!(r.syntax, RefSyntax::Pointer);
            }
            other => panic!("not a ref: {other:?}"),
        }
        assert!(matches!(
            expr_from_json(&json!("inset {a.b} x")),
            Expr::Interpolated(p) if p.len() == 3
        ));
        assert!(matches!(expr_from_json(&json!("plain")), Expr::String(_)));
    }

    #[test]
    fn spans_point_at_lines() {
        let mut b = SetBuilder::new(&["base"]);
        b.token("base", "a", Some("number"), json!(1));
        b.token("base", "b", None, json!("{a}"));
        let set = b.build();
        let tok = set.own(0, set.id("b").unwrap()).unwrap();
        let loc = set.sources.locate(tok.span).unwrap();
        assert_eq!(loc.to_string(), "fixture.tokens.json:2:1");
        let r = tok.value.as_alias().unwrap();
        assert_eq!(set.sources.locate(r.span).unwrap().column, 10);
        assert!(set.groups.is_empty());
    }
}
