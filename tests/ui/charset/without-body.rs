#[derive(responses::Response)]
#[response(status = 404, media_type = "text/plain", charset = "latin-1")]
struct NotFound;

fn main() {}
