//! What every response class has besides its content: status, caller headers, cookies,
//! background tasks; and the final assembly into an `http::Response`.

use bytes::Bytes;
use http::header::SET_COOKIE;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

use crate::background::BackgroundTasks;
use crate::body::Body;
use crate::charset::Charset;
use crate::cookie::Cookie;
use crate::error::Error;
use crate::header::{
    IntoHeaderName, IntoHeaderValue, IntoStatusCode, check_content_length, header_pair,
    init_headers, parse_content_length, status_allows_body, try_append, try_insert,
};
use crate::media_type::MediaType;

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
    background: Option<Box<BackgroundTasks>>,
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

    /// The value of a conversion; on error, keeps the error (the first one) for the
    /// conversion into `http::Response` to report, and gives `None`.
    pub(crate) fn record<T>(&mut self, result: Result<T, Error>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                if self.error.is_none() {
                    self.error = Some(err);
                }
                None
            }
        }
    }

    pub(crate) fn set_status(&mut self, status: impl IntoStatusCode) {
        if let Some(status) = self.record(status.into_status_code()) {
            self.status = status;
        }
    }

    pub(crate) fn append_header(&mut self, name: impl IntoHeaderName, value: impl IntoHeaderValue) {
        let appended = header_pair(name, value).and_then(|(name, value)| {
            caller_header(&name)?;
            try_append(&mut self.headers, name, value)
        });
        self.record(appended);
    }

    /// Appends a header whose value is checked already (the derive's, during expansion).
    pub(crate) fn append_checked(&mut self, name: HeaderName, value: HeaderValue) {
        let appended = try_append(&mut self.headers, name, value);
        self.record(appended);
    }

    pub(crate) fn add_background(&mut self, tasks: impl Into<BackgroundTasks>) {
        let tasks = tasks.into();
        match &mut self.background {
            Some(existing) => existing.extend(tasks),
            None => self.background = Some(Box::new(tasks)),
        }
    }

    pub(crate) fn background(&self) -> Option<&BackgroundTasks> {
        self.background.as_deref()
    }

    pub(crate) fn set_cookie(&mut self, cookie: &Cookie) -> Result<(), Error> {
        self.cookies.push(cookie.to_header_value()?);
        Ok(())
    }

    pub(crate) fn delete_cookie(&mut self, cookie: &Cookie) -> Result<(), Error> {
        self.cookies.push(cookie.to_removal_header_value()?);
        Ok(())
    }

    /// Reports the first error met while building the response, if any: the one place a
    /// pending error is checked. A conversion calls it before rendering (so that a builder
    /// error wins over a rendering one), and finishing requires what it returns.
    ///
    /// It also checks the caller's headers as a whole, including those set through
    /// `headers_mut`: none may be a framing or hop-by-hop header.
    #[inline]
    pub(crate) fn check(&mut self) -> Result<Checked, Error> {
        if let Some(err) = self.error.take() {
            return Err(err);
        }
        if !self.headers.is_empty() {
            for name in self.headers.keys() {
                caller_header(name)?;
            }
        }
        Ok(Checked(()))
    }

    /// Assembles a response whose body is in memory: caller headers, then
    /// `content-length` and `content-type` (unless given), then `extra` (set in place if
    /// the caller gave that header, as Starlette's redirect sets `location`), then the
    /// cookies.
    ///
    /// A 1xx, 204 or 304 status gets neither `content-length` nor body bytes. A caller's
    /// `content-length` must match the body.
    #[inline]
    pub(crate) fn finish(
        mut self,
        checked: Checked,
        body: Bytes,
        content_type: Option<HeaderValue>,
        extra: Option<(HeaderName, HeaderValue)>,
    ) -> Result<http::Response<Body>, Error> {
        let allows_body = status_allows_body(self.status);
        if self.headers.is_empty() {
            // Room for exactly what is added (a full map would fail there).
            let room = 2 + self.cookies.len() + usize::from(extra.is_some());
            let _ = self.headers.try_reserve(room);
        } else if allows_body {
            check_content_length(&self.headers, body.len() as u64)?;
        }
        init_headers(
            &mut self.headers,
            self.status,
            Some(body.len() as u64),
            content_type,
        )?;
        if let Some((name, value)) = extra {
            try_insert(&mut self.headers, name, value)?;
        }
        let body = if allows_body { body } else { Bytes::new() };
        self.finish_body(checked, Body::full(body))
    }

    /// Assembles a response whose body is streamed: no computed `content-length`; a
    /// caller's must be one number and the stream must yield exactly that many bytes. A
    /// 1xx, 204 or 304 status sends no body.
    pub(crate) fn finish_streamed(
        mut self,
        checked: Checked,
        body: Body,
        content_type: Option<HeaderValue>,
    ) -> Result<http::Response<Body>, Error> {
        let declared = declared_length(&self.headers)?;
        init_headers(&mut self.headers, self.status, None, content_type)?;
        let body = match (status_allows_body(self.status), declared) {
            (false, _) => Body::empty(),
            (true, Some(len)) => body.with_length(len),
            (true, None) => body,
        };
        self.finish_body(checked, body)
    }

    /// The last step of every response: the cookies after the other headers (each its own
    /// `set-cookie`), the background tasks on the body, and the response. The headers are
    /// complete already.
    #[inline]
    pub(crate) fn finish_body(
        self,
        _: Checked,
        mut body: Body,
    ) -> Result<http::Response<Body>, Error> {
        let Head {
            status,
            mut headers,
            cookies,
            background,
            error: _,
        } = self;
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
}

/// What [`Head::check`] gives once the pending error is reported: finishing a head takes
/// it, so that no response is finished without the check.
pub(crate) struct Checked(());

/// Refuses a header the server writes (see [`responses_rules::FRAMING_HEADERS`]).
fn caller_header(name: &HeaderName) -> Result<(), Error> {
    responses_rules::caller_header(name.as_str())
        .map_err(|message| Error::new(crate::error::ErrorKind::FramingHeader, message))
}

/// The caller's `content-length` of a streamed body, if any: one number of bytes, however
/// many times it is given.
fn declared_length(headers: &HeaderMap) -> Result<Option<u64>, Error> {
    let mut declared = None;
    for value in headers.get_all(http::header::CONTENT_LENGTH) {
        match (parse_content_length(value.as_bytes()), declared) {
            (Some(n), None) => declared = Some(n),
            (Some(n), Some(m)) if n == m => {}
            _ => {
                return Err(Error::new(
                    crate::error::ErrorKind::ContentLengthMismatch,
                    format!(
                        "content-length {} is not one number of bytes",
                        crate::error::show_bytes(value.as_bytes())
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
                "`100..=599`; anything else makes the conversion fail).\n\n",
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
                let set = self.head.set_cookie(&cookie);
                self.head.record(set);
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
                self.head.background()
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

/// The media type and charset a `content-type` is made of, for the classes whose media
/// type may be absent and whose charset can be set.
#[derive(Debug, Clone)]
pub(crate) struct ContentType {
    pub(crate) media_type: Option<MediaType>,
    pub(crate) charset: Charset,
    /// Whether the charset was given (`with_charset`), rather than the default.
    pub(crate) charset_given: bool,
}

impl ContentType {
    /// `media_type` with the default charset, UTF-8.
    pub(crate) const fn new(media_type: Option<MediaType>) -> Self {
        ContentType {
            media_type,
            charset: Charset::UTF_8,
            charset_given: false,
        }
    }

    /// The charset the body is encoded with, so that it is always the one `content-type`
    /// names: a media type that names its own charset (`text/plain; charset=latin-1`)
    /// sets it, and a different one given with `with_charset` is an error. `encodes_text`:
    /// whether text will be encoded with it (then a charset the media type names must be
    /// one this crate can encode).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CharsetMismatch`](crate::ErrorKind::CharsetMismatch) for two different
    /// charsets; [`ErrorKind::UnknownCharset`](crate::ErrorKind::UnknownCharset) for a
    /// named one that cannot encode text.
    pub(crate) fn encoding(&self, encodes_text: bool) -> Result<Charset, Error> {
        let Some(named) = self.media_type.as_ref().and_then(MediaType::charset_param) else {
            return Ok(self.charset.clone());
        };
        match Charset::new(named.to_owned()) {
            Ok(charset) if self.charset_given && !charset.same_encoding(&self.charset) => {
                Err(charset_mismatch(named, self.charset.label()))
            }
            Ok(charset) => Ok(charset),
            Err(err) if encodes_text => Err(err),
            Err(_) if self.charset_given => Err(charset_mismatch(named, self.charset.label())),
            Err(_) => Ok(self.charset.clone()),
        }
    }

    /// The `content-type` value: the media type, with `; charset=` for `text/*`.
    pub(crate) fn header(&self) -> Option<HeaderValue> {
        self.media_type
            .as_ref()
            .map(|m| m.content_type(&self.charset))
    }
}

/// A media type naming one charset, and another given with `with_charset`.
pub(crate) fn charset_mismatch(named: &str, given: &str) -> Error {
    Error::new(
        crate::error::ErrorKind::CharsetMismatch,
        format!(
            "the media type names charset {}, but the charset is set to {}: the body would not be what content-type says",
            crate::error::show(named),
            crate::error::show(given)
        ),
    )
}

/// Generates `with_media_type`/`with_charset` and their getters for a class with a
/// `content_type: ContentType` field. `$media` and `$charset` say what the two mean for
/// the class.
macro_rules! content_type_methods {
    ($ty:ident, $example:literal, media: $media:literal, charset: $charset:literal) => {
        impl $ty {
            #[doc = concat!(
                "Sets the media type ", $media, " (checked against the RFC 9110 grammar; a ",
                "malformed one makes the conversion fail). A `text/*` type gets ",
                "`; charset=…` appended in `content-type` unless it names a charset.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", $example, ".with_media_type(\"text/csv\");\n",
                "assert_eq!(r.media_type().map(|m| m.as_str()), Some(\"text/csv\"));\n```"
            )]
            #[must_use]
            pub fn with_media_type(mut self, media_type: impl $crate::IntoMediaType) -> Self {
                if let Some(m) = self.head.record(media_type.into_media_type()) {
                    self.content_type.media_type = Some(m);
                }
                self
            }

            #[doc = concat!(
                "Sets the charset named in `content-type` for a `text/*` media type ",
                "(default `utf-8`); ", $charset, ". An unknown charset makes the ",
                "conversion fail, and so does a media type that names another charset ",
                "([`ErrorKind::CharsetMismatch`](crate::ErrorKind::CharsetMismatch)): a ",
                "body never disagrees with its label.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", $example, ".with_charset(\"latin-1\");\n",
                "assert_eq!(r.charset().label(), \"latin-1\");\n```"
            )]
            #[must_use]
            pub fn with_charset(mut self, charset: impl $crate::IntoCharset) -> Self {
                if let Some(c) = self.head.record(charset.into_charset()) {
                    self.content_type.charset = c;
                    self.content_type.charset_given = true;
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
                self.content_type.media_type.as_ref()
            }

            #[doc = concat!(
                "The charset.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "assert_eq!(", $example, ".charset().label(), \"utf-8\");\n```"
            )]
            pub fn charset(&self) -> &$crate::Charset {
                &self.content_type.charset
            }
        }
    };
}

pub(crate) use content_type_methods;
