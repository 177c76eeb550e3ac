//! actix-web integration (cargo feature `actix`).
//!
//! Every class of this crate and every `#[derive(Response)]` type implements
//! [`actix_web::Responder`]. actix gives a responder its request, so a `FileResponse`
//! answers HEAD, `Range`, `If-Range` and the conditional headers with no setup:
//!
//! ```
//! use actix_web::{App, web};
//! use responses::{FileResponse, HtmlResponse, JsonResponse};
//!
//! async fn page() -> HtmlResponse {
//!     HtmlResponse::new("<h1>Hello</h1>")
//! }
//!
//! async fn numbers() -> JsonResponse<Vec<u32>> {
//!     JsonResponse::new(vec![1, 2, 3])
//! }
//!
//! async fn file() -> FileResponse {
//!     FileResponse::new("static/report.pdf")
//! }
//!
//! let app = App::new()
//!     .route("/", web::get().to(page))
//!     .route("/numbers", web::get().to(numbers))
//!     .route("/report.pdf", web::get().to(file));
//! # let _ = app;
//! ```
//!
//! # Cookies, headers and background tasks beside the body
//!
//! FastAPI's `response: Response` parameter sets a cookie, a header, background tasks or
//! the status on whatever the handler returns. With actix-web, wrap the response in
//! [`Extras`](crate::Extras) (a derived type too); for headers and the status alone,
//! actix's own `customize()` works on every response of this crate:
//!
//! ```
//! use actix_web::Responder as _;
//! use responses::{BackgroundTask, Cookie, Extras, JsonResponse};
//!
//! async fn login() -> Result<Extras<JsonResponse<&'static str>>, responses::Error> {
//!     let mut response = Extras::new(JsonResponse::new("welcome"))
//!         .with_background(BackgroundTask::new(async { /* audit */ }));
//!     response.set_cookie(Cookie::new("session", "abc").http_only(true))?;
//!     Ok(response)
//! }
//!
//! async fn created() -> impl actix_web::Responder {
//!     JsonResponse::new([1])
//!         .customize()
//!         .insert_header(("x-request-id", "42"))
//!         .with_status(actix_web::http::StatusCode::CREATED)
//! }
//!
//! let app = actix_web::App::new()
//!     .route("/login", actix_web::web::post().to(login))
//!     .route("/created", actix_web::web::post().to(created));
//! # let _ = app;
//! ```
//!
//! # Errors
//!
//! A response that cannot be built becomes a `500 Internal Server Error` (`404 Not Found`
//! for a missing file) and a `tracing` error event; call
//! [`IntoHttp::into_http`] yourself to handle the error.
//!
//! actix-web uses `http` 0.2, this crate `http` 1: status, headers and body are carried
//! across as bytes.

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::{HttpRequest, HttpResponse, Responder};
use bytes::Bytes;

use crate::IntoHttp;
use crate::body::Body;
use crate::error::Error;
use crate::integration::{OwnedHead, error_response};

/// The method and conditional headers of an actix request, in `http` 1 types.
fn head_of(request: &HttpRequest) -> OwnedHead {
    let method =
        http::Method::from_bytes(request.method().as_str().as_bytes()).unwrap_or(http::Method::GET);
    let mut headers = http::HeaderMap::new();
    for (name, value) in request.headers() {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_str().as_bytes()),
            http::HeaderValue::from_bytes(value.as_bytes()),
        ) {
            headers.append(name, value);
        }
    }
    OwnedHead::capture(&method, &headers)
}

/// Converts a response for an actix request; what every `Responder` of this crate calls.
///
/// # Examples
///
/// ```
/// use actix_web::test::TestRequest;
///
/// let request = TestRequest::default().to_http_request();
/// let r = responses::actix::respond(responses::PlainTextResponse::new("hi"), &request);
/// assert_eq!(r.status(), 200);
/// ```
pub fn respond(response: impl IntoHttp, request: &HttpRequest) -> HttpResponse<BoxBody> {
    let head = head_of(request);
    let response = response
        .into_http_for(head.head())
        .unwrap_or_else(|err| error_response(&err));
    to_actix(response)
}

/// An `http::Response` of this crate as actix's.
fn to_actix(response: http::Response<Body>) -> HttpResponse<BoxBody> {
    let (parts, body) = response.into_parts();
    let status = actix_web::http::StatusCode::from_u16(parts.status.as_u16())
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    let mut builder = HttpResponse::build(status);
    for (name, value) in &parts.headers {
        builder.append_header((name.as_str(), value.as_bytes()));
    }
    builder.body(ActixBody { body })
}

impl actix_web::ResponseError for Error {
    /// 404 for a missing file, 500 otherwise: a handler can return
    /// `Result<T, responses::Error>` and use `?`.
    fn status_code(&self) -> actix_web::http::StatusCode {
        if self.kind() == crate::ErrorKind::FileNotFound {
            actix_web::http::StatusCode::NOT_FOUND
        } else {
            actix_web::http::StatusCode::INTERNAL_SERVER_ERROR
        }
    }

    /// The same answer as the other integrations give (naming the error in a debug
    /// build), and a `tracing` error event.
    fn error_response(&self) -> HttpResponse<BoxBody> {
        to_actix(error_response(self))
    }
}

/// This crate's body as an actix `MessageBody` (background tasks run as with hyper).
struct ActixBody {
    body: Body,
}

impl MessageBody for ActixBody {
    type Error = Error;

    fn size(&self) -> BodySize {
        match http_body::Body::size_hint(&self.body).exact() {
            Some(len) => BodySize::Sized(len),
            None => BodySize::Stream,
        }
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Error>>> {
        loop {
            match http_body::Body::poll_frame(Pin::new(&mut self.body), cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(err))) => return Poll::Ready(Some(Err(err))),
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        return Poll::Ready(Some(Ok(data)));
                    }
                    // trailers: not sent over actix's bodies
                }
            }
        }
    }
}

/// `Responder` for the classes of this crate.
macro_rules! responders {
    ($($ty:ident $(<$g:ident>)?),*) => {$(
        impl $(<$g: serde::Serialize>)? Responder for crate::$ty $(<$g>)? {
            type Body = BoxBody;

            fn respond_to(self, request: &HttpRequest) -> HttpResponse<BoxBody> {
                respond(self, request)
            }
        }
    )*};
}

for_each_class!(responders);

impl<R: IntoHttp> Responder for crate::Extras<R> {
    type Body = BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse<BoxBody> {
        respond(self, request)
    }
}

impl<R: IntoHttp, const STATUS: u16> Responder for crate::WithStatus<R, STATUS> {
    type Body = BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse<BoxBody> {
        respond(self, request)
    }
}
