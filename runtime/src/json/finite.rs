//! The serializer adapter that refuses `NaN` and `±Infinity`: it forwards everything to
//! the inner serializer (serde_json's or sonic-rs's) and fails on a non-finite float, with
//! an error [`convert_error`] tells apart from the value's own.

use std::cell::Cell;
use std::fmt::Display;

use serde::ser::{self, Serialize, Serializer};

use crate::error::{Error, ErrorKind};

thread_local! {
    /// Set when [`Finite`] refuses a float, so that the error can be told apart from the
    /// value's own errors without parsing messages. Only touched on the error path.
    static NON_FINITE: Cell<bool> = const { Cell::new(false) };
}

pub(super) const NON_FINITE_MESSAGE: &str = "out of range float values are not JSON compliant";

/// A serializer's error as ours: [`ErrorKind::NonFiniteFloat`] when [`Finite`] refused a
/// float, [`ErrorKind::Json`] otherwise.
pub(crate) fn convert_error<E: std::error::Error + Send + Sync + 'static>(err: E) -> Error {
    if NON_FINITE.with(|flag| flag.replace(false)) {
        Error::new(ErrorKind::NonFiniteFloat, err.to_string())
    } else {
        Error::with_source(ErrorKind::Json, err.to_string(), err)
    }
}

fn non_finite<E: ser::Error>(value: impl Display) -> E {
    NON_FINITE.with(|flag| flag.set(true));
    E::custom(format_args!("{NON_FINITE_MESSAGE}: {value}"))
}

/// A value serialized through [`FiniteSerializer`]; `SONIC` when the inner serializer is
/// sonic-rs's (see [`raw_token`]).
pub(crate) struct Finite<'a, T: ?Sized, const SONIC: bool>(pub(crate) &'a T);

impl<T: Serialize + ?Sized, const SONIC: bool> Serialize for Finite<'_, T, SONIC> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(FiniteSerializer::<S, SONIC>(serializer))
    }
}

/// Forwards everything to the inner serializer, refusing non-finite floats.
pub struct FiniteSerializer<S, const SONIC: bool>(S);

impl<S: Serializer> FiniteSerializer<S, false> {
    /// `serializer` (serde_json's), with the crate's rules.
    pub(crate) fn new(serializer: S) -> Self {
        FiniteSerializer(serializer)
    }
}

/// Wraps a compound serializer so that its elements go through [`Finite`] too.
pub struct FiniteCompound<C, const SONIC: bool>(C);

impl<S, const SONIC: bool> std::fmt::Debug for FiniteSerializer<S, SONIC> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FiniteSerializer")
    }
}

impl<C, const SONIC: bool> std::fmt::Debug for FiniteCompound<C, SONIC> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FiniteCompound")
    }
}

impl<S: Serializer, const SONIC: bool> Serializer for FiniteSerializer<S, SONIC> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = FiniteCompound<S::SerializeSeq, SONIC>;
    type SerializeTuple = FiniteCompound<S::SerializeTuple, SONIC>;
    type SerializeTupleStruct = FiniteCompound<S::SerializeTupleStruct, SONIC>;
    type SerializeTupleVariant = FiniteCompound<S::SerializeTupleVariant, SONIC>;
    type SerializeMap = FiniteCompound<S::SerializeMap, SONIC>;
    type SerializeStruct = FiniteCompound<S::SerializeStruct, SONIC>;
    type SerializeStructVariant = FiniteCompound<S::SerializeStructVariant, SONIC>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.0.serialize_bool(v)
    }
    #[inline]
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.0.serialize_i8(v)
    }
    #[inline]
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.0.serialize_i16(v)
    }
    #[inline]
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.0.serialize_i32(v)
    }
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        self.0.serialize_i64(v)
    }
    #[inline]
    fn serialize_i128(self, v: i128) -> Result<S::Ok, S::Error> {
        self.0.serialize_i128(v)
    }
    #[inline]
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.0.serialize_u8(v)
    }
    #[inline]
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.0.serialize_u16(v)
    }
    #[inline]
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.0.serialize_u32(v)
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        self.0.serialize_u64(v)
    }
    #[inline]
    fn serialize_u128(self, v: u128) -> Result<S::Ok, S::Error> {
        self.0.serialize_u128(v)
    }
    #[inline]
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            self.0.serialize_f32(v)
        } else {
            Err(non_finite(v))
        }
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            self.0.serialize_f64(v)
        } else {
            Err(non_finite(v))
        }
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<S::Ok, S::Error> {
        self.0.serialize_char(v)
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(v)
    }
    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        self.0.serialize_bytes(v)
    }
    #[inline]
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Finite::<_, SONIC>(value))
    }
    #[inline]
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    #[inline]
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    #[inline]
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }
    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_struct(name, &Finite::<_, SONIC>(value))
    }
    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &Finite::<_, SONIC>(value))
    }
    #[inline]
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(FiniteCompound)
    }
    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(FiniteCompound)
    }
    #[inline]
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(FiniteCompound)
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(FiniteCompound)
    }
    #[inline]
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(FiniteCompound)
    }
    #[inline]
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.0
            .serialize_struct(raw_token::<SONIC>(name), len)
            .map(FiniteCompound)
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0
            .serialize_struct_variant(name, index, variant, len)
            .map(FiniteCompound)
    }
    #[inline]
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.collect_str(value)
    }
    #[inline]
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// The compounds whose elements are values alone: each element goes through [`Finite`].
macro_rules! forward_elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<C: ser::$trait, const SONIC: bool> ser::$trait for FiniteCompound<C, SONIC> {
            type Ok = C::Ok;
            type Error = C::Error;
            #[inline]
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
                self.0.$method(&Finite::<_, SONIC>(value))
            }
            #[inline]
            fn end(self) -> Result<C::Ok, C::Error> {
                self.0.end()
            }
        }
    )*};
}

forward_elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<C: ser::SerializeMap, const SONIC: bool> ser::SerializeMap for FiniteCompound<C, SONIC> {
    type Ok = C::Ok;
    type Error = C::Error;
    #[inline]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), C::Error> {
        self.0.serialize_key(&Finite::<_, SONIC>(key))
    }
    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_value(&Finite::<_, SONIC>(value))
    }
    #[inline]
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), C::Error> {
        self.0
            .serialize_entry(&Finite::<_, SONIC>(key), &Finite::<_, SONIC>(value))
    }
    #[inline]
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeStruct, const SONIC: bool> ser::SerializeStruct for FiniteCompound<C, SONIC> {
    type Ok = C::Ok;
    type Error = C::Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        self.0
            .serialize_field(raw_token::<SONIC>(key), &Finite::<_, SONIC>(value))
    }
    #[inline]
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.0.skip_field(key)
    }
    #[inline]
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeStructVariant, const SONIC: bool> ser::SerializeStructVariant
    for FiniteCompound<C, SONIC>
{
    type Ok = C::Ok;
    type Error = C::Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        self.0.serialize_field(key, &Finite::<_, SONIC>(value))
    }
    #[inline]
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.0.skip_field(key)
    }
    #[inline]
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

/// serde_json's raw-text tokens (`RawValue`, and `Number` under its `arbitrary_precision`
/// feature) spelled as sonic-rs spells its own, so that both serializers write the raw text
/// rather than a one-key object. A struct's name and its field's key are both the token.
#[inline]
fn raw_token<const SONIC: bool>(name: &'static str) -> &'static str {
    if !SONIC {
        return name;
    }
    match name {
        "$serde_json::private::RawValue" => "$sonic_rs::LazyValue",
        "$serde_json::private::Number" => "$sonic_rs::private::JsonNumber",
        _ => name,
    }
}
