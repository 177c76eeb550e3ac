#[derive(responses::Response)]
#[response(stauts = 201)]
struct Created;

fn main() {}
