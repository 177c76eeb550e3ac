//! Cookies, headers, background tasks and a status set beside a response, FastAPI's
//! `response: Response` parameter: for a response whose type has no field for them (a
//! derived type) or that a handler does not build itself.

use http::header::CONTENT_LENGTH;
use http::{HeaderMap, StatusCode};

use crate::body::Body;
use crate::cookie::Cookie;
use crate::error::Error;
use crate::head::Head;
use crate::header::{append_all, status_allows_body};
use crate::{BackgroundTasks, IntoHeaderName, IntoHeaderValue, IntoHttp, IntoStatusCode};

/// A response with cookies, headers, background tasks or a status added to it, whatever its
/// type: FastAPI's `response: Response` parameter, whose `set_cookie`, headers and
/// `background` apply to what the handler returns.
///
/// The response is converted first; then the headers are appended (after its own), each
/// cookie is its own `set-cookie`, the tasks run after its own, and a status replaces its
/// status (a 1xx, 204 or 304 then drops the body and its `content-length`). Errors are kept
/// and reported by the conversion, as the classes do.
///
/// # Examples
///
/// ```
/// use responses::{BackgroundTask, Cookie, Extras, IntoHttp, Response};
/// use serde::Serialize;
///
/// #[derive(Serialize, Response)]
/// struct User { id: u64 }
///
/// let mut extras = Extras::new(User { id: 7 }).with_header("x-request-id", "42");
/// extras.set_cookie(Cookie::new("seen", "1"))?;
/// let r = extras
///     .with_status_code(201)
///     .with_background(BackgroundTask::new(async {}))
///     .into_http()?;
/// assert_eq!(r.status(), 201);
/// assert_eq!(r.headers()["x-request-id"], "42");
/// assert_eq!(r.headers()["set-cookie"], "seen=1; Path=/; SameSite=lax");
/// assert_eq!(r.body().as_bytes(), Some(&b"{\"id\":7}"[..]));
/// # Ok::<(), responses::Error>(())
/// ```
#[derive(Debug)]
pub struct Extras<R> {
    response: R,
    head: Head,
    status: Option<StatusCode>,
    /// An endpoint's status (`#[endpoint(status_code = ...)]`): it replaces a success
    /// status only.
    success_status: Option<StatusCode>,
}

/// Marks a response whose success status an endpoint's status replaced: a file answer
/// under it still serves ranges and conditional requests, as under 200.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EndpointStatus;

/// Whether an endpoint's status replaces `status`: a success, but not 206 (a range of a
/// file answers the request's `Range`, whatever the endpoint's status).
fn endpoint_status_replaces(status: StatusCode) -> bool {
    status.is_success() && status != StatusCode::PARTIAL_CONTENT
}

/// Gives `response` the status `status`, dropping the body (and its `content-length`,
/// keeping its background tasks) when that status has none.
fn replace_status(response: &mut http::Response<Body>, status: StatusCode) {
    *response.status_mut() = status;
    if !status_allows_body(status) {
        response.headers_mut().remove(CONTENT_LENGTH);
        response.body_mut().clear_content();
    }
}

impl<R> Extras<R> {
    /// `response`, with nothing added yet.
    ///
    /// # Examples
    ///
    /// ```
    /// let extras = responses::Extras::new(responses::PlainTextResponse::new("hi"));
    /// assert!(extras.headers().is_empty());
    /// ```
    pub fn new(response: R) -> Self {
        Extras {
            response,
            head: Head::new(StatusCode::OK),
            status: None,
            success_status: None,
        }
    }

    /// Replaces the response's status (an invalid one makes the conversion fail).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Extras, IntoHttp, PlainTextResponse};
    ///
    /// let r = Extras::new(PlainTextResponse::new("x")).with_status_code(204).into_http()?;
    /// assert_eq!(r.status(), 204);
    /// assert!(r.headers().get("content-length").is_none());
    /// # Ok::<(), responses::Error>(())
    /// ```
    #[must_use]
    pub fn with_status_code(mut self, status: impl IntoStatusCode) -> Self {
        if let Some(status) = self.head.record(status.into_status_code()) {
            self.status = Some(status);
        }
        self
    }

    /// Appends a header, checked as the classes check theirs.
    ///
    /// # Examples
    ///
    /// ```
    /// let extras = responses::Extras::new(()).with_header("x-a", "1");
    /// assert_eq!(extras.headers()["x-a"], "1");
    /// ```
    #[must_use]
    pub fn with_header(mut self, name: impl IntoHeaderName, value: impl IntoHeaderValue) -> Self {
        self.head.append_header(name, value);
        self
    }

    /// Adds a `set-cookie`, builder style; an invalid cookie makes the conversion fail.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Cookie, Extras, IntoHttp, PlainTextResponse};
    ///
    /// let r = Extras::new(PlainTextResponse::new("x")).with_cookie(Cookie::new("k", "v")).into_http()?;
    /// assert_eq!(r.headers()["set-cookie"], "k=v; Path=/; SameSite=lax");
    /// # Ok::<(), responses::Error>(())
    /// ```
    #[must_use]
    pub fn with_cookie(mut self, cookie: Cookie) -> Self {
        let set = self.head.set_cookie(&cookie);
        self.head.record(set);
        self
    }

    /// Starlette's `set_cookie`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidCookie`](crate::ErrorKind::InvalidCookie); nothing is added then.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut extras = responses::Extras::new(());
    /// assert!(extras.set_cookie(responses::Cookie::new("bad", "a;b")).is_err());
    /// ```
    pub fn set_cookie(&mut self, cookie: Cookie) -> Result<&mut Self, Error> {
        self.head.set_cookie(&cookie)?;
        Ok(self)
    }

    /// Starlette's `delete_cookie`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidCookie`](crate::ErrorKind::InvalidCookie) for an invalid name or
    /// attribute.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut extras = responses::Extras::new(());
    /// extras.delete_cookie("session")?;
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn delete_cookie(&mut self, cookie: impl Into<Cookie>) -> Result<&mut Self, Error> {
        self.head.delete_cookie(&cookie.into())?;
        Ok(self)
    }

    /// Adds background tasks, run after the response's own.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{BackgroundTask, Extras};
    ///
    /// let extras = Extras::new(()).with_background(BackgroundTask::new(async {}));
    /// # let _ = extras;
    /// ```
    #[must_use]
    pub fn with_background(mut self, tasks: impl Into<BackgroundTasks>) -> Self {
        self.head.add_background(tasks);
        self
    }

    /// The headers added so far.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::Extras::new(()).headers().is_empty());
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }
}

/// A derived type as an endpoint's class: made from the handler's value, with the
/// endpoint's status in place of its success statuses (2xx, but not 206). The type's other
/// statuses, its errors and redirects, are its own, as FastAPI's `status_code` is the
/// status of success while an error carries its own.
impl<C, R: crate::FromContent<C> + IntoHttp> crate::ResponseClass<C> for Extras<R> {
    fn from_content(content: C) -> Self {
        Extras::new(R::from_content(content))
    }

    fn with_status(mut self, status: StatusCode) -> Self {
        self.success_status = Some(status);
        self
    }
}

impl<R: IntoHttp> IntoHttp for Extras<R> {
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        let Extras {
            response,
            mut head,
            status,
            success_status,
        } = self;
        let checked = head.check()?;
        let mut response = response.into_http()?;
        append_all(response.headers_mut(), std::mem::take(&mut head.headers))?;
        if let Some(status) = status {
            replace_status(&mut response, status);
        } else if let Some(status) = success_status
            && endpoint_status_replaces(response.status())
        {
            replace_status(&mut response, status);
            response.extensions_mut().insert(EndpointStatus);
        }
        let (parts, body) = response.into_parts();
        let mut tail = head;
        tail.status = parts.status;
        tail.headers = parts.headers;
        let mut finished = tail.finish_body(checked, body)?;
        *finished.extensions_mut() = parts.extensions;
        Ok(finished)
    }
}
