//! The Tokencraft REST API as a pure function: `Api::handle(&Request) -> Response`.

pub mod http;

pub use http::{Request, Response};
