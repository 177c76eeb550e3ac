#[derive(responses::Response)]
#[response(media_type = "image/png", charset = "latin-1")]
struct Image(Vec<u8>);

fn main() {}
