//! Opening a file, and reading the parts of a file body a chunk at a time on Tokio's
//! blocking pool.

use std::any::Any;
use std::collections::VecDeque;
use std::fs::File;
use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;

use super::range::ByteRange;
use super::stat::FileStat;
use crate::body::Source;
use crate::error::{Error, ErrorKind};

/// Opens a regular file and reads its metadata.
pub(super) fn open_file(path: &Path) -> Result<(File, FileStat), Error> {
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

/// A piece of a file body: bytes written as they are (multipart delimiters) or a range of
/// the file.
pub(crate) enum Part {
    Bytes(Bytes),
    Range(ByteRange),
    /// The file from where the last read stopped to its end, however long that is.
    Rest,
}

type PendingRead = Pin<Box<dyn Future<Output = (Option<File>, Result<Bytes, Error>)> + Send>>;

/// The source of a file body: the parts of one file, read `chunk_size` bytes at a time on
/// the blocking pool. It keeps the file's metadata, so that the response can be planned
/// again for a request (ranges, conditionals) before it starts.
pub(crate) struct FileStream {
    path: Arc<Path>,
    /// The file once open (it is opened late when only its metadata was given).
    file: Option<File>,
    stat: FileStat,
    parts: VecDeque<Part>,
    chunk_size: usize,
    /// Where the next read starts, when the file position is known.
    position: Option<u64>,
    pending: Option<PendingRead>,
}

impl FileStream {
    /// The whole file.
    pub(crate) fn new(
        path: Arc<Path>,
        file: Option<File>,
        stat: FileStat,
        chunk_size: usize,
    ) -> Self {
        let whole = ByteRange {
            start: 0,
            end: stat.size(),
        };
        FileStream {
            path,
            file,
            stat,
            parts: VecDeque::from([Part::Range(whole)]),
            chunk_size,
            position: None,
            pending: None,
        }
    }

    /// The same file, sending `parts` instead.
    pub(crate) fn with_parts(self, parts: VecDeque<Part>) -> Self {
        FileStream {
            parts,
            position: None,
            pending: None,
            ..self
        }
    }

    /// A file whose size the file system does not tell (`stat` says 0, yet it has
    /// content, as procfs files have): `first`, read already, then the rest to the end.
    pub(crate) fn to_its_end(
        path: Arc<Path>,
        file: File,
        stat: FileStat,
        first: Bytes,
        chunk_size: usize,
    ) -> Self {
        FileStream {
            path,
            file: Some(file),
            stat,
            parts: VecDeque::from([Part::Bytes(first), Part::Rest]),
            chunk_size,
            position: None,
            pending: None,
        }
    }

    /// The total number of bytes the parts make; `None` when the file is read to its end
    /// without a known size.
    pub(crate) fn len(&self) -> Option<u64> {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Bytes(b) => Some(b.len() as u64),
                Part::Range(r) => Some(r.len()),
                Part::Rest => None,
            })
            .sum()
    }

    /// The file's metadata.
    pub(crate) fn stat(&self) -> &FileStat {
        &self.stat
    }
}

/// Reads `len` bytes at `seek` (or where the file is), opening the file if needed. With
/// `exact`, fewer means the file ended early, an error; without, fewer is what was left
/// (none: the end).
fn read_chunk(
    path: &Path,
    file: Option<File>,
    seek: Option<u64>,
    len: usize,
    exact: bool,
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
        Ok(_) if buf.len() == len || !exact => (Some(file), Ok(Bytes::from(buf))),
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

impl FileStream {
    /// Starts reading `len` bytes at `start` (the file's current position for `None`) on
    /// the blocking pool; without a runtime, reads them now.
    fn read(
        &mut self,
        start: Option<u64>,
        len: usize,
        exact: bool,
    ) -> Option<Result<Bytes, Error>> {
        let seek = start.filter(|&start| self.position != Some(start));
        self.position = start.map(|start| start + len as u64);
        let path = self.path.clone();
        let file = self.file.take();
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                let job = handle.spawn_blocking(move || read_chunk(&path, file, seek, len, exact));
                let path = self.path.clone();
                self.pending = Some(Box::pin(async move {
                    match job.await {
                        Ok(done) => done,
                        Err(e) => (
                            None,
                            Err(Error::with_source(
                                ErrorKind::File,
                                format!("reading file at path {} failed", path.display()),
                                e,
                            )),
                        ),
                    }
                }));
                None
            }
            Err(_) => {
                let (file, result) = read_chunk(&path, file, seek, len, exact);
                self.file = file;
                Some(result)
            }
        }
    }

    /// What a finished read gives: its bytes, or, for the rest of a file read to its end,
    /// `None` once there is nothing left (the part is done).
    fn finish_read(&mut self, result: Result<Bytes, Error>) -> Option<Result<Bytes, Error>> {
        if matches!(&result, Ok(b) if b.is_empty())
            && matches!(self.parts.front(), Some(Part::Rest))
        {
            self.parts.pop_front();
            return None;
        }
        Some(result)
    }
}

impl Source for FileStream {
    fn poll_chunk(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Error>>> {
        let this = &mut *self;
        loop {
            if let Some(pending) = this.pending.as_mut() {
                let (file, result) = match pending.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(done) => done,
                };
                this.pending = None;
                this.file = file;
                match this.finish_read(result) {
                    Some(chunk) => return Poll::Ready(Some(chunk)),
                    None => continue,
                }
            }
            let Some(part) = this.parts.front_mut() else {
                return Poll::Ready(None);
            };
            let read = match part {
                Part::Bytes(_) => {
                    if let Some(Part::Bytes(b)) = this.parts.pop_front() {
                        return Poll::Ready(Some(Ok(b)));
                    }
                    continue;
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
                    this.read(Some(start), len, true)
                }
                Part::Rest => {
                    let len = this.chunk_size;
                    this.read(None, len, false)
                }
            };
            if let Some(result) = read {
                match this.finish_read(result) {
                    Some(chunk) => return Poll::Ready(Some(chunk)),
                    None => continue,
                }
            }
        }
    }

    fn as_any(&self) -> Option<&dyn Any> {
        Some(self)
    }

    fn into_any(self: Pin<Box<Self>>) -> Option<Box<dyn Any>> {
        let this: Box<Self> = Pin::into_inner(self);
        Some(this)
    }
}
