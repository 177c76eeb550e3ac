//! A file (0..=4096 bytes) answered for a request with a random `Range` and random
//! conditional headers (`If-Range`, `If-Match`, `If-None-Match`, `If-Modified-Since`,
//! `If-Unmodified-Since`), as `tests/properties.rs` property 1: never a panic;
//! 200/206/304/400/412/416 only; a 206 carries exactly the file's bytes that its
//! `content-range` or its `multipart/byteranges` parts name, parts sorted, disjoint and
//! apart; `content-length` is the body's length; a 416 says `bytes */SIZE`; at most one
//! `content-range`.

#![no_main]

use std::time::{Duration, SystemTime};

use arbitrary::Arbitrary;
use http::HeaderValue;
use libfuzzer_sys::fuzz_target;
use responses::file::FileStat;
use responses::{FileResponse, IntoHttp};
use responses_fuzz::{TempFile, assert_header_values, collect, content_length};

#[derive(Arbitrary, Debug)]
enum Method {
    Get,
    Head,
    Post,
}

#[derive(Arbitrary, Debug)]
enum Part {
    /// `a-b`
    Span(u16, u16),
    /// `a-`
    From(u16),
    /// `-d`
    Suffix(u16),
    /// `a-b` with any numbers
    Big(u64, u64),
    /// anything
    Text(String),
}

#[derive(Arbitrary, Debug)]
enum RangeSpec {
    Raw(Vec<u8>),
    Parts {
        unit: u8,
        spaces: u8,
        parts: Vec<Part>,
    },
}

#[derive(Arbitrary, Debug)]
enum Tag {
    Etag,
    WeakEtag,
    Star,
    ListWithEtag(String),
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum Date {
    LastModified,
    /// The file's modification time plus this many seconds.
    Offset(i32),
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum IfRange {
    Etag,
    WeakEtag,
    LastModified,
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Input {
    size: u16,
    seed: u8,
    method: Method,
    range: Option<RangeSpec>,
    if_range: Option<IfRange>,
    if_match: Option<Tag>,
    if_none_match: Option<Tag>,
    if_modified_since: Option<Date>,
    if_unmodified_since: Option<Date>,
    caller_content_range: Option<Vec<u8>>,
    caller_content_type: Option<Vec<u8>>,
}

fn range_text(spec: &RangeSpec) -> Vec<u8> {
    match spec {
        RangeSpec::Raw(bytes) => bytes.clone(),
        RangeSpec::Parts {
            unit,
            spaces,
            parts,
        } => {
            let unit =
                ["bytes=", "BYTES=", " Bytes =", "items=", "bytes", "="][usize::from(*unit % 6)];
            let w = |bit: u8| if spaces & (1 << bit) != 0 { " " } else { "" };
            let parts: Vec<String> = parts
                .iter()
                .map(|part| match part {
                    Part::Span(a, b) => format!("{}{a}{}-{}{b}", w(0), w(1), w(2)),
                    Part::From(a) => format!("{}{a}-{}", w(0), w(3)),
                    Part::Suffix(d) => format!("-{}{d}", w(1)),
                    Part::Big(a, b) => format!("{a}-{b}"),
                    Part::Text(t) => t.clone(),
                })
                .collect();
            let sep = if spaces & 16 != 0 { ", " } else { "," };
            format!("{unit}{}", parts.join(sep)).into_bytes()
        }
    }
}

fn tag(tag: &Tag, etag: &str) -> Vec<u8> {
    match tag {
        Tag::Etag => etag.as_bytes().to_vec(),
        Tag::WeakEtag => format!("W/{etag}").into_bytes(),
        Tag::Star => b"*".to_vec(),
        Tag::ListWithEtag(other) => format!("\"{other}\", {etag}").into_bytes(),
        Tag::Raw(bytes) => bytes.clone(),
    }
}

fn date(date: &Date, modified: SystemTime, last_modified: &str) -> Vec<u8> {
    match date {
        Date::LastModified => last_modified.as_bytes().to_vec(),
        Date::Offset(secs) => {
            let d = Duration::from_secs(u64::from(secs.unsigned_abs()));
            let t = if *secs >= 0 {
                modified + d
            } else {
                modified - d
            };
            FileStat::new(0, t).last_modified().into_bytes()
        }
        Date::Raw(bytes) => bytes.clone(),
    }
}

fn parse_content_range(text: &str, size: u64) -> (u64, u64) {
    let parsed = (|| {
        let rest = text.strip_prefix("bytes ")?;
        let (span, total) = rest.split_once('/')?;
        let (first, last) = span.split_once('-')?;
        Some((
            first.parse::<u64>().ok()?,
            last.parse::<u64>().ok()?,
            total.parse::<u64>().ok()?,
        ))
    })();
    let Some((first, last, total)) = parsed else {
        panic!("bad content-range {text:?}");
    };
    assert_eq!(total, size, "content-range total in {text:?}");
    assert!(
        first <= last && last < size,
        "content-range {text:?} out of the file"
    );
    (first, last)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn check_multipart(body: &[u8], boundary: &str, file: &[u8]) -> Vec<(u64, u64)> {
    let size = file.len() as u64;
    let delimiter = format!("--{boundary}");
    let mut rest = body;
    let mut parts = Vec::new();
    loop {
        assert!(rest.starts_with(delimiter.as_bytes()), "boundary expected");
        rest = &rest[delimiter.len()..];
        if rest == b"--" {
            break;
        }
        assert!(rest.starts_with(b"\r\n"), "no CRLF after a boundary");
        rest = &rest[2..];
        let end = find(rest, b"\r\n\r\n").expect("a part's headers end");
        let head = &rest[..end];
        rest = &rest[end + 4..];
        let ranges: Vec<&[u8]> = head
            .split(|&b| b == b'\n')
            .filter_map(|line| {
                line.strip_suffix(b"\r")
                    .unwrap_or(line)
                    .strip_prefix(b"Content-Range: ")
            })
            .collect();
        assert_eq!(ranges.len(), 1, "one Content-Range per part");
        let text = String::from_utf8_lossy(ranges[0]).into_owned();
        let (first, last) = parse_content_range(&text, size);
        let len = (last - first + 1) as usize;
        assert!(rest.len() >= len + 2, "a part is cut short");
        assert!(
            rest[..len] == file[first as usize..=last as usize],
            "part {text} has the wrong bytes"
        );
        assert_eq!(&rest[len..len + 2], b"\r\n");
        rest = &rest[len + 2..];
        parts.push((first, last));
    }
    parts
}

fuzz_target!(|input: Input| {
    let size = usize::from(input.size) % 4097;
    let content: Vec<u8> = (0..size)
        .map(|i| ((i as u32).wrapping_mul(2_654_435_761) >> 24) as u8 ^ input.seed)
        .collect();
    let file = TempFile::new("range", "bin", &content);
    let modified = std::fs::metadata(file.path())
        .and_then(|m| m.modified())
        .expect("metadata");
    let plain = FileResponse::new(file.path())
        .into_http()
        .expect("a plain file response");
    let header = |name| {
        plain.headers()[name]
            .to_str()
            .expect("ASCII validator")
            .to_owned()
    };
    let etag = header("etag");
    let last_modified = header("last-modified");
    drop(plain);

    let method = match input.method {
        Method::Get => "GET",
        Method::Head => "HEAD",
        Method::Post => "POST",
    };
    let mut request = http::Request::builder().method(method).uri("/file");
    let mut add = |name: &str, value: Vec<u8>| {
        if let Ok(value) = HeaderValue::from_bytes(&value) {
            request = std::mem::take(&mut request).header(name, value);
        }
    };
    if let Some(spec) = &input.range {
        add("range", range_text(spec));
    }
    if let Some(choice) = &input.if_range {
        add(
            "if-range",
            match choice {
                IfRange::Etag => etag.clone().into_bytes(),
                IfRange::WeakEtag => format!("W/{etag}").into_bytes(),
                IfRange::LastModified => last_modified.clone().into_bytes(),
                IfRange::Raw(bytes) => bytes.clone(),
            },
        );
    }
    if let Some(t) = &input.if_match {
        add("if-match", tag(t, &etag));
    }
    if let Some(t) = &input.if_none_match {
        add("if-none-match", tag(t, &etag));
    }
    if let Some(d) = &input.if_modified_since {
        add("if-modified-since", date(d, modified, &last_modified));
    }
    if let Some(d) = &input.if_unmodified_since {
        add("if-unmodified-since", date(d, modified, &last_modified));
    }
    let request = request.body(()).expect("a request");

    let mut response = FileResponse::new(file.path());
    for (name, value) in [
        ("content-range", &input.caller_content_range),
        ("content-type", &input.caller_content_type),
    ] {
        // Only valid values: an invalid one is an error, tested by `header_values`.
        if let Some(value) = value
            && HeaderValue::from_bytes(value).is_ok()
        {
            response = response.with_header(name, value.clone());
        }
    }
    let response = response
        .into_http_for(&request)
        .unwrap_or_else(|e| panic!("conversion failed: {e}"));

    let status = response.status().as_u16();
    assert!(
        [200, 206, 304, 400, 412, 416].contains(&status),
        "status {status}"
    );
    let content_ranges: Vec<_> = response.headers().get_all("content-range").iter().collect();
    assert!(
        content_ranges.len() <= 1,
        "{} content-range headers: {content_ranges:?}",
        content_ranges.len()
    );
    assert_header_values(&response);
    let head = method == "HEAD";
    let declared = content_length(&response);
    let text = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let content_type = text("content-type");
    let content_range = text("content-range");
    let body = collect(response.into_body()).unwrap_or_else(|e| panic!("body failed: {e}"));

    if head {
        assert!(body.is_empty(), "a HEAD response has body bytes");
    } else if let Some(n) = declared {
        assert_eq!(
            n,
            body.len() as u64,
            "content-length is not the body's length"
        );
    }
    match status {
        200 => {
            assert_eq!(declared, Some(size as u64), "200 content-length");
            assert!(head || body == content, "200 body is not the file");
        }
        206 => {
            let prefix = "multipart/byteranges; boundary=";
            match content_type.as_deref() {
                Some(ct) if ct.starts_with(prefix) => {
                    let boundary = &ct[prefix.len()..];
                    assert!(!boundary.is_empty(), "empty boundary");
                    // Each part has its own; the caller's (if any) is removed.
                    assert!(
                        content_range.is_none(),
                        "multipart 206 with content-range {content_range:?}"
                    );
                    assert!(declared.is_some(), "multipart 206 without content-length");
                    if !head {
                        let parts = check_multipart(&body, boundary, &content);
                        assert!(parts.len() >= 2, "multipart with {} part(s)", parts.len());
                        for pair in parts.windows(2) {
                            assert!(
                                pair[0].1 + 1 < pair[1].0,
                                "parts {:?} and {:?} are not sorted, disjoint and apart",
                                pair[0],
                                pair[1]
                            );
                        }
                    }
                }
                _ => {
                    let text = content_range.expect("a 206 has content-range");
                    let (first, last) = parse_content_range(&text, size as u64);
                    assert_eq!(declared, Some(last - first + 1), "206 content-length");
                    assert!(
                        head || body[..] == content[first as usize..=last as usize],
                        "206 body is not the file's bytes {first}-{last}"
                    );
                }
            }
        }
        304 => assert!(body.is_empty(), "a 304 has body bytes"),
        416 => assert_eq!(content_range, Some(format!("bytes */{size}"))),
        _ => {}
    }
});
