//! Colour science for the 14 DTCG colour spaces, following CSS Color Module Level 4.
//!
//! - [`parse_css`]: CSS colour strings (`#hex`, `rgb()`, `hsl()`, `oklch()`, `color()`, …)
//!   into a [`Color`](crate::model::Color).

mod named;
mod parse;

pub use parse::parse_css;
