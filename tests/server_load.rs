//! Many connections, the connection cap and shutdown of `tokencraft::server`.

mod server_support;

use server_support::{echo, get, start, Raw};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use tokencraft::api::Request;

/// 1,000 idle keep-alive clients hold no worker: a new client is served at once, and the
/// idle ones still work afterwards.
#[test]
fn a_thousand_idle_keep_alive_connections_do_not_block_new_requests() {
    // Generous deadlines: on a loaded machine opening 1,000 sockets takes seconds.
    let server = start(
        |c| {
            c.workers = 2;
            c.read_timeout = Duration::from_secs(60);
            c.idle_timeout = Duration::from_secs(60);
        },
        echo,
    );
    let mut idle: Vec<Raw> = (0..1000).map(|_| Raw::connect(server.addr)).collect();
    for (i, raw) in idle.iter_mut().enumerate() {
        raw.send(&get(&format!("/warm/{i}")));
    }
    for raw in idle.iter_mut() {
        assert_eq!(raw.read_response().status, 200);
    }
    // All 1,000 are now idle keep-alive connections; plus 50 that never sent a byte.
    let silent: Vec<TcpStream> = (0..50)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();

    let started = Instant::now();
    let r = ureq::get(&format!("http://{}/new", server.addr))
        .timeout(Duration::from_secs(5))
        .call()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "new request took {:?}",
        started.elapsed()
    );
    for i in [0, 499, 999] {
        idle[i].send(&get("/again"));
        assert_eq!(idle[i].read_response().json()["path"], "/again");
    }
    drop(silent);
}

/// At the connection cap the longest-idle connection makes room for a new client.
#[test]
fn at_the_connection_cap_the_longest_idle_connection_is_evicted() {
    let server = start(|c| c.max_connections = 10, echo);
    let mut clients: Vec<Raw> = Vec::new();
    for i in 0..10 {
        let mut raw = Raw::connect(server.addr);
        raw.send(&get(&format!("/{i}")));
        assert_eq!(raw.read_response().status, 200);
        clients.push(raw);
    }
    let mut newcomer = Raw::connect(server.addr);
    newcomer.send(&get("/new"));
    assert_eq!(newcomer.read_response().json()["path"], "/new");
    assert!(
        clients[0].is_closed(),
        "the oldest idle connection was closed"
    );
    clients[9].send(&get("/still"));
    assert_eq!(clients[9].read_response().json()["path"], "/still");
}

/// Many clients at once all get correct answers (workers are shared fairly).
#[test]
fn concurrent_clients_get_their_own_answers() {
    let server = start(|c| c.workers = 3, echo);
    let addr = server.addr;
    let threads: Vec<_> = (0..16)
        .map(|t| {
            std::thread::spawn(move || {
                let mut raw = Raw::connect(addr);
                for i in 0..50 {
                    let path = format!("/t{t}/{i}");
                    raw.send(&get(&path));
                    assert_eq!(raw.read_response().json()["path"], path);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(server.records_at_least(16 * 50).len(), 16 * 50);
}

fn slow(req: &Request) -> tokencraft::api::Response {
    if req.path == "/slow" {
        std::thread::sleep(Duration::from_millis(400));
    }
    echo(req)
}

/// Shutdown stops accepting, lets the in-flight request finish (with
/// `Connection: close`), closes idle connections and makes `run` return.
#[test]
fn shutdown_drains_in_flight_requests_and_stops_accepting() {
    let mut server = start(|_| {}, slow);
    let addr = server.addr;
    let mut idle = Raw::connect(addr);
    idle.send(&get("/warm"));
    assert_eq!(idle.read_response().status, 200);

    let mut busy = Raw::connect(addr);
    busy.send(&get("/slow"));
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    server.stop().expect("run returns Ok after shutdown");
    assert!(started.elapsed() < Duration::from_secs(3));

    let r = busy.read_response();
    assert_eq!((r.status, r.header("connection")), (200, Some("close")));
    assert!(busy.is_closed());
    assert!(idle.is_closed());
    assert!(
        TcpStream::connect(addr).is_err(),
        "the listening socket is closed"
    );
    assert!(server.handle.is_shutdown());
}

/// A handler stuck past the drain timeout does not keep `run` from returning.
#[test]
fn shutdown_gives_up_after_the_drain_timeout() {
    let mut server = start(
        |c| c.drain_timeout = Duration::from_millis(200),
        |_: &Request| {
            std::thread::sleep(Duration::from_secs(2));
            tokencraft::api::Response::new(200)
        },
    );
    let mut busy = Raw::connect(server.addr);
    busy.send(&get("/stuck"));
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    server.stop().unwrap();
    assert!(started.elapsed() < Duration::from_millis(1500));
}

/// A client that never reads its (large) response holds a worker only until the write
/// deadline; with a single worker, the next client is served right after.
#[test]
fn a_client_that_does_not_read_is_dropped_at_the_write_deadline() {
    let big = vec![b'b'; 32 * 1024 * 1024];
    let server = start(
        |c| {
            c.workers = 1;
            c.write_timeout = Duration::from_millis(300);
        },
        move |req: &Request| {
            if req.path == "/big" {
                let mut r = tokencraft::api::Response::new(200);
                r.body = big.clone().into();
                r
            } else {
                echo(req)
            }
        },
    );
    let mut lazy = Raw::connect(server.addr);
    lazy.send(&get("/big"));
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    let mut other = Raw::connect(server.addr);
    other.send(&get("/small"));
    assert_eq!(other.read_response().json()["path"], "/small");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "waited {:?}",
        started.elapsed()
    );
    let big_record = server
        .records_at_least(2)
        .into_iter()
        .find(|r| r.path == "/big")
        .expect("the dropped response is logged");
    assert_eq!((big_record.status, big_record.bytes), (200, 0));
    drop(lazy);
}

/// A flood of silent connections at the cap does not lock out a real client: the
/// longest-silent one is closed to make room.
#[test]
fn silent_connections_at_the_cap_make_room_for_real_clients() {
    let server = start(|c| c.max_connections = 10, echo);
    let mut silent: Vec<Raw> = (0..10).map(|_| Raw::connect(server.addr)).collect();
    // Let the poller accept all ten before the real client arrives.
    std::thread::sleep(Duration::from_millis(200));
    let mut client = Raw::connect(server.addr);
    client.send(&get("/real"));
    assert_eq!(client.read_response().json()["path"], "/real");
    assert!(
        silent[0].is_closed(),
        "the longest-silent connection was closed"
    );
}
