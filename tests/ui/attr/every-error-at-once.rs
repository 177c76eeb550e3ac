#[derive(responses::Response)]
#[response(status = 1000, media_type = "html", charset = "nope")]
struct Everything {
    #[response(header = "bad name")]
    a: String,
    #[response(colour)]
    b: String,
}

fn main() {}
