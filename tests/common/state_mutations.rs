//! Structure-aware changes to a saved state: decoded as CBOR, one integer or one array
//! changed, encoded again. Shared by `tests/hostile_states.rs` and the `saved_state` fuzz
//! target's mutator (included there by path).

use ciborium::value::{Integer, Value as Cbor};

/// A small deterministic generator (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform-ish in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Visits every node, pre-order, until `f` returns true (recursion: as deep as the CBOR
/// decoder allows, 256 levels by default).
fn visit(value: &mut Cbor, f: &mut dyn FnMut(&mut Cbor) -> bool) -> bool {
    if f(value) {
        return true;
    }
    match value {
        Cbor::Array(items) => items.iter_mut().any(|item| visit(item, f)),
        Cbor::Map(entries) => entries.iter_mut().any(|(k, v)| visit(k, f) || visit(v, f)),
        Cbor::Tag(_, inner) => visit(inner, f),
        _ => false,
    }
}

/// One structure-aware change to the decoded CBOR: a random integer set to a neighbour or
/// an extreme, or an array element dropped or duplicated. Returns false if nothing changed.
pub fn damage_structure(value: &mut Cbor, rng: &mut Rng) -> bool {
    let change_integer = rng.below(3) != 0;
    let eligible = |v: &Cbor| match v {
        Cbor::Integer(_) => change_integer,
        Cbor::Array(items) => !change_integer && !items.is_empty(),
        _ => false,
    };
    let mut count = 0usize;
    visit(value, &mut |v| {
        count += usize::from(eligible(v));
        false
    });
    if count == 0 {
        return false;
    }
    let mut target = rng.below(count);
    let choice = rng.next();
    visit(value, &mut |v| {
        if !eligible(v) {
            return false;
        }
        if target > 0 {
            target -= 1;
            return false;
        }
        match v {
            Cbor::Integer(i) => {
                let old = i128::from(*i);
                let new = match choice % 9 {
                    0 | 1 => old + 1,
                    2 | 3 => old - 1,
                    4 => 0,
                    5 => i128::from(u32::MAX),
                    6 => i128::from(u64::MAX),
                    7 => i128::from(i64::MIN),
                    _ => old * 2 + 1,
                };
                if let Ok(new) = Integer::try_from(new) {
                    *i = new;
                }
            }
            Cbor::Array(items) => {
                let at = (choice >> 8) as usize % items.len();
                if choice.is_multiple_of(2) {
                    items.remove(at);
                } else {
                    let copy = items[at].clone();
                    items.insert(at, copy);
                }
            }
            _ => {}
        }
        true
    });
    true
}
