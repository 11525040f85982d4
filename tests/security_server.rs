//! Hostile clients against `tokencraft::server` at the same time as an honest one: more
//! slowloris connections than workers, half-closed connections (request started, write
//! side shut), pipelined garbage after a valid request, a client that pipelines requests
//! and never reads the answers, and handlers panicking on other connections. The honest
//! client's requests are all answered while every attacker still holds its connection
//! (the attackers' deadlines are 30 s; the honest client is done long before).

mod server_support;

use server_support::{echo, get, start, Raw};
use std::io::Write;
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};
use tokencraft::api::{Request, Response};

fn handler(req: &Request) -> Response {
    if req.path == "/panic" {
        panic!("handler bug triggered on purpose by the test");
    }
    echo(req)
}

#[test]
fn attackers_do_not_stall_an_honest_client() {
    let server = start(
        |c| {
            c.workers = 2;
            c.read_timeout = Duration::from_secs(30);
            c.body_timeout = Duration::from_secs(30);
            c.idle_timeout = Duration::from_secs(30);
        },
        handler,
    );
    let addr = server.addr;
    let mut attackers: Vec<TcpStream> = Vec::new();
    // Slowloris: a head started and never finished, on 8 connections (4 × the workers).
    for _ in 0..8 {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.write_all(b"GET /slow HTTP/1.1\r\nHost: t\r\nX-Slow: a")
            .expect("write");
        attackers.push(s);
    }
    // Half-closed: a body promised, a few bytes sent, the write side shut.
    for _ in 0..4 {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.write_all(b"POST /half HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc")
            .expect("write");
        s.shutdown(Shutdown::Write).expect("shutdown");
        attackers.push(s);
    }
    // Pipelined garbage after a valid request.
    for _ in 0..4 {
        let mut s = TcpStream::connect(addr).expect("connect");
        let mut bytes = get("/first");
        bytes.extend_from_slice(b"\x00\xff\xfeGARBAGE \r\n\r\n\x16\x03\x01");
        s.write_all(&bytes).expect("write");
        attackers.push(s);
    }
    // A client that pipelines many requests and never reads: the answers pile up in its
    // socket buffers until the server's writes block on that connection alone.
    let mut greedy = TcpStream::connect(addr).expect("connect");
    let many: Vec<u8> = (0..2000).flat_map(|i| get(&format!("/p{i}"))).collect();
    let _ = greedy.write_all(&many);
    attackers.push(greedy);
    // Handlers panicking on other connections, concurrently.
    let panics = std::thread::spawn(move || {
        let mut raw = Raw::connect(addr);
        for _ in 0..20 {
            raw.send(&get("/panic"));
            assert_eq!(raw.read_response().status, 500);
        }
    });
    // The honest client: fresh connections and one keep-alive connection.
    let started = Instant::now();
    let mut keep = Raw::connect(addr);
    for i in 0..20 {
        keep.send(&get(&format!("/honest{i}")));
        let r = keep.read_response();
        assert_eq!(
            (r.status, r.json()["path"].clone()),
            (200, format!("/honest{i}").into())
        );
        let mut fresh = Raw::connect(addr);
        fresh.send(&get("/fresh"));
        assert_eq!(fresh.read_response().status, 200);
    }
    let honest = started.elapsed();
    panics.join().expect("panicking requests got their 500s");
    assert!(
        honest < Duration::from_secs(25),
        "the honest client waited {honest:?}, as long as the attackers' deadlines"
    );
    // The garbage after a valid request: the valid one is answered, then a 400 and close.
    let mut s = TcpStream::connect(addr).expect("connect");
    let mut bytes = get("/first");
    bytes.extend_from_slice(b"\x00\xff\xfeGARBAGE \r\n\r\n");
    s.write_all(&bytes).expect("write");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut raw = Raw {
        reader: std::io::BufReader::new(s),
    };
    assert_eq!(raw.read_response().status, 200);
    assert_eq!(raw.read_response().status, 400);
    assert!(raw.is_closed());
    drop(attackers);
}
