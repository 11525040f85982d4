//! Many threads calling `handle()` at once: no lost update, no duplicate, invariants hold,
//! readers see whole writes only, and nothing panics or answers 500.

mod api_support;

use api_support::Env;
use serde_json::json;
use std::sync::atomic::{AtomicU32, Ordering};
use tokencraft::api::{ApiConfig, WorkspaceLimits};
use tokencraft::store::Plan;

fn env() -> Env {
    let mut env = Env::with_config(ApiConfig {
        rate_limit: 1_000_000,
        workspace_limits: WorkspaceLimits {
            free: Some(1),
            pro: Some(5),
            team: None,
        },
        ..Default::default()
    });
    env.user("a", Plan::Pro);
    env
}

#[test]
fn concurrent_creates_lose_nothing() {
    let env = env();
    let path = env.tokens_path("a");
    let bad = AtomicU32::new(0);
    std::thread::scope(|s| {
        for t in 0..8 {
            let (env, path, bad) = (&env, &path, &bad);
            s.spawn(move || {
                for i in 0..50 {
                    let (st, _) = env.call(
                        "a",
                        "POST",
                        path,
                        Some(json!({"name": format!("t{t}.n{i}"), "type": "number", "value": i})),
                    );
                    if st != 201 {
                        bad.fetch_add(1, Ordering::SeqCst);
                    }
                }
            });
            // A reader running alongside: every snapshot is whole.
            s.spawn(move || {
                for _ in 0..10 {
                    let (st, v) = env.call("a", "GET", path, None);
                    assert_eq!(st, 200);
                    assert_eq!(
                        v["total"].as_u64(),
                        v["tokens"].as_array().map(|a| a.len() as u64)
                    );
                }
            });
        }
    });
    assert_eq!(bad.into_inner(), 0);
    let (_, v) = env.call("a", "GET", &path, None);
    assert_eq!(v["total"], 400);
}

#[test]
fn the_same_name_is_created_once() {
    let env = env();
    let path = env.tokens_path("a");
    let created = AtomicU32::new(0);
    let dup = AtomicU32::new(0);
    std::thread::scope(|s| {
        for _ in 0..12 {
            s.spawn(|| {
                for i in 0..10 {
                    let (st, v) = env.call(
                        "a",
                        "POST",
                        &path,
                        Some(json!({"name": format!("same.{i}"), "type": "number", "value": 1})),
                    );
                    match st {
                        201 => created.fetch_add(1, Ordering::SeqCst),
                        400 if v["error"]
                            == "A token with this name already exists in this mode" =>
                        {
                            dup.fetch_add(1, Ordering::SeqCst)
                        }
                        other => panic!("unexpected {other} {v}"),
                    };
                }
            });
        }
    });
    assert_eq!((created.into_inner(), dup.into_inner()), (10, 110));
}

#[test]
fn exactly_one_default_mode_under_concurrent_switches() {
    let env = env();
    let (_, ts) = env.tokenset("a");
    let modes: Vec<String> = (0..6)
        .map(|i| {
            env.create(
                "a",
                &format!("/api/v1/tokensets/{ts}/modes"),
                json!({"name": format!("M{i}")}),
            )
        })
        .collect();
    std::thread::scope(|s| {
        for (i, m) in modes.iter().enumerate() {
            let (env, ts) = (&env, &ts);
            s.spawn(move || {
                for _ in 0..30 {
                    let (st, _) = env.call(
                        "a",
                        "PATCH",
                        &format!("/api/v1/tokensets/{ts}/modes/{m}"),
                        Some(json!({"is_default": true})),
                    );
                    assert_eq!(st, 200);
                    let (_, v) =
                        env.call("a", "GET", &format!("/api/v1/tokensets/{ts}/modes"), None);
                    let defaults = v["modes"]
                        .as_array()
                        .map(|a| a.iter().filter(|m| m["is_default"] == true).count());
                    assert_eq!(defaults, Some(1), "thread {i}");
                }
            });
        }
    });
}

#[test]
fn the_workspace_limit_holds_under_races() {
    let env = env();
    let ok = AtomicU32::new(0);
    std::thread::scope(|s| {
        for _ in 0..10 {
            s.spawn(|| {
                for _ in 0..3 {
                    let (st, _) = env.call(
                        "a",
                        "POST",
                        "/api/v1/workspaces",
                        Some(json!({"name": "W"})),
                    );
                    if st == 201 {
                        ok.fetch_add(1, Ordering::SeqCst);
                    } else {
                        assert_eq!(st, 403);
                    }
                }
            });
        }
    });
    assert_eq!(ok.into_inner(), 5);
}

#[test]
fn concurrent_deletes_and_writes_never_fail_badly() {
    let env = env();
    let (_, ts) = env.tokenset("a");
    let m = env.default_mode("a", &ts);
    let path = format!("/api/v1/tokensets/{ts}/modes/{m}/tokens");
    std::thread::scope(|s| {
        for t in 0..6u32 {
            let (env, path, ts) = (&env, &path, &ts);
            s.spawn(move || {
                for i in 0..40u32 {
                    let st = match (t + i) % 4 {
                        0 => env.call("a", "POST", path, Some(json!({"name": format!("x{t}.{i}"), "type": "color", "value": "#fff"}))).0,
                        1 => env.call("a", "GET", &format!("/api/v1/tokensets/{ts}/export?format=css"), None).0,
                        2 => env.call("a", "DELETE", &format!("{path}/x{t}.{}", i.saturating_sub(2)), None).0,
                        _ => env.call("a", "GET", &format!("/api/v1/tokensets/{ts}/tokens"), None).0,
                    };
                    assert!(matches!(st, 200 | 201 | 404), "{st}");
                }
            });
        }
    });
}
