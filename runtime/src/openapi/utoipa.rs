//! `utoipa::IntoResponses` (utoipa 5) for every class and every derived type.
//!
//! A handler is documented by naming its response type in `#[utoipa::path]`, or by its
//! return type alone with utoipa's `auto_into_responses` feature:
//!
//! ```
//! use responses::Response;
//! use responses::openapi::utoipa::AddSchemas;
//! use serde::Serialize;
//! use utoipa::{OpenApi, ToSchema};
//!
//! #[derive(Serialize, ToSchema)]
//! struct User { id: u64, name: String }
//!
//! /// The user was created.
//! #[derive(Response)]
//! #[response(status = 201)]
//! struct UserCreated {
//!     #[response(body)]
//!     user: User,
//!     #[response(header = "x-request-id")]
//!     request_id: String,
//! }
//!
//! #[utoipa::path(post, path = "/users", responses(UserCreated))]
//! async fn create() -> UserCreated {
//!     UserCreated { user: User { id: 1, name: "Zoë".into() }, request_id: "42".into() }
//! }
//!
//! #[derive(OpenApi)]
//! #[openapi(paths(create), modifiers(&AddSchemas))]
//! struct Api;
//!
//! let doc = serde_json::to_value(Api::openapi())?;
//! let created = &doc["paths"]["/users"]["post"]["responses"]["201"];
//! assert_eq!(created["description"], "The user was created.");
//! assert_eq!(created["headers"]["x-request-id"]["schema"]["type"], "string");
//! assert_eq!(
//!     created["content"]["application/json"]["schema"]["$ref"],
//!     "#/components/schemas/User"
//! );
//! assert_eq!(doc["components"]["schemas"]["User"]["type"], "object");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Body schemas
//!
//! utoipa collects the schemas of a path's `body = T`, but not those an `IntoResponses`
//! type refers to. So this crate keeps the named schemas its responses refer to, and
//! [`AddSchemas`] (a `Modify`), or [`add_schemas`] for a document built another way
//! (`utoipa_axum`'s `OpenApiRouter::split_for_parts`), adds those the document refers to.
//! A body type that is a named schema (a struct or enum with `ToSchema`) is a `$ref`, as
//! FastAPI writes a model; a type of the standard library (`String`, `Vec<User>`) is
//! inline.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use serde_json::{Map, Value, json};
use utoipa::openapi::content::Content;
use utoipa::openapi::header::Header;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{OpenApi, Ref, RefOr};
use utoipa::{IntoResponses, PartialSchema, ToSchema};

use super::{ResponseDoc, StatusScope, classes, responses_object, sorted};

/// The named schemas the responses of this crate refer to, by name.
static SCHEMAS: Mutex<BTreeMap<String, RefOr<Schema>>> = Mutex::new(BTreeMap::new());

const COMPONENTS: &str = "#/components/schemas/";

fn remember(name: String, schema: RefOr<Schema>) {
    SCHEMAS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(name)
        .or_insert(schema);
}

/// The JSON Schema of `T` for a response body: a `$ref` to its component for a named
/// schema (which [`add_schemas`] then adds to the document), the schema itself for the
/// standard library's types.
///
/// # Examples
///
/// ```
/// use serde_json::json;
///
/// #[derive(utoipa::ToSchema)]
/// struct User { id: u64 }
///
/// let schema = responses::openapi::utoipa::schema_of::<User>();
/// assert_eq!(schema, json!({"$ref": "#/components/schemas/User"}));
/// let schema = responses::openapi::utoipa::schema_of::<Vec<String>>();
/// assert_eq!(schema, json!({"type": "array", "items": {"type": "string"}}));
/// ```
pub fn schema_of<T: ToSchema + ?Sized>() -> Value {
    let mut references = Vec::new();
    T::schemas(&mut references);
    for (name, schema) in references {
        remember(name, schema);
    }
    let schema = T::schema();
    let value = serde_json::to_value(&schema).unwrap_or_else(|_| json!({}));
    let name = T::name();
    if is_named::<T>(&value) && !name.is_empty() {
        let reference = json!({ "$ref": format!("{COMPONENTS}{name}") });
        remember(name.into_owned(), schema);
        reference
    } else {
        value
    }
}

/// Whether `T` is documented as a component of its own: a type outside the standard
/// library whose schema is an object or a choice, as utoipa's derive makes one, and that is
/// not generic (utoipa names `Page<User>` and `Page<Item>` alike, `Page`: such a type is
/// inline, and what it refers to is still a component).
fn is_named<T: ?Sized>(schema: &Value) -> bool {
    let path = std::any::type_name::<T>();
    if path.contains('<') {
        return false;
    }
    let std = ["core::", "alloc::", "std::"]
        .iter()
        .any(|p| path.starts_with(p));
    let composite = ["properties", "oneOf", "anyOf", "allOf", "enum"]
        .iter()
        .any(|k| schema.get(k).is_some())
        || schema.get("type") == Some(&json!("object"));
    !std && !path.starts_with('&') && !path.starts_with('[') && composite
}

/// Adds to `api`'s components every schema its responses refer to that this crate knows
/// (see [the module](self)), and those those refer to. Schemas already there are kept.
///
/// # Examples
///
/// ```
/// use utoipa::openapi::OpenApiBuilder;
///
/// #[derive(utoipa::ToSchema)]
/// struct Message { message: String }
///
/// let schema = responses::openapi::utoipa::schema_of::<Message>();
/// let mut api = OpenApiBuilder::new().build();
/// responses::openapi::utoipa::add_schemas(&mut api); // refers to nothing: adds nothing
/// assert!(api.components.is_none());
/// # let _ = schema;
/// ```
pub fn add_schemas(api: &mut OpenApi) {
    let known = SCHEMAS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    loop {
        let document = serde_json::to_value(&*api).unwrap_or(Value::Null);
        let mut wanted = Vec::new();
        references(&document, &mut wanted);
        let have = api.components.as_ref().map(|c| &c.schemas);
        let missing: Vec<String> = wanted
            .into_iter()
            .filter(|name| known.contains_key(name))
            .filter(|name| have.is_none_or(|s| !s.contains_key(name)))
            .collect();
        if missing.is_empty() {
            return;
        }
        let components = api.components.get_or_insert_with(Default::default);
        for name in missing {
            if let Some(schema) = known.get(&name) {
                components.schemas.insert(name, schema.clone());
            }
        }
    }
}

/// The component names `value` refers to.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(target)) = object.get("$ref")
                && let Some(name) = target.strip_prefix(COMPONENTS)
                && !out.iter().any(|n| n == name)
            {
                out.push(name.to_owned());
            }
            object.values().for_each(|v| references(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// A `utoipa::Modify` that calls [`add_schemas`]:
/// `#[openapi(paths(...), modifiers(&AddSchemas))]`.
///
/// # Examples
///
/// ```
/// use responses::openapi::utoipa::AddSchemas;
/// use utoipa::OpenApi;
///
/// #[derive(OpenApi)]
/// #[openapi(modifiers(&AddSchemas))]
/// struct Api;
///
/// assert!(Api::openapi().paths.paths.is_empty());
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct AddSchemas;

impl utoipa::Modify for AddSchemas {
    fn modify(&self, openapi: &mut OpenApi) {
        add_schemas(openapi);
    }
}

/// The Responses object (JSON) as utoipa's type. The JSON is this crate's (or utoipa's,
/// for a delegated variant); what utoipa's types cannot read back (its own any-value schema,
/// `{}`) is built with its builders.
pub(crate) fn to_utoipa(object: Map<String, Value>) -> BTreeMap<String, RefOr<Response>> {
    sorted(object)
        .into_iter()
        .map(|(status, value)| {
            // A response component (a delegated variant's `$ref`) stays a reference.
            if let Some(Value::String(target)) = value.get("$ref") {
                return (status, RefOr::Ref(Ref::new(target.clone())));
            }
            (status, RefOr::T(response_from_json(value)))
        })
        .collect()
}

/// A Response object (JSON) as utoipa's type.
fn response_from_json(value: Value) -> Response {
    if let Ok(response) = serde_json::from_value::<Response>(value.clone()) {
        return response;
    }
    let description = value["description"].as_str().unwrap_or_default();
    let mut response = ResponseBuilder::new().description(description);
    if let Some(Value::Object(headers)) = value.get("headers") {
        for (name, header) in headers {
            let schema = schema_from_json(header.get("schema").unwrap_or(&Value::Null));
            response = response.header(name, Header::new(schema));
        }
    }
    if let Some(Value::Object(content)) = value.get("content") {
        for (media_type, media) in content {
            let schema = media.get("schema").map(schema_from_json);
            response = response.content(media_type, Content::new(schema));
        }
    }
    response.build()
}

/// A JSON Schema as utoipa's type: read by serde where it can, built otherwise (any value
/// `{}`, and the objects, arrays and `anyOf`s that contain one).
fn schema_from_json(value: &Value) -> RefOr<Schema> {
    if let Ok(schema) = serde_json::from_value::<RefOr<Schema>>(value.clone()) {
        return schema;
    }
    let any = || <Value as PartialSchema>::schema();
    let Value::Object(object) = value else {
        return any();
    };
    if let Some(Value::Array(items)) = object.get("anyOf") {
        let choice = items.iter().fold(AnyOfBuilder::new(), |b, item| {
            b.item(schema_from_json(item))
        });
        return RefOr::T(Schema::AnyOf(choice.build()));
    }
    if let Some(Value::Object(properties)) = object.get("properties") {
        let mut built = ObjectBuilder::new().schema_type(Type::Object);
        for (name, schema) in properties {
            built = built.property(name, schema_from_json(schema));
        }
        for name in object
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            built = built.required(name);
        }
        return RefOr::T(Schema::Object(built.build()));
    }
    if let Some(items) = object.get("items") {
        return RefOr::T(Schema::Array(
            ArrayBuilder::new().items(schema_from_json(items)).build(),
        ));
    }
    any()
}

/// The Responses object (JSON) of `docs`, as utoipa's type.
pub(crate) fn docs_to_utoipa(docs: &[ResponseDoc]) -> BTreeMap<String, RefOr<Response>> {
    to_utoipa(responses_object(docs))
}

/// utoipa's responses as (status key, JSON) pairs, the form the runtime merges.
pub(crate) fn to_pairs(responses: BTreeMap<String, RefOr<Response>>) -> Vec<(String, Value)> {
    responses
        .into_iter()
        .map(|(status, response)| {
            let value = serde_json::to_value(&response).unwrap_or_else(|_| json!({}));
            (status, value)
        })
        .collect()
}

macro_rules! class {
    ($ty:ty => $docs:expr) => {
        impl IntoResponses for $ty {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                docs_to_utoipa(&$docs)
            }
        }
    };
}

class!(crate::Response => classes::bare());
class!(crate::HtmlResponse => classes::text("text/html"));
class!(crate::PlainTextResponse => classes::text("text/plain"));
class!(crate::RedirectResponse => classes::redirect());
class!(crate::StreamingResponse => classes::streaming());
class!(crate::FileResponse => classes::file());
class!(crate::EventSourceResponse => classes::event_stream());
class!(crate::JsonLinesResponse => classes::json_lines());

impl<T: ToSchema> IntoResponses for crate::JsonResponse<T> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        docs_to_utoipa(&classes::json(schema_of::<T>()))
    }
}

#[cfg(feature = "fast-json")]
impl<T: ToSchema> IntoResponses for crate::FastJsonResponse<T> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        docs_to_utoipa(&classes::json(schema_of::<T>()))
    }
}

/// The wrapped response's, the responses `STATUS` replaces under it (see
/// [`WithStatus`](crate::WithStatus)).
impl<R: IntoResponses + 'static, const STATUS: u16> IntoResponses for crate::WithStatus<R, STATUS> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let status = Self::status().as_u16();
        to_utoipa(super::restatus(
            to_pairs(R::responses()),
            status,
            StatusScope::of::<R>(),
        ))
    }
}

/// The response's own.
impl<R: IntoResponses> IntoResponses for crate::Extras<R> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        R::responses()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What utoipa cannot read back is built, and writes the same JSON.
    #[test]
    fn schemas_round_trip() {
        for schema in [
            json!({}),
            json!({"type": "object", "properties": {"a": {}, "b": {"type": "string"}}, "required": ["b"]}),
            json!({"anyOf": [{}, {"type": "integer"}]}),
            json!({"$ref": "#/components/schemas/User"}),
        ] {
            let back = serde_json::to_value(schema_from_json(&schema)).unwrap_or_default();
            assert_eq!(back, schema);
        }
    }

    #[test]
    fn responses_round_trip() {
        let response = json!({
            "description": "Any",
            "headers": {"x-a": {"schema": {"type": "integer"}}},
            "content": {"application/json": {"schema": {}}},
        });
        let back = serde_json::to_value(response_from_json(response.clone())).unwrap_or_default();
        assert_eq!(back, response);
    }
}

#[cfg(test)]
mod generic_tests {
    use super::*;

    struct Page<T>(std::marker::PhantomData<T>);

    impl<T> PartialSchema for Page<T> {
        fn schema() -> RefOr<Schema> {
            RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .property("total", ObjectBuilder::new().schema_type(Type::Integer))
                    .build(),
            ))
        }
    }
    impl<T> ToSchema for Page<T> {}

    /// utoipa names every `Page<T>` `Page`: a generic type is inline, never a `$ref` that
    /// two types would share.
    #[test]
    fn generic_types_are_inline() {
        let schema = schema_of::<Page<u8>>();
        assert_eq!(schema["type"], "object");
        assert!(schema.get("$ref").is_none());
    }
}
