//! Request bodies: Content-Type, size, JSON syntax, and typed field access with the
//! documented messages.

use super::error::ApiError;
use super::http::Request;
use serde_json::{Map, Value};

/// Longest accepted name, in characters (§3.0).
pub(crate) const MAX_NAME_CHARS: usize = 255;

/// A JSON object body.
pub(crate) type Body = Map<String, Value>;

/// Checks the Content-Type and parses the body as one JSON object.
pub(crate) fn json_object(req: &Request) -> Result<Body, ApiError> {
    match req.header_value("content-type") {
        Some(ct) if is_json_media_type(ct) => {}
        Some(ct) => {
            return Err(ApiError::new(
                415,
                format!(
                    "Unsupported Content-Type '{}': send the body as JSON with 'Content-Type: application/json'",
                    ct.trim()
                ),
            ))
        }
        None => {
            return Err(ApiError::new(
                415,
                "Missing Content-Type header: send the body as JSON with 'Content-Type: application/json'",
            ))
        }
    }
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "Request body is empty: send a JSON object, e.g. {\"name\": \"Design System\"}",
        ));
    }
    let value: Value = serde_json::from_slice(&req.body).map_err(|e| {
        ApiError::bad_request(format!(
            "Invalid JSON in request body at line {} column {}: {}",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        ))
    })?;
    match value {
        Value::Object(m) => Ok(m),
        other => Err(ApiError::bad_request(format!(
            "Request body must be a JSON object, not {}",
            kind(&other)
        ))),
    }
}

/// `application/json`, with or without parameters (`; charset=utf-8`), or a `+json` type.
fn is_json_media_type(ct: &str) -> bool {
    let essence = ct.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || (essence.len() > 5
            && essence.is_char_boundary(essence.len() - 5)
            && essence[essence.len() - 5..].eq_ignore_ascii_case("+json")
            && essence.to_ascii_lowercase().starts_with("application/"))
}

/// serde_json appends " at line X column Y"; the message already says where.
pub(crate) fn strip_position(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

/// `a string`, `a number`, … for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A field that may be absent, `null`, or set.
pub(crate) enum Field<'a> {
    Absent,
    Null,
    Set(&'a Value),
}

/// Looks a field up.
pub(crate) fn field<'a>(body: &'a Body, name: &str) -> Field<'a> {
    match body.get(name) {
        None => Field::Absent,
        Some(Value::Null) => Field::Null,
        Some(v) => Field::Set(v),
    }
}

/// A non-empty (after trimming) string of at most 255 characters, trimmed.
pub(crate) fn name_value(v: &Value) -> Option<String> {
    let s = v.as_str()?.trim();
    if s.is_empty() || s.chars().count() > MAX_NAME_CHARS {
        return None;
    }
    Some(s.to_owned())
}

/// The `name` of a create body: required.
pub(crate) fn required_name(body: &Body) -> Result<String, ApiError> {
    match field(body, "name") {
        Field::Set(v) => name_value(v),
        _ => None,
    }
    .ok_or_else(|| ApiError::invalid("name", "Name is required and must be a non-empty string"))
}

/// The `name` of an update body: optional, but valid when present.
pub(crate) fn optional_name(body: &Body) -> Result<Option<String>, ApiError> {
    match field(body, "name") {
        Field::Absent => Ok(None),
        Field::Null => Err(ApiError::invalid("name", "Name must be a non-empty string")),
        Field::Set(v) => name_value(v)
            .map(Some)
            .ok_or_else(|| ApiError::invalid("name", "Name must be a non-empty string")),
    }
}

/// `description` on create: absent/null → none; otherwise a string.
pub(crate) fn create_description(body: &Body) -> Result<Option<String>, ApiError> {
    match field(body, "description") {
        Field::Absent | Field::Null => Ok(None),
        Field::Set(Value::String(s)) => Ok(Some(s.clone())),
        Field::Set(v) => Err(description_type(v)),
    }
}

/// `description` on update: absent → unchanged (`None`); null → clear (`Some(None)`).
pub(crate) fn update_description(body: &Body) -> Result<Option<Option<String>>, ApiError> {
    match field(body, "description") {
        Field::Absent => Ok(None),
        Field::Null => Ok(Some(None)),
        Field::Set(Value::String(s)) => Ok(Some(Some(s.clone()))),
        Field::Set(v) => Err(description_type(v)),
    }
}

fn description_type(v: &Value) -> ApiError {
    ApiError::invalid(
        "description",
        format!("Description must be a string or null, not {}", kind(v)),
    )
}

/// An optional boolean field (`is_default`).
pub(crate) fn optional_bool(
    body: &Body,
    name: &'static str,
    message: &'static str,
) -> Result<Option<bool>, ApiError> {
    match field(body, name) {
        Field::Absent => Ok(None),
        Field::Set(Value::Bool(b)) => Ok(Some(*b)),
        _ => Err(ApiError::invalid(name, message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(ct: Option<&str>, body: &str) -> Request {
        let r = Request::new("POST", "/api/v1/workspaces").body(body);
        match ct {
            Some(ct) => r.header("Content-Type", ct),
            None => r,
        }
    }

    #[test]
    fn body_errors_have_exact_messages() {
        let cases: &[(Option<&str>, &str, u16, &str)] = &[
            (None, "{}", 415, "Missing Content-Type header: send the body as JSON with 'Content-Type: application/json'"),
            (Some("text/plain"), "{}", 415, "Unsupported Content-Type 'text/plain': send the body as JSON with 'Content-Type: application/json'"),
            (Some("application/json"), "", 400, "Request body is empty: send a JSON object, e.g. {\"name\": \"Design System\"}"),
            (Some("application/json"), "{\"name\": ", 400, "Invalid JSON in request body at line 1 column 9: EOF while parsing a value"),
            (Some("application/json"), "{\"a\":1}\n{", 400, "Invalid JSON in request body at line 2 column 1: trailing characters"),
            (Some("application/json"), "[1]", 400, "Request body must be a JSON object, not an array"),
            (Some("application/json"), "null", 400, "Request body must be a JSON object, not null"),
        ];
        for (ct, body, status, msg) in cases {
            let e = json_object(&req(*ct, body)).err();
            assert_eq!(
                e.as_ref().map(|e| (e.status, e.message.as_str())),
                Some((*status, *msg)),
                "{body}"
            );
        }
        assert!(json_object(&req(Some("application/json; charset=utf-8"), "{}")).is_ok());
        assert!(json_object(&req(Some("Application/merge-patch+JSON"), "{}")).is_ok());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name_value(&Value::from(" Core ")), Some("Core".into()));
        assert_eq!(name_value(&Value::from("   ")), None);
        assert_eq!(
            name_value(&Value::from("x".repeat(255))).map(|s| s.len()),
            Some(255)
        );
        assert_eq!(name_value(&Value::from("é".repeat(256))), None);
        assert_eq!(name_value(&Value::from(5)), None);
    }
}
