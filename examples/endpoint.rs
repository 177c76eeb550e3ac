//! `#[endpoint]`: FastAPI's `response_class=` and `status_code=` on a handler. The handler
//! returns its plain value; the attribute turns it into the response class.
//!
//! ```text
//! cargo run --example endpoint
//! ```

use responses::{
    Error, HtmlResponse, IntoHttp, JsonResponse, PlainTextResponse, RedirectResponse, endpoint,
};
use serde::Serialize;

#[derive(Serialize)]
pub struct Stats {
    pub users: u32,
    pub online: u32,
}

/// `@app.post("/", response_class=HTMLResponse, status_code=201)`
#[endpoint(response_class = HtmlResponse, status_code = 201)]
pub async fn create_page(title: &str) -> String {
    format!("<h1>{title}</h1>")
}

/// `JsonResponse` is generic: the handler's return type becomes its content.
#[endpoint(response_class = JsonResponse)]
pub fn stats() -> Stats {
    Stats {
        users: 10,
        online: 3,
    }
}

/// A `Result` keeps its error path: the error is a response of its own.
#[endpoint(response_class = PlainTextResponse)]
pub async fn double(text: &str) -> Result<String, JsonResponse<&'static str>> {
    let n: i64 = text
        .parse()
        .map_err(|_| JsonResponse::new("not a number").with_status_code(422))?;
    Ok((n * 2).to_string())
}

/// `RedirectResponse` takes the URL.
#[endpoint(response_class = RedirectResponse, status_code = 303)]
pub fn after_login() -> &'static str {
    "/dashboard"
}

/// A name, a derived response, and the same response built by hand.
pub type Pair = (
    &'static str,
    http::Response<responses::Body>,
    http::Response<responses::Body>,
);

/// Each handler's response next to the same response built by hand; `tests/derive.rs`
/// checks that their bytes are equal.
pub async fn pairs() -> Result<Vec<Pair>, Error> {
    Ok(vec![
        (
            "create page",
            create_page("Hello").await.into_http()?,
            HtmlResponse::new("<h1>Hello</h1>")
                .with_status_code(201)
                .into_http()?,
        ),
        (
            "stats",
            stats().into_http()?,
            JsonResponse::new(Stats {
                users: 10,
                online: 3,
            })
            .into_http()?,
        ),
        (
            "double",
            double("21").await.into_http()?,
            PlainTextResponse::new("42").into_http()?,
        ),
        (
            "double, error path",
            double("x").await.into_http()?,
            JsonResponse::new("not a number")
                .with_status_code(422)
                .into_http()?,
        ),
        (
            "after login",
            after_login().into_http()?,
            RedirectResponse::new("/dashboard")
                .with_status_code(303)
                .into_http()?,
        ),
    ])
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    for (name, derived, _) in pairs().await? {
        println!("== {name}: {}", derived.status());
        for (k, v) in derived.headers() {
            println!("{k}: {}", String::from_utf8_lossy(v.as_bytes()));
        }
        println!(
            "\n{}\n",
            String::from_utf8_lossy(derived.body().as_bytes().unwrap_or_default())
        );
    }
    Ok(())
}
