//! The seed document of `serve --seed FILE` (format in `docs/API.md`, example in
//! `examples/seed.json`): its shape, what a load reports, and why one fails.

use super::AccountError;
use crate::store::{Plan, Role, Scope};
use serde::Deserialize;

/// A seed document: users, API tokens (plaintext, for development and tests only),
/// workspaces and memberships. Unknown keys are rejected so typos surface.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    /// Users.
    #[serde(default)]
    pub users: Vec<SeedUser>,
    /// API tokens.
    #[serde(default)]
    pub api_tokens: Vec<SeedToken>,
    /// Workspaces.
    #[serde(default)]
    pub workspaces: Vec<SeedWorkspace>,
    /// TEAM memberships.
    #[serde(default)]
    pub memberships: Vec<SeedMembership>,
    /// Organizations (loaded after workspaces).
    #[serde(default)]
    pub organizations: Vec<SeedOrganization>,
}

/// `{"id": "org-acme", "name": "Acme", "owner": "u-alice", "workspaces": ["ws-design"]}`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedOrganization {
    /// Organization id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The owner's user id.
    pub owner: String,
    /// Ids of the workspaces it owns.
    #[serde(default)]
    pub workspaces: Vec<String>,
}

/// `{"id": "u-alice", "email": "alice@example.com", "plan": "TEAM"}`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    /// User id.
    pub id: String,
    /// E-mail address (unique).
    pub email: String,
    /// `FREE`, `PRO` or `TEAM`.
    pub plan: Plan,
    /// A password for `POST /api/auth/login` (development seeds only; stored hashed).
    #[serde(default)]
    pub password: Option<String>,
}

/// `{"user": "u-alice", "token": "tkc_…", "scopes": ["read:tokens"], "revoked": false}`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedToken {
    /// The owning user's id.
    pub user: String,
    /// Plaintext: `tkc_`/`dtk_` + 40 lower-case hex characters.
    pub token: String,
    /// A label; default `seed token <n>`.
    #[serde(default)]
    pub name: Option<String>,
    /// Scopes; default all three.
    #[serde(default)]
    pub scopes: Option<Vec<Scope>>,
    /// Revoked tokens are rejected with 401.
    #[serde(default)]
    pub revoked: bool,
}

/// `{"id": "ws-design", "name": "Design System", "owner": "u-alice"}`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedWorkspace {
    /// Workspace id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The owner's user id.
    pub owner: String,
    /// Optional description.
    #[serde(default)]
    pub description: Option<String>,
}

/// `{"workspace": "ws-design", "user": "u-bob", "role": "editor"}`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedMembership {
    /// Workspace id.
    pub workspace: String,
    /// User id.
    pub user: String,
    /// `owner`, `admin`, `editor` or `viewer`.
    pub role: Role,
}

/// How much a seed loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeedSummary {
    /// Users created.
    pub users: usize,
    /// API tokens registered.
    pub api_tokens: usize,
    /// Workspaces created.
    pub workspaces: usize,
    /// Memberships added.
    pub memberships: usize,
    /// Organizations created.
    pub organizations: usize,
}

/// Why a seed did not load (nothing was written).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeedError {
    /// Not valid JSON, or not the seed shape.
    #[error("seed:{line}:{column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde's description.
        message: String,
    },
    /// One entry is inconsistent (`users[2]`, `api_tokens[0]`, …).
    #[error("seed: {section}[{index}]: {error}")]
    Entry {
        /// The top-level key.
        section: &'static str,
        /// 0-based index in that array.
        index: usize,
        /// What is wrong.
        error: AccountError,
    },
    /// The store failed.
    #[error("seed: {0}")]
    Store(String),
}
