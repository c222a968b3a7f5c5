//! An id-addressed object store: a [`SeqStore`] of slots with a free list threaded through it.
//!
//! Ids are slot indices. A freed slot joins the head of the free list and is the next one
//! reused, so ids depend only on the sequence of allocations and frees — never on addresses,
//! hashing or timing — and are the same on every machine and after serialization.

use crate::errors::RuntimeError;
use crate::storage::{SeqStore, Storage};

/// Marks the end of the free list.
const NO_SLOT: u32 = u32::MAX;

/// One entry of a [`SlotStore`].
#[derive(Clone, Debug)]
pub(crate) enum Slot<T> {
    /// Unused; `next` is the following free slot (or `NO_SLOT`).
    Free { next: u32 },
    /// Holds a live object.
    Live(T),
}

/// Objects of one kind, addressed by `u32` ids.
#[derive(Clone)]
pub(crate) struct SlotStore<S: Storage, T: Clone + 'static> {
    slots: S::Vector<Slot<T>>,
    free_head: u32,
    live: u32,
}

impl<S: Storage, T: Clone + 'static> Default for SlotStore<S, T> {
    fn default() -> Self {
        Self {
            slots: Default::default(),
            free_head: NO_SLOT,
            live: 0,
        }
    }
}

impl<S: Storage, T: Clone + 'static> SlotStore<S, T> {
    /// Stores `value` and returns its id: the most recently freed slot, or a new one.
    pub(crate) fn insert(&mut self, value: T) -> Result<u32, RuntimeError> {
        let id = if self.free_head != NO_SLOT {
            let id = self.free_head;
            let slot = self
                .slots
                .get_mut(id as usize)
                .ok_or(RuntimeError::CorruptHeap)?;
            let Slot::Free { next } = *slot else {
                return Err(RuntimeError::CorruptHeap);
            };
            *slot = Slot::Live(value);
            self.free_head = next;
            id
        } else {
            let id = u32::try_from(self.slots.len())
                .ok()
                .filter(|&id| id != NO_SLOT)
                .ok_or(RuntimeError::OutOfMemory)?;
            self.slots.push(Slot::Live(value));
            id
        };
        self.live += 1;
        Ok(id)
    }

    /// The object with this id, if it is live.
    #[inline]
    pub(crate) fn get(&self, id: u32) -> Option<&T> {
        match self.slots.get(id as usize) {
            Some(Slot::Live(value)) => Some(value),
            _ => None,
        }
    }

    /// Mutable access to the object with this id, if it is live. Copies the shared path of the
    /// slot array first when a snapshot shares it.
    #[inline]
    pub(crate) fn get_mut(&mut self, id: u32) -> Option<&mut T> {
        match self.slots.get_mut(id as usize) {
            Some(Slot::Live(value)) => Some(value),
            _ => None,
        }
    }

    /// Frees the slot and returns its object; the id becomes the next one handed out.
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "objects are freed by the collector (issue 6)")
    )]
    pub(crate) fn remove(&mut self, id: u32) -> Option<T> {
        let slot = self.slots.get_mut(id as usize)?;
        if matches!(slot, Slot::Free { .. }) {
            return None;
        }
        let Slot::Live(value) = std::mem::replace(
            slot,
            Slot::Free {
                next: self.free_head,
            },
        ) else {
            return None;
        };
        self.free_head = id;
        self.live -= 1;
        Some(value)
    }

    /// Number of live objects.
    pub(crate) fn live(&self) -> usize {
        self.live as usize
    }

    /// Live objects with their ids, in id order.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "walked by the collector and serializer (issues 6, 7)"
        )
    )]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, &T)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(id, slot)| match slot {
                Slot::Live(value) => Some((id as u32, value)),
                Slot::Free { .. } => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{FlatStorage, PersistentStorage};

    fn ids_are_reused_lifo<S: Storage>() {
        let mut store = SlotStore::<S, u64>::default();
        let ids: Vec<u32> = (0..5).map(|i| store.insert(i * 10).unwrap()).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
        assert_eq!(store.remove(1), Some(10));
        assert_eq!(store.remove(3), Some(30));
        assert_eq!(store.remove(3), None, "double free is refused");
        assert_eq!(store.get(3), None);
        assert_eq!(store.live(), 3);
        // Most recently freed first, then the one before, then fresh slots.
        assert_eq!(store.insert(100).unwrap(), 3);
        assert_eq!(store.insert(101).unwrap(), 1);
        assert_eq!(store.insert(102).unwrap(), 5);
        assert_eq!(store.get(1), Some(&101));
        let live: Vec<(u32, u64)> = store.iter().map(|(id, v)| (id, *v)).collect();
        assert_eq!(
            live,
            [(0, 0), (1, 101), (2, 20), (3, 100), (4, 40), (5, 102)]
        );
    }

    #[test]
    fn ids_are_reused_lifo_persistent() {
        ids_are_reused_lifo::<PersistentStorage>();
    }

    #[test]
    fn ids_are_reused_lifo_flat() {
        ids_are_reused_lifo::<FlatStorage>();
    }

    #[test]
    fn clones_are_independent() {
        let mut store = SlotStore::<PersistentStorage, u64>::default();
        for i in 0..1000 {
            store.insert(i).unwrap();
        }
        let snapshot = store.clone();
        *store.get_mut(500).unwrap() = 7;
        store.remove(10);
        store.insert(99).unwrap();
        assert_eq!(snapshot.get(500), Some(&500));
        assert_eq!(snapshot.get(10), Some(&10));
        assert_eq!(snapshot.live(), 1000);
        assert_eq!(store.get(500), Some(&7));
        assert_eq!(store.get(10), Some(&99));
    }
}
