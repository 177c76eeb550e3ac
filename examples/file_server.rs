//! Serves one file with `FileResponse` on 127.0.0.1, for measuring throughput and memory:
//!
//! ```text
//! cargo run --release --example file_server -- /path/to/file [port]
//! curl -o /dev/null http://127.0.0.1:8001/
//! ```
//!
//! Every request gets the file, prepared for the request (HEAD, ranges, conditionals).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use responses::{Body, ErrorKind, FileResponse, IntoHttp};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Failures (a response that cannot be built, a background task that fails) are
    // `tracing` events: a subscriber prints them.
    tracing_subscriber::fmt().with_target(false).init();
    let mut args = std::env::args().skip(1);
    let path: PathBuf = args.next().ok_or("usage: file_server PATH [PORT]")?.into();
    let port: u16 = match args.next() {
        Some(p) => p.parse().map_err(|_| format!("not a port: {p}"))?,
        None => 8001,
    };
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    println!(
        "serving {} on http://{}",
        path.display(),
        listener.local_addr()?
    );
    loop {
        let (stream, _) = listener.accept().await?;
        let path = path.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let path = path.clone();
                async move {
                    let response = FileResponse::open(path)
                        .await
                        .and_then(|file| file.into_http_for(&req));
                    Ok::<_, Infallible>(response.unwrap_or_else(|err| {
                        let status = if err.kind() == ErrorKind::FileNotFound {
                            404
                        } else {
                            500
                        };
                        let mut r = http::Response::new(Body::from(err.to_string()));
                        *r.status_mut() = http::StatusCode::from_u16(status).unwrap_or_default();
                        r
                    }))
                }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
