#[derive(responses::Response)]
#[response(header("Content-Type" = "text/html"))]
struct Ok;

fn main() {}
