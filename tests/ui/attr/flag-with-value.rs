#[derive(responses::Response)]
struct Page {
    #[response(body = true)]
    text: String,
}

fn main() {}
