//! Procedural macros of the [`responses`](https://docs.rs/responses) crate.
//!
//! Use them through `responses`, which re-exports them; this crate has no API of its own.
