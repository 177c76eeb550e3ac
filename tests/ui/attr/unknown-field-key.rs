#[derive(responses::Response)]
struct Created {
    #[response(headr = "x-id")]
    id: String,
}

fn main() {}
