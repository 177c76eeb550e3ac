//! Charset labels: Python's names first, then the WHATWG labels of `encoding_rs`.

use encoding_rs::Encoding;

use crate::{is_tchar, quote};

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

impl CharsetError {
    /// The message for `label`, the same wherever the label is checked.
    ///
    /// ```
    /// let err = responses_rules::charset("klingon").unwrap_err();
    /// assert_eq!(err.message("klingon"), "\"klingon\" is not a known charset");
    /// ```
    pub fn message(self, label: &str) -> String {
        match self {
            CharsetError::NotAToken => format!(
                "{} is not a charset name (letters, digits and !#$%&'*+-.^_`|~ only)",
                quote(label)
            ),
            CharsetError::DecodeOnly => format!(
                "{} can only be decoded, not used to encode a response",
                quote(label)
            ),
            CharsetError::Unknown => format!("{} is not a known charset", quote(label)),
        }
    }
}
