//! `tokencraft admin --store DIR …` through the real binary: stdout, stderr and exit codes,
//! then a server on the same directory accepts what admin created, and admin is refused
//! while the server holds the directory.

mod store_support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn admin_with_stdin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tokencraft"))
        .arg("admin")
        .arg("--store")
        .arg(dir)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(text.as_bytes()).unwrap();
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        out: String::from_utf8(stdout).unwrap(),
        // Messages name the (temporary) store directory: make them comparable.
        err: String::from_utf8(stderr)
            .unwrap()
            .replace(&dir.display().to_string(), "DIR"),
    }
}

fn admin(dir: &Path, args: &[&str]) -> Run {
    admin_with_stdin(dir, args, None)
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let r = admin(dir, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.err);
    r.out.trim_end().to_owned()
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

#[test]
fn admin_commands_print_ids_tokens_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let alice = ok(d, &["user", "add", "alice@example.com", "--plan", "TEAM"]);
    assert!(is_uuid(&alice), "{alice}");
    ok(d, &["user", "add", "bob@example.com", "--plan", "free"]);
    ok(d, &["user", "set-plan", "bob@example.com", "PRO"]);

    let token = ok(
        d,
        &[
            "token",
            "create",
            "alice@example.com",
            "--scopes",
            "read:tokens,export:tokens",
            "--name",
            "CI",
        ],
    );
    assert!(
        token.len() == 44 && token.starts_with("tkc_"),
        "the plaintext is printed once: {token}"
    );
    ok(d, &["token", "create", "alice@example.com"]);
    let list = ok(d, &["token", "list", "alice@example.com"]);
    let rows: Vec<&str> = list.lines().collect();
    assert_eq!(rows.len(), 3, "{list}");
    let header: Vec<&str> = rows[0]
        .split("  ")
        .filter(|c| !c.is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(
        header,
        [
            "ID",
            "PREFIX",
            "NAME",
            "SCOPES",
            "CREATED",
            "LAST USED",
            "STATUS"
        ]
    );
    let first: Vec<&str> = rows[1].split_whitespace().collect();
    assert_eq!(first[1], &token[..12]);
    assert_eq!(&first[2..4], ["CI", "read:tokens,export:tokens"]);
    assert!(
        first[4].ends_with('Z') && first[4].len() == 20,
        "{}",
        first[4]
    );
    assert_eq!(&first[5..], ["never", "active"]);
    assert!(!list.contains(&token[12..]), "only the prefix is shown");
    let second: Vec<&str> = rows[2].split_whitespace().collect();
    assert_eq!(second[2..4], ["admin", "CLI"]);
    assert_eq!(second[4], "read:tokens,write:tokens,export:tokens");

    let id = first[0].to_owned();
    ok(d, &["token", "revoke", &id]);
    let list = ok(d, &["token", "list", "alice@example.com"]);
    assert!(list.lines().nth(1).unwrap().ends_with("revoked"), "{list}");

    let ws = ok(
        d,
        &[
            "workspace",
            "create",
            "--owner",
            "alice@example.com",
            "Design System",
        ],
    );
    assert!(is_uuid(&ws), "{ws}");
    ok(
        d,
        &["member", "add", &ws, "bob@example.com", "--role", "editor"],
    );
    ok(
        d,
        &["member", "add", &ws, "bob@example.com", "--role", "viewer"],
    );
}

#[test]
fn admin_errors_say_what_and_how_to_fix_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["user", "add", "alice@example.com", "--plan", "PRO"]);
    let ws = ok(
        d,
        &["workspace", "create", "--owner", "alice@example.com", "W"],
    );
    let cases: Vec<(Vec<&str>, i32, String)> = vec![
        (
            vec!["user", "add", "alice@example.com", "--plan", "TEAM"],
            1,
            "error: a user with e-mail 'alice@example.com' already exists: e-mail addresses are unique".into(),
        ),
        (
            vec!["user", "add", "not-an-email", "--plan", "TEAM"],
            1,
            "error: invalid e-mail 'not-an-email': expected something like dev@example.com".into(),
        ),
        (
            vec!["user", "set-plan", "nobody@example.com", "PRO"],
            1,
            "error: no user with e-mail 'nobody@example.com' in DIR: add one with `tokencraft admin --store DIR user add nobody@example.com --plan PRO`".into(),
        ),
        (
            vec!["token", "create", "nobody@example.com"],
            1,
            "error: no user with e-mail 'nobody@example.com' in DIR: add one with `tokencraft admin --store DIR user add nobody@example.com --plan PRO`".into(),
        ),
        (
            vec!["token", "revoke", "no-such-id"],
            1,
            "error: unknown API token id 'no-such-id': `token list EMAIL` shows the ids".into(),
        ),
        (
            vec!["member", "add", "ws-nope", "alice@example.com", "--role", "editor"],
            1,
            "error: unknown workspace 'ws-nope': create the workspace first (or fix the id)".into(),
        ),
    ];
    for (args, code, msg) in cases {
        let r = admin(d, &args);
        assert_eq!(
            (r.code, r.err.trim_end(), r.out.as_str()),
            (code, msg.as_str(), ""),
            "{args:?}"
        );
    }
    let usage: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["user", "add", "x@example.com", "--plan", "GOLD"],
            "error: invalid value 'GOLD' for '--plan <PLAN>': expected FREE, PRO or TEAM",
        ),
        (
            vec!["user", "set-plan", "alice@example.com", "BUSINESS"],
            "error: invalid value 'BUSINESS' for '<PLAN>': expected FREE, PRO or TEAM",
        ),
        (
            vec!["member", "add", &ws, "alice@example.com", "--role", "boss"],
            "error: invalid value 'boss' for '--role <ROLE>': expected owner, admin, editor or viewer",
        ),
        (
            vec!["token", "create", "alice@example.com", "--scopes", "read:tokens,admin"],
            "error: invalid value 'admin' for '--scopes <read:tokens,write:tokens,export:tokens>': expected read:tokens, write:tokens or export:tokens",
        ),
    ];
    let missing = d.join("typo");
    let r = admin(&missing, &["token", "list", "alice@example.com"]);
    assert_eq!(
        (r.code, r.err.trim_end()),
        (1, "error: store directory DIR does not exist: fix --store, or start a new store with `user add`")
    );
    assert!(!missing.exists());
    for (args, first_line) in usage {
        let r = admin(d, &args);
        assert_eq!(
            (r.code, r.err.lines().next().unwrap_or("")),
            (2, first_line),
            "{args:?}"
        );
    }
}

const ADD_WITH_PASSWORD: [&str; 6] = [
    "user",
    "add",
    "pw@example.com",
    "--plan",
    "PRO",
    "--password-stdin",
];

#[test]
fn password_stdin_stores_a_login_password_and_refuses_weak_ones_before_creating_anything() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = admin_with_stdin(d, &ADD_WITH_PASSWORD, Some("short\n"));
    assert_eq!(
        (r.code, r.err.trim_end()),
        (1, "error: password is too short: use at least 8 characters")
    );
    let r = admin(d, &["token", "list", "pw@example.com"]);
    assert_eq!(r.code, 1, "the user was not created");
    let r = admin_with_stdin(d, &ADD_WITH_PASSWORD, Some(""));
    assert_eq!(r.code, 2);
    assert!(r.err.contains("standard input is empty"), "{}", r.err);

    let r = admin_with_stdin(
        d,
        &ADD_WITH_PASSWORD,
        Some("correct horse battery staple\n"),
    );
    assert_eq!(r.code, 0, "{}", r.err);

    // An organization with a workspace, made by admin, seen through the session API.
    let ws = ok(
        d,
        &["workspace", "create", "--owner", "pw@example.com", "Web"],
    );
    let org = ok(d, &["org", "create", "Acme", "--owner", "pw@example.com"]);
    ok(d, &["org", "add-workspace", &org, &ws]);
    let r = admin(d, &["org", "add-workspace", "no-such-org", &ws]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("no-such-org"), "{}", r.err);
    let r = admin(
        d,
        &["org", "create", "Other", "--owner", "nobody@example.com"],
    );
    assert_eq!(r.code, 1);
    assert!(r.err.contains("nobody@example.com"), "{}", r.err);

    let mut server = store_support::serve(
        d,
        &[
            "--cookie-secure",
            "--allowed-origin",
            "https://app.example.com/",
        ],
    );
    let root = server.base.trim_end_matches("/api/v1").to_owned();
    let result = std::panic::catch_unwind(|| {
        let agent = ureq::AgentBuilder::new().build();
        let wrong = agent.post(&format!("{root}/api/auth/login")).send_json(
            serde_json::json!({"email": "pw@example.com", "password": "wrong password"}),
        );
        assert!(
            matches!(wrong, Err(ureq::Error::Status(401, _))),
            "{wrong:?}"
        );
        let login = agent
            .post(&format!("{root}/api/auth/login"))
            .send_json(serde_json::json!({"email": "pw@example.com", "password": "correct horse battery staple"}))
            .unwrap();
        let set_cookie = login.header("set-cookie").unwrap().to_owned();
        assert!(set_cookie.contains("; Secure"), "{set_cookie}");
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        let evil = agent
            .post(&format!("{root}/api/workspaces"))
            .set("Cookie", &cookie)
            .set("Origin", "https://evil.example")
            .send_json(serde_json::json!({"name": "X"}));
        assert!(matches!(evil, Err(ureq::Error::Status(403, _))), "{evil:?}");
        let allowed = agent
            .post(&format!("{root}/api/workspaces"))
            .set("Cookie", &cookie)
            .set("Origin", "https://app.example.com")
            .send_json(serde_json::json!({"name": "From the dashboard"}))
            .unwrap();
        assert_eq!(allowed.status(), 201);
        let envs: serde_json::Value = agent
            .get(&format!("{root}/api/organizations/{org}/environments"))
            .set("Cookie", &cookie)
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        assert!(envs.to_string().contains("Production"), "{envs}");
    });
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

#[test]
fn a_server_uses_what_admin_created_and_admin_is_refused_while_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["user", "add", "alice@example.com", "--plan", "TEAM"]);
    let token = ok(d, &["token", "create", "alice@example.com"]);
    let ws = ok(
        d,
        &[
            "workspace",
            "create",
            "--owner",
            "alice@example.com",
            "Design",
        ],
    );

    let mut server = store_support::serve(d, &[]);
    let base = server.base.clone();
    let pid = server.child.id();
    let result = std::panic::catch_unwind(|| {
        let body: serde_json::Value = ureq::get(&format!("{base}/workspaces/{ws}"))
            .set("Authorization", &format!("Bearer {token}"))
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        assert_eq!(body["name"], "Design");
        let r = admin(d, &["user", "add", "x@example.com", "--plan", "PRO"]);
        assert_eq!(
            (r.code, r.err.trim_end()),
            (1, format!("error: store directory DIR is in use by another tokencraft process (pid {pid}): stop it first, or use another --store directory").as_str())
        );
    });
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
    ok(d, &["user", "add", "x@example.com", "--plan", "PRO"]);
}

#[test]
fn serve_refuses_an_allowed_origin_that_is_not_an_origin() {
    let out = Command::new(env!("CARGO_BIN_EXE_tokencraft"))
        .args([
            "serve",
            "--store",
            "memory",
            "--allowed-origin",
            "app.example.com/login",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--allowed-origin `app.example.com/login` is not an origin"),
        "{err}"
    );
}

#[test]
fn serve_flags_for_workers_and_the_access_log() {
    let out = Command::new(env!("CARGO_BIN_EXE_tokencraft"))
        .args(["serve", "--store", "memory", "--workers", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--workers must be from 1 to 1024"));

    let quiet = store_support::serve("memory", &["--workers", "2", "--no-access-log"]);
    let loud = store_support::serve("memory", &["--workers", "2"]);
    for s in [&quiet, &loud] {
        let r = ureq::get(&format!("{}/workspaces", s.base)).call();
        assert!(matches!(r, Err(ureq::Error::Status(401, _))), "{r:?}");
    }
    // The access line is written after the response; give it a moment.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let lines = |s: &store_support::Served| s.log.lock().unwrap().join("\n");
    assert!(
        lines(&loud).contains("/api/v1/workspaces"),
        "{}",
        lines(&loud)
    );
    assert!(
        !lines(&quiet).contains("/api/v1/workspaces"),
        "{}",
        lines(&quiet)
    );
}
