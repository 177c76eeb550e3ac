#[derive(responses::Response)]
#[response(media_type = "application json")]
struct Data(Vec<u8>);

fn main() {}
