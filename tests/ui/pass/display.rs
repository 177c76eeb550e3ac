use std::fmt;

use responses::{IntoHttp, Response};

#[derive(Debug, Response)]
#[response(status = 400, render = display, charset = "shift_jis")]
enum ApiError {
    Missing,
    Invalid { field: &'static str },
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Missing => f.write_str("missing"),
            ApiError::Invalid { field } => write!(f, "invalid {field}"),
        }
    }
}

#[derive(Response)]
#[response(render = display)]
struct Count(#[response(body)] u32, #[response(header = "x-unit")] &'static str);

fn main() {
    let r = ApiError::Invalid { field: "名前" }.into_http().unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "text/plain; charset=shift_jis");
    assert_eq!(r.body().as_bytes(), Some(&b"invalid \x96\xbc\x91\x4f"[..]));
    assert_eq!(ApiError::Missing.into_http().unwrap().body().as_bytes(), Some(&b"missing"[..]));
    let r = Count(3, "apples").into_http().unwrap();
    assert_eq!(r.body().as_bytes(), Some(&b"3"[..]));
    assert_eq!(r.headers()["x-unit"], "apples");
}
