//! [`PrepareLayer`]: a response prepared for its request (HEAD, a file's ranges and
//! conditionals), a file body deferred until then, and background tasks set beside a body
//! attached to it.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::response::Response as AxumResponse;
use bytes::Bytes;
use http_body::Frame;

use crate::background::BackgroundTasks;
use crate::body::Body;
use crate::error::Error;
use crate::integration::OwnedHead;

/// `response`, its body kept where [`PrepareLayer`] can take it back before anything reads
/// it (a file's, to plan its ranges for the request).
pub(super) fn defer(response: http::Response<Body>) -> AxumResponse {
    let (mut parts, body) = response.into_parts();
    let cell = Arc::new(Mutex::new(Some(body)));
    parts.extensions.insert(Deferred(cell.clone()));
    AxumResponse::from_parts(parts, axum::body::Body::new(DeferredBody::new(cell)))
}

/// Where a file response's body waits for [`PrepareLayer`].
#[derive(Clone)]
struct Deferred(Arc<Mutex<Option<Body>>>);

/// The body axum sends: the file body, taken from the shared cell on first use.
struct DeferredBody {
    cell: Arc<Mutex<Option<Body>>>,
    body: Option<Body>,
    /// The size, read when the body was deferred (axum asks before polling).
    hint: http_body::SizeHint,
}

impl DeferredBody {
    fn new(cell: Arc<Mutex<Option<Body>>>) -> Self {
        let hint = cell
            .lock()
            .ok()
            .and_then(|guard| guard.as_ref().map(http_body::Body::size_hint))
            .unwrap_or_default();
        DeferredBody {
            cell,
            body: None,
            hint,
        }
    }

    fn body(&mut self) -> Option<&mut Body> {
        if self.body.is_none() {
            self.body = self.cell.lock().ok().and_then(|mut guard| guard.take());
            if self.body.is_some() {
                // `PrepareLayer` takes the body out before anything reads it: it did not
                // run for this route.
                warn_unprepared();
            }
        }
        self.body.as_mut()
    }
}

impl http_body::Body for DeferredBody {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        match self.body() {
            Some(body) => Pin::new(body).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.hint
    }
}

/// Says once per process that a file was sent without [`PrepareLayer`].
fn warn_unprepared() {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        tracing::warn!(
            "responses: a FileResponse was sent without PrepareLayer, so Range, If-Range and \
             conditional requests were ignored (the whole file, 200). axum applies a layer to \
             the routes added before it: add `.layer(responses::axum::PrepareLayer)` after \
             the last route"
        );
    });
}

/// A layer that prepares every response for its request: HEAD (whose background tasks
/// still run, with `Router::layer`: axum replaces a HEAD answer's body after it), and for
/// files `Range`, `If-Range` and the conditional headers (304, 412); and
/// attaches to the body the [`BackgroundTasks`] a handler returned beside it. See the
/// [module docs](crate::axum).
///
/// axum applies a layer to the routes added *before* it: add this one after the last
/// route. A file served by a route added after it is sent whole (correct HTTP, but without
/// ranges), and the first such response logs a `tracing` warning that says so.
///
/// # Examples
///
/// ```
/// let app: axum::Router = axum::Router::new().layer(responses::axum::PrepareLayer);
/// # let _ = app;
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct PrepareLayer;

impl<S> tower_layer::Layer<S> for PrepareLayer {
    type Service = Prepare<S>;

    fn layer(&self, inner: S) -> Prepare<S> {
        Prepare { inner }
    }
}

/// The service of [`PrepareLayer`].
///
/// # Examples
///
/// ```
/// use tower_layer::Layer as _;
///
/// let service = responses::axum::PrepareLayer.layer(tower_service_fn());
/// # fn tower_service_fn() -> axum::routing::Router { axum::Router::new() }
/// # let _ = service;
/// ```
#[derive(Debug, Clone)]
pub struct Prepare<S> {
    inner: S,
}

impl<S, B> tower_service::Service<http::Request<B>> for Prepare<S>
where
    S: tower_service::Service<http::Request<B>, Response = AxumResponse, Error = Infallible>,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = PrepareFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let head = OwnedHead::capture(request.method(), request.headers());
        PrepareFuture {
            answer: self.inner.call(request),
            head,
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`Prepare`]: the inner service's, then the response prepared for the
    /// request (no allocation of its own).
    ///
    /// # Examples
    ///
    /// ```
    /// use tower_layer::Layer as _;
    /// use tower_service::Service as _;
    ///
    /// let mut service = responses::axum::PrepareLayer.layer(axum::Router::new());
    /// let future: responses::axum::PrepareFuture<_> =
    ///     service.call(http::Request::new(axum::body::Body::empty()));
    /// # let _ = future;
    /// ```
    pub struct PrepareFuture<F> {
        #[pin]
        answer: F,
        head: OwnedHead,
    }
}

impl<F> std::fmt::Debug for PrepareFuture<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrepareFuture").finish_non_exhaustive()
    }
}

impl<F> Future for PrepareFuture<F>
where
    F: Future<Output = Result<AxumResponse, Infallible>>,
{
    type Output = Result<AxumResponse, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        match this.answer.poll(cx) {
            Poll::Ready(Ok(response)) => Poll::Ready(Ok(prepare(this.head, response))),
            Poll::Ready(Err(never)) => match never {},
            Poll::Pending => Poll::Pending,
        }
    }
}

fn prepare(head: &OwnedHead, mut response: AxumResponse) -> AxumResponse {
    let tasks = response
        .extensions_mut()
        .remove::<PendingTasks>()
        .and_then(|pending| pending.take());
    let own_tasks = response.extensions_mut().remove::<HasTasks>().is_some();
    let mut response = prepare_file(head, response);
    let has_tasks = own_tasks || tasks.is_some();
    if let Some(tasks) = tasks {
        response = response.map(|body| with_tasks(body, tasks));
    }
    if has_tasks && head.head().method() == http::Method::HEAD {
        hold_head_body(&mut response);
    }
    response
}

/// Marks a response whose body has background tasks of its own.
#[derive(Clone, Copy)]
pub(super) struct HasTasks;

/// The most frames of a HEAD answer's body read here (64 KiB slices: 1 GiB).
const HEAD_FRAMES: usize = 16 * 1024;

/// axum replaces the body of a HEAD answer after the layers (of `Router::layer`), unread: a
/// body's background tasks would never run. So the body of a HEAD answer that has tasks,
/// when its length is known, is read here instead (never sent: its frames are all ready,
/// in memory), which makes it sent, and it is kept in the response's extensions until they
/// are dropped, once the head has been written: its tasks then run, as for GET. A stream is
/// not read for HEAD (nothing would bound the wait), and its tasks do not run; neither is a
/// body without tasks.
fn hold_head_body(response: &mut AxumResponse) {
    use http_body::Body as _;

    let Some(len) = response.body().size_hint().exact() else {
        return;
    };
    // axum sets `content-length` from the body it is given when the header is missing:
    // the length of the body it replaces, not of an empty or half-read one.
    if !response
        .headers()
        .contains_key(http::header::CONTENT_LENGTH)
    {
        response.headers_mut().insert(
            http::header::CONTENT_LENGTH,
            crate::header::length_value(len),
        );
    }
    let mut body = std::mem::take(response.body_mut());
    let mut cx = Context::from_waker(std::task::Waker::noop());
    let mut ended = false;
    for _ in 0..HEAD_FRAMES {
        match Pin::new(&mut body).poll_frame(&mut cx) {
            Poll::Ready(Some(Ok(_))) => {}
            Poll::Ready(None) => {
                ended = true;
                break;
            }
            Poll::Ready(Some(Err(_))) | Poll::Pending => break,
        }
    }
    if !ended {
        // Not all in memory (a length-declared stream): left to axum, which drops it.
        *response.body_mut() = body;
        return;
    }
    response
        .extensions_mut()
        .insert(HeldBody(Arc::new(Mutex::new(body))));
}

/// The read body of a HEAD answer, dropped (running its tasks) with the response's parts.
#[derive(Clone)]
struct HeldBody(#[allow(dead_code, reason = "held for its drop")] Arc<Mutex<axum::body::Body>>);

fn prepare_file(head: &OwnedHead, mut response: AxumResponse) -> AxumResponse {
    let Some(Deferred(cell)) = response.extensions_mut().remove::<Deferred>() else {
        return response;
    };
    let body = cell.lock().ok().and_then(|mut guard| guard.take());
    let Some(body) = body else {
        return response;
    };
    let (parts, _) = response.into_parts();
    let ours = http::Response::from_parts(parts, body);
    crate::request::prepare(head.head(), ours).map(axum::body::Body::new)
}

/// `body`, followed by `tasks` once it has been sent (as a [`Body`] runs its own).
fn with_tasks(body: axum::body::Body, tasks: BackgroundTasks) -> axum::body::Body {
    use http_body::Body as _;

    let ours = match body.size_hint().exact() {
        // Nothing to send: no stream to wait for (the server sees the end at once). The
        // body given is seen to be empty first, as the server would, so that its own tasks
        // run (they start now, before these).
        Some(0) => {
            let _ = body.is_end_stream();
            Body::empty()
        }
        Some(len) => Body::from_stream(body.into_data_stream()).with_length(len),
        None => Body::from_stream(body.into_data_stream()),
    };
    axum::body::Body::new(ours.with_background(tasks))
}

/// Background tasks set beside a response, waiting in its extensions for [`PrepareLayer`]
/// to attach them to the body (`IntoResponseParts` cannot reach the body).
#[derive(Clone)]
pub(super) struct PendingTasks(Arc<TaskCell>);

struct TaskCell(Mutex<Option<BackgroundTasks>>);

impl PendingTasks {
    /// Adds `tasks` after those already set beside the response.
    pub(super) fn attach(extensions: &mut http::Extensions, tasks: BackgroundTasks) {
        match extensions.get::<PendingTasks>() {
            Some(PendingTasks(cell)) => {
                if let Ok(mut guard) = cell.0.lock() {
                    match guard.as_mut() {
                        Some(pending) => pending.extend(tasks),
                        None => *guard = Some(tasks),
                    }
                }
            }
            None => {
                extensions.insert(PendingTasks(Arc::new(TaskCell(Mutex::new(Some(tasks))))));
            }
        }
    }

    fn take(&self) -> Option<BackgroundTasks> {
        self.0.0.lock().ok().and_then(|mut guard| guard.take())
    }
}

impl Drop for TaskCell {
    fn drop(&mut self) {
        let left = self.0.get_mut().ok().and_then(Option::take);
        if left.is_some_and(|tasks| !tasks.is_empty()) {
            warn_tasks_unprepared();
        }
    }
}

/// Says once per process that background tasks set beside a response did not run.
fn warn_tasks_unprepared() {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        tracing::warn!(
            "responses: background tasks set beside a response (`(tasks, response)`) did not \
             run: they need PrepareLayer, which axum applies to the routes added before it: \
             add `.layer(responses::axum::PrepareLayer)` after the last route, or use \
             `Extras::new(response).with_background(tasks)`, which needs no layer"
        );
    });
}
