//! axum integration (cargo feature `axum`).
//!
//! Every class of this crate and every `#[derive(Response)]` type implements
//! [`axum::response::IntoResponse`], so they are handlers' return types as they are:
//!
//! ```
//! use axum::{Router, routing::get};
//! use responses::{FileResponse, HtmlResponse, JsonResponse, RedirectResponse};
//!
//! async fn page() -> HtmlResponse {
//!     HtmlResponse::new("<h1>Hello</h1>")
//! }
//!
//! async fn numbers() -> JsonResponse<Vec<u32>> {
//!     JsonResponse::new(vec![1, 2, 3]).with_status_code(201)
//! }
//!
//! async fn old() -> RedirectResponse {
//!     RedirectResponse::new("/").with_status_code(301)
//! }
//!
//! async fn file() -> FileResponse {
//!     FileResponse::new("static/report.pdf")
//! }
//!
//! let app: Router = Router::new()
//!     .route("/", get(page))
//!     .route("/numbers", get(numbers))
//!     .route("/old", get(old))
//!     .route("/report.pdf", get(file))
//!     // One line: HEAD, ranges and conditional requests for files.
//!     .layer(responses::axum::PrepareLayer);
//! # let _ = app;
//! ```
//!
//! # Next to axum's `Response`
//!
//! axum's `Response` and this crate's derive share a name. Keep axum's in scope and name
//! the derive by its path, `#[derive(responses::Response)]`: no import to rename, and the
//! derive reads the same.
//!
//! ```
//! use axum::response::{IntoResponse, Response};
//! use serde::Serialize;
//!
//! #[derive(Serialize, responses::Response)]
//! #[response(status = 201)]
//! struct UserCreated { id: u64 }
//!
//! async fn create() -> UserCreated {
//!     UserCreated { id: 7 }
//! }
//!
//! async fn raw() -> Response {
//!     "plain axum".into_response()
//! }
//!
//! let app: axum::Router = axum::Router::new()
//!     .route("/users", axum::routing::post(create))
//!     .route("/raw", axum::routing::get(raw));
//! # let _ = app;
//! ```
//!
//! # Errors
//!
//! `IntoResponse` cannot fail: a response that cannot be built (an invalid header, `NaN` in
//! JSON, a missing file) becomes a `500 Internal Server Error` — or `404 Not Found` for a
//! missing file — and the error is reported as a `tracing` error event. To answer with your
//! own error type instead, convert with [`TryIntoResponse::try_into_response`] in a handler
//! that returns a `Result`:
//!
//! ```
//! use axum::response::{IntoResponse, Response};
//! use responses::JsonResponse;
//! use responses::axum::TryIntoResponse;
//!
//! struct AppError(responses::Error);
//!
//! impl From<responses::Error> for AppError {
//!     fn from(err: responses::Error) -> Self {
//!         AppError(err)
//!     }
//! }
//!
//! impl IntoResponse for AppError {
//!     fn into_response(self) -> Response {
//!         (http::StatusCode::BAD_GATEWAY, self.0.to_string()).into_response()
//!     }
//! }
//!
//! async fn measure() -> Result<Response, AppError> {
//!     Ok(JsonResponse::new(vec![1.5, f64::NAN]).try_into_response()?)
//! }
//! ```
//!
//! # Cookies, headers and background tasks beside the body
//!
//! FastAPI's `response: Response` parameter sets a cookie or a header on whatever the
//! handler returns. With axum, return them beside the body in a tuple: a [`Cookie`](crate::Cookie),
//! a [`CookieDeletion`](crate::CookieDeletion), [`BackgroundTasks`](crate::BackgroundTasks) (run once the response
//! is sent; they need [`PrepareLayer`]), axum's own headers and status:
//!
//! ```
//! use axum::{Router, routing::post};
//! use http::StatusCode;
//! use responses::{BackgroundTask, BackgroundTasks, Cookie, JsonResponse};
//!
//! async fn login() -> Result<impl axum::response::IntoResponse, responses::Error> {
//!     let session = Cookie::new("session", "abc").http_only(true);
//!     let tasks = BackgroundTasks::new().with_task(BackgroundTask::new(async { /* audit */ }));
//!     Ok((
//!         StatusCode::CREATED,
//!         [("x-request-id", "42")],
//!         session,
//!         tasks,
//!         JsonResponse::new("welcome"),
//!     ))
//! }
//!
//! let app: Router = Router::new()
//!     .route("/login", post(login))
//!     .layer(responses::axum::PrepareLayer);
//! # let _ = app;
//! ```
//!
//! [`Extras`](crate::Extras) does the same as one value, without the layer, and works with
//! every framework.
//!
//! # Files
//!
//! A `FileResponse` needs the request to answer HEAD, `Range` and the conditional headers.
//! [`PrepareLayer`] gives it: it keeps the request's method and conditional headers, and
//! prepares the handler's response with them ([`request::prepare`](crate::request::prepare)).
//! Without the layer, a file is sent whole with status 200 (which is correct HTTP: a server
//! may ignore `Range`), and the first time that happens a `tracing` warning says so. axum
//! applies a layer to the routes added before it: put `.layer(PrepareLayer)` after the last
//! route.

mod parts;
mod prepare;

use axum::response::{IntoResponse, Response as AxumResponse};

use crate::IntoHttp;
use crate::body::Body;
use crate::error::Error;
use crate::integration::error_response;
use crate::request::RequestAware;

use self::prepare::{HasTasks, defer};
pub use self::prepare::{Prepare, PrepareFuture, PrepareLayer};

/// Converts the result of [`IntoHttp::into_http`] into an axum response; an error becomes a
/// 500 (404 for a missing file) and a `tracing` error event. This is what every
/// `IntoResponse` implementation of this crate calls.
///
/// # Examples
///
/// ```
/// use responses::IntoHttp;
///
/// let ok = responses::axum::into_response(responses::PlainTextResponse::new("hi").into_http());
/// assert_eq!(ok.status(), 200);
/// let failed = responses::axum::into_response(responses::JsonResponse::new(f64::NAN).into_http());
/// assert_eq!(failed.status(), 500);
/// ```
pub fn into_response(result: Result<http::Response<Body>, Error>) -> AxumResponse {
    let mut response = result.unwrap_or_else(|err| error_response(&err));
    if response.body().background().is_some() {
        // For `PrepareLayer`: a HEAD answer's body with tasks must be read to run them.
        response.extensions_mut().insert(HasTasks);
    }
    if response.extensions().get::<RequestAware>().is_some() {
        // A file body is kept where `PrepareLayer` can take it back (to plan ranges)
        // before anything reads it.
        return defer(response);
    }
    response.map(axum::body::Body::new)
}

/// [`IntoHttp::into_http`] into an axum response, keeping the error for the caller.
///
/// # Examples
///
/// ```
/// use responses::axum::TryIntoResponse;
///
/// let err = responses::JsonResponse::new(f64::NAN).try_into_response().unwrap_err();
/// assert_eq!(err.kind(), responses::ErrorKind::NonFiniteFloat);
/// ```
pub trait TryIntoResponse: IntoHttp + Sized {
    /// Builds the response.
    ///
    /// # Errors
    ///
    /// The error of [`IntoHttp::into_http`].
    fn try_into_response(self) -> Result<AxumResponse, Error> {
        self.into_http().map(|r| into_response(Ok(r)))
    }
}

impl<T: IntoHttp> TryIntoResponse for T {}

impl IntoResponse for Error {
    /// The answer to a response that cannot be built: 404 for a missing file, 500 otherwise
    /// (naming the error in a debug build), and a `tracing` error event. So a handler can
    /// return `Result<T, responses::Error>` and use `?`.
    fn into_response(self) -> AxumResponse {
        into_response(Err(self))
    }
}

/// `IntoResponse` for the classes of this crate.
macro_rules! into_response {
    ($($ty:ident $(<$g:ident>)?),*) => {$(
        impl $(<$g: serde::Serialize>)? IntoResponse for crate::$ty $(<$g>)? {
            fn into_response(self) -> AxumResponse {
                into_response(self.into_http())
            }
        }
    )*};
}

for_each_class!(into_response);

impl<R: IntoHttp> IntoResponse for crate::Extras<R> {
    fn into_response(self) -> AxumResponse {
        into_response(self.into_http())
    }
}

impl<R: IntoHttp, const STATUS: u16> IntoResponse for crate::WithStatus<R, STATUS> {
    fn into_response(self) -> AxumResponse {
        into_response(self.into_http())
    }
}
