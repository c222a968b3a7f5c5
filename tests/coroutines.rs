//! Coroutines against lua5.4 (5.4.4): the programs in `tests/coroutines/` (expected output
//! produced by `lua5.4`), host-level checks, and snapshots taken while coroutines are
//! suspended.

use red_moon::interpreter::{FunctionRef, MultiValue, Value, Vm, VmContext};
use std::sync::{Arc, Mutex};

/// A VM with the base, table, math and coroutine libraries and a `print` writing to `out`.
fn vm_with_print(out: &Arc<Mutex<String>>) -> Vm {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_base_library();
    ctx.open_table_library();
    ctx.open_math_library();
    ctx.open_coroutine_library();
    let tostring: FunctionRef = ctx.default_environment().get("tostring", ctx).unwrap();
    let out = Arc::clone(out);
    let print = ctx.create_function(move |call, ctx: &mut VmContext<'_>| {
        let mut line = Vec::new();
        for &value in call.args().iter() {
            line.push(tostring.call::<_, String>(value, ctx)?);
        }
        let mut out = out.lock().unwrap();
        out.push_str(&line.join("\t"));
        out.push('\n');
        Ok(MultiValue::new())
    });
    let globals = ctx.default_environment();
    globals.set("print", print, ctx).unwrap();
    vm
}

/// Runs a program (chunk name `@NAME.lua`) on a thread with a big stack (resume chains
/// nest Rust calls up to the C-stack limit); returns its output, or the output and the error.
fn run_program(name: &'static str, source: &'static str) -> String {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let out = Arc::new(Mutex::new(String::new()));
            let mut vm = vm_with_print(&out);
            let ctx = &mut vm.context();
            let result = ctx
                .load(source, &format!("@{name}.lua"))
                .and_then(|f| f.call::<_, MultiValue>((), ctx));
            let mut text = out.lock().unwrap().clone();
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
            let source = include_str!(concat!("coroutines/", stringify!($name), ".lua"));
            let expected = include_str!(concat!("coroutines/", stringify!($name), ".expected"));
            assert_eq!(run_program(name, source), expected);
        }
    )*};
}

programs!(
    generators,
    pcall,
    nested,
    wrap_errors,
    close,
    upvalues,
    misc,
    edge_cases,
);

/// Evaluates `source` and returns its results as text (`error: ...` on failure).
fn eval(vm: &mut Vm, source: &str) -> String {
    let ctx = &mut vm.context();
    let tostring: FunctionRef = ctx.default_environment().get("tostring", ctx).unwrap();
    match ctx
        .load(source, "=input")
        .and_then(|f| f.call::<_, MultiValue>((), ctx))
    {
        Ok(values) => values
            .iter()
            .map(|&v| tostring.call::<_, String>(v, ctx).unwrap())
            .collect::<Vec<_>>()
            .join("|"),
        Err(error) => format!("error: {error}"),
    }
}

#[test]
fn threads_print_their_id() {
    let out = Arc::new(Mutex::new(String::new()));
    let mut vm = vm_with_print(&out);
    let text = eval(&mut vm, "co = coroutine.create(print) return co, type(co)");
    let (thread, kind) = text.split_once('|').unwrap();
    assert_eq!(kind, "thread");
    assert!(thread.starts_with("thread: 0x"), "{thread}");
    let ctx = &mut vm.context();
    let co: Value = ctx.default_environment().get("co", ctx).unwrap();
    let Value::Coroutine(co) = co else {
        panic!("not a thread: {co:?}")
    };
    assert_eq!(thread, format!("thread: 0x{:08x}", co.id()));
}

#[test]
fn yield_across_a_host_callback_is_an_error() {
    let out = Arc::new(Mutex::new(String::new()));
    let mut vm = vm_with_print(&out);
    let ctx = &mut vm.context();
    let callback = ctx.create_function(|call, ctx: &mut VmContext<'_>| {
        let f = call.args().get(0);
        let Value::Function(f) = f else {
            return Ok(MultiValue::new());
        };
        f.call::<_, MultiValue>((), ctx)
    });
    let globals = ctx.default_environment();
    globals.set("host_call", callback, ctx).unwrap();
    assert_eq!(
        eval(
            &mut vm,
            "local co = coroutine.create(function() host_call(function() coroutine.yield(1) end) end)
             return coroutine.resume(co)"
        ),
        "false|attempt to yield across a C-call boundary"
    );
    // The same function called by Lua yields fine.
    assert_eq!(
        eval(
            &mut vm,
            "local co = coroutine.create(function() (function() coroutine.yield(1) end)() end)
             return coroutine.resume(co)"
        ),
        "true|1"
    );
}

const SNAPSHOT_SETUP: &str = r#"
local total = 0
local log = {}
gen = coroutine.create(function(step)
  local i = 0
  while true do
    i = i + step
    total = total + i
    local t = setmetatable({}, {__index = function(_, k) return coroutine.yield(k .. i) end})
    log[#log + 1] = pcall(function() return t.field end)
    step = coroutine.yield(i, total)
  end
end)
peek = function() return total, #log end
return coroutine.resume(gen, 1)
"#;

/// Resumes `gen` a few times and reports everything it yields.
const SNAPSHOT_STEP: &str = r#"
local out = {}
for n = 1, 3 do
  local ok, a, b = coroutine.resume(gen, n)
  out[#out + 1] = tostring(ok) .. ":" .. tostring(a) .. ":" .. tostring(b)
end
local total, logged = peek()
out[#out + 1] = coroutine.status(gen) .. ":" .. total .. ":" .. logged
return table.concat(out, " ")
"#;

#[test]
fn snapshot_of_a_suspended_coroutine_is_independent() {
    let out = Arc::new(Mutex::new(String::new()));
    let mut vm = vm_with_print(&out);
    assert_eq!(eval(&mut vm, SNAPSHOT_SETUP), "true|field1");
    // Suspended inside the coroutine: working buffers are empty, the state is in the heap.
    let snapshot = vm.clone();
    let first = eval(&mut vm, SNAPSHOT_STEP);
    // Expected texts from lua5.4 running the same code.
    assert_eq!(first, "true:1:1 true:field3:nil true:3:4 suspended:4:2");
    let after_first = eval(&mut vm, SNAPSHOT_STEP);
    assert_eq!(
        after_first,
        "true:field4:nil true:4:8 true:field7:nil suspended:15:3"
    );
    // Restore and replay: identical results, twice (the snapshot itself is untouched).
    vm.clone_from(&snapshot);
    assert_eq!(eval(&mut vm, SNAPSHOT_STEP), first);
    assert_eq!(eval(&mut vm, SNAPSHOT_STEP), after_first);
    let mut other = snapshot.clone();
    assert_eq!(eval(&mut other, SNAPSHOT_STEP), first);
    // The snapshot still sees the coroutine as it was.
    let mut untouched = snapshot.clone();
    assert_eq!(eval(&mut untouched, "return peek()"), "1|0");
    assert_eq!(eval(&mut vm, "return peek()"), "15|3");
}

#[test]
fn snapshot_while_main_locals_are_captured_by_a_suspended_coroutine() {
    let out = Arc::new(Mutex::new(String::new()));
    let mut vm = vm_with_print(&out);
    // `inner` is an open upvalue of the suspended coroutine, read and written from main.
    let setup = r#"
        co = coroutine.create(function()
          local inner = 1
          get = function() return inner end
          set = function(v) inner = v end
          while true do coroutine.yield(inner) end
        end)
        return coroutine.resume(co)
    "#;
    assert_eq!(eval(&mut vm, setup), "true|1");
    let snapshot = vm.clone();
    assert_eq!(
        eval(&mut vm, "set(5) return get(), coroutine.resume(co)"),
        "5|true|5"
    );
    let mut restored = snapshot.clone();
    assert_eq!(
        eval(&mut restored, "return get(), coroutine.resume(co)"),
        "1|true|1"
    );
    assert_eq!(eval(&mut vm, "return get()"), "5");
}
