//! The one error type of the crate.

use std::borrow::Cow;
use std::fmt;

/// A boxed error that can cross threads, as used by `http-body`, hyper and tower.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What went wrong, for a caller that wants to react to one kind of error.
///
/// The list may grow: match it with a wildcard arm.
///
/// # Examples
///
/// ```
/// use responses::{ErrorKind, PlainTextResponse, IntoHttp};
///
/// let err = PlainTextResponse::new("hi")
///     .with_header("x-bad", "a\r\nb")
///     .into_http()
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidHeaderValue);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A status code outside `100..=599`, or 101 (the server's protocol upgrade).
    InvalidStatus,
    /// A header name that is not an RFC 9110 token.
    InvalidHeaderName,
    /// A header value with a control character (CR, LF, NUL…) or a character above U+00FF.
    InvalidHeaderValue,
    /// More headers than an `http::HeaderMap` can hold.
    TooManyHeaders,
    /// A header the server writes, which a response cannot set: `transfer-encoding`,
    /// `connection` and the other hop-by-hop headers (see
    /// [`FRAMING_HEADERS`](crate::headers::FRAMING_HEADERS)).
    FramingHeader,
    /// A `content-length` given by the caller that contradicts the body.
    ContentLengthMismatch,
    /// A media type that is not `type/subtype` with well-formed parameters.
    InvalidMediaType,
    /// A charset name that is not known, or that cannot encode text.
    UnknownCharset,
    /// A media type that names one charset while another is set (`with_charset`), or a
    /// JSON media type that names a charset other than UTF-8: the body would contradict
    /// its `content-type`.
    CharsetMismatch,
    /// A character that the response's charset cannot encode.
    Unencodable,
    /// A cookie name, value or attribute that cannot be written in a `set-cookie` header.
    InvalidCookie,
    /// A value that serde could not turn into JSON.
    Json,
    /// `NaN`, `Infinity` or `-Infinity` in a JSON body (JSON has no such numbers).
    NonFiniteFloat,
    /// A streamed body that failed while it was being sent.
    Stream,
    /// A Server-Sent Event that cannot be sent as given: an `event` or `id` with a line
    /// break, an `id` with NUL, or both `data` and `raw_data`.
    InvalidEvent,
    /// A file that does not exist.
    FileNotFound,
    /// A file that is not a regular file, cannot be read, or changed while it was being
    /// sent.
    File,
    /// A file chunk size of 0 or above
    /// [`MAX_CHUNK_SIZE`](crate::file::MAX_CHUNK_SIZE).
    InvalidChunkSize,
    /// A `Range` header that is malformed (answered with 400).
    MalformedRange,
    /// A `Range` header that no part of the file satisfies (answered with 416).
    UnsatisfiableRange,
    /// An I/O error that is not about a missing file (a handler's `?` on `std::io`).
    Io,
    /// A background task that failed or panicked.
    Background,
    /// A render function given to `#[derive(Response)]` (`render_with`) failed.
    Render,
}

impl ErrorKind {
    fn describe(self) -> &'static str {
        match self {
            ErrorKind::InvalidStatus => "invalid status code",
            ErrorKind::InvalidHeaderName => "invalid header name",
            ErrorKind::InvalidHeaderValue => "invalid header value",
            ErrorKind::TooManyHeaders => "too many headers",
            ErrorKind::FramingHeader => "framing header",
            ErrorKind::ContentLengthMismatch => "content-length mismatch",
            ErrorKind::InvalidMediaType => "invalid media type",
            ErrorKind::UnknownCharset => "unknown charset",
            ErrorKind::CharsetMismatch => "charset mismatch",
            ErrorKind::Unencodable => "unencodable character",
            ErrorKind::InvalidCookie => "invalid cookie",
            ErrorKind::Json => "JSON serialization failed",
            ErrorKind::NonFiniteFloat => "non-finite float in JSON",
            ErrorKind::Stream => "stream failed",
            ErrorKind::InvalidEvent => "invalid server-sent event",
            ErrorKind::FileNotFound => "file not found",
            ErrorKind::File => "file error",
            ErrorKind::InvalidChunkSize => "invalid chunk size",
            ErrorKind::MalformedRange => "malformed range",
            ErrorKind::UnsatisfiableRange => "unsatisfiable range",
            ErrorKind::Io => "I/O error",
            ErrorKind::Background => "background task failed",
            ErrorKind::Render => "render function failed",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The error of every fallible operation in this crate: building, rendering or sending a
/// response.
///
/// Its [`Display`](fmt::Display) names the bad value; [`kind`](Error::kind) tells what
/// went wrong; [`source`](std::error::Error::source) gives the underlying error, if any.
///
/// # Examples
///
/// ```
/// use responses::{ErrorKind, PlainTextResponse, IntoHttp};
///
/// let err = PlainTextResponse::new("€5")
///     .with_charset("latin-1")
///     .into_http()
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Unencodable);
/// assert!(err.to_string().contains("'€'"));
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: Cow<'static, str>,
    source: Option<BoxError>,
}

impl Error {
    /// An error of `kind` with a message for people.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Error, ErrorKind};
    ///
    /// let err = Error::new(ErrorKind::Stream, "upstream closed");
    /// assert_eq!(err.to_string(), "stream failed: upstream closed");
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                source: None,
            }),
        }
    }

    /// An error of `kind` caused by `source`.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Error, ErrorKind};
    ///
    /// let io = std::io::Error::other("disk on fire");
    /// let err = Error::with_source(ErrorKind::File, "reading /tmp/x", io);
    /// assert!(std::error::Error::source(&err).is_some());
    /// ```
    pub fn with_source(
        kind: ErrorKind,
        message: impl Into<Cow<'static, str>>,
        source: impl Into<BoxError>,
    ) -> Self {
        let mut err = Error::new(kind, message);
        err.inner.source = Some(source.into());
        err
    }

    /// What went wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Error, ErrorKind};
    ///
    /// assert_eq!(Error::new(ErrorKind::Json, "x").kind(), ErrorKind::Json);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The message, without the kind's prefix.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Error, ErrorKind};
    ///
    /// assert_eq!(Error::new(ErrorKind::Json, "bad map key").message(), "bad map key");
    /// ```
    pub fn message(&self) -> &str {
        &self.inner.message
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind)
            .field("message", &self.inner.message);
        if let Some(source) = &self.inner.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.inner.kind, self.inner.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Shows a value inside an error message: quoted, with control and non-ASCII characters
/// escaped, and cut after 100 characters so that a huge input does not flood a log.
pub(crate) fn show(value: &str) -> String {
    responses_rules::quote(value)
}

/// [`show`] for bytes that may not be UTF-8.
pub(crate) fn show_bytes(value: &[u8]) -> String {
    match std::str::from_utf8(value) {
        Ok(s) => show(s),
        Err(_) => {
            let lossy: String = value.iter().map(|&b| char::from(b)).collect();
            show(&lossy)
        }
    }
}

impl From<std::io::Error> for Error {
    /// A handler's I/O error: [`ErrorKind::FileNotFound`] (answered 404 by the
    /// integrations) for a missing file, [`ErrorKind::Io`] (500) otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Error, ErrorKind};
    ///
    /// fn read(path: &str) -> Result<String, Error> {
    ///     Ok(std::fs::read_to_string(path)?)
    /// }
    /// assert_eq!(read("/no/such/file").unwrap_err().kind(), ErrorKind::FileNotFound);
    /// ```
    fn from(err: std::io::Error) -> Self {
        let kind = match err.kind() {
            std::io::ErrorKind::NotFound => ErrorKind::FileNotFound,
            _ => ErrorKind::Io,
        };
        Error::with_source(kind, err.to_string(), err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_kind_and_message() {
        let err = Error::new(
            ErrorKind::InvalidStatus,
            "1000 is not a status code in 100..=599",
        );
        assert_eq!(
            err.to_string(),
            "invalid status code: 1000 is not a status code in 100..=599"
        );
        assert_eq!(err.kind(), ErrorKind::InvalidStatus);
    }

    #[test]
    fn show_escapes_controls_and_truncates() {
        assert_eq!(show("a\r\nb"), "\"a\\r\\nb\"");
        assert_eq!(show("q\"b\\"), "\"q\\\"b\\\\\"");
        let long = "x".repeat(500);
        let shown = show(&long);
        assert!(shown.ends_with("…\""));
        assert_eq!(shown.chars().count(), 100 + 3);
        assert_eq!(show_bytes(b"\xff\x00"), "\"\u{ff}\\u{0}\"");
    }

    #[test]
    fn error_is_send_sync_and_small() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }
}
