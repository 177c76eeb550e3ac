#[derive(responses::Response)]
enum Outcome {
    #[response(crate = "::responses")]
    Missing,
}

fn main() {}
