//! The response body: bytes in memory or a stream, plus the background tasks that run
//! once it has been sent.

use std::cell::Cell;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::{Frame, SizeHint};

mod source;

pub(crate) use self::source::Source;
use self::source::{CallerErrors, FlushBeforeError, OwnErrors, StreamSource};
pub use self::source::{IterStream, iter_stream};
use crate::background::BackgroundTasks;
use crate::error::{BoxError, Error, ErrorKind};

/// The largest slice of an in-memory body handed to the server at a time: 64 KiB. A larger
/// body is split without copying, so that its end is reached only once the server has
/// taken (and had room to write) everything before it.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use http_body_util::BodyExt as _;
///
/// let mut body = responses::Body::from(vec![0u8; responses::body::SLICE + 1]);
/// let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
/// assert_eq!(first.len(), responses::body::SLICE);
/// # });
/// ```
pub const SLICE: usize = 64 * 1024;

/// The body of every response of this crate, an [`http_body::Body`] with `Bytes` frames, so
/// that a response works with hyper and anything built on it (axum, tower…).
///
/// A body is either bytes held in memory (with an exact size hint, handed to the server in
/// slices of at most [`SLICE`] bytes, split without copying) or a stream of chunks. It
/// carries the response's [background tasks](crate::BackgroundTasks) and starts them when
/// the server drops it after its end was reached, which is as close to "the last byte was
/// written" as a server lets a body see:
///
/// * an in-memory body ends when its last slice has been polled. A server polls the next
///   slice only once it has room to write it, so the last one is taken only after the
///   earlier ones were written out; a client that goes away before that (the server drops
///   the body half-way) runs no task. An empty body (a HEAD answer, a 204 or 304) ends when
///   the server asks whether it is at its end and learns it is, as hyper does before
///   sending the head. A response that is built and dropped without being served, or whose
///   size alone was asked, runs nothing;
/// * a stream ends once it has yielded its last chunk. When it fails, or the server drops
///   it earlier (the client went away), the tasks do not run.
///
/// # Examples
///
/// ```
/// use http_body::Body as _;
/// use responses::Body;
///
/// let body = Body::from("hello");
/// assert_eq!(body.size_hint().exact(), Some(5));
/// assert!(Body::empty().is_end_stream());
/// ```
pub struct Body {
    kind: Kind,
    /// Boxed, as the stream is: an in-memory body without tasks stays small, and so does
    /// every response that carries one.
    background: Option<Box<BackgroundTasks>>,
    /// Whether an in-memory body's end was reached: its last slice polled, or its
    /// emptiness seen by the server.
    ended: Cell<bool>,
}

enum Kind {
    Full(Bytes),
    Stream(Box<Streaming>),
}

struct Streaming {
    stream: Pin<Box<dyn Source>>,
    state: StreamState,
    /// Bytes still to come when the length is known (a declared `content-length`).
    remaining: Option<u64>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum StreamState {
    Running,
    Done,
    Failed,
}

impl Body {
    /// A body with no bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_body::Body as _;
    ///
    /// assert_eq!(responses::Body::empty().size_hint().exact(), Some(0));
    /// ```
    pub fn empty() -> Self {
        Body::full(Bytes::new())
    }

    /// A body of bytes held in memory, sent in one frame.
    ///
    /// # Examples
    ///
    /// ```
    /// let body = responses::Body::full(bytes::Bytes::from_static(b"abc"));
    /// # let _ = body;
    /// ```
    #[inline]
    pub fn full(bytes: Bytes) -> Self {
        Body {
            kind: Kind::Full(bytes),
            background: None,
            ended: Cell::new(false),
        }
    }

    /// A body that streams the chunks of `stream`. An `Err` item aborts the response, so
    /// that the client sees a broken transfer rather than a clean end.
    ///
    /// # Examples
    ///
    /// ```
    /// use bytes::Bytes;
    ///
    /// struct Two(u8);
    /// impl futures_core::Stream for Two {
    ///     type Item = Result<Bytes, std::io::Error>;
    ///     fn poll_next(
    ///         mut self: std::pin::Pin<&mut Self>,
    ///         _: &mut std::task::Context<'_>,
    ///     ) -> std::task::Poll<Option<Self::Item>> {
    ///         self.0 += 1;
    ///         std::task::Poll::Ready((self.0 <= 2).then(|| Ok(Bytes::from_static(b"chunk"))))
    ///     }
    /// }
    /// let body = responses::Body::from_stream(Two(0));
    /// # let _ = body;
    /// ```
    pub fn from_stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        Body::from_source(StreamSource::<_, CallerErrors>::new(stream))
    }

    /// A stream of the classes (`StreamingResponse`, `EventSourceResponse`,
    /// `JsonLinesResponse`), which already yields this crate's errors; an error is held back
    /// for one poll after data ([`FlushBeforeError`]), so that what came before it is sent.
    pub(crate) fn from_result_stream(
        stream: impl Stream<Item = Result<Bytes, Error>> + Send + 'static,
    ) -> Self {
        Body::from_source(StreamSource::<_, OwnErrors>::new(FlushBeforeError::new(
            stream,
        )))
    }

    /// A body streaming `source`.
    pub(crate) fn from_source(source: impl Source) -> Self {
        Body {
            kind: Kind::Stream(Box::new(Streaming {
                stream: Box::pin(source),
                state: StreamState::Running,
                remaining: None,
            })),
            background: None,
            ended: Cell::new(false),
        }
    }

    /// The source of a streamed body that has not started, if it is a `T`.
    pub(crate) fn source<T: 'static>(&self) -> Option<&T> {
        match &self.kind {
            Kind::Stream(s) if s.state == StreamState::Running => s.stream.as_any()?.downcast_ref(),
            _ => None,
        }
    }

    /// The source of a streamed body that has not started, taken out if it is a `T` (the
    /// body becomes empty).
    pub(crate) fn take_source<T: 'static>(&mut self) -> Option<T> {
        self.source::<T>()?;
        match std::mem::replace(&mut self.kind, Kind::Full(Bytes::new())) {
            Kind::Stream(s) => s.stream.into_any()?.downcast().ok().map(|b| *b),
            Kind::Full(_) => None,
        }
    }

    /// Declares the exact number of bytes a streamed body yields (a `content-length`). A
    /// stream that yields more, or ends early, fails instead of sending a body that
    /// contradicts the header. No effect on an in-memory body.
    ///
    /// # Examples
    ///
    /// ```
    /// use http_body::Body as _;
    /// use responses::Body;
    ///
    /// let chunks = responses::body::iter_stream(["ab", "cd"]);
    /// let body = Body::from_stream(chunks).with_length(4);
    /// assert_eq!(body.size_hint().exact(), Some(4));
    /// ```
    #[must_use]
    pub fn with_length(mut self, len: u64) -> Self {
        if let Kind::Stream(s) = &mut self.kind {
            s.remaining = Some(len);
        }
        self
    }

    /// Attaches background tasks, after any the body already has.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{BackgroundTask, Body};
    ///
    /// let body = Body::from("x").with_background(BackgroundTask::new(async {}));
    /// assert_eq!(body.background().map(|b| b.len()), Some(1));
    /// ```
    #[must_use]
    pub fn with_background(mut self, tasks: impl Into<BackgroundTasks>) -> Self {
        self.attach_background(Box::new(tasks.into()));
        self
    }

    /// The background tasks that run once the body has been sent.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::Body::empty().background().is_none());
    /// ```
    pub fn background(&self) -> Option<&BackgroundTasks> {
        self.background.as_deref()
    }

    /// Takes the background tasks out, so that they do not run when the body is dropped
    /// (for a caller that runs them itself, or discards the response).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{BackgroundTask, Body};
    ///
    /// let mut body = Body::from("x").with_background(BackgroundTask::new(async {}));
    /// assert!(body.take_background().is_some());
    /// assert!(body.background().is_none());
    /// ```
    pub fn take_background(&mut self) -> Option<BackgroundTasks> {
        self.background.take().map(|tasks| *tasks)
    }

    /// Drops the content, keeping the background tasks (a HEAD answer, a status without a
    /// body).
    pub(crate) fn clear_content(&mut self) {
        let background = self.background.take();
        *self = Body::empty();
        self.background = background;
    }

    /// Adds boxed tasks after any the body already has.
    pub(crate) fn attach_background(&mut self, tasks: Box<BackgroundTasks>) {
        match &mut self.background {
            Some(existing) => existing.extend(*tasks),
            None => self.background = Some(tasks),
        }
    }

    /// The bytes of an in-memory body, without consuming it; `None` for a stream.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::Body::from("hi").as_bytes(), Some(&b"hi"[..]));
    /// ```
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.kind {
            Kind::Full(bytes) => Some(bytes),
            Kind::Stream(_) => None,
        }
    }

    /// Reads the whole body into memory. Background tasks run afterwards, as they would
    /// after sending.
    ///
    /// # Errors
    ///
    /// The stream's error, if it fails.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let bytes = responses::Body::from("hello").collect_bytes().await?;
    /// assert_eq!(&bytes[..], b"hello");
    /// # Ok::<(), responses::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn collect_bytes(mut self) -> Result<Bytes, Error> {
        if let Kind::Full(bytes) = &mut self.kind {
            // All of it at once, without joining slices.
            self.ended.set(true);
            return Ok(std::mem::take(bytes));
        }
        let mut out: Option<bytes::BytesMut> = None;
        let mut first: Option<Bytes> = None;
        while let Some(frame) =
            std::future::poll_fn(|cx| Pin::new(&mut self).poll_frame_inner(cx)).await
        {
            let chunk = frame?;
            match (&mut first, &mut out) {
                (None, None) => first = Some(chunk),
                (Some(f), None) => {
                    let mut buf = bytes::BytesMut::with_capacity(f.len() + chunk.len());
                    buf.extend_from_slice(f);
                    buf.extend_from_slice(&chunk);
                    first = None;
                    out = Some(buf);
                }
                (_, Some(buf)) => buf.extend_from_slice(&chunk),
            }
        }
        Ok(match (first, out) {
            (_, Some(buf)) => buf.freeze(),
            (Some(f), None) => f,
            (None, None) => Bytes::new(),
        })
    }

    fn poll_frame_inner(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Error>>> {
        match &mut self.kind {
            Kind::Full(bytes) => {
                if bytes.is_empty() {
                    self.ended.set(true);
                    return Poll::Ready(None);
                }
                let slice = if bytes.len() > SLICE {
                    bytes.split_to(SLICE)
                } else {
                    std::mem::take(bytes)
                };
                if bytes.is_empty() {
                    self.ended.set(true);
                }
                Poll::Ready(Some(Ok(slice)))
            }
            Kind::Stream(s) => {
                let Streaming {
                    stream,
                    state,
                    remaining,
                } = &mut **s;
                if *state != StreamState::Running {
                    return Poll::Ready(None);
                }
                match stream.as_mut().poll_chunk(cx) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(None) => match *remaining {
                        Some(short) if short > 0 => {
                            *state = StreamState::Failed;
                            Poll::Ready(Some(Err(Error::new(
                                ErrorKind::Stream,
                                format!(
                                    "the body stream ended {short} bytes short of its content-length"
                                ),
                            ))))
                        }
                        _ => {
                            *state = StreamState::Done;
                            Poll::Ready(None)
                        }
                    },
                    Poll::Ready(Some(Ok(chunk))) => {
                        if let Some(left) = remaining {
                            let len = chunk.len() as u64;
                            if len > *left {
                                *state = StreamState::Failed;
                                return Poll::Ready(Some(Err(Error::new(
                                    ErrorKind::Stream,
                                    "the body stream yielded more bytes than its content-length",
                                ))));
                            }
                            *left -= len;
                            if *left == 0 {
                                // Everything declared has been handed over: the server
                                // may stop polling now.
                                *state = StreamState::Done;
                            }
                        }
                        Poll::Ready(Some(Ok(chunk)))
                    }
                    Poll::Ready(Some(Err(err))) => {
                        *state = StreamState::Failed;
                        Poll::Ready(Some(Err(err)))
                    }
                }
            }
        }
    }

    /// Whether the body has handed over everything it had to send.
    fn is_sent(&self) -> bool {
        match &self.kind {
            Kind::Full(_) => self.ended.get(),
            Kind::Stream(s) => s.state == StreamState::Done,
        }
    }
}

impl Drop for Body {
    fn drop(&mut self) {
        if let Some(tasks) = self.background.take()
            && self.is_sent()
        {
            tasks.spawn();
        }
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        self.get_mut()
            .poll_frame_inner(cx)
            .map(|item| item.map(|chunk| chunk.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Full(bytes) => {
                let end = bytes.is_empty();
                if end {
                    // The server knows there is nothing to write: the body is sent.
                    self.ended.set(true);
                }
                end
            }
            Kind::Stream(s) => s.state != StreamState::Running,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Full(bytes) => SizeHint::with_exact(bytes.len() as u64),
            Kind::Stream(s) => {
                if let Some(left) = s.remaining {
                    return SizeHint::with_exact(left);
                }
                let (lower, upper) = s.stream.size_hint();
                let mut hint = SizeHint::new();
                // A stream's size hint counts items, not bytes: only "no more items" is
                // meaningful here.
                if upper == Some(0) && lower == 0 {
                    hint.set_exact(0);
                }
                hint
            }
        }
    }
}

impl Default for Body {
    fn default() -> Self {
        Body::empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Body");
        match &self.kind {
            Kind::Full(bytes) => d.field("full", &bytes.len()),
            Kind::Stream(_) => d.field("stream", &"…"),
        };
        d.field("background", &self.background).finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use http_body::Body as _;

    use super::*;
    use crate::background::BackgroundTask;

    fn counted() -> (Arc<AtomicUsize>, BackgroundTask) {
        let runs = Arc::new(AtomicUsize::new(0));
        let r = runs.clone();
        (
            runs,
            BackgroundTask::new(async move {
                r.fetch_add(1, Ordering::SeqCst);
            }),
        )
    }

    async fn settle() {
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn an_unserved_body_does_not_run_its_tasks() {
        let (runs, task) = counted();
        drop(Body::from("x").with_background(task));
        settle().await;
        assert_eq!(runs.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_body_the_server_inspected_runs_its_tasks_once() {
        // hyper asks an empty body (or a HEAD answer) whether it is empty, then drops it
        let (runs, task) = counted();
        let body = Body::empty().with_background(task);
        assert!(body.is_end_stream());
        drop(body);
        settle().await;
        assert_eq!(runs.load(Ordering::SeqCst), 1);

        let (runs, task) = counted();
        let bytes = Body::from("abc")
            .with_background(task)
            .collect_bytes()
            .await
            .unwrap();
        assert_eq!(&bytes[..], b"abc");
        settle().await;
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_stream_runs_its_tasks_only_when_finished() {
        struct Chunks(Vec<Result<Bytes, std::io::Error>>);
        impl Stream for Chunks {
            type Item = Result<Bytes, std::io::Error>;
            fn poll_next(
                mut self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Option<Self::Item>> {
                Poll::Ready(if self.0.is_empty() {
                    None
                } else {
                    Some(self.0.remove(0))
                })
            }
        }
        let ok = || Ok(Bytes::from_static(b"ab"));

        let (runs, task) = counted();
        let body = Body::from_stream(Chunks(vec![ok(), ok()])).with_background(task);
        assert_eq!(&body.collect_bytes().await.unwrap()[..], b"abab");
        settle().await;
        assert_eq!(runs.load(Ordering::SeqCst), 1, "finished stream");

        let (runs, task) = counted();
        let body = Body::from_stream(Chunks(vec![ok(), Err(std::io::Error::other("lost"))]))
            .with_background(task);
        let err = body.collect_bytes().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Stream);
        assert!(err.to_string().contains("lost"), "{err}");
        settle().await;
        assert_eq!(runs.load(Ordering::SeqCst), 0, "failed stream");

        let (runs, task) = counted();
        let mut body = Body::from_stream(Chunks(vec![ok(), ok()])).with_background(task);
        let first = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
        assert!(first.is_some());
        drop(body);
        settle().await;
        assert_eq!(runs.load(Ordering::SeqCst), 0, "stream dropped half-way");
    }
}
