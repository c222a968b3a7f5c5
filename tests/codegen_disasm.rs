//! Golden disassembly tests of the code generator: every `tests/disasm/NAME.lua` is compiled
//! with the chunk name `@NAME.lua`, checked by the bytecode verifier, and its listing
//! ([`red_moon::bytecode::disassemble`]) compared with `tests/disasm/NAME.expected`.
//!
//! `BLESS=1 cargo test --test codegen_disasm` rewrites the expected files from the current
//! output (review the diff instruction by instruction before committing it).
//! `DISASM_FILE=path cargo test --test codegen_disasm show -- --ignored --nocapture` prints
//! the listing of any file.

use std::path::{Path, PathBuf};

use red_moon::bytecode::{disassemble, verify};
use red_moon::compiler::compile;

/// The listing of `source` compiled as `@name`, or the compile error.
fn listing(source: &[u8], name: &str) -> String {
    match compile(source, format!("@{name}").as_bytes()) {
        Ok(proto) => {
            if let Err(error) = verify(&proto) {
                panic!("{name}: generated code fails verification: {error}");
            }
            disassemble(&proto)
        }
        Err(error) => format!("error: {}\n", error.message),
    }
}

/// The `.lua` files of `tests/disasm`, sorted.
fn sources() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/disasm");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/disasm is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "lua"))
        .collect();
    files.sort();
    files
}

#[test]
fn disassembly_matches_expected() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let files = sources();
    assert!(!files.is_empty(), "no golden sources");
    for path in files {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .expect("file name")
            .to_owned();
        let source = std::fs::read(&path).expect("source is readable");
        let actual = listing(&source, &name);
        let expected_path = path.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &actual).expect("expected file is writable");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            let first_difference = expected
                .lines()
                .zip(actual.lines())
                .position(|(e, a)| e != a)
                .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
            let context = |text: &str| -> String {
                text.lines()
                    .skip(first_difference.saturating_sub(3))
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            failures.push(format!(
                "{name}: listing differs at line {}\n--- expected\n{}\n--- actual\n{}\n",
                first_difference + 1,
                context(&expected),
                context(&actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden listing(s) differ (BLESS=1 regenerates):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Development helper: prints the listing of `$DISASM_FILE`.
#[test]
#[ignore]
fn show() {
    let Some(path) = std::env::var_os("DISASM_FILE") else {
        return;
    };
    let path = PathBuf::from(path);
    let source = std::fs::read(&path).expect("DISASM_FILE is readable");
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("input.lua")
        .to_owned();
    print!("{}", listing(&source, &name));
}
