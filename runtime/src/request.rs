//! How a response sees the request it answers: the method and the headers.
//!
//! Most classes do not care (Starlette's `Response` ignores the method; servers drop HEAD
//! bodies). A [`FileResponse`](crate::FileResponse) does: it answers HEAD, `Range`,
//! `If-Range` and the conditional headers. A response is first converted on its own
//! ([`IntoHttp::into_http`](crate::IntoHttp::into_http), which a framework's sync
//! conversion can call), then [`prepare`]d for the request:
//!
//! * in a bare hyper service, convert with
//!   [`into_http_for(&request)`](crate::IntoHttp::into_http_for), which does both;
//! * in a framework, a middleware that has the request calls [`prepare`] on the response
//!   (the `axum` integration's layer does exactly this).
//!
//! A response that is not prepared is still correct HTTP: the whole file with status 200
//! (a server may ignore `Range`).
//!
//! # Examples
//!
//! ```
//! use responses::{FileResponse, IntoHttp};
//!
//! # let path = std::env::temp_dir().join(format!("responses-req-{}.txt", std::process::id()));
//! # std::fs::write(&path, "0123456789ABCDEFGHIJ").unwrap();
//! let request = http::Request::get("/file").header("range", "bytes=0-4").body(()).unwrap();
//! let response = FileResponse::new(&path).into_http_for(&request)?;
//! assert_eq!(response.status(), 206);
//! assert_eq!(response.headers()["content-range"], "bytes 0-4/20");
//! # Ok::<(), responses::Error>(())
//! ```

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hasher};

use bytes::Bytes;
use http::header::{
    ACCEPT_RANGES, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG,
    IF_MATCH, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, IF_UNMODIFIED_SINCE, LAST_MODIFIED,
    RANGE,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::body::Body;
use crate::file::{FileInfo, FileStream, Part};
use crate::header::remove_in_order;
use crate::range::{ByteRange, RangeError, parse_range};

/// The parts of a request a response may need: its method and headers.
///
/// # Examples
///
/// ```
/// use responses::request::RequestHead;
///
/// let request = http::Request::head("/").body(()).unwrap();
/// let head = RequestHead::from(&request);
/// assert_eq!(head.method(), http::Method::HEAD);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RequestHead<'a> {
    method: &'a Method,
    headers: &'a HeaderMap,
}

impl<'a> RequestHead<'a> {
    /// A request head from its parts.
    ///
    /// # Examples
    ///
    /// ```
    /// let headers = http::HeaderMap::new();
    /// let head = responses::request::RequestHead::new(&http::Method::GET, &headers);
    /// assert!(head.headers().is_empty());
    /// ```
    pub fn new(method: &'a Method, headers: &'a HeaderMap) -> Self {
        RequestHead { method, headers }
    }

    /// The method.
    ///
    /// # Examples
    ///
    /// ```
    /// let headers = http::HeaderMap::new();
    /// let head = responses::request::RequestHead::new(&http::Method::POST, &headers);
    /// assert_eq!(head.method(), "POST");
    /// ```
    pub fn method(&self) -> &'a Method {
        self.method
    }

    /// The headers.
    ///
    /// # Examples
    ///
    /// ```
    /// let request = http::Request::get("/").header("range", "bytes=0-1").body(()).unwrap();
    /// let head = responses::request::RequestHead::from(&request);
    /// assert_eq!(head.headers()["range"], "bytes=0-1");
    /// ```
    pub fn headers(&self) -> &'a HeaderMap {
        self.headers
    }
}

impl<'a, B> From<&'a http::Request<B>> for RequestHead<'a> {
    fn from(request: &'a http::Request<B>) -> Self {
        RequestHead::new(request.method(), request.headers())
    }
}

impl<'a> From<&'a http::request::Parts> for RequestHead<'a> {
    fn from(parts: &'a http::request::Parts) -> Self {
        RequestHead::new(&parts.method, &parts.headers)
    }
}

/// Finishes `response` for `request`: for a [`FileResponse`](crate::FileResponse), the
/// conditional headers (RFC 9110 §13.2.2: `If-Match`/`If-Unmodified-Since` failing → 412,
/// `If-None-Match`/`If-Modified-Since` → 304 for GET and HEAD), then `Range` (206, or 400
/// / 416 for a bad one), with `If-Range`; and for every response, no body for HEAD (its
/// background tasks still run).
///
/// A response that is not a file response of status 200 is returned as it is, apart from
/// HEAD. Never fails: a bad request header gets its HTTP answer.
///
/// # Examples
///
/// ```
/// use responses::{FileResponse, IntoHttp, request::prepare};
///
/// # let path = std::env::temp_dir().join(format!("responses-prep-{}.txt", std::process::id()));
/// # std::fs::write(&path, "0123456789ABCDEFGHIJ").unwrap();
/// let full = FileResponse::new(&path).into_http()?;
/// let etag = full.headers()["etag"].clone();
/// let request = http::Request::get("/").header("if-none-match", etag).body(()).unwrap();
/// let response = prepare(&request, full);
/// assert_eq!(response.status(), 304);
/// # Ok::<(), responses::Error>(())
/// ```
pub fn prepare<'a>(
    request: impl Into<RequestHead<'a>>,
    mut response: http::Response<Body>,
) -> http::Response<Body> {
    let request = request.into();
    let is_head = request.method == Method::HEAD;
    let info = response.extensions_mut().remove::<FileInfo>();
    let Some(info) = info.filter(|_| response.status() == StatusCode::OK) else {
        if is_head {
            strip_body(&mut response);
        }
        return response;
    };

    if let Some(status) = precondition(request, response.headers(), &info) {
        return answer_without_file(response, status, None, None, is_head);
    }

    let wants_range = request.method == Method::GET || is_head;
    if wants_range
        && let Some(range) = request.headers.get(RANGE)
        && if_range_matches(request.headers, response.headers())
    {
        // Decoded as ISO-8859-1, as Starlette decodes headers: a byte above 0x7F is just a
        // character that is not a digit, and its range is skipped.
        let text: String = range.as_bytes().iter().map(|&b| char::from(b)).collect();
        let parsed = parse_range(&text, info.size);
        match parsed {
            Ok(ranges) if ranges.is_empty() => {}
            Ok(ranges) => serve_ranges(&mut response, &info, &ranges),
            Err(RangeError::Malformed(message)) => {
                return answer_without_file(
                    response,
                    StatusCode::BAD_REQUEST,
                    Some(message),
                    None,
                    is_head,
                );
            }
            Err(RangeError::Unsatisfiable) => {
                let content_range = HeaderValue::try_from(format!("bytes */{}", info.size)).ok();
                return answer_without_file(
                    response,
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    Some(""),
                    content_range,
                    is_head,
                );
            }
        }
    }
    if is_head {
        strip_body(&mut response);
    }
    response
}

/// Replaces the body by an empty one, keeping its background tasks.
fn strip_body(response: &mut http::Response<Body>) {
    let background = response.body_mut().take_background();
    let mut empty = Body::empty();
    if let Some(tasks) = background {
        empty = empty.with_background(tasks);
    }
    *response.body_mut() = empty;
}

/// 304, 412, 400 or 416: the caller's headers with `accept-ranges`, `etag` and
/// `last-modified` (SPEC Part A §9), none of the file's content headers, then
/// `content_range` (416), and a short text body for 400 and 416 (`message`) as Starlette's
/// `PlainTextResponse` has; background tasks kept.
fn answer_without_file(
    mut response: http::Response<Body>,
    status: StatusCode,
    message: Option<&'static str>,
    content_range: Option<HeaderValue>,
    is_head: bool,
) -> http::Response<Body> {
    let background = response.body_mut().take_background();
    let headers = response.headers_mut();
    if status == StatusCode::NOT_MODIFIED {
        remove_in_order(
            headers,
            &[
                CONTENT_LENGTH,
                CONTENT_TYPE,
                CONTENT_DISPOSITION,
                ACCEPT_RANGES,
            ],
        );
    } else {
        remove_in_order(
            headers,
            &[CONTENT_LENGTH, CONTENT_TYPE, CONTENT_DISPOSITION],
        );
    }
    if let Some(value) = content_range {
        headers.insert(CONTENT_RANGE, value);
    }
    let body_bytes = match message {
        Some(text) => {
            headers.insert(
                CONTENT_LENGTH,
                crate::header::length_value(text.len() as u64),
            );
            headers.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            Bytes::from_static(text.as_bytes())
        }
        None if status == StatusCode::NOT_MODIFIED => Bytes::new(),
        None => {
            headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
            Bytes::new()
        }
    };
    let mut body = Body::full(if is_head { Bytes::new() } else { body_bytes });
    if let Some(tasks) = background {
        body = body.with_background(tasks);
    }
    *response.body_mut() = body;
    *response.status_mut() = status;
    response
}

/// A 206: one range with `content-range`, or several as `multipart/byteranges`.
fn serve_ranges(response: &mut http::Response<Body>, info: &FileInfo, ranges: &[ByteRange]) {
    let Some(file) = response.body_mut().take_file() else {
        return;
    };
    let background = response.body_mut().take_background();
    let chunk_size = file.chunk_size();
    let source = file.into_source();
    let headers = response.headers_mut();
    let stream = if let [range] = ranges {
        headers.insert(CONTENT_LENGTH, crate::header::length_value(range.len()));
        if let Ok(value) = HeaderValue::try_from(range.content_range(info.size)) {
            headers.append(CONTENT_RANGE, value);
        }
        FileStream::new(source, VecDeque::from([Part::Range(*range)]), chunk_size)
    } else {
        let boundary = boundary();
        let content_type = headers
            .get(CONTENT_TYPE)
            .map(|v| v.as_bytes().to_vec())
            .unwrap_or_default();
        let mut parts = VecDeque::with_capacity(ranges.len() * 3 + 1);
        for range in ranges {
            let mut head = Vec::with_capacity(96 + content_type.len());
            head.extend_from_slice(b"--");
            head.extend_from_slice(boundary.as_bytes());
            head.extend_from_slice(b"\r\nContent-Type: ");
            head.extend_from_slice(&content_type);
            head.extend_from_slice(b"\r\nContent-Range: ");
            head.extend_from_slice(range.content_range(info.size).as_bytes());
            head.extend_from_slice(b"\r\n\r\n");
            parts.push_back(Part::Bytes(Bytes::from(head)));
            parts.push_back(Part::Range(*range));
            parts.push_back(Part::Bytes(Bytes::from_static(b"\r\n")));
        }
        parts.push_back(Part::Bytes(Bytes::from(format!("--{boundary}--"))));
        let stream = FileStream::new(source, parts, chunk_size);
        if let Ok(value) =
            HeaderValue::try_from(format!("multipart/byteranges; boundary={boundary}"))
        {
            headers.insert(CONTENT_TYPE, value);
        }
        headers.insert(CONTENT_LENGTH, crate::header::length_value(stream.len()));
        stream
    };
    let mut body = Body::file(stream);
    if let Some(tasks) = background {
        body = body.with_background(tasks);
    }
    *response.body_mut() = body;
    *response.status_mut() = StatusCode::PARTIAL_CONTENT;
}

/// 26 lower-case hex characters, new for every response (Starlette's
/// `secrets.token_hex(13)`), from the standard library's randomly keyed hasher.
fn boundary() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let word = |salt: u64| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(n);
        h.write_u64(salt);
        h.finish()
    };
    let text = format!("{:016x}{:016x}", word(1), word(2));
    text[..26].to_owned()
}

/// Starlette's `If-Range` rule: no `If-Range`, or one that is not weak and equals the
/// response's `last-modified` or `etag` exactly.
fn if_range_matches(request: &HeaderMap, response: &HeaderMap) -> bool {
    let Some(if_range) = request.get(IF_RANGE) else {
        return true;
    };
    let value = if_range.as_bytes();
    if value.starts_with(b"W/") {
        return false;
    }
    response
        .get(LAST_MODIFIED)
        .is_some_and(|v| v.as_bytes() == value)
        || response.get(ETAG).is_some_and(|v| v.as_bytes() == value)
}

/// The status a failed precondition answers with (RFC 9110 §13.2.2), if any.
fn precondition(
    request: RequestHead<'_>,
    response: &HeaderMap,
    info: &FileInfo,
) -> Option<StatusCode> {
    let etag = response.get(ETAG).map(HeaderValue::as_bytes);
    let get_or_head = request.method == Method::GET || request.method == Method::HEAD;
    // A list may come in several header lines: they are one list (RFC 9110 §5.3).
    let mut if_match = request.headers.get_all(IF_MATCH).iter().peekable();
    if if_match.peek().is_some() {
        if !if_match.any(|list| etag_list_matches(list.as_bytes(), etag, true)) {
            return Some(StatusCode::PRECONDITION_FAILED);
        }
    } else if let Some(date) = header_date(request.headers, IF_UNMODIFIED_SINCE)
        && info.modified_secs > date
    {
        return Some(StatusCode::PRECONDITION_FAILED);
    }
    let mut if_none_match = request.headers.get_all(IF_NONE_MATCH).iter().peekable();
    if if_none_match.peek().is_some() {
        if if_none_match.any(|list| etag_list_matches(list.as_bytes(), etag, false)) {
            return Some(if get_or_head {
                StatusCode::NOT_MODIFIED
            } else {
                StatusCode::PRECONDITION_FAILED
            });
        }
    } else if get_or_head
        && let Some(date) = header_date(request.headers, IF_MODIFIED_SINCE)
        && info.modified_secs <= date
    {
        return Some(StatusCode::NOT_MODIFIED);
    }
    None
}

/// A header's HTTP date, in seconds since 1970; `None` when absent or invalid (an invalid
/// date is ignored, RFC 9110 §13.1.3).
fn header_date(headers: &HeaderMap, name: http::HeaderName) -> Option<i64> {
    let text = headers.get(name)?.to_str().ok()?;
    let t = httpdate::parse_http_date(text).ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok()
}

/// Whether an `If-Match`/`If-None-Match` list matches `etag`: `*` matches any; otherwise
/// the opaque tags are compared, strongly (neither weak) or weakly.
fn etag_list_matches(list: &[u8], etag: Option<&[u8]>, strong: bool) -> bool {
    let Some(etag) = etag else {
        return false;
    };
    if list.iter().all(u8::is_ascii_whitespace) {
        return false;
    }
    let (ours_weak, ours) = split_weak(etag);
    if strong && ours_weak {
        return false;
    }
    let mut rest = list;
    loop {
        rest = trim_start(rest);
        if rest.is_empty() {
            return false;
        }
        if rest[0] == b'*' {
            return true;
        }
        let (weak, after) = match rest.strip_prefix(b"W/") {
            Some(after) => (true, after),
            None => (false, rest),
        };
        let Some(after) = after.strip_prefix(b"\"") else {
            return false;
        };
        let Some(close) = after.iter().position(|&b| b == b'"') else {
            return false;
        };
        let tag = &after[..close];
        if tag == ours && !(strong && weak) {
            return true;
        }
        rest = trim_start(&after[close + 1..]);
        match rest.first() {
            Some(b',') => rest = &rest[1..],
            None => return false,
            Some(_) => return false,
        }
    }
}

/// `W/"tag"` → (true, `tag`); `"tag"` → (false, `tag`).
fn split_weak(etag: &[u8]) -> (bool, &[u8]) {
    let (weak, rest) = match etag.strip_prefix(b"W/") {
        Some(rest) => (true, rest),
        None => (false, etag),
    };
    let inner = rest
        .strip_prefix(b"\"")
        .and_then(|r| r.strip_suffix(b"\""))
        .unwrap_or(rest);
    (weak, inner)
}

fn trim_start(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_lists() {
        let tag = Some(&b"\"abc\""[..]);
        assert!(etag_list_matches(b"\"abc\"", tag, true));
        assert!(etag_list_matches(b"\"x\", \"abc\"", tag, true));
        assert!(etag_list_matches(b"*", tag, true));
        assert!(!etag_list_matches(b"W/\"abc\"", tag, true));
        assert!(etag_list_matches(b"W/\"abc\"", tag, false));
        assert!(!etag_list_matches(b"\"abcd\"", tag, false));
        assert!(!etag_list_matches(b"abc", tag, false));
        assert!(!etag_list_matches(b"", tag, false));
        assert!(!etag_list_matches(b"\"abc\"", None, false));
        assert!(!etag_list_matches(
            b"\"abc\"",
            Some(&b"W/\"abc\""[..]),
            true
        ));
        assert!(etag_list_matches(
            b"\"abc\"",
            Some(&b"W/\"abc\""[..]),
            false
        ));
    }

    #[test]
    fn boundaries_are_fresh_hex() {
        let a = boundary();
        let b = boundary();
        assert_eq!(a.len(), 26);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }
}
