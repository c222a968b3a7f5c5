//! The container interface the heap and tables are written against.
//!
//! Everything the VM keeps between host calls lives in four kinds of container. A [`Storage`]
//! picks an implementation for each:
//!
//! - [`PersistentStorage`] (the default, used by [`crate::interpreter::Vm`]): `imbl` vectors and
//!   ordered maps whose clone is O(1) and which copy only the touched path on write, plus
//!   copy-on-write boxes. Snapshots share all unmodified structure.
//! - [`FlatStorage`]: plain `Vec` / `BTreeMap` / `HashMap` / `Box`, deep-copied on clone — the
//!   flat-heap design of Red Moon's seed, kept as the baseline for side-by-side benchmarks.
//!
//! Nothing above this module names a concrete collection, so the interpreter runs unchanged on
//! either storage.

mod flat;
mod persistent;

pub use flat::FlatStorage;
pub use persistent::PersistentStorage;

use std::fmt::Debug;

/// Chooses the containers behind the VM's heap and tables.
pub trait Storage: Clone + Copy + Debug + Default + 'static {
    /// Indexable sequence: heap slot arrays and big table array parts.
    type Vector<T: Clone + 'static>: SeqStore<T>;
    /// Ordered map: big table hash parts (its order is Lua's `pairs` order).
    type OrdMap<K: Ord + Clone + 'static, V: Clone + 'static>: OrdStore<K, V>;
    /// Map from a precomputed 64-bit hash; lookup only, its order is never observed.
    type HashIndex<V: Clone + 'static>: HashIndexStore<V>;
    /// Owning box for one heap object, copied on write when shared.
    type Cow<T: Clone + 'static>: CowStore<T>;
}

/// Indexable, growable sequence.
pub trait SeqStore<T: Clone + 'static>: Clone + Default {
    /// Builds a sequence holding `items` in order.
    fn from_vec(items: Vec<T>) -> Self;
    /// Number of elements.
    fn len(&self) -> usize;
    /// Whether the sequence is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Element at `index`.
    fn get(&self, index: usize) -> Option<&T>;
    /// Mutable element at `index` (copies shared structure on the path first).
    fn get_mut(&mut self, index: usize) -> Option<&mut T>;
    /// Appends an element.
    fn push(&mut self, value: T);
    /// Removes and returns the last element.
    fn pop(&mut self) -> Option<T>;
    /// Shortens the sequence to `len` elements.
    fn truncate(&mut self, len: usize);
    /// Elements in order.
    fn iter(&self) -> impl Iterator<Item = &T>;
}

/// Ordered map with positional successor queries (what Lua's `next` needs).
pub trait OrdStore<K: Ord + Clone + 'static, V: Clone + 'static>: Clone + Default {
    /// Number of entries.
    fn len(&self) -> usize;
    /// Whether the map is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Value stored under `key`.
    fn get(&self, key: &K) -> Option<&V>;
    /// Mutable value stored under `key`.
    fn get_mut(&mut self, key: &K) -> Option<&mut V>;
    /// Inserts or replaces; returns the previous value.
    fn insert(&mut self, key: K, value: V) -> Option<V>;
    /// Removes the entry under `key`; returns its value.
    fn remove(&mut self, key: &K) -> Option<V>;
    /// Entries with a key strictly greater than `key`, ascending (`key` need not be present).
    fn iter_after(&self, key: &K) -> impl Iterator<Item = (&K, &V)>;
    /// All entries, ascending.
    fn iter(&self) -> impl Iterator<Item = (&K, &V)>;
    /// Builds a map from entries given in ascending key order.
    fn from_sorted(entries: Vec<(K, V)>) -> Self;
}

/// Lookup table keyed by an already computed 64-bit hash.
pub trait HashIndexStore<V: Clone + 'static>: Clone + Default {
    /// Value stored under `hash`.
    fn get(&self, hash: u64) -> Option<&V>;
    /// Mutable value stored under `hash`.
    fn get_mut(&mut self, hash: u64) -> Option<&mut V>;
    /// Inserts or replaces.
    fn insert(&mut self, hash: u64, value: V);
    /// Removes the entry under `hash`.
    fn remove(&mut self, hash: u64) -> Option<V>;
}

/// Owning pointer to one object; `make_mut` copies the object if a snapshot shares it.
pub trait CowStore<T: Clone + 'static>: Clone {
    /// Boxes `value`.
    fn new(value: T) -> Self;
    /// Shared access.
    fn get(&self) -> &T;
    /// Exclusive access, copying the object first if it is shared.
    fn make_mut(&mut self) -> &mut T;
}

/// A `Hasher` that passes an already computed `u64` through unchanged (the heap's string index
/// is keyed by content hashes that are computed once, deterministically).
#[derive(Clone, Copy, Debug, Default)]
pub struct PrecomputedHasher(u64);

impl std::hash::Hasher for PrecomputedHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed through this hasher; fold anything else in deterministically.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// `BuildHasher` for [`PrecomputedHasher`]: no seed, identical on every machine.
pub type PrecomputedBuildHasher = std::hash::BuildHasherDefault<PrecomputedHasher>;
