#[responses::endpoint(response_class = responses::HtmlResponse, type = 3)]
fn index() -> String {
    String::new()
}

fn main() {}
