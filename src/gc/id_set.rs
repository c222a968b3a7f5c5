//! A set of object ids, one bit per id, shared by snapshots until written.

use crate::shared::Shared;

/// Ids per chunk: a chunk is 64 words (512 bytes).
const CHUNK_IDS: u32 = 4096;

type Chunk = [u64; (CHUNK_IDS / 64) as usize];

/// Object ids of one kind (mark bits, "traversed" bits, "marked for finalization" bits).
///
/// The bits live outside the objects, so marking never writes into an object a snapshot
/// shares. The bits are split in shared chunks of 4096 ids: cloning is O(1), and the first
/// write to a chunk after a clone copies that chunk (512 bytes) and the chunk list (one
/// pointer per 4096 ids), never the whole set.
#[derive(Clone, Default)]
pub(crate) struct IdSet {
    chunks: Shared<Vec<Shared<Chunk>>>,
}

impl IdSet {
    /// Whether `id` is in the set.
    #[inline]
    pub(crate) fn contains(&self, id: u32) -> bool {
        self.chunks
            .get((id / CHUNK_IDS) as usize)
            .is_some_and(|chunk| chunk[((id % CHUNK_IDS) >> 6) as usize] >> (id & 63) & 1 != 0)
    }

    /// Adds `id`; returns whether it was not in the set before.
    #[inline]
    pub(crate) fn insert(&mut self, id: u32) -> bool {
        if self.contains(id) {
            return false;
        }
        let chunk = (id / CHUNK_IDS) as usize;
        let chunks = Shared::make_mut(&mut self.chunks);
        if chunks.len() <= chunk {
            chunks.resize(chunk + 1, Shared::new([0; (CHUNK_IDS / 64) as usize]));
        }
        Shared::make_mut(&mut chunks[chunk])[((id % CHUNK_IDS) >> 6) as usize] |= 1u64 << (id & 63);
        true
    }

    /// Removes `id`; returns whether it was in the set.
    #[inline]
    pub(crate) fn remove(&mut self, id: u32) -> bool {
        if !self.contains(id) {
            return false;
        }
        let chunks = Shared::make_mut(&mut self.chunks);
        let chunk = Shared::make_mut(&mut chunks[(id / CHUNK_IDS) as usize]);
        chunk[((id % CHUNK_IDS) >> 6) as usize] &= !(1u64 << (id & 63));
        true
    }

    /// The ids in the set, ascending.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.chunks.iter().enumerate().flat_map(|(chunk, words)| {
            words
                .iter()
                .enumerate()
                .filter(|(_, bits)| **bits != 0)
                .flat_map(move |(word, &bits)| {
                    (0..64u32)
                        .filter(move |bit| bits >> bit & 1 != 0)
                        .map(move |bit| chunk as u32 * CHUNK_IDS + word as u32 * 64 + bit)
                })
        })
    }

    /// Empties the set.
    pub(crate) fn clear(&mut self) {
        if !self.chunks.is_empty() {
            self.chunks = Shared::default();
        }
    }

    /// Bytes the set occupies (for the collector's own accounting in measurements).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.chunks.len() * (std::mem::size_of::<Chunk>() + 8)
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
    fn ids_across_chunks() {
        let mut set = IdSet::default();
        for id in [0, 4095, 4096, 8191, 1 << 20, (1 << 24)] {
            assert!(set.insert(id));
        }
        for id in [0, 4095, 4096, 8191, 1 << 20, (1 << 24)] {
            assert!(set.contains(id));
        }
        assert!(!set.contains(4094) && !set.contains(4097) && !set.contains((1 << 24) - 1));
        assert!(set.remove(4096) && !set.contains(4096) && set.contains(4095));
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [0, 4095, 8191, 1 << 20, 1 << 24]
        );
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
