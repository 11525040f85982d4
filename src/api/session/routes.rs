//! The session API's route table (relative to `/api`) and its OpenAPI entries.

use crate::api::router::{RouteDef, BASE as V1_BASE};
use serde_json::{json, Map, Value};

/// Every session-API endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum SessionEndpoint {
    Login,
    Logout,
    CurrentSession,
    CreateWorkspace,
    ListMembers,
    AddMember,
    AcceptInvitation,
    VerifyInvitation,
    DeleteInvitation,
    DowngradeStatus,
    ListApiTokens,
    CreateApiToken,
    RevokeApiToken,
    ListOrganizations,
    CreateOrganization,
    ListEnvironments,
    CreateEnvironment,
    DeleteEnvironment,
    ListReleases,
    PublishRelease,
    MergeEnvironment,
    ExportEnvironment,
}

use SessionEndpoint as E;

/// Every session route, relative to `/api`. The invitation routes come before
/// `/workspaces/invitations/{id}` so that their literal segments win.
pub const ROUTES: &[RouteDef<SessionEndpoint>] = &[
    RouteDef {
        template: "/auth/login",
        methods: &[("POST", E::Login)],
    },
    RouteDef {
        template: "/auth/logout",
        methods: &[("POST", E::Logout)],
    },
    RouteDef {
        template: "/auth/session",
        methods: &[("GET", E::CurrentSession)],
    },
    RouteDef {
        template: "/workspaces",
        methods: &[("POST", E::CreateWorkspace)],
    },
    RouteDef {
        template: "/workspaces/invitations/accept",
        methods: &[("POST", E::AcceptInvitation)],
    },
    RouteDef {
        template: "/workspaces/invitations/verify",
        methods: &[("GET", E::VerifyInvitation)],
    },
    RouteDef {
        template: "/workspaces/invitations/{id}",
        methods: &[("DELETE", E::DeleteInvitation)],
    },
    RouteDef {
        template: "/workspaces/{workspaceId}/members",
        methods: &[("GET", E::ListMembers), ("POST", E::AddMember)],
    },
    RouteDef {
        template: "/subscription/downgrade-status",
        methods: &[("GET", E::DowngradeStatus)],
    },
    RouteDef {
        template: "/tokens",
        methods: &[("GET", E::ListApiTokens), ("POST", E::CreateApiToken)],
    },
    RouteDef {
        template: "/tokens/{tokenId}",
        methods: &[("DELETE", E::RevokeApiToken)],
    },
    RouteDef {
        template: "/organizations",
        methods: &[
            ("GET", E::ListOrganizations),
            ("POST", E::CreateOrganization),
        ],
    },
    RouteDef {
        template: "/organizations/{orgId}/environments",
        methods: &[("GET", E::ListEnvironments), ("POST", E::CreateEnvironment)],
    },
    RouteDef {
        template: "/organizations/{orgId}/environments/{environmentId}",
        methods: &[("DELETE", E::DeleteEnvironment)],
    },
    RouteDef {
        template: "/organizations/{orgId}/environments/{environmentId}/releases",
        methods: &[("GET", E::ListReleases), ("POST", E::PublishRelease)],
    },
    RouteDef {
        template: "/organizations/{orgId}/environments/{environmentId}/merge",
        methods: &[("POST", E::MergeEnvironment)],
    },
    RouteDef {
        template: "/organizations/{orgId}/environments/{environmentId}/export",
        methods: &[("GET", E::ExportEnvironment)],
    },
];

/// (operationId, summary, success status, error statuses).
fn meta(
    e: SessionEndpoint,
) -> (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
) {
    const R: &[&str] = &["401", "404", "429"];
    const W: &[&str] = &["400", "401", "403", "404", "413", "415", "429"];
    match e {
        E::Login => (
            "login",
            "Log in; sets the tc_session cookie",
            "200",
            &["400", "401", "403", "413", "415", "429"],
        ),
        E::Logout => (
            "logout",
            "End the session; clears the cookie",
            "200",
            &["401", "403", "429"],
        ),
        E::CurrentSession => (
            "currentSession",
            "The logged-in user and the session's expiry",
            "200",
            &["401", "429"],
        ),
        E::CreateWorkspace => (
            "sessionCreateWorkspace",
            "S1: create a workspace (optionally in an organization)",
            "201",
            W,
        ),
        E::ListMembers => ("listMembers", "S2: list a workspace's members", "200", R),
        E::AddMember => (
            "addMember",
            "S3: add a member (201) or change a member's role (200)",
            "201",
            W,
        ),
        E::AcceptInvitation => ("acceptInvitation", "S4: deprecated, always 410", "410", &[]),
        E::VerifyInvitation => ("verifyInvitation", "S5: deprecated, always 410", "410", &[]),
        E::DeleteInvitation => ("deleteInvitation", "S6: deprecated, always 410", "410", &[]),
        E::DowngradeStatus => (
            "downgradeStatus",
            "Plan, limits, usage, overage and what would be enforced",
            "200",
            &["400", "401", "429"],
        ),
        E::ListApiTokens => (
            "listApiTokens",
            "List the caller's API tokens (prefix only)",
            "200",
            &["401", "429"],
        ),
        E::CreateApiToken => (
            "createApiToken",
            "Create an API token; the plaintext is shown once",
            "201",
            W,
        ),
        E::RevokeApiToken => (
            "revokeApiToken",
            "Revoke one of the caller's API tokens",
            "200",
            R,
        ),
        E::ListOrganizations => (
            "listOrganizations",
            "Organizations the caller belongs to",
            "200",
            &["401", "429"],
        ),
        E::CreateOrganization => (
            "createOrganization",
            "Create an organization (TEAM plan) with its Production environment",
            "201",
            W,
        ),
        E::ListEnvironments => (
            "listEnvironments",
            "List an organization's environments",
            "200",
            R,
        ),
        E::CreateEnvironment => ("createEnvironment", "Create an environment", "201", W),
        E::DeleteEnvironment => (
            "deleteEnvironment",
            "Delete a non-production environment and its releases",
            "200",
            &["400", "401", "403", "404", "429"],
        ),
        E::ListReleases => (
            "listReleases",
            "List an environment's releases, newest first",
            "200",
            R,
        ),
        E::PublishRelease => (
            "publishRelease",
            "Snapshot the organization's tokensets as the environment's active release",
            "201",
            &["401", "403", "404", "429"],
        ),
        E::MergeEnvironment => (
            "mergeEnvironment",
            "Merge the environment's active release into Production",
            "201",
            &["400", "401", "403", "404", "409", "429"],
        ),
        E::ExportEnvironment => (
            "exportEnvironment",
            "Export the environment's active release",
            "200",
            &["400", "401", "404", "429"],
        ),
    }
}

/// The OpenAPI path items of the session API (full paths), for the API's document.
pub(crate) fn openapi_paths() -> Map<String, Value> {
    let mut paths = Map::new();
    for def in ROUTES {
        let mut item = Map::new();
        for (method, e) in def.methods {
            let (id, summary, status, errors) = meta(*e);
            let mut params: Vec<Value> = def
                .template
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .map(|n| json!({ "name": n, "in": "path", "required": true, "schema": { "type": "string" } }))
                .collect();
            if *e == E::ExportEnvironment {
                for (n, d) in [
                    (
                        "format",
                        "json (default), css, ios, android, or any other registered emitter",
                    ),
                    (
                        "tokenset",
                        "tokenset id or name; required when the release holds more than one",
                    ),
                    ("mode", "mode name; all modes when absent"),
                ] {
                    params.push(json!({ "name": n, "in": "query", "required": false, "description": d, "schema": { "type": "string" } }));
                }
            }
            let security = if matches!(
                e,
                E::Login | E::AcceptInvitation | E::VerifyInvitation | E::DeleteInvitation
            ) {
                json!([])
            } else {
                json!([{ "cookieAuth": [] }])
            };
            let mut responses = Map::new();
            responses.insert(status.into(), json!({ "description": "Success" }));
            for code in errors {
                responses.insert(
                    (*code).into(),
                    json!({ "description": "Error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }),
                );
            }
            item.insert(
                method.to_ascii_lowercase(),
                json!({ "operationId": id, "summary": summary, "parameters": params,
                        "security": security, "responses": responses }),
            );
        }
        paths.insert(
            format!("{}{}", super::BASE, def.template),
            Value::Object(item),
        );
    }
    paths
}

/// The `cookieAuth` security scheme.
pub(crate) fn cookie_scheme() -> Value {
    json!({ "type": "apiKey", "in": "cookie", "name": "tc_session",
            "description": format!("Session cookie from POST /api/auth/login; not accepted on {V1_BASE}") })
}
