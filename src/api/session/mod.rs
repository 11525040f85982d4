//! The session (cookie) API under `/api` (§5.1–§5.3, §6 items 25–29 and 32): log in with
//! an e-mail and a password, then call the dashboard routes with the `tc_session` cookie.
//!
//! Every request goes through the same steps, in this order:
//!
//! 1. identify the session from the `tc_session` cookie (API tokens are never accepted
//!    here, and `/api/v1` never accepts cookies);
//! 2. rate limit per session, or per peer address without a valid session → 429;
//! 3. route → 404 / 405 (`Allow`); bodies over the limit → 413; the deprecated invitation
//!    routes → 410 whoever calls;
//! 4. an `Authorization` header → 401 (this surface is cookie-only);
//! 5. state-changing methods from another site (`Origin` not allowed, or
//!    `Sec-Fetch-Site: cross-site`) → 403;
//! 6. no valid session → 401 (only `POST /api/auth/login` is public);
//! 7. the handler: visibility → 404, role → 403, plan → 403, body → 400.

mod account;
mod cookie;
pub mod password;
mod routes;
mod workspaces;

pub use account::BAD_CREDENTIALS;
pub(crate) use routes::{cookie_scheme, openapi_paths};
pub use routes::{SessionEndpoint, ROUTES};
pub use workspaces::{NO_ORGANIZATION, ORGS_NEED_TEAM};

use super::auth::Caller;
use super::error::ApiError;
use super::handlers::Ctx;
use super::http::{Request, Response};
use super::{addr_key, Api, WorkspaceLimits};
use crate::store::{self, Scope, User};

/// The session routes' base path.
pub const BASE: &str = "/api";

/// Settings of the session API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionConfig {
    /// Add `Secure` to the session cookie (set it when serving over HTTPS); default false
    /// so that `tokencraft serve` on plain `http://localhost` works.
    pub cookie_secure: bool,
    /// Origins (`https://app.example.com`) allowed to make cookie-authenticated changes,
    /// besides the server's own (an `Origin` whose host equals the `Host` header).
    pub allowed_origins: Vec<String>,
    /// Session lifetime in seconds; default 7 days.
    pub ttl_secs: u64,
    /// Members a workspace may have (owner included) by its owner's plan (§6 item 27);
    /// default FREE 1, PRO 1 (sharing is a TEAM feature), TEAM no limit.
    pub member_limits: WorkspaceLimits,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            cookie_secure: false,
            allowed_origins: Vec::new(),
            ttl_secs: 7 * 24 * 3600,
            member_limits: WorkspaceLimits {
                free: Some(1),
                pro: Some(1),
                team: None,
            },
        }
    }
}

/// The limit of a plan in a per-plan limit table.
pub(crate) fn limit_for(limits: &WorkspaceLimits, plan: crate::store::Plan) -> Option<usize> {
    match plan {
        crate::store::Plan::Free => limits.free,
        crate::store::Plan::Pro => limits.pro,
        crate::store::Plan::Team => limits.team,
    }
}

/// The workspaces a user owns, in creation order.
pub(crate) fn owned_workspaces<'t>(
    tx: &'t dyn crate::store::ReadTx,
    user: &str,
) -> Vec<&'t crate::store::Workspace> {
    tx.workspaces()
        .into_iter()
        .filter(|w| w.owner == user)
        .collect()
}

/// 401 on a session route without a valid session.
pub const NOT_LOGGED_IN: &str =
    "Not logged in or session expired: log in with POST /api/auth/login and send the tc_session cookie";
/// 401 when an API token is sent to a session route.
pub const NO_API_TOKENS: &str = "Session routes authenticate with the tc_session cookie, not API tokens: log in with POST /api/auth/login (API tokens work on /api/v1)";
/// 410 of the deprecated invitation routes (§6 item 29).
pub const INVITATIONS_GONE: &str =
    "Workspace invitation links are deprecated. Members are now added instantly from workspace settings.";

/// Whether a path belongs to the session API: under `/api` but not `/api/v1`.
pub(crate) fn is_session_path(path: &str) -> bool {
    let Some(rest) = path.strip_prefix(BASE) else {
        return false;
    };
    (rest.is_empty() || rest.starts_with('/')) && rest != "/v1" && !rest.starts_with("/v1/")
}

/// A logged-in user.
#[derive(Debug, Clone)]
pub(crate) struct SessionUser {
    /// The session's id (hash of the cookie secret).
    pub session_id: String,
    /// The user.
    pub user: User,
}

/// Answers one session-API request (rate limit headers included).
pub(crate) fn dispatch(api: &Api, req: &Request) -> Response {
    let now = api.clock.now();
    let secret = cookie::session_secret(req);
    let user = secret
        .as_deref()
        .and_then(|s| store::read(&*api.store, |tx| cookie::lookup(tx, s, now)));
    let key = match &user {
        Some(u) => format!("session:{}", u.session_id),
        None => addr_key(req),
    };
    let mut resp = api.rate_limited(&key, || serve(api, req, user.as_ref()));
    if secret.is_some() && resp.status == 401 && resp.header_value("set-cookie").is_none() {
        resp.set_header("Set-Cookie", cookie::clearing(&api.config.session));
    }
    resp
}

fn serve(api: &Api, req: &Request, user: Option<&SessionUser>) -> Result<Response, ApiError> {
    use SessionEndpoint as E;
    let matched = super::router::route_in(BASE, ROUTES, &req.method, &req.path)?;
    api.check_body_size(req)?;
    let endpoint = matched.endpoint;
    if matches!(
        endpoint,
        E::AcceptInvitation | E::VerifyInvitation | E::DeleteInvitation
    ) {
        return Err(ApiError::new(410, INVITATIONS_GONE));
    }
    if req.header_value("authorization").is_some() {
        return Err(ApiError::new(401, NO_API_TOKENS));
    }
    if !matches!(req.method.as_str(), "GET" | "HEAD") {
        cookie::check_origin(&api.config.session, req)?;
    }
    if endpoint == E::Login {
        return account::login(api, req);
    }
    let user = user.ok_or_else(|| ApiError::new(401, NOT_LOGGED_IN))?;
    let caller = Caller {
        token_id: format!("session:{}", user.session_id),
        user_id: user.user.id.clone(),
        plan: user.user.plan,
        scopes: Scope::ALL.to_vec(),
    };
    let cx = Ctx {
        api,
        caller: &caller,
        req,
        params: &matched.params,
        now: api.clock.now(),
    };
    match endpoint {
        E::Login | E::AcceptInvitation | E::VerifyInvitation | E::DeleteInvitation => {
            Err(ApiError::internal())
        }
        E::Logout => account::logout(&cx, user),
        E::CurrentSession => account::current(&cx, user),
        E::ListApiTokens => account::list_tokens(&cx),
        E::CreateApiToken => account::create_token(&cx),
        E::RevokeApiToken => account::revoke_token(&cx),
        E::DowngradeStatus => account::downgrade_status(&cx),
        E::CreateWorkspace => workspaces::create(&cx),
        E::ListMembers => workspaces::members(&cx),
        E::AddMember => workspaces::add_member(&cx),
        E::ListOrganizations => super::orgs::handlers::list_orgs(&cx),
        E::CreateOrganization => super::orgs::handlers::create_org(&cx),
        E::ListEnvironments => super::orgs::handlers::list_envs(&cx),
        E::CreateEnvironment => super::orgs::handlers::create_env(&cx),
        E::DeleteEnvironment => super::orgs::handlers::delete_env(&cx),
        E::ListReleases => super::orgs::handlers::list_releases(&cx),
        E::PublishRelease => super::orgs::handlers::publish(&cx),
        E::MergeEnvironment => super::orgs::handlers::merge(&cx),
        E::ExportEnvironment => super::orgs::export::handle(&cx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_paths() {
        for (p, want) in [
            ("/api/auth/login", true),
            ("/api", true),
            ("/api/v1", false),
            ("/api/v1/workspaces", false),
            ("/api/v10", true),
            ("/apix", false),
            ("/other", false),
        ] {
            assert_eq!(is_session_path(p), want, "{p}");
        }
    }
}
