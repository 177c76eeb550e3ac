//! `FileResponse`: a file sent `chunk_size` bytes at a time, with Starlette's headers and
//! etag, ranges, conditional requests and HEAD (see [`crate::request`]).

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_core::Stream;
use http::header::{
    ACCEPT_RANGES, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, ETAG, LAST_MODIFIED,
};
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::body::Body;
use crate::charset::Charset;
use crate::error::{Error, ErrorKind};
use crate::head::{Head, common_methods};
use crate::header::{status_allows_body, try_insert};
use crate::media_type::MediaType;
use crate::range::ByteRange;

/// Starlette's `FileResponse.chunk_size`: 64 KiB.
pub const DEFAULT_CHUNK_SIZE: usize = 64 * 1024;

/// `inline` or `attachment`, the first word of `content-disposition`.
///
/// # Examples
///
/// ```
/// use responses::file::ContentDisposition;
///
/// assert_eq!(ContentDisposition::Inline.as_str(), "inline");
/// assert_eq!(ContentDisposition::default(), ContentDisposition::Attachment);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ContentDisposition {
    /// Shown in the browser.
    Inline,
    /// Downloaded (Starlette's default).
    #[default]
    Attachment,
}

impl ContentDisposition {
    /// The disposition type as written.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::file::ContentDisposition::Attachment.as_str(), "attachment");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ContentDisposition::Inline => "inline",
            ContentDisposition::Attachment => "attachment",
        }
    }
}

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
        let (secs, nanos) = signed_parts(self.modified);
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
        let secs = self.last_modified_secs();
        let t = if secs >= 0 {
            UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs())
        } else {
            UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
        };
        crate::cookie::http_date(t).unwrap_or_else(|_| "Thu, 01 Jan 1970 00:00:00 GMT".to_owned())
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

/// Seconds (floored) and nanoseconds of a time, before 1970 too.
fn signed_parts(t: SystemTime) -> (i64, u32) {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
        ),
        Err(e) => {
            let d = e.duration();
            let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            if d.subsec_nanos() == 0 {
                (-secs, 0)
            } else {
                (-secs - 1, 1_000_000_000 - d.subsec_nanos())
            }
        }
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

/// Starlette's `content-disposition`, with the RFC 6266 fallback of Part A §9: a filename
/// that `quote()` leaves alone is written `filename="…"`; any other gets an ASCII
/// `filename="…"` fallback (`"` and `\` escaped, other characters outside printable ASCII
/// replaced by `_`) and `filename*=utf-8''…`.
///
/// # Examples
///
/// ```
/// use responses::file::{ContentDisposition, content_disposition};
///
/// assert_eq!(
///     content_disposition(ContentDisposition::Attachment, "report.pdf"),
///     "attachment; filename=\"report.pdf\""
/// );
/// assert_eq!(
///     content_disposition(ContentDisposition::Inline, "naïve \"v2\".txt"),
///     "inline; filename=\"na_ve \\\"v2\\\".txt\"; filename*=utf-8''na%C3%AFve%20%22v2%22.txt"
/// );
/// ```
pub fn content_disposition(kind: ContentDisposition, filename: &str) -> String {
    let quoted = quote_filename(filename);
    if quoted == filename {
        return format!("{}; filename=\"{}\"", kind.as_str(), filename);
    }
    let mut fallback = String::with_capacity(filename.len());
    for c in filename.chars() {
        match c {
            '"' => fallback.push_str("\\\""),
            '\\' => fallback.push_str("\\\\"),
            ' '..='~' => fallback.push(c),
            _ => fallback.push('_'),
        }
    }
    format!(
        "{}; filename=\"{}\"; filename*=utf-8''{}",
        kind.as_str(),
        fallback,
        quoted
    )
}

/// `urllib.parse.quote(filename)`: safe characters are `A-Z a-z 0-9 _ . - ~ /`.
fn quote_filename(name: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(name.len());
    for &b in name.as_bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// The media type of a file, guessed from its name as Python's `mimetypes.guess_type` does
/// (Starlette's guess): `.tgz`-style suffixes are expanded, a compression suffix (`.gz`,
/// `.Z`, `.bz2`, `.xz`, `.br`) is an encoding, not the type, so `notes.txt.gz` is
/// `text/plain` and `data.gz` has no type; the type of the remaining extension comes from
/// `mime_guess`. No type: `application/octet-stream`.
fn guess_media_type(name: &Path) -> MediaType {
    let name = name
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let mut name = name.into_owned();
    // `mimetypes.suffix_map`, looked up case-insensitively.
    while let Some((base, ext)) = split_extension(&name) {
        let expanded = match ext.to_ascii_lowercase().as_str() {
            ".svgz" => ".svg.gz",
            ".tgz" | ".taz" | ".tz" => ".tar.gz",
            ".tbz2" => ".tar.bz2",
            ".txz" => ".tar.xz",
            _ => break,
        };
        name = format!("{base}{expanded}");
    }
    let mut ext = split_extension(&name).map(|(_, ext)| ext);
    // `mimetypes.encodings_map`, looked up case-sensitively as Python does.
    if let Some(e) = ext
        && matches!(e, ".gz" | ".Z" | ".bz2" | ".xz" | ".br")
    {
        ext = split_extension(&name[..name.len() - e.len()]).map(|(_, ext)| ext);
    }
    ext.and_then(|e| mime_guess::from_ext(&e[1..]).first_raw())
        .and_then(|essence| MediaType::new(essence).ok())
        .unwrap_or(MediaType::APPLICATION_OCTET_STREAM)
}

/// Python's `posixpath.splitext` on a file name: the last `.suffix`, unless the dot only
/// leads the name (`.bashrc` has none).
fn split_extension(name: &str) -> Option<(&str, &str)> {
    let dot = name.rfind('.')?;
    if name[..dot].bytes().all(|b| b == b'.') {
        return None;
    }
    Some((&name[..dot], &name[dot..]))
}

/// Starlette's `FileResponse`: sends a file `chunk_size` bytes at a time with
/// `content-type` (guessed from `filename` or the path as Python's `mimetypes` guesses:
/// `notes.txt.gz` is `text/plain`, `backup.tgz` `application/x-tar`, an unknown or bare
/// `.gz` name `application/octet-stream`), `accept-ranges: bytes`,
/// `content-disposition` (when a filename is given), `content-length`, `last-modified` and
/// an `etag` computed as Starlette computes it.
///
/// Converted with [`IntoHttp::into_http`](crate::IntoHttp::into_http) it is a full `200`
/// response; converted for a request — [`IntoHttp::into_http_for`](crate::IntoHttp::into_http_for)
/// or [`request::prepare`](crate::request::prepare) — it also answers HEAD, `Range`
/// (206, multi-range `multipart/byteranges`, 416, 400), `If-Range`, and the conditional
/// headers (`If-None-Match`/`If-Modified-Since` → 304, `If-Match`/`If-Unmodified-Since` →
/// 412).
///
/// The conversion opens the file and reads its metadata (two system calls on the calling
/// thread); [`FileResponse::open`] does both on Tokio's blocking pool instead. The bytes
/// are read on the blocking pool, one chunk at a time, so memory stays flat whatever the
/// file size.
///
/// Errors: a missing file is [`ErrorKind::FileNotFound`], a directory or an unreadable
/// file [`ErrorKind::File`], both before anything is sent; a file that turns out shorter
/// than announced, or fails while being read, aborts the transfer (the client sees an
/// incomplete body, never a short body presented as complete).
///
/// # Examples
///
/// ```
/// use responses::{FileResponse, IntoHttp};
/// use responses::file::ContentDisposition;
///
/// # let dir = std::env::temp_dir().join(format!("responses-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// # let path = dir.join("report.csv");
/// # std::fs::write(&path, "a,b\n1,2\n").unwrap();
/// let r = FileResponse::new(&path)
///     .with_filename("rapport été.csv")
///     .with_content_disposition_type(ContentDisposition::Attachment)
///     .into_http()?;
/// assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
/// assert_eq!(r.headers()["content-length"], "8");
/// assert_eq!(
///     r.headers()["content-disposition"],
///     "attachment; filename=\"rapport _t_.csv\"; filename*=utf-8''rapport%20%C3%A9t%C3%A9.csv"
/// );
/// # Ok::<(), responses::Error>(())
/// ```
pub struct FileResponse {
    head: Head,
    path: PathBuf,
    file: Option<File>,
    stat: Option<FileStat>,
    media_type: Option<MediaType>,
    charset: Charset,
    filename: Option<String>,
    disposition: ContentDisposition,
    chunk_size: usize,
}

impl FileResponse {
    /// A 200 response for the file at `path`. Nothing is read until the conversion.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = responses::FileResponse::new("static/logo.png");
    /// assert_eq!(r.status_code(), 200);
    /// ```
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileResponse {
            head: Head::new(StatusCode::OK),
            path: path.into(),
            file: None,
            stat: None,
            media_type: None,
            charset: Charset::UTF_8,
            filename: None,
            disposition: ContentDisposition::Attachment,
            chunk_size: DEFAULT_CHUNK_SIZE,
        }
    }

    /// Opens the file and reads its metadata on Tokio's blocking pool, so that the
    /// conversion does no file-system work on the async thread.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::FileNotFound`] for a missing file, [`ErrorKind::File`] for a directory
    /// or a file that cannot be opened.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let err = responses::FileResponse::open("/no/such/file").await.unwrap_err();
    /// assert_eq!(err.kind(), responses::ErrorKind::FileNotFound);
    /// # });
    /// ```
    pub async fn open(path: impl Into<PathBuf>) -> Result<Self, Error> {
        let mut response = FileResponse::new(path);
        let path = response.path.clone();
        let opened = match tokio::runtime::Handle::try_current() {
            Ok(handle) => handle
                .spawn_blocking(move || open_file(&path))
                .await
                .map_err(|e| Error::with_source(ErrorKind::File, "opening the file failed", e))?,
            Err(_) => open_file(&path),
        }?;
        response.file = Some(opened.0);
        response.stat = Some(opened.1);
        Ok(response)
    }

    /// Uses this metadata instead of reading the file's (Starlette's `stat_result`).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::UNIX_EPOCH;
    /// use responses::file::FileStat;
    ///
    /// let r = responses::FileResponse::new("x.txt").with_stat(FileStat::new(20, UNIX_EPOCH));
    /// assert_eq!(r.stat().map(|s| s.size()), Some(20));
    /// ```
    #[must_use]
    pub fn with_stat(mut self, stat: FileStat) -> Self {
        self.stat = Some(stat);
        self
    }

    /// The name for `content-disposition` (and for guessing the media type).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = responses::FileResponse::new("data/7f3a.bin").with_filename("photo.jpg");
    /// assert_eq!(r.filename(), Some("photo.jpg"));
    /// ```
    #[must_use]
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// `inline` or `attachment` (the default).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::file::ContentDisposition;
    ///
    /// let r = responses::FileResponse::new("a.pdf").with_content_disposition_type(ContentDisposition::Inline);
    /// assert_eq!(r.content_disposition_type(), ContentDisposition::Inline);
    /// ```
    #[must_use]
    pub fn with_content_disposition_type(mut self, disposition: ContentDisposition) -> Self {
        self.disposition = disposition;
        self
    }

    /// How many bytes are read and sent at a time (default 64 KiB; at least 1).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = responses::FileResponse::new("big.iso").with_chunk_size(1 << 20);
    /// assert_eq!(r.chunk_size(), 1 << 20);
    /// ```
    #[must_use]
    pub fn with_chunk_size(mut self, chunk_size: usize) -> Self {
        self.chunk_size = chunk_size.max(1);
        self
    }

    /// Sets the media type (otherwise guessed from the filename or path).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = responses::FileResponse::new("notes").with_media_type("text/markdown");
    /// assert_eq!(r.media_type().map(|m| m.as_str()), Some("text/markdown"));
    /// ```
    #[must_use]
    pub fn with_media_type(mut self, media_type: impl crate::IntoMediaType) -> Self {
        match media_type.into_media_type() {
            Ok(m) => self.media_type = Some(m),
            Err(err) => self.head.fail(err),
        }
        self
    }

    /// Sets the charset named in `content-type` for a `text/*` file (default `utf-8`;
    /// the bytes are sent as they are).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = responses::FileResponse::new("old.txt").with_charset("latin-1");
    /// assert_eq!(r.charset().label(), "latin-1");
    /// ```
    #[must_use]
    pub fn with_charset(mut self, charset: impl crate::IntoCharset) -> Self {
        match charset.into_charset() {
            Ok(c) => self.charset = c,
            Err(err) => self.head.fail(err),
        }
        self
    }

    /// The path.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::FileResponse::new("a.txt").path(), std::path::Path::new("a.txt"));
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The filename for `content-disposition`, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::FileResponse::new("a.txt").filename(), None);
    /// ```
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// The metadata given or read, if any yet.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::FileResponse::new("a.txt").stat().is_none());
    /// ```
    pub fn stat(&self) -> Option<&FileStat> {
        self.stat.as_ref()
    }

    /// The content-disposition type.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::file::ContentDisposition;
    /// assert_eq!(responses::FileResponse::new("a").content_disposition_type(), ContentDisposition::Attachment);
    /// ```
    pub fn content_disposition_type(&self) -> ContentDisposition {
        self.disposition
    }

    /// The chunk size.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::FileResponse::new("a").chunk_size(), 65536);
    /// ```
    pub fn chunk_size(&self) -> usize {
        self.chunk_size
    }

    /// The media type given, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::FileResponse::new("a.txt").media_type().is_none());
    /// ```
    pub fn media_type(&self) -> Option<&MediaType> {
        self.media_type.as_ref()
    }

    /// The charset.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::FileResponse::new("a.txt").charset().is_utf8());
    /// ```
    pub fn charset(&self) -> &Charset {
        &self.charset
    }
}

common_methods!(FileResponse, "FileResponse::new(\"Cargo.toml\")");

/// Opens a regular file and reads its metadata.
fn open_file(path: &Path) -> Result<(File, FileStat), Error> {
    let shown = path.display();
    let not_found = |e: io::Error| match e.kind() {
        io::ErrorKind::NotFound => Error::with_source(
            ErrorKind::FileNotFound,
            format!("File at path {shown} does not exist."),
            e,
        ),
        _ => Error::with_source(
            ErrorKind::File,
            format!("File at path {shown} cannot be opened: {e}"),
            e,
        ),
    };
    // Checked before opening: opening a FIFO would block until a writer comes.
    if !std::fs::metadata(path).map_err(not_found)?.is_file() {
        return Err(Error::new(
            ErrorKind::File,
            format!("File at path {shown} is not a file."),
        ));
    }
    let file = File::open(path).map_err(not_found)?;
    let metadata = file.metadata().map_err(|e| {
        Error::with_source(
            ErrorKind::File,
            format!("File at path {shown} cannot be read: {e}"),
            e,
        )
    })?;
    if !metadata.is_file() {
        return Err(Error::new(
            ErrorKind::File,
            format!("File at path {shown} is not a file."),
        ));
    }
    Ok((file, FileStat::try_from(&metadata)?))
}

/// What `request::prepare` needs to answer a request for a file response.
#[derive(Clone)]
pub(crate) struct FileInfo {
    pub(crate) size: u64,
    /// `last-modified` in seconds since 1970, for date comparisons.
    pub(crate) modified_secs: i64,
}

impl crate::IntoHttp for FileResponse {
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        let FileResponse {
            mut head,
            path,
            file,
            stat,
            media_type,
            charset,
            filename,
            disposition,
            chunk_size,
        } = self;
        if let Some(err) = head.error.take() {
            return Err(err);
        }
        let (file, stat) = match (file, stat) {
            (file, Some(stat)) => (file, stat),
            (_, None) => {
                let (file, stat) = open_file(&path)?;
                (Some(file), stat)
            }
        };
        let media_type = media_type.unwrap_or_else(|| match filename.as_deref() {
            Some(name) if !name.is_empty() => guess_media_type(Path::new(name)),
            _ => guess_media_type(&path),
        });

        let status = head.status;
        let headers = &mut head.headers;
        let set_default = |headers: &mut HeaderMap, name, value: HeaderValue| {
            if headers.contains_key(&name) {
                Ok(())
            } else {
                try_insert(headers, name, value)
            }
        };
        set_default(headers, CONTENT_TYPE, media_type.content_type(&charset))?;
        set_default(headers, ACCEPT_RANGES, HeaderValue::from_static("bytes"))?;
        if let Some(name) = &filename {
            let value =
                crate::IntoHeaderValue::into_header_value(content_disposition(disposition, name))?;
            set_default(headers, CONTENT_DISPOSITION, value)?;
        }
        if status_allows_body(status) {
            crate::header::check_content_length(headers, stat.size)?;
            set_default(
                headers,
                CONTENT_LENGTH,
                crate::header::length_value(stat.size),
            )?;
        } else {
            crate::header::remove_in_order(headers, &[CONTENT_LENGTH]);
        }
        set_default(
            headers,
            LAST_MODIFIED,
            crate::IntoHeaderValue::into_header_value(stat.last_modified())?,
        )?;
        set_default(
            headers,
            ETAG,
            crate::IntoHeaderValue::into_header_value(stat.etag())?,
        )?;

        let source = FileSource {
            path: Arc::from(path.as_path()),
            file,
        };
        let body = if status_allows_body(status) {
            Body::file(FileStream::new(
                source,
                VecDeque::from([Part::Range(ByteRange {
                    start: 0,
                    end: stat.size,
                })]),
                chunk_size,
            ))
        } else {
            Body::empty()
        };
        let info = FileInfo {
            size: stat.size,
            modified_secs: stat.last_modified_secs(),
        };
        let mut response = head.finish_body(body)?;
        response.extensions_mut().insert(info);
        Ok(response)
    }
}

impl fmt::Debug for FileResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileResponse")
            .field("path", &self.path)
            .field("status", &self.head.status)
            .field("stat", &self.stat)
            .field("filename", &self.filename)
            .field("chunk_size", &self.chunk_size)
            .finish_non_exhaustive()
    }
}

/// The file a body reads from: its path (for opening it late and for messages) and the file
/// itself once open.
pub(crate) struct FileSource {
    pub(crate) path: Arc<Path>,
    pub(crate) file: Option<File>,
}

/// A piece of a file body: bytes written as they are (multipart delimiters) or a range of
/// the file.
pub(crate) enum Part {
    Bytes(Bytes),
    Range(ByteRange),
}

type PendingRead = Pin<Box<dyn Future<Output = (Option<File>, Result<Bytes, Error>)> + Send>>;

/// Reads the parts of a file body `chunk_size` bytes at a time on the blocking pool.
pub(crate) struct FileStream {
    source: FileSource,
    parts: VecDeque<Part>,
    chunk_size: usize,
    /// Where the next read starts, when the file position is known.
    position: Option<u64>,
    pending: Option<PendingRead>,
}

impl FileStream {
    pub(crate) fn new(source: FileSource, parts: VecDeque<Part>, chunk_size: usize) -> Self {
        FileStream {
            source,
            parts,
            chunk_size,
            position: None,
            pending: None,
        }
    }

    /// The total number of bytes the parts make.
    pub(crate) fn len(&self) -> u64 {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Bytes(b) => b.len() as u64,
                Part::Range(r) => r.len(),
            })
            .sum()
    }

    /// The chunk size.
    pub(crate) fn chunk_size(&self) -> usize {
        self.chunk_size
    }

    /// The file, for a new body with other parts.
    pub(crate) fn into_source(self) -> FileSource {
        self.source
    }
}

/// Reads `len` bytes at `start` (opening the file if needed); fewer means the file ended.
fn read_chunk(
    path: &Path,
    file: Option<File>,
    seek: Option<u64>,
    len: usize,
) -> (Option<File>, Result<Bytes, Error>) {
    let mut file = match file {
        Some(f) => f,
        None => match open_file(path) {
            Ok((f, _)) => f,
            Err(e) => return (None, Err(e)),
        },
    };
    if let Some(start) = seek
        && let Err(e) = file.seek(SeekFrom::Start(start))
    {
        return (
            Some(file),
            Err(Error::with_source(
                ErrorKind::File,
                format!("File at path {} cannot be read: {e}", path.display()),
                e,
            )),
        );
    }
    let mut buf = Vec::with_capacity(len);
    let result = (&mut file).take(len as u64).read_to_end(&mut buf);
    match result {
        Ok(_) if buf.len() == len => (Some(file), Ok(Bytes::from(buf))),
        Ok(_) => (
            Some(file),
            Err(Error::new(
                ErrorKind::File,
                format!("File at path {} is shorter than expected.", path.display()),
            )),
        ),
        Err(e) => (
            Some(file),
            Err(Error::with_source(
                ErrorKind::File,
                format!("File at path {} cannot be read: {e}", path.display()),
                e,
            )),
        ),
    }
}

impl Stream for FileStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(pending) = this.pending.as_mut() {
                let (file, result) = match pending.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(done) => done,
                };
                this.pending = None;
                this.source.file = file;
                return Poll::Ready(Some(result));
            }
            let Some(part) = this.parts.front_mut() else {
                return Poll::Ready(None);
            };
            match part {
                Part::Bytes(_) => {
                    if let Some(Part::Bytes(b)) = this.parts.pop_front() {
                        return Poll::Ready(Some(Ok(b)));
                    }
                }
                Part::Range(range) => {
                    if range.is_empty() {
                        this.parts.pop_front();
                        continue;
                    }
                    let len = usize::try_from(range.len())
                        .unwrap_or(usize::MAX)
                        .min(this.chunk_size);
                    let start = range.start;
                    range.start += len as u64;
                    let seek = (this.position != Some(start)).then_some(start);
                    this.position = Some(start + len as u64);
                    let path = this.source.path.clone();
                    let file = this.source.file.take();
                    match tokio::runtime::Handle::try_current() {
                        Ok(handle) => {
                            let job =
                                handle.spawn_blocking(move || read_chunk(&path, file, seek, len));
                            let path = this.source.path.clone();
                            this.pending = Some(Box::pin(async move {
                                match job.await {
                                    Ok(done) => done,
                                    Err(e) => (
                                        None,
                                        Err(Error::with_source(
                                            ErrorKind::File,
                                            format!(
                                                "reading file at path {} failed",
                                                path.display()
                                            ),
                                            e,
                                        )),
                                    ),
                                }
                            }));
                        }
                        Err(_) => {
                            let (file, result) = read_chunk(&path, file, seek, len);
                            this.source.file = file;
                            return Poll::Ready(Some(result));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn content_dispositions() {
        let cd = |name| content_disposition(ContentDisposition::Attachment, name);
        assert_eq!(cd("example.png"), "attachment; filename=\"example.png\"");
        assert_eq!(cd("dir/a.txt"), "attachment; filename=\"dir/a.txt\"");
        assert_eq!(
            cd("你好.txt"),
            "attachment; filename=\"__.txt\"; filename*=utf-8''%E4%BD%A0%E5%A5%BD.txt"
        );
        assert_eq!(
            cd("a\"b.txt"),
            "attachment; filename=\"a\\\"b.txt\"; filename*=utf-8''a%22b.txt"
        );
        assert_eq!(
            cd("my file.txt"),
            "attachment; filename=\"my file.txt\"; filename*=utf-8''my%20file.txt"
        );
        assert_eq!(
            cd("a\\b\r\n.txt"),
            "attachment; filename=\"a\\\\b__.txt\"; filename*=utf-8''a%5Cb%0D%0A.txt"
        );
        assert_eq!(
            content_disposition(ContentDisposition::Inline, "é.txt"),
            "inline; filename=\"_.txt\"; filename*=utf-8''%C3%A9.txt"
        );
    }

    #[test]
    fn media_types_are_guessed() {
        let g = |p: &str| guess_media_type(Path::new(p)).as_str().to_owned();
        assert_eq!(g("hello.txt"), "text/plain");
        assert_eq!(g("page.html"), "text/html");
        assert_eq!(g("image.png"), "image/png");
        assert_eq!(g("noext"), "application/octet-stream");
        assert_eq!(g("blob.bin"), "application/octet-stream");
        assert_eq!(g("你好.txt"), "text/plain");
        // Python's mimetypes: compression suffixes are encodings, not types.
        assert_eq!(g("notes.txt.gz"), "text/plain");
        assert_eq!(g("backup.tar.gz"), "application/x-tar");
        assert_eq!(g("data.gz"), "application/octet-stream");
        assert_eq!(g("logs.tgz"), "application/x-tar");
        assert_eq!(g("drawing.svgz"), "image/svg+xml");
        assert_eq!(g("dump.json.bz2"), "application/json");
        // `encodings_map` is case-sensitive: `.GZ` is a type (as with the system's
        // mime.types that Python reads), not an encoding.
        assert_eq!(g("NOTES.TXT.GZ"), "application/gzip");
        assert_eq!(g(".bashrc"), "application/octet-stream");
        assert_eq!(g("dir/page.HTML"), "text/html");
    }
}
