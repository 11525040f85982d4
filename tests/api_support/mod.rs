//! Shared set-up for the API tests: an API over a memory store with a manual clock, a
//! cast of users on every plan, and a small request helper.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use tokencraft::api::{Api, ApiConfig, ManualClock, Request, Response};
use tokencraft::store::{MemoryStore, Plan, Role, Scope};

/// 2025-01-15T10:00:00Z
pub const T0: u64 = 1_736_935_200;

pub struct Env {
    pub api: Api,
    pub clock: Arc<ManualClock>,
    /// Plaintext tokens by label.
    pub tokens: HashMap<String, String>,
}

/// A deterministic well-formed token for a label.
pub fn token_for(label: &str) -> String {
    let mut hex = String::new();
    for b in label.bytes().cycle().take(20) {
        hex.push_str(&format!("{b:02x}"));
    }
    format!("tkc_{hex}")
}

impl Env {
    pub fn new() -> Env {
        Env::with_config(ApiConfig::default())
    }

    pub fn with_config(config: ApiConfig) -> Env {
        let clock = Arc::new(ManualClock::at_secs(T0));
        let api = Api::with_clock(Arc::new(MemoryStore::new()), config, clock.clone());
        Env {
            api,
            clock,
            tokens: HashMap::new(),
        }
    }

    /// Creates a user with one all-scopes token labelled like the user.
    pub fn user(&mut self, id: &str, plan: Plan) {
        let acc = self.api.accounts();
        acc.create_user(Some(id), &format!("{id}@example.com"), plan)
            .expect("user");
        self.token(id, id, &Scope::ALL);
    }

    /// Adds a token with a label and scopes for a user.
    pub fn token(&mut self, label: &str, user: &str, scopes: &[Scope]) {
        let plain = token_for(label);
        self.api
            .accounts()
            .add_token(user, label, &plain, scopes, false)
            .expect("token");
        self.tokens.insert(label.into(), plain);
    }

    pub fn workspace(&self, id: &str, owner: &str) {
        self.api
            .accounts()
            .create_workspace(Some(id), owner, id, None)
            .expect("workspace");
    }

    pub fn member(&self, ws: &str, user: &str, role: Role) {
        self.api
            .accounts()
            .add_member(ws, user, role)
            .expect("member");
    }

    /// Sends a request as `who` (a token label; "" for none) with an optional JSON body.
    pub fn send(&self, who: &str, method: &str, path: &str, body: Option<&Value>) -> Response {
        let mut req = Request::new(method, path);
        if let Some(t) = self.tokens.get(who) {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        if let Some(b) = body {
            req = req
                .header("Content-Type", "application/json")
                .body(serde_json::to_vec(b).expect("json"));
        }
        self.api.handle(&req)
    }

    /// Like `send`, returning status and parsed JSON body (Null when not JSON).
    pub fn call(&self, who: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let r = self.send(who, method, path, body.as_ref());
        (
            r.status,
            serde_json::from_slice(&r.body).unwrap_or(Value::Null),
        )
    }

    /// POSTs and returns the new resource's id (panics unless 201).
    pub fn create(&self, who: &str, path: &str, body: Value) -> String {
        let (s, v) = self.call(who, "POST", path, Some(body));
        assert_eq!(s, 201, "POST {path}: {v}");
        v["id"].as_str().expect("id").to_owned()
    }

    /// A new workspace `W` of `who` with a tokenset `T`: `(workspace id, tokenset id)`.
    pub fn tokenset(&self, who: &str) -> (String, String) {
        let ws = self.create(who, "/api/v1/workspaces", json!({"name": "W"}));
        let ts = self.create(
            who,
            &format!("/api/v1/workspaces/{ws}/tokensets"),
            json!({"name": "T"}),
        );
        (ws, ts)
    }

    /// The token collection path of a new tokenset's default mode (see [`Env::tokenset`]).
    pub fn tokens_path(&self, who: &str) -> String {
        let (_, ts) = self.tokenset(who);
        let m = self.default_mode(who, &ts);
        format!("/api/v1/tokensets/{ts}/modes/{m}/tokens")
    }

    /// The default mode id of a tokenset.
    pub fn default_mode(&self, who: &str, ts: &str) -> String {
        let (_, v) = self.call(who, "GET", &format!("/api/v1/tokensets/{ts}/modes"), None);
        v["modes"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["is_default"] == true))
            .and_then(|m| m["id"].as_str())
            .expect("default mode")
            .to_owned()
    }
}

/// Replaces every UUID in a text by `<id1>`, `<id2>`, … in order of first appearance.
pub fn redact_ids(text: &str) -> String {
    let re =
        regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
            .expect("regex");
    let mut seen: Vec<String> = Vec::new();
    re.replace_all(text, |c: &regex::Captures| {
        let id = c[0].to_owned();
        let n = match seen.iter().position(|s| *s == id) {
            Some(i) => i + 1,
            None => {
                seen.push(id);
                seen.len()
            }
        };
        format!("<id{n}>")
    })
    .into_owned()
}
