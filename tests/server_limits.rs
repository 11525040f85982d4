//! Protocol errors, limits, timeouts and handler failures of `tokencraft::server`.

mod server_support;

use server_support::{echo, get, start, Raw};
use std::fmt::Write as _;
use std::time::{Duration, Instant};
use tokencraft::api::{Request, Response};

/// Every protocol-level error: status, JSON body and a closed connection afterwards.
#[test]
fn protocol_errors_are_json_and_close_the_connection() {
    let server = start(
        |c| {
            c.max_body_bytes = 1000;
            c.max_header_bytes = 1024;
            c.max_headers = 20;
        },
        echo,
    );
    let many_headers: String = (0..25).map(|i| format!("X-{i}: v\r\n")).collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"\x16\x03\x01\x02\x00hello\r\n\r\n".to_vec()),
        ("http2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec()),
        ("no host", b"GET / HTTP/1.1\r\n\r\n".to_vec()),
        ("bad target", b"GET index.html HTTP/1.1\r\nHost: t\r\n\r\n".to_vec()),
        (
            "header too large",
            format!("GET / HTTP/1.1\r\nHost: t\r\nX: {}\r\n\r\n", "a".repeat(2000)).into_bytes(),
        ),
        (
            "too many headers",
            format!("GET / HTTP/1.1\r\nHost: t\r\n{many_headers}\r\n").into_bytes(),
        ),
        (
            "declared body too large",
            b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 20000000\r\n\r\n".to_vec(),
        ),
        (
            "chunked body too large",
            format!(
                "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n{}\r\n1\r\nx\r\n0\r\n\r\n",
                "a".repeat(1000)
            )
            .into_bytes(),
        ),
        (
            "bad chunk size",
            b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n".to_vec(),
        ),
        (
            "unsupported transfer coding",
            b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n".to_vec(),
        ),
        (
            "both framings",
            b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
                .to_vec(),
        ),
        (
            "bad content length",
            b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1e3\r\n\r\n".to_vec(),
        ),
        (
            "unknown expectation",
            b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nExpect: 200-ok\r\n\r\nx".to_vec(),
        ),
    ];
    let mut report = String::new();
    for (name, bytes) in cases {
        let mut raw = Raw::connect(server.addr);
        raw.send(&bytes);
        let r = raw.read_response();
        let closed = raw.is_closed();
        writeln!(
            report,
            "== {name}\n{} | {} | connection: {} | closed: {closed}\n{}\n",
            r.status,
            r.header("content-type").unwrap_or("-"),
            r.header("connection").unwrap_or("-"),
            r.text()
        )
        .unwrap();
    }
    insta::assert_snapshot!(report);
}

#[test]
fn oversized_bodies_are_refused_before_the_body_is_sent() {
    let server = start(|c| c.max_body_bytes = 1000, echo);
    // Expect: 100-continue with a too-large body gets 413 and never a 100.
    let mut raw = Raw::connect(server.addr);
    raw.send(b"PUT /x HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
    let r = raw.read_response();
    assert_eq!(r.status, 413);
    assert!(raw.is_closed());

    // ureq sees the status.
    let err = ureq::post(&format!("http://{}/x", server.addr))
        .send_bytes(&[b'a'; 2000])
        .unwrap_err();
    match err {
        ureq::Error::Status(413, response) => assert_eq!(
            response.into_string().unwrap(),
            r#"{"error":"Request body of 2000 bytes exceeds the 1000-byte limit; send a smaller body"}"#
        ),
        other => panic!("expected 413, got {other:?}"),
    }
    // A body at the limit is fine.
    let ok = ureq::post(&format!("http://{}/x", server.addr))
        .send_bytes(&[b'a'; 1000])
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[test]
fn slowloris_heads_are_cut_off_at_the_total_header_deadline() {
    let server = start(|c| c.read_timeout = Duration::from_millis(500), echo);
    let mut raw = Raw::connect(server.addr);
    let mut writer = raw.reader.get_ref().try_clone().unwrap();
    let started = Instant::now();
    // One byte every 50 ms: every single gap is far below the deadline.
    let trickle = std::thread::spawn(move || {
        use std::io::Write;
        let bytes = format!("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: {}", "a".repeat(150));
        for b in bytes.as_bytes() {
            if writer.write_all(&[*b]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let r = raw.read_response();
    let elapsed = started.elapsed();
    assert_eq!(r.status, 408);
    assert_eq!(
        r.text(),
        r#"{"error":"Request head not received within 500 ms; send the whole request head without pauses"}"#
    );
    assert!(
        elapsed < Duration::from_secs(4),
        "the trickle takes over 8 s; cut off only after {elapsed:?}"
    );
    assert!(
        elapsed >= Duration::from_millis(450),
        "cut off too early: {elapsed:?}"
    );
    assert!(raw.is_closed());
    trickle.join().unwrap();
    // The server is fine afterwards.
    let mut raw = Raw::connect(server.addr);
    raw.send(&get("/ok"));
    assert_eq!(raw.read_response().status, 200);
    assert_eq!(
        server.records_at_least(2).first().map(|r| r.status),
        Some(408)
    );
}

#[test]
fn slow_bodies_time_out_with_408() {
    let server = start(
        |c| {
            c.read_timeout = Duration::from_millis(300);
            c.body_timeout = Duration::from_millis(400);
        },
        echo,
    );
    // A small body is collected by the poller within the request deadline.
    let mut raw = Raw::connect(server.addr);
    raw.send(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
    let r = raw.read_response();
    assert_eq!(r.status, 408);
    assert_eq!(
        r.text(),
        r#"{"error":"Request body not received within 300 ms; send the whole request body without pauses"}"#
    );
    assert!(raw.is_closed());

    // A large body is read by a worker within the body deadline.
    let mut raw = Raw::connect(server.addr);
    raw.send(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\nabc");
    let r = raw.read_response();
    assert_eq!(r.status, 408);
    assert_eq!(
        r.text(),
        r#"{"error":"Request body not received within 400 ms; send the whole body without pauses"}"#
    );
    assert!(raw.is_closed());
}

/// Slow small uploads wait in the poller, not in a worker: with one worker and several
/// stalled uploads, other clients are still served.
#[test]
fn stalled_small_bodies_hold_no_worker() {
    let server = start(|c| c.workers = 1, echo);
    let mut stalled: Vec<Raw> = (0..5)
        .map(|_| {
            let mut raw = Raw::connect(server.addr);
            raw.send(b"POST /slow HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
            raw
        })
        .collect();
    let started = Instant::now();
    let mut other = Raw::connect(server.addr);
    other.send(&get("/other"));
    assert_eq!(other.read_response().json()["path"], "/other");
    assert!(started.elapsed() < Duration::from_secs(2));
    for raw in &mut stalled {
        raw.send(b"defghij");
        assert_eq!(raw.read_response().json()["body"], "abcdefghij");
    }
}

#[test]
fn a_body_cut_short_by_the_client_is_reported() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    raw.send(b"POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
    raw.reader
        .get_ref()
        .shutdown(std::net::Shutdown::Write)
        .unwrap();
    let r = raw.read_response();
    assert_eq!(r.status, 400);
    assert_eq!(
        r.text(),
        r#"{"error":"Request body ended early: the connection closed after 3 of 10 bytes; send the whole body"}"#
    );
}

#[test]
fn idle_and_silent_connections_are_closed() {
    let server = start(
        |c| {
            c.idle_timeout = Duration::from_millis(200);
            c.read_timeout = Duration::from_millis(300);
        },
        echo,
    );
    let mut idle = Raw::connect(server.addr);
    idle.send(&get("/"));
    assert_eq!(idle.read_response().status, 200);
    let mut silent = Raw::connect(server.addr);
    let started = Instant::now();
    assert!(idle.is_closed());
    assert!(silent.is_closed());
    assert!(started.elapsed() < Duration::from_secs(3));
    // Closing an idle or silent connection is not a request: one log line only.
    assert_eq!(server.records().len(), 1);
}

fn panicky(req: &Request) -> Response {
    if req.path == "/panic" {
        panic!("handler bug triggered on purpose by the test");
    }
    echo(req)
}

#[test]
fn a_panicking_handler_yields_500_and_the_server_keeps_serving() {
    let server = start(|_| {}, panicky);
    let mut raw = Raw::connect(server.addr);
    for _ in 0..3 {
        raw.send(&get("/panic"));
        let r = raw.read_response();
        assert_eq!(r.status, 500);
        assert_eq!(r.text(), r#"{"error":"Internal server error"}"#);
        assert_eq!(r.header("content-type"), Some("application/json"));
        raw.send(&get("/fine"));
        assert_eq!(raw.read_response().json()["path"], "/fine");
    }
    let r = ureq::get(&format!("http://{}/fine", server.addr))
        .call()
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[test]
fn unsendable_handler_responses_become_500() {
    let server = start(
        |_| {},
        |_: &Request| {
            let mut r = Response::new(200);
            r.set_header("X-Injected", "a\r\nSet-Cookie: evil=1");
            r
        },
    );
    let mut raw = Raw::connect(server.addr);
    raw.send(&get("/"));
    let r = raw.read_response();
    assert_eq!(r.status, 500);
    assert!(r.header("set-cookie").is_none());
}

mod arbitrary_input {
    use super::server_support::{echo, get, start, Raw};
    use proptest::prelude::*;
    use std::io::Read;
    use std::time::Duration;

    fn request_like() -> impl Strategy<Value = Vec<u8>> {
        let pieces = prop_oneof![
            Just(b"GET / HTTP/1.1\r\n".to_vec()),
            Just(b"POST /x HTTP/1.1\r\n".to_vec()),
            Just(b"Host: t\r\n".to_vec()),
            Just(b"Content-Length: 3\r\n".to_vec()),
            Just(b"Transfer-Encoding: chunked\r\n".to_vec()),
            Just(b"Expect: 100-continue\r\n".to_vec()),
            Just(b"Connection: close\r\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"3\r\nabc\r\n0\r\n\r\n".to_vec()),
            proptest::collection::vec(any::<u8>(), 0..40),
        ];
        proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Whatever a client sends and then half-closes, the server answers or closes
        /// within its timeouts and keeps serving others.
        #[test]
        fn arbitrary_bytes_never_wedge_the_server(bytes in request_like()) {
            let server = start(
                |c| {
                    c.read_timeout = Duration::from_millis(300);
                    c.body_timeout = Duration::from_millis(300);
                },
                echo,
            );
            let mut raw = Raw::connect(server.addr);
            raw.send(&bytes);
            raw.reader.get_ref().shutdown(std::net::Shutdown::Write).unwrap();
            let mut sink = Vec::new();
            // Ends with EOF (or a reset) well before the 5 s read timeout.
            let _ = raw.reader.read_to_end(&mut sink);
            let text = String::from_utf8_lossy(&sink);
            prop_assert!(sink.is_empty() || text.starts_with("HTTP/1.1 "), "{}", text);
            let mut other = Raw::connect(server.addr);
            other.send(&get("/still-ok"));
            prop_assert_eq!(other.read_response().status, 200);
        }
    }
}
