//! The server `benches/soak.sh` loads: JSON, a file with ranges, and a stream, each
//! response with a background task that counts, on hyper through `responses::hyper`.
//!
//! ```text
//! cargo run --release --example soak_server -- PORT
//! ```
//!
//! `GET /stats` answers `{"tasks": N}`: how many background tasks have run, one per
//! response whose body was sent whole.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use responses::{BackgroundTask, Body, FileResponse, IntoHttp, JsonResponse, StreamingResponse};
use serde::Serialize;

#[derive(Serialize)]
struct Small {
    id: u64,
    name: &'static str,
    active: bool,
}

/// A response, or the error the service answers with 500.
struct Answer(Result<http::Response<Body>, responses::Error>);

impl IntoHttp for Answer {
    fn into_http(self) -> Result<http::Response<Body>, responses::Error> {
        self.0
    }
}

fn answer(path: &str, file: &std::path::Path, tasks: &Arc<AtomicU64>) -> Answer {
    let counted = tasks.clone();
    let task = BackgroundTask::new(async move {
        counted.fetch_add(1, Ordering::Relaxed);
    });
    Answer(match path {
        "/json" => JsonResponse::new(Small {
            id: 7,
            name: "Zoë",
            active: true,
        })
        .with_background(task)
        .into_http(),
        "/file" => FileResponse::new(file).with_background(task).into_http(),
        "/stream" => StreamingResponse::from_iter((0..16).map(|i| format!("{i:04}").repeat(1024)))
            .with_media_type("text/plain")
            .with_background(task)
            .into_http(),
        "/stats" => {
            JsonResponse::new(serde_json::json!({ "tasks": tasks.load(Ordering::Relaxed) }))
                .into_http()
        }
        _ => JsonResponse::new("not found")
            .with_status_code(404)
            .into_http(),
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = std::env::args()
        .nth(1)
        .ok_or("usage: soak_server PORT")?
        .parse()?;
    let dir = std::env::temp_dir().join(format!("responses-soak-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("one-mebibyte.bin");
    std::fs::write(
        &file,
        (0..1u32 << 20)
            .map(|i| (i % 251) as u8)
            .collect::<Vec<u8>>(),
    )?;
    let tasks = Arc::new(AtomicU64::new(0));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
        loop {
            let (stream, _) = listener.accept().await?;
            let (file, tasks) = (file.clone(), tasks.clone());
            tokio::spawn(async move {
                let service =
                    responses::hyper::service(move |req: http::Request<hyper::body::Incoming>| {
                        let answer = answer(req.uri().path(), &file, &tasks);
                        async move { answer }
                    });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
        #[allow(unreachable_code)]
        Ok::<(), std::io::Error>(())
    })?;
    Ok(())
}
