//! Every endpoint's success path, walked through as one owner, recorded as a transcript
//! (ids redacted, timestamps from a manual clock) and snapshotted.

mod api_support;

use api_support::{redact_ids, Env};
use serde_json::{json, Value};
use std::fmt::Write;
use tokencraft::store::Plan;

struct Transcript<'a> {
    env: &'a Env,
    out: String,
}

impl Transcript<'_> {
    fn run(&mut self, method: &str, path: &str, body: Option<Value>) -> Value {
        let r = self.env.send("alice", method, path, body.as_ref());
        let _ = writeln!(self.out, "### {method} {path}");
        if let Some(b) = &body {
            let _ = writeln!(self.out, "> {b}");
        }
        let _ = writeln!(self.out, "< {}", r.status);
        for h in ["Content-Type", "Content-Disposition", "ETag"] {
            if let Some(v) = r.header_value(h) {
                let _ = writeln!(self.out, "< {h}: {v}");
            }
        }
        let text = String::from_utf8_lossy(&r.body).into_owned();
        let parsed: Option<Value> = serde_json::from_str(&text).ok();
        match (&parsed, r.header_value("Content-Type")) {
            (Some(v), Some("application/json")) => {
                let _ = writeln!(
                    self.out,
                    "{}",
                    serde_json::to_string_pretty(v).unwrap_or_default()
                );
            }
            _ => {
                let _ = writeln!(self.out, "{text}");
            }
        }
        self.out.push('\n');
        parsed.unwrap_or(Value::Null)
    }
}

#[test]
fn every_endpoint_success_path() {
    let mut env = Env::new();
    env.user("alice", Plan::Team);
    let mut t = Transcript {
        env: &env,
        out: String::new(),
    };
    let b = "/api/v1";
    t.run("GET", &format!("{b}/workspaces"), None);
    let ws = t.run(
        "POST",
        &format!("{b}/workspaces"),
        Some(json!({"name": "Design System", "description": "Main product design system"})),
    );
    let ws = ws["id"].as_str().unwrap_or_default().to_owned();
    t.run("GET", &format!("{b}/workspaces"), None);
    t.run("GET", &format!("{b}/workspaces/{ws}"), None);
    env.clock.advance_secs(4 * 3600 + 30 * 60);
    t.run(
        "PATCH",
        &format!("{b}/workspaces/{ws}"),
        Some(json!({"name": "Design System v2"})),
    );
    t.run(
        "PATCH",
        &format!("{b}/workspaces/{ws}"),
        Some(json!({"description": null})),
    );
    let ts = t.run(
        "POST",
        &format!("{b}/workspaces/{ws}/tokensets"),
        Some(json!({"name": "Colors", "description": "Color tokens for the design system"})),
    );
    let ts = ts["id"].as_str().unwrap_or_default().to_owned();
    t.run("GET", &format!("{b}/workspaces/{ws}/tokensets"), None);
    t.run("GET", &format!("{b}/tokensets/{ts}"), None);
    env.clock.advance_secs(60);
    t.run(
        "PATCH",
        &format!("{b}/tokensets/{ts}"),
        Some(json!({"description": "All colours"})),
    );
    let modes = t.run("GET", &format!("{b}/tokensets/{ts}/modes"), None);
    let base = modes["modes"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let dark = t.run(
        "POST",
        &format!("{b}/tokensets/{ts}/modes"),
        Some(json!({"name": "Dark"})),
    );
    let dark = dark["id"].as_str().unwrap_or_default().to_owned();
    t.run("GET", &format!("{b}/tokensets/{ts}/modes/{dark}"), None);
    t.run(
        "PATCH",
        &format!("{b}/tokensets/{ts}/modes/{base}"),
        Some(json!({"name": "Light"})),
    );
    let tok = t.run("POST", &format!("{b}/tokensets/{ts}/modes/{base}/tokens"), Some(json!({"name": "colors.primary.500", "type": "color", "value": "#3b82f6", "description": "Primary brand color"})));
    let tok = tok["id"].as_str().unwrap_or_default().to_owned();
    t.run(
        "POST",
        &format!("{b}/tokensets/{ts}/modes/{base}/tokens"),
        Some(json!({"name": "spacing.base", "type": "dimension", "value": "16px"})),
    );
    t.run("POST", &format!("{b}/tokensets/{ts}/modes/{base}/tokens"), Some(json!({"name": "colors.button.primary", "type": "color", "alias_to": "colors.primary.500"})));
    t.run(
        "POST",
        &format!("{b}/tokensets/{ts}/modes/{dark}/tokens"),
        Some(json!({"name": "colors.primary.500", "type": "color", "value": "#60a5fa"})),
    );
    t.run(
        "POST",
        &format!("{b}/tokensets/{ts}/modes/{dark}/tokens"),
        Some(json!({"name": "spacing.link", "type": "dimension", "alias_to": "spacing.base"})),
    );
    t.run(
        "GET",
        &format!("{b}/tokensets/{ts}/modes/{base}/tokens"),
        None,
    );
    t.run(
        "GET",
        &format!("{b}/tokensets/{ts}/modes/{base}/tokens/{tok}"),
        None,
    );
    t.run(
        "GET",
        &format!("{b}/tokensets/{ts}/modes/{base}/tokens/colors.button.primary"),
        None,
    );
    t.run(
        "GET",
        &format!("{b}/tokensets/{ts}/modes/{dark}/tokens/spacing.link"),
        None,
    );
    env.clock.advance_secs(60);
    t.run(
        "PATCH",
        &format!("{b}/tokensets/{ts}/modes/{base}/tokens/{tok}"),
        Some(json!({"value": "#2563eb"})),
    );
    t.run(
        "PATCH",
        &format!("{b}/tokensets/{ts}/modes/{base}/tokens/spacing.base"),
        Some(json!({"type": "fontSize", "value": "18px"})),
    );
    t.run(
        "PATCH",
        &format!("{b}/tokensets/{ts}/modes/{base}/tokens/colors.button.primary"),
        Some(json!({"value": "#3b82f6", "alias_to": null})),
    );
    t.run(
        "PATCH",
        &format!("{b}/tokensets/{ts}/modes/{base}/tokens/colors.button.primary"),
        Some(json!({"value": "", "alias_to": "colors.primary.500"})),
    );
    t.run("GET", &format!("{b}/tokensets/{ts}/tokens"), None);
    t.run("GET", &format!("{b}/tokensets/{ts}/export"), None);
    t.run(
        "GET",
        &format!("{b}/tokensets/{ts}/export?format=css"),
        None,
    );
    t.run(
        "GET",
        &format!("{b}/tokensets/{ts}/modes/{base}/export?format=json"),
        None,
    );
    t.run(
        "GET",
        &format!("{b}/tokensets/{ts}/modes/{base}/export?format=css"),
        None,
    );
    t.run(
        "PATCH",
        &format!("{b}/tokensets/{ts}/modes/{dark}"),
        Some(json!({"is_default": true})),
    );
    t.run("GET", &format!("{b}/tokensets/{ts}/modes"), None);
    t.run(
        "DELETE",
        &format!("{b}/tokensets/{ts}/modes/{base}/tokens/{tok}"),
        None,
    );
    t.run("DELETE", &format!("{b}/tokensets/{ts}/modes/{dark}"), None);
    t.run("GET", &format!("{b}/tokensets/{ts}/modes"), None);
    t.run("DELETE", &format!("{b}/tokensets/{ts}"), None);
    t.run("DELETE", &format!("{b}/workspaces/{ws}"), None);
    t.run("GET", &format!("{b}/workspaces"), None);
    insta::assert_snapshot!(redact_ids(&t.out));
}

#[test]
fn cascades_leave_nothing_behind() {
    let mut env = Env::new();
    env.user("alice", Plan::Pro);
    let (ws, ts) = env.tokenset("alice");
    let m = env.default_mode("alice", &ts);
    let tok = env.create(
        "alice",
        &format!("/api/v1/tokensets/{ts}/modes/{m}/tokens"),
        json!({"name": "a", "type": "number", "value": 1}),
    );
    assert_eq!(
        env.call("alice", "DELETE", &format!("/api/v1/workspaces/{ws}"), None)
            .0,
        200
    );
    for path in [
        format!("/api/v1/workspaces/{ws}"),
        format!("/api/v1/tokensets/{ts}"),
        format!("/api/v1/tokensets/{ts}/modes/{m}"),
        format!("/api/v1/tokensets/{ts}/modes/{m}/tokens/{tok}"),
    ] {
        assert_eq!(env.call("alice", "GET", &path, None).0, 404, "{path}");
    }
    tokencraft::store::read(&**env.api.store(), |tx| {
        assert!(tx.token(&tok).is_none() && tx.mode(&m).is_none() && tx.tokenset(&ts).is_none());
        assert!(tx.memberships(&ws).is_empty());
    });
}

#[test]
fn updated_at_moves_on_every_change_and_only_then() {
    let mut env = Env::new();
    env.user("alice", Plan::Pro);
    let ws = env.create("alice", "/api/v1/workspaces", json!({"name": "W"}));
    let path = format!("/api/v1/workspaces/{ws}");
    let stamp = |env: &Env| env.call("alice", "GET", &path, None).1["updated_at"].clone();
    let t0 = stamp(&env);
    env.call("alice", "PATCH", &path, Some(json!({})));
    assert_eq!(stamp(&env), t0, "an empty patch changes nothing");
    env.call("alice", "PATCH", &path, Some(json!({"name": "X"})));
    let t1 = stamp(&env);
    assert_ne!(t1, t0, "moves even within the same second");
    env.clock.advance_secs(3600);
    env.call("alice", "PATCH", &path, Some(json!({"name": "Y"})));
    assert_eq!(stamp(&env), json!("2025-01-15T11:00:00Z"));
}

#[test]
fn default_mode_invariants() {
    let mut env = Env::new();
    env.user("alice", Plan::Pro);
    let (_, ts) = env.tokenset("alice");
    let base = env.default_mode("alice", &ts);
    let modes = format!("/api/v1/tokensets/{ts}/modes");
    let a = env.create("alice", &modes, json!({"name": "A", "is_default": true}));
    let b = env.create("alice", &modes, json!({"name": "B"}));
    let defaults = |env: &Env| -> Vec<String> {
        let (_, v) = env.call("alice", "GET", &modes, None);
        v["modes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m["is_default"] == true)
            .filter_map(|m| m["name"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(defaults(&env), ["A"]);
    let (s, v) = env.call(
        "alice",
        "PATCH",
        &format!("{modes}/{a}"),
        Some(json!({"is_default": false})),
    );
    assert_eq!(
        (s, v["error"].as_str()),
        (
            400,
            Some("Cannot unset the default mode; set another mode as default instead")
        )
    );
    assert_eq!(
        env.call("alice", "DELETE", &format!("{modes}/{a}"), None).0,
        200
    );
    assert_eq!(
        defaults(&env),
        ["Base"],
        "the oldest remaining mode is promoted"
    );
    assert_eq!(
        env.call("alice", "DELETE", &format!("{modes}/{base}"), None)
            .0,
        200
    );
    assert_eq!(defaults(&env), ["B"]);
    let (s, v) = env.call("alice", "DELETE", &format!("{modes}/{b}"), None);
    assert_eq!(
        (s, v["error"].as_str()),
        (400, Some("Cannot delete the last mode in a tokenset"))
    );
}

#[test]
fn token_lists_follow_every_change() {
    let mut env = Env::new();
    env.user("alice", Plan::Pro);
    let (_, ts) = env.tokenset("alice");
    let m = env.default_mode("alice", &ts);
    let k1 = format!("/api/v1/tokensets/{ts}/modes/{m}/tokens");
    let t4 = format!("/api/v1/tokensets/{ts}/tokens");
    let lists = |env: &Env| {
        (
            env.call("alice", "GET", &k1, None).1,
            env.call("alice", "GET", &t4, None).1,
        )
    };
    assert_eq!(lists(&env).0["total"], 0);
    env.create(
        "alice",
        &k1,
        json!({"name": "a", "type": "number", "value": 1}),
    );
    let (a, b) = lists(&env);
    assert_eq!(
        (a["total"].clone(), b["total"].clone()),
        (json!(1), json!(1))
    );
    env.call(
        "alice",
        "PATCH",
        &format!("{k1}/a"),
        Some(json!({"value": 2})),
    );
    let (a, b) = lists(&env);
    assert_eq!(
        (
            a["tokens"][0]["value"].clone(),
            b["tokens"][0]["value"].clone()
        ),
        (json!(2), json!(2))
    );
    env.call(
        "alice",
        "PATCH",
        &format!("/api/v1/tokensets/{ts}/modes/{m}"),
        Some(json!({"name": "Renamed"})),
    );
    assert_eq!(lists(&env).0["mode"]["name"], "Renamed");
    let other = env.create(
        "alice",
        &format!("/api/v1/tokensets/{ts}/modes"),
        json!({"name": "Other", "is_default": true}),
    );
    assert_eq!(lists(&env).0["mode"]["is_default"], false);
    env.create(
        "alice",
        &format!("/api/v1/tokensets/{ts}/modes/{other}/tokens"),
        json!({"name": "b", "type": "number", "value": 3}),
    );
    assert_eq!(lists(&env).1["total"], 2);
    env.call("alice", "DELETE", &format!("{k1}/a"), None);
    let (a, b) = lists(&env);
    assert_eq!(
        (a["total"].clone(), b["total"].clone()),
        (json!(0), json!(1))
    );
}
