//! Property tests: whatever reaches the session API — method, path, cookie, origin, body —
//! it answers without a panic or a 500, with the rate-limit headers and, for errors, a
//! JSON `{"error": …}` body; and the three-way merge agrees with a naive oracle on the
//! cases where the answer is obvious.

mod api_support;
mod session_support;

use api_support::Env;
use proptest::prelude::*;
use serde_json::{json, Value};
use session_support::*;
use std::collections::BTreeMap;
use tokencraft::api::orgs::merge::three_way;
use tokencraft::api::{ApiConfig, Request};
use tokencraft::store::{Plan, Snapshot};

struct World {
    env: Env,
    cookie: String,
    ids: Vec<String>,
}

fn world() -> World {
    let mut env = Env::with_config(ApiConfig {
        rate_limit: u32::MAX,
        max_body_bytes: 2048,
        ..Default::default()
    });
    let cookie = session_user(&mut env, "o", Plan::Team);
    env.workspace("ws", "o");
    let org = env
        .api
        .accounts()
        .create_organization("Acme", "o@example.com")
        .unwrap_or_default();
    let (_, e) = call(
        &env,
        &cookie,
        "POST",
        &format!("/api/organizations/{org}/environments"),
        Some(json!({"name": "Staging"})),
    );
    let staging = e["id"].as_str().unwrap_or_default().to_owned();
    World {
        env,
        cookie,
        ids: vec![org, staging, "ws".into()],
    }
}

static WORLD: std::sync::OnceLock<World> = std::sync::OnceLock::new();

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("auth".to_owned()),
        Just("login".to_owned()),
        Just("workspaces".to_owned()),
        Just("members".to_owned()),
        Just("invitations".to_owned()),
        Just("organizations".to_owned()),
        Just("environments".to_owned()),
        Just("releases".to_owned()),
        Just("merge".to_owned()),
        Just("export".to_owned()),
        Just("tokens".to_owned()),
        Just("{id}".to_owned()),
        "[a-z%0-9.-]{0,6}",
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        Just(b"{}".to_vec()),
        "\\{\"(name|email|password|role|scopes|include_in_organization|organization_id)\": (\"[a-z@.]{0,8}\"|[0-9]|null|true|\\[\\]|\\{\\})\\}".prop_map(String::into_bytes),
        Just(vec![b'{'; 3000]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_request_gets_a_well_formed_answer(
        method in prop_oneof![Just("GET"), Just("POST"), Just("DELETE"), Just("PUT"), Just("HEAD"), Just("OPTIONS")],
        segs in proptest::collection::vec(segment(), 0..6),
        pick in proptest::collection::vec(0usize..3, 6),
        cookie in prop_oneof![Just(0u8), Just(1u8), Just(2u8)],
        origin in prop_oneof![Just(None), Just(Some("https://evil.example")), Just(Some("null"))],
        query in "(format=[a-z]{0,4}|tokenset=x|mode=y|plan=[A-Z]{0,4})?",
        body in body(),
    ) {
        let w = WORLD.get_or_init(world);
        let path: Vec<String> = segs
            .iter()
            .zip(&pick)
            .map(|(s, i)| if s == "{id}" { w.ids[*i].clone() } else { s.clone() })
            .collect();
        let target = format!("/api/{}?{query}", path.join("/"));
        let mut req = Request::new(method, &target)
            .header("Content-Type", "application/json")
            .body(body);
        match cookie {
            1 => req = req.header("Cookie", &w.cookie),
            2 => req = req.header("Cookie", &format!("tc_session={}", "0".repeat(64))),
            _ => {}
        }
        if let Some(o) = origin {
            req = req.header("Origin", o);
        }
        let r = w.env.api.handle(&req);
        prop_assert!(r.status != 500, "{} {}: {}", method, target, String::from_utf8_lossy(&r.body));
        prop_assert!(r.header_value("x-ratelimit-limit").is_some());
        if r.status >= 400 {
            let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            prop_assert!(v["error"].is_string(), "{} {}: {:?}", method, target, v);
        }
    }
}

/// A snapshot of one tokenset with a `Base` default mode holding `tokens`, built from its
/// serde form (the shape a durable store writes).
fn snap(tokens: &BTreeMap<String, String>) -> Snapshot {
    let rows: Vec<Value> = tokens
        .iter()
        .map(|(n, v)| json!({"name": n, "type": "color", "value": v}))
        .collect();
    serde_json::from_value(json!({"tokensets": [{
        "id": "ts", "workspace_id": "ws", "name": "Core", "description": null,
        "modes": [{"name": "Base", "is_default": true, "tokens": rows}]
    }]}))
    .unwrap_or_default()
}

fn as_map(s: &Snapshot) -> BTreeMap<String, String> {
    s.tokensets
        .iter()
        .flat_map(|t| &t.modes)
        .flat_map(|m| &m.tokens)
        .map(|t| {
            (
                t.name.clone(),
                t.value.as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn tokens() -> impl Strategy<Value = BTreeMap<String, String>> {
    proptest::collection::btree_map("[a-e]", "#[0-2]", 0..5)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn merge_matches_a_naive_oracle(base in tokens(), source in tokens(), prod in tokens()) {
        let got = three_way(&snap(&base), &snap(&source), &snap(&prod));
        // The oracle, token by token.
        let mut want = BTreeMap::new();
        let mut conflicts = 0;
        let names: std::collections::BTreeSet<&String> =
            base.keys().chain(source.keys()).chain(prod.keys()).collect();
        for n in names {
            let (b, s, p) = (base.get(n), source.get(n), prod.get(n));
            let r = if s == b || s == p { p } else if p == b { s } else { conflicts += 1; None };
            if let Some(v) = r {
                want.insert(n.clone(), v.clone());
            }
        }
        match got {
            Ok(m) => {
                prop_assert_eq!(conflicts, 0);
                prop_assert_eq!(as_map(&m), want);
            }
            Err(c) => prop_assert_eq!(c.len(), conflicts),
        }
        // Unchanged Production takes the source; unchanged source keeps Production.
        let s_only = three_way(&snap(&base), &snap(&source), &snap(&base)).map(|m| as_map(&m));
        prop_assert_eq!(s_only, Ok(source.clone()));
        let p_only = three_way(&snap(&base), &snap(&base), &snap(&prod)).map(|m| as_map(&m));
        prop_assert_eq!(p_only, Ok(prod.clone()));
    }
}
