//! Interning of names and string literals during one compilation.
//!
//! Every distinct byte string gets a dense [`Symbol`] in first-seen order. The bytes of all
//! symbols live once, back to back, in one arena; the index maps a fixed, seedless 64-bit hash
//! of the content to the newest symbol with that hash, and older symbols sharing the hash are
//! chained behind it. Nothing depends on addresses or random seeds, and the index is never
//! iterated, so interning is deterministic; a lookup hashes the bytes once and compares them
//! with the (almost always single) symbol of the same hash.

use super::token::Symbol;
use crate::storage::PrecomputedBuildHasher;
use std::collections::HashMap;

/// Marks the end of a hash chain.
const NO_SYMBOL: u32 = u32::MAX;

/// One interned string: where its bytes are in the arena, and the previous symbol with the same
/// hash.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Offset of the symbol's bytes in the arena.
    start: usize,
    /// Offset just past the symbol's bytes.
    end: usize,
    /// The next older symbol with the same hash, or [`NO_SYMBOL`].
    next_same_hash: u32,
}

/// A table of byte strings, each with a dense [`Symbol`] id.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner {
    /// The bytes of every symbol, concatenated in id order.
    arena: Vec<u8>,
    /// One entry per symbol, indexed by id.
    entries: Vec<Entry>,
    /// Content hash → newest symbol with that hash.
    index: HashMap<u64, u32, PrecomputedBuildHasher>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// The symbol for `bytes`, created (with the next id) if they were never interned.
    pub fn intern(&mut self, bytes: &[u8]) -> Symbol {
        let hash = hash(bytes);
        let head = self.index.get(&hash).copied().unwrap_or(NO_SYMBOL);
        let mut candidate = head;
        while let Some(entry) = self.entries.get(candidate as usize) {
            if self.arena.get(entry.start..entry.end) == Some(bytes) {
                return Symbol(candidate);
            }
            candidate = entry.next_same_hash;
        }
        self.insert(hash, head, bytes)
    }

    /// Adds `bytes`, not interned yet, whose hash chain starts at `head`.
    fn insert(&mut self, hash: u64, head: u32, bytes: &[u8]) -> Symbol {
        // Ids stay below `NO_SYMBOL`: a source would need 4 G distinct strings to get there, far
        // more than the lexer can produce from any source that fits in memory.
        let id = u32::try_from(self.entries.len()).unwrap_or(NO_SYMBOL - 1);
        let start = self.arena.len();
        self.arena.extend_from_slice(bytes);
        self.entries.push(Entry {
            start,
            end: self.arena.len(),
            next_same_hash: head,
        });
        self.index.insert(hash, id);
        Symbol(id)
    }

    /// The bytes of `symbol` (empty for a symbol this interner never gave out).
    pub fn get(&self, symbol: Symbol) -> &[u8] {
        self.entries
            .get(symbol.0 as usize)
            .and_then(|entry| self.arena.get(entry.start..entry.end))
            .unwrap_or(&[])
    }

    /// Number of distinct strings interned so far.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` if nothing was interned yet.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A hasher for [`Symbol`] keys. Symbols are dense ids handed out in first-seen order, so
/// multiplying by an odd constant maps the first 2^k ids to distinct values in every k low
/// bits: no two live symbols collide, no seed is needed, and a script cannot choose its ids.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SymbolHasher(u64);

impl std::hash::Hasher for SymbolHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.0 = (self.0 ^ u64::from(value)).wrapping_mul(K);
    }
}

/// A lookup map keyed by [`Symbol`] (deterministic; never iterated for output).
pub(crate) type SymbolMap<V> =
    std::collections::HashMap<Symbol, V, std::hash::BuildHasherDefault<SymbolHasher>>;

/// Multiplier of the hash (the 64-bit golden ratio).
const K: u64 = 0x9E37_79B9_7F4A_7C15;
/// A second constant, separating the hash's inputs.
const K2: u64 = 0x243F_6A88_85A3_08D3;

/// Folds a word into the hash state: a 64×64→128-bit multiply, halves xored together.
#[inline]
fn fold(state: u64, word: u64) -> u64 {
    let product = u128::from(state ^ word) * u128::from(K);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The little-endian `u64` at `at` (0 if out of range, which the callers rule out).
#[inline]
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 8)
        .and_then(|word| word.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// The little-endian `u32` at `at` (0 if out of range, which the callers rule out).
#[inline]
fn read_u32(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 4)
        .and_then(|word| word.try_into().ok())
        .map_or(0, |word| u64::from(u32::from_le_bytes(word)))
}

/// A fixed, seedless content hash (little-endian reads, so the same on every platform).
///
/// Short strings (names, mostly) are read with two overlapping loads instead of byte by byte;
/// together with the length, the loads determine every byte, so no two strings of one length
/// collide systematically.
///
/// `crate::heap::hash::hash_bytes` would serve, but `heap::hash` is private to the heap; this
/// hash never leaves the compilation, so it only has to be fast and deterministic.
#[inline]
fn hash(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let state = (len as u64).wrapping_mul(K) ^ K2;
    let (first, last) = match len {
        0 => (0, 0),
        1..=3 => {
            let byte = |i: usize| u64::from(bytes.get(i).copied().unwrap_or(0));
            ((byte(0) << 16) | (byte(len / 2) << 8) | byte(len - 1), 0)
        }
        4..=7 => (read_u32(bytes, 0), read_u32(bytes, len - 4)),
        8..=16 => (read_u64(bytes, 0), read_u64(bytes, len - 8)),
        _ => {
            let mut state = state;
            let mut words = bytes.chunks_exact(8);
            for word in &mut words {
                state = fold(state, word.try_into().map_or(0, u64::from_le_bytes));
            }
            // The last 8 bytes (overlapping the loop's words) cover the remainder.
            return fold(fold(state, read_u64(bytes, len - 8)), K2);
        }
    };
    fold(fold(fold(state, first), last), K2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_dense_in_first_seen_order() {
        let mut interner = Interner::new();
        assert_eq!(interner.len(), 0);
        assert!(interner.is_empty());
        assert_eq!(interner.intern(b"local"), Symbol(0));
        assert_eq!(interner.intern(b"x"), Symbol(1));
        assert_eq!(interner.intern(b""), Symbol(2));
        assert_eq!(interner.intern(b"x"), Symbol(1));
        assert_eq!(interner.intern(b"local"), Symbol(0));
        assert_eq!(interner.intern(b"\0\xff"), Symbol(3));
        assert_eq!(interner.intern(b""), Symbol(2));
        assert_eq!(interner.len(), 4);
        assert_eq!(interner.get(Symbol(0)), b"local");
        assert_eq!(interner.get(Symbol(1)), b"x");
        assert_eq!(interner.get(Symbol(2)), b"");
        assert_eq!(interner.get(Symbol(3)), b"\0\xff");
        assert_eq!(interner.get(Symbol(4)), b"");
        assert_eq!(interner.get(Symbol(u32::MAX)), b"");
    }

    #[test]
    fn many_strings_round_trip() {
        let mut interner = Interner::new();
        let words: Vec<Vec<u8>> = (0..20_000u32)
            .map(|i| format!("name_{i}_{}", "z".repeat((i % 23) as usize)).into_bytes())
            .collect();
        for (i, word) in words.iter().enumerate() {
            assert_eq!(interner.intern(word), Symbol(i as u32));
        }
        for (i, word) in words.iter().enumerate() {
            assert_eq!(interner.intern(word), Symbol(i as u32));
            assert_eq!(interner.get(Symbol(i as u32)), word.as_slice());
        }
        assert_eq!(interner.len(), words.len());
        // Each string is stored once.
        let total: usize = words.iter().map(Vec::len).sum();
        assert_eq!(interner.arena.len(), total);
    }

    #[test]
    fn colliding_hashes_are_chained() {
        // Force collisions by inserting through the chain directly: two symbols under one hash.
        let mut interner = Interner::new();
        let a = interner.intern(b"alpha");
        let hash_a = hash(b"alpha");
        let hash_b = hash(b"beta");
        let b = interner.intern(b"beta");
        // Re-point the second string's index slot at the first string's hash chain.
        interner.index.remove(&hash_b);
        interner.entries[b.0 as usize].next_same_hash = a.0;
        interner.index.insert(hash_a, b.0);
        // Lookups by hash_a walk b then a.
        assert_eq!(interner.intern(b"alpha"), a);
        assert_eq!(interner.len(), 2);
    }

    #[test]
    fn hash_is_fixed_and_spreads() {
        // Pinned: the hash must not depend on the platform.
        assert_eq!(
            [
                hash(b""),
                hash(b"x"),
                hash(b"local"),
                hash(b"a_longer_name_here")
            ],
            PINNED
        );
        assert_ne!(hash(b"a"), hash(b"a\0"));
        assert_ne!(hash(b""), hash(b"\0"));
        let mut seen = std::collections::BTreeSet::new();
        let mut inputs = std::collections::BTreeSet::new();
        let mut add = |bytes: &[u8]| {
            seen.insert(hash(bytes));
            inputs.insert(bytes.to_vec());
        };
        // Every string of up to 3 bytes over 16 symbols, including NUL.
        let alphabet = b"\0\x01ab_xyzAZ09\xff \n.";
        add(b"");
        for &a in alphabet {
            add(&[a]);
            for &b in alphabet {
                add(&[a, b]);
                for &c in alphabet {
                    add(&[a, b, c]);
                }
            }
        }
        for i in 0..100_000u32 {
            add(i.to_string().as_bytes());
            add(format!("v{i}").as_bytes());
            add(format!("name_{i}_{}", "z".repeat((i % 29) as usize)).as_bytes());
        }
        assert_eq!(seen.len(), inputs.len());
    }

    const PINNED: [u64; 4] = [
        7491481703772693854,
        11366741128656111747,
        9596995254821398542,
        9291188880539143657,
    ];
}
