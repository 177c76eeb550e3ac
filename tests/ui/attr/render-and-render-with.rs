fn render(_: &Data) -> String {
    String::new()
}

#[derive(responses::Response)]
#[response(render = text, render_with = render)]
struct Data(String);

fn main() {}
