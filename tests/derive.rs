//! Behaviour of `#[derive(Response)]` and `#[endpoint]`: status, headers and body bytes of
//! the rendered responses, and — for every example program — the same bytes as the
//! equivalent response built by hand with the runtime's classes.
//!
//! The example programs are compiled here as modules (`#[path]`): each shows one shape of
//! the derive next to its hand-written equivalent, and this test holds them to it. An
//! example is a binary that no test can import, and copying its types here would let the
//! two drift apart.

#[allow(dead_code)]
#[path = "../examples/derive_cookies.rs"]
mod derive_cookies;
#[allow(dead_code)]
#[path = "../examples/derive_enum.rs"]
mod derive_enum;
#[allow(dead_code)]
#[path = "../examples/derive_json.rs"]
mod derive_json;
#[allow(dead_code)]
#[path = "../examples/derive_text.rs"]
mod derive_text;
#[allow(dead_code)]
#[path = "../examples/endpoint.rs"]
mod endpoint_example;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http::StatusCode;
use responses::{
    BackgroundTask, BackgroundTasks, Body, Cookie, ErrorKind, IntoHttp, JsonResponse,
    PlainTextResponse, Response,
};
use serde::Serialize;

type Pair = (&'static str, http::Response<Body>, http::Response<Body>);

fn assert_same(pairs: Vec<Pair>) {
    assert!(!pairs.is_empty());
    for (name, derived, by_hand) in pairs {
        assert_eq!(derived.status(), by_hand.status(), "{name}: status");
        let d: Vec<_> = derived.headers().iter().collect();
        let h: Vec<_> = by_hand.headers().iter().collect();
        assert_eq!(d, h, "{name}: headers, in order");
        assert_eq!(
            derived.body().as_bytes(),
            by_hand.body().as_bytes(),
            "{name}: body"
        );
        assert!(
            derived.body().as_bytes().is_some(),
            "{name}: in-memory body"
        );
    }
}

#[test]
fn examples_equal_their_hand_written_responses() {
    assert_same(derive_json::pairs().unwrap());
    assert_same(derive_text::pairs().unwrap());
    assert_same(derive_enum::pairs().unwrap());
    assert_same(derive_cookies::pairs().unwrap());
}

#[tokio::test]
async fn endpoint_example_equals_its_hand_written_responses() {
    assert_same(endpoint_example::pairs().await.unwrap());
}

fn body(r: &http::Response<Body>) -> &[u8] {
    r.body().as_bytes().unwrap()
}

#[derive(Serialize, Response)]
#[response(status = 201, media_type = "application/json")]
struct UserCreated {
    id: u64,
    name: String,
}

#[test]
fn the_issue_example() {
    let r = UserCreated {
        id: 1,
        name: "Zoë".into(),
    }
    .into_http()
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let pairs: Vec<_> = r
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str(), v.to_str().unwrap()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("content-length", "22"),
            ("content-type", "application/json")
        ]
    );
    assert_eq!(body(&r), "{\"id\":1,\"name\":\"Zoë\"}".as_bytes());
}

#[derive(Response)]
struct Dynamic {
    #[response(status)]
    status: Option<u16>,
    #[response(header = "x-a")]
    a: Option<&'static str>,
    #[response(header = "x-b")]
    b: u64,
    #[response(background)]
    task: Option<BackgroundTasks>,
    value: f64,
}

#[test]
fn dynamic_fields() {
    let r = Dynamic {
        status: None,
        a: None,
        b: 1,
        task: None,
        value: 1.5,
    }
    .into_http()
    .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("x-a").is_none());
    assert_eq!(r.headers()["x-b"], "1");
    assert_eq!(body(&r), b"{\"value\":1.5}");
    let r = Dynamic {
        status: Some(202),
        a: Some("x"),
        b: 2,
        task: None,
        value: 0.0,
    }
    .into_http()
    .unwrap();
    assert_eq!(r.status(), 202);
    assert_eq!(r.headers()["x-a"], "x");
}

#[test]
fn run_time_errors_are_errors() {
    let err = Dynamic {
        status: Some(1000),
        a: None,
        b: 1,
        task: None,
        value: 1.0,
    }
    .into_http()
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidStatus);
    let err = Dynamic {
        status: None,
        a: Some("a\r\nb"),
        b: 1,
        task: None,
        value: 1.0,
    }
    .into_http()
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidHeaderValue);
    assert!(err.to_string().contains("header `x-a`"), "{err}");
    let err = Dynamic {
        status: None,
        a: None,
        b: 1,
        task: None,
        value: f64::NAN,
    }
    .into_http()
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NonFiniteFloat);
}

#[test]
fn a_dynamic_no_content_status_drops_the_body() {
    let r = Dynamic {
        status: Some(204),
        a: None,
        b: 1,
        task: None,
        value: 1.0,
    }
    .into_http()
    .unwrap();
    assert_eq!(r.status(), 204);
    assert!(r.headers().get("content-length").is_none());
    assert!(body(&r).is_empty());
}

#[tokio::test]
async fn background_field_runs_after_the_body() {
    let runs = Arc::new(AtomicUsize::new(0));
    let r2 = runs.clone();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task = BackgroundTasks::from(BackgroundTask::new(async move {
        r2.fetch_add(1, Ordering::SeqCst);
        tx.send(()).unwrap();
    }));
    let r = Dynamic {
        status: None,
        a: None,
        b: 1,
        task: Some(task),
        value: 2.0,
    }
    .into_http()
    .unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 0);
    let bytes = r.into_body().collect_bytes().await.unwrap();
    assert_eq!(&bytes[..], b"{\"value\":2.0}");
    rx.await.unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[derive(Response)]
#[response(media_type = "text/plain", charset = "latin-1", header("x-static" = "café"))]
struct Latin(String);

#[test]
fn latin1_text_and_static_latin1_header() {
    let r = Latin("é".into()).into_http().unwrap();
    assert_eq!(r.headers()["x-static"].as_bytes(), b"caf\xe9");
    assert_eq!(body(&r), b"\xe9");
    let err = Latin("€".into()).into_http().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unencodable);
    // same as the runtime class
    let by_hand = PlainTextResponse::new("é")
        .with_charset("latin-1")
        .with_header("x-static", "café")
        .into_http()
        .unwrap();
    assert_eq!(
        by_hand.headers(),
        Latin("é".into()).into_http().unwrap().headers()
    );
}

#[derive(Response)]
#[response(render = bytes)]
struct Raw(Bytes);

#[derive(Response)]
#[response(media_type = "application/octet-stream")]
struct Octets(Vec<u8>);

#[test]
fn bytes_bodies_are_moved() {
    let bytes = Bytes::from(vec![1u8; 4096]);
    let ptr = bytes.as_ptr();
    let r = Raw(bytes).into_http().unwrap();
    assert_eq!(body(&r).as_ptr(), ptr);
    assert!(r.headers().get("content-type").is_none());
    let by_hand = Response::new(Bytes::from(vec![1u8; 4096]))
        .into_http()
        .unwrap();
    assert_eq!(r.headers(), by_hand.headers());
    let r = Octets(vec![0, 1]).into_http().unwrap();
    assert_eq!(r.headers()["content-type"], "application/octet-stream");
}

#[derive(Response)]
#[response(media_type = "text/html")]
struct Html(String);

#[test]
fn text_bodies_are_moved() {
    let text = "x".repeat(1 << 20);
    let ptr = text.as_ptr();
    let r = Html(text).into_http().unwrap();
    assert_eq!(body(&r).as_ptr(), ptr);
}

#[derive(Response)]
enum Mixed<T: Serialize> {
    #[response(status = 200)]
    Data(T),
    #[response(status = 400, render = display)]
    Bad {
        #[response(header = "x-reason")]
        reason: &'static str,
        #[response(body)]
        code: u16,
    },
    Other(JsonResponse<T>),
}

#[test]
fn generic_enum() {
    let r = Mixed::Data(vec![1, 2]).into_http().unwrap();
    assert_eq!(body(&r), b"[1,2]");
    let r = Mixed::<u8>::Bad {
        reason: "x",
        code: 7,
    }
    .into_http()
    .unwrap();
    assert_eq!((r.status().as_u16(), body(&r)), (400, &b"7"[..]));
    let r = Mixed::Other(JsonResponse::new(3u8).with_status_code(299))
        .into_http()
        .unwrap();
    assert_eq!(r.status(), 299);
}

#[test]
fn derived_json_equals_json_response_for_every_value_shape() {
    #[derive(Clone, Serialize, Response)]
    struct Shapes {
        text: String,
        escapes: &'static str,
        big: u128,
        neg: i64,
        float: f64,
        list: Vec<Option<bool>>,
        nested: (u8, &'static str),
    }
    let v = Shapes {
        text: "é☃😀\u{2028}".into(),
        escapes: "\"\\/\n\u{1}",
        big: u128::MAX,
        neg: i64::MIN,
        float: 0.1,
        list: vec![Some(true), None],
        nested: (1, "a"),
    };
    let derived = v.clone().into_http().unwrap();
    let by_hand = JsonResponse::new(v).into_http().unwrap();
    assert_eq!(derived.headers(), by_hand.headers());
    assert_eq!(body(&derived), body(&by_hand));
}

#[test]
fn cookie_deletion_field() {
    #[derive(Response)]
    #[response(status = 303, header("location" = "/"))]
    struct LoggedOut {
        #[response(cookie)]
        session: responses::CookieDeletion,
    }
    let r = LoggedOut {
        session: Cookie::named("session").deletion(),
    }
    .into_http()
    .unwrap();
    assert_eq!(
        r.headers()["set-cookie"],
        "session=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=lax"
    );
    assert_eq!(r.headers()["content-length"], "0");
}
