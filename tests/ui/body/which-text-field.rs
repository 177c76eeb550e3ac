#[derive(responses::Response)]
#[response(render = text)]
struct Page {
    title: String,
    text: String,
}

fn main() {}
