//! Header names and values from user input, and the headers every response computes.

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

use crate::error::{Error, ErrorKind, show, show_bytes};

/// Anything that can name a header: a [`HeaderName`], or text validated (and lower-cased)
/// when the response is built.
///
/// # Examples
///
/// ```
/// use responses::IntoHeaderName;
///
/// assert_eq!("X-Request-Id".into_header_name()?, "x-request-id");
/// assert!("bad name".into_header_name().is_err());
/// # Ok::<(), responses::Error>(())
/// ```
pub trait IntoHeaderName {
    /// Validates the name.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidHeaderName`] naming the text, when it is not an RFC 9110 token.
    fn into_header_name(self) -> Result<HeaderName, Error>;
}

impl IntoHeaderName for HeaderName {
    fn into_header_name(self) -> Result<HeaderName, Error> {
        Ok(self)
    }
}

impl IntoHeaderName for &HeaderName {
    fn into_header_name(self) -> Result<HeaderName, Error> {
        Ok(self.clone())
    }
}

impl IntoHeaderName for &str {
    fn into_header_name(self) -> Result<HeaderName, Error> {
        HeaderName::from_bytes(self.as_bytes()).map_err(|_| {
            Error::new(
                ErrorKind::InvalidHeaderName,
                format!("{} is not a valid header name", show(self)),
            )
        })
    }
}

impl IntoHeaderName for String {
    fn into_header_name(self) -> Result<HeaderName, Error> {
        self.as_str().into_header_name()
    }
}

/// Anything that can be a header value.
///
/// Text (`&str`, `String`) is encoded as ISO-8859-1 like Starlette does (`café` is sent as
/// the bytes `63 61 66 e9`); bytes are sent as they are; integers are written in decimal.
/// A control character other than tab (CR, LF, NUL…), DEL, or a character above U+00FF is
/// an error, never a panic or a silently altered header.
///
/// # Examples
///
/// ```
/// use responses::IntoHeaderValue;
///
/// assert_eq!("café".into_header_value()?.as_bytes(), b"caf\xe9");
/// assert_eq!(42u64.into_header_value()?, "42");
/// assert!("a\r\nSet-Cookie: x=1".into_header_value().is_err());
/// assert!("€".into_header_value().is_err());
/// # Ok::<(), responses::Error>(())
/// ```
pub trait IntoHeaderValue {
    /// Converts and validates the value.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidHeaderValue`] naming the value.
    fn into_header_value(self) -> Result<HeaderValue, Error>;
}

impl IntoHeaderValue for HeaderValue {
    fn into_header_value(self) -> Result<HeaderValue, Error> {
        Ok(self)
    }
}

impl IntoHeaderValue for &HeaderValue {
    fn into_header_value(self) -> Result<HeaderValue, Error> {
        Ok(self.clone())
    }
}

impl IntoHeaderValue for &str {
    fn into_header_value(self) -> Result<HeaderValue, Error> {
        if self.bytes().all(is_ascii_value_byte) {
            return HeaderValue::from_str(self).map_err(|_| invalid_value_text(self));
        }
        latin1_header_value(self)
    }
}

impl IntoHeaderValue for String {
    fn into_header_value(self) -> Result<HeaderValue, Error> {
        if !self.bytes().all(is_ascii_value_byte) {
            return latin1_header_value(&self);
        }
        // Checked: moved in without a copy.
        HeaderValue::from_maybe_shared(Bytes::from(self)).map_err(|_| invalid_value_bytes(b""))
    }
}

impl IntoHeaderValue for &String {
    fn into_header_value(self) -> Result<HeaderValue, Error> {
        self.as_str().into_header_value()
    }
}

impl IntoHeaderValue for &[u8] {
    fn into_header_value(self) -> Result<HeaderValue, Error> {
        HeaderValue::from_bytes(self).map_err(|_| invalid_value_bytes(self))
    }
}

impl IntoHeaderValue for Vec<u8> {
    fn into_header_value(self) -> Result<HeaderValue, Error> {
        Bytes::from(self).into_header_value()
    }
}

impl IntoHeaderValue for Bytes {
    fn into_header_value(self) -> Result<HeaderValue, Error> {
        if !self.iter().copied().all(is_value_byte) {
            return Err(invalid_value_bytes(&self));
        }
        // Checked above, so this moves the bytes in without a copy and cannot fail.
        HeaderValue::from_maybe_shared(self).map_err(|_| invalid_value_bytes(b""))
    }
}

/// The bytes `http` accepts in a header value: visible characters, space, tab and
/// obs-text (0x80..=0xFF); no other control character and no DEL.
pub(crate) fn is_value_byte(b: u8) -> bool {
    responses_rules::is_header_value_byte(b)
}

macro_rules! integer_header_values {
    ($($t:ty),*) => {$(
        impl IntoHeaderValue for $t {
            fn into_header_value(self) -> Result<HeaderValue, Error> {
                Ok(HeaderValue::from(self))
            }
        }
    )*};
}
integer_header_values!(u16, u32, u64, usize, i16, i32, i64, isize);

fn latin1_header_value(text: &str) -> Result<HeaderValue, Error> {
    match responses_rules::header_value(text) {
        Ok(responses_rules::HeaderValueBytes::Ascii(text)) => Bytes::from(text).into_header_value(),
        Ok(responses_rules::HeaderValueBytes::Latin1(bytes)) => {
            HeaderValue::from_maybe_shared(Bytes::from(bytes)).map_err(|_| invalid_value_text(text))
        }
        Err(message) => Err(Error::new(ErrorKind::InvalidHeaderValue, message)),
    }
}

/// An ASCII byte a text header value may hold as it is: tab, and space to `~`.
fn is_ascii_value_byte(b: u8) -> bool {
    b == b'\t' || (b' '..=b'~').contains(&b)
}

fn invalid_value_text(text: &str) -> Error {
    Error::new(
        ErrorKind::InvalidHeaderValue,
        format!(
            "{} contains a control character (CR, LF, NUL, DEL…)",
            show(text)
        ),
    )
}

fn invalid_value_bytes(bytes: &[u8]) -> Error {
    Error::new(
        ErrorKind::InvalidHeaderValue,
        format!(
            "{} contains a control character (CR, LF, NUL, DEL…)",
            show_bytes(bytes)
        ),
    )
}

/// Validates a header pair, naming the header in the error.
pub(crate) fn header_pair(
    name: impl IntoHeaderName,
    value: impl IntoHeaderValue,
) -> Result<(HeaderName, HeaderValue), Error> {
    let name = name.into_header_name()?;
    match value.into_header_value() {
        Ok(value) => Ok((name, value)),
        Err(err) => Err(Error::new(
            err.kind(),
            format!("header `{name}`: {}", err.message()),
        )),
    }
}

/// Anything that can be a status code: a [`StatusCode`] or a `u16` checked when the
/// response is built.
///
/// # Examples
///
/// ```
/// use responses::IntoStatusCode;
///
/// assert_eq!(201u16.into_status_code()?, 201);
/// assert!(1000u16.into_status_code().is_err());
/// # Ok::<(), responses::Error>(())
/// ```
pub trait IntoStatusCode {
    /// Validates the status code.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidStatus`] for a number outside `100..=599` (RFC 9110 §15).
    fn into_status_code(self) -> Result<StatusCode, Error>;
}

impl IntoStatusCode for StatusCode {
    fn into_status_code(self) -> Result<StatusCode, Error> {
        self.as_u16().into_status_code()
    }
}

impl IntoStatusCode for u16 {
    fn into_status_code(self) -> Result<StatusCode, Error> {
        let invalid = |message| Error::new(ErrorKind::InvalidStatus, message);
        let code = responses_rules::status(u64::from(self)).map_err(invalid)?;
        StatusCode::from_u16(code).map_err(|e| invalid(e.to_string()))
    }
}

/// Whether a response with this status carries a body: not for 1xx, 204 and 304
/// (RFC 9110 §6.4.1). Those responses get no `content-length` and no body bytes.
///
/// # Examples
///
/// ```
/// use http::StatusCode;
/// use responses::headers::status_allows_body;
///
/// assert!(status_allows_body(StatusCode::OK));
/// assert!(status_allows_body(StatusCode::RESET_CONTENT));
/// assert!(!status_allows_body(StatusCode::NO_CONTENT));
/// assert!(!status_allows_body(StatusCode::NOT_MODIFIED));
/// assert!(!status_allows_body(StatusCode::SWITCHING_PROTOCOLS));
/// ```
pub fn status_allows_body(status: StatusCode) -> bool {
    responses_rules::status_allows_body(status.as_u16())
}

/// Starlette's `init_headers`: completes the caller's headers with the computed ones.
///
/// The caller's headers stay first, in their order. Then, unless the caller gave one:
/// `content-length` (when `content_length` is `Some` and the status allows a body) and
/// `content-type` (when `content_type` is `Some`). A 1xx, 204 or 304 response gets no
/// `content-length` at all: one given by the caller is removed (docs/behaviour.md §5).
///
/// # Errors
///
/// [`ErrorKind::TooManyHeaders`] when the map is full (`http`'s limit of 32 768 entries).
///
/// # Examples
///
/// ```
/// use http::{HeaderMap, HeaderValue, StatusCode};
/// use responses::headers::init_headers;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-b", HeaderValue::from_static("2"));
/// init_headers(
///     &mut headers,
///     StatusCode::OK,
///     Some(2),
///     Some(HeaderValue::from_static("text/plain; charset=utf-8")),
/// )?;
/// let names: Vec<_> = headers.keys().map(|k| k.as_str()).collect();
/// assert_eq!(names, ["x-b", "content-length", "content-type"]);
///
/// let mut no_content = HeaderMap::new();
/// no_content.insert("content-length", HeaderValue::from_static("0"));
/// init_headers(&mut no_content, StatusCode::NO_CONTENT, Some(0), None)?;
/// assert!(no_content.is_empty());
/// # Ok::<(), responses::Error>(())
/// ```
#[inline]
pub fn init_headers(
    headers: &mut HeaderMap,
    status: StatusCode,
    content_length: Option<u64>,
    content_type: Option<HeaderValue>,
) -> Result<(), Error> {
    // A map that starts empty has no caller header to keep or remove: no lookups.
    let fresh = headers.is_empty();
    if !status_allows_body(status) {
        if !fresh {
            remove_in_order(headers, &[CONTENT_LENGTH]);
        }
    } else if let Some(len) = content_length
        && (fresh || !headers.contains_key(CONTENT_LENGTH))
    {
        try_append(headers, CONTENT_LENGTH, length_value(len))?;
    }
    if let Some(ct) = content_type
        && (fresh || !headers.contains_key(CONTENT_TYPE))
    {
        try_append(headers, CONTENT_TYPE, ct)?;
    }
    Ok(())
}

/// The decimal text of every number below [`STATIC_LENGTHS`], back to back (checked as
/// UTF-8 at compile time, so slicing it needs no check at run time).
static DECIMALS: &str = match std::str::from_utf8(&DECIMAL_BYTES) {
    Ok(text) => text,
    Err(_) => panic!("digits are ASCII"),
};
static DECIMAL_BYTES: [u8; DECIMALS_LEN] = decimals();

/// Lengths below this get a static `content-length` value.
const STATIC_LENGTHS: u64 = 10_000;
const DECIMALS_LEN: usize = 10 + 90 * 2 + 900 * 3 + 9_000 * 4;

const fn decimals() -> [u8; DECIMALS_LEN] {
    let mut out = [0u8; DECIMALS_LEN];
    let (mut n, mut at) = (0usize, 0usize);
    while n < STATIC_LENGTHS as usize {
        let width = if n < 10 {
            1
        } else if n < 100 {
            2
        } else if n < 1_000 {
            3
        } else {
            4
        };
        let (mut rest, mut i) = (n, width);
        while i > 0 {
            i -= 1;
            out[at + i] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        at += width;
        n += 1;
    }
    out
}

/// A `content-length` value: static (no allocation) below 10,000, else one allocation of
/// its exact size (`HeaderValue::from(u64)` makes two).
#[inline]
pub(crate) fn length_value(len: u64) -> HeaderValue {
    if len < STATIC_LENGTHS {
        let n = len as usize;
        let (start, width) = match n {
            0..=9 => (n, 1),
            10..=99 => (10 + (n - 10) * 2, 2),
            100..=999 => (190 + (n - 100) * 3, 3),
            _ => (2_890 + (n - 1_000) * 4, 4),
        };
        if let Some(text) = DECIMALS.get(start..start + width) {
            return HeaderValue::from_static(text);
        }
    }
    let mut digits = itoa::Buffer::new();
    HeaderValue::from_maybe_shared(Bytes::copy_from_slice(digits.format(len).as_bytes()))
        .unwrap_or_else(|_| HeaderValue::from(len))
}

/// Removes every header named in `names`, keeping the order of the others
/// (`HeaderMap::remove` moves the last header into the removed one's place).
pub(crate) fn remove_in_order(headers: &mut HeaderMap, names: &[HeaderName]) {
    if !names.iter().any(|n| headers.contains_key(n)) {
        return;
    }
    let old = std::mem::take(headers);
    let mut current: Option<HeaderName> = None;
    for (name, value) in old {
        if let Some(name) = name {
            current = Some(name);
        }
        if let Some(name) = &current
            && !names.contains(name)
        {
            // The map held these already, so they fit again.
            let _ = headers.try_append(name.clone(), value);
        }
    }
}

/// Appends every header of `from` to `into`, in order, repeated names included (a
/// `HeaderMap` gives a repeated name as `None` after its first value).
pub(crate) fn append_all(into: &mut HeaderMap, from: HeaderMap) -> Result<(), Error> {
    let mut current = None;
    for (name, value) in from {
        if name.is_some() {
            current = name;
        }
        if let Some(name) = &current {
            try_append(into, name.clone(), value)?;
        }
    }
    Ok(())
}

fn too_many() -> Error {
    Error::new(
        ErrorKind::TooManyHeaders,
        "the response has more headers than an http::HeaderMap can hold",
    )
}

/// `HeaderMap::insert` without its panic on a full map.
#[inline]
pub(crate) fn try_insert(
    headers: &mut HeaderMap,
    name: HeaderName,
    value: HeaderValue,
) -> Result<(), Error> {
    headers
        .try_insert(name, value)
        .map(drop)
        .map_err(|_| too_many())
}

/// `HeaderMap::append` without its panic on a full map.
pub(crate) fn try_append(
    headers: &mut HeaderMap,
    name: HeaderName,
    value: HeaderValue,
) -> Result<(), Error> {
    headers
        .try_append(name, value)
        .map(drop)
        .map_err(|_| too_many())
}

/// Checks a caller's `content-length` against the length of an in-memory body: a value
/// that disagrees would make the server cut the body short or leave the client waiting.
/// The value must be digits only (RFC 9110 `1*DIGIT`).
pub(crate) fn check_content_length(headers: &HeaderMap, body_len: u64) -> Result<(), Error> {
    for value in headers.get_all(CONTENT_LENGTH) {
        if parse_content_length(value.as_bytes()) != Some(body_len) {
            return Err(Error::new(
                ErrorKind::ContentLengthMismatch,
                format!(
                    "content-length {} given, but the body has {} bytes",
                    show_bytes(value.as_bytes()),
                    body_len
                ),
            ));
        }
    }
    Ok(())
}

/// A `content-length` value: RFC 9110 `1*DIGIT` that fits a `u64`; anything else (signs,
/// spaces, an empty value) is `None`.
pub(crate) fn parse_content_length(value: &[u8]) -> Option<u64> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    value.iter().try_fold(0u64, |n, &b| {
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_values_are_the_decimal_length() {
        for n in (0..=20_000).chain([99_999, 100_000, 1 << 40, u64::MAX]) {
            assert_eq!(length_value(n), n.to_string().as_str(), "{n}");
        }
    }

    #[test]
    fn header_names_are_validated_and_lowercased() {
        assert_eq!("Content-MD5".into_header_name().unwrap(), "content-md5");
        for bad in ["", "a b", "a:b", "x\r\ny", "é", "a\0"] {
            let err = bad.into_header_name().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidHeaderName);
            assert!(err.to_string().contains(&show(bad)), "{err}");
        }
    }

    #[test]
    fn header_values_are_latin1_and_reject_controls() {
        assert_eq!("café".into_header_value().unwrap().as_bytes(), b"caf\xe9");
        assert_eq!(
            String::from("\u{ff}")
                .into_header_value()
                .unwrap()
                .as_bytes(),
            b"\xff"
        );
        assert_eq!("a\tb".into_header_value().unwrap(), "a\tb");
        for bad in ["a\rb", "a\nb", "a\0b", "a\u{7f}", "€", "é\r"] {
            let err = bad.into_header_value().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidHeaderValue, "{bad:?}");
            assert!(err.to_string().contains(&show(bad)), "{err}");
            let err = bad.to_owned().into_header_value().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidHeaderValue, "{bad:?}");
        }
        let err = (&b"x\r\n"[..]).into_header_value().unwrap_err();
        assert!(err.to_string().contains("\"x\\r\\n\""), "{err}");
        assert!(Bytes::from_static(b"\n").into_header_value().is_err());
        assert_eq!((-5i64).into_header_value().unwrap(), "-5");
    }

    #[test]
    fn header_pair_names_the_header() {
        let err = header_pair("x-a", "bad\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid header value: header `x-a`: "),
            "{err}"
        );
    }

    #[test]
    fn status_codes() {
        assert!(100u16.into_status_code().is_ok());
        assert!(599u16.into_status_code().is_ok());
        for bad in [0u16, 99, 600, 999, 1000, u16::MAX] {
            let err = bad.into_status_code().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidStatus);
            assert!(err.to_string().contains(&bad.to_string()));
        }
    }

    #[test]
    fn init_headers_rules() {
        let status = |n| StatusCode::from_u16(n).unwrap();
        // 1xx, 204, 304: no content-length; 205 and everything else: one.
        for (code, expect) in [
            (101, false),
            (199, false),
            (200, true),
            (204, false),
            (205, true),
            (304, false),
            (404, true),
            (999, true),
        ] {
            // computed...
            let mut h = HeaderMap::new();
            init_headers(&mut h, status(code), Some(3), None).unwrap();
            assert_eq!(h.contains_key(CONTENT_LENGTH), expect, "{code}");
            // ...or given by the caller: removed where no body is allowed
            let mut h = HeaderMap::new();
            h.insert(CONTENT_LENGTH, HeaderValue::from_static("3"));
            init_headers(&mut h, status(code), Some(3), None).unwrap();
            assert_eq!(h.contains_key(CONTENT_LENGTH), expect, "caller's, {code}");
        }
        // caller values win and keep their position
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_static("text/csv"));
        init_headers(
            &mut h,
            StatusCode::OK,
            Some(2),
            Some(HeaderValue::from_static("text/plain; charset=utf-8")),
        )
        .unwrap();
        let pairs: Vec<_> = h
            .iter()
            .map(|(k, v)| (k.as_str(), v.to_str().unwrap()))
            .collect();
        assert_eq!(
            pairs,
            [("content-type", "text/csv"), ("content-length", "2")]
        );
    }

    #[test]
    fn content_length_check() {
        let mut h = HeaderMap::new();
        assert!(check_content_length(&h, 5).is_ok());
        h.insert(CONTENT_LENGTH, HeaderValue::from_static("5"));
        assert!(check_content_length(&h, 5).is_ok());
        let err = check_content_length(&h, 7).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ContentLengthMismatch);
        assert_eq!(
            err.to_string(),
            "content-length mismatch: content-length \"5\" given, but the body has 7 bytes"
        );
        for bad in ["abc", "+3", " 3", "3 ", "", "-3", "03a"] {
            h.insert(CONTENT_LENGTH, HeaderValue::from_str(bad).unwrap());
            assert!(check_content_length(&h, 3).is_err(), "{bad:?}");
        }
        h.insert(CONTENT_LENGTH, HeaderValue::from_static("003"));
        assert!(check_content_length(&h, 3).is_ok());
    }
}
