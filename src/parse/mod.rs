//! Text → model: JSON with source spans, tree merging, DTCG resolver documents.

pub mod json;
pub mod merge;
pub mod resolver;
