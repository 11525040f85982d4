//! Organizations, environments, releases, merge and environment export through the
//! session API: the permission matrix cell by cell, the publish → merge → conflict flow,
//! export parity with /api/v1 in every format, and seeding.

mod api_support;
mod session_support;

use api_support::Env;
use serde_json::json;
use session_support::*;
use tokencraft::api::Request;
use tokencraft::store::{Plan, Role};

struct Org {
    env: Env,
    org: String,
    staging: String,
    production: String,
    ts: String,
    mode: String,
}

fn token(env: &Env, who: &str, ts: &str, mode: &str, name: &str, value: &str) {
    env.create(
        who,
        &format!("/api/v1/tokensets/{ts}/modes/{mode}/tokens"),
        json!({"name": name, "type": "color", "value": value}),
    );
}

fn set_token(env: &Env, ts: &str, mode: &str, name: &str, value: &str) {
    let (s, v) = env.call(
        "owner",
        "PATCH",
        &format!("/api/v1/tokensets/{ts}/modes/{mode}/tokens/{name}"),
        Some(json!({"value": value})),
    );
    assert_eq!(s, 200, "{v}");
}

/// An organization "Acme" owned by `owner` (TEAM) with workspace `ws` (members admin,
/// editor, viewer) and workspace `pws` owned by `wsowner` (PRO, with a viewer member that
/// does not count), a tokenset with one token, and a Staging environment.
fn org() -> Org {
    let mut env = Env::new();
    env.user("owner", Plan::Team);
    with_password(&env, "owner");
    for (id, plan) in [
        ("admin", Plan::Free),
        ("editor", Plan::Free),
        ("viewer", Plan::Free),
        ("stranger", Plan::Team),
        ("wsowner", Plan::Pro),
        ("promember", Plan::Free),
    ] {
        env.user(id, plan);
    }
    env.workspace("ws", "owner");
    env.workspace("pws", "wsowner");
    env.member("ws", "admin", Role::Admin);
    env.member("ws", "editor", Role::Editor);
    env.member("ws", "viewer", Role::Viewer);
    env.member("pws", "promember", Role::Admin);
    let acc = env.api.accounts();
    let org = acc
        .create_organization("Acme", "owner@example.com")
        .expect("org");
    acc.add_workspace_to_organization(&org, "ws").expect("ws");
    acc.add_workspace_to_organization(&org, "pws").expect("pws");
    let ts = env.create(
        "owner",
        "/api/v1/workspaces/ws/tokensets",
        json!({"name": "Core"}),
    );
    let mode = env.default_mode("owner", &ts);
    token(&env, "owner", &ts, &mode, "color.primary", "#000000");
    let c = login(&env, "owner");
    let (_, envs) = call(
        &env,
        &c,
        "GET",
        &format!("/api/organizations/{org}/environments"),
        None,
    );
    let production = envs["environments"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (s, st) = call(
        &env,
        &c,
        "POST",
        &format!("/api/organizations/{org}/environments"),
        Some(json!({"name": "Staging"})),
    );
    assert_eq!(s, 201);
    let staging = st["id"].as_str().unwrap_or_default().to_owned();
    Org {
        env,
        org,
        staging,
        production,
        ts,
        mode,
    }
}

#[test]
fn every_cell_of_the_permission_matrix() {
    const OK: u16 = 0; // any 2xx
                       // list envs, create env, delete env, list releases, publish, publish to Production,
                       // merge, export
    let rows: &[(&str, [u16; 8])] = &[
        ("owner", [OK, OK, OK, OK, OK, OK, OK, OK]),
        ("admin", [OK, OK, OK, OK, OK, OK, OK, OK]),
        ("wsowner", [OK, OK, OK, OK, OK, OK, OK, OK]),
        ("editor", [OK, 403, 403, OK, OK, 403, 403, OK]),
        ("viewer", [OK, 403, 403, OK, 403, 403, 403, OK]),
        ("promember", [404; 8]),
        ("stranger", [404; 8]),
    ];
    let actions = [
        "creating environments",
        "creating environments",
        "deleting environments",
        "",
        "publishing releases",
        "publishing to Production",
        "merging into Production",
        "",
    ];
    for (who, want) in rows {
        for (i, expected) in want.iter().enumerate() {
            let o = org();
            let owner = login(&o.env, "owner");
            // Staging has an active release for merge and export.
            let base = format!("/api/organizations/{}/environments", o.org);
            let (s, _) = call(
                &o.env,
                &owner,
                "POST",
                &format!("{base}/{}/releases", o.staging),
                None,
            );
            assert_eq!(s, 201);
            if *who != "owner" {
                with_password(&o.env, who);
            }
            let c = login(&o.env, who);
            let st = &o.staging;
            let (method, path, body) = match i {
                0 => ("GET", base.clone(), None),
                1 => ("POST", base.clone(), Some(json!({"name": "QA"}))),
                2 => ("DELETE", format!("{base}/{st}"), None),
                3 => ("GET", format!("{base}/{st}/releases"), None),
                4 => ("POST", format!("{base}/{st}/releases"), None),
                5 => ("POST", format!("{base}/{}/releases", o.production), None),
                6 => ("POST", format!("{base}/{st}/merge"), None),
                _ => ("GET", format!("{base}/{st}/export?format=css"), None),
            };
            let r = o
                .env
                .api
                .handle(&send(Some(&c), method, &path, body.as_ref()));
            let v = json(&r);
            match *expected {
                OK => assert!(
                    (200..300).contains(&r.status),
                    "{who} {method} {path}: {} {v}",
                    r.status
                ),
                403 => {
                    let role = if *who == "editor" { "editor" } else { "viewer" };
                    assert_eq!(
                        (r.status, v["error"].as_str().unwrap_or("")),
                        (403, format!("Your organization role ({role}) does not allow {}; ask the organization owner or an admin", actions[i]).as_str()),
                        "{who} {method} {path}"
                    );
                }
                _ => assert_eq!(
                    (r.status, v),
                    (404, json!({"error": "Organization not found"})),
                    "{who} {method} {path}"
                ),
            }
        }
    }
}

#[test]
fn environments_production_cannot_be_deleted_and_names_are_unique() {
    let o = org();
    let c = login(&o.env, "owner");
    let base = format!("/api/organizations/{}/environments", o.org);
    let (s, v) = call(&o.env, &c, "GET", &base, None);
    assert_eq!(s, 200);
    assert_eq!(v["total"], 2);
    assert_eq!(
        (
            v["environments"][0]["name"].clone(),
            v["environments"][0]["is_production"].clone(),
            v["environments"][0]["active_release_id"].clone()
        ),
        (json!("Production"), json!(true), json!(null))
    );
    assert_eq!(v["environments"][1]["name"], "Staging");
    let cases = [
        (
            "POST",
            base.clone(),
            Some(json!({"name": "staging"})),
            400,
            json!({"error": "An environment named 'staging' already exists in this organization", "field": "name"}),
        ),
        (
            "POST",
            base.clone(),
            Some(json!({"name": "production"})),
            400,
            json!({"error": "An environment named 'production' already exists in this organization", "field": "name"}),
        ),
        (
            "POST",
            base.clone(),
            Some(json!({})),
            400,
            json!({"error": "Name is required and must be a non-empty string", "field": "name"}),
        ),
        (
            "DELETE",
            format!("{base}/{}", o.production),
            None,
            400,
            json!({"error": "The Production environment cannot be deleted"}),
        ),
        (
            "DELETE",
            format!("{base}/nope"),
            None,
            404,
            json!({"error": "Environment not found"}),
        ),
        (
            "GET",
            "/api/organizations/nope/environments".into(),
            None,
            404,
            json!({"error": "Organization not found"}),
        ),
        (
            "DELETE",
            format!("{base}/{}", o.staging),
            None,
            200,
            json!({"message": "Environment deleted successfully"}),
        ),
        (
            "GET",
            format!("{base}/{}/releases", o.staging),
            None,
            404,
            json!({"error": "Environment not found"}),
        ),
    ];
    for (m, p, b, status, want) in cases {
        assert_eq!(call(&o.env, &c, m, &p, b), (status, want), "{m} {p}");
    }
}

#[test]
fn publish_merge_conflict_and_resolution() {
    let o = org();
    let (env, ts, mode) = (&o.env, &o.ts, &o.mode);
    let c = login(env, "owner");
    let base = format!("/api/organizations/{}/environments", o.org);
    let prod = format!("{base}/{}", o.production);
    let stg = format!("{base}/{}", o.staging);
    let export = |e: &str| {
        let r = env.api.handle(&send(
            Some(&c),
            "GET",
            &format!("{e}/export?format=json"),
            None,
        ));
        (r.status, String::from_utf8_lossy(&r.body).into_owned())
    };
    // Nothing published yet.
    assert_eq!(
        call(env, &c, "GET", &format!("{prod}/export"), None),
        (
            404,
            json!({"error": format!("Environment 'Production' has no active release: publish one first (POST …/environments/{}/releases)", o.production)})
        )
    );
    assert_eq!(
        call(env, &c, "POST", &format!("{stg}/merge"), None),
        (
            400,
            json!({"error": format!("Environment 'Staging' has no active release to merge: publish one first (POST …/environments/{}/releases)", o.staging)})
        )
    );
    // Production r1 with #000000.
    let (s, p1) = call(env, &c, "POST", &format!("{prod}/releases"), None);
    assert_eq!(s, 201);
    assert_eq!(
        (
            p1["version"].clone(),
            p1["is_active"].clone(),
            p1["token_count"].clone(),
            p1["base_release_id"].clone()
        ),
        (json!(1), json!(true), json!(1), json!(null))
    );
    assert_eq!(
        p1["tokensets"],
        json!([{"id": ts, "workspace_id": "ws", "name": "Core",
        "modes": [{"name": "Base", "is_default": true, "token_count": 1}]}])
    );
    // Staging s1: primary changed, a token added; base = Production r1.
    set_token(env, ts, mode, "color.primary", "#111111");
    token(env, "owner", ts, mode, "color.accent", "#ff0000");
    let (_, s1) = call(env, &c, "POST", &format!("{stg}/releases"), None);
    assert_eq!(s1["base_release_id"], p1["id"]);
    // Releases are immutable: later edits do not change them.
    set_token(env, ts, mode, "color.primary", "#222222");
    assert!(export(&stg).1.contains("#111111"));
    assert!(export(&prod).1.contains("#000000"));
    // Merge → Production r2 = s1's content.
    let (s, p2) = call(env, &c, "POST", &format!("{stg}/merge"), None);
    assert_eq!(s, 201, "{p2}");
    assert_eq!(
        (
            p2["version"].clone(),
            p2["merged_from_release_id"].clone(),
            p2["base_release_id"].clone(),
            p2["token_count"].clone()
        ),
        (json!(2), s1["id"].clone(), p1["id"].clone(), json!(2))
    );
    assert_eq!(export(&prod), export(&stg));
    // Merging again changes nothing.
    let (s, v) = call(env, &c, "POST", &format!("{stg}/merge"), None);
    assert_eq!(
        (s, v["message"].clone(), v["release"]["id"].clone()),
        (
            200,
            json!("Production already contains every change of Staging release 1"),
            p2["id"].clone()
        )
    );
    // Conflict: Staging takes #222222 (base r2), then Production gets #333333 directly.
    let (_, s2) = call(env, &c, "POST", &format!("{stg}/releases"), None);
    assert_eq!(s2["base_release_id"], p2["id"]);
    set_token(env, ts, mode, "color.primary", "#333333");
    let (_, p3) = call(env, &c, "POST", &format!("{prod}/releases"), None);
    let (s, v) = call(env, &c, "POST", &format!("{stg}/merge"), None);
    assert_eq!(s, 409);
    insta::assert_snapshot!(
        "merge_conflict_body",
        api_support::redact_ids(&serde_json::to_string_pretty(&v).unwrap_or_default())
    );
    assert_eq!(
        v,
        json!({
            "error": "Cannot merge Staging (release 2) into Production: 1 conflict(s), entries changed differently on both sides since their common base (Production release 2). Make both sides agree, or publish Staging again (its base becomes the current Production release) and retry",
            "source_release_id": s2["id"], "production_release_id": p3["id"], "base_release_id": p2["id"],
            "conflicts": [{
                "kind": "token", "tokenset_id": ts, "tokenset": "Core", "mode": "Base", "token": "color.primary",
                "reason": "changed differently in the source environment and in Production",
                "base": {"type": "color", "value": "#111111", "description": null, "alias_to": null},
                "source": {"type": "color", "value": "#222222", "description": null, "alias_to": null},
                "production": {"type": "color", "value": "#333333", "description": null, "alias_to": null}
            }]
        })
    );
    // Nothing was written by the failed merge.
    let (_, rel) = call(env, &c, "GET", &format!("{prod}/releases"), None);
    assert_eq!(rel["total"], 3);
    assert_eq!(rel["releases"][0]["id"], p3["id"]);
    assert_eq!(rel["releases"][0]["is_active"], true);
    assert_eq!(rel["releases"][1]["is_active"], false);
    // Resolution: publish Staging again (base r3), change it, merge.
    set_token(env, ts, mode, "color.accent", "#00ff00");
    let (_, s3) = call(env, &c, "POST", &format!("{stg}/releases"), None);
    assert_eq!(
        (s3["version"].clone(), s3["base_release_id"].clone()),
        (json!(3), p3["id"].clone())
    );
    let (s, p4) = call(env, &c, "POST", &format!("{stg}/merge"), None);
    assert_eq!((s, p4["version"].clone()), (201, json!(4)));
    let body = export(&prod).1;
    assert!(
        body.contains("#333333") && body.contains("#00ff00"),
        "{body}"
    );
}

#[test]
fn export_matches_the_v1_export_in_every_format() {
    let o = org();
    let (env, ts, mode) = (&o.env, &o.ts, &o.mode);
    let c = login(env, "owner");
    let dark = env.create(
        "owner",
        &format!("/api/v1/tokensets/{ts}/modes"),
        json!({"name": "Dark"}),
    );
    token(env, "owner", ts, &dark, "color.primary", "#ffffff");
    token(env, "owner", ts, mode, "color.link", "#0000ee");
    let stg = format!("/api/organizations/{}/environments/{}", o.org, o.staging);
    call(env, &c, "POST", &format!("{stg}/releases"), None);
    let (s, v) = call(env, &c, "GET", &format!("{stg}/export?format=nope"), None);
    assert_eq!(s, 400);
    let msg = v["error"].as_str().unwrap_or_default().to_owned();
    let list = msg
        .strip_prefix("Invalid format 'nope'. Must be one of: ")
        .unwrap_or_default();
    let formats: Vec<&str> = list.split(", ").collect();
    assert!(
        formats.len() > 4 && formats[..4] == ["json", "css", "ios", "android"],
        "{msg}"
    );
    let v1 = |target: String| {
        env.api.handle(
            &Request::new("GET", &target)
                .header("Authorization", &format!("Bearer {}", env.tokens["owner"])),
        )
    };
    for f in &formats {
        for (mode_q, v1_path) in [
            (
                String::new(),
                format!("/api/v1/tokensets/{ts}/export?format={f}"),
            ),
            (
                "&mode=Dark".to_owned(),
                format!("/api/v1/tokensets/{ts}/modes/{dark}/export?format={f}"),
            ),
        ] {
            let ours = env.api.handle(&send(
                Some(&c),
                "GET",
                &format!("{stg}/export?format={f}{mode_q}"),
                None,
            ));
            let theirs = v1(v1_path);
            assert_eq!(ours.status, theirs.status, "{f}{mode_q}");
            assert_eq!(
                String::from_utf8_lossy(&ours.body),
                String::from_utf8_lossy(&theirs.body),
                "{f}{mode_q}"
            );
            if ours.status == 200 {
                assert_eq!(
                    ours.header_value("content-type"),
                    theirs.header_value("content-type")
                );
                // Same file name with the environment's slug in front.
                let want = theirs
                    .header_value("content-disposition")
                    .map(|d| d.replace("filename=\"core", "filename=\"staging-core"));
                assert_eq!(ours.header_value("content-disposition"), want.as_deref());
            }
        }
    }
    // A second tokenset: the export must be told which.
    env.create(
        "owner",
        "/api/v1/workspaces/ws/tokensets",
        json!({"name": "Brand"}),
    );
    call(env, &c, "POST", &format!("{stg}/releases"), None);
    let cases = [
        ("?format=css", 400, "Release 2 of Staging holds 2 tokensets (Core, Brand): choose one with ?tokenset=<id or name>"),
        ("?format=css&tokenset=Nope", 404, "Tokenset 'Nope' is not in release 2 of Staging; it holds: Core, Brand"),
        ("?format=css&tokenset=Core&mode=Sepia", 404, "Mode 'Sepia' is not in tokenset 'Core'; its modes: Base, Dark"),
    ];
    for (q, status, msg) in cases {
        assert_eq!(
            call(env, &c, "GET", &format!("{stg}/export{q}"), None),
            (status, json!({"error": msg})),
            "{q}"
        );
    }
    let r = env.api.handle(&send(
        Some(&c),
        "GET",
        &format!("{stg}/export?format=css&tokenset=Brand"),
        None,
    ));
    assert_eq!(r.status, 200);
    assert!(r.header_value("x-tokencraft-release").is_some());
}

#[test]
fn seeds_carry_passwords_and_organizations() {
    let env = Env::new();
    let seed = r#"{
        "users": [{"id": "u-alice", "email": "alice@example.com", "plan": "TEAM", "password": "correct horse battery"}],
        "workspaces": [{"id": "ws-design", "name": "Design System", "owner": "u-alice"}],
        "organizations": [{"id": "org-acme", "name": "Acme", "owner": "u-alice", "workspaces": ["ws-design"]}]
    }"#;
    let summary = env.api.accounts().load_seed(seed).expect("seed");
    assert_eq!((summary.users, summary.organizations), (1, 1));
    let c = login(&env, "alice");
    let (_, v) = call(&env, &c, "GET", "/api/organizations", None);
    assert_eq!(v["organizations"][0]["id"], "org-acme");
    assert_eq!(v["organizations"][0]["workspace_ids"], json!(["ws-design"]));
    let (_, e) = call(
        &env,
        &c,
        "GET",
        "/api/organizations/org-acme/environments",
        None,
    );
    assert_eq!(e["environments"][0]["name"], "Production");
    let bad = [
        (r#"{"users": [{"id": "u", "email": "u@x.io", "plan": "PRO", "password": "short"}]}"#,
         "seed: users[0]: invalid password: password is too short: use at least 8 characters"),
        (r#"{"organizations": [{"id": "o", "name": "O", "owner": "ghost"}]}"#,
         "seed: organizations[0]: unknown user 'ghost': create the user first (or fix the id)"),
        (r#"{"users": [{"id": "u2", "email": "u2@x.io", "plan": "PRO"}], "organizations": [{"id": "o", "name": "O", "owner": "u2", "workspaces": ["nope"]}]}"#,
         "seed: organizations[0]: unknown workspace 'nope': create the workspace first (or fix the id)"),
    ];
    for (text, msg) in bad {
        let e = env
            .api
            .accounts()
            .load_seed(text)
            .err()
            .map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some(msg));
    }
}

#[test]
fn library_errors_name_the_fix() {
    let mut env = Env::new();
    env.user("alice", Plan::Team);
    env.user("bob", Plan::Team);
    env.workspace("ws", "alice");
    let acc = env.api.accounts();
    let e = |r: Result<(), tokencraft::api::AccountError>| r.err().map(|e| e.to_string());
    assert_eq!(
        e(acc.set_password("ghost@example.com", "long enough")),
        Some("unknown user e-mail 'ghost@example.com': add the user first (admin user add) or fix the address".into())
    );
    assert_eq!(
        acc.create_organization("Acme", "ghost@example.com").err().map(|e| e.to_string()),
        Some("unknown user e-mail 'ghost@example.com': add the user first (admin user add) or fix the address".into())
    );
    assert_eq!(
        e(acc.add_workspace_to_organization("nope", "ws")),
        Some(
            "unknown organization 'nope': create it first (admin org create) or fix the id".into()
        )
    );
    let a = acc
        .create_organization("A", "alice@example.com")
        .unwrap_or_default();
    let b = acc
        .create_organization("B", "bob@example.com")
        .unwrap_or_default();
    assert_eq!(
        e(acc.add_workspace_to_organization(&a, "nope")),
        Some("unknown workspace 'nope': create the workspace first (or fix the id)".into())
    );
    assert_eq!(e(acc.add_workspace_to_organization(&a, "ws")), None);
    assert_eq!(
        e(acc.add_workspace_to_organization(&a, "ws")),
        None,
        "idempotent"
    );
    assert_eq!(
        e(acc.add_workspace_to_organization(&b, "ws")),
        Some(format!("workspace 'ws' already belongs to organization '{a}': a workspace belongs to one organization"))
    );
    assert_eq!(
        acc.create_organization(" ", "alice@example.com")
            .err()
            .map(|e| e.to_string()),
        Some(
            "invalid organization name ' ': must be a non-empty string of at most 255 characters"
                .into()
        )
    );
}

/// Deleting a workspace through /api/v1 removes its organization link in the same
/// transaction (no dangling link left behind).
#[test]
fn deleting_a_workspace_removes_its_organization_link() {
    let o = org();
    let linked = |ws: &str| {
        tokencraft::store::read(&**o.env.api.store(), |tx| tx.org_workspace(ws).is_some())
    };
    assert!(linked("pws"));
    let (s, v) = o
        .env
        .call("wsowner", "DELETE", "/api/v1/workspaces/pws", None);
    assert_eq!(s, 200, "{v}");
    assert!(!linked("pws"), "the link went with the workspace");
    assert!(linked("ws"), "other links stay");
    let n = tokencraft::store::read(&**o.env.api.store(), |tx| tx.org_workspaces(&o.org).len());
    assert_eq!(n, 1);
}

/// The environment export answers `If-None-Match` like the v1 export: the same release,
/// format and mode give the same `ETag` (and `304` when it matches); a new release with
/// other content gives another.
#[test]
fn environment_export_etag_and_304() {
    let o = org();
    let (env, ts, mode) = (&o.env, &o.ts, &o.mode);
    let c = login(env, "owner");
    let stg = format!("/api/organizations/{}/environments/{}", o.org, o.staging);
    let get = |q: &str, etag: Option<&str>| {
        let mut req = send(Some(&c), "GET", &format!("{stg}/export{q}"), None);
        if let Some(e) = etag {
            req = req.header("If-None-Match", e);
        }
        env.api.handle(&req)
    };
    call(env, &c, "POST", &format!("{stg}/releases"), None);
    let first = get("?format=css", None);
    assert_eq!(first.status, 200);
    let etag = first.header_value("ETag").unwrap_or_default().to_owned();
    assert!(etag.starts_with('"') && etag.len() == 34, "{etag}");
    let release = first
        .header_value("X-Tokencraft-Release")
        .map(str::to_owned);
    // Again (now from the cache): the same body and ETag.
    let again = get("?format=css", None);
    assert_eq!((again.status, &again.body), (200, &first.body));
    assert_eq!(again.header_value("ETag"), Some(etag.as_str()));
    // A matching If-None-Match: 304, no body, the ETag and the release still sent.
    let cached = get("?format=css", Some(&format!("W/{etag}")));
    assert_eq!(
        (
            cached.status,
            cached.body.len(),
            cached.header_value("ETag")
        ),
        (304, 0, Some(etag.as_str()))
    );
    assert_eq!(
        cached
            .header_value("X-Tokencraft-Release")
            .map(str::to_owned),
        release
    );
    // Another format has another ETag.
    let json = get("?format=json", None);
    assert_ne!(json.header_value("ETag"), Some(etag.as_str()));
    // A new release with a changed token: the old ETag no longer matches.
    set_token(env, ts, mode, "color.primary", "#ffffff");
    call(env, &c, "POST", &format!("{stg}/releases"), None);
    let changed = get("?format=css", Some(&etag));
    assert_eq!(changed.status, 200);
    assert_ne!(changed.header_value("ETag"), Some(etag.as_str()));
    assert_ne!(
        changed
            .header_value("X-Tokencraft-Release")
            .map(str::to_owned),
        release
    );
    assert!(String::from_utf8_lossy(&changed.body).contains("#ffffff"));
}
