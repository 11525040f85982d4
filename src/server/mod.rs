//! The HTTP/1.1 adapter behind `tokencraft serve`: the only module that speaks sockets.
//! It turns bytes into [`crate::api::Request`]s, hands them to any [`Handler`] (normally
//! `Api::handle`) and writes the [`crate::api::Response`] back.
//!
//! # Design: one poller, a bounded pool of workers
//!
//! A thread per connection would let 1,000 idle keep-alive clients pin 1,000 threads, and
//! a fixed pool of blocking workers would let them starve new requests. Instead:
//!
//! - **The poller** (the thread that calls [`Server::run`]) owns the listening socket and
//!   every connection that is *waiting*: freshly accepted, idle between keep-alive
//!   requests, or still receiving a request. It watches them all with one `poll(2)`
//!   call, reads without blocking, and enforces the deadlines: a whole head (and a small
//!   body, see below) must arrive within [`ServerConfig::read_timeout`] of its first
//!   byte (so a client trickling one byte a second is cut off with `408`), and an idle
//!   keep-alive connection is closed after [`ServerConfig::idle_timeout`]. Idle
//!   connections cost a descriptor, no buffer and no thread.
//! - **Workers** ([`ServerConfig::workers`] threads) receive a connection only once a
//!   complete head is buffered, plus the whole body when it has a `Content-Length` of
//!   at most 64 KiB (typical JSON API calls). A worker reads any larger or chunked body
//!   (bounded by [`ServerConfig::body_timeout`] and [`ServerConfig::max_body_bytes`]),
//!   calls the handler, writes the response, and then serves any pipelined requests
//!   already buffered, in order, before handing the connection back to the poller.
//! - **The connection cap** ([`ServerConfig::max_connections`]): when it is reached, the
//!   connection that has waited longest without a request in progress (idle keep-alive,
//!   or silent since accept) is closed to make room, so a full house of idle clients
//!   never locks a new client out. When every connection is busy, new clients wait in
//!   the listen backlog.
//!
//! What can still hold a worker: a client that stalls a large (over 64 KiB) or chunked
//! body keeps one worker until [`ServerConfig::body_timeout`] (default 60 s);
//! likewise a client that stops reading a large response, until
//! [`ServerConfig::write_timeout`]. Size `workers` with that in mind.
//!
//! Protocol errors are answered by the server itself with the API's JSON error shape
//! `{"error": "<message>"}` and close the connection: malformed heads or bodies `400`,
//! oversized heads `431`, oversized bodies `413` (refused from `Content-Length` before
//! any body byte is read), slow heads or bodies `408`, unknown `Expect` `417`, unknown
//! transfer codings `501`, HTTP versions other than 1.0/1.1 `505`. A panic in the handler
//! becomes `500 {"error":"Internal server error"}` and the server keeps serving.
//!
//! What the handler sees: `HEAD` requests arrive as `GET` (the server drops the body and
//! keeps its `Content-Length`); header names are lower-cased; and
//! [`Request::remote_addr`](crate::api::Request::remote_addr) is the client's IP address
//! without the port, so one client opening many connections stays one rate-limit key.
//! Every response carries `Date`, `Content-Length` (except 204/304) and `Connection`.
//! One access-log line per request goes to [`ServerConfig::access_log`].
//!
//! Throughput: the API's GET of one token over 64 keep-alive connections serves about
//! 70,000 requests/s on a busy 2-core machine with wrk on the same cores (release build,
//! access log off); see `docs/LOAD.md` and `benches/load.sh`. Per request the hot path
//! costs a share of a `poll`, one `recv` by the poller and one `writev` by a worker (the
//! socket stays non-blocking; slow clients are waited for with `poll(2)` and a
//! deadline); workers that finish in a burst send the poller one wake-up between them;
//! the `Date` header is formatted once a second. The poller does O(open connections)
//! work per wake-up, which suits thousands of connections, not hundreds of thousands.
//!
//! Unix only (`poll(2)`, signals).
//!
//! ```no_run
//! use std::sync::Arc;
//! use tokencraft::api::{Request, Response};
//! use tokencraft::server::{install_signal_shutdown, Server, ServerConfig};
//!
//! let handler = |_req: &Request| {
//!     let mut r = Response::new(200);
//!     r.body = b"hello".to_vec().into();
//!     r
//! };
//! let server = Server::bind(ServerConfig::default(), Arc::new(handler))?;
//! install_signal_shutdown(server.shutdown_handle())?;
//! eprintln!("listening on http://{}", server.local_addr());
//! server.run()?; // returns after SIGINT/SIGTERM once in-flight requests are done
//! # Ok::<(), std::io::Error>(())
//! ```

mod conn;
mod parse;
mod poller;
mod queue;
mod response;
mod sys;

use std::fmt;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::api::{Request, Response};

pub use response::{http_date, internal_error, json_error, reason_phrase, ProtocolError};

/// Anything that turns a request into a response; implemented for every
/// `Fn(&Request) -> Response + Send + Sync + 'static`.
pub trait Handler: Send + Sync + 'static {
    /// Answers one request. A panic here becomes a `500` response.
    fn handle(&self, req: &Request) -> Response;
}

impl<F> Handler for F
where
    F: Fn(&Request) -> Response + Send + Sync + 'static,
{
    fn handle(&self, req: &Request) -> Response {
        self(req)
    }
}

/// One served request, as given to the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRecord {
    /// The client's address.
    pub peer: SocketAddr,
    /// The method as received (`-` when the head could not be parsed).
    pub method: String,
    /// The path without the query (`-` when the head could not be parsed).
    pub path: String,
    /// The status sent.
    pub status: u16,
    /// Body bytes sent (0 for `HEAD`).
    pub bytes: usize,
    /// From the complete head to the last byte written.
    pub duration: Duration,
}

impl fmt::Display for AccessRecord {
    /// `127.0.0.1:50312 "GET /api/v1/workspaces" 200 1234B 87us`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} \"{} {}\" {} {}B {}us",
            self.peer,
            self.method,
            self.path,
            self.status,
            self.bytes,
            self.duration.as_micros()
        )
    }
}

/// Where access-log lines go.
#[derive(Clone, Default)]
pub enum AccessLog {
    /// No access log.
    Off,
    /// One line per request on stderr, prefixed with `tokencraft: `.
    #[default]
    Stderr,
    /// A custom sink (tests, structured logging).
    Custom(Arc<dyn Fn(&AccessRecord) + Send + Sync>),
}

impl AccessLog {
    /// [`AccessLog::Off`] when the environment variable `TOKENCRAFT_ACCESS_LOG` is `off`
    /// (or `0`, `false`, `no`), otherwise [`AccessLog::Stderr`]. [`ServerConfig::default`]
    /// uses this, so `TOKENCRAFT_ACCESS_LOG=off tokencraft serve` runs without the log
    /// (for load measurements: the stderr line costs about a third of a trivial request).
    pub fn from_env() -> AccessLog {
        Self::from_setting(std::env::var("TOKENCRAFT_ACCESS_LOG").ok().as_deref())
    }

    /// The log a `TOKENCRAFT_ACCESS_LOG` value asks for (`None`: unset).
    fn from_setting(value: Option<&str>) -> AccessLog {
        let off = value.is_some_and(|v| {
            ["off", "0", "false", "no"].contains(&v.trim().to_ascii_lowercase().as_str())
        });
        if off {
            AccessLog::Off
        } else {
            AccessLog::Stderr
        }
    }

    pub(crate) fn record(&self, record: &AccessRecord) {
        match self {
            AccessLog::Off => {}
            AccessLog::Stderr => {
                // One write(2) per line (stderr is unbuffered: `eprintln!` would write
                // each formatted piece separately).
                let line = format!("tokencraft: {record}\n");
                let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
            }
            AccessLog::Custom(sink) => sink(record),
        }
    }
}

impl fmt::Debug for AccessLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AccessLog::Off => "Off",
            AccessLog::Stderr => "Stderr",
            AccessLog::Custom(_) => "Custom(..)",
        })
    }
}

/// Server settings; [`ServerConfig::default`] suits local development. [`Server::bind`]
/// rejects zero counts or timeouts and counts beyond sane bounds (naming the field).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on (default `127.0.0.1:8787`; port 0 picks a free port).
    pub addr: SocketAddr,
    /// Largest request head (request line and headers) in bytes; larger → `431`.
    pub max_header_bytes: usize,
    /// Most header lines in one request; more → `431`.
    pub max_headers: usize,
    /// Largest request body in bytes (default 10 MiB); larger → `413`.
    pub max_body_bytes: usize,
    /// Total time allowed for one request head (and a `Content-Length` body of at most
    /// 64 KiB), from its first byte (or from accept for a new connection); exceeded →
    /// `408` and close.
    pub read_timeout: Duration,
    /// Total time allowed for one larger or chunked request body, read by a worker;
    /// exceeded → `408` and close.
    pub body_timeout: Duration,
    /// Total time allowed for writing one response; a client reading slower is dropped.
    pub write_timeout: Duration,
    /// How long a keep-alive connection may wait for its next request.
    pub idle_timeout: Duration,
    /// Most open connections; at the cap the longest-idle one is closed for a new one.
    pub max_connections: usize,
    /// Worker threads running the handler (default: 4 per core, 4 to 64, or
    /// `TOKENCRAFT_WORKERS` when set to a number; see [`default_workers`]).
    pub workers: usize,
    /// On shutdown, how long to wait for in-flight requests before returning anyway.
    pub drain_timeout: Duration,
    /// Where one line per request is written (default: stderr, or none when
    /// `TOKENCRAFT_ACCESS_LOG=off`, see [`AccessLog::from_env`]).
    pub access_log: AccessLog,
}

impl Default for ServerConfig {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServerConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
            max_header_bytes: 16 * 1024,
            max_headers: 100,
            max_body_bytes: 10 * 1024 * 1024,
            read_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(60),
            write_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            max_connections: 4096,
            workers: default_workers(cores, std::env::var("TOKENCRAFT_WORKERS").ok().as_deref()),
            drain_timeout: Duration::from_secs(30),
            access_log: AccessLog::from_env(),
        }
    }
}

/// The default worker count: `setting` (the `TOKENCRAFT_WORKERS` variable) when it is a
/// number from 1 to 1024, else 4 per core, at least 4 and at most 64. Several per core,
/// because a worker waits while a slow client reads a large response or while a durable
/// store syncs a write.
pub fn default_workers(cores: usize, setting: Option<&str>) -> usize {
    setting
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| (1..=1024).contains(n))
        .unwrap_or_else(|| cores.saturating_mul(4).clamp(4, 64))
}

impl ServerConfig {
    fn validate(&self) -> io::Result<()> {
        let invalid = |msg: String| Err(io::Error::new(io::ErrorKind::InvalidInput, msg));
        for (name, value, max) in [
            ("workers", self.workers, 1024),
            ("max_connections", self.max_connections, 1_000_000),
            ("max_headers", self.max_headers, 10_000),
            ("max_header_bytes", self.max_header_bytes, 1024 * 1024),
        ] {
            if value == 0 || value > max {
                return invalid(format!(
                    "ServerConfig::{name} is {value}; it must be between 1 and {max}"
                ));
            }
        }
        for (name, value) in [
            ("read_timeout", self.read_timeout),
            ("body_timeout", self.body_timeout),
            ("write_timeout", self.write_timeout),
            ("idle_timeout", self.idle_timeout),
        ] {
            if value.is_zero() {
                return invalid(format!(
                    "ServerConfig::{name} is zero; give it a positive duration"
                ));
            }
        }
        Ok(())
    }
}

/// State shared by the poller, the workers and every [`ShutdownHandle`].
pub(crate) struct Shared {
    stopping: AtomicBool,
    waker: sys::Waker,
}

impl Shared {
    pub(crate) fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub(crate) fn wake(&self) {
        self.waker.wake();
    }

    /// Tells the poller a worker handed a connection back (coalesced, see
    /// [`sys::Waker::wake_once`]).
    pub(crate) fn wake_poller_once(&self) {
        self.waker.wake_once();
    }

    /// See [`sys::Waker::rearm`].
    pub(crate) fn rearm_wakeups(&self) {
        self.waker.rearm();
    }
}

/// Stops a running [`Server`]: it stops accepting, finishes in-flight requests (their
/// responses say `Connection: close`), closes idle connections and `run` returns.
#[derive(Clone)]
pub struct ShutdownHandle {
    shared: Arc<Shared>,
}

impl ShutdownHandle {
    /// Requests shutdown; returns at once. Calling it again has no further effect.
    pub fn shutdown(&self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        self.shared.wake();
    }

    /// Whether shutdown has been requested.
    pub fn is_shutdown(&self) -> bool {
        self.shared.is_stopping()
    }
}

impl fmt::Debug for ShutdownHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShutdownHandle")
            .field("shutdown", &self.is_shutdown())
            .finish()
    }
}

/// A bound HTTP/1.1 server; [`Server::run`] serves until shut down.
pub struct Server {
    config: ServerConfig,
    handler: Arc<dyn Handler>,
    listener: TcpListener,
    local_addr: SocketAddr,
    shared: Arc<Shared>,
    wake_rx: UnixStream,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("local_addr", &self.local_addr)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Validates `config` and binds its address (no request is served before
    /// [`Server::run`]). Errors: an invalid config (`InvalidInput`, naming the field) or
    /// the bind failure (address in use, permission denied) with the address in the text.
    pub fn bind(config: ServerConfig, handler: Arc<dyn Handler>) -> io::Result<Server> {
        config.validate()?;
        let listener = TcpListener::bind(config.addr).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot listen on {}: {e}; choose another address or port",
                    config.addr
                ),
            )
        })?;
        listener.set_nonblocking(true)?;
        let local_addr = listener.local_addr()?;
        let (waker, wake_rx) = sys::Waker::pair()?;
        Ok(Server {
            config,
            handler,
            listener,
            local_addr,
            shared: Arc::new(Shared {
                stopping: AtomicBool::new(false),
                waker,
            }),
            wake_rx,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// A handle that stops this server from any thread.
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        ShutdownHandle {
            shared: Arc::clone(&self.shared),
        }
    }

    /// Serves on the calling thread (the poller) with a pool of worker threads; blocks
    /// until shutdown has been requested and in-flight requests are done (or
    /// [`ServerConfig::drain_timeout`] passed). Errors only if the worker threads cannot
    /// be started or `poll(2)` fails.
    pub fn run(self) -> io::Result<()> {
        poller::run(poller::Parts {
            config: Arc::new(self.config),
            handler: self.handler,
            listener: self.listener,
            shared: self.shared,
            wake_rx: self.wake_rx,
        })
    }
}

/// Shuts `handle`'s server down on SIGINT or SIGTERM (Ctrl-C, `kill`, container stop).
/// A second signal ends the process at once. May be called for several servers.
pub fn install_signal_shutdown(handle: ShutdownHandle) -> io::Result<()> {
    sys::install_signal_shutdown(handle)
}

/// What `tokencraft serve` does: binds `config.addr`, shuts down on SIGINT/SIGTERM,
/// prints `tokencraft: listening on http://<addr>` to stderr and serves until a signal
/// arrives and in-flight requests are done.
pub fn serve(config: ServerConfig, handler: Arc<dyn Handler>) -> io::Result<()> {
    let server = Server::bind(config, handler)?;
    install_signal_shutdown(server.shutdown_handle())?;
    eprintln!("tokencraft: listening on http://{}", server.local_addr());
    server.run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_counts_default_per_core_or_from_the_setting() {
        let cases = [
            (2, None, 8),
            (1, None, 4),
            (32, None, 64),
            (2, Some("3"), 3),
            (2, Some(" 16 "), 16),
            (2, Some("0"), 8),
            (2, Some("5000"), 8),
            (2, Some("many"), 8),
        ];
        for (cores, setting, expected) in cases {
            assert_eq!(
                default_workers(cores, setting),
                expected,
                "{cores} {setting:?}"
            );
        }
    }

    #[test]
    fn the_access_log_setting_turns_it_off_or_leaves_it_on() {
        let cases = [
            (None, "Stderr"),
            (Some("off"), "Off"),
            (Some(" OFF "), "Off"),
            (Some("0"), "Off"),
            (Some("false"), "Off"),
            (Some("no"), "Off"),
            (Some("on"), "Stderr"),
            (Some(""), "Stderr"),
        ];
        for (value, expected) in cases {
            let got = format!("{:?}", AccessLog::from_setting(value));
            assert_eq!(got, expected, "{value:?}");
        }
    }
}
