// A stream of `Result`s given to `EventSourceResponse::new`: the message points to `try_new`.
fn main() {
    let items = [Ok::<u32, std::io::Error>(1)];
    let _ = responses::sse::EventSourceResponse::from_iter(items);
}
