//! The showcase: a hyper server on 127.0.0.1 that serves every response class.
//!
//! ```text
//! cargo run --example showcase            # port 8000
//! PORT=9000 cargo run --example showcase
//! curl -i http://127.0.0.1:8000/json
//! ```

mod routes;

use std::net::SocketAddr;

use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Failures (a response that cannot be built, a background task that fails) are
    // `tracing` events: a subscriber prints them.
    tracing_subscriber::fmt().with_target(false).init();
    let port: u16 = match std::env::var("PORT") {
        Ok(p) => p
            .parse()
            .map_err(|_| format!("PORT must be a number from 0 to 65535, not {p:?}"))?,
        Err(_) => 8000,
    };
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    let addr = listener.local_addr()?;
    println!("responses showcase listening on http://{addr}");
    for (path, what) in routes::ROUTES {
        println!("  GET {path:<18} {what}");
    }

    let app = routes::App::default();
    loop {
        let (stream, _) = listener.accept().await?;
        let app = app.clone();
        tokio::spawn(async move {
            // `responses::hyper::service` makes a hyper service of a handler returning any
            // response, converted for its request (HEAD, ranges, conditional requests).
            let service = responses::hyper::service(move |req| {
                let app = app.clone();
                async move { app.handle(req).await }
            });
            if let Err(err) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("connection error: {err}");
            }
        });
    }
}
