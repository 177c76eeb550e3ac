//! An axum server whose handlers return this crate's responses:
//!
//! ```text
//! cargo run --example axum --features axum
//! curl -i localhost:8002/user/7
//! curl -i -H 'Range: bytes=0-9' localhost:8002/file
//! ```

use std::net::SocketAddr;

use axum::Router;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use responses::{Cookie, FileResponse, HtmlResponse, JsonResponse, RedirectResponse, endpoint};
use serde::Serialize;

#[derive(Serialize)]
struct User {
    id: u64,
    name: String,
}

/// A derived response: 201, JSON of `id` and `name`, a header and a cookie from fields.
/// Named by its path, `responses::Response`, next to axum's `Response` in scope.
#[derive(responses::Response)]
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
    HtmlResponse::new(
        "<h1>responses on axum</h1><ul>\
         <li><a href=\"/user/7\">/user/7</a> JsonResponse</li>\
         <li><a href=\"/signup\">/signup</a> #[derive(Response)]</li>\
         <li><a href=\"/hello\">/hello</a> #[endpoint]</li>\
         <li><a href=\"/old\">/old</a> RedirectResponse</li>\
         <li><a href=\"/file\">/file</a> FileResponse with ranges</li></ul>",
    )
}

async fn user(Path(id): Path<u64>) -> JsonResponse<User> {
    JsonResponse::new(User {
        id,
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

#[endpoint(response_class = HtmlResponse, status_code = 200)]
async fn hello() -> String {
    "<p>Returned as a String, sent as an HTMLResponse.</p>".to_owned()
}

async fn old() -> RedirectResponse {
    RedirectResponse::new("/").with_status_code(301)
}

async fn file() -> FileResponse {
    FileResponse::new(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .with_media_type("text/plain")
}

/// axum's own `Response`, in the same module as the derive.
async fn health() -> Response {
    "ok".into_response()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Failures (a response that cannot be built, a background task that fails) are
    // `tracing` events: a subscriber prints them.
    tracing_subscriber::fmt().with_target(false).init();
    let app = Router::new()
        .route("/", get(index))
        .route("/user/{id}", get(user))
        .route("/signup", get(signup))
        .route("/hello", get(hello))
        .route("/old", get(old))
        .route("/file", get(file))
        .route("/health", get(health))
        // HEAD, ranges and conditional requests for files: one line.
        .layer(responses::axum::PrepareLayer);
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8002);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    println!("axum example on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
