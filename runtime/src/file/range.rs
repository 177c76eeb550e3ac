//! `Range: bytes=...` parsing, as Starlette's `FileResponse` does it (docs/behaviour.md, "Range parsing"), with
//! the RFC 9110 grammar for numbers (digits only) from docs/behaviour.md §9.

use std::fmt;

/// The largest number of comma-separated parts honoured; a header with more is ignored
/// (the whole file is sent), as in Starlette.
pub const MAX_RANGES: usize = 100;

/// A byte range of a file: `start..end` (end exclusive).
///
/// # Examples
///
/// ```
/// let r = responses::range::ByteRange { start: 0, end: 5 };
/// assert_eq!(r.len(), 5);
/// assert_eq!(r.content_range(20), "bytes 0-4/20");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    /// The first byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
}

impl ByteRange {
    /// The number of bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::range::ByteRange { start: 3, end: 3 }.len(), 0);
    /// ```
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    /// Whether the range is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::range::ByteRange { start: 3, end: 3 }.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `content-range` value for a file of `size` bytes: `bytes START-LAST/SIZE`.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = responses::range::ByteRange { start: 17, end: 20 };
    /// assert_eq!(r.content_range(20), "bytes 17-19/20");
    /// ```
    pub fn content_range(&self, size: u64) -> String {
        format!(
            "bytes {}-{}/{}",
            self.start,
            self.end.saturating_sub(1),
            size
        )
    }
}

/// Why a `Range` header cannot be served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    /// The header is malformed: answered with 400 and this message (Starlette's words).
    Malformed(&'static str),
    /// No part of it lies within the file: answered with 416.
    Unsatisfiable,
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeError::Malformed(msg) => f.write_str(msg),
            RangeError::Unsatisfiable => f.write_str("Range Not Satisfiable"),
        }
    }
}

impl std::error::Error for RangeError {}

/// Parses a `Range` header for a file of `size` bytes.
///
/// * `Ok(vec![])`: more than [`MAX_RANGES`] parts — ignore the header, send the file.
/// * `Ok(ranges)`: one range, or several sorted by start and merged where they overlap or
///   touch (`0-4,5-9` is `0-9`).
///
/// Parts that are empty, `-`, have no `-`, or whose numbers are not digits are skipped.
///
/// # Errors
///
/// [`RangeError::Malformed`] with Starlette's messages (`Malformed range header.`, `Only
/// support bytes range`, `Range header: range must be requested`, `Range header: start
/// must be less than end`); [`RangeError::Unsatisfiable`] when a start is beyond the file.
///
/// # Examples
///
/// ```
/// use responses::range::{ByteRange, RangeError, parse_range};
///
/// assert_eq!(parse_range("bytes=0-4", 20), Ok(vec![ByteRange { start: 0, end: 5 }]));
/// assert_eq!(parse_range("bytes=-3", 20), Ok(vec![ByteRange { start: 17, end: 20 }]));
/// assert_eq!(
///     parse_range("bytes=10-12,0-1", 20),
///     Ok(vec![ByteRange { start: 0, end: 2 }, ByteRange { start: 10, end: 13 }])
/// );
/// assert_eq!(parse_range("bytes=20-", 20), Err(RangeError::Unsatisfiable));
/// assert_eq!(parse_range("items=0-1", 20), Err(RangeError::Malformed("Only support bytes range")));
/// ```
pub fn parse_range(header: &str, size: u64) -> Result<Vec<ByteRange>, RangeError> {
    let Some((unit, spec)) = header.split_once('=') else {
        return Err(RangeError::Malformed("Malformed range header."));
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") {
        return Err(RangeError::Malformed("Only support bytes range"));
    }
    if spec.matches(',').count() >= MAX_RANGES {
        return Ok(Vec::new());
    }
    let mut ranges = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        if part.is_empty() || part == "-" {
            continue;
        }
        let Some((start, end)) = part.split_once('-') else {
            continue;
        };
        let (start, end) = (start.trim(), end.trim());
        if start.is_empty() {
            let Some(suffix) = digits(end) else { continue };
            ranges.push(ByteRange {
                start: size.saturating_sub(suffix),
                end: size,
            });
        } else {
            let Some(first) = digits(start) else { continue };
            let last = if end.is_empty() {
                None
            } else {
                match digits(end) {
                    Some(last) => Some(last),
                    None => continue,
                }
            };
            let end = match last {
                Some(last) if last < size => last + 1,
                _ => size,
            };
            ranges.push(ByteRange { start: first, end });
        }
    }
    if ranges.is_empty() {
        return Err(RangeError::Malformed(
            "Range header: range must be requested",
        ));
    }
    if ranges.iter().any(|r| r.start >= size) {
        return Err(RangeError::Unsatisfiable);
    }
    if ranges.iter().any(|r| r.start >= r.end) {
        return Err(RangeError::Malformed(
            "Range header: start must be less than end",
        ));
    }
    if ranges.len() == 1 {
        return Ok(ranges);
    }
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<ByteRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    Ok(merged)
}

/// RFC 9110 `1*DIGIT`, saturating at `u64::MAX` (a start that large is simply beyond the
/// file).
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(start: u64, end: u64) -> ByteRange {
        ByteRange { start, end }
    }

    #[test]
    fn starlette_cases() {
        let n = 20;
        assert_eq!(parse_range("bytes=0-4", n), Ok(vec![r(0, 5)]));
        assert_eq!(parse_range("bytes=-3", n), Ok(vec![r(17, 20)]));
        assert_eq!(parse_range("bytes=0-0", n), Ok(vec![r(0, 1)]));
        assert_eq!(parse_range("bytes=19-19", n), Ok(vec![r(19, 20)]));
        assert_eq!(parse_range("bytes=-100", n), Ok(vec![r(0, 20)]));
        assert_eq!(parse_range("bytes=5-", n), Ok(vec![r(5, 20)]));
        assert_eq!(parse_range("bytes=0-1000", n), Ok(vec![r(0, 20)]));
        assert_eq!(parse_range(" BYTES =0-1", n), Ok(vec![r(0, 2)]));
        assert_eq!(parse_range("bytes= 2 - 3 ", n), Ok(vec![r(2, 4)]));
        assert_eq!(parse_range("bytes=0-1,abc, - ,x-y", n), Ok(vec![r(0, 2)]));
        assert_eq!(parse_range("bytes=100, 0-5", n), Ok(vec![r(0, 6)]));
        assert_eq!(parse_range("bytes=0-4,3-8", n), Ok(vec![r(0, 9)]));
        assert_eq!(parse_range("bytes=0-4,5-9", n), Ok(vec![r(0, 10)]));
        assert_eq!(parse_range("bytes=0-1,5-6", n), Ok(vec![r(0, 2), r(5, 7)]));
        assert_eq!(
            parse_range("bytes=10-12,0-1", n),
            Ok(vec![r(0, 2), r(10, 13)])
        );
    }

    #[test]
    fn errors() {
        let n = 20;
        assert_eq!(parse_range("bytes=20-", n), Err(RangeError::Unsatisfiable));
        assert_eq!(parse_range("bytes=-0", n), Err(RangeError::Unsatisfiable));
        assert_eq!(parse_range("bytes=25-3", n), Err(RangeError::Unsatisfiable));
        assert_eq!(
            parse_range("bytes=0-1,25-30", n),
            Err(RangeError::Unsatisfiable)
        );
        assert_eq!(parse_range("bytes=0-0", 0), Err(RangeError::Unsatisfiable));
        assert_eq!(
            parse_range("bytes=99999999999999999999999-", n),
            Err(RangeError::Unsatisfiable)
        );
        let start_end = Err(RangeError::Malformed(
            "Range header: start must be less than end",
        ));
        assert_eq!(parse_range("bytes=5-2", n), start_end);
        let none = Err(RangeError::Malformed(
            "Range header: range must be requested",
        ));
        assert_eq!(parse_range("bytes=", n), none);
        assert_eq!(parse_range("bytes=abc", n), none);
        assert_eq!(parse_range("bytes=-", n), none);
        assert_eq!(
            parse_range("bytes 0-1", n),
            Err(RangeError::Malformed("Malformed range header."))
        );
        assert_eq!(
            parse_range("items=0-1", n),
            Err(RangeError::Malformed("Only support bytes range"))
        );
    }

    #[test]
    fn numbers_are_digits_only() {
        // docs/behaviour.md §9: no `+`, no `_`, no negative end (Python's int() accepts them).
        let none = Err(RangeError::Malformed(
            "Range header: range must be requested",
        ));
        assert_eq!(parse_range("bytes=+1-3", 20), none);
        assert_eq!(parse_range("bytes=1_0-12", 20), none);
        assert_eq!(parse_range("bytes=2--3", 20), none);
    }

    #[test]
    fn too_many_parts_are_ignored() {
        let hundred = vec!["0-0"; 100].join(",");
        assert_eq!(
            parse_range(&format!("bytes={hundred}"), 20),
            Ok(vec![r(0, 1)])
        );
        let more = vec!["0-0"; 101].join(",");
        assert_eq!(parse_range(&format!("bytes={more}"), 20), Ok(vec![]));
    }
}
