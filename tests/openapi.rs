//! The OpenAPI features against FastAPI: the routes of `tests/vectors/openapi/generate.py`
//! (each class as `response_class`, `status_code`, a model with a header and a cookie, an
//! enum of three statuses, a file, a redirect, a stream) are built here with utoipa and with
//! aide, and each operation's `responses` object is compared by value with the one FastAPI
//! 0.165 writes (`tests/vectors/openapi/fastapi.json`). Every difference is applied to
//! FastAPI's side in `differences()`, with its reason, before the comparison; the
//! components (the body schemas) are compared after removing what only pydantic or only
//! the Rust schema crates write (`title`, integer `format` and `minimum`).

#![cfg_attr(
    not(feature = "aide"),
    allow(
        dead_code,
        reason = "without aide the handlers are documented, never routed"
    )
)]

use std::collections::BTreeMap;

use responses::openapi::utoipa::AddSchemas;
use responses::{
    FileResponse, HtmlResponse, JsonResponse, PlainTextResponse, RedirectResponse, Response,
    StreamingResponse, endpoint,
};
use serde::Serialize;
use serde_json::{Value, json};

#[derive(Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "aide", derive(schemars::JsonSchema))]
struct User {
    id: u64,
    name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "aide", derive(schemars::JsonSchema))]
struct Message {
    message: String,
}

// `response_model=User, status_code=201`, with a header and a cookie (FastAPI declares
// those by hand in `responses=`). (No doc comment: it would be the description.)
#[derive(Response)]
#[response(status = 201)]
struct Session {
    #[response(body)]
    user: User,
    #[response(header = "x-request-id")]
    request_id: String,
    #[response(cookie)]
    session: responses::Cookie,
}

// `status_code=204`.
#[derive(Response)]
#[response(status = 204)]
struct Deleted;

// `response_model=User, responses={404: {"model": Message}, 409: {"model": Message,
// "description": "Conflict"}}`.
#[derive(Response)]
enum Outcome {
    Found(#[response(body)] User),
    #[response(status = 404)]
    NotFound(#[response(body)] Message),
    /// Conflict
    #[response(status = 409)]
    Conflict(#[response(body)] Message),
}

fn user() -> User {
    User {
        id: 1,
        name: "Zoë".into(),
    }
}

// The handlers, as a FastAPI user writes them: each returns its class, or its content
// with `#[endpoint]`.
#[utoipa::path(get, path = "/json")]
async fn json_route() -> JsonResponse<User> {
    JsonResponse::new(user())
}

#[endpoint(response_class = JsonResponse, status_code = 201)]
#[utoipa::path(post, path = "/users")]
async fn created() -> User {
    user()
}

#[utoipa::path(post, path = "/sessions")]
async fn session() -> Session {
    Session {
        user: user(),
        request_id: "42".into(),
        session: responses::Cookie::new("session", "abc"),
    }
}

#[utoipa::path(get, path = "/html")]
async fn html() -> HtmlResponse {
    HtmlResponse::new("<p>hi</p>")
}

#[utoipa::path(get, path = "/plain")]
async fn plain() -> PlainTextResponse {
    PlainTextResponse::new("hi")
}

#[utoipa::path(get, path = "/bytes")]
async fn raw() -> Response {
    Response::new(&b"\x00\x01"[..])
}

#[utoipa::path(get, path = "/redirect")]
async fn redirect() -> RedirectResponse {
    RedirectResponse::new("/json")
}

#[endpoint(response_class = RedirectResponse, status_code = 302)]
#[utoipa::path(get, path = "/redirect-302")]
async fn redirect_302() -> &'static str {
    "/json"
}

#[utoipa::path(get, path = "/stream")]
async fn stream() -> StreamingResponse {
    StreamingResponse::new(futures_stream())
}

fn futures_stream() -> impl futures_core::Stream<Item = Result<bytes::Bytes, std::io::Error>> {
    async_stream::stream! {
        yield Ok(bytes::Bytes::from_static(b"a"));
    }
}

#[utoipa::path(get, path = "/file")]
async fn file() -> FileResponse {
    FileResponse::new("Cargo.toml")
}

#[utoipa::path(get, path = "/orjson")]
async fn orjson_route() -> JsonResponse<Value> {
    JsonResponse::new(json!({"a": 1}))
}

#[utoipa::path(delete, path = "/items")]
async fn deleted() -> Deleted {
    Deleted
}

#[utoipa::path(get, path = "/items")]
async fn outcome() -> Outcome {
    Outcome::Found(user())
}

#[endpoint(response_class = JsonResponse, status_code = 202)]
#[utoipa::path(get, path = "/status-only")]
async fn accepted() -> Value {
    json!({"queued": true})
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        json_route, created, session, html, plain, raw, redirect, redirect_302, stream, file,
        orjson_route, deleted, outcome, accepted
    ),
    modifiers(&AddSchemas)
)]
struct Api;

/// FastAPI's document.
fn fastapi() -> Value {
    let text = include_str!("vectors/openapi/fastapi.json");
    serde_json::from_str(text).expect("fastapi.json is JSON")
}

/// The operations of a document: `(method, path) -> responses`.
fn operations(document: &Value) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            out.insert(
                (method.clone(), path.clone()),
                operation["responses"].clone(),
            );
        }
    }
    out
}

/// Where this crate documents more than FastAPI, or writes the same another way: applied
/// to FastAPI's `responses` of each operation, with the reason.
fn differences(method: &str, path: &str, responses: &mut Value) {
    let binary = json!({"type": "string", "format": "binary"});
    match (method, path) {
        // FastAPI documents a redirect by its status alone; the `location` it always sends
        // is documented here.
        ("get", "/redirect") => {
            responses["307"]["headers"] = json!({"location": {"schema": {"type": "string"}}});
        }
        ("get", "/redirect-302") => {
            responses["302"]["headers"] = json!({"location": {"schema": {"type": "string"}}});
        }
        // FastAPI documents a stream with no content; here it is bytes of a media type
        // known at run time (`*/*`).
        ("get", "/stream") => {
            responses["200"]["content"] = json!({"*/*": {"schema": binary}});
        }
        // A file: the same, and the headers and statuses of ranges and conditional
        // requests (a part, not modified, a malformed range, a failed precondition, a range
        // it does not have), which FastAPI's FileResponse also sends but does not document.
        ("get", "/file") => {
            let headers = |extra: &[&str]| {
                let mut h = serde_json::Map::new();
                for name in ["accept-ranges", "etag", "last-modified"]
                    .iter()
                    .chain(extra)
                {
                    h.insert((*name).into(), json!({"schema": {"type": "string"}}));
                }
                Value::Object(h)
            };
            responses["200"]["content"] = json!({"*/*": {"schema": binary}});
            responses["200"]["headers"] = headers(&["content-disposition"]);
            responses["206"] = json!({
                "description": "Partial Content: the requested range, or several ranges as multipart/byteranges",
                "content": {"*/*": {"schema": binary}},
                "headers": headers(&["content-disposition", "content-range"]),
            });
            responses["304"] = json!({"description": "Not Modified", "headers": headers(&[])});
            let text = json!({"text/plain": {"schema": {"type": "string"}}});
            responses["400"] = json!({
                "description": "Bad Request: a malformed Range header",
                "content": text,
                "headers": headers(&[]),
            });
            responses["412"] = json!({
                "description": "Precondition Failed: If-Match or If-Unmodified-Since",
                "headers": headers(&[]),
            });
            responses["416"] = json!({
                "description": "Range Not Satisfiable",
                "content": text,
                "headers": headers(&["content-range"]),
            });
        }
        _ => {}
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Backend {
    Utoipa,
    #[cfg_attr(not(feature = "aide"), allow(dead_code))]
    Aide,
}

/// A schema without what only one side writes: pydantic's `title`s, and the Rust crates'
/// integer `format` and `minimum` (pydantic writes `int` as a plain integer).
fn shape(schema: &Value) -> Value {
    match schema {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "title" | "format" | "minimum" | "$schema"))
                .map(|(k, v)| (k.clone(), shape(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(shape).collect()),
        other => other.clone(),
    }
}

/// Compares every operation of `ours` with FastAPI's, and the schemas they refer to.
fn compare(ours: &Value, backend: Backend) {
    let theirs = fastapi();
    let expected = operations(&theirs);
    let actual = operations(ours);
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        actual.keys().collect::<Vec<_>>(),
        "the same operations"
    );
    for ((method, path), mut want) in expected {
        differences(&method, &path, &mut want);
        let mut got = actual[&(method.clone(), path.clone())].clone();
        if backend == Backend::Aide {
            // aide writes every header's `style`, whose only value for a header, and its
            // default, is `simple`; FastAPI leaves the default out.
            for response in got.as_object_mut().into_iter().flat_map(|o| o.values_mut()) {
                for header in response
                    .get_mut("headers")
                    .and_then(Value::as_object_mut)
                    .into_iter()
                    .flat_map(|h| h.values_mut())
                {
                    let style = header.as_object_mut().and_then(|h| h.remove("style"));
                    assert_eq!(style, Some(json!("simple")));
                }
            }
        }
        let got = &got;
        assert_eq!(
            got, &want,
            "{backend:?} {method} {path}:\n ours: {got:#}\n FastAPI's, with the differences: {want:#}"
        );
    }
    for name in ["User", "Message"] {
        let want = shape(&theirs["components"]["schemas"][name]);
        let got = shape(&ours["components"]["schemas"][name]);
        assert_eq!(got, want, "{backend:?}: schema {name}");
    }
}

/// Each variant sends a status its documentation lists.
#[test]
fn documented_statuses_are_the_sent_ones() {
    use responses::IntoHttp;
    use utoipa::IntoResponses;
    let documented = Outcome::responses();
    let message = || Message {
        message: "no".into(),
    };
    for variant in [
        Outcome::Found(user()),
        Outcome::NotFound(message()),
        Outcome::Conflict(message()),
    ] {
        let status = variant.into_http().expect("converts").status();
        assert!(documented.contains_key(status.as_str()), "{status}");
    }
    assert_eq!(documented.keys().collect::<Vec<_>>(), ["200", "404", "409"]);
}

#[test]
fn utoipa_documents_what_fastapi_documents() {
    use utoipa::OpenApi as _;
    let document = serde_json::to_value(Api::openapi()).expect("serializes");
    compare(&document, Backend::Utoipa);
}

#[cfg(feature = "aide")]
mod aide_router {
    use aide::axum::ApiRouter;
    use aide::axum::routing::{delete, get, post};
    use aide::openapi::OpenApi;

    use super::*;

    #[test]
    fn aide_documents_what_fastapi_documents() {
        let mut api = OpenApi::default();
        let _router: axum::Router = ApiRouter::new()
            .api_route("/json", get(json_route))
            .api_route("/users", post(created))
            .api_route("/sessions", post(session))
            .api_route("/html", get(html))
            .api_route("/plain", get(plain))
            .api_route("/bytes", get(raw))
            .api_route("/redirect", get(redirect))
            .api_route("/redirect-302", get(redirect_302))
            .api_route("/stream", get(stream))
            .api_route("/file", get(file))
            .api_route("/orjson", get(orjson_route))
            .api_route("/items", delete(deleted).get(outcome))
            .api_route("/status-only", get(accepted))
            .finish_api(&mut api);
        let document = serde_json::to_value(&api).expect("serializes");
        compare(&document, Backend::Aide);
    }
}
