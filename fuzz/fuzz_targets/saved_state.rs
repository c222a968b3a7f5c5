//! Arbitrary bytes as a saved VM state: `Vm::from_cbor` returns an error or a VM, never
//! panics. A VM that loads must save, load and save again to the same bytes, and using it
//! (resuming its coroutines, calling its functions, stepping the collector, under a count-hook
//! budget) must only fail with Lua errors. See `tests/common/hostile_state.rs`, shared with
//! `tests/hostile_states.rs`; seeds in `fuzz/corpus/saved_state` (written by
//! `cargo test --release --test hostile_states -- --ignored write_fuzz_corpus`).
//!
//! Half of the mutations are structure-aware (`tests/common/state_mutations.rs`): an input
//! that is CBOR gets one integer or array changed and is encoded again, so that the fuzzer
//! reaches the decoder's and validator's checks instead of the CBOR parser's.
//!
//! With `RED_MOON_FUZZ_STRICT` set in the environment, an internal `corrupted VM state` error
//! from a loaded VM is a crash too (the validator let an impossible state through), and with
//! `RED_MOON_FUZZ_STRICT=2` so is a stale-reference error (`invalid table reference`, from a
//! value naming an object by a wrong generation: refused by the VM, not by the decoder).

#![no_main]

#[path = "../../tests/common/hostile_state.rs"]
mod hostile_state;
#[path = "../../tests/common/state_mutations.rs"]
mod state_mutations;

use ciborium::value::Value as Cbor;
use libfuzzer_sys::{fuzz_mutator, fuzz_target, fuzzer_mutate};
use state_mutations::{Rng, damage_structure};

fuzz_target!(|data: &[u8]| {
    let outcome = hostile_state::exercise(data, 20_000, 8, 40);
    if let hostile_state::Outcome::Loaded {
        corrupt, dangling, ..
    } = outcome
    {
        let strict = std::env::var("RED_MOON_FUZZ_STRICT").unwrap_or_default();
        if corrupt > 0 && !strict.is_empty() {
            panic!("a loaded state raised {corrupt} 'corrupted VM state' errors");
        }
        if dangling > 0 && strict == "2" {
            panic!("a loaded state raised {dangling} stale-reference errors");
        }
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let mut rng = Rng(u64::from(seed) | 1 << 40);
    if rng.below(2) == 0 {
        if let Ok(mut tree) = ciborium::from_reader::<Cbor, _>(&data[..size]) {
            for _ in 0..1 + rng.below(2) {
                damage_structure(&mut tree, &mut rng);
            }
            let mut bytes = Vec::new();
            if ciborium::into_writer(&tree, &mut bytes).is_ok() && bytes.len() <= max_size {
                data[..bytes.len()].copy_from_slice(&bytes);
                return bytes.len();
            }
        }
    }
    fuzzer_mutate(data, size, max_size)
});
