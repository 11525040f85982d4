//! Throughput of the server with a trivial handler over 64 keep-alive connections.
//! Ignored by default (it measures, it does not check behaviour):
//!
//! ```text
//! cargo test --release --test server_throughput -- --ignored --nocapture keep_alive_throughput
//! # with wrk (apt-get install -y wrk): serve for 20 s on 127.0.0.1:8799, then in another shell
//! TOKENCRAFT_SERVE_SECS=20 cargo test --release --test server_throughput -- --ignored --nocapture serve_for_wrk
//! wrk -t2 -c64 -d10s http://127.0.0.1:8799/
//! ```
//!
//! Measured 2026-11-29 (release build, wrk on the same shared 2-core machine at load
//! average ~12, so a floor, not a ceiling): trivial handler, 64 keep-alive connections,
//! `wrk -t2 -c64 -d10s`: about 50,000 requests/s (p50 latency 1.7 ms) with the access
//! log off, about 27,000 requests/s with one stderr access-log line per request.

mod server_support;

use server_support::{get, start, Raw};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokencraft::api::{Request, Response};
use tokencraft::server::AccessLog;

fn trivial(_: &Request) -> Response {
    let mut r = Response::new(200);
    r.set_header("Content-Type", "text/plain");
    r.body = b"ok".to_vec().into();
    r
}

#[test]
#[ignore = "measurement; run with --ignored --nocapture"]
fn keep_alive_throughput() {
    let server = start(|c| c.access_log = AccessLog::Off, trivial);
    let secs: u64 = std::env::var("TOKENCRAFT_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let count = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let addr = server.addr;
    let clients: Vec<_> = (0..64)
        .map(|_| {
            let count = Arc::clone(&count);
            std::thread::spawn(move || {
                let mut raw = Raw::connect(addr);
                let request = get("/");
                while Instant::now() < deadline {
                    raw.send(&request);
                    assert_eq!(raw.read_response().status, 200);
                    count.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let total = count.load(Ordering::Relaxed);
    println!(
        "64 keep-alive connections, {secs} s: {total} requests, {:.0} requests/s",
        total as f64 / secs as f64
    );
    assert!(total > 0);
}

#[test]
#[ignore = "serves on 127.0.0.1:8799 for TOKENCRAFT_SERVE_SECS seconds for an external load tool"]
fn serve_for_wrk() {
    let secs: u64 = std::env::var("TOKENCRAFT_SERVE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let mut server = start(
        |c| {
            c.addr = "127.0.0.1:8799".parse().unwrap();
            c.access_log = AccessLog::Off;
        },
        trivial,
    );
    println!("serving http://{} for {secs} s", server.addr);
    std::thread::sleep(Duration::from_secs(secs));
    server.stop().unwrap();
}
