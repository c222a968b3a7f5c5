//! `imbl`-backed storage: O(1) clone, copy-on-write of touched paths only.

use super::{CowStore, HashIndexStore, OrdStore, PrecomputedBuildHasher, SeqStore, Storage};
use crate::shared::{PointerKind, Shared};
use std::ops::Bound;

/// Persistent storage: the VM's default. Snapshots share every unmodified node.
#[derive(Clone, Copy, Debug, Default)]
pub struct PersistentStorage;

impl Storage for PersistentStorage {
    type Vector<T: Clone + 'static> = imbl::GenericVector<T, PointerKind>;
    type OrdMap<K: Ord + Clone + 'static, V: Clone + 'static> =
        imbl::GenericOrdMap<K, V, PointerKind>;
    type HashIndex<V: Clone + 'static> =
        imbl::GenericHashMap<u64, V, PrecomputedBuildHasher, PointerKind>;
    type Cow<T: Clone + 'static> = Shared<T>;
}

impl<T: Clone + 'static> SeqStore<T> for imbl::GenericVector<T, PointerKind> {
    fn from_vec(items: Vec<T>) -> Self {
        items.into_iter().collect()
    }

    fn len(&self) -> usize {
        imbl::GenericVector::len(self)
    }

    fn get(&self, index: usize) -> Option<&T> {
        imbl::GenericVector::get(self, index)
    }

    fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        imbl::GenericVector::get_mut(self, index)
    }

    fn push(&mut self, value: T) {
        self.push_back(value);
    }

    fn pop(&mut self) -> Option<T> {
        self.pop_back()
    }

    fn truncate(&mut self, len: usize) {
        imbl::GenericVector::truncate(self, len);
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        imbl::GenericVector::iter(self)
    }
}

impl<K: Ord + Clone + 'static, V: Clone + 'static> OrdStore<K, V>
    for imbl::GenericOrdMap<K, V, PointerKind>
{
    fn len(&self) -> usize {
        imbl::GenericOrdMap::len(self)
    }

    fn get(&self, key: &K) -> Option<&V> {
        imbl::GenericOrdMap::get(self, key)
    }

    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        imbl::GenericOrdMap::get_mut(self, key)
    }

    fn insert(&mut self, key: K, value: V) -> Option<V> {
        imbl::GenericOrdMap::insert(self, key, value)
    }

    fn remove(&mut self, key: &K) -> Option<V> {
        imbl::GenericOrdMap::remove(self, key)
    }

    fn iter_after(&self, key: &K) -> impl Iterator<Item = (&K, &V)> {
        self.range::<_, K>((Bound::Excluded(key), Bound::Unbounded))
    }

    fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        imbl::GenericOrdMap::iter(self)
    }

    fn from_sorted(entries: Vec<(K, V)>) -> Self {
        entries.into_iter().collect()
    }
}

impl<V: Clone + 'static> HashIndexStore<V>
    for imbl::GenericHashMap<u64, V, PrecomputedBuildHasher, PointerKind>
{
    fn get(&self, hash: u64) -> Option<&V> {
        imbl::GenericHashMap::get(self, &hash)
    }

    fn get_mut(&mut self, hash: u64) -> Option<&mut V> {
        imbl::GenericHashMap::get_mut(self, &hash)
    }

    fn insert(&mut self, hash: u64, value: V) {
        imbl::GenericHashMap::insert(self, hash, value);
    }

    fn remove(&mut self, hash: u64) -> Option<V> {
        imbl::GenericHashMap::remove(self, &hash)
    }
}

impl<T: Clone + 'static> CowStore<T> for Shared<T> {
    fn new(value: T) -> Self {
        Shared::new(value)
    }

    fn get(&self) -> &T {
        self
    }

    fn make_mut(&mut self) -> &mut T {
        Shared::make_mut(self)
    }
}
