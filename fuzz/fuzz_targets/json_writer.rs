//! The derive's JSON writer without bounds, as `tests/json_writer.rs` with bounds: for any
//! value of a derived type (every primitive, any strings, any floats, nested values written
//! directly and by serde, fields left out, a field written by its own function), the body is `serde_json::to_vec` of the value,
//! byte for byte, or, when a float is not finite, `ErrorKind::NonFiniteFloat`.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use responses::{ErrorKind, IntoHttp};
use serde::Serialize;

#[derive(Arbitrary, Serialize, Debug)]
struct Inner {
    a: String,
    b: Option<f64>,
}

#[derive(Arbitrary, Serialize, responses::Json, Debug)]
struct Fast {
    #[serde(rename = "X\u{1}\"")]
    x: u32,
    #[serde(skip_serializing_if = "String::is_empty")]
    y: String,
    z: Vec<f32>,
}

#[derive(Arbitrary, Serialize, responses::Response, Debug)]
#[serde(rename_all = "SCREAMING-KEBAB-CASE")]
struct Value {
    id: u64,
    min: i64,
    big: i128,
    ratio: f64,
    flag: bool,
    letter: char,
    text: String,
    maybe: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sometimes: Option<i32>,
    #[serde(skip)]
    hidden: u8,
    nested: Vec<Inner>,
    fast: Vec<Fast>,
    unit: (),
    #[serde(serialize_with = "as_pairs")]
    pairs: Vec<(String, f64)>,
}

/// A field's own function: written by it alone, its floats held to the same rules.
fn as_pairs<S: serde::Serializer>(pairs: &[(String, f64)], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

fn finite(v: &Value) -> bool {
    v.ratio.is_finite()
        && v.nested.iter().all(|i| i.b.is_none_or(f64::is_finite))
        && v.fast.iter().all(|f| f.z.iter().all(|z| z.is_finite()))
        && v.pairs.iter().all(|(_, p)| p.is_finite())
}

fuzz_target!(|value: Value| {
    let want = finite(&value).then(|| serde_json::to_vec(&value).expect("finite"));
    let _ = value.hidden;
    match (value.into_http(), want) {
        (Ok(response), Some(want)) => {
            assert_eq!(response.body().as_bytes(), Some(&want[..]));
        }
        (Err(err), None) => assert_eq!(err.kind(), ErrorKind::NonFiniteFloat),
        (got, want) => panic!("{got:?} / {want:?}"),
    }
});
