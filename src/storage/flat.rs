//! Flat `std` storage: every clone deep-copies the whole state (the seed's design).

use super::{CowStore, HashIndexStore, OrdStore, PrecomputedBuildHasher, SeqStore, Storage};
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

/// Flat storage: plain `Vec`, `BTreeMap`, `HashMap` and `Box`, deep-copied by `clone()`.
///
/// Kept as the baseline the persistent design is measured against; it runs the same code.
#[derive(Clone, Copy, Debug, Default)]
pub struct FlatStorage;

impl Storage for FlatStorage {
    type Vector<T: Clone + 'static> = Vec<T>;
    type OrdMap<K: Ord + Clone + 'static, V: Clone + 'static> = BTreeMap<K, V>;
    type HashIndex<V: Clone + 'static> = HashMap<u64, V, PrecomputedBuildHasher>;
    type Cow<T: Clone + 'static> = Box<T>;
}

impl<T: Clone + 'static> SeqStore<T> for Vec<T> {
    fn from_vec(items: Vec<T>) -> Self {
        items
    }

    fn len(&self) -> usize {
        Vec::len(self)
    }

    fn get(&self, index: usize) -> Option<&T> {
        self.as_slice().get(index)
    }

    fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        self.as_mut_slice().get_mut(index)
    }

    fn push(&mut self, value: T) {
        Vec::push(self, value);
    }

    fn pop(&mut self) -> Option<T> {
        Vec::pop(self)
    }

    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len);
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.as_slice().iter()
    }
}

impl<K: Ord + Clone + 'static, V: Clone + 'static> OrdStore<K, V> for BTreeMap<K, V> {
    fn len(&self) -> usize {
        BTreeMap::len(self)
    }

    fn get(&self, key: &K) -> Option<&V> {
        BTreeMap::get(self, key)
    }

    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        BTreeMap::get_mut(self, key)
    }

    fn insert(&mut self, key: K, value: V) -> Option<V> {
        BTreeMap::insert(self, key, value)
    }

    fn remove(&mut self, key: &K) -> Option<V> {
        BTreeMap::remove(self, key)
    }

    fn iter_after(&self, key: &K) -> impl Iterator<Item = (&K, &V)> {
        self.range((Bound::Excluded(key), Bound::Unbounded))
    }

    fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        BTreeMap::iter(self)
    }

    fn from_sorted(entries: Vec<(K, V)>) -> Self {
        entries.into_iter().collect()
    }
}

impl<V: Clone + 'static> HashIndexStore<V> for HashMap<u64, V, PrecomputedBuildHasher> {
    fn get(&self, hash: u64) -> Option<&V> {
        HashMap::get(self, &hash)
    }

    fn get_mut(&mut self, hash: u64) -> Option<&mut V> {
        HashMap::get_mut(self, &hash)
    }

    fn insert(&mut self, hash: u64, value: V) {
        HashMap::insert(self, hash, value);
    }

    fn remove(&mut self, hash: u64) -> Option<V> {
        HashMap::remove(self, &hash)
    }
}

impl<T: Clone + 'static> CowStore<T> for Box<T> {
    fn new(value: T) -> Self {
        Box::new(value)
    }

    fn get(&self) -> &T {
        self
    }

    fn make_mut(&mut self) -> &mut T {
        self
    }
}
