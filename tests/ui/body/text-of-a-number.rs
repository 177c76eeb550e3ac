#[derive(responses::Response)]
#[response(render = text)]
struct Count(u32);

fn main() {}
