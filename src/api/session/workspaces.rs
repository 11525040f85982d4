//! S1–S3: create a workspace (optionally in an organization), list members, add a member
//! or change a member's role.

use super::{limit_for, owned_workspaces};
use crate::api::accounts::{tx_add_member, tx_create_workspace};
use crate::api::auth::Access;
use crate::api::body::{self, field, Field};
use crate::api::error::{self, json_response, ApiError, Missing};
use crate::api::handlers::{visible_workspace, Ctx};
use crate::api::http::Response;
use crate::api::orgs::model::{org_role, tx_link_workspace, OrgRole};
use crate::api::wire::WorkspaceOut;
use crate::store::{Membership, Plan, ReadTx, Role};
use serde::Serialize;
use serde_json::{json, Value};

/// 403 when `include_in_organization` is asked without the Organizations feature.
pub const ORGS_NEED_TEAM: &str =
    "Organizations require the TEAM plan: upgrade to include workspaces in an organization";
/// 403 when `include_in_organization` is asked without owning an organization.
pub const NO_ORGANIZATION: &str =
    "You do not own an organization: create one first (POST /api/organizations)";

#[derive(Serialize)]
struct Created<'a> {
    #[serde(flatten)]
    ws: WorkspaceOut<'a>,
    organization_id: Option<&'a str>,
}

/// S1 `POST /api/workspaces` `{"name", "description"?, "include_in_organization"?,
/// "organization_id"?}` → 201 workspace. Plan limits are enforced as on W2 but the
/// session API needs no API write access (FREE users create their one workspace here).
pub(super) fn create(cx: &Ctx) -> Result<Response, ApiError> {
    let b = body::json_object(cx.req)?;
    let name = body::required_name(&b)?;
    let description = body::create_description(&b)?;
    let include = body::optional_bool(
        &b,
        "include_in_organization",
        "include_in_organization must be a boolean",
    )?
    .unwrap_or(false);
    let org_id = match field(&b, "organization_id") {
        Field::Absent | Field::Null => None,
        Field::Set(Value::String(s)) => Some(s.clone()),
        Field::Set(_) => {
            return Err(ApiError::invalid(
                "organization_id",
                "organization_id must be a string",
            ))
        }
    };
    let limit = limit_for(&cx.api.config.workspace_limits, cx.caller.plan);
    let (ws, org) = cx.write(|tx| {
        if limit.is_some_and(|l| owned_workspaces(&*tx, &cx.caller.user_id).len() >= l) {
            return Err(ApiError::forbidden(error::WORKSPACE_LIMIT));
        }
        let org = if include || org_id.is_some() {
            if cx.caller.plan != Plan::Team {
                return Err(ApiError::forbidden(ORGS_NEED_TEAM));
            }
            Some(target_org(&*tx, cx, org_id.as_deref())?)
        } else {
            None
        };
        let ws = tx_create_workspace(
            tx,
            None,
            &cx.caller.user_id,
            &name,
            description.as_deref(),
            cx.now,
        )
        .map_err(|_| ApiError::internal())?;
        if let Some(org) = &org {
            tx_link_workspace(tx, org, &ws.id, cx.now).map_err(|_| ApiError::internal())?;
        }
        Ok((ws, org))
    })?;
    Ok(json_response(
        201,
        &Created {
            ws: WorkspaceOut::new(&ws, Role::Owner),
            organization_id: org.as_deref(),
        },
    ))
}

/// The organization a new workspace joins: the one named (which the caller must own or
/// administer), else the caller's first owned organization.
fn target_org(tx: &dyn ReadTx, cx: &Ctx, id: Option<&str>) -> Result<String, ApiError> {
    match id {
        Some(id) => {
            let org = tx
                .organization(id)
                .filter(|o| org_role(tx, o, &cx.caller.user_id).is_some())
                .ok_or_else(|| ApiError::new(404, super::super::orgs::ORG_NOT_FOUND))?;
            if org_role(tx, org, &cx.caller.user_id) < Some(OrgRole::Admin) {
                return Err(ApiError::forbidden(
                    "Your organization role does not allow adding workspaces; ask the organization owner or an admin",
                ));
            }
            Ok(org.id.clone())
        }
        None => tx
            .organizations()
            .into_iter()
            .find(|o| o.owner == cx.caller.user_id)
            .map(|o| o.id.clone())
            .ok_or_else(|| ApiError::forbidden(NO_ORGANIZATION)),
    }
}

/// One member (§5.1 S2 item). There are no display names: `user_name` is the e-mail's
/// local part.
fn member_json(tx: &dyn ReadTx, m: &Membership) -> Value {
    let email = tx.user(&m.user_id).map(|u| u.email.as_str()).unwrap_or("");
    let name = email.split('@').next().unwrap_or(email);
    json!({ "id": m.id, "workspace_id": m.workspace_id, "user_id": m.user_id,
            "role": m.role.as_str(), "user_email": email, "user_name": name })
}

/// S2 `GET /api/workspaces/{workspaceId}/members` → `{"members": [...], "invitations": []}`.
pub(super) fn members(cx: &Ctx) -> Result<Response, ApiError> {
    cx.read(|tx| {
        let (ws, _) = visible_workspace(tx, cx.caller, cx.param(0))?;
        let members: Vec<Value> = tx
            .memberships(&ws.id)
            .into_iter()
            .map(|m| member_json(tx, m))
            .collect();
        Ok(json_response(
            200,
            &json!({ "members": members, "invitations": [] }),
        ))
    })
}

/// S3 `POST /api/workspaces/{workspaceId}/members` `{"email", "role"}`: 201 added, 200
/// role changed; 404 unknown workspace or e-mail; 403 role or plan limit.
pub(super) fn add_member(cx: &Ctx) -> Result<Response, ApiError> {
    let b = body::json_object(cx.req);
    let limits = cx.api.config.session.member_limits;
    let (status, out) = cx.write(|tx| {
        let (ws, access) = visible_workspace(&*tx, cx.caller, cx.param(0))?;
        let ws = ws.clone();
        let role = access.check(crate::api::auth::Op::Read, Missing::Workspace)?;
        if !matches!(role, Role::Owner | Role::Admin) {
            return Err(ApiError::forbidden(format!(
                "Your workspace role ({}) does not allow managing members; ask the workspace owner or an admin",
                role.as_str()
            )));
        }
        let b = b?;
        let email = match field(&b, "email") {
            Field::Set(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
            _ => {
                return Err(ApiError::invalid(
                    "email",
                    "Email is required and must be a non-empty string",
                ))
            }
        };
        let new_role = match field(&b, "role") {
            Field::Set(Value::String(s)) if s == "admin" => Role::Admin,
            Field::Set(Value::String(s)) if s == "editor" => Role::Editor,
            Field::Set(Value::String(s)) if s == "viewer" => Role::Viewer,
            _ => {
                return Err(ApiError::invalid(
                    "role",
                    "Role is required and must be one of: admin, editor, viewer",
                ))
            }
        };
        let user = tx
            .user_by_email(&email)
            .map(|u| u.id.clone())
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    format!("No account uses the email '{email}': the person must sign up before being added"),
                )
            })?;
        if user == ws.owner {
            return Err(ApiError::invalid(
                "email",
                "The workspace owner's role cannot be changed",
            ));
        }
        let existing = tx.membership(&ws.id, &user).cloned();
        let status = match &existing {
            Some(_) => 200,
            None => {
                let owner_plan = Access::to(&*tx, cx.caller, &ws)
                    .map(|a| a.owner_plan)
                    .unwrap_or(Plan::Free);
                let count = tx.memberships(&ws.id).len();
                if let Some(limit) = limit_for(&limits, owner_plan).filter(|l| count >= *l) {
                    return Err(ApiError::forbidden(format!(
                        "Member limit reached: this workspace's owner is on {} which allows {limit} member(s) per workspace; upgrade to TEAM to add more",
                        owner_plan.as_str()
                    )));
                }
                201
            }
        };
        let m = tx_add_member(tx, &ws.id, &user, new_role, cx.now)
            .map_err(|_| ApiError::internal())?;
        Ok((status, member_json(&*tx, &m)))
    })?;
    Ok(json_response(status, &out))
}
