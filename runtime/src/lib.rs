//! Starlette's (and so FastAPI's) response classes for Rust HTTP servers, exact to the
//! byte.
//!
//! A FastAPI user moving to Rust gets the same status, headers and body bytes for the same
//! intent: the same `content-length`/`content-type` rules, charsets, cookie format,
//! redirect quoting and background tasks. Where Starlette is buggy, Python-specific or
//! unsafe, this crate follows the RFCs instead and says so in the item's documentation.
//!
//! ```
//! use responses::{Cookie, IntoHttp, JsonResponse, PlainTextResponse};
//! use serde::Serialize;
//!
//! #[derive(Serialize)]
//! struct User { id: u64, name: String }
//!
//! let response = JsonResponse::new(User { id: 7, name: "Zoë".into() })
//!     .with_status_code(201)
//!     .with_header("x-request-id", "42")
//!     .with_cookie(Cookie::new("session", "abc").http_only(true))
//!     .into_http()?;
//! assert_eq!(response.status(), 201);
//! assert_eq!(response.headers()["content-type"], "application/json");
//! assert_eq!(response.body().as_bytes(), Some("{\"id\":7,\"name\":\"Zoë\"}".as_bytes()));
//!
//! let latin1 = PlainTextResponse::new("café").with_charset("latin-1").into_http()?;
//! assert_eq!(latin1.headers()["content-type"], "text/plain; charset=latin-1");
//! assert_eq!(latin1.body().as_bytes(), Some(&b"caf\xe9"[..]));
//! # Ok::<(), responses::Error>(())
//! ```
//!
//! # The classes
//!
//! | Starlette | here | default media type | default status |
//! |---|---|---|---|
//! | `Response` | [`Response`](struct@Response) | none | 200 |
//! | `PlainTextResponse` | [`PlainTextResponse`] | `text/plain; charset=utf-8` | 200 |
//! | `HTMLResponse` | [`HtmlResponse`] | `text/html; charset=utf-8` | 200 |
//! | `JSONResponse` | [`JsonResponse`] | `application/json` | 200 |
//! | `RedirectResponse` | [`RedirectResponse`] | none | 307 |
//! | `StreamingResponse` | [`StreamingResponse`] | none | 200 |
//! | FastAPI's `EventSourceResponse` | [`EventSourceResponse`] ([`sse`]) | `text/event-stream; charset=utf-8` | 200 |
//! | FastAPI's JSON Lines (`application/jsonl`) | [`JsonLinesResponse`] | `application/jsonl` | 200 |
//! | `FileResponse` | [`FileResponse`] | guessed from the file name | 200 |
//!
//! Each is built with `new(content)` and `with_*` methods, and turned into an
//! [`http::Response<Body>`](http::Response) by [`IntoHttp::into_http`] (or `TryFrom`), or by
//! [`IntoHttp::into_http_for`] for a given request (HEAD, and a file's ranges and
//! conditional requests: see [`request`]). The attributes of Starlette's classes map to:
//!
//! | Starlette | Rust |
//! |---|---|
//! | `status_code=` / `.status_code` | `with_status_code(..)` / `status_code()` |
//! | `media_type=` / `.media_type` | `with_media_type(..)` / `media_type()` |
//! | `.charset` (a subclass attribute) | `with_charset(..)` / `charset()` |
//! | `headers=` / `.headers` | `with_header(..)`, `with_headers(..)` / `headers()`, `headers_mut()` |
//! | `background=` / `.background` | `with_background(..)` / `background()` |
//! | `.render(content)` | `render()`, [`Content::render`], [`json::to_bytes`] |
//! | `.body` | `render()`, or the body of the converted response |
//! | `.init_headers(headers)` | [`headers::init_headers`] |
//! | `.set_cookie(..)` / `.delete_cookie(..)` | `set_cookie(Cookie)` / `delete_cookie(name or Cookie)` |
//!
//! # Declared responses: the derive and `#[endpoint]`
//!
//! A type of your own becomes a response with [`#[derive(Response)]`](derive@Response):
//! status, media type, charset and static headers as attributes, and fields as the body,
//! headers, cookies, a status or background tasks, all checked at compile time. A handler
//! that returns plain content gets its class with [`#[endpoint]`](endpoint), FastAPI's
//! `response_class=`/`status_code=`.
//!
//! ```
//! use responses::{IntoHttp, Response};
//! use serde::Serialize;
//!
//! #[derive(Serialize, Response)]
//! #[response(status = 201, media_type = "application/json")]
//! struct UserCreated { id: u64, name: String }
//!
//! let response = UserCreated { id: 1, name: "Zoë".into() }.into_http()?;
//! assert_eq!(response.status(), 201);
//! # Ok::<(), responses::Error>(())
//! ```
//!
//! Status fields and `with_status_code` take an [`http::StatusCode`], which is
//! `responses::http::StatusCode` for a crate that does not depend on `http` itself, or a
//! `u16`.
//!
//! # Features and frameworks
//!
//! | feature | default | gives |
//! |---|---|---|
//! | `derive` | yes | [`Response`](derive@Response) and [`endpoint`] |
//! | `axum` | no | `axum::response::IntoResponse` for every response, and [`axum::PrepareLayer`] for files |
//! | `actix` | no | `actix_web::Responder` for every response |
//! | `hyper` | no | [`hyper::service`], a hyper `Service` from a handler |
//! | `fast-json` | no | `FastJsonResponse`: JSON through sonic-rs, the same bytes |
//! | `utoipa` | no | `utoipa::IntoResponses` (utoipa 5) for every response: see [`openapi`] |
//! | `aide` | no | `aide::OperationOutput` (aide 0.15) for every response: see [`openapi`] |
//! | `openapi` | no | [`openapi`] alone: what each response documents |
//!
//! Every class and every derived type is a handler's return type in the frameworks whose
//! feature is on; the derive emits those impls itself, so your crate declares no feature of
//! its own. A response that cannot be built becomes a 500 (a missing file a 404) and a
//! `tracing` error event.
//!
//! # Errors
//!
//! Bad input never panics and never produces a silently wrong response. Builder methods
//! keep the first error (an invalid header, status, media type or charset) and
//! [`IntoHttp::into_http`] returns it, as `http::response::Builder` does; rendering errors
//! (an unencodable character, `NaN` in JSON) are returned there too. Every error is an
//! [`Error`] with a matchable [`ErrorKind`] and a message naming the bad value.
//!
//! # Where this crate differs from Starlette
//!
//! See `docs/behaviour.md` ("Deliberate differences") in the repository; in short: `text/*` is detected
//! case-insensitively; `latin-1` is real ISO-8859-1; 1xx/204/304 responses carry neither
//! body bytes nor `content-length`; a caller's `content-length` must match an in-memory
//! body (a mismatch would make the server cut the body or hang the client); media types
//! are validated; cookies must be RFC 6265 values (see [`Cookie::encoded`]) and
//! `delete_cookie` writes a fixed date in 1970; JSON refuses `NaN`.
//!
//! Headers live in an [`http::HeaderMap`], as in every `http`-based server: the values of
//! one name stay in the order given and are sent together, after the first header of that
//! name. So `x-a, x-b, x-a` is sent as `x-a, x-a, x-b`, where Starlette keeps the
//! interleaving. RFC 9110 §5.3 makes the order of fields with different names
//! insignificant; the order that matters, among values of one name, is kept.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod background;
pub mod body;
pub mod charset;
mod content;
pub mod cookie;
mod date;
pub mod error;
mod extras;
pub mod file;
mod head;
pub mod json;
mod jsonl;
pub mod media_type;
#[cfg(feature = "openapi")]
#[cfg_attr(docsrs, doc(cfg(feature = "openapi")))]
pub mod openapi;
pub mod redirect;
pub mod request;
mod response;
pub mod sse;
pub mod stream;
mod with_status;

/// Header names, values and the computation of the headers every response gets.
pub mod headers {
    pub use crate::header::{
        IntoHeaderName, IntoHeaderValue, IntoStatusCode, init_headers, status_allows_body,
    };
    pub use responses_rules::FRAMING_HEADERS;
}

mod header;
#[cfg(any(feature = "axum", feature = "actix", feature = "hyper"))]
mod integration;

/// Calls `$m!` with every response class of this crate (`Name` or `Name<T>` for the
/// classes generic over their content), so that a framework's impls cover them all from
/// one list.
#[cfg(any(feature = "axum", feature = "actix"))]
macro_rules! for_each_class {
    ($m:ident) => {
        $m!(
            Response,
            PlainTextResponse,
            HtmlResponse,
            JsonResponse<T>,
            RedirectResponse,
            StreamingResponse,
            FileResponse,
            EventSourceResponse,
            JsonLinesResponse
        );
        #[cfg(feature = "fast-json")]
        $m!(FastJsonResponse<T>);
    };
}

#[cfg(feature = "actix")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
pub mod actix;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
#[cfg(feature = "hyper")]
#[cfg_attr(docsrs, doc(cfg(feature = "hyper")))]
pub mod hyper;

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;

extern crate self as responses;

pub use background::{BackgroundTask, BackgroundTasks};
pub use body::Body;
pub use charset::{Charset, IntoCharset};
pub use content::{Content, IntoContent};
pub use cookie::{Cookie, CookieDeletion, Expires, SameSite};
pub use error::{BoxError, Error, ErrorKind};
pub use extras::Extras;
pub use file::FileResponse;
pub use file::range;
pub use header::{IntoHeaderName, IntoHeaderValue, IntoStatusCode};
pub use jsonl::JsonLinesResponse;
pub use media_type::{IntoMediaType, MediaType};
pub use redirect::RedirectResponse;
#[cfg(feature = "fast-json")]
#[cfg_attr(docsrs, doc(cfg(feature = "fast-json")))]
pub use response::FastJsonResponse;
pub use response::{
    EndpointClass, EndpointResponse, FromContent, HtmlResponse, IntoHttp, JsonResponse,
    PlainTextResponse, Response, ResponseClass,
};
pub use sse::{EventSourceResponse, ServerSentEvent};
pub use stream::StreamingResponse;
pub use with_status::WithStatus;

/// FastAPI's default response class, `JSONResponse`, under the name `#[endpoint]` looks for
/// when it is given no `response_class`: import it where the endpoints are to make JSON
/// their default (FastAPI's `FastAPI(default_response_class=...)`, per module), or give
/// the name to a class of your choice instead (`use responses::HtmlResponse as
/// DefaultResponseClass;`).
///
/// # Examples
///
/// ```
/// use responses::{DefaultResponseClass, IntoHttp, endpoint};
///
/// #[endpoint(status_code = 201)]
/// fn created() -> Vec<u32> {
///     vec![7]
/// }
///
/// let response: responses::WithStatus<DefaultResponseClass<Vec<u32>>, 201> = created();
/// assert_eq!(response.into_http()?.headers()["content-type"], "application/json");
/// # Ok::<(), responses::Error>(())
/// ```
pub type DefaultResponseClass<T = serde_json::Value> = JsonResponse<T>;

#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
#[doc = include_str!("derive_docs.md")]
pub use responses_macros::Response;

#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
#[doc = include_str!("endpoint_docs.md")]
pub use responses_macros::endpoint;

/// Writes a plain `Serialize` struct's JSON directly ([`json::JsonWrite`]), so that a
/// `#[derive(Response)]` type holding it writes it without serde's data model, with the same
/// bytes. It follows the serde attributes that name or omit fields (`rename`, `rename_all`,
/// `skip`, `skip_serializing`, `skip_serializing_if`), and writes a field with
/// `serialize_with` or `with` by its function; a struct with any other (`flatten`, `tag`…),
/// a generic struct, a tuple struct or an enum is written by serde_json instead, with the
/// same bytes. In a debug build the bytes written from the fields are compared with the
/// type's own `Serialize`, so a hand-written one is an error naming the type, never
/// silently bypassed.
///
/// # Examples
///
/// ```
/// use responses::json::JsonWrite;
/// use serde::Serialize;
///
/// #[derive(Serialize, responses::Json)]
/// #[serde(rename_all = "camelCase")]
/// struct Author { first_name: String, born: Option<u16> }
///
/// let author = Author { first_name: "Zoë".into(), born: None };
/// let mut out = Vec::new();
/// author.write_json(&mut out)?;
/// assert_eq!(out, serde_json::to_vec(&author).unwrap());
/// assert_eq!(out, "{\"firstName\":\"Zoë\",\"born\":null}".as_bytes());
/// # Ok::<(), responses::Error>(())
/// ```
#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use responses_macros::Json;

pub use http;

impl From<&'static str> for Cookie {
    /// A cookie named by the text, for `delete_cookie("name")`.
    fn from(key: &'static str) -> Self {
        Cookie::named(key)
    }
}

impl From<String> for Cookie {
    /// A cookie named by the text, for `delete_cookie(name)`.
    fn from(key: String) -> Self {
        Cookie::named(key)
    }
}

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
