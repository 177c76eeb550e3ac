#[derive(responses::Response)]
#[response(status = 204, media_type = "text/plain")]
enum Deleted {
    A(String),
    B { text: String },
    C(#[response(body)] String),
}

fn main() {}
