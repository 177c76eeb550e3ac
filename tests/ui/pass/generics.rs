use std::borrow::Cow;

use responses::{IntoHttp, Response};
use serde::Serialize;

#[derive(Serialize, Response)]
struct Page<'a, T: Serialize> {
    items: &'a [T],
    next: Option<Cow<'a, str>>,
}

#[derive(Response)]
struct Listed<'a, T, H>
where
    T: Serialize,
{
    items: Vec<T>,
    #[response(header = "x-total")]
    total: H,
    #[response(skip)]
    _origin: &'a str,
}

#[derive(Response)]
#[response(render = text)]
struct Text<S>(S);

fn main() {
    let r = Page { items: &[1, 2], next: None }.into_http().unwrap();
    assert_eq!(r.body().as_bytes(), Some(&b"{\"items\":[1,2],\"next\":null}"[..]));
    let r = Listed { items: vec!["a"], total: 1u8 as u32, _origin: "db" }.into_http().unwrap();
    assert_eq!(r.headers()["x-total"], "1");
    let r = Text(String::from("s")).into_http().unwrap();
    assert_eq!(r.body().as_bytes(), Some(&b"s"[..]));
}
