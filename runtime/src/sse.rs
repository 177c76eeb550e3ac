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
//! event is made ([`ErrorKind::InvalidEvent`]), never a panic and never silently altered,
//! as FastAPI's validation refuses them; `retry` is an unsigned integer of milliseconds by
//! its type.
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

use bytes::{BufMut, Bytes, BytesMut};
use futures_core::Stream;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::Serialize;

use crate::body::Body;
use crate::error::{BoxError, Error, ErrorKind};
use crate::head::{Head, common_methods};

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

/// One event of an event stream: FastAPI's `ServerSentEvent`, with its fields `data` (JSON),
/// `raw_data` (text as it is), `event`, `id`, `retry` (milliseconds) and `comment`.
///
/// The fallible setters return the event or the error FastAPI's validation gives for the
/// same value; every event that exists can be written.
///
/// # Examples
///
/// ```
/// use responses::sse::ServerSentEvent;
///
/// let event = ServerSentEvent::json(&serde_json::json!({"n": 1}))?.with_id("7")?;
/// assert_eq!(&event.to_bytes()[..], b"data: {\"n\":1}\nid: 7\n\n");
///
/// let error = ServerSentEvent::new().with_event("a\nb").unwrap_err();
/// assert_eq!(error.kind(), responses::ErrorKind::InvalidEvent);
/// # Ok::<(), responses::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ServerSentEvent {
    comment: Option<String>,
    event: Option<String>,
    data: Option<Data>,
    id: Option<String>,
    retry: Option<u64>,
}

/// The `data` of an event: JSON, or text as it is.
#[derive(Clone, PartialEq, Eq)]
enum Data {
    Json(String),
    Raw(String),
}

impl Data {
    fn as_str(&self) -> &str {
        match self {
            Data::Json(s) | Data::Raw(s) => s,
        }
    }
}

impl ServerSentEvent {
    /// An event with no field: FastAPI's `ServerSentEvent()`, written as an empty line.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = responses::sse::ServerSentEvent::new();
    /// assert_eq!(&event.to_bytes()[..], b"\n");
    /// ```
    pub fn new() -> Self {
        ServerSentEvent::default()
    }

    /// An event whose `data` is `value` as JSON (FastAPI's `ServerSentEvent(data=value)`): a
    /// string is quoted, as FastAPI quotes it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NonFiniteFloat`] for `NaN` or an infinity, [`ErrorKind::Json`] for a
    /// value serde cannot write.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::ServerSentEvent;
    ///
    /// let event = ServerSentEvent::json(&"hello")?;
    /// assert_eq!(&event.to_bytes()[..], b"data: \"hello\"\n\n");
    /// assert!(ServerSentEvent::json(&f64::NAN).is_err());
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self, Error> {
        ServerSentEvent::new().with_data(value)
    }

    /// An event whose `data` is `text` as it is (FastAPI's `raw_data`): HTML, CSV, anything
    /// not JSON. Lines are split at `\r\n`, `\r` and `\n`, each its own `data:` line.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::ServerSentEvent;
    ///
    /// let event = ServerSentEvent::raw("<div>html fragment</div>");
    /// assert_eq!(&event.to_bytes()[..], b"data: <div>html fragment</div>\n\n");
    /// ```
    pub fn raw(text: impl Into<String>) -> Self {
        ServerSentEvent {
            data: Some(Data::Raw(text.into())),
            ..ServerSentEvent::default()
        }
    }

    /// Sets `data` to `value` as JSON.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidEvent`] if the event has `raw_data` (FastAPI: "Cannot set both
    /// 'data' and 'raw_data'"); the errors of [`json`](ServerSentEvent::json).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::ServerSentEvent;
    ///
    /// let event = ServerSentEvent::new().with_event("tick")?.with_data(&[1, 2])?;
    /// assert_eq!(&event.to_bytes()[..], b"event: tick\ndata: [1,2]\n\n");
    /// assert!(ServerSentEvent::raw("x").with_data(&1).is_err());
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn with_data<T: Serialize + ?Sized>(mut self, value: &T) -> Result<Self, Error> {
        if matches!(self.data, Some(Data::Raw(_))) {
            return Err(both_data());
        }
        let mut json = Vec::with_capacity(64);
        crate::json::write_into(&mut json, value)?;
        let json = String::from_utf8(json)
            .map_err(|e| Error::with_source(ErrorKind::Json, "JSON that is not UTF-8", e))?;
        self.data = Some(Data::Json(json));
        Ok(self)
    }

    /// Sets `data` to `text` as it is (FastAPI's `raw_data`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidEvent`] if the event has JSON `data`.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::ServerSentEvent;
    ///
    /// let event = ServerSentEvent::new().with_raw_data("cpu,87.3")?;
    /// assert_eq!(&event.to_bytes()[..], b"data: cpu,87.3\n\n");
    /// assert!(ServerSentEvent::json(&1)?.with_raw_data("x").is_err());
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn with_raw_data(mut self, text: impl Into<String>) -> Result<Self, Error> {
        if matches!(self.data, Some(Data::Json(_))) {
            return Err(both_data());
        }
        self.data = Some(Data::Raw(text.into()));
        Ok(self)
    }

    /// Sets the event type (`event:`, what `addEventListener` listens to).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidEvent`] for a value with `\r` or `\n` (FastAPI: "SSE 'event' must
    /// be a single line").
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::ServerSentEvent;
    ///
    /// assert!(ServerSentEvent::new().with_event("update").is_ok());
    /// assert!(ServerSentEvent::new().with_event("up\ndate").is_err());
    /// ```
    pub fn with_event(mut self, event: impl Into<String>) -> Result<Self, Error> {
        let event = event.into();
        single_line(&event, "event")?;
        self.event = Some(event);
        Ok(self)
    }

    /// Sets the event id (`id:`, which the browser sends back as `Last-Event-ID`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidEvent`] for a value with `\r`, `\n` or NUL (FastAPI: "SSE 'id'
    /// must be a single line", "must not contain null characters"; a browser ignores an id
    /// with NUL).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::ServerSentEvent;
    ///
    /// assert!(ServerSentEvent::new().with_id("42").is_ok());
    /// assert!(ServerSentEvent::new().with_id("4\02").is_err());
    /// ```
    pub fn with_id(mut self, id: impl Into<String>) -> Result<Self, Error> {
        let id = id.into();
        if id.contains('\0') {
            return Err(Error::new(
                ErrorKind::InvalidEvent,
                "SSE 'id' must not contain null characters",
            ));
        }
        single_line(&id, "id")?;
        self.id = Some(id);
        Ok(self)
    }

    /// Sets the reconnection time (`retry:`), in milliseconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::ServerSentEvent;
    ///
    /// let event = ServerSentEvent::new().with_retry(3000);
    /// assert_eq!(&event.to_bytes()[..], b"retry: 3000\n\n");
    /// ```
    pub fn with_retry(mut self, milliseconds: u64) -> Self {
        self.retry = Some(milliseconds);
        self
    }

    /// Sets a comment (`: text`), which clients ignore; a comment of several lines is one
    /// `:` line each.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::ServerSentEvent;
    ///
    /// let event = ServerSentEvent::new().with_comment("hi\n");
    /// assert_eq!(&event.to_bytes()[..], b": hi\n: \n\n");
    /// ```
    pub fn with_comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// The `data`, as sent: the JSON text, or the raw text.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = responses::sse::ServerSentEvent::json(&"hi")?;
    /// assert_eq!(event.data(), Some("\"hi\""));
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn data(&self) -> Option<&str> {
        self.data.as_ref().map(Data::as_str)
    }

    /// The event type.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = responses::sse::ServerSentEvent::new().with_event("tick")?;
    /// assert_eq!(event.event(), Some("tick"));
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn event(&self) -> Option<&str> {
        self.event.as_deref()
    }

    /// The id.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = responses::sse::ServerSentEvent::new().with_id("9")?;
    /// assert_eq!(event.id(), Some("9"));
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The reconnection time, in milliseconds.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = responses::sse::ServerSentEvent::new().with_retry(10);
    /// assert_eq!(event.retry(), Some(10));
    /// ```
    pub fn retry(&self) -> Option<u64> {
        self.retry
    }

    /// The comment.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = responses::sse::ServerSentEvent::new().with_comment("note");
    /// assert_eq!(event.comment(), Some("note"));
    /// ```
    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }

    /// The event as it is sent (FastAPI's `format_sse_event`).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::sse::ServerSentEvent;
    ///
    /// let event = ServerSentEvent::raw("Hello\r\nWorld").with_comment("c");
    /// assert_eq!(&event.to_bytes()[..], b": c\ndata: Hello\ndata: World\n\n");
    /// ```
    pub fn to_bytes(&self) -> Bytes {
        let mut out = BytesMut::with_capacity(self.encoded_len());
        self.write_to(&mut out);
        out.freeze()
    }

    /// An upper bound of the encoded length (a line break counts as the longest, `\r\n`).
    fn encoded_len(&self) -> usize {
        let lines = |s: &str, prefix: usize| s.len() + (1 + line_breaks(s)) * (prefix + 1);
        self.comment.as_deref().map_or(0, |c| lines(c, 2))
            + self.event.as_deref().map_or(0, |e| e.len() + 8)
            + self.data().map_or(0, |d| lines(d, 6))
            + self.id.as_deref().map_or(0, |i| i.len() + 5)
            + self.retry.map_or(0, |_| 28)
            + 2
    }

    /// Writes the event: its lines, each ended by `\n`, then an empty line.
    fn write_to(&self, out: &mut BytesMut) {
        if let Some(comment) = &self.comment {
            for line in split_lines(comment) {
                out.put_slice(b": ");
                out.put_slice(line.as_bytes());
                out.put_u8(b'\n');
            }
        }
        if let Some(event) = &self.event {
            out.put_slice(b"event: ");
            out.put_slice(event.as_bytes());
            out.put_u8(b'\n');
        }
        if let Some(data) = self.data() {
            for line in split_lines(data) {
                out.put_slice(b"data: ");
                out.put_slice(line.as_bytes());
                out.put_u8(b'\n');
            }
        }
        if let Some(id) = &self.id {
            out.put_slice(b"id: ");
            out.put_slice(id.as_bytes());
            out.put_u8(b'\n');
        }
        if let Some(retry) = self.retry {
            out.put_slice(b"retry: ");
            out.put_slice(itoa::Buffer::new().format(retry).as_bytes());
            out.put_u8(b'\n');
        }
        // FastAPI joins the lines and two empty strings with `\n`: every line ends with
        // `\n`, then one more (so an event with no field is a lone `\n`).
        out.put_u8(b'\n');
    }
}

impl fmt::Debug for ServerSentEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("ServerSentEvent");
        if let Some(c) = &self.comment {
            s.field("comment", c);
        }
        if let Some(e) = &self.event {
            s.field("event", e);
        }
        match &self.data {
            Some(Data::Json(d)) => {
                s.field("data", d);
            }
            Some(Data::Raw(d)) => {
                s.field("raw_data", d);
            }
            None => {}
        }
        if let Some(i) = &self.id {
            s.field("id", i);
        }
        if let Some(r) = &self.retry {
            s.field("retry", r);
        }
        s.finish()
    }
}

fn both_data() -> Error {
    Error::new(
        ErrorKind::InvalidEvent,
        "Cannot set both 'data' and 'raw_data' on the same ServerSentEvent. Use 'data' for JSON-serialized payloads or 'raw_data' for pre-formatted strings.",
    )
}

fn single_line(value: &str, field: &str) -> Result<(), Error> {
    if value.contains(['\r', '\n']) {
        return Err(Error::new(
            ErrorKind::InvalidEvent,
            format!("SSE '{field}' must be a single line"),
        ));
    }
    Ok(())
}

/// The number of line ends in `s` (`\r\n` counted once).
fn line_breaks(s: &str) -> usize {
    split_lines(s).count() - 1
}

/// The lines of `s` split at `\r\n`, `\r` and `\n` (the event-stream line ends), keeping
/// empty ones: `"a\n"` is `["a", ""]`.
fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\r', '\n']) {
            Some(at) => {
                let skip = if current[at..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[at + skip..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

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
    fn encode(self) -> Result<Bytes, Error> {
        let mut out = Vec::with_capacity(96);
        out.extend_from_slice(b"data: ");
        crate::json::write_into(&mut out, &self)?;
        out.extend_from_slice(b"\n\n");
        Ok(Bytes::from(out))
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
///   (Tokio panics when such a runtime makes a timer; that panic is caught, so a build
///   with `panic = "abort"` needs a runtime with its timer).
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
    pub fn new<S>(stream: S) -> Self
    where
        S: Stream + Send + 'static,
        S::Item: IntoEvent,
    {
        EventSourceResponse::from_encoded(Encoded { inner: stream })
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
        EventSourceResponse::from_encoded(Encoded {
            inner: TryItems { inner: stream },
        })
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
            stream: Box::pin(crate::stream::FlushBeforeError::new(stream)),
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

/// `#[endpoint(response_class = EventSourceResponse)]`: a handler that returns a stream of
/// events or values (FastAPI's generator endpoints).
impl<S> crate::ResponseClass<S> for EventSourceResponse
where
    S: Stream + Send + 'static,
    S::Item: IntoEvent,
{
    fn from_content(stream: S) -> Self {
        EventSourceResponse::new(stream)
    }

    fn with_status(self, status: StatusCode) -> Self {
        self.with_status_code(status)
    }
}

impl<S> crate::EndpointClass<S> for EventSourceResponse
where
    S: Stream + Send + 'static,
    S::Item: IntoEvent,
{
    type Response = EventSourceResponse;
}

/// A handler that returns the class itself.
impl crate::ResponseClass<EventSourceResponse> for EventSourceResponse {
    fn from_content(response: EventSourceResponse) -> Self {
        response
    }

    fn with_status(self, status: StatusCode) -> Self {
        self.with_status_code(status)
    }
}

impl crate::EndpointClass<EventSourceResponse> for EventSourceResponse {
    type Response = EventSourceResponse;
}

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
        // A repeated name comes as `None` after its first value.
        let mut current = None;
        for (name, value) in caller {
            if name.is_some() {
                current = name;
            }
            if let Some(name) = &current {
                crate::header::try_append(&mut headers, name.clone(), value)?;
            }
        }
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

pin_project_lite::pin_project! {
    /// The items of a stream, each as its event's bytes.
    struct Encoded<S> {
        #[pin]
        inner: S,
    }
}

impl<S> Stream for Encoded<S>
where
    S: Stream,
    S::Item: IntoEventResult,
{
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        match this.inner.poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Ready(Some(item)) => Poll::Ready(Some(item.encode_result().map_err(|err| {
                Error::with_source(
                    ErrorKind::Stream,
                    format!("the event stream failed: {err}"),
                    err,
                )
            }))),
        }
    }
}

/// An item of [`Encoded`]: an event, or a `Result` of one.
trait IntoEventResult {
    fn encode_result(self) -> Result<Bytes, BoxError>;
}

impl<T: IntoEvent> IntoEventResult for T {
    fn encode_result(self) -> Result<Bytes, BoxError> {
        self.encode().map_err(Into::into)
    }
}

pin_project_lite::pin_project! {
    /// A stream of `Result`s, its errors boxed.
    struct TryItems<S> {
        #[pin]
        inner: S,
    }
}

/// The event of a fallible item.
struct Fallible<T>(Result<T, BoxError>);

impl<T: IntoEvent> IntoEventResult for Fallible<T> {
    fn encode_result(self) -> Result<Bytes, BoxError> {
        self.0?.encode().map_err(Into::into)
    }
}

impl<S, T, E> Stream for TryItems<S>
where
    S: Stream<Item = Result<T, E>>,
    E: Into<BoxError>,
{
    type Item = Fallible<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.project()
            .inner
            .poll_next(cx)
            .map(|item| item.map(|r| Fallible(r.map_err(Into::into))))
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

/// `interval` from now; an interval too long to add ("never") is about thirty years, as
/// Tokio caps a sleep.
fn deadline(interval: Duration) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    now.checked_add(interval)
        .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365 * 30))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_at_event_stream_line_ends_only() {
        let lines = |s| split_lines(s).collect::<Vec<_>>();
        assert_eq!(lines("a\nb"), ["a", "b"]);
        assert_eq!(lines("a\r\nb"), ["a", "b"]);
        assert_eq!(lines("a\rb"), ["a", "b"]);
        assert_eq!(lines("a\n"), ["a", ""]);
        assert_eq!(lines(""), [""]);
        assert_eq!(lines("\r\n"), ["", ""]);
        assert_eq!(lines("a\r\rb"), ["a", "", "b"]);
        assert_eq!(lines("a\n\rb"), ["a", "", "b"]);
        assert_eq!(lines("a\u{2028}b\u{b}c\u{c}d"), ["a\u{2028}b\u{b}c\u{c}d"]);
    }

    #[test]
    fn the_length_estimate_is_never_short() {
        let events = [
            ServerSentEvent::new(),
            ServerSentEvent::raw("a\r\nb\nc\rd")
                .with_comment("x\ny")
                .with_retry(u64::MAX),
            ServerSentEvent::json(&"é").unwrap_or_default(),
        ];
        for event in events {
            assert!(event.to_bytes().len() <= event.encoded_len(), "{event:?}");
        }
    }
}
