//! `math.random`'s generator: lua5.4's xoshiro256**, with its state inside the VM.

/// The generator state (four 64-bit words), seeded deterministically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Random {
    pub(crate) state: [u64; 4],
}

impl Default for Random {
    fn default() -> Self {
        Self { state: [0; 4] }
    }
}
