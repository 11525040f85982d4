//! Runs the real `tokencraft serve` binary on a file store for the store and admin tests.
// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

/// A running server: killed (SIGKILL) and reaped on drop.
pub struct Served {
    pub child: Child,
    /// `http://127.0.0.1:PORT/api/v1`.
    pub base: String,
    /// Every stderr line so far (announcement, notes, access log).
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `tokencraft serve --addr 127.0.0.1:0 --store STORE EXTRA…` (a directory, or
/// `memory`) and waits for the address it announces; stderr keeps being collected so the
/// server never blocks on it.
pub fn serve(store: impl AsRef<OsStr>, extra: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tokencraft"))
        .args(["serve", "--addr", "127.0.0.1:0", "--store"])
        .arg(store)
        .args(extra)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start tokencraft serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut base = None;
    for line in lines.by_ref().take(20).map_while(Result::ok) {
        log.lock().unwrap().push(line.clone());
        if let Some(rest) = line.split("http://").nth(1) {
            base = rest
                .split_whitespace()
                .next()
                .map(|addr| format!("http://{addr}"));
            break;
        }
    }
    let keep = log.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            keep.lock().unwrap().push(line);
        }
    });
    let base = base.unwrap_or_else(|| panic!("no address announced: {:?}", log.lock().unwrap()));
    Served { child, base, log }
}
