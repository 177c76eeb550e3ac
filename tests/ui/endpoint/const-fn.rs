#[responses::endpoint(response_class = responses::HtmlResponse)]
const fn index() -> &'static str {
    "hi"
}

fn main() {}
