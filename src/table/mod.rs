//! Lua tables: an array part for keys `1..=n` and an ordered hash part for the rest.
//!
//! Invariants (checked by `Table::check_invariants` in tests):
//! - the array part is empty or ends with a non-nil value, so `#t` is its length (a border);
//! - the hash part holds no integer key in `1..=n+1` (so `t[n+1]` is nil and appends go to the
//!   array part);
//! - `array_nils` and `hash_dead` count the nils in the array part and the tombstones in the
//!   hash part;
//! - `array_capacity >= n`: like Lua's array size, positions up to it stay valid `next` keys
//!   after trailing nils are trimmed, until the array part is re-sized.
//!
//! `pairs` order is the array part by index, then the hash part in [`Key`] order — a function of
//! the operations performed only, identical after clone, after serialization and on any
//! machine. `next` is O(1) in the array part and O(log n) in the hash part.

mod array;
mod hash;
mod key;

pub(crate) use key::Key;

use crate::errors::RuntimeError;
use crate::storage::Storage;
use crate::value::{StringRef, TableRef, Value};
use array::ArrayPart;
use hash::HashPart;

/// Array parts up to this length are a plain `Vec`.
pub(crate) const SMALL_ARRAY_MAX: usize = 64;
/// Hash parts up to this many entries are a sorted `Vec`.
pub(crate) const SMALL_HASH_MAX: usize = 32;
/// Tombstones are purged on insertion once there are more of them than this and than live keys.
const PURGE_MIN_TOMBSTONES: u32 = 8;
/// The array part is re-sized on append once more than half of it (and at least this many
/// slots) is nil.
const SHRINK_MIN_NILS: u32 = 8;

/// Where an incremental traversal of a table stands (see [`Table::visit_from`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cursor {
    /// At this 0-based index of the array part.
    Array(usize),
    /// In the hash part, after this key (from its start for `None`).
    Hash(Option<Key>),
}

/// A Lua table.
#[derive(Clone, Default)]
pub(crate) struct Table<S: Storage> {
    array: ArrayPart<S>,
    array_nils: u32,
    array_capacity: u64,
    hash: HashPart<S>,
    hash_dead: u32,
    metatable: Option<TableRef>,
}

impl<S: Storage> Table<S> {
    /// The table's metatable.
    #[inline]
    pub(crate) fn metatable(&self) -> Option<TableRef> {
        self.metatable
    }

    pub(crate) fn set_metatable(&mut self, metatable: Option<TableRef>) {
        self.metatable = metatable;
    }

    /// `t[key]` without metamethods.
    #[inline]
    pub(crate) fn get(&self, key: Value) -> Value {
        match key {
            Value::Integer(i) => self.get_integer(i),
            Value::String(s) => self.get_string(s),
            _ => match Key::for_read(key) {
                Some(key) => self.get_key(&key),
                None => Value::Nil,
            },
        }
    }

    /// `t[i]` without metamethods.
    #[inline]
    pub(crate) fn get_integer(&self, i: i64) -> Value {
        match self.array_index(i) {
            Some(index) => self.array.get(index).unwrap_or_default(),
            None => self.hash.get(&Key::Integer(i)).copied().unwrap_or_default(),
        }
    }

    /// `t[s]` without metamethods.
    #[inline]
    pub(crate) fn get_string(&self, s: StringRef) -> Value {
        self.hash.get(&Key::String(s)).copied().unwrap_or_default()
    }

    fn get_key(&self, key: &Key) -> Value {
        match key {
            Key::Integer(i) => self.get_integer(*i),
            _ => self.hash.get(key).copied().unwrap_or_default(),
        }
    }

    /// `t[key] = value` without metamethods; errors for nil and NaN keys as lua5.4 does.
    pub(crate) fn set(&mut self, key: Value, value: Value) -> Result<(), RuntimeError> {
        let key = Key::for_write(key)?;
        self.set_key(key, value);
        Ok(())
    }

    pub(crate) fn set_key(&mut self, key: Key, value: Value) {
        if let Key::Integer(i) = key {
            let len = self.array.len();
            if let Some(index) = self.array_index(i) {
                self.set_array(index, value);
                return;
            }
            if i as u64 == len as u64 + 1 && !value.is_nil() {
                self.append(value);
                return;
            }
        }
        self.set_hash(key, value);
    }

    /// Stores `values` under the consecutive keys `first, first + 1, ...` (a table
    /// constructor's `SETLIST`). When they continue the array part, nils among them stay in the
    /// array part, as in lua5.4's pre-sized constructor arrays, so `#{1, nil, 3}` is 3.
    pub(crate) fn set_list(&mut self, first: i64, values: &[Value]) {
        let continues_array = first >= 1 && first as u64 == self.array.len() as u64 + 1;
        let clear_of_hash = || {
            (0..values.len() as i64).all(|i| {
                first
                    .checked_add(i)
                    .is_some_and(|k| self.hash.get(&Key::Integer(k)).is_none())
            })
        };
        if !continues_array || (self.hash.len() > 0 && !clear_of_hash()) {
            for (i, &value) in values.iter().enumerate() {
                self.set_key(Key::Integer(first.wrapping_add(i as i64)), value);
            }
            return;
        }
        for &value in values {
            if value.is_nil() {
                self.array_nils += 1;
            }
            self.array.push(value);
        }
        self.array_capacity = self.array_capacity.max(self.array.len() as u64);
        self.trim_array();
        self.absorb_following_keys();
    }

    /// 0-based array index for integer key `i`, if the array part holds it.
    #[inline]
    fn array_index(&self, i: i64) -> Option<usize> {
        let index = (i as u64).wrapping_sub(1);
        (index < self.array.len() as u64).then_some(index as usize)
    }

    fn set_array(&mut self, index: usize, value: Value) {
        let old = self.array.replace(index, value);
        match (old.is_nil(), value.is_nil()) {
            (false, true) => self.array_nils += 1,
            (true, false) => self.array_nils -= 1,
            _ => {}
        }
        if value.is_nil() && index + 1 == self.array.len() {
            self.trim_array();
        }
    }

    /// Drops trailing nils so the array part ends with a non-nil value.
    fn trim_array(&mut self) {
        let mut len = self.array.len();
        while len > 0 && self.array.get(len - 1).is_some_and(|v| v.is_nil()) {
            len -= 1;
            self.array_nils -= 1;
        }
        self.array.truncate(len);
    }

    /// Stores a non-nil value under key `n + 1` (a new key).
    fn append(&mut self, value: Value) {
        let key = self.array.len() + 1;
        if self.array_nils >= SHRINK_MIN_NILS && self.array_nils as usize * 2 > self.array.len() {
            self.shrink_sparse_array();
            if key != self.array.len() + 1 {
                self.insert_new_hash(Key::Integer(key as i64), value);
                return;
            }
        }
        self.array.push(value);
        self.array_capacity = self.array_capacity.max(self.array.len() as u64);
        self.absorb_following_keys();
    }

    /// Keeps "no hash key n+1": pulls the hash keys that continue the array part's sequence
    /// into it.
    fn absorb_following_keys(&mut self) {
        loop {
            let next = Key::Integer(self.array.len() as i64 + 1);
            match self.hash.remove(&next) {
                Some(v) if !v.is_nil() => {
                    self.array.push(v);
                    self.array_capacity = self.array_capacity.max(self.array.len() as u64);
                }
                Some(_) => {
                    self.hash_dead -= 1;
                    break;
                }
                None => break,
            }
        }
    }

    /// Re-sizes a mostly-nil array part as Lua's rehash does: keeps the longest prefix that is
    /// more than half full and moves the values after it to the hash part.
    fn shrink_sparse_array(&mut self) {
        let values: Vec<Value> = self.array.iter().collect();
        let (mut count, mut keep, mut kept_count) = (0usize, 0usize, 0usize);
        for (index, value) in values.iter().enumerate() {
            if !value.is_nil() {
                count += 1;
                if count * 2 > index + 1 {
                    keep = index + 1;
                    kept_count = count;
                }
            }
        }
        for (index, value) in values.iter().enumerate().skip(keep) {
            if !value.is_nil() {
                self.insert_new_hash(Key::Integer(index as i64 + 1), *value);
            }
        }
        // `keep` ends on a non-nil value, so the invariant "ends with non-nil" holds.
        self.array = ArrayPart::from_vec(values[..keep].to_vec());
        self.array_nils = (keep - kept_count) as u32;
        self.array_capacity = keep as u64;
    }

    fn set_hash(&mut self, key: Key, value: Value) {
        match self.hash.get(&key) {
            Some(old) => {
                let was_nil = old.is_nil();
                if was_nil && value.is_nil() {
                    return;
                }
                if let Some(slot) = self.hash.get_mut(&key) {
                    *slot = value;
                }
                match (was_nil, value.is_nil()) {
                    (false, true) => self.hash_dead += 1,
                    (true, false) => self.hash_dead -= 1,
                    _ => {}
                }
            }
            None if value.is_nil() => {}
            None => self.insert_new_hash(key, value),
        }
    }

    fn insert_new_hash(&mut self, key: Key, value: Value) {
        if self.hash_dead >= PURGE_MIN_TOMBSTONES && self.hash_dead as usize * 2 > self.hash.len() {
            self.hash.purge_tombstones();
            self.hash_dead = 0;
        }
        self.hash.insert_new(key, value);
    }

    /// `#t` without `__len`: a border (`t[n]` non-nil or `n == 0`, and `t[n+1]` nil). O(1).
    #[inline]
    pub(crate) fn border(&self) -> u64 {
        self.array.len() as u64
    }

    /// Visits every non-nil entry as `(key, value)`: the array part by index, then the hash
    /// part in key order (the collector's traversal; no allocation).
    pub(crate) fn for_each_entry(&self, mut visit: impl FnMut(Value, Value)) {
        for (index, value) in self.array.iter().enumerate() {
            if !value.is_nil() {
                visit(Value::Integer(index as i64 + 1), value);
            }
        }
        self.hash
            .for_each_live(|key, value| visit(key.to_value(), value));
    }

    /// Visits non-nil entries like [`for_each_entry`](Self::for_each_entry), from `cursor`,
    /// at most `limit` slots; returns where to continue, `None` when done. A cursor stays
    /// valid while the table changes (a position past the array's end continues in the
    /// hash part; a removed key still orders the keys after it).
    pub(crate) fn visit_from(
        &self,
        cursor: Cursor,
        limit: usize,
        mut visit: impl FnMut(Value, Value),
    ) -> Option<Cursor> {
        let mut left = limit;
        let after = match cursor {
            Cursor::Array(start) => {
                let mut index = start;
                while index < self.array.len() {
                    if left == 0 {
                        return Some(Cursor::Array(index));
                    }
                    left -= 1;
                    if let Some(value) = self.array.get(index)
                        && !value.is_nil()
                    {
                        visit(Value::Integer(index as i64 + 1), value);
                    }
                    index += 1;
                }
                None
            }
            Cursor::Hash(after) => Some(after),
        };
        if left == 0 {
            return Some(Cursor::Hash(after.flatten()));
        }
        self.hash
            .visit_after(after.flatten().as_ref(), left, |key, value| {
                visit(key.to_value(), value)
            })
            .map(|last| Cursor::Hash(Some(last)))
    }

    /// Number of value slots (array slots and hash entries, tombstones included): the
    /// table's size for memory accounting and the collector's work.
    #[inline]
    pub(crate) fn slot_count(&self) -> usize {
        self.array.len() + self.hash.len()
    }

    /// Lua's `next(t, key)`: the entry after `key` (the first for nil), or `None` at the end.
    ///
    /// A key removed during the traversal is still a valid position. Other keys the table does
    /// not hold give lua5.4's `invalid key to 'next'` error.
    pub(crate) fn next(&self, key: Value) -> Result<Option<(Value, Value)>, RuntimeError> {
        let start = match key {
            Value::Nil => 0,
            _ => {
                let key = Key::for_read(key).ok_or(RuntimeError::InvalidNextKey)?;
                match key {
                    Key::Integer(i) if self.array_index(i).is_some() => i as usize,
                    _ => return self.next_in_hash(&key),
                }
            }
        };
        for (index, value) in self.array.iter_from(start) {
            if !value.is_nil() {
                return Ok(Some((Value::Integer(index as i64 + 1), value)));
            }
        }
        Ok(self.hash.next_live(None).map(|(k, v)| (k.to_value(), v)))
    }

    fn next_in_hash(&self, key: &Key) -> Result<Option<(Value, Value)>, RuntimeError> {
        // Integers up to the array capacity are positions the array part held before trailing
        // nils were trimmed (possibly during this traversal): their successors are the hash
        // keys after them, which the key order puts first.
        let in_capacity =
            matches!(key, Key::Integer(i) if (*i as u64).wrapping_sub(1) < self.array_capacity);
        let known = in_capacity || self.hash.get(key).is_some();
        if !known {
            return Err(RuntimeError::InvalidNextKey);
        }
        Ok(self
            .hash
            .next_live(Some(key))
            .map(|(k, v)| (k.to_value(), v)))
    }

    /// Number of live entries.
    #[cfg(test)]
    pub(crate) fn count(&self) -> usize {
        (self.array.len() - self.array_nils as usize) + (self.hash.len() - self.hash_dead as usize)
    }

    /// The table's exact representation, for serialization.
    pub(crate) fn to_data(&self) -> TableData {
        TableData {
            metatable: self.metatable,
            array: self.array.iter().collect(),
            array_capacity: self.array_capacity,
            hash: self
                .hash
                .entries()
                .into_iter()
                .map(|(k, v)| (k.to_value(), v))
                .collect(),
        }
    }

    /// Rebuilds a table from [`TableData`], refusing any representation the table code could
    /// not have produced (so a decoded table keeps every invariant).
    pub(crate) fn from_data(data: TableData) -> Result<Self, String> {
        if data.array.last().is_some_and(|v| v.is_nil()) {
            return Err("table array part ends with nil".into());
        }
        let len = data.array.len() as u64;
        if data.array_capacity < len {
            return Err("table array capacity is below its length".into());
        }
        let mut entries = Vec::with_capacity(data.hash.len());
        for (key, value) in data.hash {
            let normalized = Key::for_read(key).ok_or("table key is nil or NaN")?;
            if matches!((key, normalized), (Value::Float(_), Key::Integer(_))) {
                return Err("table key is an integral float".into());
            }
            let key = normalized;
            if let Key::Integer(i) = key
                && (i as u64).wrapping_sub(1) <= len
            {
                return Err("table hash part holds an array key".into());
            }
            if entries
                .last()
                .is_some_and(|(last, _): &(Key, Value)| *last >= key)
            {
                return Err("table hash keys are not in ascending order".into());
            }
            entries.push((key, value));
        }
        let array_nils = data.array.iter().filter(|v| v.is_nil()).count() as u32;
        let hash_dead = entries.iter().filter(|(_, v)| v.is_nil()).count() as u32;
        Ok(Table {
            array: ArrayPart::from_vec(data.array),
            array_nils,
            array_capacity: data.array_capacity,
            hash: HashPart::from_sorted(entries),
            hash_dead,
            metatable: data.metatable,
        })
    }

    /// Asserts the invariants listed in the module documentation.
    #[cfg(test)]
    pub(crate) fn check_invariants(&self) {
        assert!(self.array.last().is_none_or(|v| !v.is_nil()));
        let nils = self.array.iter().filter(|v| v.is_nil()).count();
        assert_eq!(nils, self.array_nils as usize);
        assert!(self.array_capacity >= self.array.len() as u64);
        let entries = self.hash.entries();
        let dead = entries.iter().filter(|(_, v)| v.is_nil()).count();
        assert_eq!(dead, self.hash_dead as usize);
        let len = self.array.len() as u64;
        for pair in entries.windows(2) {
            assert!(pair[0].0 < pair[1].0);
        }
        for (key, _) in &entries {
            if let Key::Integer(i) = key {
                assert!(
                    (*i as u64).wrapping_sub(1) > len,
                    "hash holds array key {i}"
                );
            }
        }
    }
}

/// A table's exact representation: array part, hash part in order with tombstones, metatable.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct TableData {
    pub(crate) metatable: Option<TableRef>,
    pub(crate) array: Vec<Value>,
    pub(crate) array_capacity: u64,
    pub(crate) hash: Vec<(Value, Value)>,
}

#[cfg(test)]
mod tests;
