//! `math.random`'s generator: lua5.4's xoshiro256**, with its state inside the VM.
//!
//! The algorithm, the seeding and the projection of a draw into an interval follow Lua 5.4.4
//! (`lmathlib.c`) step by step, so after the same `math.randomseed(n1, n2)` Red Moon draws the
//! same numbers as lua5.4, bit for bit, on every machine. Only integer arithmetic is involved
//! (the float of `math.random()` is an exact conversion of 53 bits).
//!
//! The state is four plain 64-bit words stored in the VM, so cloning the VM (a snapshot)
//! copies it: a snapshot and its origin continue the same sequence independently.

/// The generator state (four 64-bit words), seeded deterministically.
///
/// [`Random::default`] is the state lua5.4 has after `math.randomseed(0)` (seeds `0, 0`):
/// lua5.4 itself starts from the time and an address, which a deterministic VM cannot use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Random {
    pub(crate) state: [u64; 4],
}

impl Default for Random {
    fn default() -> Self {
        Self::seeded(0, 0)
    }
}

/// `2^-53`: scales the top 53 bits of a draw into `[0, 1)`.
const TWO_TO_MINUS_53: f64 = 1.0 / 9_007_199_254_740_992.0;

impl Random {
    /// The state lua5.4's `math.randomseed(n1, n2)` sets: `{n1, 0xff, n2, 0}` (the constant
    /// word keeps the state away from all zeros), then 16 draws discarded to spread the seed.
    pub(crate) fn seeded(n1: u64, n2: u64) -> Self {
        let mut random = Self {
            state: [n1, 0xff, n2, 0],
        };
        for _ in 0..16 {
            random.next_u64();
        }
        random
    }

    /// The next 64-bit draw (xoshiro256**).
    pub(crate) fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let shifted = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= shifted;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A draw as a float in `[0, 1)`: its top 53 bits times `2^-53` (lua5.4's `I2d`).
    pub(crate) fn to_float(draw: u64) -> f64 {
        // `draw >> 11` has at most 53 significant bits: the conversion is exact.
        (draw >> 11) as f64 * TWO_TO_MINUS_53
    }

    /// Projects the draw `draw` into `[0, n]` as lua5.4.4's `project` does: when `n + 1` is a
    /// power of two, the low bits; otherwise the draw masked with the smallest `2^b - 1` not
    /// below `n`, drawing again while the result exceeds `n` (no bias). Each try succeeds with
    /// probability above 1/2, so the loop ends quickly.
    pub(crate) fn project(&mut self, draw: u64, n: u64) -> u64 {
        if n & n.wrapping_add(1) == 0 {
            return draw & n;
        }
        // `n` is not zero here, so the mask has exactly `64 - leading_zeros` low bits set.
        let mask = u64::MAX >> n.leading_zeros();
        let mut value = draw & mask;
        while value > n {
            value = self.next_u64() & mask;
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_stays_in_range() {
        let mut random = Random::seeded(7, 0);
        for n in [
            1u64,
            2,
            3,
            5,
            6,
            7,
            100,
            1 << 40,
            (1 << 63) + 1,
            u64::MAX - 1,
            u64::MAX,
        ] {
            for _ in 0..200 {
                let draw = random.next_u64();
                assert!(random.project(draw, n) <= n);
            }
        }
        let draw = random.next_u64();
        assert_eq!(random.project(draw, 0), 0);
        assert_eq!(random.project(draw, u64::MAX), draw);
    }

    #[test]
    fn floats_are_in_unit_interval() {
        assert_eq!(Random::to_float(0), 0.0);
        assert_eq!(Random::to_float(u64::MAX), 1.0 - TWO_TO_MINUS_53);
        assert_eq!(Random::to_float(1 << 63), 0.5);
    }

    #[test]
    fn default_is_seed_zero() {
        assert_eq!(Random::default(), Random::seeded(0, 0));
        assert_ne!(Random::default().state, [0; 4]);
    }
}
