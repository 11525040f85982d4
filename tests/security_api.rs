//! Attacks on the API surface (issue 6), route by route, with no socket: guessing other
//! users' ids (always the same 404 as an id that does not exist), revoked tokens, scope
//! escalation (missing scopes, ownership fields smuggled in bodies), a viewer writing
//! through every write route, header injection through names that land in
//! `Content-Disposition`, and the constant-time token comparison.
//!
//! The decision matrix itself (plans × roles × operations) is `tests/api_access.rs`.

mod api_support;

use api_support::Env;
use serde_json::{json, Value};
use tokencraft::api::Response;
use tokencraft::store::{Plan, Role, Scope};

/// Ids of one user's workspace, tokenset, default mode and token.
#[derive(Debug, Clone)]
struct Ids {
    ws: String,
    ts: String,
    mode: String,
    token: String,
}

/// Every method × route of `/api/v1` that takes an id, with a body valid for a write.
const ROUTES: [(&str, &str); 21] = [
    ("GET", "/workspaces/{ws}"),
    ("PATCH", "/workspaces/{ws}"),
    ("DELETE", "/workspaces/{ws}"),
    ("GET", "/workspaces/{ws}/tokensets"),
    ("POST", "/workspaces/{ws}/tokensets"),
    ("GET", "/tokensets/{ts}"),
    ("PATCH", "/tokensets/{ts}"),
    ("DELETE", "/tokensets/{ts}"),
    ("GET", "/tokensets/{ts}/tokens"),
    ("GET", "/tokensets/{ts}/export?format=css"),
    ("GET", "/tokensets/{ts}/modes"),
    ("POST", "/tokensets/{ts}/modes"),
    ("GET", "/tokensets/{ts}/modes/{m}"),
    ("PATCH", "/tokensets/{ts}/modes/{m}"),
    ("DELETE", "/tokensets/{ts}/modes/{m}"),
    ("GET", "/tokensets/{ts}/modes/{m}/tokens"),
    ("POST", "/tokensets/{ts}/modes/{m}/tokens"),
    ("GET", "/tokensets/{ts}/modes/{m}/tokens/{t}"),
    ("PATCH", "/tokensets/{ts}/modes/{m}/tokens/{t}"),
    ("DELETE", "/tokensets/{ts}/modes/{m}/tokens/{t}"),
    ("GET", "/tokensets/{ts}/modes/{m}/export?format=json"),
];

fn body_for(method: &str, route: &str) -> Option<Value> {
    match (method, route) {
        ("POST", r) if r.ends_with("/tokens") => {
            Some(json!({"name": "x.y", "type": "number", "value": 1}))
        }
        ("POST", _) => Some(json!({"name": "Injected"})),
        ("PATCH", r) if r.ends_with("{t}") => Some(json!({"value": 2})),
        ("PATCH", r) if r.ends_with("{m}") => Some(json!({"name": "Renamed"})),
        ("PATCH", _) => Some(json!({"name": "Renamed"})),
        _ => None,
    }
}

fn path(route: &str, ids: &Ids) -> String {
    format!(
        "/api/v1{}",
        route
            .replace("{ws}", &ids.ws)
            .replace("{ts}", &ids.ts)
            .replace("{m}", &ids.mode)
            .replace("{t}", &ids.token)
    )
}

/// Status, body and every header except the per-token rate-limit counters.
fn observable(r: &Response) -> (u16, String, Vec<(String, String)>) {
    let headers = r
        .headers
        .iter()
        .filter(|(n, _)| !n.to_ascii_lowercase().starts_with("x-ratelimit"))
        .cloned()
        .collect();
    (
        r.status,
        String::from_utf8_lossy(&r.body).into_owned(),
        headers,
    )
}

/// A user with a PRO workspace holding a tokenset, its default mode and one token.
fn data_of(env: &mut Env, user: &str, plan: Plan) -> Ids {
    env.user(user, Plan::Pro);
    let ws = env.create(
        user,
        "/api/v1/workspaces",
        json!({"name": format!("{user}'s")}),
    );
    let ts = env.create(
        user,
        &format!("/api/v1/workspaces/{ws}/tokensets"),
        json!({"name": "Secret"}),
    );
    let mode = env.default_mode(user, &ts);
    let token = env.create(
        user,
        &format!("/api/v1/tokensets/{ts}/modes/{mode}/tokens"),
        json!({"name": "brand.primary", "type": "color", "value": "#3b82f6"}),
    );
    env.api.accounts().set_plan(user, plan).expect("plan");
    Ids {
        ws,
        ts,
        mode,
        token,
    }
}

/// Everything the victim can read, to prove an attack changed nothing.
fn snapshot(env: &Env, who: &str, ids: &Ids) -> Vec<(u16, Value)> {
    [
        format!("/api/v1/workspaces/{}", ids.ws),
        format!("/api/v1/workspaces/{}/tokensets", ids.ws),
        format!("/api/v1/tokensets/{}/modes", ids.ts),
        format!("/api/v1/tokensets/{}/tokens", ids.ts),
    ]
    .iter()
    .map(|p| env.call(who, "GET", p, None))
    .collect()
}

const GHOST: &str = "00000000-0000-4000-8000-000000000000";

fn ghost() -> Ids {
    Ids {
        ws: GHOST.into(),
        ts: GHOST.into(),
        mode: GHOST.into(),
        token: GHOST.into(),
    }
}

#[test]
fn guessed_ids_of_other_users_answer_exactly_like_ids_that_do_not_exist() {
    let mut env = Env::new();
    for plan in [Plan::Pro, Plan::Team, Plan::Free] {
        let victim = format!("victim-{}", plan.as_str().to_lowercase());
        let attacker = format!("attacker-{}", plan.as_str().to_lowercase());
        let v = data_of(&mut env, &victim, plan);
        let a = data_of(&mut env, &attacker, Plan::Team);
        let before = snapshot(&env, &victim, &v);
        // Every mix: entirely the victim's ids, and the attacker's own parents with the
        // victim's children (a mode or token id moved under a tokenset the attacker owns).
        let mixes = [
            (v.clone(), ghost()),
            (
                Ids {
                    mode: v.mode.clone(),
                    ..a.clone()
                },
                Ids {
                    mode: GHOST.into(),
                    ..a.clone()
                },
            ),
            (
                Ids {
                    token: v.token.clone(),
                    ..a.clone()
                },
                Ids {
                    token: GHOST.into(),
                    ..a.clone()
                },
            ),
        ];
        for (guess, missing) in &mixes {
            for (method, route) in ROUTES {
                if guess.ws == a.ws && !(route.contains("{m}") || route.contains("{t}")) {
                    continue; // nothing of the victim's in this path
                }
                if guess.token != a.token && !route.contains("{t}") {
                    continue;
                }
                let body = body_for(method, route);
                let got = env.send(&attacker, method, &path(route, guess), body.as_ref());
                let want = env.send(&attacker, method, &path(route, missing), body.as_ref());
                assert_eq!(got.status, 404, "{method} {route} with {guess:?}");
                assert_eq!(
                    observable(&got),
                    observable(&want),
                    "{method} {route}: a guessed id of {victim} is distinguishable from a missing one"
                );
            }
        }
        assert_eq!(
            snapshot(&env, &victim, &v),
            before,
            "{victim}'s data changed"
        );
    }
}

#[test]
fn revoked_tokens_are_refused_on_every_route_like_no_token() {
    let mut env = Env::new();
    let ids = data_of(&mut env, "owner", Plan::Team);
    let plain = api_support::token_for("gone");
    let acc = env.api.accounts();
    let rec = acc
        .add_token("owner", "gone", &plain, &Scope::ALL, false)
        .expect("token");
    acc.revoke_token(&rec.id).expect("revoke");
    env.tokens.insert("gone".into(), plain);
    let before = snapshot(&env, "owner", &ids);
    let mut routes: Vec<(&str, &str)> = ROUTES.to_vec();
    routes.extend([("GET", "/workspaces"), ("POST", "/workspaces")]);
    for (method, route) in routes {
        let body = body_for(method, route).or(Some(json!({"name": "n"})));
        let revoked = env.send("gone", method, &path(route, &ids), body.as_ref());
        let anonymous = env.send("", method, &path(route, &ids), body.as_ref());
        assert_eq!(revoked.status, 401, "{method} {route}");
        assert_eq!(
            serde_json::from_slice::<Value>(&revoked.body).expect("json"),
            json!({"error": "Invalid API token"}),
            "{method} {route}"
        );
        assert_eq!(revoked.body, anonymous.body, "{method} {route}");
    }
    assert_eq!(snapshot(&env, "owner", &ids), before);
}

#[test]
fn scopes_cannot_be_escalated() {
    let mut env = Env::new();
    let ids = data_of(&mut env, "owner", Plan::Team);
    env.token("read-only", "owner", &[Scope::ReadTokens]);
    env.token("export-only", "owner", &[Scope::ExportTokens]);
    let before = snapshot(&env, "owner", &ids);
    for (method, route) in ROUTES {
        let body = body_for(method, route);
        let p = path(route, &ids);
        let export = route.contains("/export");
        let needed = match (method, export) {
            (_, true) => "export:tokens",
            ("GET", false) => "read:tokens",
            _ => "write:tokens",
        };
        for who in ["read-only", "export-only"] {
            let has = match who {
                "read-only" => needed == "read:tokens",
                _ => needed == "export:tokens",
            };
            let (status, v) = env.call(who, method, &p, body.clone());
            if has {
                assert!(status < 300, "{who} {method} {route}: {status} {v}");
            } else {
                assert_eq!(
                    (status, v),
                    (
                        403,
                        json!({"error": format!("This operation requires the '{needed}' scope")})
                    ),
                    "{who} {method} {route}"
                );
            }
        }
    }
    assert_eq!(snapshot(&env, "owner", &ids), before);
}

#[test]
fn ownership_fields_in_bodies_are_ignored() {
    let mut env = Env::new();
    let victim = data_of(&mut env, "victim", Plan::Team);
    let mine = data_of(&mut env, "attacker", Plan::Team);
    let before = snapshot(&env, "victim", &victim);
    // Try to move my tokenset, mode and token into the victim's workspace/tokenset, or to
    // make the workspace the victim's, by naming foreign ids in the body.
    let smuggled = json!({
        "name": "Moved", "owner": "victim", "owner_id": "victim", "user_id": "victim",
        "workspace_id": victim.ws, "tokenset_id": victim.ts, "mode_id": victim.mode,
        "id": victim.token, "role": "owner", "plan": "TEAM",
    });
    for (method, route) in [
        ("PATCH", "/workspaces/{ws}"),
        ("PATCH", "/tokensets/{ts}"),
        ("PATCH", "/tokensets/{ts}/modes/{m}"),
        ("PATCH", "/tokensets/{ts}/modes/{m}/tokens/{t}"),
        ("POST", "/workspaces/{ws}/tokensets"),
        ("POST", "/tokensets/{ts}/modes"),
    ] {
        let mut body = smuggled.clone();
        body["name"] = json!(format!("Moved {method} {route}"));
        let (status, v) = env.call("attacker", method, &path(route, &mine), Some(body));
        assert!(status < 300, "{method} {route}: {status} {v}");
        if let Some(id) = v["id"].as_str() {
            assert_ne!(id, victim.token, "{method} {route} took a chosen id");
        }
    }
    let (_, created) = env.call(
        "attacker",
        "POST",
        "/api/v1/workspaces",
        Some(smuggled.clone()),
    );
    assert_eq!(created["user_id"], "attacker", "{created}");
    assert_eq!(created["is_owner"], true, "{created}");
    assert_eq!(
        snapshot(&env, "victim", &victim),
        before,
        "the victim's data changed"
    );
    // The attacker still sees only their own workspaces.
    let (_, list) = env.call("attacker", "GET", "/api/v1/workspaces", None);
    assert!(!list.to_string().contains(&victim.ws), "{list}");
}

#[test]
fn a_viewer_cannot_write_through_any_route() {
    let mut env = Env::new();
    let ids = data_of(&mut env, "owner", Plan::Team);
    env.user("viewer", Plan::Team);
    env.member(&ids.ws, "viewer", Role::Viewer);
    let before = snapshot(&env, "owner", &ids);
    let role = json!({"error": "Your workspace role does not allow API write operations on this TEAM workspace."});
    let mut writes = 0;
    for (method, route) in ROUTES {
        let body = body_for(method, route);
        let (status, v) = env.call("viewer", method, &path(route, &ids), body);
        if method == "GET" {
            assert_eq!(status, 200, "viewer {method} {route}: {v}");
        } else {
            writes += 1;
            assert_eq!((status, v), (403, role.clone()), "viewer {method} {route}");
        }
    }
    assert_eq!(writes, 11);
    assert_eq!(snapshot(&env, "owner", &ids), before);
}

#[test]
fn names_cannot_inject_headers() {
    let mut env = Env::new();
    let ids = data_of(&mut env, "owner", Plan::Team);
    let nasty = [
        "Evil\r\nSet-Cookie: a=b",
        "x\"; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd",
        "..\\..\\boot.ini",
        "\u{0}\u{7f}\u{85}\u{2028}",
        "Ünïcödé ✓ 日本",
        "a;b,c=d",
        "",
    ];
    let formats: Vec<String> = tokencraft::emit::Registry::builtin()
        .list()
        .map(|e| e.name().to_string())
        .collect();
    for name in nasty {
        // Names that the API refuses are fine too: then nothing reaches a header.
        let _ = env.call(
            "owner",
            "PATCH",
            &format!("/api/v1/tokensets/{}", ids.ts),
            Some(json!({"name": name})),
        );
        let _ = env.call(
            "owner",
            "PATCH",
            &format!("/api/v1/tokensets/{}/modes/{}", ids.ts, ids.mode),
            Some(json!({"name": name})),
        );
        for format in &formats {
            for p in [
                format!("/api/v1/tokensets/{}/export?format={format}", ids.ts),
                format!(
                    "/api/v1/tokensets/{}/modes/{}/export?format={format}",
                    ids.ts, ids.mode
                ),
                format!(
                    "/api/v1/tokensets/{}/export?format={format}%0d%0aX-Evil:%201",
                    ids.ts
                ),
            ] {
                let r = env.send("owner", "GET", &p, None);
                for (n, v) in &r.headers {
                    assert!(
                        v.chars().all(|c| c == '\t' || (' '..='~').contains(&c)),
                        "{p}: header {n}: {v:?} is not visible ASCII (name {name:?})"
                    );
                    assert!(
                        !n.eq_ignore_ascii_case("set-cookie") && !n.eq_ignore_ascii_case("x-evil")
                    );
                }
                if let Some(cd) = r.header_value("Content-Disposition") {
                    let file = cd
                        .strip_prefix("attachment; filename=\"")
                        .and_then(|f| f.strip_suffix('"'))
                        .unwrap_or_else(|| panic!("{p}: odd Content-Disposition {cd:?}"));
                    assert!(
                        !file.is_empty()
                            && !file.starts_with('.')
                            && file
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                        "{p}: unsafe file name {file:?} (name {name:?})"
                    );
                }
            }
        }
    }
}

#[test]
fn token_hashes_are_compared_in_constant_time() {
    // Code review as a test: authentication hashes the presented token (SHA-256) and
    // compares the stored hash with `subtle`'s constant-time equality, never `==`.
    let auth = include_str!("../src/api/auth.rs");
    assert!(auth.contains("use subtle::ConstantTimeEq;"));
    assert!(auth.contains("rec.hash.ct_eq(&hash)"));
    let authenticate = auth
        .split("pub fn authenticate")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .expect("authenticate() in src/api/auth.rs");
    assert!(
        !authenticate.contains("hash ==") && !authenticate.contains("== hash"),
        "authenticate compares hashes with ==:\n{authenticate}"
    );
    // Behaviour: a token differing only in its last character is refused like any other.
    let mut env = Env::new();
    env.user("u", Plan::Pro);
    let good = env.tokens["u"].clone();
    let mut near = good.clone();
    let last = near.pop().expect("char");
    near.push(if last == '0' { '1' } else { '0' });
    env.tokens.insert("near".into(), near);
    assert_eq!(env.call("u", "GET", "/api/v1/workspaces", None).0, 200);
    assert_eq!(
        env.call("near", "GET", "/api/v1/workspaces", None),
        (401, json!({"error": "Invalid API token"}))
    );
}
