//! `#[derive(Response)]` on an enum of outcomes: each variant its own status, media type
//! and headers; a unit variant is status-only; a bare newtype variant delegates.
//!
//! ```text
//! cargo run --example derive_enum
//! ```

use responses::{Error, HtmlResponse, IntoHttp, JsonResponse, PlainTextResponse, Response};
use serde::Serialize;

#[derive(Clone, Serialize)]
pub struct Item {
    pub id: u32,
    pub name: &'static str,
}

/// What looking up an item can give.
#[derive(Response)]
#[response(header("x-api-version" = "1"))]
pub enum Lookup {
    /// 200 with the item as JSON.
    #[response(status = 200)]
    Found(Item),
    /// 404, no body.
    #[response(status = 404)]
    Missing,
    /// 409 with a text explanation.
    #[response(status = 409, media_type = "text/plain")]
    Conflict(String),
    /// 201 with a `location` header taken from a field.
    #[response(status = 201)]
    Created {
        id: u32,
        #[response(header = "location")]
        location: String,
    },
    /// Any response of its own; the enum's headers are added where it has none of them.
    Custom(Box<HtmlResponse>),
}

/// A name, a derived response, and the same response built by hand.
pub type Pair = (
    &'static str,
    http::Response<responses::Body>,
    http::Response<responses::Body>,
);

/// Each variant next to the same response built by hand; `tests/derive.rs` checks that
/// their bytes are equal.
pub fn pairs() -> Result<Vec<Pair>, Error> {
    let item = Item {
        id: 1,
        name: "lamp",
    };
    #[derive(Serialize)]
    struct Id {
        id: u32,
    }
    Ok(vec![
        (
            "found",
            Lookup::Found(item.clone()).into_http()?,
            JsonResponse::new(item)
                .with_header("x-api-version", "1")
                .into_http()?,
        ),
        (
            "missing",
            Lookup::Missing.into_http()?,
            responses::Response::empty()
                .with_status_code(404)
                .with_header("x-api-version", "1")
                .into_http()?,
        ),
        (
            "conflict",
            Lookup::Conflict("name already taken".into()).into_http()?,
            PlainTextResponse::new("name already taken")
                .with_status_code(409)
                .with_header("x-api-version", "1")
                .into_http()?,
        ),
        (
            "created",
            Lookup::Created {
                id: 2,
                location: "/items/2".into(),
            }
            .into_http()?,
            JsonResponse::new(Id { id: 2 })
                .with_status_code(201)
                .with_header("x-api-version", "1")
                .with_header("location", "/items/2")
                .into_http()?,
        ),
        (
            "custom",
            Lookup::Custom(Box::new(
                HtmlResponse::new("<p>teapot</p>").with_status_code(418),
            ))
            .into_http()?,
            {
                // the variant's own response, then the enum's header it lacks
                let mut r = HtmlResponse::new("<p>teapot</p>")
                    .with_status_code(418)
                    .into_http()?;
                r.headers_mut()
                    .append("x-api-version", http::HeaderValue::from_static("1"));
                r
            },
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
