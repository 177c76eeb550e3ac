//! `set-cookie` headers: Starlette's `set_cookie` / `delete_cookie`, with RFC 6265 checks.
//!
//! The header is written byte for byte as Starlette writes it (Python's `http.cookies`):
//! attributes in the order `Domain`, `expires`, `HttpOnly`, `Max-Age`, `Partitioned`,
//! `Path`, `SameSite`, `Secure`; an empty value as `""`; a value with characters Python
//! does not leave bare (`( ) / < = > ? @ [ ] { }`) in double quotes. Where Starlette is
//! unsafe this module is strict instead (docs/behaviour.md §7):
//!
//! * a value must consist of RFC 6265 cookie-octets (no space, `"`, `,`, `;`, `\`, control
//!   or non-ASCII character): anything else is an error rather than Python's octal
//!   escaping. [`Cookie::encoded`] percent-encodes arbitrary text instead;
//! * a name must be an RFC 9110 token and not an attribute name (`Path`, `expires`…);
//! * `path` and `domain` may not contain `;` or control characters (they would inject
//!   attributes);
//! * `expires` is a point in time or a duration from now, always written as an
//!   IMF-fixdate, and `delete_cookie` writes the fixed date
//!   `Thu, 01 Jan 1970 00:00:00 GMT`;
//! * `partitioned` writes `Partitioned`.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::HeaderValue;

mod rules;

pub use self::rules::percent_encode;
use self::rules::{check_attribute, check_key, check_value, non_empty};
use crate::error::{Error, ErrorKind, show};

/// The `SameSite` attribute of a cookie. Starlette's default is [`SameSite::Lax`].
///
/// Written in lower case (`SameSite=lax`), as Starlette writes its default.
///
/// # Examples
///
/// ```
/// use responses::{Cookie, SameSite};
///
/// let c = Cookie::new("k", "v").same_site(SameSite::Strict);
/// assert_eq!(c.to_header_value()?, "k=v; Path=/; SameSite=strict");
/// # Ok::<(), responses::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SameSite {
    /// Sent only with same-site requests.
    Strict,
    /// Sent with same-site requests and top-level cross-site navigations.
    Lax,
    /// Sent with every request (browsers require `Secure` with it).
    None,
}

impl SameSite {
    /// The attribute value as written: `strict`, `lax` or `none`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::SameSite::None.as_str(), "none");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "strict",
            SameSite::Lax => "lax",
            SameSite::None => "none",
        }
    }
}

impl fmt::Display for SameSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SameSite {
    type Err = Error;

    /// Parses `strict`, `lax` or `none`, in any case.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.to_ascii_lowercase().as_str() {
            "strict" => Ok(SameSite::Strict),
            "lax" => Ok(SameSite::Lax),
            "none" => Ok(SameSite::None),
            _ => Err(Error::new(
                ErrorKind::InvalidCookie,
                format!(
                    "samesite must be either 'strict', 'lax' or 'none', not {}",
                    show(s)
                ),
            )),
        }
    }
}

/// When a cookie expires: a point in time, or a duration from the moment the cookie is
/// set (Starlette's integer `expires`).
///
/// A point in time may come from any clock or timezone type that converts into
/// [`SystemTime`] (`chrono::DateTime<Tz>` and `time::OffsetDateTime` both do); it is always
/// written in GMT as an IMF-fixdate.
///
/// # Examples
///
/// ```
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
/// use responses::{Cookie, Expires};
///
/// let at = UNIX_EPOCH + Duration::from_secs(2_000_000_010);
/// let c = Cookie::new("k", "v").expires(Expires::At(at));
/// assert_eq!(
///     c.to_header_value()?,
///     "k=v; expires=Wed, 18 May 2033 03:33:30 GMT; Path=/; SameSite=lax"
/// );
/// let in_an_hour: Expires = Duration::from_secs(3600).into();
/// # let _ = in_an_hour;
/// # Ok::<(), responses::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expires {
    /// At this instant.
    At(SystemTime),
    /// This long after the cookie is set.
    After(Duration),
}

impl From<SystemTime> for Expires {
    fn from(t: SystemTime) -> Self {
        Expires::At(t)
    }
}

impl From<Duration> for Expires {
    fn from(d: Duration) -> Self {
        Expires::After(d)
    }
}

impl Expires {
    fn resolve(self, now: SystemTime) -> Result<SystemTime, Error> {
        match self {
            Expires::At(t) => Ok(t),
            Expires::After(d) => now.checked_add(d).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidCookie,
                    format!("expires {d:?} from now is too far in the future"),
                )
            }),
        }
    }
}

/// `expires` as written: an IMF-fixdate.
fn expires_date(t: SystemTime) -> Result<[u8; crate::date::HTTP_DATE_LEN], Error> {
    crate::date::http_date(t).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidCookie,
            format!("{t:?} cannot be written as an HTTP date (years 0000 to 9999 only)"),
        )
    })
}

/// A cookie to send with [`set_cookie`](crate::PlainTextResponse::set_cookie), with
/// every parameter of Starlette's `set_cookie`.
///
/// Defaults are Starlette's: `path` `/`, `samesite` `lax`, everything else off.
///
/// | Starlette parameter | method |
/// |---|---|
/// | `key`, `value` | [`Cookie::new`] |
/// | `max_age` | [`max_age`](Cookie::max_age) |
/// | `expires` | [`expires`](Cookie::expires) |
/// | `path` | [`path`](Cookie::path), [`no_path`](Cookie::no_path) |
/// | `domain` | [`domain`](Cookie::domain) |
/// | `secure` | [`secure`](Cookie::secure) |
/// | `httponly` | [`http_only`](Cookie::http_only) |
/// | `samesite` | [`same_site`](Cookie::same_site) |
/// | `partitioned` | [`partitioned`](Cookie::partitioned) |
///
/// # Examples
///
/// ```
/// use responses::{Cookie, SameSite};
///
/// let c = Cookie::new("k", "v")
///     .max_age(10)
///     .path("/p")
///     .domain("d.com")
///     .secure(true)
///     .http_only(true)
///     .same_site(SameSite::None);
/// assert_eq!(
///     c.to_header_value()?,
///     "k=v; Domain=d.com; HttpOnly; Max-Age=10; Path=/p; SameSite=none; Secure"
/// );
/// # Ok::<(), responses::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cookie {
    key: Cow<'static, str>,
    value: Cow<'static, str>,
    max_age: Option<i64>,
    expires: Option<Expires>,
    path: Option<Cow<'static, str>>,
    domain: Option<Cow<'static, str>>,
    secure: bool,
    http_only: bool,
    same_site: Option<SameSite>,
    partitioned: bool,
}

impl Cookie {
    /// A cookie `key=value`, with Starlette's defaults (`Path=/; SameSite=lax`).
    ///
    /// Nothing is checked until the header is written: an invalid name or value makes
    /// [`to_header_value`](Cookie::to_header_value) (and so the response) an error.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::new("session", "abc123");
    /// assert_eq!(c.to_header_value()?, "session=abc123; Path=/; SameSite=lax");
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn new(key: impl Into<Cow<'static, str>>, value: impl Into<Cow<'static, str>>) -> Self {
        Cookie {
            key: key.into(),
            value: value.into(),
            max_age: None,
            expires: None,
            path: Some(Cow::Borrowed("/")),
            domain: None,
            secure: false,
            http_only: false,
            same_site: Some(SameSite::Lax),
            partitioned: false,
        }
    }

    /// A cookie whose value is any text, percent-encoded (UTF-8, every byte that is not an
    /// RFC 6265 cookie-octet, and `%`, written as `%XX`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::encoded("name", "Zoë; admin");
    /// assert_eq!(c.value(), "Zo%C3%AB%3B%20admin");
    /// ```
    pub fn encoded(key: impl Into<Cow<'static, str>>, value: &str) -> Self {
        Cookie::new(key, percent_encode(value))
    }

    /// A cookie named `key` and nothing else, for
    /// [`delete_cookie`](crate::PlainTextResponse::delete_cookie): its path, domain and
    /// flags say which cookie to delete.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::named("session").path("/app");
    /// assert_eq!(c.key(), "session");
    /// ```
    pub fn named(key: impl Into<Cow<'static, str>>) -> Self {
        Cookie::new(key, "")
    }

    /// `Max-Age`, in seconds; zero or less expires the cookie at once.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::new("k", "v").max_age(-1);
    /// assert_eq!(c.to_header_value()?, "k=v; Max-Age=-1; Path=/; SameSite=lax");
    /// # Ok::<(), responses::Error>(())
    /// ```
    #[must_use]
    pub fn max_age(mut self, seconds: i64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// `expires`: an instant, or a duration from the moment the cookie is set.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let c = responses::Cookie::new("k", "v").expires(Duration::from_secs(60));
    /// assert!(c.to_header_value()?.to_str()?.contains("; expires="));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn expires(mut self, expires: impl Into<Expires>) -> Self {
        self.expires = Some(expires.into());
        self
    }

    /// `Path` (default `/`); an empty path is left out, as in Starlette.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::new("k", "v").path("/api");
    /// assert_eq!(c.to_header_value()?, "k=v; Path=/api; SameSite=lax");
    /// # Ok::<(), responses::Error>(())
    /// ```
    #[must_use]
    pub fn path(mut self, path: impl Into<Cow<'static, str>>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// No `Path` attribute (Starlette's `path=None`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::new("k", "v").no_path();
    /// assert_eq!(c.to_header_value()?, "k=v; SameSite=lax");
    /// # Ok::<(), responses::Error>(())
    /// ```
    #[must_use]
    pub fn no_path(mut self) -> Self {
        self.path = None;
        self
    }

    /// `Domain`; an empty domain is left out, as in Starlette.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::new("k", "v").domain("example.com");
    /// assert_eq!(c.to_header_value()?, "k=v; Domain=example.com; Path=/; SameSite=lax");
    /// # Ok::<(), responses::Error>(())
    /// ```
    #[must_use]
    pub fn domain(mut self, domain: impl Into<Cow<'static, str>>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// `Secure`: sent over HTTPS only.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::new("k", "v").secure(true);
    /// assert!(c.to_header_value()?.to_str()?.ends_with("; Secure"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// `HttpOnly`: hidden from scripts.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::new("k", "v").http_only(true);
    /// assert_eq!(c.to_header_value()?, "k=v; HttpOnly; Path=/; SameSite=lax");
    /// # Ok::<(), responses::Error>(())
    /// ```
    #[must_use]
    pub fn http_only(mut self, http_only: bool) -> Self {
        self.http_only = http_only;
        self
    }

    /// `SameSite` (default `lax`); `None` leaves the attribute out (Starlette's
    /// `samesite=None`), `Some(SameSite::None)` writes `SameSite=none`.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Cookie, SameSite};
    ///
    /// assert_eq!(Cookie::new("k", "v").same_site(None).to_header_value()?, "k=v; Path=/");
    /// assert_eq!(
    ///     Cookie::new("k", "v").same_site(SameSite::None).to_header_value()?,
    ///     "k=v; Path=/; SameSite=none"
    /// );
    /// # Ok::<(), responses::Error>(())
    /// ```
    #[must_use]
    pub fn same_site(mut self, same_site: impl Into<Option<SameSite>>) -> Self {
        self.same_site = same_site.into();
        self
    }

    /// `Partitioned` (CHIPS): the cookie is kept per top-level site.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::new("k", "v").partitioned(true).secure(true);
    /// assert_eq!(
    ///     c.to_header_value()?,
    ///     "k=v; Partitioned; Path=/; SameSite=lax; Secure"
    /// );
    /// # Ok::<(), responses::Error>(())
    /// ```
    #[must_use]
    pub fn partitioned(mut self, partitioned: bool) -> Self {
        self.partitioned = partitioned;
        self
    }

    /// The cookie's name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::Cookie::new("k", "v").key(), "k");
    /// ```
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The cookie's value, as it will be written.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::Cookie::new("k", "v").value(), "v");
    /// ```
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The `set-cookie` header value, with `expires` durations counted from now.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidCookie`] naming the bad name, value or attribute.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Cookie, ErrorKind};
    ///
    /// assert_eq!(Cookie::new("k", "").to_header_value()?, "k=\"\"; Path=/; SameSite=lax");
    /// let err = Cookie::new("k", "a;b").to_header_value().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidCookie);
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn to_header_value(&self) -> Result<HeaderValue, Error> {
        self.to_header_value_at(SystemTime::now())
    }

    /// [`to_header_value`](Cookie::to_header_value) with `now` as the current time.
    ///
    /// # Errors
    ///
    /// As [`to_header_value`](Cookie::to_header_value).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use responses::Cookie;
    ///
    /// let now = UNIX_EPOCH + Duration::from_secs(2_000_000_000);
    /// let c = Cookie::new("k", "v").expires(Duration::ZERO);
    /// assert_eq!(
    ///     c.to_header_value_at(now)?,
    ///     "k=v; expires=Wed, 18 May 2033 03:33:20 GMT; Path=/; SameSite=lax"
    /// );
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn to_header_value_at(&self, now: SystemTime) -> Result<HeaderValue, Error> {
        let expires = match self.expires {
            Some(e) => Some(expires_date(e.resolve(now)?)?),
            None => None,
        };
        self.write(expires.as_ref().map(|e| &e[..]), self.max_age)
    }

    /// This cookie as a deletion, for a `#[response(cookie)]` field of a derived response:
    /// it writes what [`to_removal_header_value`](Cookie::to_removal_header_value) writes.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Cookie, CookieDeletion, IntoHttp, Response};
    ///
    /// #[derive(Response)]
    /// #[response(status = 204)]
    /// struct LoggedOut {
    ///     #[response(cookie)]
    ///     session: CookieDeletion,
    /// }
    ///
    /// let r = LoggedOut { session: Cookie::named("session").deletion() }.into_http()?;
    /// assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deletion(self) -> CookieDeletion {
        CookieDeletion(self)
    }

    /// The header that deletes this cookie: empty value, `Max-Age=0` and an `expires` in
    /// the past, with this cookie's path, domain and flags (Starlette's `delete_cookie`).
    ///
    /// # Errors
    ///
    /// As [`to_header_value`](Cookie::to_header_value), for the name and attributes.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = responses::Cookie::named("session");
    /// assert_eq!(
    ///     c.to_removal_header_value()?,
    ///     "session=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=lax"
    /// );
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn to_removal_header_value(&self) -> Result<HeaderValue, Error> {
        let removal = Cookie {
            value: Cow::Borrowed(""),
            ..self.clone()
        };
        removal.write(Some(b"Thu, 01 Jan 1970 00:00:00 GMT"), Some(0))
    }

    fn write(&self, expires: Option<&[u8]>, max_age: Option<i64>) -> Result<HeaderValue, Error> {
        check_key(&self.key)?;
        let quote = check_value(&self.key, &self.value)?;
        let path = non_empty(self.path.as_deref());
        let domain = non_empty(self.domain.as_deref());
        if let Some(p) = path {
            check_attribute(&self.key, "path", p)?;
        }
        if let Some(d) = domain {
            check_attribute(&self.key, "domain", d)?;
        }
        let mut max_age_digits = itoa::Buffer::new();
        let max_age = max_age.map(|m| max_age_digits.format(m).as_bytes());

        // Starlette's attribute order; each part's length is known, so the buffer is
        // allocated once, to its exact size.
        let attributes: [(&[u8], Option<&[u8]>); 8] = [
            (b"; Domain=", domain.map(str::as_bytes)),
            (b"; expires=", expires),
            (b"; HttpOnly", self.http_only.then_some(&b""[..])),
            (b"; Max-Age=", max_age),
            (b"; Partitioned", self.partitioned.then_some(&b""[..])),
            (b"; Path=", path.map(str::as_bytes)),
            (
                b"; SameSite=",
                self.same_site.map(|s| s.as_str().as_bytes()),
            ),
            (b"; Secure", self.secure.then_some(&b""[..])),
        ];
        let len = self.key.len()
            + 1
            + self.value.len()
            + if quote { 2 } else { 0 }
            + attributes
                .iter()
                .map(|(name, value)| value.map_or(0, |v| name.len() + v.len()))
                .sum::<usize>();
        let mut out = Vec::with_capacity(len);
        out.extend_from_slice(self.key.as_bytes());
        out.push(b'=');
        if quote {
            out.push(b'"');
            out.extend_from_slice(self.value.as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(self.value.as_bytes());
        }
        for (name, value) in attributes {
            if let Some(value) = value {
                out.extend_from_slice(name);
                out.extend_from_slice(value);
            }
        }
        // Python strips the finished header (a trailing space of the last attribute).
        while out.last().is_some_and(|b| *b == b' ' || *b == b'\t') {
            out.pop();
        }
        HeaderValue::from_maybe_shared(Bytes::from(out)).map_err(|_| {
            Error::new(
                ErrorKind::InvalidCookie,
                format!("cookie {} cannot be written as a header", show(&self.key)),
            )
        })
    }
}

/// A cookie to delete, as a `#[response(cookie)]` field: see [`Cookie::deletion`].
///
/// # Examples
///
/// ```
/// let deletion = responses::Cookie::named("theme").path("/app").deletion();
/// assert_eq!(deletion.cookie().key(), "theme");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieDeletion(Cookie);

impl CookieDeletion {
    /// The cookie whose name, path, domain and flags say what to delete.
    ///
    /// # Examples
    ///
    /// ```
    /// let d = responses::Cookie::named("k").deletion();
    /// assert_eq!(d.cookie().key(), "k");
    /// ```
    pub fn cookie(&self) -> &Cookie {
        &self.0
    }
}

#[cfg(test)]
mod tests;
