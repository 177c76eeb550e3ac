//! `aide::OperationOutput` (aide 0.15) for every class and every derived type: a handler
//! routed with `aide::axum::ApiRouter` is documented by its return type, every status an
//! enum can send included (`inferred_responses`), and JSON body types are added to the
//! document's components by aide's schema generator.
//!
//! ```
//! use aide::openapi::OpenApi;
//! use aide::operation::OperationOutput;
//! use responses::Response;
//! use schemars::{JsonSchema, Schema};
//! use serde::Serialize;
//!
//! #[derive(Serialize, JsonSchema)]
//! struct Message { message: String }
//!
//! #[derive(Response)]
//! enum Outcome {
//!     #[response(status = 200)]
//!     Found(#[response(body)] Message),
//!     /// No such item.
//!     #[response(status = 404)]
//!     Missing,
//! }
//!
//! aide::generate::in_context(|ctx| {
//!     let mut operation = aide::openapi::Operation::default();
//!     let statuses: Vec<_> = Outcome::inferred_responses(ctx, &mut operation)
//!         .into_iter()
//!         .map(|(status, response)| (status, response.description))
//!         .collect();
//!     assert_eq!(
//!         statuses,
//!         [(Some(200), "Successful Response".to_owned()), (Some(404), "No such item.".to_owned())]
//!     );
//! });
//! # let _ = OpenApi::default();
//! ```

use aide::generate::GenContext;
use aide::openapi::{
    Header, MediaType, Operation, ParameterSchemaOrContent, ReferenceOr, Response, SchemaObject,
};
use aide::operation::OperationOutput;
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value, json};

use super::{ResponseDoc, StatusScope, classes, responses_object, sorted};

/// The JSON Schema of `T` for a response body, from aide's schema generator: a `$ref` for
/// a named schema, which aide adds to the document's components.
///
/// # Examples
///
/// ```
/// #[derive(schemars::JsonSchema)]
/// struct User { id: u64 }
///
/// aide::generate::in_context(|ctx| {
///     let schema = responses::openapi::aide::schema_of::<User>(ctx);
///     assert_eq!(schema, serde_json::json!({"$ref": "#/components/schemas/User"}));
/// });
/// ```
pub fn schema_of<T: JsonSchema + ?Sized>(ctx: &mut GenContext) -> Value {
    match ctx.schema.subschema_for::<T>().to_value() {
        // Any JSON: schemars writes `true`, FastAPI (and utoipa) `{}`; both mean any value.
        Value::Bool(true) => json!({}),
        schema => schema,
    }
}

/// The responses of a Responses object (JSON), as aide's pairs: `None` for `default`.
pub(crate) fn to_aide(object: Map<String, Value>) -> Vec<(Option<u16>, Response)> {
    sorted(object)
        .into_iter()
        .map(|(status, value)| (status.parse().ok(), response_from_json(value)))
        .collect()
}

/// A Response object (JSON) as aide's type: read by serde where it can, built otherwise
/// (aide's schema objects do not read a schema that is not an object, such as `true`).
fn response_from_json(value: Value) -> Response {
    if let Ok(response) = serde_json::from_value::<Response>(value.clone()) {
        return response;
    }
    let schema = |value: Option<&Value>| SchemaObject {
        json_schema: value
            .and_then(|v| Schema::try_from(v.clone()).ok())
            .unwrap_or_else(|| Schema::from(true)),
        external_docs: None,
        example: None,
    };
    let headers = value
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, header)| {
            let header = Header {
                description: None,
                style: Default::default(),
                required: false,
                deprecated: None,
                format: ParameterSchemaOrContent::Schema(schema(header.get("schema"))),
                example: None,
                examples: Default::default(),
                extensions: Default::default(),
            };
            (name.clone(), ReferenceOr::Item(header))
        })
        .collect();
    let content = value
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(media_type, media)| {
            let media = MediaType {
                schema: Some(schema(media.get("schema"))),
                ..MediaType::default()
            };
            (media_type.clone(), media)
        })
        .collect();
    Response {
        description: value["description"].as_str().unwrap_or_default().to_owned(),
        headers,
        content,
        ..Response::default()
    }
}

/// aide's pairs of `docs`.
pub(crate) fn docs_to_aide(docs: &[ResponseDoc]) -> Vec<(Option<u16>, Response)> {
    to_aide(responses_object(docs))
}

/// The first success of `responses`, else the first: what `operation_response` gives.
pub(crate) fn main_response(responses: Vec<(Option<u16>, Response)>) -> Option<Response> {
    let success = responses
        .iter()
        .position(|(s, _)| s.is_some_and(|s| (200..300).contains(&s)));
    responses
        .into_iter()
        .nth(success.unwrap_or(0))
        .map(|(_, response)| response)
}

/// aide's responses as (status key, JSON) pairs, the form the runtime merges.
pub(crate) fn to_pairs(responses: Vec<(Option<u16>, Response)>) -> Vec<(String, Value)> {
    responses
        .into_iter()
        .map(|(status, response)| {
            let key = status.map_or_else(|| "default".to_owned(), |s| s.to_string());
            let value = serde_json::to_value(&response).unwrap_or_else(|_| json!({}));
            (key, value)
        })
        .collect()
}

macro_rules! class {
    ($ty:ty => |$ctx:ident| $docs:expr) => {
        impl OperationOutput for $ty {
            type Inner = Self;

            fn operation_response(
                ctx: &mut GenContext,
                operation: &mut Operation,
            ) -> Option<Response> {
                main_response(Self::inferred_responses(ctx, operation))
            }

            fn inferred_responses(
                #[allow(unused_variables)] $ctx: &mut GenContext,
                _: &mut Operation,
            ) -> Vec<(Option<u16>, Response)> {
                docs_to_aide(&$docs)
            }
        }
    };
}

class!(crate::Response => |ctx| classes::bare());
class!(crate::HtmlResponse => |ctx| classes::text("text/html"));
class!(crate::PlainTextResponse => |ctx| classes::text("text/plain"));
class!(crate::RedirectResponse => |ctx| classes::redirect());
class!(crate::StreamingResponse => |ctx| classes::streaming());
class!(crate::FileResponse => |ctx| classes::file());
class!(crate::EventSourceResponse => |ctx| classes::event_stream());
class!(crate::JsonLinesResponse => |ctx| classes::json_lines());

impl<T: JsonSchema> OperationOutput for crate::JsonResponse<T> {
    type Inner = T;

    fn operation_response(ctx: &mut GenContext, operation: &mut Operation) -> Option<Response> {
        main_response(Self::inferred_responses(ctx, operation))
    }

    fn inferred_responses(ctx: &mut GenContext, _: &mut Operation) -> Vec<(Option<u16>, Response)> {
        docs_to_aide(&classes::json(schema_of::<T>(ctx)))
    }
}

#[cfg(feature = "fast-json")]
impl<T: JsonSchema> OperationOutput for crate::FastJsonResponse<T> {
    type Inner = T;

    fn operation_response(ctx: &mut GenContext, operation: &mut Operation) -> Option<Response> {
        main_response(Self::inferred_responses(ctx, operation))
    }

    fn inferred_responses(ctx: &mut GenContext, _: &mut Operation) -> Vec<(Option<u16>, Response)> {
        docs_to_aide(&classes::json(schema_of::<T>(ctx)))
    }
}

/// The wrapped response's, the responses `STATUS` replaces under it (see
/// [`WithStatus`](crate::WithStatus)).
impl<R: OperationOutput + 'static, const STATUS: u16> OperationOutput
    for crate::WithStatus<R, STATUS>
{
    type Inner = R::Inner;

    fn operation_response(ctx: &mut GenContext, operation: &mut Operation) -> Option<Response> {
        main_response(Self::inferred_responses(ctx, operation))
    }

    fn inferred_responses(
        ctx: &mut GenContext,
        operation: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        let status = Self::status().as_u16();
        let responses = to_pairs(R::inferred_responses(ctx, operation));
        to_aide(super::restatus(responses, status, StatusScope::of::<R>()))
    }
}

/// The response's own.
impl<R: OperationOutput> OperationOutput for crate::Extras<R> {
    type Inner = R::Inner;

    fn operation_response(ctx: &mut GenContext, operation: &mut Operation) -> Option<Response> {
        R::operation_response(ctx, operation)
    }

    fn inferred_responses(
        ctx: &mut GenContext,
        operation: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        R::inferred_responses(ctx, operation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_round_trip() {
        for response in [
            json!({
                "description": "Any",
                "headers": {"x-a": {"schema": {"type": "integer"}, "style": "simple"}},
                "content": {"application/json": {"schema": {}}},
            }),
            json!({"description": "Anything", "content": {"*/*": {"schema": true}}}),
        ] {
            let back =
                serde_json::to_value(response_from_json(response.clone())).unwrap_or_default();
            assert_eq!(back, response);
        }
    }
}
