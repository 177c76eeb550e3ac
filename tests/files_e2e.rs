//! `StreamingResponse` and `FileResponse` over a real hyper server on loopback, read by a
//! real HTTP client: HEAD, one range, several ranges, 304, 412, 416, a 100 MiB file with a
//! checksum, broken streams and files, clients that go away, and when background tasks run.

mod common;

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use common::{TempDir, request, serve};
use futures_core::Stream;
use responses::{BackgroundTask, Body, ErrorKind, FileResponse, IntoHttp, StreamingResponse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A server answering every request with `FileResponse::new(path)`, prepared for the request.
async fn file_server(path: PathBuf) -> std::net::SocketAddr {
    serve(move |req| {
        let path = path.clone();
        async move {
            FileResponse::new(path)
                .into_http_for(&req)
                .unwrap_or_else(|e| error_response(&e))
        }
    })
    .await
}

fn error_response(err: &responses::Error) -> http::Response<Body> {
    let status = if err.kind() == ErrorKind::FileNotFound {
        404
    } else {
        500
    };
    let mut r = http::Response::new(Body::from(err.to_string()));
    *r.status_mut() = http::StatusCode::from_u16(status).unwrap();
    r
}

fn text_file(dir: &TempDir) -> PathBuf {
    let path = dir.path().join("hello.txt");
    std::fs::write(&path, "0123456789ABCDEFGHIJ").unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_ranges_and_conditionals() {
    let dir = TempDir::new("e2e");
    let addr = file_server(text_file(&dir)).await;

    let full = request(addr, "GET", "/", &[]).await;
    assert_eq!(full.status, 200);
    assert_eq!(&full.body.unwrap()[..], b"0123456789ABCDEFGHIJ");
    assert_eq!(full.headers["accept-ranges"], "bytes");
    let etag = full.headers["etag"].to_str().unwrap().to_owned();
    let last_modified = full.headers["last-modified"].to_str().unwrap().to_owned();

    let head = request(addr, "HEAD", "/", &[]).await;
    assert_eq!(head.status, 200);
    assert_eq!(head.headers["content-length"], "20");
    assert!(head.body.unwrap().is_empty());

    let one = request(addr, "GET", "/", &[("range", "bytes=0-4")]).await;
    assert_eq!(one.status, 206);
    assert_eq!(one.headers["content-range"], "bytes 0-4/20");
    assert_eq!(&one.body.unwrap()[..], b"01234");

    let three = request(addr, "GET", "/", &[("range", "bytes=0-1,5-6,10-12")]).await;
    assert_eq!(three.status, 206);
    let ct = three.headers["content-type"].to_str().unwrap().to_owned();
    let boundary = ct
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap()
        .to_owned();
    let body = three.body.unwrap();
    assert_eq!(three.headers["content-length"], body.len().to_string());
    let expected = format!(
        "--{b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/20\r\n\r\n01\r\n\
         --{b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 5-6/20\r\n\r\n56\r\n\
         --{b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-12/20\r\n\r\nABC\r\n--{b}--",
        b = boundary
    );
    assert_eq!(String::from_utf8(body.to_vec()).unwrap(), expected);

    let not_modified = request(addr, "GET", "/", &[("if-none-match", &etag)]).await;
    assert_eq!(not_modified.status, 304);
    assert_eq!(not_modified.headers["etag"], etag.as_str());
    assert!(not_modified.body.unwrap().is_empty());
    let since = request(addr, "GET", "/", &[("if-modified-since", &last_modified)]).await;
    assert_eq!(since.status, 304);
    let changed = request(
        addr,
        "GET",
        "/",
        &[("if-modified-since", "Thu, 01 Jan 1970 00:00:00 GMT")],
    )
    .await;
    assert_eq!(changed.status, 200);

    let failed = request(addr, "GET", "/", &[("if-match", "\"other\"")]).await;
    assert_eq!(failed.status, 412);
    let failed = request(
        addr,
        "PUT",
        "/",
        &[("if-unmodified-since", "Thu, 01 Jan 1970 00:00:00 GMT")],
    )
    .await;
    assert_eq!(failed.status, 412);
    let matched = request(
        addr,
        "GET",
        "/",
        &[("if-match", &etag), ("range", "bytes=-2")],
    )
    .await;
    assert_eq!(
        (matched.status, &matched.body.unwrap()[..]),
        (206, &b"IJ"[..])
    );

    let unsatisfiable = request(addr, "GET", "/", &[("range", "bytes=50-")]).await;
    assert_eq!(unsatisfiable.status, 416);
    assert_eq!(unsatisfiable.headers["content-range"], "bytes */20");
    assert_eq!(unsatisfiable.headers["etag"], etag.as_str());

    let malformed = request(addr, "GET", "/", &[("range", "bytes=5-2")]).await;
    assert_eq!(malformed.status, 400);
    assert_eq!(
        &malformed.body.unwrap()[..],
        b"Range header: start must be less than end"
    );

    let stale = request(
        addr,
        "GET",
        "/",
        &[("range", "bytes=0-4"), ("if-range", "\"old\"")],
    )
    .await;
    assert_eq!(stale.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mib_file_arrives_intact() {
    let dir = TempDir::new("big");
    let path = dir.path().join("big.bin");
    let mut file = std::fs::File::create(&path).unwrap();
    let mut digest = md5::Context::new();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut block = vec![0u8; 1 << 20];
    for _ in 0..100 {
        for b in block.iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *b = state as u8;
        }
        digest.consume(&block);
        file.write_all(&block).unwrap();
    }
    drop(file);
    let expected = format!("{:x}", digest.finalize());

    let addr = file_server(path).await;
    let got = request(addr, "GET", "/", &[]).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.headers["content-length"], (100u64 << 20).to_string());
    let body = got.body.unwrap();
    assert_eq!(body.len(), 100 << 20);
    assert_eq!(format!("{:x}", md5::compute(&body)), expected);

    // a range in the middle, across chunk boundaries
    let start = 3 * (1 << 20) + 12_345;
    let range = format!("bytes={}-{}", start, start + 200_000 - 1);
    let part = request(addr, "GET", "/", &[("range", &range)]).await;
    assert_eq!(part.status, 206);
    let all = std::fs::read(dir.path().join("big.bin")).unwrap();
    assert_eq!(&part.body.unwrap()[..], &all[start..start + 200_000]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_errors() {
    let dir = TempDir::new("errors");
    // missing: a typed error before anything is sent (here answered with 404)
    let err = FileResponse::new(dir.path().join("nope"))
        .into_http()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::FileNotFound);
    assert!(err.to_string().contains("does not exist"), "{err}");
    // a directory
    let err = FileResponse::new(dir.path()).into_http().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::File);
    assert!(err.to_string().contains("is not a file"), "{err}");
    // a file that cannot be opened (permissions take the same path; as root they do not
    // apply, so a path through a regular file stands in for them)
    let file = text_file(&dir);
    let err = FileResponse::new(file.join("child"))
        .into_http()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::File);
    assert!(err.to_string().contains("cannot be opened"), "{err}");
    // a FIFO: refused at once (opening it would wait for a writer)
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(FileResponse::new(fifo).into_http().map(drop));
    });
    let err = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("a FIFO must not block the conversion")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::File);
    assert!(err.to_string().contains("is not a file"), "{err}");
    let addr = file_server(dir.path().join("nope")).await;
    assert_eq!(request(addr, "GET", "/", &[]).await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_shrinks_while_sent_aborts_the_transfer() {
    let dir = TempDir::new("shrink");
    let path = dir.path().join("shrinking.bin");
    std::fs::write(&path, vec![7u8; 8 << 20]).unwrap();
    let ran = Arc::new(AtomicBool::new(false));
    let (p, r) = (path.clone(), ran.clone());
    let addr = serve(move |req| {
        let (p, r) = (p.clone(), r.clone());
        async move {
            FileResponse::new(p)
                .with_chunk_size(64 * 1024)
                .with_background(BackgroundTask::new(async move {
                    r.store(true, Ordering::SeqCst)
                }))
                .into_http_for(&req)
                .unwrap()
        }
    })
    .await;
    // read the head and a little of the body, then cut the file short
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            format!("GET / HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
    let mut first = vec![0u8; 1024];
    let n = stream.read(&mut first).await.unwrap();
    assert!(String::from_utf8_lossy(&first[..n]).contains("content-length: 8388608"));
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(100_000)
        .unwrap();
    let mut rest = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut rest)).await;
    let received = n + rest.len();
    assert!(
        received < (8 << 20),
        "the transfer ends early, without a complete body: {received}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        !ran.load(Ordering::SeqCst),
        "no background task after a failed body"
    );
}

/// A stream that counts the chunks it yields and notices when it is dropped.
struct Watched {
    yielded: Arc<AtomicUsize>,
    dropped: Arc<AtomicBool>,
    fail_at: Option<usize>,
    ticks: tokio::time::Interval,
}

impl Stream for Watched {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        if self.ticks.poll_tick(cx).is_pending() {
            return std::task::Poll::Pending;
        }
        let n = self.yielded.fetch_add(1, Ordering::SeqCst);
        if self.fail_at == Some(n) {
            return std::task::Poll::Ready(Some(Err(std::io::Error::other("upstream broke"))));
        }
        std::task::Poll::Ready(Some(Ok(Bytes::from(vec![b'x'; 1024]))))
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        self.dropped.store(true, Ordering::SeqCst);
    }
}

fn watched(fail_at: Option<usize>) -> (Watched, Arc<AtomicUsize>, Arc<AtomicBool>) {
    let yielded = Arc::new(AtomicUsize::new(0));
    let dropped = Arc::new(AtomicBool::new(false));
    let stream = Watched {
        yielded: yielded.clone(),
        dropped: dropped.clone(),
        fail_at,
        ticks: tokio::time::interval(Duration::from_millis(2)),
    };
    (stream, yielded, dropped)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_stream_breaks_the_transfer() {
    let ran = Arc::new(AtomicBool::new(false));
    let r = ran.clone();
    let addr = serve(move |_req| {
        let r = r.clone();
        async move {
            let (stream, _, _) = watched(Some(3));
            StreamingResponse::new(stream)
                .with_background(BackgroundTask::new(async move {
                    r.store(true, Ordering::SeqCst)
                }))
                .into_http()
                .unwrap()
        }
    })
    .await;
    let got = request(addr, "GET", "/", &[]).await;
    assert_eq!(got.status, 200);
    assert!(got.headers.get("content-length").is_none());
    assert!(
        got.body.is_err(),
        "the client sees a broken chunked body, not a clean end"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!ran.load(Ordering::SeqCst));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_goes_away_drops_the_stream() {
    let ran = Arc::new(AtomicBool::new(false));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let r = ran.clone();
    let addr = serve(move |_req| {
        let (r, tx) = (r.clone(), tx.clone());
        async move {
            let (stream, yielded, dropped) = watched(None);
            tx.send((yielded, dropped)).unwrap();
            StreamingResponse::new(stream)
                .with_background(BackgroundTask::new(async move {
                    r.store(true, Ordering::SeqCst)
                }))
                .into_http()
                .unwrap()
        }
    })
    .await;
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket
        .write_all(format!("GET / HTTP/1.1\r\nhost: {addr}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let _ = socket.read(&mut buf).await.unwrap();
    drop(socket);
    let (yielded, dropped) = rx.recv().await.unwrap();
    for _ in 0..500 {
        if dropped.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        dropped.load(Ordering::SeqCst),
        "the endless stream is dropped"
    );
    let at_drop = yielded.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        yielded.load(Ordering::SeqCst),
        at_drop,
        "and no longer polled"
    );
    assert!(
        !ran.load(Ordering::SeqCst),
        "no background task after a disconnect"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn background_tasks_run_after_the_last_chunk() {
    let dir = TempDir::new("bg");
    let file = text_file(&dir);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<&'static str>();
    let addr = serve(move |req| {
        let (tx, file) = (tx.clone(), file.clone());
        async move {
            if req.uri().path() == "/stream" {
                StreamingResponse::from_iter(["a", "b", "c"])
                    .with_background(BackgroundTask::new(
                        async move { tx.send("stream").unwrap() },
                    ))
                    .into_http_for(&req)
                    .unwrap()
            } else {
                FileResponse::new(file)
                    .with_background(BackgroundTask::new(async move { tx.send("file").unwrap() }))
                    .into_http_for(&req)
                    .unwrap()
            }
        }
    })
    .await;
    let got = request(addr, "GET", "/stream", &[]).await;
    assert_eq!(&got.body.unwrap()[..], b"abc");
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .unwrap(),
        Some("stream")
    );
    for (method, headers) in [
        ("GET", vec![]),
        ("HEAD", vec![]),
        ("GET", vec![("range", "bytes=0-1,4-5")]),
        ("GET", vec![("range", "bytes=99-")]),
    ] {
        let got = request(addr, method, "/file", &headers).await;
        assert!(got.body.is_ok());
        assert_eq!(
            tokio::time::timeout(Duration::from_secs(5), rx.recv())
                .await
                .unwrap(),
            Some("file"),
            "{method} {headers:?}"
        );
    }
    let head = request(addr, "HEAD", "/stream", &[]).await;
    assert!(head.body.unwrap().is_empty());
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .unwrap(),
        Some("stream")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declared_length_of_a_stream_is_enforced() {
    let addr = serve(|req| async move {
        let declared = if req.uri().path() == "/short" {
            "10"
        } else {
            "3"
        };
        StreamingResponse::from_iter(["abc", "def"])
            .with_header("content-length", declared)
            .into_http()
            .unwrap()
    })
    .await;
    let short = request(addr, "GET", "/short", &[]).await;
    // 6 bytes for a declared 10: the connection breaks (before or after the head reaches
    // the client), never a complete response.
    assert!(short.body.is_err(), "broken, not complete: {short:?}");
    let long = request(addr, "GET", "/long", &[]).await;
    // hyper sends the 3 declared bytes and ends the body there; the stream's extra bytes
    // are an error on the server side, which closes the connection.
    assert_eq!(long.body.map(|b| b.len()).unwrap_or(3), 3);
}

/// RFC 9110 §13.2.2 precedence, lists split over several header lines, and a `Range` with
/// bytes above 0x7F, through `into_http_for` (the same path a server takes).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preconditions_combine_as_rfc_9110_orders_them() {
    let dir = TempDir::new("preconditions");
    let path = text_file(&dir);
    let etag = FileResponse::new(path.clone())
        .into_http()
        .unwrap()
        .headers()["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    let answer = |method: &str, headers: &[(&str, &[u8])]| {
        let mut req = http::Request::builder().method(method).uri("/");
        for (name, value) in headers {
            req = req.header(*name, http::HeaderValue::from_bytes(value).unwrap());
        }
        let req = req.body(()).unwrap();
        let r = FileResponse::new(path.clone()).into_http_for(&req).unwrap();
        r.status().as_u16()
    };
    let etag = etag.as_bytes();
    let old = &b"Thu, 01 Jan 1970 00:00:00 GMT"[..];
    let later = &b"Fri, 01 Jan 2100 00:00:00 GMT"[..];
    // If-Match decides before If-None-Match; a failing If-Match is 412 whatever follows.
    assert_eq!(
        answer("GET", &[("if-match", b"\"x\""), ("if-none-match", etag)]),
        412
    );
    assert_eq!(
        answer("GET", &[("if-match", etag), ("if-none-match", etag)]),
        304
    );
    // If-Match replaces If-Unmodified-Since.
    assert_eq!(
        answer("GET", &[("if-match", etag), ("if-unmodified-since", old)]),
        200
    );
    // If-None-Match replaces If-Modified-Since, both ways.
    assert_eq!(
        answer(
            "GET",
            &[("if-none-match", b"\"x\""), ("if-modified-since", later)]
        ),
        200
    );
    assert_eq!(
        answer(
            "GET",
            &[("if-none-match", etag), ("if-modified-since", old)]
        ),
        304
    );
    // If-None-Match matching on a method other than GET/HEAD is 412, not 304.
    assert_eq!(answer("PUT", &[("if-none-match", etag)]), 412);
    assert_eq!(answer("HEAD", &[("if-none-match", b"*")]), 304);
    // If-Modified-Since only applies to GET and HEAD.
    assert_eq!(answer("POST", &[("if-modified-since", later)]), 200);
    // A list in several header lines is one list.
    assert_eq!(
        answer("GET", &[("if-match", b"\"x\""), ("if-match", etag)]),
        200
    );
    assert_eq!(
        answer(
            "GET",
            &[("if-none-match", b"\"x\""), ("if-none-match", etag)]
        ),
        304
    );
    // A range with a byte above 0x7F is not a number (the header reads as ISO-8859-1, as
    // in Starlette): that range is skipped and the others served; with none left, it is
    // Starlette's 400 "range must be requested", as for `bytes=abc`.
    assert_eq!(answer("GET", &[("range", b"bytes=0-1,\xe9-3")]), 206);
    assert_eq!(answer("GET", &[("range", b"bytes=\xe9-3")]), 400);
}
