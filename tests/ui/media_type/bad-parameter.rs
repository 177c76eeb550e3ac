#[derive(responses::Response)]
#[response(media_type = "text/plain; charset")]
struct Page(String);

fn main() {}
