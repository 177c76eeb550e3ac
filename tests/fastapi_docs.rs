//! The examples of seven FastAPI docs pages, ported in `examples/fastapi_docs`, served by
//! axum over loopback and requested with a real client: every route answers with the status,
//! headers (in order) and body FastAPI gives, and the background tasks write the same log.
//!
//! The expected answers are FastAPI's own, recorded by
//! `tests/vectors/fastapi_docs/generate.py` (Starlette's test client, so without the
//! server's `date`, and with a stream's length left to the server: the only headers ignored
//! here are hyper's `date` and `transfer-encoding`). A file's `etag` and `last-modified`
//! depend on the checkout's file times: they are checked to be present, at their place.
//! hyper writes the `content-length: 0` of an empty body after the other headers (see
//! docs/behaviour.md, "What a server adds"): for those, the header is compared at the end.
#![cfg(all(feature = "axum", feature = "fast-json"))]

mod common;

#[path = "../examples/fastapi_docs/routes.rs"]
mod routes;

use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    fastapi: String,
    responses: Vec<Answer>,
}

#[derive(Deserialize)]
struct Answer {
    method: String,
    path: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: BodyRecord,
    request_json: Option<String>,
    log: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum BodyRecord {
    Text(String),
    Base64(String),
}

impl BodyRecord {
    fn bytes(&self) -> Vec<u8> {
        match self {
            BodyRecord::Text(text) => text.as_bytes().to_vec(),
            BodyRecord::Base64(b64) => common::b64(b64),
        }
    }
}

fn expected() -> Expected {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/fastapi_docs/expected.json");
    let text = std::fs::read_to_string(&path).expect("expected.json is readable");
    serde_json::from_str(&text).expect("expected.json parses")
}

/// The log once the tasks of the last request have written `want` (they run after the
/// response, on the blocking pool), read again a little later so that a task that runs
/// twice, or late, is seen.
async fn log_when(path: &Path, want: &str) -> String {
    for _ in 0..500 {
        if std::fs::read_to_string(path).unwrap_or_default() == want {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    std::fs::read_to_string(path).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_docs_example_answers_as_fastapi_does() {
    let expected = expected();
    assert!(expected.fastapi.starts_with("0."), "{}", expected.fastapi);
    assert_eq!(expected.responses.len(), 30, "every request of generate.py");

    let work = common::TempDir::new("fastapi-docs");
    let log = work.path().join("log.txt");
    let files = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fastapi_docs/files");
    let app = routes::app(routes::Docs::new(files, log.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    for want in &expected.responses {
        let what = format!("{} {}", want.method, want.path);
        let (headers, body) = match &want.request_json {
            Some(json) => (
                vec![("content-type", "application/json")],
                Bytes::from(json.clone()),
            ),
            None => (Vec::new(), Bytes::new()),
        };
        let got = common::request_with_body(addr, &want.method, &want.path, &headers, body).await;
        assert_eq!(got.status, want.status, "{what}");
        let got_headers: Vec<(String, String)> = common::header_list(&got.headers)
            .into_iter()
            .filter(|(k, _)| k != "date" && k != "transfer-encoding")
            .map(|(k, v)| {
                let varies = k == "etag" || k == "last-modified";
                (k, if varies { "*".to_owned() } else { v })
            })
            .collect();
        let mut want_headers = want.headers.clone();
        if want.body.bytes().is_empty()
            && let Some(at) = want_headers.iter().position(|(k, _)| k == "content-length")
        {
            let length = want_headers.remove(at);
            want_headers.push(length);
        }
        assert_eq!(got_headers, want_headers, "{what}");
        assert_eq!(
            got.body.as_deref().map(<[u8]>::to_vec),
            Ok(want.body.bytes()),
            "{what}"
        );
        if let Some(want_log) = &want.log {
            assert_eq!(&log_when(&log, want_log).await, want_log, "{what}");
        }
    }
}
