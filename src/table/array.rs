//! The array part of a table: values for keys `1..=len`.
//!
//! Small arrays are a plain `Vec`, copied whole on the first write after a snapshot (cheapest
//! below ~64 elements); bigger ones move to the storage's vector, where such a write copies one
//! 64-element chunk and its path instead of the whole array.

use super::SMALL_ARRAY_MAX;
use crate::storage::{SeqStore, Storage};
use crate::value::Value;

#[derive(Clone)]
pub(crate) enum ArrayPart<S: Storage> {
    Small(Vec<Value>),
    Big(S::Vector<Value>),
}

impl<S: Storage> Default for ArrayPart<S> {
    fn default() -> Self {
        ArrayPart::Small(Vec::new())
    }
}

impl<S: Storage> ArrayPart<S> {
    pub(crate) fn from_vec(values: Vec<Value>) -> Self {
        if values.len() <= SMALL_ARRAY_MAX {
            ArrayPart::Small(values)
        } else {
            ArrayPart::Big(S::Vector::from_vec(values))
        }
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        match self {
            ArrayPart::Small(v) => v.len(),
            ArrayPart::Big(v) => v.len(),
        }
    }

    /// Value at 0-based `index`.
    #[inline]
    pub(crate) fn get(&self, index: usize) -> Option<Value> {
        match self {
            ArrayPart::Small(v) => v.get(index).copied(),
            ArrayPart::Big(v) => v.get(index).copied(),
        }
    }

    /// Replaces the value at 0-based `index` (which must be in range) and returns the old one.
    #[inline]
    pub(crate) fn replace(&mut self, index: usize, value: Value) -> Value {
        let slot = match self {
            ArrayPart::Small(v) => v.get_mut(index),
            ArrayPart::Big(v) => v.get_mut(index),
        };
        match slot {
            Some(slot) => std::mem::replace(slot, value),
            None => Value::Nil,
        }
    }

    pub(crate) fn push(&mut self, value: Value) {
        match self {
            ArrayPart::Small(v) if v.len() < SMALL_ARRAY_MAX => v.push(value),
            ArrayPart::Small(v) => {
                let mut big = S::Vector::from_vec(std::mem::take(v));
                big.push(value);
                *self = ArrayPart::Big(big);
            }
            ArrayPart::Big(v) => v.push(value),
        }
    }

    pub(crate) fn truncate(&mut self, len: usize) {
        match self {
            ArrayPart::Small(v) => v.truncate(len),
            ArrayPart::Big(v) => v.truncate(len),
        }
    }

    #[cfg(test)]
    pub(crate) fn last(&self) -> Option<Value> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = Value> + '_ {
        let (small, big) = match self {
            ArrayPart::Small(v) => (Some(v.iter().copied()), None),
            ArrayPart::Big(v) => (None, Some(v.iter().copied())),
        };
        small.into_iter().flatten().chain(big.into_iter().flatten())
    }

    /// Values from 0-based `start` on, with their 0-based indices. Starting costs one indexed
    /// lookup (O(log n)), not a walk from the front: `next` relies on it.
    pub(crate) fn iter_from(&self, start: usize) -> impl Iterator<Item = (usize, Value)> + '_ {
        (start..self.len()).filter_map(move |index| self.get(index).map(|v| (index, v)))
    }
}
