use responses::{IntoHttp, Response};

#[derive(Response)]
#[response(status = 204)]
struct Deleted;

#[derive(Response)]
#[response(status = 202)]
struct Accepted {
    #[response(header = "location")]
    location: &'static str,
}

#[derive(serde::Serialize, Response)]
struct Pair(u8, &'static str);

fn main() {
    let r = Deleted.into_http().unwrap();
    assert_eq!(r.status(), 204);
    assert!(r.headers().is_empty());
    let r = Accepted { location: "/jobs/1" }.into_http().unwrap();
    assert_eq!(r.headers()["content-length"], "0");
    let r = Pair(1, "a").into_http().unwrap();
    assert_eq!(r.body().as_bytes(), Some(&b"[1,\"a\"]"[..]));
}
