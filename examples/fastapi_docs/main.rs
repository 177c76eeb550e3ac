//! The examples of seven FastAPI docs pages, ported to axum with `responses` (see
//! `routes.rs`): "Custom Response", "Return a Response Directly", "Response Cookies",
//! "Response Headers", "Change Status Code", "Additional Responses" and "Background Tasks".
//!
//! ```text
//! cargo run --example fastapi_docs --features axum,fast-json     # port 8003
//! curl -i http://127.0.0.1:8003/custom-response/009c/
//! curl -i -X POST 'http://127.0.0.1:8003/background-tasks/002/send-notification/a@b.c?q=x'
//! ```

mod routes;

use std::net::SocketAddr;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Failures (a response that cannot be built, a background task that fails) are
    // `tracing` events: a subscriber prints them.
    tracing_subscriber::fmt().with_target(false).init();
    let port: u16 = match std::env::var("PORT") {
        Ok(p) => p
            .parse()
            .map_err(|_| format!("PORT must be a number from 0 to 65535, not {p:?}"))?,
        Err(_) => 8003,
    };
    let files =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fastapi_docs/files");
    let log = std::env::temp_dir().join("responses-fastapi-docs-log.txt");
    println!("background tasks write to {}", log.display());
    let app = routes::app(routes::Docs::new(files, log));
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    println!(
        "FastAPI's docs examples on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app).await?;
    Ok(())
}
