#[responses::endpoint(response_class = responses::HtmlResponse)]
struct Index;

fn main() {}
