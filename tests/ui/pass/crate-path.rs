extern crate responses as web;

use web::IntoHttp;

#[derive(web::Response)]
#[response(crate = "::web", status = 418, media_type = "text/plain")]
struct Teapot(&'static str);

fn main() {
    let r = Teapot("short and stout").into_http().unwrap();
    assert_eq!(r.status(), 418);
}
