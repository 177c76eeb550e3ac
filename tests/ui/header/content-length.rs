#[derive(responses::Response)]
#[response(header("content-length" = "5"))]
struct Ok;

fn main() {}
