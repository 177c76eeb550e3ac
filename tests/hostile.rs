//! What a hostile or unlucky server's life brings, over a real hyper server on loopback
//! (`responses::hyper::service`): every case gets an answer or a broken transfer, none
//! hangs, and the server keeps serving afterwards.

mod common;

use std::time::Duration;

use common::TempDir;
use responses::{
    BackgroundTask, Body, FileResponse, IntoHttp, PlainTextResponse, StreamingResponse,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A response, or the error that makes the service answer 500.
struct Answer(Result<http::Response<Body>, responses::Error>);

impl IntoHttp for Answer {
    fn into_http(self) -> Result<http::Response<Body>, responses::Error> {
        self.0
    }
}

fn route(request: &http::Request<hyper::body::Incoming>, dir: &std::path::Path) -> Answer {
    let path = request.uri().path();
    Answer(match path {
        "/ok" => PlainTextResponse::new("ok").into_http(),
        "/panic-task" => PlainTextResponse::new("ok")
            .with_background(BackgroundTask::blocking(|| -> () {
                panic!("a background task panics")
            }))
            .into_http(),
        "/panic-stream" => {
            let mut n = 0;
            StreamingResponse::from_iter(std::iter::from_fn(move || {
                n += 1;
                assert!(n < 3, "a stream panics half-way");
                Some("chunk ")
            }))
            .into_http()
        }
        "/many-headers" => (0..40_000)
            .fold(PlainTextResponse::new("x"), |r, i| {
                r.with_header(format!("x-h{i}"), "v")
            })
            .into_http(),
        "/big-header" => PlainTextResponse::new("x")
            .with_header("x-big", "v".repeat(1 << 20))
            .into_http(),
        _ => {
            if let Some(name) = path.strip_prefix("/framing/") {
                PlainTextResponse::new("x")
                    .with_header(name, "chunked")
                    .into_http()
            } else if let Some(name) = path.strip_prefix("/file/") {
                FileResponse::new(match name.strip_prefix("dev-") {
                    Some(device) => std::path::Path::new("/dev").join(device),
                    None => dir.join(name),
                })
                .into_http()
            } else {
                PlainTextResponse::new("not found")
                    .with_status_code(404)
                    .into_http()
            }
        }
    })
}

async fn server(dir: &TempDir) -> std::net::SocketAddr {
    let dir = dir.path().to_owned();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let dir = dir.clone();
            tokio::spawn(async move {
                let service = responses::hyper::service(move |req| {
                    let answer = route(&req, &dir);
                    async move { answer }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// `GET path` on a new connection; everything the server sent until it closed (or the
/// connection broke), within 10 s.
async fn fetch(addr: std::net::SocketAddr, path: &str) -> Vec<u8> {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nhost: test\r\nconnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out).await;
        out
    };
    tokio::time::timeout(Duration::from_secs(10), exchange)
        .await
        .unwrap_or_else(|_| panic!("GET {path} hung"))
}

fn status(answer: &[u8]) -> &str {
    std::str::from_utf8(answer.get(9..12).unwrap_or(b"")).unwrap_or("")
}

async fn still_serving(addr: std::net::SocketAddr) {
    let answer = fetch(addr, "/ok").await;
    assert_eq!(status(&answer), "200");
    assert!(answer.ends_with(b"\r\n\r\nok"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn framing_headers_from_the_caller_are_a_500_not_a_dropped_connection() {
    let dir = TempDir::new("hostile");
    let addr = server(&dir).await;
    for name in responses::headers::FRAMING_HEADERS {
        let answer = fetch(addr, &format!("/framing/{name}")).await;
        assert_eq!(
            status(&answer),
            "500",
            "{name}: {}",
            String::from_utf8_lossy(&answer)
        );
        let text = String::from_utf8_lossy(&answer);
        assert!(
            text.contains("\r\n\r\nInternal Server Error"),
            "{name}: {text}"
        );
    }
    still_serving(addr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_task_or_stream_leaves_the_server_serving() {
    let dir = TempDir::new("hostile");
    let addr = server(&dir).await;
    let answer = fetch(addr, "/panic-task").await;
    assert_eq!(status(&answer), "200");
    assert!(answer.ends_with(b"ok"));
    still_serving(addr).await;

    // The stream panics after two chunks, inside the connection's task: the connection is
    // dropped (with whatever was flushed before), never ended as if complete.
    let answer = fetch(addr, "/panic-stream").await;
    assert!(status(&answer) == "200" || answer.is_empty(), "{answer:?}");
    assert!(
        !answer.ends_with(b"0\r\n\r\n"),
        "a broken stream must not end cleanly"
    );
    still_serving(addr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_that_are_not_files_are_answered_at_once() {
    let dir = TempDir::new("hostile");
    let loop_a = dir.path().join("loop-a");
    let loop_b = dir.path().join("loop-b");
    std::os::unix::fs::symlink(&loop_b, &loop_a).unwrap();
    std::os::unix::fs::symlink(&loop_a, &loop_b).unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let addr = server(&dir).await;
    for (path, expect) in [
        ("/file/loop-a", "500"),
        ("/file/fifo", "500"),
        ("/file/dev-zero", "500"),
        ("/file/missing", "404"),
    ] {
        let answer = fetch(addr, path).await;
        assert_eq!(status(&answer), expect, "{path}");
    }
    still_serving(addr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_headers_and_a_huge_header_value() {
    let dir = TempDir::new("hostile");
    let addr = server(&dir).await;
    // More than a header map holds: a typed error, answered with 500.
    let answer = fetch(addr, "/many-headers").await;
    assert_eq!(status(&answer), "500");
    // A 1 MiB header value is the caller's business: it is sent whole.
    let answer = fetch(addr, "/big-header").await;
    assert_eq!(status(&answer), "200");
    assert!(answer.len() > 1 << 20);
    still_serving(addr).await;
}

/// Reads the response head and `n` bytes of body, slowly enough for the test to change the
/// file in between; then the rest until the server closes.
async fn download_while(
    addr: std::net::SocketAddr,
    path: &str,
    change: impl FnOnce(),
) -> (usize, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nhost: test\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let mut buf = vec![0; 1 << 16];
    while out.len() < 1 << 20 {
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0);
        out.extend_from_slice(&buf[..n]);
    }
    change();
    let rest = tokio::time::timeout(Duration::from_secs(10), async {
        let _ = stream.read_to_end(&mut out).await;
        out
    })
    .await
    .expect("the transfer ends");
    let head_end = rest.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let head = String::from_utf8_lossy(&rest[..head_end]).to_string();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap();
    (length, rest[head_end..].to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_truncated_or_replaced_mid_transfer() {
    const SIZE: usize = 32 << 20;
    let dir = TempDir::new("hostile");
    let path = dir.path().join("big.bin");
    std::fs::write(&path, vec![b'a'; SIZE]).unwrap();
    let addr = server(&dir).await;

    // Truncated: the client gets fewer bytes than announced, never a short body
    // presented as whole.
    let (length, body) = download_while(addr, "/file/big.bin", || {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(2 << 20)
            .unwrap();
    })
    .await;
    assert_eq!(length, SIZE);
    assert!(
        body.len() < SIZE,
        "{} bytes of a truncated file",
        body.len()
    );

    // Replaced by another file (renamed over it): the open file is read to its end, so
    // the body is the file that was announced, whole.
    std::fs::write(&path, vec![b'a'; SIZE]).unwrap();
    let other = dir.path().join("other.bin");
    let (length, body) = download_while(addr, "/file/big.bin", || {
        std::fs::write(&other, vec![b'b'; 10]).unwrap();
        std::fs::rename(&other, &path).unwrap();
    })
    .await;
    assert_eq!(length, SIZE);
    assert_eq!(body.len(), SIZE);
    assert!(body.iter().all(|&b| b == b'a'));
    still_serving(addr).await;
}

/// A file whose `stat` size is 0 but that has content (procfs): sent whole, without a
/// length, never as an empty body presented as complete; ranges do not apply to it.
#[tokio::test]
async fn a_file_the_file_system_calls_empty_but_is_not() {
    let expected = std::fs::read("/proc/self/mountinfo").unwrap();
    assert!(!expected.is_empty());
    assert_eq!(std::fs::metadata("/proc/self/mountinfo").unwrap().len(), 0);
    for chunk_size in [7, 64 * 1024] {
        let request = http::Request::get("/")
            .header("range", "bytes=0-3")
            .body(())
            .unwrap();
        let response = FileResponse::new("/proc/self/mountinfo")
            .with_chunk_size(chunk_size)
            .into_http_for(&request)
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers().get("content-length").is_none());
        assert_eq!(response.headers()["accept-ranges"], "none");
        let body = response.into_body().collect_bytes().await.unwrap();
        // The mount table of this process, as read twice: the same lines.
        assert_eq!(body.len(), expected.len(), "chunk size {chunk_size}");
    }
    // A file that is empty is still sent as such, with its length.
    let dir = TempDir::new("hostile");
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "").unwrap();
    let response = FileResponse::new(&empty).into_http().unwrap();
    assert_eq!(response.headers()["content-length"], "0");
    assert_eq!(response.headers()["accept-ranges"], "bytes");
    assert!(
        response
            .into_body()
            .collect_bytes()
            .await
            .unwrap()
            .is_empty()
    );
}
