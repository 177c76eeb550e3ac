use responses::{HtmlResponse, IntoHttp, JsonResponse, PlainTextResponse, RedirectResponse, Response, endpoint};

#[endpoint(response_class = HtmlResponse, status_code = 201)]
async fn index() -> String {
    "<h1>hi</h1>".to_owned()
}

#[endpoint(response_class = JsonResponse)]
fn numbers(n: u32) -> Vec<u32> {
    if n == 0 {
        return Vec::new();
    }
    (0..n).collect()
}

#[endpoint(response_class = PlainTextResponse)]
async fn parse(text: String) -> Result<String, PlainTextResponse> {
    let n: u32 = text.parse().map_err(|_| PlainTextResponse::new("not a number").with_status_code(422))?;
    Ok(format!("{}", n * 2))
}

#[endpoint(response_class = RedirectResponse, status_code = 303)]
fn after_post() -> &'static str {
    "/done"
}

#[endpoint(response_class = Response, status_code = 204)]
fn nothing() {}

struct Service;

impl Service {
    #[endpoint(response_class = PlainTextResponse)]
    fn name(&self, suffix: &str) -> String {
        format!("service{suffix}")
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let r = rt.block_on(index()).into_http().unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(numbers(2).into_http().unwrap().body().as_bytes(), Some(&b"[0,1]"[..]));
    assert_eq!(rt.block_on(parse("4".into())).into_http().unwrap().body().as_bytes(), Some(&b"8"[..]));
    assert_eq!(rt.block_on(parse("x".into())).into_http().unwrap().status(), 422);
    let r = after_post().into_http().unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/done"));
    assert_eq!(nothing().into_http().unwrap().status(), 204);
    assert_eq!(Service.name("!").into_http().unwrap().body().as_bytes(), Some(&b"service!"[..]));
}
