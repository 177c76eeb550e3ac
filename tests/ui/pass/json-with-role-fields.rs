use responses::{BackgroundTask, Cookie, IntoHttp, Response};

#[derive(Response)]
#[response(header("cache-control" = "no-store"), media_type = "application/vnd.api+json")]
#[serde(rename_all = "camelCase")]
struct Created {
    user_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    nick_name: Option<String>,
    #[response(header = "x-request-id")]
    request_id: u32,
    #[response(cookie)]
    cookies: Vec<Cookie>,
    #[response(status)]
    status: u16,
    #[response(background)]
    task: Option<BackgroundTask>,
    #[response(skip)]
    _internal: (),
}

fn main() {
    let r = Created {
        user_id: 9,
        nick_name: None,
        request_id: 5,
        cookies: vec![Cookie::new("a", "1"), Cookie::new("b", "2")],
        status: 202,
        task: None,
        _internal: (),
    }
    .into_http()
    .unwrap();
    assert_eq!(r.status(), 202);
    assert_eq!(r.headers()["content-type"], "application/vnd.api+json");
    assert_eq!(r.headers().get_all("set-cookie").iter().count(), 2);
    assert_eq!(r.body().as_bytes(), Some(&b"{\"userId\":9}"[..]));
}
