//! Differential test against Starlette for `StreamingResponse` and `FileResponse`: the
//! stream, file, range and if-range families of `tests/vectors/starlette.json`.
//!
//! Each case is built with this crate for the vector's request (method and headers) and
//! compared with what Starlette sent: status, ordered headers, body bytes, the sizes of the
//! body chunks, and whether the background task ran. Fixtures are copied to a temporary
//! directory with the modification times of `meta.json`; multipart boundaries are replaced
//! by a placeholder on both sides. Where docs/behaviour.md lists a deliberate difference, the case says so.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use common::{Vector, b64, fixtures, frames, header_list, load_vectors};
use responses::file::{ContentDisposition, FileStat};
use responses::{BackgroundTask, Body, ErrorKind, FileResponse, IntoHttp, StreamingResponse};

type Built = Result<http::Response<Body>, responses::Error>;

#[derive(Debug, Clone, PartialEq)]
struct Seen {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    chunks: Vec<usize>,
    error: bool,
    background: bool,
}

enum Expect {
    /// Starlette's status, headers, body, chunk sizes and background, exactly.
    Same,
    /// Both fail before anything is sent.
    BothError(ErrorKind),
    /// A deliberate difference: Starlette's answer changed as the function says.
    Differs(&'static str, fn(&mut Seen)),
    /// Not expressible with this crate's types.
    NotExpressible(&'static str),
}

fn file(dir: &Path, name: &str) -> FileResponse {
    FileResponse::new(dir.join("files").join(name))
}

fn hello(dir: &Path) -> FileResponse {
    file(dir, "hello.txt")
}

/// The headers of a 400/416 reply under docs/behaviour.md §9: the file's `accept-ranges`,
/// `last-modified` and `etag` are kept, before Starlette's own headers.
fn keep_file_headers(s: &mut Seen) {
    let mut kept = vec![
        ("accept-ranges".to_owned(), "bytes".to_owned()),
        (
            "last-modified".to_owned(),
            "Tue, 14 Nov 2023 22:13:20 GMT".to_owned(),
        ),
        (
            "etag".to_owned(),
            "\"774e28ab81fe9645100baa188188d827\"".to_owned(),
        ),
    ];
    kept.append(&mut s.headers);
    s.headers = kept;
}

fn with_background(r: FileResponse, ran: &Arc<AtomicBool>) -> FileResponse {
    let ran = ran.clone();
    r.with_background(BackgroundTask::new(async move {
        ran.store(true, Ordering::SeqCst);
    }))
}

fn case(
    name: &str,
    dir: &Path,
    ran: &Arc<AtomicBool>,
) -> Option<(Box<dyn FnOnce() -> ResponseOrStream>, Expect)> {
    use Expect::*;
    let d = dir.to_path_buf();
    let owned_dir = dir.to_path_buf();
    let ran = ran.clone();
    let file_case = move |f: fn(&Path) -> FileResponse| -> Box<dyn FnOnce() -> ResponseOrStream> {
        Box::new(move || ResponseOrStream::File(f(&d)))
    };
    let stream_case = |s: fn() -> StreamingResponse| -> Box<dyn FnOnce() -> ResponseOrStream> {
        Box::new(move || ResponseOrStream::Stream(s()))
    };
    let drop_body: fn(&mut Seen) = |s| {
        s.body.clear();
        s.chunks.clear();
    };
    Some(match name {
        // --- streams
        "stream_bytes_list" => (
            stream_case(|| StreamingResponse::from_iter([&b"hello"[..], b", ", b"world"])),
            Same,
        ),
        "stream_str_text" => (
            stream_case(|| {
                StreamingResponse::from_iter(["héllo", " ", "wörld"]).with_media_type("text/plain")
            }),
            Same,
        ),
        "stream_empty" => (
            stream_case(|| {
                StreamingResponse::from_iter(Vec::<String>::new()).with_media_type("text/plain")
            }),
            Same,
        ),
        "stream_empty_chunks" => (
            stream_case(|| StreamingResponse::from_iter([&b""[..], b"x", b""])),
            Same,
        ),
        "stream_status_204" => (
            stream_case(|| StreamingResponse::from_iter([&b"x"[..]]).with_status_code(204)),
            Differs(
                "docs/behaviour.md §5: no body bytes on 1xx/204/304",
                drop_body,
            ),
        ),
        "stream_latin1_subclass" => (
            stream_case(|| {
                StreamingResponse::from_iter(["café"])
                    .with_media_type("text/plain")
                    .with_charset("latin-1")
            }),
            Same,
        ),
        "stream_background_order" => (
            Box::new(move || {
                let ran = ran.clone();
                ResponseOrStream::Stream(
                    StreamingResponse::from_iter([&b"a"[..], b"b"]).with_background(
                        BackgroundTask::new(async move { ran.store(true, Ordering::SeqCst) }),
                    ),
                )
            }),
            Same,
        ),
        "stream_head_method" => (
            stream_case(|| StreamingResponse::from_iter(["body"]).with_media_type("text/plain")),
            Differs(
                "HEAD answers carry no body bytes (the server would drop them)",
                drop_body,
            ),
        ),
        // --- files
        "file_default" => (file_case(hello), Same),
        "file_pathlike" => (
            file_case(|d| FileResponse::new(d.join("files/hello.txt").as_path())),
            Same,
        ),
        "file_bin" => (file_case(|d| file(d, "blob.bin")), Same),
        "file_noext" => (file_case(|d| file(d, "noext")), Same),
        "file_filename_ascii" => (file_case(|d| hello(d).with_filename("example.png")), Same),
        "file_filename_nonascii" => (
            file_case(|d| file(d, "你好.txt").with_filename("你好.txt")),
            Differs(
                "docs/behaviour.md §9: an ASCII filename=\"…\" fallback beside filename*",
                |s| {
                    set(
                        s,
                        "content-disposition",
                        "attachment; filename=\"__.txt\"; filename*=utf-8''%E4%BD%A0%E5%A5%BD.txt",
                    )
                },
            ),
        ),
        "file_filename_quote" => (
            file_case(|d| hello(d).with_filename("a\"b.txt")),
            Differs(
                "docs/behaviour.md §9: an ASCII filename=\"…\" fallback beside filename*",
                |s| {
                    set(
                        s,
                        "content-disposition",
                        "attachment; filename=\"a\\\"b.txt\"; filename*=utf-8''a%22b.txt",
                    )
                },
            ),
        ),
        "file_filename_slash" => (file_case(|d| hello(d).with_filename("dir/a.txt")), Same),
        "file_inline" => (
            file_case(|d| {
                hello(d)
                    .with_filename("hello.txt")
                    .with_content_disposition_type(ContentDisposition::Inline)
            }),
            Same,
        ),
        "file_inline_nonascii" => (
            file_case(|d| {
                hello(d)
                    .with_filename("é.txt")
                    .with_content_disposition_type(ContentDisposition::Inline)
            }),
            Differs(
                "docs/behaviour.md §9: an ASCII filename=\"…\" fallback beside filename*",
                |s| {
                    set(
                        s,
                        "content-disposition",
                        "inline; filename=\"_.txt\"; filename*=utf-8''%C3%A9.txt",
                    )
                },
            ),
        ),
        "file_media_type_text_csv" => (file_case(|d| hello(d).with_media_type("text/csv")), Same),
        "file_custom_headers" => (
            file_case(|d| {
                hello(d).with_filename("hello.txt").with_headers([
                    ("ETag", "\"mine\""),
                    ("Content-Disposition", "inline"),
                    ("x-a", "1"),
                ])
            }),
            Same,
        ),
        "file_stat_result" => (
            file_case(|d| {
                let meta = std::fs::metadata(d.join("files/hello.txt")).unwrap();
                hello(d).with_stat(FileStat::try_from(&meta).unwrap())
            }),
            Same,
        ),
        "file_status_404" => (file_case(|d| hello(d).with_status_code(404)), Same),
        "file_empty" => (file_case(|d| file(d, "empty.txt")), Same),
        "file_fractional_mtime" => (file_case(|d| file(d, "frac.txt")), Same),
        "file_big_chunks" => (file_case(|d| file(d, "big.bin")), Same),
        "file_exact_chunk" => (file_case(|d| file(d, "exact_chunk.bin")), Same),
        "file_missing" => (
            file_case(|d| file(d, "nope.txt")),
            BothError(ErrorKind::FileNotFound),
        ),
        "file_directory" => (file_case(|d| file(d, "subdir")), BothError(ErrorKind::File)),
        "file_background_order" => (
            Box::new(move || ResponseOrStream::File(with_background(hello(&owned_dir), &ran))),
            Same,
        ),
        "file_reused_stale_length" => (
            file_case(hello),
            NotExpressible(
                "a FileResponse is consumed by its conversion: it cannot be sent twice with stale headers",
            ),
        ),
        // --- ranges (the request comes from the vector)
        "range_0_4"
        | "range_suffix_3"
        | "range_single_byte"
        | "range_last_byte"
        | "range_suffix_larger"
        | "range_units_case_ws"
        | "range_whitespace_parts"
        | "range_multi"
        | "range_multi_unsorted"
        | "range_overlap_merged_single"
        | "range_adjacent_merged_single"
        | "range_multi_with_garbage"
        | "range_too_many_ignored"
        | "range_100_parts"
        | "range_head_multi"
        | "range_post_ignored"
        | "if_range_etag_match"
        | "if_range_etag_mismatch"
        | "if_range_weak" => (file_case(hello), Same),
        "if_range_custom_etag" => (
            file_case(|d| hello(d).with_header("etag", "\"mine\"")),
            Same,
        ),
        "range_filename_disposition" => (
            file_case(|d| hello(d).with_filename("é.txt")),
            Differs(
                "docs/behaviour.md §9: an ASCII filename=\"…\" fallback beside filename*",
                |s| {
                    set(
                        s,
                        "content-disposition",
                        "attachment; filename=\"_.txt\"; filename*=utf-8''%C3%A9.txt",
                    )
                },
            ),
        ),
        "range_multi_html" => (file_case(|d| file(d, "page.html")), Same),
        "range_big_single" => (file_case(|d| file(d, "big.bin")), Same),
        "range_start_eq_size_416"
        | "range_suffix_zero_416"
        | "range_multi_one_unsatisfiable_416"
        | "range_head_416" => (
            file_case(hello),
            Differs(
                "docs/behaviour.md §9: 416 keeps accept-ranges, etag, last-modified",
                keep_file_headers,
            ),
        ),
        "range_416_background_skipped" => (
            Box::new(move || ResponseOrStream::File(with_background(hello(&owned_dir), &ran))),
            Differs(
                "docs/behaviour.md §9: 416 keeps the file headers, and the background task still runs",
                |s| {
                    keep_file_headers(s);
                    s.background = true;
                },
            ),
        ),
        "range_inverted_400" | "range_empty_400" | "range_units_400" => (
            file_case(hello),
            Differs(
                "docs/behaviour.md §9: 400 keeps accept-ranges, etag, last-modified",
                keep_file_headers,
            ),
        ),
        "range_plus_sign" | "range_neg_end_400" => (
            file_case(hello),
            Differs(
                "docs/behaviour.md §9: range numbers are digits only, so the part is skipped and no range is left",
                |s| {
                    let msg = "Range header: range must be requested";
                    s.status = 400;
                    s.headers = vec![
                        ("content-length".into(), msg.len().to_string()),
                        ("content-type".into(), "text/plain; charset=utf-8".into()),
                    ];
                    keep_file_headers(s);
                    s.body = msg.as_bytes().to_vec();
                    s.chunks = vec![msg.len()];
                },
            ),
        ),
        "range_multi_short_file_error" => (
            file_case(|d| {
                let meta = std::fs::metadata(d.join("files/hello.txt")).unwrap();
                file(d, "short.txt").with_stat(FileStat::try_from(&meta).unwrap())
            }),
            Same,
        ),
        _ => return None,
    })
}

fn set(s: &mut Seen, name: &str, value: &str) {
    for (k, v) in &mut s.headers {
        if k == name {
            *v = value.to_owned();
        }
    }
}

enum ResponseOrStream {
    File(FileResponse),
    Stream(StreamingResponse),
}

fn request_of(v: &Vector) -> http::Request<()> {
    let mut builder = http::Request::builder().uri("/");
    if let Some(req) = &v.request {
        builder = builder.method(req["method"].as_str().unwrap_or("GET"));
        for pair in req["headers"].as_array().into_iter().flatten() {
            builder = builder.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        }
    }
    builder.body(()).unwrap()
}

/// Replaces a multipart boundary by a placeholder.
fn normalise(text: &[u8], boundary: Option<&str>) -> Vec<u8> {
    let Some(b) = boundary else {
        return text.to_vec();
    };
    let needle = b.as_bytes();
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(needle) {
            out.extend_from_slice(b"BOUNDARY");
            i += needle.len();
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

fn boundary_of(headers: &[(String, String)]) -> Option<String> {
    headers
        .iter()
        .find(|(k, v)| k == "content-type" && v.starts_with("multipart/byteranges; boundary="))
        .map(|(_, v)| v["multipart/byteranges; boundary=".len()..].to_owned())
}

fn starlette_seen(v: &Vector) -> Seen {
    let boundary = v.boundary.as_deref();
    let headers: Vec<(String, String)> = v
        .headers
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|(k, val)| {
            (
                k,
                String::from_utf8(normalise(val.as_bytes(), boundary)).unwrap(),
            )
        })
        .collect();
    let chunks = v
        .messages
        .iter()
        .flatten()
        .filter_map(|m| m.get("body_b64").and_then(|b| b.as_str()))
        .map(|b| b64(b).len())
        .filter(|n| *n > 0)
        .collect();
    Seen {
        status: v.status.unwrap_or(0),
        headers,
        body: normalise(&b64(v.body_b64.as_deref().unwrap_or("")), boundary),
        chunks,
        error: v.error.is_some(),
        background: v.events.iter().flatten().any(|e| e == "background"),
    }
}

async fn ours_seen(response: http::Response<Body>, ran: &Arc<AtomicBool>, has_task: bool) -> Seen {
    let (parts, body) = response.into_parts();
    let headers = header_list(&parts.headers);
    let boundary = boundary_of(&headers);
    let (chunks, error) = frames(body).await;
    // give a background task the chance to run
    for _ in 0..if has_task { 200 } else { 0 } {
        tokio::task::yield_now().await;
        if ran.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let body: Vec<u8> = chunks.iter().flat_map(|c| c.iter().copied()).collect();
    Seen {
        status: parts.status.as_u16(),
        headers: headers
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    String::from_utf8(normalise(v.as_bytes(), boundary.as_deref())).unwrap(),
                )
            })
            .collect(),
        body: normalise(&body, boundary.as_deref()),
        chunks: chunks.iter().map(Bytes::len).collect(),
        error: error.is_some(),
        background: ran.load(Ordering::SeqCst),
    }
}

fn families(name: &str) -> bool {
    ["stream_", "file_", "range_", "if_range_"]
        .iter()
        .any(|p| name.starts_with(p))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_and_files_match_starlette_up_to_part_a() {
    let dir = fixtures();
    let vectors: Vec<Vector> = load_vectors()
        .into_iter()
        .filter(|v| families(&v.name))
        .collect();
    assert!(
        vectors.len() >= 60,
        "the four families, got {}",
        vectors.len()
    );
    let mut failures = Vec::new();
    let mut differing = 0;
    for v in &vectors {
        let ran = Arc::new(AtomicBool::new(false));
        let Some((make, expect)) = case(&v.name, dir.path(), &ran) else {
            failures.push(format!("{}: no Rust case for this vector", v.name));
            continue;
        };
        let request = request_of(v);
        let built: Built = match make() {
            ResponseOrStream::File(f) => f.into_http_for(&request),
            ResponseOrStream::Stream(s) => s.into_http_for(&request),
        };
        let starlette = starlette_seen(v);
        let outcome = match (expect, built) {
            (Expect::NotExpressible(why), _) => {
                assert!(!why.is_empty());
                differing += 1;
                Ok(())
            }
            (Expect::BothError(kind), Err(err))
                if err.kind() == kind && starlette.error && v.status.is_none() =>
            {
                Ok(())
            }
            (Expect::BothError(kind), other) => Err(format!(
                "expected both to fail with {kind:?}, got {:?}",
                other.map(|r| r.status())
            )),
            (Expect::Same, Ok(response)) => {
                let ours = ours_seen(response, &ran, v.name.contains("background")).await;
                if ours == starlette {
                    Ok(())
                } else {
                    Err(format!("expected {starlette:?}\n      got {ours:?}"))
                }
            }
            (Expect::Differs(why, patch), Ok(response)) => {
                let ours = ours_seen(response, &ran, v.name.contains("background")).await;
                let mut expected = starlette.clone();
                patch(&mut expected);
                if ours == expected {
                    differing += 1;
                    Ok(())
                } else {
                    Err(format!(
                        "({why})\n expected {expected:?}\n      got {ours:?}"
                    ))
                }
            }
            (_, Err(err)) => Err(format!("unexpected error {err}")),
        };
        if let Err(msg) = outcome {
            failures.push(format!("{} ({}): {msg}", v.name, v.description));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    println!(
        "{} vectors compared, {differing} differ as docs/behaviour.md says",
        vectors.len()
    );
}
