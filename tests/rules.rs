//! The rules of docs/behaviour.md ("What matches Starlette", and §1, §4–8) that the
//! differential test does not already pin down with a Starlette vector. Each test names its
//! rule.

use bytes::Bytes;
use http::HeaderValue;
use responses::{
    Charset, Content, Cookie, HtmlResponse, IntoHttp, JsonResponse, PlainTextResponse,
    RedirectResponse, Response,
};

fn names(r: &http::Response<responses::Body>) -> Vec<&str> {
    r.headers().iter().map(|(k, _)| k.as_str()).collect()
}

fn body(r: &http::Response<responses::Body>) -> &[u8] {
    r.body().as_bytes().expect("in-memory body")
}

/// docs/behaviour.md, "Response": caller headers first, in order, names lower-cased; then content-length, then
/// content-type; then (docs/behaviour.md, "Cookies") each set-cookie, in call order.
#[test]
fn header_order() {
    let mut r = PlainTextResponse::new("hi").with_headers([("X-Z", "1"), ("X-A", "2")]);
    r.set_cookie(Cookie::new("b", "2")).unwrap();
    r.set_cookie(Cookie::new("a", "1")).unwrap();
    let r = r.into_http().unwrap();
    assert_eq!(
        names(&r),
        [
            "x-z",
            "x-a",
            "content-length",
            "content-type",
            "set-cookie",
            "set-cookie"
        ]
    );
    let cookies: Vec<_> = r.headers().get_all("set-cookie").iter().collect();
    assert_eq!(
        cookies,
        ["b=2; Path=/; SameSite=lax", "a=1; Path=/; SameSite=lax"]
    );
}

/// docs/behaviour.md, "Cookies": repeated keys are neither merged nor replaced.
#[test]
fn same_cookie_twice_gives_two_headers() {
    let r = PlainTextResponse::new("x")
        .with_cookie(Cookie::new("k", "1"))
        .with_cookie(Cookie::new("k", "2"))
        .into_http()
        .unwrap();
    let cookies: Vec<_> = r.headers().get_all("set-cookie").iter().collect();
    assert_eq!(
        cookies,
        ["k=1; Path=/; SameSite=lax", "k=2; Path=/; SameSite=lax"]
    );
}

/// docs/behaviour.md §6 / "Response": several caller headers with one name are all kept.
#[test]
fn duplicate_caller_headers_are_kept() {
    let r = Response::new("x")
        .with_headers([("Vary", "accept"), ("vary", "origin")])
        .into_http()
        .unwrap();
    let vary: Vec<_> = r.headers().get_all("vary").iter().collect();
    assert_eq!(vary, ["accept", "origin"]);
}

/// docs/behaviour.md, "Response": the caller's headers are detected case-insensitively and win.
#[test]
fn caller_content_type_and_length_win() {
    let r = HtmlResponse::new("hi")
        .with_header("Content-Length", "2")
        .with_header("CONTENT-TYPE", "application/xhtml+xml")
        .into_http()
        .unwrap();
    assert_eq!(names(&r), ["content-length", "content-type"]);
    assert_eq!(r.headers()["content-type"], "application/xhtml+xml");
}

/// `headers_mut` is Starlette's mutable `response.headers`: a set value replaces in place.
#[test]
fn headers_mut_replaces_in_place() {
    let mut r = Response::new("x").with_headers([("x-a", "1"), ("x-b", "2")]);
    r.headers_mut().insert("x-a", HeaderValue::from_static("3"));
    let r = r.into_http().unwrap();
    let pairs: Vec<_> = r
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str(), v.to_str().unwrap()))
        .collect();
    assert_eq!(pairs, [("x-a", "3"), ("x-b", "2"), ("content-length", "1")]);
}

/// docs/behaviour.md, "HTMLResponse and PlainTextResponse": HTML and plain text get their media type with charset even when empty.
#[test]
fn text_classes_have_their_media_type_even_when_empty() {
    let html = HtmlResponse::default().into_http().unwrap();
    assert_eq!(html.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(html.headers()["content-length"], "0");
    let plain = PlainTextResponse::new(()).into_http().unwrap();
    assert_eq!(plain.headers()["content-type"], "text/plain; charset=utf-8");
}

/// docs/behaviour.md §1 / "Response": bytes are never re-encoded, whatever the charset and media type.
#[test]
fn bytes_are_sent_as_they_are() {
    let r = PlainTextResponse::new(vec![0xe2u8, 0x82, 0xac])
        .with_charset("latin-1")
        .into_http()
        .unwrap();
    assert_eq!(body(&r), [0xe2, 0x82, 0xac]);
    assert_eq!(r.headers()["content-type"], "text/plain; charset=latin-1");
}

/// docs/behaviour.md §1: text is encoded with the charset; a 1 MiB body is moved, never copied.
#[test]
fn large_bodies_are_moved() {
    let text = "x".repeat(1 << 20);
    let ptr = text.as_ptr();
    let r = HtmlResponse::new(text).into_http().unwrap();
    assert_eq!(body(&r).as_ptr(), ptr);
    assert_eq!(r.headers()["content-length"], "1048576");

    let bytes = Bytes::from(vec![7u8; 1 << 20]);
    let ptr = bytes.as_ptr();
    let r = Response::new(bytes).into_http().unwrap();
    assert_eq!(body(&r).as_ptr(), ptr);
}

/// docs/behaviour.md §4: other charsets encode through encoding_rs and are named verbatim.
#[test]
fn other_charsets() {
    let r = PlainTextResponse::new("日本")
        .with_charset("Shift_JIS")
        .into_http()
        .unwrap();
    assert_eq!(r.headers()["content-type"], "text/plain; charset=Shift_JIS");
    assert_eq!(body(&r), b"\x93\xfa\x96\x7b");
    assert_eq!(r.headers()["content-length"], "4");
    // The same charset object can be shared.
    let cs = Charset::new("windows-1252").unwrap();
    let r = Response::new("€")
        .with_media_type("text/csv")
        .with_charset(cs)
        .into_http()
        .unwrap();
    assert_eq!(body(&r), b"\x80");
    assert_eq!(
        r.headers()["content-type"],
        "text/csv; charset=windows-1252"
    );
}

/// docs/behaviour.md §5: 1xx, 204 and 304 carry no content-length and no body bytes, for every class;
/// 205 carries both.
#[test]
fn statuses_without_body() {
    for status in [100u16, 102, 103, 204, 304] {
        for r in [
            PlainTextResponse::new("body")
                .with_status_code(status)
                .into_http()
                .unwrap(),
            JsonResponse::new([1, 2])
                .with_status_code(status)
                .into_http()
                .unwrap(),
            RedirectResponse::new("/x")
                .with_status_code(status)
                .into_http()
                .unwrap(),
        ] {
            assert!(r.headers().get("content-length").is_none(), "{status}");
            assert!(body(&r).is_empty(), "{status}");
        }
    }
    let r = PlainTextResponse::new("body")
        .with_status_code(205)
        .into_http()
        .unwrap();
    assert_eq!(r.headers()["content-length"], "4");
    assert_eq!(body(&r), b"body");
    // the content-type stays (docs/behaviour.md §5)
    let r = JsonResponse::new(())
        .with_status_code(204)
        .into_http()
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
}

/// docs/behaviour.md, "JSONResponse": JSON is UTF-8 whatever the media type; a text media type gets `charset=utf-8`.
#[test]
fn json_is_always_utf8() {
    let r = JsonResponse::new("é")
        .with_media_type("text/json")
        .into_http()
        .unwrap();
    assert_eq!(r.headers()["content-type"], "text/json; charset=utf-8");
    assert_eq!(body(&r), "\"é\"".as_bytes());
}

/// docs/behaviour.md, "RedirectResponse": the redirect's headers are caller headers, content-length, location.
#[test]
fn redirect_header_order() {
    let r = RedirectResponse::new("/to")
        .with_header("x-a", "1")
        .with_cookie(Cookie::new("k", "v"))
        .into_http()
        .unwrap();
    assert_eq!(
        names(&r),
        ["x-a", "content-length", "location", "set-cookie"]
    );
    assert!(body(&r).is_empty());
}

/// docs/behaviour.md §8: the location never carries CR/LF, whatever the URL.
#[test]
fn redirect_cannot_inject_headers() {
    let r = RedirectResponse::new("/a\r\nx-evil: 1\r\n\r\nbody")
        .into_http()
        .unwrap();
    assert_eq!(
        r.headers()["location"],
        "/a%0D%0Ax-evil:%201%0D%0A%0D%0Abody"
    );
    assert_eq!(r.headers().len(), 2);
}

/// `Content::from(Option)`: `None` is no content (Starlette's `content=None`).
#[test]
fn none_is_empty() {
    assert_eq!(Content::from(None::<&'static str>), Content::Empty);
    let r = Response::new(None::<Vec<u8>>).into_http().unwrap();
    assert_eq!(r.headers()["content-length"], "0");
}

/// `http::Response::try_from` is the same conversion as `into_http`.
#[test]
fn try_from_conversion() {
    let r = http::Response::try_from(PlainTextResponse::new("x")).unwrap();
    assert_eq!(r.headers()["content-length"], "1");
    let err = http::Response::try_from(JsonResponse::new(f64::NAN)).unwrap_err();
    assert_eq!(err.kind(), responses::ErrorKind::NonFiniteFloat);
}

/// A `Result` of two responses is a response: a handler can return either side.
#[test]
fn result_of_responses() {
    let ok: Result<PlainTextResponse, HtmlResponse> = Ok(PlainTextResponse::new("ok"));
    assert_eq!(ok.into_http().unwrap().status(), 200);
    let err: Result<PlainTextResponse, HtmlResponse> =
        Err(HtmlResponse::new("<p>missing</p>").with_status_code(404));
    let r = err.into_http().unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
}

/// Headers live in an `http::HeaderMap`: values of one name keep their order and are sent
/// together (RFC 9110 §5.3: the order of different names is not significant).
#[test]
fn same_name_values_keep_their_order() {
    let mut r = PlainTextResponse::new("x")
        .with_headers([("x-a", "1"), ("x-b", "2"), ("x-a", "3")])
        .with_header("set-cookie", "a=1");
    r.set_cookie(Cookie::new("b", "2")).unwrap();
    let r = r.into_http().unwrap();
    let pairs: Vec<_> = r
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str(), v.to_str().unwrap()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("x-a", "1"),
            ("x-a", "3"),
            ("x-b", "2"),
            ("set-cookie", "a=1"),
            ("set-cookie", "b=2; Path=/; SameSite=lax"),
            ("content-length", "1"),
            ("content-type", "text/plain; charset=utf-8"),
        ]
    );
}

/// A `serde_json::Value` cannot carry NaN: `json!` has already made it `null`.
#[test]
fn json_value_has_no_nan() {
    let value = serde_json::json!({"x": f64::NAN});
    let r = JsonResponse::new(value).into_http().unwrap();
    assert_eq!(body(&r), br#"{"x":null}"#);
}
