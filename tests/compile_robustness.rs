//! Hostile source text: deep nesting, long chains, and every file under `tests/` fed to the
//! compiler. Each input ends in a prototype that passes the bytecode verifier or in a syntax
//! error — never a panic or a Rust stack overflow. The tests run on threads with a 2 MiB
//! stack (Rust's default for spawned threads) so a recursion bug shows up in any build.

use std::path::Path;

use red_moon::bytecode::verify;
use red_moon::compiler::compile;

/// Compiles `source` on a 2 MiB thread; `Ok(())` if it compiled and verified, else the
/// syntax error message.
fn compile_small_stack(source: Vec<u8>) -> Result<(), String> {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || match compile(&source, b"=input") {
            Ok(proto) => {
                verify(&proto).expect("compiled code verifies");
                Ok(())
            }
            Err(error) => Err(error.message),
        })
        .expect("thread starts")
        .join()
        .expect("the compiler does not panic")
}

fn nested(open: &str, middle: &str, close: &str, depth: usize) -> Vec<u8> {
    format!("{}{middle}{}", open.repeat(depth), close.repeat(depth)).into_bytes()
}

#[test]
fn deep_nesting_is_a_syntax_error() {
    let cases = [
        nested("(", "1", ")", 100_000),
        nested("{", "", "}", 100_000),
        nested("function() return ", "1", " end", 100_000),
        nested("do ", "", " end", 100_000),
        nested("- ", "1", "", 100_000),
        nested("not ", "1", "", 100_000),
        nested("2^", "2", "", 100_000),
        nested("'a'..", "'a'", "", 100_000),
        nested("if x then ", "", " end", 100_000),
        nested("while x do ", "", " end", 100_000),
        nested("f(", "", ")", 100_000),
        nested("t[", "1", "]", 100_000),
    ];
    for (index, case) in cases.into_iter().enumerate() {
        let mut source = b"x = ".to_vec();
        if case.starts_with(b"do") || case.starts_with(b"if") || case.starts_with(b"while") {
            source.clear();
        }
        source.extend_from_slice(&case);
        assert_eq!(
            compile_small_stack(source),
            Err("C stack overflow".to_owned()),
            "case {index}"
        );
    }
}

#[test]
fn moderate_nesting_compiles() {
    let cases = [
        format!("x = {}1{}", "(".repeat(150), ")".repeat(150)),
        format!("x = {}{}", "{".repeat(150), "}".repeat(150)),
        format!("{}{}", "do ".repeat(150), " end".repeat(150)),
        format!(
            "x = {}1{}",
            "function() return ".repeat(80),
            " end".repeat(80)
        ),
    ];
    for case in cases {
        assert_eq!(compile_small_stack(case.into_bytes()), Ok(()));
    }
}

#[test]
fn long_left_associative_chains_compile() {
    let cases = [
        format!("x = 1{}", " + y".repeat(100_000)),
        format!("x = a{}", ".b".repeat(100_000)),
        format!("x = f{}", "()".repeat(100_000)),
        format!("x = o{}", ":m()".repeat(100_000)),
        format!("x = a{}", " and b or c".repeat(50_000)),
        format!("x = a{}", " < b".repeat(100_000)),
        format!("x = {{{}}}", "1, ".repeat(100_000)),
        format!("f({})", "1, ".repeat(100).trim_end_matches(", ")),
        "x = 1\n".repeat(100_000),
    ];
    for case in cases {
        assert_eq!(compile_small_stack(case.into_bytes()), Ok(()));
    }
}

#[test]
fn every_file_under_tests_is_handled() {
    let mut files = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).expect("tests/ is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 5);
    for file in files {
        let source = std::fs::read(&file).expect("file is readable");
        // Any outcome is fine as long as it is an outcome.
        let _ = compile_small_stack(source);
    }
}
