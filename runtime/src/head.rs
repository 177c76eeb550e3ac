//! What every response class has besides its content: status, caller headers, cookies,
//! background tasks; and the final assembly into an `http::Response`.

use bytes::Bytes;
use http::header::SET_COOKIE;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

use crate::background::BackgroundTasks;
use crate::body::Body;
use crate::cookie::Cookie;
use crate::error::Error;
use crate::header::{
    IntoHeaderName, IntoHeaderValue, IntoStatusCode, check_content_length, header_pair,
    init_headers, status_allows_body, try_append, try_insert,
};

/// Status, caller headers, `set-cookie` values and background tasks of a response under
/// construction, plus the first error met while building it (reported when the response is
/// converted, as `http::response::Builder` does).
///
/// `pub` (in a private module) only so that the derive's field traits in `__private` can
/// name it; it cannot be reached from outside the crate.
#[derive(Debug)]
#[allow(unreachable_pub)]
pub struct Head {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) cookies: Vec<HeaderValue>,
    pub(crate) background: Option<Box<BackgroundTasks>>,
    pub(crate) error: Option<Error>,
}

impl Head {
    pub(crate) fn new(status: StatusCode) -> Self {
        Head {
            status,
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            background: None,
            error: None,
        }
    }

    /// Keeps the first error.
    pub(crate) fn fail(&mut self, err: Error) {
        if self.error.is_none() {
            self.error = Some(err);
        }
    }

    pub(crate) fn set_status(&mut self, status: impl IntoStatusCode) {
        match status.into_status_code() {
            Ok(status) => self.status = status,
            Err(err) => self.fail(err),
        }
    }

    pub(crate) fn append_header(&mut self, name: impl IntoHeaderName, value: impl IntoHeaderValue) {
        let appended = header_pair(name, value)
            .and_then(|(name, value)| try_append(&mut self.headers, name, value));
        if let Err(err) = appended {
            self.fail(err);
        }
    }

    pub(crate) fn add_background(&mut self, tasks: impl Into<BackgroundTasks>) {
        let tasks = tasks.into();
        match &mut self.background {
            Some(existing) => existing.extend(tasks),
            None => self.background = Some(Box::new(tasks)),
        }
    }

    pub(crate) fn set_cookie(&mut self, cookie: &Cookie) -> Result<(), Error> {
        self.cookies.push(cookie.to_header_value()?);
        Ok(())
    }

    pub(crate) fn delete_cookie(&mut self, cookie: &Cookie) -> Result<(), Error> {
        self.cookies.push(cookie.to_removal_header_value()?);
        Ok(())
    }

    /// Assembles the response: caller headers, then `content-length` and `content-type`
    /// (unless given), then `extra` (set in place if the caller gave that header, as
    /// Starlette's redirect sets `location`), then the cookies.
    ///
    /// A 1xx, 204 or 304 status gets neither `content-length` nor body bytes. A caller's
    /// `content-length` must match the body.
    #[inline]
    pub(crate) fn finish(
        self,
        body: Bytes,
        content_type: Option<HeaderValue>,
        extra: Option<(HeaderName, HeaderValue)>,
    ) -> Result<http::Response<Body>, Error> {
        let Head {
            status,
            mut headers,
            cookies,
            background,
            error,
        } = self;
        if let Some(err) = error {
            return Err(err);
        }
        let allows_body = status_allows_body(status);
        if headers.is_empty() {
            // Room for exactly what is added (a full map would fail there).
            let _ = headers.try_reserve(2 + cookies.len() + usize::from(extra.is_some()));
        } else if allows_body {
            check_content_length(&headers, body.len() as u64)?;
        }
        init_headers(&mut headers, status, Some(body.len() as u64), content_type)?;
        if let Some((name, value)) = extra {
            try_insert(&mut headers, name, value)?;
        }
        let body = if allows_body { body } else { Bytes::new() };
        assemble(status, headers, cookies, background, Body::full(body))
    }
}

impl Head {
    /// Assembles a response whose body is streamed: no computed `content-length`; a
    /// caller's must be digits and the stream must yield exactly that many bytes. A 1xx,
    /// 204 or 304 status sends no body.
    pub(crate) fn finish_streamed(
        self,
        body: Body,
        content_type: Option<HeaderValue>,
    ) -> Result<http::Response<Body>, Error> {
        let Head {
            status,
            mut headers,
            cookies,
            background,
            error,
        } = self;
        if let Some(err) = error {
            return Err(err);
        }
        let declared = declared_length(&headers)?;
        init_headers(&mut headers, status, None, content_type)?;
        let body = match (status_allows_body(status), declared) {
            (false, _) => Body::empty(),
            (true, Some(len)) => body.with_length(len),
            (true, None) => body,
        };
        assemble(status, headers, cookies, background, body)
    }
}

impl Head {
    /// Assembles a response whose headers are complete already (a file): adds the cookies
    /// and background tasks.
    pub(crate) fn finish_body(self, body: Body) -> Result<http::Response<Body>, Error> {
        let Head {
            status,
            headers,
            cookies,
            background,
            error,
        } = self;
        if let Some(err) = error {
            return Err(err);
        }
        assemble(status, headers, cookies, background, body)
    }
}

/// The last step of every `finish`: the cookies after the other headers (each its own
/// `set-cookie`), the background tasks on the body, and the response.
#[inline]
fn assemble(
    status: StatusCode,
    mut headers: HeaderMap,
    cookies: Vec<HeaderValue>,
    background: Option<Box<BackgroundTasks>>,
    mut body: Body,
) -> Result<http::Response<Body>, Error> {
    for cookie in cookies {
        try_append(&mut headers, SET_COOKIE, cookie)?;
    }
    if let Some(tasks) = background {
        body.attach_background(tasks);
    }
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    Ok(response)
}

/// The caller's `content-length` of a streamed body, if any: digits, and one value.
fn declared_length(headers: &HeaderMap) -> Result<Option<u64>, Error> {
    let mut declared = None;
    for value in headers.get_all(http::header::CONTENT_LENGTH) {
        let bytes = value.as_bytes();
        let parsed = (!bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit))
            .then(|| value.to_str().ok().and_then(|v| v.parse::<u64>().ok()))
            .flatten();
        match (parsed, declared) {
            (Some(n), None) => declared = Some(n),
            (Some(n), Some(m)) if n == m => {}
            _ => {
                return Err(Error::new(
                    crate::error::ErrorKind::ContentLengthMismatch,
                    format!(
                        "content-length {} is not one number of bytes",
                        crate::error::show_bytes(bytes)
                    ),
                ));
            }
        }
    }
    Ok(declared)
}

/// Generates the methods every response class shares. `$example` is an expression that
/// builds a value of the class, for the doc examples.
macro_rules! common_methods {
    ($ty:ident $(<$g:ident>)?, $example:expr) => {
        impl $(<$g>)? $ty $(<$g>)? {
            #[doc = concat!(
                "Sets the status code (a [`StatusCode`](http::StatusCode) or a `u16` in ",
                "`100..=999`; anything else makes the conversion fail).\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", $example, ".with_status_code(201);\n",
                "assert_eq!(r.status_code(), 201);\n```"
            )]
            #[must_use]
            pub fn with_status_code(mut self, status: impl $crate::IntoStatusCode) -> Self {
                self.head.set_status(status);
                self
            }

            #[doc = concat!(
                "Appends a header. The name is checked and lower-cased; a text value is ",
                "sent as ISO-8859-1. An invalid name or value makes the conversion fail.\n\n",
                "Caller headers come first in the response, in the order given, and win ",
                "over computed ones (`content-length`, `content-type`).\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", $example, ".with_header(\"Cache-Control\", \"no-store\");\n",
                "assert_eq!(r.headers()[\"cache-control\"], \"no-store\");\n```"
            )]
            #[must_use]
            pub fn with_header(
                mut self,
                name: impl $crate::IntoHeaderName,
                value: impl $crate::IntoHeaderValue,
            ) -> Self {
                self.head.append_header(name, value);
                self
            }

            #[doc = concat!(
                "Appends every header of `headers`, as [`with_header`](Self::with_header) ",
                "does (Starlette's `headers=` mapping).\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", $example, ".with_headers([(\"x-b\", \"2\"), (\"x-a\", \"1\")]);\n",
                "let names: Vec<_> = r.headers().keys().map(|k| k.as_str()).collect();\n",
                "assert_eq!(names, [\"x-b\", \"x-a\"]);\n```"
            )]
            #[must_use]
            pub fn with_headers<K, V>(mut self, headers: impl IntoIterator<Item = (K, V)>) -> Self
            where
                K: $crate::IntoHeaderName,
                V: $crate::IntoHeaderValue,
            {
                for (name, value) in headers {
                    self.head.append_header(name, value);
                }
                self
            }

            #[doc = concat!(
                "Adds background tasks, run in order after the response has been sent.\n\n",
                "# Examples\n\n```\nuse responses::{BackgroundTask, ", stringify!($ty), "};\n\n",
                "let r = ", $example, ".with_background(BackgroundTask::new(async {}));\n",
                "assert_eq!(r.background().map(|t| t.len()), Some(1));\n```"
            )]
            #[must_use]
            pub fn with_background(
                mut self,
                tasks: impl Into<$crate::BackgroundTasks>,
            ) -> Self {
                self.head.add_background(tasks);
                self
            }

            #[doc = concat!(
                "Adds a `set-cookie` header, builder style; an invalid cookie makes the ",
                "conversion fail. See [`set_cookie`](Self::set_cookie).\n\n",
                "# Examples\n\n```\nuse responses::{Cookie, IntoHttp, ", stringify!($ty), "};\n\n",
                "let r = ", $example, ".with_cookie(Cookie::new(\"k\", \"v\")).into_http()?;\n",
                "assert_eq!(r.headers()[\"set-cookie\"], \"k=v; Path=/; SameSite=lax\");\n",
                "# Ok::<(), responses::Error>(())\n```"
            )]
            #[must_use]
            pub fn with_cookie(mut self, cookie: $crate::Cookie) -> Self {
                if let Err(err) = self.head.set_cookie(&cookie) {
                    self.head.fail(err);
                }
                self
            }

            #[doc = concat!(
                "Starlette's `set_cookie`: appends a `set-cookie` header for `cookie` ",
                "(each call its own header, after the computed headers). An `expires` ",
                "duration counts from now.\n\n",
                "# Errors\n\n[`ErrorKind::InvalidCookie`](crate::ErrorKind::InvalidCookie) ",
                "naming the bad name, value or attribute; nothing is added then.\n\n",
                "# Examples\n\n```\nuse responses::{Cookie, SameSite, ", stringify!($ty), "};\n\n",
                "let mut r = ", $example, ";\n",
                "r.set_cookie(Cookie::new(\"session\", \"abc\").http_only(true))?;\n",
                "r.set_cookie(Cookie::new(\"theme\", \"dark\").same_site(SameSite::Strict))?;\n",
                "assert!(r.set_cookie(Cookie::new(\"bad\", \"a;b\")).is_err());\n",
                "# Ok::<(), responses::Error>(())\n```"
            )]
            pub fn set_cookie(&mut self, cookie: $crate::Cookie) -> Result<&mut Self, $crate::Error> {
                self.head.set_cookie(&cookie)?;
                Ok(self)
            }

            #[doc = concat!(
                "Starlette's `delete_cookie`: appends a `set-cookie` header that expires ",
                "the cookie (empty value, `Max-Age=0`, `expires` in 1970). Give a name, or a ",
                "[`Cookie`](crate::Cookie) whose path, domain and flags match the cookie's.\n\n",
                "# Errors\n\n[`ErrorKind::InvalidCookie`](crate::ErrorKind::InvalidCookie) ",
                "for an invalid name or attribute.\n\n",
                "# Examples\n\n```\nuse responses::{Cookie, IntoHttp, ", stringify!($ty), "};\n\n",
                "let mut r = ", $example, ";\n",
                "r.delete_cookie(\"session\")?;\n",
                "r.delete_cookie(Cookie::named(\"prefs\").path(\"/app\"))?;\n",
                "let r = r.into_http()?;\n",
                "assert_eq!(r.headers().get_all(\"set-cookie\").iter().count(), 2);\n",
                "# Ok::<(), responses::Error>(())\n```"
            )]
            pub fn delete_cookie(
                &mut self,
                cookie: impl Into<$crate::Cookie>,
            ) -> Result<&mut Self, $crate::Error> {
                self.head.delete_cookie(&cookie.into())?;
                Ok(self)
            }

            #[doc = concat!(
                "The status code.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", $example, ";\n",
                "assert!(r.status_code().as_u16() >= 200);\n```"
            )]
            pub fn status_code(&self) -> http::StatusCode {
                self.head.status
            }

            #[doc = concat!(
                "The headers given by the caller so far (the computed ones are added by ",
                "the conversion).\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", $example, ".with_header(\"x-a\", \"1\");\n",
                "assert_eq!(r.headers().len(), 1);\n```"
            )]
            pub fn headers(&self) -> &http::HeaderMap {
                &self.head.headers
            }

            #[doc = concat!(
                "The caller's headers, to change freely (Starlette's mutable ",
                "`response.headers`).\n\n",
                "# Examples\n\n```\nuse http::HeaderValue;\nuse responses::", stringify!($ty), ";\n\n",
                "let mut r = ", $example, ";\n",
                "r.headers_mut().insert(\"x-a\", HeaderValue::from_static(\"1\"));\n",
                "assert_eq!(r.headers()[\"x-a\"], \"1\");\n```"
            )]
            pub fn headers_mut(&mut self) -> &mut http::HeaderMap {
                &mut self.head.headers
            }

            #[doc = concat!(
                "The background tasks, if any.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "assert!(", $example, ".background().is_none());\n```"
            )]
            pub fn background(&self) -> Option<&$crate::BackgroundTasks> {
                self.head.background.as_deref()
            }
        }

        impl $(<$g>)? TryFrom<$ty $(<$g>)?> for http::Response<$crate::Body>
        where
            $ty $(<$g>)?: $crate::IntoHttp,
        {
            type Error = $crate::Error;

            /// Same as [`IntoHttp::into_http`](crate::IntoHttp::into_http).
            fn try_from(response: $ty $(<$g>)?) -> Result<Self, $crate::Error> {
                $crate::IntoHttp::into_http(response)
            }
        }
    };
}

pub(crate) use common_methods;

/// Generates `with_media_type`/`with_charset` and their getters for a class whose content
/// is text or bytes.
macro_rules! text_methods {
    ($ty:ident, $example:literal) => {
        impl $ty {
            #[doc = concat!(
                "Sets the media type (checked against the RFC 9110 grammar; a malformed ",
                "one makes the conversion fail). A `text/*` type gets `; charset=…` ",
                "appended in `content-type` unless it names a charset.\n\n",
                "# Examples\n\n```\nuse responses::{IntoHttp, ", stringify!($ty), "};\n\n",
                "let r = ", $example, ".with_media_type(\"text/csv\").into_http()?;\n",
                "assert_eq!(r.headers()[\"content-type\"], \"text/csv; charset=utf-8\");\n",
                "# Ok::<(), responses::Error>(())\n```"
            )]
            #[must_use]
            pub fn with_media_type(mut self, media_type: impl $crate::IntoMediaType) -> Self {
                match media_type.into_media_type() {
                    Ok(m) => self.media_type = Some(m),
                    Err(err) => self.head.fail(err),
                }
                self
            }

            #[doc = concat!(
                "Sets the charset that encodes a text body and is named in `content-type` ",
                "(default `utf-8`). An unknown charset, or a character the charset cannot ",
                "encode, makes the conversion fail.\n\n",
                "# Examples\n\n```\nuse responses::{IntoHttp, ", stringify!($ty), "};\n\n",
                "let r = ", $example, ".with_charset(\"latin-1\");\n",
                "assert_eq!(r.charset().label(), \"latin-1\");\n```"
            )]
            #[must_use]
            pub fn with_charset(mut self, charset: impl $crate::IntoCharset) -> Self {
                match charset.into_charset() {
                    Ok(c) => self.charset = c,
                    Err(err) => self.head.fail(err),
                }
                self
            }

            #[doc = concat!(
                "The media type, if any.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", $example, ".with_media_type(\"text/markdown\");\n",
                "assert_eq!(r.media_type().map(|m| m.as_str()), Some(\"text/markdown\"));\n```"
            )]
            pub fn media_type(&self) -> Option<&$crate::MediaType> {
                self.media_type.as_ref()
            }

            #[doc = concat!(
                "The charset.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "assert_eq!(", $example, ".charset().label(), \"utf-8\");\n```"
            )]
            pub fn charset(&self) -> &$crate::Charset {
                &self.charset
            }

            #[doc = concat!(
                "The content as given.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", $example, ";\n",
                "let _ = r.content();\n```"
            )]
            pub fn content(&self) -> &$crate::Content {
                &self.content
            }

            #[doc = concat!(
                "Starlette's `render`: the body bytes, text encoded with the charset.\n\n",
                "# Errors\n\n[`ErrorKind::Unencodable`](crate::ErrorKind::Unencodable) for ",
                "a character the charset cannot encode.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", stringify!($ty), "::new(\"café\").with_charset(\"latin-1\");\n",
                "assert_eq!(&r.render()?[..], b\"caf\\xe9\");\n",
                "# Ok::<(), responses::Error>(())\n```"
            )]
            pub fn render(&self) -> Result<bytes::Bytes, $crate::Error> {
                self.content.clone().render(&self.charset)
            }
        }

        impl $crate::IntoHttp for $ty {
            #[inline]
            fn into_http(self) -> Result<http::Response<$crate::Body>, $crate::Error> {
                let $ty {
                    mut head,
                    content,
                    media_type,
                    charset,
                } = self;
                if let Some(err) = head.error.take() {
                    return Err(err);
                }
                let body = content.render(&charset)?;
                let content_type = media_type.map(|m| m.into_content_type(&charset));
                head.finish(body, content_type, None)
            }
        }
    };
}

pub(crate) use text_methods;
