//! T4, K1–K5: tokens.

use super::{bump_revision, mode_of, require_write, token_of, touch, visible_tokenset, Ctx};
use crate::api::alias::{self, Walk};
use crate::api::body::{self, Body, Field};
use crate::api::clock::new_uuid;
use crate::api::error::{deleted, json_response, ApiError, Missing};
use crate::api::http::Response;
use crate::api::wire::{List, ModeHead, TokenOut};
use crate::model::TokenType;
use crate::store::{Mode, TokenRecord, WriteTx};
use serde::Serialize;
use serde_json::Value;

const DUPLICATE: &str = "A token with this name already exists in this mode";
const VALUE_REQUIRED: &str = "Value is required unless alias_to is given";
const VALUE_EMPTY: &str = "Value must not be an empty string";
const ALIAS_TYPE: &str = "alias_to must be a non-empty token name or null";

static NULL: Value = Value::Null;

/// A JSON response from a cached body (shared with the cache, not copied).
fn cached(body: std::sync::Arc<[u8]>) -> Response {
    let mut r = Response::new(200);
    r.set_header("Content-Type", "application/json");
    r.body = body.into();
    r
}

/// Serves `key` from the list cache at `revision`, or renders it with `render` and keeps it.
fn with_list_cache(
    cx: &Ctx,
    key: String,
    revision: u64,
    render: impl FnOnce() -> Response,
) -> Response {
    if let Some(body) = cx.api.lists.get(&key, revision) {
        return cached(body);
    }
    let resp = render();
    if resp.status == 200 {
        cx.api
            .lists
            .put(key, revision, std::sync::Arc::from(resp.body.as_slice()));
    }
    resp
}

/// T4 `GET /tokensets/{id}/tokens`: every token of every mode, in creation order.
pub(super) fn list_all(cx: &Ctx) -> Result<Response, ApiError> {
    cx.read(|tx| {
        let (ts, _) = visible_tokenset(tx, cx.caller, cx.param(0))?;
        Ok(with_list_cache(cx, ts.id.clone(), ts.revision, || {
            let mut rows: Vec<&TokenRecord> = tx
                .modes(&ts.id)
                .iter()
                .flat_map(|m| tx.tokens(&m.id))
                .collect();
            rows.sort_by_key(|t| t.seq);
            let items: Vec<TokenOut> = rows.into_iter().map(TokenOut::from).collect();
            json_response(
                200,
                &List {
                    key: "tokens",
                    items: &items,
                },
            )
        }))
    })
}

/// K1 `GET /tokensets/{id}/modes/{modeId}/tokens`: `{mode, tokens, total}`.
pub(super) fn list(cx: &Ctx) -> Result<Response, ApiError> {
    #[derive(Serialize)]
    struct Out<'a> {
        mode: ModeHead<'a>,
        tokens: &'a [TokenOut<'a>],
        total: usize,
    }
    cx.read(|tx| {
        let (ts, _) = visible_tokenset(tx, cx.caller, cx.param(0))?;
        let mode = mode_of(tx, ts, cx.param(1))?;
        let key = format!("{}/{}", ts.id, mode.id);
        Ok(with_list_cache(cx, key, ts.revision, || {
            let items: Vec<TokenOut> = tx
                .tokens(&mode.id)
                .into_iter()
                .map(TokenOut::from)
                .collect();
            json_response(
                200,
                &Out {
                    mode: ModeHead {
                        id: &mode.id,
                        name: &mode.name,
                        is_default: mode.is_default,
                    },
                    tokens: &items,
                    total: items.len(),
                },
            )
        }))
    })
}

/// K3 `GET …/tokens/{tokenId}`: the token plus `resolved_value`.
pub(super) fn get(cx: &Ctx) -> Result<Response, ApiError> {
    cx.read(|tx| {
        let (ts, _) = visible_tokenset(tx, cx.caller, cx.param(0))?;
        let mode = mode_of(tx, ts, cx.param(1))?;
        let token = token_of(tx, mode, cx.param(2))?;
        let fallback = alias::default_mode_id(tx, mode);
        let mut out = TokenOut::from(token);
        out.resolved_value =
            Some(alias::resolved_value(tx, token, fallback.as_deref()).unwrap_or(&NULL));
        Ok(json_response(200, &out))
    })
}

/// A token name: the common name rules plus dot notation without empty segments.
fn token_name(name: String) -> Result<String, ApiError> {
    if name.starts_with('.') || name.ends_with('.') || name.contains("..") {
        return Err(ApiError::invalid(
            "name",
            format!(
                "Name '{name}' has an empty segment: use dot notation like colors.primary.500 (no leading, trailing or double dots)"
            ),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "name",
            format!(
                "Name '{}' contains a control character: use letters, digits and dots",
                name.escape_debug()
            ),
        ));
    }
    Ok(name)
}

fn token_type(v: Option<&Value>, message_start: &str) -> Result<String, ApiError> {
    match v.and_then(Value::as_str).and_then(TokenType::from_known) {
        Some(t) => Ok(t.as_str().to_owned()),
        None => Err(ApiError::invalid(
            "type",
            format!("{message_start}{}", TokenType::api_list()),
        )),
    }
}

fn alias_field(body: &Body) -> Result<Option<Option<String>>, ApiError> {
    match body::field(body, "alias_to") {
        Field::Absent => Ok(None),
        Field::Null => Ok(Some(None)),
        Field::Set(Value::String(s)) if !s.trim().is_empty() => Ok(Some(Some(s.trim().to_owned()))),
        Field::Set(_) => Err(ApiError::invalid("alias_to", ALIAS_TYPE)),
    }
}

fn check_value(v: &Value) -> Result<(), ApiError> {
    match v {
        Value::Null => Err(ApiError::invalid("value", VALUE_REQUIRED)),
        Value::String(s) if s.trim().is_empty() => Err(ApiError::invalid("value", VALUE_EMPTY)),
        _ => Ok(()),
    }
}

/// After a write: the token's alias chain must end at a value.
fn check_alias(tx: &dyn WriteTx, mode: &Mode, token_id: &str) -> Result<(), ApiError> {
    let Some(token) = tx.token(token_id) else {
        return Ok(());
    };
    if token.alias_to.is_none() {
        // Only aliases can be part of a cycle or point at a missing token.
        return Ok(());
    }
    let fallback = alias::default_mode_id(tx, mode);
    match alias::walk(tx, token, fallback.as_deref()) {
        Walk::Value(end) => {
            let (want, got) = (
                TokenType::from_known(&token.r#type),
                TokenType::from_known(&end.r#type),
            );
            match (want, got) {
                (Some(w), Some(g)) if !w.accepts(&g) => Err(ApiError::invalid(
                    "alias_to",
                    format!(
                        "Alias target {} resolves to a {} value ({}), but this token is a {}: alias a token of a matching type or change this token's type",
                        token.alias_to.as_deref().unwrap_or(""),
                        g,
                        end.name,
                        w
                    ),
                )),
                _ => Ok(()),
            }
        }
        Walk::Missing { name, .. } => Err(ApiError::invalid(
            "alias_to",
            format!("Alias target not found: {name}"),
        )),
        Walk::Cycle(chain) => Err(ApiError::invalid(
            "alias_to",
            format!("Circular alias detected: {}", chain.join(" → ")),
        )),
        Walk::TooDeep(chain) => Err(ApiError::invalid(
            "alias_to",
            format!(
                "Alias chain is longer than {} links: {}; point alias_to at a token nearer the value",
                alias::MAX_DEPTH,
                chain.join(" → ")
            ),
        )),
    }
}

/// K2 `POST …/tokens`.
pub(super) fn create(cx: &Ctx) -> Result<Response, ApiError> {
    let body = body::json_object(cx.req);
    let token = cx.write(|tx| {
        let (ts, access) = visible_tokenset(&*tx, cx.caller, cx.param(0))?;
        let mode = mode_of(&*tx, ts, cx.param(1))?.clone();
        require_write(&access, Missing::Tokenset)?;
        let body = body?;
        let name = token_name(body::required_name(&body)?)?;
        let ty = token_type(body.get("type"), "Type is required and must be one of: ")?;
        let alias_to = alias_field(&body)?.flatten();
        let value = if alias_to.is_some() {
            Value::Null
        } else {
            let v = body.get("value").cloned().unwrap_or(Value::Null);
            check_value(&v)?;
            v
        };
        let description = body::create_description(&body)?;
        if tx.token_by_name(&mode.id, &name).is_some() {
            return Err(ApiError::invalid("name", DUPLICATE));
        }
        let seq = tx.next_seq();
        let token = TokenRecord {
            id: new_uuid(),
            tokenset_id: mode.tokenset_id.clone(),
            mode_id: mode.id.clone(),
            name,
            r#type: ty,
            value,
            description,
            alias_to,
            created_at: cx.now,
            updated_at: cx.now,
            seq,
        };
        tx.put_token(token.clone());
        check_alias(tx, &mode, &token.id)?;
        bump_revision(tx, &mode.tokenset_id);
        Ok(token)
    })?;
    Ok(json_response(201, &TokenOut::from(&token)))
}

/// K4 `PATCH …/tokens/{tokenId}`: only the given fields change.
pub(super) fn update(cx: &Ctx) -> Result<Response, ApiError> {
    let body = body::json_object(cx.req);
    let token = cx.write(|tx| {
        let (ts, access) = visible_tokenset(&*tx, cx.caller, cx.param(0))?;
        let mode = mode_of(&*tx, ts, cx.param(1))?.clone();
        let mut token = token_of(&*tx, &mode, cx.param(2))?.clone();
        require_write(&access, Missing::Tokenset)?;
        let body = body?;
        let name = body::optional_name(&body)?.map(token_name).transpose()?;
        let ty = match body.get("type") {
            None => None,
            Some(v) => Some(token_type(Some(v), "Type must be one of: ")?),
        };
        let alias = alias_field(&body)?;
        let description = body::update_description(&body)?;
        let value = match body::field(&body, "value") {
            Field::Absent => None,
            Field::Null => Some(Value::Null),
            Field::Set(v) => Some(v.clone()),
        };
        if name.is_none()
            && ty.is_none()
            && alias.is_none()
            && description.is_none()
            && value.is_none()
        {
            return Ok(token);
        }
        if let Some(n) = name {
            if n != token.name && tx.token_by_name(&mode.id, &n).is_some() {
                return Err(ApiError::invalid("name", DUPLICATE));
            }
            token.name = n;
        }
        if let Some(t) = ty {
            token.r#type = t;
        }
        if let Some(a) = alias {
            token.alias_to = a;
        }
        if let Some(d) = description {
            token.description = d;
        }
        if token.alias_to.is_some() {
            token.value = Value::Null;
        } else {
            if let Some(v) = value {
                token.value = v;
            }
            check_value(&token.value)?;
        }
        token.updated_at = touch(token.updated_at, cx.now);
        tx.put_token(token.clone());
        check_alias(tx, &mode, &token.id)?;
        bump_revision(tx, &mode.tokenset_id);
        Ok(token)
    })?;
    Ok(json_response(200, &TokenOut::from(&token)))
}

/// K5 `DELETE …/tokens/{tokenId}`: tokens aliasing it are left as they are (they break).
pub(super) fn delete(cx: &Ctx) -> Result<Response, ApiError> {
    cx.write(|tx| {
        let (ts, access) = visible_tokenset(&*tx, cx.caller, cx.param(0))?;
        let mode = mode_of(&*tx, ts, cx.param(1))?.clone();
        let id = token_of(&*tx, &mode, cx.param(2))?.id.clone();
        require_write(&access, Missing::Tokenset)?;
        tx.delete_token(&id);
        bump_revision(tx, &mode.tokenset_id);
        Ok(())
    })?;
    Ok(deleted("Token"))
}
