//! The rules that `responses` applies at run time and `responses-macros` applies during
//! expansion, with their messages: status codes, header names and values, the media-type
//! grammar and charset lookup. One implementation, so that a static value the derive
//! accepts is one the runtime accepts too (the generated code can treat it as checked),
//! and a mistake reads the same at compile time and at run time.
//!
//! Not meant to be used directly: depend on `responses`.
//!
//! ```
//! use responses_rules::{Codec, charset, parse_media_type};
//!
//! assert_eq!(charset("latin-1"), Ok(Codec::Latin1));
//! assert!(parse_media_type("text/html; charset=utf-8").is_ok());
//! ```

mod charset;
mod header;
mod json;
mod media_type;
mod status;

pub use charset::{CharsetError, Codec, charset};
pub use header::{
    FRAMING_HEADERS, HeaderValueBytes, caller_header, header_name, header_value, is_control_char,
    is_header_value_byte,
};
pub use json::{JSON_ESCAPE, push_json_escape, push_json_str};
pub use media_type::{MediaTypeError, MediaTypeParts, names_charset, parse_media_type};
pub use status::{STATUS_CODES, status, status_allows_body, status_allows_content};

/// RFC 9110 `tchar`: the characters of a token (header names, media types, charsets).
///
/// ```
/// assert!(responses_rules::is_tchar(b'~') && !responses_rules::is_tchar(b' '));
/// ```
pub fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_'
        | b'`' | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// `value` in double quotes for a message, escaped like a Rust string (control
/// characters visible), cut after 100 characters.
///
/// ```
/// assert_eq!(responses_rules::quote("a\r\n\"b"), "\"a\\r\\n\\\"b\"");
/// ```
pub fn quote(value: &str) -> String {
    const MAX: usize = 100;
    let mut out = String::with_capacity(value.len().min(MAX) + 2);
    out.push('"');
    for (i, c) in value.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
