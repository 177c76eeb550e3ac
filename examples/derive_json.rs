//! `#[derive(Response)]` on a JSON struct: FastAPI's
//! `JSONResponse(content, status_code=201)` declared on the type.
//!
//! ```text
//! cargo run --example derive_json
//! ```

use responses::{Error, IntoHttp, JsonResponse, Response};
use serde::Serialize;

/// A 201 JSON response; every field is part of the body.
#[derive(Serialize, Response)]
#[response(status = 201, media_type = "application/json")]
pub struct UserCreated {
    pub id: u64,
    pub name: String,
    pub roles: Vec<&'static str>,
}

/// A problem document: a `+json` media type renders as JSON too.
#[derive(Serialize, Response)]
#[response(status = 422, media_type = "application/problem+json")]
pub struct Problem {
    pub title: &'static str,
    pub detail: String,
}

/// A name, a derived response, and the same response built by hand.
pub type Pair = (
    &'static str,
    http::Response<responses::Body>,
    http::Response<responses::Body>,
);

/// Each derived response next to the same response built by hand with the runtime's
/// classes; `tests/derive.rs` checks that their bytes are equal.
pub fn pairs() -> Result<Vec<Pair>, Error> {
    let user = || UserCreated {
        id: 7,
        name: "Zoë Ångström".into(),
        roles: vec!["admin", "editor"],
    };
    let problem = || Problem {
        title: "Invalid name",
        detail: "“name” must not be empty".into(),
    };
    Ok(vec![
        (
            "user created",
            user().into_http()?,
            JsonResponse::new(user())
                .with_status_code(201)
                .into_http()?,
        ),
        (
            "problem",
            problem().into_http()?,
            JsonResponse::new(problem())
                .with_status_code(422)
                .with_media_type("application/problem+json")
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
        println!(
            "\n{}\n",
            String::from_utf8_lossy(derived.body().as_bytes().unwrap_or_default())
        );
    }
    Ok(())
}
