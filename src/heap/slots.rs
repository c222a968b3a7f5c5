//! An id-addressed object store: a [`SeqStore`] of slots with a free list threaded through it.
//!
//! Ids are slot indices. A freed slot joins the head of the free list and is the next one
//! reused, so ids depend only on the sequence of allocations and frees — never on addresses,
//! hashing or timing — and are the same on every machine and after serialization.
//!
//! Every slot also counts its reuses: freeing a slot increments its `u32` generation, and a
//! handle names an object by `(id, generation)`. A handle kept after its object was freed
//! therefore finds nothing (`None`) instead of whatever object reuses the slot. The generation
//! wraps around, so a stale handle could alias again only after its slot was freed and reused
//! 2^32 times. Generations, like ids, are a pure function of the allocations and frees.

use crate::errors::RuntimeError;
use crate::storage::{SeqStore, Storage};

/// Marks the end of the free list.
const NO_SLOT: u32 = u32::MAX;

/// One entry of a [`SlotStore`]. For a pointer-sized object (`Shared<T>`, `Box<T>`) a slot is
/// 16 bytes: the discriminant and the generation share the first word.
#[derive(Clone, Debug)]
pub(crate) enum Slot<T> {
    /// Unused; `next` is the following free slot (or `NO_SLOT`). `generation` is the one the
    /// next object stored here gets.
    Free { generation: u32, next: u32 },
    /// Holds a live object, created in this `generation` of the slot.
    Live { generation: u32, value: T },
}

/// Objects of one kind, addressed by `u32` ids and checked by `u32` generations.
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
    /// Stores `value` and returns its `(id, generation)`: the most recently freed slot, or a
    /// new one (generation 0).
    pub(crate) fn insert(&mut self, value: T) -> Result<(u32, u32), RuntimeError> {
        let (id, generation) = if self.free_head != NO_SLOT {
            let id = self.free_head;
            let slot = self
                .slots
                .get_mut(id as usize)
                .ok_or(RuntimeError::CorruptHeap)?;
            let Slot::Free { generation, next } = *slot else {
                return Err(RuntimeError::CorruptHeap);
            };
            *slot = Slot::Live { generation, value };
            self.free_head = next;
            (id, generation)
        } else {
            let id = u32::try_from(self.slots.len())
                .ok()
                .filter(|&id| id != NO_SLOT)
                .ok_or(RuntimeError::OutOfMemory)?;
            self.slots.push(Slot::Live {
                generation: 0,
                value,
            });
            (id, 0)
        };
        self.live += 1;
        Ok((id, generation))
    }

    /// The object named by `(id, generation)`, if it is live and the slot was not reused since.
    #[inline]
    pub(crate) fn get(&self, id: u32, generation: u32) -> Option<&T> {
        match self.slots.get(id as usize) {
            Some(Slot::Live {
                generation: current,
                value,
            }) if *current == generation => Some(value),
            _ => None,
        }
    }

    /// Mutable access to the object named by `(id, generation)`, if it is live and the slot was
    /// not reused since. Copies the shared path of the slot array first when a snapshot shares
    /// it.
    #[inline]
    pub(crate) fn get_mut(&mut self, id: u32, generation: u32) -> Option<&mut T> {
        match self.slots.get_mut(id as usize) {
            Some(Slot::Live {
                generation: current,
                value,
            }) if *current == generation => Some(value),
            _ => None,
        }
    }

    /// The live object in slot `id` with its generation, whatever handle named it (for the
    /// collector and internal ids that never reach the host).
    #[inline]
    pub(crate) fn get_by_id(&self, id: u32) -> Option<(u32, &T)> {
        match self.slots.get(id as usize) {
            Some(Slot::Live { generation, value }) => Some((*generation, value)),
            _ => None,
        }
    }

    /// Mutable access to the live object in slot `id`, whatever its generation (for the
    /// collector and internal ids that never reach the host).
    #[inline]
    pub(crate) fn get_mut_by_id(&mut self, id: u32) -> Option<&mut T> {
        match self.slots.get_mut(id as usize) {
            Some(Slot::Live { value, .. }) => Some(value),
            _ => None,
        }
    }

    /// Frees slot `id` and returns its object; the id becomes the next one handed out, with
    /// the next generation, so every handle to the freed object goes stale.
    pub(crate) fn remove(&mut self, id: u32) -> Option<T> {
        let slot = self.slots.get_mut(id as usize)?;
        let Slot::Live { generation, .. } = *slot else {
            return None;
        };
        let Slot::Live { value, .. } = std::mem::replace(
            slot,
            Slot::Free {
                generation: generation.wrapping_add(1),
                next: self.free_head,
            },
        ) else {
            return None;
        };
        self.free_head = id;
        self.live -= 1;
        Some(value)
    }

    /// The slots in id order (for `slot_data`).
    pub(super) fn raw_slots(&self) -> impl Iterator<Item = &Slot<T>> {
        self.slots.iter()
    }

    /// The head of the free list (for `slot_data`).
    pub(super) fn raw_free_head(&self) -> u32 {
        self.free_head
    }

    /// A store from checked parts (for `slot_data`).
    pub(super) fn from_raw(slots: S::Vector<Slot<T>>, free_head: u32, live: u32) -> Self {
        Self {
            slots,
            free_head,
            live,
        }
    }

    /// Number of slots, live and free: every id is below it.
    pub(crate) fn slot_count(&self) -> u32 {
        self.slots.len() as u32
    }

    /// Number of live objects.
    pub(crate) fn live(&self) -> usize {
        self.live as usize
    }

    /// Live objects as `(id, generation, object)`, in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, u32, &T)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(id, slot)| match slot {
                Slot::Live { generation, value } => Some((id as u32, *generation, value)),
                Slot::Free { .. } => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::Shared;
    use crate::storage::{FlatStorage, PersistentStorage};

    fn ids_are_reused_lifo<S: Storage>() {
        let mut store = SlotStore::<S, u64>::default();
        let ids: Vec<u32> = (0..5).map(|i| store.insert(i * 10).unwrap().0).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
        assert_eq!(store.remove(1), Some(10));
        assert_eq!(store.remove(3), Some(30));
        assert_eq!(store.remove(3), None, "double free is refused");
        assert_eq!(store.get(3, 0), None);
        assert_eq!(store.get_by_id(3), None);
        assert_eq!(store.live(), 3);
        // Most recently freed first, then the one before, then fresh slots; a reused slot is
        // in its next generation.
        assert_eq!(store.insert(100).unwrap(), (3, 1));
        assert_eq!(store.insert(101).unwrap(), (1, 1));
        assert_eq!(store.insert(102).unwrap(), (5, 0));
        assert_eq!(store.get(1, 1), Some(&101));
        assert_eq!(store.get_by_id(1), Some((1, &101)));
        let live: Vec<(u32, u32, u64)> = store.iter().map(|(id, g, v)| (id, g, *v)).collect();
        assert_eq!(
            live,
            [
                (0, 0, 0),
                (1, 1, 101),
                (2, 0, 20),
                (3, 1, 100),
                (4, 0, 40),
                (5, 0, 102)
            ]
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

    fn stale_handles_find_nothing<S: Storage>() {
        let mut store = SlotStore::<S, u64>::default();
        let (old_id, old_generation) = store.insert(1).unwrap();
        assert_eq!(store.get(old_id, old_generation), Some(&1));
        assert_eq!(
            store.get(old_id, old_generation + 1),
            None,
            "forged future handle"
        );
        assert_eq!(store.remove(old_id), Some(1));
        assert_eq!(store.get(old_id, old_generation), None, "freed");
        let (new_id, new_generation) = store.insert(2).unwrap();
        assert_eq!(new_id, old_id, "the slot is reused");
        assert_ne!(new_generation, old_generation);
        assert_eq!(store.get(old_id, old_generation), None, "stale after reuse");
        assert_eq!(
            store.get_mut(old_id, old_generation),
            None,
            "stale after reuse"
        );
        assert_eq!(store.get(new_id, new_generation), Some(&2));
        *store.get_mut(new_id, new_generation).unwrap() = 3;
        assert_eq!(store.get_by_id(new_id), Some((new_generation, &3)));
        *store.get_mut_by_id(new_id).unwrap() = 4;
        assert_eq!(store.get(new_id, new_generation), Some(&4));
    }

    #[test]
    fn stale_handles_find_nothing_persistent() {
        stale_handles_find_nothing::<PersistentStorage>();
    }

    #[test]
    fn stale_handles_find_nothing_flat() {
        stale_handles_find_nothing::<FlatStorage>();
    }

    #[test]
    fn generations_wrap_around() {
        let mut store = SlotStore::<FlatStorage, u64>::default();
        store.insert(0).unwrap();
        store.slots[0] = Slot::Live {
            generation: u32::MAX,
            value: 0,
        };
        store.remove(0);
        assert_eq!(store.insert(1).unwrap(), (0, 0));
        assert_eq!(store.get(0, u32::MAX), None);
        assert_eq!(store.get(0, 0), Some(&1));
    }

    #[test]
    fn pointer_slots_stay_16_bytes() {
        use std::mem::size_of;
        assert!(size_of::<Slot<Shared<u64>>>() <= 16);
        assert!(size_of::<Slot<Box<u64>>>() <= 16);
        assert!(size_of::<Slot<std::rc::Rc<u64>>>() <= 16);
        assert!(size_of::<Slot<std::sync::Arc<u64>>>() <= 16);
    }

    #[test]
    fn clones_are_independent() {
        let mut store = SlotStore::<PersistentStorage, u64>::default();
        for i in 0..1000 {
            store.insert(i).unwrap();
        }
        let snapshot = store.clone();
        *store.get_mut(500, 0).unwrap() = 7;
        store.remove(10);
        assert_eq!(store.insert(99).unwrap(), (10, 1));
        assert_eq!(snapshot.get(500, 0), Some(&500));
        assert_eq!(snapshot.get(10, 0), Some(&10));
        assert_eq!(snapshot.live(), 1000);
        assert_eq!(store.get(500, 0), Some(&7));
        assert_eq!(store.get(10, 0), None);
        assert_eq!(store.get(10, 1), Some(&99));
    }
}
