//! Interned, immutable Lua strings.
//!
//! Every string is interned: equal bytes always have the same [`StringRef`], so string equality
//! and table-key comparison are id comparisons. The intern index maps the content hash to the
//! ids with that hash; it is persistent (O(1) snapshot) and only ever looked up, never iterated,
//! so its internal order can never leak into Lua-visible behaviour.

use super::hash::hash_bytes;
use super::slots::SlotStore;
use crate::errors::RuntimeError;
use crate::shared::Shared;
use crate::storage::{HashIndexStore, Storage};
use crate::value::StringRef;
use smallvec::SmallVec;

/// An immutable byte string with its content hash.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct LuaStr {
    hash: u64,
    bytes: Box<[u8]>,
}

impl LuaStr {
    /// The string's bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The string's content hash (identical on every machine).
    pub(crate) fn hash(&self) -> u64 {
        self.hash
    }
}

/// Ids of the strings sharing one 64-bit hash (almost always exactly one).
type Bucket = SmallVec<[u32; 2]>;

/// All strings of a VM.
#[derive(Clone)]
pub(crate) struct StringStore<S: Storage> {
    strings: SlotStore<S, Shared<LuaStr>>,
    index: S::HashIndex<Bucket>,
}

impl<S: Storage> Default for StringStore<S> {
    fn default() -> Self {
        Self {
            strings: SlotStore::default(),
            index: Default::default(),
        }
    }
}

impl<S: Storage> StringStore<S> {
    /// The id of the string with these bytes, creating it if it does not exist yet.
    pub(crate) fn intern(&mut self, bytes: &[u8]) -> Result<StringRef, RuntimeError> {
        let hash = hash_bytes(bytes);
        if let Some(bucket) = self.index.get(hash) {
            for &id in bucket {
                if self.strings.get(id).is_some_and(|s| *s.bytes == *bytes) {
                    return Ok(StringRef(id));
                }
            }
        }
        let id = self.strings.insert(Shared::new(LuaStr {
            hash,
            bytes: bytes.into(),
        }))?;
        match self.index.get_mut(hash) {
            Some(bucket) => bucket.push(id),
            None => self.index.insert(hash, SmallVec::from_slice(&[id])),
        }
        Ok(StringRef(id))
    }

    /// The string behind `id`, if it is live.
    #[inline]
    pub(crate) fn get(&self, id: StringRef) -> Option<&LuaStr> {
        self.strings.get(id.0).map(|s| &**s)
    }

    /// Number of live strings.
    pub(crate) fn live(&self) -> usize {
        self.strings.live()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{FlatStorage, PersistentStorage};

    fn interning<S: Storage>() {
        let mut strings = StringStore::<S>::default();
        let a = strings.intern(b"hello").unwrap();
        let b = strings.intern(b"world").unwrap();
        let c = strings.intern(b"hello").unwrap();
        let binary = strings.intern(&[0xff, 0x00, 0xfe]).unwrap();
        assert_eq!(a, c);
        assert_ne!(a, b);
        assert_eq!(strings.get(a).unwrap().as_bytes(), b"hello");
        assert_eq!(strings.get(binary).unwrap().as_bytes(), &[0xff, 0x00, 0xfe]);
        assert_eq!(strings.live(), 3);
        assert_eq!(
            strings.get(a).unwrap().hash(),
            super::super::hash::hash_bytes(b"hello")
        );
    }

    #[test]
    fn interning_persistent() {
        interning::<PersistentStorage>();
    }

    #[test]
    fn interning_flat() {
        interning::<FlatStorage>();
    }

    #[test]
    fn snapshot_does_not_see_later_strings() {
        let mut strings = StringStore::<PersistentStorage>::default();
        let a = strings.intern(b"a").unwrap();
        let snapshot = strings.clone();
        let b = strings.intern(b"b").unwrap();
        assert!(snapshot.get(b).is_none());
        assert_eq!(snapshot.live(), 1);
        let mut snapshot = snapshot;
        // The snapshot hands out the same id independently.
        assert_eq!(snapshot.intern(b"c").unwrap(), b);
        assert_eq!(snapshot.intern(b"a").unwrap(), a);
    }
}
