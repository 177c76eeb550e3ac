//! Not public API: what `#[derive(Response)]` and `#[endpoint]` expand to.
//!
//! The expansion stays small — one call per field into these helpers — and every
//! conversion, check and error lives here, where it is unit-tested. Nothing here is
//! covered by semver.

use std::fmt::Display;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, StatusCode};

use crate::body::Body;
use crate::charset::Charset;
use crate::error::{Error, ErrorKind};
use crate::head::Head;

#[cfg(feature = "actix")]
pub use ::actix_web;
#[cfg(feature = "axum")]
pub use ::axum;
#[cfg(feature = "utoipa")]
pub use ::utoipa;

#[cfg(feature = "openapi")]
pub mod openapi;

mod json;
pub use self::json::{
    FieldSerializer, JsonFast, JsonProbe, JsonSlow, JsonWrite, NoSerdeCheck, SerdeCheck,
    SerdeProbe, debug_check_serde, write_whole, write_with,
};

/// Without the `openapi` feature, a derived type documents nothing.
#[cfg(not(feature = "openapi"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_impls {
    ($($tokens:tt)*) => {};
}
pub use ::encoding_rs;
pub use ::http;
pub use ::serde;
#[cfg(feature = "derive")]
pub use ::serde::Serialize;
pub use ::serde_json;
pub use core::option::Option::{self, None, Some};
pub use core::result::Result::{self, Err, Ok};

/// The framework traits of a derived type, for the frameworks whose features are on: the
/// derive calls this with `[impl generics] [type] [where clause]`, so a user's crate needs
/// no features of its own.
#[doc(hidden)]
#[macro_export]
macro_rules! __framework_impls {
    ([$($ig:tt)*] [$($ty:tt)*] [$($wc:tt)*]) => {
        $crate::__axum_impl!([$($ig)*] [$($ty)*] [$($wc)*]);
        $crate::__actix_impl!([$($ig)*] [$($ty)*] [$($wc)*]);
    };
}

#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __axum_impl {
    ([$($ig:tt)*] [$($ty:tt)*] [$($wc:tt)*]) => {
        #[automatically_derived]
        impl $($ig)* $crate::__private::axum::response::IntoResponse for $($ty)* $($wc)* {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::axum::into_response($crate::IntoHttp::into_http(self))
            }
        }
    };
}

#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __axum_impl {
    ($($tokens:tt)*) => {};
}

#[cfg(feature = "actix")]
#[doc(hidden)]
#[macro_export]
macro_rules! __actix_impl {
    ([$($ig:tt)*] [$($ty:tt)*] [$($wc:tt)*]) => {
        #[automatically_derived]
        impl $($ig)* $crate::__private::actix_web::Responder for $($ty)* $($wc)* {
            type Body = $crate::__private::actix_web::body::BoxBody;

            fn respond_to(
                self,
                request: &$crate::__private::actix_web::HttpRequest,
            ) -> $crate::__private::actix_web::HttpResponse<Self::Body> {
                $crate::actix::respond(self, request)
            }
        }
    };
}

#[cfg(not(feature = "actix"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __actix_impl {
    ($($tokens:tt)*) => {};
}

/// The response type every derived `into_http` returns.
pub type HttpResult = Result<http::Response<Body>, Error>;

/// The text of `value`'s `Display` (for `render = display` on the whole value).
pub fn display_string<T: Display + ?Sized>(value: &T) -> String {
    value.to_string()
}

/// The arm of a re-match that cannot be reached (the variant was matched just before); an
/// error rather than a panic.
pub fn unreachable_variant() -> HttpResult {
    Err(Error::new(
        ErrorKind::Render,
        "the value changed variant while it was being rendered",
    ))
}

/// The response of an `#[endpoint]` handler whose class is named `K`, made from what the
/// handler returned.
pub fn endpoint_response<K, C>(
    content: C,
    status: Option<StatusCode>,
) -> <K as crate::EndpointClass<C>>::Response
where
    K: crate::EndpointClass<C>,
{
    use crate::ResponseClass as _;
    let response = <K as crate::EndpointClass<C>>::Response::from_content(content);
    match status {
        Some(status) => response.with_status(status),
        None => response,
    }
}

/// Gives an `#[endpoint]` handler's async body its declared output type, so that `?`
/// inside it infers as in the original function.
pub fn typed_future<T, F: std::future::Future<Output = T>>(future: F) -> F {
    future
}

/// A status code checked during expansion (so the fallback is never used).
pub const fn status(code: u16) -> StatusCode {
    match StatusCode::from_u16(code) {
        Ok(status) => status,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A static header value with bytes above 0x7F (checked during expansion).
pub fn latin1_header_value(bytes: &'static [u8]) -> HeaderValue {
    HeaderValue::from_bytes(bytes).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A charset resolved during expansion: built in a constant, no lookup at run time.
pub const fn charset(label: &'static str, codec: CharsetCodec) -> Charset {
    Charset::from_codec(label, codec)
}

/// The enum's static headers on a delegating variant's response: each is added unless the
/// response has that header already.
pub fn default_headers<const N: usize>(
    response: HttpResult,
    headers: [(HeaderName, HeaderValue); N],
) -> HttpResult {
    let mut response = response?;
    for (name, value) in headers {
        if !response.headers().contains_key(&name) {
            crate::header::try_append(response.headers_mut(), name, value)?;
        }
    }
    Ok(response)
}

/// The encoder of a charset resolved during expansion (by the same lookup the runtime
/// uses).
pub use responses_rules::Codec as CharsetCodec;

/// Builds a derived response, one field at a time.
#[derive(Debug)]
pub struct Builder {
    head: Head,
}

impl Builder {
    /// A response with the container's (or variant's) status.
    pub fn new(status: StatusCode) -> Self {
        Builder {
            head: Head::new(status),
        }
    }

    /// A status field.
    pub fn status<S: StatusField>(&mut self, status: S) {
        status.apply(&mut self.head);
    }

    /// A header from the attributes, validated during expansion.
    pub fn static_header(&mut self, name: HeaderName, value: HeaderValue) {
        self.head.append_checked(name, value);
    }

    /// A header field.
    pub fn header<V: HeaderField>(&mut self, name: HeaderName, value: V) {
        value.append_to(&mut self.head, name);
    }

    /// A cookie field.
    pub fn cookie<C: CookieField>(&mut self, cookies: C) {
        cookies.set_on(&mut self.head);
    }

    /// A background-task field.
    pub fn background<B: BackgroundField>(&mut self, tasks: B) {
        if let Some(tasks) = tasks.into_tasks() {
            self.head.add_background(tasks);
        }
    }

    /// Finishes with a JSON body.
    pub fn json<T: JsonBody + ?Sized>(self, body: &T, content_type: HeaderValue) -> HttpResult {
        let mut head = self.head;
        let checked = head.check()?;
        let bytes = crate::json::to_bytes(body)?;
        head.finish(checked, bytes, Some(content_type), None)
    }

    /// Finishes with a JSON body written by `write` (a derived type's writer), rendered as
    /// a `JsonResponse` body is (into the thread's scratch buffer, then one allocation).
    #[inline]
    pub fn json_writer(
        self,
        write: impl FnOnce(&mut Vec<u8>) -> Result<(), Error>,
        content_type: HeaderValue,
    ) -> HttpResult {
        let mut head = self.head;
        let checked = head.check()?;
        let bytes = crate::json::render(write)?;
        head.finish(checked, bytes, Some(content_type), None)
    }

    /// Finishes with a text body, encoded with `charset`.
    pub fn text<T: TextBody>(
        self,
        body: T,
        charset: &Charset,
        content_type: Option<HeaderValue>,
    ) -> HttpResult {
        let mut head = self.head;
        let checked = head.check()?;
        let bytes = charset.encode(body.into_text())?;
        head.finish(checked, bytes, content_type, None)
    }

    /// Finishes with the `Display` text of `body`, encoded with `charset`.
    pub fn display<T: Display + ?Sized>(
        self,
        body: &T,
        charset: &Charset,
        content_type: Option<HeaderValue>,
    ) -> HttpResult {
        self.text(body.to_string(), charset, content_type)
    }

    /// Finishes with a bytes body.
    pub fn bytes<T: BytesBody>(self, body: T, content_type: Option<HeaderValue>) -> HttpResult {
        let mut head = self.head;
        let checked = head.check()?;
        head.finish(checked, body.into_body_bytes(), content_type, None)
    }

    /// Finishes with what a `render_with` function returned.
    pub fn rendered<R: RenderOutput>(
        self,
        output: R,
        content_type: Option<HeaderValue>,
    ) -> HttpResult {
        let mut head = self.head;
        let checked = head.check()?;
        let bytes = output.into_rendered()?;
        head.finish(checked, bytes, content_type, None)
    }

    /// Finishes with no body (a status-only response).
    pub fn empty(self, content_type: Option<HeaderValue>) -> HttpResult {
        let mut head = self.head;
        let checked = head.check()?;
        head.finish(checked, Bytes::new(), content_type, None)
    }
}

mod fields;

pub use self::fields::*;

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::background::BackgroundTask;
    use crate::cookie::Cookie;

    fn head() -> Head {
        Head::new(StatusCode::OK)
    }

    #[test]
    fn optional_headers() {
        let mut h = head();
        HeaderField::append_to(Some("1"), &mut h, HeaderName::from_static("x-a"));
        HeaderField::append_to(None::<&str>, &mut h, HeaderName::from_static("x-b"));
        HeaderField::append_to(7u32, &mut h, HeaderName::from_static("x-c"));
        assert_eq!(h.headers.len(), 2);
        assert_eq!(h.headers["x-c"], "7");
        HeaderField::append_to("a\nb", &mut h, HeaderName::from_static("x-d"));
        let err = h.error.unwrap();
        assert_eq!(
            err.to_string(),
            "invalid header value: header `x-d`: \"a\\nb\" contains a control character (CR, LF, NUL, DEL…)"
        );
    }

    #[test]
    fn statuses() {
        let mut h = head();
        StatusField::apply(None::<u16>, &mut h);
        assert_eq!(h.status, 200);
        StatusField::apply(Some(StatusCode::CREATED), &mut h);
        assert_eq!(h.status, 201);
        StatusField::apply(1000u16, &mut h);
        assert_eq!(h.error.unwrap().kind(), ErrorKind::InvalidStatus);
        assert_eq!(status(418), 418);
    }

    #[test]
    fn cookies_and_background() {
        let mut h = head();
        CookieField::set_on(vec![Cookie::new("a", "1"), Cookie::new("b", "2")], &mut h);
        CookieField::set_on(None::<Cookie>, &mut h);
        CookieField::set_on([Cookie::new("c", "3")], &mut h);
        assert_eq!(h.cookies.len(), 3);
        CookieField::set_on(Cookie::new("d", "a;b"), &mut h);
        assert_eq!(h.error.unwrap().kind(), ErrorKind::InvalidCookie);
        assert!(BackgroundField::into_tasks(None::<BackgroundTask>).is_none());
        assert_eq!(
            BackgroundField::into_tasks(Some(BackgroundTask::new(async {}))).map(|t| t.len()),
            Some(1)
        );
    }

    #[test]
    fn bodies() {
        assert_eq!(TextBody::into_text("a"), "a");
        assert_eq!(TextBody::into_text(Cow::Borrowed("b")), "b");
        assert_eq!(BytesBody::into_body_bytes(&b"c"[..]), &b"c"[..]);
        assert_eq!(
            RenderOutput::into_rendered(Ok::<_, std::io::Error>("d")).unwrap(),
            &b"d"[..]
        );
        let err = RenderOutput::into_rendered(Err::<String, _>("no template")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Render);
        assert_eq!(
            err.to_string(),
            "render function failed: the render function failed: no template"
        );
    }

    #[test]
    fn builder_finishes() {
        let mut b = Builder::new(status(201));
        b.static_header(
            HeaderName::from_static("cache-control"),
            HeaderValue::from_static("no-store"),
        );
        b.header(HeaderName::from_static("x-id"), Some(5u64));
        let r = b
            .text(
                "é",
                &charset("latin-1", CharsetCodec::Latin1),
                Some(HeaderValue::from_static("text/plain; charset=latin-1")),
            )
            .unwrap();
        assert_eq!(r.status(), 201);
        let names: Vec<_> = r.headers().keys().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            ["cache-control", "x-id", "content-length", "content-type"]
        );
        assert_eq!(r.body().as_bytes(), Some(&b"\xe9"[..]));
        let r = Builder::new(status(404)).empty(None).unwrap();
        assert_eq!(r.headers()["content-length"], "0");
        let mut b = Builder::new(status(200));
        b.header(HeaderName::from_static("x"), "\r");
        assert!(
            b.json(&1, HeaderValue::from_static("application/json"))
                .is_err()
        );
    }
}
