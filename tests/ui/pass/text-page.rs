use responses::{IntoHttp, Response};

#[derive(Response)]
#[response(media_type = "text/html", charset = "latin-1")]
struct Page {
    #[response(body)]
    html: String,
    #[response(header = "x-page")]
    page: u32,
}

#[derive(Response)]
#[response(render = text)]
struct Plain(&'static str);

fn main() {
    let r = Page { html: "café".into(), page: 2 }.into_http().unwrap();
    assert_eq!(r.headers()["content-type"], "text/html; charset=latin-1");
    assert_eq!(r.headers()["x-page"], "2");
    assert_eq!(r.body().as_bytes(), Some(&b"caf\xe9"[..]));
    let r = Plain("hi").into_http().unwrap();
    assert_eq!(r.headers()["content-type"], "text/plain; charset=utf-8");
}
