//! Organizations, environments, releases and merge into Production (§5.3; the design of
//! §6 item 25, non-documented behaviour), served by the session API under
//! `/api/organizations`.
//!
//! Who may do what is decided by [`model::org_role`] and [`needed`]: the organization's
//! owner may do everything; members of its workspaces act with their best workspace role
//! (admin/owner → `admin`, `editor`, `viewer`); everyone else gets 404.

pub(crate) mod export;
pub(crate) mod handlers;
pub mod merge;
pub mod model;

use crate::api::wire::Ts;
use crate::store::{Environment, Release};
use model::OrgRole;
use serde_json::{json, Value};

/// 404 for an organization that does not exist or that the caller does not belong to.
pub const ORG_NOT_FOUND: &str = "Organization not found";
/// 404 for an environment that is not in the organization.
pub const ENV_NOT_FOUND: &str = "Environment not found";

/// What a caller wants to do with an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgAction {
    /// List environments, list releases, export.
    Read,
    /// Create an environment.
    CreateEnvironment,
    /// Delete a (non-production) environment.
    DeleteEnvironment,
    /// Publish a release to a non-production environment.
    Publish,
    /// Publish a release straight to Production.
    PublishProduction,
    /// Merge an environment into Production.
    Merge,
}

impl OrgAction {
    /// Words for messages ("does not allow …").
    fn words(self) -> &'static str {
        match self {
            OrgAction::Read => "reading this organization",
            OrgAction::CreateEnvironment => "creating environments",
            OrgAction::DeleteEnvironment => "deleting environments",
            OrgAction::Publish => "publishing releases",
            OrgAction::PublishProduction => "publishing to Production",
            OrgAction::Merge => "merging into Production",
        }
    }
}

/// The least organization role an action needs.
pub fn needed(action: OrgAction) -> OrgRole {
    match action {
        OrgAction::Read => OrgRole::Viewer,
        OrgAction::Publish => OrgRole::Editor,
        OrgAction::CreateEnvironment
        | OrgAction::DeleteEnvironment
        | OrgAction::PublishProduction
        | OrgAction::Merge => OrgRole::Admin,
    }
}

/// 403 unless `role` is enough for `action`.
pub(crate) fn require(role: OrgRole, action: OrgAction) -> Result<(), crate::api::ApiError> {
    if role >= needed(action) {
        return Ok(());
    }
    Err(crate::api::ApiError::forbidden(format!(
        "Your organization role ({}) does not allow {}; ask the organization owner or an admin",
        role.as_str(),
        action.words()
    )))
}

/// An environment on the wire.
pub(crate) fn env_json(e: &Environment, active_version: Option<u64>) -> Value {
    json!({
        "id": e.id, "organization_id": e.org_id, "name": e.name, "is_production": e.is_production,
        "active_release_id": e.active_release, "active_release_version": active_version,
        "created_at": Ts(e.created_at), "updated_at": Ts(e.updated_at)
    })
}

/// A release on the wire: metadata and a summary of its content (not the token rows).
pub(crate) fn release_json(r: &Release, active: bool) -> Value {
    let mut total = 0;
    let sets: Vec<Value> = r
        .snapshot
        .tokensets
        .iter()
        .map(|ts| {
            let modes: Vec<Value> = ts
                .modes
                .iter()
                .map(|m| {
                    total += m.tokens.len();
                    json!({ "name": m.name, "is_default": m.is_default, "token_count": m.tokens.len() })
                })
                .collect();
            json!({ "id": ts.id, "workspace_id": ts.workspace_id, "name": ts.name, "modes": modes })
        })
        .collect();
    json!({
        "id": r.id, "environment_id": r.environment_id, "organization_id": r.org_id,
        "version": r.version, "is_active": active, "created_by": r.created_by,
        "created_at": Ts(r.created_at), "base_release_id": r.base_release,
        "merged_from_release_id": r.merged_from, "token_count": total, "tokensets": sets
    })
}
