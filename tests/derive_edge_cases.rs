//! Shapes that are easy to get wrong in a derive: use inside `macro_rules!`, user items
//! with the short names generated code often uses (the derive's own locals start with
//! `__responses_`, a prefix it reserves), generic bounds the body struct must carry, `Self` and
//! associated types in fields, serde attributes of enums and variants, unit variants
//! rendered whole, delegating variants under enum headers, and `#[endpoint]` with
//! `impl Trait`.

#![allow(non_camel_case_types, non_upper_case_globals, dead_code)]

use std::marker::PhantomData;

use responses::{IntoHttp, JsonResponse, PlainTextResponse, Response, endpoint};
use serde::Serialize;

fn body(r: &http::Response<responses::Body>) -> String {
    String::from_utf8(r.body().as_bytes().unwrap().to_vec()).unwrap()
}

macro_rules! json_response {
    ($name:ident, $t:ty) => {
        #[derive(Serialize, Response)]
        struct $name {
            id: u32,
        }

        #[derive(Response)]
        #[response(status = 201)]
        struct WithHeader {
            id: u32,
            #[response(header = "x-h")]
            h: $t,
        }
    };
}

json_response!(FromMacro, u64);

macro_rules! handler {
    ($name:ident, $class:ident) => {
        #[endpoint(response_class = $class, status_code = 202)]
        fn $name() -> String {
            "from a macro".to_owned()
        }
    };
}

handler!(macro_handler, PlainTextResponse);

#[test]
fn derive_and_endpoint_inside_macro_rules() {
    assert_eq!(
        body(&FromMacro { id: 1 }.into_http().unwrap()),
        "{\"id\":1}"
    );
    let r = WithHeader { id: 2, h: 9 }.into_http().unwrap();
    assert_eq!(
        (r.status().as_u16(), r.headers()["x-h"].to_str().unwrap()),
        (201, "9")
    );
    let r = macro_handler().into_http().unwrap();
    assert_eq!(
        (r.status().as_u16(), body(&r)),
        (202, "from a macro".to_owned())
    );
}

mod clashing_names {
    use super::*;

    struct __builder;
    const __f0: u64 = 5;
    const __rendered: u8 = 0;
    const __content: u8 = 0;
    struct __response;

    #[derive(Response)]
    #[response(render = display)]
    pub struct Shown {
        #[response(header = "x-a")]
        pub a: u32,
    }

    impl std::fmt::Display for Shown {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "shown {}", self.a)
        }
    }

    #[derive(Response)]
    pub struct Plain {
        pub id: u64,
        #[response(header = "x-b")]
        pub b: u64,
    }

    #[endpoint(response_class = PlainTextResponse)]
    pub fn handler() -> String {
        "ok".to_owned()
    }

    #[test]
    fn generated_locals_do_not_clash_with_user_items() {
        assert_eq!(body(&Shown { a: 3 }.into_http().unwrap()), "shown 3");
        assert_eq!(
            body(&Plain { id: 1, b: 2 }.into_http().unwrap()),
            "{\"id\":1}"
        );
        assert_eq!(body(&handler().into_http().unwrap()), "ok");
        let _ = (__builder, __f0, __rendered, __content, __response);
    }
}

#[derive(Response)]
struct InlineBounds<'a, T: Serialize + 'a> {
    items: Vec<T>,
    #[response(header = "x-h")]
    h: &'a str,
}

#[derive(Response)]
struct DroppedParam<T: Serialize + Into<U>, U: Into<u64>> {
    items: Vec<T>,
    #[response(skip)]
    u: Option<U>,
}

#[derive(Serialize, Response)]
struct Node {
    name: String,
    children: Vec<Self>,
}

#[derive(Response)]
struct NodeWithHeader {
    name: String,
    children: Vec<Self>,
    #[response(header = "x-depth")]
    depth: u32,
}

impl Serialize for NodeWithHeader {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

trait Kind {
    type Id: Serialize;
}

struct Users;

impl Kind for Users {
    type Id = u64;
}

#[derive(Response)]
struct Associated<T: Kind> {
    id: T::Id,
    #[response(header = "x-h")]
    h: String,
}

struct NotSerialize;

#[derive(Response)]
struct SkippedGeneric<T> {
    id: u32,
    #[serde(skip)]
    t: Option<T>,
    #[response(header = "x-h")]
    h: String,
}

#[derive(Response)]
struct Phantom<T> {
    id: u32,
    m: PhantomData<T>,
    #[response(header = "x-h")]
    h: String,
}

#[test]
fn generic_bounds_follow_serde() {
    let r = InlineBounds {
        items: vec![1],
        h: "x",
    }
    .into_http()
    .unwrap();
    assert_eq!(body(&r), "{\"items\":[1]}");
    let r = DroppedParam::<u8, u16> {
        items: vec![1],
        u: None,
    }
    .into_http()
    .unwrap();
    assert_eq!(body(&r), "{\"items\":[1]}");
    let tree = Node {
        name: "root".into(),
        children: vec![Node {
            name: "leaf".into(),
            children: vec![],
        }],
    };
    assert_eq!(
        body(&tree.into_http().unwrap()),
        r#"{"name":"root","children":[{"name":"leaf","children":[]}]}"#
    );
    let tree = NodeWithHeader {
        name: "root".into(),
        children: vec![NodeWithHeader {
            name: "leaf".into(),
            children: vec![],
            depth: 1,
        }],
        depth: 0,
    };
    assert_eq!(
        body(&tree.into_http().unwrap()),
        r#"{"name":"root","children":["leaf"]}"#
    );
    let r = Associated::<Users> {
        id: 7,
        h: "h".into(),
    }
    .into_http()
    .unwrap();
    assert_eq!(body(&r), "{\"id\":7}");
    // serde needs no `T: Serialize` for a skipped field or PhantomData, and neither does the
    // derive.
    let r = SkippedGeneric::<NotSerialize> {
        id: 1,
        t: None,
        h: "h".into(),
    }
    .into_http()
    .unwrap();
    assert_eq!(body(&r), "{\"id\":1}");
    let r = Phantom::<NotSerialize> {
        id: 2,
        m: PhantomData,
        h: "h".into(),
    }
    .into_http()
    .unwrap();
    assert_eq!(body(&r), "{\"id\":2,\"m\":null}");
}

#[derive(Response)]
#[serde(rename_all_fields = "camelCase")]
enum Renamed {
    #[response(status = 201)]
    Made {
        user_id: u32,
        #[response(header = "x-h")]
        h: u32,
    },
    #[response(status = 202)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    Other { user_id: u32 },
}

#[test]
fn variant_bodies_follow_the_enums_serde_attributes() {
    assert_eq!(
        body(&Renamed::Made { user_id: 1, h: 2 }.into_http().unwrap()),
        "{\"userId\":1}"
    );
    assert_eq!(
        body(&Renamed::Other { user_id: 1 }.into_http().unwrap()),
        "{\"USER_ID\":1}"
    );
}

#[derive(Debug, Response)]
#[response(render = display, status = 400)]
enum AppError {
    #[response(status = 404)]
    NotFound,
    #[response(status = 204)]
    Gone,
    Invalid(&'static str),
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::NotFound => f.write_str("not found"),
            AppError::Gone => f.write_str("gone"),
            AppError::Invalid(why) => write!(f, "invalid: {why}"),
        }
    }
}

#[test]
fn unit_variants_rendered_whole_keep_their_text_unless_the_status_has_no_body() {
    let r = AppError::NotFound.into_http().unwrap();
    assert_eq!(
        (r.status().as_u16(), body(&r)),
        (404, "not found".to_owned())
    );
    let r = AppError::Gone.into_http().unwrap();
    assert_eq!((r.status().as_u16(), body(&r)), (204, String::new()));
    let r = AppError::Invalid("x").into_http().unwrap();
    assert_eq!(
        (r.status().as_u16(), body(&r)),
        (400, "invalid: x".to_owned())
    );
}

#[derive(Response)]
#[response(header("x-api" = "1"), status = 201)]
enum WithDefaults {
    Custom(PlainTextResponse),
    Json(JsonResponse<u8>),
    #[response(status = 404)]
    Missing,
}

#[test]
fn delegating_variants_get_the_enums_headers_as_defaults() {
    let r = WithDefaults::Custom(PlainTextResponse::new("x"))
        .into_http()
        .unwrap();
    assert_eq!(r.headers()["x-api"], "1");
    assert_eq!(r.status(), 200, "the delegate's own status");
    let r = WithDefaults::Json(JsonResponse::new(1).with_header("x-api", "2"))
        .into_http()
        .unwrap();
    assert_eq!(r.headers()["x-api"], "2", "the delegate's own header wins");
    assert_eq!(
        WithDefaults::Missing.into_http().unwrap().headers()["x-api"],
        "1"
    );
}

#[endpoint(response_class = JsonResponse)]
fn opaque() -> impl Serialize {
    [1, 2]
}

#[endpoint(response_class = PlainTextResponse, status_code = 201)]
fn opaque_text() -> impl Into<responses::Content> {
    "text"
}

#[test]
fn endpoint_with_impl_trait() {
    assert_eq!(body(&opaque().into_http().unwrap()), "[1,2]");
    let r = opaque_text().into_http().unwrap();
    assert_eq!((r.status().as_u16(), body(&r)), (201, "text".to_owned()));
}

#[derive(Response)]
#[response(charset = "latin-1")]
enum TextVariants {
    #[response(media_type = "text/plain")]
    A(String),
    #[response(status = 404)]
    Missing,
}

#[test]
fn an_enum_charset_applies_to_its_text_variants() {
    let r = TextVariants::A("é".into()).into_http().unwrap();
    assert_eq!(r.headers()["content-type"], "text/plain; charset=latin-1");
    assert_eq!(r.body().as_bytes(), Some(&b"\xe9"[..]));
}

/// `#[endpoint]` names its response through `EndpointClass`, not by the class's name: a
/// type alias works, and so does a class of the user's own that is generic over its content.
mod endpoint_classes {
    use responses::{EndpointClass, IntoHttp, JsonResponse, ResponseClass, endpoint};
    use serde::Serialize;

    type Api = JsonResponse;

    #[endpoint(response_class = Api, status_code = 201)]
    fn via_alias() -> Vec<u32> {
        vec![1, 2]
    }

    /// `{"data": ...}` around any content.
    struct Envelope<T = ()>(T);

    impl<T: Serialize> ResponseClass<T> for Envelope<T> {
        fn from_content(content: T) -> Self {
            Envelope(content)
        }

        fn with_status(self, _: http::StatusCode) -> Self {
            self
        }
    }

    impl<T, C: Serialize> EndpointClass<C> for Envelope<T> {
        type Response = Envelope<C>;
    }

    impl<T: Serialize> IntoHttp for Envelope<T> {
        fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {
            #[derive(Serialize)]
            struct Data<T> {
                data: T,
            }
            JsonResponse::new(Data { data: self.0 }).into_http()
        }
    }

    #[endpoint(response_class = Envelope)]
    fn wrapped() -> u32 {
        7
    }

    /// FastAPI's `response_class=FileResponse`: the handler returns a path.
    #[endpoint(response_class = responses::FileResponse)]
    fn manifest() -> &'static str {
        concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")
    }

    /// A handler that returns the class itself (FastAPI's "return a Response directly").
    #[endpoint(response_class = responses::HtmlResponse, status_code = 202)]
    fn direct() -> responses::HtmlResponse {
        responses::HtmlResponse::new("<p>as it is</p>")
    }

    #[endpoint(response_class = JsonResponse)]
    fn direct_json() -> JsonResponse<Vec<u8>> {
        JsonResponse::new(vec![1, 2]).with_status_code(201)
    }

    /// A generator endpoint: the handler returns a stream.
    #[endpoint(response_class = responses::StreamingResponse)]
    fn generated() -> impl futures_core::Stream<Item = &'static str> + Send + 'static {
        async_stream::stream! {
            yield "a";
            yield "b";
        }
    }

    #[tokio::test]
    async fn every_class_is_an_endpoints_class() {
        let r = manifest().into_http().unwrap();
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["content-length"]
                .to_str()
                .unwrap()
                .parse::<u64>()
                .unwrap()
                > 0
        );
        let r = direct().into_http().unwrap();
        assert_eq!(r.status(), 202);
        assert_eq!(r.body().as_bytes(), Some(&b"<p>as it is</p>"[..]));
        let r = direct_json().into_http().unwrap();
        assert_eq!(r.status(), 201);
        let body = generated()
            .into_http()
            .unwrap()
            .into_body()
            .collect_bytes()
            .await
            .unwrap();
        assert_eq!(&body[..], b"ab");
    }

    #[test]
    fn an_alias_and_a_generic_class_of_ones_own() {
        let r = via_alias().into_http().unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.body().as_bytes(), Some(&b"[1,2]"[..]));
        let r = wrapped().into_http().unwrap();
        assert_eq!(r.body().as_bytes(), Some(&b"{\"data\":7}"[..]));
    }
}

/// A media type that names its own charset encodes the body with it (docs/behaviour.md
/// §22), in the derive as at run time.
#[derive(Response)]
#[response(media_type = "text/plain; charset=latin-1")]
struct NamedCharset {
    #[response(body)]
    text: String,
}

#[test]
fn a_media_type_naming_its_charset_encodes_with_it() {
    let r = NamedCharset { text: "é".into() }.into_http().unwrap();
    assert_eq!(r.headers()["content-type"], "text/plain; charset=latin-1");
    assert_eq!(r.body().as_bytes(), Some(&b"\xe9"[..]));
    let by_hand = PlainTextResponse::new("é")
        .with_media_type("text/plain; charset=latin-1")
        .into_http()
        .unwrap();
    assert_eq!(r.body().as_bytes(), by_hand.body().as_bytes());
}

/// FastAPI's `default_response_class`: without `response_class`, an endpoint takes the
/// class its scope calls `DefaultResponseClass`.
mod default_class {
    use responses::{IntoHttp, endpoint};

    use responses::JsonResponse as DefaultResponseClass;

    #[endpoint(status_code = 201)]
    fn numbers() -> Vec<u32> {
        vec![1, 2, 3]
    }

    mod pages {
        use responses::{IntoHttp, endpoint};

        /// A module of its own chooses another default.
        type DefaultResponseClass = responses::HtmlResponse;

        #[endpoint]
        fn page() -> &'static str {
            "<h1>hi</h1>"
        }

        #[test]
        fn a_module_overrides_the_default() {
            let r = page().into_http().unwrap();
            assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
        }
    }

    #[test]
    fn the_default_class_of_the_scope() {
        let r = numbers().into_http().unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["content-type"], "application/json");
        assert_eq!(r.body().as_bytes(), Some(&b"[1,2,3]"[..]));
        // The status is in the type (so that OpenAPI documents it).
        let _: responses::WithStatus<DefaultResponseClass<Vec<u32>>, 201> = numbers();
    }
}

/// A derived type as an endpoint's class: the handler returns it, and the endpoint's status
/// applies (through `Extras`).
mod derived_endpoint_class {
    use responses::{IntoHttp, endpoint};
    use serde::Serialize;

    #[derive(Serialize, responses::Response)]
    #[response(status = 200)]
    struct Item {
        id: u64,
    }

    #[endpoint(response_class = Item, status_code = 202)]
    fn accepted() -> Item {
        Item { id: 3 }
    }

    #[test]
    fn the_endpoints_status_applies() {
        let r = accepted().into_http().unwrap();
        assert_eq!(r.status(), 202);
        assert_eq!(r.body().as_bytes(), Some(&b"{\"id\":3}"[..]));
    }
}

/// A derived newtype generic over its body is a response class for any content, as
/// FastAPI's classes are: `#[endpoint(response_class = PrettyJson)]` on a handler that
/// returns a plain value, with the endpoint's status. A generic type of another shape is
/// a class for itself only.
mod content_classes {
    use responses::{IntoHttp, Response, endpoint};
    use serde::Serialize;

    #[derive(Response)]
    #[response(media_type = "application/json", render_with = serde_json::to_vec_pretty)]
    struct PrettyJson<T: Serialize = serde_json::Value>(#[response(body)] T);

    /// Named field, bounds in a `where` clause, its own status and header.
    #[derive(Response)]
    #[response(status = 202, header("x-kind" = "envelope"))]
    struct Envelope<T = ()>
    where
        T: Serialize,
    {
        #[response(body)]
        data: T,
    }

    /// Two fields: a class for itself only.
    #[derive(Serialize, Response)]
    struct Page<T: Serialize> {
        items: Vec<T>,
        total: usize,
    }

    #[endpoint(response_class = PrettyJson, status_code = 201)]
    fn pretty() -> Vec<u32> {
        vec![1, 2]
    }

    #[endpoint(response_class = Envelope)]
    async fn wrapped() -> &'static str {
        "hi"
    }

    #[endpoint(response_class = Envelope, status_code = 200)]
    fn wrapped_ok() -> Option<u8> {
        Some(7)
    }

    /// One generic field serialized whole (no `#[response(body)]`): a class for itself.
    #[derive(Serialize, Response)]
    struct Item<T: Serialize> {
        value: T,
    }

    #[endpoint(response_class = Item<u8>, status_code = 203)]
    fn item() -> Item<u8> {
        Item { value: 1 }
    }

    #[endpoint(response_class = Page<u8>, status_code = 206)]
    fn page() -> Page<u8> {
        Page {
            items: vec![1],
            total: 1,
        }
    }

    #[tokio::test]
    async fn a_generic_newtype_takes_any_content() {
        let r = pretty().into_http().unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["content-type"], "application/json");
        assert_eq!(r.body().as_bytes(), Some(&b"[\n  1,\n  2\n]"[..]));

        let r = wrapped().await.into_http().unwrap();
        assert_eq!(r.status(), 202);
        assert_eq!(r.headers()["x-kind"], "envelope");
        assert_eq!(r.body().as_bytes(), Some(&b"\"hi\""[..]));
        let r = wrapped_ok().into_http().unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.body().as_bytes(), Some(&b"7"[..]));

        let r = item().into_http().unwrap();
        assert_eq!(r.status(), 203);
        assert_eq!(r.body().as_bytes(), Some(&b"{\"value\":1}"[..]));

        let r = page().into_http().unwrap();
        assert_eq!(r.status(), 206);
        assert_eq!(
            r.body().as_bytes(),
            Some(&b"{\"items\":[1],\"total\":1}"[..])
        );
    }
}

/// `#[endpoint(status_code = ...)]` with a derived class: the status replaces the type's
/// success statuses; its errors keep theirs, and a file it delegates to still answers ranges
/// under the endpoint's status (a `FileResponse` class under another status than 200 is
/// sent whole, as Starlette sends it).
mod endpoint_status_of_derived_types {
    use responses::{FileResponse, IntoHttp, JsonResponse, Response, endpoint, request::prepare};

    #[derive(Response)]
    enum Outcome {
        Found(JsonResponse<&'static str>),
        #[response(status = 202)]
        Queued,
        #[response(status = 404)]
        NotFound,
        #[response(status = 307, header("location" = "/elsewhere"))]
        Moved,
        Report(FileResponse),
    }

    #[endpoint(response_class = Outcome, status_code = 201)]
    fn handler(which: u8, path: std::path::PathBuf) -> Outcome {
        match which {
            0 => Outcome::Found(JsonResponse::new("here")),
            1 => Outcome::Queued,
            2 => Outcome::NotFound,
            3 => Outcome::Moved,
            _ => Outcome::Report(FileResponse::new(path)),
        }
    }

    #[endpoint(response_class = FileResponse, status_code = 201)]
    fn file_class(path: std::path::PathBuf) -> std::path::PathBuf {
        path
    }

    #[test]
    fn errors_and_redirects_keep_their_statuses() {
        let path = std::env::temp_dir().join(format!(
            "responses-endpoint-status-{}.txt",
            std::process::id()
        ));
        std::fs::write(&path, "0123456789").expect("written");
        let statuses: Vec<u16> = (0..4)
            .map(|which| {
                handler(which, path.clone())
                    .into_http()
                    .expect("converts")
                    .status()
                    .as_u16()
            })
            .collect();
        assert_eq!(statuses, [201, 201, 404, 307]);

        let ranged = http::Request::get("/")
            .header("range", "bytes=2-4")
            .body(())
            .expect("request");
        let full = handler(4, path.clone()).into_http().expect("converts");
        assert_eq!(full.status(), 201);
        let partial = prepare(&ranged, full);
        assert_eq!(partial.status(), 206);
        assert_eq!(partial.headers()["content-range"], "bytes 2-4/10");

        let whole = prepare(
            &ranged,
            file_class(path.clone()).into_http().expect("converts"),
        );
        assert_eq!(whole.status(), 201);
        assert!(whole.headers().get("content-range").is_none());
        let _ = std::fs::remove_file(&path);
    }
}

/// 205 (Reset Content): no content, as RFC 9110 asks and FastAPI documents; an endpoint's 205
/// is sent empty with `content-length: 0`, a derived type's too.
mod reset_content {
    use responses::{IntoHttp, JsonResponse, Response, endpoint};

    #[endpoint(response_class = JsonResponse, status_code = 205)]
    fn reset() {}

    #[derive(Response)]
    #[response(status = 205)]
    struct Reset;

    #[test]
    fn a_205_is_sent_empty() {
        for response in [
            reset().into_http().expect("converts"),
            Reset.into_http().expect("converts"),
        ] {
            assert_eq!(response.status(), 205);
            assert_eq!(response.headers()["content-length"], "0");
            assert!(response.headers().get("content-type").is_none());
            assert_eq!(response.body().as_bytes(), Some(&b""[..]));
        }
    }
}
