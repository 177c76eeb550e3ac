//! Payloads and the variants under comparison, shared by the criterion benchmarks
//! (`benches/responses.rs`), the interleaved ratio runner (`benches/ratios.rs`) and the
//! allocation test (`tests/allocations.rs`).
//!
//! Each variant turns a payload into a finished response — ours, a derived type, the
//! hand-written `http::Response` a careful engineer would write, and the frameworks' own —
//! so that one function is measured everywhere.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::time::{Duration, UNIX_EPOCH};

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION, SET_COOKIE};
use http::{HeaderValue, StatusCode};
use http_body_util::Full;
use responses::{
    Body, Cookie, HtmlResponse, IntoHttp, JsonResponse, PlainTextResponse, RedirectResponse,
    Response, SameSite,
};
use serde::Serialize;

pub type Ours = http::Response<Body>;
pub type Hand = http::Response<Full<Bytes>>;

// --- payloads -------------------------------------------------------------------------

#[derive(Serialize, responses::Json, Clone, Debug)]
pub struct Small {
    pub id: u64,
    pub name: String,
    pub active: bool,
}

/// Twenty fields, a nested `Vec` of ten small structs, non-ASCII text.
#[derive(Serialize, responses::Json, Clone, Debug)]
pub struct Medium {
    pub id: u64,
    pub uuid: String,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub bio: String,
    pub city: String,
    pub country: String,
    pub locale: String,
    pub timezone: String,
    pub score: f64,
    pub balance: f64,
    pub age: u32,
    pub followers: u64,
    pub verified: bool,
    pub admin: bool,
    pub created_at: String,
    pub updated_at: String,
    pub tags: Vec<String>,
    pub friends: Vec<Small>,
}

pub fn small(i: u64) -> Small {
    Small {
        id: 1_000_000 + i,
        name: format!("Zoë Durand {i}"),
        active: !i.is_multiple_of(3),
    }
}

pub fn medium() -> Medium {
    Medium {
        id: 4_815_162_342,
        uuid: "3f2b8c1e-9d4a-4e7b-8a6f-0c5d2e1b7a93".into(),
        username: "zoe.durand".into(),
        display_name: "Zoë Durand — Ŝtelo ☃".into(),
        email: "zoe.durand@example.com".into(),
        bio: "Développeuse à Zürich; aime les œufs brouillés, le café crème et 日本語の本.".into(),
        city: "Zürich".into(),
        country: "Schweiz/Suisse".into(),
        locale: "fr-CH".into(),
        timezone: "Europe/Zurich".into(),
        score: 98.625,
        balance: -1_234.5,
        age: 34,
        followers: 1_048_576,
        verified: true,
        admin: false,
        created_at: "2021-03-04T05:06:07Z".into(),
        updated_at: "2026-11-22T10:11:12Z".into(),
        tags: vec![
            "rust".into(),
            "http".into(),
            "café".into(),
            "ünïcode".into(),
        ],
        friends: (0..10).map(small).collect(),
    }
}

/// A `Vec` of `n` small structs.
pub fn list(n: u64) -> Vec<Small> {
    (0..n).map(small).collect()
}

pub fn large() -> Vec<Small> {
    list(10_000)
}

/// A text-heavy payload (not one of the issue's): 50 articles with a 2 KiB body each,
/// where a SIMD string escaper has work to do.
#[derive(Serialize, Clone, Debug)]
pub struct Article {
    pub id: u64,
    pub title: String,
    pub body: String,
}

pub fn articles() -> Vec<Article> {
    let paragraph = "Le café « crème » coûte 3,50 € à Zürich; he said \"hi\" and left.\n";
    (0..50)
        .map(|i| Article {
            id: i,
            title: format!("Article {i}: naïve résumé"),
            body: paragraph.repeat(2048 / paragraph.len() + 1),
        })
        .collect()
}

/// Sizes of the sweep, in bytes of JSON.
pub const SWEEP: [usize; 8] = [
    1 << 10,
    4 << 10,
    16 << 10,
    64 << 10,
    256 << 10,
    1 << 20,
    4 << 20,
    10 << 20,
];

/// A list whose JSON is about `bytes` long (within one element).
pub fn sweep_payload(bytes: usize) -> Vec<Small> {
    let mut n = (bytes / 48).max(1) as u64;
    loop {
        let v = list(n);
        let len = serde_json::to_vec(&v).map_or(0, |b| b.len());
        if len >= bytes || n > 1 << 24 {
            return v;
        }
        let per_item = len / n as usize + 1;
        n += ((bytes - len) / per_item).max(1) as u64;
    }
}

/// An HTML page of about `bytes` bytes, with non-ASCII text.
pub fn page(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 64);
    s.push_str("<!doctype html><title>Zoë</title><ul>");
    let mut i = 0;
    while s.len() < bytes - 5 {
        s.push_str(&format!("<li>item {i} — café</li>"));
        i += 1;
    }
    s.truncate(bytes - 5);
    while !s.is_char_boundary(s.len()) {
        s.pop();
    }
    s.push_str("</ul>");
    s
}

// --- JSON ---------------------------------------------------------------------------------

/// Ours: the runtime class.
pub fn ours_json<T: Serialize + ?Sized>(v: &T) -> Ours {
    JsonResponse::new(v).into_http().expect("finite JSON")
}

/// Ours: the fast-JSON class (sonic-rs), same bytes.
#[cfg(feature = "fast-json")]
pub fn ours_fast_json<T: Serialize + ?Sized>(v: &T) -> Ours {
    responses::FastJsonResponse::new(v)
        .into_http()
        .expect("finite JSON")
}

/// A derived response whose fields are the JSON object (the struct itself is the body).
#[derive(Serialize, Response)]
#[response(media_type = "application/json")]
pub struct SmallView<'a> {
    pub id: u64,
    pub name: &'a str,
    pub active: bool,
}

/// A derived response with a JSON body field.
#[derive(Response)]
#[response(media_type = "application/json")]
pub struct JsonOf<'a, T: Serialize> {
    #[response(body)]
    pub body: &'a T,
}

pub fn derived_small(v: &Small) -> Ours {
    SmallView {
        id: v.id,
        name: &v.name,
        active: v.active,
    }
    .into_http()
    .expect("derived")
}

pub fn derived_json<T: Serialize>(v: &T) -> Ours {
    JsonOf { body: v }.into_http().expect("derived")
}

/// A derived response whose body field is a `Medium` (written directly: `Medium` derives
/// `responses::Json`).
#[derive(Response)]
#[response(media_type = "application/json")]
pub struct MediumBody<'a> {
    #[response(body)]
    pub body: &'a Medium,
}

/// A derived response whose body field is a list of `Small`s (written directly).
#[derive(Response)]
#[response(media_type = "application/json")]
pub struct ListBody<'a> {
    #[response(body)]
    pub body: &'a [Small],
}

pub fn derived_medium(v: &Medium) -> Ours {
    MediumBody { body: v }.into_http().expect("derived")
}

#[allow(
    clippy::ptr_arg,
    reason = "the comparisons take a `fn(&T)` of the payload type, `Vec<Small>`"
)]
pub fn derived_large(v: &Vec<Small>) -> Ours {
    ListBody { body: v }.into_http().expect("derived")
}

/// The hand-written baseline: `serde_json::to_vec` and `http::Response::builder()` with
/// `content-type` and `content-length`.
pub fn hand_json<T: Serialize>(v: &T) -> Hand {
    let body = serde_json::to_vec(v).expect("json");
    http::Response::builder()
        .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
        .header(CONTENT_LENGTH, body.len())
        .body(Full::new(Bytes::from(body)))
        .expect("response")
}

/// The floor: serialization into a reused buffer, no response around it.
pub fn floor_json<T: Serialize + ?Sized>(buf: &mut Vec<u8>, v: &T) {
    buf.clear();
    serde_json::to_writer(&mut *buf, v).expect("json");
}

/// The floor of the fast serializer: `sonic_rs::to_writer` into a reused buffer.
#[cfg(feature = "bench")]
pub fn floor_sonic<T: Serialize + ?Sized>(buf: &mut Vec<u8>, v: &T) {
    buf.clear();
    sonic_rs::to_writer(&mut *buf, v).expect("json");
}

#[cfg(feature = "axum")]
pub fn axum_json<T: Serialize>(v: &T) -> axum::response::Response {
    use axum::response::IntoResponse;
    axum::Json(v).into_response()
}

/// `axum::Json` with the `content-length` header ours carries (axum leaves it to hyper):
/// the same header map as ours, for comparing like with like.
#[cfg(feature = "axum")]
pub fn axum_json_with_length<T: Serialize>(v: &T) -> axum::response::Response {
    with_length(axum_json(v))
}

#[cfg(feature = "axum")]
fn with_length(mut r: axum::response::Response) -> axum::response::Response {
    use http_body::Body as _;
    if let Some(len) = r.body().size_hint().exact() {
        r.headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(len));
    }
    r
}

/// actix-web with the `content-length` header ours carries (actix-web writes it when it
/// encodes the response).
#[cfg(feature = "actix")]
pub fn actix_json_with_length<T: Serialize>(v: &T) -> actix_web::HttpResponse {
    use actix_web::body::{BodySize, MessageBody as _};
    let mut r = actix_json(v);
    if let BodySize::Sized(len) = r.body().size() {
        r.headers_mut().insert(
            actix_web::http::header::CONTENT_LENGTH,
            actix_web::http::header::HeaderValue::from(len),
        );
    }
    r
}

#[cfg(feature = "actix")]
pub fn actix_json<T: Serialize>(v: &T) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().json(v)
}

// --- text and HTML ------------------------------------------------------------------------

pub fn ours_html(s: String) -> Ours {
    HtmlResponse::new(s).into_http().expect("html")
}

pub fn hand_html(s: String) -> Hand {
    http::Response::builder()
        .header(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )
        .header(CONTENT_LENGTH, s.len())
        .body(Full::new(Bytes::from(s)))
        .expect("response")
}

#[cfg(feature = "axum")]
pub fn axum_html(s: String) -> axum::response::Response {
    use axum::response::IntoResponse;
    axum::response::Html(s).into_response()
}

/// `axum::response::Html` with the `content-length` header ours carries.
#[cfg(feature = "axum")]
pub fn axum_html_with_length(s: String) -> axum::response::Response {
    with_length(axum_html(s))
}

pub fn ours_text(s: String) -> Ours {
    PlainTextResponse::new(s).into_http().expect("text")
}

pub fn hand_text(s: String) -> Hand {
    http::Response::builder()
        .header(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )
        .header(CONTENT_LENGTH, s.len())
        .body(Full::new(Bytes::from(s)))
        .expect("response")
}

#[cfg(feature = "axum")]
pub fn axum_text(s: String) -> axum::response::Response {
    use axum::response::IntoResponse;
    s.into_response()
}

// --- cookies --------------------------------------------------------------------------------

/// The instant the cookies' `expires` is computed from, so both sides write the same text.
pub fn cookie_now() -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(2_000_000_000)
}

/// A cookie with every attribute.
pub fn session_cookie() -> Cookie {
    Cookie::new("session", "3f2b8c1e9d4a4e7b")
        .max_age(3600)
        .expires(Duration::from_secs(3600))
        .path("/app")
        .domain("example.com")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
}

/// The same cookie with the `cookie` crate.
pub fn crate_session_cookie() -> cookie::Cookie<'static> {
    let expires = time::OffsetDateTime::from_unix_timestamp(2_000_003_600).expect("time");
    cookie::Cookie::build(("session", "3f2b8c1e9d4a4e7b"))
        .max_age(time::Duration::seconds(3600))
        .expires(expires)
        .path("/app")
        .domain("example.com")
        .secure(true)
        .http_only(true)
        .same_site(cookie::SameSite::Strict)
        .build()
}

/// Three cookies: one with every attribute, two plain.
pub fn our_cookies() -> [Cookie; 3] {
    [
        session_cookie(),
        Cookie::new("theme", "dark"),
        Cookie::new("lang", "fr-CH"),
    ]
}

pub fn ours_cookies() -> Ours {
    let [a, b, c] = our_cookies();
    PlainTextResponse::new("ok")
        .with_cookie(a)
        .with_cookie(b)
        .with_cookie(c)
        .into_http()
        .expect("cookies")
}

/// The same three cookies with the `cookie` crate (in its own attribute order: it cannot
/// write Starlette's).
pub fn crate_cookies() -> [cookie::Cookie<'static>; 3] {
    [
        crate_session_cookie(),
        cookie::Cookie::build(("theme", "dark"))
            .path("/")
            .same_site(cookie::SameSite::Lax)
            .build(),
        cookie::Cookie::build(("lang", "fr-CH"))
            .path("/")
            .same_site(cookie::SameSite::Lax)
            .build(),
    ]
}

pub fn hand_cookies() -> Hand {
    let mut builder = http::Response::builder().header(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    for c in crate_cookies() {
        builder = builder.header(SET_COOKIE, c.to_string());
    }
    builder
        .header(CONTENT_LENGTH, 2)
        .body(Full::new(Bytes::from_static(b"ok")))
        .expect("response")
}

/// One `set-cookie` value: ours (with every attribute).
pub fn ours_set_cookie() -> HeaderValue {
    session_cookie()
        .to_header_value_at(cookie_now())
        .expect("cookie")
}

/// One `set-cookie` value: the `cookie` crate's formatting of the same cookie.
pub fn crate_set_cookie() -> HeaderValue {
    HeaderValue::try_from(crate_session_cookie().to_string()).expect("cookie")
}

// --- redirect ------------------------------------------------------------------------------

pub const REDIRECT_TO: &str = "/search/I ♥ Zürich?q=café crème&page=2";

pub fn ours_redirect() -> Ours {
    RedirectResponse::new(REDIRECT_TO)
        .into_http()
        .expect("redirect")
}

/// Starlette's safe set (`:/%#?=@[]!$&'()*+,;`) plus unreserved characters.
const QUOTE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'/')
    .remove(b'%')
    .remove(b'#')
    .remove(b'?')
    .remove(b'=')
    .remove(b'@')
    .remove(b'[')
    .remove(b']')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';');

pub fn hand_redirect() -> Hand {
    let location = percent_encoding::utf8_percent_encode(REDIRECT_TO, QUOTE).to_string();
    http::Response::builder()
        .status(StatusCode::TEMPORARY_REDIRECT)
        .header(LOCATION, location)
        .header(CONTENT_LENGTH, 0)
        .body(Full::new(Bytes::new()))
        .expect("response")
}

// --- a derived enum ---------------------------------------------------------------------------

/// A handler's outcome as a derived enum.
#[derive(Response)]
#[response(media_type = "application/json")]
pub enum Outcome<'a> {
    #[response(status = 200)]
    Found(&'a Small),
    #[response(status = 404, header("cache-control" = "no-store"))]
    NotFound,
    #[response(status = 409, media_type = "text/plain")]
    Conflict(&'static str),
}

pub fn ours_enum(v: &Small) -> Ours {
    Outcome::Found(v).into_http().expect("enum")
}

pub fn ours_enum_unit() -> Ours {
    Outcome::NotFound.into_http().expect("enum")
}

/// The hand-written `match` the enum replaces (the `Found` arm).
pub fn hand_enum(v: &Small) -> Hand {
    hand_json(v)
}

/// The hand-written `NotFound` arm.
pub fn hand_enum_unit() -> Hand {
    http::Response::builder()
        .status(StatusCode::NOT_FOUND)
        .header(
            http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        )
        .header(CONTENT_LENGTH, 0)
        .body(Full::new(Bytes::new()))
        .expect("response")
}

/// The payloads of the JSON groups, built once.
pub struct Payloads {
    pub small: Small,
    pub medium: Medium,
    pub large: Vec<Small>,
}

impl Payloads {
    pub fn new() -> Self {
        Payloads {
            small: small(7),
            medium: medium(),
            large: large(),
        }
    }
}

// --- percent-encoding ---------------------------------------------------------------------------

/// A URL and a cookie value as the crate quotes them: some characters kept, some encoded,
/// some non-ASCII.
pub const QUOTED_URL: &str = "/search/I ♥ Starlette?q=café au lait&page=2#top";
pub const QUOTED_COOKIE: &str = "{\"cart\": [1, 2, 3], \"note\": \"déjà vu; ok\"}";

/// An encoder written by hand with its own hex table, as the crate had before it used the
/// `percent-encoding` crate: the anchor that says what that choice costs.
pub fn table_encode(text: &str, keep: fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() + 16);
    for &b in text.as_bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// Starlette's safe characters in a redirect URL.
pub fn url_keeps(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_.-~:/%#?=@[]!$&'()*+,;".contains(&b)
}

/// RFC 6265 cookie-octets, `%` excepted.
pub fn cookie_keeps(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E) && b != b'%'
}
