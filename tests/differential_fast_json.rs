//! Differential test of the fast-JSON class against FastAPI's `UJSONResponse` and
//! `ORJSONResponse` (the `ujson_*` and `orjson_*` vectors).
//!
//! docs/behaviour.md §3: `FastJsonResponse` writes exactly what `JsonResponse` writes for the same
//! value, so every case first checks that the two classes agree byte for byte (or fail with
//! the same kind of error), then compares with what FastAPI sent, saying where and why the
//! quirks of ujson and orjson are not copied. A vector without a case fails the test.
#![cfg(feature = "fast-json")]

mod common;

use common::{JSON_FLOATS, Vector, b64, body_bytes, header_list, load_vectors};
use responses::{Body, ErrorKind, FastJsonResponse, IntoHttp, JsonResponse};
use serde::{Serialize, Serializer, ser::SerializeMap};

type Built = Result<http::Response<Body>, responses::Error>;

#[derive(Debug, Clone, PartialEq)]
struct Seen {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

enum Expect {
    /// FastAPI's status, headers and body, byte for byte.
    Same,
    /// The same JSON value as FastAPI's, written as `JsonResponse` writes it.
    SameValue(&'static str),
    /// Both classes refuse the value with this kind of error, where FastAPI wrote something.
    Error(ErrorKind, &'static str),
    /// FastAPI's output, changed as the function says.
    Patched(&'static str, fn(&mut Seen)),
    /// The input cannot be written in Rust.
    NotExpressible(&'static str),
}

#[derive(Serialize, Clone)]
struct Ab {
    a: u8,
    b: Vec<u8>,
}

/// A map whose keys have different types, as a Python dict's may.
struct MixedKeys(Vec<(Key, &'static str)>);

#[derive(Clone, Copy)]
enum Key {
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Key::Int(v) => s.serialize_i64(v),
            Key::Float(v) => s.serialize_f64(v),
            Key::Bool(v) => s.serialize_bool(v),
        }
    }
}

impl Serialize for MixedKeys {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The value of a case through both classes.
fn both<T: Serialize + Clone>(value: T) -> Option<(Built, Built)> {
    Some((
        FastJsonResponse::new(value.clone()).into_http(),
        JsonResponse::new(value).into_http(),
    ))
}

/// Removes `entry` from the body and fixes `content-length`.
fn without(seen: &mut Seen, entry: &str) {
    let text = String::from_utf8(seen.body.clone()).expect("utf-8 body");
    assert!(text.contains(entry), "{text} has no {entry}");
    seen.body = text.replacen(entry, "", 1).into_bytes();
    seen.headers[0] = ("content-length".into(), seen.body.len().to_string());
}

fn case(name: &str) -> Option<(Option<(Built, Built)>, Expect)> {
    let nan_inf = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
    let case = match name {
        "ujson_basic" | "orjson_basic" => (
            both(Ab {
                a: 1,
                b: vec![1, 2],
            }),
            Expect::Same,
        ),
        "ujson_slash_escaped" => (
            both(
                [("url", "http://x/y")]
                    .into_iter()
                    .collect::<std::collections::BTreeMap<_, _>>(),
            ),
            Expect::Patched(
                "docs/behaviour.md §3: `/` is not escaped as ujson's `\\/`",
                |s| {
                    s.body = String::from_utf8(s.body.clone())
                        .expect("utf-8")
                        .replace("\\/", "/")
                        .into_bytes();
                    s.headers[0] = ("content-length".into(), s.body.len().to_string());
                },
            ),
        ),
        "ujson_floats" => (
            both(JSON_FLOATS),
            Expect::SameValue(
                "docs/behaviour.md §2–3: floats as JsonResponse writes them, by value equal to ujson's",
            ),
        ),
        "ujson_nan" => (
            both(nan_inf),
            Expect::Error(
                ErrorKind::NonFiniteFloat,
                "docs/behaviour.md §3: no bare NaN/Infinity",
            ),
        ),
        "orjson_nan_is_null" => (
            both(nan_inf),
            Expect::Error(
                ErrorKind::NonFiniteFloat,
                "docs/behaviour.md §3: NaN is an error, not null",
            ),
        ),
        "ujson_none" => (both(None::<u8>), Expect::Same),
        "orjson_unicode" => (
            both(std::collections::BTreeMap::from([(
                "k",
                "é☃😀\u{2028}\u{7f}\u{0}\n/",
            )])),
            Expect::Same,
        ),
        "orjson_big_int_error" => (
            both([1u128 << 64]),
            Expect::Patched(
                "docs/behaviour.md §3: integers beyond 64 bits are written, as JsonResponse writes them",
                |s| {
                    *s = Seen {
                        status: 200,
                        headers: vec![
                            ("content-length".into(), "22".into()),
                            ("content-type".into(), "application/json".into()),
                        ],
                        body: b"[18446744073709551616]".to_vec(),
                    };
                },
            ),
        ),
        // serde_json (and so both classes) refuses a `None` key: the key is left out here,
        // and `runtime/src/json.rs` tests that both refuse it.
        "ujson_non_str_keys" => (
            both_mixed(vec![(Key::Int(1), "a"), (Key::Float(2.5), "b")]),
            Expect::Patched("a None map key is an error in serde_json", |s| {
                without(s, ",\"null\":\"d\"");
            }),
        ),
        "orjson_non_str_keys" => (
            both_mixed(vec![
                (Key::Int(1), "a"),
                (Key::Float(2.5), "b"),
                (Key::Bool(false), "c"),
            ]),
            Expect::Patched("a None map key is an error in serde_json", |s| {
                without(s, ",\"null\":\"d\"");
            }),
        ),
        "orjson_datetime" => (
            None,
            Expect::NotExpressible(
                "std has no calendar date-time; chrono and time serialize their own strings",
            ),
        ),
        _ => return None,
    };
    Some(case)
}

fn both_mixed(keys: Vec<(Key, &'static str)>) -> Option<(Built, Built)> {
    Some((
        FastJsonResponse::new(MixedKeys(keys.clone())).into_http(),
        JsonResponse::new(MixedKeys(keys)).into_http(),
    ))
}

async fn seen(built: Built) -> Result<Seen, responses::Error> {
    let (parts, body) = built?.into_parts();
    Ok(Seen {
        status: parts.status.as_u16(),
        headers: header_list(&parts.headers),
        body: body_bytes(body).await?.to_vec(),
    })
}

fn starlette(v: &Vector) -> Option<Seen> {
    Some(Seen {
        status: v.status?,
        headers: v.headers.clone()?,
        body: b64(v.body_b64.as_deref()?),
    })
}

#[tokio::test]
async fn fast_json_matches_json_response_and_fastapi_up_to_part_a() {
    let vectors: Vec<Vector> = load_vectors()
        .into_iter()
        .filter(|v| v.name.starts_with("ujson_") || v.name.starts_with("orjson_"))
        .collect();
    assert_eq!(vectors.len(), 12, "the ujson and orjson families");
    let mut failures = Vec::new();
    for v in &vectors {
        let Some((built, expect)) = case(&v.name) else {
            failures.push(format!("{}: no Rust case for this vector", v.name));
            continue;
        };
        let outcome = match built {
            None => match expect {
                Expect::NotExpressible(why) if !why.is_empty() => Ok(()),
                _ => Err("a case without a value must be NotExpressible".to_owned()),
            },
            Some((fast, plain)) => {
                let (fast, plain) = (seen(fast).await, seen(plain).await);
                let agree = match (&fast, &plain) {
                    (Ok(a), Ok(b)) => a == b,
                    (Err(a), Err(b)) => a.kind() == b.kind(),
                    _ => false,
                };
                if agree {
                    compare(v, fast, expect)
                } else {
                    Err(format!(
                        "FastJsonResponse and JsonResponse differ:\n{fast:?}\n{plain:?}"
                    ))
                }
            }
        };
        if let Err(msg) = outcome {
            failures.push(format!("{} ({}): {msg}", v.name, v.description));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn compare(v: &Vector, ours: Result<Seen, responses::Error>, expect: Expect) -> Result<(), String> {
    match expect {
        Expect::Same => match (starlette(v), ours) {
            (Some(e), Ok(o)) if e == o => Ok(()),
            (e, o) => Err(format!("expected {e:?}\n got {o:?}")),
        },
        Expect::SameValue(why) => match (starlette(v), ours) {
            (Some(e), Ok(o)) => {
                let a: serde_json::Value =
                    serde_json::from_slice(&e.body).map_err(|e| e.to_string())?;
                let b: serde_json::Value =
                    serde_json::from_slice(&o.body).map_err(|e| e.to_string())?;
                if a == b && e.body != o.body && e.status == o.status {
                    Ok(())
                } else {
                    Err(format!("({why}) {a} vs {b}"))
                }
            }
            (e, o) => Err(format!("({why}) expected {e:?}\n got {o:?}")),
        },
        Expect::Error(kind, why) => match ours {
            Err(err) if err.kind() == kind && starlette(v).is_some() => Ok(()),
            other => Err(format!("({why}) expected {kind:?}, got {other:?}")),
        },
        Expect::Patched(why, patch) => {
            let mut e = starlette(v).unwrap_or(Seen {
                status: 0,
                headers: vec![],
                body: vec![],
            });
            patch(&mut e);
            match ours {
                Ok(o) if o == e => Ok(()),
                other => Err(format!("({why}) expected {e:?}\n got {other:?}")),
            }
        }
        Expect::NotExpressible(why) => Err(format!("({why}) but a value was given")),
    }
}

#[test]
fn fast_json_and_json_response_differ_only_in_speed() {
    // The same value through both classes, byte for byte, headers included.
    let value = (1u64, "Zoë/☃", [0.1, 1e16, -0.0], Some(true), [(); 0]);
    let fast = FastJsonResponse::new(value)
        .with_status_code(201)
        .with_media_type("application/problem+json")
        .with_header("x-a", "1")
        .into_http()
        .expect("fast");
    let plain = JsonResponse::new(value)
        .with_status_code(201)
        .with_media_type("application/problem+json")
        .with_header("x-a", "1")
        .into_http()
        .expect("plain");
    assert_eq!(fast.status(), plain.status());
    assert_eq!(header_list(fast.headers()), header_list(plain.headers()));
    assert_eq!(fast.body().as_bytes(), plain.body().as_bytes());
    assert_eq!(
        fast.body().as_bytes(),
        Some("[1,\"Zoë/☃\",[0.1,1e+16,-0.0],true,[]]".as_bytes())
    );
}

#[responses::endpoint(response_class = FastJsonResponse, status_code = 201)]
async fn created_items() -> Vec<Ab> {
    vec![Ab { a: 7, b: vec![] }]
}

/// The derive renders with the fast serializer through `render_with`.
#[derive(Serialize, responses::Response)]
#[response(
    status = 202,
    media_type = "application/json",
    render_with = responses::json::to_bytes_fast
)]
struct Accepted {
    id: u64,
    note: &'static str,
}

#[tokio::test]
async fn endpoint_and_derive_use_the_fast_serializer() {
    let r = seen(created_items().await.into_http())
        .await
        .expect("endpoint");
    assert_eq!(r.status, 201);
    assert_eq!(r.body, br#"[{"a":7,"b":[]}]"#);
    let r = seen(Accepted { id: 1, note: "é/" }.into_http())
        .await
        .expect("derive");
    assert_eq!(r.status, 202);
    assert_eq!(
        r.headers,
        [
            ("content-length".to_owned(), "21".to_owned()),
            ("content-type".to_owned(), "application/json".to_owned())
        ]
    );
    assert_eq!(r.body, "{\"id\":1,\"note\":\"é/\"}".as_bytes());
}

#[cfg(feature = "axum")]
#[tokio::test]
async fn fast_json_is_an_axum_response() {
    use axum::response::IntoResponse;
    use http_body_util::BodyExt;
    let r = FastJsonResponse::new([1.5]).into_response();
    assert_eq!(r.headers()["content-type"], "application/json");
    let body = r.into_body().collect().await.expect("body").to_bytes();
    assert_eq!(&body[..], b"[1.5]");
    let failed = FastJsonResponse::new([f64::NAN]).into_response();
    assert_eq!(failed.status(), 500);
}

#[cfg(feature = "actix")]
#[actix_web::test]
async fn fast_json_is_an_actix_responder() {
    use actix_web::Responder;
    let request = actix_web::test::TestRequest::default().to_http_request();
    let r = FastJsonResponse::new([1.5]).respond_to(&request);
    assert_eq!(
        r.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
    let body = actix_web::body::to_bytes(r.into_body())
        .await
        .expect("body");
    assert_eq!(&body[..], b"[1.5]");
    let failed = FastJsonResponse::new([f64::NAN]).respond_to(&request);
    assert_eq!(failed.status(), 500);
}
