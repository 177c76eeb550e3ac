//! Checks of one literal value during expansion: the same rules the runtime applies at run
//! time (`responses::MediaType`, `Charset`, `IntoHeaderName`, `IntoHeaderValue`), so that a
//! static value that passes here can be emitted as a constant that cannot fail.
//!
//! Every rule is `responses_rules`'s; `tests/rules_agree.rs` feeds the same values through
//! those rules and through the runtime's conversions and expects the same verdicts.

use responses_rules::CharsetError;

pub(crate) use responses_rules::Codec;

pub(crate) use responses_rules::status_allows_content;

/// A status code, or the runtime's message for it.
pub(crate) fn status(code: u64) -> Result<u16, String> {
    responses_rules::status(code).map_err(|m| format!("invalid status code: {m}"))
}

#[derive(Debug, Clone)]
pub(crate) struct MediaType {
    pub(crate) text: String,
    pub(crate) is_text: bool,
    pub(crate) has_charset: bool,
    pub(crate) is_json: bool,
    /// The media type's own `charset` parameter, if it names one.
    pub(crate) charset_param: Option<String>,
}

pub(crate) fn media_type(s: &str) -> Result<MediaType, String> {
    match responses_rules::parse_media_type(s) {
        Ok(parts) => Ok(MediaType {
            text: s.to_owned(),
            is_text: parts.is_text(),
            has_charset: responses_rules::names_charset(s),
            is_json: parts.is_json(),
            charset_param: parts.charset.map(str::to_owned),
        }),
        Err(why) => Err(format!("invalid media type {s:?}: {why}")),
    }
}

pub(crate) fn charset(label: &str) -> Result<Codec, String> {
    responses_rules::charset(label).map_err(|err| match err {
        CharsetError::Unknown => format!(
            "unknown charset: {}; expected a name such as \"utf-8\", \"latin-1\", \"ascii\", \"shift_jis\" or \"windows-1252\"",
            err.message(label)
        ),
        _ => format!("unknown charset: {}", err.message(label)),
    })
}

pub(crate) fn encoding_static(encoding: &'static encoding_rs::Encoding) -> String {
    encoding.name().to_ascii_uppercase().replace('-', "_")
}

/// Checks a header name; returns it lower-cased.
/// A header name, lower-cased, or the runtime's message for it.
pub(crate) fn header_name(name: &str) -> Result<String, String> {
    let lower =
        responses_rules::header_name(name).map_err(|m| format!("invalid header name: {m}"))?;
    responses_rules::caller_header(&lower).map_err(|m| format!("framing header: {m}"))?;
    Ok(lower)
}

pub(crate) fn computed_header(lower: &str) -> Option<&'static str> {
    match lower {
        "content-length" => Some("`content-length` is computed from the body; remove this header"),
        "content-type" => Some(
            "`content-type` is computed from the media type; use `media_type = \"...\"` instead",
        ),
        _ => None,
    }
}

/// A static header value: visible ASCII (emitted with `from_static`) or ISO-8859-1 bytes.
pub(crate) use responses_rules::HeaderValueBytes as HeaderValue;

/// The bytes of a header value, or the runtime's message for it.
pub(crate) fn header_value(value: &str) -> Result<HeaderValue, String> {
    responses_rules::header_value(value).map_err(|m| format!("invalid header value: {m}"))
}

pub(crate) fn content_type(media: &MediaType, charset_label: &str) -> String {
    if media.is_text && !media.has_charset {
        format!("{}; charset={}", media.text, charset_label)
    } else {
        media.text.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(status(100), Ok(100));
        assert_eq!(status(599), Ok(599));
        assert!(status(99).is_err());
        assert!(status(600).is_err());
        assert!(status(70000).is_err());
    }

    #[test]
    fn media_types() {
        let m = media_type("application/vnd.api+json").unwrap();
        assert!(m.is_json && !m.is_text);
        let m = media_type("Text/HTML; level=1").unwrap();
        assert!(m.is_text && !m.has_charset);
        assert!(
            media_type("text/plain; charset=latin-1")
                .unwrap()
                .has_charset
        );
        for bad in [
            "",
            "text",
            "text/",
            "text/plain;x",
            "a b/c",
            "text/plain; a=\"x",
        ] {
            assert!(media_type(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn charsets() {
        assert_eq!(charset("latin-1"), Ok(Codec::Latin1));
        assert_eq!(charset("UTF8"), Ok(Codec::Utf8));
        assert_eq!(charset("US-ASCII"), Ok(Codec::Ascii));
        let other = |label: &str| match charset(label) {
            Ok(Codec::Other(encoding)) => Some(encoding_static(encoding)),
            _ => None,
        };
        assert_eq!(other("shift_jis").as_deref(), Some("SHIFT_JIS"));
        assert_eq!(other("cp1252").as_deref(), Some("WINDOWS_1252"));
        assert_eq!(other("x-mac-cyrillic").as_deref(), Some("X_MAC_CYRILLIC"));
        assert!(charset("utf-16le").is_err());
        assert!(charset("klingon").is_err());
        assert_eq!(charset("iso88591"), Ok(Codec::Latin1));
        assert!(charset(" utf-8").is_err());
    }

    #[test]
    fn headers() {
        assert_eq!(header_name("X-Request-Id").unwrap(), "x-request-id");
        assert!(header_name("x y").is_err());
        assert_eq!(
            header_value("no-store"),
            Ok(HeaderValue::Ascii("no-store".into()))
        );
        assert_eq!(
            header_value("café"),
            Ok(HeaderValue::Latin1(b"caf\xe9".to_vec()))
        );
        assert!(header_value("a\r\nb").is_err());
        assert!(header_value("€").is_err());
    }
}
