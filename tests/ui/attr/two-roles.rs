#[derive(responses::Response)]
struct Created {
    #[response(header = "x-id", cookie)]
    id: String,
}

fn main() {}
