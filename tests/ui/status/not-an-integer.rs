#[derive(responses::Response)]
#[response(status = "201")]
struct Created;

fn main() {}
