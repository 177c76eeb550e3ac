#[derive(responses::Response)]
#[response(header("x request" = "1"))]
struct Ok;

fn main() {}
