//! Records of the session API and of organizations: password credentials, login
//! sessions, organizations and the workspaces they own, environments and their immutable
//! releases. Plain serde data like [`super::records`], so a durable store can write them
//! as they are.

use super::records::Timestamp;
use serde::{Deserialize, Serialize};

/// A user's password, as an Argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
/// One per user; the id is the user's id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasswordCredential {
    /// The user's id.
    pub id: String,
    /// The PHC string: algorithm, parameters, salt and hash. Never the password.
    pub phc: String,
    /// When the password was last set.
    pub updated_at: Timestamp,
    /// Creation order.
    pub seq: u64,
}

/// A login session. The cookie carries a random secret; only its SHA-256 (lower-case
/// hex) is stored, as the id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Lower-case hex SHA-256 of the cookie secret.
    pub id: String,
    /// The logged-in user.
    pub user_id: String,
    /// Login time.
    pub created_at: Timestamp,
    /// The session is refused from this time on.
    pub expires_at: Timestamp,
    /// Creation order.
    pub seq: u64,
}

/// An organization: owns workspaces and environments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// Id (UUID unless seeded).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The owning user's id.
    pub owner: String,
    /// Creation time.
    pub created_at: Timestamp,
    /// Creation order.
    pub seq: u64,
}

/// A workspace owned by an organization (a workspace belongs to at most one). The id is
/// the workspace's id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgWorkspace {
    /// The workspace's id.
    pub id: String,
    /// The organization's id.
    pub org_id: String,
    /// When the workspace joined the organization.
    pub created_at: Timestamp,
    /// Creation order.
    pub seq: u64,
}

/// An environment of an organization (`Production`, `Staging`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    /// Id (UUID).
    pub id: String,
    /// The organization's id.
    pub org_id: String,
    /// Name, unique within the organization (case-insensitively).
    pub name: String,
    /// The `Production` environment created with the organization; cannot be deleted.
    pub is_production: bool,
    /// The release exports serve, if any has been published.
    pub active_release: Option<String>,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last change (a publish or a merge moves it).
    pub updated_at: Timestamp,
    /// Creation order.
    pub seq: u64,
}

/// An immutable snapshot of an organization's tokensets, published to one environment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    /// Id (UUID).
    pub id: String,
    /// The environment it was published to.
    pub environment_id: String,
    /// The organization's id.
    pub org_id: String,
    /// 1, 2, 3, … per environment.
    pub version: u64,
    /// Who published (or merged) it.
    pub created_by: String,
    /// Publish time.
    pub created_at: Timestamp,
    /// The Production release that was active when this release was taken: the common
    /// base of a later merge into Production. `None` when Production had none.
    pub base_release: Option<String>,
    /// For a Production release made by a merge: the merged source release.
    pub merged_from: Option<String>,
    /// The content.
    pub snapshot: Snapshot,
    /// Creation order.
    pub seq: u64,
}

/// The content of a release: every tokenset of the organization's workspaces.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Tokensets in workspace, then creation order.
    pub tokensets: Vec<SnapshotTokenset>,
}

/// One tokenset of a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotTokenset {
    /// The live tokenset's id (stable across releases; the merge key).
    pub id: String,
    /// Its workspace.
    pub workspace_id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Modes in creation order.
    pub modes: Vec<SnapshotMode>,
}

/// One mode of a snapshot tokenset: the same rows the compiler reads
/// (`parse::tokencraft::ModeRows`), so an export renders a release without conversion.
pub use crate::parse::tokencraft::ModeRows as SnapshotMode;

/// One token row of a snapshot mode (`parse::tokencraft::TokenRow`).
pub use crate::parse::tokencraft::TokenRow as SnapshotToken;
