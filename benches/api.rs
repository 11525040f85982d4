//! `Api::handle` medians: GET one token, list a 1,000-token mode, and export a
//! 10,000-token tokenset as CSS from the cache and cold (cache disabled).
//!
//! Targets: GET token < 20 µs; list 1,000 < 300 µs; export 10,000 CSS < 50 µs cached,
//! < 30 ms cold.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokencraft::api::{Api, ApiConfig, Clock, Request};
use tokencraft::emit::{emit, EmitContext, EmitOptions, ModeSelection, Registry};
use tokencraft::parse::tokencraft::{from_rows, ModeRows, TokenRow};
use tokencraft::resolve::{resolve_set, ResolveOptions};
use tokencraft::store::{MemoryStore, Plan, Scope};

/// A clock that moves one second per reading, so the rate-limit window stays small.
struct Ticking(AtomicU64);

impl Clock for Ticking {
    fn now_millis(&self) -> u64 {
        self.0.fetch_add(1000, Ordering::Relaxed)
    }
}

/// Token `i` of the fixture: every tenth aliases the one before it.
fn row(i: usize) -> TokenRow {
    if i % 10 == 9 {
        TokenRow {
            name: format!("alias.group{}.t{i}", i % 37),
            r#type: "color".into(),
            value: serde_json::Value::Null,
            description: None,
            alias_to: Some(format!("color.group{}.t{}", (i - 1) % 37, i - 1)),
        }
    } else {
        TokenRow {
            name: format!("color.group{}.t{i}", i % 37),
            r#type: "color".into(),
            value: json!(format!("#{:06x}", i * 2654435 % 0xffffff)),
            description: Some("A colour".into()),
            alias_to: None,
        }
    }
}

struct Fixture {
    api: Api,
    auth: String,
    ts: String,
    mode: String,
}

fn fixture(tokens: usize, cache: usize) -> Fixture {
    let config = ApiConfig {
        rate_limit: 1_000_000,
        export_cache_entries: cache,
        ..Default::default()
    };
    let api = Api::with_clock(
        Arc::new(MemoryStore::new()),
        config,
        Arc::new(Ticking(AtomicU64::new(1_736_935_200_000))),
    );
    let user = api
        .accounts()
        .create_user(None, "b@example.com", Plan::Pro)
        .expect("user");
    let (_, plain) = api
        .accounts()
        .issue_token(&user.id, "bench", &Scope::ALL)
        .expect("token");
    let auth = format!("Bearer {plain}");
    let post = |path: &str, body: serde_json::Value| {
        let r = api.handle(
            &Request::new("POST", path)
                .header("Authorization", &auth)
                .header("Content-Type", "application/json")
                .body(body.to_string()),
        );
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
        v["id"].as_str().expect("id").to_owned()
    };
    let ws = post("/api/v1/workspaces", json!({"name": "Bench"}));
    let ts = post(
        &format!("/api/v1/workspaces/{ws}/tokensets"),
        json!({"name": "Big"}),
    );
    let r = api.handle(
        &Request::new("GET", &format!("/api/v1/tokensets/{ts}/modes"))
            .header("Authorization", &auth),
    );
    let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
    let mode = v["modes"][0]["id"].as_str().expect("mode").to_owned();
    for i in 0..tokens {
        let r = row(i);
        let body = json!({"name": r.name, "type": r.r#type, "value": r.value, "description": r.description, "alias_to": r.alias_to});
        post(&format!("/api/v1/tokensets/{ts}/modes/{mode}/tokens"), body);
    }
    Fixture {
        api,
        auth,
        ts,
        mode,
    }
}

fn bench(c: &mut Criterion) {
    let f = fixture(1_000, 256);
    let get = Request::new(
        "GET",
        &format!(
            "/api/v1/tokensets/{}/modes/{}/tokens/alias.group18.t499",
            f.ts, f.mode
        ),
    )
    .header("Authorization", &f.auth);
    assert_eq!(f.api.handle(&get).status, 200);
    c.bench_function("api/get_token", |b| {
        b.iter(|| black_box(f.api.handle(&get)))
    });
    let list = Request::new(
        "GET",
        &format!("/api/v1/tokensets/{}/modes/{}/tokens", f.ts, f.mode),
    )
    .header("Authorization", &f.auth);
    c.bench_function("api/list_1000_tokens", |b| {
        b.iter(|| black_box(f.api.handle(&list)))
    });

    let big = fixture(10_000, 256);
    let export = Request::new(
        "GET",
        &format!("/api/v1/tokensets/{}/export?format=css", big.ts),
    )
    .header("Authorization", &big.auth);
    assert_eq!(big.api.handle(&export).status, 200);
    c.bench_function("api/export_css_10000_cached", |b| {
        b.iter(|| black_box(big.api.handle(&export)))
    });

    let cold = fixture(10_000, 0);
    let export = Request::new(
        "GET",
        &format!("/api/v1/tokensets/{}/export?format=css", cold.ts),
    )
    .header("Authorization", &cold.auth);
    let mut g = c.benchmark_group("api/cold");
    g.sample_size(10);
    g.bench_function("export_css_10000", |b| {
        b.iter(|| black_box(cold.api.handle(&export)))
    });
    // Where the cold time goes: the compiler stages on the same 10,000 rows.
    let rows = vec![ModeRows {
        name: "Base".into(),
        is_default: true,
        tokens: (0..10_000usize).map(row).collect(),
    }];
    g.bench_function("stage_from_rows", |b| {
        b.iter(|| black_box(from_rows(&rows)))
    });
    let (set, _) = from_rows(&rows);
    let opts = ResolveOptions {
        legacy_warnings: false,
        ..Default::default()
    };
    g.bench_function("stage_resolve_set", |b| {
        b.iter(|| black_box(resolve_set(&set, &opts)))
    });
    let (_, resolved, _) = resolve_set(&set, &opts);
    let options = EmitOptions::default();
    let registry = Registry::builtin();
    let cx = EmitContext {
        set: &set,
        resolved: &resolved,
        modes: ModeSelection::All,
        options: &options,
    };
    g.bench_function("stage_emit_css", |b| {
        b.iter(|| black_box(emit(&registry, "css", &cx)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
