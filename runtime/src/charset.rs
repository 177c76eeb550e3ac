//! Charsets: how text bodies are encoded, and the name written after `; charset=`.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use encoding_rs::{EncoderResult, Encoding};

use crate::error::{Error, ErrorKind};

/// The charset of a text response: the label written in `content-type` and the encoder
/// used for `str` bodies.
///
/// * `utf-8` (the default) and its aliases encode as UTF-8.
/// * `latin-1`, `iso-8859-1` and the other names Python gives to `latin_1` mean real
///   ISO-8859-1: U+0000..=U+00FF, one byte each, nothing else. (The WHATWG labels used by
///   browsers map these names to windows-1252; this crate does not.)
/// * `ascii`, `us-ascii` and Python's other `ascii` names mean 7-bit ASCII.
/// * Any other label known to [`encoding_rs`] that can encode (`shift_jis`, `windows-1252`, `koi8-r`, …)
///   encodes through it.
///
/// Encoding never replaces a character: one the charset cannot represent is an
/// [`ErrorKind::Unencodable`] error. The label is kept as written, so `latin-1` is sent as
/// `charset=latin-1`, as Starlette does.
///
/// # Examples
///
/// ```
/// use responses::Charset;
///
/// let latin1 = Charset::try_from("latin-1")?;
/// assert_eq!(latin1.label(), "latin-1");
/// assert_eq!(&latin1.encode("café")?[..], b"caf\xe9");
/// assert!(latin1.encode("€").is_err());
/// assert!(Charset::try_from("klingon").is_err());
/// # Ok::<(), responses::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Charset {
    label: Cow<'static, str>,
    codec: Codec,
}

use responses_rules::Codec;

impl Charset {
    /// UTF-8, the default charset of every response.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::Charset::UTF_8.label(), "utf-8");
    /// ```
    pub const UTF_8: Charset = Charset {
        label: Cow::Borrowed("utf-8"),
        codec: Codec::Utf8,
    };

    /// ISO-8859-1 under Starlette's usual name, `latin-1`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::Charset::LATIN_1.label(), "latin-1");
    /// ```
    pub const LATIN_1: Charset = Charset {
        label: Cow::Borrowed("latin-1"),
        codec: Codec::Latin1,
    };

    /// Looks up a charset by name (case-insensitive; surrounding spaces ignored).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownCharset`] when no encoder has that name, or when the name is
    /// one that only decodes (`utf-16le`, `utf-16be`, `replacement`).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::Charset;
    ///
    /// assert_eq!(Charset::new("Shift_JIS")?.label(), "Shift_JIS");
    /// assert!(Charset::new("utf-16le").is_err());
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn new(label: impl Into<Cow<'static, str>>) -> Result<Charset, Error> {
        let label = label.into();
        let codec = lookup(&label)?;
        Ok(Charset { label, codec })
    }

    /// The name written after `; charset=`, as given.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::Charset::new("ISO-8859-1")?.label(), "ISO-8859-1");
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Whether this charset is UTF-8 (so `str` bodies are sent as they are).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::Charset::new("UTF8")?.is_utf8());
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn is_utf8(&self) -> bool {
        self.codec == Codec::Utf8
    }

    /// Encodes `text`, moving it into the result without a copy where the bytes do not
    /// change (UTF-8, or ASCII text in an ASCII-compatible charset).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Unencodable`] naming the first character the charset cannot encode and
    /// its position (in characters).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::Charset;
    ///
    /// let sjis = Charset::new("shift_jis")?;
    /// assert_eq!(&sjis.encode("日本")?[..], b"\x93\xfa\x96\x7b");
    /// let err = Charset::new("ascii")?.encode("naïve").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "unencodable character: 'ascii' cannot encode character 'ï' (U+00EF) at position 2"
    /// );
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn encode(&self, text: impl Into<Cow<'static, str>>) -> Result<Bytes, Error> {
        let text = text.into();
        match self.codec {
            Codec::Utf8 => Ok(cow_to_bytes(text)),
            Codec::Latin1 => {
                if text.is_ascii() {
                    return Ok(cow_to_bytes(text));
                }
                let mut out = Vec::with_capacity(text.len());
                for (pos, c) in text.chars().enumerate() {
                    match u8::try_from(u32::from(c)) {
                        Ok(b) => out.push(b),
                        Err(_) => return Err(self.unencodable(c, pos)),
                    }
                }
                Ok(Bytes::from(out))
            }
            Codec::Ascii => match text.chars().position(|c| !c.is_ascii()) {
                None => Ok(cow_to_bytes(text)),
                Some(pos) => {
                    let c = text.chars().nth(pos).unwrap_or_default();
                    Err(self.unencodable(c, pos))
                }
            },
            Codec::Other(encoding) => {
                if text.is_ascii() && encoding.is_ascii_compatible() {
                    return Ok(cow_to_bytes(text));
                }
                self.encode_with(encoding, &text)
            }
        }
    }

    /// A charset resolved by the derive during expansion.
    /// Whether two charsets encode the same way (`utf-8` and `UTF8` do).
    pub(crate) fn same_encoding(&self, other: &Charset) -> bool {
        self.codec == other.codec
    }

    pub(crate) const fn from_codec(label: &'static str, codec: Codec) -> Charset {
        Charset {
            label: Cow::Borrowed(label),
            codec,
        }
    }

    fn encode_with(&self, encoding: &'static Encoding, text: &str) -> Result<Bytes, Error> {
        let mut encoder = encoding.new_encoder();
        let mut out = Vec::with_capacity(
            encoder
                .max_buffer_length_from_utf8_without_replacement(text.len())
                .unwrap_or(text.len() * 4),
        );
        let (result, read) =
            encoder.encode_from_utf8_to_vec_without_replacement(text, &mut out, true);
        match result {
            EncoderResult::InputEmpty => Ok(Bytes::from(out)),
            EncoderResult::Unmappable(c) => {
                let pos = text[..read].chars().count().saturating_sub(1);
                Err(self.unencodable(c, pos))
            }
            // The buffer was sized for the worst case, so this cannot happen; report it
            // rather than send a truncated body.
            EncoderResult::OutputFull => Err(Error::new(
                ErrorKind::Unencodable,
                format!("'{}' encoder ran out of room", self.label),
            )),
        }
    }

    fn unencodable(&self, c: char, pos: usize) -> Error {
        Error::new(
            ErrorKind::Unencodable,
            format!(
                "'{}' cannot encode character '{}' (U+{:04X}) at position {}",
                self.label,
                c.escape_debug(),
                u32::from(c),
                pos
            ),
        )
    }
}

fn cow_to_bytes(text: Cow<'static, str>) -> Bytes {
    match text {
        Cow::Borrowed(s) => Bytes::from_static(s.as_bytes()),
        Cow::Owned(s) => Bytes::from(s),
    }
}

fn lookup(label: &str) -> Result<Codec, Error> {
    responses_rules::charset(label)
        .map_err(|err| Error::new(ErrorKind::UnknownCharset, err.message(label)))
}

impl Default for Charset {
    /// UTF-8.
    fn default() -> Self {
        Charset::UTF_8
    }
}

impl fmt::Debug for Charset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Charset").field(&self.label).finish()
    }
}

impl fmt::Display for Charset {
    /// The label, as written after `; charset=`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl TryFrom<&'static str> for Charset {
    type Error = Error;

    /// Same as [`Charset::new`].
    fn try_from(label: &'static str) -> Result<Self, Error> {
        Charset::new(label)
    }
}

impl TryFrom<String> for Charset {
    type Error = Error;

    /// Same as [`Charset::new`].
    fn try_from(label: String) -> Result<Self, Error> {
        Charset::new(label)
    }
}

impl std::str::FromStr for Charset {
    type Err = Error;

    /// Same as [`Charset::new`].
    fn from_str(label: &str) -> Result<Self, Error> {
        Charset::new(label.to_owned())
    }
}

/// Anything that names a charset: a [`Charset`], or a `&str`/`String` label that is looked
/// up when the response is built.
///
/// # Examples
///
/// ```
/// use responses::{Charset, IntoCharset};
///
/// assert!("latin-1".into_charset().is_ok());
/// assert!(Charset::UTF_8.into_charset().is_ok());
/// ```
pub trait IntoCharset {
    /// Looks the charset up.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownCharset`] for an unknown label.
    fn into_charset(self) -> Result<Charset, Error>;
}

impl IntoCharset for Charset {
    fn into_charset(self) -> Result<Charset, Error> {
        Ok(self)
    }
}

impl IntoCharset for &'static str {
    fn into_charset(self) -> Result<Charset, Error> {
        Charset::new(self)
    }
}

impl IntoCharset for String {
    fn into_charset(self) -> Result<Charset, Error> {
        Charset::new(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::show;

    #[test]
    fn utf8_is_moved_not_copied() {
        let s = String::from("héllo");
        let ptr = s.as_ptr();
        let bytes = Charset::UTF_8.encode(s).unwrap();
        assert_eq!(bytes.as_ptr(), ptr);
        assert_eq!(&bytes[..], "héllo".as_bytes());
    }

    #[test]
    fn latin1_is_real_iso_8859_1() {
        for name in [
            "latin-1",
            "LATIN1",
            "iso-8859-1",
            "ISO8859-1",
            "l1",
            "latin_1",
            "iso88591",
            "ISO_8859-1",
            "cp819",
        ] {
            let cs = Charset::new(name).unwrap();
            assert_eq!(
                &cs.encode("café \u{ff}").unwrap()[..],
                b"caf\xe9 \xff",
                "{name}"
            );
            // windows-1252 would map U+0080 to nothing and € to 0x80; ISO-8859-1 maps
            // U+0080 to 0x80 and cannot encode €.
            assert_eq!(&cs.encode("\u{80}").unwrap()[..], b"\x80");
            let err = cs.encode("a€").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Unencodable);
            assert!(err.to_string().contains("U+20AC) at position 1"), "{err}");
        }
    }

    #[test]
    fn latin1_ascii_text_is_moved() {
        let s = String::from("plain");
        let ptr = s.as_ptr();
        assert_eq!(Charset::LATIN_1.encode(s).unwrap().as_ptr(), ptr);
    }

    #[test]
    fn ascii_is_strict() {
        let cs = Charset::new("us-ascii").unwrap();
        assert_eq!(&cs.encode("abc").unwrap()[..], b"abc");
        let err = cs.encode("ab\u{e9}").unwrap_err();
        assert!(err.to_string().contains("at position 2"), "{err}");
    }

    #[test]
    fn other_charsets_go_through_encoding_rs_without_replacement() {
        for name in ["windows-1252", "cp1252", "x-cp1252"] {
            let cs = Charset::new(name).unwrap();
            assert_eq!(&cs.encode("€").unwrap()[..], b"\x80", "{name}");
        }
        let sjis = Charset::new("shift_jis").unwrap();
        assert_eq!(&sjis.encode("aア").unwrap()[..], b"a\x83\x41");
        let err = sjis.encode("ab\u{1F600}").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unencodable);
        assert!(err.to_string().contains("U+1F600) at position 2"), "{err}");
        let koi = Charset::new("koi8-r").unwrap();
        assert_eq!(&koi.encode("Ж").unwrap()[..], b"\xf6");
    }

    #[test]
    fn unknown_and_decode_only_charsets_are_errors() {
        for name in [
            "klingon",
            "",
            "utf-16le",
            "UTF-16BE",
            "replacement",
            " utf-8",
            "utf-8\n",
            "latin-1\r",
            "utf-8\u{3000}",
            "iso_8859-1:1987",
        ] {
            let err = Charset::new(name).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::UnknownCharset, "{name}");
            assert!(err.to_string().contains(&show(name)), "{err}");
        }
    }

    #[test]
    fn utf8_aliases() {
        for name in ["utf-8", "UTF8", "u8", "unicode-1-1-utf-8", "cp65001"] {
            assert!(Charset::new(name).unwrap().is_utf8(), "{name}");
        }
    }
}
