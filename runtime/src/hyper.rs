//! Serving responses from a plain hyper service (cargo feature `hyper`).
//!
//! [`service`] turns an async handler that returns any response — a class of this crate, a
//! `#[derive(Response)]` type, or a `Result` of two — into a hyper `Service`. Each response
//! is converted for its request ([`IntoHttp::into_http_for`]), so HEAD, file ranges and
//! conditional requests work; a response that cannot be built becomes a 404 (missing file)
//! or a 500, reported as a `tracing` error event.
//!
//! ```no_run
//! use hyper::server::conn::http1;
//! use hyper_util::rt::TokioIo;
//! use responses::{FileResponse, HtmlResponse, IntoHttp};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
//! loop {
//!     let (stream, _) = listener.accept().await?;
//!     tokio::spawn(async move {
//!         let service = responses::hyper::service(|req: http::Request<hyper::body::Incoming>| async move {
//!             match req.uri().path() {
//!                 "/" => Ok(HtmlResponse::new("<h1>Hello</h1>")),
//!                 _ => Err(FileResponse::new("static/robots.txt")),
//!             }
//!         });
//!         let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
//!     });
//! }
//! # }
//! ```

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::IntoHttp;
use crate::body::Body;
use crate::integration::{OwnedHead, error_response};

/// A hyper service made from a handler; see [`service`].
///
/// # Examples
///
/// ```
/// let svc = responses::hyper::service(|_req: http::Request<()>| async {
///     responses::PlainTextResponse::new("hi")
/// });
/// # let _ = svc;
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Service<F>(F);

/// Wraps `handler` as a hyper service whose responses are converted for their request.
///
/// # Examples
///
/// ```
/// use hyper::service::Service as _;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let svc = responses::hyper::service(|_req: http::Request<()>| async {
///     responses::PlainTextResponse::new("hello")
/// });
/// let request = http::Request::head("/").body(()).unwrap();
/// let response = svc.call(request).await.unwrap();
/// assert_eq!(response.headers()["content-length"], "5");
/// assert_eq!(response.body().as_bytes(), Some(&b""[..]));
/// # });
/// ```
pub fn service<F>(handler: F) -> Service<F> {
    Service(handler)
}

impl<F, Fut, B, R> hyper::service::Service<http::Request<B>> for Service<F>
where
    F: Fn(http::Request<B>) -> Fut,
    Fut: Future<Output = R>,
    R: IntoHttp,
{
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = ResponseFuture<Fut>;

    fn call(&self, request: http::Request<B>) -> Self::Future {
        let head = OwnedHead::capture(request.method(), request.headers());
        ResponseFuture {
            answer: (self.0)(request),
            head,
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of a [`Service`]: the handler's future, then its response converted for
    /// the request (no allocation of its own).
    ///
    /// # Examples
    ///
    /// ```
    /// use hyper::service::Service as _;
    ///
    /// let svc = responses::hyper::service(|_req: http::Request<()>| async {
    ///     responses::PlainTextResponse::new("hi")
    /// });
    /// let future: responses::hyper::ResponseFuture<_> = svc.call(http::Request::new(()));
    /// # let _ = future;
    /// ```
    pub struct ResponseFuture<Fut> {
        #[pin]
        answer: Fut,
        head: OwnedHead,
    }
}

impl<Fut> std::fmt::Debug for ResponseFuture<Fut> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

impl<Fut, R> Future for ResponseFuture<Fut>
where
    Fut: Future<Output = R>,
    R: IntoHttp,
{
    type Output = Result<http::Response<Body>, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        match this.answer.poll(cx) {
            Poll::Ready(response) => Poll::Ready(Ok(respond(this.head, response))),
            Poll::Pending => Poll::Pending,
        }
    }
}

fn respond(head: &OwnedHead, response: impl IntoHttp) -> http::Response<Body> {
    match response.into_http_for(head.head()) {
        Ok(response) => response,
        Err(err) => error_response(&err),
    }
}

#[cfg(test)]
mod tests {
    use hyper::service::Service as _;

    use crate::{Cookie, PlainTextResponse};

    /// `Result<T, responses::Error>` is a handler's answer: `?` on a cookie or a file, and
    /// the error becomes 404 (a missing file) or 500.
    #[tokio::test]
    async fn the_crates_error_is_a_handlers_error() {
        let svc = super::service(|req: http::Request<()>| async move {
            let mut page = PlainTextResponse::new("ok");
            match req.uri().path() {
                "/bad-cookie" => {
                    page.set_cookie(Cookie::new("k", "a;b"))?;
                }
                "/missing" => drop(std::fs::File::open("/no/such/file")?),
                _ => {}
            }
            Ok::<_, crate::Error>(page)
        });
        let call = |path: &str| svc.call(http::Request::get(path).body(()).unwrap_or_default());
        assert_eq!(
            call("/").await.map(|r| r.status()),
            Ok(http::StatusCode::OK)
        );
        let missing = call("/missing").await.map(|r| r.status());
        assert_eq!(missing, Ok(http::StatusCode::NOT_FOUND));
        let bad = call("/bad-cookie").await.map(|r| r.status());
        assert_eq!(bad, Ok(http::StatusCode::INTERNAL_SERVER_ERROR));
    }
}
