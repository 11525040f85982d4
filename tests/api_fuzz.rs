//! Property test: whatever the method, path, headers and body, `handle()` answers —
//! never a panic, never a 500 — with a documented status, the rate-limit headers, and
//! for errors a JSON body of the documented shape.

mod api_support;

use api_support::Env;
use proptest::prelude::*;
use serde_json::Value;
use tokencraft::api::{ApiConfig, Request};
use tokencraft::store::Plan;

fn env() -> (Env, Vec<String>) {
    let mut env = Env::with_config(ApiConfig {
        rate_limit: u32::MAX,
        max_body_bytes: 2048,
        ..Default::default()
    });
    env.user("o", Plan::Pro);
    let ws = env.create("o", "/api/v1/workspaces", serde_json::json!({"name": "W"}));
    let ts = env.create(
        "o",
        &format!("/api/v1/workspaces/{ws}/tokensets"),
        serde_json::json!({"name": "T"}),
    );
    let m = env.default_mode("o", &ts);
    env.create(
        "o",
        &format!("/api/v1/tokensets/{ts}/modes/{m}/tokens"),
        serde_json::json!({"name": "a.b", "type": "color", "value": "#fff"}),
    );
    (env, vec![ws, ts, m, "a.b".into()])
}

static ENV: std::sync::OnceLock<(Env, Vec<String>)> = std::sync::OnceLock::new();

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("workspaces".to_owned()),
        Just("tokensets".to_owned()),
        Just("modes".to_owned()),
        Just("tokens".to_owned()),
        Just("export".to_owned()),
        Just("{id}".to_owned()),
        "[a-z%0-9.]{0,6}",
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        Just(b"{}".to_vec()),
        "\\{\"(name|type|value|alias_to|is_default|description)\": (\"[a-z.]{0,5}\"|[0-9]|null|true|\\[\\]|\\{\\})\\}".prop_map(String::into_bytes),
        Just(vec![b'['; 3000]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn handle_always_answers_cleanly(
        method in prop_oneof![Just("GET".to_owned()), Just("POST".to_owned()), Just("PATCH".to_owned()), Just("DELETE".to_owned()), Just("HEAD".to_owned()), "[A-Z]{1,7}"],
        segs in proptest::collection::vec(segment(), 0..7),
        with_auth in any::<bool>(),
        ct in prop_oneof![Just(Some("application/json")), Just(None), Just(Some("text/plain"))],
        body in body(),
        query in "(format=[a-z]{0,8})?",
    ) {
        let (env, ids) = ENV.get_or_init(env);
        let mut n = 0;
        let path: Vec<String> = segs.into_iter().map(|s| if s == "{id}" { n += 1; ids[(n - 1) % ids.len()].clone() } else { s }).collect();
        let target = format!("/api/v1/{}?{query}", path.join("/"));
        let mut req = Request::new(&method, &target).body(body);
        if with_auth {
            req = req.header("Authorization", &format!("Bearer {}", env.tokens["o"]));
        }
        if let Some(ct) = ct {
            req = req.header("Content-Type", ct);
        }
        let r = env.api.handle(&req);
        prop_assert!([200, 201, 204, 304, 400, 401, 403, 404, 405, 413, 415].contains(&r.status), "{} {target}: {}", method, r.status);
        prop_assert!(r.header_value("X-RateLimit-Limit").is_some());
        if r.status >= 400 {
            let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            prop_assert!(v["error"].as_str().is_some_and(|m| !m.is_empty()), "{}", String::from_utf8_lossy(&r.body));
        }
    }
}
