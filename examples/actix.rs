//! An actix-web server whose handlers return this crate's responses:
//!
//! ```text
//! cargo run --example actix --features actix
//! curl -i localhost:8003/user/7
//! curl -i -H 'Range: bytes=0-9' localhost:8003/file
//! ```

use actix_web::{App, HttpServer, web};
use responses::{
    Cookie, FileResponse, HtmlResponse, JsonResponse, RedirectResponse, Response, endpoint,
};
use serde::Serialize;

#[derive(Serialize)]
struct User {
    id: u64,
    name: String,
}

/// A derived response: 201, JSON of `id` and `name`, a header and a cookie from fields.
#[derive(Response)]
#[response(status = 201)]
struct UserCreated {
    id: u64,
    name: String,
    #[response(header = "location")]
    location: String,
    #[response(cookie)]
    session: Cookie,
}

async fn index() -> HtmlResponse {
    HtmlResponse::new("<h1>responses on actix-web</h1>")
}

async fn user(id: web::Path<u64>) -> JsonResponse<User> {
    JsonResponse::new(User {
        id: id.into_inner(),
        name: "Zoë".into(),
    })
}

async fn signup() -> UserCreated {
    UserCreated {
        id: 8,
        name: "Ada".into(),
        location: "/user/8".into(),
        session: Cookie::new("session", "abc").http_only(true),
    }
}

#[endpoint(response_class = HtmlResponse)]
async fn hello() -> String {
    "<p>Returned as a String, sent as an HTMLResponse.</p>".to_owned()
}

async fn old() -> RedirectResponse {
    RedirectResponse::new("/").with_status_code(301)
}

/// Ranges and conditional requests need no setup with actix: a responder sees the request.
async fn file() -> FileResponse {
    FileResponse::new(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .with_media_type("text/plain")
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    // Failures (a response that cannot be built, a background task that fails) are
    // `tracing` events: a subscriber prints them.
    tracing_subscriber::fmt().with_target(false).init();
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8003);
    println!("actix-web example on http://127.0.0.1:{port}");
    HttpServer::new(|| {
        App::new()
            .route("/", web::get().to(index))
            .route("/user/{id}", web::get().to(user))
            .route("/signup", web::get().to(signup))
            .route("/hello", web::get().to(hello))
            .route("/old", web::get().to(old))
            .route("/file", web::get().to(file))
    })
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
