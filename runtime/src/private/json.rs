//! What the derive's JSON writers call: the probe that writes a field with `JsonWrite`
//! where its type implements it and with serde_json otherwise, a field's own
//! `serialize_with`, and the debug check against a type's `Serialize`.

use super::fields::JsonBody;
use crate::error::Error;
pub use crate::json::JsonWrite;

/// A field's value, for the probes.
pub struct JsonProbe<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> std::fmt::Debug for JsonProbe<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JsonProbe")
    }
}

/// A value whose type implements [`JsonWrite`]: written directly.
pub trait JsonFast {
    fn write_field(&self, out: &mut Vec<u8>) -> Result<(), Error>;
}

impl<T: JsonWrite + ?Sized> JsonFast for JsonProbe<'_, T> {
    #[inline]
    fn write_field(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        self.0.write_json(out)
    }
}

/// Any other value: written by serde_json (with the crate's rules). The bound is on the
/// method, not the impl, so that a type that is not `Serialize` gets `JsonBody`'s message
/// ("cannot be rendered as JSON") rather than a failed method lookup.
pub trait JsonSlow<T: ?Sized> {
    fn write_field(&self, out: &mut Vec<u8>) -> Result<(), Error>
    where
        T: JsonBody;
}

impl<T: ?Sized> JsonSlow<T> for &JsonProbe<'_, T> {
    #[inline]
    fn write_field(&self, out: &mut Vec<u8>) -> Result<(), Error>
    where
        T: JsonBody,
    {
        crate::json::write_into(out, self.0)
    }
}

/// The serializer a field's `serialize_with` (or `with`) function is called with when the
/// derive writes the body: serde_json's, with the crate's rules (a non-finite float is
/// refused), as serde's derive would give it inside the whole body.
pub type FieldSerializer<'s, 'o> =
    crate::json::FiniteSerializer<&'s mut serde_json::Serializer<&'o mut Vec<u8>>, false>;

/// Writes one field's value with its `serialize_with` function (`write` calls it): the
/// bytes serde_json writes for that field inside the whole body.
#[inline]
pub fn write_with<'o, F>(out: &'o mut Vec<u8>, write: F) -> Result<(), Error>
where
    F: for<'s> FnOnce(FieldSerializer<'s, 'o>) -> Result<(), serde_json::Error>,
{
    let mut serializer = serde_json::Serializer::new(out);
    write(crate::json::FiniteSerializer::new(&mut serializer)).map_err(crate::json::convert_error)
}

/// A derived type whose whole value is its JSON body: written by its `JsonWrite` (which, in
/// a debug build, checks itself against its `Serialize`). `T: JsonBody` gives a type that
/// is not `Serialize` the message of any JSON body.
#[inline]
pub fn write_whole<T: JsonWrite + JsonBody + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
) -> Result<(), Error> {
    value.write_json(out)
}

/// In a debug build, after a derived type's JSON has been written from its fields: the same
/// value through its `Serialize` must give the same bytes. A hand-written `Serialize` that
/// the fields do not follow is an error naming the type, not a silently different body.
///
/// The `Serialize` output is compared as it is written, without a buffer, so that the check
/// allocates nothing of its own.
pub fn debug_check_serde<T: JsonBody + ?Sized>(written: &[u8], value: &T) -> Result<(), Error> {
    use serde::Serialize as _;
    let mut compare = Compare {
        expected: written,
        at: 0,
        same: true,
    };
    crate::json::Finite::<_, false>(value)
        .serialize(&mut serde_json::Serializer::new(&mut compare))
        .map_err(crate::json::convert_error)?;
    if compare.same && compare.at == written.len() {
        return Ok(());
    }
    Err(Error::new(
        crate::error::ErrorKind::Json,
        format!(
            "the JSON of `{}` written from its fields differs from its `Serialize` (a hand-written one?): to send its `Serialize` output, add `#[response(render_with = responses::json::to_bytes, media_type = \"application/json\")]` to the type, or put the value in a `#[response(body)]` field or a `JsonResponse`",
            std::any::type_name::<T>()
        ),
    ))
}

/// An `io::Write` that compares what it is given with `expected`, from the start.
struct Compare<'a> {
    expected: &'a [u8],
    at: usize,
    same: bool,
}

impl std::io::Write for Compare<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.same {
            let end = self.at.checked_add(buf.len());
            match end.and_then(|end| self.expected.get(self.at..end)) {
                Some(part) if part == buf => self.at += buf.len(),
                _ => self.same = false,
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A nested derived type's value, for the debug check: compared with its `Serialize` where it
/// has one (a type without one is refused where it is a body, with `JsonBody`'s message, so
/// it needs no second error here).
pub struct SerdeProbe<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> std::fmt::Debug for SerdeProbe<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SerdeProbe")
    }
}

/// The check, for a `Serialize` type.
pub trait SerdeCheck {
    fn debug_check(&self, written: &[u8]) -> Result<(), Error>;
}

impl<T: JsonBody + ?Sized> SerdeCheck for SerdeProbe<'_, T> {
    fn debug_check(&self, written: &[u8]) -> Result<(), Error> {
        debug_check_serde(written, self.0)
    }
}

/// No check, for any other type.
pub trait NoSerdeCheck {
    fn debug_check(&self, written: &[u8]) -> Result<(), Error>;
}

impl<T: ?Sized> NoSerdeCheck for &SerdeProbe<'_, T> {
    fn debug_check(&self, _: &[u8]) -> Result<(), Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::debug_check_serde;

    #[test]
    fn the_check_compares_the_whole_output() {
        assert!(debug_check_serde(b"[1,\"a\"]", &(1, "a")).is_ok());
        for written in [
            &b"[1,\"a\""[..],
            b"[1,\"a\"]]",
            b"[1,\"b\"]",
            b"",
            b"[2,\"a\"]",
        ] {
            let err = debug_check_serde(written, &(1, "a")).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Json, "{written:?}");
            assert!(err.message().contains("(i32, &str)"), "{err}");
        }
    }
}
