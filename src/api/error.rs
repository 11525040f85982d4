//! The one place that turns an error into a status code and a `{"error": …}` body.

use super::http::Response;
use serde::Serialize;

/// The documented 401 message.
pub const INVALID_TOKEN: &str = "Invalid API token";
/// The documented 429 message.
pub const RATE_LIMITED: &str = "Rate limit exceeded. Please try again later.";
/// The documented 500 message.
pub const INTERNAL: &str = "Internal server error";
/// 403 for a viewer writing to a TEAM workspace.
pub const ROLE_FORBIDS_WRITE: &str =
    "Your workspace role does not allow API write operations on this TEAM workspace.";
/// 403 when the workspace owner's plan has no API write access.
pub const OWNER_PLAN_FORBIDS_WRITE: &str =
    "API write access is not available for this workspace owner's current plan.";
/// 403 when the caller's own plan has no API write access (create workspace).
pub const CALLER_PLAN_FORBIDS_WRITE: &str =
    "API write access requires PRO or TEAM plan. Upgrade at https://app.tokencraft.dev/pricing";
/// 403 when the caller owns as many workspaces as the plan allows.
pub const WORKSPACE_LIMIT: &str = "Workspace limit reached for your current plan";

/// Which resource a 404 is about; each has its documented message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// `Workspace not found`
    Workspace,
    /// `Tokenset not found`
    Tokenset,
    /// `Mode not found`
    Mode,
    /// `Token not found`
    Token,
}

impl Missing {
    /// The documented message.
    pub fn message(self) -> &'static str {
        match self {
            Missing::Workspace => "Workspace not found",
            Missing::Tokenset => "Tokenset not found",
            Missing::Mode => "Mode not found",
            Missing::Token => "Token not found",
        }
    }
}

/// An error answer: a status, a message and, for validation errors, the field concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// The `error` message.
    pub message: String,
    /// The request-body field a validation error is about (`"field"` in the body).
    pub field: Option<&'static str>,
    /// Extra headers (`Allow` on 405).
    pub headers: Vec<(String, String)>,
}

impl ApiError {
    /// An error with a status and a message.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            field: None,
            headers: Vec::new(),
        }
    }

    /// 400 about one body field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            field: Some(field),
            ..ApiError::new(400, message)
        }
    }

    /// 400 not tied to one field.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(400, message)
    }

    /// 404 with the resource's documented message.
    pub fn not_found(what: Missing) -> Self {
        ApiError::new(404, what.message())
    }

    /// 403 with a message.
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::new(403, message)
    }

    /// 401 `Invalid API token`.
    pub fn unauthorized() -> Self {
        ApiError::new(401, INVALID_TOKEN)
    }

    /// 500 `Internal server error`.
    pub fn internal() -> Self {
        ApiError::new(500, INTERNAL)
    }

    /// Adds a header to the error response.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// The response: status, `Content-Type: application/json`, `{"error": …[, "field": …]}`.
    pub fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            error: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            field: Option<&'a str>,
        }
        let mut resp = json_response(
            self.status,
            &Body {
                error: &self.message,
                field: self.field,
            },
        );
        for (n, v) in self.headers {
            resp.set_header(&n, v);
        }
        resp
    }
}

/// A JSON response with a status.
pub fn json_response(status: u16, body: &impl Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => Response {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: bytes.into(),
        },
        Err(_) => Response {
            status: 500,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: br#"{"error":"Internal server error"}"#.to_vec().into(),
        },
    }
}

/// `{"message": "<what> deleted successfully"}`.
pub fn deleted(what: &str) -> Response {
    json_response(
        200,
        &serde_json::json!({ "message": format!("{what} deleted successfully") }),
    )
}
