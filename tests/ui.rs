//! Compile-time checks of `#[derive(Response)]` and `#[endpoint]`: every file under
//! `tests/ui/<area>/` except `pass/` must fail to compile with exactly the message in its
//! `.stderr`; every file under `tests/ui/pass/` must compile and run.
//!
//! The messages are those of the toolchain CI uses (the machine's stable rustc). After a
//! deliberate change, regenerate them with `TRYBUILD=overwrite cargo test --test ui` and
//! review the diff.
//!
//! The messages list the types that implement a trait, which depends on the crate's cargo
//! features (`fast-json` adds `FastJsonResponse`), so they are checked in the default build
//! (`cargo test --workspace`) only.
#![cfg(not(feature = "fast-json"))]

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    for area in [
        "attr",
        "body",
        "charset",
        "endpoint",
        "header",
        "media_type",
        "status",
    ] {
        t.compile_fail(format!("tests/ui/{area}/*.rs"));
    }
}
