#[derive(responses::Response)]
#[response(media_type = "text/plain", charset = "utf-16le")]
struct Page(String);

fn main() {}
