#[derive(responses::Response)]
#[response(status = 205, media_type = "text/plain")]
struct Reset {
    message: String,
}

fn main() {}
