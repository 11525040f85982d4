//! Writing responses: status line, the headers the server owns (`Date`, `Content-Length`,
//! `Connection`), validation of handler headers, JSON error bodies and the HTTP date.

use std::cell::RefCell;
use std::io::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::api::Response;

/// Headers the server computes itself; a handler's values for them are replaced.
const SERVER_OWNED: [&str; 6] = [
    "content-length",
    "connection",
    "date",
    "transfer-encoding",
    "keep-alive",
    "upgrade",
];

/// A protocol-level error answered by the server itself (never reaches the handler).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError {
    /// The HTTP status (`400`, `408`, `413`, `431`, `501`, …).
    pub status: u16,
    /// The human-readable message sent as `{"error": message}`.
    pub message: String,
}

impl ProtocolError {
    /// A protocol error with a status and a message.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        ProtocolError {
            status,
            message: message.into(),
        }
    }

    /// The response the client receives: `{"error": "<message>"}` as JSON.
    pub fn to_response(&self) -> Response {
        json_error(self.status, &self.message)
    }
}

/// A JSON error response in the API's shape `{"error": "<message>"}`.
pub fn json_error(status: u16, message: &str) -> Response {
    let body = serde_json::json!({ "error": message }).to_string();
    let mut response = Response::new(status);
    response.set_header("Content-Type", "application/json");
    response.body = body.into();
    response
}

/// The response for a handler that panicked or returned something unsendable.
pub fn internal_error() -> Response {
    json_error(500, "Internal server error")
}

/// The serialised head of a response and whether its body is sent.
pub(crate) struct Encoded {
    /// Status line and headers, ending with the blank line.
    pub head: Vec<u8>,
    /// Whether the body bytes follow the head on the wire.
    pub send_body: bool,
}

/// Why a handler's response cannot be sent as is.
pub(crate) fn invalid_response(response: &Response) -> Option<String> {
    if !(200..=599).contains(&response.status) {
        return Some(format!("status {} is outside 200..=599", response.status));
    }
    for (name, value) in &response.headers {
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Some(format!("header name {name:?} is not an HTTP token"));
        }
        if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            return Some(format!(
                "header {name:?} has a value containing CR, LF or NUL"
            ));
        }
    }
    None
}

/// Serialises the head of `response`: the handler's headers (minus the server-owned
/// ones), then `Date`, `Content-Length` (absent for 204 and 304) and `Connection`.
/// `head_request` keeps `Content-Length` but drops the body; 204 and 304 never carry one.
pub(crate) fn encode(response: &Response, head_request: bool, keep_alive: bool) -> Encoded {
    let status = response.status;
    let mut head = Vec::with_capacity(256 + response.headers.len() * 48);
    // Writing into a Vec cannot fail.
    let _ = write!(head, "HTTP/1.1 {status} ");
    head.extend_from_slice(reason_phrase(status).as_bytes());
    head.extend_from_slice(b"\r\n");
    for (name, value) in &response.headers {
        if SERVER_OWNED.iter().any(|o| name.eq_ignore_ascii_case(o)) {
            continue;
        }
        push_header(&mut head, name, value);
    }
    head.extend_from_slice(b"Date: ");
    push_current_date(&mut head);
    head.extend_from_slice(b"\r\n");
    let bodyless_status = status == 204 || status == 304;
    if !bodyless_status {
        let _ = write!(head, "Content-Length: {}\r\n", response.body.len());
    }
    let connection = if keep_alive { "keep-alive" } else { "close" };
    push_header(&mut head, "Connection", connection);
    head.extend_from_slice(b"\r\n");
    Encoded {
        head,
        send_body: !head_request && !bodyless_status,
    }
}

fn push_header(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// `tchar` from RFC 9110 §5.6.2.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The reason phrase of a status code (empty for codes without a registered one).
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        417 => "Expectation Failed",
        422 => "Unprocessable Content",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Appends the current time as an HTTP date. The text is formatted at most once per
/// second per thread (a worker serving 10,000 requests/s formats it once, not 10,000 times).
fn push_current_date(out: &mut Vec<u8>) {
    thread_local! {
        static CACHE: RefCell<(u64, String)> = const { RefCell::new((u64::MAX, String::new())) };
    }
    let secs = unix_secs(SystemTime::now());
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != secs {
            *cache = (
                secs,
                http_date(UNIX_EPOCH + std::time::Duration::from_secs(secs)),
            );
        }
        out.extend_from_slice(cache.1.as_bytes());
    });
}

fn unix_secs(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Formats a time as an HTTP date (IMF-fixdate, RFC 9110 §5.6.7):
/// `Sun, 06 Nov 1994 08:49:37 GMT`. Times before 1970 print as the epoch.
pub fn http_date(time: SystemTime) -> String {
    let secs = unix_secs(time);
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = WEEKDAYS.get((days % 7) as usize).copied().unwrap_or("Thu");
    let month_name = MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    format!(
        "{weekday}, {day:02} {month_name} {year:04} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 → (year, month 1..=12, day 1..=31) in the proleptic Gregorian
/// calendar (the "civil from days" algorithm over 400-year eras).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn http_dates_match_reference_values() {
        let cases = [
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
            (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 GMT"),
            (4_102_444_800, "Fri, 01 Jan 2100 00:00:00 GMT"),
        ];
        for (secs, expected) in cases {
            let t = UNIX_EPOCH + Duration::from_secs(secs);
            assert_eq!(http_date(t), expected, "{secs}");
        }
    }

    #[test]
    fn the_cached_date_header_is_the_current_http_date() {
        let before = http_date(SystemTime::now());
        let mut out = Vec::new();
        push_current_date(&mut out);
        push_current_date(&mut out);
        let after = http_date(SystemTime::now());
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.len(), 2 * before.len());
        let (first, second) = text.split_at(before.len());
        assert_eq!(first, second);
        assert!(
            first == before || first == after,
            "{first} not in [{before}, {after}]"
        );
    }

    #[test]
    fn encode_sets_server_headers_and_drops_handler_copies() {
        let mut r = Response::new(200);
        r.set_header("Content-Type", "text/plain");
        r.set_header("Content-Length", "999");
        r.set_header("Connection", "upgrade");
        r.body = b"hello".to_vec().into();
        let e = encode(&r, false, true);
        let text = String::from_utf8(e.head).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: "));
        assert!(text.ends_with("\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n"));
        assert!(!text.contains("999"));
        assert!(e.send_body);
    }

    #[test]
    fn head_and_bodyless_statuses_send_no_body() {
        let mut r = Response::new(200);
        r.body = b"abc".to_vec().into();
        let e = encode(&r, true, false);
        let text = String::from_utf8(e.head).unwrap();
        assert!(text.contains("Content-Length: 3\r\nConnection: close\r\n"));
        assert!(!e.send_body);

        let e = encode(&Response::new(204), false, true);
        let text = String::from_utf8(e.head).unwrap();
        assert!(text.starts_with("HTTP/1.1 204 No Content\r\n"));
        assert!(!text.contains("Content-Length"));
        assert!(!e.send_body);
    }

    #[test]
    fn invalid_handler_responses_are_named() {
        let cases: [(Response, Option<&str>); 4] = [
            (Response::new(200), None),
            (Response::new(101), Some("status 101 is outside 200..=599")),
            (
                {
                    let mut r = Response::new(200);
                    r.set_header("X-Bad", "a\r\nSet-Cookie: x");
                    r
                },
                Some("header \"X-Bad\" has a value containing CR, LF or NUL"),
            ),
            (
                {
                    let mut r = Response::new(200);
                    r.set_header("Bad Name", "x");
                    r
                },
                Some("header name \"Bad Name\" is not an HTTP token"),
            ),
        ];
        for (response, expected) in cases {
            assert_eq!(invalid_response(&response).as_deref(), expected);
        }
    }

    #[test]
    fn json_errors_use_the_api_shape() {
        let r = json_error(413, "too \"big\"");
        assert_eq!(r.body, br#"{"error":"too \"big\""}"#);
        assert_eq!(r.header_value("content-type"), Some("application/json"));
        assert_eq!(
            internal_error().body,
            br#"{"error":"Internal server error"}"#
        );
    }
}
