use responses::{IntoHttp, Response};
use serde::Serialize;

#[derive(Serialize, Response)]
#[response(status = 201, media_type = "application/json")]
struct UserCreated {
    id: u64,
    name: String,
}

fn main() {
    let r = UserCreated { id: 1, name: "Zoë".into() }.into_http().unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.body().as_bytes(), Some("{\"id\":1,\"name\":\"Zoë\"}".as_bytes()));
}
