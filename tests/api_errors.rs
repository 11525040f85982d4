//! Every documented error of every endpoint, and request hygiene: a table of
//! (request → exact status and message), plus checks that a rejected write leaves no trace.

mod api_support;

use api_support::Env;
use serde_json::{json, Value};
use tokencraft::api::{ApiConfig, Request};
use tokencraft::store::Plan;

struct Ids {
    ws: String,
    ts: String,
    base: String,
    dark: String,
}

fn setup() -> (Env, Ids) {
    let mut env = Env::with_config(ApiConfig {
        rate_limit: 1_000_000,
        max_body_bytes: 4096,
        ..Default::default()
    });
    env.user("o", Plan::Pro);
    let ws = env.create("o", "/api/v1/workspaces", json!({"name": "W"}));
    let ts = env.create(
        "o",
        &format!("/api/v1/workspaces/{ws}/tokensets"),
        json!({"name": "T"}),
    );
    let base = env.default_mode("o", &ts);
    let dark = env.create(
        "o",
        &format!("/api/v1/tokensets/{ts}/modes"),
        json!({"name": "Dark"}),
    );
    let tk = format!("/api/v1/tokensets/{ts}/modes/{base}/tokens");
    env.create(
        "o",
        &tk,
        json!({"name": "color.a", "type": "color", "value": "#fff"}),
    );
    env.create(
        "o",
        &tk,
        json!({"name": "color.b", "type": "color", "alias_to": "color.a"}),
    );
    env.create(
        "o",
        &tk,
        json!({"name": "color.c", "type": "color", "alias_to": "color.b"}),
    );
    (env, Ids { ws, ts, base, dark })
}

const TYPES: &str = "color, dimension, fontFamily, fontWeight, fontSize, lineHeight, letterSpacing, duration, cubicBezier, number, strokeStyle, border, transition, shadow, gradient, typography, string, boolean";

#[test]
fn documented_errors_have_exact_messages() {
    let (env, i) = setup();
    let (ws, ts, base, dark) = (&i.ws, &i.ts, &i.base, &i.dark);
    let tk = format!("/api/v1/tokensets/{ts}/modes/{base}/tokens");
    let long = "x".repeat(256);
    let type_create = format!("Type is required and must be one of: {TYPES}");
    let type_update = format!("Type must be one of: {TYPES}");
    let cases: Vec<(&str, String, Option<Value>, u16, String)> = vec![
        // 404 per resource, including ids of the wrong shape.
        ("GET", "/api/v1/workspaces/nope".into(), None, 404, "Workspace not found".into()),
        ("GET", "/api/v1/workspaces/%zz".into(), None, 404, "Workspace not found".into()),
        ("PATCH", "/api/v1/workspaces/nope".into(), Some(json!({"name": "x"})), 404, "Workspace not found".into()),
        ("DELETE", "/api/v1/workspaces/nope".into(), None, 404, "Workspace not found".into()),
        ("GET", "/api/v1/workspaces/nope/tokensets".into(), None, 404, "Workspace not found".into()),
        ("POST", "/api/v1/workspaces/nope/tokensets".into(), Some(json!({"name": "x"})), 404, "Workspace not found".into()),
        ("GET", "/api/v1/tokensets/nope".into(), None, 404, "Tokenset not found".into()),
        ("PATCH", "/api/v1/tokensets/nope".into(), Some(json!({"name": "x"})), 404, "Tokenset not found".into()),
        ("DELETE", "/api/v1/tokensets/nope".into(), None, 404, "Tokenset not found".into()),
        ("GET", "/api/v1/tokensets/nope/tokens".into(), None, 404, "Tokenset not found".into()),
        ("GET", "/api/v1/tokensets/nope/modes".into(), None, 404, "Tokenset not found".into()),
        ("POST", "/api/v1/tokensets/nope/modes".into(), Some(json!({"name": "x"})), 404, "Tokenset not found".into()),
        ("GET", format!("/api/v1/tokensets/{ts}/modes/nope"), None, 404, "Mode not found".into()),
        ("PATCH", format!("/api/v1/tokensets/{ts}/modes/nope"), Some(json!({"name": "x"})), 404, "Mode not found".into()),
        ("DELETE", format!("/api/v1/tokensets/{ts}/modes/nope"), None, 404, "Mode not found".into()),
        ("GET", format!("/api/v1/tokensets/{ts}/modes/nope/tokens"), None, 404, "Mode not found".into()),
        ("POST", format!("/api/v1/tokensets/{ts}/modes/nope/tokens"), Some(json!({"name": "x"})), 404, "Mode not found".into()),
        ("GET", format!("{tk}/nope"), None, 404, "Token not found".into()),
        ("PATCH", format!("{tk}/nope"), Some(json!({"value": 1})), 404, "Token not found".into()),
        ("DELETE", format!("{tk}/nope"), None, 404, "Token not found".into()),
        // A token of another mode is not found through this mode.
        ("GET", format!("/api/v1/tokensets/{ts}/modes/{dark}/tokens/color.a"), None, 404, "Token not found".into()),
        ("GET", "/api/v1/tokensets/nope/export".into(), None, 404, "Tokenset not found".into()),
        ("GET", format!("/api/v1/tokensets/{ts}/modes/nope/export"), None, 404, "Mode not found".into()),
        // Names.
        ("POST", "/api/v1/workspaces".into(), Some(json!({})), 400, "Name is required and must be a non-empty string".into()),
        ("POST", "/api/v1/workspaces".into(), Some(json!({"name": ""})), 400, "Name is required and must be a non-empty string".into()),
        ("POST", "/api/v1/workspaces".into(), Some(json!({"name": "  "})), 400, "Name is required and must be a non-empty string".into()),
        ("POST", "/api/v1/workspaces".into(), Some(json!({"name": 5})), 400, "Name is required and must be a non-empty string".into()),
        ("POST", "/api/v1/workspaces".into(), Some(json!({"name": long})), 400, "Name is required and must be a non-empty string".into()),
        ("POST", "/api/v1/workspaces".into(), Some(json!({"name": "a", "description": 1})), 400, "Description must be a string or null, not a number".into()),
        ("PATCH", format!("/api/v1/workspaces/{ws}"), Some(json!({"name": ""})), 400, "Name must be a non-empty string".into()),
        ("PATCH", format!("/api/v1/workspaces/{ws}"), Some(json!({"name": null})), 400, "Name must be a non-empty string".into()),
        ("PATCH", format!("/api/v1/workspaces/{ws}"), Some(json!({"description": []})), 400, "Description must be a string or null, not an array".into()),
        ("POST", format!("/api/v1/workspaces/{ws}/tokensets"), Some(json!({"name": []})), 400, "Name is required and must be a non-empty string".into()),
        ("PATCH", format!("/api/v1/tokensets/{ts}"), Some(json!({"name": long})), 400, "Name must be a non-empty string".into()),
        // Modes.
        ("POST", format!("/api/v1/tokensets/{ts}/modes"), Some(json!({"is_default": true})), 400, "Name is required and must be a non-empty string".into()),
        ("POST", format!("/api/v1/tokensets/{ts}/modes"), Some(json!({"name": "X", "is_default": "yes"})), 400, "is_default must be a boolean".into()),
        ("POST", format!("/api/v1/tokensets/{ts}/modes"), Some(json!({"name": "Dark"})), 400, "A mode with this name already exists in this tokenset".into()),
        ("PATCH", format!("/api/v1/tokensets/{ts}/modes/{dark}"), Some(json!({"name": "Base"})), 400, "A mode with this name already exists in this tokenset".into()),
        ("PATCH", format!("/api/v1/tokensets/{ts}/modes/{dark}"), Some(json!({"is_default": null})), 400, "is_default must be a boolean".into()),
        ("PATCH", format!("/api/v1/tokensets/{ts}/modes/{base}"), Some(json!({"is_default": false})), 400, "Cannot unset the default mode; set another mode as default instead".into()),
        // Tokens.
        ("POST", tk.clone(), Some(json!({"type": "color", "value": "#fff"})), 400, "Name is required and must be a non-empty string".into()),
        ("POST", tk.clone(), Some(json!({"name": ".a", "type": "color", "value": "#fff"})), 400, "Name '.a' has an empty segment: use dot notation like colors.primary.500 (no leading, trailing or double dots)".into()),
        ("POST", tk.clone(), Some(json!({"name": "a..b", "type": "color", "value": "#fff"})), 400, "Name 'a..b' has an empty segment: use dot notation like colors.primary.500 (no leading, trailing or double dots)".into()),
        ("POST", tk.clone(), Some(json!({"name": "a\tb", "type": "color", "value": "#fff"})), 400, "Name 'a\\tb' contains a control character: use letters, digits and dots".into()),
        ("POST", tk.clone(), Some(json!({"name": "a", "value": "#fff"})), 400, type_create.clone()),
        ("POST", tk.clone(), Some(json!({"name": "a", "type": "Color", "value": "#fff"})), 400, type_create.clone()),
        ("POST", tk.clone(), Some(json!({"name": "a", "type": "color"})), 400, "Value is required unless alias_to is given".into()),
        ("POST", tk.clone(), Some(json!({"name": "a", "type": "color", "value": null})), 400, "Value is required unless alias_to is given".into()),
        ("POST", tk.clone(), Some(json!({"name": "a", "type": "color", "value": ""})), 400, "Value must not be an empty string".into()),
        ("POST", tk.clone(), Some(json!({"name": "a", "type": "color", "alias_to": 3})), 400, "alias_to must be a non-empty token name or null".into()),
        ("POST", tk.clone(), Some(json!({"name": "a", "type": "color", "alias_to": "nope.x"})), 400, "Alias target not found: nope.x".into()),
        ("POST", tk.clone(), Some(json!({"name": "a", "type": "color", "alias_to": "a"})), 400, "Circular alias detected: a → a".into()),
        ("POST", tk.clone(), Some(json!({"name": "color.a", "type": "color", "value": "#000"})), 400, "A token with this name already exists in this mode".into()),
        ("POST", tk.clone(), Some(json!({"name": "size", "type": "dimension", "alias_to": "color.c"})), 400, "Alias target color.c resolves to a color value (color.a), but this token is a dimension: alias a token of a matching type or change this token's type".into()),
        ("PATCH", format!("{tk}/color.a"), Some(json!({"type": "colour"})), 400, type_update),
        ("PATCH", format!("{tk}/color.a"), Some(json!({"name": ""})), 400, "Name must be a non-empty string".into()),
        ("PATCH", format!("{tk}/color.a"), Some(json!({"name": "color.b"})), 400, "A token with this name already exists in this mode".into()),
        ("PATCH", format!("{tk}/color.a"), Some(json!({"alias_to": "color.c"})), 400, "Circular alias detected: color.a → color.c → color.b → color.a".into()),
        ("PATCH", format!("{tk}/color.b"), Some(json!({"alias_to": null})), 400, "Value is required unless alias_to is given".into()),
        ("PATCH", format!("{tk}/color.a"), Some(json!({"value": null})), 400, "Value is required unless alias_to is given".into()),
        // Modes: the last one cannot go.
        // Export.
        ("GET", format!("/api/v1/tokensets/{ts}/export?format=xml"), None, 400, "Invalid format 'xml'. Must be one of: json, css, ios, android, android-resources, dtcg, json-flat, json-nested, scss, js, ts, tailwind, swiftui, compose, flutter".into()),
        ("GET", format!("/api/v1/tokensets/{ts}/modes/{base}/export?format=CSS"), None, 400, "Invalid format 'CSS'. Must be one of: json, css, ios, android, android-resources, dtcg, json-flat, json-nested, scss, js, ts, tailwind, swiftui, compose, flutter".into()),
        // Routing.
        ("GET", "/api/v1/nope".into(), None, 404, "No API route matches GET /api/v1/nope; GET /api/v1/openapi.json lists every route".into()),
        ("PUT", format!("/api/v1/workspaces/{ws}"), None, 405, format!("Method PUT is not allowed on /api/v1/workspaces/{ws}; allowed: GET, HEAD, PATCH, DELETE")),
    ];
    let mut failures = Vec::new();
    for (method, path, body, status, msg) in cases {
        let (s, v) = env.call("o", method, &path, body.clone());
        let got = (s, v["error"].as_str().unwrap_or("<no error>").to_owned());
        if got != (status, msg.clone()) {
            failures.push(format!(
                "{method} {path} {body:?}\n   want {status} {msg}\n   got  {} {}",
                got.0, got.1
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn validation_errors_name_the_field() {
    let (env, i) = setup();
    let (_, v) = env.call(
        "o",
        "POST",
        &format!("/api/v1/tokensets/{}/modes", i.ts),
        Some(json!({"name": "Q", "is_default": 1})),
    );
    assert_eq!(
        v,
        json!({"error": "is_default must be a boolean", "field": "is_default"})
    );
}

#[test]
fn request_hygiene() {
    let (env, i) = setup();
    let auth = format!("Bearer {}", env.tokens["o"]);
    let send = |req: Request| env.api.handle(&req.header("Authorization", &auth));
    let post = |body: &[u8]| Request::new("POST", "/api/v1/workspaces").body(body.to_vec());
    let cases: Vec<(Request, u16, &str)> = vec![
        (post(b"{\"name\": \"x\"}"), 415, "Missing Content-Type header: send the body as JSON with 'Content-Type: application/json'"),
        (post(b"{\"name\": \"x\"}").header("Content-Type", "text/plain"), 415, "Unsupported Content-Type 'text/plain': send the body as JSON with 'Content-Type: application/json'"),
        (post(b"{\"name\": ").header("Content-Type", "application/json"), 400, "Invalid JSON in request body at line 1 column 9: EOF while parsing a value"),
        (post(b"\xff\xfe").header("Content-Type", "application/json"), 400, "Invalid JSON in request body at line 1 column 1: expected value"),
        (post(b"").header("Content-Type", "application/json"), 400, "Request body is empty: send a JSON object, e.g. {\"name\": \"Design System\"}"),
        (post(b"\"name\"").header("Content-Type", "application/json"), 400, "Request body must be a JSON object, not a string"),
        (post(&vec![b' '; 5000]).header("Content-Type", "application/json"), 413, "Request body is too large: 5000 bytes; the limit is 4096 bytes"),
        (Request::new("DELETE", "/api/v1/workspaces"), 405, "Method DELETE is not allowed on /api/v1/workspaces; allowed: GET, HEAD, POST"),
        (Request::new("GET", "/"), 404, "No API route matches GET /; GET /api/v1/openapi.json lists every route"),
    ];
    for (req, status, msg) in cases {
        let desc = format!("{} {}", req.method, req.path);
        let r = send(req);
        let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        assert_eq!(
            (r.status, v["error"].as_str()),
            (status, Some(msg)),
            "{desc}"
        );
        assert_eq!(
            r.header_value("Content-Type"),
            Some("application/json"),
            "{desc}"
        );
    }
    let r = send(Request::new("DELETE", "/api/v1/workspaces"));
    assert_eq!(r.header_value("Allow"), Some("GET, HEAD, POST"));
    let r = send(Request::new(
        "OPTIONS",
        &format!("/api/v1/tokensets/{}", i.ts),
    ));
    assert_eq!(
        (r.status, r.header_value("Allow")),
        (204, Some("GET, HEAD, PATCH, DELETE"))
    );
    let r = send(Request::new("HEAD", "/api/v1/workspaces"));
    assert_eq!(r.status, 200);
    // Nothing was written by any of the rejected requests.
    let (_, v) = env.call("o", "GET", "/api/v1/workspaces", None);
    assert_eq!(v["total"], 1);
}

#[test]
fn a_rejected_alias_write_leaves_no_trace() {
    let (env, i) = setup();
    let tk = format!("/api/v1/tokensets/{}/modes/{}/tokens", i.ts, i.base);
    let (_, before) = env.call("o", "GET", &tk, None);
    let (s, _) = env.call(
        "o",
        "PATCH",
        &format!("{tk}/color.a"),
        Some(json!({"name": "color.z", "alias_to": "color.c"})),
    );
    assert_eq!(s, 400);
    let (s, _) = env.call(
        "o",
        "POST",
        &tk,
        Some(json!({"name": "new", "type": "color", "alias_to": "missing"})),
    );
    assert_eq!(s, 400);
    let (_, after) = env.call("o", "GET", &tk, None);
    assert_eq!(before, after);
}

#[test]
fn alias_resolution_falls_back_to_the_default_mode_and_breaks_cleanly() {
    let (env, i) = setup();
    let dark = format!("/api/v1/tokensets/{}/modes/{}/tokens", i.ts, i.dark);
    let base = format!("/api/v1/tokensets/{}/modes/{}/tokens", i.ts, i.base);
    env.create(
        "o",
        &dark,
        json!({"name": "link", "type": "color", "alias_to": "color.c"}),
    );
    let (_, v) = env.call("o", "GET", &format!("{dark}/link"), None);
    assert_eq!(v["resolved_value"], "#fff");
    // Deleting a target does not cascade: the alias stays and resolves to null.
    assert_eq!(
        env.call("o", "DELETE", &format!("{base}/color.a"), None).0,
        200
    );
    let (s, v) = env.call("o", "GET", &format!("{dark}/link"), None);
    assert_eq!(
        (s, &v["alias_to"], &v["resolved_value"]),
        (200, &json!("color.c"), &Value::Null)
    );
}

/// A store whose writes fail, or whose reads panic, to reach the documented 500s.
struct Broken {
    inner: tokencraft::store::MemoryStore,
    panic_on_read: std::sync::atomic::AtomicBool,
}

impl tokencraft::store::Store for Broken {
    fn read(&self, f: &mut dyn FnMut(&dyn tokencraft::store::ReadTx)) {
        if self.panic_on_read.load(std::sync::atomic::Ordering::SeqCst) {
            panic!("disk on fire");
        }
        self.inner.read(f)
    }
    fn write(
        &self,
        _: &mut dyn FnMut(
            &mut dyn tokencraft::store::WriteTx,
        ) -> Result<(), tokencraft::store::StoreError>,
    ) -> Result<(), tokencraft::store::StoreError> {
        Err(tokencraft::store::StoreError::Backend("disk full".into()))
    }
}

#[test]
fn store_failures_are_the_documented_500s() {
    use std::sync::Arc;
    let inner = tokencraft::store::MemoryStore::new();
    let acc = tokencraft::api::Accounts::new(&inner, &tokencraft::api::SystemClock);
    acc.create_user(Some("u"), "u@example.com", Plan::Pro)
        .expect("user");
    acc.add_token(
        "u",
        "t",
        &api_support::token_for("u"),
        &tokencraft::store::Scope::ALL,
        false,
    )
    .expect("token");
    acc.create_workspace(Some("w"), "u", "W", None).expect("ws");
    let store = Arc::new(Broken {
        inner,
        panic_on_read: false.into(),
    });
    let api = tokencraft::api::Api::new(store.clone(), ApiConfig::default());
    let auth = format!("Bearer {}", api_support::token_for("u"));
    let call = |m: &str, p: &str, body: Option<&str>| {
        let mut r = Request::new(m, p).header("Authorization", &auth);
        if let Some(b) = body {
            r = r.header("Content-Type", "application/json").body(b);
        }
        let r = api.handle(&r);
        (r.status, String::from_utf8_lossy(&r.body).into_owned())
    };
    assert_eq!(
        call("DELETE", "/api/v1/workspaces/w", None),
        (500, r#"{"error":"Failed to delete workspace"}"#.into())
    );
    assert_eq!(
        call("POST", "/api/v1/workspaces", Some(r#"{"name":"x"}"#)),
        (500, r#"{"error":"Internal server error"}"#.into())
    );
    assert_eq!(
        call("GET", "/api/v1/workspaces/w", None).0,
        200,
        "reads still work"
    );
    store
        .panic_on_read
        .store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        call("GET", "/api/v1/workspaces", None),
        (500, r#"{"error":"Internal server error"}"#.into())
    );
}
