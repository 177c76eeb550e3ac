//! A file's size and modification time, and the two headers Starlette computes from them:
//! `etag` and `last-modified`.

use std::time::SystemTime;

use crate::error::{Error, ErrorKind};

/// What `FileResponse` needs of a file's metadata: its size and modification time
/// (Starlette's `stat_result`).
///
/// # Examples
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use responses::file::FileStat;
///
/// let stat = FileStat::new(20, UNIX_EPOCH + Duration::from_secs(1_700_000_000));
/// assert_eq!(stat.etag(), "\"774e28ab81fe9645100baa188188d827\"");
/// assert_eq!(stat.last_modified(), "Tue, 14 Nov 2023 22:13:20 GMT");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStat {
    size: u64,
    modified: SystemTime,
}

impl FileStat {
    /// A size in bytes and a modification time.
    ///
    /// # Examples
    ///
    /// ```
    /// let stat = responses::file::FileStat::new(0, std::time::SystemTime::UNIX_EPOCH);
    /// assert_eq!(stat.size(), 0);
    /// ```
    pub fn new(size: u64, modified: SystemTime) -> Self {
        FileStat { size, modified }
    }

    /// The size in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::file::FileStat::new(5, std::time::SystemTime::now()).size(), 5);
    /// ```
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The modification time.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::UNIX_EPOCH;
    /// assert_eq!(responses::file::FileStat::new(5, UNIX_EPOCH).modified(), UNIX_EPOCH);
    /// ```
    pub fn modified(&self) -> SystemTime {
        self.modified
    }

    /// The modification time as Python's `os.stat().st_mtime`: seconds as a float.
    fn mtime_float(&self) -> f64 {
        let (secs, nanos) = crate::date::unix_parts(self.modified);
        // CPython: (double)sec + nsec * 1e-9
        secs as f64 + f64::from(nanos) * 1e-9
    }

    /// Starlette's etag: `"` + md5 hex of `str(st_mtime) + "-" + str(st_size)` + `"`, so
    /// that etags stay valid for caches across a migration.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// let t = UNIX_EPOCH + Duration::new(1_700_000_000, 123_456_789);
    /// let stat = responses::file::FileStat::new(16, t);
    /// assert_eq!(stat.etag(), "\"108959cbd1795c44bf8c6f27d35940fc\"");
    /// ```
    pub fn etag(&self) -> String {
        let text = format!("{}-{}", python_float_repr(self.mtime_float()), self.size);
        format!("\"{:x}\"", md5::compute(text.as_bytes()))
    }

    /// Starlette's `last-modified`: the float mtime rounded to the microsecond (half to
    /// even, as Python's `datetime.fromtimestamp`), then written without the fraction.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// // 20.9999996 s rounds up to the next second, as in Python
    /// let t = UNIX_EPOCH + Duration::new(1_700_000_000, 999_999_600);
    /// let stat = responses::file::FileStat::new(9, t);
    /// assert_eq!(stat.last_modified(), "Tue, 14 Nov 2023 22:13:21 GMT");
    /// ```
    pub fn last_modified(&self) -> String {
        let t = crate::date::from_unix_seconds(self.last_modified_secs());
        crate::date::http_date_string(t)
            .unwrap_or_else(|| "Thu, 01 Jan 1970 00:00:00 GMT".to_owned())
    }

    /// The whole seconds of `last-modified`.
    pub(crate) fn last_modified_secs(&self) -> i64 {
        let f = self.mtime_float();
        let int = f.trunc();
        let micros = ((f - int) * 1e6).round_ties_even();
        let mut secs = int as i64;
        // CPython's _PyTime_ObjectToTimeval: a rounded fraction of a full second (or
        // below zero) carries into the seconds.
        if micros >= 1e6 {
            secs += 1;
        } else if micros < 0.0 {
            secs -= 1;
        }
        secs
    }
}

impl TryFrom<&std::fs::Metadata> for FileStat {
    type Error = Error;

    /// The size and modification time of `metadata`.
    fn try_from(metadata: &std::fs::Metadata) -> Result<Self, Error> {
        let modified = metadata.modified().map_err(|e| {
            Error::with_source(
                ErrorKind::File,
                "the file system gives no modification time",
                e,
            )
        })?;
        Ok(FileStat::new(metadata.len(), modified))
    }
}

/// Python's `repr(float)` for the values an mtime takes: shortest round-trip digits, with
/// `.0` for integral values and Python's exponent form outside `1e-4..1e16`.
fn python_float_repr(f: f64) -> String {
    let abs = f.abs();
    if f == 0.0 || (1e-4..1e16).contains(&abs) {
        let s = format!("{f:?}");
        if s.contains('e') {
            // Rust's Debug switches to exponents earlier than Python in a few cases.
            format!("{f}")
        } else {
            s
        }
    } else {
        // d.ddde+XX
        let s = format!("{f:e}");
        match s.split_once('e') {
            Some((mantissa, exp)) => {
                let exp: i32 = exp.parse().unwrap_or(0);
                let sign = if exp < 0 { '-' } else { '+' };
                format!("{mantissa}e{sign}{:02}", exp.abs())
            }
            None => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    fn at(secs: u64, nanos: u32) -> SystemTime {
        UNIX_EPOCH + Duration::new(secs, nanos)
    }

    #[test]
    fn etags_match_starlette() {
        // From the reference vectors (meta.json): size, mtime -> etag.
        let cases = [
            (20, at(1_700_000_000, 0), "774e28ab81fe9645100baa188188d827"),
            (16, at(1_700_000_000, 0), "37a2d2ee0dcb072becf5c82d87399f99"),
            (0, at(1_700_000_000, 0), "e7d53fbff452d442c477af2510b0e0b0"),
            (
                16,
                at(1_700_000_000, 123_456_789),
                "108959cbd1795c44bf8c6f27d35940fc",
            ),
            (
                65546,
                at(1_700_000_000, 0),
                "74ce30540551bd1fade25c89ee6bddc7",
            ),
        ];
        for (size, t, md5) in cases {
            assert_eq!(FileStat::new(size, t).etag(), format!("\"{md5}\""));
        }
    }

    #[test]
    fn mtime_repr_like_python() {
        assert_eq!(
            python_float_repr(FileStat::new(0, at(1_700_000_000, 0)).mtime_float()),
            "1700000000.0"
        );
        assert_eq!(
            python_float_repr(FileStat::new(0, at(1_700_000_000, 123_456_789)).mtime_float()),
            "1700000000.1234567"
        );
        assert_eq!(
            python_float_repr(FileStat::new(0, at(1_700_000_000, 999_999_600)).mtime_float()),
            "1700000000.9999995"
        );
        assert_eq!(
            python_float_repr(FileStat::new(0, at(1_700_000_000, 999_999_999)).mtime_float()),
            "1700000001.0"
        );
        assert_eq!(python_float_repr(0.0), "0.0");
        assert_eq!(python_float_repr(1e16), "1e+16");
        assert_eq!(python_float_repr(1.5e-5), "1.5e-05");
        let before = UNIX_EPOCH - Duration::new(100, 500_000_000);
        assert_eq!(
            python_float_repr(FileStat::new(0, before).mtime_float()),
            "-100.5"
        );
    }

    #[test]
    fn last_modified_rounds_like_python() {
        assert_eq!(
            FileStat::new(0, at(1_700_000_000, 0)).last_modified(),
            "Tue, 14 Nov 2023 22:13:20 GMT"
        );
        assert_eq!(
            FileStat::new(0, at(1_700_000_000, 999_999_600)).last_modified(),
            "Tue, 14 Nov 2023 22:13:21 GMT"
        );
        assert_eq!(
            FileStat::new(0, at(1_700_000_000, 999_999_400)).last_modified(),
            "Tue, 14 Nov 2023 22:13:20 GMT"
        );
        assert_eq!(
            FileStat::new(0, at(1_700_000_000, 123_456_789)).last_modified(),
            "Tue, 14 Nov 2023 22:13:20 GMT"
        );
    }
}
