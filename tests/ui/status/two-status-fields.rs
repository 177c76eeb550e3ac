#[derive(responses::Response)]
struct Dynamic {
    #[response(status)]
    first: u16,
    #[response(status)]
    second: u16,
}

fn main() {}
