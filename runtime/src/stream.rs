//! `StreamingResponse`: a body made of the chunks of a stream or an iterator.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http::StatusCode;

use crate::body::Body;
pub use crate::content::Chunk;
use crate::error::{BoxError, Error, ErrorKind};
use crate::head::{ContentType, Head, common_methods, content_type_methods};

/// An item of a stream given to [`StreamingResponse`]: anything that converts into a
/// [`Chunk`] (`Bytes`, `Vec<u8>`, `&'static [u8]`, a byte literal `&'static [u8; N]`,
/// `String`, `&'static str`, `Box<str>`, `Cow<'static, str>`), or a `Result` of one whose
/// error aborts the response. Any other item is a compile error that says what to yield.
///
/// # Examples
///
/// ```
/// use responses::stream::StreamItem;
///
/// assert!("a".into_chunk().is_ok());
/// assert!(Err::<String, _>("boom").into_chunk().is_err());
/// ```
#[diagnostic::on_unimplemented(
    message = "a stream of `{Self}` items cannot be a response body",
    label = "not bytes or text",
    note = "a stream yields bytes (`Bytes`, `Vec<u8>`, `&'static [u8]`, a byte literal `b\"..\"`) or text (`String`, `&'static str`), or a `Result` of one whose error aborts the response",
    note = "format a value first (`value.to_string()`), or serialize it (`serde_json::to_vec(&value)`)"
)]
pub trait StreamItem: Send + 'static {
    /// The chunk, or the error that ends the stream.
    ///
    /// # Errors
    ///
    /// The item's own error.
    fn into_chunk(self) -> Result<Chunk, BoxError>;
}

// Not looked through in error messages: an item that is not a chunk is reported as not a
// `StreamItem` (with the message above), not as a missing `From` impl of `Chunk`.
#[diagnostic::do_not_recommend]
impl<T: Into<Chunk> + Send + 'static> StreamItem for T {
    fn into_chunk(self) -> Result<Chunk, BoxError> {
        Ok(self.into())
    }
}

impl<C, E> StreamItem for Result<C, E>
where
    C: StreamItem,
    E: Into<BoxError> + Send + 'static,
{
    fn into_chunk(self) -> Result<Chunk, BoxError> {
        match self {
            Ok(c) => c.into_chunk(),
            Err(e) => Err(e.into()),
        }
    }
}

type ItemStream = Pin<Box<dyn Stream<Item = Result<Chunk, BoxError>> + Send + 'static>>;

/// Starlette's `StreamingResponse`: the body is sent chunk by chunk as a stream or an
/// iterator produces it.
///
/// * No media type by default (so no `content-type`); text chunks are encoded with the
///   charset (`utf-8` by default).
/// * No `content-length` unless the caller gives one; then the stream must yield exactly
///   that many bytes, or the transfer is aborted.
/// * An error from the stream aborts the response: the client sees a broken transfer, not
///   a clean end (after every chunk that came before the error), and background tasks do
///   not run. So does a client that goes away: the
///   stream is dropped.
/// * Background tasks run after the last chunk has been handed to the server.
///
/// # Examples
///
/// ```
/// use responses::{IntoHttp, StreamingResponse};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let r = StreamingResponse::from_iter(["hello", ", ", "world"])
///     .with_media_type("text/plain")
///     .into_http()?;
/// assert_eq!(r.headers()["content-type"], "text/plain; charset=utf-8");
/// assert!(r.headers().get("content-length").is_none());
/// let body = r.into_body().collect_bytes().await?;
/// assert_eq!(&body[..], b"hello, world");
/// # Ok::<(), responses::Error>(())
/// # }).unwrap();
/// ```
pub struct StreamingResponse {
    head: Head,
    stream: ItemStream,
    content_type: ContentType,
}

impl StreamingResponse {
    /// A 200 response streaming the items of `stream`.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{StreamingResponse, body::iter_stream};
    ///
    /// let r = StreamingResponse::new(iter_stream(vec![Ok::<_, std::io::Error>("a")]));
    /// assert_eq!(r.status_code(), 200);
    /// ```
    ///
    /// An async generator, FastAPI's `async def streamer(): yield b"..."`, written with the
    /// `async-stream` crate:
    ///
    /// ```
    /// use responses::{IntoHttp, StreamingResponse};
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
    /// let streamer = async_stream::stream! {
    ///     for _ in 0..3 {
    ///         yield b"some fake video bytes";
    ///         tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    ///     }
    /// };
    /// let body = StreamingResponse::new(streamer).into_http()?.into_body().collect_bytes().await?;
    /// assert_eq!(body.len(), 3 * 21);
    /// # Ok::<(), responses::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn new<S>(stream: S) -> Self
    where
        S: Stream + Send + 'static,
        S::Item: StreamItem,
    {
        StreamingResponse {
            head: Head::new(StatusCode::OK),
            stream: Box::pin(ItemMap { inner: stream }),
            content_type: ContentType::new(None),
        }
    }

    /// A 200 response streaming the items of an iterator that does not block (for one that
    /// does, use [`from_blocking_iter`](StreamingResponse::from_blocking_iter)).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = responses::StreamingResponse::from_iter((1..=3).map(|n| format!("{n}\n")));
    /// # let _ = r;
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from_iter<I>(iter: I) -> Self
    where
        I: IntoIterator,
        I::IntoIter: Send + 'static,
        I::Item: StreamItem,
    {
        StreamingResponse::new(crate::body::iter_stream(iter).map_ok())
    }

    /// A 200 response streaming what `reader` yields, `chunk_size` bytes at most per chunk
    /// (FastAPI's "file-like object" example): a file opened with Tokio, a socket, a
    /// decompressor, anything [`tokio::io::AsyncRead`]. A read error aborts the transfer. A
    /// chunk size of 0 or above [`MAX_CHUNK_SIZE`](crate::file::MAX_CHUNK_SIZE) makes the
    /// conversion fail with [`ErrorKind::InvalidChunkSize`].
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use responses::{IntoHttp, StreamingResponse};
    ///
    /// let reader: &[u8] = b"some bytes from a reader";
    /// let r = StreamingResponse::from_reader(reader, 8).with_media_type("text/plain");
    /// let body = r.into_http()?.into_body().collect_bytes().await?;
    /// assert_eq!(&body[..], b"some bytes from a reader");
    /// # Ok::<(), responses::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn from_reader<R>(reader: R, chunk_size: usize) -> Self
    where
        R: tokio::io::AsyncRead + Send + 'static,
    {
        let mut response = StreamingResponse::new(ReaderStream {
            reader: Box::pin(reader),
            buf: bytes::BytesMut::new(),
            chunk_size: chunk_size.clamp(1, crate::file::MAX_CHUNK_SIZE),
            done: false,
        });
        if !(1..=crate::file::MAX_CHUNK_SIZE).contains(&chunk_size) {
            response.head.record::<()>(Err(Error::new(
                ErrorKind::InvalidChunkSize,
                format!(
                    "chunk size {chunk_size} is not in 1..={} bytes",
                    crate::file::MAX_CHUNK_SIZE
                ),
            )));
        }
        response
    }

    /// A 200 response streaming the items of an iterator whose `next` may block (reading a
    /// pipe, a database cursor…): each `next` runs on Tokio's blocking pool, as Starlette
    /// runs a sync iterator in a thread. Outside a Tokio runtime, `next` runs in place.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::BufRead;
    ///
    /// let lines = std::io::Cursor::new("a\nb\n").lines().map(|l| l.map(|l| l + "\n"));
    /// let r = responses::StreamingResponse::from_blocking_iter(lines);
    /// # let _ = r;
    /// ```
    pub fn from_blocking_iter<I>(iter: I) -> Self
    where
        I: IntoIterator,
        I::IntoIter: Send + 'static,
        I::Item: StreamItem,
    {
        StreamingResponse {
            head: Head::new(StatusCode::OK),
            stream: Box::pin(BlockingIter {
                iter: Some(iter.into_iter()),
                pending: None,
            }),
            content_type: ContentType::new(None),
        }
    }
}

common_methods!(
    StreamingResponse,
    "StreamingResponse::from_iter([\"chunk\"])"
);
content_type_methods!(
    StreamingResponse,
    "StreamingResponse::from_iter([\"chunk\"])",
    media: "(none by default)",
    charset: "text chunks are encoded with it, bytes are sent as they are"
);

/// The class impls of a response made from a stream: `#[endpoint(response_class = $ty)]` on
/// a handler that returns a stream whose items are `$item` (FastAPI's generator endpoints),
/// or one that returns the class itself.
macro_rules! stream_class {
    ($ty:ident, $item:path) => {
        impl<S> crate::ResponseClass<S> for $ty
        where
            S: futures_core::Stream + Send + 'static,
            S::Item: $item,
        {
            fn from_content(stream: S) -> Self {
                $ty::new(stream)
            }

            fn with_status(self, status: http::StatusCode) -> Self {
                self.with_status_code(status)
            }
        }

        impl<S> crate::EndpointClass<S> for $ty
        where
            S: futures_core::Stream + Send + 'static,
            S::Item: $item,
        {
            type Response = $ty;
        }

        impl crate::ResponseClass<$ty> for $ty {
            fn from_content(response: $ty) -> Self {
                response
            }

            fn with_status(self, status: http::StatusCode) -> Self {
                self.with_status_code(status)
            }
        }

        impl crate::EndpointClass<$ty> for $ty {
            type Response = $ty;
        }
    };
}
pub(crate) use stream_class;

stream_class!(StreamingResponse, StreamItem);

impl crate::IntoHttp for StreamingResponse {
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        let StreamingResponse {
            head,
            stream,
            content_type,
        } = self;
        let mut head = head;
        let checked = head.check()?;
        let header = content_type.header();
        let charset = content_type.encoding(true)?;
        let body =
            Body::from_result_stream(EncodeItems::new(stream, "body", move |chunk| match chunk {
                Chunk::Bytes(bytes) => Ok(bytes),
                Chunk::Text(text) => charset.encode(text),
            }));
        head.finish_streamed(checked, body, header)
    }
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("head", &self.head)
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

impl<I: Iterator> crate::body::IterStream<I> {
    /// The items as they are (for `StreamItem`s).
    fn map_ok(self) -> IterItems<I> {
        IterItems(self)
    }
}

/// An iterator's items, unwrapped from the `Ok` of [`IterStream`](crate::body::IterStream).
struct IterItems<I>(crate::body::IterStream<I>);

impl<I: Iterator> Stream for IterItems<I> {
    type Item = I::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<I::Item>> {
        match Pin::new(&mut self.0).poll_next(cx) {
            Poll::Ready(Some(Ok(item))) => Poll::Ready(Some(item)),
            Poll::Ready(Some(Err(never))) => match never {},
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

pin_project_lite::pin_project! {
    /// Converts a stream's items into chunks.
    struct ItemMap<S> {
        #[pin]
        inner: S,
    }
}

impl<S> Stream for ItemMap<S>
where
    S: Stream,
    S::Item: StreamItem,
{
    type Item = Result<Chunk, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.project()
            .inner
            .poll_next(cx)
            .map(|item| item.map(StreamItem::into_chunk))
    }
}

/// A stream error as this crate's: [`ErrorKind::Stream`], "the `what` stream failed: …",
/// the error as its source.
pub(crate) fn stream_failed(what: &str, err: impl Into<BoxError>) -> Error {
    let err = err.into();
    Error::with_source(
        ErrorKind::Stream,
        format!("the {what} stream failed: {err}"),
        err,
    )
}

pin_project_lite::pin_project! {
    /// The body chunks of a stream of `Result`s: each item by `encode`, each error as
    /// [`stream_failed`] makes it. What the classes' streams go through, whatever their
    /// items (chunks, events, JSON lines).
    pub(crate) struct EncodeItems<S, F> {
        #[pin]
        inner: S,
        encode: F,
        what: &'static str,
    }
}

impl<S, F> EncodeItems<S, F> {
    /// `what` names the stream in its errors ("body", "event", "JSON Lines").
    pub(crate) fn new(inner: S, what: &'static str, encode: F) -> Self {
        EncodeItems {
            inner,
            encode,
            what,
        }
    }
}

impl<S, T, E, F> Stream for EncodeItems<S, F>
where
    S: Stream<Item = Result<T, E>>,
    E: Into<BoxError>,
    F: FnMut(T) -> Result<Bytes, Error>,
{
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        this.inner.poll_next(cx).map(|item| {
            item.map(|result| match result {
                Ok(value) => (this.encode)(value),
                Err(err) => Err(stream_failed(this.what, err)),
            })
        })
    }
}

pin_project_lite::pin_project! {
    /// The items of a stream, each `Ok`: an infallible stream for [`EncodeItems`].
    pub(crate) struct OkItems<S> {
        #[pin]
        inner: S,
    }
}

impl<S> OkItems<S> {
    pub(crate) fn new(inner: S) -> Self {
        OkItems { inner }
    }
}

impl<S: Stream> Stream for OkItems<S> {
    type Item = Result<S::Item, std::convert::Infallible>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.project().inner.poll_next(cx).map(|item| item.map(Ok))
    }
}

type Next<I> =
    Pin<Box<dyn Future<Output = Result<(I, Option<<I as Iterator>::Item>), BoxError>> + Send>>;

/// Calls a blocking iterator's `next` on the blocking pool.
struct BlockingIter<I: Iterator> {
    iter: Option<I>,
    pending: Option<Next<I>>,
}

impl<I> Stream for BlockingIter<I>
where
    I: Iterator + Send + 'static,
    I::Item: StreamItem,
{
    type Item = Result<Chunk, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.pending.is_none() {
            let Some(mut iter) = this.iter.take() else {
                return Poll::Ready(None);
            };
            match tokio::runtime::Handle::try_current() {
                Ok(handle) => {
                    let job = handle.spawn_blocking(move || {
                        let item = iter.next();
                        (iter, item)
                    });
                    this.pending = Some(Box::pin(async move {
                        job.await.map_err(|e| -> BoxError {
                            format!("the iterator's next() failed: {e}").into()
                        })
                    }));
                }
                Err(_) => {
                    let item = iter.next();
                    if item.is_some() {
                        this.iter = Some(iter);
                    }
                    return Poll::Ready(item.map(StreamItem::into_chunk));
                }
            }
        }
        let Some(pending) = this.pending.as_mut() else {
            return Poll::Ready(None);
        };
        match pending.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(result) => {
                this.pending = None;
                match result {
                    Ok((iter, Some(item))) => {
                        this.iter = Some(iter);
                        Poll::Ready(Some(item.into_chunk()))
                    }
                    Ok((_, None)) => Poll::Ready(None),
                    // `next` panicked: the transfer must not end as if complete.
                    Err(err) => Poll::Ready(Some(Err(err))),
                }
            }
        }
    }
}

impl<I: Iterator> Unpin for BlockingIter<I> {}

/// The chunks of an `AsyncRead`, at most `chunk_size` bytes each.
struct ReaderStream<R> {
    reader: Pin<Box<R>>,
    buf: bytes::BytesMut,
    chunk_size: usize,
    done: bool,
}

impl<R: tokio::io::AsyncRead> Stream for ReaderStream<R> {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        // Room for one chunk, zeroed: `ReadBuf` then needs no unsafe code.
        this.buf.resize(this.chunk_size, 0);
        let mut read = tokio::io::ReadBuf::new(&mut this.buf[..]);
        match this.reader.as_mut().poll_read(cx, &mut read) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(err)) => {
                this.done = true;
                Poll::Ready(Some(Err(err)))
            }
            Poll::Ready(Ok(())) => {
                let n = read.filled().len();
                if n == 0 {
                    this.done = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Ok(this.buf.split_to(n).freeze())))
            }
        }
    }
}

impl<R> Unpin for ReaderStream<R> {}
