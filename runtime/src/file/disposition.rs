//! `content-disposition` for a file, as Starlette writes it, with the RFC 6266 fallback
//! for names that need quoting.

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

/// Starlette's `content-disposition`, with the RFC 6266 fallback of docs/behaviour.md §9: a filename
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
fn quote_filename(name: &str) -> std::borrow::Cow<'_, str> {
    percent_encoding::utf8_percent_encode(name, UNSAFE_IN_FILENAME).into()
}

/// What [`quote_filename`] encodes: all but `A-Z a-z 0-9 _ . - ~ /`.
const UNSAFE_IN_FILENAME: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b'/');

#[cfg(test)]
mod tests {
    use super::*;

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
}
