//! The servers of the server-level benchmark (`benches/server.sh`): the same handler in
//! several ways, on a single-threaded Tokio runtime, on 127.0.0.1.
//!
//! ```text
//! cargo run --release --features bench --example bench_server -- MODE PORT [FILE]
//! ```
//!
//! Modes (every one answers `GET /json` with the *small* payload as JSON):
//!
//! * `hyper-hand`: hyper, the response written by hand (`serde_json::to_vec`,
//!   `http::Response::builder()`),
//! * `hyper-ours`: hyper, `JsonResponse` through `responses::hyper::service`,
//! * `axum-ours`: axum, a handler returning `JsonResponse`,
//! * `axum-json`: axum, a handler returning `axum::Json`,
//! * `axum-file-ours` / `axum-file-servefile`: axum serving FILE at `/file` with
//!   `FileResponse` / `tower_http::services::ServeFile`.

#[path = "common/mod.rs"]
mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::routing::get;
use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderValue, Request};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use responses::{FileResponse, JsonResponse};
use tokio::net::TcpListener;

const USAGE: &str = "usage: bench_server MODE PORT [FILE]";

fn payload() -> common::Small {
    common::small(7)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().ok_or(USAGE)?;
    let port: u16 = args.next().ok_or(USAGE)?.parse()?;
    let file: Option<PathBuf> = args.next().map(PathBuf::from);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(mode, port, file))
}

async fn serve(
    mode: String,
    port: u16,
    file: Option<PathBuf>,
) -> Result<(), Box<dyn std::error::Error>> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    eprintln!("{mode} on http://{}", listener.local_addr()?);
    match mode.as_str() {
        "hyper-hand" => {
            hyper_loop(listener, |_req: Request<Incoming>| async {
                let body = serde_json::to_vec(&payload()).unwrap_or_default();
                let response = http::Response::builder()
                    .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                    .header(CONTENT_LENGTH, body.len())
                    .body(Full::new(Bytes::from(body)))
                    .unwrap_or_default();
                Ok::<_, Infallible>(response)
            })
            .await
        }
        "hyper-ours" => loop {
            let (stream, _) = listener.accept().await?;
            tokio::spawn(async move {
                let service = responses::hyper::service(|_req: Request<Incoming>| async {
                    JsonResponse::new(payload())
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        },
        "axum-ours" => {
            let app = Router::new().route("/json", get(|| async { JsonResponse::new(payload()) }));
            Ok(axum::serve(listener, app).await?)
        }
        "axum-json" => {
            let app = Router::new().route("/json", get(|| async { axum::Json(payload()) }));
            Ok(axum::serve(listener, app).await?)
        }
        "axum-file-ours" => {
            let path = file.ok_or(USAGE)?;
            let app = Router::new()
                .route(
                    "/file",
                    get(move || {
                        let path = path.clone();
                        async move { FileResponse::new(path) }
                    }),
                )
                .layer(responses::axum::PrepareLayer);
            Ok(axum::serve(listener, app).await?)
        }
        "axum-file-servefile" => {
            let path = file.ok_or(USAGE)?;
            let app =
                Router::new().route_service("/file", tower_http::services::ServeFile::new(path));
            Ok(axum::serve(listener, app).await?)
        }
        other => Err(format!("unknown mode {other}; {USAGE}").into()),
    }
}

async fn hyper_loop<F, Fut>(
    listener: TcpListener,
    handler: F,
) -> Result<(), Box<dyn std::error::Error>>
where
    F: Fn(Request<Incoming>) -> Fut + Copy + Send + 'static,
    Fut: Future<Output = Result<http::Response<Full<Bytes>>, Infallible>> + Send + 'static,
{
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), hyper::service::service_fn(handler))
                .await;
        });
    }
}
