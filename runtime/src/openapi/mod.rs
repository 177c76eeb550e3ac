//! What each response documents in an OpenAPI document: the one description that the
//! `utoipa` and `aide` features turn into their own types.
//!
//! FastAPI's `response_class=`, `status_code=` and `responses=` shape a response and
//! document it at once. Here the response classes and `#[derive(Response)]` do the same:
//! each type lists the responses it can send as [`ResponseDoc`]s (status, description,
//! media type, body schema and headers), and the features give the traits of the OpenAPI
//! crates from that list:
//!
//! | feature | trait | how a handler is documented |
//! |---|---|---|
//! | `utoipa` (utoipa 5) | `utoipa::IntoResponses` | `#[utoipa::path(responses(UserCreated))]`, or the return type alone with utoipa's `auto_into_responses` |
//! | `aide` (aide 0.15) | `aide::OperationOutput` | the handler's return type, in `aide::axum::ApiRouter` |
//!
//! # What is documented
//!
//! * **A derived type** documents each struct or variant: its status (a variant that
//!   delegates to its field documents the field's responses), its media type and body
//!   schema (the JSON body type's schema, a string for text, binary for bytes), its static
//!   headers and header fields (integers as integers, others as strings), `set-cookie` when it has cookie fields, and its doc comment as the
//!   description, else FastAPI's: `Successful Response` for 2xx, the reason phrase
//!   otherwise. 1xx, 204, 205 and 304 have no body, as FastAPI documents them. The body of
//!   a JSON type is its own schema when it implements the OpenAPI crate's schema trait
//!   (`utoipa::ToSchema`, `schemars::JsonSchema`); a JSON body made of some fields of the
//!   type is an object of those fields, each with its own schema. A type without a schema
//!   (or a generic parameter) is documented as any JSON, `{}`: enabling a feature never
//!   breaks a build. A `render_with` function of unknown output documents its media type
//!   with `{}` for JSON, a string for text, binary otherwise.
//! * **The classes** document what FastAPI documents for them: [`JsonResponse<T>`]
//!   T's schema, [`HtmlResponse`] and [`PlainTextResponse`] a string, [`RedirectResponse`]
//!   its status with `location`, [`Response`](struct@crate::Response) its status and no
//!   content; [`StreamingResponse`] and [`FileResponse`] binary of any media type (`*/*`,
//!   known only at run time), and a file its `accept-ranges`, `etag`, `last-modified` and
//!   `content-disposition` headers, with 206, 304, 400, 412 and 416.
//! * **`#[endpoint(status_code = ...)]`** returns [`WithStatus`], which documents the
//!   class's responses under that status, as FastAPI's decorator does.
//!
//! Two responses of one status (two variants that are both 400) are one entry: their
//! descriptions are joined with " or ", and two different schemas of one media type become
//! `anyOf`, as FastAPI writes a `Union`.
//!
//! [`JsonResponse<T>`]: crate::JsonResponse
//! [`HtmlResponse`]: crate::HtmlResponse
//! [`PlainTextResponse`]: crate::PlainTextResponse
//! [`RedirectResponse`]: crate::RedirectResponse
//! [`StreamingResponse`]: crate::StreamingResponse
//! [`FileResponse`]: crate::FileResponse
//! [`WithStatus`]: crate::WithStatus

use std::borrow::Cow;

use http::StatusCode;
use serde_json::{Map, Value, json};

#[cfg(feature = "aide")]
#[cfg_attr(docsrs, doc(cfg(feature = "aide")))]
pub mod aide;
// Used by the features' impls (and by `responses_object`); the `openapi` feature alone
// gives the description types only.
#[cfg_attr(not(any(feature = "utoipa", feature = "aide")), allow(dead_code))]
pub(crate) mod classes;
#[cfg_attr(not(any(feature = "utoipa", feature = "aide")), allow(dead_code))]
mod merge;
#[cfg_attr(not(any(feature = "utoipa", feature = "aide")), allow(unused_imports))]
pub(crate) use merge::{
    StatusScope, merge_delegated, merge_response, restatus, sorted, status_key,
};
#[cfg(feature = "utoipa")]
#[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
pub mod utoipa;

/// One response a type can send, as an OpenAPI document describes it.
///
/// # Examples
///
/// ```
/// use responses::openapi::{BodyDoc, ResponseDoc, responses_object};
///
/// let doc = ResponseDoc::new(Some(201), "Created")
///     .with_body("application/json", BodyDoc::Json(serde_json::json!({"type": "object"})))
///     .with_header("x-request-id", responses::openapi::ValueKind::String);
/// let object = responses_object(&[doc]);
/// assert_eq!(object["201"]["description"], "Created");
/// assert_eq!(object["201"]["content"]["application/json"]["schema"]["type"], "object");
/// assert_eq!(object["201"]["headers"]["x-request-id"]["schema"]["type"], "string");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ResponseDoc {
    /// The status, or `None` for OpenAPI's `default` (any status).
    pub status: Option<StatusCode>,
    /// What the response means (the doc comment, or FastAPI's default).
    pub description: Cow<'static, str>,
    /// The media type of the body (as `content`'s key) and its schema; `None` for no body.
    pub body: Option<(Cow<'static, str>, BodyDoc)>,
    /// The headers the response can carry, besides `content-type` and `content-length`.
    pub headers: Vec<HeaderDoc>,
}

/// The schema of a response's body.
///
/// # Examples
///
/// ```
/// use responses::openapi::BodyDoc;
///
/// assert_eq!(BodyDoc::String.schema(), serde_json::json!({"type": "string"}));
/// assert_eq!(BodyDoc::Binary.schema()["format"], "binary");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BodyDoc {
    /// Text: `{"type": "string"}`.
    String,
    /// Bytes: `{"type": "string", "format": "binary"}`.
    Binary,
    /// JSON of this JSON Schema (`{}` for any JSON; a `$ref` for a named schema).
    Json(Value),
    /// A stream of items (Server-Sent Events, JSON Lines): text on the wire,
    /// `{"type": "string"}`, and the schema of one item as `x-itemSchema` (OpenAPI 3.2's
    /// `itemSchema`, which FastAPI writes, has no place in the OpenAPI 3.1 documents utoipa
    /// and aide write, so it is an extension there).
    Items(Value),
}

impl BodyDoc {
    /// The JSON Schema of this body.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::openapi::BodyDoc;
    ///
    /// assert_eq!(BodyDoc::Json(serde_json::json!({})).schema(), serde_json::json!({}));
    /// ```
    pub fn schema(&self) -> Value {
        match self {
            BodyDoc::String => json!({"type": "string"}),
            BodyDoc::Binary => json!({"type": "string", "format": "binary"}),
            BodyDoc::Json(schema) => schema.clone(),
            BodyDoc::Items(_) => json!({"type": "string"}),
        }
    }

    /// The Media Type object (JSON) of this body: its schema, and for items their schema.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::openapi::BodyDoc;
    /// use serde_json::json;
    ///
    /// assert_eq!(
    ///     BodyDoc::Items(json!({"type": "integer"})).media_type_object(),
    ///     json!({"schema": {"type": "string"}, "x-itemSchema": {"type": "integer"}})
    /// );
    /// ```
    pub fn media_type_object(&self) -> Value {
        match self {
            BodyDoc::Items(item) => json!({ "schema": self.schema(), "x-itemSchema": item }),
            _ => json!({ "schema": self.schema() }),
        }
    }
}

/// A header a response can carry.
///
/// # Examples
///
/// ```
/// use responses::openapi::{HeaderDoc, ValueKind};
///
/// let header = HeaderDoc::new("retry-after", ValueKind::Integer);
/// assert_eq!(header.schema(), serde_json::json!({"type": "integer"}));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HeaderDoc {
    /// The header's name, lower case.
    pub name: Cow<'static, str>,
    /// The JSON type of its value.
    pub kind: ValueKind,
}

impl HeaderDoc {
    /// A header named `name` whose value is of `kind`.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::openapi::{HeaderDoc, ValueKind};
    ///
    /// assert_eq!(HeaderDoc::new("ETag", ValueKind::String).name, "etag");
    /// ```
    pub fn new(name: impl Into<Cow<'static, str>>, kind: ValueKind) -> Self {
        let mut name = name.into();
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            name = Cow::Owned(name.to_ascii_lowercase());
        }
        HeaderDoc { name, kind }
    }

    /// The JSON Schema of the header's value.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::openapi::{HeaderDoc, ValueKind};
    ///
    /// let schema = HeaderDoc::new("x-count", ValueKind::Integer).schema();
    /// assert_eq!(schema, serde_json::json!({"type": "integer"}));
    /// ```
    pub fn schema(&self) -> Value {
        json!({ "type": self.kind.as_str() })
    }
}

/// The JSON type of a header's value, as its Rust type says.
///
/// # Examples
///
/// ```
/// use responses::openapi::ValueKind;
///
/// assert_eq!(ValueKind::String.as_str(), "string");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueKind {
    /// Any text (the default for a header).
    String,
    /// An integer (`u64`, `i32`…).
    Integer,
}

impl ValueKind {
    /// The JSON Schema type name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::openapi::ValueKind::Integer.as_str(), "integer");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::String => "string",
            ValueKind::Integer => "integer",
        }
    }
}

impl ResponseDoc {
    /// A response of `status` (`None`: any status) with no body and no headers. An empty
    /// description becomes FastAPI's default (see [`default_description`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::openapi::ResponseDoc;
    ///
    /// assert_eq!(ResponseDoc::new(Some(404), "").description, "Not Found");
    /// assert_eq!(ResponseDoc::new(Some(200), "").description, "Successful Response");
    /// ```
    pub fn new(status: Option<u16>, description: impl Into<Cow<'static, str>>) -> Self {
        let status = status.and_then(|s| StatusCode::from_u16(s).ok());
        let description = description.into();
        let description = if description.is_empty() {
            Cow::Borrowed(default_description(status))
        } else {
            description
        };
        ResponseDoc {
            status,
            description,
            body: None,
            headers: Vec::new(),
        }
    }

    /// Sets the body: its media type and schema. A status without a body (1xx, 204, 205,
    /// 304) keeps none.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::openapi::{BodyDoc, ResponseDoc};
    ///
    /// let doc = ResponseDoc::new(Some(200), "").with_body("text/html", BodyDoc::String);
    /// assert!(doc.body.is_some());
    /// let doc = ResponseDoc::new(Some(204), "").with_body("text/html", BodyDoc::String);
    /// assert!(doc.body.is_none());
    /// ```
    pub fn with_body(mut self, media_type: impl Into<Cow<'static, str>>, body: BodyDoc) -> Self {
        if self.status.is_none_or(|s| has_body(s.as_u16())) {
            self.body = Some((media_type.into(), body));
        }
        self
    }

    /// Adds a header.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::openapi::{ResponseDoc, ValueKind};
    ///
    /// let doc = ResponseDoc::new(Some(307), "").with_header("location", ValueKind::String);
    /// assert_eq!(doc.headers[0].name, "location");
    /// ```
    pub fn with_header(mut self, name: impl Into<Cow<'static, str>>, kind: ValueKind) -> Self {
        self.headers.push(HeaderDoc::new(name, kind));
        self
    }

    /// The same response under another status, as `#[endpoint(status_code = ...)]` and
    /// [`WithStatus`](crate::WithStatus) send it; a status without a body drops the body.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::openapi::{BodyDoc, ResponseDoc};
    ///
    /// let doc = ResponseDoc::new(Some(200), "").with_body("text/plain", BodyDoc::String);
    /// let created = doc.with_status(201);
    /// assert_eq!(created.status.map(|s| s.as_u16()), Some(201));
    /// assert!(created.body.is_some());
    /// ```
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = StatusCode::from_u16(status).ok();
        if !has_body(status) {
            self.body = None;
        }
        self
    }

    /// The OpenAPI Response object of this response alone (JSON).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::openapi::ResponseDoc;
    ///
    /// let object = ResponseDoc::new(Some(204), "Deleted").to_json();
    /// assert_eq!(object, serde_json::json!({"description": "Deleted"}));
    /// ```
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("description".into(), Value::from(&*self.description));
        if !self.headers.is_empty() {
            let headers: Map<String, Value> = self
                .headers
                .iter()
                .map(|h| (h.name.to_string(), json!({ "schema": h.schema() })))
                .collect();
            object.insert("headers".into(), Value::Object(headers));
        }
        if let Some((media_type, body)) = &self.body {
            object.insert(
                "content".into(),
                json!({ media_type.as_ref(): body.media_type_object() }),
            );
        }
        Value::Object(object)
    }
}

/// Whether a response of `status` has a body: not 1xx, 204, 205 or 304.
fn has_body(status: u16) -> bool {
    responses_rules::status_allows_content(status)
}

/// FastAPI's description of a response that has no doc comment: `Successful Response` for
/// 2xx, the reason phrase otherwise (`Not Found`; `Additional Response` for a status without
/// one), `Default Response` for any status.
///
/// # Examples
///
/// ```
/// use responses::http::StatusCode;
/// use responses::openapi::default_description;
///
/// assert_eq!(default_description(Some(StatusCode::CREATED)), "Successful Response");
/// assert_eq!(default_description(Some(StatusCode::CONFLICT)), "Conflict");
/// assert_eq!(default_description(None), "Default Response");
/// ```
pub fn default_description(status: Option<StatusCode>) -> &'static str {
    match status {
        Some(s) if s.is_success() => "Successful Response",
        Some(s) => s.canonical_reason().unwrap_or("Additional Response"),
        None => "Default Response",
    }
}

/// The OpenAPI Responses object (JSON) of `docs`: one entry per status (`default` for any
/// status), in the order of the statuses. Two responses of one status become one entry:
/// descriptions joined with " or ", headers and media types merged, two different
/// schemas of one media type an `anyOf`.
///
/// # Examples
///
/// ```
/// use responses::openapi::{BodyDoc, ResponseDoc, responses_object};
/// use serde_json::json;
///
/// let a = ResponseDoc::new(Some(400), "Bad name")
///     .with_body("application/json", BodyDoc::Json(json!({"type": "string"})));
/// let b = ResponseDoc::new(Some(400), "Bad age")
///     .with_body("application/json", BodyDoc::Json(json!({"type": "integer"})));
/// let object = responses_object(&[a, b]);
/// assert_eq!(object["400"]["description"], "Bad name or Bad age");
/// assert_eq!(
///     object["400"]["content"]["application/json"]["schema"],
///     json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
/// );
/// ```
pub fn responses_object(docs: &[ResponseDoc]) -> Map<String, Value> {
    let mut object = Map::new();
    for doc in docs {
        merge_response(&mut object, &status_key(doc.status), doc.to_json());
    }
    sorted(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_per_status_in_order() {
        let docs = [
            ResponseDoc::new(Some(409), ""),
            ResponseDoc::new(None, ""),
            ResponseDoc::new(Some(200), "").with_body("text/plain", BodyDoc::String),
            ResponseDoc::new(Some(409), "").with_header("x-a", ValueKind::String),
        ];
        let object = responses_object(&docs);
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys, ["200", "409", "default"]);
        assert_eq!(object["409"]["description"], "Conflict");
        assert_eq!(object["409"]["headers"]["x-a"]["schema"]["type"], "string");
        assert_eq!(object["default"]["description"], "Default Response");
        assert_eq!(
            object["200"]["content"]["text/plain"]["schema"]["type"],
            "string"
        );
    }

    #[test]
    fn descriptions_are_joined_whole() {
        let docs = [
            ResponseDoc::new(Some(400), "Bad name or age"),
            ResponseDoc::new(Some(400), "Bad name"),
            ResponseDoc::new(Some(400), "Bad name or age"),
            ResponseDoc::new(Some(400), "Too old"),
        ];
        let object = responses_object(&docs);
        assert_eq!(
            object["400"],
            json!({"description": "Bad name or age or Bad name or Too old"})
        );
        assert_eq!(
            default_description(StatusCode::from_u16(599).ok()),
            "Additional Response"
        );
    }

    #[test]
    fn same_schema_twice_is_not_an_any_of() {
        let doc = ResponseDoc::new(Some(400), "Bad")
            .with_body("application/json", BodyDoc::Json(json!({"type": "object"})));
        let object = responses_object(&[doc.clone(), doc]);
        assert_eq!(
            object["400"],
            json!({"description": "Bad", "content": {"application/json": {"schema": {"type": "object"}}}})
        );
    }

    #[test]
    fn statuses_without_a_body_drop_it() {
        for status in [100, 204, 205, 304] {
            let doc = ResponseDoc::new(Some(status), "").with_body("text/plain", BodyDoc::String);
            assert!(doc.body.is_none(), "{status}");
        }
        let doc = ResponseDoc::new(Some(200), "").with_body("text/plain", BodyDoc::String);
        assert!(doc.with_status(304).body.is_none());
    }

    #[test]
    fn file_documents_ranges_and_conditionals() {
        let object = responses_object(&classes::file());
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys, ["200", "206", "304", "400", "412", "416"]);
        assert_eq!(
            object["206"]["headers"]["content-range"]["schema"]["type"],
            "string"
        );
        assert!(object["304"].get("content").is_none());
        assert!(object["412"].get("content").is_none());
        assert!(object["400"]["content"]["text/plain"].is_object());
    }
}
