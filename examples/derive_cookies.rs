//! `#[derive(Response)]` with cookie fields: one cookie, an optional one, a list, and a
//! deletion — Starlette's `set_cookie`/`delete_cookie` declared on the type.
//!
//! ```text
//! cargo run --example derive_cookies
//! ```

use responses::{Cookie, CookieDeletion, Error, IntoHttp, PlainTextResponse, Response, SameSite};

/// A login response that sets a session cookie and preferences, and deletes a stale one.
#[derive(Response)]
#[response(media_type = "text/plain")]
pub struct LoggedIn {
    #[response(body)]
    pub message: &'static str,
    #[response(cookie)]
    pub session: Cookie,
    #[response(cookie)]
    pub remember_me: Option<Cookie>,
    #[response(cookie)]
    pub preferences: Vec<Cookie>,
    #[response(cookie)]
    pub stale: CookieDeletion,
}

fn session() -> Cookie {
    Cookie::new("session", "s3cr3t")
        .max_age(3600)
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
}

fn preferences() -> Vec<Cookie> {
    vec![Cookie::new("theme", "dark"), Cookie::new("lang", "fr")]
}

/// A name, a derived response, and the same response built by hand.
pub type Pair = (
    &'static str,
    http::Response<responses::Body>,
    http::Response<responses::Body>,
);

/// The derived response next to the same response built by hand; `tests/derive.rs` checks
/// that their bytes are equal.
pub fn pairs() -> Result<Vec<Pair>, Error> {
    let derived = LoggedIn {
        message: "Welcome back.",
        session: session(),
        remember_me: None,
        preferences: preferences(),
        stale: Cookie::named("legacy_session").path("/old").deletion(),
    }
    .into_http()?;
    let mut by_hand = PlainTextResponse::new("Welcome back.");
    by_hand.set_cookie(session())?;
    for cookie in preferences() {
        by_hand.set_cookie(cookie)?;
    }
    by_hand.delete_cookie(Cookie::named("legacy_session").path("/old"))?;
    let remembered = LoggedIn {
        message: "Welcome back.",
        session: session(),
        remember_me: Some(Cookie::new("remember", "1").max_age(30 * 86_400)),
        preferences: Vec::new(),
        stale: Cookie::named("legacy_session").deletion(),
    }
    .into_http()?;
    let mut remembered_by_hand = PlainTextResponse::new("Welcome back.");
    remembered_by_hand
        .set_cookie(session())?
        .set_cookie(Cookie::new("remember", "1").max_age(30 * 86_400))?
        .delete_cookie("legacy_session")?;
    Ok(vec![
        ("logged in", derived, by_hand.into_http()?),
        (
            "logged in, remembered",
            remembered,
            remembered_by_hand.into_http()?,
        ),
    ])
}

fn main() -> Result<(), Error> {
    for (name, derived, _) in pairs()? {
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
