#[derive(responses::Response)]
#[response(media_type = "text/plain")]
struct Page {
    #[response(body)]
    first: String,
    #[response(body)]
    second: String,
}

fn main() {}
