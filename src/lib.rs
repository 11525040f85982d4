//! # Tokencraft
//!
//! A design-token compiler for W3C DTCG 2025.10 documents and Tokencraft token rows, and
//! an implementation of the Tokencraft REST API.
//!
//! The data path, one module per stage:
//!
//! ```text
//!  DTCG files ─┐
//!  resolver  ──┼─► parse ─► model::TokenSet ─► graph::build ─► resolve ─► emit::Registry ─► files / HTTP body
//!  API rows  ──┘
//!  store ◄── api::Api::handle ◄── server (HTTP/1.1 adapter) ◄── client
//! ```
//!
//! - [`model`]: plain data (token types, unresolved expressions, token sets, typed values).
//! - [`parse`]: text → [`model::TokenSet`] (DTCG documents, resolver documents, Tokencraft rows).
//! - [`graph`]: the alias dependency graph over (mode, token) nodes.
//! - [`resolve`]: typed values for every token in every mode.
//! - [`color`]: colour-space conversion and gamut mapping (CSS Color 4).
//! - [`emit`]: output formats through a registry of emitters.
//! - [`api`], [`store`]: the REST API over a store; `server` serves it over HTTP/1.1.
//! - [`error`]: diagnostics collected across a run.

pub mod api;
#[cfg(feature = "cli")]
pub mod cli;
pub mod color;
pub mod emit;
pub mod error;
pub mod graph;
pub mod model;
pub mod parse;
pub mod resolve;
#[cfg(feature = "server")]
pub mod server;
pub mod store;

pub use error::{Diagnostic, Diagnostics, Error, Severity};
