//! The records the store holds. Every record is plain data (serde), so a durable store
//! can write it as is.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Seconds since the Unix epoch (UTC). Displays as RFC 3339 with second precision and a
/// `Z` suffix (`2025-01-15T10:00:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Writes the RFC 3339 form into a fixed buffer (years 0000–9999; others are clamped).
    pub fn rfc3339(self) -> [u8; 20] {
        // Clamp to 0000-01-01T00:00:00Z ..= 9999-12-31T23:59:59Z.
        let secs = self.0.clamp(-62_167_219_200, 253_402_300_799);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let (hh, mm, ss) = (rem / 3600, (rem / 60) % 60, rem % 60);
        let mut out = *b"0000-00-00T00:00:00Z";
        let put = |buf: &mut [u8; 20], at: usize, v: i64, width: usize| {
            let mut v = v;
            for i in (0..width).rev() {
                buf[at + i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(&mut out, 0, y, 4);
        put(&mut out, 5, m, 2);
        put(&mut out, 8, d, 2);
        put(&mut out, 11, hh, 2);
        put(&mut out, 14, mm, 2);
        put(&mut out, 17, ss, 2);
        out
    }
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days` algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let buf = self.rfc3339();
        // The buffer holds ASCII digits and separators only.
        f.write_str(std::str::from_utf8(&buf).unwrap_or("1970-01-01T00:00:00Z"))
    }
}

/// A subscription plan. Only the workspace owner's plan matters for access (§2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Plan {
    /// No API write access.
    Free,
    /// API write access on owned workspaces; no sharing.
    Pro,
    /// API write access; workspaces shared through memberships with roles.
    Team,
}

impl Plan {
    /// `FREE`, `PRO` or `TEAM`.
    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Free => "FREE",
            Plan::Pro => "PRO",
            Plan::Team => "TEAM",
        }
    }

    /// Whether the plan includes API write access.
    pub fn allows_api_write(self) -> bool {
        !matches!(self, Plan::Free)
    }
}

/// A role in a TEAM workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Full control.
    Owner,
    /// Reads and writes.
    Admin,
    /// Reads and writes.
    Editor,
    /// Reads and exports only.
    Viewer,
}

impl Role {
    /// The wire name (`owner`, `admin`, `editor`, `viewer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }

    /// Whether the role may write through the API.
    pub fn can_write(self) -> bool {
        !matches!(self, Role::Viewer)
    }
}

/// An API token scope (§2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// `read:tokens`: every GET on workspaces, tokensets, modes and tokens.
    #[serde(rename = "read:tokens")]
    ReadTokens,
    /// `write:tokens`: every create, update and delete.
    #[serde(rename = "write:tokens")]
    WriteTokens,
    /// `export:tokens`: the two export endpoints.
    #[serde(rename = "export:tokens")]
    ExportTokens,
}

impl Scope {
    /// All three scopes (the default for a new token, §6 item 3).
    pub const ALL: [Scope; 3] = [Scope::ReadTokens, Scope::WriteTokens, Scope::ExportTokens];

    /// The wire name (`read:tokens`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ReadTokens => "read:tokens",
            Scope::WriteTokens => "write:tokens",
            Scope::ExportTokens => "export:tokens",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// SHA-256 of an API token's plaintext; the plaintext itself is never stored.
pub type TokenHash = [u8; 32];

/// A user account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub plan: Plan,
    pub created_at: Timestamp,
    /// Creation order (store-assigned through [`super::WriteTx::next_seq`]).
    pub seq: u64,
}

/// An API token: its hash, owner, scopes and revocation flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: String,
    pub user_id: String,
    /// A label for people ("CI", "Figma sync").
    pub name: String,
    pub hash: TokenHash,
    /// The first 12 characters of the plaintext, for display (`tkc_1a2b3c4d`).
    pub prefix: String,
    pub scopes: Vec<Scope>,
    pub revoked: bool,
    pub created_at: Timestamp,
    pub seq: u64,
}

impl ApiToken {
    /// Whether the token carries a scope.
    pub fn has_scope(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }
}

/// A workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// The owner's user id (`user_id` on the wire).
    pub owner: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub seq: u64,
}

/// A user's role in a (TEAM) workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// `<workspace id>/<user id>` (one membership per user and workspace).
    pub id: String,
    pub workspace_id: String,
    pub user_id: String,
    pub role: Role,
    pub created_at: Timestamp,
    pub seq: u64,
}

impl Membership {
    /// The id of the membership of `user` in `workspace`.
    pub fn id_for(workspace: &str, user: &str) -> String {
        format!("{workspace}/{user}")
    }
}

/// A tokenset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tokenset {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Bumped by every write to the tokenset, its modes or its tokens (export cache key).
    pub revision: u64,
    pub seq: u64,
}

/// A mode of a tokenset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mode {
    pub id: String,
    pub tokenset_id: String,
    pub name: String,
    pub is_default: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub seq: u64,
}

/// A token row: one token in one mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRecord {
    pub id: String,
    pub tokenset_id: String,
    pub mode_id: String,
    pub name: String,
    /// One of the 18 API type names (validated on write).
    pub r#type: String,
    /// Any JSON value; `null` for an alias.
    pub value: serde_json::Value,
    pub description: Option<String>,
    /// The name of the token this one aliases, in the same mode (or the default mode).
    pub alias_to: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub seq: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_format_as_rfc3339() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (1_736_935_200, "2025-01-15T10:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (4_107_542_399, "2100-02-28T23:59:59Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (i64::MAX, "9999-12-31T23:59:59Z"),
            (i64::MIN, "0000-01-01T00:00:00Z"),
        ];
        for (secs, want) in cases {
            assert_eq!(Timestamp(secs).to_string(), want, "{secs}");
        }
    }

    #[test]
    fn scopes_and_plans_have_wire_names() {
        assert_eq!(Scope::parse("write:tokens"), Some(Scope::WriteTokens));
        assert_eq!(Scope::parse("admin"), None);
        assert_eq!(
            serde_json::to_string(&Plan::Team).ok().as_deref(),
            Some("\"TEAM\"")
        );
        assert_eq!(
            serde_json::to_string(&Role::Viewer).ok().as_deref(),
            Some("\"viewer\"")
        );
    }
}
