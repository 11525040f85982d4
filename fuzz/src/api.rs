//! Target `api_handle`: a short sequence of arbitrary requests (method, path built from
//! route words and ids seen so far, query, headers, body, caller) against an API over a
//! freshly seeded memory store with a fixed clock.
//!
//! Oracles: no panic (libFuzzer aborts on any panic, even one `Api::handle` would turn into
//! a 500) and no 500; every error body is JSON with an `error` string; no response header
//! value holds a line break; a request without a valid token never gets a 2xx from a
//! `/api/v1/` route other than the public ones (and OPTIONS, answered from the route table).

use arbitrary::Arbitrary;
use std::sync::Arc;
use tokencraft::api::{Api, ApiConfig, ManualClock, Request, Response};
use tokencraft::store::{MemoryStore, Plan, Role, Scope};

/// 2025-01-15T10:00:00Z.
const T0: u64 = 1_736_935_200;

/// Who sends a request.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Caller {
    Anonymous,
    Owner,
    Editor,
    Viewer,
    Outsider,
    ReadOnly,
    Revoked,
    /// A well-formed token nobody holds.
    Unknown,
    /// A garbage `Authorization` value.
    Garbage,
}

/// One path segment.
#[derive(Debug, Arbitrary)]
pub enum Seg {
    Word(u8),
    /// The n-th id seen in a response (or a seeded one).
    Id(u8),
    Raw(String),
}

/// A body.
#[derive(Debug, Arbitrary)]
pub enum Body {
    Empty,
    Raw(Vec<u8>),
    /// A JSON object from (key word, value) pairs.
    Object(Vec<(u8, JsonVal)>),
}

/// A JSON value for a body member.
#[derive(Debug, Arbitrary)]
pub enum JsonVal {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Word(u8),
    Id(u8),
    Rows(Vec<(String, u8, String)>),
}

/// One request.
#[derive(Debug, Arbitrary)]
pub struct Req {
    pub method: u8,
    pub raw_method: Option<String>,
    pub segs: Vec<Seg>,
    pub query: Option<(u8, String)>,
    pub caller: Caller,
    pub content_type: Option<u8>,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

const METHODS: [&str; 7] = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"];
const WORDS: [&str; 12] = [
    "workspaces",
    "tokensets",
    "modes",
    "tokens",
    "export",
    "members",
    "me",
    "openapi.json",
    "health",
    "api",
    "v1",
    "bulk",
];
const KEYS: [&str; 10] = [
    "name",
    "type",
    "value",
    "alias_to",
    "description",
    "is_default",
    "tokens",
    "role",
    "email",
    "format",
];
const VALUES: [&str; 12] = [
    "color",
    "dimension",
    "#fff",
    "16px",
    "a.b",
    "{a.b}",
    "viewer",
    "editor",
    "css",
    "scss",
    "json",
    "ios",
];
const CONTENT_TYPES: [&str; 4] = [
    "application/json",
    "text/plain",
    "application/json; charset=utf-8",
    "multipart/form-data",
];

/// Plaintext token of a caller (deterministic, well-formed).
fn token(label: &str) -> String {
    let mut hex = String::new();
    for b in label.bytes().cycle().take(20) {
        hex.push_str(&format!("{b:02x}"));
    }
    format!("tkc_{hex}")
}

/// The seeded API: five users, a workspace `ws1` owned by `owner` with an editor and a
/// viewer, a tokenset with two modes and a few tokens; returns the ids seen.
pub fn seeded() -> Option<(Api, Vec<String>)> {
    let clock = Arc::new(ManualClock::at_secs(T0));
    let config = ApiConfig {
        rate_limit: u32::MAX,
        max_body_bytes: 4096,
        ..ApiConfig::default()
    };
    let api = Api::with_clock(Arc::new(MemoryStore::new()), config, clock);
    let acc = api.accounts();
    for (user, plan) in [
        ("owner", Plan::Team),
        ("editor", Plan::Pro),
        ("viewer", Plan::Free),
        ("outsider", Plan::Pro),
    ] {
        acc.create_user(Some(user), &format!("{user}@example.com"), plan)
            .ok()?;
        acc.add_token(user, user, &token(user), &Scope::ALL, false)
            .ok()?;
    }
    acc.add_token("owner", "ro", &token("ro"), &[Scope::ReadTokens], false)
        .ok()?;
    acc.add_token("owner", "revoked", &token("revoked"), &Scope::ALL, true)
        .ok()?;
    acc.create_workspace(Some("ws1"), "owner", "Design", None)
        .ok()?;
    acc.add_member("ws1", "editor", Role::Editor).ok()?;
    acc.add_member("ws1", "viewer", Role::Viewer).ok()?;
    let mut ids = vec!["ws1".to_string()];
    let ts = post(
        &api,
        "/api/v1/workspaces/ws1/tokensets",
        r#"{"name":"Core"}"#,
        &mut ids,
    )?;
    let modes = get(&api, &format!("/api/v1/tokensets/{ts}/modes"), &mut ids)?;
    let mode = first_id(&modes)?;
    post(
        &api,
        &format!("/api/v1/tokensets/{ts}/modes"),
        r#"{"name":"Dark"}"#,
        &mut ids,
    )?;
    for body in [
        r##"{"name":"a.b","type":"color","value":"#3b82f6","description":"Brand"}"##,
        r#"{"name":"a.c","type":"color","value":null,"alias_to":"a.b"}"#,
        r#"{"name":"space.m","type":"dimension","value":"16px"}"#,
    ] {
        post(
            &api,
            &format!("/api/v1/tokensets/{ts}/modes/{mode}/tokens"),
            body,
            &mut ids,
        )?;
    }
    Some((api, ids))
}

fn owner_request(method: &str, path: &str) -> Request {
    Request::new(method, path).header("Authorization", &format!("Bearer {}", token("owner")))
}

fn post(api: &Api, path: &str, body: &str, ids: &mut Vec<String>) -> Option<String> {
    let req = owner_request("POST", path)
        .header("Content-Type", "application/json")
        .body(body.as_bytes().to_vec());
    let resp = api.handle(&req);
    collect_ids(&resp, ids);
    first_id(&resp)
}

fn get(api: &Api, path: &str, ids: &mut Vec<String>) -> Option<Response> {
    let resp = api.handle(&owner_request("GET", path));
    collect_ids(&resp, ids);
    Some(resp)
}

/// The first `id` in a response body (object, or first element of an array or `data`).
fn first_id(resp: &Response) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(&resp.body).ok()?;
    let mut ids = Vec::new();
    walk_ids(&v, &mut ids, 0);
    ids.into_iter().next()
}

fn collect_ids(resp: &Response, ids: &mut Vec<String>) {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&resp.body) {
        walk_ids(&v, ids, 0);
    }
    ids.truncate(64);
}

fn walk_ids(v: &serde_json::Value, ids: &mut Vec<String>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(id)) = m.get("id") {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            for x in m.values() {
                walk_ids(x, ids, depth + 1);
            }
        }
        serde_json::Value::Array(a) => {
            for x in a.iter().take(8) {
                walk_ids(x, ids, depth + 1);
            }
        }
        _ => {}
    }
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list.get(usize::from(i) % list.len()).copied().unwrap_or("")
}

fn id_at(ids: &[String], i: u8) -> String {
    ids.get(usize::from(i) % ids.len().max(1))
        .cloned()
        .unwrap_or_default()
}

fn json_val(v: &JsonVal, ids: &[String]) -> serde_json::Value {
    use serde_json::json;
    match v {
        JsonVal::Null => json!(null),
        JsonVal::Bool(b) => json!(b),
        JsonVal::Num(n) => serde_json::Number::from_f64(*n).map_or(json!(null), Into::into),
        JsonVal::Str(s) => json!(s),
        JsonVal::Word(w) => json!(pick(&VALUES, *w)),
        JsonVal::Id(i) => json!(id_at(ids, *i)),
        JsonVal::Rows(rows) => serde_json::Value::Array(
            rows.iter()
                .take(8)
                .map(|(n, t, v)| json!({"name": n, "type": pick(&VALUES, *t), "value": v}))
                .collect(),
        ),
    }
}

/// Builds the request from its description.
fn build(r: &Req, ids: &[String]) -> Request {
    let method = match &r.raw_method {
        Some(m) if !m.is_empty() => m.clone(),
        _ => pick(&METHODS, r.method).to_owned(),
    };
    let mut path = String::from("/api/v1");
    for s in r.segs.iter().take(8) {
        path.push('/');
        match s {
            Seg::Word(w) => path.push_str(pick(&WORDS, *w)),
            Seg::Id(i) => path.push_str(&id_at(ids, *i)),
            Seg::Raw(raw) => path.push_str(raw),
        }
    }
    if let Some((k, v)) = &r.query {
        path.push('?');
        path.push_str(pick(&KEYS, *k));
        path.push('=');
        path.push_str(v);
    }
    let mut req = Request::new(&method, &path);
    let auth = match r.caller {
        Caller::Anonymous => None,
        Caller::Owner => Some(format!("Bearer {}", token("owner"))),
        Caller::Editor => Some(format!("Bearer {}", token("editor"))),
        Caller::Viewer => Some(format!("Bearer {}", token("viewer"))),
        Caller::Outsider => Some(format!("Bearer {}", token("outsider"))),
        Caller::ReadOnly => Some(format!("Bearer {}", token("ro"))),
        Caller::Revoked => Some(format!("Bearer {}", token("revoked"))),
        Caller::Unknown => Some(format!("Bearer {}", token("nobody"))),
        Caller::Garbage => Some("Bearer \u{0}tkc_".to_owned()),
    };
    if let Some(a) = auth {
        req = req.header("Authorization", &a);
    }
    if let Some(ct) = r.content_type {
        req = req.header("Content-Type", pick(&CONTENT_TYPES, ct));
    }
    for (n, v) in r.headers.iter().take(4) {
        req = req.header(n, v);
    }
    let body = match &r.body {
        Body::Empty => Vec::new(),
        Body::Raw(b) => b.clone(),
        Body::Object(members) => {
            let mut m = serde_json::Map::new();
            for (k, v) in members.iter().take(8) {
                m.insert(pick(&KEYS, *k).to_owned(), json_val(v, ids));
            }
            serde_json::Value::Object(m).to_string().into_bytes()
        }
    };
    req.body(body)
}

/// Checks the promises every response keeps.
fn check(req: &Request, resp: &Response, caller: Caller) {
    assert_ne!(
        resp.status,
        500,
        "500 for {} {}: {}",
        req.method,
        req.path,
        String::from_utf8_lossy(&resp.body)
    );
    for (n, v) in &resp.headers {
        assert!(
            !n.contains(['\r', '\n']) && !v.contains(['\r', '\n']),
            "header injection: {n}: {v:?} for {} {}",
            req.method,
            req.path
        );
    }
    if resp.status >= 400 && req.method != "HEAD" && !resp.body.is_empty() {
        let v: serde_json::Value = serde_json::from_slice(&resp.body).unwrap_or_else(|e| {
            panic!(
                "{} error body is not JSON ({e}): {}",
                resp.status,
                String::from_utf8_lossy(&resp.body)
            )
        });
        assert!(
            v.get("error").is_some_and(|e| e.is_string()),
            "{} error body without an `error` string: {v}",
            resp.status
        );
    }
    let unauthenticated = matches!(
        caller,
        Caller::Anonymous | Caller::Revoked | Caller::Unknown | Caller::Garbage
    );
    // OPTIONS answers 204 with `Allow` from the route table alone, before any lookup.
    let public = req.path.ends_with("/openapi.json")
        || req.path.ends_with("/health")
        || req.method == "OPTIONS";
    if unauthenticated && !public && req.path.starts_with("/api/v1/") {
        assert!(
            !(200..300).contains(&resp.status),
            "{} {} answered {} without a valid token",
            req.method,
            req.path,
            resp.status
        );
    }
}

/// The target body: up to eight requests in order against one seeded API.
pub fn api_handle(reqs: &[Req]) {
    let Some((api, mut ids)) = seeded() else {
        panic!("seeding the API failed");
    };
    for r in reqs.iter().take(8) {
        let req = build(r, &ids);
        let resp = api.handle(&req);
        check(&req, &resp, r.caller);
        collect_ids(&resp, &mut ids);
    }
}
