//! Interned, immutable Lua strings.
//!
//! Every string is interned: equal bytes always have the same [`StringRef`], so string equality
//! and table-key comparison are handle comparisons. The intern index maps the content hash to the
//! ids with that hash (the generation is read from the live slot, so a lookup always returns
//! the live handle); it is persistent (O(1) snapshot) and only ever looked up, never iterated,
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
    /// The handle of the string with these bytes, creating it if it does not exist yet; and
    /// whether it was created.
    pub(crate) fn intern(&mut self, bytes: &[u8]) -> Result<(StringRef, bool), RuntimeError> {
        let hash = hash_bytes(bytes);
        if let Some(bucket) = self.index.get(hash) {
            for &id in bucket {
                if let Some((generation, s)) = self.strings.get_by_id(id)
                    && *s.bytes == *bytes
                {
                    return Ok((StringRef(id, generation), false));
                }
            }
        }
        let (id, generation) = self.strings.insert(Shared::new(LuaStr {
            hash,
            bytes: bytes.into(),
        }))?;
        match self.index.get_mut(hash) {
            Some(bucket) => bucket.push(id),
            None => self.index.insert(hash, SmallVec::from_slice(&[id])),
        }
        Ok((StringRef(id, generation), true))
    }

    /// The handle of the live string with these bytes, if there is one (never creates).
    pub(crate) fn find(&self, bytes: &[u8]) -> Option<StringRef> {
        let bucket = self.index.get(hash_bytes(bytes))?;
        bucket.iter().find_map(|&id| {
            let (generation, s) = self.strings.get_by_id(id)?;
            (*s.bytes == *bytes).then_some(StringRef(id, generation))
        })
    }

    /// The string behind `string`, if it is live.
    #[inline]
    pub(crate) fn get(&self, string: StringRef) -> Option<&LuaStr> {
        self.strings.get(string.0, string.1).map(|s| &**s)
    }

    /// The live string in slot `id` with its generation (id-only access for the collector).
    pub(crate) fn get_by_id(&self, id: u32) -> Option<(u32, &LuaStr)> {
        self.strings
            .get_by_id(id)
            .map(|(generation, s)| (generation, &**s))
    }

    /// Live strings as `(id, generation, string)`, in id order.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "walked by the collector and serializer (issues 6, 7)"
        )
    )]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, u32, &LuaStr)> {
        self.strings
            .iter()
            .map(|(id, generation, s)| (id, generation, &**s))
    }

    /// Frees the string in slot `id` and drops it from the intern index (the collector frees
    /// by id); every handle to it goes stale. `None` if the slot holds no string.
    pub(crate) fn remove(&mut self, id: u32) -> Option<Shared<LuaStr>> {
        let string = self.strings.remove(id)?;
        if let Some(bucket) = self.index.get_mut(string.hash) {
            bucket.retain(|&mut other| other != id);
            if bucket.is_empty() {
                self.index.remove(string.hash);
            }
        }
        Some(string)
    }

    /// Number of slots, live and free (every string id is below it).
    pub(crate) fn slot_count(&self) -> u32 {
        self.strings.slot_count()
    }

    /// The store's exact form: every slot in id order, strings as bytes.
    pub(crate) fn to_data(&self) -> super::slot_data::SlotStoreData<crate::bytecode::Bytes> {
        self.strings
            .to_data(|s| crate::bytecode::Bytes(s.bytes.to_vec()))
    }

    /// Rebuilds the store and its intern index; refuses two live slots with the same bytes
    /// (interning guarantees one object per content).
    pub(crate) fn from_data(
        data: super::slot_data::SlotStoreData<crate::bytecode::Bytes>,
    ) -> Result<Self, super::slot_data::SlotDataError> {
        let strings = SlotStore::from_data(data, |_, bytes: crate::bytecode::Bytes| {
            Ok(Shared::new(LuaStr {
                hash: hash_bytes(&bytes.0),
                bytes: bytes.0.into_boxed_slice(),
            }))
        })?;
        let mut index: S::HashIndex<Bucket> = Default::default();
        for (id, _, string) in strings.iter() {
            match index.get_mut(string.hash) {
                Some(bucket) => {
                    let duplicate = bucket.iter().any(|&other| {
                        strings
                            .get_by_id(other)
                            .is_some_and(|(_, s)| s.bytes == string.bytes)
                    });
                    if duplicate {
                        return Err(super::slot_data::SlotDataError::BadObject(
                            id,
                            "the same string twice".to_owned(),
                        ));
                    }
                    bucket.push(id);
                }
                None => index.insert(string.hash, SmallVec::from_slice(&[id])),
            }
        }
        Ok(Self { strings, index })
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
        let a = strings.intern(b"hello").unwrap().0;
        let b = strings.intern(b"world").unwrap().0;
        let c = strings.intern(b"hello").unwrap().0;
        let binary = strings.intern(&[0xff, 0x00, 0xfe]).unwrap().0;
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
    fn data_round_trip_keeps_ids_generations_and_interning() {
        let mut strings = StringStore::<PersistentStorage>::default();
        let a = strings.intern(b"a").unwrap().0;
        let b = strings.intern(b"b").unwrap().0;
        strings.remove(a.id());
        let c = strings.intern(b"c").unwrap().0;
        let data = strings.to_data();
        let mut copy = StringStore::<PersistentStorage>::from_data(data.clone()).unwrap();
        assert_eq!(copy.to_data(), data);
        assert_eq!(copy.intern(b"b").unwrap(), (b, false));
        assert_eq!(copy.intern(b"c").unwrap(), (c, false));
        assert_eq!(copy.get(c).unwrap().as_bytes(), b"c");
        assert_eq!(
            copy.intern(b"new").unwrap(),
            strings.intern(b"new").unwrap()
        );
        // Two slots with the same bytes are refused.
        let mut twice = data;
        twice.slots.push(super::super::slot_data::SlotData::Live(
            0,
            crate::bytecode::Bytes(b"b".to_vec()),
        ));
        assert!(StringStore::<PersistentStorage>::from_data(twice).is_err());
    }

    #[test]
    fn snapshot_does_not_see_later_strings() {
        let mut strings = StringStore::<PersistentStorage>::default();
        let a = strings.intern(b"a").unwrap().0;
        let snapshot = strings.clone();
        let b = strings.intern(b"b").unwrap().0;
        assert!(snapshot.get(b).is_none());
        assert_eq!(snapshot.live(), 1);
        let mut snapshot = snapshot;
        // The snapshot hands out the same id independently.
        assert_eq!(snapshot.intern(b"c").unwrap().0, b);
        assert_eq!(snapshot.intern(b"a").unwrap().0, a);
    }

    fn freed_strings_go_stale<S: Storage>() {
        let mut strings = StringStore::<S>::default();
        let a = strings.intern(b"a").unwrap().0;
        let b = strings.intern(b"b").unwrap().0;
        assert_eq!(strings.get_by_id(a.id()).unwrap().0, a.generation());
        assert_eq!(strings.remove(a.id()).unwrap().as_bytes(), b"a");
        assert!(strings.remove(a.id()).is_none(), "double free is refused");
        assert!(strings.get(a).is_none());
        assert_eq!(strings.live(), 1);
        // The freed slot is reused by a different string: the old handle stays dead.
        let c = strings.intern(b"c").unwrap().0;
        assert_eq!(c.id(), a.id());
        assert_ne!(c, a);
        assert!(strings.get(a).is_none());
        assert_eq!(strings.get(c).unwrap().as_bytes(), b"c");
        // Re-interning the freed bytes makes a new string, not the stale handle.
        let a2 = strings.intern(b"a").unwrap().0;
        assert_ne!(a2, a);
        assert_eq!(strings.intern(b"a").unwrap().0, a2);
        assert_eq!(strings.intern(b"b").unwrap().0, b);
        assert_eq!(strings.intern(b"c").unwrap().0, c);
        let live: Vec<(u32, u32, Vec<u8>)> = strings
            .iter()
            .map(|(id, generation, s)| (id, generation, s.as_bytes().to_vec()))
            .collect();
        assert_eq!(
            live,
            [
                (c.id(), c.generation(), b"c".to_vec()),
                (b.id(), b.generation(), b"b".to_vec()),
                (a2.id(), a2.generation(), b"a".to_vec()),
            ]
        );
    }

    #[test]
    fn freed_strings_go_stale_persistent() {
        freed_strings_go_stale::<PersistentStorage>();
    }

    #[test]
    fn freed_strings_go_stale_flat() {
        freed_strings_go_stale::<FlatStorage>();
    }
}
