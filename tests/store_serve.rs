//! `tokencraft serve --store DIR` as an operator meets it: a second server on the same
//! directory is refused, a damaged store is refused and left alone, `--seed` only seeds a
//! new store, and data written over HTTP is there after a clean restart.

mod store_support;

use std::process::Command;
use std::time::Duration;

const ALICE: &str = "Bearer tkc_a11ce00000000000000000000000000000000001";
const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json");

/// Runs `serve` to completion (it is expected to refuse to start).
fn serve_refused(dir: &std::path::Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tokencraft"))
        .args(["serve", "--addr", "127.0.0.1:0", "--store"])
        .arg(dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).replace(&dir.display().to_string(), "DIR");
    (out.status.code().unwrap_or(-1), err.trim_end().to_owned())
}

#[test]
fn a_second_server_on_the_same_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let first = store_support::serve(dir.path(), &[]);
    let (code, err) = serve_refused(dir.path());
    assert_eq!(
        (code, err),
        (
            1,
            format!(
                "error: store directory DIR is in use by another tokencraft process (pid {}): stop it first, or use another --store directory",
                first.child.id()
            )
        )
    );
}

#[test]
fn a_damaged_store_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_support::serve(dir.path(), &["--seed", SEED]));
    let log = dir.path().join("wal.tkc");
    let mut bytes = std::fs::read(&log).unwrap();
    bytes[8] = 2; // format version 2
    std::fs::write(&log, &bytes).unwrap();
    let (code, err) = serve_refused(dir.path());
    assert_eq!(
        (code, err.as_str()),
        (1, "error: DIR/wal.tkc: store format version 2, but this build reads version 1: use a tokencraft release that supports version 2")
    );
    assert_eq!(std::fs::read(&log).unwrap(), bytes);
}

#[test]
fn seed_only_fills_a_new_store_and_writes_survive_a_clean_restart() {
    let dir = tempfile::tempdir().unwrap();
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(20))
        .build();
    let ts_id = {
        let s = store_support::serve(dir.path(), &["--seed", SEED]);
        let ts: serde_json::Value = agent
            .post(&format!("{}/workspaces/ws-design-system/tokensets", s.base))
            .set("Authorization", ALICE)
            .send_json(serde_json::json!({"name": "Kept"}))
            .unwrap()
            .into_json()
            .unwrap();
        let id = ts["id"].as_str().unwrap().to_owned();
        // A clean stop: SIGTERM, then wait.
        let pid = s.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success());
        let mut s = s;
        assert!(s.child.wait().unwrap().success());
        id
    };
    let s = store_support::serve(dir.path(), &["--seed", SEED]);
    let notes = s.log.lock().unwrap().join("\n");
    assert!(
        notes.contains("already holds data; --seed") && notes.contains("is ignored"),
        "{notes}"
    );
    let get = |path: &str| -> serde_json::Value {
        agent
            .get(&format!("{}{path}", s.base))
            .set("Authorization", ALICE)
            .call()
            .unwrap()
            .into_json()
            .unwrap()
    };
    assert_eq!(get(&format!("/tokensets/{ts_id}"))["name"], "Kept");
    let list = get("/workspaces");
    assert_eq!(list["total"], 1, "the seed was not loaded twice: {list}");
}
