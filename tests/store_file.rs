//! The durable file store through its library API: every record kind survives a restart
//! (with and without compaction), torn tails are repaired, damage is refused with the file
//! and offset, a second opener is refused, and last-used times persist.

use std::path::Path;
use tokencraft::api::{Accounts, ManualClock};
use tokencraft::store::{
    self, FileStore, FileStoreOptions, Mode, Plan, Role, Scope, Store, Timestamp, TokenRecord,
    Tokenset, WriteTx,
};

const CLOCK_SECS: u64 = 1_736_935_200;

/// Users, tokens, workspaces, memberships, tokensets, modes and token rows, plus one of
/// each deletable kind created and deleted again.
fn populate(store: &dyn Store) -> String {
    let clock = ManualClock::at_secs(CLOCK_SECS);
    let acc = Accounts::new(store, &clock);
    let alice = acc
        .create_user(Some("u-alice"), "alice@example.com", Plan::Team)
        .unwrap();
    acc.create_user(Some("u-bob"), "bob@example.com", Plan::Pro)
        .unwrap();
    acc.set_plan("u-bob", Plan::Free).unwrap();
    let (tok, _) = acc
        .issue_token(&alice.id, "CI", &[Scope::ReadTokens])
        .unwrap();
    let (gone, _) = acc.issue_token(&alice.id, "old", &Scope::ALL).unwrap();
    acc.revoke_token(&gone.id).unwrap();
    acc.create_workspace(Some("ws"), "u-alice", "Design", Some("d"))
        .unwrap();
    acc.create_workspace(Some("ws-gone"), "u-alice", "Temp", None)
        .unwrap();
    acc.add_member("ws", "u-bob", Role::Editor).unwrap();
    acc.add_member("ws-gone", "u-bob", Role::Viewer).unwrap();
    store::write::<_, ()>(store, |tx| {
        put_tokenset(tx, "ts", "ws");
        put_mode(tx, "m-light", "ts", true);
        put_mode(tx, "m-dark", "ts", false);
        put_token(tx, "t1", "m-light", "color.bg", "#fff");
        put_token(tx, "t2", "m-dark", "color.bg", "#000");
        put_token(tx, "t3", "m-light", "color.fg", "#111");
        put_tokenset(tx, "ts-gone", "ws");
        put_mode(tx, "m-gone", "ts-gone", true);
        Ok(())
    })
    .unwrap();
    store::write::<_, ()>(store, |tx| {
        tx.delete_token("t3");
        tx.delete_mode("m-gone");
        tx.delete_tokenset("ts-gone");
        tx.delete_membership("ws-gone/u-bob");
        tx.delete_membership("ws-gone/u-alice");
        tx.delete_workspace("ws-gone");
        let mut t = tx.token("t1").cloned().ok_or(())?;
        t.value = serde_json::json!("#fafafa");
        tx.put_token(t);
        Ok(())
    })
    .unwrap();
    tok.id
}

/// Creates tokenset `id` in workspace `ws` in a transaction of its own.
fn add_set(store: &dyn Store, id: &str) {
    store::write::<_, ()>(store, |tx| {
        put_tokenset(tx, id, "ws");
        Ok(())
    })
    .unwrap();
}

fn put_tokenset(tx: &mut dyn WriteTx, id: &str, ws: &str) {
    let seq = tx.next_seq();
    tx.put_tokenset(Tokenset {
        id: id.into(),
        workspace_id: ws.into(),
        name: id.into(),
        description: None,
        created_at: Timestamp(1),
        updated_at: Timestamp(2),
        revision: 3,
        seq,
    });
}

fn put_mode(tx: &mut dyn WriteTx, id: &str, ts: &str, is_default: bool) {
    let seq = tx.next_seq();
    tx.put_mode(Mode {
        id: id.into(),
        tokenset_id: ts.into(),
        name: id.into(),
        is_default,
        created_at: Timestamp(1),
        updated_at: Timestamp(1),
        seq,
    });
}

fn put_token(tx: &mut dyn WriteTx, id: &str, mode: &str, name: &str, value: &str) {
    let seq = tx.next_seq();
    tx.put_token(TokenRecord {
        id: id.into(),
        tokenset_id: "ts".into(),
        mode_id: mode.into(),
        name: name.into(),
        r#type: "color".into(),
        value: serde_json::json!(value),
        description: Some("d".into()),
        alias_to: None,
        created_at: Timestamp(1),
        updated_at: Timestamp(1),
        seq,
    });
}

/// Everything reachable in the store, as JSON (ids, order and every field).
fn contents(store: &dyn Store) -> serde_json::Value {
    store::read(store, |tx| {
        let users: Vec<_> = ["u-alice", "u-bob"]
            .iter()
            .map(|id| {
                serde_json::json!({
                    "user": tx.user(id),
                    "by_email": tx.user(id).and_then(|u| tx.user_by_email(&u.email)).map(|u| &u.id),
                    "tokens": tx.api_tokens_of(id),
                    "by_hash": tx.api_tokens_of(id).iter().map(|t| tx.api_token_by_hash(&t.hash).map(|x| &x.id)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let workspaces: Vec<_> = tx
            .workspaces()
            .into_iter()
            .map(|w| {
                let sets: Vec<_> = tx
                    .tokensets(&w.id)
                    .into_iter()
                    .map(|s| {
                        let modes: Vec<_> = tx
                            .modes(&s.id)
                            .into_iter()
                            .map(|m| serde_json::json!({"mode": m, "tokens": tx.tokens(&m.id)}))
                            .collect();
                        serde_json::json!({"set": s, "modes": modes})
                    })
                    .collect();
                serde_json::json!({"ws": w, "members": tx.memberships(&w.id), "sets": sets})
            })
            .collect();
        let by_name = tx
            .token_by_name("m-light", "color.bg")
            .map(|t| t.id.clone());
        serde_json::json!({"users": users, "workspaces": workspaces, "by_name": by_name})
    })
}

fn next_seq(store: &dyn Store) -> u64 {
    store::write::<_, ()>(store, |tx| Ok(tx.next_seq())).unwrap()
}

#[test]
fn every_record_kind_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let before;
    let seq;
    {
        let s = FileStore::open(dir.path()).unwrap();
        assert!(s.opened_empty());
        populate(&s);
        before = contents(&s);
        seq = next_seq(&s);
    }
    let s = FileStore::open(dir.path()).unwrap();
    assert!(!s.opened_empty());
    assert!(s.recovery_notes().is_empty(), "{:?}", s.recovery_notes());
    assert_eq!(contents(&s), before);
    assert_eq!(next_seq(&s), seq + 1, "the creation counter persists");
    // Sanity: the comparison is not between two empty stores.
    assert_eq!(before["workspaces"].as_array().map(Vec::len), Some(1));
    assert_eq!(before["by_name"], "t1");
}

#[test]
fn compaction_keeps_everything_and_restarts_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let opts = FileStoreOptions {
        compact_after_bytes: 2_000,
        ..FileStoreOptions::default()
    };
    let before;
    {
        let s = FileStore::open_with(dir.path(), opts.clone()).unwrap();
        populate(&s);
        before = contents(&s);
        assert!(
            dir.path().join("snapshot.tkc").exists(),
            "a snapshot was written"
        );
        assert!(s.log_len() < 2_000, "log restarted: {}", s.log_len());
    }
    let s = FileStore::open_with(dir.path(), opts).unwrap();
    assert_eq!(contents(&s), before);
    s.compact().unwrap();
    drop(s);
    let s = FileStore::open(dir.path()).unwrap();
    assert_eq!(contents(&s), before);
}

#[test]
fn a_rejected_transaction_is_not_logged() {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = FileStore::open(dir.path()).unwrap();
        let r = store::write::<(), &str>(&s, |tx| {
            put_tokenset(tx, "ts", "ws");
            Err("no")
        });
        assert_eq!(r, Err(Ok("no")));
    }
    let s = FileStore::open(dir.path()).unwrap();
    assert!(s.opened_empty());
    assert!(store::read(&s, |tx| tx.tokenset("ts").is_none()));
}

/// Three transactions; the log cut at every byte inside the last one loads the first two
/// with a note, is truncated, and accepts new writes.
#[test]
fn a_torn_last_write_is_truncated_at_every_cut() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("wal.tkc");
    let (end2, end3) = {
        let s = FileStore::open(dir.path()).unwrap();
        add_set(&s, "a");
        add_set(&s, "b");
        let end2 = s.log_len();
        add_set(&s, "c");
        (end2, s.log_len())
    };
    let full = std::fs::read(&log).unwrap();
    assert_eq!(full.len() as u64, end3);
    for cut in end2 + 1..end3 {
        std::fs::write(&log, &full[..cut as usize]).unwrap();
        let s = FileStore::open(dir.path()).unwrap();
        assert_eq!(s.recovery_notes().len(), 1, "cut {cut}");
        assert!(s.recovery_notes()[0].contains("dropped an interrupted last write"));
        let ids = store::read(&s, |tx| {
            tx.tokensets("ws")
                .iter()
                .map(|t| t.id.clone())
                .collect::<Vec<_>>()
        });
        assert_eq!(ids, ["a", "b"], "cut {cut}");
        assert_eq!(std::fs::metadata(&log).unwrap().len(), end2);
    }
    // A zero-filled tail (space allocated, data never written) is torn too.
    let mut zeros = full[..end2 as usize].to_vec();
    zeros.extend([0u8; 100]);
    std::fs::write(&log, &zeros).unwrap();
    {
        let s = FileStore::open(dir.path()).unwrap();
        assert_eq!(s.recovery_notes().len(), 1);
        add_set(&s, "d");
    }
    let s = FileStore::open(dir.path()).unwrap();
    assert!(s.recovery_notes().is_empty());
    let ids = store::read(&s, |tx| {
        tx.tokensets("ws")
            .iter()
            .map(|t| t.id.clone())
            .collect::<Vec<_>>()
    });
    assert_eq!(ids, ["a", "b", "d"]);
}

/// The open error for `dir` after `damage` changed its log, with the directory replaced by
/// `DIR` so messages compare exactly.
fn open_error(damage: impl FnOnce(&Path, &mut Vec<u8>)) -> (String, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = FileStore::open(dir.path()).unwrap();
        for id in ["a", "b", "c"] {
            add_set(&s, id);
        }
    }
    let log = dir.path().join("wal.tkc");
    let mut bytes = std::fs::read(&log).unwrap();
    damage(dir.path(), &mut bytes);
    std::fs::write(&log, &bytes).unwrap();
    let err = match FileStore::open(dir.path()) {
        Ok(_) => panic!("the damaged store opened"),
        Err(e) => e.to_string(),
    };
    let after = std::fs::read(&log).unwrap();
    assert_eq!(after, bytes, "a damaged log is never rewritten");
    (err.replace(&dir.path().display().to_string(), "DIR"), bytes)
}

#[test]
fn damage_is_refused_with_file_and_offset() {
    let frame_len = |b: &[u8], at: usize| {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize + 8
    };
    let (corrupt_mid, _) = open_error(|_, b| {
        let second = 24 + frame_len(b, 24);
        b[second + 20] ^= 0x20;
    });
    let (bad_version, _) = open_error(|_, b| b[8] = 9);
    let (garbage, _) = open_error(|_, b| {
        b.truncate(24);
        b.extend_from_slice(&u32::MAX.to_le_bytes());
        b.extend_from_slice(b"garbage garbage garbage");
    });
    let (not_ours, _) = open_error(|_, b| b[..8].copy_from_slice(b"PK\x03\x04abcd"));
    let (short, _) = open_error(|_, b| b.truncate(10));
    insta::assert_snapshot!(
        [corrupt_mid, bad_version, garbage, not_ours, short].join("\n"),
        @r"
    DIR/wal.tkc: damaged data at byte offset 172: the frame (140 bytes) fails its checksum and is followed by 148 more bytes, so it is not an interrupted append. The store was not opened and nothing was changed; restore the directory from a backup
    DIR/wal.tkc: store format version 9, but this build reads version 1: use a tokencraft release that supports version 9
    DIR/wal.tkc: damaged data at byte offset 24: frame length 4294967295 is outside 1..=67108864 (garbage, or a file that is not a tokencraft store). The store was not opened and nothing was changed; restore the directory from a backup
    DIR/wal.tkc: damaged data at byte offset 0: not a tokencraft store file (unknown magic bytes). The store was not opened and nothing was changed; restore the directory from a backup
    DIR/wal.tkc: damaged data at byte offset 0: the file is shorter than the 24-byte header. The store was not opened and nothing was changed; restore the directory from a backup
    "
    );
}

#[test]
fn a_second_opener_is_refused_with_the_holders_pid() {
    let dir = tempfile::tempdir().unwrap();
    let first = FileStore::open(dir.path()).unwrap();
    let err = match FileStore::open(dir.path()) {
        Ok(_) => panic!("opened twice"),
        Err(e) => e.to_string(),
    };
    assert_eq!(
        err,
        format!(
            "store directory {} is in use by another tokencraft process (pid {}): stop it first, or use another --store directory",
            dir.path().display(),
            std::process::id()
        )
    );
    drop(first);
    FileStore::open(dir.path()).unwrap();
}

#[test]
fn last_used_times_persist_without_a_write_per_use() {
    let dir = tempfile::tempdir().unwrap();
    let token;
    {
        let s = FileStore::open(dir.path()).unwrap();
        token = populate(&s);
        let len = s.log_len();
        s.note_token_used(&token, Timestamp(100));
        s.note_token_used(&token, Timestamp(90));
        assert_eq!(s.token_last_used(&token), Some(Timestamp(100)));
        assert_eq!(s.log_len(), len, "a use costs no log write");
    }
    let s = FileStore::open(dir.path()).unwrap();
    assert_eq!(s.token_last_used(&token), Some(Timestamp(100)));
    s.note_token_used(&token, Timestamp(200));
    let before = std::fs::read_to_string(dir.path().join("wal.tkc")).unwrap_or_default();
    assert!(!before.contains("token_used"));
    // The next write carries pending times along in its frame.
    add_set(&s, "x");
    let log =
        String::from_utf8_lossy(&std::fs::read(dir.path().join("wal.tkc")).unwrap()).into_owned();
    assert!(
        log.contains(&format!(r#"{{"token_used":["{token}",200]}}"#)),
        "{log}"
    );
    drop(s);
    let s = FileStore::open(dir.path()).unwrap();
    assert_eq!(s.token_last_used(&token), Some(Timestamp(200)));
}

/// The states a crash during compaction can leave: a leftover temporary file, a snapshot
/// already renamed while the old log is still there; and a missing snapshot is refused.
#[test]
fn a_crash_during_compaction_is_recovered_by_generation() {
    let dir = tempfile::tempdir().unwrap();
    let (log, snap) = (dir.path().join("wal.tkc"), dir.path().join("snapshot.tkc"));
    let before;
    {
        let s = FileStore::open(dir.path()).unwrap();
        populate(&s);
        before = contents(&s);
        let old_log = std::fs::read(&log).unwrap();
        s.compact().unwrap();
        drop(s);
        // Crash after the snapshot's rename, before the new log replaced the old one.
        std::fs::write(&log, old_log).unwrap();
        std::fs::write(dir.path().join("snapshot.tkc.tmp"), b"half a snapshot").unwrap();
    }
    {
        let s = FileStore::open(dir.path()).unwrap();
        let notes = s.recovery_notes().join("\n");
        assert!(
            notes.contains("removed an unfinished temporary file"),
            "{notes}"
        );
        assert!(
            notes.contains("generation 1 is already in the snapshot (a crash during compaction); starting log generation 2"),
            "{notes}"
        );
        assert_eq!(contents(&s), before);
        add_set(&s, "after");
    }
    let s = FileStore::open(dir.path()).unwrap();
    assert!(s.recovery_notes().is_empty());
    assert!(store::read(&s, |tx| tx.tokenset("after").is_some()));
    drop(s);
    std::fs::remove_file(&snap).unwrap();
    let err = FileStore::open(dir.path()).err().unwrap().to_string();
    assert!(
        err.contains(
            "log generation 2 does not follow the snapshot's (none): a snapshot is missing"
        ),
        "{err}"
    );
}

/// Passwords, sessions, organizations and their workspace links, environments and releases
/// (the session API's records) go through the same log and snapshot as the v1 records.
#[test]
fn session_and_organization_records_survive_a_restart_and_a_compaction() {
    use tokencraft::store::{Environment, Release, Session, Snapshot};
    let dir = tempfile::tempdir().unwrap();
    let read = |s: &dyn Store, org: &str| {
        store::read(s, |tx| {
            let envs = tx.environments(org);
            let releases: Vec<_> = envs.iter().map(|e| tx.releases(&e.id)).collect();
            serde_json::json!({
                "password": tx.password("u-alice"),
                "session": tx.session("sess-1"),
                "sessions": tx.sessions_of("u-alice"),
                "orgs": tx.organizations(),
                "links": tx.org_workspaces(org),
                "link": tx.org_workspace("ws"),
                "envs": envs,
                "releases": releases,
                "gone_env": tx.environment("env-gone"),
                "gone_session": tx.session("sess-gone"),
            })
        })
    };
    let (before, org) = {
        let s = FileStore::open(dir.path()).unwrap();
        populate(&s);
        let clock = ManualClock::at_secs(CLOCK_SECS);
        let acc = Accounts::new(&s, &clock);
        acc.set_password("alice@example.com", "correct horse battery staple")
            .unwrap();
        let org = acc
            .create_organization("Acme", "alice@example.com")
            .unwrap();
        acc.add_workspace_to_organization(&org, "ws").unwrap();
        let at = Timestamp(CLOCK_SECS as i64);
        store::write::<_, ()>(&s, |tx| {
            for id in ["sess-1", "sess-gone"] {
                let seq = tx.next_seq();
                tx.put_session(Session {
                    id: id.into(),
                    user_id: "u-alice".into(),
                    created_at: at,
                    expires_at: Timestamp(at.0 + 3600),
                    seq,
                });
            }
            for id in ["env-staging", "env-gone"] {
                let seq = tx.next_seq();
                tx.put_environment(Environment {
                    id: id.into(),
                    org_id: org.clone(),
                    name: id.into(),
                    is_production: false,
                    active_release: Some("rel-1".into()),
                    created_at: at,
                    updated_at: at,
                    seq,
                });
            }
            let seq = tx.next_seq();
            tx.put_release(Release {
                id: "rel-1".into(),
                environment_id: "env-staging".into(),
                org_id: org.clone(),
                version: 1,
                created_by: "u-alice".into(),
                created_at: at,
                base_release: None,
                merged_from: None,
                snapshot: Snapshot::default(),
                seq,
            });
            Ok(())
        })
        .unwrap();
        store::write::<_, ()>(&s, |tx| {
            tx.delete_session("sess-gone");
            tx.delete_environment("env-gone");
            Ok(())
        })
        .unwrap();
        (read(&s, &org), org)
    };
    assert_eq!(before["envs"].as_array().map(Vec::len), Some(2), "{before}");
    assert!(before["password"].is_object() && before["link"].is_object());
    let s = FileStore::open(dir.path()).unwrap();
    assert_eq!(read(&s, &org), before, "after replaying the log");
    s.compact().unwrap();
    drop(s);
    let s = FileStore::open(dir.path()).unwrap();
    assert_eq!(read(&s, &org), before, "after a snapshot");
}

/// Ids are data, never paths: records whose ids look like paths out of the store folder
/// round-trip, and the folder still holds only the store's own files.
#[test]
fn ids_that_look_like_paths_stay_data() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("store");
    let clock = ManualClock::at_secs(CLOCK_SECS);
    let evil = ["../../escape", "/etc/passwd", "..\\win", "a/../../b"];
    {
        let s = FileStore::open(&dir).unwrap();
        let acc = Accounts::new(&s, &clock);
        acc.create_user(Some("../u"), "u@example.com", Plan::Team)
            .unwrap();
        for id in evil {
            acc.create_workspace(Some(id), "../u", id, None).unwrap();
        }
    }
    let s = FileStore::open(&dir).unwrap();
    for id in evil {
        let ws = store::read(&s, |tx| tx.workspace(id).map(|w| w.name.clone()));
        assert_eq!(ws.as_deref(), Some(id));
    }
    let mut outside: Vec<_> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    outside.sort();
    assert_eq!(outside, ["store"], "nothing was written next to the store");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !evil
                .iter()
                .any(|e| name.contains(e.trim_start_matches(['.', '/']))),
            "{name}"
        );
    }
}

/// A child forked by another thread shares the lock's open file until it execs: the lock
/// then looks held by this very process although no store has the directory open. Opening
/// waits for that window instead of refusing (insta's `cargo metadata` child made this
/// test suite fail now and then); a lock that stays held is still refused, with the pid.
#[test]
fn a_lock_shared_with_a_forking_child_is_waited_for() {
    use std::os::fd::AsRawFd;
    let dir = tempfile::tempdir().unwrap();
    drop(FileStore::open(dir.path()).unwrap());
    // Stand-in for the child's copy: another open file description of LOCK, locked.
    let held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.path().join("LOCK"))
        .unwrap();
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(
        unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) },
        0
    );
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(150));
        drop(held);
    });
    let s = FileStore::open(dir.path()).expect("opened once the child's copy closed");
    release.join().unwrap();
    drop(s);
    // Held past the window: refused, naming our pid.
    let held = std::fs::File::open(dir.path().join("LOCK")).unwrap();
    // SAFETY: as above.
    assert_eq!(
        unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) },
        0
    );
    let err = FileStore::open(dir.path()).err().map(|e| e.to_string());
    assert_eq!(
        err,
        Some(format!(
            "store directory {} is in use by another tokencraft process (pid {}): stop it first, or use another --store directory",
            dir.path().display(),
            std::process::id()
        ))
    );
}
