// `WithStatus` carries its status in its type: one outside 100..=599 does not compile.
fn main() {
    let _ = responses::WithStatus::<responses::HtmlResponse, 700>::status();
}
