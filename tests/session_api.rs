//! The session (cookie) API: login and logout, cookie attributes, CSRF, the separation
//! from API tokens, S1–S6, API-token routes, downgrade status, 405/404 and rate limits.

mod api_support;
mod session_support;

use api_support::Env;
use serde_json::json;
use session_support::*;
use std::collections::BTreeSet;
use tokencraft::api::session::{NOT_LOGGED_IN, NO_API_TOKENS, ROUTES};
use tokencraft::api::{openapi_document, ApiConfig, Request, SessionConfig};
use tokencraft::store::{Plan, Role};

fn cookie_re() -> regex::Regex {
    regex::Regex::new(r"^tc_session=[0-9a-f]{64}; Max-Age=604800; HttpOnly; SameSite=Lax; Path=/$")
        .expect("regex")
}

const CLEAR: &str = "tc_session=; Max-Age=0; HttpOnly; SameSite=Lax; Path=/";

#[test]
fn login_sets_an_httponly_samesite_cookie() {
    let mut env = Env::new();
    env.user("alice", Plan::Team);
    with_password(&env, "alice");
    let r = env
        .api
        .handle(&login_request("alice@example.com", PASSWORD));
    assert_eq!(r.status, 200);
    let set = r.header_value("set-cookie").unwrap_or_default();
    assert!(cookie_re().is_match(set), "{set}");
    assert_eq!(r.header_value("cache-control"), Some("no-store"));
    assert_eq!(r.header_value("x-ratelimit-limit"), Some("100"));
    assert_eq!(
        json(&r),
        json!({"user": {"id": "alice", "email": "alice@example.com", "plan": "TEAM"},
               "expires_at": "2025-01-22T10:00:00Z"})
    );
    let cookie = set.split(';').next().unwrap_or_default();
    let (s, v) = call(&env, cookie, "GET", "/api/auth/session", None);
    assert_eq!((s, v["user"]["id"].clone()), (200, json!("alice")));
}

#[test]
fn secure_cookies_when_configured() {
    let mut env = Env::with_config(ApiConfig {
        session: SessionConfig {
            cookie_secure: true,
            ttl_secs: 3600,
            ..SessionConfig::default()
        },
        ..ApiConfig::default()
    });
    env.user("alice", Plan::Pro);
    with_password(&env, "alice");
    let r = env
        .api
        .handle(&login_request("alice@example.com", PASSWORD));
    let set = r.header_value("set-cookie").unwrap_or_default();
    assert!(
        set.ends_with("; Max-Age=3600; HttpOnly; SameSite=Lax; Path=/; Secure"),
        "{set}"
    );
}

#[test]
fn wrong_credentials_are_one_401_whatever_was_wrong() {
    let mut env = Env::new();
    env.user("alice", Plan::Pro);
    env.user("nopass", Plan::Pro);
    with_password(&env, "alice");
    for (email, password) in [
        ("alice@example.com", "wrong password"),
        ("nobody@example.com", PASSWORD),
        ("nopass@example.com", PASSWORD),
        ("ALICE@example.com", PASSWORD),
    ] {
        let r = env.api.handle(&login_request(email, password));
        assert_eq!(
            (r.status, json(&r)),
            (401, json!({"error": "Invalid email or password"})),
            "{email}"
        );
        assert_eq!(r.header_value("set-cookie"), None);
    }
}

#[test]
fn login_body_errors() {
    let env = Env::new();
    let cases: &[(Option<&str>, &str, u16, serde_json::Value)] = &[
        (
            Some("application/json"),
            r#"{"password": "x"}"#,
            400,
            json!({"error": "Email is required and must be a non-empty string", "field": "email"}),
        ),
        (
            Some("application/json"),
            r#"{"email": "a@b.c", "password": 5}"#,
            400,
            json!({"error": "Password is required and must be a non-empty string", "field": "password"}),
        ),
        (
            None,
            "{}",
            415,
            json!({"error": "Missing Content-Type header: send the body as JSON with 'Content-Type: application/json'"}),
        ),
        (
            Some("application/json"),
            "[]",
            400,
            json!({"error": "Request body must be a JSON object, not an array"}),
        ),
    ];
    for (ct, body, status, want) in cases {
        let mut req = Request::new("POST", "/api/auth/login").body(*body);
        if let Some(ct) = ct {
            req = req.header("Content-Type", ct);
        }
        let r = env.api.handle(&req);
        assert_eq!((r.status, json(&r)), (*status, want.clone()), "{body}");
    }
}

#[test]
fn logout_ends_the_session_and_clears_the_cookie() {
    let mut env = Env::new();
    let c = session_user(&mut env, "alice", Plan::Pro);
    let r = env
        .api
        .handle(&send(Some(&c), "POST", "/api/auth/logout", None));
    assert_eq!(r.status, 200);
    assert_eq!(json(&r), json!({"message": "Logged out successfully"}));
    assert_eq!(r.header_value("set-cookie"), Some(CLEAR));
    let r = env
        .api
        .handle(&send(Some(&c), "GET", "/api/auth/session", None));
    assert_eq!((r.status, json(&r)), (401, json!({"error": NOT_LOGGED_IN})));
    assert_eq!(r.header_value("set-cookie"), Some(CLEAR));
}

#[test]
fn sessions_expire() {
    let mut env = Env::new();
    let c = session_user(&mut env, "alice", Plan::Pro);
    env.clock.advance_secs(7 * 24 * 3600 - 1);
    assert_eq!(call(&env, &c, "GET", "/api/auth/session", None).0, 200);
    env.clock.advance_secs(1);
    assert_eq!(
        call(&env, &c, "GET", "/api/auth/session", None),
        (401, json!({"error": NOT_LOGGED_IN}))
    );
}

#[test]
fn cookies_and_api_tokens_never_cross_surfaces() {
    let mut env = Env::new();
    let c = session_user(&mut env, "alice", Plan::Pro);
    let token = env.tokens["alice"].clone();
    // An API token on a session route.
    let r = env.api.handle(
        &send(None, "GET", "/api/auth/session", None)
            .header("Authorization", &format!("Bearer {token}")),
    );
    assert_eq!((r.status, json(&r)), (401, json!({"error": NO_API_TOKENS})));
    // Even together with a valid cookie.
    let r = env.api.handle(
        &send(Some(&c), "GET", "/api/auth/session", None)
            .header("Authorization", &format!("Bearer {token}")),
    );
    assert_eq!(r.status, 401);
    // A cookie on /api/v1.
    let r = env
        .api
        .handle(&send(Some(&c), "GET", "/api/v1/workspaces", None));
    assert_eq!(
        (r.status, json(&r)),
        (401, json!({"error": "Invalid API token"}))
    );
    // No session at all.
    let r = env.api.handle(&send(
        None,
        "POST",
        "/api/workspaces",
        Some(&json!({"name": "W"})),
    ));
    assert_eq!((r.status, json(&r)), (401, json!({"error": NOT_LOGGED_IN})));
    assert_eq!(r.header_value("set-cookie"), None);
}

#[test]
fn cross_site_changes_are_refused() {
    let mut env = Env::with_config(ApiConfig {
        session: SessionConfig {
            allowed_origins: vec!["https://app.example.com".into()],
            ..SessionConfig::default()
        },
        ..ApiConfig::default()
    });
    let c = session_user(&mut env, "alice", Plan::Pro);
    let post = |h: &[(&str, &str)]| {
        let req = h.iter().fold(
            send(
                Some(&c),
                "POST",
                "/api/workspaces",
                Some(&json!({"name": "W"})),
            )
            .header("Host", "localhost:8080"),
            |r, (n, v)| r.header(n, v),
        );
        let r = env.api.handle(&req);
        (
            r.status,
            json(&r)["error"].as_str().unwrap_or("").to_owned(),
        )
    };
    assert_eq!(
        post(&[("Origin", "https://evil.example")]),
        (403, "Cross-site request refused: origin 'https://evil.example' may not make cookie-authenticated changes; call from the server's own origin, add the origin to the allowed origins, or use an API token on /api/v1".into())
    );
    assert_eq!(
        post(&[("Sec-Fetch-Site", "cross-site")]),
        (403, "Cross-site request refused: Sec-Fetch-Site is 'cross-site' and no allowed Origin was sent; call from the server's own origin or use an API token on /api/v1".into())
    );
    assert_eq!(post(&[("Origin", "http://localhost:8080")]).0, 201);
    // The FREE limit does not apply to PRO: the allowed origin may create another.
    assert_eq!(post(&[("Origin", "https://app.example.com")]).0, 201);
    // GET is never refused for its origin.
    let r = env.api.handle(
        &send(Some(&c), "GET", "/api/auth/session", None).header("Origin", "https://evil.example"),
    );
    assert_eq!(r.status, 200);
    // Login CSRF is refused too.
    let r = env.api.handle(
        &login_request("alice@example.com", PASSWORD).header("Origin", "https://evil.example"),
    );
    assert_eq!(r.status, 403);
}

#[test]
fn unknown_routes_methods_and_deprecated_invitations() {
    let mut env = Env::new();
    let c = session_user(&mut env, "alice", Plan::Pro);
    let r = env.api.handle(&send(None, "GET", "/api/auth/login", None));
    assert_eq!(r.status, 405);
    assert_eq!(r.header_value("allow"), Some("POST"));
    assert_eq!(
        json(&r),
        json!({"error": "Method GET is not allowed on /api/auth/login; allowed: POST"})
    );
    let r = env.api.handle(&send(
        Some(&c),
        "PUT",
        "/api/organizations/o/environments",
        None,
    ));
    assert_eq!(r.header_value("allow"), Some("GET, HEAD, POST"));
    let r = env.api.handle(&send(None, "GET", "/api/nope", None));
    assert_eq!(
        (r.status, json(&r)),
        (
            404,
            json!({"error": "No API route matches GET /api/nope; GET /api/v1/openapi.json lists every route"})
        )
    );
    let gone = json!({"error": "Workspace invitation links are deprecated. Members are now added instantly from workspace settings."});
    for (m, p) in [
        ("POST", "/api/workspaces/invitations/accept"),
        ("GET", "/api/workspaces/invitations/verify"),
        ("DELETE", "/api/workspaces/invitations/inv-1"),
    ] {
        for cookie in [None, Some(c.as_str())] {
            let r = env.api.handle(&send(cookie, m, p, None));
            assert_eq!((r.status, json(&r)), (410, gone.clone()), "{m} {p}");
        }
    }
}

#[test]
fn rate_limits_are_per_session() {
    let mut env = Env::with_config(ApiConfig {
        rate_limit: 3,
        ..ApiConfig::default()
    });
    env.user("alice", Plan::Pro);
    with_password(&env, "alice");
    let login_from = |addr: &str| {
        let mut req = login_request("alice@example.com", PASSWORD);
        req.remote_addr = Some(addr.into());
        let r = env.api.handle(&req);
        r.header_value("set-cookie")
            .and_then(|s| s.split(';').next())
            .unwrap_or_default()
            .to_owned()
    };
    let a = login_from("10.0.0.1");
    let b = login_from("10.0.0.2");
    for i in 0..3 {
        let r = env
            .api
            .handle(&send(Some(&a), "GET", "/api/auth/session", None));
        assert_eq!(r.status, 200, "request {i}");
        assert_eq!(
            r.header_value("x-ratelimit-remaining"),
            Some((2 - i).to_string().as_str())
        );
    }
    let r = env
        .api
        .handle(&send(Some(&a), "GET", "/api/auth/session", None));
    assert_eq!(r.status, 429);
    assert_eq!(r.header_value("retry-after"), Some("60"));
    assert_eq!(
        json(&r),
        json!({"error": "Rate limit exceeded. Please try again later."})
    );
    let r = env
        .api
        .handle(&send(Some(&b), "GET", "/api/auth/session", None));
    assert_eq!(r.status, 200);
}

#[test]
fn s1_creates_workspaces_within_plan_limits() {
    let mut env = Env::new();
    let free = session_user(&mut env, "free", Plan::Free);
    let pro = session_user(&mut env, "pro", Plan::Pro);
    let team = session_user(&mut env, "team", Plan::Team);
    let (s, v) = call(
        &env,
        &free,
        "POST",
        "/api/workspaces",
        Some(json!({"name": " Design System ", "description": "Main product workspace"})),
    );
    assert_eq!(s, 201);
    assert_eq!(v["name"], "Design System");
    assert_eq!(v["description"], "Main product workspace");
    assert_eq!(v["user_id"], "free");
    assert_eq!(v["user_role"], "owner");
    assert_eq!(v["is_owner"], true);
    assert_eq!(v["organization_id"], json!(null));
    assert_eq!(v["created_at"], "2025-01-15T10:00:00Z");
    let id = v["id"].as_str().unwrap_or_default().to_owned();
    // The owner membership exists (S2).
    let (_, m) = call(
        &env,
        &free,
        "GET",
        &format!("/api/workspaces/{id}/members"),
        None,
    );
    assert_eq!(m["members"][0]["role"], "owner");
    let cases = [
        (
            &free,
            json!({"name": "Second"}),
            403,
            "Workspace limit reached for your current plan",
        ),
        (
            &pro,
            json!({"name": ""}),
            400,
            "Name is required and must be a non-empty string",
        ),
        (
            &pro,
            json!({"name": "W", "include_in_organization": "yes"}),
            400,
            "include_in_organization must be a boolean",
        ),
        (
            &pro,
            json!({"name": "W", "include_in_organization": true}),
            403,
            "Organizations require the TEAM plan: upgrade to include workspaces in an organization",
        ),
        (
            &team,
            json!({"name": "W", "include_in_organization": true}),
            403,
            "You do not own an organization: create one first (POST /api/organizations)",
        ),
        (
            &team,
            json!({"name": "W", "organization_id": "nope"}),
            404,
            "Organization not found",
        ),
    ];
    for (c, body, status, msg) in cases {
        let (s, v) = call(&env, c, "POST", "/api/workspaces", Some(body.clone()));
        assert_eq!(
            (s, v["error"].as_str().unwrap_or("")),
            (status, msg),
            "{body}"
        );
    }
    let (s, org) = call(
        &env,
        &team,
        "POST",
        "/api/organizations",
        Some(json!({"name": "Acme"})),
    );
    assert_eq!(s, 201);
    let (s, v) = call(
        &env,
        &team,
        "POST",
        "/api/workspaces",
        Some(json!({"name": "In org", "include_in_organization": true})),
    );
    assert_eq!((s, &v["organization_id"]), (201, &org["id"]));
    let (_, orgs) = call(&env, &team, "GET", "/api/organizations", None);
    assert_eq!(orgs["organizations"][0]["workspace_ids"], json!([v["id"]]));
    assert_eq!(orgs["organizations"][0]["role"], "owner");
}

#[test]
fn s2_s3_members() {
    let mut env = Env::new();
    let owner = session_user(&mut env, "owner", Plan::Team);
    let editor = session_user(&mut env, "ed", Plan::Free);
    let stranger = session_user(&mut env, "stranger", Plan::Team);
    let pro = session_user(&mut env, "pro", Plan::Pro);
    env.user("new", Plan::Free);
    env.workspace("ws", "owner");
    env.member("ws", "ed", Role::Editor);
    env.workspace("pws", "pro");
    let path = "/api/workspaces/ws/members";
    let (s, v) = call(&env, &owner, "GET", path, None);
    assert_eq!(s, 200);
    assert_eq!(
        v,
        json!({"members": [
            {"id": "ws/owner", "workspace_id": "ws", "user_id": "owner", "role": "owner", "user_email": "owner@example.com", "user_name": "owner"},
            {"id": "ws/ed", "workspace_id": "ws", "user_id": "ed", "role": "editor", "user_email": "ed@example.com", "user_name": "ed"}
        ], "invitations": []})
    );
    let add = |c: &str, p: &str, body: serde_json::Value| call(&env, c, "POST", p, Some(body));
    let (s, v) = add(
        &owner,
        path,
        json!({"email": "new@example.com", "role": "viewer"}),
    );
    assert_eq!(
        (s, v["role"].clone(), v["user_id"].clone()),
        (201, json!("viewer"), json!("new"))
    );
    let (s, v) = add(
        &owner,
        path,
        json!({"email": "new@example.com", "role": "admin"}),
    );
    assert_eq!((s, v["role"].clone()), (200, json!("admin")));
    let cases = [
        (&owner, path, json!({"email": "ghost@example.com", "role": "editor"}), 404,
         "No account uses the email 'ghost@example.com': the person must sign up before being added"),
        (&owner, path, json!({"email": "new@example.com", "role": "owner"}), 400,
         "Role is required and must be one of: admin, editor, viewer"),
        (&owner, path, json!({"email": "owner@example.com", "role": "viewer"}), 400,
         "The workspace owner's role cannot be changed"),
        (&owner, path, json!({"role": "viewer"}), 400, "Email is required and must be a non-empty string"),
        (&editor, path, json!({"email": "new@example.com", "role": "viewer"}), 403,
         "Your workspace role (editor) does not allow managing members; ask the workspace owner or an admin"),
        (&stranger, path, json!({"email": "new@example.com", "role": "viewer"}), 404, "Workspace not found"),
        (&pro, "/api/workspaces/pws/members", json!({"email": "new@example.com", "role": "viewer"}), 403,
         "Member limit reached: this workspace's owner is on PRO which allows 1 member(s) per workspace; upgrade to TEAM to add more"),
    ];
    for (c, p, body, status, msg) in cases {
        let (s, v) = add(c, p, body.clone());
        assert_eq!(
            (s, v["error"].as_str().unwrap_or("")),
            (status, msg),
            "{body}"
        );
    }
    assert_eq!(
        call(&env, &stranger, "GET", path, None),
        (404, json!({"error": "Workspace not found"}))
    );
}

#[test]
fn api_tokens_can_be_managed_with_a_session() {
    let mut env = Env::new();
    let c = session_user(&mut env, "alice", Plan::Pro);
    let (s, v) = call(
        &env,
        &c,
        "POST",
        "/api/tokens",
        Some(json!({"name": "CI", "scopes": ["read:tokens"]})),
    );
    assert_eq!(s, 201);
    let token = v["token"].as_str().unwrap_or_default().to_owned();
    assert!(token.starts_with("tkc_") && token.len() == 44, "{token}");
    assert_eq!(v["prefix"], json!(&token[..12]));
    assert_eq!(v["scopes"], json!(["read:tokens"]));
    let v1 = |t: &str| {
        env.api
            .handle(
                &Request::new("GET", "/api/v1/workspaces")
                    .header("Authorization", &format!("Bearer {t}")),
            )
            .status
    };
    assert_eq!(v1(&token), 200);
    let (_, list) = call(&env, &c, "GET", "/api/tokens", None);
    assert_eq!(list["total"], 2);
    assert!(
        list.to_string().find(&token).is_none(),
        "the plaintext is never listed"
    );
    let id = v["id"].as_str().unwrap_or_default();
    let (s, v) = call(&env, &c, "DELETE", &format!("/api/tokens/{id}"), None);
    assert_eq!(
        (s, v),
        (200, json!({"message": "API token revoked successfully"}))
    );
    assert_eq!(v1(&token), 401);
    assert_eq!(
        call(&env, &c, "DELETE", "/api/tokens/nope", None),
        (404, json!({"error": "API token not found"}))
    );
    let (s, v) = call(
        &env,
        &c,
        "POST",
        "/api/tokens",
        Some(json!({"name": "x", "scopes": ["admin"]})),
    );
    assert_eq!(
        (s, v["error"].clone()),
        (
            400,
            json!("Scopes must be a non-empty array of: read:tokens, write:tokens, export:tokens")
        )
    );
}

#[test]
fn downgrade_status_reports_limits_usage_and_enforcement() {
    let mut env = Env::new();
    let team = session_user(&mut env, "team", Plan::Team);
    env.user("m", Plan::Free);
    for ws in ["w1", "w2", "w3"] {
        env.workspace(ws, "team");
    }
    env.member("w1", "m", Role::Editor);
    let (s, v) = call(
        &env,
        &team,
        "GET",
        "/api/subscription/downgrade-status",
        None,
    );
    assert_eq!(s, 200);
    assert_eq!(v["plan"], "TEAM");
    assert_eq!(v["over_limit"], false);
    assert_eq!(v["workspace_count"], 3);
    assert_eq!(v["workspace_limit"], json!(null));
    assert_eq!(v["enforced"], json!([]));
    let (s, v) = call(
        &env,
        &team,
        "GET",
        "/api/subscription/downgrade-status?plan=free",
        None,
    );
    assert_eq!(s, 200);
    assert_eq!(
        v,
        json!({
            "plan": "TEAM", "target_plan": "FREE", "over_limit": true,
            "workspace_count": 3, "workspace_limit": 1,
            "limits": {"workspaces": 1, "members_per_workspace": 1, "api_write": false},
            "usage": {"workspaces": 3, "members": [
                {"workspace_id": "w1", "workspace_name": "w1", "members": 2},
                {"workspace_id": "w2", "workspace_name": "w2", "members": 1},
                {"workspace_id": "w3", "workspace_name": "w3", "members": 1}]},
            "overage": {"workspaces": 2, "members": [
                {"workspace_id": "w1", "workspace_name": "w1", "members": 2, "over_by": 1}]},
            "enforced": [
                "New workspaces are refused: you own 3 and FREE allows 1; existing workspaces stay accessible",
                "New members are refused in 1 workspace(s) over the FREE member limit; existing members keep their access",
                "API writes (/api/v1) to your workspaces are refused: FREE has no API write access",
                "Members of your workspaces lose access: sharing needs TEAM, and FREE workspaces are owner-only"
            ]
        })
    );
    assert_eq!(
        call(
            &env,
            &team,
            "GET",
            "/api/subscription/downgrade-status?plan=GOLD",
            None
        ),
        (
            400,
            json!({"error": "Invalid plan 'GOLD'. Must be one of: FREE, PRO, TEAM"})
        )
    );
}

#[test]
fn openapi_lists_every_session_route() {
    let doc = openapi_document();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(p, _)| !p.starts_with("/api/v1/"))
        .flat_map(|(p, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .map(move |(m, _)| (p.clone(), m.to_ascii_uppercase()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .flat_map(|d| {
            d.methods
                .iter()
                .map(move |(m, _)| (format!("/api{}", d.template), (*m).to_owned()))
        })
        .collect();
    assert_eq!(documented, routed);
    assert_eq!(routed.len(), 22);
    assert_eq!(
        doc["components"]["securitySchemes"]["cookieAuth"]["name"],
        "tc_session"
    );
}

#[test]
fn the_example_seed_has_logins_and_an_organization() {
    let env = Env::new();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json"))
        .unwrap_or_default();
    let summary = env.api.accounts().load_seed(&text).ok();
    assert_eq!(summary.map(|s| s.organizations), Some(1));
    let r = env
        .api
        .handle(&login_request("alice@example.com", "alice-dev-password"));
    assert_eq!(r.status, 200);
    let c = r
        .header_value("set-cookie")
        .and_then(|s| s.split(';').next())
        .unwrap_or_default()
        .to_owned();
    let (s, v) = call(
        &env,
        &c,
        "GET",
        "/api/organizations/org-acme/environments",
        None,
    );
    assert_eq!(
        (s, v["environments"][0]["name"].clone()),
        (200, json!("Production"))
    );
    // bob is an editor of the organization's workspace: an organization editor.
    let r = env
        .api
        .handle(&login_request("bob@example.com", "bob-dev-password"));
    let c = r
        .header_value("set-cookie")
        .and_then(|s| s.split(';').next())
        .unwrap_or_default()
        .to_owned();
    let (_, v) = call(&env, &c, "GET", "/api/organizations", None);
    assert_eq!(v["organizations"][0]["role"], "editor");
}

#[test]
fn options_head_and_oversized_bodies() {
    let mut env = Env::with_config(ApiConfig {
        max_body_bytes: 64,
        ..ApiConfig::default()
    });
    let c = session_user(&mut env, "alice", Plan::Team);
    let r = env.api.handle(&send(None, "OPTIONS", "/api/tokens", None));
    assert_eq!(
        (r.status, r.header_value("allow")),
        (204, Some("GET, HEAD, POST"))
    );
    assert!(r.body.is_empty());
    let r = env
        .api
        .handle(&send(Some(&c), "HEAD", "/api/auth/session", None));
    assert_eq!(r.status, 200);
    let big = json!({"name": "x".repeat(100)});
    let r = env
        .api
        .handle(&send(Some(&c), "POST", "/api/workspaces", Some(&big)));
    assert_eq!(
        (r.status, json(&r)),
        (
            413,
            json!({"error": "Request body is too large: 111 bytes; the limit is 64 bytes"})
        )
    );
}
