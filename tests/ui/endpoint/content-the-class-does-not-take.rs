#[responses::endpoint(response_class = responses::HtmlResponse)]
fn count() -> u32 {
    3
}

fn main() {}
