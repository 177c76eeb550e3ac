//! What the fuzz targets share: the invariants (each a panic when broken, which libFuzzer
//! reports as a crash), a Tokio runtime to collect bodies, and a temporary file.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use responses::Body;

/// A current-thread Tokio runtime (file bodies are read on its blocking pool).
pub static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a Tokio runtime")
});

/// The body's bytes, read to the end.
pub fn collect(body: Body) -> Result<Vec<u8>, responses::Error> {
    RUNTIME.block_on(body.collect_bytes()).map(|b| b.to_vec())
}

/// Whether `bytes` contains CR, LF or NUL.
pub fn has_cr_lf_nul(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b == b'\r' || b == b'\n' || b == 0)
}

/// Panics unless every header value of `response` is free of CR, LF and NUL.
pub fn assert_header_values(response: &http::Response<Body>) {
    for (name, value) in response.headers() {
        assert!(
            !has_cr_lf_nul(value.as_bytes()),
            "header {name} has CR/LF/NUL: {value:?}"
        );
    }
}

/// `content-length` as a number, if present (panics if it is not one).
pub fn content_length(response: &http::Response<Body>) -> Option<u64> {
    let value = response.headers().get("content-length")?;
    let text = value
        .to_str()
        .unwrap_or_else(|_| panic!("content-length is not text: {value:?}"));
    Some(
        text.parse()
            .unwrap_or_else(|_| panic!("content-length is not a number: {text:?}")),
    )
}

/// A file of this process in the temporary directory, removed when dropped.
pub struct TempFile(PathBuf);

impl TempFile {
    /// Writes `content` to `responses-fuzz-{name}-{pid}.{extension}`.
    pub fn new(name: &str, extension: &str, content: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "responses-fuzz-{name}-{}.{extension}",
            std::process::id()
        ));
        std::fs::write(&path, content).expect("writing a temporary file");
        TempFile(path)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The cookie names `responses` refuses (attribute names, in any case).
pub const RESERVED_COOKIE_NAMES: [&str; 10] = [
    "expires",
    "path",
    "comment",
    "domain",
    "max-age",
    "secure",
    "httponly",
    "version",
    "samesite",
    "partitioned",
];

/// Whether `key` is a cookie name `responses` accepts: an RFC 9110 token (or `:`), not
/// reserved.
pub fn is_valid_cookie_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| responses_rules::is_tchar(b) || b == b':')
        && !RESERVED_COOKIE_NAMES
            .iter()
            .any(|r| r.eq_ignore_ascii_case(key))
}

/// Every ASCII character, in order: any slice of it is a `&'static str` (without a leak,
/// which LeakSanitizer would report).
static ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = i as u8;
        i += 1;
    }
    table
};

/// A `&'static str` picked by two bytes of fuzz input: a run of consecutive ASCII
/// characters (one character when `a == b`).
pub fn static_ascii(a: u8, b: u8) -> &'static str {
    let (a, b) = (usize::from(a % 128), usize::from(b % 128));
    let (start, end) = if a <= b { (a, b + 1) } else { (b, a + 1) };
    std::str::from_utf8(&ASCII[start..end]).expect("ASCII is UTF-8")
}
