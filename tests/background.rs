//! Background tasks over a real hyper server on loopback (docs/behaviour.md §11).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{get, serve};
use responses::{BackgroundTask, BackgroundTasks, IntoHttp, PlainTextResponse};
use tokio::sync::{mpsc, oneshot};

type Log = Arc<Mutex<Vec<String>>>;

fn push(log: &Log, entry: &str) {
    log.lock().unwrap().push(entry.to_owned());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_run_in_order_after_the_client_has_the_whole_body() {
    let log: Log = Arc::default();
    // The first task waits until the client says it has the whole body: if the server
    // held the body back until the tasks finished, this test would time out.
    let (body_received_tx, body_received_rx) = oneshot::channel::<()>();
    let body_received_rx = Arc::new(Mutex::new(Some(body_received_rx)));
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<()>();

    let handler_log = log.clone();
    let addr = serve(move |_req| {
        let log = handler_log.clone();
        let wait = body_received_rx.lock().unwrap().take();
        let done = done_tx.clone();
        async move {
            let (l1, l2, l3) = (log.clone(), log.clone(), log.clone());
            let tasks = BackgroundTasks::new()
                .with_task(BackgroundTask::new(async move {
                    if let Some(wait) = wait {
                        let _ = wait.await;
                    }
                    push(&l1, "task 1");
                }))
                .with_task(BackgroundTask::blocking(move || {
                    push(&l2, "task 2 (blocking)")
                }))
                .with_task(BackgroundTask::new(async move {
                    push(&l3, "task 3");
                    done.send(()).unwrap();
                }));
            push(&log, "handler");
            PlainTextResponse::new("x".repeat(100_000))
                .with_background(tasks)
                .into_http()
                .unwrap()
        }
    })
    .await;

    let received = tokio::time::timeout(Duration::from_secs(10), get(addr, "/"))
        .await
        .expect("the body arrives while the first task is still waiting");
    assert_eq!(received.status, 200);
    assert_eq!(received.body.unwrap().len(), 100_000);
    assert_eq!(
        *log.lock().unwrap(),
        ["handler"],
        "no task effect before the client has the body"
    );

    body_received_tx.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), done_rx.recv())
        .await
        .expect("tasks finish")
        .unwrap();
    assert_eq!(
        *log.lock().unwrap(),
        ["handler", "task 1", "task 2 (blocking)", "task 3"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_stops_the_rest_and_is_reported_without_changing_the_response() {
    let log: Log = Arc::default();
    let (report_tx, mut report_rx) = mpsc::unbounded_channel::<String>();
    let handler_log = log.clone();
    let addr = serve(move |_req| {
        let log = handler_log.clone();
        let report = report_tx.clone();
        async move {
            let (l1, l3) = (log.clone(), log.clone());
            let tasks = BackgroundTasks::new()
                .with_task(BackgroundTask::new(async move { push(&l1, "first") }))
                .with_task(
                    BackgroundTask::new(async { Err::<(), _>(std::io::Error::other("smtp down")) })
                        .named("mailer"),
                )
                .with_task(BackgroundTask::new(async move { push(&l3, "never") }))
                .on_error(move |err| report.send(err.to_string()).unwrap());
            PlainTextResponse::new("ok")
                .with_background(tasks)
                .into_http()
                .unwrap()
        }
    })
    .await;

    let received = get(addr, "/").await;
    assert_eq!(received.status, 200);
    assert_eq!(&received.body.unwrap()[..], b"ok");
    let report = tokio::time::timeout(Duration::from_secs(10), report_rx.recv())
        .await
        .expect("the error is reported")
        .unwrap();
    assert_eq!(
        report,
        "background task failed: task 2 of 3 (mailer): smtp down"
    );
    // give a wrongly continuing runner the chance to run the third task
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(*log.lock().unwrap(), ["first"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_run_once_for_head_and_no_content_responses() {
    // hyper never reads the body of a HEAD answer or a 204: prepared for the request (HEAD
    // strips the body), the tasks still run, once.
    let (tx, mut rx) = mpsc::unbounded_channel::<&'static str>();
    let addr = serve(move |req| {
        let tx = tx.clone();
        async move {
            let status = if req.uri().path() == "/204" { 204 } else { 200 };
            let label = if req.method() == http::Method::HEAD {
                "head"
            } else {
                "204"
            };
            PlainTextResponse::new("body")
                .with_status_code(status)
                .with_background(BackgroundTask::new(async move { tx.send(label).unwrap() }))
                .into_http_for(&req)
                .unwrap()
        }
    })
    .await;
    let head = common::request(addr, "HEAD", "/", &[]).await;
    assert_eq!(head.status, 200);
    assert_eq!(head.headers["content-length"], "4");
    assert!(head.body.unwrap().is_empty());
    let no_content = get(addr, "/204").await;
    assert_eq!(no_content.status, 204);
    assert!(no_content.headers.get("content-length").is_none());
    let mut seen = vec![
        tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .unwrap()
            .unwrap(),
        tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .unwrap()
            .unwrap(),
    ];
    seen.sort_unstable();
    assert_eq!(seen, ["204", "head"]);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(rx.try_recv().is_err(), "each task ran once");
}
