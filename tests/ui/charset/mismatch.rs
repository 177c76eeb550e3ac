#[derive(responses::Response)]
#[response(media_type = "text/plain; charset=utf-8", charset = "latin-1")]
struct Text {
    #[response(body)]
    text: String,
}

#[derive(serde::Serialize, responses::Response)]
#[response(media_type = "application/json; charset=latin-1")]
struct Json {
    id: u64,
}

fn main() {}
