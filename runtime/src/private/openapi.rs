//! What the derive's OpenAPI impls call: the description of each struct or variant, built
//! into a Responses object (JSON), and the probes that find a type's schema or responses
//! where the OpenAPI crate's trait is implemented, and document any JSON (`{}`) or any
//! status where it is not, so that turning a feature on never breaks a build.

use std::marker::PhantomData;

use serde_json::{Map, Value, json};

pub use crate::openapi::{BodyDoc, ValueKind};
use crate::openapi::{HeaderDoc, ResponseDoc, merge_delegated, merge_response, status_key};
pub use serde_json::Map as JsonMap;

/// Names a type for the probes.
pub struct Probe<T: ?Sized>(PhantomData<T>);

impl<T: ?Sized> std::fmt::Debug for Probe<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Probe")
    }
}

impl<T: ?Sized> Default for Probe<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: ?Sized> Probe<T> {
    pub const fn new() -> Self {
        Probe(PhantomData)
    }
}

/// The headers of a struct or variant.
pub fn headers(list: &[(&'static str, ValueKind)]) -> Vec<HeaderDoc> {
    list.iter()
        .map(|(name, kind)| HeaderDoc::new(*name, *kind))
        .collect()
}

/// Adds one struct or variant to the Responses object.
pub fn unit(
    object: &mut Map<String, Value>,
    status: Option<u16>,
    description: &'static str,
    body: Option<(&'static str, BodyDoc)>,
    header_list: &[(&'static str, ValueKind)],
) {
    let mut doc = ResponseDoc::new(status, description);
    doc.headers = headers(header_list);
    if let Some((media_type, body)) = body {
        doc = doc.with_body(media_type, body);
    }
    merge_response(object, &status_key(doc.status), doc.to_json());
}

/// A delegating variant: the responses (status key, JSON) of its field's type, merged with
/// the variant's doc comment and headers (`merge_delegated`), or, where the type documents
/// nothing (`None`), any status. `responses` runs one delegation deeper, and not at all past
/// 16: a type that delegates to itself (`Nested(Box<Self>)`) is documented once, by its
/// outer level, instead of recursing until the stack overflows.
pub fn delegate(
    object: &mut Map<String, Value>,
    description: &'static str,
    header_list: &[(&'static str, ValueKind)],
    responses: impl FnOnce() -> Option<Vec<(String, Value)>>,
) {
    thread_local! {
        static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    struct Level;
    impl Drop for Level {
        fn drop(&mut self) {
            DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
        }
    }
    if DEPTH.with(|d| d.get()) >= 16 {
        return;
    }
    DEPTH.with(|d| d.set(d.get() + 1));
    let _level = Level;
    match responses() {
        Some(responses) => {
            merge_delegated(object, responses, description, &headers(header_list));
        }
        None => unit(object, None, description, None, header_list),
    }
}

/// The schema of a JSON object of these fields: `(name, schema, required)`, a field
/// without a known schema being any JSON.
pub fn object(properties: Vec<(&'static str, Option<Value>, bool)>) -> Value {
    let required: Vec<&str> = properties
        .iter()
        .filter(|(_, _, required)| *required)
        .map(|(name, _, _)| *name)
        .collect();
    let properties: Map<String, Value> = properties
        .into_iter()
        .map(|(name, schema, _)| (name.to_owned(), schema.unwrap_or_else(|| json!({}))))
        .collect();
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    schema
}

/// Any JSON.
pub fn any() -> Value {
    json!({})
}

#[cfg(feature = "utoipa")]
pub use self::utoipa::*;

#[cfg(feature = "utoipa")]
mod utoipa {
    use std::collections::BTreeMap;

    use serde_json::{Map, Value};
    use utoipa::openapi::RefOr;
    use utoipa::openapi::response::Response;
    use utoipa::{IntoResponses, ToSchema};

    use super::Probe;

    pub use utoipa::IntoResponses as UtoipaIntoResponses;

    pub fn utoipa_finish(object: Map<String, Value>) -> BTreeMap<String, RefOr<Response>> {
        crate::openapi::utoipa::to_utoipa(object)
    }

    /// A body type's schema, where it implements `ToSchema`.
    pub trait UtoipaSchema {
        fn utoipa_schema(&self) -> Option<Value>;
    }
    impl<T: ToSchema + ?Sized> UtoipaSchema for Probe<T> {
        fn utoipa_schema(&self) -> Option<Value> {
            Some(crate::openapi::utoipa::schema_of::<T>())
        }
    }
    pub trait UtoipaSchemaUnknown {
        fn utoipa_schema(&self) -> Option<Value>;
    }
    impl<T: ?Sized> UtoipaSchemaUnknown for &Probe<T> {
        fn utoipa_schema(&self) -> Option<Value> {
            None
        }
    }

    /// A delegated field's responses, where its type implements `IntoResponses`.
    pub trait UtoipaResponses {
        fn utoipa_responses(&self) -> Option<Vec<(String, Value)>>;
    }
    impl<T: IntoResponses + ?Sized> UtoipaResponses for Probe<T> {
        fn utoipa_responses(&self) -> Option<Vec<(String, Value)>> {
            Some(crate::openapi::utoipa::to_pairs(T::responses()))
        }
    }
    pub trait UtoipaResponsesUnknown {
        fn utoipa_responses(&self) -> Option<Vec<(String, Value)>>;
    }
    impl<T: ?Sized> UtoipaResponsesUnknown for &Probe<T> {
        fn utoipa_responses(&self) -> Option<Vec<(String, Value)>> {
            None
        }
    }
}

#[cfg(feature = "aide")]
pub use self::aide::*;

#[cfg(feature = "aide")]
mod aide {
    use aide::generate::GenContext;
    use aide::openapi::{Operation, Response};
    use aide::operation::OperationOutput;
    use schemars::JsonSchema;
    use serde_json::{Map, Value};

    use super::Probe;

    pub use aide::generate::GenContext as AideGenContext;
    pub use aide::openapi::{Operation as AideOperation, Response as AideResponse};
    pub use aide::operation::OperationOutput as AideOperationOutput;

    pub fn aide_finish(object: Map<String, Value>) -> Vec<(Option<u16>, Response)> {
        crate::openapi::aide::to_aide(object)
    }

    pub fn aide_main(responses: Vec<(Option<u16>, Response)>) -> Option<Response> {
        crate::openapi::aide::main_response(responses)
    }

    /// A body type's schema, where it implements `JsonSchema`.
    pub trait AideSchema {
        fn aide_schema(&self, ctx: &mut GenContext) -> Option<Value>;
    }
    impl<T: JsonSchema + ?Sized> AideSchema for Probe<T> {
        fn aide_schema(&self, ctx: &mut GenContext) -> Option<Value> {
            Some(crate::openapi::aide::schema_of::<T>(ctx))
        }
    }
    pub trait AideSchemaUnknown {
        fn aide_schema(&self, ctx: &mut GenContext) -> Option<Value>;
    }
    impl<T: ?Sized> AideSchemaUnknown for &Probe<T> {
        fn aide_schema(&self, _: &mut GenContext) -> Option<Value> {
            None
        }
    }

    /// A delegated field's responses, where its type implements `OperationOutput`.
    pub trait AideResponses {
        fn aide_responses(
            &self,
            ctx: &mut GenContext,
            operation: &mut Operation,
        ) -> Option<Vec<(String, Value)>>;
    }
    impl<T: OperationOutput> AideResponses for Probe<T> {
        fn aide_responses(
            &self,
            ctx: &mut GenContext,
            operation: &mut Operation,
        ) -> Option<Vec<(String, Value)>> {
            Some(crate::openapi::aide::to_pairs(T::inferred_responses(
                ctx, operation,
            )))
        }
    }
    pub trait AideResponsesUnknown {
        fn aide_responses(
            &self,
            ctx: &mut GenContext,
            operation: &mut Operation,
        ) -> Option<Vec<(String, Value)>>;
    }
    impl<T: ?Sized> AideResponsesUnknown for &Probe<T> {
        fn aide_responses(
            &self,
            _: &mut GenContext,
            _: &mut Operation,
        ) -> Option<Vec<(String, Value)>> {
            None
        }
    }
}

/// The OpenAPI traits of a derived type, for the features that are on: the derive calls
/// this with `[impl generics] [type] [where clause] { units }`, each unit being
/// `[unit(status, "description", [headers], body)]` or
/// `[delegate((Type), "description", [headers])]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_impls {
    ([$($ig:tt)*] [$($ty:tt)*] [$($wc:tt)*] { $($units:tt)* }) => {
        $crate::__utoipa_impl!([$($ig)*] [$($ty)*] [$($wc)*] { $($units)* });
        $crate::__aide_impl!([$($ig)*] [$($ty)*] [$($wc)*] { $($units)* });
    };
}

/// One unit of a derived type, `[unit(..)]` or `[delegate(..)]`, added to `$object`, for
/// the backend `$b` (`utoipa`, or `aide` with its context and operation). The derive's
/// units are expanded side by side (`$( .. )*`), never recursively, so an enum of any
/// number of variants stays within the macro recursion limit.
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_unit {
    ($b:tt $object:ident [unit($status:expr, $desc:expr, [$(($h:expr, $k:ident)),*], $kind:ident $args:tt)]) => {
        $crate::__private::openapi::unit(
            &mut $object,
            $status,
            $desc,
            $crate::__openapi_body!($b $kind $args),
            &[$(($h, $crate::__private::openapi::ValueKind::$k)),*],
        );
    };
    ($b:tt $object:ident [delegate(($field:ty), $desc:expr, [$(($h:expr, $k:ident)),*])]) => {
        $crate::__openapi_delegate!(
            $b $object $field,
            $desc,
            &[$(($h, $crate::__private::openapi::ValueKind::$k)),*]
        );
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_body {
    ($b:tt none ()) => { $crate::__private::None };
    ($b:tt string ($media:expr)) => {
        $crate::__private::Some(($media, $crate::__private::openapi::BodyDoc::String))
    };
    ($b:tt binary ($media:expr)) => {
        $crate::__private::Some(($media, $crate::__private::openapi::BodyDoc::Binary))
    };
    ($b:tt any ($media:expr)) => {
        $crate::__private::Some(($media, $crate::__private::openapi::BodyDoc::Json($crate::__private::openapi::any())))
    };
    ($b:tt json ($media:expr, $body:ty)) => {
        $crate::__private::Some((
            $media,
            $crate::__private::openapi::BodyDoc::Json(
                $crate::__openapi_schema!($b $body).unwrap_or_else($crate::__private::openapi::any),
            ),
        ))
    };
    ($b:tt object ($media:expr, [$(($name:expr, $field:ty, $required:expr)),* $(,)?])) => {
        $crate::__private::Some((
            $media,
            $crate::__private::openapi::BodyDoc::Json($crate::__private::openapi::object(
                ::std::vec![$(($name, $crate::__openapi_schema!($b $field), $required)),*],
            )),
        ))
    };
    // The body type's own schema, else the object of its fields.
    ($b:tt json_or_object ($media:expr, $body:ty, [$($fields:tt)*])) => {
        match $crate::__openapi_schema!($b $body) {
            $crate::__private::Some(schema) => $crate::__private::Some((
                $media,
                $crate::__private::openapi::BodyDoc::Json(schema),
            )),
            $crate::__private::None => $crate::__openapi_body!($b object ($media, [$($fields)*])),
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_schema {
    (utoipa $body:ty) => {{
        #[allow(unused_imports)]
        use $crate::__private::openapi::{UtoipaSchema as _, UtoipaSchemaUnknown as _};
        (&$crate::__private::openapi::Probe::<$body>::new()).utoipa_schema()
    }};
    ((aide $ctx:ident $op:ident) $body:ty) => {{
        #[allow(unused_imports)]
        use $crate::__private::openapi::{AideSchema as _, AideSchemaUnknown as _};
        (&$crate::__private::openapi::Probe::<$body>::new()).aide_schema($ctx)
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_delegate {
    (utoipa $object:ident $field:ty, $desc:expr, $headers:expr) => {{
        #[allow(unused_imports)]
        use $crate::__private::openapi::{UtoipaResponses as _, UtoipaResponsesUnknown as _};
        $crate::__private::openapi::delegate(&mut $object, $desc, $headers, || {
            (&$crate::__private::openapi::Probe::<$field>::new()).utoipa_responses()
        })
    }};
    ((aide $ctx:ident $op:ident) $object:ident $field:ty, $desc:expr, $headers:expr) => {{
        #[allow(unused_imports)]
        use $crate::__private::openapi::{AideResponses as _, AideResponsesUnknown as _};
        $crate::__private::openapi::delegate(&mut $object, $desc, $headers, || {
            (&$crate::__private::openapi::Probe::<$field>::new()).aide_responses($ctx, $op)
        })
    }};
}

#[cfg(feature = "utoipa")]
#[doc(hidden)]
#[macro_export]
macro_rules! __utoipa_impl {
    ([$($ig:tt)*] [$($ty:tt)*] [$($wc:tt)*] { $($units:tt)* }) => {
        #[automatically_derived]
        impl $($ig)* $crate::__private::openapi::UtoipaIntoResponses for $($ty)* $($wc)* {
            fn responses() -> ::std::collections::BTreeMap<
                ::std::string::String,
                $crate::__private::utoipa::openapi::RefOr<$crate::__private::utoipa::openapi::response::Response>,
            > {
                let mut object = $crate::__private::openapi::JsonMap::new();
                $($crate::__openapi_unit!(utoipa object $units);)*
                $crate::__private::openapi::utoipa_finish(object)
            }
        }
    };
}

#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __utoipa_impl {
    ($($tokens:tt)*) => {};
}

#[cfg(feature = "aide")]
#[doc(hidden)]
#[macro_export]
macro_rules! __aide_impl {
    ([$($ig:tt)*] [$($ty:tt)*] [$($wc:tt)*] { $($units:tt)* }) => {
        #[automatically_derived]
        impl $($ig)* $crate::__private::openapi::AideOperationOutput for $($ty)* $($wc)* {
            type Inner = Self;

            fn operation_response(
                ctx: &mut $crate::__private::openapi::AideGenContext,
                operation: &mut $crate::__private::openapi::AideOperation,
            ) -> $crate::__private::Option<$crate::__private::openapi::AideResponse> {
                $crate::__private::openapi::aide_main(
                    <Self as $crate::__private::openapi::AideOperationOutput>::inferred_responses(ctx, operation),
                )
            }

            fn inferred_responses(
                ctx: &mut $crate::__private::openapi::AideGenContext,
                operation: &mut $crate::__private::openapi::AideOperation,
            ) -> ::std::vec::Vec<(
                $crate::__private::Option<u16>,
                $crate::__private::openapi::AideResponse,
            )> {
                let mut object = $crate::__private::openapi::JsonMap::new();
                $($crate::__openapi_unit!((aide ctx operation) object $units);)*
                $crate::__private::openapi::aide_finish(object)
            }
        }
    };
}

#[cfg(not(feature = "aide"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __aide_impl {
    ($($tokens:tt)*) => {};
}
