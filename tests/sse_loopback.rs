//! Event streams over a real hyper server on loopback: keep-alive comments after an idle
//! interval (and none while events keep coming), a client that reads slowly, a client that
//! goes away (the producer is dropped and stops), a stream that fails half-way (a broken
//! transfer after the events already sent), background tasks after the last event, and a
//! JSON Lines stream ended by a non-finite float.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::{get, send_get, serve};
use responses::sse::{EventSourceResponse, ServerSentEvent};
use responses::{BackgroundTask, IntoHttp, JsonLinesResponse};
use tokio::io::AsyncReadExt;

fn data_lines(body: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(body)
        .lines()
        .filter(|l| l.starts_with("data: "))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_keep_alive_comment_after_an_idle_interval() {
    let addr = serve(|req| async move {
        let events = async_stream::stream! {
            yield ServerSentEvent::json(&1).expect("JSON");
            tokio::time::sleep(Duration::from_millis(300)).await;
            yield ServerSentEvent::json(&2).expect("JSON");
        };
        EventSourceResponse::new(events)
            .with_keep_alive(Duration::from_millis(50))
            .into_http_for(&req)
            .expect("converts")
    })
    .await;
    let r = get(addr, "/").await;
    let body = r.body.expect("whole body");
    let text = String::from_utf8_lossy(&body);
    assert!(text.starts_with("data: 1\n\n: ping\n\n"), "{text:?}");
    assert!(text.ends_with("data: 2\n\n"), "{text:?}");
    let pings = text.matches(": ping\n\n").count();
    // About six; fewer when a loaded machine fires the timer late.
    assert!((2..=7).contains(&pings), "{pings} pings in 300 ms at 50 ms");
}

#[tokio::test]
async fn no_keep_alive_while_events_keep_coming() {
    let addr = serve(|req| async move {
        let events = async_stream::stream! {
            for n in 0..10 {
                tokio::time::sleep(Duration::from_millis(20)).await;
                yield n;
            }
        };
        EventSourceResponse::new(events)
            .with_keep_alive(Duration::from_millis(500))
            .into_http_for(&req)
            .expect("converts")
    })
    .await;
    let body = get(addr, "/").await.body.expect("whole body");
    assert!(!String::from_utf8_lossy(&body).contains(": ping"));
    assert_eq!(data_lines(&body).len(), 10);
}

/// Everything the server sends on one GET, until it closes or resets the connection.
async fn read_until_closed(addr: std::net::SocketAddr) -> Vec<u8> {
    let mut stream = send_get(addr).await;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf).await {
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    raw
}

#[tokio::test]
async fn a_slow_reader_gets_every_event_in_order() {
    const EVENTS: usize = 2000;
    let addr = serve(|req| async move {
        let payload = "x".repeat(1000);
        EventSourceResponse::from_iter((0..EVENTS).map(move |n| format!("{n:05}{payload}")))
            .into_http_for(&req)
            .expect("converts")
    })
    .await;
    let mut stream = send_get(addr).await;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).await.expect("read");
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    // Chunked: the data lines are whole inside chunks of one event each.
    let text = String::from_utf8_lossy(&raw);
    let numbers: Vec<usize> = text
        .lines()
        .filter_map(|l| l.strip_prefix("data: \""))
        .filter_map(|l| l.get(..5)?.parse().ok())
        .collect();
    assert_eq!(numbers, (0..EVENTS).collect::<Vec<_>>());
    assert!(raw.ends_with(b"0\r\n\r\n"), "a clean end");
}

/// Sets its flag when dropped: the producer's stream was dropped.
struct Dropped(Arc<AtomicBool>);

impl Drop for Dropped {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_client_that_goes_away_stops_the_producer() {
    let dropped = Arc::new(AtomicBool::new(false));
    let produced = Arc::new(AtomicUsize::new(0));
    let (d, p) = (dropped.clone(), produced.clone());
    let addr = serve(move |req| {
        let (dropped, produced) = (d.clone(), p.clone());
        async move {
            let events = async_stream::stream! {
                let _guard = Dropped(dropped);
                loop {
                    produced.fetch_add(1, Ordering::SeqCst);
                    yield ServerSentEvent::raw("tick");
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            };
            EventSourceResponse::new(events)
                .into_http_for(&req)
                .expect("converts")
        }
    })
    .await;
    let mut stream = send_get(addr).await;
    let mut buf = [0u8; 4096];
    let mut read = 0;
    while read < 300 {
        let n = stream.read(&mut buf).await.expect("read");
        assert!(n > 0, "the server closed early");
        read += n;
    }
    drop(stream);
    let mut stopped = false;
    for _ in 0..200 {
        if dropped.load(Ordering::SeqCst) {
            stopped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(stopped, "the stream was not dropped after the client left");
    let at_drop = produced.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(produced.load(Ordering::SeqCst), at_drop, "still producing");
}

#[tokio::test]
async fn a_failing_stream_is_a_broken_transfer_after_the_events_sent() {
    let addr = serve(|req| async move {
        let events = async_stream::stream! {
            yield Ok(ServerSentEvent::raw("one"));
            yield Ok(ServerSentEvent::raw("two"));
            // At once: the events before the failure are written out first all the same.
            yield Err(std::io::Error::other("upstream failed"));
        };
        EventSourceResponse::try_new(events)
            .into_http_for(&req)
            .expect("converts")
    })
    .await;
    let raw = read_until_closed(addr).await;
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("data: one\n\n"), "{text:?}");
    assert!(text.contains("data: two\n\n"), "{text:?}");
    assert!(!raw.ends_with(b"0\r\n\r\n"), "not a clean end: {text:?}");
    // An HTTP client sees the failure.
    assert!(get(addr, "/").await.body.is_err());
}

#[tokio::test]
async fn background_tasks_run_after_the_last_event() {
    let ran = Arc::new(AtomicBool::new(false));
    let r = ran.clone();
    let addr = serve(move |req| {
        let ran = r.clone();
        async move {
            EventSourceResponse::from_iter(["a", "b"])
                .with_background(BackgroundTask::new(async move {
                    ran.store(true, Ordering::SeqCst);
                }))
                .into_http_for(&req)
                .expect("converts")
        }
    })
    .await;
    let body = get(addr, "/").await.body.expect("whole body");
    assert_eq!(data_lines(&body), ["data: \"a\"", "data: \"b\""]);
    for _ in 0..100 {
        if ran.load(Ordering::SeqCst) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the background task did not run");
}

#[tokio::test]
async fn json_lines_end_at_a_non_finite_float() {
    let addr = serve(|req| async move {
        let items = async_stream::stream! {
            yield 1.5;
            yield 2.0;
            yield f64::NAN;
            yield 3.0;
        };
        JsonLinesResponse::new(items)
            .into_http_for(&req)
            .expect("converts")
    })
    .await;
    let raw = read_until_closed(addr).await;
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains("content-type: application/jsonl\r\n"),
        "{text:?}"
    );
    assert!(text.contains("1.5\n") && text.contains("2.0\n"), "{text:?}");
    assert!(!text.contains("3.0\n"), "{text:?}");
    assert!(!raw.ends_with(b"0\r\n\r\n"), "not a clean end");
}

#[tokio::test]
async fn a_failing_streaming_response_sends_its_chunks_first() {
    let addr = serve(|req| async move {
        let chunks = async_stream::stream! {
            yield Ok("first chunk|");
            yield Ok("second chunk|");
            yield Err(std::io::Error::other("upstream failed"));
        };
        responses::StreamingResponse::new(chunks)
            .into_http_for(&req)
            .expect("converts")
    })
    .await;
    let raw = read_until_closed(addr).await;
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains("first chunk|") && text.contains("second chunk|"),
        "{text:?}"
    );
    assert!(!raw.ends_with(b"0\r\n\r\n"), "not a clean end");
}
