//! One event: FastAPI's `ServerSentEvent`, and how it is written.

use std::fmt;

use bytes::Bytes;
use serde::Serialize;

use crate::error::{Error, ErrorKind};

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
        let written = crate::json::render(|out| {
            self.write_to(out);
            Ok::<(), std::convert::Infallible>(())
        });
        match written {
            Ok(bytes) => bytes,
            Err(never) => match never {},
        }
    }

    /// Writes the event: its lines, each ended by `\n`, then an empty line.
    fn write_to(&self, out: &mut Vec<u8>) {
        if let Some(comment) = &self.comment {
            for line in split_lines(comment) {
                out.extend_from_slice(b": ");
                out.extend_from_slice(line.as_bytes());
                out.push(b'\n');
            }
        }
        if let Some(event) = &self.event {
            out.extend_from_slice(b"event: ");
            out.extend_from_slice(event.as_bytes());
            out.push(b'\n');
        }
        if let Some(data) = self.data() {
            for line in split_lines(data) {
                out.extend_from_slice(b"data: ");
                out.extend_from_slice(line.as_bytes());
                out.push(b'\n');
            }
        }
        if let Some(id) = &self.id {
            out.extend_from_slice(b"id: ");
            out.extend_from_slice(id.as_bytes());
            out.push(b'\n');
        }
        if let Some(retry) = self.retry {
            out.extend_from_slice(b"retry: ");
            out.extend_from_slice(itoa::Buffer::new().format(retry).as_bytes());
            out.push(b'\n');
        }
        // FastAPI joins the lines and two empty strings with `\n`: every line ends with
        // `\n`, then one more (so an event with no field is a lone `\n`).
        out.push(b'\n');
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

/// The lines of `s` split at `\r\n`, `\r` and `\n` (the event-stream line ends), keeping
/// empty ones: `"a\n"` is `["a", ""]`.
fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let current = rest?;
        match memchr::memchr2(b'\r', b'\n', current.as_bytes()) {
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
}
