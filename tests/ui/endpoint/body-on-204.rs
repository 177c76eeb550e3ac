#[responses::endpoint(response_class = responses::PlainTextResponse, status_code = 204)]
fn delete() -> String {
    String::from("deleted")
}

fn main() {}
