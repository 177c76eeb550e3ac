#[derive(responses::Response)]
struct Ok {
    #[response(header = "x:id")]
    id: String,
}

fn main() {}
