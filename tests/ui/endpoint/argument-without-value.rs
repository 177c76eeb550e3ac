#[responses::endpoint(response_class)]
fn index() -> String {
    String::new()
}

fn main() {}
