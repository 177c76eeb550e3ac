#[derive(responses::Response)]
struct Dynamic {
    #[response(status)]
    code: String,
}

fn main() {}
