//! The hash part of a table: every key the array part does not hold, in canonical [`Key`] order.
//!
//! A key assigned nil stays as a tombstone (a nil value), as Lua keeps dead keys: `next` can
//! continue from a key removed during traversal, and assigning nil never restructures the map.
//! Tombstones are purged only when a new key is inserted — which Lua also forbids during a
//! traversal.
//!
//! Small parts are a sorted `Vec` (binary search, whole-copy on the first write after a
//! snapshot); bigger ones move to the storage's ordered map, where `next` is O(log n).

use super::SMALL_HASH_MAX;
use super::key::Key;
use crate::storage::{OrdStore, Storage};
use crate::value::Value;

#[derive(Clone)]
pub(crate) enum HashPart<S: Storage> {
    Small(Vec<(Key, Value)>),
    Big(S::OrdMap<Key, Value>),
}

impl<S: Storage> Default for HashPart<S> {
    fn default() -> Self {
        HashPart::Small(Vec::new())
    }
}

impl<S: Storage> HashPart<S> {
    /// Builds a hash part from entries in ascending key order.
    pub(crate) fn from_sorted(entries: Vec<(Key, Value)>) -> Self {
        if entries.len() <= SMALL_HASH_MAX {
            HashPart::Small(entries)
        } else {
            HashPart::Big(S::OrdMap::from_sorted(entries))
        }
    }

    /// Number of entries, tombstones included.
    pub(crate) fn len(&self) -> usize {
        match self {
            HashPart::Small(v) => v.len(),
            HashPart::Big(m) => m.len(),
        }
    }

    /// The value under `key`; `Some(Nil)` for a tombstone.
    #[inline]
    pub(crate) fn get(&self, key: &Key) -> Option<&Value> {
        match self {
            HashPart::Small(v) => v
                .binary_search_by(|(k, _)| k.cmp(key))
                .ok()
                .map(|i| &v[i].1),
            HashPart::Big(m) => m.get(key),
        }
    }

    #[inline]
    pub(crate) fn get_mut(&mut self, key: &Key) -> Option<&mut Value> {
        match self {
            HashPart::Small(v) => match v.binary_search_by(|(k, _)| k.cmp(key)) {
                Ok(i) => Some(&mut v[i].1),
                Err(_) => None,
            },
            HashPart::Big(m) => m.get_mut(key),
        }
    }

    /// Inserts a key that is not present.
    pub(crate) fn insert_new(&mut self, key: Key, value: Value) {
        match self {
            HashPart::Small(v) => {
                let (Ok(i) | Err(i)) = v.binary_search_by(|(k, _)| k.cmp(&key));
                v.insert(i, (key, value));
                if v.len() > SMALL_HASH_MAX {
                    *self = HashPart::Big(S::OrdMap::from_sorted(std::mem::take(v)));
                }
            }
            HashPart::Big(m) => {
                m.insert(key, value);
            }
        }
    }

    /// Physically removes `key` (tombstone or not).
    pub(crate) fn remove(&mut self, key: &Key) -> Option<Value> {
        match self {
            HashPart::Small(v) => match v.binary_search_by(|(k, _)| k.cmp(key)) {
                Ok(i) => Some(v.remove(i).1),
                Err(_) => None,
            },
            HashPart::Big(m) => m.remove(key),
        }
    }

    /// The first live entry with a key greater than `after` (from the start for `None`).
    pub(crate) fn next_live(&self, after: Option<&Key>) -> Option<(Key, Value)> {
        match self {
            HashPart::Small(v) => {
                let start = match after {
                    None => 0,
                    Some(key) => v.partition_point(|(k, _)| k <= key),
                };
                v[start..]
                    .iter()
                    .find(|(_, value)| !value.is_nil())
                    .copied()
            }
            HashPart::Big(m) => {
                let found = match after {
                    None => m.iter().find(|(_, value)| !value.is_nil()),
                    Some(key) => m.iter_after(key).find(|(_, value)| !value.is_nil()),
                };
                found.map(|(k, v)| (*k, *v))
            }
        }
    }

    /// Visits every live entry in key order (the collector's traversal).
    pub(crate) fn for_each_live(&self, mut visit: impl FnMut(&Key, Value)) {
        match self {
            HashPart::Small(v) => v
                .iter()
                .filter(|(_, value)| !value.is_nil())
                .for_each(|(k, v)| visit(k, *v)),
            HashPart::Big(m) => m
                .iter()
                .filter(|(_, value)| !value.is_nil())
                .for_each(|(k, v)| visit(k, *v)),
        }
    }

    /// Visits up to `limit` live entries with keys after `after` (from the first for `None`),
    /// in key order; returns the last key visited when entries remain.
    pub(crate) fn visit_after(
        &self,
        after: Option<&Key>,
        limit: usize,
        mut visit: impl FnMut(&Key, Value),
    ) -> Option<Key> {
        let mut left = limit;
        let mut last = None;
        let mut step = |key: &Key, value: Value| -> bool {
            if left == 0 {
                return false;
            }
            left -= 1;
            last = Some(*key);
            if !value.is_nil() {
                visit(key, value);
            }
            true
        };
        let finished = match self {
            HashPart::Small(v) => {
                let start = after.map_or(0, |key| v.partition_point(|(k, _)| k <= key));
                v[start..].iter().all(|(k, value)| step(k, *value))
            }
            HashPart::Big(m) => match after {
                None => m.iter().all(|(k, value)| step(k, *value)),
                Some(key) => m.iter_after(key).all(|(k, value)| step(k, *value)),
            },
        };
        if finished { None } else { last }
    }

    /// All entries in key order, tombstones included.
    pub(crate) fn entries(&self) -> Vec<(Key, Value)> {
        match self {
            HashPart::Small(v) => v.clone(),
            HashPart::Big(m) => m.iter().map(|(k, v)| (*k, *v)).collect(),
        }
    }

    /// Drops every tombstone.
    pub(crate) fn purge_tombstones(&mut self) {
        let mut live = self.entries();
        live.retain(|(_, value)| !value.is_nil());
        *self = HashPart::from_sorted(live);
    }
}
