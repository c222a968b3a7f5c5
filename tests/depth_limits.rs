//! Depth limits on the default 2 MiB stack of spawned threads (issue 8).
//!
//! Lua→Lua calls never recurse in Rust, but every call from Rust into Lua does: natives
//! calling back (`pcall`, `table.sort`, `string.gsub`, `tostring`, `load` readers, `require`),
//! metamethods run by instructions, `__close`, finalizers and coroutine resume chains. Each
//! nesting is counted against lua5.4's C-stack limit (`LUAI_MAXCCALLS`, 200) and must end in
//! lua5.4's catchable error, never in a Rust stack overflow (which aborts the process). The
//! programs in `tests/depth_limits/` (expected output produced by `lua5.4`) nest as deep as
//! the limits allow through each path, on a thread with Rust's default 2 MiB stack.

use red_moon::interpreter::{MultiValue, Value, Vm};
use std::sync::{Arc, Mutex};

/// Rust's default stack size for spawned threads (test harness threads included).
const SMALL_STACK: usize = 2 << 20;

/// Runs `source` (chunk name `@NAME.lua`) with the standard libraries on a thread with a
/// 2 MiB stack; returns its output, followed by the error if it ended in one.
fn run_small_stack(name: &'static str, source: &'static str) -> String {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || {
            let out = Arc::new(Mutex::new(Vec::<u8>::new()));
            let mut vm = Vm::default();
            let ctx = &mut vm.context();
            ctx.open_standard_libraries();
            let sink = Arc::clone(&out);
            ctx.set_print_sink(move |line: &[u8]| sink.lock().unwrap().extend_from_slice(line));
            // The address of a local of a native function: how deep the Rust stack is.
            let address = ctx.create_function(|_, _| {
                let local = 0u8;
                let address = std::hint::black_box(&local) as *const u8 as usize;
                Ok(MultiValue::from_slice(&[Value::Integer(address as i64)]))
            });
            ctx.default_environment()
                .set("stack_address", address, ctx)
                .unwrap();
            let result = ctx
                .load(source, &format!("@{name}.lua"))
                .and_then(|f| f.call::<_, MultiValue>((), ctx));
            ctx.close();
            let mut text = String::from_utf8_lossy(&out.lock().unwrap()).into_owned();
            if let Err(error) = result {
                text.push_str(&format!("error: {error}\n"));
            }
            text
        })
        .unwrap()
        .join()
        .unwrap()
}

macro_rules! programs {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            let name = stringify!($name);
            let source = include_str!(concat!("depth_limits/", stringify!($name), ".lua"));
            let expected = include_str!(concat!("depth_limits/", stringify!($name), ".expected"));
            assert_eq!(run_small_stack(name, source), expected);
        }
    )*};
}

programs!(callbacks, metamethods, coroutines);

/// Rust stack bytes one nesting level takes through each path: the address of a local of a
/// native function at depth 1 and at depth 101 (the stack grows down).
const COST_PROGRAMS: &[(&str, &str)] = &[
    ("pcall", "local function f(n) mark(n) if n <= 100 then pcall(f, n + 1) end end f(1)"),
    ("xpcall", "local function f(n) mark(n) if n <= 100 then xpcall(f, print, n + 1) end end f(1)"),
    ("__index", "local t = setmetatable({}, {__index = function(t, n) mark(n) if n <= 100 then return t[n + 1] end end}) local _ = t[1]"),
    ("__newindex", "local t = setmetatable({}, {__newindex = function(t, n) mark(n) if n <= 100 then t[n + 1] = 1 end end}) t[1] = 1"),
    ("__add", "local mt = {} mt.__add = function(a, n) mark(n) if n <= 100 then return a + (n + 1) end end local a = setmetatable({}, mt) local _ = a + 1"),
    ("__lt", "local n = 0 local mt = {} mt.__lt = function(a, b) n = n + 1 mark(n) if n <= 100 then return a < b end end local a = setmetatable({}, mt) local _ = a < a"),
    ("__eq", "local n = 0 local mt = {} mt.__eq = function(a, b) n = n + 1 mark(n) if n <= 100 then return a == setmetatable({}, mt) end end local a = setmetatable({}, mt) local _ = a == setmetatable({}, mt)"),
    ("__concat", "local mt = {} mt.__concat = function(a, n) mark(n) if n <= 100 then return a .. (n + 1) end return '' end local a = setmetatable({}, mt) local _ = a .. 1"),
    ("__len", "local n = 0 local mt = {} mt.__len = function(a) n = n + 1 mark(n) if n <= 100 then return #a end return 0 end local a = setmetatable({}, mt) local _ = #a"),
    ("__close", "local n = 0 local mt = {} mt.__close = function() n = n + 1 mark(n) if n <= 100 then local x <close> = setmetatable({}, mt) end end do local x <close> = setmetatable({}, mt) end"),
    ("__tostring", "local n = 0 local mt = {} mt.__tostring = function(a) n = n + 1 mark(n) if n <= 100 then return tostring(a) end return '' end tostring(setmetatable({}, mt))"),
    ("string.format", "local n = 0 local mt = {} mt.__tostring = function(a) n = n + 1 mark(n) if n <= 100 then return string.format('%s', a) end return '' end string.format('%s', setmetatable({}, mt))"),
    ("table.sort", "local function f(n) mark(n) if n <= 100 then table.sort({2, 1}, function(a, b) f(n + 1) return a < b end) end end f(1)"),
    ("string.gsub", "local function f(n) mark(n) if n <= 100 then string.gsub('a', '.', function() f(n + 1) end) end end f(1)"),
    ("load", "local function f(n) mark(n) if n <= 100 then load(function() f(n + 1) end) end end f(1)"),
    ("require", "local n = 0 package.searchers = {function(name) return function() n = n + 1 mark(n) if n <= 100 then return require(name .. 'x') end end end} require('a')"),
    ("coroutine.wrap", "local function f(n) mark(n) if n <= 100 then coroutine.wrap(f)(n + 1) end end f(1)"),
    ("coroutine.resume", "local function f(n) mark(n) if n <= 100 then coroutine.resume(coroutine.create(f), n + 1) end end f(1)"),
];

#[test]
fn stack_cost_per_level() {
    let mut report = String::new();
    for (path, body) in COST_PROGRAMS {
        let source = format!(
            "local marks = {{}}
             local function mark(n) marks[n] = stack_address() end
             {body}
             assert(marks[1] and marks[101], 'depth 101 reached')
             print((marks[1] - marks[101]) // 100)"
        );
        let source: &'static str = Box::leak(source.into_boxed_str());
        let out = run_small_stack("cost", source);
        report.push_str(&format!("{path}: {out}"));
    }
    eprint!("{report}");
}
