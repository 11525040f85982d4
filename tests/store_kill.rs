//! The kill test: the real binary on a file store, a storm of concurrent writes (tokens and
//! modes from several threads), SIGKILL in the middle of it, a restart on the same
//! directory, and every write that got a 2xx is there. Three rounds on the same store, with
//! a small compaction threshold so snapshots are written (and interrupted) during the storm.

mod store_support;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store_support::Served;

const ALICE: &str = "Bearer tkc_a11ce00000000000000000000000000000000001";
const THREADS: usize = 4;

/// Starts the server on `dir`, seeded when the store is new, without a practical rate
/// limit, compacting every ~16 KiB of log so kills also land during compactions.
fn serve(dir: &Path) -> Served {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json");
    store_support::serve(
        dir,
        &[
            "--rate-limit",
            "1000000",
            "--compact-after",
            "16000",
            "--seed",
            seed,
        ],
    )
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(20))
        .build()
}

fn post(a: &ureq::Agent, url: &str, body: serde_json::Value) -> Result<serde_json::Value, String> {
    match a
        .post(url)
        .set("Authorization", ALICE)
        .set("Content-Type", "application/json")
        .send_string(&body.to_string())
    {
        Ok(r) if (200..300).contains(&r.status()) => {
            r.into_json().map_err(|e| format!("body of a 2xx: {e}"))
        }
        Ok(r) => Err(format!("status {}", r.status())),
        Err(e) => Err(e.to_string()),
    }
}

fn get(a: &ureq::Agent, url: &str) -> serde_json::Value {
    a.get(url)
        .set("Authorization", ALICE)
        .call()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"))
        .into_json()
        .unwrap()
}

fn names(list: &serde_json::Value, key: &str) -> BTreeSet<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_acknowledged_write_survives_sigkill_mid_storm() {
    let dir = tempfile::tempdir().unwrap();
    let a = agent();
    let (ts, mode) = {
        let s = serve(dir.path());
        let ts = post(
            &a,
            &format!("{}/workspaces/ws-design-system/tokensets", s.base),
            serde_json::json!({"name": "Storm"}),
        )
        .unwrap();
        let ts = ts["id"].as_str().unwrap().to_owned();
        let modes = get(&a, &format!("{}/tokensets/{ts}/modes", s.base));
        (ts, modes["modes"][0]["id"].as_str().unwrap().to_owned())
    };
    let acked_tokens = Arc::new(Mutex::new(BTreeSet::new()));
    let acked_modes = Arc::new(Mutex::new(BTreeSet::new()));
    for round in 0..3 {
        let s = serve(dir.path());
        // Everything acknowledged in earlier rounds is there after the restart.
        let tokens = get(
            &a,
            &format!("{}/tokensets/{ts}/modes/{mode}/tokens", s.base),
        );
        let modes = get(&a, &format!("{}/tokensets/{ts}/modes", s.base));
        let (have_t, have_m) = (names(&tokens, "tokens"), names(&modes, "modes"));
        let want_t = acked_tokens.lock().unwrap().clone();
        let want_m = acked_modes.lock().unwrap().clone();
        let lost_t: Vec<_> = want_t.difference(&have_t).collect();
        let lost_m: Vec<_> = want_m.difference(&have_m).collect();
        assert!(
            lost_t.is_empty() && lost_m.is_empty(),
            "round {round}: lost {} tokens {lost_t:?} and {} modes {lost_m:?}; server log {:?}",
            lost_t.len(),
            lost_m.len(),
            s.log.lock().unwrap()
        );

        let acked_now = Arc::new(AtomicUsize::new(0));
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let (base, ts, mode) = (s.base.clone(), ts.clone(), mode.clone());
                let (tokens, modes, n) = (acked_tokens.clone(), acked_modes.clone(), acked_now.clone());
                std::thread::spawn(move || {
                    let a = agent();
                    for i in 0.. {
                        let r = if i % 8 == 7 {
                            let name = format!("r{round}-t{t}-m{i}");
                            post(&a, &format!("{base}/tokensets/{ts}/modes"), serde_json::json!({"name": name}))
                                .map(|_| modes.lock().unwrap().insert(name))
                        } else {
                            let name = format!("r{round}.t{t}.n{i}");
                            post(
                                &a,
                                &format!("{base}/tokensets/{ts}/modes/{mode}/tokens"),
                                serde_json::json!({"name": name, "type": "dimension", "value": {"value": i, "unit": "px"}}),
                            )
                            .map(|_| tokens.lock().unwrap().insert(name))
                        };
                        match r {
                            Ok(_) => {
                                n.fetch_add(1, Ordering::SeqCst);
                            }
                            // The server is gone (killed): stop.
                            Err(_) => break,
                        }
                    }
                })
            })
            .collect();
        // Kill once the storm is well under way (and at a different point each round).
        let start = Instant::now();
        let target = 60 + 40 * round;
        while acked_now.load(Ordering::SeqCst) < target && start.elapsed() < Duration::from_secs(30)
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        let mut s = s;
        s.child.kill().unwrap(); // SIGKILL
        s.child.wait().unwrap();
        for w in workers {
            w.join().unwrap();
        }
        assert!(
            acked_now.load(Ordering::SeqCst) >= target,
            "round {round}: the storm never got going; server log {:?}",
            s.log.lock().unwrap()
        );
    }
    // A final restart loads, and holds everything acknowledged.
    let s = serve(dir.path());
    let tokens = get(
        &a,
        &format!("{}/tokensets/{ts}/modes/{mode}/tokens", s.base),
    );
    let modes = get(&a, &format!("{}/tokensets/{ts}/modes", s.base));
    let want_t = acked_tokens.lock().unwrap().clone();
    let want_m = acked_modes.lock().unwrap().clone();
    assert!(
        dir.path().join("snapshot.tkc").exists(),
        "the storm compacted"
    );
    assert!(names(&tokens, "tokens").is_superset(&want_t));
    assert!(names(&modes, "modes").is_superset(&want_m));
    assert!(
        want_t.len() >= 150 && !want_m.is_empty(),
        "{} tokens, {} modes",
        want_t.len(),
        want_m.len()
    );
}
