//! Text → [`crate::model::TokenSet`]: DTCG documents (with `$extends`, references and
//! source locations), Tokencraft rows and export JSON, reference syntax, JSON with source
//! spans, tree merging and DTCG resolver documents.

pub mod dtcg;
pub mod dump;
pub mod json;
pub mod reference;
pub mod tokencraft;
