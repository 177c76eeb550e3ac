//! `FileResponse`: a file sent `chunk_size` bytes at a time, with Starlette's headers and
//! etag, and — prepared for a request — HEAD, ranges and conditional requests.
//!
//! The pieces, in the order a response goes through them: the builder and its conversion
//! (here), the file's metadata and the headers made from it ([`FileStat`]), the media-type
//! guess and `content-disposition`, the reader on the blocking pool, and, once the request
//! is known, the conditional headers, `Range` parsing ([`range`]) and the 206, 304, 412, 400
//! and 416 answers.

mod answer;
mod conditional;
mod disposition;
mod guess;
pub mod range;
mod reader;
mod stat;

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use http::header::{
    ACCEPT_RANGES, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, ETAG, LAST_MODIFIED,
};
use http::{HeaderMap, HeaderValue, StatusCode};

pub use self::disposition::{ContentDisposition, content_disposition};
use self::guess::guess_media_type;
use self::reader::{FileStream, open_file};
pub use self::stat::FileStat;
use crate::body::Body;
use crate::error::{Error, ErrorKind};
use crate::head::{ContentType, Head, common_methods, content_type_methods};
use crate::header::{status_allows_body, try_insert};
use crate::request::RequestAware;

/// Starlette's `FileResponse.chunk_size`: 64 KiB.
///
/// # Examples
///
/// ```
/// let r = responses::FileResponse::new("a.txt");
/// assert_eq!(r.chunk_size(), responses::file::DEFAULT_CHUNK_SIZE);
/// ```
pub const DEFAULT_CHUNK_SIZE: usize = 64 * 1024;

/// The largest chunk size [`FileResponse::with_chunk_size`] takes: 16 MiB, the most one read
/// allocates for a response (a larger one would only make memory grow with the file).
///
/// # Examples
///
/// ```
/// use responses::file::MAX_CHUNK_SIZE;
///
/// let r = responses::FileResponse::new("big.iso").with_chunk_size(MAX_CHUNK_SIZE);
/// assert_eq!(r.chunk_size(), 16 << 20);
/// ```
pub const MAX_CHUNK_SIZE: usize = 16 << 20;

/// A chunk size within `1..=MAX_CHUNK_SIZE`.
fn checked_chunk_size(chunk_size: usize) -> Result<usize, Error> {
    if (1..=MAX_CHUNK_SIZE).contains(&chunk_size) {
        Ok(chunk_size)
    } else {
        Err(Error::new(
            ErrorKind::InvalidChunkSize,
            format!("chunk size {chunk_size} is not in 1..={MAX_CHUNK_SIZE} bytes"),
        ))
    }
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
    content_type: ContentType,
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
            content_type: ContentType::new(None),
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

    /// How many bytes are read and sent at a time: 1 to [`MAX_CHUNK_SIZE`] (default 64 KiB,
    /// [`DEFAULT_CHUNK_SIZE`]). A read never asks for more than what is left of the range
    /// being sent.
    ///
    /// # Errors
    ///
    /// 0, or more than [`MAX_CHUNK_SIZE`], makes the conversion fail with
    /// [`ErrorKind::InvalidChunkSize`].
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{ErrorKind, FileResponse, IntoHttp};
    ///
    /// let r = FileResponse::new("big.iso").with_chunk_size(1 << 20);
    /// assert_eq!(r.chunk_size(), 1 << 20);
    /// let err = FileResponse::new("Cargo.toml").with_chunk_size(0).into_http().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChunkSize);
    /// ```
    #[must_use]
    pub fn with_chunk_size(mut self, chunk_size: usize) -> Self {
        if let Some(size) = self.head.record(checked_chunk_size(chunk_size)) {
            self.chunk_size = size;
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
}

common_methods!(FileResponse, "FileResponse::new(\"Cargo.toml\")");
content_type_methods!(
    FileResponse,
    "FileResponse::new(\"notes\")",
    media: "(otherwise guessed from the filename or path)",
    charset: "the file's bytes are sent as they are"
);

/// `#[endpoint(response_class = FileResponse)]`: a handler that returns a path (FastAPI's
/// `response_class=FileResponse`).
impl<P: Into<PathBuf>> crate::ResponseClass<P> for FileResponse {
    fn from_content(path: P) -> Self {
        FileResponse::new(path)
    }

    fn with_status(self, status: StatusCode) -> Self {
        self.with_status_code(status)
    }
}

impl<P: Into<PathBuf>> crate::EndpointClass<P> for FileResponse {
    type Response = FileResponse;
}

/// A handler that returns the class itself.
impl crate::ResponseClass<FileResponse> for FileResponse {
    fn from_content(response: FileResponse) -> Self {
        response
    }

    fn with_status(self, status: StatusCode) -> Self {
        self.with_status_code(status)
    }
}

impl crate::EndpointClass<FileResponse> for FileResponse {
    type Response = FileResponse;
}

impl crate::IntoHttp for FileResponse {
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        let FileResponse {
            head,
            path,
            file,
            stat,
            content_type,
            filename,
            disposition,
            chunk_size,
        } = self;
        let mut head = head;
        let checked = head.check()?;
        let (file, stat) = match (file, stat) {
            (file, Some(stat)) => (file, stat),
            (_, None) => {
                let (file, stat) = open_file(&path)?;
                (Some(file), stat)
            }
        };
        // The file's bytes are sent as they are; the charset is only named, and must not
        // contradict one the media type names.
        let charset = content_type.encoding(false)?;
        let media_type = content_type.media_type;
        let media_type = media_type.unwrap_or_else(|| match filename.as_deref() {
            Some(name) if !name.is_empty() => guess_media_type(Path::new(name)),
            _ => guess_media_type(&path),
        });

        let status = head.status;
        // A size of 0 may be a file system that does not know (procfs, some FUSE files):
        // what the file holds is read, and sent without a length if there is any.
        let (file, first) = match file {
            Some(file) if stat.size() == 0 && status_allows_body(status) => {
                let (file, first) = read_start(&path, file, chunk_size)?;
                (Some(file), first)
            }
            file => (file, Bytes::new()),
        };
        let size_unknown = !first.is_empty();
        let headers = &mut head.headers;
        let set_default = |headers: &mut HeaderMap, name, value: HeaderValue| {
            if headers.contains_key(&name) {
                Ok(())
            } else {
                try_insert(headers, name, value)
            }
        };
        set_default(headers, CONTENT_TYPE, media_type.content_type(&charset))?;
        let ranges = if size_unknown { "none" } else { "bytes" };
        set_default(headers, ACCEPT_RANGES, HeaderValue::from_static(ranges))?;
        if let Some(name) = &filename {
            let value =
                crate::IntoHeaderValue::into_header_value(content_disposition(disposition, name))?;
            set_default(headers, CONTENT_DISPOSITION, value)?;
        }
        if size_unknown {
            if headers.contains_key(CONTENT_LENGTH) {
                return Err(Error::new(
                    ErrorKind::ContentLengthMismatch,
                    format!(
                        "content-length given, but the file at path {} has no known size",
                        path.display()
                    ),
                ));
            }
        } else if status_allows_body(status) {
            crate::header::check_content_length(headers, stat.size())?;
            set_default(
                headers,
                CONTENT_LENGTH,
                crate::header::length_value(stat.size()),
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

        let body = match file {
            Some(file) if size_unknown => file_body(FileStream::to_its_end(
                Arc::from(path.as_path()),
                file,
                stat,
                first,
                chunk_size,
            )),
            file if status_allows_body(status) => file_body(FileStream::new(
                Arc::from(path.as_path()),
                file,
                stat,
                chunk_size,
            )),
            _ => Body::empty(),
        };
        let mut response = head.finish_body(checked, body)?;
        response
            .extensions_mut()
            .insert(RequestAware(answer::for_request));
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

/// Up to `chunk_size` bytes from the start of a file that says it is empty: nothing for a
/// file that is.
fn read_start(path: &Path, file: File, chunk_size: usize) -> Result<(File, Bytes), Error> {
    use std::io::Read as _;
    let mut first = Vec::new();
    let mut reader = file.take(chunk_size as u64);
    reader.read_to_end(&mut first).map_err(|e| {
        Error::with_source(
            ErrorKind::File,
            format!("File at path {} cannot be read: {e}", path.display()),
            e,
        )
    })?;
    Ok((reader.into_inner(), Bytes::from(first)))
}

/// The body of a file response: its parts, streamed with their exact length when it is
/// known.
fn file_body(stream: FileStream) -> Body {
    match stream.len() {
        Some(len) => Body::from_source(stream).with_length(len),
        None => Body::from_source(stream),
    }
}
