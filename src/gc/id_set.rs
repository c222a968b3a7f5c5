//! A set of object ids, one bit per id, shared by snapshots until written.

use crate::shared::Shared;

/// Object ids of one kind (mark bits, "traversed" bits, "marked for finalization" bits).
///
/// The bits live outside the objects, so marking never writes into an object a snapshot
/// shares. Cloning is O(1); the first write after a clone copies the bit array (one bit per
/// slot: 16 KiB for a million objects).
#[derive(Clone, Default)]
pub(crate) struct IdSet {
    words: Shared<Vec<u64>>,
}

impl IdSet {
    /// Whether `id` is in the set.
    #[inline]
    pub(crate) fn contains(&self, id: u32) -> bool {
        self.words
            .get((id >> 6) as usize)
            .is_some_and(|word| word >> (id & 63) & 1 != 0)
    }

    /// Adds `id`; returns whether it was not in the set before.
    #[inline]
    pub(crate) fn insert(&mut self, id: u32) -> bool {
        let index = (id >> 6) as usize;
        let bit = 1u64 << (id & 63);
        if self.words.get(index).is_some_and(|word| word & bit != 0) {
            return false;
        }
        let words = Shared::make_mut(&mut self.words);
        if words.len() <= index {
            words.resize(index + 1, 0);
        }
        words[index] |= bit;
        true
    }

    /// Removes `id`; returns whether it was in the set.
    #[inline]
    pub(crate) fn remove(&mut self, id: u32) -> bool {
        if !self.contains(id) {
            return false;
        }
        let words = Shared::make_mut(&mut self.words);
        words[(id >> 6) as usize] &= !(1u64 << (id & 63));
        true
    }

    /// Empties the set.
    pub(crate) fn clear(&mut self) {
        if !self.words.is_empty() {
            self.words = Shared::default();
        }
    }

    /// Bytes the set occupies (for the collector's own accounting in measurements).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.words.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_contains_remove() {
        let mut set = IdSet::default();
        assert!(!set.contains(0));
        assert!(set.insert(0));
        assert!(!set.insert(0));
        assert!(set.insert(1000));
        assert!(set.contains(1000) && set.contains(0) && !set.contains(999));
        assert!(set.remove(1000));
        assert!(!set.remove(1000));
        assert!(!set.contains(1000));
        assert!(!set.contains(u32::MAX));
        set.clear();
        assert!(!set.contains(0));
    }

    #[test]
    fn clones_are_independent() {
        let mut set = IdSet::default();
        set.insert(5);
        let snapshot = set.clone();
        set.insert(6);
        set.remove(5);
        assert!(snapshot.contains(5) && !snapshot.contains(6));
        assert!(!set.contains(5) && set.contains(6));
    }
}
