//! Server-Sent Events and JSON Lines against FastAPI 0.165: the vectors of
//! `tests/vectors/sse/generate.py` (FastAPI's own encoder over awkward inputs and the cases of
//! its `tests/test_sse.py`, the events it refuses, and whole responses of FastAPI apps) are
//! rebuilt here and compared byte for byte, headers in order.

use responses::sse::{EventSourceResponse, ServerSentEvent};
use responses::{ErrorKind, IntoHttp, JsonLinesResponse};
use serde::Serialize;
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/sse/fastapi.json")).expect("JSON")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// The event of one `format_sse_event` input (`data_str` is data already serialized, so
/// it is `raw_data` here).
fn event_of(input: &Value) -> ServerSentEvent {
    let mut event = ServerSentEvent::new();
    if let Some(comment) = input["comment"].as_str() {
        event = event.with_comment(comment);
    }
    if let Some(name) = input["event"].as_str() {
        event = event.with_event(name).expect("valid event");
    }
    if let Some(data) = input["data_str"].as_str() {
        event = event.with_raw_data(data).expect("raw data");
    }
    if let Some(id) = input["id"].as_str() {
        event = event.with_id(id).expect("valid id");
    }
    if let Some(retry) = input["retry"].as_u64() {
        event = event.with_retry(retry);
    }
    event
}

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
    runtime().block_on(async {
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
