//! JSON rendering: compact, raw UTF-8, field order kept, and no `NaN`/`Infinity`.
//!
//! `serde_json` already writes what Starlette's `json.dumps(..., ensure_ascii=False,
//! separators=(",", ":"))` writes, except for non-finite floats, which it turns into
//! `null`. Python (`allow_nan=False`) refuses them instead, and so does this module: the
//! value is serialized through a transparent serializer adapter whose only
//! change is to fail on a non-finite `f32`/`f64`.

mod fast;
mod finite;

use std::cell::RefCell;

use bytes::Bytes;
use serde::ser::Serialize;

pub use self::fast::{JsonWrite, write_str};
pub(crate) use self::finite::{Finite, FiniteSerializer, convert_error};
use crate::error::Error;

/// The first buffer size for a JSON body of unknown size.
const INITIAL_CAPACITY: usize = 128;

/// Serializes `value` as compact JSON, as [`JsonResponse`](crate::JsonResponse) does.
///
/// # Errors
///
/// [`ErrorKind::NonFiniteFloat`](crate::ErrorKind::NonFiniteFloat) for `NaN`/`±Infinity` anywhere in the value;
/// [`ErrorKind::Json`](crate::ErrorKind::Json) when the value's `Serialize` implementation fails (a map with
/// non-string keys, a custom error…).
///
/// # Examples
///
/// ```
/// use responses::{json::to_bytes, ErrorKind};
///
/// let body = to_bytes(&serde_json::json!({"z": [1, 2.5, null], "a": "é/"}))?;
/// assert_eq!(&body[..], "{\"a\":\"é/\",\"z\":[1,2.5,null]}".as_bytes());
/// assert_eq!(to_bytes(&f64::NAN).unwrap_err().kind(), ErrorKind::NonFiniteFloat);
/// # Ok::<(), responses::Error>(())
/// ```
pub fn to_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Bytes, Error> {
    render(|buf| write_into(buf, value))
}

/// Serializes `value` as compact JSON at the end of `buf`.
///
/// # Errors
///
/// As [`to_bytes`]. On error, `buf` may hold part of the output.
///
/// # Examples
///
/// ```
/// let mut buf = Vec::new();
/// responses::json::write_into(&mut buf, &("a", 1))?;
/// assert_eq!(buf, b"[\"a\",1]");
/// # Ok::<(), responses::Error>(())
/// ```
pub fn write_into<T: Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    let mut ser = serde_json::Serializer::new(buf);
    Finite::<_, false>(value)
        .serialize(&mut ser)
        .map_err(convert_error)
}

/// Serializes `value` as [`to_bytes`] does, with the SIMD serializer `sonic-rs` (cargo
/// feature `fast-json`); the bytes are the same.
///
/// # Errors
///
/// As [`to_bytes`].
///
/// # Examples
///
/// ```
/// let value = ("é", [1.5, 1e16], None::<u8>);
/// assert_eq!(
///     responses::json::to_bytes_fast(&value)?,
///     responses::json::to_bytes(&value)?
/// );
/// # Ok::<(), responses::Error>(())
/// ```
#[cfg(feature = "fast-json")]
#[cfg_attr(docsrs, doc(cfg(feature = "fast-json")))]
pub fn to_bytes_fast<T: Serialize + ?Sized>(value: &T) -> Result<Bytes, Error> {
    render(|buf| {
        let mut ser = sonic_rs::Serializer::new(buf);
        Finite::<_, true>(value)
            .serialize(&mut ser)
            .map_err(convert_error)
    })
}

/// Bodies up to this size are serialized into the thread's scratch buffer and copied out
/// into an allocation of their exact size: one allocation per body, none while writing.
/// Larger ones are written into a buffer of their own, which becomes the body.
const COPY_LIMIT: usize = 64 * 1024;

/// The first capacity of the scratch buffer.
const SCRATCH_START: usize = 4 * 1024;

/// The scratch buffer of [`render`] (its capacity stays below `2 * COPY_LIMIT`), and the
/// size of the last body above `COPY_LIMIT` rendered on this thread (0 when the last body
/// was smaller): a large body is likely followed by another, which then starts with room
/// for it instead of growing step by step.
struct Scratch {
    buf: Vec<u8>,
    large: usize,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = const {
        RefCell::new(Scratch {
            buf: Vec::new(),
            large: 0,
        })
    };
}

/// Runs `write` (which appends a body to the buffer it is given) and returns the body,
/// with as few allocations and copies as the body's size allows: JSON bodies, a derived
/// type's JSON writer, a Server-Sent Event, a JSON line.
pub(crate) fn render<E>(write: impl FnOnce(&mut Vec<u8>) -> Result<(), E>) -> Result<Bytes, E> {
    SCRATCH.with(|scratch| {
        let Ok(mut scratch) = scratch.try_borrow_mut() else {
            // A `Serialize` implementation that renders JSON itself: a buffer of its own.
            let mut buf = Vec::with_capacity(INITIAL_CAPACITY);
            write(&mut buf)?;
            return Ok(Bytes::from(buf));
        };
        let large = scratch.large;
        if large > COPY_LIMIT {
            let mut buf = Vec::with_capacity(large + large / 8);
            let result = write(&mut buf);
            scratch.large = if buf.len() > COPY_LIMIT { buf.len() } else { 0 };
            result?;
            return Ok(Bytes::from(buf));
        }
        let buf = &mut scratch.buf;
        buf.clear();
        // A new (or given away) buffer starts with room for most bodies at once.
        buf.reserve(SCRATCH_START);
        let result = write(buf);
        if buf.len() > COPY_LIMIT {
            // Too large to keep (or to copy): the buffer becomes the body.
            let body = std::mem::take(buf);
            result?;
            scratch.large = body.len();
            return Ok(Bytes::from(body));
        }
        result?;
        Ok(Bytes::copy_from_slice(buf))
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use serde::{Serializer, ser};

    use super::*;
    use crate::error::ErrorKind;

    fn json<T: Serialize + ?Sized>(v: &T) -> String {
        String::from_utf8(to_bytes(v).unwrap().to_vec()).unwrap()
    }

    #[derive(Serialize)]
    struct Nested {
        z: Inner,
        a: Vec<u8>,
    }

    #[derive(Serialize)]
    struct Inner {
        y: (Option<u8>, bool, bool),
    }

    #[derive(Serialize)]
    enum E {
        Unit,
        Newtype(f64),
        Tuple(f32, f64),
        Struct { x: f64 },
    }

    #[test]
    fn compact_and_ordered() {
        let v = Nested {
            z: Inner {
                y: (None, true, false),
            },
            a: vec![],
        };
        assert_eq!(json(&v), r#"{"z":{"y":[null,true,false]},"a":[]}"#);
        assert_eq!(json(&()), "null");
        assert_eq!(json(&None::<u8>), "null");
        assert_eq!(json(&"hi"), r#""hi""#);
        assert_eq!(json(&(1, "a")), r#"[1,"a"]"#);
    }

    #[test]
    fn strings_as_python_writes_them() {
        let s = "é☃😀\u{2028}\u{7f}\u{0}\n\r\t\u{8}\u{c}\u{1f}\"\\/";
        assert_eq!(
            json(&s),
            "\"é☃😀\u{2028}\u{7f}\\u0000\\n\\r\\t\\b\\f\\u001f\\\"\\\\/\""
        );
    }

    #[test]
    fn big_integers() {
        assert_eq!(
            json(&(u64::MAX, i64::MIN)),
            "[18446744073709551615,-9223372036854775808]"
        );
        assert_eq!(json(&(1u128 << 70)), "1180591620717411303424");
    }

    #[test]
    fn non_finite_floats_are_errors_everywhere() {
        let cases: Vec<Box<dyn Fn() -> Result<Bytes, Error>>> = vec![
            Box::new(|| to_bytes(&f64::NAN)),
            Box::new(|| to_bytes(&f64::INFINITY)),
            Box::new(|| to_bytes(&f32::NEG_INFINITY)),
            Box::new(|| to_bytes(&vec![1.0, f64::NAN])),
            Box::new(|| to_bytes(&Some(f64::NAN))),
            Box::new(|| to_bytes(&(1, f64::NAN))),
            Box::new(|| to_bytes(&E::Newtype(f64::NAN))),
            Box::new(|| to_bytes(&E::Tuple(1.0, f64::INFINITY))),
            Box::new(|| to_bytes(&E::Struct { x: f64::NAN })),
            Box::new(|| to_bytes(&BTreeMap::from([("k", f64::NAN)]))),
            Box::new(|| to_bytes(&serde_json::json!({"a": [1]}).as_object().map(|_| f32::NAN))),
        ];
        for (i, case) in cases.iter().enumerate() {
            let err = case().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NonFiniteFloat, "case {i}: {err}");
            assert!(err.to_string().contains("not JSON compliant"), "{err}");
        }
        // The flag does not leak into the next error.
        let err = to_bytes(&BTreeMap::from([(vec![1], 1)])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Json);
        assert_eq!(json(&E::Unit), r#""Unit""#);
        assert_eq!(json(&E::Struct { x: 1.5 }), r#"{"Struct":{"x":1.5}}"#);
    }

    #[test]
    fn finite_floats_are_written_by_value() {
        let floats = [1.0, 0.1, 1e15, 1e16, 1e-5, -0.0, 5e-324, f64::MAX];
        let text = json(&floats);
        let back: Vec<f64> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, floats);
        assert!(text.starts_with("[1.0,0.1,"), "{text}");
    }

    #[test]
    fn raw_value_passes_through() {
        let raw = serde_json::value::RawValue::from_string("{\"a\": 1}".to_owned()).unwrap();
        assert_eq!(json(&raw), "{\"a\": 1}");
    }

    /// Both serializers, byte for byte, on the value; or the same error kind.
    #[cfg(feature = "fast-json")]
    #[track_caller]
    fn same_as_fast<T: Serialize + ?Sized>(v: &T) {
        match (to_bytes(v), to_bytes_fast(v)) {
            (Ok(a), Ok(b)) => {
                if let Some(at) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
                    let window = |s: &[u8]| {
                        let start = at.saturating_sub(40);
                        String::from_utf8_lossy(&s[start..s.len().min(at + 40)]).into_owned()
                    };
                    panic!(
                        "differ at byte {at}:\nserde_json {}\nsonic-rs   {}",
                        window(&a),
                        window(&b)
                    );
                }
            }
            (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind(), "{a} / {b}"),
            (a, b) => panic!("serde_json {a:?}, sonic-rs {b:?}"),
        }
    }

    #[cfg(feature = "fast-json")]
    #[test]
    fn fast_serializer_writes_the_same_bytes() {
        same_as_fast(&Nested {
            z: Inner {
                y: (None, true, false),
            },
            a: vec![0, 255],
        });
        same_as_fast(&());
        same_as_fast(&"é☃😀\u{2028}\u{7f}\u{0}\n\r\t\u{8}\u{c}\u{1f}\"\\/");
        same_as_fast(&(u64::MAX, i64::MIN, 1u128 << 70, -(1i128 << 100), u128::MAX));
        same_as_fast(&(i8::MIN, u8::MAX, i16::MIN, u16::MAX, i32::MIN, u32::MAX));
        same_as_fast(&(f32::MAX, f32::MIN_POSITIVE, 0.1f32, 16777216f32, 1e-7f32));
        same_as_fast(&('a', '\u{0}', '"', 'é'));
        same_as_fast(&[
            E::Unit,
            E::Newtype(2.5),
            E::Tuple(1.0, -0.0),
            E::Struct { x: 1e300 },
        ]);
        same_as_fast(&BTreeMap::from([(1u64, "a"), (2, "b")]));
        same_as_fast(&BTreeMap::from([(-1i128, 1)]));
        same_as_fast(&BTreeMap::from([(true, 1)]));
        same_as_fast(&BTreeMap::from([('k', 1)]));
        same_as_fast(&BTreeMap::from([("a\"b\n", 1)]));
        same_as_fast(&serde_json::json!({"k": [1, "x", null, {"n": 1.5}], "e": {}}));
        same_as_fast(&Some(Vec::<String>::new()));
        same_as_fast(b"bytes".as_slice());
        let raw = serde_json::value::RawValue::from_string("{\"a\": 1}".to_owned()).unwrap();
        same_as_fast(&raw);
        // Errors: the same kind.
        same_as_fast(&[1.0, f64::NAN]);
        same_as_fast(&E::Struct { x: f64::INFINITY });
        same_as_fast(&BTreeMap::from([("k", f32::NEG_INFINITY)]));
        same_as_fast(&BTreeMap::from([(vec![1], 1)]));
        same_as_fast(&BTreeMap::from([(None::<u8>, 1)]));
    }

    #[cfg(feature = "fast-json")]
    #[test]
    fn fast_serializer_writes_every_float_the_same() {
        // xorshift64: floats of every exponent, and strings of every byte class.
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let floats: Vec<f64> = (0..20_000)
            .map(|_| f64::from_bits(next()))
            .filter(|f| f.is_finite())
            .collect();
        assert!(floats.len() > 19_000);
        same_as_fast(&floats);
        let singles: Vec<f32> = (0..20_000)
            .map(|_| f32::from_bits(next() as u32))
            .filter(|f| f.is_finite())
            .collect();
        same_as_fast(&singles);
        let decimals: Vec<f64> = (0..20_000)
            .map(|i| (next() % 1_000_000) as f64 / 10f64.powi(i % 12))
            .collect();
        same_as_fast(&decimals);
        let strings: Vec<String> = (0..2_000)
            .map(|_| {
                (0..24)
                    .filter_map(|_| char::from_u32((next() % 0x3_0000) as u32 >> (next() % 12)))
                    .collect()
            })
            .collect();
        same_as_fast(&strings);
    }

    /// A value whose serialization renders another JSON body on the same thread.
    struct Reentrant;

    impl Serialize for Reentrant {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let inner = to_bytes(&[1, 2]).map_err(ser::Error::custom)?;
            s.serialize_str(std::str::from_utf8(&inner).map_err(ser::Error::custom)?)
        }
    }

    #[test]
    fn rendering_inside_a_serialize_implementation_works() {
        assert_eq!(json(&(Reentrant, 3)), r#"["[1,2]",3]"#);
    }

    #[test]
    fn bodies_of_every_size_and_order_come_out_whole() {
        // Small, large (the buffer becomes the body), large again (sized from the last),
        // small after large, and errors in between: every body equals serde_json's.
        let big = |n: usize| (0..n).map(|i| format!("item {i} é")).collect::<Vec<_>>();
        let sizes = [10, 20_000, 30_000, 5, 9_000, 50_000, 1, 0, 100_000, 3];
        for (round, &n) in sizes.iter().enumerate() {
            let value = big(n);
            assert_eq!(
                to_bytes(&value).unwrap(),
                serde_json::to_vec(&value).unwrap(),
                "round {round}, {n} items"
            );
            if round % 3 == 1 {
                // An error after a large partial body leaves nothing behind.
                let failing = (big(n), f64::NAN);
                assert_eq!(
                    to_bytes(&failing).unwrap_err().kind(),
                    ErrorKind::NonFiniteFloat
                );
            }
        }
        SCRATCH.with(|s| assert!(s.borrow().buf.capacity() <= 2 * COPY_LIMIT));
    }

    #[test]
    fn small_bodies_are_allocated_to_their_size() {
        let body = to_bytes(&("a", 1)).unwrap();
        // `Bytes::copy_from_slice` of the exact length: turned back into a `Vec`, its
        // capacity is its length.
        let vec = Vec::from(body);
        assert_eq!(vec.capacity(), vec.len());
    }
}
