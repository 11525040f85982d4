//! Login, logout, the current session, API-token management (§6 item 32) and the
//! subscription downgrade status (§6 item 26).

use super::cookie;
use super::password::{decoy_hash, verify_password};
use super::{limit_for, SessionUser};
use crate::api::body::{self, field, Field};
use crate::api::error::{json_response, ApiError};
use crate::api::handlers::Ctx;
use crate::api::http::{Request, Response};
use crate::api::router::query_param;
use crate::api::wire::Ts;
use crate::api::Api;
use crate::store::{self, Plan, Scope, User};
use serde_json::{json, Value};

/// 401 for a wrong e-mail or password (one message for both: no user enumeration).
pub const BAD_CREDENTIALS: &str = "Invalid email or password";

fn user_json(u: &User) -> Value {
    json!({ "id": u.id, "email": u.email, "plan": u.plan.as_str() })
}

/// A required string field of a body.
fn required_string(b: &body::Body, name: &'static str, label: &str) -> Result<String, ApiError> {
    match field(b, name) {
        Field::Set(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(ApiError::invalid(
            name,
            format!("{label} is required and must be a non-empty string"),
        )),
    }
}

/// `POST /api/auth/login` `{"email", "password"}` → 200 and a session cookie. An unknown
/// e-mail is checked against a decoy hash, so it costs what a wrong password costs.
pub(super) fn login(api: &Api, req: &Request) -> Result<Response, ApiError> {
    // The decoy is computed on first use: do that before the lookup, so that the first
    // login with an unknown e-mail costs what the first with a known one costs.
    let decoy = decoy_hash();
    let b = body::json_object(req)?;
    let email = required_string(&b, "email", "Email")?;
    let password = required_string(&b, "password", "Password")?;
    let found = store::read(&*api.store, |tx| {
        tx.user_by_email(email.trim()).map(|u| {
            let phc = tx.password(&u.id).map(|c| c.phc.clone());
            (u.clone(), phc)
        })
    });
    let (user, phc) = match found {
        Some((u, Some(phc))) => (Some(u), phc),
        _ => (None, decoy.to_owned()),
    };
    let matches = verify_password(&phc, &password);
    let user = match user {
        Some(u) if matches => u,
        _ => return Err(ApiError::new(401, BAD_CREDENTIALS)),
    };
    let cfg = &api.config.session;
    let now = api.clock.now();
    let (secret, session) = store::write(&*api.store, |tx| {
        Ok::<_, ApiError>(cookie::start(tx, &user.id, now, cfg.ttl_secs))
    })
    .map_err(|_| ApiError::internal())?;
    let mut resp = json_response(
        200,
        &json!({ "user": user_json(&user), "expires_at": Ts(session.expires_at) }),
    );
    resp.set_header("Set-Cookie", cookie::setting(cfg, &secret));
    resp.set_header("Cache-Control", "no-store");
    Ok(resp)
}

/// `POST /api/auth/logout`: ends the session and clears the cookie.
pub(super) fn logout(cx: &Ctx, user: &SessionUser) -> Result<Response, ApiError> {
    cx.write(|tx| {
        tx.delete_session(&user.session_id);
        Ok(())
    })?;
    let mut resp = json_response(200, &json!({ "message": "Logged out successfully" }));
    resp.set_header("Set-Cookie", cookie::clearing(&cx.api.config.session));
    Ok(resp)
}

/// `GET /api/auth/session`: who is logged in, until when.
pub(super) fn current(cx: &Ctx, user: &SessionUser) -> Result<Response, ApiError> {
    let expires = cx.read(|tx| tx.session(&user.session_id).map(|s| s.expires_at));
    let expires = expires.ok_or_else(|| ApiError::new(401, super::NOT_LOGGED_IN))?;
    Ok(json_response(
        200,
        &json!({ "user": user_json(&user.user), "expires_at": Ts(expires) }),
    ))
}

/// `GET /api/tokens`: the caller's API tokens, without secrets.
pub(super) fn list_tokens(cx: &Ctx) -> Result<Response, ApiError> {
    let items: Vec<Value> = cx.read(|tx| {
        tx.api_tokens_of(&cx.caller.user_id)
            .into_iter()
            .map(|t| {
                json!({ "id": t.id, "name": t.name, "prefix": t.prefix, "scopes": t.scopes,
                        "revoked": t.revoked, "created_at": Ts(t.created_at) })
            })
            .collect()
    });
    Ok(json_response(
        200,
        &json!({ "total": items.len(), "tokens": items }),
    ))
}

/// `POST /api/tokens` `{"name", "scopes"?}` → 201 with the plaintext, shown only here.
pub(super) fn create_token(cx: &Ctx) -> Result<Response, ApiError> {
    let b = body::json_object(cx.req)?;
    let name = body::required_name(&b)?;
    let scopes = match field(&b, "scopes") {
        Field::Absent | Field::Null => Scope::ALL.to_vec(),
        Field::Set(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|v| v.as_str().and_then(Scope::parse))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| ApiError::invalid("scopes", SCOPES_MESSAGE))?,
        Field::Set(_) => return Err(ApiError::invalid("scopes", SCOPES_MESSAGE)),
    };
    let (rec, plaintext) = cx
        .api
        .accounts()
        .issue_token(&cx.caller.user_id, &name, &scopes)
        .map_err(|_| ApiError::internal())?;
    Ok(json_response(
        201,
        &json!({ "id": rec.id, "name": rec.name, "prefix": rec.prefix, "scopes": rec.scopes,
                 "revoked": false, "created_at": Ts(rec.created_at), "token": plaintext }),
    ))
}

const SCOPES_MESSAGE: &str =
    "Scopes must be a non-empty array of: read:tokens, write:tokens, export:tokens";

/// `DELETE /api/tokens/{tokenId}`: revokes one of the caller's tokens.
pub(super) fn revoke_token(cx: &Ctx) -> Result<Response, ApiError> {
    cx.write(|tx| {
        let mut t = tx
            .api_token(cx.param(0))
            .filter(|t| t.user_id == cx.caller.user_id)
            .cloned()
            .ok_or_else(|| ApiError::new(404, "API token not found"))?;
        t.revoked = true;
        tx.put_api_token(t);
        Ok(())
    })?;
    Ok(json_response(
        200,
        &json!({ "message": "API token revoked successfully" }),
    ))
}

/// `GET /api/subscription/downgrade-status[?plan=FREE]`: the caller's plan, the limits of
/// the plan asked about (default: the current one), usage, overage and what would be
/// enforced. Nothing is ever deleted: over a limit, new workspaces and members are refused.
pub(super) fn downgrade_status(cx: &Ctx) -> Result<Response, ApiError> {
    let plan = cx.caller.plan;
    let target = match query_param(&cx.req.query, "plan") {
        None => plan,
        Some(p) => match p.trim().to_ascii_uppercase().as_str() {
            "FREE" => Plan::Free,
            "PRO" => Plan::Pro,
            "TEAM" => Plan::Team,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "Invalid plan '{p}'. Must be one of: FREE, PRO, TEAM"
                )))
            }
        },
    };
    let ws_limit = limit_for(&cx.api.config.workspace_limits, target);
    let member_limit = limit_for(&cx.api.config.session.member_limits, target);
    let owned: Vec<(String, String, usize)> = cx.read(|tx| {
        super::owned_workspaces(tx, &cx.caller.user_id)
            .into_iter()
            .map(|w| (w.id.clone(), w.name.clone(), tx.memberships(&w.id).len()))
            .collect()
    });
    let ws_over = ws_limit.map_or(0, |l| owned.len().saturating_sub(l));
    let members_over: Vec<Value> = owned
        .iter()
        .filter_map(|(id, name, n)| {
            let over = n.saturating_sub(member_limit?);
            (over > 0).then(|| json!({ "workspace_id": id, "workspace_name": name, "members": n, "over_by": over }))
        })
        .collect();
    let mut enforced = Vec::new();
    if let Some(l) = ws_limit.filter(|l| owned.len() >= *l) {
        enforced.push(format!(
            "New workspaces are refused: you own {} and {} allows {l}; existing workspaces stay accessible",
            owned.len(),
            target.as_str()
        ));
    }
    if !members_over.is_empty() {
        enforced.push(format!(
            "New members are refused in {} workspace(s) over the {} member limit; existing members keep their access",
            members_over.len(),
            target.as_str()
        ));
    }
    if !target.allows_api_write() {
        enforced.push(format!(
            "API writes (/api/v1) to your workspaces are refused: {} has no API write access",
            target.as_str()
        ));
    }
    if target != Plan::Team && owned.iter().any(|(_, _, n)| *n > 1) {
        enforced.push(format!(
            "Members of your workspaces lose access: sharing needs TEAM, and {} workspaces are owner-only",
            target.as_str()
        ));
    }
    let over_limit = ws_over > 0 || !members_over.is_empty();
    Ok(json_response(
        200,
        &json!({
            "plan": plan.as_str(),
            "target_plan": target.as_str(),
            "over_limit": over_limit,
            "workspace_count": owned.len(),
            "workspace_limit": ws_limit,
            "limits": { "workspaces": ws_limit, "members_per_workspace": member_limit,
                        "api_write": target.allows_api_write() },
            "usage": { "workspaces": owned.len(),
                       "members": owned.iter().map(|(id, name, n)| json!({"workspace_id": id, "workspace_name": name, "members": n})).collect::<Vec<_>>() },
            "overage": { "workspaces": ws_over, "members": members_over },
            "enforced": enforced,
        }),
    ))
}
