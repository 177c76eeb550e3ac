#[responses::endpoint(status_code = "201", response_class = responses::PlainTextResponse)]
fn index() -> String {
    String::new()
}

fn main() {}
