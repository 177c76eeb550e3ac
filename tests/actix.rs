//! The actix-web integration, through `actix_web::test`: every class, a derived struct and
//! enum, an `#[endpoint]` handler, a stream and a file as handler return types; ranges,
//! HEAD and 304 with no setup; render errors as 500.
#![cfg(feature = "actix")]

mod common;

use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::{App, web};
use common::TempDir;
use responses::{
    Cookie, FileResponse, HtmlResponse, JsonResponse, PlainTextResponse, RedirectResponse,
    Response, StreamingResponse, endpoint,
};
use serde::Serialize;

#[derive(Serialize)]
struct Item {
    id: u32,
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
}

#[endpoint(response_class = HtmlResponse, status_code = 201)]
async fn endpoint_page() -> String {
    "<h1>endpoint</h1>".to_owned()
}

async fn file(path: web::Data<std::path::PathBuf>) -> FileResponse {
    FileResponse::new(path.get_ref().clone())
}

async fn outcome(which: web::Path<String>) -> Outcome {
    match which.as_str() {
        "ok" => Outcome::Found(Item { id: 3 }),
        "conflict" => Outcome::Conflict("taken".into()),
        _ => Outcome::Missing,
    }
}

/// A response header as text.
fn h(r: &actix_web::dev::ServiceResponse, name: &str) -> String {
    r.headers()
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default()
}

#[actix_web::test]
async fn responses_as_actix_responders() {
    let dir = TempDir::new("actix");
    let path = dir.path().join("sample.txt");
    std::fs::write(&path, "0123456789ABCDEFGHIJ").unwrap();
    let app = init_service(
        App::new()
            .app_data(web::Data::new(path))
            .route(
                "/response",
                web::get().to(|| async { Response::new(&b"\x00\x01"[..]) }),
            )
            .route(
                "/plain",
                web::get().to(|| async { PlainTextResponse::new("hello") }),
            )
            .route(
                "/html",
                web::get().to(|| async { HtmlResponse::new("<p>hi</p>") }),
            )
            .route(
                "/json",
                web::get().to(|| async { JsonResponse::new(Item { id: 1 }) }),
            )
            .route(
                "/nan",
                web::get().to(|| async { JsonResponse::new(f64::NAN) }),
            )
            .route(
                "/redirect",
                web::get().to(|| async { RedirectResponse::new("/plain") }),
            )
            .route(
                "/stream",
                web::get().to(|| async { StreamingResponse::from_iter(["a", "b"]) }),
            )
            .route("/file", web::get().to(file))
            .route("/file", web::head().to(file))
            .route(
                "/created",
                web::get().to(|| async {
                    Created {
                        id: 7,
                        request_id: "r-1",
                        session: Cookie::new("s", "1"),
                    }
                }),
            )
            .route("/outcome/{which}", web::get().to(outcome))
            .route("/endpoint", web::get().to(endpoint_page)),
    )
    .await;

    let get = |uri: &str| TestRequest::get().uri(uri).to_request();

    let r = call_service(&app, get("/response")).await;
    assert_eq!(h(&r, "content-length"), "2");
    assert_eq!(&read_body(r).await[..], b"\x00\x01");
    let r = call_service(&app, get("/plain")).await;
    assert_eq!(h(&r, "content-type"), "text/plain; charset=utf-8");
    assert_eq!(&read_body(r).await[..], b"hello");
    let r = call_service(&app, get("/html")).await;
    assert_eq!(h(&r, "content-type"), "text/html; charset=utf-8");
    let r = call_service(&app, get("/json")).await;
    assert_eq!(h(&r, "content-type"), "application/json");
    assert_eq!(&read_body(r).await[..], b"{\"id\":1}");
    let r = call_service(&app, get("/nan")).await;
    assert_eq!(r.status().as_u16(), 500);
    let r = call_service(&app, get("/redirect")).await;
    assert_eq!(
        (r.status().as_u16(), h(&r, "location").as_str()),
        (307, "/plain")
    );
    let r = call_service(&app, get("/stream")).await;
    assert_eq!(&read_body(r).await[..], b"ab");

    let r = call_service(&app, get("/created")).await;
    assert_eq!(r.status().as_u16(), 201);
    assert_eq!(h(&r, "x-request-id"), "r-1");
    assert_eq!(h(&r, "set-cookie"), "s=1; Path=/; SameSite=lax");
    assert_eq!(h(&r, "cache-control"), "no-store");
    assert_eq!(&read_body(r).await[..], b"{\"id\":7}");
    let r = call_service(&app, get("/outcome/ok")).await;
    assert_eq!(&read_body(r).await[..], b"{\"id\":3}");
    assert_eq!(
        call_service(&app, get("/outcome/x"))
            .await
            .status()
            .as_u16(),
        404
    );
    let r = call_service(&app, get("/outcome/conflict")).await;
    assert_eq!(r.status().as_u16(), 409);
    let r = call_service(&app, get("/endpoint")).await;
    assert_eq!(r.status().as_u16(), 201);
    assert_eq!(&read_body(r).await[..], b"<h1>endpoint</h1>");

    // files: ranges, HEAD and conditionals with no setup
    let r = call_service(&app, get("/file")).await;
    let etag = h(&r, "etag");
    assert_eq!(&read_body(r).await[..], b"0123456789ABCDEFGHIJ");
    let r = call_service(
        &app,
        TestRequest::get()
            .uri("/file")
            .insert_header(("range", "bytes=0-4"))
            .to_request(),
    )
    .await;
    assert_eq!(r.status().as_u16(), 206);
    assert_eq!(h(&r, "content-range"), "bytes 0-4/20");
    assert_eq!(&read_body(r).await[..], b"01234");
    let r = call_service(
        &app,
        TestRequest::get()
            .uri("/file")
            .insert_header(("range", "bytes=0-1,5-6"))
            .to_request(),
    )
    .await;
    assert!(h(&r, "content-type").starts_with("multipart/byteranges"));
    let r = call_service(
        &app,
        TestRequest::get()
            .uri("/file")
            .insert_header(("if-none-match", etag.as_str()))
            .to_request(),
    )
    .await;
    assert_eq!(r.status().as_u16(), 304);
    let r = call_service(
        &app,
        TestRequest::get()
            .uri("/file")
            .insert_header(("range", "bytes=50-"))
            .to_request(),
    )
    .await;
    assert_eq!(r.status().as_u16(), 416);
    let r = call_service(
        &app,
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri("/file")
            .to_request(),
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(read_body(r).await.is_empty());
}

/// `responses::Error` is a handler's error in actix-web too (`ResponseError`): 404 for a
/// missing file, 500 otherwise, naming the error in a debug build.
#[actix_web::test]
async fn the_crates_error_is_a_handlers_error() {
    async fn stream(what: web::Path<String>) -> Result<StreamingResponse, responses::Error> {
        let mut response = StreamingResponse::from_iter(["ok"]);
        if what.as_str() == "bad-cookie" {
            response.set_cookie(Cookie::new("k", "a;b"))?;
        }
        if what.as_str() == "missing" {
            std::fs::File::open("/no/such/file")?;
        }
        Ok(response)
    }
    let app = init_service(App::new().route("/stream/{what}", web::get().to(stream))).await;
    let get = |path: &str| TestRequest::get().uri(path).to_request();
    let r = call_service(&app, get("/stream/fine")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(&read_body(r).await[..], b"ok");
    let r = call_service(&app, get("/stream/missing")).await;
    assert_eq!(r.status(), 404);
    let r = call_service(&app, get("/stream/bad-cookie")).await;
    assert_eq!(r.status(), 500);
    let body = read_body(r).await;
    let text = String::from_utf8_lossy(&body);
    assert!(text.starts_with("Internal Server Error"), "{text}");
    assert_eq!(
        text.contains("invalid cookie"),
        cfg!(debug_assertions),
        "{text}"
    );
}

/// Cookies, headers, background tasks and a status beside any response, actix-web's way:
/// `Extras` (FastAPI's `response: Response` parameter), and actix's own `customize()`.
#[actix_web::test]
async fn cookies_headers_and_tasks_beside_the_body() {
    use actix_web::Responder as _;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let runs = Arc::new(AtomicUsize::new(0));
    let counted = runs.clone();
    let app = init_service(
        App::new()
            .route(
                "/extras",
                web::get().to(move || {
                    let counted = counted.clone();
                    async move {
                        let mut extras = responses::Extras::new(Created {
                            id: 1,
                            request_id: "r",
                            session: Cookie::new("s", "1"),
                        })
                        .with_header("x-extra", "yes")
                        .with_status_code(202)
                        .with_background(responses::BackgroundTask::new(async move {
                            counted.fetch_add(1, Ordering::SeqCst);
                        }));
                        extras.set_cookie(Cookie::new("theme", "dark"))?;
                        Ok::<_, responses::Error>(extras)
                    }
                }),
            )
            .route(
                "/customized",
                web::get().to(|| async {
                    JsonResponse::new([1])
                        .customize()
                        .insert_header(("x-cat-dog", "alone in the world"))
                        .with_status(actix_web::http::StatusCode::CREATED)
                }),
            ),
    )
    .await;
    let r = call_service(&app, TestRequest::get().uri("/extras").to_request()).await;
    assert_eq!(r.status(), 202);
    assert_eq!(h(&r, "x-extra"), "yes");
    assert_eq!(h(&r, "x-request-id"), "r");
    let cookies: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    assert_eq!(
        cookies,
        [
            "s=1; Path=/; SameSite=lax",
            "theme=dark; Path=/; SameSite=lax"
        ]
    );
    assert_eq!(&read_body(r).await[..], b"{\"id\":1}");
    for _ in 0..100 {
        if runs.load(Ordering::SeqCst) == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1);

    let r = call_service(&app, TestRequest::get().uri("/customized").to_request()).await;
    assert_eq!(r.status(), 201);
    assert_eq!(h(&r, "x-cat-dog"), "alone in the world");
    assert_eq!(h(&r, "content-type"), "application/json");
    assert_eq!(&read_body(r).await[..], b"[1]");
}
