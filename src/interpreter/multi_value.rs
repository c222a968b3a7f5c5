//! A list of Lua values: call arguments and results.

use crate::value::Value;
use smallvec::SmallVec;

/// An ordered list of values (arguments or results), inline up to four values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MultiValue {
    values: SmallVec<[Value; 4]>,
}

impl MultiValue {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// A list holding a copy of `values`.
    pub fn from_slice(values: &[Value]) -> Self {
        Self {
            values: SmallVec::from_slice(values),
        }
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The value at `index`; Lua adjusts missing values to nil, and so does this.
    pub fn get(&self, index: usize) -> Value {
        self.values.get(index).copied().unwrap_or_default()
    }

    /// Appends a value.
    pub fn push_back(&mut self, value: Value) {
        self.values.push(value);
    }

    /// Removes and returns the first value (nil when empty).
    pub fn pop_front(&mut self) -> Value {
        if self.values.is_empty() {
            Value::Nil
        } else {
            self.values.remove(0)
        }
    }

    /// The values in order.
    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        self.values.iter()
    }

    /// The values as a slice.
    pub fn as_slice(&self) -> &[Value] {
        &self.values
    }
}

impl From<Vec<Value>> for MultiValue {
    fn from(values: Vec<Value>) -> Self {
        Self {
            values: SmallVec::from_vec(values),
        }
    }
}

impl FromIterator<Value> for MultiValue {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Self {
        Self {
            values: iter.into_iter().collect(),
        }
    }
}

impl IntoIterator for MultiValue {
    type Item = Value;
    type IntoIter = smallvec::IntoIter<[Value; 4]>;

    fn into_iter(self) -> Self::IntoIter {
        self.values.into_iter()
    }
}
