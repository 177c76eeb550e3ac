//! The showcase's routes: one per response class and feature. Also compiled into
//! `tests/showcase.rs`, which checks every route.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use http::request::Parts;
use http::{Method, Request};
use responses::file::ContentDisposition;
use responses::sse::{EventSourceResponse, ServerSentEvent};
use responses::{
    BackgroundTask, Body, Cookie, FileResponse, HtmlResponse, IntoHttp, JsonLinesResponse,
    JsonResponse, PlainTextResponse, RedirectResponse, Response, SameSite, StreamingResponse,
    endpoint,
};
use serde::Serialize;

/// Every route, with what it shows; the index page and the start-up message list them.
pub const ROUTES: &[(&str, &str)] = &[
    ("/", "this index (HTMLResponse)"),
    ("/plain", "PlainTextResponse"),
    ("/html", "HTMLResponse"),
    (
        "/json",
        "JSONResponse of a struct with nested data and non-ASCII text",
    ),
    ("/redirect", "RedirectResponse, 307 to /plain"),
    ("/redirect/301", "RedirectResponse with status 301"),
    ("/latin1", "PlainTextResponse encoded as latin-1"),
    (
        "/cookies/set",
        "two set-cookie headers, one with every attribute",
    ),
    ("/cookies/delete", "delete_cookie"),
    ("/no-content", "204 No Content: no content-length, no body"),
    (
        "/background",
        "a response whose background task records a line",
    ),
    ("/background/log", "the lines recorded by background tasks"),
    (
        "/derived/created",
        "#[derive(Response)]: 201 JSON with a header field and a cookie field",
    ),
    ("/derived/page", "#[derive(Response)]: HTML in latin-1"),
    ("/derived/outcome/ok", "#[derive(Response)] enum: 200 JSON"),
    (
        "/derived/outcome/missing",
        "#[derive(Response)] enum: 404, status only",
    ),
    (
        "/derived/outcome/conflict",
        "#[derive(Response)] enum: 409 text",
    ),
    (
        "/endpoint",
        "#[endpoint(response_class = HtmlResponse, status_code = 201)]",
    ),
    (
        "/stream",
        "StreamingResponse: 5 chunks, half a second apart (curl -N)",
    ),
    (
        "/file",
        "FileResponse inline: HEAD, Range, If-Range, If-None-Match…",
    ),
    (
        "/download",
        "FileResponse as an attachment with a non-ASCII filename",
    ),
    (
        "/sse",
        "EventSourceResponse: events with a comment, names, ids, a retry and multi-line data, a keep-alive, then the end",
    ),
    (
        "/sse/page",
        "a page that subscribes to /sse with the browser's EventSource and shows what arrives",
    ),
    ("/jsonl", "JsonLinesResponse: one JSON object per line"),
    (
        "/openapi.json",
        "the OpenAPI document of these routes, made from their types (utoipa)",
    ),
];

/// The keep-alive interval of `/sse`: short, so that the pause before its last event shows
/// one (FastAPI's default is 15 s).
pub const SSE_KEEP_ALIVE: std::time::Duration = std::time::Duration::from_millis(200);

/// `/sse`: a few events, each field used once, a pause longer than the keep-alive
/// interval (so a `: ping` comes), and a last event named `end` after which the stream ends.
fn sse() -> EventSourceResponse {
    let events = async_stream::stream! {
        let first = ServerSentEvent::json(&book_summary())
            .and_then(|e| e.with_event("book"))
            .and_then(|e| e.with_id("1"))
            .map(|e| e.with_comment("the first event: a JSON object").with_retry(5000));
        yield first;
        yield ServerSentEvent::raw("two lines\nof raw text").with_id("2");
        yield ServerSentEvent::json(&"a JSON string, quoted").and_then(|e| e.with_id("3"));
        tokio::time::sleep(SSE_KEEP_ALIVE * 3).await;
        yield ServerSentEvent::raw("after a pause: the keep-alive came before this")
            .with_event("late")
            .and_then(|e| e.with_id("4"));
        yield ServerSentEvent::raw("bye").with_event("end");
    };
    EventSourceResponse::try_new(events).with_keep_alive(SSE_KEEP_ALIVE)
}

#[derive(Serialize)]
struct BookSummary {
    id: u64,
    title: &'static str,
}

fn book_summary() -> BookSummary {
    BookSummary {
        id: 1,
        title: "Der Prozeß",
    }
}

/// `/jsonl`: three objects, one per line.
fn jsonl() -> JsonLinesResponse {
    JsonLinesResponse::from_iter((1..=3).map(|n| serde_json::json!({"n": n, "square": n * n})))
}

/// `/sse/page`: subscribes to `/sse` and lists every event (type, id, data); the last one,
/// `end`, closes the connection (an `EventSource` would reconnect otherwise).
pub const SSE_PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>responses: Server-Sent Events</title></head><body>
<h1>Server-Sent Events from <a href="/sse">/sse</a></h1>
<p id="status">connecting</p>
<ol id="events"></ol>
<script>
const list = document.getElementById("events");
const status = document.getElementById("status");
const source = new EventSource("/sse");
function show(e) {
  const li = document.createElement("li");
  li.className = "event";
  li.dataset.type = e.type;
  li.dataset.id = e.lastEventId;
  li.textContent = JSON.stringify({type: e.type, id: e.lastEventId, data: e.data});
  list.appendChild(li);
}
source.onopen = () => { status.textContent = "open"; };
source.onmessage = show;
source.addEventListener("book", show);
source.addEventListener("late", show);
source.addEventListener("end", (e) => { show(e); source.close(); status.textContent = "done"; });
</script>
</body></html>
"#;

/// `POST /users` in FastAPI terms: 201, JSON body of the plain fields, a header and a
/// cookie from fields.
#[derive(Response)]
#[response(status = 201, header("cache-control" = "no-store"))]
pub struct UserCreated {
    pub id: u64,
    pub name: String,
    pub email: String,
    #[response(header = "x-request-id")]
    pub request_id: String,
    #[response(cookie)]
    pub session: Cookie,
}

/// An HTML page sent in latin-1.
#[derive(Response)]
#[response(media_type = "text/html", charset = "latin-1")]
pub struct LegacyPage(pub String);

#[derive(Serialize, utoipa::ToSchema)]
pub struct Order {
    pub id: u32,
    pub item: &'static str,
    pub quantity: u32,
}

/// The outcomes of looking up an order.
#[derive(Response)]
pub enum OrderOutcome {
    /// The order.
    #[response(status = 200)]
    Ok(Order),
    /// No such order.
    #[response(status = 404)]
    Missing,
    /// The order cannot be changed now.
    #[response(status = 409, media_type = "text/plain")]
    Conflict(String),
}

/// A handler in FastAPI style: returns its HTML as a `String`, the attribute makes it an
/// `HtmlResponse` with status 201 (`WithStatus<HtmlResponse, 201>`, which documents it).
#[endpoint(response_class = HtmlResponse, status_code = 201)]
pub async fn endpoint_page() -> String {
    String::from(
        "<!doctype html><title>endpoint</title><p>Returned as a String, sent as an HTMLResponse with status 201.</p>\n",
    )
}

/// The text file `/file` and `/download` serve.
pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/showcase/files/sample.txt"
);

/// The application state: the lines written by background tasks, and the OpenAPI
/// document (made once, when the app is).
#[derive(Clone)]
pub struct App {
    log: Arc<Mutex<Vec<String>>>,
    openapi: Arc<serde_json::Value>,
}

impl Default for App {
    fn default() -> Self {
        App {
            log: Arc::default(),
            openapi: Arc::new(openapi()),
        }
    }
}

/// The OpenAPI document of the routes, made from the types each returns: their statuses,
/// media types, headers and body schemas come from the classes and `#[derive(Response)]`
/// (the `utoipa` feature), nothing is written twice.
fn openapi() -> serde_json::Value {
    use utoipa::IntoResponses;
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};
    use utoipa::openapi::{InfoBuilder, OpenApiBuilder, PathsBuilder};

    fn get<T: IntoResponses>(summary: &str) -> PathItem {
        let operation = OperationBuilder::new().summary(Some(summary)).responses(
            T::responses()
                .into_iter()
                .collect::<utoipa::openapi::Responses>(),
        );
        PathItem::new(HttpMethod::Get, operation)
    }
    let paths = PathsBuilder::new()
        .path("/plain", get::<PlainTextResponse>("PlainTextResponse"))
        .path("/html", get::<HtmlResponse>("HTMLResponse"))
        .path(
            "/json",
            get::<JsonResponse<Book>>("JSONResponse of a struct"),
        )
        .path("/redirect", get::<RedirectResponse>("RedirectResponse"))
        .path("/latin1", get::<PlainTextResponse>("latin-1 text"))
        .path(
            "/no-content",
            get::<responses::WithStatus<Response, 204>>("204 No Content"),
        )
        .path(
            "/derived/created",
            get::<UserCreated>("#[derive(Response)] struct"),
        )
        .path("/derived/page", get::<LegacyPage>("HTML in latin-1"))
        .path(
            "/derived/outcome/ok",
            get::<OrderOutcome>("#[derive(Response)] enum"),
        )
        .path(
            "/endpoint",
            get::<EndpointPage>("#[endpoint] with a status"),
        )
        .path("/stream", get::<StreamingResponse>("StreamingResponse"))
        .path("/file", get::<FileResponse>("FileResponse"))
        .path(
            "/download",
            get::<FileResponse>("FileResponse as an attachment"),
        );
    let mut document = OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("responses showcase")
                .version("0.1.0"),
        )
        .paths(paths)
        .build();
    // The schemas the responses refer to (`Book`, `Author`, `Order`).
    responses::openapi::utoipa::add_schemas(&mut document);
    serde_json::to_value(&document).unwrap_or_default()
}

/// What `endpoint_page` returns: its class with its status in the type.
type EndpointPage = responses::WithStatus<HtmlResponse, 201>;

#[derive(Serialize, utoipa::ToSchema)]
struct Author {
    name: &'static str,
    city: &'static str,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Book {
    id: u64,
    title: &'static str,
    authors: Vec<Author>,
    tags: [&'static str; 3],
    price: f64,
    in_stock: bool,
    isbn: Option<&'static str>,
}

impl App {
    /// Answers one request.
    pub async fn handle<B>(&self, req: Request<B>) -> http::Response<Body> {
        let (parts, _) = req.into_parts();
        let path = parts.uri.path();
        if parts.method != Method::GET && parts.method != Method::HEAD {
            return finish(
                &parts,
                PlainTextResponse::new("Method Not Allowed")
                    .with_status_code(405)
                    .with_header("allow", "GET, HEAD"),
            );
        }
        match path {
            "/" => finish(&parts, HtmlResponse::new(index())),
            "/plain" => finish(&parts, PlainTextResponse::new(
                "Hello from responses: a PlainTextResponse.\n",
            )),
            "/html" => finish(&parts, HtmlResponse::new(
                "<!doctype html><title>HTMLResponse</title><h1>Héllo ☃</h1><p>An HTMLResponse, UTF-8 encoded.</p>\n",
            )),
            "/json" => finish(&parts, JsonResponse::new(book())),
            "/redirect" => finish(&parts, RedirectResponse::new("/plain")),
            "/redirect/301" => finish(&parts, RedirectResponse::new("/plain").with_status_code(301)),
            "/latin1" => finish(
                    &parts,
                PlainTextResponse::new(
                    "Café, crème brûlée, 25 °C, ½ price: latin-1, one byte each.\n",
                )
                .with_charset("latin-1"),
            ),
            "/cookies/set" => {
                let mut r = PlainTextResponse::new("Two cookies set.\n");
                let result = r.set_cookie(Cookie::new("theme", "dark")).and_then(|r| {
                    r.set_cookie(
                        Cookie::new("session", "s3cr3t-t0k3n")
                            .max_age(3600)
                            .expires(SystemTime::now() + Duration::from_secs(3600))
                            .path("/")
                            .domain("localhost")
                            .secure(true)
                            .http_only(true)
                            .same_site(SameSite::Strict)
                            .partitioned(true),
                    )
                });
                match result {
                    Ok(_) => finish(&parts, r),
                    Err(err) => server_error(&err),
                }
            }
            "/cookies/delete" => {
                let mut r = PlainTextResponse::new("Cookie `session` deleted.\n");
                match r.delete_cookie(Cookie::named("session").domain("localhost")) {
                    Ok(_) => finish(&parts, r),
                    Err(err) => server_error(&err),
                }
            }
            "/no-content" => finish(&parts, Response::empty().with_status_code(204)),
            "/background" => {
                let log = self.log.clone();
                let task = BackgroundTask::new(async move {
                    let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                    let n = log.len() + 1;
                    log.push(format!(
                        "background task {n} ran after its response was sent"
                    ));
                });
                finish(
                    &parts,
                    PlainTextResponse::new(
                        "Response sent; its background task runs now. See /background/log.\n",
                    )
                    .with_background(task),
                )
            }
            "/background/log" => {
                let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
                let mut text = log.join("\n");
                text.push('\n');
                finish(&parts, PlainTextResponse::new(text))
            }
            "/derived/created" => finish(&parts, UserCreated {
                id: 42,
                name: "Zoë Ångström".into(),
                email: "zoe@example.com".into(),
                request_id: "req-7f3a".into(),
                session: Cookie::new("session", "abc123").http_only(true).same_site(SameSite::Strict),
            }),
            "/derived/page" => finish(&parts, LegacyPage(
                "<!doctype html><title>latin-1</title><p>Crème brûlée, Käsespätzle, ½ portion, 12 °C, «très bien».</p>\n".into(),
            )),
            "/derived/outcome/ok" => finish(&parts, OrderOutcome::Ok(Order {
                id: 7,
                item: "Schreibtischlampe",
                quantity: 2,
            })),
            "/derived/outcome/missing" => finish(&parts, OrderOutcome::Missing),
            "/derived/outcome/conflict" => finish(&parts, OrderOutcome::Conflict(
                "Order 7 was changed by someone else.\n".into(),
            )),
            "/endpoint" => finish(&parts, endpoint_page().await),
            "/stream" => finish(
                    &parts,
                StreamingResponse::new(Countdown {
                    left: 5,
                    ticks: tokio::time::interval(Duration::from_millis(500)),
                })
                .with_media_type("text/plain"),
            ),
            "/file" => finish(
                    &parts,
                FileResponse::new(SAMPLE)
                    .with_filename("sample.txt")
                    .with_content_disposition_type(ContentDisposition::Inline),
            ),
            "/download" => finish(&parts, FileResponse::new(SAMPLE).with_filename("Grüße aus Köln.txt")),
            "/openapi.json" => finish(&parts, JsonResponse::new(&*self.openapi)),
            "/sse" => finish(&parts, sse()),
            "/sse/page" => finish(&parts, HtmlResponse::new(SSE_PAGE)),
            "/jsonl" => finish(&parts, jsonl()),
            _ => finish(&parts, PlainTextResponse::new("Not Found").with_status_code(404)),
        }
    }
}

fn book() -> Book {
    Book {
        id: 1,
        title: "Der Prozeß — Überarbeitete Ausgabe",
        authors: vec![
            Author {
                name: "Franz Kafka",
                city: "Praha",
            },
            Author {
                name: "Zoë Ångström",
                city: "Malmö",
            },
        ],
        tags: ["roman", "klassiker", "日本語訳あり"],
        price: 12.5,
        in_stock: true,
        isbn: None,
    }
}

fn index() -> String {
    let mut html = String::from(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>responses showcase</title></head><body>\n\
         <h1>responses showcase</h1>\n<p>Starlette's response classes, served by hyper.</p>\n<ul>\n",
    );
    for (path, what) in ROUTES {
        html.push_str(&format!(
            "<li><a href=\"{path}\">{path}</a> — {what}</li>\n"
        ));
    }
    html.push_str("</ul>\n</body></html>\n");
    html
}

/// Converts a response for the request (HEAD, ranges and conditional requests of files); a
/// conversion error becomes a 500.
fn finish(request: &Parts, response: impl IntoHttp) -> http::Response<Body> {
    match response.into_http_for(request) {
        Ok(r) => r,
        Err(err) => server_error(&err),
    }
}

/// Five lines, one per tick.
struct Countdown {
    left: u32,
    ticks: tokio::time::Interval,
}

impl futures_core::Stream for Countdown {
    type Item = String;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<String>> {
        if self.left == 0 {
            return std::task::Poll::Ready(None);
        }
        if self.ticks.poll_tick(cx).is_pending() {
            return std::task::Poll::Pending;
        }
        self.left -= 1;
        let line = match self.left {
            0 => "chunk 5 of 5: done.\n".to_owned(),
            n => format!("chunk {} of 5…\n", 5 - n),
        };
        std::task::Poll::Ready(Some(line))
    }
}

fn server_error(err: &responses::Error) -> http::Response<Body> {
    eprintln!("error building a response: {err}");
    let mut r = http::Response::new(Body::from("Internal Server Error"));
    *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
    r
}
