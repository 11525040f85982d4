//! M1–M5: modes. A tokenset always has at least one mode and exactly one default.

use super::{
    bump_revision, delete_mode_cascade, mode_of, require_write, touch, visible_tokenset, Ctx,
};
use crate::api::body;
use crate::api::clock::new_uuid;
use crate::api::error::{deleted, json_response, ApiError, Missing};
use crate::api::http::Response;
use crate::api::wire::{List, ModeOut};
use crate::store::{Mode, Timestamp, WriteTx};

const DUPLICATE: &str = "A mode with this name already exists in this tokenset";
const IS_DEFAULT_TYPE: &str = "is_default must be a boolean";
const UNSET_DEFAULT: &str = "Cannot unset the default mode; set another mode as default instead";
const LAST_MODE: &str = "Cannot delete the last mode in a tokenset";

/// M1 `GET /tokensets/{id}/modes`.
pub(super) fn list(cx: &Ctx) -> Result<Response, ApiError> {
    cx.read(|tx| {
        let (ts, _) = visible_tokenset(tx, cx.caller, cx.param(0))?;
        let items: Vec<ModeOut> = tx.modes(&ts.id).into_iter().map(ModeOut::from).collect();
        Ok(json_response(
            200,
            &List {
                key: "modes",
                items: &items,
            },
        ))
    })
}

/// M3 `GET /tokensets/{id}/modes/{modeId}`.
pub(super) fn get(cx: &Ctx) -> Result<Response, ApiError> {
    cx.read(|tx| {
        let (ts, _) = visible_tokenset(tx, cx.caller, cx.param(0))?;
        let mode = mode_of(tx, ts, cx.param(1))?;
        Ok(json_response(200, &ModeOut::from(mode)))
    })
}

/// Makes `keep` the only default mode of the tokenset.
fn demote_others(tx: &mut dyn WriteTx, tokenset_id: &str, keep: &str, now: Timestamp) {
    let others: Vec<Mode> = tx
        .modes(tokenset_id)
        .into_iter()
        .filter(|m| m.is_default && m.id != keep)
        .cloned()
        .collect();
    for mut m in others {
        m.is_default = false;
        m.updated_at = touch(m.updated_at, now);
        tx.put_mode(m);
    }
}

fn name_taken(tx: &dyn WriteTx, tokenset_id: &str, name: &str, except: &str) -> bool {
    tx.modes(tokenset_id)
        .iter()
        .any(|m| m.name == name && m.id != except)
}

/// M2 `POST /tokensets/{id}/modes`.
pub(super) fn create(cx: &Ctx) -> Result<Response, ApiError> {
    let body = body::json_object(cx.req);
    let mode = cx.write(|tx| {
        let (ts, access) = visible_tokenset(&*tx, cx.caller, cx.param(0))?;
        require_write(&access, Missing::Tokenset)?;
        let ts_id = ts.id.clone();
        let body = body?;
        let name = body::required_name(&body)?;
        let is_default = body::optional_bool(&body, "is_default", IS_DEFAULT_TYPE)?;
        if name_taken(tx, &ts_id, &name, "") {
            return Err(ApiError::invalid("name", DUPLICATE));
        }
        let seq = tx.next_seq();
        let mode = Mode {
            id: new_uuid(),
            tokenset_id: ts_id.clone(),
            name,
            is_default: is_default.unwrap_or(false),
            created_at: cx.now,
            updated_at: cx.now,
            seq,
        };
        tx.put_mode(mode.clone());
        if mode.is_default {
            demote_others(tx, &ts_id, &mode.id, cx.now);
        }
        bump_revision(tx, &ts_id);
        Ok(mode)
    })?;
    Ok(json_response(201, &ModeOut::from(&mode)))
}

/// M4 `PATCH /tokensets/{id}/modes/{modeId}`.
pub(super) fn update(cx: &Ctx) -> Result<Response, ApiError> {
    let body = body::json_object(cx.req);
    let mode = cx.write(|tx| {
        let (ts, access) = visible_tokenset(&*tx, cx.caller, cx.param(0))?;
        let mut mode = mode_of(&*tx, ts, cx.param(1))?.clone();
        require_write(&access, Missing::Tokenset)?;
        let body = body?;
        let name = body::optional_name(&body)?;
        let is_default = body::optional_bool(&body, "is_default", IS_DEFAULT_TYPE)?;
        if name.is_none() && is_default.is_none() {
            return Ok(mode);
        }
        if let Some(n) = name {
            if name_taken(tx, &mode.tokenset_id, &n, &mode.id) {
                return Err(ApiError::invalid("name", DUPLICATE));
            }
            mode.name = n;
        }
        match is_default {
            Some(false) if mode.is_default => {
                return Err(ApiError::invalid("is_default", UNSET_DEFAULT))
            }
            Some(true) => mode.is_default = true,
            _ => {}
        }
        mode.updated_at = touch(mode.updated_at, cx.now);
        tx.put_mode(mode.clone());
        if mode.is_default {
            demote_others(tx, &mode.tokenset_id, &mode.id, cx.now);
        }
        bump_revision(tx, &mode.tokenset_id);
        Ok(mode)
    })?;
    Ok(json_response(200, &ModeOut::from(&mode)))
}

/// M5 `DELETE /tokensets/{id}/modes/{modeId}`: deletes the mode's tokens; deleting the
/// default promotes the oldest remaining mode.
pub(super) fn delete(cx: &Ctx) -> Result<Response, ApiError> {
    cx.write(|tx| {
        let (ts, access) = visible_tokenset(&*tx, cx.caller, cx.param(0))?;
        let mode = mode_of(&*tx, ts, cx.param(1))?.clone();
        require_write(&access, Missing::Tokenset)?;
        let remaining: Vec<Mode> = tx
            .modes(&mode.tokenset_id)
            .into_iter()
            .filter(|m| m.id != mode.id)
            .cloned()
            .collect();
        let Some(oldest) = remaining.into_iter().next() else {
            return Err(ApiError::bad_request(LAST_MODE));
        };
        delete_mode_cascade(tx, &mode.id);
        if mode.is_default {
            let mut promoted = oldest;
            promoted.is_default = true;
            promoted.updated_at = touch(promoted.updated_at, cx.now);
            tx.put_mode(promoted);
        }
        bump_revision(tx, &mode.tokenset_id);
        Ok(())
    })?;
    Ok(deleted("Mode"))
}
