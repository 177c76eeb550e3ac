use responses::{IntoHttp, Response};

#[derive(Response)]
#[response(media_type = "image/png")]
struct Png(Vec<u8>);

#[derive(Response)]
#[response(render = bytes)]
struct Raw(bytes::Bytes);

fn main() {
    let r = Png(vec![0x89, b'P']).into_http().unwrap();
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.body().as_bytes(), Some(&[0x89, b'P'][..]));
    let r = Raw(bytes::Bytes::from_static(b"x")).into_http().unwrap();
    assert!(r.headers().get("content-type").is_none());
}
