//! The OpenAPI 3.1 document of the API, generated from the route table
//! ([`super::router::ROUTES`]) so it cannot drift from what is routed.

use super::router::{Endpoint, BASE, ROUTES};
use crate::model::TokenType;
use serde_json::{json, Map, Value};

struct Meta {
    id: &'static str,
    summary: &'static str,
    request: Option<&'static str>,
    status: &'static str,
    response: Value,
    errors: &'static [&'static str],
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn list_of(key: &str, item: &str) -> Value {
    json!({
        "type": "object",
        "required": [key, "total"],
        "properties": { key: { "type": "array", "items": schema(item) }, "total": { "type": "integer" } }
    })
}

fn meta(e: Endpoint) -> Meta {
    use Endpoint::*;
    let m = |id, summary, request, status, response, errors| Meta {
        id,
        summary,
        request,
        status,
        response,
        errors,
    };
    const R: &[&str] = &["401", "403", "404", "429"];
    const W: &[&str] = &["400", "401", "403", "404", "413", "415", "429"];
    match e {
        ListWorkspaces => m(
            "listWorkspaces",
            "List the workspaces the caller can see",
            None,
            "200",
            list_of("workspaces", "Workspace"),
            &["401", "403", "429"],
        ),
        CreateWorkspace => m(
            "createWorkspace",
            "Create a workspace owned by the caller",
            Some("WorkspaceCreate"),
            "201",
            schema("Workspace"),
            &["400", "401", "403", "413", "415", "429"],
        ),
        GetWorkspace => m(
            "getWorkspace",
            "Get a workspace",
            None,
            "200",
            schema("Workspace"),
            R,
        ),
        UpdateWorkspace => m(
            "updateWorkspace",
            "Update a workspace",
            Some("WorkspaceUpdate"),
            "200",
            schema("Workspace"),
            W,
        ),
        DeleteWorkspace => m(
            "deleteWorkspace",
            "Delete a workspace with its tokensets, modes and tokens",
            None,
            "200",
            schema("Message"),
            R,
        ),
        ListWorkspaceTokensets => m(
            "listWorkspaceTokensets",
            "List the tokensets of a workspace",
            None,
            "200",
            list_of("tokensets", "Tokenset"),
            R,
        ),
        CreateTokenset => m(
            "createTokenset",
            "Create a tokenset (with its default mode \"Base\")",
            Some("TokensetCreate"),
            "201",
            schema("Tokenset"),
            W,
        ),
        GetTokenset => m(
            "getTokenset",
            "Get a tokenset",
            None,
            "200",
            schema("Tokenset"),
            R,
        ),
        UpdateTokenset => m(
            "updateTokenset",
            "Update a tokenset",
            Some("TokensetUpdate"),
            "200",
            schema("Tokenset"),
            W,
        ),
        DeleteTokenset => m(
            "deleteTokenset",
            "Delete a tokenset with its modes and tokens",
            None,
            "200",
            schema("Message"),
            R,
        ),
        ListTokensetTokens => m(
            "listTokensetTokens",
            "List the tokens of every mode of a tokenset",
            None,
            "200",
            list_of("tokens", "Token"),
            R,
        ),
        ExportTokenset => m(
            "exportTokenset",
            "Export all modes of a tokenset",
            None,
            "200",
            json!({"type": "string"}),
            &["304", "400", "401", "403", "404", "429"],
        ),
        ListModes => m(
            "listModes",
            "List the modes of a tokenset",
            None,
            "200",
            list_of("modes", "Mode"),
            R,
        ),
        CreateMode => m(
            "createMode",
            "Create a mode",
            Some("ModeCreate"),
            "201",
            schema("Mode"),
            W,
        ),
        GetMode => m("getMode", "Get a mode", None, "200", schema("Mode"), R),
        UpdateMode => m(
            "updateMode",
            "Update a mode (rename, make default)",
            Some("ModeUpdate"),
            "200",
            schema("Mode"),
            W,
        ),
        DeleteMode => m(
            "deleteMode",
            "Delete a mode and its tokens (not the last one)",
            None,
            "200",
            schema("Message"),
            &["400", "401", "403", "404", "429"],
        ),
        ListModeTokens => m(
            "listModeTokens",
            "List the tokens of a mode",
            None,
            "200",
            json!({
            "type": "object", "required": ["mode", "tokens", "total"],
            "properties": {
                "mode": { "type": "object", "properties": { "id": {"type": "string"}, "name": {"type": "string"}, "is_default": {"type": "boolean"} } },
                "tokens": { "type": "array", "items": schema("Token") }, "total": { "type": "integer" } } }),
            R,
        ),
        CreateToken => m(
            "createToken",
            "Create a token in a mode",
            Some("TokenCreate"),
            "201",
            schema("Token"),
            W,
        ),
        GetToken => m(
            "getToken",
            "Get a token (by id, or by exact name) with its resolved value",
            None,
            "200",
            schema("TokenWithResolved"),
            R,
        ),
        UpdateToken => m(
            "updateToken",
            "Update a token",
            Some("TokenUpdate"),
            "200",
            schema("Token"),
            W,
        ),
        DeleteToken => m(
            "deleteToken",
            "Delete a token",
            None,
            "200",
            schema("Message"),
            R,
        ),
        ExportMode => m(
            "exportMode",
            "Export one mode of a tokenset",
            None,
            "200",
            json!({"type": "string"}),
            &["304", "400", "401", "403", "404", "429"],
        ),
        OpenApi => m(
            "getOpenApi",
            "This OpenAPI document (no authentication)",
            None,
            "200",
            json!({"type": "object"}),
            &["429"],
        ),
    }
}

fn error_text(code: &str) -> &'static str {
    match code {
        "304" => "Not modified (If-None-Match matched the ETag)",
        "400" => "Invalid input",
        "401" => "Missing, malformed, unknown or revoked API token",
        "403" => "Missing scope, role or plan does not allow the operation",
        "404" => "Not found, or no access",
        "413" => "Request body too large",
        "415" => "Missing or non-JSON Content-Type",
        "429" => "Rate limit exceeded",
        _ => "Error",
    }
}

fn param(name: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } })
}

fn operation(e: Endpoint, template: &str) -> Value {
    let md = meta(e);
    let mut op = Map::new();
    op.insert("operationId".into(), md.id.into());
    op.insert("summary".into(), md.summary.into());
    let mut params: Vec<Value> = template
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(param)
        .collect();
    if matches!(e, Endpoint::ExportTokenset | Endpoint::ExportMode) {
        params.push(json!({ "name": "format", "in": "query", "required": false,
            "description": "json (default), css, ios, android, or any other registered emitter",
            "schema": { "type": "string", "default": "json" } }));
    }
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    if let Some(req) = md.request {
        op.insert(
            "requestBody".into(),
            json!({ "required": true, "content": { "application/json": { "schema": schema(req) } } }),
        );
    }
    match e.scope() {
        Some(s) => {
            op.insert("security".into(), json!([{ "bearerAuth": [s.as_str()] }]));
        }
        None => {
            op.insert("security".into(), json!([]));
        }
    }
    let media = if matches!(e, Endpoint::ExportTokenset | Endpoint::ExportMode) {
        json!({ "application/json": { "schema": md.response.clone() }, "text/css": { "schema": md.response.clone() },
                "text/plain": { "schema": md.response.clone() }, "application/xml": { "schema": md.response } })
    } else {
        json!({ "application/json": { "schema": md.response } })
    };
    let mut responses = Map::new();
    responses.insert(
        md.status.into(),
        json!({ "description": "Success", "content": media }),
    );
    for code in md.errors {
        let body = if *code == "304" {
            json!({ "description": error_text(code) })
        } else {
            json!({ "description": error_text(code), "content": { "application/json": { "schema": schema("Error") } } })
        };
        responses.insert((*code).into(), body);
    }
    op.insert("responses".into(), Value::Object(responses));
    Value::Object(op)
}

fn components() -> Value {
    let ts = json!({ "type": "string", "format": "date-time" });
    let name = json!({ "type": "string", "minLength": 1, "maxLength": 255 });
    let types: Vec<&str> = crate::model::API_TYPE_ORDER
        .iter()
        .map(TokenType::as_str)
        .collect();
    let token_props = json!({
        "id": {"type": "string"}, "tokenset_id": {"type": "string"}, "mode_id": {"type": "string"},
        "name": name, "type": {"type": "string", "enum": types}, "value": {},
        "description": {"type": ["string", "null"]}, "alias_to": {"type": ["string", "null"]},
        "created_at": ts, "updated_at": ts });
    let mut with_resolved = token_props.clone();
    if let Some(m) = with_resolved.as_object_mut() {
        m.insert("resolved_value".into(), json!({}));
    }
    json!({
        "securitySchemes": { "bearerAuth": { "type": "http", "scheme": "bearer",
            "description": "API token: tkc_ (or legacy dtk_) followed by 40 lower-case hex characters" } },
        "schemas": {
            "Error": { "type": "object", "required": ["error"], "properties": { "error": {"type": "string"}, "field": {"type": "string"} } },
            "Message": { "type": "object", "required": ["message"], "properties": { "message": {"type": "string"} } },
            "Workspace": { "type": "object", "properties": {
                "id": {"type": "string"}, "name": name, "description": {"type": ["string", "null"]},
                "user_id": {"type": "string"}, "user_role": {"type": "string", "enum": ["owner", "admin", "editor", "viewer"]},
                "is_owner": {"type": "boolean"}, "created_at": ts, "updated_at": ts } },
            "WorkspaceCreate": { "type": "object", "required": ["name"], "properties": { "name": name, "description": {"type": "string"} } },
            "WorkspaceUpdate": { "type": "object", "properties": { "name": name, "description": {"type": ["string", "null"]} } },
            "Tokenset": { "type": "object", "properties": {
                "id": {"type": "string"}, "workspace_id": {"type": "string"}, "name": name,
                "description": {"type": ["string", "null"]}, "created_at": ts, "updated_at": ts } },
            "TokensetCreate": { "type": "object", "required": ["name"], "properties": { "name": name, "description": {"type": "string"} } },
            "TokensetUpdate": { "type": "object", "properties": { "name": name, "description": {"type": ["string", "null"]} } },
            "Mode": { "type": "object", "properties": {
                "id": {"type": "string"}, "tokenset_id": {"type": "string"}, "name": name,
                "is_default": {"type": "boolean"}, "created_at": ts, "updated_at": ts } },
            "ModeCreate": { "type": "object", "required": ["name"], "properties": { "name": name, "is_default": {"type": "boolean", "default": false} } },
            "ModeUpdate": { "type": "object", "properties": { "name": name, "is_default": {"type": "boolean"} } },
            "Token": { "type": "object", "properties": token_props },
            "TokenWithResolved": { "type": "object", "properties": with_resolved },
            "TokenCreate": { "type": "object", "required": ["name", "type"], "properties": {
                "name": name, "type": {"type": "string", "enum": types}, "value": {"description": "required unless alias_to is given"},
                "description": {"type": "string"}, "alias_to": {"type": ["string", "null"]} } },
            "TokenUpdate": { "type": "object", "properties": {
                "name": name, "type": {"type": "string", "enum": types}, "value": {},
                "description": {"type": ["string", "null"]}, "alias_to": {"type": ["string", "null"]} } }
        }
    })
}

/// The whole document.
pub fn openapi_document() -> Value {
    let mut paths = Map::new();
    for def in ROUTES {
        let mut item = Map::new();
        for (method, endpoint) in def.methods {
            item.insert(
                method.to_ascii_lowercase(),
                operation(*endpoint, def.template),
            );
        }
        paths.insert(format!("{BASE}{}", def.template), Value::Object(item));
    }
    paths.extend(super::session::openapi_paths());
    let mut components = components();
    if let Some(schemes) = components
        .get_mut("securitySchemes")
        .and_then(Value::as_object_mut)
    {
        schemes.insert("cookieAuth".into(), super::session::cookie_scheme());
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Tokencraft API",
            "version": "1.0.0",
            "description": "Design tokens: workspaces, tokensets, modes, tokens and exports. Every response carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset; errors are {\"error\": \"...\"}."
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": components
    })
}
