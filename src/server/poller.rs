//! The poller: accepts connections, watches every waiting connection with one `poll(2)`,
//! reads request heads without blocking, enforces head/idle deadlines and the connection
//! cap, and hands connections with a complete head to the worker pool.

use std::io::{self, Write};
use std::net::TcpListener;
use std::os::unix::net::UnixStream;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::conn::{self, deadline_after, human, Conn, Outcome, Phase, WorkerCtx};
use super::parse::{self, Framing, HeadLimits, HeadStatus};
use super::queue::JobQueue;
use super::response::{encode, ProtocolError};
use super::sys::{drain_wakeups, fd_of, PollSet};
use super::{AccessRecord, Handler, ServerConfig, Shared};

/// Most connections accepted per poll round (the rest wait for the next round).
const ACCEPTS_PER_ROUND: usize = 128;
/// Most reads from one connection per readiness event.
const READS_PER_EVENT: usize = 4;
/// Largest `Content-Length` body the poller buffers before handing the request to a
/// worker (larger bodies are read by the worker within `body_timeout`).
const POLLER_BODY_BYTES: usize = 64 * 1024;
/// Size of one non-blocking read while a head arrives.
const HEAD_READ: usize = 16 * 1024;
/// Longest time a closing connection is kept to let the client read our last response.
const LINGER: Duration = Duration::from_secs(2);
/// Most bytes discarded from a closing connection.
const LINGER_BYTES: usize = 1024 * 1024;
/// Pause after the process ran out of descriptors, before trying to accept again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// What [`run`] needs from the bound server.
pub(crate) struct Parts {
    pub config: Arc<ServerConfig>,
    pub handler: Arc<dyn Handler>,
    pub listener: TcpListener,
    pub shared: Arc<Shared>,
    pub wake_rx: UnixStream,
}

/// Starts the workers, polls until shutdown, then joins the workers (unless the drain
/// timeout passed with requests still running: those threads are left to finish alone).
pub(crate) fn run(parts: Parts) -> io::Result<()> {
    let jobs = Arc::new(JobQueue::new());
    let (done_tx, done_rx) = mpsc::channel::<Outcome>();
    let ctx = Arc::new(WorkerCtx {
        config: Arc::clone(&parts.config),
        handler: parts.handler,
        shared: Arc::clone(&parts.shared),
    });
    let mut workers: Vec<JoinHandle<()>> = Vec::with_capacity(parts.config.workers);
    for index in 0..parts.config.workers {
        let (queue, done, ctx) = (Arc::clone(&jobs), done_tx.clone(), Arc::clone(&ctx));
        let spawned = std::thread::Builder::new()
            .name(format!("tokencraft-worker-{index}"))
            .spawn(move || worker_loop(&queue, &done, &ctx));
        match spawned {
            Ok(handle) => workers.push(handle),
            Err(e) => {
                jobs.close();
                for worker in workers {
                    let _ = worker.join();
                }
                return Err(io::Error::new(
                    e.kind(),
                    format!("cannot start worker thread {index}: {e}; lower ServerConfig::workers"),
                ));
            }
        }
    }
    drop(done_tx);
    let mut poller = Poller {
        config: parts.config,
        shared: parts.shared,
        listener: Some(parts.listener),
        wake_rx: parts.wake_rx,
        waiting: Vec::new(),
        busy: 0,
        jobs: Arc::clone(&jobs),
        done: done_rx,
        accept_paused_until: None,
        drain_deadline: None,
        polls: PollSet::default(),
        scratch: vec![0; HEAD_READ].into_boxed_slice(),
    };
    let result = poller.poll_loop();
    let drained = poller.busy == 0;
    drop(poller);
    jobs.close();
    if drained {
        for worker in workers {
            let _ = worker.join();
        }
    }
    result
}

fn worker_loop(jobs: &JobQueue<Conn>, done: &Sender<Outcome>, ctx: &WorkerCtx) {
    while let Some(conn) = jobs.pop() {
        // `serve` catches handler panics itself; this guard only keeps the busy count
        // right if the server's own code ever panicked.
        let outcome =
            catch_unwind(AssertUnwindSafe(|| conn::serve(conn, ctx))).unwrap_or(Outcome::Closed);
        if done.send(outcome).is_err() {
            return;
        }
        ctx.shared.wake_poller_once();
    }
}

struct Poller {
    config: Arc<ServerConfig>,
    shared: Arc<Shared>,
    listener: Option<TcpListener>,
    wake_rx: UnixStream,
    /// Connections the poller holds, in no particular order.
    waiting: Vec<Conn>,
    /// Connections currently held by workers.
    busy: usize,
    jobs: Arc<JobQueue<Conn>>,
    done: Receiver<Outcome>,
    accept_paused_until: Option<Instant>,
    drain_deadline: Option<Instant>,
    polls: PollSet,
    /// Read buffer for request heads, reused for every read.
    scratch: Box<[u8]>,
}

impl Poller {
    fn limits(&self) -> HeadLimits {
        HeadLimits {
            max_header_bytes: self.config.max_header_bytes,
            max_headers: self.config.max_headers,
        }
    }

    fn poll_loop(&mut self) -> io::Result<()> {
        loop {
            let now = Instant::now();
            if self.shared.is_stopping() && self.drain_deadline.is_none() {
                // Stop accepting (the listening socket closes) and drop waiting clients.
                self.listener = None;
                self.waiting.clear();
                self.drain_deadline = Some(deadline_after(now, self.config.drain_timeout));
            }
            if let Some(deadline) = self.drain_deadline {
                if self.busy == 0 {
                    return Ok(());
                }
                if now >= deadline {
                    eprintln!(
                        "tokencraft: {} request(s) still running after the {} drain timeout; stopping without them",
                        self.busy,
                        human(self.config.drain_timeout)
                    );
                    return Ok(());
                }
            }
            self.polls.clear();
            self.polls.push(fd_of(&self.wake_rx));
            let listen_index = match &self.listener {
                Some(listener) if self.may_accept(now) => Some(self.polls.push(fd_of(listener))),
                _ => None,
            };
            let base = self.polls.len();
            for conn in &self.waiting {
                self.polls.push(fd_of(&conn.stream));
            }
            let timeout = self
                .next_deadline()
                .map(|d| d.saturating_duration_since(now));
            self.polls.wait(timeout)?;

            if self.polls.ready(0) {
                drain_wakeups(&self.wake_rx);
            }
            // Before collecting outcomes: a worker finishing after this sends a new byte.
            self.shared.rearm_wakeups();
            let now = Instant::now();
            let polled = std::mem::take(&mut self.waiting);
            for (i, conn) in polled.into_iter().enumerate() {
                let conn = if self.polls.ready(base + i) {
                    match self.on_readable(conn, now) {
                        Some(conn) => conn,
                        None => continue,
                    }
                } else {
                    conn
                };
                let conn = if now >= self.deadline(&conn) {
                    match self.expire(conn, now) {
                        Some(conn) => conn,
                        None => continue,
                    }
                } else {
                    conn
                };
                self.waiting.push(conn);
            }
            self.collect_outcomes(now);
            if listen_index.is_some_and(|i| self.polls.ready(i)) {
                self.accept(now);
            }
            if self.accept_paused_until.is_some_and(|t| now >= t) {
                self.accept_paused_until = None;
            }
        }
    }

    fn open_connections(&self) -> usize {
        self.waiting.len() + self.busy
    }

    fn may_accept(&self, now: Instant) -> bool {
        self.accept_paused_until.is_none_or(|t| now >= t)
            && (self.open_connections() < self.config.max_connections
                || self.waiting.iter().any(evictable))
    }

    fn deadline(&self, conn: &Conn) -> Instant {
        let budget = match conn.phase {
            Phase::New | Phase::Head => self.config.read_timeout,
            Phase::Idle => self.config.idle_timeout,
            Phase::Closing => LINGER.min(self.config.read_timeout),
        };
        deadline_after(conn.since, budget)
    }

    fn next_deadline(&self) -> Option<Instant> {
        self.waiting
            .iter()
            .map(|c| self.deadline(c))
            .chain(self.accept_paused_until)
            .chain(self.drain_deadline)
            .min()
    }

    /// Reads what arrived; returns the connection if the poller keeps it.
    fn on_readable(&mut self, mut conn: Conn, now: Instant) -> Option<Conn> {
        if conn.phase == Phase::Closing {
            return discard_input(conn);
        }
        let mut got_any = false;
        let mut eof = false;
        for _ in 0..READS_PER_EVENT {
            match conn.input.read_via(&mut conn.stream, &mut self.scratch) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => {
                    got_any = true;
                    // A short read drained the socket: skip the read that would only
                    // say `WouldBlock` (an end of stream shows up at the next poll).
                    if n < self.scratch.len() {
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return None,
            }
        }
        if eof {
            // A client that half-closes after its head still gets an answer (the worker
            // reports a body cut short); with no complete head there is nobody to answer.
            if head_ready(&conn, self.limits()) {
                self.dispatch(conn);
            }
            return None;
        }
        if !got_any {
            return Some(conn);
        }
        match conn.phase {
            // The head deadline of a new connection runs from accept.
            Phase::New => conn.phase = Phase::Head,
            Phase::Idle => conn.enter(Phase::Head, now),
            Phase::Head | Phase::Closing => {}
        }
        if request_ready(&mut conn, &self.config) {
            self.dispatch(conn);
            None
        } else {
            Some(conn)
        }
    }

    fn dispatch(&mut self, conn: Conn) {
        self.jobs.push(conn);
        self.busy += 1;
    }

    /// A deadline passed: a partial head gets `408` and lingers (so the client can read
    /// it before the close); anything else is closed silently.
    fn expire(&self, mut conn: Conn, now: Instant) -> Option<Conn> {
        if conn.phase != Phase::Head {
            return None;
        }
        let part = match parse::parse_head(conn.input.pending(), self.limits()) {
            HeadStatus::Complete(_) => "body",
            _ => "head",
        };
        let error = ProtocolError::new(
            408,
            format!(
                "Request {part} not received within {}; send the whole request {part} without pauses",
                human(self.config.read_timeout)
            ),
        );
        let response = error.to_response();
        let mut bytes = encode(&response, false, false).head;
        bytes.extend_from_slice(&response.body);
        // Best effort on a non-blocking socket: a client that is not reading loses it.
        let complete = conn.stream.write(&bytes).is_ok_and(|n| n == bytes.len());
        self.config.access_log.record(&AccessRecord {
            peer: conn.peer,
            method: "-".into(),
            path: "-".into(),
            status: 408,
            bytes: if complete { response.body.len() } else { 0 },
            duration: conn.since.elapsed(),
        });
        if !complete || conn.stream.shutdown(std::net::Shutdown::Write).is_err() {
            return None;
        }
        conn.input = conn::InBuf::default();
        conn.enter(Phase::Closing, now);
        Some(conn)
    }

    fn collect_outcomes(&mut self, now: Instant) {
        while let Ok(outcome) = self.done.try_recv() {
            self.busy = self.busy.saturating_sub(1);
            let stopping = self.drain_deadline.is_some();
            match outcome {
                Outcome::Wait(mut conn) if !stopping => {
                    if request_ready(&mut conn, &self.config) {
                        self.dispatch(conn);
                    } else {
                        self.waiting.push(conn);
                    }
                }
                Outcome::Linger(mut conn) if !stopping => {
                    conn.enter(Phase::Closing, now);
                    self.waiting.push(conn);
                }
                Outcome::Wait(_) | Outcome::Linger(_) | Outcome::Closed => {}
            }
        }
    }

    fn accept(&mut self, now: Instant) {
        let Some(listener) = &self.listener else {
            return;
        };
        let mut accepted = Vec::new();
        for _ in 0..ACCEPTS_PER_ROUND {
            let at_cap = self.open_connections() + accepted.len() >= self.config.max_connections;
            if at_cap && !self.waiting.iter().any(evictable) {
                break;
            }
            match listener.accept() {
                Ok((stream, peer)) => {
                    if at_cap {
                        evict_oldest(&mut self.waiting);
                    }
                    if stream.set_nonblocking(true).is_ok() && stream.set_nodelay(true).is_ok() {
                        accepted.push(Conn::new(stream, peer, now));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if out_of_resources(&e) => {
                    eprintln!(
                        "tokencraft: cannot accept a connection ({e}); pausing accepts for {}; raise the open-file limit (ulimit -n) or lower ServerConfig::max_connections",
                        human(ACCEPT_BACKOFF)
                    );
                    self.accept_paused_until = Some(now + ACCEPT_BACKOFF);
                    break;
                }
                // Aborted handshakes and similar per-connection failures.
                Err(_) => continue,
            }
        }
        self.waiting.append(&mut accepted);
    }
}

/// Whether a connection holds no request in progress (silent since accept, idle between
/// requests, or closing) and may be closed to make room.
fn evictable(conn: &Conn) -> bool {
    matches!(conn.phase, Phase::New | Phase::Idle | Phase::Closing)
}

/// Closes the evictable connection that has waited longest; false if there is none.
fn evict_oldest(waiting: &mut Vec<Conn>) -> bool {
    let oldest = waiting
        .iter()
        .enumerate()
        .filter(|(_, c)| evictable(c))
        .min_by_key(|(_, c)| c.since)
        .map(|(i, _)| i);
    match oldest {
        Some(i) => {
            waiting.swap_remove(i);
            true
        }
        None => false,
    }
}

/// Whether a worker should take the connection now: its head is complete (or can never
/// be), and a small `Content-Length` body (up to [`POLLER_BODY_BYTES`]) is buffered too,
/// so a client trickling a small body holds no worker. A complete head is kept in
/// [`Conn::parsed`] when the answer is yes, so the worker does not parse it again.
fn request_ready(conn: &mut Conn, config: &ServerConfig) -> bool {
    let limits = HeadLimits {
        max_header_bytes: config.max_header_bytes,
        max_headers: config.max_headers,
    };
    let pending = conn.input.pending();
    if pending.is_empty() {
        return false;
    }
    match parse::parse_head(pending, limits) {
        HeadStatus::Partial => false,
        HeadStatus::Invalid(_) => true,
        HeadStatus::Complete(head) => {
            let ready = match parse::plan(&head, config.max_body_bytes) {
                Ok(plan) if !plan.expect_continue => match plan.framing {
                    Framing::Length(n) if n <= POLLER_BODY_BYTES => {
                        pending.len().saturating_sub(head.len) >= n
                    }
                    _ => true,
                },
                _ => true,
            };
            if ready {
                conn.parsed = Some(head);
            }
            ready
        }
    }
}

/// Whether the head is complete or can never be (a half-closed client is served then).
fn head_ready(conn: &Conn, limits: HeadLimits) -> bool {
    !conn.input.pending().is_empty()
        && parse::parse_head(conn.input.pending(), limits) != HeadStatus::Partial
}

/// Reads and drops input of a closing connection; drops the connection at EOF, on error
/// or after [`LINGER_BYTES`].
fn discard_input(mut conn: Conn) -> Option<Conn> {
    let mut sink = [0u8; 16 * 1024];
    for _ in 0..READS_PER_EVENT {
        match io::Read::read(&mut conn.stream, &mut sink) {
            Ok(0) => return None,
            Ok(n) => {
                conn.discarded += n;
                if conn.discarded > LINGER_BYTES {
                    return None;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Some(conn),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        }
    }
    Some(conn)
}

fn out_of_resources(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    )
}
