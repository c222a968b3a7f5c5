//! Tests over whole sources: the `tests/syntax/valid_*.lua` programs, the nesting limit
//! (calibrated against `lua5.4 file.lua`) and very long or very deep inputs, parsed in a
//! thread with a 2 MiB stack.

use super::parse;
use crate::compiler::CompileError;
use std::path::Path;

/// Runs `test` in a thread with a 2 MiB stack (the default for spawned threads, stated
/// explicitly): deep inputs must fail cleanly, not overflow the Rust stack.
fn with_small_stack(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(test)
        .expect("spawn test thread")
        .join()
        .expect("test thread");
}

/// Whether `source` fails with lua5.4's position-less `C stack overflow`.
fn overflows(source: &str) -> bool {
    match parse(source.as_bytes()) {
        Err(CompileError { line: None, text }) => text == "C stack overflow",
        _ => false,
    }
}

/// A construct: its name, the source nesting it `n` levels deep, and the smallest `n` at which
/// `lua5.4 file.lua` fails with `C stack overflow`.
type Nested = (&'static str, fn(usize) -> String, usize);

/// Nested sources of every construct that nests.
fn nested_sources() -> Vec<Nested> {
    vec![
        (
            "parens",
            |n| format!("x = {}1{}", "(".repeat(n), ")".repeat(n)),
            197,
        ),
        (
            "do",
            |n| format!("{}{}", "do ".repeat(n), "end ".repeat(n)),
            199,
        ),
        (
            "tables",
            |n| format!("x = {}{}", "{".repeat(n), "}".repeat(n)),
            198,
        ),
        (
            "functions",
            |n| {
                format!(
                    "x = {}1{}",
                    "function() return ".repeat(n),
                    " end".repeat(n)
                )
            },
            99,
        ),
        (
            "function statements",
            |n| format!("{}{}", "function f() ".repeat(n), " end".repeat(n)),
            199,
        ),
        ("unary minus", |n| format!("x = {}1", "- ".repeat(n)), 197),
        (
            "concat",
            |n| format!("x = {}", vec!["a"; n].join("..")),
            198,
        ),
        ("power", |n| format!("x = {}", vec!["a"; n].join("^")), 198),
        (
            "targets",
            |n| format!("{} = 1", vec!["a"; n].join(",")),
            198,
        ),
        (
            "labels",
            |n| {
                (0..n)
                    .map(|i| format!("::l{i}::"))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
            199,
        ),
        (
            "if",
            |n| format!("{}{}", "if x then ".repeat(n), "end ".repeat(n)),
            198,
        ),
        (
            "if break",
            |n| {
                format!(
                    "while 1 do {}break {}end",
                    "if x then ".repeat(n),
                    "end ".repeat(n)
                )
            },
            197,
        ),
        (
            "index",
            |n| format!("x = a{}{}", "[a".repeat(n), "]".repeat(n)),
            197,
        ),
        (
            "call arguments",
            |n| format!("f{}{}", "(f".repeat(n), ")".repeat(n)),
            198,
        ),
        (
            "keyed tables",
            |n| format!("x = {}1{}", "{[".repeat(n), "]=1}".repeat(n)),
            197,
        ),
        (
            "named tables",
            |n| format!("x = {}1{}", "{a=".repeat(n), "}".repeat(n)),
            197,
        ),
        (
            "while",
            |n| format!("{}{}", "while x do ".repeat(n), "end ".repeat(n)),
            198,
        ),
        (
            "repeat",
            |n| format!("{}{}", "repeat ".repeat(n), "until x ".repeat(n)),
            198,
        ),
        (
            "local functions",
            |n| format!("{}{}", "local function f() ".repeat(n), "end ".repeat(n)),
            199,
        ),
    ]
}

#[test]
fn valid_programs_parse() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/syntax");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/syntax exists") {
        let path = entry.expect("directory entry").path();
        let is_valid = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("valid_") && name.ends_with(".lua"));
        if is_valid {
            let source = std::fs::read(&path).expect("readable source");
            if let Err(error) = parse(&source) {
                panic!("{}: {error:?}", path.display());
            }
            count += 1;
        }
    }
    assert!(count >= 3, "valid programs found: {count}");
}

#[test]
fn nesting_limit_matches_lua() {
    with_small_stack(|| {
        for (what, make, limit) in nested_sources() {
            assert!(!overflows(&make(limit - 1)), "{what}: {} levels", limit - 1);
            assert!(parse(make(limit - 1).as_bytes()).is_ok(), "{what}");
            assert!(overflows(&make(limit)), "{what}: {limit} levels");
        }
    });
}

#[test]
fn very_deep_nesting_fails_cleanly() {
    with_small_stack(|| {
        let n = 100_000;
        for (what, make, _) in nested_sources() {
            assert!(overflows(&make(n)), "{what}");
        }
        // lua5.4 runs out of registers before levels on these (a code generator error here),
        // but they must fail cleanly too.
        for source in [
            format!("f{}{}", "{f".repeat(n), "}".repeat(n)),
            format!("a{}{}", ":m{a".repeat(n), "}".repeat(n)),
            format!("{}{}", "for i = 1, 2 do ".repeat(n), "end ".repeat(n)),
        ] {
            assert!(parse(source.as_bytes()).is_err());
        }
        // The overflow is reported before the syntax error that follows.
        assert!(overflows(&format!("x = {}", "(".repeat(n))));
        assert!(overflows(&format!("x = {}", "{".repeat(n))));
        assert!(overflows(&"function f() ".repeat(n)));
    });
}

#[test]
fn long_left_associative_chains_do_not_nest() {
    with_small_stack(|| {
        let n = 100_000;
        let sources = [
            format!("x = {}", vec!["1"; n].join("+")),
            format!("x = a{}", "+a".repeat(n)),
            format!("x = a{}", ".b".repeat(n)),
            format!("x = a{}", "[1]".repeat(n)),
            format!("f{}", "()".repeat(n)),
            format!("a{}", ":m()".repeat(n)),
            format!("x = a{}", " and a or a".repeat(n)),
            format!("x = {}", vec!["a"; n].join(" == ")),
            format!("local t = {{{}}}", "1, ".repeat(n)),
            "x = 1\n".repeat(n),
            format!("x = {}", vec!["a"; 150].join("..") + &"+a".repeat(n)),
        ];
        for source in &sources {
            let chunk = parse(source.as_bytes());
            assert!(
                chunk.is_ok(),
                "{:?}: {chunk:?}",
                &source[..40.min(source.len())]
            );
        }
    });
}

#[test]
fn many_locals_gotos_and_labels_stay_linear() {
    with_small_stack(|| {
        // Below lua5.4's limit of 32767 visible labels and pending gotos.
        let n = 30_000;
        // Many gotos pending at once, resolved by many labels.
        let mut source = String::new();
        for i in 0..n {
            source.push_str(&format!("goto l{i}\n"));
        }
        for i in 0..n {
            source.push_str(&format!("::l{i}:: x = 1\n"));
        }
        assert!(parse(source.as_bytes()).is_ok());
        // Many labels visible at once, each checked for duplicates. (Labels separated only by
        // `;` or other labels nest in lua5.4, so a statement separates them.)
        let source: String = (0..n).map(|i| format!("::l{i}:: x = 1\n")).collect();
        assert!(parse(source.as_bytes()).is_ok());
        assert!(overflows(
            &(0..n).map(|i| format!("::l{i}:: ;\n")).collect::<String>()
        ));
        // Many sibling blocks declaring locals, and uses of upvalues from deep functions.
        let mut source = String::from("local a, b, c\n");
        source.push_str(&"do local x, y, z = a, b, c end\n".repeat(n));
        source.push_str(&"function f() ".repeat(90));
        source.push_str(&"x = a + b + c\n".repeat(n));
        source.push_str(&" end".repeat(90));
        let result = parse(source.as_bytes());
        assert!(result.is_ok(), "{result:?}");
    });
}

#[test]
fn arbitrary_bytes_do_not_panic() {
    // A small deterministic generator: sources made of random token-like pieces.
    let pieces: &[&str] = &[
        "local", "function", "end", "do", "while", "for", "in", "if", "then", "else", "elseif",
        "repeat", "until", "return", "break", "goto", "::", "x", "y", "_ENV", "(", ")", "{", "}",
        "[", "]", "=", ",", ";", ".", ":", "..", "...", "+", "-", "*", "^", "#", "~", "<", ">",
        "==", "and", "or", "not", "nil", "true", "1", "2.5", "'s'", "<const>", "<close>", "\n",
        "::l::", "goto l", "\0", "\u{7f}", "[[", "]]", "--", "\"",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let count = (next() % 24) as usize;
        let source: Vec<u8> = (0..count)
            .flat_map(|_| {
                let piece = pieces[(next() % pieces.len() as u64) as usize];
                [piece.as_bytes(), b" "].concat()
            })
            .collect();
        let _ = parse(&source);
    }
}
