#[derive(responses::Response)]
#[response(media_type = "text/plain", charset = "klingon")]
struct Page(String);

fn main() {}
