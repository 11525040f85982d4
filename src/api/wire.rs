//! Wire shapes of the four resources (§3.0): records → JSON, snake_case keys, RFC 3339
//! timestamps.

use crate::store::{Mode, Role, Timestamp, TokenRecord, Tokenset, Workspace};
use serde::{Serialize, Serializer};

/// Serialises a [`Timestamp`] as its RFC 3339 string without allocating.
#[derive(Clone, Copy)]
pub(crate) struct Ts(pub Timestamp);

impl Serialize for Ts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let buf = self.0.rfc3339();
        s.serialize_str(std::str::from_utf8(&buf).unwrap_or("1970-01-01T00:00:00Z"))
    }
}

/// A workspace as the caller sees it.
#[derive(Serialize)]
pub(crate) struct WorkspaceOut<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub user_id: &'a str,
    pub user_role: &'static str,
    pub is_owner: bool,
    pub created_at: Ts,
    pub updated_at: Ts,
}

impl<'a> WorkspaceOut<'a> {
    /// With the caller's role.
    pub fn new(w: &'a Workspace, role: Role) -> Self {
        WorkspaceOut {
            id: &w.id,
            name: &w.name,
            description: w.description.as_deref(),
            user_id: &w.owner,
            user_role: role.as_str(),
            is_owner: role == Role::Owner,
            created_at: Ts(w.created_at),
            updated_at: Ts(w.updated_at),
        }
    }
}

/// A tokenset.
#[derive(Serialize)]
pub(crate) struct TokensetOut<'a> {
    pub id: &'a str,
    pub workspace_id: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub created_at: Ts,
    pub updated_at: Ts,
}

impl<'a> From<&'a Tokenset> for TokensetOut<'a> {
    fn from(t: &'a Tokenset) -> Self {
        TokensetOut {
            id: &t.id,
            workspace_id: &t.workspace_id,
            name: &t.name,
            description: t.description.as_deref(),
            created_at: Ts(t.created_at),
            updated_at: Ts(t.updated_at),
        }
    }
}

/// A mode.
#[derive(Serialize)]
pub(crate) struct ModeOut<'a> {
    pub id: &'a str,
    pub tokenset_id: &'a str,
    pub name: &'a str,
    pub is_default: bool,
    pub created_at: Ts,
    pub updated_at: Ts,
}

impl<'a> From<&'a Mode> for ModeOut<'a> {
    fn from(m: &'a Mode) -> Self {
        ModeOut {
            id: &m.id,
            tokenset_id: &m.tokenset_id,
            name: &m.name,
            is_default: m.is_default,
            created_at: Ts(m.created_at),
            updated_at: Ts(m.updated_at),
        }
    }
}

/// The short mode object at the head of K1 (`{id, name, is_default}`).
#[derive(Serialize)]
pub(crate) struct ModeHead<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub is_default: bool,
}

/// A token row; `resolved_value` only on Get Token.
#[derive(Serialize)]
pub(crate) struct TokenOut<'a> {
    pub id: &'a str,
    pub tokenset_id: &'a str,
    pub mode_id: &'a str,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub ty: &'a str,
    pub value: &'a serde_json::Value,
    pub description: Option<&'a str>,
    pub alias_to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_value: Option<&'a serde_json::Value>,
    pub created_at: Ts,
    pub updated_at: Ts,
}

impl<'a> From<&'a TokenRecord> for TokenOut<'a> {
    fn from(t: &'a TokenRecord) -> Self {
        TokenOut {
            id: &t.id,
            tokenset_id: &t.tokenset_id,
            mode_id: &t.mode_id,
            name: &t.name,
            ty: &t.r#type,
            value: &t.value,
            description: t.description.as_deref(),
            alias_to: t.alias_to.as_deref(),
            resolved_value: None,
            created_at: Ts(t.created_at),
            updated_at: Ts(t.updated_at),
        }
    }
}

/// `{"<key>": [...], "total": n}`, serialised straight from the items.
pub(crate) struct List<'a, T> {
    pub key: &'static str,
    pub items: &'a [T],
}

impl<T: Serialize> Serialize for List<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry(self.key, self.items)?;
        m.serialize_entry("total", &self.items.len())?;
        m.end()
    }
}
