//! Our event streams through a WHATWG event-stream parser (`eventsource-stream`, the parser
//! under `reqwest-eventsource`): every vector of `tests/vectors/sse`, and fuzzed events with
//! any text in `data` and `comment` (line ends of every kind, NUL, `\v`, U+2028…), parse into
//! exactly the events sent, field by field, as the HTML standard's "interpret an event
//! stream" defines them.

mod common;

use common::Collected as _;

use std::future::poll_fn;
use std::pin::Pin;

use bytes::Bytes;
use eventsource_stream::{Event, EventStream};
use futures_core::Stream;
use proptest::prelude::*;
use responses::sse::{EventSourceResponse, ServerSentEvent};

/// The events a conforming parser dispatches for `sent`: one per event with `data`; its type
/// the event name or `message`; its data the lines joined with `\n`; its id the last id seen.
fn expected(sent: &[ServerSentEvent]) -> Vec<Event> {
    let mut last_id = String::new();
    let mut out = Vec::new();
    for event in sent {
        if let Some(id) = event.id() {
            last_id = id.to_owned();
        }
        let Some(data) = event.data() else { continue };
        let lines: Vec<&str> = data
            .split("\r\n")
            .flat_map(|l| l.split(['\r', '\n']))
            .collect();
        out.push(Event {
            event: match event.event() {
                Some(name) if !name.is_empty() => name.to_owned(),
                _ => "message".to_owned(),
            },
            data: lines.join("\n"),
            id: last_id.clone(),
            retry: event.retry().map(std::time::Duration::from_millis),
        });
    }
    out
}

/// What the parser reads from our response body for `sent`.
fn parsed(sent: Vec<ServerSentEvent>) -> Vec<Event> {
    common::block_on(async move {
        let body = EventSourceResponse::from_iter(sent)
            .collected()
            .await
            .expect("body");
        // Fed in small pieces, as a network delivers it.
        let pieces: Vec<Bytes> = body.chunks(7).map(Bytes::copy_from_slice).collect();
        let mut stream = EventStream::new(responses::body::iter_stream(pieces));
        let mut out = Vec::new();
        while let Some(event) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
            out.push(event.expect("a valid event stream"));
        }
        out
    })
}

/// The events of the vectors' `format` cases.
fn vector_events() -> Vec<ServerSentEvent> {
    let vectors = common::sse_vectors();
    let cases = vectors["format"].as_array().expect("cases");
    cases
        .iter()
        .map(|case| common::sse_event_of(&case["input"]))
        .collect()
}

#[test]
fn the_vectors_parse_into_the_events_sent() {
    let sent = vector_events();
    let want = expected(&sent);
    assert!(want.len() >= 15, "{}", want.len());
    assert_eq!(parsed(sent), want);
}

#[test]
fn json_data_parses_back_into_the_value() {
    let value = serde_json::json!({"text": "line\nbreak\r\n", "n": [1, 2.5], "s": "\u{2028}☃"});
    let sent = vec![ServerSentEvent::json(&value).expect("JSON")];
    let got = parsed(sent);
    let back: serde_json::Value = serde_json::from_str(&got[0].data).expect("JSON data");
    assert_eq!(back, value);
}

/// Any text; `event` and `id` only as FastAPI accepts them (no line break, no NUL in ids).
fn any_event() -> impl Strategy<Value = ServerSentEvent> {
    // Any text, and text made mostly of what an event stream treats specially.
    let text = prop_oneof![
        "(?s).{0,40}",
        "[a\r\n\u{0}\u{b}\u{c}\u{2028}\u{85} :]{0,20}"
    ];
    let single = "[^\r\n]{0,20}";
    let id = "[^\r\n\u{0}]{0,20}";
    (
        prop::option::of(text.clone()),
        prop::option::of(single),
        prop::option::of(prop_oneof![
            text.clone().prop_map(Data::Raw),
            any::<i64>().prop_map(Data::Number),
            text.prop_map(Data::Json)
        ]),
        prop::option::of(id),
        prop::option::of(any::<u64>()),
    )
        .prop_map(|(comment, event, data, id, retry)| {
            let mut e = ServerSentEvent::new();
            if let Some(c) = comment {
                e = e.with_comment(c);
            }
            if let Some(name) = event {
                e = e.with_event(name).expect("single line");
            }
            e = match data {
                Some(Data::Raw(d)) => e.with_raw_data(d).expect("raw"),
                Some(Data::Json(d)) => e.with_data(&d).expect("JSON"),
                Some(Data::Number(n)) => e.with_data(&n).expect("JSON"),
                None => e,
            };
            if let Some(i) = id {
                e = e.with_id(i).expect("valid id");
            }
            if let Some(r) = retry {
                e = e.with_retry(r);
            }
            e
        })
}

#[derive(Debug, Clone)]
enum Data {
    Raw(String),
    Json(String),
    Number(i64),
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fuzzed_events_parse_into_the_events_sent(sent in prop::collection::vec(any_event(), 1..8)) {
        let want = expected(&sent);
        prop_assert_eq!(parsed(sent), want);
    }
}
