#[responses::endpoint(status_code = 201)]
fn index() -> String {
    String::new()
}

fn main() {}
