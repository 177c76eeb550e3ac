#[derive(responses::Response)]
#[response(status = "201", media_type = "bad")]
struct Created;

fn main() {}
