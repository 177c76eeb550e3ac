//! JSON written directly, without serde's data model, with the same bytes as
//! [`to_bytes`](super::to_bytes) (serde_json's compact output, `NaN` refused): the writer
//! derived types are to be written with.
//!
//! The bytes are serde_json's because the pieces are: integers through `itoa` and floats
//! through `zmij` (the crates serde_json 1.0.154 writes numbers with), strings escaped with
//! serde_json's table (`"`, `\`, and the control characters below U+0020, as `\b \t \n \f
//! \r` or `\u00XX` with lower-case hex; everything else, U+2028 included, as it is). The
//! tests compare every kind of value with serde_json's own output, so a change of formatter
//! in serde_json fails them (the float test in particular) rather than the responses.

use super::finite::NON_FINITE_MESSAGE;
use crate::error::{Error, ErrorKind};
use responses_rules::{JSON_ESCAPE, push_json_escape};

/// A value this crate writes as JSON itself, byte for byte as serde_json would (and as
/// [`json::to_bytes`](super::to_bytes) does), without going through serde's data model.
/// Implemented for the integers, floats (`NaN` and infinities refused), `bool`, `char`,
/// strings, `()`, `Option`, slices, arrays and `Vec`s, and through `&`, `Box`, `Arc` and
/// `Cow`.
///
/// # Examples
///
/// ```
/// use responses::json::JsonWrite;
///
/// let mut out = Vec::new();
/// (vec![Some(1.5), None], "é\n").0.write_json(&mut out)?;
/// assert_eq!(out, b"[1.5,null]");
/// let mut out = Vec::new();
/// "é\n".write_json(&mut out)?;
/// assert_eq!(out, "\"é\\n\"".as_bytes());
/// # Ok::<(), responses::Error>(())
/// ```
pub trait JsonWrite {
    /// Appends the JSON of `self` to `out`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NonFiniteFloat`] for `NaN` or an infinity (`out` may then hold part of
    /// the value); a field written by serde_json may fail as
    /// [`to_bytes`](super::to_bytes) does.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::json::JsonWrite;
    ///
    /// let mut out = Vec::new();
    /// assert!(f64::NAN.write_json(&mut out).is_err());
    /// ```
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error>;
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl JsonWrite for $t {
            #[inline]
            fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
                out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
                Ok(())
            }
        }
    )*};
}

integers!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

macro_rules! floats {
    ($($t:ty),*) => {$(
        impl JsonWrite for $t {
            #[inline]
            fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
                if !self.is_finite() {
                    return Err(Error::new(
                        ErrorKind::NonFiniteFloat,
                        format!("{NON_FINITE_MESSAGE}: {self}"),
                    ));
                }
                out.extend_from_slice(zmij::Buffer::new().format_finite(*self).as_bytes());
                Ok(())
            }
        }
    )*};
}

floats!(f32, f64);

impl JsonWrite for bool {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
        Ok(())
    }
}

impl JsonWrite for str {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        write_str(out, self);
        Ok(())
    }
}

impl JsonWrite for String {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        write_str(out, self);
        Ok(())
    }
}

impl JsonWrite for char {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        write_str(out, self.encode_utf8(&mut [0; 4]));
        Ok(())
    }
}

impl JsonWrite for () {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        out.extend_from_slice(b"null");
        Ok(())
    }
}

impl<T: JsonWrite> JsonWrite for Option<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        match self {
            Some(v) => v.write_json(out),
            None => {
                out.extend_from_slice(b"null");
                Ok(())
            }
        }
    }
}

impl<T: JsonWrite> JsonWrite for [T] {
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        out.push(b'[');
        let mut items = self.iter();
        if let Some(first) = items.next() {
            first.write_json(out)?;
            for item in items {
                out.push(b',');
                item.write_json(out)?;
            }
        }
        out.push(b']');
        Ok(())
    }
}

impl<T: JsonWrite, const N: usize> JsonWrite for [T; N] {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        self.as_slice().write_json(out)
    }
}

impl<T: JsonWrite> JsonWrite for Vec<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        self.as_slice().write_json(out)
    }
}

impl<T: JsonWrite + ?Sized> JsonWrite for &T {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        (**self).write_json(out)
    }
}

impl<T: JsonWrite + ?Sized> JsonWrite for Box<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        (**self).write_json(out)
    }
}

impl<T: JsonWrite + ?Sized> JsonWrite for std::sync::Arc<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        (**self).write_json(out)
    }
}

impl<T: JsonWrite + ToOwned + ?Sized> JsonWrite for std::borrow::Cow<'_, T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        (**self).write_json(out)
    }
}

/// Appends `value` as a JSON string, escaped as serde_json escapes it. Eight bytes are
/// checked at a time; runs of bytes that need no escape are copied at once.
#[inline]
pub fn write_str(out: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(bytes.len());
        while i < end {
            let byte = bytes[i];
            let escape = JSON_ESCAPE[byte as usize];
            if escape != 0 {
                out.extend_from_slice(&bytes[start..i]);
                start = i + 1;
                push_json_escape(out, byte, escape);
            }
            i += 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether one of the eight bytes of `word` is escaped in JSON: below 0x20, `"` or `\`.
/// (The bit tricks report "some byte matches" exactly: a false report in one byte comes only
/// from a borrow out of a byte that does match.)
#[inline]
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    (below_space | has_zero(word ^ (ONES * b'"' as u64)) | has_zero(word ^ (ONES * b'\\' as u64)))
        != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours<T: JsonWrite + ?Sized>(v: &T) -> Vec<u8> {
        let mut out = Vec::new();
        v.write_json(&mut out).expect("finite");
        out
    }

    #[test]
    fn the_word_check_finds_every_escaped_byte() {
        for byte in 0u8..=255 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = byte;
                let escaped = byte < 0x20 || byte == b'"' || byte == b'\\';
                assert_eq!(
                    needs_escape(u64::from_le_bytes(word)),
                    escaped,
                    "{byte} at {at}"
                );
                // Next to bytes above 0x7F (UTF-8), too.
                let mut word = [0xE2; 8];
                word[at] = byte;
                assert_eq!(
                    needs_escape(u64::from_le_bytes(word)),
                    escaped,
                    "{byte} at {at} in UTF-8"
                );
            }
        }
    }

    #[test]
    fn long_strings_as_serde_json() {
        let samples = [
            "a".repeat(64),
            format!("{}\"{}\\{}\n", "x".repeat(9), "é".repeat(5), "☃".repeat(7)),
            "\u{1}\u{1f}ab\u{7f}\u{80}".repeat(11),
        ];
        for text in samples {
            for cut in 0..text.len().min(24) {
                let Some(part) = text.get(cut..) else {
                    continue;
                };
                assert_eq!(
                    ours(part),
                    serde_json::to_vec(part).unwrap_or_default(),
                    "{part:?}"
                );
            }
        }
    }

    #[test]
    fn every_byte_of_a_string_as_serde_json() {
        let all: String = (0u8..=0x7F).map(char::from).collect();
        let text = format!("{all}é☃\u{2028}\u{85}\u{10FFFF}");
        assert_eq!(ours(&text), serde_json::to_vec(&text).unwrap_or_default());
        for c in (0u32..0x800).filter_map(char::from_u32) {
            assert_eq!(
                ours(&c),
                serde_json::to_vec(&c).unwrap_or_default(),
                "{c:?}"
            );
        }
        // The byte-by-byte writer of the rules crate (the derive's keys) agrees.
        let mut plain = Vec::new();
        responses_rules::push_json_str(&mut plain, &text);
        assert_eq!(plain, serde_json::to_vec(&text).unwrap_or_default());
    }

    /// The pin: floats are written as serde_json writes them (today through zmij); if
    /// serde_json changes its formatter, this fails.
    #[test]
    fn floats_as_serde_json() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            0.1,
            1e16,
            1e-7,
            123456789.125,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            1e21,
            1e22,
            -1.5e300,
        ];
        let mut x = 1.0f64;
        while x.is_finite() {
            values.push(x);
            values.push(1.0 / x);
            values.push(-x * 1.000_000_1);
            x *= 3.7;
        }
        for v in values {
            assert_eq!(
                ours(&v),
                serde_json::to_vec(&v).unwrap_or_default(),
                "{v:e}"
            );
            let f = v as f32;
            if f.is_finite() {
                assert_eq!(
                    ours(&f),
                    serde_json::to_vec(&f).unwrap_or_default(),
                    "{f:e}"
                );
            }
        }
    }

    #[test]
    fn integers_and_containers_as_serde_json() {
        let v: (u64, i64, u128, i128) = (u64::MAX, i64::MIN, u128::MAX, i128::MIN);
        assert_eq!(ours(&v.0), serde_json::to_vec(&v.0).unwrap_or_default());
        assert_eq!(ours(&v.1), serde_json::to_vec(&v.1).unwrap_or_default());
        assert_eq!(ours(&v.2), serde_json::to_vec(&v.2).unwrap_or_default());
        assert_eq!(ours(&v.3), serde_json::to_vec(&v.3).unwrap_or_default());
        let nested = vec![vec![Some(true), None], vec![]];
        assert_eq!(
            ours(&nested),
            serde_json::to_vec(&nested).unwrap_or_default()
        );
        assert_eq!(ours(&[1u8, 2, 3]), b"[1,2,3]");
    }

    #[test]
    fn non_finite_floats_fail_as_to_bytes_does() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let ours = v.write_json(&mut Vec::new()).unwrap_err();
            let theirs = crate::json::to_bytes(&v).unwrap_err();
            assert_eq!(ours.kind(), theirs.kind());
            assert_eq!(ours.message(), theirs.message());
        }
    }
}
