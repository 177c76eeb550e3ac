//! The rules that `responses` applies at run time and `responses-macros` applies during
//! expansion: the media-type grammar and charset lookup. One implementation, so that a
//! static value the derive accepts is one the runtime accepts too, and the generated code
//! can treat it as checked.
//!
//! Not meant to be used directly: depend on `responses`.
//!
//! ```
//! use responses_rules::{Codec, charset, parse_media_type};
//!
//! assert_eq!(charset("latin-1"), Ok(Codec::Latin1));
//! assert!(parse_media_type("text/html; charset=utf-8").is_ok());
//! ```

use encoding_rs::Encoding;

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

/// Characters allowed in a quoted parameter value (ASCII only: header values are sent as
/// bytes, and a media type is ASCII in practice).
fn is_quoted(b: u8) -> bool {
    b == b'\t' || (b' '..=b'~').contains(&b)
}

/// The type and subtype of a media type that [`parse_media_type`] accepted.
///
/// ```
/// let m = responses_rules::parse_media_type("Text/CSV; header=present").unwrap();
/// assert!(m.is_text() && !m.is_json());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaTypeParts<'a> {
    /// The type, as written.
    pub ty: &'a str,
    /// The subtype, as written.
    pub subtype: &'a str,
}

impl MediaTypeParts<'_> {
    /// Whether the type is `text` (case-insensitive), so `content-type` takes a charset.
    ///
    /// ```
    /// assert!(responses_rules::parse_media_type("TEXT/plain").unwrap().is_text());
    /// ```
    pub fn is_text(&self) -> bool {
        self.ty.eq_ignore_ascii_case("text")
    }

    /// Whether this is `application/json` or a `+json` type.
    ///
    /// ```
    /// assert!(responses_rules::parse_media_type("application/problem+json").unwrap().is_json());
    /// ```
    pub fn is_json(&self) -> bool {
        let sub = self.subtype.to_ascii_lowercase();
        (self.ty.eq_ignore_ascii_case("application") && sub == "json") || sub.ends_with("+json")
    }
}

/// What is wrong with a media type; each user words its own message from it.
///
/// ```
/// use responses_rules::{MediaTypeError, parse_media_type};
///
/// assert_eq!(parse_media_type("text"), Err(MediaTypeError::NoSlash { ty: "text" }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaTypeError<'a> {
    /// No type before `/`.
    NoType,
    /// A type not followed by `/`.
    NoSlash {
        /// The type.
        ty: &'a str,
    },
    /// Nothing after `type/`.
    NoSubtype {
        /// The type.
        ty: &'a str,
    },
    /// Something other than `; parameter` after `type/subtype` or a parameter.
    Unexpected {
        /// The type.
        ty: &'a str,
        /// The subtype.
        subtype: &'a str,
        /// The text from the unexpected character on.
        rest: &'a str,
    },
    /// A `;` not followed by a parameter name.
    NoParameterName {
        /// The text from where the name should be.
        rest: &'a str,
    },
    /// A parameter name without `=`.
    NoValue {
        /// The parameter.
        name: &'a str,
    },
    /// A quoted value without its closing quote.
    Unterminated {
        /// The parameter.
        name: &'a str,
    },
    /// A character not allowed in a quoted value.
    BadQuotedCharacter {
        /// The parameter.
        name: &'a str,
    },
    /// `name=` with nothing after it.
    EmptyValue {
        /// The parameter.
        name: &'a str,
    },
}

/// Checks `s` against RFC 9110's media-type grammar:
/// `type "/" subtype *( OWS ";" OWS parameter )`, leniently accepting a trailing `;`.
///
/// # Errors
///
/// [`MediaTypeError`] naming the first thing that is wrong.
///
/// ```
/// assert!(responses_rules::parse_media_type("text/plain; format=\"charset=no\"").is_ok());
/// assert!(responses_rules::parse_media_type("text/plain; charset").is_err());
/// ```
pub fn parse_media_type(s: &str) -> Result<MediaTypeParts<'_>, MediaTypeError<'_>> {
    let b = s.as_bytes();
    let mut i = 0;
    let token = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && is_tchar(b[*i]) {
            *i += 1;
        }
        &s[start..*i]
    };
    let skip_spaces = |i: &mut usize| {
        while *i < b.len() && (b[*i] == b' ' || b[*i] == b'\t') {
            *i += 1;
        }
    };
    let ty = token(&mut i);
    if ty.is_empty() {
        return Err(MediaTypeError::NoType);
    }
    if b.get(i) != Some(&b'/') {
        return Err(MediaTypeError::NoSlash { ty });
    }
    i += 1;
    let subtype = token(&mut i);
    if subtype.is_empty() {
        return Err(MediaTypeError::NoSubtype { ty });
    }
    loop {
        skip_spaces(&mut i);
        if i == b.len() {
            break;
        }
        if b[i] != b';' {
            let rest = &s[i..];
            return Err(MediaTypeError::Unexpected { ty, subtype, rest });
        }
        i += 1;
        skip_spaces(&mut i);
        if i == b.len() {
            // `*( OWS ";" OWS parameter )` wants a parameter after `;`; like most
            // parsers, accept a trailing one.
            break;
        }
        let name = token(&mut i);
        if name.is_empty() {
            return Err(MediaTypeError::NoParameterName { rest: &s[i..] });
        }
        if b.get(i) != Some(&b'=') {
            return Err(MediaTypeError::NoValue { name });
        }
        i += 1;
        if b.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match b.get(i) {
                    None => return Err(MediaTypeError::Unterminated { name }),
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b'\\') if i + 1 < b.len() && is_quoted(b[i + 1]) => i += 2,
                    Some(&c) if is_quoted(c) && c != b'\\' => i += 1,
                    Some(_) => return Err(MediaTypeError::BadQuotedCharacter { name }),
                }
            }
        } else if token(&mut i).is_empty() {
            return Err(MediaTypeError::EmptyValue { name });
        }
    }
    Ok(MediaTypeParts { ty, subtype })
}

/// Whether a media type names its own charset (`charset=`, any case), so none is added.
///
/// ```
/// assert!(responses_rules::names_charset("text/plain; CHARSET=ascii"));
/// ```
pub fn names_charset(media_type: &str) -> bool {
    media_type
        .as_bytes()
        .windows(b"charset=".len())
        .any(|w| w.eq_ignore_ascii_case(b"charset="))
}

/// How a charset encodes text.
///
/// ```
/// assert_eq!(responses_rules::charset("UTF8"), Ok(responses_rules::Codec::Utf8));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// UTF-8.
    Utf8,
    /// Real ISO-8859-1: U+0000..=U+00FF, one byte each.
    Latin1,
    /// 7-bit ASCII.
    Ascii,
    /// An `encoding_rs` encoding that can encode.
    Other(&'static Encoding),
}

/// Why a charset label cannot be used.
///
/// ```
/// use responses_rules::{CharsetError, charset};
///
/// assert_eq!(charset("utf-16le"), Err(CharsetError::DecodeOnly));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetError {
    /// Not a token, so it cannot follow `charset=` in a header.
    NotAToken,
    /// A known label whose encoding only decodes (UTF-16, `replacement`).
    DecodeOnly,
    /// No charset has that name.
    Unknown,
}

/// Python's names for `latin_1`, after [`normalise`].
const LATIN1_NAMES: &[&str] = &[
    "latin_1",
    "latin1",
    "latin",
    "l1",
    "iso_8859_1",
    "iso8859_1",
    "iso8859",
    "8859",
    "cp819",
    "ibm819",
    "iso_ir_100",
    "csisolatin1",
    "iso_8859_1_1987",
];

/// Python's names for `ascii`, after [`normalise`].
const ASCII_NAMES: &[&str] = &[
    "ascii",
    "us_ascii",
    "us",
    "646",
    "ansi_x3.4_1968",
    "ansi_x3_4_1968",
    "ansi_x3.4_1986",
    "cp367",
    "csascii",
    "ibm367",
    "iso646_us",
    "iso_646.irv_1991",
    "iso_ir_6",
];

/// Python's names for `utf_8`, after [`normalise`].
const UTF8_NAMES: &[&str] = &[
    "utf_8",
    "utf8",
    "u8",
    "utf",
    "cp65001",
    "utf8_ucs2",
    "utf8_ucs4",
];

/// The names of windows-1252 proper, after [`normalise`].
const WINDOWS_1252_NAMES: &[&str] = &["windows_1252", "cp1252", "x_cp1252"];

/// Python's `encodings.normalize_encoding` followed by `lower()`: runs of other characters
/// than letters, digits and `.` become one `_`, leading ones are dropped.
fn normalise(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut punct = false;
    for c in label.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            punct = false;
        } else {
            punct = true;
        }
    }
    out
}

/// Looks a charset label up: Python's names for UTF-8, ISO-8859-1 and ASCII first (so
/// `latin-1` is never windows-1252, as the WHATWG labels would have it), then the labels
/// `encoding_rs` knows.
///
/// # Errors
///
/// [`CharsetError`] for a label that is not a token, only decodes, or is unknown.
///
/// ```
/// use responses_rules::{Codec, charset};
///
/// assert_eq!(charset("ISO-8859-1"), Ok(Codec::Latin1));
/// assert_eq!(charset("windows-1252"), Ok(Codec::Other(encoding_rs::WINDOWS_1252)));
/// ```
pub fn charset(label: &str) -> Result<Codec, CharsetError> {
    // The label is written after `charset=` in `content-type`, where it must be a token.
    if label.is_empty() || !label.bytes().all(is_tchar) {
        return Err(CharsetError::NotAToken);
    }
    let normalised = normalise(label);
    if UTF8_NAMES.contains(&normalised.as_str()) {
        return Ok(Codec::Utf8);
    }
    if LATIN1_NAMES.contains(&normalised.as_str()) {
        return Ok(Codec::Latin1);
    }
    if ASCII_NAMES.contains(&normalised.as_str()) {
        return Ok(Codec::Ascii);
    }
    match Encoding::for_label_no_replacement(label.as_bytes()) {
        Some(encoding) if encoding == encoding_rs::UTF_8 => Ok(Codec::Utf8),
        // WHATWG maps the ISO-8859-1 names Python does not know (`iso88591`…) to
        // windows-1252; only the names of windows-1252 itself mean windows-1252 here.
        Some(encoding)
            if encoding == encoding_rs::WINDOWS_1252
                && !WINDOWS_1252_NAMES.contains(&normalised.as_str()) =>
        {
            Ok(Codec::Latin1)
        }
        // UTF-16 decodes only: its encoder writes UTF-8.
        Some(encoding) if encoding.output_encoding() == encoding => Ok(Codec::Other(encoding)),
        Some(_) => Err(CharsetError::DecodeOnly),
        None => Err(CharsetError::Unknown),
    }
}
