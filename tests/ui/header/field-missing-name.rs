#[derive(responses::Response)]
#[response(media_type = "text/plain")]
struct Page {
    #[response(body)]
    text: String,
    #[response(header)]
    id: String,
}

fn main() {}
