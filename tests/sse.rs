//! Server-Sent Events and JSON Lines against FastAPI 0.165: the vectors of
//! `tests/vectors/sse/generate.py` (FastAPI's own encoder over awkward inputs and the cases of
//! its `tests/test_sse.py`, the events it refuses, and whole responses of FastAPI apps) are
//! rebuilt here and compared byte for byte, headers in order.

mod common;

use common::Collected as _;

use responses::sse::{EventSourceResponse, ServerSentEvent};
use responses::{ErrorKind, IntoHttp, JsonLinesResponse};
use serde::Serialize;
use serde_json::Value;

use common::{sse_event_of as event_of, sse_vectors as vectors};

#[test]
fn every_event_is_written_as_fastapi_writes_it() {
    let vectors = vectors();
    let cases = vectors["format"].as_array().expect("cases");
    assert!(cases.len() >= 30);
    for case in cases {
        let ours = event_of(&case["input"]).to_bytes();
        let theirs = case["output"].as_str().expect("output");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            theirs,
            "input {}",
            case["input"]
        );
    }
}

#[test]
fn what_fastapi_refuses_is_an_error() {
    let vectors = vectors();
    let mut checked = 0;
    for case in vectors["invalid"].as_array().expect("cases") {
        let message = case["error"]
            .as_str()
            .expect("message")
            .trim_start_matches("Value error, ");
        let value = case["value"].as_str().unwrap_or_default();
        let result = match case["field"].as_str().expect("field") {
            "event" => ServerSentEvent::json(&"test").and_then(|e| e.with_event(value)),
            "id" => ServerSentEvent::json(&"test").and_then(|e| e.with_id(value)),
            "data_and_raw_data" => {
                ServerSentEvent::json(&"json").and_then(|e| e.with_raw_data("raw"))
            }
            // A negative or fractional retry: `with_retry` takes a `u64`, so neither can
            // be written (FastAPI refuses them when the event is made).
            "retry" => continue,
            other => panic!("unknown field {other}"),
        };
        let error = result.expect_err("refused");
        assert_eq!(error.kind(), ErrorKind::InvalidEvent);
        assert_eq!(error.message(), message);
        checked += 1;
    }
    assert_eq!(checked, 8);
    // And the other way round: `raw_data` then `data`.
    let error = ServerSentEvent::raw("raw").with_data(&"json").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidEvent);
}

/// FastAPI's `Item` of the vectors.
#[derive(Serialize)]
struct Item {
    name: &'static str,
    description: Option<&'static str>,
    price: f64,
}

fn items() -> Vec<Item> {
    vec![
        Item {
            name: "Plumbus",
            description: Some("A multi-purpose household device."),
            price: 3.5,
        },
        Item {
            name: "Portal Gun",
            description: None,
            price: 1000.0,
        },
        Item {
            name: "Grüße ☃",
            description: Some("line\nbreak"),
            price: 0.1,
        },
    ]
}

/// The status, headers (in order) and body of a response, as the vectors hold them.
fn received(response: impl IntoHttp) -> Value {
    common::block_on(async {
        let response = response.into_http().expect("converts");
        let status = response.status().as_u16();
        let headers: Vec<[String; 2]> = response
            .headers()
            .iter()
            .map(|(k, v)| [k.as_str().to_owned(), v.to_str().expect("ASCII").to_owned()])
            .collect();
        let body = response.into_body().collect_bytes().await.expect("body");
        serde_json::json!({
            "status": status,
            "headers": headers,
            "body": String::from_utf8(body.to_vec()).expect("UTF-8"),
        })
    })
}

#[test]
fn whole_responses_equal_fastapis() {
    let vectors = vectors();
    let mut seen = Vec::new();
    for route in vectors["routes"].as_array().expect("routes") {
        let path = route["path"].as_str().expect("path");
        let ours = match path {
            "/typed" => received(EventSourceResponse::from_iter(items())),
            "/events" => {
                let events = || -> Result<Vec<ServerSentEvent>, responses::Error> {
                    Ok(vec![
                        ServerSentEvent::json(&"hello")?
                            .with_event("greeting")?
                            .with_id("1")?,
                        ServerSentEvent::json(&items()[0])?
                            .with_event("json-data")?
                            .with_id("2")?,
                        ServerSentEvent::new().with_comment("just a comment"),
                        ServerSentEvent::json(&"retry-test")?.with_retry(5000),
                        ServerSentEvent::json(&"multi\nline")?
                            .with_comment("two\nlines")
                            .with_event("e")?
                            .with_id("3")?
                            .with_retry(0),
                        ServerSentEvent::new(),
                    ])
                };
                received(EventSourceResponse::from_iter(events().expect("events")))
            }
            "/raw" => {
                let events = || -> Result<Vec<ServerSentEvent>, responses::Error> {
                    Ok(vec![
                        ServerSentEvent::raw("plain text without quotes"),
                        ServerSentEvent::raw("<div>html fragment</div>").with_event("html")?,
                        ServerSentEvent::raw("cpu,87.3,1709145600").with_event("csv")?,
                        ServerSentEvent::raw("two\r\nlines"),
                    ])
                };
                received(EventSourceResponse::from_iter(events().expect("events")))
            }
            "/strings" => received(EventSourceResponse::from_iter([
                "plain text data",
                "",
                "quote \" and \\ backslash",
                "Grüße ☃",
            ])),
            "/jsonl" => received(JsonLinesResponse::from_iter(items())),
            "/jsonl-strings" => {
                received(JsonLinesResponse::from_iter(["a", "", "line\nbreak", "☃"]))
            }
            other => panic!("no route {other}"),
        };
        let mut want = route.clone();
        if let Value::Object(o) = &mut want {
            o.remove("path");
        }
        assert_eq!(ours, want, "{path}");
        seen.push(path.to_owned());
    }
    assert_eq!(seen.len(), 6);
}

/// FastAPI's generator endpoint: the handler returns a stream of items, the attribute
/// makes it an event stream (or JSON Lines).
#[responses::endpoint(response_class = EventSourceResponse)]
fn generator() -> impl futures_core::Stream<Item = Item> + Send + 'static {
    async_stream::stream! {
        for item in items() {
            yield item;
        }
    }
}

#[responses::endpoint(response_class = JsonLinesResponse, status_code = 202)]
fn lines() -> impl futures_core::Stream<Item = u32> + Send + 'static {
    async_stream::stream! {
        yield 1;
        yield 2;
    }
}

/// A derived enum whose variant is an event stream.
#[derive(responses::Response)]
enum Feed {
    Live(EventSourceResponse),
    #[response(status = 404)]
    Missing,
}

#[test]
fn endpoints_and_derived_types_stream_events() {
    let vectors = vectors();
    let typed = &vectors["routes"][0];
    assert_eq!(typed["path"], "/typed");
    let got = received(generator());
    assert_eq!(got["body"], typed["body"]);
    assert_eq!(got["headers"], typed["headers"]);

    let got = received(lines());
    assert_eq!(got["status"], 202);
    assert_eq!(got["body"], "1\n2\n");

    let got = received(Feed::Live(EventSourceResponse::from_iter(["x"])));
    assert_eq!(got["body"], "data: \"x\"\n\n");
    assert_eq!(got["headers"][0][1], "text/event-stream; charset=utf-8");
    assert_eq!(received(Feed::Missing)["status"], 404);
}

#[test]
fn caller_headers_follow_the_defaults_and_replace_them() {
    let got = received(
        EventSourceResponse::from_iter(["x"])
            .with_header("x-request-id", "42")
            .with_header("cache-control", "no-store"),
    );
    assert_eq!(
        got["headers"],
        serde_json::json!([
            ["content-type", "text/event-stream; charset=utf-8"],
            ["x-accel-buffering", "no"],
            ["x-request-id", "42"],
            ["cache-control", "no-store"],
        ])
    );
}

/// The OpenAPI description: the body is text on the wire; FastAPI's `itemSchema` (OpenAPI
/// 3.2) travels as `x-itemSchema` in utoipa's 3.1 document.
#[test]
fn event_streams_and_json_lines_document_themselves() {
    use utoipa::IntoResponses;
    let vectors = vectors();
    let doc = serde_json::to_value(EventSourceResponse::responses()).expect("serializes");
    let media = &doc["200"]["content"]["text/event-stream"];
    assert_eq!(media["schema"], serde_json::json!({"type": "string"}));
    assert_eq!(
        media["x-itemSchema"],
        vectors["openapi"]["/events"]["200"]["content"]["text/event-stream"]["itemSchema"]
    );
    let doc = serde_json::to_value(JsonLinesResponse::responses()).expect("serializes");
    assert_eq!(
        doc["200"]["content"]["application/jsonl"]["x-itemSchema"],
        serde_json::json!({})
    );
}

#[cfg(feature = "aide")]
#[test]
fn aide_documents_event_streams_the_same() {
    use aide::operation::OperationOutput;
    use utoipa::IntoResponses;
    let aide_doc = aide::generate::in_context(|ctx| {
        let mut operation = aide::openapi::Operation::default();
        EventSourceResponse::inferred_responses(ctx, &mut operation)
    });
    let (status, response) = &aide_doc[0];
    assert_eq!(*status, Some(200));
    let utoipa_doc = serde_json::to_value(EventSourceResponse::responses()).expect("serializes");
    assert_eq!(
        serde_json::to_value(response).expect("serializes"),
        utoipa_doc["200"]
    );
}

#[cfg(feature = "axum")]
#[tokio::test]
async fn an_axum_handler_streams_events() {
    use axum::routing::get;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    async fn handler() -> EventSourceResponse {
        EventSourceResponse::from_iter(["a"])
    }
    let app: axum::Router = axum::Router::new().route("/", get(handler));
    let response = app
        .oneshot(
            http::Request::get("/")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(
        response.headers()["content-type"],
        "text/event-stream; charset=utf-8"
    );
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(&body[..], b"data: \"a\"\n\n");
}

#[cfg(feature = "actix")]
#[actix_web::test]
async fn an_actix_handler_streams_json_lines() {
    use actix_web::test::{TestRequest, call_service, init_service, read_body};
    async fn handler() -> JsonLinesResponse {
        JsonLinesResponse::from_iter([1, 2])
    }
    let app =
        init_service(actix_web::App::new().route("/", actix_web::web::get().to(handler))).await;
    let response = call_service(&app, TestRequest::get().uri("/").to_request()).await;
    assert_eq!(
        response.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/jsonl"[..])
    );
    assert_eq!(&read_body(response).await[..], b"1\n2\n");
}

/// Behind tower-http's `CompressionLayer`, a client that accepts gzip still gets the events
/// one by one, uncompressed: the layer's default predicate skips `text/event-stream`, and
/// nothing in the headers (no `content-length`, no `content-encoding`) makes it buffer.
#[cfg(feature = "axum")]
#[tokio::test]
async fn compression_lets_events_through_one_by_one() {
    use axum::routing::get;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    use tower_http::compression::CompressionLayer;

    let (release, gate) = tokio::sync::oneshot::channel::<()>();
    let gate = std::sync::Arc::new(std::sync::Mutex::new(Some(gate)));
    let handler = move || {
        let gate = gate.lock().ok().and_then(|mut g| g.take());
        async move {
            let events = async_stream::stream! {
                yield ServerSentEvent::raw("first");
                if let Some(gate) = gate {
                    let _ = gate.await;
                }
                yield ServerSentEvent::raw("second");
            };
            EventSourceResponse::new(events)
        }
    };
    let app: axum::Router = axum::Router::new()
        .route("/", get(handler))
        .layer(CompressionLayer::new());
    let response = app
        .oneshot(
            http::Request::get("/")
                .header("accept-encoding", "gzip")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert!(response.headers().get("content-encoding").is_none());
    assert!(response.headers().get("content-length").is_none());
    let mut body = response.into_body();
    // The first event arrives while the second does not exist yet.
    let first = body.frame().await.expect("a frame").expect("data");
    assert_eq!(
        first.into_data().ok().as_deref(),
        Some(&b"data: first\n\n"[..])
    );
    release.send(()).expect("the stream waits");
    let rest = body.collect().await.expect("rest").to_bytes();
    assert_eq!(&rest[..], b"data: second\n\n");
}

/// The keep-alive timer restarts after every event: events 400 ms apart never leave 500 ms
/// without one, so no ping; 1200 ms apart, two pings in each gap (at 500 and 1000 ms). On
/// Tokio's paused clock, so the times are exact.
#[tokio::test(start_paused = true)]
async fn the_keep_alive_timer_restarts_after_every_event() {
    use std::time::Duration;
    let paced = |gap: u64| {
        let events = async_stream::stream! {
            for n in 0..5 {
                tokio::time::sleep(Duration::from_millis(gap)).await;
                yield n;
            }
        };
        EventSourceResponse::new(events).with_keep_alive(Duration::from_millis(500))
    };
    let body = paced(400).collected().await.expect("body");
    assert_eq!(
        &body[..],
        b"data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n"
    );
    let body = paced(1200).collected().await.expect("body");
    let ping = ": ping\n\n: ping\n\n";
    let want = format!(
        "{ping}data: 0\n\n{ping}data: 1\n\n{ping}data: 2\n\n{ping}data: 3\n\n{ping}data: 4\n\n"
    );
    assert_eq!(String::from_utf8_lossy(&body), want);
    // "Never" as an interval is accepted, and sends no ping: every interval too long to
    // wait for, the timer polled while the stream is pending.
    for never in [
        Duration::MAX,
        Duration::MAX - Duration::from_millis(1),
        Duration::from_secs(u64::MAX / 2),
        Duration::from_secs(86_400 * 365 * 31),
    ] {
        let items = async_stream::stream! {
            yield 1;
            tokio::task::yield_now().await;
            yield 2;
        };
        let body = EventSourceResponse::new(items)
            .with_keep_alive(never)
            .collected()
            .await
            .expect("body");
        assert_eq!(&body[..], b"data: 1\n\ndata: 2\n\n", "{never:?}");
    }
}

/// An item that cannot be JSON, or an error of the stream, fails the body (a broken
/// transfer for the client) after what came before.
#[tokio::test]
async fn a_bad_item_or_a_stream_error_fails_the_body() {
    let err = EventSourceResponse::from_iter([1.0, f64::NAN])
        .collected()
        .await
        .expect_err("NaN is not JSON");
    assert_eq!(err.kind(), ErrorKind::Stream);
    assert!(
        err.message().contains("NaN") || err.to_string().contains("NaN"),
        "{err}"
    );

    let items = async_stream::stream! {
        yield Ok(1);
        yield Err(std::io::Error::other("upstream failed"));
    };
    let err = JsonLinesResponse::try_new(items)
        .collected()
        .await
        .expect_err("the stream failed");
    assert_eq!(err.kind(), ErrorKind::Stream);
    assert!(err.to_string().contains("upstream failed"), "{err}");
}

/// What the OpenAPI description leaves out: FastAPI's typed SSE endpoint names the item's
/// schema (`contentSchema`, `required: ["data"]`); the classes carry no item type, so they
/// document an event of any data (docs/behaviour.md §25).
#[test]
fn a_typed_item_schema_is_not_documented() {
    use utoipa::IntoResponses;
    let vectors = vectors();
    let typed = &vectors["openapi"]["/typed"]["200"]["content"]["text/event-stream"]["itemSchema"];
    assert_eq!(typed["required"], serde_json::json!(["data"]));
    let ours = serde_json::to_value(EventSourceResponse::responses()).expect("serializes");
    let ours = &ours["200"]["content"]["text/event-stream"]["x-itemSchema"];
    assert!(ours.get("required").is_none());
    assert_eq!(
        ours["properties"]["data"],
        serde_json::json!({"type": "string"})
    );
}

/// Raw JSON (a `RawValue` of pretty-printed JSON) holds line breaks that compact JSON never
/// has: as an event's data it is split into `data:` lines exactly as `ServerSentEvent::json`
/// splits it (so the browser gets the text as it was), and as a JSON Lines item each CR and
/// LF is written as a space (JSON's whitespace: the same value, one line).
#[tokio::test]
async fn raw_json_with_line_breaks_keeps_the_framing() {
    use responses::sse::IntoEvent as _;
    use serde_json::value::RawValue;
    let texts = ["[1,\n\n2]", "{\"a\":\r\n1}", "[\r1]", "[\n]"];
    for text in texts {
        let raw = RawValue::from_string(text.to_owned()).expect("valid JSON");
        let written = raw.clone().encode().expect("encodes");
        let event = ServerSentEvent::json(&raw).expect("JSON").to_bytes();
        assert_eq!(written, event, "{text:?}");
        // Every line is a field line; the data lines rejoin into the text.
        let body = std::str::from_utf8(&written).expect("UTF-8");
        let event_text = body.strip_suffix("\n\n").expect("one event");
        let data: Vec<&str> = event_text
            .split('\n')
            .map(|line| line.strip_prefix("data: ").expect("a data line"))
            .collect();
        let rejoined = text.replace("\r\n", "\n").replace('\r', "\n");
        assert_eq!(data.join("\n"), rejoined);

        let body = JsonLinesResponse::from_iter([raw.clone()])
            .collected()
            .await
            .expect("body");
        let line = std::str::from_utf8(&body).expect("UTF-8");
        let (item, rest) = line.split_once('\n').expect("one line");
        assert_eq!(rest, "", "{text:?}: one line");
        assert!(!item.contains('\r'), "{text:?}");
        let got: Value = serde_json::from_str(item).expect("JSON");
        let want: Value = serde_json::from_str(text).expect("JSON");
        assert_eq!(got, want, "{text:?}");
    }
}
