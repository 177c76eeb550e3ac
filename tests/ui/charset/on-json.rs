#[derive(serde::Serialize, responses::Response)]
#[response(charset = "latin-1")]
struct User {
    name: String,
}

fn main() {}
