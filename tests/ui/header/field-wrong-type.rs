#[derive(responses::Response)]
struct Ok {
    #[response(header = "x-ids")]
    ids: Vec<u32>,
}

fn main() {}
