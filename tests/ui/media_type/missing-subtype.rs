#[derive(responses::Response)]
#[response(media_type = "text/")]
struct Page(String);

fn main() {}
