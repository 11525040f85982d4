//! Shared helpers for the `server_*` integration tests: a server on `127.0.0.1:0` with a
//! fake handler, and a raw HTTP/1.1 client over `TcpStream`.
#![allow(dead_code)] // each test file uses a different subset

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use tokencraft::api::{Request, Response};
use tokencraft::server::{AccessLog, AccessRecord, Handler, Server, ServerConfig, ShutdownHandle};

/// A running server; shut down and joined on drop.
pub struct TestServer {
    pub addr: SocketAddr,
    pub handle: ShutdownHandle,
    pub log: Arc<Mutex<Vec<AccessRecord>>>,
    done: Option<mpsc::Receiver<std::io::Result<()>>>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Shuts down and waits (at most 10 s) for `run` to return; returns its result.
    pub fn stop(&mut self) -> std::io::Result<()> {
        self.handle.shutdown();
        let result = match self.done.take() {
            Some(rx) => rx
                .recv_timeout(Duration::from_secs(10))
                .expect("Server::run did not return within 10 s of shutdown"),
            None => Ok(()),
        };
        if let Some(t) = self.thread.take() {
            t.join().expect("server thread panicked");
        }
        result
    }

    /// Waits (at most `timeout`) for `run` to return on its own; returns its result.
    pub fn wait(&mut self, timeout: Duration) -> std::io::Result<()> {
        let rx = self.done.take().expect("server already stopped");
        let result = rx
            .recv_timeout(timeout)
            .expect("Server::run did not return in time");
        if let Some(t) = self.thread.take() {
            t.join().expect("server thread panicked");
        }
        result
    }

    /// The access-log records once there are at least `n` (a record is written just after
    /// its response, so a client may see the response first); waits at most 5 s.
    pub fn records_at_least(&self, n: usize) -> Vec<AccessRecord> {
        for _ in 0..500 {
            let records = self.records();
            if records.len() >= n {
                return records;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.records()
    }

    /// The access-log records so far.
    pub fn records(&self) -> Vec<AccessRecord> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if self.done.is_some() {
            let _ = self.stop();
        }
    }
}

/// Short timeouts and a small pool, suitable for tests; the access log is captured.
pub fn test_config() -> ServerConfig {
    ServerConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        workers: 4,
        read_timeout: Duration::from_secs(5),
        body_timeout: Duration::from_secs(5),
        write_timeout: Duration::from_secs(5),
        idle_timeout: Duration::from_secs(30),
        drain_timeout: Duration::from_secs(5),
        ..ServerConfig::default()
    }
}

/// Starts `handler` with `test_config()` (access log captured into `TestServer::log`)
/// adjusted by `tweak`.
pub fn start(tweak: impl FnOnce(&mut ServerConfig), handler: impl Handler) -> TestServer {
    let mut config = test_config();
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&log);
    config.access_log = AccessLog::Custom(Arc::new(move |r: &AccessRecord| {
        sink.lock().unwrap().push(r.clone());
    }));
    tweak(&mut config);
    let server = Server::bind(config, Arc::new(handler)).expect("bind 127.0.0.1:0");
    let addr = server.local_addr();
    let handle = server.shutdown_handle();
    let (tx, rx) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        let _ = tx.send(server.run());
    });
    TestServer {
        addr,
        handle,
        log,
        done: Some(rx),
        thread: Some(thread),
    }
}

/// Answers with a JSON description of the request it saw.
pub fn echo(req: &Request) -> Response {
    let body = serde_json::json!({
        "method": req.method,
        "path": req.path,
        "query": req.query,
        "body": String::from_utf8_lossy(&req.body),
        "remote": req.remote_addr,
        "headers": req.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>(),
    });
    let mut r = Response::new(200);
    r.set_header("Content-Type", "application/json");
    r.body = body.to_string().into();
    r
}

/// A raw client connection with a 5 s read timeout.
pub struct Raw {
    pub reader: BufReader<TcpStream>,
}

/// A parsed response.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Raw {
    pub fn connect(addr: SocketAddr) -> Raw {
        let stream = TcpStream::connect(addr).expect("connect");
        stream
            // Generous: under a loaded CI machine a queued response can take seconds; tests
            // that expect silence use their own shorter timeouts.
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        Raw {
            reader: BufReader::new(stream),
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.reader.get_mut().write_all(bytes).expect("write");
    }

    /// Reads one response; `head_request` means no body follows despite Content-Length.
    pub fn read_response_to(&mut self, head_request: bool) -> RawResponse {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {line:?}"));
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            self.reader.read_line(&mut h).expect("header line");
            let h = h.trim_end_matches(['\r', '\n']);
            if h.is_empty() {
                break;
            }
            let (n, v) = h.split_once(':').expect("header colon");
            headers.push((n.to_owned(), v.trim().to_owned()));
        }
        let mut response = RawResponse {
            status,
            headers,
            body: Vec::new(),
        };
        if status != 100 && !head_request {
            let length: usize = response
                .header("content-length")
                .map(|v| v.parse().unwrap())
                .unwrap_or(0);
            let mut body = vec![0; length];
            self.reader.read_exact(&mut body).expect("body");
            response.body = body;
        }
        response
    }

    pub fn read_response(&mut self) -> RawResponse {
        self.read_response_to(false)
    }

    /// True when the server has closed the connection (EOF or reset within 5 s).
    pub fn is_closed(&mut self) -> bool {
        let mut byte = [0u8; 1];
        match self.reader.read(&mut byte) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
        }
    }
}

/// `GET path` with a Host header.
pub fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: test\r\n\r\n").into_bytes()
}
