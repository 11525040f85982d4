//! The pinned consumer tools (`tools/node_modules/.bin`: sass, tsc) and running a checker
//! on generated output, shared by the consumer and injection tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The path of a pinned tool; fails the test with the command that installs it.
pub fn tool(name: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tools/node_modules/.bin")
        .join(name);
    assert!(
        p.exists(),
        "{} is missing: run `npm install --prefix tools` (or scripts/test.sh) to install the pinned test tools",
        p.display()
    );
    p
}

/// Runs a checker; fails the test with its output (and the start of `input`, when given)
/// unless it succeeds.
pub fn run(mut c: Command, what: &str, input: &str) {
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("could not run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} rejected the output:\n{}\n{}\n--- input (first 3000 bytes) ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        input.chars().take(3000).collect::<String>()
    );
}
