//! Hostile inputs to the standard library end in catchable Lua errors, quickly, without
//! allocating what they ask for: huge repetitions, widths and counts, and patterns that
//! backtrack exponentially (lua5.4 itself would abort, run out of memory or hang on some).

use red_moon::interpreter::Vm;
use std::time::{Duration, Instant};

/// Runs `expression` under `pcall` in a VM with the standard libraries; returns the error
/// message (the call must fail) and how long it took.
fn error_of(expression: &str) -> (String, Duration) {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    let source = format!(
        "local ok, message = pcall(function() return {expression} end)\n\
         assert(not ok, 'expected an error')\n\
         return tostring(message)"
    );
    let f = ctx.load(source, "=hostile").unwrap();
    let start = Instant::now();
    let message: String = f.call((), ctx).unwrap();
    (message, start.elapsed())
}

#[test]
fn huge_strings_are_refused_before_allocating() {
    for (expression, expected) in [
        ("string.rep('x', 2^40)", "resulting string too large"),
        ("string.rep('x', 2^31, ',')", "resulting string too large"),
        (
            "string.rep('a', 1 << 30, ',')",
            "resulting string too large",
        ),
        ("string.rep('aa', 1 << 30)", "resulting string too large"),
        (
            "string.rep('abc', math.maxinteger)",
            "resulting string too large",
        ),
        (
            "('x'):rep(1 << 62, ('y'):rep(4))",
            "resulting string too large",
        ),
        (
            "string.pack('i16', 1):rep(1 << 40)",
            "resulting string too large",
        ),
    ] {
        let (message, elapsed) = error_of(expression);
        assert!(message.ends_with(expected), "{expression}: {message}");
        assert!(
            elapsed < Duration::from_secs(5),
            "{expression} took {elapsed:?}"
        );
    }
}

#[test]
fn huge_widths_and_counts_are_errors() {
    for (expression, expected) in [
        ("string.format('%999999999d', 1)", "invalid conversion"),
        ("string.format('%.999999999f', 1)", "invalid conversion"),
        ("string.format('%100s', 'x')", "invalid conversion"),
        ("table.unpack({}, 1, 1e8)", "too many results to unpack"),
        (
            "table.unpack({}, math.mininteger, math.maxinteger)",
            "too many results to unpack",
        ),
        (
            "string.pack('c' .. (1 << 40), 'x')",
            "invalid format option",
        ),
        (
            "utf8.char(table.unpack({}, 1, 1e7))",
            "too many results to unpack",
        ),
        ("select(-1e10)", "index out of range"),
    ] {
        let (message, elapsed) = error_of(expression);
        assert!(message.contains(expected), "{expression}: {message}");
        assert!(
            elapsed < Duration::from_secs(5),
            "{expression} took {elapsed:?}"
        );
    }
}

/// The example: exponential backtracking stops within the step budget.
#[test]
fn backtracking_patterns_stop_within_the_budget() {
    for expression in [
        "string.find(('a'):rep(1e5), ('a*'):rep(100) .. 'b')",
        "string.match(('a'):rep(5000), ('(a-)'):rep(30) .. 'b')",
        "(('x'):rep(1e5)):gsub('.-.-.-.-y', '')",
    ] {
        let (message, elapsed) = error_of(expression);
        assert!(
            message.ends_with("pattern too complex"),
            "{expression}: {message}"
        );
        assert!(
            elapsed < Duration::from_secs(10),
            "{expression} took {elapsed:?}"
        );
    }
}
