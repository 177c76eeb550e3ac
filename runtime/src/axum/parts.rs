//! axum's `IntoResponseParts` for what goes beside a body: cookies, cookie deletions and
//! background tasks.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use crate::background::BackgroundTasks;
use crate::error::Error;

use super::prepare::{PendingTasks, TaskCell};

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

    fn into_response_parts(
        self,
        mut parts: axum::response::ResponseParts,
    ) -> Result<axum::response::ResponseParts, Error> {
        let value = self.to_header_value()?;
        parts.headers_mut().append(http::header::SET_COOKIE, value);
        Ok(parts)
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

    fn into_response_parts(
        self,
        mut parts: axum::response::ResponseParts,
    ) -> Result<axum::response::ResponseParts, Error> {
        let value = self.cookie().to_removal_header_value()?;
        parts.headers_mut().append(http::header::SET_COOKIE, value);
        Ok(parts)
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

    fn into_response_parts(
        self,
        mut parts: axum::response::ResponseParts,
    ) -> Result<axum::response::ResponseParts, Infallible> {
        let pending = parts.extensions_mut().get::<PendingTasks>().cloned();
        match pending {
            Some(PendingTasks(cell)) => {
                if let Ok(mut guard) = cell.0.lock() {
                    match guard.as_mut() {
                        Some(tasks) => tasks.extend(self),
                        None => *guard = Some(self),
                    }
                }
            }
            None => {
                parts
                    .extensions_mut()
                    .insert(PendingTasks(Arc::new(TaskCell(Mutex::new(Some(self))))));
            }
        }
        Ok(parts)
    }
}
