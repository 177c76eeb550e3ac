//! Not public API: what `#[derive(Response)]` and `#[endpoint]` expand to.
//!
//! The expansion stays small — one call per field into these helpers — and every
//! conversion, check and error lives here, where it is unit-tested. Nothing here is
//! covered by semver.

use std::borrow::Cow;
use std::fmt::Display;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, StatusCode};

use crate::background::{BackgroundTask, BackgroundTasks};
use crate::body::Body;
use crate::charset::Charset;
use crate::cookie::Cookie;
use crate::error::{BoxError, Error, ErrorKind};
use crate::head::Head;
use crate::header::IntoHeaderValue;

#[cfg(feature = "actix")]
pub use ::actix_web;
#[cfg(feature = "axum")]
pub use ::axum;
pub use ::encoding_rs;
pub use ::http;
pub use ::serde;
#[cfg(feature = "derive")]
pub use ::serde::Serialize;
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
        let ready = self.head.ready()?;
        let bytes = crate::json::to_bytes(body)?;
        ready.finish(bytes, Some(content_type), None)
    }

    /// Finishes with a text body, encoded with `charset`.
    pub fn text<T: TextBody>(
        self,
        body: T,
        charset: &Charset,
        content_type: Option<HeaderValue>,
    ) -> HttpResult {
        let ready = self.head.ready()?;
        let bytes = charset.encode(body.into_text())?;
        ready.finish(bytes, content_type, None)
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
        let ready = self.head.ready()?;
        ready.finish(body.into_body_bytes(), content_type, None)
    }

    /// Finishes with what a `render_with` function returned.
    pub fn rendered<R: RenderOutput>(
        self,
        output: R,
        content_type: Option<HeaderValue>,
    ) -> HttpResult {
        let ready = self.head.ready()?;
        let bytes = output.into_rendered()?;
        ready.finish(bytes, content_type, None)
    }

    /// Finishes with no body (a status-only response).
    pub fn empty(self, content_type: Option<HeaderValue>) -> HttpResult {
        self.head.ready()?.finish(Bytes::new(), content_type, None)
    }
}

/// A field that sets the status: `StatusCode`, `u16`, or an `Option` of one (`None`
/// keeps the declared status).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a status field",
    label = "a status field must be `http::StatusCode`, `u16` or an `Option` of one",
    note = "remove `#[response(status)]` from this field, or change its type"
)]
pub trait StatusField {
    /// Sets the status (or records the error of an invalid one).
    fn apply(self, head: &mut Head);
}

impl StatusField for StatusCode {
    fn apply(self, head: &mut Head) {
        head.set_status(self);
    }
}

impl StatusField for u16 {
    fn apply(self, head: &mut Head) {
        head.set_status(self);
    }
}

impl<S: StatusField> StatusField for Option<S> {
    fn apply(self, head: &mut Head) {
        if let Some(status) = self {
            status.apply(head);
        }
    }
}

/// A field sent as a header: anything [`IntoHeaderValue`], or an `Option` of it (`None`:
/// no header).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a header value",
    label = "a header field needs a type that implements `responses::IntoHeaderValue`",
    note = "text, bytes, integers and `http::HeaderValue` can be headers, each optionally in an `Option`"
)]
pub trait HeaderField {
    /// Appends the header (or records the error of an invalid value).
    fn append_to(self, head: &mut Head, name: HeaderName);
}

impl<V: IntoHeaderValue> HeaderField for V {
    fn append_to(self, head: &mut Head, name: HeaderName) {
        head.append_header(name, self);
    }
}

impl<V: IntoHeaderValue> HeaderField for Option<V> {
    fn append_to(self, head: &mut Head, name: HeaderName) {
        if let Some(value) = self {
            value.append_to(head, name);
        }
    }
}

/// A field of cookies: a [`Cookie`], or an `Option`, `Vec` or array of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a cookie field",
    label = "a cookie field must be a `responses::Cookie` (or a `CookieDeletion`), or an `Option`, `Vec` or array of them"
)]
pub trait CookieField {
    /// Adds the `set-cookie` headers (or records the error of an invalid cookie).
    fn set_on(self, head: &mut Head);
}

impl CookieField for Cookie {
    fn set_on(self, head: &mut Head) {
        let set = head.set_cookie(&self);
        head.record(set);
    }
}

impl CookieField for crate::cookie::CookieDeletion {
    fn set_on(self, head: &mut Head) {
        let deleted = head.delete_cookie(self.cookie());
        head.record(deleted);
    }
}

impl<C: CookieField> CookieField for Option<C> {
    fn set_on(self, head: &mut Head) {
        if let Some(c) = self {
            c.set_on(head);
        }
    }
}

impl<C: CookieField> CookieField for Vec<C> {
    fn set_on(self, head: &mut Head) {
        for c in self {
            c.set_on(head);
        }
    }
}

impl<C: CookieField, const N: usize> CookieField for [C; N] {
    fn set_on(self, head: &mut Head) {
        for c in self {
            c.set_on(head);
        }
    }
}

/// A field of background tasks: a [`BackgroundTask`], [`BackgroundTasks`], or an `Option`
/// of one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a background field",
    label = "a background field must be a `BackgroundTask`, `BackgroundTasks` or an `Option` of one"
)]
pub trait BackgroundField {
    /// The tasks, if any.
    fn into_tasks(self) -> Option<BackgroundTasks>;
}

impl BackgroundField for BackgroundTask {
    fn into_tasks(self) -> Option<BackgroundTasks> {
        Some(self.into())
    }
}

impl BackgroundField for BackgroundTasks {
    fn into_tasks(self) -> Option<BackgroundTasks> {
        Some(self)
    }
}

impl<B: BackgroundField> BackgroundField for Option<B> {
    fn into_tasks(self) -> Option<BackgroundTasks> {
        self.and_then(BackgroundField::into_tasks)
    }
}

/// A value rendered as JSON: anything `Serialize`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be rendered as JSON: it does not implement `serde::Serialize`",
    label = "the JSON body of this response",
    note = "derive it with `#[derive(serde::Serialize)]`, or render it differently with `#[response(render = text)]`, `display` or `bytes`"
)]
pub trait JsonBody: serde::Serialize {}

impl<T: serde::Serialize + ?Sized> JsonBody for T {}

/// A body rendered as text (`render = text`): owned text is moved, borrowed text copied.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a text body",
    label = "`render = text` needs `String`, `&str`, `Cow<str>`, `Box<str>` or `Arc<str>`",
    note = "for any type that implements `Display`, use `#[response(render = display)]`"
)]
pub trait TextBody {
    /// The text.
    fn into_text(self) -> Cow<'static, str>;
}

impl TextBody for String {
    fn into_text(self) -> Cow<'static, str> {
        Cow::Owned(self)
    }
}

impl TextBody for &str {
    fn into_text(self) -> Cow<'static, str> {
        Cow::Owned(self.to_owned())
    }
}

impl TextBody for &String {
    fn into_text(self) -> Cow<'static, str> {
        Cow::Owned(self.clone())
    }
}

impl TextBody for Cow<'_, str> {
    fn into_text(self) -> Cow<'static, str> {
        Cow::Owned(self.into_owned())
    }
}

impl TextBody for Box<str> {
    fn into_text(self) -> Cow<'static, str> {
        Cow::Owned(self.into())
    }
}

impl TextBody for Arc<str> {
    fn into_text(self) -> Cow<'static, str> {
        Cow::Owned(self.as_ref().to_owned())
    }
}

/// A body sent as bytes (`render = bytes`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a bytes body",
    label = "`render = bytes` needs `Bytes`, `Vec<u8>`, `&[u8]` or `Box<[u8]>`"
)]
pub trait BytesBody {
    /// The bytes.
    fn into_body_bytes(self) -> Bytes;
}

impl BytesBody for Bytes {
    fn into_body_bytes(self) -> Bytes {
        self
    }
}

impl BytesBody for Vec<u8> {
    fn into_body_bytes(self) -> Bytes {
        Bytes::from(self)
    }
}

impl BytesBody for &[u8] {
    fn into_body_bytes(self) -> Bytes {
        Bytes::copy_from_slice(self)
    }
}

impl BytesBody for &Vec<u8> {
    fn into_body_bytes(self) -> Bytes {
        Bytes::copy_from_slice(self)
    }
}

impl BytesBody for Box<[u8]> {
    fn into_body_bytes(self) -> Bytes {
        Bytes::from(self)
    }
}

/// What a `render_with` function may return: bytes, text (sent as UTF-8), or a `Result`
/// of one whose error becomes [`ErrorKind::Render`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not something a render function can return",
    label = "a `render_with` function must return bytes, a `String`, or a `Result` of one"
)]
pub trait RenderOutput {
    /// The body bytes.
    ///
    /// # Errors
    ///
    /// The function's error.
    fn into_rendered(self) -> Result<Bytes, Error>;
}

impl RenderOutput for Bytes {
    fn into_rendered(self) -> Result<Bytes, Error> {
        Ok(self)
    }
}

impl RenderOutput for Vec<u8> {
    fn into_rendered(self) -> Result<Bytes, Error> {
        Ok(Bytes::from(self))
    }
}

impl RenderOutput for String {
    fn into_rendered(self) -> Result<Bytes, Error> {
        Ok(Bytes::from(self))
    }
}

impl RenderOutput for &'static str {
    fn into_rendered(self) -> Result<Bytes, Error> {
        Ok(Bytes::from_static(self.as_bytes()))
    }
}

impl RenderOutput for &'static [u8] {
    fn into_rendered(self) -> Result<Bytes, Error> {
        Ok(Bytes::from_static(self))
    }
}

impl<T: RenderOutput, E: Into<BoxError>> RenderOutput for Result<T, E> {
    fn into_rendered(self) -> Result<Bytes, Error> {
        match self {
            Ok(out) => out.into_rendered(),
            Err(err) => {
                let err: BoxError = err.into();
                Err(Error::with_source(
                    ErrorKind::Render,
                    format!("the render function failed: {err}"),
                    err,
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
