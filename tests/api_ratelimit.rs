//! Rate limits (§1.6) through `handle()`, with an injected clock: headers on every
//! response, the sliding window, 429 + Retry-After, per-token keys, and exactness under
//! concurrent requests.

mod api_support;

use api_support::{Env, T0};
use std::sync::atomic::{AtomicU32, Ordering};
use tokencraft::api::{ApiConfig, Request, Response};
use tokencraft::store::Plan;

fn headers(r: &Response) -> (Option<&str>, Option<&str>, Option<&str>) {
    (
        r.header_value("X-RateLimit-Limit"),
        r.header_value("X-RateLimit-Remaining"),
        r.header_value("X-RateLimit-Reset"),
    )
}

#[test]
fn every_response_carries_the_headers() {
    let mut env = Env::new();
    env.user("a", Plan::Pro);
    let reset = (T0 + 60).to_string();
    let cases = [
        ("a", "GET", "/api/v1/workspaces", 200, "99"),
        ("a", "GET", "/api/v1/workspaces/nope", 404, "98"),
        ("a", "PUT", "/api/v1/workspaces", 405, "97"),
        ("a", "GET", "/api/v1/nothing", 404, "96"),
        ("a", "GET", "/api/v1/openapi.json", 200, "95"),
        ("", "GET", "/api/v1/workspaces", 401, "99"),
    ];
    for (who, m, p, status, remaining) in cases {
        let r = env.send(who, m, p, None);
        assert_eq!(r.status, status, "{m} {p}");
        assert_eq!(
            headers(&r),
            (Some("100"), Some(remaining), Some(reset.as_str())),
            "{m} {p}"
        );
    }
}

#[test]
fn the_101st_request_in_a_minute_is_refused() {
    let mut env = Env::new();
    env.user("a", Plan::Pro);
    env.user("b", Plan::Pro);
    for i in 0..100 {
        let r = env.send("a", "GET", "/api/v1/workspaces", None);
        assert_eq!(r.status, 200, "request {}", i + 1);
    }
    env.clock.advance_millis(10_500);
    let r = env.send("a", "GET", "/api/v1/workspaces", None);
    assert_eq!(r.status, 429);
    assert_eq!(
        r.body,
        br#"{"error":"Rate limit exceeded. Please try again later."}"#
    );
    assert_eq!(r.header_value("Content-Type"), Some("application/json"));
    assert_eq!(r.header_value("Retry-After"), Some("50"));
    let reset = (T0 + 60).to_string();
    assert_eq!(headers(&r), (Some("100"), Some("0"), Some(reset.as_str())));
    // Another token is not affected.
    assert_eq!(env.send("b", "GET", "/api/v1/workspaces", None).status, 200);
    // A minute after the first requests, the window has room again.
    env.clock.advance_millis(49_500);
    let r = env.send("a", "GET", "/api/v1/workspaces", None);
    assert_eq!(
        (r.status, r.header_value("X-RateLimit-Remaining")),
        (200, Some("99"))
    );
}

#[test]
fn sliding_window_documented_example() {
    let mut env = Env::new();
    env.user("a", Plan::Pro);
    let go = |env: &Env| env.send("a", "GET", "/api/v1/workspaces", None).status;
    for _ in 0..50 {
        assert_eq!(go(&env), 200); // 12:00:00
    }
    env.clock.advance_secs(30);
    for _ in 0..50 {
        assert_eq!(go(&env), 200); // 12:00:30
    }
    env.clock.advance_secs(1);
    assert_eq!(go(&env), 429); // 12:00:31
    env.clock.advance_secs(29);
    for _ in 0..50 {
        assert_eq!(go(&env), 200); // 12:01:00: the first 50 aged out
    }
    assert_eq!(go(&env), 429);
}

#[test]
fn the_limit_is_configurable() {
    let mut env = Env::with_config(ApiConfig {
        rate_limit: 3,
        ..Default::default()
    });
    env.user("a", Plan::Pro);
    let s: Vec<u16> = (0..4)
        .map(|_| env.send("a", "GET", "/api/v1/workspaces", None).status)
        .collect();
    assert_eq!(s, [200, 200, 200, 429]);
}

#[test]
fn unauthenticated_requests_are_limited_per_address() {
    let env = Env::with_config(ApiConfig {
        rate_limit: 2,
        ..Default::default()
    });
    let req = |addr: &str| {
        let mut r =
            Request::new("GET", "/api/v1/workspaces").header("Authorization", "Bearer guess");
        r.remote_addr = Some(addr.into());
        env.api.handle(&r).status
    };
    assert_eq!(
        [
            req("10.0.0.1"),
            req("10.0.0.1"),
            req("10.0.0.1"),
            req("10.0.0.2")
        ],
        [401, 401, 429, 401]
    );
}

#[test]
fn exact_under_concurrent_requests() {
    let mut env = Env::new();
    env.user("a", Plan::Pro);
    let ok = AtomicU32::new(0);
    let limited = AtomicU32::new(0);
    std::thread::scope(|s| {
        for _ in 0..16 {
            s.spawn(|| {
                for _ in 0..25 {
                    match env.send("a", "GET", "/api/v1/workspaces", None).status {
                        200 => ok.fetch_add(1, Ordering::SeqCst),
                        429 => limited.fetch_add(1, Ordering::SeqCst),
                        other => panic!("unexpected status {other}"),
                    };
                }
            });
        }
    });
    assert_eq!((ok.into_inner(), limited.into_inner()), (100, 300));
}
