//! W6, W7, T1–T3: tokensets.

use super::{
    bump_revision, delete_tokenset_cascade, require_write, touch, visible_tokenset,
    visible_workspace, Ctx,
};
use crate::api::body;
use crate::api::clock::new_uuid;
use crate::api::error::{deleted, json_response, ApiError, Missing};
use crate::api::http::Response;
use crate::api::wire::{List, TokensetOut};
use crate::store::{Mode, Tokenset};

/// The name of the mode every new tokenset starts with.
pub(crate) const BASE_MODE: &str = "Base";

/// W6 `GET /workspaces/{id}/tokensets`.
pub(super) fn list(cx: &Ctx) -> Result<Response, ApiError> {
    cx.read(|tx| {
        let (ws, _) = visible_workspace(tx, cx.caller, cx.param(0))?;
        let sets = tx.tokensets(&ws.id);
        let items: Vec<TokensetOut> = sets.into_iter().map(TokensetOut::from).collect();
        Ok(json_response(
            200,
            &List {
                key: "tokensets",
                items: &items,
            },
        ))
    })
}

/// W7 `POST /workspaces/{id}/tokensets`: also creates the default mode "Base".
pub(super) fn create(cx: &Ctx) -> Result<Response, ApiError> {
    let body = body::json_object(cx.req);
    let ts = cx.write(|tx| {
        let (ws, access) = visible_workspace(&*tx, cx.caller, cx.param(0))?;
        require_write(&access, Missing::Workspace)?;
        let workspace_id = ws.id.clone();
        let body = body?;
        let name = body::required_name(&body)?;
        let description = body::create_description(&body)?;
        let seq = tx.next_seq();
        let ts = Tokenset {
            id: new_uuid(),
            workspace_id,
            name,
            description,
            created_at: cx.now,
            updated_at: cx.now,
            revision: 0,
            seq,
        };
        tx.put_tokenset(ts.clone());
        let seq = tx.next_seq();
        tx.put_mode(Mode {
            id: new_uuid(),
            tokenset_id: ts.id.clone(),
            name: BASE_MODE.into(),
            is_default: true,
            created_at: cx.now,
            updated_at: cx.now,
            seq,
        });
        Ok(ts)
    })?;
    Ok(json_response(201, &TokensetOut::from(&ts)))
}

/// T1 `GET /tokensets/{id}`.
pub(super) fn get(cx: &Ctx) -> Result<Response, ApiError> {
    cx.read(|tx| {
        let (ts, _) = visible_tokenset(tx, cx.caller, cx.param(0))?;
        Ok(json_response(200, &TokensetOut::from(ts)))
    })
}

/// T2 `PATCH /tokensets/{id}`.
pub(super) fn update(cx: &Ctx) -> Result<Response, ApiError> {
    let body = body::json_object(cx.req);
    let ts = cx.write(|tx| {
        let (ts, access) = visible_tokenset(&*tx, cx.caller, cx.param(0))?;
        require_write(&access, Missing::Tokenset)?;
        let mut ts = ts.clone();
        let body = body?;
        let name = body::optional_name(&body)?;
        let description = body::update_description(&body)?;
        if name.is_none() && description.is_none() {
            return Ok(ts);
        }
        if let Some(n) = name {
            ts.name = n;
        }
        if let Some(d) = description {
            ts.description = d;
        }
        ts.updated_at = touch(ts.updated_at, cx.now);
        tx.put_tokenset(ts.clone());
        bump_revision(tx, &ts.id);
        Ok(ts)
    })?;
    Ok(json_response(200, &TokensetOut::from(&ts)))
}

/// T3 `DELETE /tokensets/{id}`: cascades to modes and tokens.
pub(super) fn delete(cx: &Ctx) -> Result<Response, ApiError> {
    cx.write(|tx| {
        let (ts, access) = visible_tokenset(&*tx, cx.caller, cx.param(0))?;
        require_write(&access, Missing::Tokenset)?;
        let id = ts.id.clone();
        delete_tokenset_cascade(tx, &id);
        Ok(())
    })?;
    Ok(deleted("Tokenset"))
}
