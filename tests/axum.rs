//! The axum integration: every class, a derived struct and enum, an `#[endpoint]` handler,
//! a stream and a file as handler return types; ranges and 304 through `PrepareLayer`;
//! render errors as 500. Exercised with `tower::ServiceExt::oneshot` and over a real server
//! on loopback with a real HTTP client.
#![cfg(feature = "axum")]

mod common;

use axum::Router;
use axum::body::Body as AxumBody;
use axum::routing::get;
use common::{TempDir, request};
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use responses::{
    BackgroundTask, BackgroundTasks, Cookie, FileResponse, HtmlResponse, IntoHttp, JsonResponse,
    PlainTextResponse, RedirectResponse, Response, StreamingResponse, endpoint,
};
use serde::Serialize;
use tower::ServiceExt;

#[derive(Serialize)]
struct Item {
    id: u32,
    name: &'static str,
}

#[derive(Response)]
#[response(status = 201, header("cache-control" = "no-store"))]
struct Created {
    id: u32,
    #[response(header = "x-request-id")]
    request_id: &'static str,
    #[response(cookie)]
    session: Cookie,
}

#[derive(Response)]
enum Outcome {
    #[response(status = 200)]
    Found(Item),
    #[response(status = 404)]
    Missing,
    #[response(status = 409, media_type = "text/plain")]
    Conflict(String),
    File(Box<FileResponse>),
}

#[endpoint(response_class = HtmlResponse, status_code = 201)]
async fn endpoint_page() -> String {
    "<h1>endpoint</h1>".to_owned()
}

fn app(file: std::path::PathBuf) -> Router {
    let f1 = file.clone();
    let f2 = file.clone();
    Router::new()
        .route(
            "/response",
            get(|| async {
                Response::new(&b"\x00\x01"[..]).with_media_type("application/octet-stream")
            }),
        )
        .route("/plain", get(|| async { PlainTextResponse::new("hello") }))
        .route("/html", get(|| async { HtmlResponse::new("<p>héllo</p>") }))
        .route(
            "/json",
            get(|| async {
                JsonResponse::new(Item {
                    id: 1, name: "Zoë"
                })
            }),
        )
        .route(
            "/nan",
            get(|| async { JsonResponse::new(vec![1.0, f64::NAN]) }),
        )
        .route(
            "/redirect",
            get(|| async { RedirectResponse::new("/plain") }),
        )
        .route(
            "/stream",
            get(|| async {
                StreamingResponse::from_iter(["a", "b", "c"]).with_media_type("text/plain")
            }),
        )
        .route("/file", get(move || async move { FileResponse::new(f1) }))
        .route(
            "/missing-file",
            get(|| async { FileResponse::new("/no/such/file") }),
        )
        .route(
            "/created",
            get(|| async {
                Created {
                    id: 7,
                    request_id: "r-1",
                    session: Cookie::new("s", "1"),
                }
            }),
        )
        .route(
            "/outcome/{which}",
            get(
                move |axum::extract::Path(which): axum::extract::Path<String>| {
                    let file = f2.clone();
                    async move {
                        match which.as_str() {
                            "ok" => Outcome::Found(Item {
                                id: 3,
                                name: "lamp",
                            }),
                            "conflict" => Outcome::Conflict("taken".into()),
                            "file" => Outcome::File(Box::new(FileResponse::new(file))),
                            _ => Outcome::Missing,
                        }
                    }
                },
            ),
        )
        .route("/endpoint", get(endpoint_page))
        .layer(responses::axum::PrepareLayer)
}

fn sample(dir: &TempDir) -> std::path::PathBuf {
    let path = dir.path().join("sample.txt");
    std::fs::write(&path, "0123456789ABCDEFGHIJ").unwrap();
    path
}

/// What `tracing` events the current thread emits, written as text.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// Captures this thread's `tracing` events until the guard is dropped.
fn capture_logs() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, http::HeaderMap, Vec<u8>) {
    let mut builder = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let response = app
        .clone()
        .oneshot(builder.body(AxumBody::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes().to_vec();
    (parts.status, parts.headers, bytes)
}

#[tokio::test]
async fn every_class_and_derived_type_is_a_handler_return_type() {
    let dir = TempDir::new("axum");
    let app = app(sample(&dir));

    let (s, h, b) = call(&app, "GET", "/response", &[]).await;
    assert_eq!(
        (s, h["content-type"].to_str().unwrap(), &b[..]),
        (StatusCode::OK, "application/octet-stream", &b"\x00\x01"[..])
    );
    let (_, h, b) = call(&app, "GET", "/plain", &[]).await;
    assert_eq!(
        (h["content-type"].to_str().unwrap(), &b[..]),
        ("text/plain; charset=utf-8", &b"hello"[..])
    );
    let (_, h, _) = call(&app, "GET", "/html", &[]).await;
    assert_eq!(h["content-type"], "text/html; charset=utf-8");
    let (_, h, b) = call(&app, "GET", "/json", &[]).await;
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(b, "{\"id\":1,\"name\":\"Zoë\"}".as_bytes());
    let (s, h, _) = call(&app, "GET", "/redirect", &[]).await;
    assert_eq!(
        (s, h["location"].to_str().unwrap()),
        (StatusCode::TEMPORARY_REDIRECT, "/plain")
    );
    let (_, h, b) = call(&app, "GET", "/stream", &[]).await;
    assert!(h.get("content-length").is_none());
    assert_eq!(b, b"abc");
    let (s, h, b) = call(&app, "GET", "/file", &[]).await;
    assert_eq!(
        (s, h["content-length"].to_str().unwrap(), &b[..]),
        (StatusCode::OK, "20", &b"0123456789ABCDEFGHIJ"[..])
    );

    let (s, h, b) = call(&app, "GET", "/created", &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(h["x-request-id"], "r-1");
    assert_eq!(h["set-cookie"], "s=1; Path=/; SameSite=lax");
    assert_eq!(b, b"{\"id\":7}");
    let (s, _, b) = call(&app, "GET", "/outcome/ok", &[]).await;
    assert_eq!(
        (s, &b[..]),
        (StatusCode::OK, &b"{\"id\":3,\"name\":\"lamp\"}"[..])
    );
    let (s, h, _) = call(&app, "GET", "/outcome/nope", &[]).await;
    assert_eq!(
        (s, h["content-length"].to_str().unwrap()),
        (StatusCode::NOT_FOUND, "0")
    );
    let (s, _, b) = call(&app, "GET", "/outcome/conflict", &[]).await;
    assert_eq!((s, &b[..]), (StatusCode::CONFLICT, &b"taken"[..]));
    let (s, _, b) = call(&app, "GET", "/endpoint", &[]).await;
    assert_eq!(
        (s, &b[..]),
        (StatusCode::CREATED, &b"<h1>endpoint</h1>"[..])
    );
}

#[tokio::test]
async fn render_errors_become_500_and_missing_files_404() {
    let dir = TempDir::new("axum-err");
    let app = app(sample(&dir));
    let (captured, _guard) = capture_logs();
    let (s, _, b) = call(&app, "GET", "/nan", &[]).await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(b.starts_with(b"Internal Server Error"));
    // The failure is an error event a subscriber prints, naming the error.
    let log = captured.text();
    assert!(log.contains("ERROR"), "{log}");
    assert!(log.contains("the response could not be built"), "{log}");
    assert!(log.contains("non-finite float"), "{log}");
    let (s, _, _) = call(&app, "GET", "/missing-file", &[]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// `responses::Error` is a handler's error: `?` on the crate's own results and on
/// `std::io`, answered 404 for a missing file and 500 otherwise, naming the error in a
/// debug build (never in release).
#[tokio::test]
async fn the_crates_error_is_a_handlers_error() {
    async fn stream(
        axum::extract::Path(what): axum::extract::Path<String>,
    ) -> Result<StreamingResponse, responses::Error> {
        let mut response = StreamingResponse::from_iter(["ok"]);
        if what == "bad-cookie" {
            response.set_cookie(Cookie::new("k", "a;b"))?;
        }
        if what == "missing" {
            tokio::fs::File::open("/no/such/file").await?;
        }
        Ok(response)
    }
    let app: Router = Router::new().route("/stream/{what}", get(stream));
    let (s, _, b) = call(&app, "GET", "/stream/fine", &[]).await;
    assert_eq!((s, &b[..]), (StatusCode::OK, &b"ok"[..]));
    let (s, _, b) = call(&app, "GET", "/stream/missing", &[]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(b.starts_with(b"Not Found"));
    let (s, _, b) = call(&app, "GET", "/stream/bad-cookie", &[]).await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    let text = String::from_utf8_lossy(&b);
    assert!(text.starts_with("Internal Server Error"), "{text}");
    assert_eq!(
        text.contains("invalid cookie"),
        cfg!(debug_assertions),
        "{text}"
    );
}

#[tokio::test]
async fn ranges_head_and_conditionals_through_the_layer() {
    let dir = TempDir::new("axum-ranges");
    let app = app(sample(&dir));
    let (s, h, b) = call(&app, "GET", "/file", &[("range", "bytes=0-4")]).await;
    assert_eq!(
        (s, h["content-range"].to_str().unwrap(), &b[..]),
        (StatusCode::PARTIAL_CONTENT, "bytes 0-4/20", &b"01234"[..])
    );
    let (s, h, b) = call(&app, "GET", "/file", &[("range", "bytes=0-1,5-6")]).await;
    assert_eq!(s, StatusCode::PARTIAL_CONTENT);
    assert!(
        h["content-type"]
            .to_str()
            .unwrap()
            .starts_with("multipart/byteranges; boundary=")
    );
    assert_eq!(h["content-length"], b.len().to_string());
    let (s, h, b) = call(&app, "HEAD", "/file", &[]).await;
    assert_eq!(
        (s, h["content-length"].to_str().unwrap(), b.len()),
        (StatusCode::OK, "20", 0)
    );
    let (_, h, _) = call(&app, "GET", "/file", &[]).await;
    let etag = h["etag"].to_str().unwrap().to_owned();
    let (s, _, b) = call(&app, "GET", "/file", &[("if-none-match", &etag)]).await;
    assert_eq!((s, b.len()), (StatusCode::NOT_MODIFIED, 0));
    let (s, _, _) = call(&app, "GET", "/file", &[("if-match", "\"x\"")]).await;
    assert_eq!(s, StatusCode::PRECONDITION_FAILED);
    let (s, h, _) = call(&app, "GET", "/file", &[("range", "bytes=99-")]).await;
    assert_eq!(
        (s, h["content-range"].to_str().unwrap()),
        (StatusCode::RANGE_NOT_SATISFIABLE, "bytes */20")
    );
    // a derived enum delegating to a file gets ranges too
    let (s, _, b) = call(&app, "GET", "/outcome/file", &[("range", "bytes=-3")]).await;
    assert_eq!((s, &b[..]), (StatusCode::PARTIAL_CONTENT, &b"HIJ"[..]));
}

#[tokio::test]
async fn a_handler_can_map_errors_to_its_own_type() {
    use axum::response::IntoResponse;
    use responses::axum::TryIntoResponse;

    struct AppError(responses::Error);
    impl IntoResponse for AppError {
        fn into_response(self) -> axum::response::Response {
            (
                StatusCode::BAD_GATEWAY,
                format!("upstream data: {}", self.0.kind()),
            )
                .into_response()
        }
    }
    async fn handler() -> Result<axum::response::Response, AppError> {
        JsonResponse::new(f64::INFINITY)
            .try_into_response()
            .map_err(AppError)
    }
    let app = Router::new().route("/", get(handler));
    let (s, _, b) = call(&app, "GET", "/", &[]).await;
    assert_eq!(
        (s, &b[..]),
        (
            StatusCode::BAD_GATEWAY,
            &b"upstream data: non-finite float in JSON"[..]
        )
    );
    let ok = PlainTextResponse::new("x").try_into_response().unwrap();
    assert_eq!(ok.status(), 200);
    assert!(PlainTextResponse::new("x").into_http().is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_a_real_server() {
    let dir = TempDir::new("axum-real");
    let app = app(sample(&dir));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let json = request(addr, "GET", "/json", &[]).await;
    assert_eq!(
        &json.body.unwrap()[..],
        "{\"id\":1,\"name\":\"Zoë\"}".as_bytes()
    );
    let created = request(addr, "GET", "/created", &[]).await;
    assert_eq!(created.status, 201);
    let range = request(addr, "GET", "/file", &[("range", "bytes=10-14")]).await;
    assert_eq!(
        (range.status, &range.body.unwrap()[..]),
        (206, &b"ABCDE"[..])
    );
    let etag = request(addr, "HEAD", "/file", &[]).await.headers["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    let not_modified = request(addr, "GET", "/file", &[("if-none-match", &etag)]).await;
    assert_eq!(not_modified.status, 304);
    let stream = request(addr, "GET", "/stream", &[]).await;
    assert_eq!(&stream.body.unwrap()[..], b"abc");
    let nan = request(addr, "GET", "/nan", &[]).await;
    assert_eq!(nan.status, 500);
}

/// A route added after `PrepareLayer` does not get it (axum applies a layer to the routes
/// before it): its file is sent whole, and a warning says why, once per process. No other
/// test of this file serves a file without the layer, so the warning is this test's.
#[tokio::test]
async fn a_file_without_the_layer_is_sent_whole_and_warned_about() {
    let (captured, _guard) = capture_logs();

    let dir = TempDir::new("axum-unprepared");
    let path = sample(&dir);
    let app: Router = Router::new().layer(responses::axum::PrepareLayer).route(
        "/late",
        get(move || async move { FileResponse::new(path.clone()) }),
    );
    let (s, h, b) = call(&app, "GET", "/late", &[("range", "bytes=0-4")]).await;
    assert_eq!((s, b.len()), (StatusCode::OK, 20));
    assert!(h.get("content-range").is_none());
    let log = captured.text();
    assert!(log.contains("without PrepareLayer"), "{log}");
    assert!(log.contains("after the last route"), "{log}");
}

/// Cookies and headers beside the body, axum's way, and `Extras` for a derived type:
/// FastAPI's `response: Response` parameter.
#[tokio::test]
async fn cookies_headers_and_tasks_beside_the_body() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let runs = Arc::new(AtomicUsize::new(0));
    let counted = runs.clone();
    let app: Router = Router::new()
        .route(
            "/tuple",
            get(|| async {
                (
                    Cookie::new("session", "abc"),
                    Cookie::named("old").deletion(),
                    [("x-request-id", "42")],
                    JsonResponse::new([1, 2]),
                )
            }),
        )
        .route(
            "/extras",
            get(move || {
                let counted = counted.clone();
                async move {
                    responses::Extras::new(Created {
                        id: 1,
                        request_id: "r",
                        session: Cookie::new("s", "1"),
                    })
                    .with_cookie(Cookie::new("theme", "dark"))
                    .with_header("x-extra", "yes")
                    .with_background(responses::BackgroundTask::new(async move {
                        counted.fetch_add(1, Ordering::SeqCst);
                    }))
                }
            }),
        );
    let (s, h, b) = call(&app, "GET", "/tuple", &[]).await;
    assert_eq!((s, &b[..]), (StatusCode::OK, &b"[1,2]"[..]));
    let cookies: Vec<_> = h
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(cookies[0], "session=abc; Path=/; SameSite=lax");
    assert!(cookies[1].starts_with("old=\"\"; expires=Thu, 01 Jan 1970"));
    assert_eq!(h["x-request-id"], "42");

    let (s, h, _) = call(&app, "GET", "/extras", &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(h["x-extra"], "yes");
    let cookies: Vec<_> = h
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(
        cookies,
        [
            "s=1; Path=/; SameSite=lax",
            "theme=dark; Path=/; SameSite=lax"
        ]
    );
    for _ in 0..100 {
        if runs.load(Ordering::SeqCst) == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

/// Background tasks beside the body in a tuple run once the body has been sent, through
/// `PrepareLayer`, for HEAD too (as a response's own tasks do); a route the layer does not
/// cover does not run them, and says so.
#[tokio::test]
async fn background_tasks_beside_the_body() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let (captured, _guard) = capture_logs();

    let runs = Arc::new(AtomicUsize::new(0));
    let task = {
        let runs = runs.clone();
        move || {
            let runs = runs.clone();
            BackgroundTasks::new().with_task(BackgroundTask::new(async move {
                runs.fetch_add(1, Ordering::SeqCst);
            }))
        }
    };
    let early = task.clone();
    let app: Router = Router::new()
        .route(
            "/covered",
            get(move || {
                let tasks = early();
                async move { (tasks, JsonResponse::new("ok")) }
            }),
        )
        .route(
            "/two",
            get({
                let task = task.clone();
                move || {
                    let (a, b) = (task(), task());
                    async move { (a, [("x-a", "1")], b, PlainTextResponse::new("two")) }
                }
            }),
        )
        .route(
            "/own",
            get({
                let task = task.clone();
                move || {
                    let tasks = task();
                    async move { PlainTextResponse::new("own").with_background(tasks) }
                }
            }),
        )
        .route(
            "/empty",
            get({
                let task = task.clone();
                move || {
                    let (beside, own) = (task(), task());
                    async move { (beside, PlainTextResponse::new("").with_background(own)) }
                }
            }),
        )
        .layer(responses::axum::PrepareLayer)
        .route(
            "/late",
            get(move || {
                let tasks = task();
                async move { (tasks, JsonResponse::new("late")) }
            }),
        );

    async fn settle(runs: &AtomicUsize, want: usize) {
        for _ in 0..100 {
            if runs.load(Ordering::SeqCst) >= want {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    // Not run before the body has been read.
    let response = app
        .clone()
        .oneshot(Request::get("/covered").body(AxumBody::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.headers()["content-length"], "4");
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(runs.load(Ordering::SeqCst), 0);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"\"ok\"");
    settle(&runs, 1).await;
    assert_eq!(runs.load(Ordering::SeqCst), 1);

    // Two sets in one tuple both run.
    let (s, h, b) = call(&app, "GET", "/two", &[]).await;
    assert_eq!((s, &b[..]), (StatusCode::OK, &b"two"[..]));
    assert_eq!(h["x-a"], "1");
    settle(&runs, 3).await;
    assert_eq!(runs.load(Ordering::SeqCst), 3);

    // HEAD: no body to send, the tasks still run.
    let (s, _, b) = call(&app, "HEAD", "/covered", &[]).await;
    assert_eq!((s, b.len()), (StatusCode::OK, 0));
    settle(&runs, 4).await;
    assert_eq!(runs.load(Ordering::SeqCst), 4);

    // A response's own tasks run for HEAD too (axum drops a HEAD answer's body unread).
    let (s, h, b) = call(&app, "HEAD", "/own", &[]).await;
    assert_eq!((s, b.len()), (StatusCode::OK, 0));
    assert_eq!(h["content-length"], "3");
    settle(&runs, 5).await;
    assert_eq!(runs.load(Ordering::SeqCst), 5);
    let (s, _, b) = call(&app, "GET", "/own", &[]).await;
    assert_eq!((s, &b[..]), (StatusCode::OK, &b"own"[..]));
    settle(&runs, 6).await;
    assert_eq!(runs.load(Ordering::SeqCst), 6);

    // An empty body: its own tasks and those beside it all run.
    let (s, _, b) = call(&app, "GET", "/empty", &[]).await;
    assert_eq!((s, b.len()), (StatusCode::OK, 0));
    settle(&runs, 8).await;
    assert_eq!(runs.load(Ordering::SeqCst), 8);

    // Outside the layer: sent, not run, and warned about.
    let (s, _, b) = call(&app, "GET", "/late", &[]).await;
    assert_eq!((s, &b[..]), (StatusCode::OK, &b"\"late\""[..]));
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(runs.load(Ordering::SeqCst), 8);
    let log = captured.text();
    assert!(
        log.contains("background tasks set beside a response"),
        "{log}"
    );
    assert!(log.contains("PrepareLayer"), "{log}");
}
