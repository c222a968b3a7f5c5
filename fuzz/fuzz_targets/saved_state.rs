//! Arbitrary bytes as a saved VM state: `Vm::from_cbor` returns an error or a VM, never
//! panics. A VM that loads must save, load and save again to the same bytes, and using it
//! (resuming its coroutines, calling its functions, stepping the collector, under a count-hook
//! budget) must only fail with Lua errors. See `tests/common/hostile_state.rs`, shared with
//! `tests/hostile_states.rs`; seeds in `fuzz/corpus/saved_state` (written by
//! `cargo test --release --test hostile_states -- --ignored write_fuzz_corpus`).
//!
//! With `RED_MOON_FUZZ_STRICT` set in the environment, an internal `corrupted VM state` error
//! from a loaded VM is a crash too (the validator let an impossible state through).

#![no_main]

#[path = "../../tests/common/hostile_state.rs"]
mod hostile_state;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let outcome = hostile_state::exercise(data, 20_000, 8, 40);
    if let hostile_state::Outcome::Loaded { corrupt, .. } = outcome {
        if corrupt > 0 && std::env::var_os("RED_MOON_FUZZ_STRICT").is_some() {
            panic!("a loaded state raised {corrupt} 'corrupted VM state' errors");
        }
    }
});
