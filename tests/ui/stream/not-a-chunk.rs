fn main() {
    let _ = responses::StreamingResponse::from_iter([1u32, 2, 3]);
}
