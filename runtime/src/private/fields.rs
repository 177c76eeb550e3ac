//! The traits a derived type's fields go through: each role (status, header, cookie,
//! background task) and each way of rendering a body names what it accepts, with a compile
//! error that says so.

use std::borrow::Cow;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderName, StatusCode};

use crate::background::{BackgroundTask, BackgroundTasks};
use crate::charset::Charset;
use crate::content::Content;
use crate::cookie::Cookie;
use crate::error::{BoxError, Error, ErrorKind};
use crate::head::Head;
use crate::header::IntoHeaderValue;

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

impl<T: Into<Content>> RenderOutput for T {
    fn into_rendered(self) -> Result<Bytes, Error> {
        self.into().render(&Charset::UTF_8)
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
