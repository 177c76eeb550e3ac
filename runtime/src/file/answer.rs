//! A file response answered for its request: 304 or 412 for a failed condition, 206 for
//! one range or several (`multipart/byteranges`), 400 or 416 for a bad `Range`.

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hasher};

use bytes::Bytes;
use http::header::{
    ACCEPT_RANGES, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, RANGE,
};
use http::{HeaderValue, Method, StatusCode};

use super::conditional::{if_range_matches, precondition};
use super::range::{ByteRange, RangeError, parse_range};
use super::reader::{FileStream, Part};
use crate::body::Body;
use crate::header::remove_in_order;
use crate::request::RequestHead;

/// The file response `response` answered for `request` (the hook [`request::prepare`]
/// calls): the conditional headers first (RFC 9110 §13.2.2), then `Range` with
/// `If-Range`. A response that is not a 200 with its file body still unread is returned as
/// it is (as Starlette serves ranges under 200 only), unless its 200 was replaced by an
/// endpoint's status for a derived type that delegates to the file. HEAD is left to
/// `prepare`.
///
/// [`request::prepare`]: crate::request::prepare
pub(super) fn for_request(
    request: RequestHead<'_>,
    mut response: http::Response<Body>,
) -> http::Response<Body> {
    if response.status() != StatusCode::OK
        && response
            .extensions()
            .get::<crate::extras::EndpointStatus>()
            .is_none()
    {
        return response;
    }
    // A file of unknown size (read to its end) has no ranges to serve, nor a size to
    // base conditions on: it is sent whole.
    let Some(stat) = response
        .body()
        .source::<FileStream>()
        .filter(|f| f.len().is_some())
        .map(|f| *f.stat())
    else {
        return response;
    };
    let size = stat.size();
    if let Some(status) = precondition(request, response.headers(), stat.last_modified_secs()) {
        return answer_without_file(response, status, None, None);
    }

    let wants_range = request.method() == Method::GET || request.method() == Method::HEAD;
    if wants_range
        && let Some(range) = request.headers().get(RANGE)
        && if_range_matches(request.headers(), response.headers())
    {
        // Decoded as ISO-8859-1, as Starlette decodes headers: a byte above 0x7F is just a
        // character that is not a digit, and its range is skipped.
        let text: String = range.as_bytes().iter().map(|&b| char::from(b)).collect();
        match parse_range(&text, size) {
            Ok(ranges) if ranges.is_empty() => {}
            Ok(ranges) => serve_ranges(&mut response, size, &ranges),
            Err(RangeError::Malformed(message)) => {
                return answer_without_file(response, StatusCode::BAD_REQUEST, Some(message), None);
            }
            Err(RangeError::Unsatisfiable) => {
                let content_range = HeaderValue::try_from(format!("bytes */{size}")).ok();
                return answer_without_file(
                    response,
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    Some(""),
                    content_range,
                );
            }
        }
    }
    response
}

/// 304, 412, 400 or 416: the caller's headers with `accept-ranges`, `etag` and
/// `last-modified` (docs/behaviour.md §9), none of the file's content headers, then
/// `content_range` (416), and a short text body for 400 and 416 (`message`) as Starlette's
/// `PlainTextResponse` has; background tasks kept.
fn answer_without_file(
    mut response: http::Response<Body>,
    status: StatusCode,
    message: Option<&'static str>,
    content_range: Option<HeaderValue>,
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
                CONTENT_RANGE,
            ],
        );
    } else {
        remove_in_order(
            headers,
            &[
                CONTENT_LENGTH,
                CONTENT_TYPE,
                CONTENT_DISPOSITION,
                CONTENT_RANGE,
            ],
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
    let mut body = Body::full(body_bytes);
    if let Some(tasks) = background {
        body = body.with_background(tasks);
    }
    *response.body_mut() = body;
    *response.status_mut() = status;
    response
}

/// A 206: one range with `content-range`, or several as `multipart/byteranges`.
fn serve_ranges(response: &mut http::Response<Body>, size: u64, ranges: &[ByteRange]) {
    let Some(file) = response.body_mut().take_source::<FileStream>() else {
        return;
    };
    let background = response.body_mut().take_background();
    let headers = response.headers_mut();
    let stream = if let [range] = ranges {
        headers.insert(CONTENT_LENGTH, crate::header::length_value(range.len()));
        if let Ok(value) = HeaderValue::try_from(range.content_range(size)) {
            // Ours is the only one: a caller's would contradict the range sent.
            headers.insert(CONTENT_RANGE, value);
        }
        file.with_parts(VecDeque::from([Part::Range(*range)]))
    } else {
        // Each part carries its own range; the response as a whole has none.
        headers.remove(CONTENT_RANGE);
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
            head.extend_from_slice(range.content_range(size).as_bytes());
            head.extend_from_slice(b"\r\n\r\n");
            parts.push_back(Part::Bytes(Bytes::from(head)));
            parts.push_back(Part::Range(*range));
            parts.push_back(Part::Bytes(Bytes::from_static(b"\r\n")));
        }
        parts.push_back(Part::Bytes(Bytes::from(format!("--{boundary}--"))));
        let stream = file.with_parts(parts);
        if let Ok(value) =
            HeaderValue::try_from(format!("multipart/byteranges; boundary={boundary}"))
        {
            headers.insert(CONTENT_TYPE, value);
        }
        if let Some(len) = stream.len() {
            headers.insert(CONTENT_LENGTH, crate::header::length_value(len));
        }
        stream
    };
    let mut body = super::file_body(stream);
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn ours_is_the_only_content_range() {
        use crate::IntoHttp;
        let path = std::env::temp_dir().join(format!("responses-cr-{}", std::process::id()));
        std::fs::write(&path, "0123456789").unwrap();
        let answer = |range: &str| {
            let request = http::Request::get("/")
                .header("range", range)
                .body(())
                .unwrap();
            crate::FileResponse::new(&path)
                .with_header("content-range", "bytes 0-0/1")
                .into_http_for(&request)
                .unwrap()
        };
        let ranges = |r: &http::Response<Body>| {
            r.headers()
                .get_all(CONTENT_RANGE)
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        let one = answer("bytes=2-4");
        assert_eq!(one.status(), 206);
        assert_eq!(ranges(&one), ["bytes 2-4/10"]);
        let many = answer("bytes=0-1,5-6");
        assert_eq!(many.status(), 206);
        assert!(ranges(&many).is_empty(), "{:?}", ranges(&many));
        let unsatisfiable = answer("bytes=20-");
        assert_eq!(unsatisfiable.status(), 416);
        assert_eq!(ranges(&unsatisfiable), ["bytes */10"]);
        let malformed = answer("bytes=5-2");
        assert_eq!(malformed.status(), 400);
        assert!(ranges(&malformed).is_empty());
        let _ = std::fs::remove_file(&path);
    }
}
