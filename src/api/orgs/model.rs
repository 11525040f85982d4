//! Organizations as data: creating one (with its `Production` environment), linking
//! workspaces, a caller's organization role, and taking a release snapshot.

use crate::api::accounts::AccountError;
use crate::api::auth::{effective_role, Relation};
use crate::api::clock::new_uuid;
use crate::store::{
    Environment, OrgWorkspace, Organization, ReadTx, Role, Snapshot, SnapshotMode, SnapshotToken,
    SnapshotTokenset, Timestamp, TokenRecord, Workspace, WriteTx,
};

/// The name of the environment every organization has and cannot delete.
pub const PRODUCTION: &str = "Production";

/// What a user is to an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OrgRole {
    /// Reads releases and exports them (a viewer in one of its workspaces).
    Viewer,
    /// Also publishes to non-production environments (an editor in one of its workspaces).
    Editor,
    /// Also creates and deletes environments, publishes to Production and merges (an
    /// admin or owner of one of its workspaces).
    Admin,
    /// The organization's owner: everything.
    Owner,
}

impl OrgRole {
    /// `viewer`, `editor`, `admin`, `owner`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::Viewer => "viewer",
            OrgRole::Editor => "editor",
            OrgRole::Admin => "admin",
            OrgRole::Owner => "owner",
        }
    }
}

/// The user's role in an organization: `Owner` for its owner; otherwise the highest
/// effective role in any of its workspaces (memberships count only on TEAM workspaces,
/// as in §2.4; a workspace owner counts as `Admin`); `None` for everyone else.
pub fn org_role(tx: &dyn ReadTx, org: &Organization, user: &str) -> Option<OrgRole> {
    if org.owner == user {
        return Some(OrgRole::Owner);
    }
    org_workspaces(tx, &org.id)
        .into_iter()
        .filter_map(|ws| {
            let owner_plan = tx.user(&ws.owner)?.plan;
            let relation = if ws.owner == user {
                Relation::Owner
            } else {
                Relation::Member(tx.membership(&ws.id, user)?.role)
            };
            Some(match effective_role(owner_plan, relation)? {
                Role::Owner | Role::Admin => OrgRole::Admin,
                Role::Editor => OrgRole::Editor,
                Role::Viewer => OrgRole::Viewer,
            })
        })
        .max()
}

/// The live workspaces of an organization, in the order they joined it (links to deleted
/// workspaces are skipped).
pub fn org_workspaces<'t>(tx: &'t dyn ReadTx, org: &str) -> Vec<&'t Workspace> {
    tx.org_workspaces(org)
        .into_iter()
        .filter_map(|l| tx.workspace(&l.id))
        .collect()
}

/// Creates an organization owned by `owner` (a user id) with its `Production` environment.
pub fn tx_create_organization(
    tx: &mut dyn WriteTx,
    id: Option<&str>,
    name: &str,
    owner: &str,
    now: Timestamp,
) -> Result<Organization, AccountError> {
    let id = id.map(str::to_owned).unwrap_or_else(new_uuid);
    for (what, value) in [
        ("organization id", &id),
        ("organization name", &name.to_owned()),
    ] {
        if value.trim().is_empty() || value.chars().count() > 255 {
            return Err(AccountError::InvalidName {
                what,
                value: value.clone(),
            });
        }
    }
    if tx.user(owner).is_none() {
        return Err(AccountError::UnknownUser(owner.into()));
    }
    if tx.organization(&id).is_some() {
        return Err(AccountError::DuplicateOrganization(id));
    }
    let seq = tx.next_seq();
    let org = Organization {
        id,
        name: name.trim().into(),
        owner: owner.into(),
        created_at: now,
        seq,
    };
    tx.put_organization(org.clone());
    let seq = tx.next_seq();
    tx.put_environment(Environment {
        id: new_uuid(),
        org_id: org.id.clone(),
        name: PRODUCTION.into(),
        is_production: true,
        active_release: None,
        created_at: now,
        updated_at: now,
        seq,
    });
    Ok(org)
}

/// Puts a workspace into an organization. Already there → nothing to do; in another
/// organization → an error (a workspace belongs to at most one).
pub fn tx_link_workspace(
    tx: &mut dyn WriteTx,
    org: &str,
    workspace: &str,
    now: Timestamp,
) -> Result<(), AccountError> {
    if tx.organization(org).is_none() {
        return Err(AccountError::UnknownOrganization(org.into()));
    }
    if tx.workspace(workspace).is_none() {
        return Err(AccountError::UnknownWorkspace(workspace.into()));
    }
    match tx.org_workspace(workspace) {
        Some(l) if l.org_id == org => return Ok(()),
        Some(l) => {
            return Err(AccountError::WorkspaceInOtherOrganization {
                workspace: workspace.into(),
                organization: l.org_id.clone(),
            })
        }
        None => {}
    }
    let seq = tx.next_seq();
    tx.put_org_workspace(OrgWorkspace {
        id: workspace.into(),
        org_id: org.into(),
        created_at: now,
        seq,
    });
    Ok(())
}

/// Every tokenset of the organization's workspaces, with modes and token rows, as an
/// immutable snapshot.
pub fn take_snapshot(tx: &dyn ReadTx, org: &str) -> Snapshot {
    let mut tokensets = Vec::new();
    for ws in org_workspaces(tx, org) {
        for ts in tx.tokensets(&ws.id) {
            let modes = tx
                .modes(&ts.id)
                .into_iter()
                .map(|m| SnapshotMode {
                    name: m.name.clone(),
                    is_default: m.is_default,
                    tokens: tx
                        .tokens(&m.id)
                        .into_iter()
                        .map(SnapshotToken::from)
                        .collect(),
                })
                .collect();
            tokensets.push(SnapshotTokenset {
                id: ts.id.clone(),
                workspace_id: ws.id.clone(),
                name: ts.name.clone(),
                description: ts.description.clone(),
                modes,
            });
        }
    }
    Snapshot { tokensets }
}

impl From<&TokenRecord> for SnapshotToken {
    fn from(t: &TokenRecord) -> Self {
        SnapshotToken {
            name: t.name.clone(),
            r#type: t.r#type.clone(),
            value: t.value.clone(),
            description: t.description.clone(),
            alias_to: t.alias_to.clone(),
        }
    }
}
