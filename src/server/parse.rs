//! Request heads (via `httparse`), message framing decisions and the incremental chunked
//! body decoder. Pure functions over bytes: nothing here touches a socket.

use super::response::ProtocolError;

/// Longest accepted chunk-size line (size, extensions and CRLF).
const MAX_CHUNK_LINE: usize = 4096;

/// How to send a well-formed request, quoted in 400 messages.
const HEAD_HINT: &str =
    "send a request line such as `GET /path HTTP/1.1` followed by `Name: value` header lines and a blank line";

/// Size limits that apply while parsing a head.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeadLimits {
    /// Largest head (request line + headers + blank line) in bytes.
    pub max_header_bytes: usize,
    /// Largest number of header lines.
    pub max_headers: usize,
}

/// A parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    /// The method as received (`GET`).
    pub method: String,
    /// The request target as received (`/a?b`).
    pub target: String,
    /// `0` for HTTP/1.0, `1` for HTTP/1.1.
    pub minor_version: u8,
    /// Header names lower-cased, values as received (invalid UTF-8 replaced).
    pub headers: Vec<(String, String)>,
    /// Length of the head in bytes, blank line included.
    pub len: usize,
}

impl Head {
    /// Every value of header `name` (already lower-case).
    fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The comma-separated elements of every value of header `name`, trimmed and
    /// lower-cased, empty elements skipped.
    fn list(&self, name: &str) -> Vec<String> {
        self.values(name)
            .flat_map(|v| v.split(','))
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect()
    }
}

/// The outcome of looking at buffered bytes for a request head.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HeadStatus {
    /// A whole head is buffered.
    Complete(Head),
    /// More bytes are needed (and the limit is not yet exceeded).
    Partial,
    /// The bytes can never become a valid head: answer with this error and close.
    Invalid(ProtocolError),
}

/// Header slots tried on the stack before a head with more headers gets
/// `max_headers` slots on the heap.
const STACK_HEADERS: usize = 24;

/// Parses a request head at the start of `buf`.
pub(crate) fn parse_head(buf: &[u8], limits: HeadLimits) -> HeadStatus {
    let max = limits.max_headers.max(1);
    let mut few = [httparse::EMPTY_HEADER; STACK_HEADERS];
    let slots = max.min(STACK_HEADERS);
    let first = parse_into(buf, limits, few.get_mut(..slots).unwrap_or_default());
    let result = match first {
        Err(httparse::Error::TooManyHeaders) if max > STACK_HEADERS => {
            let mut headers = vec![httparse::EMPTY_HEADER; max];
            parse_into(buf, limits, &mut headers)
        }
        other => other,
    };
    match result {
        Ok(status) => status,
        Err(httparse::Error::TooManyHeaders) => HeadStatus::Invalid(ProtocolError::new(
            431,
            format!(
                "Request has more than {} header lines; send fewer headers",
                limits.max_headers
            ),
        )),
        Err(httparse::Error::Version) => HeadStatus::Invalid(ProtocolError::new(
            505,
            "Unsupported HTTP version in the request line; this server speaks HTTP/1.0 and HTTP/1.1",
        )),
        Err(e) => HeadStatus::Invalid(ProtocolError::new(
            400,
            format!("Malformed HTTP request head ({e}); {HEAD_HINT}"),
        )),
    }
}

/// One parse with the given header slots; httparse's errors go to the caller (a head
/// with too many headers for these slots may fit in more).
fn parse_into<'b>(
    buf: &'b [u8],
    limits: HeadLimits,
    headers: &mut [httparse::Header<'b>],
) -> Result<HeadStatus, httparse::Error> {
    let mut request = httparse::Request::new(headers);
    match request.parse(buf)? {
        httparse::Status::Complete(len) => {
            if len > limits.max_header_bytes {
                return Ok(HeadStatus::Invalid(headers_too_large(limits)));
            }
            Ok(HeadStatus::Complete(Head {
                method: request.method.unwrap_or_default().to_owned(),
                target: request.path.unwrap_or_default().to_owned(),
                minor_version: request.version.unwrap_or(1),
                headers: request
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.name.to_ascii_lowercase(),
                            String::from_utf8_lossy(h.value).into_owned(),
                        )
                    })
                    .collect(),
                len,
            }))
        }
        httparse::Status::Partial if buf.len() > limits.max_header_bytes => {
            Ok(HeadStatus::Invalid(headers_too_large(limits)))
        }
        httparse::Status::Partial => Ok(HeadStatus::Partial),
    }
}

fn headers_too_large(limits: HeadLimits) -> ProtocolError {
    ProtocolError::new(
        431,
        format!(
            "Request head is larger than the {}-byte limit; send fewer or shorter headers",
            limits.max_header_bytes
        ),
    )
}

/// How the request body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// No body.
    Empty,
    /// Exactly this many bytes follow the head.
    Length(usize),
    /// `Transfer-Encoding: chunked`.
    Chunked,
}

/// What the connection loop needs to know to serve one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Body delimitation.
    pub framing: Framing,
    /// Whether the client asked for `100 Continue` before sending the body.
    pub expect_continue: bool,
    /// The path part of the target (origin form), percent-encoding kept.
    pub path: String,
    /// The query without `?`, empty when absent.
    pub query: String,
}

/// Whether the connection may stay open after this request, from its version and
/// `Connection` header (HTTP/1.1: unless `close`; HTTP/1.0: only with `keep-alive`).
pub(crate) fn wants_keep_alive(head: &Head) -> bool {
    let tokens = head.list("connection");
    if tokens.iter().any(|t| t == "close") {
        return false;
    }
    head.minor_version >= 1 || tokens.iter().any(|t| t == "keep-alive")
}

/// Checks a head and decides framing; errors are answered by the server and close the
/// connection. `max_body_bytes` refuses a declared `Content-Length` before any body byte
/// is read.
pub(crate) fn plan(head: &Head, max_body_bytes: usize) -> Result<Plan, ProtocolError> {
    let hosts = head.values("host").count();
    if head.minor_version >= 1 && hosts == 0 {
        return Err(ProtocolError::new(
            400,
            "HTTP/1.1 request without a Host header; add `Host: <hostname>`",
        ));
    }
    if hosts > 1 {
        return Err(ProtocolError::new(
            400,
            format!("Request has {hosts} Host headers; send exactly one"),
        ));
    }
    let (path, query) = split_target(&head.method, &head.target)?;
    let framing = framing(head, max_body_bytes)?;
    let expect = head.list("expect");
    let expect_continue = match expect.as_slice() {
        [] => false,
        [only] if only == "100-continue" => true,
        _ => {
            return Err(ProtocolError::new(
                417,
                format!(
                    "Expect: {} is not supported; send `Expect: 100-continue` or no Expect header",
                    expect.join(", ")
                ),
            ))
        }
    };
    Ok(Plan {
        framing,
        expect_continue: expect_continue && framing != Framing::Empty,
        path,
        query,
    })
}

fn framing(head: &Head, max_body_bytes: usize) -> Result<Framing, ProtocolError> {
    let codings = head.list("transfer-encoding");
    let has_length = head.values("content-length").next().is_some();
    if !codings.is_empty() {
        if has_length {
            return Err(ProtocolError::new(
                400,
                "Request has both Transfer-Encoding and Content-Length; send only one of them",
            ));
        }
        if let Some(other) = codings.iter().find(|c| *c != "chunked") {
            return Err(ProtocolError::new(
                501,
                format!(
                    "Transfer-Encoding {other:?} is not supported; send the body with Content-Length or `Transfer-Encoding: chunked`"
                ),
            ));
        }
        if codings.len() > 1 {
            return Err(ProtocolError::new(
                400,
                "Transfer-Encoding lists chunked more than once; send `Transfer-Encoding: chunked`",
            ));
        }
        return Ok(Framing::Chunked);
    }
    let mut length: Option<u64> = None;
    for element in head.values("content-length").flat_map(|v| v.split(',')) {
        let element = element.trim();
        let parsed = if !element.is_empty() && element.bytes().all(|b| b.is_ascii_digit()) {
            element.parse::<u64>().ok()
        } else {
            None
        };
        let Some(value) = parsed else {
            return Err(ProtocolError::new(
                400,
                format!(
                    "Content-Length {element:?} is not a non-negative decimal integer; send the body size in bytes"
                ),
            ));
        };
        match length {
            Some(previous) if previous != value => {
                return Err(ProtocolError::new(
                    400,
                    format!(
                        "Conflicting Content-Length values {previous} and {value}; send exactly one"
                    ),
                ))
            }
            _ => length = Some(value),
        }
    }
    match length {
        None | Some(0) => Ok(Framing::Empty),
        Some(n) => match usize::try_from(n) {
            Ok(n) if n <= max_body_bytes => Ok(Framing::Length(n)),
            _ => Err(ProtocolError::new(
                413,
                format!(
                    "Request body of {n} bytes exceeds the {max_body_bytes}-byte limit; send a smaller body"
                ),
            )),
        },
    }
}

/// Splits a request target into (path, query). Accepts origin form (`/a?b`), absolute
/// form (`http://host/a?b`) and `*` for OPTIONS.
pub(crate) fn split_target(method: &str, target: &str) -> Result<(String, String), ProtocolError> {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    let origin = if target.starts_with('/') {
        target
    } else if target == "*" && method == "OPTIONS" {
        return Ok(("*".to_owned(), String::new()));
    } else if let Some(scheme_len) = ["http://", "https://"]
        .iter()
        .find(|s| lower.starts_with(*s))
        .map(|s| s.len())
    {
        let rest = target.get(scheme_len..).unwrap_or("");
        match rest.find(['/', '?']) {
            Some(i) if rest.get(i..i + 1) == Some("/") => rest.get(i..).unwrap_or("/"),
            Some(i) => return Ok(("/".to_owned(), rest.get(i + 1..).unwrap_or("").to_owned())),
            None => "/",
        }
    } else {
        return Err(ProtocolError::new(
            400,
            format!(
                "Request target {target:?} is not supported; use an absolute path such as /api/v1/workspaces"
            ),
        ));
    };
    Ok(match origin.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (origin.to_owned(), String::new()),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkState {
    SizeLine,
    Data(u64),
    DataEnd,
    Trailer,
    Done,
}

/// An incremental decoder for `Transfer-Encoding: chunked` bodies. Feed it whatever bytes
/// have arrived; it appends decoded data, reports how much input it consumed and stops
/// exactly after the final blank line, so pipelined bytes stay untouched.
#[derive(Debug)]
pub(crate) struct ChunkedDecoder {
    state: ChunkState,
    line: Vec<u8>,
    max_body: usize,
    max_trailer: usize,
    trailer_bytes: usize,
}

impl ChunkedDecoder {
    /// A decoder refusing bodies above `max_body` bytes (413) and trailers above
    /// `max_trailer` bytes (431).
    pub(crate) fn new(max_body: usize, max_trailer: usize) -> Self {
        ChunkedDecoder {
            state: ChunkState::SizeLine,
            line: Vec::new(),
            max_body,
            max_trailer,
            trailer_bytes: 0,
        }
    }

    /// Whether the final chunk and trailers have been read.
    pub(crate) fn is_done(&self) -> bool {
        self.state == ChunkState::Done
    }

    /// Decodes from `input`, appending to `out`; returns the number of input bytes used.
    pub(crate) fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<usize, ProtocolError> {
        let mut used = 0;
        while used < input.len() && self.state != ChunkState::Done {
            let rest = input.get(used..).unwrap_or_default();
            if let ChunkState::Data(remaining) = self.state {
                let take = usize::try_from(remaining)
                    .unwrap_or(usize::MAX)
                    .min(rest.len());
                out.extend_from_slice(rest.get(..take).unwrap_or_default());
                used += take;
                let left = remaining - take as u64;
                self.state = if left == 0 {
                    ChunkState::DataEnd
                } else {
                    ChunkState::Data(left)
                };
                continue;
            }
            // Line-oriented states: collect up to and including '\n'.
            let (piece, complete) = match rest.iter().position(|&b| b == b'\n') {
                Some(i) => (rest.get(..=i).unwrap_or_default(), true),
                None => (rest, false),
            };
            used += piece.len();
            self.line.extend_from_slice(piece);
            if self.line.len() > MAX_CHUNK_LINE {
                return Err(self.line_too_long());
            }
            if complete {
                let line = std::mem::take(&mut self.line);
                self.end_line(&line, out.len())?;
            }
        }
        Ok(used)
    }

    fn line_too_long(&self) -> ProtocolError {
        match self.state {
            ChunkState::Trailer => trailers_too_large(self.max_trailer),
            _ => ProtocolError::new(
                400,
                format!("Malformed chunked body: a chunk-size line is longer than {MAX_CHUNK_LINE} bytes"),
            ),
        }
    }

    fn end_line(&mut self, line: &[u8], body_len: usize) -> Result<(), ProtocolError> {
        let text = trim_line_end(line);
        match self.state {
            ChunkState::SizeLine => {
                let size = parse_chunk_size(text)?;
                if size == 0 {
                    self.state = ChunkState::Trailer;
                    return Ok(());
                }
                let total = u64::try_from(body_len)
                    .unwrap_or(u64::MAX)
                    .saturating_add(size);
                if total > u64::try_from(self.max_body).unwrap_or(u64::MAX) {
                    return Err(ProtocolError::new(
                        413,
                        format!(
                            "Chunked request body exceeds the {}-byte limit; send a smaller body",
                            self.max_body
                        ),
                    ));
                }
                self.state = ChunkState::Data(size);
            }
            ChunkState::DataEnd => {
                if !text.is_empty() {
                    return Err(ProtocolError::new(
                        400,
                        "Malformed chunked body: chunk data is longer than its declared size (no CRLF after it); check the hexadecimal chunk sizes",
                    ));
                }
                self.state = ChunkState::SizeLine;
            }
            ChunkState::Trailer => {
                if text.is_empty() {
                    self.state = ChunkState::Done;
                } else {
                    self.trailer_bytes += line.len();
                    if self.trailer_bytes > self.max_trailer {
                        return Err(trailers_too_large(self.max_trailer));
                    }
                }
            }
            ChunkState::Data(_) | ChunkState::Done => {}
        }
        Ok(())
    }
}

fn trailers_too_large(max: usize) -> ProtocolError {
    ProtocolError::new(
        431,
        format!(
            "Chunked body trailers are larger than the {max}-byte limit; send fewer trailer fields"
        ),
    )
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn parse_chunk_size(line: &[u8]) -> Result<u64, ProtocolError> {
    let size_part = match line.iter().position(|&b| b == b';') {
        Some(i) => line.get(..i).unwrap_or_default(),
        None => line,
    };
    let digits = size_part
        .iter()
        .copied()
        .skip_while(|b| *b == b' ' || *b == b'\t')
        .take_while(|b| *b != b' ' && *b != b'\t')
        .collect::<Vec<u8>>();
    let trailing_ok = size_part
        .iter()
        .skip_while(|b| **b == b' ' || **b == b'\t')
        .skip(digits.len())
        .all(|b| *b == b' ' || *b == b'\t');
    let parsed = if !digits.is_empty()
        && digits.len() <= 16
        && trailing_ok
        && digits.iter().all(u8::is_ascii_hexdigit)
    {
        std::str::from_utf8(&digits)
            .ok()
            .and_then(|s| u64::from_str_radix(s, 16).ok())
    } else {
        None
    };
    parsed.ok_or_else(|| {
        ProtocolError::new(
            400,
            format!(
                "Malformed chunked body: chunk-size line {:?} is not a hexadecimal size; send `<hex size>\\r\\n<data>\\r\\n` chunks ending with `0\\r\\n\\r\\n`",
                String::from_utf8_lossy(line)
            ),
        )
    })
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
