//! How a response sees the request it answers: the method and the headers.
//!
//! Most classes do not care (Starlette's `Response` ignores the method; servers drop HEAD
//! bodies). A [`FileResponse`](crate::FileResponse) does: it answers HEAD, `Range`,
//! `If-Range` and the conditional headers. A response is first converted on its own
//! ([`IntoHttp::into_http`](crate::IntoHttp::into_http), which a framework's sync
//! conversion can call), then [`prepare`]d for the request:
//!
//! * in a bare hyper service, convert with
//!   [`into_http_for(&request)`](crate::IntoHttp::into_http_for), which does both;
//! * in a framework, a middleware that has the request calls [`prepare`] on the response
//!   (the `axum` integration's layer does exactly this).
//!
//! A response that is not prepared is still correct HTTP: the whole file with status 200
//! (a server may ignore `Range`).
//!
//! # Examples
//!
//! ```
//! use responses::{FileResponse, IntoHttp};
//!
//! # let path = std::env::temp_dir().join(format!("responses-req-{}.txt", std::process::id()));
//! # std::fs::write(&path, "0123456789ABCDEFGHIJ").unwrap();
//! let request = http::Request::get("/file").header("range", "bytes=0-4").body(()).unwrap();
//! let response = FileResponse::new(&path).into_http_for(&request)?;
//! assert_eq!(response.status(), 206);
//! assert_eq!(response.headers()["content-range"], "bytes 0-4/20");
//! # Ok::<(), responses::Error>(())
//! ```

use http::header::{
    IF_MATCH, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, IF_UNMODIFIED_SINCE, RANGE,
};
use http::{HeaderMap, HeaderName, Method};

use crate::body::Body;

/// Every request header a response may read in [`prepare`] (a file's ranges and
/// conditional requests): what an integration keeps of a request for after its handler.
#[cfg_attr(
    not(any(feature = "axum", feature = "actix", feature = "hyper")),
    allow(dead_code)
)]
pub(crate) const REQUEST_HEADERS: [HeaderName; 6] = [
    RANGE,
    IF_RANGE,
    IF_MATCH,
    IF_NONE_MATCH,
    IF_MODIFIED_SINCE,
    IF_UNMODIFIED_SINCE,
];

/// Marks a response whose answer depends on the request beyond HEAD (a file response):
/// [`prepare`] hands it to this function. It travels in the response's extensions, so
/// that a framework's layer can tell such a response from others before its body is
/// touched.
#[derive(Clone, Copy)]
pub(crate) struct RequestAware(
    pub(crate) fn(RequestHead<'_>, http::Response<Body>) -> http::Response<Body>,
);

/// The parts of a request a response may need: its method and headers.
///
/// # Examples
///
/// ```
/// use responses::request::RequestHead;
///
/// let request = http::Request::head("/").body(()).unwrap();
/// let head = RequestHead::from(&request);
/// assert_eq!(head.method(), http::Method::HEAD);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RequestHead<'a> {
    method: &'a Method,
    headers: &'a HeaderMap,
}

impl<'a> RequestHead<'a> {
    /// A request head from its parts.
    ///
    /// # Examples
    ///
    /// ```
    /// let headers = http::HeaderMap::new();
    /// let head = responses::request::RequestHead::new(&http::Method::GET, &headers);
    /// assert!(head.headers().is_empty());
    /// ```
    pub fn new(method: &'a Method, headers: &'a HeaderMap) -> Self {
        RequestHead { method, headers }
    }

    /// The method.
    ///
    /// # Examples
    ///
    /// ```
    /// let headers = http::HeaderMap::new();
    /// let head = responses::request::RequestHead::new(&http::Method::POST, &headers);
    /// assert_eq!(head.method(), "POST");
    /// ```
    pub fn method(&self) -> &'a Method {
        self.method
    }

    /// The headers.
    ///
    /// # Examples
    ///
    /// ```
    /// let request = http::Request::get("/").header("range", "bytes=0-1").body(()).unwrap();
    /// let head = responses::request::RequestHead::from(&request);
    /// assert_eq!(head.headers()["range"], "bytes=0-1");
    /// ```
    pub fn headers(&self) -> &'a HeaderMap {
        self.headers
    }
}

impl<'a, B> From<&'a http::Request<B>> for RequestHead<'a> {
    fn from(request: &'a http::Request<B>) -> Self {
        RequestHead::new(request.method(), request.headers())
    }
}

impl<'a> From<&'a http::request::Parts> for RequestHead<'a> {
    fn from(parts: &'a http::request::Parts) -> Self {
        RequestHead::new(&parts.method, &parts.headers)
    }
}

/// Finishes `response` for `request`: for a [`FileResponse`](crate::FileResponse), the
/// conditional headers (RFC 9110 §13.2.2: `If-Match`/`If-Unmodified-Since` failing → 412,
/// `If-None-Match`/`If-Modified-Since` → 304 for GET and HEAD), then `Range` (206, or 400
/// / 416 for a bad one), with `If-Range`; and for every response, no body for HEAD (its
/// background tasks still run).
///
/// A response that is not a file response of status 200 is returned as it is, apart from
/// HEAD (as Starlette answers ranges under 200 only); so is a file under another status,
/// unless that status is an endpoint's in place of 200 for a derived type that delegates
/// to the file (see [`WithStatus`](crate::WithStatus)). Never fails: a bad request header gets its HTTP answer.
///
/// # Examples
///
/// ```
/// use responses::{FileResponse, IntoHttp, request::prepare};
///
/// # let path = std::env::temp_dir().join(format!("responses-prep-{}.txt", std::process::id()));
/// # std::fs::write(&path, "0123456789ABCDEFGHIJ").unwrap();
/// let full = FileResponse::new(&path).into_http()?;
/// let etag = full.headers()["etag"].clone();
/// let request = http::Request::get("/").header("if-none-match", etag).body(()).unwrap();
/// let response = prepare(&request, full);
/// assert_eq!(response.status(), 304);
/// # Ok::<(), responses::Error>(())
/// ```
pub fn prepare<'a>(
    request: impl Into<RequestHead<'a>>,
    mut response: http::Response<Body>,
) -> http::Response<Body> {
    let request = request.into();
    if let Some(RequestAware(answer)) = response.extensions_mut().remove::<RequestAware>() {
        response = answer(request, response);
    }
    if request.method == Method::HEAD {
        response.body_mut().clear_content();
    }
    response
}
