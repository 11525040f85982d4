//! The API's own request and response types: no HTTP crate is known here. The server
//! adapter (`crate::server`) or any embedding web server converts to and from these.

mod body;

pub use body::Body;

/// An HTTP request as the API sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    /// Upper-case method (`GET`, `POST`, …).
    pub method: String,
    /// The path without the query string, percent-encoded as received (`/api/v1/workspaces`).
    pub path: String,
    /// The raw query string without `?` (`format=css`), empty when absent.
    pub query: String,
    /// Header names lower-cased; values as received; order kept.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The peer address, when known (used to key rate limits of unauthenticated requests).
    pub remote_addr: Option<String>,
}

impl Request {
    /// A request with a method and a target (`/path?query`).
    pub fn new(method: &str, target: &str) -> Self {
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_owned(), q.to_owned()),
            None => (target.to_owned(), String::new()),
        };
        Request {
            method: method.to_ascii_uppercase(),
            path,
            query,
            ..Default::default()
        }
    }

    /// Adds a header (name lower-cased).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of a header (name compared case-insensitively).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An HTTP response produced by the API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Response {
    pub status: u16,
    /// Header names as they should be sent (`Content-Type`, `X-RateLimit-Limit`, …).
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Response {
    /// A response with a status and no headers or body.
    pub fn new(status: u16) -> Self {
        Response {
            status,
            ..Default::default()
        }
    }

    /// The first value of a header (case-insensitive).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets (replaces) a header.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.into()));
    }
}
