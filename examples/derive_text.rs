//! `#[derive(Response)]` on a text page with header fields: an `HTMLResponse` subclass
//! with its own charset, plus headers taken from fields.
//!
//! ```text
//! cargo run --example derive_text
//! ```

use responses::{Error, HtmlResponse, IntoHttp, PlainTextResponse, Response};

/// An HTML page in latin-1 whose headers come from fields; `None` sends no header.
#[derive(Response)]
#[response(media_type = "text/html", charset = "latin-1", header("cache-control" = "max-age=60"))]
pub struct Page {
    #[response(body)]
    pub html: String,
    #[response(header = "x-page")]
    pub page: u32,
    #[response(header = "x-request-id")]
    pub request_id: Option<String>,
}

/// Plain text rendered with `Display`.
#[derive(Response)]
#[response(render = display, status = 503, header("retry-after" = "120"))]
pub struct Maintenance {
    pub minutes: u32,
}

impl std::fmt::Display for Maintenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Back in {} minutes.", self.minutes)
    }
}

/// A name, a derived response, and the same response built by hand.
pub type Pair = (
    &'static str,
    http::Response<responses::Body>,
    http::Response<responses::Body>,
);

/// Each derived response next to the same response built by hand; `tests/derive.rs`
/// checks that their bytes are equal.
pub fn pairs() -> Result<Vec<Pair>, Error> {
    let html = "<h1>Café crème</h1>";
    Ok(vec![
        (
            "latin-1 page",
            Page {
                html: html.into(),
                page: 2,
                request_id: Some("c0ffee".into()),
            }
            .into_http()?,
            HtmlResponse::new(html)
                .with_charset("latin-1")
                .with_header("cache-control", "max-age=60")
                .with_header("x-page", 2u32)
                .with_header("x-request-id", "c0ffee")
                .into_http()?,
        ),
        (
            "page without request id",
            Page {
                html: html.into(),
                page: 3,
                request_id: None,
            }
            .into_http()?,
            HtmlResponse::new(html)
                .with_charset("latin-1")
                .with_header("cache-control", "max-age=60")
                .with_header("x-page", 3u32)
                .into_http()?,
        ),
        (
            "maintenance",
            Maintenance { minutes: 5 }.into_http()?,
            PlainTextResponse::new("Back in 5 minutes.")
                .with_status_code(503)
                .with_header("retry-after", "120")
                .into_http()?,
        ),
    ])
}

fn main() -> Result<(), Error> {
    for (name, derived, _) in pairs()? {
        println!("== {name}: {}", derived.status());
        for (k, v) in derived.headers() {
            println!("{k}: {}", String::from_utf8_lossy(v.as_bytes()));
        }
        println!("\n{:?}\n", derived.body().as_bytes().unwrap_or_default());
    }
    Ok(())
}
