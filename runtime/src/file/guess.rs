//! A file's media type, guessed from its name as Python's `mimetypes` does.

use std::path::Path;

use crate::media_type::MediaType;

/// The media type of a file, guessed from its name as Python's `mimetypes.guess_type` does
/// (Starlette's guess): `.tgz`-style suffixes are expanded, a compression suffix (`.gz`,
/// `.Z`, `.bz2`, `.xz`, `.br`) is an encoding, not the type, so `notes.txt.gz` is
/// `text/plain` and `data.gz` has no type; the type of the remaining extension comes from
/// `mime_guess`. No type: `application/octet-stream`.
pub(crate) fn guess_media_type(name: &Path) -> MediaType {
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

#[cfg(test)]
mod tests {
    use super::*;

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
