//! The Tokencraft REST API v1 as a pure function: [`Api::handle`] turns a [`Request`]
//! into a [`Response`] over a [`Store`](crate::store::Store). No socket is involved; the
//! `server` module (or any embedding web server) converts HTTP to and from these types.
//!
//! Paths under `/api` other than `/api/v1` are the session (cookie) API of spec §5, with
//! organizations, environments and releases: see [`session`] and [`orgs`]. Every
//! `/api/v1` request goes through the same steps, in this order:
//!
//! 1. identify the caller from `Authorization: Bearer <token>` (no answer yet);
//! 2. rate limit (§1.6) per API token, or per peer address when there is no valid token
//!    → 429 with `Retry-After`; the `X-RateLimit-*` headers go on every response;
//! 3. route → 404 / 405 (`Allow`) for unknown paths or methods; bodies over
//!    [`ApiConfig::max_body_bytes`] → 413;
//! 4. no valid token → 401 `Invalid API token` (only `GET /api/v1/openapi.json` is public);
//! 5. missing scope → 403; then, in the handler: resource visibility → 404, role → 403,
//!    owner's plan → 403, body validation → 400 (§2.5's proposed order).
//!
//! ```
//! use std::sync::Arc;
//! use tokencraft::api::{Api, ApiConfig, Request};
//! use tokencraft::store::{MemoryStore, Plan, Scope};
//!
//! let api = Api::new(Arc::new(MemoryStore::new()), ApiConfig::default());
//! let user = api.accounts().create_user(None, "dev@example.com", Plan::Pro).unwrap();
//! let (_, token) = api.accounts().issue_token(&user.id, "CI", &Scope::ALL).unwrap();
//! let resp = api.handle(
//!     &Request::new("POST", "/api/v1/workspaces")
//!         .header("Authorization", &format!("Bearer {token}"))
//!         .header("Content-Type", "application/json")
//!         .body(r#"{"name": "Design System"}"#),
//! );
//! assert_eq!(resp.status, 201);
//! ```

pub mod accounts;
pub mod alias;
pub mod auth;
mod body;
mod cache;
pub mod clock;
pub mod error;
mod export;
mod handlers;
pub mod http;
mod openapi;
pub mod orgs;
pub mod ratelimit;
pub mod router;
pub mod session;
mod wire;

pub use accounts::{
    add_workspace_to_organization, create_organization, load_seed, set_password, AccountError,
    Accounts, Seed, SeedSummary,
};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::ApiError;
pub use http::{Request, Response};
pub use openapi::openapi_document;
pub use session::SessionConfig;

use crate::store::Store;
use auth::Caller;
use export::ExportCache;
use ratelimit::RateLimiter;
use router::Endpoint;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// Workspaces a user may own per plan (`None`: no limit). §6 item 27.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkspaceLimits {
    /// FREE (default 1).
    pub free: Option<usize>,
    /// PRO (default no limit).
    pub pro: Option<usize>,
    /// TEAM (default no limit).
    pub team: Option<usize>,
}

impl Default for WorkspaceLimits {
    fn default() -> Self {
        WorkspaceLimits {
            free: Some(1),
            pro: None,
            team: None,
        }
    }
}

/// Settings of an [`Api`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiConfig {
    /// Requests per window per API token (`serve --rate-limit N`); default 100.
    pub rate_limit: u32,
    /// The sliding window, in seconds; default 60.
    pub rate_window_secs: u64,
    /// Largest accepted request body; larger → 413. Default 1 MiB.
    pub max_body_bytes: usize,
    /// Workspace limits per plan.
    pub workspace_limits: WorkspaceLimits,
    /// How many rendered exports (and, separately, token-list bodies) are kept; default
    /// 256; 0 disables both caches.
    pub export_cache_entries: usize,
    /// The session (cookie) API under `/api`: cookie attributes, session lifetime,
    /// allowed origins and member limits.
    pub session: SessionConfig,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            rate_limit: 100,
            rate_window_secs: 60,
            max_body_bytes: 1024 * 1024,
            workspace_limits: WorkspaceLimits::default(),
            export_cache_entries: 256,
            session: SessionConfig::default(),
        }
    }
}

/// The API: a store, a clock, a rate limiter, an export cache and settings.
pub struct Api {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    limiter: RateLimiter,
    cache: ExportCache,
    lists: cache::BodyCache,
    config: ApiConfig,
}

impl Api {
    /// An API over `store` using the system clock.
    pub fn new(store: Arc<dyn Store>, config: ApiConfig) -> Self {
        Self::with_clock(store, config, Arc::new(SystemClock))
    }

    /// An API with an injected clock (tests use [`ManualClock`]).
    pub fn with_clock(store: Arc<dyn Store>, config: ApiConfig, clock: Arc<dyn Clock>) -> Self {
        Api {
            limiter: RateLimiter::new(
                config.rate_limit,
                config.rate_window_secs.saturating_mul(1000),
            ),
            cache: ExportCache::new(config.export_cache_entries),
            lists: cache::BodyCache::new(config.export_cache_entries),
            store,
            clock,
            config,
        }
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The settings.
    pub fn config(&self) -> &ApiConfig {
        &self.config
    }

    /// The library API for users, API tokens, workspaces and memberships.
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts::new(&*self.store, &*self.clock)
    }

    /// Answers one request. Never panics: a panic inside a handler becomes a 500
    /// `{"error": "Internal server error"}` (and any transaction it was in is rolled back).
    pub fn handle(&self, req: &Request) -> Response {
        match catch_unwind(AssertUnwindSafe(|| self.dispatch(req))) {
            Ok(resp) => resp,
            Err(_) => ApiError::internal().into_response(),
        }
    }

    fn dispatch(&self, req: &Request) -> Response {
        if session::is_session_path(&req.path) {
            return session::dispatch(self, req);
        }
        let caller = auth::bearer(req)
            .and_then(|t| crate::store::read(&*self.store, |tx| auth::authenticate(tx, t)));
        if let Some(c) = &caller {
            // Shown as "last used" by `admin token list`; stores keep it cheaply (no
            // write transaction per request).
            self.store.note_token_used(&c.token_id, self.clock.now());
        }
        let key = match &caller {
            Some(c) => format!("token:{}", c.token_id),
            None => addr_key(req),
        };
        self.rate_limited(&key, || self.serve(req, caller.as_ref()))
    }

    /// Rate-limits `key`, then answers with `serve` (an `ApiError` becomes its response;
    /// the error-shaped 204 of OPTIONS becomes an empty 204 with its headers); the
    /// `X-RateLimit-*` headers go on every answer.
    fn rate_limited(
        &self,
        key: &str,
        serve: impl FnOnce() -> Result<Response, ApiError>,
    ) -> Response {
        let now_ms = self.clock.now_millis();
        let rate = self.limiter.check(key, now_ms);
        let mut resp = if rate.allowed {
            match serve() {
                Ok(r) => r,
                Err(e) if e.status == 204 => {
                    let mut r = Response::new(204);
                    for (n, v) in e.headers {
                        r.set_header(&n, v);
                    }
                    r
                }
                Err(e) => e.into_response(),
            }
        } else {
            ApiError::new(429, error::RATE_LIMITED)
                .with_header("Retry-After", rate.retry_after.to_string())
                .into_response()
        };
        resp.set_header("X-RateLimit-Limit", rate.limit.to_string());
        resp.set_header("X-RateLimit-Remaining", rate.remaining.to_string());
        resp.set_header("X-RateLimit-Reset", rate.reset.to_string());
        resp
    }

    /// Answers 413 when the body is over the limit.
    fn check_body_size(&self, req: &Request) -> Result<(), ApiError> {
        if req.body.len() > self.config.max_body_bytes {
            return Err(ApiError::new(
                413,
                format!(
                    "Request body is too large: {} bytes; the limit is {} bytes",
                    req.body.len(),
                    self.config.max_body_bytes
                ),
            ));
        }
        Ok(())
    }

    fn serve(&self, req: &Request, caller: Option<&Caller>) -> Result<Response, ApiError> {
        let matched = router::route(&req.method, &req.path)?;
        self.check_body_size(req)?;
        if matched.endpoint == Endpoint::OpenApi {
            return Ok(error::json_response(200, &openapi_document()));
        }
        let caller = caller.ok_or_else(ApiError::unauthorized)?;
        if let Some(scope) = matched.endpoint.scope() {
            auth::require_scope(caller, scope)?;
        }
        let cx = handlers::Ctx {
            api: self,
            caller,
            req,
            params: &matched.params,
            now: self.clock.now(),
        };
        handlers::run(&cx, matched.endpoint)
    }
}

/// The rate-limit key of a request without a valid credential: its peer address.
fn addr_key(req: &Request) -> String {
    format!("addr:{}", req.remote_addr.as_deref().unwrap_or("unknown"))
}
