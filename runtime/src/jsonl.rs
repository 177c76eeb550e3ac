//! JSON Lines: FastAPI's streaming of a generator's items as `application/jsonl`.

use std::fmt;
use std::pin::Pin;

use bytes::Bytes;
use futures_core::Stream;
use http::{HeaderValue, StatusCode};
use serde::Serialize;

use crate::body::Body;
use crate::error::{BoxError, Error};
use crate::head::{Head, common_methods};
use crate::stream::{EncodeItems, OkItems};

type LineStream = Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send + 'static>>;

/// JSON Lines, as FastAPI 0.134+ streams a generator endpoint's items: each item compact
/// JSON (this crate's JSON rules: UTF-8, `NaN` refused) followed by `\n`, with
/// `content-type: application/jsonl`, one chunk per item.
///
/// An item that cannot be JSON (`NaN`), or an error of
/// [`try_new`](JsonLinesResponse::try_new)'s stream, ends the response as a broken
/// transfer after the lines already sent, as [`StreamingResponse`](crate::StreamingResponse)
/// does. Background tasks run after the last line. An item of raw JSON with line breaks
/// (a pretty-printed `RawValue`) has each CR and LF written as a space, JSON's whitespace,
/// so that it stays one line.
///
/// # Examples
///
/// ```
/// use responses::{IntoHttp, JsonLinesResponse};
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Item { name: &'static str }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let r = JsonLinesResponse::from_iter([Item { name: "Plumbus" }, Item { name: "Grüße" }])
///     .into_http()?;
/// assert_eq!(r.headers()["content-type"], "application/jsonl");
/// let body = r.into_body().collect_bytes().await?;
/// assert_eq!(&body[..], "{\"name\":\"Plumbus\"}\n{\"name\":\"Grüße\"}\n".as_bytes());
/// # Ok::<(), responses::Error>(())
/// # }).unwrap();
/// ```
pub struct JsonLinesResponse {
    head: Head,
    stream: LineStream,
}

impl JsonLinesResponse {
    /// A 200 response streaming the items of `stream`, one JSON line each.
    ///
    /// # Examples
    ///
    /// ```
    /// let items = async_stream::stream! {
    ///     yield serde_json::json!({"n": 1});
    /// };
    /// let r = responses::JsonLinesResponse::new(items);
    /// assert_eq!(r.status_code(), 200);
    /// ```
    ///
    /// A stream of `Result`s goes to [`try_new`](JsonLinesResponse::try_new): given here,
    /// each `Result` whose sides are `Serialize` would be sent as its JSON (`{"Ok":…}`),
    /// and an error would not end the stream.
    pub fn new<S>(stream: S) -> Self
    where
        S: Stream + Send + 'static,
        S::Item: Serialize,
    {
        JsonLinesResponse::try_new(OkItems::new(stream))
    }

    /// A 200 response streaming the items of a stream of `Result`s: an error ends the
    /// response as a broken transfer, after the lines already sent.
    ///
    /// # Examples
    ///
    /// ```
    /// let items = async_stream::stream! {
    ///     yield Ok::<_, std::io::Error>(1);
    /// };
    /// let r = responses::JsonLinesResponse::try_new(items);
    /// # let _ = r;
    /// ```
    pub fn try_new<S, T, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<T, E>> + Send + 'static,
        T: Serialize,
        E: Into<BoxError>,
    {
        JsonLinesResponse::from_lines(EncodeItems::new(stream, "JSON Lines", |value: T| {
            line(&value)
        }))
    }

    /// A 200 response streaming the items of an iterator that does not block.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = responses::JsonLinesResponse::from_iter([1, 2, 3]);
    /// # let _ = r;
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from_iter<I>(iter: I) -> Self
    where
        I: IntoIterator,
        I::IntoIter: Send + 'static,
        I::Item: Serialize + Send + 'static,
    {
        JsonLinesResponse::try_new(crate::body::iter_stream(iter))
    }

    fn from_lines(stream: impl Stream<Item = Result<Bytes, Error>> + Send + 'static) -> Self {
        JsonLinesResponse {
            head: Head::new(StatusCode::OK),
            stream: Box::pin(stream),
        }
    }
}

common_methods!(
    JsonLinesResponse,
    "responses::JsonLinesResponse::from_iter([1])"
);

crate::stream::stream_class!(JsonLinesResponse, Serialize);

impl crate::IntoHttp for JsonLinesResponse {
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        let JsonLinesResponse { mut head, stream } = self;
        let checked = head.check()?;
        let content_type = HeaderValue::from_static("application/jsonl");
        head.finish_streamed(
            checked,
            Body::from_result_stream(stream),
            Some(content_type),
        )
    }
}

impl fmt::Debug for JsonLinesResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLinesResponse")
            .field("head", &self.head)
            .finish_non_exhaustive()
    }
}

/// One line: the item's JSON and `\n`. Compact JSON has no line break, but raw JSON (a
/// `RawValue` of pretty-printed JSON) may: there each CR and LF is whitespace between
/// tokens (inside a JSON string they would be escaped), so it is written as a space, and the
/// item stays one line with the same value.
fn line<T: Serialize + ?Sized>(item: &T) -> Result<Bytes, Error> {
    crate::json::render(|out| {
        crate::json::write_into(out, item)?;
        if memchr::memchr2(b'\n', b'\r', out).is_some() {
            for byte in out.iter_mut() {
                if matches!(*byte, b'\n' | b'\r') {
                    *byte = b' ';
                }
            }
        }
        out.push(b'\n');
        Ok(())
    })
}
