//! Normalized table keys and their canonical order.

use crate::errors::RuntimeError;
use crate::value::{
    CoroutineRef, FunctionRef, HostDataRef, StringRef, TableRef, Value, float_to_integer,
};
use std::cmp::Ordering;

/// A table key: any non-nil, non-NaN value, with integral floats normalized to integers
/// (`t[1.0]` is `t[1]`, `t[-0.0]` is `t[0]`).
///
/// The derived `Ord` below *is* Lua's `pairs` order for the hash part, so it must depend on the
/// key alone — never on a hash or an address. Positive integers sort first, ascending, then the
/// other integers: a traversal that continues from an integer the array part no longer holds
/// (the array shrinks when trailing elements are set to nil during `pairs`) still visits every
/// hash key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    Integer(i64),
    /// A float with a fractional part (never NaN, never integral).
    Float(FloatBits),
    Bool(bool),
    String(StringRef),
    Table(TableRef),
    Function(FunctionRef),
    Coroutine(CoroutineRef),
    HostData(HostDataRef),
}

/// The bits of a non-integral, non-NaN float; equality by bits is float equality for these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FloatBits(u64);

impl FloatBits {
    fn value(self) -> f64 {
        f64::from_bits(self.0)
    }
}

impl Key {
    /// The key for reading `t[value]`; `None` for nil and NaN, which no table can contain.
    #[inline]
    pub(crate) fn for_read(value: Value) -> Option<Key> {
        Some(match value {
            Value::Nil => return None,
            Value::Integer(i) => Key::Integer(i),
            Value::Float(f) => match float_to_integer(f) {
                Some(i) => Key::Integer(i),
                None if f.is_nan() => return None,
                None => Key::Float(FloatBits(f.to_bits())),
            },
            Value::Bool(b) => Key::Bool(b),
            Value::String(r) => Key::String(r),
            Value::Table(r) => Key::Table(r),
            Value::Function(r) => Key::Function(r),
            Value::Coroutine(r) => Key::Coroutine(r),
            Value::HostData(r) => Key::HostData(r),
        })
    }

    /// The key for writing `t[value] = v`, with lua5.4's errors for nil and NaN.
    #[inline]
    pub(crate) fn for_write(value: Value) -> Result<Key, RuntimeError> {
        Key::for_read(value).ok_or(match value {
            Value::Nil => RuntimeError::IndexIsNil,
            _ => RuntimeError::IndexIsNaN,
        })
    }

    /// The key as a Lua value.
    #[inline]
    pub(crate) fn to_value(self) -> Value {
        match self {
            Key::Integer(i) => Value::Integer(i),
            Key::Float(f) => Value::Float(f.value()),
            Key::Bool(b) => Value::Bool(b),
            Key::String(r) => Value::String(r),
            Key::Table(r) => Value::Table(r),
            Key::Function(r) => Value::Function(r),
            Key::Coroutine(r) => Value::Coroutine(r),
            Key::HostData(r) => Value::HostData(r),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Key::Integer(_) => 0,
            Key::Float(_) => 1,
            Key::Bool(_) => 2,
            Key::String(_) => 3,
            Key::Table(_) => 4,
            Key::Function(_) => 5,
            Key::Coroutine(_) => 6,
            Key::HostData(_) => 7,
        }
    }
}

/// Positive integers first (ascending), then `i64::MIN ..= 0` (ascending).
#[inline]
fn integer_order(i: i64) -> u64 {
    (i as u64).wrapping_sub(1)
}

impl Ord for Key {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Key::Integer(a), Key::Integer(b)) => integer_order(*a).cmp(&integer_order(*b)),
            (Key::Float(a), Key::Float(b)) => a.value().total_cmp(&b.value()),
            (Key::Bool(a), Key::Bool(b)) => a.cmp(b),
            (Key::String(a), Key::String(b)) => a.cmp(b),
            (Key::Table(a), Key::Table(b)) => a.cmp(b),
            (Key::Function(a), Key::Function(b)) => a.cmp(b),
            (Key::Coroutine(a), Key::Coroutine(b)) => a.cmp(b),
            (Key::HostData(a), Key::HostData(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_normalize() {
        assert_eq!(Key::for_read(Value::Float(1.0)), Some(Key::Integer(1)));
        assert_eq!(Key::for_read(Value::Float(-0.0)), Some(Key::Integer(0)));
        assert_eq!(Key::for_read(Value::Float(f64::NAN)), None);
        assert_eq!(Key::for_read(Value::Nil), None);
        assert!(matches!(
            Key::for_read(Value::Float(1.5)),
            Some(Key::Float(_))
        ));
        assert!(matches!(
            Key::for_read(Value::Float(1e300)),
            Some(Key::Float(_))
        ));
        assert!(matches!(
            Key::for_write(Value::Nil),
            Err(RuntimeError::IndexIsNil)
        ));
        assert!(matches!(
            Key::for_write(Value::Float(f64::NAN)),
            Err(RuntimeError::IndexIsNaN)
        ));
    }

    #[test]
    fn order_is_positive_integers_first() {
        let mut keys = vec![
            Key::Bool(true),
            Key::Integer(0),
            Key::Integer(-3),
            Key::Integer(i64::MIN),
            Key::Integer(i64::MAX),
            Key::Integer(2),
            Key::Integer(1),
            Key::String(StringRef(0, 0)),
            Key::Float(FloatBits(1.5f64.to_bits())),
            Key::Float(FloatBits((-1.5f64).to_bits())),
            Key::Bool(false),
            Key::Table(TableRef(9, 0)),
        ];
        keys.sort();
        assert_eq!(
            keys,
            vec![
                Key::Integer(1),
                Key::Integer(2),
                Key::Integer(i64::MAX),
                Key::Integer(i64::MIN),
                Key::Integer(-3),
                Key::Integer(0),
                Key::Float(FloatBits((-1.5f64).to_bits())),
                Key::Float(FloatBits(1.5f64.to_bits())),
                Key::Bool(false),
                Key::Bool(true),
                Key::String(StringRef(0, 0)),
                Key::Table(TableRef(9, 0)),
            ]
        );
    }
}
