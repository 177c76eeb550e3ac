//! What a cookie may contain: names are tokens (and not attribute names), values RFC 6265
//! cookie-octets (Python's quoting kept), attributes free of `;` and control characters.

use crate::error::{Error, ErrorKind, show};
use responses_rules::is_tchar;

pub(super) fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// Attribute names Python's `http.cookies` reserves (a cookie may not be named after one).
const RESERVED: &[&str] = &[
    "expires",
    "path",
    "comment",
    "domain",
    "max-age",
    "secure",
    "httponly",
    "version",
    "samesite",
    "partitioned",
];

pub(super) fn check_key(key: &str) -> Result<(), Error> {
    // Python's legal key characters: an RFC 9110 token, plus `:`.
    if key.is_empty() || !key.bytes().all(|b| is_tchar(b) || b == b':') {
        return Err(Error::new(
            ErrorKind::InvalidCookie,
            format!(
                "cookie name {} is not a token (letters, digits and !#$%&'*+-.^_`|~:)",
                show(key)
            ),
        ));
    }
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(key)) {
        return Err(Error::new(
            ErrorKind::InvalidCookie,
            format!("cookie name {} is reserved for an attribute", show(key)),
        ));
    }
    Ok(())
}

/// RFC 6265 `cookie-octet`.
fn is_cookie_octet(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

/// Characters Python writes without quotes (`http.cookies._LegalChars`).
fn is_python_bare(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~:".contains(&b)
}

/// Checks a value; tells whether Python would write it in double quotes.
pub(super) fn check_value(key: &str, value: &str) -> Result<bool, Error> {
    // A value already in double quotes is the RFC's quoted form: check what is inside.
    let inner = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    if let Some(bad) = inner
        .chars()
        .find(|&c| !u8::try_from(c).is_ok_and(is_cookie_octet))
    {
        let why = if responses_rules::is_control_char(bad) {
            "a control character"
        } else {
            "a character that is not allowed in a cookie value"
        };
        return Err(Error::new(
            ErrorKind::InvalidCookie,
            format!(
                "value of cookie {} has {} ({:?}); use Cookie::encoded to percent-encode it",
                show(key),
                why,
                bad
            ),
        ));
    }
    if inner.len() != value.len() {
        // Already quoted by the caller: written as given.
        return Ok(false);
    }
    Ok(value.is_empty() || !value.bytes().all(is_python_bare))
}

pub(super) fn check_attribute(key: &str, name: &str, value: &str) -> Result<(), Error> {
    if let Some(bad) = value
        .chars()
        .find(|&c| c == ';' || responses_rules::is_control_char(c))
    {
        return Err(Error::new(
            ErrorKind::InvalidCookie,
            format!(
                "{name} of cookie {} may not contain {:?}: {}",
                show(key),
                bad,
                show(value)
            ),
        ));
    }
    if !value.is_ascii() {
        return Err(Error::new(
            ErrorKind::InvalidCookie,
            format!(
                "{name} of cookie {} must be ASCII (punycode or percent-encode it): {}",
                show(key),
                show(value)
            ),
        ));
    }
    Ok(())
}

/// Percent-encodes `text` so that it is a valid cookie value: every byte of its UTF-8
/// form that is not an RFC 6265 cookie-octet, and `%` itself, becomes `%XX`.
///
/// # Examples
///
/// ```
/// assert_eq!(responses::cookie::percent_encode("a b;c%"), "a%20b%3Bc%25");
/// ```
pub fn percent_encode(text: &str) -> String {
    std::borrow::Cow::from(percent_encoding::utf8_percent_encode(
        text,
        NOT_COOKIE_OCTETS,
    ))
    .into_owned()
}

/// The bytes [`percent_encode`] encodes: all but RFC 6265 `cookie-octet`s, and `%`.
const NOT_COOKIE_OCTETS: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');
