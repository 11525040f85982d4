//! README's session + organization walkthrough (`scripts/walkthrough.sh`, curl) against
//! the real `tokencraft serve` on a fresh file store seeded with `examples/seed.json`.

mod store_support;

use std::process::Command;

#[test]
fn the_readme_walkthrough_runs_against_the_real_server() {
    if Command::new("curl").arg("--version").output().is_err() {
        panic!("curl is required for this test (README walkthrough)");
    }
    let dir = tempfile::tempdir().unwrap();
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json");
    let server = store_support::serve(dir.path(), &["--seed", seed]);
    let root = server.base.trim_end_matches("/api/v1").to_owned();
    let out = Command::new("bash")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/walkthrough.sh"
        ))
        .arg(&root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "walkthrough failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout,
        "/* Base Mode */\n:root[data-theme=\"base\"] {\n  --color-primary: #3366ff;\n}\n"
    );
}
