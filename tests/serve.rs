//! `tokencraft serve` as a user runs it: the real binary on 127.0.0.1:0 with the example
//! seed, talked to with a real HTTP client, stopped with SIGTERM.

mod store_support;

use std::process::Command;
use std::time::Duration;
use store_support::Served;

const ALICE: &str = "Bearer tkc_a11ce00000000000000000000000000000000001";
const CAROL_READ_ONLY: &str = "Bearer tkc_ca401000000000000000000000000000000000aa";

/// The server on the in-memory store, seeded with the example seed.
fn serve(extra: &[&str]) -> Served {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json");
    let args: Vec<&str> = ["--seed", seed].iter().chain(extra).copied().collect();
    store_support::serve("memory", &args)
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build()
}

fn status(r: Result<ureq::Response, ureq::Error>) -> (u16, String) {
    match r {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap()),
        Err(e) => panic!("transport error: {e}"),
    }
}

#[test]
fn a_seeded_server_serves_the_whole_flow_and_exports_css() {
    let s = serve(&["--rate-limit", "1000"]);
    let a = agent();
    let (code, body) = status(
        a.get(&format!("{}/workspaces", s.base))
            .set("Authorization", ALICE)
            .call(),
    );
    assert_eq!(code, 200, "{body}");
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list["total"], 1);

    let post = |path: &str, body: serde_json::Value| {
        status(
            a.post(&format!("{}{path}", s.base))
                .set("Authorization", ALICE)
                .set("Content-Type", "application/json")
                .send_string(&body.to_string()),
        )
    };
    let (code, body) = post(
        "/workspaces/ws-design-system/tokensets",
        serde_json::json!({"name": "Colors"}),
    );
    assert_eq!(code, 201, "{body}");
    let ts: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ts_id = ts["id"].as_str().unwrap().to_owned();
    let (_, body) = status(
        a.get(&format!("{}/tokensets/{ts_id}/modes", s.base))
            .set("Authorization", ALICE)
            .call(),
    );
    let modes: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(modes["modes"][0]["name"], "Base");
    let mode_id = modes["modes"][0]["id"].as_str().unwrap().to_owned();
    let (code, body) = post(
        &format!("/tokensets/{ts_id}/modes/{mode_id}/tokens"),
        serde_json::json!({"name": "colors.primary.500", "type": "color", "value": "#3b82f6", "description": "Primary brand color"}),
    );
    assert_eq!(code, 201, "{body}");
    let (code, body) = post(
        &format!("/tokensets/{ts_id}/modes/{mode_id}/tokens"),
        serde_json::json!({"name": "colors.button", "type": "color", "alias_to": "colors.primary.500"}),
    );
    assert_eq!(code, 201, "{body}");

    let r = a
        .get(&format!(
            "{}/tokensets/{ts_id}/modes/{mode_id}/export?format=css",
            s.base
        ))
        .set("Authorization", ALICE)
        .call()
        .unwrap();
    assert_eq!(r.header("Content-Type").unwrap_or(""), "text/css");
    assert!(r.header("ETag").is_some());
    assert!(r.header("X-RateLimit-Remaining").is_some());
    let css = r.into_string().unwrap();
    assert_eq!(
        css,
        ":root {\n  /* Primary brand color */\n  --colors-primary-500: #3b82f6;\n  --colors-button: #3b82f6;\n}\n"
    );

    // A viewer cannot write; a read-only token cannot write either.
    let (code, body) = status(
        a.post(&format!("{}/workspaces/ws-design-system/tokensets", s.base))
            .set("Authorization", CAROL_READ_ONLY)
            .set("Content-Type", "application/json")
            .send_string(r#"{"name":"x"}"#),
    );
    assert_eq!(code, 403, "{body}");
    let (code, body) = status(a.get(&format!("{}/workspaces", s.base)).call());
    assert_eq!(
        (code, body.as_str()),
        (401, r#"{"error":"Invalid API token"}"#)
    );
}

#[test]
fn the_rate_limit_flag_is_enforced_with_429_and_retry_after() {
    let s = serve(&["--rate-limit", "3"]);
    let a = agent();
    for _ in 0..3 {
        let (code, _) = status(
            a.get(&format!("{}/workspaces", s.base))
                .set("Authorization", ALICE)
                .call(),
        );
        assert_eq!(code, 200);
    }
    match a
        .get(&format!("{}/workspaces", s.base))
        .set("Authorization", ALICE)
        .call()
    {
        Err(ureq::Error::Status(429, r)) => {
            assert!(r.header("Retry-After").is_some());
            assert_eq!(r.header("X-RateLimit-Remaining"), Some("0"));
            assert_eq!(
                r.into_string().unwrap(),
                r#"{"error":"Rate limit exceeded. Please try again later."}"#
            );
        }
        other => panic!("expected 429, got {other:?}"),
    }
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let mut s = serve(&[]);
    let pid = s.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let mut exited = None;
    for _ in 0..100 {
        if let Some(st) = s.child.try_wait().unwrap() {
            exited = Some(st);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let st = exited.expect("the server exits within 10 s of SIGTERM");
    assert!(st.success(), "exit status {st:?}");
}

#[test]
fn a_bad_seed_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(
        &seed,
        r#"{"users": [{"id": "u", "email": "x@y", "plan": "GOLD"}]}"#,
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tokencraft"))
        .args([
            "serve",
            "--store",
            "memory",
            "--addr",
            "127.0.0.1:0",
            "--seed",
        ])
        .arg(&seed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("seed.json") && err.contains("GOLD"), "{err}");
}
