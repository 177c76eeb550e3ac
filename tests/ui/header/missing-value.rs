#[derive(responses::Response)]
#[response(header)]
struct Ok;

fn main() {}
