//! Background tasks and client disconnects over a real hyper server on loopback, for every
//! kind of body (in memory, stream, file): a client that reads the whole response always
//! gets the task run, once; a client that resets the connection half-way never does
//! (docs/behaviour.md §11).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{TempDir, send_get, serve};
use responses::{BackgroundTask, FileResponse, IntoHttp, Response, StreamingResponse};
use tokio::io::AsyncReadExt;

/// Large enough that the kernel's socket buffers on both sides cannot hold it all: a
/// client that stops reading leaves most of it unwritten.
const SIZE: usize = 32 << 20;
const CHUNK: usize = 64 << 10;

#[derive(Clone, Copy, Debug)]
enum Kind {
    Memory,
    Stream,
    File,
}

/// A server whose every response is a `SIZE`-byte body of `kind` with a task that counts.
async fn server(kind: Kind, runs: Arc<AtomicUsize>, dir: &TempDir) -> std::net::SocketAddr {
    let path = dir.path().join("big.bin");
    std::fs::write(&path, vec![b'f'; SIZE]).unwrap();
    serve(move |req| {
        let runs = runs.clone();
        let path = path.clone();
        async move {
            let task = BackgroundTask::new(async move {
                runs.fetch_add(1, Ordering::SeqCst);
            });
            let response = match kind {
                Kind::Memory => Response::new(vec![b'm'; SIZE])
                    .with_background(task)
                    .into_http_for(&req),
                Kind::Stream => StreamingResponse::from_iter(
                    std::iter::repeat_n(CHUNK, SIZE / CHUNK).map(|n| vec![b's'; n]),
                )
                .with_background(task)
                .into_http_for(&req),
                Kind::File => FileResponse::new(path)
                    .with_background(task)
                    .into_http_for(&req),
            };
            response.unwrap()
        }
    })
    .await
}

/// Reads the whole response (the server closes the connection after it).
async fn read_all(addr: std::net::SocketAddr) -> usize {
    let mut stream = send_get(addr).await;
    let mut buf = vec![0; 1 << 16];
    let mut total = 0;
    loop {
        match stream.read(&mut buf).await.unwrap() {
            0 => return total,
            n => total += n,
        }
    }
}

/// Reads `n` bytes, then resets the connection (RST, not FIN).
async fn read_then_reset(addr: std::net::SocketAddr, n: usize) {
    let mut stream = send_get(addr).await;
    let mut buf = vec![0; 1 << 16];
    let mut total = 0;
    while total < n {
        let got = stream.read(&mut buf).await.unwrap();
        assert!(got > 0, "the server closed early");
        total += got;
    }
    stream.set_zero_linger().unwrap();
    drop(stream);
}

async fn wait_for(runs: &AtomicUsize, value: usize) -> bool {
    for _ in 0..200 {
        if runs.load(Ordering::SeqCst) == value {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    false
}

async fn check(kind: Kind) {
    let dir = TempDir::new("disconnect");
    let runs = Arc::new(AtomicUsize::new(0));
    let addr = server(kind, runs.clone(), &dir).await;

    read_then_reset(addr, 1 << 20).await;
    // The server notices on its next write and drops the body; give it that time.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        runs.load(Ordering::SeqCst),
        0,
        "{kind:?}: a reset client ran the task"
    );

    let read = read_all(addr).await;
    assert!(read > SIZE, "{kind:?}: {read} bytes read");
    assert!(
        wait_for(&runs, 1).await,
        "{kind:?}: the task did not run after a whole response"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        runs.load(Ordering::SeqCst),
        1,
        "{kind:?}: the task ran more than once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_memory_body() {
    check(Kind::Memory).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stream_body() {
    check(Kind::Stream).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_body() {
    check(Kind::File).await;
}

#[tokio::test]
async fn a_body_asked_its_size_and_dropped_runs_nothing() {
    use http_body::Body as _;
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = runs.clone();
    let body =
        responses::Body::from(vec![0u8; 100]).with_background(BackgroundTask::new(async move {
            counted.fetch_add(1, Ordering::SeqCst);
        }));
    assert_eq!(body.size_hint().exact(), Some(100));
    assert!(!body.is_end_stream());
    drop(body);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(runs.load(Ordering::SeqCst), 0);
}
