//! The responses of the classes, shared by the features.

use super::{BodyDoc, ResponseDoc, ValueKind};
use serde_json::Value;

const OK: &str = "Successful Response";

/// `JsonResponse<T>` (and `FastJsonResponse<T>`): T's schema.
pub(crate) fn json(schema: Value) -> Vec<ResponseDoc> {
    vec![ResponseDoc::new(Some(200), OK).with_body("application/json", BodyDoc::Json(schema))]
}

/// `HtmlResponse`, `PlainTextResponse`: a string.
pub(crate) fn text(media_type: &'static str) -> Vec<ResponseDoc> {
    vec![ResponseDoc::new(Some(200), OK).with_body(media_type, BodyDoc::String)]
}

/// The bare `Response`: its status, no content (its media type is known at run time).
pub(crate) fn bare() -> Vec<ResponseDoc> {
    vec![ResponseDoc::new(Some(200), OK)]
}

/// `RedirectResponse`: 307 with `location`.
pub(crate) fn redirect() -> Vec<ResponseDoc> {
    vec![ResponseDoc::new(Some(307), OK).with_header("location", ValueKind::String)]
}

/// `StreamingResponse`: bytes of a media type known at run time.
pub(crate) fn streaming() -> Vec<ResponseDoc> {
    vec![ResponseDoc::new(Some(200), OK).with_body("*/*", BodyDoc::Binary)]
}

/// `FileResponse`: the file, a part of it, not modified, a malformed range, a failed
/// precondition, or a range it does not have.
pub(crate) fn file() -> Vec<ResponseDoc> {
    let validators = |doc: ResponseDoc| {
        doc.with_header("accept-ranges", ValueKind::String)
            .with_header("etag", ValueKind::String)
            .with_header("last-modified", ValueKind::String)
    };
    vec![
        validators(ResponseDoc::new(Some(200), OK).with_body("*/*", BodyDoc::Binary))
            .with_header("content-disposition", ValueKind::String),
        validators(
            ResponseDoc::new(
                Some(206),
                "Partial Content: the requested range, or several ranges as multipart/byteranges",
            )
            .with_body("*/*", BodyDoc::Binary)
            .with_header("content-range", ValueKind::String),
        )
        .with_header("content-disposition", ValueKind::String),
        validators(ResponseDoc::new(Some(304), "Not Modified")),
        validators(
            ResponseDoc::new(Some(400), "Bad Request: a malformed Range header")
                .with_body("text/plain", BodyDoc::String),
        ),
        validators(ResponseDoc::new(
            Some(412),
            "Precondition Failed: If-Match or If-Unmodified-Since",
        )),
        validators(
            ResponseDoc::new(Some(416), "Range Not Satisfiable")
                .with_body("text/plain", BodyDoc::String)
                .with_header("content-range", ValueKind::String),
        ),
    ]
}

/// `EventSourceResponse`: an event stream, each item an event with FastAPI's fields (its
/// schema for an event of any data).
pub(crate) fn event_stream() -> Vec<ResponseDoc> {
    let item = serde_json::json!({
        "type": "object",
        "properties": {
            "data": {"type": "string"},
            "event": {"type": "string"},
            "id": {"type": "string"},
            "retry": {"type": "integer", "minimum": 0},
        },
    });
    vec![ResponseDoc::new(Some(200), OK).with_body("text/event-stream", BodyDoc::Items(item))]
}

/// `JsonLinesResponse`: JSON lines, each item any JSON.
pub(crate) fn json_lines() -> Vec<ResponseDoc> {
    let item = serde_json::json!({});
    vec![ResponseDoc::new(Some(200), OK).with_body("application/jsonl", BodyDoc::Items(item))]
}
