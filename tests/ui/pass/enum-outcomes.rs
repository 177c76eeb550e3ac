use responses::{HtmlResponse, IntoHttp, Response};
use serde::Serialize;

#[derive(Serialize)]
struct Item {
    id: u32,
}

#[derive(Response)]
#[response(header("x-api" = "v1"))]
enum Outcome {
    #[response(status = 200)]
    Found(Item),
    #[response(status = 404)]
    Missing,
    #[response(status = 409, media_type = "text/plain", header("x-reason" = "conflict"))]
    Conflict(String),
    #[response(status = 201)]
    Created {
        id: u32,
        #[response(header = "location")]
        location: String,
    },
    Custom(HtmlResponse),
}

fn main() {
    let r = Outcome::Found(Item { id: 1 }).into_http().unwrap();
    assert_eq!(r.headers()["x-api"], "v1");
    assert_eq!(r.body().as_bytes(), Some(&b"{\"id\":1}"[..]));
    let r = Outcome::Missing.into_http().unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.headers().get("content-type").is_none());
    let r = Outcome::Conflict("taken".into()).into_http().unwrap();
    assert_eq!(r.headers()["x-reason"], "conflict");
    let r = Outcome::Created { id: 2, location: "/items/2".into() }.into_http().unwrap();
    assert_eq!(r.headers()["location"], "/items/2");
    assert_eq!(r.body().as_bytes(), Some(&b"{\"id\":2}"[..]));
    let r = Outcome::Custom(HtmlResponse::new("<p>x</p>")).into_http().unwrap();
    assert_eq!(r.headers()["x-api"], "v1");
}
