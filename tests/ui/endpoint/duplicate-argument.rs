#[responses::endpoint(response_class = responses::HtmlResponse, response_class = responses::PlainTextResponse)]
fn index() -> String {
    String::new()
}

fn main() {}
