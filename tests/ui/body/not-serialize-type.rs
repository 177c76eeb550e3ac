#[derive(responses::Response)]
struct User {
    id: u64,
}

fn main() {}
