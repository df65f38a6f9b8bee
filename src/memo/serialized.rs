//! A serde serializer that feeds a hasher: each value as a tag and its bytes, strings with
//! their length, so two different values never feed the same bytes (it is a prefix-free
//! encoding of the serde data model). Used by [`super::Serialized`].

use std::hash::Hasher;

use serde::ser::{self, Serialize};

/// Feeds a value to the hasher `.0`.
pub struct Feed<'h, H>(pub &'h mut H);

/// Serialising into a hasher cannot fail; a value's own `Serialize` may.
#[derive(Debug)]
pub struct Failed;

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the value could not be serialised")
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Failed
    }
}

// One tag per kind of value in serde's data model.
const BOOL: u8 = 1;
const INT: u8 = 2;
const FLOAT: u8 = 3;
const CHAR: u8 = 4;
const STR: u8 = 5;
const BYTES: u8 = 6;
const NONE: u8 = 7;
const SOME: u8 = 8;
const UNIT: u8 = 9;
const VARIANT: u8 = 10;
const NEWTYPE: u8 = 11;
const OPEN: u8 = 12;
const CLOSE: u8 = 13;
const SKIPPED: u8 = 14;

impl<H: Hasher> Feed<'_, H> {
    fn tag(&mut self, tag: u8) {
        self.0.write_u8(tag);
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        self.0.write_usize(b.len());
        self.0.write(b);
    }

    fn variant(&mut self, index: u32, name: &str) {
        self.tag(VARIANT);
        self.0.write_u32(index);
        self.str(name);
    }

    fn reborrow(&mut self) -> Feed<'_, H> {
        Feed(&mut *self.0)
    }
}

impl<'h, H: Hasher> ser::Serializer for Feed<'h, H> {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(mut self, v: bool) -> Result<(), Failed> {
        self.tag(BOOL);
        self.0.write_u8(v.into());
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Failed> {
        self.serialize_i128(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Failed> {
        self.serialize_i128(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Failed> {
        self.serialize_i128(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Failed> {
        self.serialize_i128(v.into())
    }
    fn serialize_i128(mut self, v: i128) -> Result<(), Failed> {
        self.tag(INT);
        self.0.write_i128(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Failed> {
        self.serialize_i128(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Failed> {
        self.serialize_i128(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Failed> {
        self.serialize_i128(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Failed> {
        self.serialize_i128(v.into())
    }
    fn serialize_u128(mut self, v: u128) -> Result<(), Failed> {
        // Above i128::MAX it cannot meet a signed value; below, it is the same number.
        match i128::try_from(v) {
            Ok(v) => self.serialize_i128(v),
            Err(_) => {
                self.tag(INT);
                self.0.write_u8(0xff);
                self.0.write_u128(v);
                Ok(())
            }
        }
    }
    fn serialize_f32(self, v: f32) -> Result<(), Failed> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(mut self, v: f64) -> Result<(), Failed> {
        self.tag(FLOAT);
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(mut self, v: char) -> Result<(), Failed> {
        self.tag(CHAR);
        self.0.write_u32(v.into());
        Ok(())
    }
    fn serialize_str(mut self, v: &str) -> Result<(), Failed> {
        self.tag(STR);
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(mut self, v: &[u8]) -> Result<(), Failed> {
        self.tag(BYTES);
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(mut self) -> Result<(), Failed> {
        self.tag(NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(mut self, value: &T) -> Result<(), Failed> {
        self.tag(SOME);
        value.serialize(self)
    }
    fn serialize_unit(mut self) -> Result<(), Failed> {
        self.tag(UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Failed> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        mut self,
        _: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<(), Failed> {
        self.variant(index, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        self.tag(NEWTYPE);
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        self.variant(index, variant);
        value.serialize(self)
    }
    fn serialize_seq(mut self, _: Option<usize>) -> Result<Self, Failed> {
        self.tag(OPEN);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        index: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Failed> {
        self.variant(index, variant);
        self.tag(OPEN);
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Failed> {
        self.serialize_seq(len)
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Self, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Failed> {
        self.serialize_tuple_variant(name, index, variant, len)
    }
}

impl<H: Hasher> Feed<'_, H> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        value.serialize(self.reborrow())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Failed> {
        // Fields are named: one left out (`skip_serializing_if`) cannot shift the others.
        self.tag(STR);
        self.str(key);
        self.element(value)
    }

    fn close(mut self) -> Result<(), Failed> {
        self.tag(CLOSE);
        Ok(())
    }
}

macro_rules! sequence {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<H: Hasher> ser::$trait for Feed<'_, H> {
            type Ok = ();
            type Error = Failed;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
                self.element(value)
            }
            fn end(self) -> Result<(), Failed> {
                self.close()
            }
        }
    )*};
}

sequence!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<H: Hasher> ser::SerializeMap for Feed<'_, H> {
    type Ok = ();
    type Error = Failed;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Failed> {
        self.element(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        self.element(value)
    }
    fn end(self) -> Result<(), Failed> {
        self.close()
    }
}

impl<H: Hasher> ser::SerializeStruct for Feed<'_, H> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        self.field(key, value)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), Failed> {
        self.tag(SKIPPED);
        self.str(key);
        Ok(())
    }
    fn end(self) -> Result<(), Failed> {
        self.close()
    }
}

impl<H: Hasher> ser::SerializeStructVariant for Feed<'_, H> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        self.field(key, value)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), Failed> {
        self.tag(SKIPPED);
        self.str(key);
        Ok(())
    }
    fn end(self) -> Result<(), Failed> {
        self.close()
    }
}
