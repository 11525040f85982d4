//! Resolution (in progress).
pub mod testkit;
