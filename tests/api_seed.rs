//! Seed files and the account library API: the example seed loads and behaves as its
//! comments say; bad seeds fail with a message that says where and what, and write nothing.

mod api_support;

use std::sync::Arc;
use tokencraft::api::{load_seed, Api, ApiConfig, Request};
use tokencraft::store::{read, MemoryStore, Plan, Scope};

fn get(api: &Api, token: &str, path: &str) -> u16 {
    api.handle(&Request::new("GET", path).header("Authorization", &format!("Bearer {token}")))
        .status
}

#[test]
fn the_example_seed_loads_and_works() {
    let store = Arc::new(MemoryStore::new());
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json"))
        .expect("read");
    let summary = load_seed(&*store, &text).expect("seed");
    assert_eq!(
        (
            summary.users,
            summary.api_tokens,
            summary.workspaces,
            summary.memberships
        ),
        (3, 5, 2, 2)
    );
    let api = Api::new(store.clone(), ApiConfig::default());
    let alice = "tkc_a11ce00000000000000000000000000000000001";
    let alice_ci = "tkc_a11ce00000000000000000000000000000000002";
    let bob = "dtk_b0b0000000000000000000000000000000000001";
    let carol_revoked = "tkc_ca401000000000000000000000000000000000ff";
    let carol = "tkc_ca401000000000000000000000000000000000aa";
    assert_eq!(get(&api, alice, "/api/v1/workspaces/ws-design-system"), 200);
    assert_eq!(
        get(&api, alice_ci, "/api/v1/workspaces/ws-design-system"),
        403
    );
    assert_eq!(get(&api, bob, "/api/v1/workspaces/ws-design-system"), 200);
    assert_eq!(get(&api, carol, "/api/v1/workspaces/ws-design-system"), 200);
    assert_eq!(get(&api, carol_revoked, "/api/v1/workspaces"), 401);
    assert_eq!(get(&api, carol, "/api/v1/workspaces/ws-bob-private"), 404);
    // Only hashes are stored.
    read(&*store, |tx| {
        for t in tx.api_tokens_of("u-alice") {
            assert_eq!(t.prefix.len(), 12);
            assert!(!format!("{t:?}").contains("a11ce00000000000000000000000000000000001"));
        }
    });
}

#[test]
fn bad_seeds_say_where_and_write_nothing() {
    let cases = [
        ("{\"users\": [", "seed:1:11: EOF while parsing a list"),
        ("{\"user\": []}", "seed:1:7: unknown field `user`, expected one of `users`, `api_tokens`, `workspaces`, `memberships`, `organizations`"),
        (r#"{"users": [{"id": "u", "email": "u@x", "plan": "GOLD"}]}"#, "seed:1:53: unknown variant `GOLD`, expected one of `FREE`, `PRO`, `TEAM`"),
        (r#"{"users": [{"id": "u", "email": "u@x", "plan": "PRO"}, {"id": "u", "email": "v@x", "plan": "PRO"}]}"#, "seed: users[1]: a user with id 'u' already exists: pick another id"),
        (r#"{"users": [{"id": "u", "email": "nope", "plan": "PRO"}]}"#, "seed: users[0]: invalid e-mail 'nope': expected something like dev@example.com"),
        (r#"{"users": [{"id": "u", "email": "u@x", "plan": "PRO"}], "api_tokens": [{"user": "u", "token": "tkc_123"}]}"#, "seed: api_tokens[0]: malformed API token 'tkc_123': expected 'tkc_' or 'dtk_' followed by 40 lower-case hex characters"),
        (r#"{"api_tokens": [{"user": "ghost", "token": "tkc_0000000000000000000000000000000000000000"}]}"#, "seed: api_tokens[0]: unknown user 'ghost': create the user first (or fix the id)"),
        (r#"{"users": [{"id": "u", "email": "u@x", "plan": "PRO"}], "api_tokens": [{"user": "u", "token": "tkc_0000000000000000000000000000000000000000"}, {"user": "u", "token": "tkc_0000000000000000000000000000000000000000"}]}"#, "seed: api_tokens[1]: API token 'tkc_00000000…' is already registered: every token must be unique"),
        (r#"{"users": [{"id": "u", "email": "u@x", "plan": "PRO"}], "api_tokens": [{"user": "u", "token": "tkc_0000000000000000000000000000000000000000", "scopes": ["admin"]}]}"#, "seed:1:160: unknown variant `admin`, expected one of `read:tokens`, `write:tokens`, `export:tokens`"),
        (r#"{"workspaces": [{"id": "w", "name": "W", "owner": "ghost"}]}"#, "seed: workspaces[0]: unknown user 'ghost': create the user first (or fix the id)"),
        (r#"{"users": [{"id": "u", "email": "u@x", "plan": "PRO"}], "workspaces": [{"id": "w", "name": "", "owner": "u"}]}"#, "seed: workspaces[0]: invalid workspace name '': must be a non-empty string of at most 255 characters"),
        (r#"{"users": [{"id": "u", "email": "u@x", "plan": "PRO"}], "memberships": [{"workspace": "w", "user": "u", "role": "editor"}]}"#, "seed: memberships[0]: unknown workspace 'w': create the workspace first (or fix the id)"),
    ];
    for (text, want) in cases {
        let store = MemoryStore::new();
        let got = load_seed(&store, text)
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert_eq!(got, Err(want.to_owned()), "{text}");
        assert!(
            read(&store, |tx| tx.user("u").is_none()
                && tx.workspaces().is_empty()),
            "{text}: partial write"
        );
    }
}

#[test]
fn issued_tokens_are_shown_once_and_revocation_is_immediate() {
    let api = Api::new(Arc::new(MemoryStore::new()), ApiConfig::default());
    let acc = api.accounts();
    let user = acc
        .create_user(None, "x@example.com", Plan::Pro)
        .expect("user");
    let (rec, plain) = acc.issue_token(&user.id, "CI", &Scope::ALL).expect("token");
    assert!(plain.starts_with("tkc_") && plain.len() == 44, "{plain}");
    assert_eq!(rec.prefix, &plain[..12]);
    assert_eq!(get(&api, &plain, "/api/v1/workspaces"), 200);
    acc.revoke_token(&rec.id).expect("revoke");
    assert_eq!(get(&api, &plain, "/api/v1/workspaces"), 401);
    assert_eq!(
        acc.create_user(None, "x@example.com", Plan::Pro)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Err(
            "a user with e-mail 'x@example.com' already exists: e-mail addresses are unique".into()
        )
    );
}
