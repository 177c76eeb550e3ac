#[derive(responses::Response)]
#[response(render = jsn)]
struct Data(Vec<u8>);

fn main() {}
