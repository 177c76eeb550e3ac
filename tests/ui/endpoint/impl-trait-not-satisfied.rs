// The declared `impl Trait` holds: a body whose value does not satisfy it is an error,
// as it would be without the attribute.
use std::pin::Pin;
use std::task::{Context, Poll};

struct Numbers;

impl futures_core::Stream for Numbers {
    type Item = u32;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<u32>> {
        Poll::Ready(None)
    }
}

#[responses::endpoint(response_class = responses::StreamingResponse)]
fn numbers() -> impl futures_core::Stream<Item = &'static str> + Send + 'static {
    Numbers
}

fn main() {}
