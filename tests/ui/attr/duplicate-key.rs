#[derive(responses::Response)]
#[response(status = 201, status = 202)]
struct Created;

fn main() {}
