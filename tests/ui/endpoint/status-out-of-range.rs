#[responses::endpoint(response_class = responses::HtmlResponse, status_code = 700)]
fn index() -> String {
    String::new()
}

fn main() {}
