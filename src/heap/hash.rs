//! A fixed, platform-independent 64-bit hash of byte strings.
//!
//! Strings are interned by this hash, so it must give the same value on every machine (32- and
//! 64-bit, any endianness) and in every process: no seed, no `usize`, explicit little-endian
//! reads. It only speeds up lookups; no observable order ever depends on it.

const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;
const SECOND: u64 = 0xD6E8_FEB8_6659_FD93;

#[inline]
fn mix(state: u64, word: u64) -> u64 {
    let product = u128::from(state ^ word) * u128::from(MULTIPLIER);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Hashes `bytes` (content only; equal bytes give equal hashes everywhere).
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut state = SECOND ^ (bytes.len() as u64).wrapping_mul(MULTIPLIER);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        state = mix(state, u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        state = mix(state, u64::from_le_bytes(word) ^ SECOND);
    }
    mix(state, SECOND).rotate_left(23) ^ state
}

#[cfg(test)]
mod tests {
    use super::hash_bytes;

    #[test]
    fn hash_is_fixed() {
        // Pinned values: a change here would change interning on peers running older builds.
        assert_eq!(hash_bytes(b""), hash_bytes(b""));
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"b"));
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"a\0"));
        assert_ne!(hash_bytes(b"12345678"), hash_bytes(b"123456789"));
        let pinned = [
            hash_bytes(b""),
            hash_bytes(b"x"),
            hash_bytes(b"hello world"),
        ];
        assert_eq!(pinned, PINNED);
    }

    const PINNED: [u64; 3] = [
        15485907386658061715,
        13351528185181922736,
        18011167213113252660,
    ];

    #[test]
    fn few_collisions_on_similar_keys() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000u32 {
            assert!(seen.insert(hash_bytes(format!("k{i}").as_bytes())));
        }
    }
}
