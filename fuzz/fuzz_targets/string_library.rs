//! The string library on hostile arguments: patterns (`find`, `match`, `gmatch`, `gsub`),
//! `format`, `pack`/`unpack` and `utf8` with arbitrary bytes end in results or Lua errors —
//! no panic, no hang (the pattern step budget), no unbounded allocation.
//!
//! Input: one selector byte, then up to three byte-string arguments separated by `0xFF`.
//! Sizes written in `pack` formats are capped (the memory limit arrives with the sandbox
//! issue; until then a format like `c2000000000` legitimately allocates 2 GB).

#![no_main]

use libfuzzer_sys::fuzz_target;
use red_moon::interpreter::{FunctionRef, MultiValue, TableRef, Value, Vm};

/// Library functions exercised, by selector byte (modulo the count).
const FUNCTIONS: [(&str, &str); 12] = [
    ("string", "find"),
    ("string", "match"),
    ("string", "gmatch"),
    ("string", "gsub"),
    ("string", "format"),
    ("string", "pack"),
    ("string", "unpack"),
    ("string", "packsize"),
    ("utf8", "len"),
    ("utf8", "codepoint"),
    ("utf8", "offset"),
    ("string", "rep"),
];

/// Whether a `pack` format asks for a size with more than five digits.
fn has_huge_size(format: &[u8]) -> bool {
    let mut run = 0;
    for &b in format {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run > 5 {
            return true;
        }
    }
    false
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (library, name) = FUNCTIONS[usize::from(selector) % FUNCTIONS.len()];
    let args: Vec<&[u8]> = rest.split(|&b| b == 0xFF).take(3).collect();
    if matches!(name, "pack" | "unpack" | "packsize")
        && args.first().is_some_and(|f| has_huge_size(f))
    {
        return;
    }
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    let env = ctx.default_environment();
    let table: TableRef = env.get(library, ctx).unwrap();
    let function: FunctionRef = table.get(name, ctx).unwrap();
    let mut values = MultiValue::new();
    for (i, arg) in args.iter().enumerate() {
        // Numeric-looking third arguments of `find`/`match` stay strings: the library
        // converts them (or raises its argument error) itself.
        let value = match (name, i) {
            ("rep", 1) => Value::Integer(arg.len() as i64 % 1000),
            ("format", 1 | 2) if arg.len() <= 8 => {
                let mut bytes = [0u8; 8];
                bytes[..arg.len()].copy_from_slice(arg);
                Value::Float(f64::from_le_bytes(bytes))
            }
            _ => Value::String(ctx.create_string(arg)),
        };
        values.push_back(value);
    }
    let results = function.call::<_, MultiValue>(values, ctx);
    match results {
        Ok(results) if name == "gmatch" => {
            // Drain the iterator (bounded by the subject's length plus one empty match).
            if let Value::Function(iterator) = results.get(0) {
                for _ in 0..=rest.len() + 1 {
                    match iterator.call::<_, MultiValue>((), ctx) {
                        Ok(found) if !found.get(0).is_nil() => {}
                        _ => break,
                    }
                }
            }
        }
        Ok(_) => {}
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
