//! Server-Sent Events: FastAPI's `EventSourceResponse` and `ServerSentEvent`, the same bytes
//! for the same events.
//!
//! Each event is written as FastAPI 0.165 writes it: the fields in the order comment, event,
//! data, id, retry; each `name: value` line ended by `\n`, the event by an empty line. A
//! value of several lines (`data`, `comment`) is split at `\r\n`, `\r` and `\n` only, the
//! line ends of the event-stream format, never at `\v`, `\f` or U+2028. `data` is JSON (this
//! crate's JSON rules: compact, UTF-8, `NaN` refused); `raw_data` is text sent as it is.
//!
//! Nothing a caller passes can make a stream a browser reads differently from what was
//! meant: an `event` or `id` with a line break, or an `id` with NUL, is an error when the
//! event is made ([`ErrorKind::InvalidEvent`](crate::ErrorKind::InvalidEvent)), never a
//! panic and never silently altered, as FastAPI's validation refuses them; `retry` is an
//! unsigned integer of milliseconds by its type.
//!
//! ```
//! use responses::sse::{EventSourceResponse, ServerSentEvent};
//! use responses::IntoHttp;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
//! let events = [
//!     ServerSentEvent::json(&"hello")?.with_event("greeting")?.with_id("1")?,
//!     ServerSentEvent::new().with_comment("just a comment"),
//!     ServerSentEvent::raw("two\nlines").with_retry(5000),
//! ];
//! let response = EventSourceResponse::from_iter(events).into_http()?;
//! assert_eq!(response.headers()["content-type"], "text/event-stream; charset=utf-8");
//! assert_eq!(response.headers()["cache-control"], "no-cache");
//! let body = response.into_body().collect_bytes().await?;
//! assert_eq!(
//!     &body[..],
//!     b"event: greeting\ndata: \"hello\"\nid: 1\n\n: just a comment\n\ndata: two\ndata: lines\nretry: 5000\n\n"
//! );
//! # Ok::<(), responses::Error>(())
//! # }).unwrap();
//! ```
//!
//! # Compression
//!
//! An event stream must reach the browser event by event. This crate sets no
//! `content-encoding` and no `content-length` on it, and `x-accel-buffering: no` asks nginx
//! not to buffer it. tower-http's `CompressionLayer` skips `text/event-stream` with its
//! default predicate, so events pass through it unbuffered; a predicate of your own that
//! compresses event streams makes the encoder hold events until its buffer fills (gzip
//! flushes only then), which is what the default avoids.

use std::fmt;
use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::Serialize;

use crate::body::Body;
use crate::error::{BoxError, Error};
use crate::head::{Head, common_methods};
use crate::stream::{EncodeItems, OkItems, stream_failed};

/// FastAPI's interval between keep-alive comments: 15 seconds without an event.
///
/// # Examples
///
/// ```
/// use responses::sse::{DEFAULT_KEEP_ALIVE, EventSourceResponse};
///
/// assert_eq!(DEFAULT_KEEP_ALIVE.as_secs(), 15);
/// assert_eq!(EventSourceResponse::from_iter(["a"]).keep_alive(), Some(DEFAULT_KEEP_ALIVE));
/// ```
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The keep-alive comment, `: ping` and the end of an event (FastAPI's `KEEPALIVE_COMMENT`):
/// what a comment-only event with the text `ping` is.
///
/// # Examples
///
/// ```
/// use responses::sse::{KEEP_ALIVE_COMMENT, ServerSentEvent};
///
/// assert_eq!(&ServerSentEvent::new().with_comment("ping").to_bytes()[..], KEEP_ALIVE_COMMENT);
/// ```
pub const KEEP_ALIVE_COMMENT: &[u8] = b": ping\n\n";

const X_ACCEL_BUFFERING: HeaderName = HeaderName::from_static("x-accel-buffering");

mod event;

pub use self::event::ServerSentEvent;

/// What an [`EventSourceResponse`] streams: a [`ServerSentEvent`], or any `Serialize` value,
/// sent as an event whose `data` is its JSON (as FastAPI sends a yielded object).
///
/// # Examples
///
/// ```
/// use responses::sse::{IntoEvent, ServerSentEvent};
///
/// let event = serde_json::json!({"n": 1}).into_event()?;
/// assert_eq!(event, ServerSentEvent::json(&serde_json::json!({"n": 1}))?);
/// assert_eq!(event.data(), Some("{\"n\":1}"));
/// # Ok::<(), responses::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an event of an event stream",
    label = "not a `ServerSentEvent` or a `Serialize` value",
    note = "stream `ServerSentEvent`s, or values that implement `serde::Serialize` (sent as JSON data)",
    note = "for a stream of `Result`s, use `EventSourceResponse::try_new`"
)]
pub trait IntoEvent: Send + 'static {
    /// The event.
    ///
    /// # Errors
    ///
    /// A value that cannot be written as JSON.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::IntoEvent;
    ///
    /// assert_eq!(&"hi".into_event()?.to_bytes()[..], b"data: \"hi\"\n\n");
    /// assert!(f64::NAN.into_event().is_err());
    /// # Ok::<(), responses::Error>(())
    /// ```
    fn into_event(self) -> Result<ServerSentEvent, Error>;

    /// The event's bytes (what [`EventSourceResponse`] sends).
    ///
    /// # Errors
    ///
    /// As [`into_event`](IntoEvent::into_event).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::IntoEvent;
    ///
    /// assert_eq!(&[1, 2].encode()?[..], b"data: [1,2]\n\n");
    /// # Ok::<(), responses::Error>(())
    /// ```
    fn encode(self) -> Result<Bytes, Error>
    where
        Self: Sized,
    {
        Ok(self.into_event()?.to_bytes())
    }
}

impl IntoEvent for ServerSentEvent {
    fn into_event(self) -> Result<ServerSentEvent, Error> {
        Ok(self)
    }
}

#[diagnostic::do_not_recommend]
impl<T: Serialize + Send + 'static> IntoEvent for T {
    fn into_event(self) -> Result<ServerSentEvent, Error> {
        ServerSentEvent::json(&self)
    }

    /// `data: ` and the JSON written in place: compact JSON has no raw line break (serde
    /// escapes control characters), so it is one `data:` line, as `to_bytes` would write.
    /// Raw JSON (a `RawValue`) may hold line breaks: such a value goes the general way,
    /// split into `data:` lines as `to_bytes` splits them.
    fn encode(self) -> Result<Bytes, Error> {
        const PREFIX: &[u8] = b"data: ";
        let mut one_line = true;
        let bytes = crate::json::render(|out| {
            out.extend_from_slice(PREFIX);
            let start = out.len();
            crate::json::write_into(out, &self)?;
            one_line = memchr::memchr2(b'\n', b'\r', &out[start..]).is_none();
            out.extend_from_slice(b"\n\n");
            Ok::<(), Error>(())
        })?;
        if one_line {
            Ok(bytes)
        } else {
            Ok(ServerSentEvent::json(&self)?.to_bytes())
        }
    }
}

type EventStream = Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send + 'static>>;

/// FastAPI's `EventSourceResponse`: a stream of Server-Sent Events.
///
/// * `content-type: text/event-stream; charset=utf-8`, `cache-control: no-cache` and
///   `x-accel-buffering: no` (so that nginx does not buffer the stream), in that order, then
///   the caller's headers; a caller's `content-type`, `cache-control` or
///   `x-accel-buffering` replaces the default.
/// * A keep-alive comment, `: ping`, after 15 seconds without an event (the timer restarts
///   after every event), as FastAPI sends it; see
///   [`with_keep_alive`](EventSourceResponse::with_keep_alive). It needs Tokio's timer,
///   which every server runtime has (`#[tokio::main]`, actix-rt); in a runtime built
///   without `enable_time` there is no keep-alive, and a `tracing` warning says so once
///   (Tokio panics when such a runtime makes a timer; that panic is caught, but the panic
///   hook still prints it for each response, and a build with `panic = "abort"` needs a
///   runtime with its timer).
/// * An item that fails (an error of [`try_new`](EventSourceResponse::try_new)'s stream, a
///   value that cannot be JSON) ends the response as a broken transfer, after the events
///   already sent, as [`StreamingResponse`](crate::StreamingResponse) does; so does a client
///   that goes away (the stream is dropped, and stops).
/// * Background tasks run after the last event.
///
/// # Examples
///
/// ```
/// use responses::sse::EventSourceResponse;
/// use responses::IntoHttp;
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Item { name: &'static str }
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// // FastAPI: `async def stream() -> AsyncIterable[Item]: yield Item(...)`
/// let items = async_stream::stream! {
///     yield Item { name: "Plumbus" };
///     yield Item { name: "Portal Gun" };
/// };
/// let body = EventSourceResponse::new(items).into_http()?.into_body().collect_bytes().await?;
/// assert_eq!(&body[..], b"data: {\"name\":\"Plumbus\"}\n\ndata: {\"name\":\"Portal Gun\"}\n\n");
/// # Ok::<(), responses::Error>(())
/// # }).unwrap();
/// ```
pub struct EventSourceResponse {
    head: Head,
    stream: EventStream,
    keep_alive: Option<Duration>,
}

impl EventSourceResponse {
    /// A 200 response streaming the events of `stream` (events, or `Serialize` values).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::{EventSourceResponse, ServerSentEvent};
    ///
    /// let events = async_stream::stream! {
    ///     yield ServerSentEvent::raw("tick");
    /// };
    /// let r = EventSourceResponse::new(events);
    /// assert_eq!(r.status_code(), 200);
    /// ```
    ///
    /// A stream of `Result`s goes to [`try_new`](EventSourceResponse::try_new): given
    /// here, each `Result` whose sides are `Serialize` would be sent as its JSON
    /// (`{"Ok":…}`), and an error would not end the stream.
    pub fn new<S>(stream: S) -> Self
    where
        S: Stream + Send + 'static,
        S::Item: IntoEvent,
    {
        EventSourceResponse::try_new(OkItems::new(stream))
    }

    /// A 200 response streaming the events of a stream of `Result`s: an error ends the
    /// response as a broken transfer, after the events already sent.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::{EventSourceResponse, ServerSentEvent};
    ///
    /// let events = async_stream::stream! {
    ///     yield Ok::<_, std::io::Error>(ServerSentEvent::raw("tick"));
    /// };
    /// let r = EventSourceResponse::try_new(events);
    /// # let _ = r;
    /// ```
    pub fn try_new<S, T, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<T, E>> + Send + 'static,
        T: IntoEvent,
        E: Into<BoxError> + Send + 'static,
    {
        EventSourceResponse::from_encoded(EncodeItems::new(stream, "event", |item: T| {
            item.encode().map_err(|err| stream_failed("event", err))
        }))
    }

    /// A 200 response streaming the events of an iterator that does not block.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = responses::sse::EventSourceResponse::from_iter(["a", "b"]);
    /// # let _ = r;
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from_iter<I>(iter: I) -> Self
    where
        I: IntoIterator,
        I::IntoIter: Send + 'static,
        I::Item: IntoEvent,
    {
        EventSourceResponse::try_new(crate::body::iter_stream(iter))
    }

    fn from_encoded(stream: impl Stream<Item = Result<Bytes, Error>> + Send + 'static) -> Self {
        EventSourceResponse {
            head: Head::new(StatusCode::OK),
            stream: Box::pin(stream),
            keep_alive: Some(DEFAULT_KEEP_ALIVE),
        }
    }

    /// Sets the time without an event after which a keep-alive comment (`: ping`) is sent;
    /// the timer restarts after every event and every comment. A zero duration turns
    /// keep-alive off.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use responses::sse::EventSourceResponse;
    ///
    /// let r = EventSourceResponse::from_iter(["a"]).with_keep_alive(Duration::from_secs(5));
    /// assert_eq!(r.keep_alive(), Some(Duration::from_secs(5)));
    /// let r = r.with_keep_alive(Duration::ZERO);
    /// assert_eq!(r.keep_alive(), None);
    /// ```
    #[must_use]
    pub fn with_keep_alive(mut self, interval: Duration) -> Self {
        self.keep_alive = (!interval.is_zero()).then_some(interval);
        self
    }

    /// The keep-alive interval, if keep-alive is on.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::{DEFAULT_KEEP_ALIVE, EventSourceResponse};
    ///
    /// let r = EventSourceResponse::from_iter(["a"]);
    /// assert_eq!(r.keep_alive(), Some(DEFAULT_KEEP_ALIVE));
    /// ```
    pub fn keep_alive(&self) -> Option<Duration> {
        self.keep_alive
    }
}

common_methods!(
    EventSourceResponse,
    "responses::sse::EventSourceResponse::from_iter([\"event\"])"
);

crate::stream::stream_class!(EventSourceResponse, IntoEvent);

impl crate::IntoHttp for EventSourceResponse {
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        let EventSourceResponse {
            mut head,
            stream,
            keep_alive,
        } = self;
        let checked = head.check()?;
        // The defaults first, then the caller's headers, which replace a default of the
        // same name.
        let caller = std::mem::take(&mut head.headers);
        let mut headers = HeaderMap::with_capacity(3 + caller.len());
        let defaults = [
            (CONTENT_TYPE, "text/event-stream; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
            (X_ACCEL_BUFFERING, "no"),
        ];
        for (name, value) in defaults {
            if !caller.contains_key(&name) {
                headers.insert(name, HeaderValue::from_static(value));
            }
        }
        crate::header::append_all(&mut headers, caller)?;
        head.headers = headers;
        let body = match keep_alive {
            Some(interval) => Body::from_result_stream(KeepAlive::new(stream, interval)),
            None => Body::from_result_stream(stream),
        };
        head.finish_streamed(checked, body, None)
    }
}

impl fmt::Debug for EventSourceResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventSourceResponse")
            .field("head", &self.head)
            .field("keep_alive", &self.keep_alive)
            .finish_non_exhaustive()
    }
}

/// An event stream with a keep-alive comment after `interval` without an event.
struct KeepAlive {
    inner: EventStream,
    interval: Duration,
    /// `None` outside a Tokio runtime with a timer: no keep-alive then.
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    started: bool,
    done: bool,
}

impl KeepAlive {
    fn new(inner: EventStream, interval: Duration) -> Self {
        KeepAlive {
            inner,
            interval,
            sleep: None,
            started: false,
            done: false,
        }
    }

    /// A timer of `interval`, or `None` where Tokio has none (no runtime, or one built
    /// without `enable_time`, where creating it would panic).
    fn timer(interval: Duration) -> Option<Pin<Box<tokio::time::Sleep>>> {
        static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        tokio::runtime::Handle::try_current().ok()?;
        let made =
            std::panic::catch_unwind(|| Box::pin(tokio::time::sleep_until(deadline(interval))));
        if made.is_err() && !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            tracing::warn!(
                "EventSourceResponse: this Tokio runtime has no timer (`enable_time`), so no keep-alive comments are sent"
            );
        }
        made.ok()
    }
}

/// `interval` from now, at most about thirty years ("never"), as Tokio caps a sleep (a
/// deadline near `Instant`'s end would overflow inside Tokio's timer).
fn deadline(interval: Duration) -> tokio::time::Instant {
    const NEVER: Duration = Duration::from_secs(86_400 * 365 * 30);
    let now = tokio::time::Instant::now();
    let interval = interval.min(NEVER);
    now.checked_add(interval).unwrap_or(now)
}

impl Stream for KeepAlive {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        if !self.started {
            self.started = true;
            self.sleep = KeepAlive::timer(self.interval);
        }
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(item) => {
                if item.is_none() {
                    self.done = true;
                }
                let interval = self.interval;
                if let Some(sleep) = self.sleep.as_mut() {
                    sleep.as_mut().reset(deadline(interval));
                }
                Poll::Ready(item)
            }
            Poll::Pending => {
                let interval = self.interval;
                let Some(sleep) = self.sleep.as_mut() else {
                    return Poll::Pending;
                };
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        sleep.as_mut().reset(deadline(interval));
                        Poll::Ready(Some(Ok(Bytes::from_static(KEEP_ALIVE_COMMENT))))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}
