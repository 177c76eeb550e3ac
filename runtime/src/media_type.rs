//! Media types and the `content-type` header computed from them.

use std::borrow::Cow;
use std::fmt;

use http::HeaderValue;

use crate::charset::Charset;
use crate::error::{Error, ErrorKind, show};

/// A validated media type (`type/subtype` with optional `; name=value` parameters), as
/// given to a response's `media_type`.
///
/// The text is kept as written; it is only checked against the RFC 9110 grammar
/// (`token "/" token *( OWS ";" OWS token "=" ( token / quoted-string ) )`).
///
/// # Examples
///
/// ```
/// use responses::MediaType;
///
/// let csv = MediaType::new("text/csv; header=present")?;
/// assert!(csv.is_text());
/// assert!(MediaType::new("application/vnd.api+json")?.is_json());
/// assert!(MediaType::new("text").is_err());
/// # Ok::<(), responses::Error>(())
/// ```
#[derive(Clone)]
pub struct MediaType(Repr);

#[derive(Clone)]
enum Repr {
    /// One of the constants: nothing to build, copy or drop but a reference.
    Known(&'static Known),
    /// Any other, parsed.
    Parsed(Parsed),
}

/// A constant media type, with its `content-type` value (with `; charset=utf-8` for a
/// text type) built at compile time.
struct Known {
    text: &'static str,
    is_text: bool,
    utf8_value: HeaderValue,
}

#[derive(Clone)]
struct Parsed {
    text: Cow<'static, str>,
    /// The type is `text` (case-insensitive).
    is_text: bool,
    /// The text contains `charset=` (case-insensitive), so no charset is appended.
    has_charset: bool,
}

static KNOWN: [Known; 4] = [
    Known {
        text: "text/plain",
        is_text: true,
        utf8_value: HeaderValue::from_static("text/plain; charset=utf-8"),
    },
    Known {
        text: "text/html",
        is_text: true,
        utf8_value: HeaderValue::from_static("text/html; charset=utf-8"),
    },
    Known {
        text: "application/json",
        is_text: false,
        utf8_value: HeaderValue::from_static("application/json"),
    },
    Known {
        text: "application/octet-stream",
        is_text: false,
        utf8_value: HeaderValue::from_static("application/octet-stream"),
    },
];

impl PartialEq for MediaType {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for MediaType {}

impl MediaType {
    /// The value of the media type's own `charset` parameter, if it names one.
    pub(crate) fn charset_param(&self) -> Option<&str> {
        match &self.0 {
            Repr::Known(_) => None,
            Repr::Parsed(p) if p.has_charset => {
                responses_rules::parse_media_type(&p.text).ok()?.charset
            }
            Repr::Parsed(_) => None,
        }
    }

    /// `text/plain`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::MediaType::TEXT_PLAIN.as_str(), "text/plain");
    /// ```
    pub const TEXT_PLAIN: MediaType = MediaType(Repr::Known(&KNOWN[0]));
    /// `text/html`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::MediaType::TEXT_HTML.as_str(), "text/html");
    /// ```
    pub const TEXT_HTML: MediaType = MediaType(Repr::Known(&KNOWN[1]));
    /// `application/json`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::MediaType::APPLICATION_JSON.is_json());
    /// ```
    pub const APPLICATION_JSON: MediaType = MediaType(Repr::Known(&KNOWN[2]));
    /// `application/octet-stream`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!responses::MediaType::APPLICATION_OCTET_STREAM.is_text());
    /// ```
    pub const APPLICATION_OCTET_STREAM: MediaType = MediaType(Repr::Known(&KNOWN[3]));

    /// Checks `text` against the media-type grammar.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidMediaType`] naming the text and what is wrong with it.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::MediaType;
    ///
    /// assert!(MediaType::new("text/plain;CHARSET=ascii").is_ok());
    /// assert!(MediaType::new("text/plain; format=\"charset=no\"").is_ok());
    /// let err = MediaType::new("text/plain; charset").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid media type: \"text/plain; charset\": parameter `charset` has no `=value`"
    /// );
    /// ```
    pub fn new(text: impl Into<Cow<'static, str>>) -> Result<MediaType, Error> {
        let text = text.into();
        match parse(&text) {
            Ok(is_text) => {
                if let Some(known) = KNOWN.iter().find(|k| k.text == text) {
                    return Ok(MediaType(Repr::Known(known)));
                }
                let has_charset = responses_rules::names_charset(&text);
                Ok(MediaType(Repr::Parsed(Parsed {
                    text,
                    is_text,
                    has_charset,
                })))
            }
            Err(why) => Err(Error::new(
                ErrorKind::InvalidMediaType,
                format!("{}: {}", show(&text), why),
            )),
        }
    }

    /// The media type as written.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::MediaType::new("image/png")?.as_str(), "image/png");
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Known(k) => k.text,
            Repr::Parsed(p) => &p.text,
        }
    }

    /// Whether the type is `text` (compared case-insensitively), so that a charset is
    /// appended to `content-type`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::MediaType::new("Text/Plain")?.is_text());
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn is_text(&self) -> bool {
        match &self.0 {
            Repr::Known(k) => k.is_text,
            Repr::Parsed(p) => p.is_text,
        }
    }

    /// Whether this is `application/json` or a `+json` type (`application/problem+json`),
    /// the media types whose bodies the derive renders as JSON by default.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::MediaType;
    ///
    /// assert!(MediaType::new("application/problem+json; v=1")?.is_json());
    /// assert!(!MediaType::new("application/jsonl")?.is_json());
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn is_json(&self) -> bool {
        // The same rule the derive uses to pick JSON rendering.
        responses_rules::parse_media_type(self.as_str()).is_ok_and(|parts| parts.is_json())
    }

    /// [`content_type`](MediaType::content_type), consuming the media type (owned text
    /// that needs no charset becomes the value without a copy).
    #[inline]
    pub(crate) fn into_content_type(self, charset: &Charset) -> HeaderValue {
        match self.0 {
            Repr::Parsed(Parsed {
                text: Cow::Owned(text),
                is_text,
                has_charset,
            }) if !is_text || has_charset => header_value_from_checked(text),
            _ => self.content_type(charset),
        }
    }

    /// The `content-type` header value for this media type and `charset`: the media type,
    /// plus `; charset=LABEL` when it is a `text/*` type that names no charset itself.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Charset, MediaType};
    ///
    /// let html = MediaType::TEXT_HTML.content_type(&Charset::UTF_8);
    /// assert_eq!(html, "text/html; charset=utf-8");
    /// let png = MediaType::new("image/png")?.content_type(&Charset::UTF_8);
    /// assert_eq!(png, "image/png");
    /// # Ok::<(), responses::Error>(())
    /// ```
    #[inline]
    pub fn content_type(&self, charset: &Charset) -> HeaderValue {
        let (text, needs_charset) = match &self.0 {
            Repr::Known(k) => {
                if !k.is_text || charset.label() == "utf-8" {
                    return k.utf8_value.clone();
                }
                (k.text, true)
            }
            Repr::Parsed(p) => {
                let needs_charset = p.is_text && !p.has_charset;
                if let (Cow::Borrowed(text), false) = (&p.text, needs_charset) {
                    // Checked by `parse`: static text is its own value, without a copy.
                    if let Ok(value) =
                        HeaderValue::from_maybe_shared(bytes::Bytes::from_static(text.as_bytes()))
                    {
                        return value;
                    }
                }
                (&*p.text, needs_charset)
            }
        };
        if needs_charset {
            let mut value = String::with_capacity(text.len() + 10 + charset.label().len());
            value.push_str(text);
            value.push_str("; charset=");
            value.push_str(charset.label());
            header_value_from_checked(value)
        } else {
            header_value_from_checked(text.to_owned())
        }
    }
}

/// Builds a header value from text this module has validated (visible ASCII, spaces and
/// tabs only), so the conversion cannot fail.
fn header_value_from_checked(text: String) -> HeaderValue {
    match HeaderValue::from_maybe_shared(bytes::Bytes::from(text)) {
        Ok(v) => v,
        // Unreachable: `parse` and `Charset` only admit visible ASCII. An empty value is
        // the harmless answer should that ever change.
        Err(_) => HeaderValue::from_static(""),
    }
}

/// Parses a media type; on success tells whether its type is `text`.
fn parse(s: &str) -> Result<bool, String> {
    responses_rules::parse_media_type(s)
        .map(|parts| parts.is_text())
        .map_err(|err| err.to_string())
}

impl fmt::Debug for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MediaType").field(&self.as_str()).finish()
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<&'static str> for MediaType {
    type Error = Error;

    /// Same as [`MediaType::new`].
    fn try_from(text: &'static str) -> Result<Self, Error> {
        MediaType::new(text)
    }
}

impl TryFrom<String> for MediaType {
    type Error = Error;

    /// Same as [`MediaType::new`].
    fn try_from(text: String) -> Result<Self, Error> {
        MediaType::new(text)
    }
}

impl std::str::FromStr for MediaType {
    type Err = Error;

    /// Same as [`MediaType::new`].
    fn from_str(text: &str) -> Result<Self, Error> {
        MediaType::new(text.to_owned())
    }
}

/// Anything that names a media type: a [`MediaType`], or text checked when the response
/// is built.
///
/// # Examples
///
/// ```
/// use responses::IntoMediaType;
///
/// assert!("image/png".into_media_type().is_ok());
/// assert!("image png".into_media_type().is_err());
/// ```
pub trait IntoMediaType {
    /// Validates the media type.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidMediaType`] for text that is not a media type.
    fn into_media_type(self) -> Result<MediaType, Error>;
}

impl IntoMediaType for MediaType {
    fn into_media_type(self) -> Result<MediaType, Error> {
        Ok(self)
    }
}

impl IntoMediaType for &'static str {
    fn into_media_type(self) -> Result<MediaType, Error> {
        MediaType::new(self)
    }
}

impl IntoMediaType for String {
    fn into_media_type(self) -> Result<MediaType, Error> {
        MediaType::new(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precomputed_values_follow_the_charset_label() {
        let utf8_spelled = Charset::new("UTF8").unwrap();
        let cases = [
            (
                MediaType::TEXT_PLAIN,
                Charset::UTF_8,
                "text/plain; charset=utf-8",
            ),
            (
                MediaType::TEXT_PLAIN,
                utf8_spelled.clone(),
                "text/plain; charset=UTF8",
            ),
            (
                MediaType::TEXT_HTML,
                Charset::LATIN_1,
                "text/html; charset=latin-1",
            ),
            (
                MediaType::APPLICATION_JSON,
                Charset::LATIN_1,
                "application/json",
            ),
            (
                MediaType::new("text/plain").unwrap(),
                utf8_spelled,
                "text/plain; charset=UTF8",
            ),
            (
                MediaType::new("text/csv").unwrap(),
                Charset::UTF_8,
                "text/csv; charset=utf-8",
            ),
            (
                MediaType::new("image/png").unwrap(),
                Charset::UTF_8,
                "image/png",
            ),
            (
                MediaType::new(String::from("image/png")).unwrap(),
                Charset::LATIN_1,
                "image/png",
            ),
            (
                MediaType::new("text/x; charset=ascii").unwrap(),
                Charset::UTF_8,
                "text/x; charset=ascii",
            ),
        ];
        for (media, charset, expected) in cases {
            assert_eq!(
                media.content_type(&charset),
                expected,
                "{media:?} {charset:?}"
            );
        }
        assert_eq!(MediaType::new("text/html").unwrap(), MediaType::TEXT_HTML);
        assert_eq!(
            MediaType::new(String::from("image/png")).unwrap(),
            MediaType::new("image/png").unwrap()
        );
    }

    #[test]
    fn valid_media_types() {
        for ok in [
            "text/plain",
            "Text/Plain",
            "application/vnd.api+json",
            "text/plain;charset=utf-8",
            "text/plain ; charset=utf-8",
            "text/plain;CHARSET=ascii",
            "multipart/form-data; boundary=\"a b;c\"",
            "text/plain; format=\"charset=no\"",
            "text/plain; a=\"q\\\"x\"",
            "image/svg+xml",
        ] {
            assert!(MediaType::new(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn malformed_media_types_name_the_value() {
        for bad in [
            "",
            "text",
            "text/",
            "/plain",
            "text /plain",
            "text/plain x",
            "text/pl ain",
            "text/plain; =x",
            "text/plain; a",
            "text/plain; a=",
            "text/plain; a=\"open",
            "text/plain\r\nx: y",
            "text/plain\0",
            "tëxt/plain",
        ] {
            let err = MediaType::new(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidMediaType);
            assert!(err.to_string().contains(&show(bad)), "{err}");
        }
    }

    #[test]
    fn charset_appended_to_text_types_only() {
        let utf8 = Charset::UTF_8;
        let latin = Charset::new("latin-1").unwrap();
        let ct = |m: &str, c: &Charset| MediaType::new(m.to_owned()).unwrap().content_type(c);
        assert_eq!(ct("text/plain", &utf8), "text/plain; charset=utf-8");
        assert_eq!(ct("text/plain", &latin), "text/plain; charset=latin-1");
        assert_eq!(
            ct("text/event-stream", &utf8),
            "text/event-stream; charset=utf-8"
        );
        // docs/behaviour.md §4: the `text/*` test is case-insensitive (Starlette's is not).
        assert_eq!(ct("Text/Plain", &utf8), "Text/Plain; charset=utf-8");
        assert_eq!(ct("application/xml", &utf8), "application/xml");
        assert_eq!(ct("image/svg+xml", &utf8), "image/svg+xml");
        assert_eq!(
            ct("text/plain;CHARSET=ascii", &utf8),
            "text/plain;CHARSET=ascii"
        );
        assert_eq!(
            ct("text/plain; format=\"charset=no\"", &utf8),
            "text/plain; format=\"charset=no\""
        );
        assert_eq!(
            MediaType::TEXT_PLAIN.content_type(&latin),
            "text/plain; charset=latin-1"
        );
        assert_eq!(
            MediaType::TEXT_HTML.content_type(&utf8),
            "text/html; charset=utf-8"
        );
    }

    #[test]
    fn json_detection() {
        assert!(MediaType::APPLICATION_JSON.is_json());
        assert!(MediaType::new("APPLICATION/JSON").unwrap().is_json());
        assert!(MediaType::new("application/ld+json").unwrap().is_json());
        assert!(!MediaType::new("text/json5").unwrap().is_json());
    }
}
