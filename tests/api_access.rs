//! The whole decision matrix of §2.5 (owner plan × caller relation × operation), every
//! cell over every endpoint of that operation kind; scopes; and every 401 cause.

mod api_support;

use api_support::{token_for, Env};
use serde_json::{json, Value};
use std::cell::Cell;
use tokencraft::store::{Plan, Role, Scope};

struct Fixture {
    ws: String,
    ts: String,
    mode: String,
    token: String,
}

/// Builds a workspace with a tokenset, a second mode and a token, as its owner while the
/// owner is on PRO, then puts the owner on `plan`.
fn fixture(env: &Env, owner: &str, plan: Plan) -> Fixture {
    env.api.accounts().set_plan(owner, Plan::Pro).expect("plan");
    let ws = env.create(
        owner,
        "/api/v1/workspaces",
        json!({"name": format!("{owner} ws")}),
    );
    let ts = env.create(
        owner,
        &format!("/api/v1/workspaces/{ws}/tokensets"),
        json!({"name": "T"}),
    );
    let mode = env.default_mode(owner, &ts);
    let token = env.create(
        owner,
        &format!("/api/v1/tokensets/{ts}/modes/{mode}/tokens"),
        json!({"name": "a.b", "type": "color", "value": "#fff"}),
    );
    env.api.accounts().set_plan(owner, plan).expect("plan");
    Fixture {
        ws,
        ts,
        mode,
        token,
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Read,
    Write,
    Export,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Want {
    Ok,
    NotFound,
    RoleDenied,
    PlanDenied,
}

/// Every request of one operation kind against a fixture: (method, path, body, 404 message).
fn requests(
    f: &Fixture,
    op: Op,
    n: &Cell<u32>,
) -> Vec<(&'static str, String, Option<Value>, &'static str)> {
    let (ws, ts, m, t) = (&f.ws, &f.ts, &f.mode, &f.token);
    let uniq = || {
        n.set(n.get() + 1);
        n.get()
    };
    match op {
        Op::Read => vec![
            (
                "GET",
                format!("/api/v1/workspaces/{ws}"),
                None,
                "Workspace not found",
            ),
            (
                "GET",
                format!("/api/v1/workspaces/{ws}/tokensets"),
                None,
                "Workspace not found",
            ),
            (
                "GET",
                format!("/api/v1/tokensets/{ts}"),
                None,
                "Tokenset not found",
            ),
            (
                "GET",
                format!("/api/v1/tokensets/{ts}/tokens"),
                None,
                "Tokenset not found",
            ),
            (
                "GET",
                format!("/api/v1/tokensets/{ts}/modes"),
                None,
                "Tokenset not found",
            ),
            (
                "GET",
                format!("/api/v1/tokensets/{ts}/modes/{m}"),
                None,
                "Tokenset not found",
            ),
            (
                "GET",
                format!("/api/v1/tokensets/{ts}/modes/{m}/tokens"),
                None,
                "Tokenset not found",
            ),
            (
                "GET",
                format!("/api/v1/tokensets/{ts}/modes/{m}/tokens/{t}"),
                None,
                "Tokenset not found",
            ),
        ],
        Op::Export => vec![
            (
                "GET",
                format!("/api/v1/tokensets/{ts}/export?format=css"),
                None,
                "Tokenset not found",
            ),
            (
                "GET",
                format!("/api/v1/tokensets/{ts}/modes/{m}/export"),
                None,
                "Tokenset not found",
            ),
        ],
        Op::Write => vec![
            (
                "PATCH",
                format!("/api/v1/workspaces/{ws}"),
                Some(json!({"name": format!("w{}", uniq())})),
                "Workspace not found",
            ),
            (
                "POST",
                format!("/api/v1/workspaces/{ws}/tokensets"),
                Some(json!({"name": "new"})),
                "Workspace not found",
            ),
            (
                "PATCH",
                format!("/api/v1/tokensets/{ts}"),
                Some(json!({"name": "T2"})),
                "Tokenset not found",
            ),
            (
                "POST",
                format!("/api/v1/tokensets/{ts}/modes"),
                Some(json!({"name": format!("m{}", uniq())})),
                "Tokenset not found",
            ),
            (
                "PATCH",
                format!("/api/v1/tokensets/{ts}/modes/{m}"),
                Some(json!({"is_default": true})),
                "Tokenset not found",
            ),
            (
                "POST",
                format!("/api/v1/tokensets/{ts}/modes/{m}/tokens"),
                Some(json!({"name": format!("t{}", uniq()), "type": "number", "value": 1})),
                "Tokenset not found",
            ),
            (
                "PATCH",
                format!("/api/v1/tokensets/{ts}/modes/{m}/tokens/{t}"),
                Some(json!({"value": "#000"})),
                "Tokenset not found",
            ),
        ],
    }
}

/// Deletes, each on a throw-away resource made by the owner beforehand.
fn check_deletes(env: &Env, owner: &str, caller: &str, f: &Fixture, want: Want) {
    // Make the owner PRO for the set-up, then restore the plan.
    let plan = tokencraft::store::read(&**env.api.store(), |tx| tx.user(owner).map(|u| u.plan))
        .expect("owner");
    env.api.accounts().set_plan(owner, Plan::Pro).expect("plan");
    let tok = env.create(
        owner,
        &format!("/api/v1/tokensets/{}/modes/{}/tokens", f.ts, f.mode),
        json!({"name": format!("del.{caller}"), "type": "number", "value": 1}),
    );
    let mode = env.create(
        owner,
        &format!("/api/v1/tokensets/{}/modes", f.ts),
        json!({"name": format!("del-{caller}")}),
    );
    let ws2 = env.create(owner, "/api/v1/workspaces", json!({"name": "to delete"}));
    let ts2 = env.create(
        owner,
        &format!("/api/v1/workspaces/{}/tokensets", f.ws),
        json!({"name": "to delete"}),
    );
    env.api.accounts().set_plan(owner, plan).expect("plan");
    for m in ["admin", "editor", "viewer"] {
        // Memberships of the second workspace mirror the fixture's.
        if let Some(role) = tokencraft::store::read(&**env.api.store(), |tx| {
            tx.membership(&f.ws, m).map(|x| x.role)
        }) {
            env.member(&ws2, m, role);
        }
    }
    let cases = [
        (
            format!("/api/v1/tokensets/{}/modes/{}/tokens/{tok}", f.ts, f.mode),
            "Tokenset not found",
            "Token deleted successfully",
        ),
        (
            format!("/api/v1/tokensets/{}/modes/{mode}", f.ts),
            "Tokenset not found",
            "Mode deleted successfully",
        ),
        (
            format!("/api/v1/tokensets/{ts2}"),
            "Tokenset not found",
            "Tokenset deleted successfully",
        ),
        (
            format!("/api/v1/workspaces/{ws2}"),
            "Workspace not found",
            "Workspace deleted successfully",
        ),
    ];
    for (path, missing, ok) in cases {
        let (s, v) = env.call(caller, "DELETE", &path, None);
        let got = (
            s,
            v["error"]
                .as_str()
                .or(v["message"].as_str())
                .unwrap_or("")
                .to_owned(),
        );
        assert_eq!(got, expected(want, missing, ok), "{caller} DELETE {path}");
    }
}

fn expected(want: Want, missing: &str, ok: &str) -> (u16, String) {
    match want {
        Want::Ok => (200, ok.into()),
        Want::NotFound => (404, missing.into()),
        Want::RoleDenied => (
            403,
            "Your workspace role does not allow API write operations on this TEAM workspace."
                .into(),
        ),
        Want::PlanDenied => (
            403,
            "API write access is not available for this workspace owner's current plan.".into(),
        ),
    }
}

#[test]
fn decision_matrix_every_cell() {
    let mut env = Env::with_config(tokencraft::api::ApiConfig {
        rate_limit: 1_000_000,
        ..Default::default()
    });
    for (u, p) in [
        ("team_owner", Plan::Team),
        ("pro_owner", Plan::Pro),
        ("free_owner", Plan::Free),
    ] {
        env.user(u, p);
    }
    for u in ["admin", "editor", "viewer", "stranger"] {
        env.user(u, Plan::Pro);
    }
    let team = fixture(&env, "team_owner", Plan::Team);
    let pro = fixture(&env, "pro_owner", Plan::Pro);
    let free = fixture(&env, "free_owner", Plan::Free);
    for f in [&team, &pro, &free] {
        env.member(&f.ws, "admin", Role::Admin);
        env.member(&f.ws, "editor", Role::Editor);
        env.member(&f.ws, "viewer", Role::Viewer);
    }
    use Want::*;
    // (owner, fixture, caller, read, write, export) — §2.5 row by row.
    let matrix = [
        ("team_owner", &team, "team_owner", Ok, Ok, Ok),
        ("team_owner", &team, "admin", Ok, Ok, Ok),
        ("team_owner", &team, "editor", Ok, Ok, Ok),
        ("team_owner", &team, "viewer", Ok, RoleDenied, Ok),
        (
            "team_owner",
            &team,
            "stranger",
            NotFound,
            NotFound,
            NotFound,
        ),
        ("pro_owner", &pro, "pro_owner", Ok, Ok, Ok),
        ("pro_owner", &pro, "admin", NotFound, NotFound, NotFound),
        ("pro_owner", &pro, "editor", NotFound, NotFound, NotFound),
        ("pro_owner", &pro, "viewer", NotFound, NotFound, NotFound),
        ("pro_owner", &pro, "stranger", NotFound, NotFound, NotFound),
        ("free_owner", &free, "free_owner", Ok, PlanDenied, Ok),
        ("free_owner", &free, "admin", NotFound, NotFound, NotFound),
        ("free_owner", &free, "editor", NotFound, NotFound, NotFound),
        ("free_owner", &free, "viewer", NotFound, NotFound, NotFound),
        (
            "free_owner",
            &free,
            "stranger",
            NotFound,
            NotFound,
            NotFound,
        ),
    ];
    let n = Cell::new(0);
    for (owner, f, caller, read, write, export) in matrix {
        for (op, want) in [(Op::Read, read), (Op::Write, write), (Op::Export, export)] {
            for (method, path, body, missing) in requests(f, op, &n) {
                let (s, v) = env.call(caller, method, &path, body);
                let cell = format!("{owner} × {caller} × {op:?}: {method} {path}");
                match want {
                    Ok => assert!(s == 200 || s == 201, "{cell}: {s} {v}"),
                    _ => assert_eq!(
                        (s, v["error"].as_str().unwrap_or("").to_owned()),
                        expected(want, missing, ""),
                        "{cell}"
                    ),
                }
                if want == NotFound {
                    // Exactly the answer for a resource that does not exist.
                    let fake = path
                        .replace(&f.ws, "00000000-0000-4000-8000-000000000000")
                        .replace(&f.ts, "00000000-0000-4000-8000-000000000001");
                    let (s2, v2) = env.call("team_owner", method, &fake, None);
                    assert_eq!((s2, v2), (s, v), "{cell}: differs from a missing resource");
                }
            }
        }
        check_deletes(&env, owner, caller, f, write);
    }
}

#[test]
fn workspace_list_shows_owned_and_team_shared_only() {
    let mut env = Env::new();
    for (u, p) in [("t", Plan::Team), ("p", Plan::Pro), ("m", Plan::Free)] {
        env.user(u, p);
    }
    env.workspace("ws-team", "t");
    env.workspace("ws-pro", "p");
    env.member("ws-team", "m", Role::Viewer);
    env.member("ws-pro", "m", Role::Editor);
    let (_, v) = env.call("m", "GET", "/api/v1/workspaces", None);
    let items: Vec<(String, String, bool)> = v["workspaces"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| {
            (
                w["id"].as_str().unwrap_or("").into(),
                w["user_role"].as_str().unwrap_or("").into(),
                w["is_owner"] == true,
            )
        })
        .collect();
    assert_eq!(items, [("ws-team".to_owned(), "viewer".to_owned(), false)]);
    assert_eq!(v["total"], 1);
    let (_, v) = env.call("t", "GET", "/api/v1/workspaces/ws-team", None);
    assert_eq!(
        (v["user_role"].as_str(), v["is_owner"].as_bool()),
        (Some("owner"), Some(true))
    );
}

#[test]
fn create_workspace_uses_the_callers_plan_and_limits() {
    let mut env = Env::with_config(tokencraft::api::ApiConfig {
        workspace_limits: tokencraft::api::WorkspaceLimits {
            free: Some(1),
            pro: Some(2),
            team: None,
        },
        ..Default::default()
    });
    env.user("free", Plan::Free);
    env.user("pro", Plan::Pro);
    let body = Some(json!({"name": "W"}));
    let (s, v) = env.call("free", "POST", "/api/v1/workspaces", body.clone());
    assert_eq!((s, v["error"].as_str()), (403, Some("API write access requires PRO or TEAM plan. Upgrade at https://app.tokencraft.dev/pricing")));
    assert_eq!(
        env.call("pro", "POST", "/api/v1/workspaces", body.clone())
            .0,
        201
    );
    assert_eq!(
        env.call("pro", "POST", "/api/v1/workspaces", body.clone())
            .0,
        201
    );
    let (s, v) = env.call("pro", "POST", "/api/v1/workspaces", body.clone());
    assert_eq!(
        (s, v["error"].as_str()),
        (403, Some("Workspace limit reached for your current plan"))
    );
    let (s, _) = env.call("pro", "GET", "/api/v1/workspaces", None);
    assert_eq!(s, 200, "existing workspaces stay accessible");
}

#[test]
fn scopes_are_enforced_per_operation() {
    let mut env = Env::new();
    env.user("o", Plan::Pro);
    env.token("read-only", "o", &[Scope::ReadTokens]);
    env.token("write-only", "o", &[Scope::WriteTokens]);
    env.token("export-only", "o", &[Scope::ExportTokens]);
    let ws = env.create("o", "/api/v1/workspaces", json!({"name": "W"}));
    let ts = env.create(
        "o",
        &format!("/api/v1/workspaces/{ws}/tokensets"),
        json!({"name": "T"}),
    );
    let need = |s: &str| format!("This operation requires the '{s}' scope");
    let cases = [
        (
            "read-only",
            "GET",
            format!("/api/v1/tokensets/{ts}"),
            200,
            None,
        ),
        (
            "read-only",
            "PATCH",
            format!("/api/v1/tokensets/{ts}"),
            403,
            Some(need("write:tokens")),
        ),
        (
            "read-only",
            "GET",
            format!("/api/v1/tokensets/{ts}/export"),
            403,
            Some(need("export:tokens")),
        ),
        (
            "write-only",
            "GET",
            "/api/v1/workspaces".to_owned(),
            403,
            Some(need("read:tokens")),
        ),
        (
            "write-only",
            "PATCH",
            format!("/api/v1/tokensets/{ts}"),
            200,
            None,
        ),
        (
            "export-only",
            "GET",
            format!("/api/v1/tokensets/{ts}/export"),
            200,
            None,
        ),
        (
            "export-only",
            "GET",
            format!("/api/v1/tokensets/{ts}/modes"),
            403,
            Some(need("read:tokens")),
        ),
        // The scope is checked before existence: nothing is revealed.
        (
            "read-only",
            "DELETE",
            "/api/v1/workspaces/nope".to_owned(),
            403,
            Some(need("write:tokens")),
        ),
    ];
    for (who, method, path, status, msg) in cases {
        let body = (method == "PATCH").then(|| json!({"name": "T"}));
        let (s, v) = env.call(who, method, &path, body);
        assert_eq!(s, status, "{who} {method} {path}: {v}");
        if let Some(m) = msg {
            assert_eq!(v["error"].as_str(), Some(m.as_str()));
        }
    }
}

#[test]
fn every_401_cause_gives_the_same_answer() {
    let mut env = Env::new();
    env.user("o", Plan::Pro);
    env.token("revoked", "o", &Scope::ALL);
    let revoked_id = tokencraft::store::read(&**env.api.store(), |tx| {
        tx.api_tokens_of("o")
            .iter()
            .find(|t| t.name == "revoked")
            .map(|t| t.id.clone())
    })
    .expect("token");
    env.api
        .accounts()
        .revoke_token(&revoked_id)
        .expect("revoke");
    let good = token_for("o");
    let legacy = format!("dtk_{}", &good[4..]);
    let headers: Vec<Option<String>> = vec![
        None,
        Some(String::new()),
        Some("Bearer".into()),
        Some(format!("Basic {good}")),
        Some("Bearer tkc_short".into()),
        Some(format!("Bearer {}", good.to_uppercase())),
        Some(format!("Bearer xyz_{}", &good[4..])),
        Some(format!("Bearer {legacy}")),
        Some(format!("Bearer tkc_{}", "0".repeat(40))),
        Some(format!("Bearer {}", token_for("revoked"))),
    ];
    for h in headers {
        for (method, path) in [
            ("GET", "/api/v1/workspaces"),
            ("POST", "/api/v1/workspaces"),
            ("GET", "/api/v1/tokensets/x/export"),
            ("DELETE", "/api/v1/tokensets/x/modes/y/tokens/z"),
        ] {
            let mut req = tokencraft::api::Request::new(method, path);
            if let Some(h) = &h {
                req = req.header("Authorization", h);
            }
            let r = env.api.handle(&req);
            assert_eq!(
                (r.status, r.body.as_slice()),
                (401, &br#"{"error":"Invalid API token"}"#[..]),
                "{h:?} {method} {path}"
            );
            assert!(r.header_value("X-RateLimit-Limit").is_some());
        }
    }
    // The legacy prefix is accepted when registered.
    env.api
        .accounts()
        .add_token(
            "o",
            "legacy",
            &format!("dtk_{}", "ab".repeat(20)),
            &Scope::ALL,
            false,
        )
        .expect("token");
    let r = env.api.handle(
        &tokencraft::api::Request::new("GET", "/api/v1/workspaces")
            .header("Authorization", &format!("Bearer dtk_{}", "ab".repeat(20))),
    );
    assert_eq!(r.status, 200);
}
