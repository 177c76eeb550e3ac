#[derive(responses::Response)]
#[response(status = 101)]
struct Upgrade;

fn main() {}
