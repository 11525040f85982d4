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
//!
//! ```
//! use tokencraft::emit::{emit, EmitContext, EmitOptions, ModeSelection, Registry};
//! use tokencraft::parse::dtcg::{parse_str, ParseOptions};
//! use tokencraft::resolve::{resolve_set, ResolveOptions};
//!
//! let text = r#"{ "color": { "$type": "color",
//!     "brand": { "$value": { "colorSpace": "srgb", "components": [0.2, 0.4, 0.6] } },
//!     "link": { "$value": "{color.brand}" } } }"#;
//! let (set, diags) = parse_str("tokens.json", text, "default", &ParseOptions::default());
//! assert!(!diags.has_errors());
//! let (_graph, resolved, diags) = resolve_set(&set, &ResolveOptions::default());
//! assert!(!diags.has_errors());
//! let options = EmitOptions::default();
//! let cx = EmitContext { set: &set, resolved: &resolved, modes: ModeSelection::One(0), options: &options };
//! let files = emit(&Registry::builtin(), "css", &cx).unwrap();
//! assert!(files[0].contents.contains("--color-link: #336699;"));
//! ```

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
