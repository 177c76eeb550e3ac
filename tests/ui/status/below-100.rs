#[derive(responses::Response)]
#[response(status = 99)]
struct Early;

fn main() {}
