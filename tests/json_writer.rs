//! The derive's JSON writer against serde_json: for generated values of derived types
//! (every serde attribute the writer follows, every primitive, strings of any bytes, floats
//! across the exponent range, `-0.0`, `u64::MAX`, `i64::MIN`, nested and empty collections,
//! `None`s, a nested type written directly and one written by serde), the body is byte for
//! byte `serde_json::to_vec` of the same value.

use proptest::prelude::*;
use responses::{ErrorKind, IntoHttp, Response};
use serde::Serialize;

/// Written by serde (no `JsonWrite`): the writer falls back for this field.
#[derive(Serialize, Clone, Debug)]
struct Inner {
    a: String,
    b: Option<f64>,
}

/// Written directly (`#[derive(responses::Json)]`).
#[derive(Serialize, responses::Json, Clone, Debug)]
struct FastInner {
    #[serde(rename = "X")]
    x: u32,
    #[serde(skip_serializing_if = "String::is_empty")]
    y: String,
    #[serde(serialize_with = "as_text")]
    z: i16,
}

#[derive(Serialize, Response, Clone, Debug)]
#[serde(rename_all = "camelCase")]
struct Everything {
    user_id: u64,
    min: i64,
    ratio: f64,
    small: f32,
    flag: bool,
    letter: char,
    text: String,
    maybe: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sometimes: Option<i32>,
    #[serde(rename = "Renamed \"key\"\n\u{1}")]
    renamed: u8,
    #[serde(skip)]
    #[allow(dead_code, reason = "skipped by serde: never written, never read")]
    hidden: u8,
    list: Vec<f64>,
    nested: Vec<Inner>,
    fast_nested: Vec<FastInner>,
    empty: Vec<u8>,
    unit: (),
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    big: u128,
    boxed: Box<str>,
}

/// A body of some fields (the others are a header and a cookie): written directly, equal to
/// serde_json's output for the same fields.
#[derive(Response, Clone, Debug)]
struct WithHeader {
    id: u64,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[response(header = "x-id")]
    header_id: u32,
}

#[derive(Serialize)]
struct WithHeaderBody<'a> {
    id: u64,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: &'a Option<String>,
}

/// Fields written by their own functions (`serialize_with`, `with`): each field alone by its
/// function, the rest directly.
#[derive(Serialize, Response, Clone, Debug)]
#[serde(rename_all = "camelCase")]
struct WithFunctions {
    plain_id: u64,
    #[serde(serialize_with = "as_text")]
    count: u32,
    #[serde(with = "hex")]
    raw_bytes: Vec<u8>,
    #[serde(serialize_with = "as_map", skip_serializing_if = "Vec::is_empty")]
    pairs: Vec<(String, f64)>,
    #[serde(serialize_with = "as_text", rename = "Label")]
    label: String,
}

/// A generic function, as serde's examples write them.
fn as_text<T: std::fmt::Display, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// A compound value: its floats go through the crate's rules too.
fn as_map<S: serde::Serializer>(pairs: &[(String, f64)], serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

mod hex {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        serializer.serialize_str(&text)
    }
}

fn body(response: impl IntoHttp) -> Vec<u8> {
    let response = response.into_http().expect("converts");
    response.body().as_bytes().expect("in memory").to_vec()
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x7f]{0,24}",
        "[\"\\\\\\x00-\\x1f\\x7f\u{2028}\u{85}é☃]{0,12}",
    ]
}

fn any_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        Just(-0.0),
        Just(0.0),
        Just(1e16),
        Just(f64::MAX),
        Just(5e-324),
        (-30i32..30).prop_map(|e| 10f64.powi(e)),
    ]
}

prop_compose! {
    fn inner()(a in any_text(), b in prop::option::of(any_float())) -> Inner {
        Inner { a, b }
    }
}

prop_compose! {
    fn fast_inner()(x in any::<u32>(), y in any_text(), z in any::<i16>()) -> FastInner {
        FastInner { x, y, z }
    }
}

prop_compose! {
    fn everything()(
        user_id in prop_oneof![any::<u64>(), Just(u64::MAX)],
        min in prop_oneof![any::<i64>(), Just(i64::MIN)],
        ratio in any_float(),
        small in any::<f32>().prop_filter("finite", |f| f.is_finite()),
        flag in any::<bool>(),
        letter in any::<char>(),
        text in any_text(),
        maybe in prop::option::of(any_text()),
        sometimes in prop::option::of(any::<i32>()),
        renamed in any::<u8>(),
        list in prop::collection::vec(any_float(), 0..4),
        nested in prop::collection::vec(inner(), 0..3),
        fast_nested in prop::collection::vec(fast_inner(), 0..3),
        tags in prop::collection::vec(any_text(), 0..3),
        big in any::<u128>(),
        boxed in any_text(),
    ) -> Everything {
        Everything {
            user_id, min, ratio, small, flag, letter, text, maybe, sometimes, renamed,
            hidden: 7, list, nested, fast_nested, empty: Vec::new(), unit: (), tags, big,
            boxed: boxed.into_boxed_str(),
        }
    }
}

prop_compose! {
    fn with_functions()(
        plain_id in any::<u64>(),
        count in any::<u32>(),
        raw_bytes in prop::collection::vec(any::<u8>(), 0..8),
        pairs in prop::collection::vec((any_text(), any_float()), 0..3),
        label in any_text(),
    ) -> WithFunctions {
        WithFunctions { plain_id, count, raw_bytes, pairs, label }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fields_with_their_own_functions_are_serde_json_bytes(value in with_functions()) {
        let want = serde_json::to_vec(&value).expect("serde_json");
        prop_assert_eq!(body(value), want);
    }

    #[test]
    fn derived_bodies_are_serde_json_bytes(value in everything()) {
        let want = serde_json::to_vec(&value).expect("serde_json");
        prop_assert_eq!(body(value), want);
    }

    #[test]
    fn a_body_of_some_fields_is_serde_json_bytes(
        id in any::<u64>(),
        name in any_text(),
        note in prop::option::of(any_text()),
    ) {
        let want = serde_json::to_vec(&WithHeaderBody { id, name: &name, note: &note })
            .expect("serde_json");
        let got = body(WithHeader { id, name, note, header_id: 1 });
        prop_assert_eq!(got, want);
    }
}

/// The derived types write themselves (`JsonWrite`): the fast path is the one tested.
#[test]
fn the_derived_types_write_themselves() {
    fn writes_itself<T: responses::json::JsonWrite>() {}
    writes_itself::<Everything>();
    writes_itself::<FastInner>();
    // A field's `serialize_with` leaves the rest of the type to the writer.
    writes_itself::<WithFunctions>();
}

/// A `serialize_with` function is held to the crate's rules (a non-finite float is refused
/// with `JsonResponse`'s error), and its own error is a JSON error with its message, as when
/// serde writes the whole body.
#[test]
fn a_fields_function_is_held_to_the_same_rules() {
    fn nan<S: serde::Serializer>(_: &u8, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(f64::NAN)
    }
    fn refuse<S: serde::Serializer>(_: &u8, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("this field refuses"))
    }
    #[derive(Serialize, Response)]
    struct Nan {
        #[serde(serialize_with = "nan")]
        x: u8,
    }
    #[derive(Serialize, Response)]
    struct Refuses<'a> {
        name: &'a str,
        #[serde(serialize_with = "refuse")]
        x: u8,
    }
    let ours = Nan { x: 1 }.into_http().unwrap_err();
    let theirs = responses::JsonResponse::new(f64::NAN)
        .into_http()
        .unwrap_err();
    assert_eq!(ours.kind(), ErrorKind::NonFiniteFloat);
    assert_eq!(ours.message(), theirs.message());
    let err = Refuses { name: "a", x: 1 }.into_http().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Json);
    assert_eq!(err.message(), "this field refuses");
}

/// A body of some fields, one with its own function, in a type with a lifetime.
#[test]
fn a_borrowed_body_of_some_fields_with_a_function() {
    #[derive(Response)]
    struct Borrowed<'a> {
        #[serde(serialize_with = "as_text")]
        id: &'a u64,
        name: &'a str,
        #[response(header = "x-request")]
        request: &'static str,
    }
    #[derive(Serialize)]
    struct Mirror<'a> {
        #[serde(serialize_with = "as_text")]
        id: &'a u64,
        name: &'a str,
    }
    let id = 7;
    let want = serde_json::to_vec(&Mirror {
        id: &id,
        name: "é\"",
    })
    .expect("serde_json");
    let response = Borrowed {
        id: &id,
        name: "é\"",
        request: "r",
    }
    .into_http()
    .expect("converts");
    assert_eq!(response.headers()["x-request"], "r");
    assert_eq!(
        response.body().as_bytes().expect("in memory"),
        want.as_slice()
    );
}

#[test]
fn non_finite_floats_are_refused_as_json_response_refuses_them() {
    let value = Inner {
        a: String::new(),
        b: Some(f64::NAN),
    };
    #[derive(Serialize, Response)]
    struct Holder {
        ratio: f64,
        inner: Inner,
    }
    for holder in [
        Holder {
            ratio: f64::INFINITY,
            inner: value.clone(),
        },
        Holder {
            ratio: 1.0,
            inner: value.clone(),
        },
    ] {
        let ours = holder.into_http().unwrap_err();
        assert_eq!(ours.kind(), ErrorKind::NonFiniteFloat);
    }
    let theirs = responses::JsonResponse::new(f64::INFINITY)
        .into_http()
        .unwrap_err();
    let ours = Holder {
        ratio: f64::INFINITY,
        inner: Inner {
            a: String::new(),
            b: None,
        },
    }
    .into_http()
    .unwrap_err();
    assert_eq!(ours.message(), theirs.message());
}

/// A hand-written `Serialize` the fields do not follow: in a debug build (the tests'), the
/// derive notices and fails loudly instead of sending a different body.
#[derive(Response)]
struct Custom {
    id: u64,
}

impl Serialize for Custom {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("custom-{}", self.id))
    }
}

/// What the error tells the user to write: the value's own `Serialize`, by `json::to_bytes`.
#[derive(Response)]
#[response(render_with = responses::json::to_bytes, media_type = "application/json")]
struct CustomBySerde {
    id: u64,
}

impl Serialize for CustomBySerde {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("custom-{}", self.id))
    }
}

#[test]
fn a_hand_written_serialize_is_not_silently_bypassed() {
    let err = Custom { id: 1 }.into_http().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Json);
    assert!(err.message().contains("Custom"), "{err}");
    assert!(
        err.message()
            .contains("render_with = responses::json::to_bytes"),
        "{err}"
    );
    let response = CustomBySerde { id: 1 }.into_http().expect("converts");
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(
        response.body().as_bytes().expect("in memory"),
        b"\"custom-1\"".as_slice()
    );
}

/// Attributes written through a `macro_rules!` (their values arrive in invisible groups),
/// non-ASCII field names under `camelCase` (serde changes ASCII letters only), and a generic
/// `#[derive(responses::Json)]` (serde writes it).
macro_rules! renamed {
    ($name:expr, $skip:expr) => {
        #[derive(Serialize, Response)]
        #[serde(rename_all = "camelCase")]
        struct ThroughMacro {
            #[serde(rename = $name)]
            a: u8,
            #[serde(skip_serializing_if = $skip)]
            b: Option<u8>,
            prix_été: u8,
        }
    };
}

renamed!("renamed", "Option::is_none");

/// Whole attributes through a `macro_rules!` (`#[serde($meta)]`): serde sees through the
/// invisible group, and so does the writer, for a whole body, a body of some fields and a
/// `#[derive(responses::Json)]`.
macro_rules! with_meta {
    ($on_inner:meta, $on_id:meta) => {
        #[derive(Serialize, Response, Clone)]
        struct WholeMeta {
            #[serde($on_id)]
            id: u8,
            #[serde($on_inner)]
            inner: Inner,
        }

        #[derive(Response, Clone)]
        struct SomeMeta {
            #[serde($on_id)]
            id: u8,
            #[serde($on_inner)]
            inner: Inner,
            #[response(header = "x-h")]
            h: &'static str,
        }

        #[derive(Serialize, Clone)]
        struct SomeMetaMirror {
            #[serde($on_id)]
            id: u8,
            #[serde($on_inner)]
            inner: Inner,
        }

        #[derive(Serialize, responses::Json, Clone)]
        struct JsonMeta {
            #[serde($on_id)]
            id: u8,
            #[serde($on_inner)]
            inner: Inner,
        }
    };
}

with_meta!(flatten, rename = "ID");

#[derive(Serialize, responses::Json)]
struct Page<T> {
    items: Vec<T>,
}

#[derive(Serialize, Response)]
struct HoldsPage {
    page: Page<u8>,
}

#[test]
fn attributes_through_macros_and_non_ascii_names_are_serdes() {
    let value = ThroughMacro {
        a: 1,
        b: None,
        prix_été: 2,
    };
    let want = serde_json::to_vec(&value).expect("serde_json");
    assert_eq!(want, "{\"renamed\":1,\"prixété\":2}".as_bytes());
    assert_eq!(body(value), want);
    let value = HoldsPage {
        page: Page { items: vec![1, 2] },
    };
    let want = serde_json::to_vec(&value).expect("serde_json");
    assert_eq!(body(value), want);
}

#[test]
fn whole_attributes_through_macros_are_serdes() {
    use responses::json::JsonWrite as _;
    let inner = Inner {
        a: "x".to_owned(),
        b: Some(1.5),
    };
    let want = br#"{"ID":1,"a":"x","b":1.5}"#;
    let whole = WholeMeta {
        id: 1,
        inner: inner.clone(),
    };
    assert_eq!(serde_json::to_vec(&whole).expect("serde_json"), want);
    assert_eq!(body(whole), want);
    let mirror = SomeMetaMirror {
        id: 1,
        inner: inner.clone(),
    };
    assert_eq!(serde_json::to_vec(&mirror).expect("serde_json"), want);
    let some = SomeMeta {
        id: 1,
        inner: inner.clone(),
        h: "h",
    };
    assert_eq!(body(some), want);
    let json = JsonMeta { id: 1, inner };
    assert_eq!(serde_json::to_vec(&json).expect("serde_json"), want);
    let mut out = Vec::new();
    json.write_json(&mut out).expect("writes");
    assert_eq!(out, want);
}

/// A variant's `rename_all(serialize = ...)`, and the enum's `rename_all_fields(serialize =
/// ...)` for a variant without its own rule: each direction as serde decides it.
#[test]
fn variant_rules_for_serializing_are_followed() {
    #[derive(Response)]
    #[serde(rename_all_fields(serialize = "kebab-case", deserialize = "camelCase"))]
    enum Out {
        #[response(status = 201)]
        #[serde(rename_all(serialize = "camelCase"))]
        Created { user_id: u64 },
        #[response(status = 202)]
        #[serde(rename_all(deserialize = "PascalCase"))]
        Accepted { user_id: u64 },
        #[response(status = 409)]
        Conflict { user_id: u64 },
    }
    let created = Out::Created { user_id: 1 }.into_http().expect("converts");
    assert_eq!(
        created.body().as_bytes().expect("in memory"),
        br#"{"userId":1}"#
    );
    for response in [Out::Accepted { user_id: 1 }, Out::Conflict { user_id: 1 }] {
        let response = response.into_http().expect("converts");
        assert_eq!(
            response.body().as_bytes().expect("in memory"),
            br#"{"user-id":1}"#
        );
    }
}

/// A nested derived type with a hand-written `Serialize`: caught in a debug build too.
#[derive(Response)]
struct CustomInner {
    id: u64,
}

impl Serialize for CustomInner {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.id)
    }
}

#[derive(Serialize, Response)]
struct HoldsCustom {
    inner: CustomInner,
}

#[test]
fn a_nested_hand_written_serialize_is_not_silently_bypassed() {
    let err = HoldsCustom {
        inner: CustomInner { id: 1 },
    }
    .into_http()
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Json);
    assert!(err.message().contains("CustomInner"), "{err}");
    // The same through `#[derive(responses::Json)]`, nested in a body of some fields.
    let err = HoldsCustomJson {
        inner: CustomJson { id: 1 },
        h: "h",
    }
    .into_http()
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Json);
    assert!(err.message().contains("CustomJson"), "{err}");
}

#[derive(responses::Json)]
struct CustomJson {
    id: u64,
}

impl Serialize for CustomJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.id)
    }
}

#[derive(Response)]
struct HoldsCustomJson {
    inner: CustomJson,
    #[response(header = "x-h")]
    h: &'static str,
}

/// An enum's variants are bodies of fields too: a variant's `rename_all` and a field's own
/// function are followed there as in a struct.
#[test]
fn variants_with_functions_are_serde_json_bytes() {
    #[derive(Response)]
    enum Outcome {
        #[response(status = 201)]
        #[serde(rename_all = "camelCase")]
        Created {
            user_id: u64,
            #[serde(serialize_with = "as_text")]
            version: u32,
            #[response(header = "x-trace")]
            trace: &'static str,
        },
        #[response(status = 409)]
        Conflict {
            #[serde(with = "hex", skip_serializing_if = "Vec::is_empty")]
            digest: Vec<u8>,
            reason: String,
        },
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct CreatedMirror {
        user_id: u64,
        #[serde(serialize_with = "as_text")]
        version: u32,
    }
    #[derive(Serialize)]
    struct ConflictMirror<'a> {
        #[serde(with = "hex", skip_serializing_if = "Vec::is_empty")]
        digest: Vec<u8>,
        reason: &'a str,
    }
    let created = Outcome::Created {
        user_id: 3,
        version: 12,
        trace: "t",
    }
    .into_http()
    .expect("converts");
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.body().as_bytes().expect("in memory"),
        serde_json::to_vec(&CreatedMirror {
            user_id: 3,
            version: 12
        })
        .expect("serde_json")
        .as_slice()
    );
    for digest in [vec![], vec![0xde, 0xad]] {
        let want = serde_json::to_vec(&ConflictMirror {
            digest: digest.clone(),
            reason: "taken",
        })
        .expect("serde_json");
        let got = Outcome::Conflict {
            digest,
            reason: "taken".to_owned(),
        }
        .into_http()
        .expect("converts");
        assert_eq!(got.status(), 409);
        assert_eq!(got.body().as_bytes().expect("in memory"), want.as_slice());
    }
}
