#[derive(responses::Response)]
enum Outcome {
    Ok(String),
}

fn main() {}
