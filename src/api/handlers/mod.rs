//! Handlers per resource, and the lookups they share: every lookup reports a resource the
//! caller cannot see exactly like one that does not exist.

mod modes;
mod tokens;
mod tokensets;
mod workspaces;

use super::auth::{Access, Caller, Op};
use super::error::{ApiError, Missing};
use super::http::{Request, Response};
use super::router::Endpoint;
use super::Api;
use crate::store::{
    self, Mode, ReadTx, StoreError, Timestamp, TokenRecord, Tokenset, Workspace, WriteTx,
};

/// Everything a handler needs about one request.
pub(crate) struct Ctx<'a> {
    pub api: &'a Api,
    pub caller: &'a Caller,
    pub req: &'a Request,
    pub params: &'a [String],
    pub now: Timestamp,
}

impl Ctx<'_> {
    /// Path parameter `i` (in template order).
    pub fn param(&self, i: usize) -> &str {
        self.params.get(i).map(String::as_str).unwrap_or("")
    }

    /// Runs a read closure against the store.
    pub fn read<T>(&self, f: impl FnOnce(&dyn ReadTx) -> T) -> T {
        store::read(&*self.api.store, f)
    }

    /// Runs an atomic write; an `ApiError` from the closure undoes everything.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut dyn WriteTx) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        store::write(&*self.api.store, f).map_err(|e| match e {
            Ok(api) => api,
            Err(StoreError::Aborted(_) | StoreError::Backend(_)) => ApiError::internal(),
        })
    }
}

/// Dispatches to the endpoint's handler.
pub(crate) fn run(cx: &Ctx, endpoint: Endpoint) -> Result<Response, ApiError> {
    use Endpoint::*;
    match endpoint {
        ListWorkspaces => workspaces::list(cx),
        CreateWorkspace => workspaces::create(cx),
        GetWorkspace => workspaces::get(cx),
        UpdateWorkspace => workspaces::update(cx),
        DeleteWorkspace => workspaces::delete(cx),
        ListWorkspaceTokensets => tokensets::list(cx),
        CreateTokenset => tokensets::create(cx),
        GetTokenset => tokensets::get(cx),
        UpdateTokenset => tokensets::update(cx),
        DeleteTokenset => tokensets::delete(cx),
        ListTokensetTokens => tokens::list_all(cx),
        ListModes => modes::list(cx),
        CreateMode => modes::create(cx),
        GetMode => modes::get(cx),
        UpdateMode => modes::update(cx),
        DeleteMode => modes::delete(cx),
        ListModeTokens => tokens::list(cx),
        CreateToken => tokens::create(cx),
        GetToken => tokens::get(cx),
        UpdateToken => tokens::update(cx),
        DeleteToken => tokens::delete(cx),
        ExportTokenset | ExportMode => super::export::handle(cx, endpoint == ExportMode),
        OpenApi => Ok(super::error::json_response(
            200,
            &super::openapi::openapi_document(),
        )),
    }
}

/// The new `updated_at`: now, but always later than the previous value, so it moves on
/// every change even within one second.
pub(crate) fn touch(old: Timestamp, now: Timestamp) -> Timestamp {
    Timestamp(now.0.max(old.0.saturating_add(1)))
}

/// A workspace the caller can see → (workspace, access); otherwise 404 `Workspace not found`.
pub(crate) fn visible_workspace<'t, T: ReadTx + ?Sized>(
    tx: &'t T,
    caller: &Caller,
    id: &str,
) -> Result<(&'t Workspace, Access), ApiError> {
    let ws = tx
        .workspace(id)
        .ok_or(ApiError::not_found(Missing::Workspace))?;
    let access = Access::to(tx, caller, ws).ok_or(ApiError::not_found(Missing::Workspace))?;
    Ok((ws, access))
}

/// A tokenset the caller can see → (tokenset, access); otherwise 404 `Tokenset not found`.
pub(crate) fn visible_tokenset<'t, T: ReadTx + ?Sized>(
    tx: &'t T,
    caller: &Caller,
    id: &str,
) -> Result<(&'t Tokenset, Access), ApiError> {
    let missing = || ApiError::not_found(Missing::Tokenset);
    let ts = tx.tokenset(id).ok_or_else(missing)?;
    let ws = tx.workspace(&ts.workspace_id).ok_or_else(missing)?;
    let access = Access::to(tx, caller, ws).ok_or_else(missing)?;
    Ok((ts, access))
}

/// A mode of `ts` → the mode; otherwise 404 `Mode not found`.
pub(crate) fn mode_of<'t, T: ReadTx + ?Sized>(
    tx: &'t T,
    ts: &Tokenset,
    id: &str,
) -> Result<&'t Mode, ApiError> {
    tx.mode(id)
        .filter(|m| m.tokenset_id == ts.id)
        .ok_or(ApiError::not_found(Missing::Mode))
}

/// A token of `mode` by id, or else by exact name (§6 item 1); otherwise 404.
pub(crate) fn token_of<'t, T: ReadTx + ?Sized>(
    tx: &'t T,
    mode: &Mode,
    key: &str,
) -> Result<&'t TokenRecord, ApiError> {
    tx.token(key)
        .filter(|t| t.mode_id == mode.id)
        .or_else(|| tx.token_by_name(&mode.id, key))
        .ok_or(ApiError::not_found(Missing::Token))
}

/// Checks a write on a visible resource: 403 role, then 403 owner plan.
pub(crate) fn require_write(access: &Access, missing: Missing) -> Result<(), ApiError> {
    access.check(Op::Write, missing).map(|_| ())
}

/// Bumps a tokenset's revision (the export cache key) inside a transaction.
pub(crate) fn bump_revision(tx: &mut dyn WriteTx, tokenset_id: &str) {
    if let Some(mut ts) = tx.tokenset(tokenset_id).cloned() {
        ts.revision = ts.revision.wrapping_add(1);
        tx.put_tokenset(ts);
    }
}

/// Deletes a mode and its tokens.
pub(crate) fn delete_mode_cascade(tx: &mut dyn WriteTx, mode_id: &str) {
    let ids: Vec<String> = tx.tokens(mode_id).iter().map(|t| t.id.clone()).collect();
    for id in ids {
        tx.delete_token(&id);
    }
    tx.delete_mode(mode_id);
}

/// Deletes a tokenset, its modes and their tokens.
pub(crate) fn delete_tokenset_cascade(tx: &mut dyn WriteTx, tokenset_id: &str) {
    let modes: Vec<String> = tx.modes(tokenset_id).iter().map(|m| m.id.clone()).collect();
    for m in modes {
        delete_mode_cascade(tx, &m);
    }
    tx.delete_tokenset(tokenset_id);
}
