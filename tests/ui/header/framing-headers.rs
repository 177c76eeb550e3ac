#[derive(responses::Response)]
#[response(status = 200, header("transfer-encoding" = "chunked"))]
struct Framed {
    #[response(header = "Connection")]
    connection: String,
    id: u64,
}

fn main() {}
