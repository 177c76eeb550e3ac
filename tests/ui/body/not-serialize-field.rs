struct NotJson;

#[derive(responses::Response)]
struct Wrapper {
    #[response(body)]
    data: NotJson,
}

fn main() {}
