//! One connection: its input buffer and phase, and the worker side that serves the
//! requests whose heads are buffered (body, handler, response, pipelining).

use std::io::{self, IoSlice, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::parse::{self, ChunkedDecoder, Framing, Head, HeadLimits, HeadStatus};
use super::response::{encode, internal_error, invalid_response, ProtocolError};
use super::sys::{wait_one, Interest};
use super::{AccessRecord, Handler, ServerConfig, Shared};
use crate::api::{Request, Response};

/// Most pipelined requests one worker serves before handing the connection back to the
/// poller, so one client cannot hold a worker forever.
const MAX_REQUESTS_PER_TURN: usize = 64;
/// Largest single read into a connection buffer.
const READ_CHUNK: usize = 64 * 1024;

/// Bytes received but not yet consumed.
#[derive(Debug, Default)]
pub(crate) struct InBuf {
    data: Vec<u8>,
    start: usize,
}

impl InBuf {
    /// The unconsumed bytes.
    pub(crate) fn pending(&self) -> &[u8] {
        self.data.get(self.start..).unwrap_or_default()
    }

    /// Marks `n` bytes as consumed.
    pub(crate) fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.data.len());
    }

    /// Moves unconsumed bytes to the front (between requests).
    pub(crate) fn compact(&mut self) {
        if self.start > 0 {
            self.data.drain(..self.start);
            self.start = 0;
        }
        if self.data.is_empty() {
            // Idle keep-alive connections hold no buffer.
            self.data = Vec::new();
        }
    }

    /// One `read` into `scratch`, appending only the bytes that arrived (the poller's
    /// per-request path: no zero-filled spare room); `Ok(0)` is end of stream.
    pub(crate) fn read_via(
        &mut self,
        source: &mut impl Read,
        scratch: &mut [u8],
    ) -> io::Result<usize> {
        let n = source.read(scratch)?;
        self.data
            .extend_from_slice(scratch.get(..n).unwrap_or_default());
        Ok(n)
    }

    /// One `read` of at most `max` bytes appended to the buffer; `Ok(0)` is end of stream.
    pub(crate) fn read_from(&mut self, source: &mut impl Read, max: usize) -> io::Result<usize> {
        let old = self.data.len();
        self.data.resize(old + max.max(1), 0);
        let result = source.read(self.data.get_mut(old..).unwrap_or_default());
        let got = *result.as_ref().unwrap_or(&0);
        self.data.truncate(old + got);
        result
    }
}

/// Where a connection is in its life while the poller holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Accepted, no byte yet: the head deadline runs from accept.
    New,
    /// Between keep-alive requests, no byte of the next one yet.
    Idle,
    /// Part of a request head is buffered.
    Head,
    /// Our side is closed for writing; unread input is discarded until the client closes
    /// (so a final response is not destroyed by a reset).
    Closing,
}

/// An open client connection.
#[derive(Debug)]
pub(crate) struct Conn {
    pub stream: TcpStream,
    pub peer: SocketAddr,
    pub input: InBuf,
    pub phase: Phase,
    /// When the current phase's deadline clock started.
    pub since: Instant,
    /// Bytes thrown away while [`Phase::Closing`].
    pub discarded: usize,
    /// The head at the start of the buffered input, when the poller already parsed it
    /// (taken by the worker's first request, so each head is parsed once).
    pub parsed: Option<Head>,
}

impl Conn {
    /// A freshly accepted connection.
    pub(crate) fn new(stream: TcpStream, peer: SocketAddr, now: Instant) -> Conn {
        Conn {
            stream,
            peer,
            input: InBuf::default(),
            phase: Phase::New,
            since: now,
            discarded: 0,
            parsed: None,
        }
    }

    /// Puts the connection in `phase` from `now` on.
    pub(crate) fn enter(&mut self, phase: Phase, now: Instant) {
        self.phase = phase;
        self.since = now;
    }
}

/// What a worker hands back to the poller.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Keep-alive: wait for (the rest of) the next request.
    Wait(Conn),
    /// Closed for writing; discard input until the client closes.
    Linger(Conn),
    /// Already closed.
    Closed,
}

/// Everything a worker needs.
pub(crate) struct WorkerCtx {
    pub config: Arc<ServerConfig>,
    pub handler: Arc<dyn Handler>,
    pub shared: Arc<Shared>,
}

impl WorkerCtx {
    pub(crate) fn limits(&self) -> HeadLimits {
        HeadLimits {
            max_header_bytes: self.config.max_header_bytes,
            max_headers: self.config.max_headers,
        }
    }
}

/// How one request ended for its connection.
enum Next {
    KeepAlive,
    Linger,
    Drop,
}

/// Why a body could not be read.
enum BodyError {
    /// Answer with this error, then close.
    Reply(ProtocolError),
    /// The client closed its side before the body was complete.
    Eof,
    /// The socket failed; close without answering.
    Drop,
}

/// Serves every complete request buffered on `conn` (at least one head is complete or
/// invalid when called) and says what to do with the connection next. The socket stays
/// non-blocking throughout: waits for a slow client go through `poll(2)` with the
/// deadline, so a request costs no `fcntl`/`setsockopt` calls.
pub(crate) fn serve(mut conn: Conn, ctx: &WorkerCtx) -> Outcome {
    for _ in 0..MAX_REQUESTS_PER_TURN {
        let status = match conn.parsed.take() {
            Some(head) => HeadStatus::Complete(head),
            None => parse::parse_head(conn.input.pending(), ctx.limits()),
        };
        let next = match status {
            HeadStatus::Partial => break,
            HeadStatus::Invalid(error) => {
                let started = Instant::now();
                reply_error(&mut conn, ctx, ("-", "-"), &error, started)
            }
            HeadStatus::Complete(head) => {
                conn.input.consume(head.len);
                serve_one(&mut conn, ctx, head)
            }
        };
        match next {
            Next::KeepAlive if ctx.shared.is_stopping() => return Outcome::Closed,
            Next::KeepAlive => continue,
            Next::Linger => return linger(conn),
            Next::Drop => return Outcome::Closed,
        }
    }
    conn.input.compact();
    let phase = if conn.input.pending().is_empty() {
        Phase::Idle
    } else {
        Phase::Head
    };
    conn.enter(phase, Instant::now());
    Outcome::Wait(conn)
}

fn linger(mut conn: Conn) -> Outcome {
    if conn.stream.shutdown(Shutdown::Write).is_err() {
        return Outcome::Closed;
    }
    conn.input = InBuf::default();
    conn.enter(Phase::Closing, Instant::now());
    Outcome::Linger(conn)
}

/// Serves one request whose head has just been consumed from the buffer.
fn serve_one(conn: &mut Conn, ctx: &WorkerCtx, head: Head) -> Next {
    let started = Instant::now();
    let log_path = match parse::split_target(&head.method, &head.target) {
        Ok((path, _)) => path,
        Err(_) => head.target.split('?').next().unwrap_or_default().to_owned(),
    };
    let names = (head.method.as_str(), log_path.as_str());
    let plan = match parse::plan(&head, ctx.config.max_body_bytes) {
        Ok(plan) => plan,
        Err(error) => return reply_error(conn, ctx, names, &error, started),
    };
    if plan.expect_continue
        && head.minor_version >= 1
        && conn.input.pending().is_empty()
        && write_all_by(
            &mut conn.stream,
            [b"HTTP/1.1 100 Continue\r\n\r\n", &[]],
            deadline_after(Instant::now(), ctx.config.write_timeout),
        )
        .is_err()
    {
        return Next::Drop;
    }
    let body = match read_body(conn, plan.framing, &ctx.config) {
        Ok(body) => body,
        Err(BodyError::Reply(error)) => return reply_error(conn, ctx, names, &error, started),
        Err(BodyError::Eof) => {
            let error = ProtocolError::new(
                400,
                match plan.framing {
                    Framing::Length(n) => format!(
                        "Request body ended early: the connection closed after {} of {n} bytes; send the whole body",
                        conn.input.pending().len()
                    ),
                    _ => "Request body ended early: the connection closed before the final `0` chunk; send the whole body".to_owned(),
                },
            );
            return reply_error(conn, ctx, names, &error, started);
        }
        Err(BodyError::Drop) => return Next::Drop,
    };
    let is_head = head.method == "HEAD";
    let keep_alive = parse::wants_keep_alive(&head);
    let request = Request {
        method: if is_head {
            "GET".to_owned()
        } else {
            head.method.clone()
        },
        path: plan.path,
        query: plan.query,
        headers: head.headers,
        body,
        // The IP only: one client opening many connections must stay one rate-limit key.
        remote_addr: Some(conn.peer.ip().to_string()),
    };
    let response = call_handler(ctx.handler.as_ref(), &request, conn.peer);
    let handler_close = response
        .header_value("connection")
        .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")));
    let keep_alive = keep_alive && !handler_close && !ctx.shared.is_stopping();
    let written = write_response(
        conn,
        &response,
        is_head,
        keep_alive,
        ctx.config.write_timeout,
    );
    log(ctx, conn.peer, names, response.status, written, started);
    match written {
        None => Next::Drop,
        Some(_) if keep_alive => Next::KeepAlive,
        Some(_) => Next::Linger,
    }
}

/// Runs the handler; a panic or an unsendable response becomes a 500.
fn call_handler(handler: &dyn Handler, request: &Request, peer: SocketAddr) -> Response {
    let what = || format!("{} {} from {peer}", request.method, request.path);
    match catch_unwind(AssertUnwindSafe(|| handler.handle(request))) {
        Ok(response) => match invalid_response(&response) {
            None => response,
            Some(why) => {
                eprintln!(
                    "tokencraft: the handler's response to {} cannot be sent ({why}); answered 500",
                    what()
                );
                internal_error()
            }
        },
        Err(_) => {
            eprintln!(
                "tokencraft: the handler panicked on {}; answered 500 and kept serving",
                what()
            );
            internal_error()
        }
    }
}

/// Sends a protocol error (always with `Connection: close`) and logs it.
fn reply_error(
    conn: &mut Conn,
    ctx: &WorkerCtx,
    names: (&str, &str),
    error: &ProtocolError,
    started: Instant,
) -> Next {
    let response = error.to_response();
    let written = write_response(conn, &response, false, false, ctx.config.write_timeout);
    log(ctx, conn.peer, names, error.status, written, started);
    match written {
        Some(_) => Next::Linger,
        None => Next::Drop,
    }
}

/// Writes a response; returns the body bytes sent, or `None` if the socket failed.
fn write_response(
    conn: &mut Conn,
    response: &Response,
    head_request: bool,
    keep_alive: bool,
    write_timeout: Duration,
) -> Option<usize> {
    let encoded = encode(response, head_request, keep_alive);
    let body: &[u8] = if encoded.send_body {
        &response.body
    } else {
        &[]
    };
    let deadline = deadline_after(Instant::now(), write_timeout);
    write_all_by(&mut conn.stream, [&encoded.head, body], deadline)
        .ok()
        .map(|()| body.len())
}

/// Writes both parts (head and body) with `writev`, so a response is usually one
/// syscall and the body is never copied; one deadline covers the whole response, so a
/// client reading a byte at a time cannot hold a worker longer than the write timeout.
fn write_all_by(stream: &mut TcpStream, parts: [&[u8]; 2], deadline: Instant) -> io::Result<()> {
    let [mut first, mut second] = parts;
    while !first.is_empty() || !second.is_empty() {
        match stream.write_vectored(&[IoSlice::new(first), IoSlice::new(second)]) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                let from_first = n.min(first.len());
                first = first.get(from_first..).unwrap_or_default();
                second = second.get(n - from_first..).unwrap_or_default();
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let remaining = deadline.saturating_duration_since(Instant::now());
                if remaining.is_zero() || !wait_one(stream.as_raw_fd(), Interest::Write, remaining)?
                {
                    return Err(io::ErrorKind::TimedOut.into());
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn log(
    ctx: &WorkerCtx,
    peer: SocketAddr,
    (method, path): (&str, &str),
    status: u16,
    written: Option<usize>,
    started: Instant,
) {
    ctx.config.access_log.record(&AccessRecord {
        peer,
        method: method.to_owned(),
        path: path.to_owned(),
        status,
        bytes: written.unwrap_or(0),
        duration: started.elapsed(),
    });
}

/// Reads the body the framing describes, from buffered bytes first, then the socket,
/// within [`ServerConfig::body_timeout`] in total.
fn read_body(
    conn: &mut Conn,
    framing: Framing,
    config: &ServerConfig,
) -> Result<Vec<u8>, BodyError> {
    let deadline = deadline_after(Instant::now(), config.body_timeout);
    match framing {
        Framing::Empty => Ok(Vec::new()),
        Framing::Length(length) => {
            while conn.input.pending().len() < length {
                let missing = length - conn.input.pending().len();
                fill(conn, deadline, missing, config)?;
            }
            let body = conn
                .input
                .pending()
                .get(..length)
                .unwrap_or_default()
                .to_vec();
            conn.input.consume(length);
            Ok(body)
        }
        Framing::Chunked => {
            let mut decoder = ChunkedDecoder::new(config.max_body_bytes, config.max_header_bytes);
            let mut body = Vec::new();
            loop {
                let used = decoder
                    .feed(conn.input.pending(), &mut body)
                    .map_err(BodyError::Reply)?;
                conn.input.consume(used);
                if decoder.is_done() {
                    return Ok(body);
                }
                conn.input.compact();
                fill(conn, deadline, READ_CHUNK, config)?;
            }
        }
    }
}

/// One blocking read of up to `want` bytes before `deadline`.
fn fill(
    conn: &mut Conn,
    deadline: Instant,
    want: usize,
    config: &ServerConfig,
) -> Result<(), BodyError> {
    let timed_out = || {
        BodyError::Reply(ProtocolError::new(
            408,
            format!(
                "Request body not received within {}; send the whole body without pauses",
                human(config.body_timeout)
            ),
        ))
    };
    loop {
        match conn
            .input
            .read_from(&mut conn.stream, want.clamp(1, READ_CHUNK))
        {
            Ok(0) => return Err(BodyError::Eof),
            Ok(_) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let remaining = deadline.saturating_duration_since(Instant::now());
                if remaining.is_zero() {
                    return Err(timed_out());
                }
                match wait_one(conn.stream.as_raw_fd(), Interest::Read, remaining) {
                    Ok(true) => {}
                    Ok(false) => return Err(timed_out()),
                    Err(_) => return Err(BodyError::Drop),
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(BodyError::Drop),
        }
    }
}

/// `start + budget`, saturating far in the future instead of overflowing (a config may
/// use `Duration::MAX` for "never").
pub(crate) fn deadline_after(start: Instant, budget: Duration) -> Instant {
    const FAR: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
    start
        .checked_add(budget.min(FAR))
        .or_else(|| start.checked_add(Duration::from_secs(24 * 3600)))
        .unwrap_or(start)
}

/// `10 s`, `250 ms`: durations in messages.
pub(crate) fn human(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_buffer_consumes_compacts_and_frees() {
        let mut buf = InBuf::default();
        let mut source: &[u8] = b"abcdef";
        assert_eq!(buf.read_from(&mut source, 4).unwrap(), 4);
        assert_eq!(buf.pending(), b"abcd");
        buf.consume(3);
        assert_eq!(buf.pending(), b"d");
        buf.consume(10);
        assert_eq!(buf.pending(), b"");
        buf.compact();
        assert_eq!(buf.data.capacity(), 0);
        assert_eq!(buf.read_from(&mut source, 64).unwrap(), 2);
        assert_eq!(buf.pending(), b"ef");
        assert_eq!(buf.read_from(&mut source, 64).unwrap(), 0);
        assert_eq!(buf.pending(), b"ef");
    }

    #[test]
    fn reads_through_scratch_append_only_what_arrived() {
        let mut buf = InBuf::default();
        let mut scratch = [0u8; 4];
        let mut source: &[u8] = b"abcdef";
        assert_eq!(buf.read_via(&mut source, &mut scratch).unwrap(), 4);
        assert_eq!(buf.read_via(&mut source, &mut scratch).unwrap(), 2);
        assert_eq!(buf.pending(), b"abcdef");
        assert_eq!(buf.read_via(&mut source, &mut scratch).unwrap(), 0);
        assert_eq!(buf.pending(), b"abcdef");
    }

    #[test]
    fn deadlines_saturate_instead_of_overflowing() {
        let now = Instant::now();
        assert!(deadline_after(now, Duration::MAX) > now + Duration::from_secs(3600));
        assert_eq!(
            deadline_after(now, Duration::from_secs(5)),
            now + Duration::from_secs(5)
        );
    }

    #[test]
    fn durations_read_naturally_in_messages() {
        assert_eq!(human(Duration::from_secs(10)), "10 s");
        assert_eq!(human(Duration::from_millis(250)), "250 ms");
        assert_eq!(human(Duration::from_millis(1500)), "1500 ms");
    }
}
