//! Tokencraft's own shapes, both directions: API token rows (one list per mode) and the
//! API's JSON export (`value`/`type` leaves, optional top-level `$modes`).
//!
//! Row values are the API's loose strings, numbers, arrays and objects (`"#3b82f6"`,
//! `"16px"`, shadow objects with string members). They stay [`Expr`] literals here; typed
//! conversion happens in resolution. A string that is exactly `{a.b}` (anywhere in a value)
//! is an alias, as is `alias_to`.
//!
//! ```
//! use tokencraft::parse::tokencraft::{from_rows, to_rows, ModeRows, TokenRow};
//! let rows = vec![ModeRows {
//!     name: "Light".into(),
//!     is_default: true,
//!     tokens: vec![
//!         TokenRow { name: "colors.primary".into(), r#type: "color".into(),
//!                    value: serde_json::json!("#3b82f6"), description: None, alias_to: None },
//!         TokenRow { name: "colors.button".into(), r#type: "color".into(),
//!                    value: serde_json::Value::Null, description: None,
//!                    alias_to: Some("colors.primary".into()) },
//!     ],
//! }];
//! let (set, diags) = from_rows(&rows);
//! assert!(diags.is_empty());
//! assert_eq!(to_rows(&set), rows);
//! ```

use super::reference::{self, Curly};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{
    Deprecated, Expr, Piece, RefSyntax, Reference, Span, Token, TokenSet, TokenType, TypeSource,
};
use serde::{Deserialize, Serialize};

mod export;
pub use export::from_export_json;
use std::collections::HashMap;

/// One token of one mode as the API stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRow {
    /// Dot-separated name (`colors.primary.500`).
    pub name: String,
    /// One of the 18 type names of the API (§3.0), case-sensitive.
    pub r#type: String,
    /// The value as stored (`null` for an alias).
    #[serde(default)]
    pub value: serde_json::Value,
    /// Optional description.
    #[serde(default)]
    pub description: Option<String>,
    /// Name of the token this one aliases, if any.
    #[serde(default)]
    pub alias_to: Option<String>,
}

/// The rows of one mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModeRows {
    /// Mode name (`Light`).
    pub name: String,
    /// Whether this is the tokenset's default mode.
    pub is_default: bool,
    /// The mode's tokens, in the order to keep.
    pub tokens: Vec<TokenRow>,
}

/// Longest accepted token name (API §6 item 12).
const MAX_NAME_LEN: usize = 255;

/// Checks an API token name: non-empty, at most 255 characters, no empty dot segment, no
/// control characters. Returns the message of the first problem.
pub fn check_row_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("Name is required and must be a non-empty string".into());
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err(format!(
            "token name `{name}` is longer than {MAX_NAME_LEN} characters"
        ));
    }
    if name.split('.').any(str::is_empty) {
        return Err(format!(
            "token name `{name}` has an empty segment: names are parts joined by single dots, with no leading or trailing dot"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "token name `{}` contains a control character",
            name.escape_debug()
        ));
    }
    Ok(())
}

/// Builds a token set from API rows: one mode per [`ModeRows`], the default mode where
/// `is_default` is set (the first mode, with a warning, when none or several are).
/// `alias_to` becomes an [`Expr::Ref`] with [`RefSyntax::AliasTo`]; the type is the row's own.
/// Rows with an invalid name, type or value are reported and left out.
pub fn from_rows(modes: &[ModeRows]) -> (TokenSet, Diagnostics) {
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    let defaults: Vec<usize> = modes
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_default)
        .map(|(i, _)| i)
        .collect();
    set.default_mode = defaults.first().copied().unwrap_or(0);
    if !modes.is_empty() && defaults.len() != 1 {
        let chosen = modes.get(set.default_mode).map_or("", |m| m.name.as_str());
        diags.push(
            Diagnostic::warning(
                "W-ROW-DEFAULT",
                format!(
                    "{} modes are marked as default; using `{chosen}`",
                    defaults.len()
                ),
            )
            .help("mark exactly one mode with `is_default: true`"),
        );
    }
    let mut seen_modes: HashMap<&str, usize> = HashMap::new();
    for (mi, m) in modes.iter().enumerate() {
        let mode = set.add_mode(m.name.clone());
        if m.name.trim().is_empty() {
            diags.push(
                Diagnostic::error("E-ROW-MODE", format!("mode {} has an empty name", mi + 1))
                    .help("give every mode a non-empty name such as `Light`"),
            );
        } else if let Some(first) = seen_modes.insert(&m.name, mi) {
            diags.push(
                Diagnostic::error(
                    "E-ROW-MODE",
                    format!(
                        "modes {} and {} are both named `{}`",
                        first + 1,
                        mi + 1,
                        m.name
                    ),
                )
                .mode(m.name.clone())
                .help("mode names must be unique within a tokenset"),
            );
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (ri, row) in m.tokens.iter().enumerate() {
            if let Some(first) = seen.insert(&row.name, ri) {
                diags.push(
                    Diagnostic::error(
                        "E-ROW-DUPLICATE",
                        format!(
                            "rows {} and {} both define `{}`; the later row wins",
                            first + 1,
                            ri + 1,
                            row.name
                        ),
                    )
                    .token(row.name.clone())
                    .mode(m.name.clone())
                    .help("A token with this name already exists in this mode: rename or remove one of the rows"),
                );
            }
            if let Some(token) = row_token(row, &m.name, &mut diags) {
                add_groups(&mut set, &row.name);
                let id = set.intern(&row.name);
                set.insert(mode, id, token);
            }
        }
    }
    (set, diags)
}

/// Records every proper dot prefix of `name` as a group path.
fn add_groups(set: &mut TokenSet, name: &str) {
    for (i, _) in name.match_indices('.') {
        if let Some(prefix) = name.get(..i) {
            if !set.groups.contains(prefix) {
                set.groups.insert(prefix.into());
            }
        }
    }
}

/// Converts one row, reporting problems; `None` when the row is unusable.
fn row_token(row: &TokenRow, mode: &str, diags: &mut Diagnostics) -> Option<Token> {
    let err = |code, msg: String, help: &str| {
        Diagnostic::error(code, msg)
            .token(row.name.clone())
            .mode(mode.to_owned())
            .help(help.to_owned())
    };
    if let Err(msg) = check_row_name(&row.name) {
        diags.push(err(
            "E-ROW-NAME",
            msg,
            "use a dot-separated name such as `colors.primary.500`",
        ));
        return None;
    }
    let Some(ty) = TokenType::from_known(&row.r#type) else {
        diags.push(err(
            "E-ROW-TYPE",
            format!(
                "Type is required and must be one of: {} (got `{}`)",
                TokenType::api_list(),
                row.r#type
            ),
            "type names are case-sensitive camelCase, e.g. `fontSize`",
        ));
        return None;
    };
    let alias = row.alias_to.as_deref().filter(|a| !a.is_empty());
    let value = if let Some(target) = alias {
        if let Err(msg) = check_row_name(target) {
            diags.push(err(
                "E-REF-SYNTAX",
                format!("`alias_to` is not a valid token name: {msg}"),
                "set `alias_to` to the name of another token of this tokenset",
            ));
            return None;
        }
        Expr::Ref(Box::new(Reference {
            token: target.into(),
            sub: Vec::new(),
            syntax: RefSyntax::AliasTo,
            raw: target.into(),
            span: Span::NONE,
        }))
    } else {
        match &row.value {
            serde_json::Value::Null => {
                diags.push(err(
                    "E-ROW-VALUE",
                    "Value is required unless `alias_to` is given".into(),
                    "give the token a value, or set `alias_to` to make it an alias",
                ));
                return None;
            }
            serde_json::Value::String(s) if s.is_empty() => {
                diags.push(err(
                    "E-ROW-VALUE",
                    "Value must not be an empty string".into(),
                    "give the token a value, or set `alias_to` to make it an alias",
                ));
                return None;
            }
            v => match serde_to_expr(v, 0) {
                Ok(e) => e,
                Err(msg) => {
                    diags.push(err(
                        "E-REF-SYNTAX",
                        msg,
                        "write an alias as the whole string `{group.token}`, or set `alias_to`",
                    ));
                    return None;
                }
            },
        }
    };
    Some(Token {
        declared_type: Some(ty),
        type_source: TypeSource::Own,
        value,
        description: row.description.clone(),
        deprecated: Deprecated::No,
        extensions: None,
        span: Span::NONE,
    })
}

/// Deepest value nesting accepted in a row (serde_json itself stops at 128).
const MAX_VALUE_DEPTH: usize = 256;

/// A row value as an expression: strings that are exactly `{a.b}` become aliases.
fn serde_to_expr(v: &serde_json::Value, depth: usize) -> Result<Expr, String> {
    use serde_json::Value as V;
    if depth > MAX_VALUE_DEPTH {
        return Err(format!(
            "value is nested more than {MAX_VALUE_DEPTH} levels deep"
        ));
    }
    Ok(match v {
        V::Null => Expr::Null,
        V::Bool(b) => Expr::Bool(*b),
        V::Number(n) => Expr::Number(n.as_f64().unwrap_or(f64::NAN)),
        V::String(s) => match reference::curly(s) {
            Ok(Curly::Alias(path)) => Expr::Ref(Box::new(Reference {
                token: path.into(),
                sub: Vec::new(),
                syntax: RefSyntax::Curly,
                raw: s.as_str().into(),
                span: Span::NONE,
            })),
            Ok(Curly::NotRef) => Expr::String(s.as_str().into()),
            Err(e) => return Err(e.message),
        },
        V::Array(items) => Expr::Array(
            items
                .iter()
                .map(|i| serde_to_expr(i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        V::Object(members) if members.len() == 1 && members.contains_key("$ref") => {
            let raw = members.get("$ref").and_then(V::as_str).unwrap_or_default();
            Expr::Ref(Box::new(pointer_reference(raw)?))
        }
        V::Object(members) => Expr::Object(
            members
                .iter()
                .map(|(k, v)| Ok((k.as_str().into(), serde_to_expr(v, depth + 1)?)))
                .collect::<Result<_, String>>()?,
        ),
    })
}

/// A `{"$ref": "#/a/b/$value/x/0"}` in a row (as [`to_rows`] writes references into
/// sub-values): the segments before `$value` name the token, those after it the sub-path.
fn pointer_reference(raw: &str) -> Result<Reference, String> {
    let segments = reference::parse_pointer(raw).map_err(|e| e.message)?;
    let mut keys = segments.into_iter().map(|s| s.decoded.unwrap_or(s.key));
    let token: Vec<String> = keys.by_ref().take_while(|k| k != "$value").collect();
    let sub: Vec<Box<str>> = keys.map(Into::into).collect();
    let token = token.join(".");
    check_row_name(&token).map_err(|e| format!("`$ref` `{raw}` does not name a token: {e}"))?;
    Ok(Reference {
        token: token.into(),
        sub,
        syntax: RefSyntax::Pointer,
        raw: raw.into(),
        span: Span::NONE,
    })
}

/// The rows of every mode, tokens in id (document) order; only tokens a mode defines
/// itself. An `alias_to` alias becomes `value: null` + `alias_to`; other references keep
/// their form: `"{a.b}"` strings, or `{"$ref": "#/…"}` when they point into a sub-value;
/// [`from_rows`] reads both back as references. A token without a declared type gets an
/// empty `type`.
pub fn to_rows(set: &TokenSet) -> Vec<ModeRows> {
    set.modes
        .iter()
        .enumerate()
        .map(|(mi, mode)| ModeRows {
            name: mode.name.clone(),
            is_default: mi == set.default_mode,
            tokens: mode
                .tokens
                .iter()
                .enumerate()
                .filter_map(|(i, t)| Some((set.paths.get_index(i)?, t.as_ref()?)))
                .map(|(path, t)| {
                    let (value, alias_to) = match &t.value {
                        Expr::Ref(r) if r.syntax == RefSyntax::AliasTo => {
                            (serde_json::Value::Null, Some(r.token.to_string()))
                        }
                        e => (expr_to_serde(e), None),
                    };
                    TokenRow {
                        name: path.to_string(),
                        r#type: t
                            .declared_type
                            .as_ref()
                            .map_or_else(String::new, |ty| ty.as_str().to_owned()),
                        value,
                        description: t.description.clone(),
                        alias_to,
                    }
                })
                .collect(),
        })
        .collect()
}

/// An expression as API JSON (references written back as `{a.b}` strings).
pub fn expr_to_serde(e: &Expr) -> serde_json::Value {
    use serde_json::Value as V;
    match e {
        Expr::Null => V::Null,
        Expr::Bool(b) => V::Bool(*b),
        Expr::Number(n) => number_to_serde(*n),
        Expr::String(s) => V::String(s.to_string()),
        Expr::Array(items) => V::Array(items.iter().map(expr_to_serde).collect()),
        Expr::Object(members) => V::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), expr_to_serde(v)))
                .collect(),
        ),
        Expr::Ref(r) => reference_to_serde(r),
        Expr::Interpolated(pieces) => {
            let mut s = String::new();
            for p in pieces {
                match p {
                    Piece::Text(t) => s.push_str(t),
                    Piece::Ref(r) => {
                        s.push('{');
                        s.push_str(&r.token);
                        s.push('}');
                    }
                }
            }
            V::String(s)
        }
    }
}

fn reference_to_serde(r: &Reference) -> serde_json::Value {
    if r.sub.is_empty() {
        return serde_json::Value::String(format!("{{{}}}", r.token));
    }
    let escape = |s: &str| s.replace('~', "~0").replace('/', "~1");
    let mut ptr = String::from("#");
    for seg in r.token.split('.') {
        ptr.push('/');
        ptr.push_str(&escape(seg));
    }
    ptr.push_str("/$value");
    for seg in &r.sub {
        ptr.push('/');
        ptr.push_str(&escape(seg));
    }
    serde_json::json!({ "$ref": ptr })
}

/// Integral numbers are written without a fraction (`700`, not `700.0`).
fn number_to_serde(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        return serde_json::Value::from(n as i64);
    }
    serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
}
