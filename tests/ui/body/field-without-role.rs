#[derive(responses::Response)]
#[response(media_type = "text/plain")]
struct Page {
    #[response(body)]
    text: String,
    forgotten: u32,
}

fn main() {}
