//! What a derived type documents, shape by shape: a JSON body made of some fields (serde's
//! names, optional fields), header fields with their JSON type, cookies, text with a
//! charset, bytes, `render_with`, delegating variants, a status field, two variants of one
//! status, a generic body and a type without a schema (documented as any JSON, never a
//! compile error). Each is checked through utoipa's `IntoResponses`, and through aide's
//! `OperationOutput` with the `aide` feature.

#![allow(
    dead_code,
    reason = "the types here are documented; most are never sent, nor their handlers called"
)]

use responses::openapi::utoipa::AddSchemas;
use responses::{Cookie, JsonResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};

/// The Responses object a type documents, through utoipa.
fn utoipa_doc<T: utoipa::IntoResponses>() -> Value {
    serde_json::to_value(T::responses()).expect("serializes")
}

#[derive(Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "aide", derive(schemars::JsonSchema))]
struct Message {
    message: String,
}

/// A user was created.
///
/// Its id is in the body.
#[derive(Response)]
#[serde(rename_all = "camelCase")]
#[response(status = 201, header("x-api" = "1"))]
struct Created {
    user_id: u64,
    display_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(rename = "Kind")]
    kind: Message,
    #[serde(skip)]
    internal: u8,
    #[response(header = "x-rate-remaining")]
    remaining: u32,
    #[response(header = "x-ok")]
    ok: Option<&'static str>,
    #[response(cookie)]
    session: Cookie,
}

#[test]
fn a_body_of_some_fields_is_an_object_of_them() {
    let doc = utoipa_doc::<Created>();
    let created = &doc["201"];
    assert_eq!(
        created["description"],
        "A user was created.\n\nIts id is in the body."
    );
    assert_eq!(
        created["headers"],
        json!({
            "x-api": {"schema": {"type": "string"}},
            "x-rate-remaining": {"schema": {"type": "integer"}},
            "x-ok": {"schema": {"type": "string"}},
            "set-cookie": {"schema": {"type": "string"}},
        })
    );
    let schema = &created["content"]["application/json"]["schema"];
    assert_eq!(schema["type"], "object");
    let names: Vec<&String> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .collect();
    assert_eq!(names, ["Kind", "displayName", "tags", "userId"]);
    assert_eq!(schema["required"], json!(["userId", "Kind"]));
    assert_eq!(
        schema["properties"]["Kind"],
        json!({"$ref": "#/components/schemas/Message"})
    );
    assert_eq!(schema["properties"]["userId"]["type"], "integer");
    // The value sent has exactly the documented properties.
    let sent = Created {
        user_id: 7,
        display_name: None,
        tags: vec!["a".into()],
        kind: Message {
            message: "m".into(),
        },
        internal: 0,
        remaining: 9,
        ok: Some("yes"),
        session: Cookie::new("s", "1"),
    };
    let body = body_json(sent);
    let sent_names: Vec<&String> = body.as_object().expect("object").keys().collect();
    assert_eq!(sent_names, names);
}

fn body_json(response: impl responses::IntoHttp) -> Value {
    let response = response.into_http().expect("converts");
    serde_json::from_slice(response.body().as_bytes().expect("in memory")).expect("JSON")
}

/// A struct without a schema of its own is the object of its fields; one with a schema is
/// a `$ref` to it.
#[derive(Serialize, Response)]
struct Plain {
    id: u64,
    note: Option<String>,
}

#[derive(Serialize, Response, utoipa::ToSchema)]
struct Named {
    id: u64,
}

#[test]
fn a_whole_struct_is_its_schema_or_the_object_of_its_fields() {
    assert_eq!(
        utoipa_doc::<Plain>()["200"]["content"]["application/json"]["schema"],
        json!({
            "type": "object",
            "properties": {"id": {"type": "integer", "format": "int64", "minimum": 0}, "note": {"oneOf": [{"type": "null"}, {"type": "string"}]}},
            "required": ["id"],
        })
    );
    assert_eq!(
        utoipa_doc::<Named>()["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Named"})
    );
}

#[derive(Response)]
#[response(media_type = "text/plain", charset = "latin-1")]
struct Latin(String);

#[derive(Response)]
#[response(media_type = "image/png")]
struct Png(Vec<u8>);

#[derive(Response)]
#[response(render = bytes)]
struct Opaque(Vec<u8>);

fn to_vec_pretty<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

#[derive(Serialize, Response)]
#[response(media_type = "application/json", render_with = to_vec_pretty)]
struct Pretty {
    id: u64,
}

#[derive(Response)]
#[response(media_type = "text/html", render_with = render_page)]
struct Page {
    title: String,
}

fn render_page(page: &Page) -> String {
    format!("<h1>{}</h1>", page.title)
}

#[test]
fn text_bytes_and_rendered_bodies() {
    assert_eq!(
        utoipa_doc::<Latin>()["200"]["content"],
        json!({"text/plain; charset=latin-1": {"schema": {"type": "string"}}})
    );
    assert_eq!(
        utoipa_doc::<Png>()["200"]["content"],
        json!({"image/png": {"schema": {"type": "string", "format": "binary"}}})
    );
    // Bytes of no declared media type: no content, as FastAPI documents a bare Response.
    assert_eq!(
        utoipa_doc::<Opaque>(),
        json!({"200": {"description": "Successful Response"}})
    );
    // A render function of unknown output: its media type, any JSON or a string.
    assert_eq!(
        utoipa_doc::<Pretty>()["200"]["content"],
        json!({"application/json": {"schema": {}}})
    );
    assert_eq!(
        utoipa_doc::<Page>()["200"]["content"],
        json!({"text/html": {"schema": {"type": "string"}}})
    );
}

/// A type that is a response but documents nothing (no `IntoResponses`).
struct Undocumented;

impl responses::IntoHttp for Undocumented {
    fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {
        Response::new("").into_http()
    }
}

#[derive(Response)]
#[response(header("x-api" = "2"))]
enum Outcome {
    /// Found it.
    Found(JsonResponse<Message>),
    Elsewhere(Undocumented),
    /// Bad name.
    #[response(status = 400)]
    BadName(#[response(body)] Message),
    /// Bad age.
    #[response(status = 400, media_type = "text/plain")]
    BadAge(String),
    #[response(status = 204)]
    Gone,
    /// A newtype's body is its field.
    #[response(status = 202)]
    Queued(Other),
}

#[test]
fn enums_document_every_variant() {
    let doc = utoipa_doc::<Outcome>();
    let keys: Vec<&String> = doc.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["200", "202", "204", "400", "default"]);
    assert_eq!(
        doc["202"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Other"})
    );
    // A delegating variant documents its field's responses, with the enum's headers and
    // its own doc comment.
    assert_eq!(
        doc["200"],
        json!({
            "description": "Found it.",
            "headers": {"x-api": {"schema": {"type": "string"}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}},
        })
    );
    // A field type that documents nothing: any status.
    assert_eq!(doc["default"]["description"], "Default Response");
    // Two variants of one status: one entry.
    assert_eq!(doc["400"]["description"], "Bad name. or Bad age.");
    assert_eq!(
        doc["400"]["content"],
        json!({
            "application/json": {"schema": {"$ref": "#/components/schemas/Message"}},
            "text/plain": {"schema": {"type": "string"}},
        })
    );
    assert_eq!(doc["204"].get("content"), None);
}

#[derive(Serialize, utoipa::ToSchema)]
#[cfg_attr(feature = "aide", derive(schemars::JsonSchema))]
struct Other {
    code: u16,
}

#[derive(Response)]
enum SameStatus {
    #[response(status = 409)]
    A(#[response(body)] Message),
    #[response(status = 409)]
    B(#[response(body)] Other),
}

#[test]
fn two_schemas_of_one_status_are_any_of() {
    assert_eq!(
        utoipa_doc::<SameStatus>()["409"],
        json!({
            "description": "Conflict",
            "content": {"application/json": {"schema": {"anyOf": [
                {"$ref": "#/components/schemas/Message"},
                {"$ref": "#/components/schemas/Other"},
            ]}}},
        })
    );
}

#[derive(Serialize, Response)]
struct Dynamic {
    #[response(status)]
    status: u16,
    message: String,
}

#[test]
fn a_status_field_is_any_status() {
    let doc = utoipa_doc::<Dynamic>();
    assert_eq!(doc.as_object().map(|o| o.len()), Some(1));
    assert_eq!(doc["default"]["description"], "Default Response");
    assert_eq!(
        doc["default"]["content"]["application/json"]["schema"]["required"],
        json!(["message"])
    );
}

/// A generic body: its schema is not known where the impl is written (any JSON); the
/// type still compiles and is documented.
#[derive(Serialize, Response)]
struct Paged<T: Serialize> {
    #[response(body)]
    items: Vec<T>,
}

/// A body type without `ToSchema`.
#[derive(Serialize)]
struct NoSchema {
    x: u8,
}

#[derive(Response)]
struct WithoutSchema(#[response(body)] NoSchema);

#[test]
fn bodies_without_a_known_schema_are_any_json() {
    assert_eq!(
        utoipa_doc::<Paged<u8>>()["200"]["content"]["application/json"]["schema"],
        json!({})
    );
    assert_eq!(
        utoipa_doc::<WithoutSchema>()["200"]["content"]["application/json"]["schema"],
        json!({})
    );
}

/// An error type as a FastAPI user writes one: `Display` for the body.
#[derive(Debug, Response)]
#[response(render = display)]
enum ApiError {
    #[response(status = 404)]
    Missing,
    #[response(status = 422)]
    Invalid { field: String },
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Missing => f.write_str("missing"),
            ApiError::Invalid { field } => write!(f, "invalid {field}"),
        }
    }
}

/// utoipa's `auto_into_responses`: the return type alone, `Result<T, E>` included.
#[utoipa::path(get, path = "/item")]
async fn item() -> Result<Named, ApiError> {
    Ok(Named { id: 1 })
}

#[test]
fn a_handlers_return_type_documents_it() {
    use utoipa::Path as _;
    let operation = serde_json::to_value(__path_item::operation()).expect("serializes");
    let responses = &operation["responses"];
    let keys: Vec<&String> = responses.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["200", "404", "422"]);
    assert_eq!(
        responses["422"],
        json!({
            "description": "Unprocessable Entity",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        })
    );
}

#[cfg(feature = "aide")]
mod aide_output {
    use aide::openapi::Operation;
    use aide::operation::OperationOutput;

    use super::*;

    fn aide_doc<T: OperationOutput>() -> Value {
        aide::generate::in_context(|ctx| {
            let mut operation = Operation::default();
            let pairs = T::inferred_responses(ctx, &mut operation);
            let mut object = serde_json::Map::new();
            for (status, response) in pairs {
                let key = status.map_or_else(|| "default".to_owned(), |s| s.to_string());
                object.insert(key, serde_json::to_value(response).expect("serializes"));
            }
            Value::Object(object)
        })
    }

    /// aide writes each header's default style; the rest is the same as utoipa's.
    fn without_style(mut value: Value) -> Value {
        for response in value
            .as_object_mut()
            .into_iter()
            .flat_map(|o| o.values_mut())
        {
            for header in response
                .get_mut("headers")
                .and_then(Value::as_object_mut)
                .into_iter()
                .flat_map(|h| h.values_mut())
            {
                header.as_object_mut().map(|h| h.remove("style"));
            }
        }
        value
    }

    #[test]
    fn aide_documents_the_same() {
        assert_eq!(
            without_style(aide_doc::<Outcome>()),
            utoipa_doc::<Outcome>()
        );
        assert_eq!(aide_doc::<SameStatus>(), utoipa_doc::<SameStatus>());
        assert_eq!(aide_doc::<Latin>(), utoipa_doc::<Latin>());
        assert_eq!(aide_doc::<Pretty>(), utoipa_doc::<Pretty>());
        assert_eq!(aide_doc::<Paged<u8>>(), utoipa_doc::<Paged<u8>>());
        assert_eq!(
            aide_doc::<Result<Latin, ApiError>>()
                .as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>()),
            Some(vec!["200".to_owned(), "404".to_owned(), "422".to_owned()])
        );
    }

    /// aide has `OperationOutput` for `Box`, so a type that delegates to itself recursed
    /// until the stack overflowed: now it is documented once.
    #[test]
    fn aide_documents_boxes_and_recursion() {
        assert_eq!(aide_doc::<Tree>(), utoipa_doc::<Tree>());
        assert_eq!(aide_doc::<Boxed>(), utoipa_doc::<Boxed>());
    }

    #[test]
    fn operation_response_is_the_success() {
        let description = aide::generate::in_context(|ctx| {
            let mut operation = Operation::default();
            Outcome::operation_response(ctx, &mut operation).map(|r| r.description)
        });
        assert_eq!(description.as_deref(), Some("Found it."));
    }
}

#[utoipa::path(post, path = "/created")]
async fn create() -> Created {
    unreachable!("documented only")
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(create), modifiers(&AddSchemas))]
struct WithSchemas;

#[derive(utoipa::OpenApi)]
#[openapi(paths(create))]
struct WithoutSchemas;

/// utoipa does not collect the schemas an `IntoResponses` type refers to; `AddSchemas` adds
/// them, those of nested fields included.
#[test]
fn add_schemas_completes_the_document() {
    use utoipa::OpenApi as _;
    let with = serde_json::to_value(WithSchemas::openapi()).expect("serializes");
    assert_eq!(
        with["components"]["schemas"]["Message"]["properties"]["message"]["type"],
        "string"
    );
    let without = serde_json::to_value(WithoutSchemas::openapi()).expect("serializes");
    assert_eq!(without["components"]["schemas"].get("Message"), None);
}

/// An enum of 130 variants: more than the macro recursion limit (128) would allow if the
/// description were expanded one variant per step.
macro_rules! big_enum {
    ($($variant:ident)*) => {
        #[derive(Response)]
        #[response(media_type = "text/plain")]
        enum Big {
            $(#[response(status = 200)] $variant(String),)*
        }
    };
}

big_enum!(V0 V1 V2 V3 V4 V5 V6 V7 V8 V9 V10 V11 V12 V13 V14 V15 V16 V17 V18 V19 V20 V21 V22 V23 V24 V25 V26 V27 V28 V29 V30 V31 V32 V33 V34 V35 V36 V37 V38 V39 V40 V41 V42 V43 V44 V45 V46 V47 V48 V49 V50 V51 V52 V53 V54 V55 V56 V57 V58 V59 V60 V61 V62 V63 V64 V65 V66 V67 V68 V69 V70 V71 V72 V73 V74 V75 V76 V77 V78 V79 V80 V81 V82 V83 V84 V85 V86 V87 V88 V89 V90 V91 V92 V93 V94 V95 V96 V97 V98 V99 V100 V101 V102 V103 V104 V105 V106 V107 V108 V109 V110 V111 V112 V113 V114 V115 V116 V117 V118 V119 V120 V121 V122 V123 V124 V125 V126 V127 V128 V129);

#[test]
fn an_enum_of_many_variants_is_documented() {
    let doc = utoipa_doc::<Big>();
    assert_eq!(
        doc["200"]["content"]["text/plain"]["schema"]["type"],
        "string"
    );
}

fn as_text<S: serde::Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&value.to_string())
}

#[derive(Serialize, Response)]
struct Custom {
    #[serde(serialize_with = "as_text")]
    id: u64,
    plain: u64,
}

#[derive(Serialize, Response)]
#[serde(transparent)]
struct Transparent {
    ids: Vec<u64>,
}

/// What serde sends decides the schema: a field with its own serializer is any JSON; a
/// transparent struct is not an object of its fields.
#[test]
fn serde_attributes_that_change_the_json() {
    let schema = &utoipa_doc::<Custom>()["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema["properties"]["id"], json!({}));
    assert_eq!(schema["properties"]["plain"]["type"], "integer");
    assert_eq!(body_json(Custom { id: 1, plain: 2 })["id"], "1");
    assert_eq!(
        utoipa_doc::<Transparent>()["200"]["content"]["application/json"]["schema"],
        json!({})
    );
}

/// `WithStatus` (what `#[endpoint(status_code = ...)]` returns) documents what it sends: a
/// class's one response takes the status; a file under another status than 200 is sent
/// whole (no 206, 304 or 416); a derived type's success statuses take it, its errors and
/// redirects keep theirs.
#[test]
fn with_status_documents_what_it_sends() {
    use responses::{Extras, FileResponse, RedirectResponse, WithStatus};
    let doc = utoipa_doc::<WithStatus<FileResponse, 203>>();
    let keys: Vec<&String> = doc.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["203"]);
    assert_eq!(doc["203"]["description"], "Successful Response");
    let doc = utoipa_doc::<WithStatus<FileResponse, 200>>();
    assert_eq!(doc, utoipa_doc::<FileResponse>());
    let doc = utoipa_doc::<WithStatus<JsonResponse<Message>, 204>>();
    assert_eq!(doc, json!({"204": {"description": "Successful Response"}}));
    let doc = utoipa_doc::<WithStatus<RedirectResponse, 301>>();
    let keys: Vec<&String> = doc.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["301"]);
    assert!(doc["301"]["headers"]["location"].is_object());

    // `Outcome`: 200 (found), 202 (queued), 204 (gone), 400 (two bodies), default.
    let doc = utoipa_doc::<WithStatus<Extras<Outcome>, 201>>();
    let keys: Vec<&String> = doc.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["201", "400", "default"]);
    let own = utoipa_doc::<Outcome>();
    assert_eq!(doc["400"], own["400"]);
    assert_eq!(doc["default"], own["default"]);
    let description = doc["201"]["description"].as_str().expect("text");
    assert!(description.starts_with("Found it."), "{description}");
}

/// A type documented by a response component of its own (`$ref`).
struct Referenced;

impl responses::IntoHttp for Referenced {
    fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {
        Response::new("").into_http()
    }
}

impl utoipa::IntoResponses for Referenced {
    fn responses() -> std::collections::BTreeMap<
        String,
        utoipa::openapi::RefOr<utoipa::openapi::response::Response>,
    > {
        let reference = utoipa::openapi::Ref::from_response_name("Teapot");
        [("418".to_owned(), utoipa::openapi::RefOr::Ref(reference))].into()
    }
}

#[derive(Response)]
#[response(header("x-api" = "3"))]
enum WithReference {
    /// Not used: a reference is kept as it is.
    Tea(Referenced),
}

#[test]
fn a_delegated_reference_stays_a_reference() {
    assert_eq!(
        utoipa_doc::<WithReference>(),
        json!({"418": {"$ref": "#/components/responses/Teapot"}})
    );
}

#[derive(Response)]
enum Boxed {
    /// The message, boxed.
    Big(Box<JsonResponse<Message>>),
    #[response(status = 404)]
    Missing,
}

/// A newtype body written by its own function: of unknown output, any JSON.
#[derive(Response)]
struct TextId(
    #[serde(serialize_with = "as_text")] u64,
    #[response(header = "x-a")] &'static str,
);

#[derive(Response)]
enum Download {
    /// The report.
    Report(responses::FileResponse),
}

/// A type that delegates to itself through a box.
#[derive(Response)]
enum Tree {
    Leaf(JsonResponse<Message>),
    Nested(Box<Tree>),
}

/// A boxed delegate is documented by what the box holds; a newtype written by its own
/// function is any JSON; a delegating variant's doc comment describes the delegated main
/// response only; a type that delegates to itself is documented once.
#[test]
fn delegates_boxes_and_recursion() {
    let doc = utoipa_doc::<Boxed>();
    assert_eq!(doc["200"]["description"], "The message, boxed.");
    assert_eq!(
        doc["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Message"
    );
    assert_eq!(doc["404"]["description"], "Not Found");

    let doc = utoipa_doc::<TextId>();
    assert_eq!(
        doc["200"]["content"]["application/json"]["schema"],
        json!({})
    );
    assert_eq!(body_json(TextId(7, "a")), json!("7"));

    let doc = utoipa_doc::<Download>();
    assert_eq!(doc["200"]["description"], "The report.");
    let own = utoipa_doc::<responses::FileResponse>();
    for status in ["206", "304", "416"] {
        assert_eq!(
            doc[status]["description"], own[status]["description"],
            "{status}"
        );
        assert_ne!(doc[status]["description"], "The report.", "{status}");
    }

    let doc = utoipa_doc::<Tree>();
    let keys: Vec<&String> = doc.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["200"]);
}

/// `openapi = false`: the derive implements no OpenAPI trait, so the type's own does not
/// conflict with it.
#[derive(Serialize, Response)]
#[response(status = 202, openapi = false)]
struct Hand {
    queued: u32,
}

impl utoipa::IntoResponses for Hand {
    fn responses() -> std::collections::BTreeMap<
        String,
        utoipa::openapi::RefOr<utoipa::openapi::response::Response>,
    > {
        let response = utoipa::openapi::ResponseBuilder::new()
            .description("Queued, by hand")
            .build();
        [("202".to_owned(), response.into())].into()
    }
}

#[test]
fn a_type_may_document_itself() {
    assert_eq!(
        utoipa_doc::<Hand>(),
        json!({"202": {"description": "Queued, by hand"}})
    );
    assert_eq!(body_json(Hand { queued: 3 }), json!({"queued": 3}));
}
