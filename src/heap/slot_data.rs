//! The exact, serializable form of a [`SlotStore`]: every slot in id order, free ones with
//! their generation and free-list link, and the free-list head.
//!
//! Writing free slots too keeps ids, generations and the free list — and so every future
//! allocation — identical after a round trip. Rebuilding checks the free list, so a decoded
//! store can never hand out a live slot or loop.

use super::slots::{Slot, SlotStore};
use crate::storage::{SeqStore, Storage};
use serde::{Deserialize, Serialize};

/// One slot in serializable form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum SlotData<D> {
    /// `[generation, next]`.
    #[serde(rename = "F")]
    Free(u32, u32),
    /// `[generation, object]`.
    #[serde(rename = "L")]
    Live(u32, D),
}

/// A [`SlotStore`] in serializable form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct SlotStoreData<D> {
    pub(crate) slots: Vec<SlotData<D>>,
    pub(crate) free_head: u32,
}

/// Why a decoded store was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SlotDataError {
    #[error("more than 2^32 - 1 slots")]
    TooManySlots,
    #[error("free list link {0} is not a free slot")]
    BadFreeLink(u32),
    #[error("free slot {0} is not on the free list exactly once")]
    FreeSlotNotListed(u32),
    #[error("object in slot {0}: {1}")]
    BadObject(u32, String),
}

/// Marks the end of the free list (as in `slots`).
const NO_SLOT: u32 = u32::MAX;

impl<S: Storage, T: Clone + 'static> SlotStore<S, T> {
    /// The store's exact form, objects converted by `object`.
    pub(crate) fn to_data<D>(&self, mut object: impl FnMut(&T) -> D) -> SlotStoreData<D> {
        SlotStoreData {
            slots: self
                .raw_slots()
                .map(|slot| match slot {
                    Slot::Free { generation, next } => SlotData::Free(*generation, *next),
                    Slot::Live { generation, value } => SlotData::Live(*generation, object(value)),
                })
                .collect(),
            free_head: self.raw_free_head(),
        }
    }

    /// Rebuilds a store, objects converted (and checked) by `object`, which gets the slot id.
    /// The free list must link every free slot exactly once, through free slots only.
    pub(crate) fn from_data<D>(
        data: SlotStoreData<D>,
        mut object: impl FnMut(u32, D) -> Result<T, String>,
    ) -> Result<Self, SlotDataError> {
        let count = u32::try_from(data.slots.len())
            .ok()
            .filter(|&n| n != NO_SLOT)
            .ok_or(SlotDataError::TooManySlots)?;
        // Walk the free list: each link must be a free slot not seen before.
        let mut on_list = vec![false; count as usize];
        let mut free_count = 0u32;
        let mut link = data.free_head;
        while link != NO_SLOT {
            match data.slots.get(link as usize) {
                Some(SlotData::Free(_, next)) if !on_list[link as usize] => {
                    on_list[link as usize] = true;
                    free_count += 1;
                    link = *next;
                }
                _ => return Err(SlotDataError::BadFreeLink(link)),
            }
        }
        let mut slots = Vec::with_capacity(data.slots.len());
        let mut live = 0u32;
        for (id, slot) in data.slots.into_iter().enumerate() {
            let id = id as u32;
            slots.push(match slot {
                SlotData::Free(generation, next) => {
                    if !on_list[id as usize] {
                        return Err(SlotDataError::FreeSlotNotListed(id));
                    }
                    Slot::Free { generation, next }
                }
                SlotData::Live(generation, value) => {
                    live += 1;
                    let value = object(id, value).map_err(|e| SlotDataError::BadObject(id, e))?;
                    Slot::Live { generation, value }
                }
            });
        }
        debug_assert_eq!(live + free_count, count);
        Ok(Self::from_raw(
            S::Vector::from_vec(slots),
            data.free_head,
            live,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{FlatStorage, PersistentStorage};

    fn round_trip<S: Storage>() {
        let mut store = SlotStore::<S, u64>::default();
        for i in 0..10 {
            store.insert(i * 10).unwrap();
        }
        for id in [3, 7, 5] {
            store.remove(id);
        }
        store.insert(99).unwrap(); // reuses 5, generation 1
        let data = store.to_data(|v| *v);
        let mut copy = SlotStore::<S, u64>::from_data(data.clone(), |_, v| Ok(v)).unwrap();
        assert_eq!(copy.to_data(|v| *v), data);
        // The copy allocates exactly like the original.
        for value in [1, 2, 3] {
            assert_eq!(store.insert(value).unwrap(), copy.insert(value).unwrap());
        }
        assert_eq!(store.live(), copy.live());
    }

    #[test]
    fn round_trip_persistent() {
        round_trip::<PersistentStorage>();
    }

    #[test]
    fn round_trip_flat() {
        round_trip::<FlatStorage>();
    }

    #[test]
    fn broken_free_lists_are_refused() {
        let live = |g| SlotData::Live(g, 0u64);
        let cases = [
            // head points at a live slot
            (vec![live(0), SlotData::Free(1, NO_SLOT)], 0),
            // head out of range
            (vec![live(0)], 5),
            // a cycle
            (vec![SlotData::Free(0, 1), SlotData::Free(0, 0)], 0),
            // a free slot left off the list
            (
                vec![SlotData::Free(0, NO_SLOT), SlotData::Free(0, NO_SLOT)],
                0,
            ),
        ];
        for (slots, free_head) in cases {
            let data = SlotStoreData { slots, free_head };
            assert!(SlotStore::<PersistentStorage, u64>::from_data(data, |_, v| Ok(v)).is_err());
        }
        let data = SlotStoreData {
            slots: vec![live(0)],
            free_head: NO_SLOT,
        };
        let refused = SlotStore::<PersistentStorage, u64>::from_data(data, |_, _| Err("no".into()));
        assert!(matches!(refused, Err(SlotDataError::BadObject(0, _))));
    }
}
