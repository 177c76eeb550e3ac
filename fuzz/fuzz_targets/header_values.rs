//! Responses built from random caller input — header names and values, cookies (set and
//! deleted), redirect URLs (owned and `&'static`), file names, media types, charsets and
//! status codes — as `tests/properties.rs` property 2: the conversion never panics, and
//! either returns a typed error or a response none of whose header values contains CR, LF
//! or NUL.

#![no_main]

use std::borrow::Cow;
use std::time::{Duration, UNIX_EPOCH};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use responses::file::ContentDisposition;
use responses::{
    Cookie, FileResponse, HtmlResponse, IntoHttp, JsonResponse, PlainTextResponse,
    RedirectResponse, Response, SameSite,
};
use responses_fuzz::{TempFile, assert_header_values, static_ascii};

#[derive(Arbitrary, Debug)]
enum HeaderValueInput {
    Text(String),
    Bytes(Vec<u8>),
    Number(u64),
}

#[derive(Arbitrary, Debug)]
enum Expires {
    At(i64),
    After(u64),
}

#[derive(Arbitrary, Debug)]
struct CookieInput {
    key: String,
    value: String,
    encoded: bool,
    /// `None`: the default `/`; `Some(None)`: no path.
    path: Option<Option<String>>,
    domain: Option<String>,
    max_age: Option<i64>,
    expires: Option<Expires>,
    secure: bool,
    http_only: bool,
    partitioned: bool,
    same_site: Option<Option<u8>>,
}

#[derive(Arbitrary, Debug)]
enum Url {
    Owned(String),
    /// A `&'static str`: consecutive ASCII characters between these two.
    Static(u8, u8),
}

#[derive(Arbitrary, Debug)]
enum Class {
    Response(String),
    PlainText(String),
    Html(String),
    Json(Vec<String>),
    Redirect(Url),
    File { filename: String, inline: bool },
}

#[derive(Arbitrary, Debug)]
struct Input {
    class: Class,
    headers: Vec<(String, HeaderValueInput)>,
    cookies: Vec<CookieInput>,
    deletions: Vec<CookieInput>,
    media_type: Option<String>,
    charset: Option<String>,
    status: Option<u16>,
}

fn cookie(input: &CookieInput) -> Cookie {
    let mut c = if input.encoded {
        Cookie::encoded(input.key.clone(), &input.value)
    } else {
        Cookie::new(input.key.clone(), input.value.clone())
    };
    match &input.path {
        None => {}
        Some(None) => c = c.no_path(),
        Some(Some(p)) => c = c.path(p.clone()),
    }
    if let Some(d) = &input.domain {
        c = c.domain(d.clone());
    }
    if let Some(m) = input.max_age {
        c = c.max_age(m);
    }
    match input.expires {
        None => {}
        Some(Expires::At(secs)) => {
            let d = Duration::from_secs(secs.unsigned_abs());
            let at = if secs >= 0 {
                UNIX_EPOCH.checked_add(d)
            } else {
                UNIX_EPOCH.checked_sub(d)
            };
            if let Some(at) = at {
                c = c.expires(at);
            }
        }
        Some(Expires::After(secs)) => c = c.expires(Duration::from_secs(secs)),
    }
    c = c
        .secure(input.secure)
        .http_only(input.http_only)
        .partitioned(input.partitioned);
    if let Some(s) = input.same_site {
        c = c.same_site(s.map(|s| match s % 3 {
            0 => SameSite::Strict,
            1 => SameSite::Lax,
            _ => SameSite::None,
        }));
    }
    c
}

macro_rules! with_common {
    ($response:expr, $input:expr) => {{
        let mut r = $response;
        for (name, value) in &$input.headers {
            r = match value {
                HeaderValueInput::Text(text) => r.with_header(name.as_str(), text.as_str()),
                HeaderValueInput::Bytes(bytes) => r.with_header(name.clone(), bytes.clone()),
                HeaderValueInput::Number(n) => r.with_header(name.as_str(), *n),
            };
        }
        for c in &$input.cookies {
            r = r.with_cookie(cookie(c));
        }
        for c in &$input.deletions {
            let _ = r.delete_cookie(cookie(c));
        }
        if let Some(status) = $input.status {
            r = r.with_status_code(status);
        }
        r
    }};
}

macro_rules! with_content_type {
    ($response:expr, $input:expr) => {{
        let mut r = $response;
        if let Some(m) = &$input.media_type {
            r = r.with_media_type(m.clone());
        }
        if let Some(c) = &$input.charset {
            r = r.with_charset(c.clone());
        }
        r
    }};
}

fuzz_target!(|input: Input| {
    let result = match &input.class {
        Class::Response(text) => {
            with_content_type!(with_common!(Response::new(text.clone()), input), input).into_http()
        }
        Class::PlainText(text) => with_content_type!(
            with_common!(PlainTextResponse::new(text.clone()), input),
            input
        )
        .into_http(),
        Class::Html(text) => {
            with_content_type!(with_common!(HtmlResponse::new(text.clone()), input), input)
                .into_http()
        }
        Class::Json(items) => {
            let mut r = with_common!(JsonResponse::new(items.clone()), input);
            if let Some(m) = &input.media_type {
                r = r.with_media_type(m.clone());
            }
            r.into_http()
        }
        Class::Redirect(url) => {
            let url: Cow<'static, str> = match url {
                Url::Owned(url) => Cow::Owned(url.clone()),
                Url::Static(a, b) => Cow::Borrowed(static_ascii(*a, *b)),
            };
            with_common!(RedirectResponse::new(url), input).into_http()
        }
        Class::File { filename, inline } => {
            let file = TempFile::new("header-values", "txt", b"some bytes");
            let kind = if *inline {
                ContentDisposition::Inline
            } else {
                ContentDisposition::Attachment
            };
            let r = FileResponse::new(file.path())
                .with_filename(filename.clone())
                .with_content_disposition_type(kind);
            with_content_type!(with_common!(r, input), input).into_http()
        }
    };
    match result {
        Ok(response) => assert_header_values(&response),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
