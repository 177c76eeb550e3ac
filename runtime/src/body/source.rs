//! Where a streamed body's chunks come from: the [`Source`] a body polls, the caller's
//! streams adapted to it, and [`iter_stream`].

use std::any::Any;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use crate::error::{BoxError, Error};

/// Where a streamed body's chunks come from: a caller's stream, or a source of this crate
/// that a later step may look at, or take back before it starts (a file, whose parts are
/// planned again for the request).
pub(crate) trait Source: Send + 'static {
    /// The next chunk, as `Stream::poll_next`.
    fn poll_chunk(self: Pin<&mut Self>, cx: &mut Context<'_>)
    -> Poll<Option<Result<Bytes, Error>>>;

    /// The number of chunks still to come, as `Stream::size_hint`.
    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }

    /// The source by type, for one that can be looked at; `None` for a caller's stream.
    fn as_any(&self) -> Option<&dyn Any> {
        None
    }

    /// The source itself, for one that can be taken back; `None` for a caller's stream.
    fn into_any(self: Pin<Box<Self>>) -> Option<Box<dyn Any>> {
        None
    }
}

/// A stream of the items of an iterator (for [`Body::from_stream`](crate::Body::from_stream) and
/// [`StreamingResponse::from_iter`](crate::StreamingResponse::from_iter)).
///
/// # Examples
///
/// ```
/// let body = responses::Body::from_stream(responses::body::iter_stream(vec!["a", "b"]));
/// # let _ = body;
/// ```
pub fn iter_stream<I>(iter: I) -> IterStream<I::IntoIter>
where
    I: IntoIterator,
{
    IterStream(iter.into_iter())
}

/// The stream of [`iter_stream`]: yields each item as `Ok`.
#[derive(Debug)]
pub struct IterStream<I>(I);

// The iterator is never pinned: `next` takes `&mut self`.
impl<I> Unpin for IterStream<I> {}

impl<I: Iterator> Stream for IterStream<I> {
    type Item = Result<I::Item, std::convert::Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.next().map(Ok))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

pin_project_lite::pin_project! {
    /// A caller's stream as a body source: its chunks as `Bytes`, its errors made this
    /// crate's by `M`.
    pub(super) struct StreamSource<S, M> {
        #[pin]
        inner: S,
        errors: PhantomData<M>,
    }
}

impl<S, M> StreamSource<S, M> {
    pub(super) fn new(inner: S) -> Self {
        StreamSource {
            inner,
            errors: PhantomData,
        }
    }
}

/// How a stream's errors become this crate's.
pub(super) trait ErrorMap<E> {
    fn map(err: E) -> Error;
}

/// A caller's error: the transfer is aborted with an [`ErrorKind::Stream`] naming it.
pub(super) struct CallerErrors;

impl<E: Into<BoxError>> ErrorMap<E> for CallerErrors {
    fn map(err: E) -> Error {
        crate::stream::stream_failed("body", err)
    }
}

/// This crate's own errors, kept as they are.
pub(super) struct OwnErrors;

impl ErrorMap<Error> for OwnErrors {
    fn map(err: Error) -> Error {
        err
    }
}

impl<S, B, E, M> Source for StreamSource<S, M>
where
    S: Stream<Item = Result<B, E>> + Send + 'static,
    B: Into<Bytes>,
    M: ErrorMap<E> + Send + 'static,
{
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }

    fn poll_chunk(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Error>>> {
        self.project()
            .inner
            .poll_next(cx)
            .map(|item| item.map(|chunk| chunk.map(Into::into).map_err(M::map)))
    }
}

pin_project_lite::pin_project! {
    /// A body stream whose error is held back for one poll after data: the server then
    /// writes out the chunks it has before it sees the error and breaks the transfer (hyper
    /// drops what it has not written when a body fails), so the client gets every chunk,
    /// event or line that came before the failure.
    pub(crate) struct FlushBeforeError<S> {
        #[pin]
        inner: S,
        held: Option<Error>,
        sent: bool,
    }
}

impl<S> FlushBeforeError<S> {
    pub(crate) fn new(inner: S) -> Self {
        FlushBeforeError {
            inner,
            held: None,
            sent: false,
        }
    }
}

impl<S: Stream<Item = Result<Bytes, Error>>> Stream for FlushBeforeError<S> {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        if let Some(err) = this.held.take() {
            return Poll::Ready(Some(Err(err)));
        }
        match this.inner.poll_next(cx) {
            Poll::Ready(Some(Err(err))) if *this.sent => {
                *this.held = Some(err);
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Poll::Ready(Some(Ok(chunk))) => {
                *this.sent = true;
                Poll::Ready(Some(Ok(chunk)))
            }
            other => other,
        }
    }
}
