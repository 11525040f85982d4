//! The session API over a real socket with a real client: the cookie set by login comes
//! back through the HTTP/1.1 adapter, authenticates the dashboard routes, and is refused
//! on /api/v1; a cross-site browser request is refused.

mod server_support;

use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use tokencraft::api::{Api, ApiConfig, Request};
use tokencraft::store::MemoryStore;

fn status_and_body(r: Result<ureq::Response, ureq::Error>) -> (u16, serde_json::Value) {
    match r {
        Ok(r) | Err(ureq::Error::Status(_, r)) => {
            let s = r.status();
            (s, r.into_json().unwrap_or_default())
        }
        Err(e) => panic!("transport error: {e}"),
    }
}

#[test]
fn login_cookie_round_trip_over_http() {
    let store = Arc::new(MemoryStore::new());
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json"))
        .unwrap_or_default();
    tokencraft::api::load_seed(&*store, &seed).expect("seed");
    let api = Arc::new(Api::new(store, ApiConfig::default()));
    let server = server_support::start(|_| {}, move |req: &Request| api.handle(req));
    let base = format!("http://{}", server.addr);
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build();

    let login = agent
        .post(&format!("{base}/api/auth/login"))
        .send_json(json!({"email": "alice@example.com", "password": "alice-dev-password"}));
    let login = login.expect("login");
    assert_eq!(login.status(), 200);
    let set_cookie = login.header("set-cookie").unwrap_or_default().to_owned();
    assert!(
        set_cookie.ends_with("; Max-Age=604800; HttpOnly; SameSite=Lax; Path=/"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_owned();

    let (s, v) = status_and_body(
        agent
            .get(&format!("{base}/api/organizations"))
            .set("Cookie", &cookie)
            .call(),
    );
    assert_eq!(
        (s, v["organizations"][0]["id"].clone()),
        (200, json!("org-acme"))
    );

    // The cookie is not an API credential.
    let (s, v) = status_and_body(
        agent
            .get(&format!("{base}/api/v1/workspaces"))
            .set("Cookie", &cookie)
            .call(),
    );
    assert_eq!((s, v), (401, json!({"error": "Invalid API token"})));

    // A browser on another site cannot use the cookie to change anything.
    let (s, _) = status_and_body(
        agent
            .post(&format!("{base}/api/organizations/org-acme/environments"))
            .set("Cookie", &cookie)
            .set("Origin", "https://evil.example")
            .send_json(json!({"name": "Evil"})),
    );
    assert_eq!(s, 403);
    // The server's own origin can.
    let (s, v) = status_and_body(
        agent
            .post(&format!("{base}/api/organizations/org-acme/environments"))
            .set("Cookie", &cookie)
            .set("Origin", &base)
            .send_json(json!({"name": "Staging"})),
    );
    assert_eq!((s, v["name"].clone()), (201, json!("Staging")));

    let out = agent
        .post(&format!("{base}/api/auth/logout"))
        .set("Cookie", &cookie)
        .call()
        .expect("logout");
    assert_eq!(
        out.header("set-cookie"),
        Some("tc_session=; Max-Age=0; HttpOnly; SameSite=Lax; Path=/")
    );
    let (s, _) = status_and_body(
        agent
            .get(&format!("{base}/api/auth/session"))
            .set("Cookie", &cookie)
            .call(),
    );
    assert_eq!(s, 401);
}
