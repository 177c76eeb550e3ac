//! JSON rendering, as `tests/properties.rs` property 4: for a random `serde_json::Value`
//! (finite floats, strings with any Unicode), `responses::json::to_bytes` equals
//! `serde_json::to_vec` byte for byte and parses back to the same value (this crate enables
//! serde_json's `float_roundtrip`, so floats compare exactly); for a random `Vec<f64>`,
//! any non-finite float is `ErrorKind::NonFiniteFloat`, and otherwise the bytes are
//! serde_json's.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use responses::ErrorKind;
use serde_json::{Map, Value};

/// Deeper than this, a value is a leaf (serde_json's parser stops at 128 levels).
const MAX_DEPTH: u32 = 32;

fn value(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Value> {
    let kind = if depth >= MAX_DEPTH {
        u.int_in_range(0..=5)?
    } else {
        u.int_in_range(0..=7)?
    };
    Ok(match kind {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(i64::arbitrary(u)?),
        3 => Value::from(u64::arbitrary(u)?),
        4 => {
            let f = f64::arbitrary(u)?;
            if f.is_finite() {
                Value::from(f)
            } else {
                Value::from(f64::from_bits(f.to_bits() & !(1 << 62)))
            }
        }
        5 => Value::String(u.arbitrary()?),
        6 => {
            let mut items = Vec::new();
            u.arbitrary_loop(None, Some(16), |u| {
                items.push(value(u, depth + 1)?);
                Ok(std::ops::ControlFlow::Continue(()))
            })?;
            Value::Array(items)
        }
        _ => {
            let mut map = Map::new();
            u.arbitrary_loop(None, Some(16), |u| {
                let key: String = u.arbitrary()?;
                map.insert(key, value(u, depth + 1)?);
                Ok(std::ops::ControlFlow::Continue(()))
            })?;
            Value::Object(map)
        }
    })
}

#[derive(Debug)]
struct Input {
    value: Value,
    floats: Vec<f64>,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Input {
            value: value(u, 0)?,
            floats: u.arbitrary()?,
        })
    }
}

fuzz_target!(|input: Input| {
    let ours = responses::json::to_bytes(&input.value)
        .unwrap_or_else(|e| panic!("to_bytes failed on {:?}: {e}", input.value));
    let theirs = serde_json::to_vec(&input.value).expect("serde_json serializes a Value");
    assert_eq!(&ours[..], &theirs[..], "bytes differ from serde_json's");
    let back: Value = serde_json::from_slice(&ours).expect("the bytes parse back");
    assert_eq!(back, input.value, "parsed back to another value");

    let result = responses::json::to_bytes(&input.floats);
    if input.floats.iter().all(|f| f.is_finite()) {
        let bytes = result.unwrap_or_else(|e| panic!("to_bytes failed: {e}"));
        let expected = serde_json::to_vec(&input.floats).expect("finite floats serialize");
        assert_eq!(&bytes[..], &expected[..]);
    } else {
        match result {
            Ok(bytes) => panic!("non-finite float written as {bytes:?}"),
            Err(e) => assert_eq!(e.kind(), ErrorKind::NonFiniteFloat),
        }
    }
});
