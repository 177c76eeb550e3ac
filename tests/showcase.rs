//! The showcase's routes, served over loopback by hyper and read with a real client: each
//! answers with the status, headers and body Starlette would send for the same response
//! (up to the deliberate differences of docs/behaviour.md), and the index links every route.

mod common;

#[path = "../examples/showcase/routes.rs"]
mod routes;

use std::time::Duration;

use common::{Received, get, request, serve};

async fn showcase() -> std::net::SocketAddr {
    let app = routes::App::default();
    serve(move |req| {
        let app = app.clone();
        async move { app.handle(req).await }
    })
    .await
}

fn headers_without_date(r: &Received) -> Vec<(String, String)> {
    common::header_list(&r.headers)
        .into_iter()
        .filter(|(k, _)| k != "date")
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn every_route_answers_like_starlette() {
    let addr = showcase().await;

    let index = get(addr, "/").await;
    assert_eq!(index.status, 200);
    assert_eq!(index.headers["content-type"], "text/html; charset=utf-8");
    let html = String::from_utf8(index.body.unwrap().to_vec()).unwrap();
    for (path, _) in routes::ROUTES {
        assert!(
            html.contains(&format!("href=\"{path}\"")),
            "index links {path}"
        );
        let r = get(addr, path).await;
        assert!(
            matches!(r.status, 200 | 201 | 204 | 301 | 307 | 404 | 409),
            "{path}: {}",
            r.status
        );
    }

    let plain = get(addr, "/plain").await;
    let body = plain.body.as_ref().unwrap().clone();
    assert_eq!(
        headers_without_date(&plain),
        pairs(&[
            ("content-length", &body.len().to_string()),
            ("content-type", "text/plain; charset=utf-8")
        ])
    );

    let json = get(addr, "/json").await;
    let body = json.body.unwrap();
    assert_eq!(json.headers["content-type"], "application/json");
    assert_eq!(json.headers["content-length"], body.len().to_string());
    let text = std::str::from_utf8(&body).unwrap();
    assert!(
        text.starts_with(
            "{\"id\":1,\"title\":\"Der Prozeß — Überarbeitete Ausgabe\",\"authors\":[{"
        ),
        "{text}"
    );
    assert!(
        text.contains("\"Zoë Ångström\"") && text.contains("日本語訳あり"),
        "raw UTF-8: {text}"
    );
    assert!(
        text.ends_with(",\"price\":12.5,\"in_stock\":true,\"isbn\":null}"),
        "{text}"
    );

    let redirect = get(addr, "/redirect").await;
    assert_eq!(redirect.status, 307);
    assert_eq!(redirect.headers["location"], "/plain");
    assert_eq!(redirect.headers["content-length"], "0");
    assert!(redirect.headers.get("content-type").is_none());
    assert_eq!(get(addr, "/redirect/301").await.status, 301);

    let latin1 = get(addr, "/latin1").await;
    assert_eq!(
        latin1.headers["content-type"],
        "text/plain; charset=latin-1"
    );
    let body = latin1.body.unwrap();
    assert!(
        body.starts_with(b"Caf\xe9, cr\xe8me br\xfbl\xe9e, 25 \xb0C, \xbd price"),
        "{body:?}"
    );

    let cookies = get(addr, "/cookies/set").await;
    let set: Vec<_> = cookies
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(set.len(), 2);
    assert_eq!(set[0], "theme=dark; Path=/; SameSite=lax");
    let all = &set[1];
    assert!(
        all.starts_with("session=s3cr3t-t0k3n; Domain=localhost; expires="),
        "{all}"
    );
    assert!(
        all.ends_with(" GMT; HttpOnly; Max-Age=3600; Partitioned; Path=/; SameSite=strict; Secure"),
        "{all}"
    );

    let deleted = get(addr, "/cookies/delete").await;
    assert_eq!(
        deleted.headers["set-cookie"],
        "session=\"\"; Domain=localhost; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=lax"
    );

    let no_content = get(addr, "/no-content").await;
    assert_eq!(no_content.status, 204);
    assert_eq!(headers_without_date(&no_content), vec![]);
    assert!(no_content.body.unwrap().is_empty());

    // #[derive(Response)] and #[endpoint]
    let created = get(addr, "/derived/created").await;
    assert_eq!(created.status, 201);
    let body = created.body.as_ref().unwrap().clone();
    assert_eq!(
        headers_without_date(&created),
        pairs(&[
            ("cache-control", "no-store"),
            ("x-request-id", "req-7f3a"),
            ("content-length", &body.len().to_string()),
            ("content-type", "application/json"),
            (
                "set-cookie",
                "session=abc123; HttpOnly; Path=/; SameSite=strict"
            ),
        ])
    );
    assert_eq!(
        &body[..],
        "{\"id\":42,\"name\":\"Zoë Ångström\",\"email\":\"zoe@example.com\"}".as_bytes()
    );

    let page = get(addr, "/derived/page").await;
    assert_eq!(page.headers["content-type"], "text/html; charset=latin-1");
    assert!(page.body.unwrap().windows(5).any(|w| w == b"Cr\xe8me"));

    let ok = get(addr, "/derived/outcome/ok").await;
    assert_eq!(
        (ok.status, ok.headers["content-type"].to_str().unwrap()),
        (200, "application/json")
    );
    assert_eq!(
        &ok.body.unwrap()[..],
        b"{\"id\":7,\"item\":\"Schreibtischlampe\",\"quantity\":2}"
    );
    let missing = get(addr, "/derived/outcome/missing").await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        headers_without_date(&missing),
        pairs(&[("content-length", "0")])
    );
    let conflict = get(addr, "/derived/outcome/conflict").await;
    assert_eq!(
        (
            conflict.status,
            conflict.headers["content-type"].to_str().unwrap()
        ),
        (409, "text/plain; charset=utf-8")
    );

    let endpoint = get(addr, "/endpoint").await;
    assert_eq!(endpoint.status, 201);
    assert_eq!(endpoint.headers["content-type"], "text/html; charset=utf-8");

    // StreamingResponse and FileResponse
    let stream = get(addr, "/stream").await;
    assert!(stream.headers.get("content-length").is_none());
    let text = String::from_utf8(stream.body.unwrap().to_vec()).unwrap();
    assert_eq!(text.lines().count(), 5);
    assert!(text.ends_with("chunk 5 of 5: done.\n"), "{text}");

    let sample = std::fs::read(routes::SAMPLE).unwrap();
    let file = get(addr, "/file").await;
    assert_eq!(
        file.headers["content-disposition"],
        "inline; filename=\"sample.txt\""
    );
    assert_eq!(file.headers["content-type"], "text/plain; charset=utf-8");
    assert_eq!(file.body.unwrap(), sample);
    let etag = file.headers["etag"].to_str().unwrap().to_owned();
    let ranges = request(addr, "GET", "/file", &[("range", "bytes=0-4,10-14")]).await;
    assert_eq!(ranges.status, 206);
    assert!(
        ranges.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("multipart/byteranges; boundary=")
    );
    let head = request(addr, "HEAD", "/file", &[]).await;
    assert_eq!(head.headers["content-length"], sample.len().to_string());
    assert!(head.body.unwrap().is_empty());
    let not_modified = request(addr, "GET", "/file", &[("if-none-match", &etag)]).await;
    assert_eq!(not_modified.status, 304);
    let download = get(addr, "/download").await;
    assert_eq!(
        download.headers["content-disposition"],
        "attachment; filename=\"Gr__e aus K_ln.txt\"; filename*=utf-8''Gr%C3%BC%C3%9Fe%20aus%20K%C3%B6ln.txt"
    );

    let missing = get(addr, "/missing").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.unwrap().starts_with(b"Not Found"));

    let post = request(addr, "POST", "/plain", &[]).await;
    assert_eq!(post.status, 405);
    assert_eq!(post.headers["allow"], "GET, HEAD");

    let head = request(addr, "HEAD", "/plain", &[]).await;
    assert_eq!(head.status, 200);
    assert!(head.body.unwrap().is_empty());
}

#[tokio::test]
async fn background_log_shows_the_task() {
    let addr = showcase().await;
    assert_eq!(&get(addr, "/background/log").await.body.unwrap()[..], b"\n");
    assert_eq!(get(addr, "/background").await.status, 200);
    let mut log = Vec::new();
    for _ in 0..200 {
        log = get(addr, "/background/log").await.body.unwrap().to_vec();
        if log.len() > 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(log, b"background task 1 ran after its response was sent\n");
}

/// `/openapi.json`: every documented route with the statuses, media types and headers its
/// type sends, and every schema it refers to in the document.
#[tokio::test]
async fn the_openapi_document_describes_the_routes() {
    let addr = showcase().await;
    let r = get(addr, "/openapi.json").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers["content-type"], "application/json");
    let doc: serde_json::Value = serde_json::from_slice(&r.body.unwrap()).unwrap();
    let responses = |path: &str| doc["paths"][path]["get"]["responses"].clone();

    let outcome = responses("/derived/outcome/ok");
    let statuses: Vec<&String> = outcome.as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["200", "404", "409"]);
    assert_eq!(
        outcome["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Order"
    );
    assert_eq!(outcome["404"]["description"], "No such order.");
    let created = responses("/derived/created");
    let headers: Vec<&String> = created["201"]["headers"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(headers, ["cache-control", "set-cookie", "x-request-id"]);
    assert!(responses("/endpoint")["201"]["content"]["text/html"].is_object());
    assert!(responses("/no-content")["204"].get("content").is_none());
    assert!(responses("/redirect")["307"]["headers"]["location"].is_object());

    // Every route the document lists is served with a status it documents.
    for (path, item) in doc["paths"].as_object().unwrap() {
        let documented = item["get"]["responses"].as_object().unwrap();
        let sent = get(addr, path).await.status;
        assert!(documented.contains_key(&sent.to_string()), "{path}: {sent}");
    }
    // Every `$ref` is in the document.
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = &reference[..reference.find('"').unwrap()];
        assert!(doc["components"]["schemas"][name].is_object(), "{name}");
    }
}

/// `/sse`, `/sse/page` and `/jsonl` (the browser's view of `/sse/page` is checked by
/// `tests/browser/sse_page.sh`).
#[tokio::test]
async fn events_and_json_lines() {
    let addr = showcase().await;
    let r = get(addr, "/sse").await;
    assert_eq!(
        r.headers["content-type"],
        "text/event-stream; charset=utf-8"
    );
    assert_eq!(r.headers["cache-control"], "no-cache");
    let body = String::from_utf8(r.body.unwrap().to_vec()).unwrap();
    assert!(body.starts_with(
        ": the first event: a JSON object\nevent: book\ndata: {\"id\":1,\"title\":\"Der Prozeß\"}\nid: 1\nretry: 5000\n\n"
    ));
    assert!(body.contains("data: two lines\ndata: of raw text\nid: 2\n\n"));
    let ping = body.find(": ping\n\n").expect("a keep-alive in the pause");
    assert!(ping < body.find("event: late").unwrap());
    assert!(body.ends_with("event: end\ndata: bye\n\n"));

    let page = get(addr, "/sse/page").await;
    let html = String::from_utf8(page.body.unwrap().to_vec()).unwrap();
    assert!(html.contains("new EventSource(\"/sse\")"));

    let lines = get(addr, "/jsonl").await;
    assert_eq!(lines.headers["content-type"], "application/jsonl");
    assert_eq!(
        &lines.body.unwrap()[..],
        b"{\"n\":1,\"square\":1}\n{\"n\":2,\"square\":4}\n{\"n\":3,\"square\":9}\n"
    );
}
