//! Every error path of docs/behaviour.md's deliberate differences: each bad input gives `Err` of the right kind with a
//! message naming the bad value — and no input, however random, makes anything panic.

use std::time::{Duration, UNIX_EPOCH};

use responses::{
    Charset, Cookie, ErrorKind, FileResponse, HtmlResponse, IntoHttp, JsonResponse, MediaType,
    PlainTextResponse, RedirectResponse, Response, StreamingResponse,
};

fn err_of(result: Result<http::Response<responses::Body>, responses::Error>) -> responses::Error {
    match result {
        Ok(r) => panic!("expected an error, got {:?}", r.status()),
        Err(e) => e,
    }
}

#[track_caller]
fn check(
    result: Result<http::Response<responses::Body>, responses::Error>,
    kind: ErrorKind,
    shown: &str,
) {
    let err = err_of(result);
    assert_eq!(err.kind(), kind, "{err}");
    assert!(
        err.to_string().contains(shown),
        "message {:?} should contain {shown:?}",
        err.to_string()
    );
}

#[test]
fn invalid_header_names() {
    for name in ["", "a b", "x:y", "x\r\ny", "é", "x\0"] {
        let shown = format!("{name:?}").replace("\\0", "\\u{0}");
        check(
            PlainTextResponse::new("x")
                .with_header(name, "v")
                .into_http(),
            ErrorKind::InvalidHeaderName,
            &shown,
        );
    }
}

#[test]
fn invalid_header_values() {
    for (value, shown) in [
        ("a\rb", "\"a\\rb\""),
        ("a\nb", "\"a\\nb\""),
        ("a\0b", "\"a\\u{0}b\""),
        ("evil\r\nSet-Cookie: x=1", "\"evil\\r\\nSet-Cookie: x=1\""),
        ("€", "\"€\""),
        ("x\u{7f}", "\"x\\u{7f}\""),
    ] {
        check(
            Response::new("x").with_header("x-h", value).into_http(),
            ErrorKind::InvalidHeaderValue,
            shown,
        );
        let err = err_of(Response::new("x").with_header("x-h", value).into_http());
        assert!(err.to_string().contains("header `x-h`"), "{err}");
    }
    check(
        Response::new("x")
            .with_header("x-h", b"\n".to_vec())
            .into_http(),
        ErrorKind::InvalidHeaderValue,
        "\"\\n\"",
    );
}

#[test]
fn status_outside_100_to_599() {
    for status in [0u16, 1, 99, 101, 600, 999, 1000, 65535] {
        check(
            Response::empty().with_status_code(status).into_http(),
            ErrorKind::InvalidStatus,
            &status.to_string(),
        );
        check(
            RedirectResponse::new("/")
                .with_status_code(status)
                .into_http(),
            ErrorKind::InvalidStatus,
            &status.to_string(),
        );
    }
}

/// docs/behaviour.md §21: the headers the server writes (framing, hop-by-hop) are refused
/// from the caller, by every class, whether given to the builder or put in `headers_mut`.
#[test]
fn framing_and_hop_by_hop_headers() {
    let path = std::env::temp_dir().join(format!("responses-framing-{}", std::process::id()));
    std::fs::write(&path, "file").unwrap();
    for name in responses::headers::FRAMING_HEADERS {
        for spelled in [name.to_owned(), name.to_ascii_uppercase()] {
            let results = [
                Response::new("x")
                    .with_header(spelled.as_str(), "v")
                    .into_http(),
                JsonResponse::new(1)
                    .with_header(spelled.as_str(), "v")
                    .into_http(),
                RedirectResponse::new("/")
                    .with_header(spelled.as_str(), "v")
                    .into_http(),
                StreamingResponse::from_iter(["x"])
                    .with_header(spelled.as_str(), "v")
                    .into_http(),
                FileResponse::new(&path)
                    .with_header(spelled.as_str(), "v")
                    .into_http(),
            ];
            for result in results {
                check(result, ErrorKind::FramingHeader, name);
            }
        }
        let mut response = PlainTextResponse::new("x");
        response
            .headers_mut()
            .insert(name, http::HeaderValue::from_static("chunked"));
        check(response.into_http(), ErrorKind::FramingHeader, name);
        let mut file = FileResponse::new(&path);
        file.headers_mut()
            .insert(name, http::HeaderValue::from_static("close"));
        check(file.into_http(), ErrorKind::FramingHeader, name);
    }
    let _ = std::fs::remove_file(&path);
    // The other headers are the caller's to set.
    assert!(
        Response::new("x")
            .with_header("x-transfer-encoding", "gzip")
            .with_header("content-encoding", "gzip")
            .into_http()
            .is_ok()
    );
}

/// A chunk size outside 1..=16 MiB is a typed error, never an allocation of that size.
#[tokio::test]
async fn chunk_sizes_are_bounded() {
    use responses::file::MAX_CHUNK_SIZE;
    let path = std::env::temp_dir().join(format!("responses-chunk-{}", std::process::id()));
    std::fs::write(&path, "0123456789").unwrap();
    for size in [0, MAX_CHUNK_SIZE + 1, usize::MAX] {
        check(
            FileResponse::new(&path).with_chunk_size(size).into_http(),
            ErrorKind::InvalidChunkSize,
            &size.to_string(),
        );
    }
    for size in [1, MAX_CHUNK_SIZE] {
        let body = FileResponse::new(&path)
            .with_chunk_size(size)
            .into_http()
            .unwrap()
            .into_body()
            .collect_bytes()
            .await
            .unwrap();
        assert_eq!(&body[..], b"0123456789", "chunk size {size}");
    }
    let _ = std::fs::remove_file(&path);
}

/// C0 and C1 control characters (U+0085 NEL among them) are refused in text header values
/// and in cookie attributes alike: one rule (`responses_rules::is_control_char`).
#[test]
fn c1_controls_in_text_headers_and_cookies() {
    for c in ['\u{80}', '\u{85}', '\u{9f}', '\u{1}', '\u{7f}'] {
        let text = format!("a{c}b");
        check(
            Response::new("x")
                .with_header("x-a", text.as_str())
                .into_http(),
            ErrorKind::InvalidHeaderValue,
            "control character",
        );
        check(
            Response::new("x")
                .with_header("x-a", text.clone())
                .into_http(),
            ErrorKind::InvalidHeaderValue,
            "control character",
        );
        check(
            Response::new("x")
                .with_cookie(Cookie::new("k", "v").path(text.clone()))
                .into_http(),
            ErrorKind::InvalidCookie,
            "may not contain",
        );
    }
    // The same bytes given as bytes are obs-text (RFC 9110 §5.5), sent as they are.
    let r = Response::new("x")
        .with_header("x-a", &b"a\x85b"[..])
        .into_http()
        .unwrap();
    assert_eq!(r.headers()["x-a"].as_bytes(), b"a\x85b");
    // Latin-1 letters stay ISO-8859-1 bytes.
    let r = Response::new("x")
        .with_header("x-a", "é\u{a0}ÿ")
        .into_http()
        .unwrap();
    assert_eq!(r.headers()["x-a"].as_bytes(), b"\xe9\xa0\xff");
}

/// docs/behaviour.md §22: a body never disagrees with its label. A media type that names a
/// charset sets it; another one set beside it is an error; JSON names only UTF-8.
#[tokio::test]
async fn a_body_never_disagrees_with_its_charset() {
    check(
        PlainTextResponse::new("é")
            .with_media_type("text/plain; charset=utf-8")
            .with_charset("latin-1")
            .into_http(),
        ErrorKind::CharsetMismatch,
        "latin-1",
    );
    let named = PlainTextResponse::new("é")
        .with_media_type("text/plain; charset=latin-1")
        .into_http()
        .unwrap();
    assert_eq!(
        named.headers()["content-type"],
        "text/plain; charset=latin-1"
    );
    assert_eq!(named.body().as_bytes(), Some(&b"\xe9"[..]));
    // The same charset spelled two ways is one charset.
    let same = PlainTextResponse::new("é")
        .with_media_type("text/plain; charset=\"UTF8\"")
        .with_charset("utf-8")
        .into_http()
        .unwrap();
    assert_eq!(same.body().as_bytes(), Some("é".as_bytes()));
    check(
        JsonResponse::new("é")
            .with_media_type("application/json; charset=latin-1")
            .into_http(),
        ErrorKind::CharsetMismatch,
        "JSON is always UTF-8",
    );
    assert!(
        JsonResponse::new("é")
            .with_media_type("application/json; charset=utf-8")
            .into_http()
            .is_ok()
    );
    // Text needs a charset this crate can encode; bytes are sent as they are.
    check(
        Response::new("x")
            .with_media_type("text/plain; charset=klingon")
            .into_http(),
        ErrorKind::UnknownCharset,
        "klingon",
    );
    assert!(
        Response::new(&b"x"[..])
            .with_media_type("text/plain; charset=klingon")
            .into_http()
            .is_ok()
    );
    let stream = StreamingResponse::from_iter(["é"])
        .with_media_type("text/plain; charset=latin-1")
        .into_http()
        .unwrap();
    assert_eq!(
        &stream.into_body().collect_bytes().await.unwrap()[..],
        b"\xe9"
    );
    let path = std::env::temp_dir().join(format!("responses-cs-{}", std::process::id()));
    std::fs::write(&path, "x").unwrap();
    check(
        FileResponse::new(&path)
            .with_media_type("text/plain; charset=utf-8")
            .with_charset("latin-1")
            .into_http(),
        ErrorKind::CharsetMismatch,
        "latin-1",
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn malformed_media_types() {
    for media in [
        "",
        "text",
        "text/",
        "text/plain; charset",
        "a b/c",
        "text/plain\r\n",
        "x/y; q=\"open",
    ] {
        let shown = format!("{media:?}");
        check(
            Response::new("x").with_media_type(media).into_http(),
            ErrorKind::InvalidMediaType,
            &shown,
        );
        check(
            JsonResponse::new(1).with_media_type(media).into_http(),
            ErrorKind::InvalidMediaType,
            &shown,
        );
        assert!(MediaType::new(media).is_err());
    }
}

#[test]
fn unknown_charsets() {
    for charset in ["klingon", "", "utf-16", "utf-16be"] {
        check(
            PlainTextResponse::new("x")
                .with_charset(charset)
                .into_http(),
            ErrorKind::UnknownCharset,
            &format!("{charset:?}"),
        );
    }
}

#[test]
fn unencodable_characters() {
    check(
        PlainTextResponse::new("price: 5€")
            .with_charset("latin-1")
            .into_http(),
        ErrorKind::Unencodable,
        "'latin-1' cannot encode character '€' (U+20AC) at position 8",
    );
    check(
        HtmlResponse::new("naïve").with_charset("ascii").into_http(),
        ErrorKind::Unencodable,
        "'ï' (U+00EF) at position 2",
    );
    check(
        Response::new("😀").with_charset("shift_jis").into_http(),
        ErrorKind::Unencodable,
        "U+1F600",
    );
    assert!(Charset::new("iso-8859-1").unwrap().encode("ā").is_err());
}

#[test]
fn invalid_cookies() {
    let cases: Vec<(Cookie, &str)> = vec![
        (Cookie::new("k", "a;b"), "';'"),
        (Cookie::new("k", "a b"), "' '"),
        (Cookie::new("k", "\u{1}"), "control character"),
        (Cookie::new("k", "é"), "'é'"),
        (Cookie::new("bad key", "v"), "\"bad key\""),
        (Cookie::new("", "v"), "\"\""),
        (Cookie::new("Max-Age", "v"), "\"Max-Age\" is reserved"),
        (Cookie::new("k", "v").path("/a;b"), "\"/a;b\""),
        (Cookie::new("k", "v").domain("x\r\n"), "\"x\\r\\n\""),
        (
            Cookie::new("k", "v").expires(UNIX_EPOCH + Duration::from_secs(253_402_300_800)),
            "HTTP date",
        ),
    ];
    for (cookie, shown) in cases {
        check(
            PlainTextResponse::new("x")
                .with_cookie(cookie.clone())
                .into_http(),
            ErrorKind::InvalidCookie,
            shown,
        );
        let mut r = PlainTextResponse::new("x");
        let err = r.set_cookie(cookie).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCookie);
        // nothing was added
        let ok = r.into_http().unwrap();
        assert!(ok.headers().get("set-cookie").is_none());
    }
    let mut r = PlainTextResponse::new("x");
    let err = r.delete_cookie("a=b").unwrap_err();
    assert!(err.to_string().contains("\"a=b\""), "{err}");
}

#[test]
fn json_that_is_not_json() {
    check(
        JsonResponse::new(vec![1.0, f64::NAN]).into_http(),
        ErrorKind::NonFiniteFloat,
        "NaN",
    );
    check(
        JsonResponse::new(f32::NEG_INFINITY).into_http(),
        ErrorKind::NonFiniteFloat,
        "-inf",
    );
    let map = std::collections::HashMap::from([((1, 2), "tuple keys")]);
    check(
        JsonResponse::new(map).into_http(),
        ErrorKind::Json,
        "key must be a string",
    );
}

#[test]
fn content_length_contradicting_the_body() {
    check(
        PlainTextResponse::new("hello")
            .with_header("Content-Length", "99")
            .into_http(),
        ErrorKind::ContentLengthMismatch,
        "\"99\" given, but the body has 5 bytes",
    );
    check(
        Response::new("x")
            .with_header("content-length", "one")
            .into_http(),
        ErrorKind::ContentLengthMismatch,
        "\"one\"",
    );
    // No content-length at all on 1xx/204/304 (docs/behaviour.md §5), so nothing to contradict.
    let ok = Response::empty()
        .with_status_code(304)
        .with_header("content-length", "1234")
        .into_http()
        .unwrap();
    assert!(ok.headers().get("content-length").is_none());
    check(
        Response::new("ab")
            .with_header("content-length", "+2")
            .into_http(),
        ErrorKind::ContentLengthMismatch,
        "\"+2\"",
    );
}

#[test]
fn more_headers_than_a_header_map_holds_is_an_error() {
    // `http::HeaderMap` holds at most 32 768 entries; more is an error, not a panic,
    // whether the caller's headers or the computed ones overflow it.
    for count in [40_000, 24_575, 24_576] {
        let names: Vec<String> = (0..count).map(|i| format!("x-h{i}")).collect();
        let result = PlainTextResponse::new("x")
            .with_headers(names.iter().map(|n| (n.as_str(), "1")))
            .into_http();
        match result {
            Ok(r) => assert_eq!(r.headers().len(), count + 2),
            Err(e) => assert_eq!(e.kind(), ErrorKind::TooManyHeaders, "{count}"),
        }
    }
    let names: Vec<String> = (0..40_000).map(|i| format!("x-h{i}")).collect();
    let err = err_of(
        Response::new("x")
            .with_headers(names.iter().map(|n| (n.as_str(), "1")))
            .into_http(),
    );
    assert_eq!(err.kind(), ErrorKind::TooManyHeaders);
}

#[test]
fn the_first_error_is_reported() {
    let err = err_of(
        PlainTextResponse::new("x")
            .with_status_code(5u16)
            .with_header("bad name", "v")
            .into_http(),
    );
    assert_eq!(err.kind(), ErrorKind::InvalidStatus);
}

/// A small deterministic generator (xorshift), so the test needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a", "Z", "0", " ", "\t", "\r", "\n", "\0", ";", ",", "=", "\"", "\\", "/", "%", "é",
            "€", "😀", "\u{7f}", "\u{ff}", "text/", "plain", "charset=", "; ", "utf-8", "latin-1",
            "%zz", "\u{2028}", "\u{fffd}", ":", "(", "@",
        ];
        let len = (self.next() % 12) as usize;
        (0..len)
            .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
            .collect()
    }
}

#[test]
fn random_inputs_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let (a, b, c) = (rng.string(), rng.string(), rng.string());
        let status = (rng.next() % 1200) as u16;
        let _ = PlainTextResponse::new(a.clone())
            .with_status_code(status)
            .with_header(b.clone(), c.clone())
            .with_media_type(b.clone())
            .with_charset(c.clone())
            .with_cookie(
                Cookie::new(a.clone(), b.clone())
                    .path(c.clone())
                    .domain(a.clone())
                    .max_age(rng.next() as i64)
                    .expires(Duration::from_secs(rng.next() >> 20)),
            )
            .into_http();
        let _ = RedirectResponse::new(a.clone())
            .with_header(c.clone(), b.clone())
            .into_http();
        let _ = JsonResponse::new((a.clone(), f64::from_bits(rng.next()))).into_http();
        let _ = Charset::new(a.clone()).map(|cs| cs.encode(b.clone()));
        let _ = Cookie::named(b).to_removal_header_value();
    }
}
