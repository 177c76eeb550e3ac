//! Conditional requests for a file (RFC 9110 §13): `If-Match`, `If-None-Match`,
//! `If-Modified-Since`, `If-Unmodified-Since` and Starlette's `If-Range` rule.

use http::header::{
    ETAG, IF_MATCH, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, IF_UNMODIFIED_SINCE, LAST_MODIFIED,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

use crate::request::RequestHead;

/// Starlette's `If-Range` rule: no `If-Range`, or one that is not weak and equals the
/// response's `last-modified` or `etag` exactly.
pub(super) fn if_range_matches(request: &HeaderMap, response: &HeaderMap) -> bool {
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
pub(super) fn precondition(
    request: RequestHead<'_>,
    response: &HeaderMap,
    modified_secs: i64,
) -> Option<StatusCode> {
    let etag = response.get(ETAG).map(HeaderValue::as_bytes);
    let get_or_head = request.method() == Method::GET || request.method() == Method::HEAD;
    // A list may come in several header lines: they are one list (RFC 9110 §5.3).
    let mut if_match = request.headers().get_all(IF_MATCH).iter().peekable();
    if if_match.peek().is_some() {
        if !if_match.any(|list| etag_list_matches(list.as_bytes(), etag, true)) {
            return Some(StatusCode::PRECONDITION_FAILED);
        }
    } else if let Some(date) = header_date(request.headers(), IF_UNMODIFIED_SINCE)
        && modified_secs > date
    {
        return Some(StatusCode::PRECONDITION_FAILED);
    }
    let mut if_none_match = request.headers().get_all(IF_NONE_MATCH).iter().peekable();
    if if_none_match.peek().is_some() {
        if if_none_match.any(|list| etag_list_matches(list.as_bytes(), etag, false)) {
            return Some(if get_or_head {
                StatusCode::NOT_MODIFIED
            } else {
                StatusCode::PRECONDITION_FAILED
            });
        }
    } else if get_or_head
        && let Some(date) = header_date(request.headers(), IF_MODIFIED_SINCE)
        && modified_secs <= date
    {
        return Some(StatusCode::NOT_MODIFIED);
    }
    None
}

/// A header's HTTP date, in seconds since 1970; `None` when absent or invalid (an invalid
/// date is ignored, RFC 9110 §13.1.3).
fn header_date(headers: &HeaderMap, name: HeaderName) -> Option<i64> {
    crate::date::parse_http_date(headers.get(name)?.as_bytes())
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
}
