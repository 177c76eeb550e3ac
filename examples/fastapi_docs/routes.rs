//! The examples of FastAPI's docs pages "Custom Response", "Return a Response Directly",
//! "Response Cookies", "Response Headers", "Change Status Code", "Additional Responses" and
//! "Background Tasks", ported to axum with `responses`: one module per page, one function
//! per example, each under `/<page>/<example>` followed by the docs' own path.
//! `tests/fastapi_docs.rs` requests every route and compares with what FastAPI answers.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;

/// What the handlers share: the docs' files, the log the background tasks write, and the
/// tasks of "Change Status Code".
#[derive(Clone)]
pub struct Docs {
    pub files: PathBuf,
    pub log: PathBuf,
    tasks: Arc<Mutex<HashMap<String, String>>>,
}

impl Docs {
    pub fn new(files: PathBuf, log: PathBuf) -> Self {
        let tasks = HashMap::from([("foo".into(), "Listen to the Bars Fighters".into())]);
        Docs {
            files,
            log,
            tasks: Arc::new(Mutex::new(tasks)),
        }
    }
}

/// Every route of every page.
pub fn app(docs: Docs) -> Router {
    Router::new()
        .merge(custom_response::routes())
        .merge(response_directly::routes())
        .merge(response_cookies::routes())
        .merge(response_headers::routes())
        .merge(response_change_status_code::routes())
        .merge(additional_responses::routes())
        .merge(background_tasks::routes())
        .with_state(docs)
        // HEAD, ranges and conditionals for files, and tasks beside a body.
        .layer(responses::axum::PrepareLayer)
}

/// <https://fastapi.tiangolo.com/advanced/custom-response/>
mod custom_response {
    use axum::Router;
    use axum::extract::State;
    use axum::routing::get;
    use responses::{
        FastJsonResponse, FileResponse, HtmlResponse, PlainTextResponse, RedirectResponse,
        StreamingResponse, endpoint,
    };
    use serde::Serialize;
    use serde_json::{Value, json};

    use super::Docs;

    pub fn routes() -> Router<Docs> {
        Router::new()
            .route("/custom-response/001b/items/", get(read_items_001b))
            .route("/custom-response/002/items/", get(read_items_002))
            .route("/custom-response/003/items/", get(read_items_003))
            .route("/custom-response/004/items/", get(read_items_004))
            .route("/custom-response/005/", get(main_005))
            .route("/custom-response/006/typer", get(redirect_typer))
            .route("/custom-response/006/fastapi", get(redirect_fastapi))
            .route("/custom-response/006/pydantic", get(redirect_pydantic))
            .route("/custom-response/007/", get(main_007))
            .route("/custom-response/008/", get(main_008))
            .route("/custom-response/009/", get(main_009))
            .route("/custom-response/009/b", get(main_009b))
            .route("/custom-response/009c/", get(main_009c))
            .route(
                "/custom-response/010/items/",
                get(default_class::read_items_010),
            )
    }

    // tutorial001b: ORJSONResponse is `FastJsonResponse` (feature `fast-json`).
    #[endpoint(response_class = FastJsonResponse)]
    async fn read_items_001b() -> Value {
        json!([{"item_id": "Foo"}])
    }

    const HTML: &str = "
    <html>
        <head>
            <title>Some HTML in here</title>
        </head>
        <body>
            <h1>Look ma! HTML!</h1>
        </body>
    </html>
    ";

    // tutorial002: `response_class=HTMLResponse`.
    #[endpoint(response_class = HtmlResponse)]
    async fn read_items_002() -> &'static str {
        HTML
    }

    // tutorial003: return an `HTMLResponse` directly.
    async fn read_items_003() -> HtmlResponse {
        HtmlResponse::new(HTML).with_status_code(200)
    }

    // tutorial004: both; the returned response is sent as it is.
    fn generate_html_response() -> HtmlResponse {
        HtmlResponse::new(HTML).with_status_code(200)
    }

    #[endpoint(response_class = HtmlResponse)]
    async fn read_items_004() -> HtmlResponse {
        generate_html_response()
    }

    // tutorial005: `PlainTextResponse`.
    #[endpoint(response_class = PlainTextResponse)]
    async fn main_005() -> &'static str {
        "Hello World"
    }

    // tutorial006, 006b, 006c: `RedirectResponse`, returned or as the response class.
    async fn redirect_typer() -> RedirectResponse {
        RedirectResponse::new("https://typer.tiangolo.com")
    }

    #[endpoint(response_class = RedirectResponse)]
    async fn redirect_fastapi() -> &'static str {
        "https://fastapi.tiangolo.com"
    }

    #[endpoint(response_class = RedirectResponse, status_code = 302)]
    async fn redirect_pydantic() -> &'static str {
        "https://docs.pydantic.dev/"
    }

    // tutorial007: a stream from an async generator.
    #[endpoint(response_class = StreamingResponse)]
    async fn main_007() -> impl futures_core::Stream<Item = &'static [u8]> + Send + 'static {
        async_stream::stream! {
            for _ in 0..10 {
                yield b"some fake video bytes".as_slice();
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        }
    }

    // tutorial008: a stream from a file-like object (an `AsyncRead`).
    async fn main_008(State(docs): State<Docs>) -> Result<StreamingResponse, responses::Error> {
        let file = tokio::fs::File::open(docs.files.join("large-video-file.mp4")).await?;
        Ok(StreamingResponse::from_reader(file, 64 * 1024).with_media_type("video/mp4"))
    }

    // tutorial009, 009b: `FileResponse`, returned or as the response class.
    async fn main_009(State(docs): State<Docs>) -> FileResponse {
        FileResponse::new(docs.files.join("large-video-file.mp4"))
    }

    #[endpoint(response_class = FileResponse)]
    async fn main_009b(State(docs): State<Docs>) -> std::path::PathBuf {
        docs.files.join("large-video-file.mp4")
    }

    // tutorial009c: a response class with its own `render`, for any content: one
    // attribute on a newtype generic over its body, then `response_class` as in FastAPI.
    #[derive(responses::Response)]
    #[response(media_type = "application/json", render_with = serde_json::to_vec_pretty)]
    struct CustomJsonResponse<T: Serialize = Value>(#[response(body)] T);

    #[endpoint(response_class = CustomJsonResponse)]
    async fn main_009c() -> Value {
        json!({"message": "Hello World"})
    }

    // tutorial010: `FastAPI(default_response_class=ORJSONResponse)`, per module.
    mod default_class {
        use responses::FastJsonResponse as DefaultResponseClass;
        use responses::endpoint;
        use serde_json::{Value, json};

        #[endpoint]
        pub async fn read_items_010() -> Value {
            json!([{"item_id": "Foo"}])
        }
    }
}

/// <https://fastapi.tiangolo.com/advanced/response-directly/>
mod response_directly {
    use axum::extract::Path;
    use axum::routing::{get, put};
    use axum::{Json, Router};
    use responses::{JsonResponse, Response};
    use serde::{Deserialize, Serialize};

    use super::Docs;

    pub fn routes() -> Router<Docs> {
        Router::new()
            .route("/response-directly/001/items/{id}", put(update_item))
            .route("/response-directly/002/legacy/", get(get_legacy_data))
    }

    // tutorial001: serde is `jsonable_encoder`.
    #[derive(Serialize, Deserialize)]
    struct Item {
        title: String,
        timestamp: String,
        description: Option<String>,
    }

    async fn update_item(Path(_id): Path<String>, Json(item): Json<Item>) -> JsonResponse<Item> {
        JsonResponse::new(item)
    }

    // tutorial002: a `Response` of any media type.
    async fn get_legacy_data() -> Response {
        let data = r#"<?xml version="1.0"?>
    <shampoo>
    <Header>
        Apply shampoo here.
    </Header>
    <Body>
        You'll have to use soap here.
    </Body>
    </shampoo>
    "#;
        Response::new(data).with_media_type("application/xml")
    }
}

/// <https://fastapi.tiangolo.com/advanced/response-cookies/>
mod response_cookies {
    use axum::Router;
    use axum::routing::post;
    use responses::{Cookie, JsonResponse};
    use serde_json::{Value, json};

    use super::Docs;

    pub fn routes() -> Router<Docs> {
        Router::new()
            .route("/response-cookies/001/cookie/", post(create_cookie_001))
            .route(
                "/response-cookies/002/cookie-and-object/",
                post(create_cookie_002),
            )
    }

    // tutorial001: `set_cookie` on the response, `?` on its error.
    async fn create_cookie_001() -> Result<JsonResponse<Value>, responses::Error> {
        let content = json!({"message": "Come to the dark side, we have cookies"});
        let mut response = JsonResponse::new(content);
        response.set_cookie(Cookie::new("fakesession", "fake-cookie-session-value"))?;
        Ok(response)
    }

    // tutorial002: the `response: Response` parameter is a cookie beside the body.
    async fn create_cookie_002() -> (Cookie, JsonResponse<Value>) {
        let cookie = Cookie::new("fakesession", "fake-cookie-session-value");
        let content = json!({"message": "Come to the dark side, we have cookies"});
        (cookie, JsonResponse::new(content))
    }
}

/// <https://fastapi.tiangolo.com/advanced/response-headers/>
mod response_headers {
    use axum::Router;
    use axum::routing::get;
    use responses::JsonResponse;
    use serde_json::{Value, json};

    use super::Docs;

    pub fn routes() -> Router<Docs> {
        Router::new()
            .route("/response-headers/001/headers/", get(get_headers_001))
            .route(
                "/response-headers/002/headers-and-object/",
                get(get_headers_002),
            )
    }

    // tutorial001: headers given to the response.
    async fn get_headers_001() -> JsonResponse<Value> {
        let content = json!({"message": "Hello World"});
        let headers = [
            ("X-Cat-Dog", "alone in the world"),
            ("Content-Language", "en-US"),
        ];
        JsonResponse::new(content).with_headers(headers)
    }

    // tutorial002: a header beside the body.
    async fn get_headers_002() -> ([(&'static str, &'static str); 1], JsonResponse<Value>) {
        let headers = [("x-cat-dog", "alone in the world")];
        (
            headers,
            JsonResponse::new(json!({"message": "Hello World"})),
        )
    }
}

/// <https://fastapi.tiangolo.com/advanced/response-change-status-code/>
mod response_change_status_code {
    use axum::Router;
    use axum::extract::{Path, State};
    use axum::routing::put;
    use http::StatusCode;
    use responses::JsonResponse;

    use super::Docs;

    pub fn routes() -> Router<Docs> {
        let path = "/response-change-status-code/001/get-or-create-task/{task_id}";
        Router::new().route(path, put(get_or_create_task))
    }

    // tutorial001: the status beside the body replaces the response's.
    async fn get_or_create_task(
        State(docs): State<Docs>,
        Path(task_id): Path<String>,
    ) -> (StatusCode, JsonResponse<String>) {
        let mut tasks = docs
            .tasks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut status = StatusCode::OK;
        let task = tasks.entry(task_id).or_insert_with(|| {
            status = StatusCode::CREATED;
            "This didn't exist before".into()
        });
        (status, JsonResponse::new(task.clone()))
    }
}

/// <https://fastapi.tiangolo.com/advanced/additional-responses/>
mod additional_responses {
    use axum::Router;
    use axum::extract::{Path, Query, State};
    use axum::routing::get;
    use responses::{FileResponse, JsonResponse};
    use serde::{Deserialize, Serialize};

    use super::Docs;

    pub fn routes() -> Router<Docs> {
        Router::new()
            .route(
                "/additional-responses/001/items/{item_id}",
                get(read_item_001),
            )
            .route(
                "/additional-responses/002/items/{item_id}",
                get(read_item_002),
            )
    }

    #[derive(Serialize)]
    struct Item {
        id: &'static str,
        value: &'static str,
    }

    #[derive(Serialize)]
    struct Message {
        message: &'static str,
    }

    // tutorial001: a 404 with its own model.
    async fn read_item_001(
        Path(item_id): Path<String>,
    ) -> Result<JsonResponse<Item>, JsonResponse<Message>> {
        if item_id == "foo" {
            return Ok(JsonResponse::new(Item {
                id: "foo",
                value: "there goes my hero",
            }));
        }
        Err(JsonResponse::new(Message {
            message: "Item not found",
        })
        .with_status_code(404))
    }

    // tutorial002: JSON or an image, one type for both.
    #[derive(responses::Response)]
    enum ItemOrImage {
        Item(JsonResponse<Item>),
        Image(FileResponse),
    }

    #[derive(Deserialize)]
    struct Params {
        img: Option<bool>,
    }

    async fn read_item_002(
        State(docs): State<Docs>,
        Path(_item_id): Path<String>,
        Query(params): Query<Params>,
    ) -> ItemOrImage {
        if params.img == Some(true) {
            let image = docs.files.join("image.png");
            return ItemOrImage::Image(FileResponse::new(image).with_media_type("image/png"));
        }
        ItemOrImage::Item(JsonResponse::new(Item {
            id: "foo",
            value: "there goes my hero",
        }))
    }
}

/// <https://fastapi.tiangolo.com/tutorial/background-tasks/>
mod background_tasks {
    use std::io::Write as _;
    use std::path::PathBuf;

    use axum::Router;
    use axum::extract::{Path, Query, State};
    use axum::routing::post;
    use responses::{BackgroundTask, BackgroundTasks, JsonResponse};
    use serde::Deserialize;
    use serde_json::{Value, json};

    use super::Docs;

    pub fn routes() -> Router<Docs> {
        Router::new()
            .route(
                "/background-tasks/001/send-notification/{email}",
                post(send_notification_001),
            )
            .route(
                "/background-tasks/002/send-notification/{email}",
                post(send_notification_002),
            )
    }

    // tutorial001: a task beside the body, run once the response is sent.
    fn write_notification(log: PathBuf, email: String, message: &str) -> std::io::Result<()> {
        let content = format!("notification for {email}: {message}");
        std::fs::write(log, content)
    }

    async fn send_notification_001(
        State(docs): State<Docs>,
        Path(email): Path<String>,
    ) -> (BackgroundTasks, JsonResponse<Value>) {
        let task = BackgroundTask::blocking(move || {
            write_notification(docs.log, email, "some notification")
        });
        let message = json!({"message": "Notification sent in the background"});
        (task.into(), JsonResponse::new(message))
    }

    // tutorial002: a dependency adds a task too.
    fn write_log(log: PathBuf, message: String) -> BackgroundTask {
        BackgroundTask::blocking(move || {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)?;
            file.write_all(message.as_bytes())
        })
    }

    #[derive(Deserialize)]
    struct Q {
        q: Option<String>,
    }

    fn get_query(
        tasks: &mut BackgroundTasks,
        log: &std::path::Path,
        q: Option<String>,
    ) -> Option<String> {
        if let Some(q) = &q {
            tasks.add_task(write_log(log.into(), format!("found query: {q}\n")));
        }
        q
    }

    async fn send_notification_002(
        State(docs): State<Docs>,
        Path(email): Path<String>,
        Query(Q { q }): Query<Q>,
    ) -> (BackgroundTasks, JsonResponse<Value>) {
        let mut tasks = BackgroundTasks::new();
        let _q = get_query(&mut tasks, &docs.log, q);
        tasks.add_task(write_log(docs.log, format!("message to {email}\n")));
        (tasks, JsonResponse::new(json!({"message": "Message sent"})))
    }
}
