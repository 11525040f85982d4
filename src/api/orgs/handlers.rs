//! The organization routes: organizations, environments, releases and merge.

use super::merge::three_way;
use super::model::{org_role, org_workspaces, take_snapshot, tx_create_organization, OrgRole};
use super::{env_json, release_json, require, OrgAction, ENV_NOT_FOUND, ORG_NOT_FOUND};
use crate::api::body;
use crate::api::clock::new_uuid;
use crate::api::error::{json_response, ApiError};
use crate::api::handlers::Ctx;
use crate::api::http::Response;
use crate::api::session::ORGS_NEED_TEAM;
use crate::api::wire::Ts;
use crate::store::{Environment, Organization, Plan, ReadTx, Release, Snapshot};
use serde_json::{json, Value};

/// The organization `id` if the caller belongs to it, with the caller's role; else 404.
pub(crate) fn visible_org<'t>(
    tx: &'t dyn ReadTx,
    cx: &Ctx,
    id: &str,
) -> Result<(&'t Organization, OrgRole), ApiError> {
    let org = tx
        .organization(id)
        .ok_or_else(|| ApiError::new(404, ORG_NOT_FOUND))?;
    let role =
        org_role(tx, org, &cx.caller.user_id).ok_or_else(|| ApiError::new(404, ORG_NOT_FOUND))?;
    Ok((org, role))
}

/// An environment of `org`, else 404.
pub(crate) fn env_of<'t>(
    tx: &'t dyn ReadTx,
    org: &Organization,
    id: &str,
) -> Result<&'t Environment, ApiError> {
    tx.environment(id)
        .filter(|e| e.org_id == org.id)
        .ok_or_else(|| ApiError::new(404, ENV_NOT_FOUND))
}

fn active_version(tx: &dyn ReadTx, e: &Environment) -> Option<u64> {
    e.active_release
        .as_deref()
        .and_then(|r| tx.release(r))
        .map(|r| r.version)
}

fn org_json(tx: &dyn ReadTx, o: &Organization, role: OrgRole) -> Value {
    let ws: Vec<&str> = org_workspaces(tx, &o.id)
        .into_iter()
        .map(|w| w.id.as_str())
        .collect();
    json!({ "id": o.id, "name": o.name, "owner_id": o.owner, "role": role.as_str(),
            "workspace_ids": ws, "created_at": Ts(o.created_at) })
}

/// `GET /api/organizations`: the organizations the caller belongs to.
pub(crate) fn list_orgs(cx: &Ctx) -> Result<Response, ApiError> {
    Ok(cx.read(|tx| {
        let items: Vec<Value> = tx
            .organizations()
            .into_iter()
            .filter_map(|o| Some(org_json(tx, o, org_role(tx, o, &cx.caller.user_id)?)))
            .collect();
        json_response(
            200,
            &json!({ "organizations": items, "total": items.len() }),
        )
    }))
}

/// `POST /api/organizations` `{"name"}` (TEAM plan) → 201, with its Production environment.
pub(crate) fn create_org(cx: &Ctx) -> Result<Response, ApiError> {
    if cx.caller.plan != Plan::Team {
        return Err(ApiError::forbidden(ORGS_NEED_TEAM));
    }
    let b = body::json_object(cx.req)?;
    let name = body::required_name(&b)?;
    cx.write(|tx| {
        let org = tx_create_organization(tx, None, &name, &cx.caller.user_id, cx.now)
            .map_err(|_| ApiError::internal())?;
        Ok(json_response(201, &org_json(&*tx, &org, OrgRole::Owner)))
    })
}

/// `GET /api/organizations/{orgId}/environments`.
pub(crate) fn list_envs(cx: &Ctx) -> Result<Response, ApiError> {
    cx.read(|tx| {
        let (org, role) = visible_org(tx, cx, cx.param(0))?;
        require(role, OrgAction::Read)?;
        let items: Vec<Value> = tx
            .environments(&org.id)
            .into_iter()
            .map(|e| env_json(e, active_version(tx, e)))
            .collect();
        Ok(json_response(
            200,
            &json!({ "environments": items, "total": items.len() }),
        ))
    })
}

/// `POST /api/organizations/{orgId}/environments` `{"name"}` → 201.
pub(crate) fn create_env(cx: &Ctx) -> Result<Response, ApiError> {
    let b = body::json_object(cx.req);
    cx.write(|tx| {
        let (org, role) = visible_org(&*tx, cx, cx.param(0))?;
        require(role, OrgAction::CreateEnvironment)?;
        let org_id = org.id.clone();
        let name = body::required_name(&b?)?;
        if tx
            .environments(&org_id)
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case(&name))
        {
            return Err(ApiError::invalid(
                "name",
                format!("An environment named '{name}' already exists in this organization"),
            ));
        }
        let seq = tx.next_seq();
        let env = Environment {
            id: new_uuid(),
            org_id,
            name,
            is_production: false,
            active_release: None,
            created_at: cx.now,
            updated_at: cx.now,
            seq,
        };
        tx.put_environment(env.clone());
        Ok(json_response(201, &env_json(&env, None)))
    })
}

/// `DELETE /api/organizations/{orgId}/environments/{environmentId}`: Production → 400.
pub(crate) fn delete_env(cx: &Ctx) -> Result<Response, ApiError> {
    cx.write(|tx| {
        let (org, role) = visible_org(&*tx, cx, cx.param(0))?;
        let env = env_of(&*tx, org, cx.param(1))?;
        require(role, OrgAction::DeleteEnvironment)?;
        if env.is_production {
            return Err(ApiError::bad_request(
                "The Production environment cannot be deleted",
            ));
        }
        let id = env.id.clone();
        let releases: Vec<String> = tx.releases(&id).iter().map(|r| r.id.clone()).collect();
        for r in releases {
            tx.delete_release(&r);
        }
        tx.delete_environment(&id);
        Ok(())
    })?;
    Ok(crate::api::error::deleted("Environment"))
}

/// `GET …/environments/{environmentId}/releases`: newest first.
pub(crate) fn list_releases(cx: &Ctx) -> Result<Response, ApiError> {
    cx.read(|tx| {
        let (org, role) = visible_org(tx, cx, cx.param(0))?;
        let env = env_of(tx, org, cx.param(1))?;
        require(role, OrgAction::Read)?;
        let active = env.active_release.as_deref();
        let items: Vec<Value> = tx
            .releases(&env.id)
            .into_iter()
            .rev()
            .map(|r| release_json(r, Some(r.id.as_str()) == active))
            .collect();
        Ok(json_response(
            200,
            &json!({ "releases": items, "total": items.len() }),
        ))
    })
}

/// The organization's Production environment.
fn production<'t>(tx: &'t dyn ReadTx, org: &str) -> Result<&'t Environment, ApiError> {
    tx.environments(org)
        .into_iter()
        .find(|e| e.is_production)
        .ok_or_else(ApiError::internal)
}

/// Stores a new release as `env`'s active one.
fn put_release(
    tx: &mut dyn crate::store::WriteTx,
    cx: &Ctx,
    env: &Environment,
    snapshot: Snapshot,
    base_release: Option<String>,
    merged_from: Option<String>,
) -> Release {
    let version = tx
        .releases(&env.id)
        .last()
        .map_or(1, |r| r.version.saturating_add(1));
    let seq = tx.next_seq();
    let release = Release {
        id: new_uuid(),
        environment_id: env.id.clone(),
        org_id: env.org_id.clone(),
        version,
        created_by: cx.caller.user_id.clone(),
        created_at: cx.now,
        base_release,
        merged_from,
        snapshot,
        seq,
    };
    tx.put_release(release.clone());
    let mut env = env.clone();
    env.active_release = Some(release.id.clone());
    env.updated_at = crate::api::handlers::touch(env.updated_at, cx.now);
    tx.put_environment(env);
    release
}

/// `POST …/environments/{environmentId}/releases`: snapshots every tokenset of the
/// organization's workspaces; the release becomes the environment's active one. Its base
/// (for a later merge) is Production's active release at this moment.
pub(crate) fn publish(cx: &Ctx) -> Result<Response, ApiError> {
    cx.write(|tx| {
        let (org, role) = visible_org(&*tx, cx, cx.param(0))?;
        let env = env_of(&*tx, org, cx.param(1))?.clone();
        require(
            role,
            if env.is_production {
                OrgAction::PublishProduction
            } else {
                OrgAction::Publish
            },
        )?;
        let snapshot = take_snapshot(&*tx, &env.org_id);
        let base = production(&*tx, &env.org_id)?.active_release.clone();
        let release = put_release(tx, cx, &env, snapshot, base, None);
        Ok(json_response(201, &release_json(&release, true)))
    })
}

/// `POST …/environments/{environmentId}/merge`: three-way merges the environment's active
/// release into Production's (see [`super::merge`]) as a new Production release (201);
/// nothing to change → 200 with the current release; conflicts → 409 with the list.
pub(crate) fn merge(cx: &Ctx) -> Result<Response, ApiError> {
    let outcome = cx.write(|tx| {
        let (org, role) = visible_org(&*tx, cx, cx.param(0))?;
        let env = env_of(&*tx, org, cx.param(1))?.clone();
        require(role, OrgAction::Merge)?;
        if env.is_production {
            return Err(ApiError::bad_request(
                "Cannot merge Production into itself: merge another environment into Production",
            ));
        }
        let source = env
            .active_release
            .as_deref()
            .and_then(|r| tx.release(r))
            .cloned()
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Environment '{}' has no active release to merge: publish one first (POST …/environments/{}/releases)",
                    env.name, env.id
                ))
            })?;
        let prod_env = production(&*tx, &env.org_id)?.clone();
        let prod = prod_env
            .active_release
            .as_deref()
            .and_then(|r| tx.release(r))
            .cloned();
        let empty = Snapshot::default();
        let base = source.base_release.as_deref().and_then(|r| tx.release(r));
        let base_snap = base.map_or(&empty, |b| &b.snapshot);
        let prod_snap = prod.as_ref().map_or(&empty, |p| &p.snapshot);
        match three_way(base_snap, &source.snapshot, prod_snap) {
            Err(conflicts) => Ok(Err(json_response(
                409,
                &json!({
                    "error": format!(
                        "Cannot merge {} (release {}) into Production: {} conflict(s), entries changed differently on both sides since their common base ({}). Make both sides agree, or publish {} again (its base becomes the current Production release) and retry",
                        env.name, source.version, conflicts.len(),
                        base.map_or("no Production release".to_owned(), |b| format!("Production release {}", b.version)),
                        env.name
                    ),
                    "source_release_id": source.id,
                    "production_release_id": prod.as_ref().map(|p| &p.id),
                    "base_release_id": source.base_release,
                    "conflicts": conflicts,
                }),
            ))),
            Ok(merged) => {
                if let Some(p) = prod.as_ref().filter(|p| p.snapshot == merged) {
                    return Ok(Ok(json_response(
                        200,
                        &json!({
                            "message": format!("Production already contains every change of {} release {}", env.name, source.version),
                            "release": release_json(p, true),
                        }),
                    )));
                }
                let base_id = prod.map(|p| p.id);
                let release = put_release(tx, cx, &prod_env, merged, base_id, Some(source.id));
                Ok(Ok(json_response(201, &release_json(&release, true))))
            }
        }
    })?;
    // A conflict is an answer, not a failed transaction: nothing was written either way.
    Ok(outcome.unwrap_or_else(|r| r))
}
