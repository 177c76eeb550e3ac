//! Header names and values as a caller gives them: names are tokens, values are
//! ISO-8859-1 text without control characters.

use crate::{is_tchar, quote};

/// The headers a response of this crate never takes from its caller: those that frame the
/// message (`transfer-encoding`) or concern only the connection (RFC 9110 §7.6.1:
/// `connection` and the headers it names, `keep-alive`, `proxy-connection`, `te`,
/// `upgrade`), and `trailer`, which announces trailers no response here sends. The server
/// writes them from the body it is given; one from the caller would contradict its framing
/// (hyper closes the connection on a response with its own `transfer-encoding` next to a
/// `content-length`).
///
/// ```
/// assert!(responses_rules::FRAMING_HEADERS.contains(&"transfer-encoding"));
/// ```
pub const FRAMING_HEADERS: [&str; 7] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Refuses a [framing or hop-by-hop header](FRAMING_HEADERS); `name` is lower-case.
///
/// # Errors
///
/// The message saying why the header cannot be set.
///
/// ```
/// assert!(responses_rules::caller_header("x-request-id").is_ok());
/// assert!(responses_rules::caller_header("transfer-encoding").is_err());
/// ```
pub fn caller_header(name: &str) -> Result<(), String> {
    if FRAMING_HEADERS.contains(&name) {
        return Err(format!(
            "`{name}` frames the message or concerns the connection: the server writes it, a response cannot set it"
        ));
    }
    Ok(())
}

/// A header name, lower-cased, or the message saying why it is not one.
///
/// # Errors
///
/// A name that is empty or not an RFC 9110 token.
///
/// ```
/// assert_eq!(responses_rules::header_name("X-Request-Id").unwrap(), "x-request-id");
/// assert!(responses_rules::header_name("x y").is_err());
/// ```
pub fn header_name(name: &str) -> Result<String, String> {
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(format!(
            "{} is not a valid header name (a token: letters, digits and !#$%&'*+-.^_`|~)",
            quote(name)
        ));
    }
    Ok(name.to_ascii_lowercase())
}

/// Whether a byte may appear in a header value: tab, visible ASCII and space, and the
/// bytes above 0x7F (`obs-text`, RFC 9110 §5.5); never CR, LF, NUL, another control
/// character or DEL.
///
/// ```
/// assert!(responses_rules::is_header_value_byte(b'\t'));
/// assert!(!responses_rules::is_header_value_byte(b'\n'));
/// ```
pub fn is_header_value_byte(b: u8) -> bool {
    b == b'\t' || (b >= 0x20 && b != 0x7f)
}

/// Whether `c` is a control character: C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F).
/// Text refuses them wherever it becomes a header: a header value (tab excepted) and every
/// part of a cookie. (Raw bytes are another matter: a byte 0x85 in a value given as bytes
/// is `obs-text`, see [`is_header_value_byte`].)
///
/// ```
/// assert!(responses_rules::is_control_char('\u{85}'));
/// assert!(!responses_rules::is_control_char('é'));
/// ```
pub fn is_control_char(c: char) -> bool {
    c.is_control()
}

/// The bytes of a header value given as text.
///
/// ```
/// use responses_rules::{HeaderValueBytes, header_value};
///
/// assert_eq!(header_value("ok"), Ok(HeaderValueBytes::Ascii("ok".into())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValueBytes {
    /// ASCII text, sent as it is.
    Ascii(String),
    /// Text with characters above U+007F, sent as ISO-8859-1 bytes.
    Latin1(Vec<u8>),
}

/// Text as a header value: each character one ISO-8859-1 byte, and no
/// [control character](is_control_char) but tab.
///
/// # Errors
///
/// The message naming the first character that is not ISO-8859-1, or is a control
/// character.
///
/// ```
/// use responses_rules::{HeaderValueBytes, header_value};
///
/// assert_eq!(header_value("café"), Ok(HeaderValueBytes::Latin1(b"caf\xe9".to_vec())));
/// assert!(header_value("a\r\nb").is_err());
/// ```
pub fn header_value(value: &str) -> Result<HeaderValueBytes, String> {
    let mut bytes = Vec::with_capacity(value.len());
    for c in value.chars() {
        let Ok(b) = u8::try_from(u32::from(c)) else {
            return Err(format!(
                "{} has '{}' (U+{:04X}), which is not ISO-8859-1",
                quote(value),
                c,
                u32::from(c)
            ));
        };
        if c != '\t' && is_control_char(c) {
            return Err(format!(
                "{} contains a control character (CR, LF, NUL, DEL…)",
                quote(value)
            ));
        }
        bytes.push(b);
    }
    if value.is_ascii() {
        Ok(HeaderValueBytes::Ascii(value.to_owned()))
    } else {
        Ok(HeaderValueBytes::Latin1(bytes))
    }
}
