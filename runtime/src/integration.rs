//! What the framework integrations share: the request headers a response may need, kept
//! past the handler, and the answer to a response that cannot be built.

use http::{HeaderMap, Method, StatusCode};

use crate::body::Body;
use crate::error::{Error, ErrorKind};
use crate::request::{REQUEST_HEADERS, RequestHead};

/// The method and the conditional headers of a request, copied before the request is
/// handed to the handler.
#[derive(Debug, Clone)]
pub(crate) struct OwnedHead {
    method: Method,
    headers: HeaderMap,
}

impl OwnedHead {
    pub(crate) fn capture(method: &Method, headers: &HeaderMap) -> Self {
        // One pass over the request's headers (a few, compared by their standard names),
        // rather than a lookup per conditional header; most requests have none.
        let mut kept = HeaderMap::new();
        for (name, value) in headers {
            if REQUEST_HEADERS.contains(name) {
                let _ = kept.try_append(name.clone(), value.clone());
            }
        }
        OwnedHead {
            method: method.clone(),
            headers: kept,
        }
    }

    pub(crate) fn head(&self) -> RequestHead<'_> {
        RequestHead::new(&self.method, &self.headers)
    }
}

/// The answer to a response that could not be built: 404 for a missing file, 500 for
/// anything else, reported as a `tracing` error event. In a release build the body says
/// only the status (the error may name server paths); in a debug build (with
/// `debug_assertions`, cargo's default outside `--release`) it names the error too, so that
/// a failure shows where a developer looks first.
pub(crate) fn error_response(err: &Error) -> http::Response<Body> {
    tracing::error!(error = %err, "responses: the response could not be built");
    let (status, reason) = if err.kind() == ErrorKind::FileNotFound {
        (StatusCode::NOT_FOUND, "Not Found")
    } else {
        (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
    };
    let text = if cfg!(debug_assertions) {
        format!("{reason}\n\n{err}\n")
    } else {
        reason.to_owned()
    };
    let mut response = http::Response::new(Body::from(text.clone()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response.headers_mut().insert(
        http::header::CONTENT_LENGTH,
        crate::header::length_value(text.len() as u64),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_conditional_headers_are_kept() {
        let mut headers = HeaderMap::new();
        headers.insert("range", "bytes=0-1".parse().unwrap());
        headers.insert("cookie", "secret=1".parse().unwrap());
        headers.append("if-none-match", "\"a\"".parse().unwrap());
        headers.append("if-none-match", "\"b\"".parse().unwrap());
        let head = OwnedHead::capture(&Method::HEAD, &headers);
        assert_eq!(head.head().method(), Method::HEAD);
        assert_eq!(head.head().headers().len(), 3);
        assert!(head.head().headers().get("cookie").is_none());
    }

    #[test]
    fn errors_become_404_or_500() {
        let r = error_response(&Error::new(ErrorKind::FileNotFound, "/srv/x"));
        assert_eq!(r.status(), 404);
        let body = std::str::from_utf8(r.body().as_bytes().unwrap()).unwrap();
        assert!(body.starts_with("Not Found"), "{body}");
        // A debug build (the tests') names the error; a release build would not.
        assert_eq!(body.contains("/srv/x"), cfg!(debug_assertions), "{body}");
        let r = error_response(&Error::new(ErrorKind::NonFiniteFloat, "NaN"));
        assert_eq!(r.status(), 500);
    }
}
