#[derive(responses::Response)]
struct Ok {
    #[response(header = "content-length")]
    length: u64,
}

fn main() {}
