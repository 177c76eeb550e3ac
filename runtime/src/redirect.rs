//! `RedirectResponse` and Starlette's quoting of the `location` URL.

use std::borrow::Cow;

use bytes::Bytes;
use http::header::LOCATION;
use http::{HeaderValue, StatusCode};

use crate::body::Body;
use crate::error::Error;
use crate::head::{Head, common_methods};

/// Quotes a URL as Starlette's `RedirectResponse` does (`urllib.parse.quote` with the safe
/// characters `:/%#?=@[]!$&'()*+,;`): every other character outside `A-Z a-z 0-9 _ . - ~`
/// is written as `%XX` of its UTF-8 bytes. `%` is safe, so existing escapes are kept as
/// they are, and CR/LF become `%0D%0A` (no header injection).
///
/// Borrows the input when nothing needs quoting.
///
/// # Examples
///
/// ```
/// use responses::redirect::quote_url;
///
/// assert_eq!(quote_url("/I ♥ Starlette/"), "/I%20%E2%99%A5%20Starlette/");
/// assert_eq!(quote_url("/s?q=a b&x=1"), "/s?q=a%20b&x=1");
/// assert_eq!(quote_url("/a%20b/100%"), "/a%20b/100%");
/// assert_eq!(quote_url("/a\r\nSet-Cookie: x=1"), "/a%0D%0ASet-Cookie:%20x=1");
/// ```
pub fn quote_url(url: &str) -> Cow<'_, str> {
    percent_encoding::utf8_percent_encode(url, UNSAFE_IN_URL).into()
}

/// What [`quote_url`] encodes: all but `A-Z a-z 0-9 _ . - ~` and Starlette's safe
/// characters.
const UNSAFE_IN_URL: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b':')
    .remove(b'/')
    .remove(b'%')
    .remove(b'#')
    .remove(b'?')
    .remove(b'=')
    .remove(b'@')
    .remove(b'[')
    .remove(b']')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';');

/// Starlette's `RedirectResponse`: status 307 by default, a `location` header with the
/// quoted URL, an empty body (`content-length: 0`) and no `content-type`.
///
/// A caller's own `location` header is replaced in place; otherwise `location` comes after
/// `content-length`. The status is not restricted to 3xx (Starlette accepts any).
///
/// # Examples
///
/// ```
/// use responses::{IntoHttp, RedirectResponse};
///
/// let r = RedirectResponse::new("/I ♥ Starlette/").into_http()?;
/// assert_eq!(r.status(), 307);
/// assert_eq!(r.headers()["location"], "/I%20%E2%99%A5%20Starlette/");
/// assert_eq!(r.headers()["content-length"], "0");
///
/// let moved = RedirectResponse::new("/new").with_status_code(301).into_http()?;
/// assert_eq!(moved.status(), 301);
/// # Ok::<(), responses::Error>(())
/// ```
#[derive(Debug)]
pub struct RedirectResponse {
    head: Head,
    url: Cow<'static, str>,
}

impl RedirectResponse {
    /// A 307 redirect to `url`.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = responses::RedirectResponse::new("https://example.com/");
    /// assert_eq!(r.status_code(), 307);
    /// ```
    pub fn new(url: impl Into<Cow<'static, str>>) -> Self {
        RedirectResponse {
            head: Head::new(StatusCode::TEMPORARY_REDIRECT),
            url: url.into(),
        }
    }

    /// The URL as given.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::RedirectResponse::new("/a b").url(), "/a b");
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `location` header value: the URL quoted as Starlette quotes it.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::RedirectResponse::new("/a b").location(), "/a%20b");
    /// ```
    pub fn location(&self) -> Cow<'_, str> {
        quote_url(&self.url)
    }
}

common_methods!(RedirectResponse, "RedirectResponse::new(\"/\")");

impl<U: Into<Cow<'static, str>>> crate::EndpointClass<U> for RedirectResponse {
    type Response = RedirectResponse;
}

/// A handler that returns the class itself.
impl crate::EndpointClass<RedirectResponse> for RedirectResponse {
    type Response = RedirectResponse;
}

impl crate::ResponseClass<RedirectResponse> for RedirectResponse {
    fn from_content(response: RedirectResponse) -> Self {
        response
    }

    fn with_status(self, status: StatusCode) -> Self {
        self.with_status_code(status)
    }
}

impl<U: Into<Cow<'static, str>>> crate::ResponseClass<U> for RedirectResponse {
    /// A 307 redirect to the URL the handler returned.
    fn from_content(url: U) -> Self {
        RedirectResponse::new(url)
    }

    fn with_status(self, status: StatusCode) -> Self {
        self.with_status_code(status)
    }
}

impl crate::IntoHttp for RedirectResponse {
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        let location = match quote_url(&self.url) {
            // Unchanged by quoting (the very text given, not a `%XX` the encoder lends):
            // the caller's text, without a copy.
            Cow::Borrowed(quoted) if std::ptr::eq(quoted, &*self.url) => match self.url {
                Cow::Borrowed(url) => HeaderValue::from_static(url),
                Cow::Owned(url) => location_value(Bytes::from(url)),
            },
            quoted => location_value(Bytes::from(quoted.into_owned())),
        };
        let mut head = self.head;
        let checked = head.check()?;
        head.finish(checked, Bytes::new(), None, Some((LOCATION, location)))
    }
}

/// Quoted text is visible ASCII, which is always a valid header value.
fn location_value(quoted: Bytes) -> HeaderValue {
    HeaderValue::from_maybe_shared(quoted).unwrap_or_else(|_| HeaderValue::from_static("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_matches_python() {
        let cases = [
            ("/", "/"),
            ("/I ♥ Starlette/é", "/I%20%E2%99%A5%20Starlette/%C3%A9"),
            ("/s?q=a b&x=1&y=é", "/s?q=a%20b&x=1&y=%C3%A9"),
            ("/a%20b/♥/100%/%zz", "/a%20b/%E2%99%A5/100%/%zz"),
            (
                "https://user:pw@[::1]:8443/p;a=b?x=(1)*'!$,+~",
                "https://user:pw@[::1]:8443/p;a=b?x=(1)*'!$,+~",
            ),
            ("/a\r\nSet-Cookie: x=1", "/a%0D%0ASet-Cookie:%20x=1"),
            (
                "\"<>\\^`{|}\u{7f}\u{0}",
                "%22%3C%3E%5C%5E%60%7B%7C%7D%7F%00",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(quote_url(input), expected, "{input:?}");
        }
        assert!(matches!(quote_url("/plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_character_to_quote_is_quoted() {
        for (url, quoted) in [
            ("\r", "%0D"),
            (" ", "%20"),
            ("\"", "%22"),
            ("\u{7f}", "%7F"),
        ] {
            let r = crate::IntoHttp::into_http(RedirectResponse::new(url)).unwrap();
            assert_eq!(r.headers()[LOCATION], quoted, "{url:?}");
            let r = crate::IntoHttp::into_http(RedirectResponse::new(url.to_owned())).unwrap();
            assert_eq!(r.headers()[LOCATION], quoted, "{url:?} owned");
        }
    }

    #[test]
    fn static_url_is_not_copied() {
        let url: &'static str = "/target";
        let r = crate::IntoHttp::into_http(RedirectResponse::new(url)).unwrap();
        assert_eq!(r.headers()[LOCATION].as_bytes().as_ptr(), url.as_ptr());
    }
}
