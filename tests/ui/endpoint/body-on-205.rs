#[responses::endpoint(response_class = responses::PlainTextResponse, status_code = 205)]
fn reset() -> String {
    String::from("reset")
}

fn main() {}
