#[responses::endpoint(response_class = responses::HtmlResponse, status = 201)]
fn index() -> String {
    String::new()
}

fn main() {}
