//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::Path;

use base64::Engine as _;
use bytes::Bytes;
use responses::Body;

/// Runs `future` to its end on a current-thread Tokio runtime (with its timer) shared by the
/// tests of a binary, for synchronous tests (proptest cases) that need one.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a Tokio runtime")
    });
    RUNTIME.block_on(future)
}

/// Opens a connection to `addr`, sends `GET /` (with `connection: close`) and returns the
/// connection, for tests that read the raw bytes or walk away mid-response.
pub async fn send_get(addr: std::net::SocketAddr) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt as _;
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nhost: test\r\nconnection: close\r\n\r\n")
        .await
        .expect("write");
    stream
}

/// Headers in order, values decoded as ISO-8859-1 (as Starlette's vectors store them).
pub fn header_list(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), latin1(v.as_bytes())))
        .collect()
}

pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The bytes of a body (in memory or streamed).
pub async fn body_bytes(body: Body) -> Result<Bytes, responses::Error> {
    body.collect_bytes().await
}

/// A response's whole body: converted (which must succeed) and collected.
#[allow(async_fn_in_trait)]
pub trait Collected: responses::IntoHttp + Sized {
    async fn collected(self) -> Result<Bytes, responses::Error> {
        body_bytes(self.into_http().expect("converts").into_body()).await
    }
}

impl<T: responses::IntoHttp> Collected for T {}

pub fn b64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("vector body is base64")
}

/// One case of `tests/vectors/starlette.json`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Vector {
    pub name: String,
    pub description: String,
    pub status: Option<u16>,
    pub headers: Option<Vec<(String, String)>>,
    pub body_b64: Option<String>,
    pub error: Option<serde_json::Value>,
    #[serde(default)]
    pub events: Option<Vec<String>>,
    #[serde(default)]
    pub request: Option<serde_json::Value>,
    #[serde(default)]
    pub boundary: Option<String>,
    #[serde(default)]
    pub messages: Option<Vec<serde_json::Value>>,
}

pub fn load_vectors() -> Vec<Vector> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/starlette.json");
    let text = std::fs::read_to_string(&path).expect("tests/vectors/starlette.json is readable");
    serde_json::from_str(&text).expect("vectors parse")
}

/// A hyper server on 127.0.0.1 (a free port) that answers every request with `handler`.
pub async fn serve<F, Fut>(handler: F) -> std::net::SocketAddr
where
    F: Fn(http::Request<hyper::body::Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = http::Response<Body>> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let handler = handler.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let fut = handler(req);
                    async move { Ok::<_, std::convert::Infallible>(fut.await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// What a client received (`status` 0: no response head arrived).
#[derive(Debug)]
pub struct Received {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Result<Bytes, String>,
}

/// Sends `method path` with `headers` over a new connection and reads the whole answer.
pub async fn request(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> Received {
    request_with_body(addr, method, path, headers, Bytes::new()).await
}

/// Sends `method path` with `headers` and `body` over a new connection and reads the whole
/// answer.
pub async fn request_with_body(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Bytes,
) -> Received {
    use http_body_util::BodyExt;
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .expect("handshake");
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let mut builder = http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string());
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let req = builder
        .body(http_body_util::Full::new(body))
        .expect("request");
    let response = match sender.send_request(req).await {
        Ok(response) => response,
        // No response head at all (the server broke the connection first).
        Err(err) => {
            return Received {
                status: 0,
                headers: http::HeaderMap::new(),
                body: Err(err.to_string()),
            };
        }
    };
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .map(|c| c.to_bytes())
        .map_err(|e| e.to_string());
    Received {
        status,
        headers,
        body,
    }
}

/// `GET path`.
pub async fn get(addr: std::net::SocketAddr, path: &str) -> Received {
    request(addr, "GET", path, &[]).await
}

/// A directory under the system's temp dir, removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "responses-{label}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The vectors' fixtures (`tests/vectors/files`) copied to a temp dir as `files/...`, with
/// the modification times of `tests/vectors/meta.json`, plus an empty `files/subdir`.
pub fn fixtures() -> TempDir {
    let dir = TempDir::new("fixtures");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("meta.json")).expect("meta.json"))
            .expect("meta.json parses");
    let files = dir.path().join("files");
    std::fs::create_dir_all(files.join("subdir")).expect("subdir");
    for (name, info) in meta["fixtures"].as_object().expect("fixtures") {
        let target = files.join(name);
        std::fs::copy(root.join("files").join(name), &target).expect("copy fixture");
        let ns = info["mtime_ns_set"].as_u64().expect("mtime");
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_nanos(ns);
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .expect("open fixture");
        f.set_modified(t).expect("set mtime");
    }
    dir
}

/// Reads a body frame by frame: the non-empty frames, and the error that ended it, if any.
pub async fn frames(body: Body) -> (Vec<Bytes>, Option<responses::Error>) {
    use http_body_util::BodyExt;
    let mut body = body;
    let mut out = Vec::new();
    loop {
        match body.frame().await {
            None => return (out, None),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data()
                    && !data.is_empty()
                {
                    out.push(data);
                }
            }
            Some(Err(err)) => return (out, Some(err)),
        }
    }
}

/// The floats of the `json_floats` and `ujson_floats` vectors.
pub const JSON_FLOATS: [f64; 18] = [
    1.0,
    0.1,
    1e15,
    1e16,
    1e-4,
    1e-5,
    1e-7,
    0.0001234,
    5e-324,
    1.797_693_134_862_315_7e308,
    1.5e300,
    -0.0,
    std::f64::consts::PI,
    1e21,
    1e22,
    123_456_789_012_345_678.0,
    123_456_789.123_456_79,
    100.0,
];

/// The Server-Sent Events vectors of `tests/vectors/sse/generate.py` (FastAPI 0.165).
pub fn sse_vectors() -> serde_json::Value {
    serde_json::from_str(include_str!("../vectors/sse/fastapi.json")).expect("JSON")
}

/// The event of one `format_sse_event` input of the vectors (`data_str` is data already
/// serialized, so it is `raw_data` here).
pub fn sse_event_of(input: &serde_json::Value) -> responses::sse::ServerSentEvent {
    let mut event = responses::sse::ServerSentEvent::new();
    if let Some(comment) = input["comment"].as_str() {
        event = event.with_comment(comment);
    }
    if let Some(name) = input["event"].as_str() {
        event = event.with_event(name).expect("valid event");
    }
    if let Some(data) = input["data_str"].as_str() {
        event = event.with_raw_data(data).expect("raw data");
    }
    if let Some(id) = input["id"].as_str() {
        event = event.with_id(id).expect("valid id");
    }
    if let Some(retry) = input["retry"].as_u64() {
        event = event.with_retry(retry);
    }
    event
}
