#[derive(responses::Response)]
#[response(header("x-note" = "a\r\nSet-Cookie: admin=1"))]
struct Ok;

fn main() {}
