//! HTTP/1.1 behaviour of `tokencraft::server`: keep-alive, pipelining, chunked bodies,
//! `Expect: 100-continue`, HEAD, server headers and the access log.

mod server_support;

use server_support::{echo, get, start, Raw};
use std::io::Read;
use tokencraft::api::Response;

#[test]
fn keep_alive_reuses_one_connection_for_many_requests() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    for i in 0..5 {
        raw.send(&get(&format!("/items/{i}?n={i}")));
        let r = raw.read_response();
        assert_eq!(r.status, 200);
        assert_eq!(r.header("connection"), Some("keep-alive"));
        let j = r.json();
        assert_eq!(j["path"], format!("/items/{i}"));
        assert_eq!(j["query"], format!("n={i}"));
        // The handler sees the client's IP without the port (rate limits key on it).
        assert_eq!(j["remote"], "127.0.0.1");
    }

    // A real client: ureq's agent pools the connection, so every request of the agent
    // comes from one client port.
    let agent = ureq::AgentBuilder::new().build();
    let url = format!("http://{}/x", server.addr);
    for _ in 0..3 {
        let j: serde_json::Value = agent.get(&url).call().unwrap().into_json().unwrap();
        assert_eq!(j["method"], "GET");
    }
    let mut peers: Vec<_> = server.records_at_least(8).iter().map(|r| r.peer).collect();
    peers.dedup();
    assert_eq!(
        peers.len(),
        2,
        "one socket for the raw client, one for ureq: {peers:?}"
    );
}

#[test]
fn connection_close_and_http_1_0_close_after_the_response() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    raw.send(b"GET /a HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    let r = raw.read_response();
    assert_eq!((r.status, r.header("connection")), (200, Some("close")));
    assert!(raw.is_closed());

    let mut raw = Raw::connect(server.addr);
    raw.send(b"GET /b HTTP/1.0\r\n\r\n");
    let r = raw.read_response();
    assert_eq!((r.status, r.header("connection")), (200, Some("close")));
    assert!(raw.is_closed());

    let mut raw = Raw::connect(server.addr);
    raw.send(b"GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    let r = raw.read_response();
    assert_eq!(r.header("connection"), Some("keep-alive"));
    raw.send(b"GET /d HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assert_eq!(raw.read_response().json()["path"], "/d");
}

#[test]
fn a_handler_asking_to_close_closes() {
    let server = start(
        |_| {},
        |_: &tokencraft::api::Request| {
            let mut r = Response::new(200);
            r.set_header("Connection", "close");
            r
        },
    );
    let mut raw = Raw::connect(server.addr);
    raw.send(&get("/"));
    assert_eq!(raw.read_response().header("connection"), Some("close"));
    assert!(raw.is_closed());
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    let mut batch = Vec::new();
    for i in 0..100 {
        batch.extend_from_slice(
            format!(
                "POST /p/{i} HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\n\r\nbody{i}",
                4 + i.to_string().len()
            )
            .as_bytes(),
        );
    }
    batch.extend_from_slice(&get("/last"));
    raw.send(&batch);
    for i in 0..100 {
        let j = raw.read_response().json();
        assert_eq!(j["path"], format!("/p/{i}"));
        assert_eq!(j["body"], format!("body{i}"));
    }
    assert_eq!(raw.read_response().json()["path"], "/last");
}

#[test]
fn pipelined_bytes_split_anywhere_still_parse() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    let all = b"GET /one HTTP/1.1\r\nHost: t\r\n\r\nGET /two HTTP/1.1\r\nHost: t\r\n\r\n";
    for piece in all.chunks(7) {
        raw.send(piece);
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert_eq!(raw.read_response().json()["path"], "/one");
    assert_eq!(raw.read_response().json()["path"], "/two");
}

#[test]
fn chunked_request_bodies_are_decoded() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    raw.send(b"POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
    raw.send(b"4;name=value\r\nWiki\r\n");
    std::thread::sleep(std::time::Duration::from_millis(20));
    raw.send(b"5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\n");
    raw.send(&get("/after"));
    let r = raw.read_response();
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["body"], "Wikipedia in\r\n\r\nchunks.");
    assert_eq!(raw.read_response().json()["path"], "/after");

    // ureq streams a reader of unknown length with chunked encoding.
    let body = "x".repeat(100_000);
    let j: serde_json::Value = ureq::post(&format!("http://{}/u", server.addr))
        .send(std::io::Cursor::new(body.clone().into_bytes()))
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(j["body"].as_str().unwrap().len(), body.len());
}

#[test]
fn expect_100_continue_gets_an_interim_response() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    raw.send(b"POST /e HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    let interim = raw.read_response();
    assert_eq!(interim.status, 100);
    raw.send(b"hello");
    let r = raw.read_response();
    assert_eq!((r.status, r.json()["body"].as_str()), (200, Some("hello")));
}

#[test]
fn head_responses_keep_content_length_but_send_no_body() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    raw.send(b"HEAD /h HTTP/1.1\r\nHost: test\r\n\r\n");
    let head = raw.read_response_to(true);
    raw.send(&get("/h"));
    let full = raw.read_response();
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        full.header("content-length"),
        "{}",
        full.text()
    );
    assert_eq!(
        full.json()["method"],
        "GET",
        "HEAD reaches the handler as GET"
    );
}

#[test]
fn every_response_carries_date_length_and_connection() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    raw.send(&get("/"));
    let r = raw.read_response();
    let date = r.header("date").expect("Date header");
    assert!(date.ends_with(" GMT") && date.len() == 29, "{date}");
    assert_eq!(
        r.header("content-length"),
        Some(r.body.len().to_string().as_str())
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(r.header("connection").is_some());
}

#[test]
fn header_names_are_lower_cased_and_absolute_targets_accepted() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    raw.send(b"GET http://example.com/abs?q=1 HTTP/1.1\r\nHost: example.com\r\nX-Custom-Thing: Value\r\n\r\n");
    let j = raw.read_response().json();
    assert_eq!(
        (j["path"].as_str(), j["query"].as_str()),
        (Some("/abs"), Some("q=1"))
    );
    assert!(j["headers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h == "x-custom-thing: Value"));
}

#[test]
fn large_responses_are_written_whole() {
    let server = start(
        |_| {},
        |_: &tokencraft::api::Request| {
            let mut r = Response::new(200);
            r.body = vec![b'z'; 3 * 1024 * 1024].into();
            r
        },
    );
    let mut body = Vec::new();
    ureq::get(&format!("http://{}/big", server.addr))
        .call()
        .unwrap()
        .into_reader()
        .read_to_end(&mut body)
        .unwrap();
    assert_eq!(body.len(), 3 * 1024 * 1024);
}

#[test]
fn one_access_log_line_per_request() {
    let server = start(|_| {}, echo);
    let mut raw = Raw::connect(server.addr);
    raw.send(&get("/one?secret=1"));
    let first = raw.read_response();
    raw.send(b"HEAD /two HTTP/1.1\r\nHost: t\r\n\r\n");
    raw.read_response_to(true);
    let records = server.records_at_least(2);
    assert_eq!(records.len(), 2);
    assert_eq!(
        (
            records[0].method.as_str(),
            records[0].path.as_str(),
            records[0].status
        ),
        ("GET", "/one", 200)
    );
    assert_eq!(records[0].bytes, first.body.len());
    assert_eq!((records[1].method.as_str(), records[1].bytes), ("HEAD", 0));
    let line = records[0].to_string();
    let local = raw.reader.get_ref().local_addr().unwrap();
    assert!(
        line.starts_with(&format!("{local} \"GET /one\" 200 {}B ", first.body.len())),
        "{line}"
    );
    assert!(line.ends_with("us"), "{line}");
}

#[test]
fn bind_errors_name_the_problem() {
    use std::sync::Arc;
    use tokencraft::server::{Server, ServerConfig};
    let server = start(|_| {}, echo);
    let taken = ServerConfig {
        addr: server.addr,
        ..ServerConfig::default()
    };
    let err = Server::bind(taken, Arc::new(echo)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("cannot listen on {}: ", server.addr))
            && text.ends_with("; choose another address or port"),
        "{text}"
    );

    let cases = [
        (
            ServerConfig {
                workers: 0,
                ..server_support::test_config()
            },
            "ServerConfig::workers is 0; it must be between 1 and 1024",
        ),
        (
            ServerConfig {
                max_headers: 50_000,
                ..server_support::test_config()
            },
            "ServerConfig::max_headers is 50000; it must be between 1 and 10000",
        ),
        (
            ServerConfig {
                idle_timeout: std::time::Duration::ZERO,
                ..server_support::test_config()
            },
            "ServerConfig::idle_timeout is zero; give it a positive duration",
        ),
    ];
    for (config, message) in cases {
        let err = Server::bind(config, Arc::new(echo)).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert_eq!(err.to_string(), message);
    }
}
