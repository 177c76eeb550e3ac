#[derive(responses::Response)]
#[response(status = 600)]
struct Teapot;

fn main() {}
