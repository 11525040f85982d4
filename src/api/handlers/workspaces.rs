//! W1–W5: workspaces.

use super::{delete_tokenset_cascade, require_write, touch, visible_workspace, Ctx};
use crate::api::auth::Access;
use crate::api::body;
use crate::api::clock::new_uuid;
use crate::api::error::{self, deleted, json_response, ApiError, Missing};
use crate::api::http::Response;
use crate::api::wire::{List, WorkspaceOut};
use crate::store::{Membership, Plan, Role, Workspace};

/// W1 `GET /workspaces`: owned workspaces plus TEAM workspaces the caller is a member of.
pub(super) fn list(cx: &Ctx) -> Result<Response, ApiError> {
    Ok(cx.read(|tx| {
        let items: Vec<WorkspaceOut> = tx
            .workspaces()
            .into_iter()
            .filter_map(|w| {
                let role = Access::to(tx, cx.caller, w)?.role()?;
                Some(WorkspaceOut::new(w, role))
            })
            .collect();
        json_response(
            200,
            &List {
                key: "workspaces",
                items: &items,
            },
        )
    }))
}

/// W2 `POST /workspaces`: the caller's own plan must allow API writes and be under its
/// workspace limit.
pub(super) fn create(cx: &Ctx) -> Result<Response, ApiError> {
    if !cx.caller.plan.allows_api_write() {
        return Err(ApiError::forbidden(error::CALLER_PLAN_FORBIDS_WRITE));
    }
    let body = body::json_object(cx.req);
    let limits = cx.api.config.workspace_limits;
    let limit = match cx.caller.plan {
        Plan::Free => limits.free,
        Plan::Pro => limits.pro,
        Plan::Team => limits.team,
    };
    let ws = cx.write(|tx| {
        if let Some(limit) = limit {
            let owned = tx
                .workspaces()
                .iter()
                .filter(|w| w.owner == cx.caller.user_id)
                .count();
            if owned >= limit {
                return Err(ApiError::forbidden(error::WORKSPACE_LIMIT));
            }
        }
        let body = body?;
        let name = body::required_name(&body)?;
        let description = body::create_description(&body)?;
        let seq = tx.next_seq();
        let ws = Workspace {
            id: new_uuid(),
            name,
            description,
            owner: cx.caller.user_id.clone(),
            created_at: cx.now,
            updated_at: cx.now,
            seq,
        };
        let seq = tx.next_seq();
        tx.put_membership(Membership {
            id: Membership::id_for(&ws.id, &cx.caller.user_id),
            workspace_id: ws.id.clone(),
            user_id: cx.caller.user_id.clone(),
            role: Role::Owner,
            created_at: cx.now,
            seq,
        });
        tx.put_workspace(ws.clone());
        Ok(ws)
    })?;
    Ok(json_response(201, &WorkspaceOut::new(&ws, Role::Owner)))
}

/// W3 `GET /workspaces/{id}`.
pub(super) fn get(cx: &Ctx) -> Result<Response, ApiError> {
    cx.read(|tx| {
        let (ws, access) = visible_workspace(tx, cx.caller, cx.param(0))?;
        let role = access.role().unwrap_or(Role::Viewer);
        Ok(json_response(200, &WorkspaceOut::new(ws, role)))
    })
}

/// W4 `PATCH /workspaces/{id}`: `name` and/or `description` (null clears).
pub(super) fn update(cx: &Ctx) -> Result<Response, ApiError> {
    let body = body::json_object(cx.req);
    let (ws, role) = cx.write(|tx| {
        let (ws, access) = visible_workspace(&*tx, cx.caller, cx.param(0))?;
        require_write(&access, Missing::Workspace)?;
        let body = body?;
        let name = body::optional_name(&body)?;
        let description = body::update_description(&body)?;
        let mut ws = ws.clone();
        if name.is_none() && description.is_none() {
            return Ok((ws, access.role().unwrap_or(Role::Viewer)));
        }
        if let Some(n) = name {
            ws.name = n;
        }
        if let Some(d) = description {
            ws.description = d;
        }
        ws.updated_at = touch(ws.updated_at, cx.now);
        tx.put_workspace(ws.clone());
        Ok((ws, access.role().unwrap_or(Role::Viewer)))
    })?;
    Ok(json_response(200, &WorkspaceOut::new(&ws, role)))
}

/// W5 `DELETE /workspaces/{id}`: cascades to tokensets, modes, tokens and memberships.
/// A store failure is the documented 500 `Failed to delete workspace`.
pub(super) fn delete(cx: &Ctx) -> Result<Response, ApiError> {
    cx.write(|tx| {
        let (ws, access) = visible_workspace(&*tx, cx.caller, cx.param(0))?;
        require_write(&access, Missing::Workspace)?;
        let id = ws.id.clone();
        let sets: Vec<String> = tx.tokensets(&id).iter().map(|t| t.id.clone()).collect();
        for ts in sets {
            delete_tokenset_cascade(tx, &ts);
        }
        let members: Vec<String> = tx.memberships(&id).iter().map(|m| m.id.clone()).collect();
        for m in members {
            tx.delete_membership(&m);
        }
        // Its organization link goes too (the organization's releases keep their snapshots).
        tx.delete_org_workspace(&id);
        tx.delete_workspace(&id);
        Ok(())
    })
    .map_err(|e| {
        if e.status == 500 {
            ApiError::new(500, "Failed to delete workspace")
        } else {
            e
        }
    })?;
    Ok(deleted("Workspace"))
}
