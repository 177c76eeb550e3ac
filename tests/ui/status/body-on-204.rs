#[derive(responses::Response)]
#[response(status = 204, media_type = "text/plain")]
struct Deleted {
    message: String,
}

fn main() {}
