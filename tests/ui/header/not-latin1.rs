#[derive(responses::Response)]
#[response(header("x-price" = "5€"))]
struct Ok;

fn main() {}
