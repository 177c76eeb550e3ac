//! axum's `IntoResponseParts` for what goes beside a body: cookies, cookie deletions and
//! background tasks.

use std::convert::Infallible;

use axum::response::ResponseParts;

use crate::background::BackgroundTasks;
use crate::error::Error;

use super::prepare::PendingTasks;

/// `parts` with one more `set-cookie`, or the cookie's error.
fn with_cookie(
    mut parts: ResponseParts,
    value: Result<http::HeaderValue, Error>,
) -> Result<ResponseParts, Error> {
    parts.headers_mut().append(http::header::SET_COOKIE, value?);
    Ok(parts)
}

/// A cookie beside the body, axum's way: `(cookie, JsonResponse::new(..))`. An invalid
/// cookie answers as [`Error`] does (500, and a `tracing` event).
///
/// # Examples
///
/// ```
/// use axum::response::IntoResponse;
/// use responses::{Cookie, JsonResponse};
///
/// let r = (Cookie::new("session", "abc"), JsonResponse::new([1])).into_response();
/// assert_eq!(r.headers()["set-cookie"], "session=abc; Path=/; SameSite=lax");
/// ```
impl axum::response::IntoResponseParts for crate::Cookie {
    type Error = Error;

    fn into_response_parts(self, parts: ResponseParts) -> Result<ResponseParts, Error> {
        with_cookie(parts, self.to_header_value())
    }
}

/// A cookie deletion beside the body: `(Cookie::named("session").deletion(), page)`.
///
/// # Examples
///
/// ```
/// use axum::response::IntoResponse;
/// use responses::{Cookie, HtmlResponse};
///
/// let r = (Cookie::named("session").deletion(), HtmlResponse::new("bye")).into_response();
/// assert!(r.headers()["set-cookie"].to_str()?.starts_with("session=\"\"; expires="));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl axum::response::IntoResponseParts for crate::CookieDeletion {
    type Error = Error;

    fn into_response_parts(self, parts: ResponseParts) -> Result<ResponseParts, Error> {
        with_cookie(parts, self.cookie().to_removal_header_value())
    }
}

/// Background tasks beside the body, axum's way: `(tasks, JsonResponse::new(..))`. They run
/// once the response has been sent, after [`PrepareLayer`](super::PrepareLayer) has attached them to the body:
/// a route that the layer does not cover does not run them, and says so once in a `tracing`
/// warning. [`Extras::with_background`](crate::Extras::with_background) needs no layer.
///
/// # Examples
///
/// ```
/// use axum::{Router, routing::post};
/// use responses::{BackgroundTask, BackgroundTasks, JsonResponse};
///
/// async fn subscribe() -> (BackgroundTasks, JsonResponse<&'static str>) {
///     let tasks = BackgroundTasks::new()
///         .with_task(BackgroundTask::new(async { /* send the welcome email */ }));
///     (tasks, JsonResponse::new("subscribed"))
/// }
///
/// let app: Router = Router::new()
///     .route("/subscribe", post(subscribe))
///     .layer(responses::axum::PrepareLayer);
/// # let _ = app;
/// ```
impl axum::response::IntoResponseParts for BackgroundTasks {
    type Error = Infallible;

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Infallible> {
        PendingTasks::attach(parts.extensions_mut(), self);
        Ok(parts)
    }
}
