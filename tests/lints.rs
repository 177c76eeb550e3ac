//! Derived code compiles cleanly under strict lints: `cargo clippy --all-targets` checks
//! this file with every rustc warning and clippy's pedantic group denied.
#![deny(warnings, clippy::all, clippy::pedantic)]

use responses::{BackgroundTask, Cookie, HtmlResponse, IntoHttp, JsonResponse, Response, endpoint};
use serde::Serialize;

#[derive(Serialize, Response)]
#[response(status = 201)]
struct Plain {
    id: u64,
}

#[derive(Response)]
#[response(header("x-a" = "1"), media_type = "application/vnd.api+json")]
struct WithRoles<'a, T: Serialize> {
    data: &'a [T],
    #[response(header = "x-b")]
    b: Option<u32>,
    #[response(cookie)]
    c: Vec<Cookie>,
    #[response(background)]
    d: Option<BackgroundTask>,
    #[response(status)]
    e: Option<u16>,
    #[response(skip)]
    _f: (),
}

#[derive(Response)]
#[response(media_type = "text/plain", charset = "latin-1")]
enum Outcome {
    #[response(status = 404)]
    Missing,
    #[response(status = 409)]
    Conflict(String),
    Page(Box<HtmlResponse>),
    #[response(status = 400, render = display)]
    Bad(#[response(body)] u32),
}

#[endpoint(response_class = JsonResponse, status_code = 201)]
fn create() -> Vec<u8> {
    vec![1]
}

#[test]
fn derived_types_respond() {
    assert!(Plain { id: 1 }.into_http().is_ok());
    let r = WithRoles {
        data: &[1u8],
        b: None,
        c: vec![],
        d: None,
        e: None,
        _f: (),
    };
    assert!(r.into_http().is_ok());
    for o in [
        Outcome::Missing,
        Outcome::Conflict("x".into()),
        Outcome::Page(Box::new(HtmlResponse::new(""))),
        Outcome::Bad(3),
    ] {
        assert!(o.into_http().is_ok());
    }
    assert_eq!(
        create().into_http().map(|r| r.status().as_u16()).ok(),
        Some(201)
    );
}
