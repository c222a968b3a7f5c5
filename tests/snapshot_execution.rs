//! Property tests: snapshot independence holds through execution.
//!
//! Random small Lua programs (sequences of steps drawn from a grammar that mutates globals,
//! tables, metatables, upvalues shared by sibling closures and suspended coroutines) run with
//! snapshots taken in between. Restoring a snapshot (by `clone_from` or by running a clone)
//! and re-running the same steps must give identical step results and an identical state
//! dump; running steps on one side of a snapshot must never change the other side; and the
//! flat baseline (`FlatVm`) must behave exactly like the persistent VM.
//!
//! The state dump walks everything reachable from the globals in `next` order (so iteration
//! order is compared too), labels tables, functions and coroutines canonically (order of
//! discovery) and by id (ids are observable through `tostring`), records coroutine statuses
//! and calls the getter closures registered in the global `peek` to read upvalues that only
//! closures can see (including locals of suspended coroutines).
//!
//! A longer hunt: `SNAPSHOT_EXECUTION_SCALE=50 cargo test --release --test snapshot_execution`
//! multiplies every property's case count.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use red_moon::errors::RuntimeError;
use red_moon::interpreter::{GenericVm, MultiValue, TableRef, Value};
use red_moon::storage::{FlatStorage, PersistentStorage, Storage};
use std::collections::BTreeMap;
use std::fmt;

/// Globals every program starts from. `t1`..`t4` always hold tables, `g1`..`g3` hold
/// anything; `inc`, `dec`, `app` hold closures by slot, `co` coroutines, `gen` wrapped
/// coroutines; `peek` lists getter closures the dump calls to read upvalues.
const SETUP: &str = r#"
t1, t2, t3, t4 = {}, {10, 20, 30}, {a = 1, b = {c = 2}}, {"x"}
g1, g2, g3 = 0, "start", 1.5
inc, dec, app, co, gen, peek, log = {}, {}, {}, {}, {}, {}, {}
finalized, weak = {}, {}
"#;

// ---------------------------------------------------------------------------------------------
// The program grammar.

/// A value expression.
#[derive(Clone, Debug)]
enum Val {
    Nil,
    Int(i64),
    Float(u8),
    Str(u8),
    Bool(bool),
    NewTable,
    TableLit(i64),
    Table(u8),
    Global(u8),
    Closure(i64),
    Coroutine(u8),
    Counter(u8),
    MainThread,
}

const FLOATS: [&str; 6] = ["0.5", "-2.25", "3.0", "1e100", "-0.0", "2^53"];
const STRINGS: [&str; 5] = ["\"\"", "\"s\"", "\"hello\"", "\"\\0x\\255\"", "\"10\""];

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Nil => write!(f, "nil"),
            Val::Int(i) => write!(f, "{i}"),
            Val::Float(i) => write!(f, "{}", FLOATS[*i as usize % FLOATS.len()]),
            Val::Str(i) => write!(f, "{}", STRINGS[*i as usize % STRINGS.len()]),
            Val::Bool(b) => write!(f, "{b}"),
            Val::NewTable => write!(f, "{{}}"),
            Val::TableLit(i) => write!(f, "{{{i}, {}, x = \"v{i}\", [{}] = true}}", i + 1, i + 10),
            Val::Table(t) => write!(f, "t{t}"),
            Val::Global(g) => write!(f, "g{g}"),
            Val::Closure(i) => write!(f, "function() return {i} end"),
            Val::Coroutine(s) => write!(f, "co[{s}]"),
            Val::Counter(s) => write!(f, "inc[{s}]"),
            Val::MainThread => write!(f, "(coroutine.running())"),
        }
    }
}

/// A key expression (never nil or NaN).
#[derive(Clone, Debug)]
enum Key {
    Int(i64),
    Str(u8),
    Float,
    IntegralFloat,
    Bool,
    Table(u8),
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Int(i) => write!(f, "{i}"),
            Key::Str(i) => write!(f, "\"{}\"", (b'a' + i % 5) as char),
            Key::Float => write!(f, "1.5"),
            Key::IntegralFloat => write!(f, "2.0"),
            Key::Bool => write!(f, "true"),
            Key::Table(t) => write!(f, "t{t}"),
        }
    }
}

/// One step of a program: a chunk run by the host, whose results are recorded.
#[derive(Clone, Debug)]
enum Step {
    SetGlobal {
        g: u8,
        v: Val,
    },
    SetField {
        t: u8,
        k: Key,
        v: Val,
    },
    Append {
        t: u8,
        v: Val,
        insert: bool,
    },
    Pop {
        t: u8,
    },
    Nested {
        t: u8,
        k1: Key,
        k2: Key,
        v: Val,
    },
    Alias {
        dst: u8,
        src: u8,
        how: u8,
    },
    Read {
        t: u8,
        k: Key,
    },
    Iterate {
        t: u8,
    },
    SetMeta {
        t: u8,
        kind: u8,
        other: u8,
    },
    MakeClosures {
        s: u8,
        start: i64,
    },
    CallClosure {
        s: u8,
        which: u8,
        d: i64,
    },
    MakeCoroutine {
        s: u8,
        kind: u8,
        limit: u8,
        t: u8,
    },
    Resume {
        s: u8,
        v: i64,
    },
    CallWrap {
        s: u8,
        v: i64,
        protected: bool,
    },
    Close {
        s: u8,
    },
    Build {
        g: u8,
        piece: u8,
        n: u8,
    },
    Fail {
        t: u8,
        k: Key,
        v: Val,
        how: u8,
    },
    LoopClosures {
        n: u8,
    },
    Arith {
        g: u8,
        op: u8,
        n: i64,
    },
    Unpack {
        t: u8,
    },
    Fill {
        t: u8,
        n: u16,
        string_keys: bool,
    },
    Clear {
        t: u8,
    },
    /// Collector activity: full collections, steps, weak tables, finalizers, garbage.
    Gc {
        kind: u8,
        t: u8,
        n: u8,
    },
}

impl Step {
    fn source(&self) -> String {
        match self {
            Step::SetGlobal { g, v } => format!("g{g} = {v}"),
            Step::SetField { t, k, v } => format!("t{t}[{k}] = {v}"),
            Step::Append {
                t,
                v,
                insert: false,
            } => {
                format!("t{t}[#t{t} + 1] = {v} return #t{t}")
            }
            Step::Append { t, v, insert: true } => {
                format!("table.insert(t{t}, {v}) return #t{t}")
            }
            Step::Pop { t } => {
                format!("local n = #t{t} local v = t{t}[n] t{t}[n] = nil return n, v")
            }
            Step::Nested { t, k1, k2, v } => format!(
                "local s = rawget(t{t}, {k1}) \
                 if type(s) ~= \"table\" then s = {{}} t{t}[{k1}] = s end \
                 s[{k2}] = {v} return s"
            ),
            Step::Alias { dst, src, how } => match how % 4 {
                0 => format!("t{dst} = t{src}"),
                1 => format!("t{dst} = {{}}"),
                2 => format!("t{dst} = {{t{src}, t{src}, back = t{dst}}}"),
                _ => format!("t{src}.link = t{dst}"),
            },
            Step::Read { t, k } => format!("return t{t}[{k}], rawget(t{t}, {k})"),
            Step::Iterate { t } => format!(
                "local out = {{}} \
                 for k, v in pairs(t{t}) do out[#out + 1] = tostring(k) .. \"=\" .. tostring(v) end \
                 return table.concat(out, \" \"), #t{t}"
            ),
            Step::SetMeta { t, kind, other } => match kind % 6 {
                0 => format!("setmetatable(t{t}, {{__index = t{other}}})"),
                1 => format!(
                    "setmetatable(t{t}, {{__index = function(_, k) \
                     return tostring(k) .. \"?\" end}})"
                ),
                2 => format!(
                    "setmetatable(t{t}, {{__newindex = function(t, k, v) \
                     rawset(t, k, v) log[#log + 1] = tostring(k) end}})"
                ),
                3 => format!("setmetatable(t{t}, {{__newindex = t{other}}})"),
                4 => format!("setmetatable(t{t}, {{__index = t{other}, __newindex = t{other}}})"),
                _ => format!("setmetatable(t{t}, nil)"),
            },
            Step::MakeClosures { s, start } => format!(
                "do local n, text, parts = {start}, \"\", {{}} \
                 inc[{s}] = function(d) n = n + d return n end \
                 dec[{s}] = function() n = n - 1 return n end \
                 app[{s}] = function(x) text = text .. tostring(x) parts[#parts + 1] = x \
                 return #text end \
                 peek[#peek + 1] = function() return \"closures{s}\", n, text, #parts end end"
            ),
            Step::CallClosure { s, which, d } => match which % 3 {
                0 => format!("local f = inc[{s}] if f then return f({d}) end return \"no inc\""),
                1 => format!("local f = dec[{s}] if f then return f() end return \"no dec\""),
                _ => format!("local f = app[{s}] if f then return f({d}) end return \"no app\""),
            },
            Step::MakeCoroutine { s, kind, limit, t } => coroutine_source(*s, *kind, *limit, *t),
            Step::Resume { s, v } => format!(
                "local c = co[{s}] if c == nil then return \"no co\" end \
                 local a, b, c2, d = coroutine.resume(c, {v}) \
                 return a, b, c2, d, coroutine.status(c)"
            ),
            Step::CallWrap { s, v, protected } => {
                let call = if *protected {
                    format!("pcall(f, {v})")
                } else {
                    format!("f({v})")
                };
                format!("local f = gen[{s}] if not f then return \"no gen\" end return {call}")
            }
            Step::Close { s } => format!(
                "local c = co[{s}] if c == nil then return \"no co\" end \
                 local a, b = coroutine.close(c) return a, b, coroutine.status(c)"
            ),
            Step::Build { g, piece, n } => format!(
                "local s = g{g} if type(s) ~= \"string\" then s = tostring(s) end \
                 s = s .. ({}):rep({n}) \
                 if #s > 64 then s = s:sub(-32):upper() end \
                 g{g} = s return #s, s",
                STRINGS[*piece as usize % STRINGS.len()]
            ),
            Step::Fail { t, k, v, how } => match how % 3 {
                0 => format!("t{t}[{k}] = {v} error(\"boom \" .. tostring({k}))"),
                1 => format!("t{t}[{k}] = {v} error({{code = {k}}})"),
                _ => format!(
                    "local ok, e = pcall(function() t{t}[{k}] = {v} error(\"inner\") end) \
                     return ok, e"
                ),
            },
            Step::Arith { g, op, n } => {
                let expr = match op % 6 {
                    0 => format!("x * 3 + {n}"),
                    1 => format!("x // {n}"),
                    2 => format!("x % {n}"),
                    3 => format!("x / {n}"),
                    4 => format!("x ^ 2 - {n}"),
                    _ => format!("math.maxinteger + x + {n}"),
                };
                format!(
                    "local x = g{g} if type(x) ~= \"number\" then x = #tostring(x) end \
                     local ok, r = pcall(function() return {expr} end) \
                     if ok then g{g} = r end return ok, r, math.type(r)"
                )
            }
            Step::Unpack { t } => {
                format!("return select(\"#\", table.unpack(t{t})), table.unpack(t{t})")
            }
            Step::Fill {
                t,
                n,
                string_keys: false,
            } => format!("for i = 1, {n} do t{t}[i] = i * 3 end return #t{t}"),
            Step::Fill {
                t,
                n,
                string_keys: true,
            } => format!("for i = 1, {n} do t{t}[\"k\" .. i] = i end return t{t}.k1"),
            Step::Gc { kind, t, n } => match kind % 6 {
                0 => "return collectgarbage()".to_owned(),
                1 => format!(
                    "local done = 0 for i = 1, {n} do if collectgarbage(\"step\", 0) then \
                     done = done + 1 end end return done"
                ),
                2 => {
                    let mode = ["k", "v", "kv"][usize::from(n % 3)];
                    format!(
                        "local w = setmetatable({{}}, {{__mode = \"{mode}\"}}) \
                         for k, v in pairs(t{t}) do w[k] = v w[v] = k end \
                         w[{{}}] = {{}} w[t{t}] = {{t{t}}} weak[#weak + 1] = w return #weak"
                    )
                }
                3 => format!(
                    "for i = 1, {} do local o = setmetatable({{n = i, t = t{t}}}, {{__gc = \
                     function(o) finalized[#finalized + 1] = o.n if o.n == 2 then keep_alive = o \
                     end end}}) if i == 1 then t{t}.fin = o end end return #finalized",
                    n % 5 + 1
                ),
                4 => format!(
                    "local s = 0 for i = 1, {} do local x = {{i, tostring(i), {{}}}} x[4] = x \
                     s = s + #x end return s",
                    u32::from(*n) * 20
                ),
                _ => format!("t{t} = {{}} return collectgarbage(\"count\") > 0"),
            },
            Step::Clear { t } => format!(
                "local n = 0 for k in pairs(t{t}) do t{t}[k] = nil n = n + 1 end \
                 return n, next(t{t})"
            ),
            Step::LoopClosures { n } => format!(
                "for i = 1, {n} do local j = i * 10 \
                 peek[#peek + 1] = function() return \"loop\", i, j, g1 end end \
                 return #peek"
            ),
        }
    }
}

/// Coroutine bodies: each keeps state in its locals and in upvalues shared with getters.
fn coroutine_source(s: u8, kind: u8, limit: u8, t: u8) -> String {
    match kind % 12 {
        // A generator mutating an upvalue shared with a getter and a global between yields.
        0 => format!(
            "do local shared = 0 \
             co[{s}] = coroutine.create(function(a) \
               local x = a or 0 \
               for i = 1, {limit} do \
                 shared = shared + i g1 = x \
                 x = x + (coroutine.yield(i, x, shared) or 0) \
               end \
               return \"done\", x, shared \
             end) \
             peek[#peek + 1] = function() return \"co{s}\", shared end end"
        ),
        // Closures created inside the coroutine capture its (open) locals.
        1 => format!(
            "co[{s}] = coroutine.create(function() \
               local inner = 0 \
               inc[{s}] = function(d) inner = inner + d return inner end \
               dec[{s}] = function() inner = inner - 1 return inner end \
               peek[#peek + 1] = function() return \"inner{s}\", inner end \
               for i = 1, {limit} do inner = inner + 10 coroutine.yield(inner) end \
               return inner \
             end)"
        ),
        // Yields from nested Lua calls inside pcall; mutates a table; ends with an error.
        2 => format!(
            "do local t = t{t} \
             co[{s}] = coroutine.create(function() \
               local function deep(n) \
                 if n == 0 then return coroutine.yield(#t) end \
                 return deep(n - 1) \
               end \
               for i = 1, {limit} do \
                 local ok, v = pcall(deep, 3) \
                 t[#t + 1] = v \
               end \
               error(\"co failure \" .. #t) \
             end) end"
        ),
        // A wrapped generator (calling it once dead raises an error).
        3 => format!(
            "gen[{s}] = coroutine.wrap(function(v) \
               local total = 0 \
               for i = 1, {limit} do total = total + (v or 0) v = coroutine.yield(i * 2, total) end \
               return \"finished\", total \
             end)"
        ),
        // Resumes another coroutine (possibly itself, which fails deterministically).
        4 => format!(
            "co[{s}] = coroutine.create(function() \
               for i = 1, {limit} do \
                 local other = co[{}] \
                 if other then \
                   local ok, v = coroutine.resume(other, i) \
                   coroutine.yield(ok, v) \
                 else \
                   coroutine.yield(\"alone\", i) \
                 end \
               end \
             end)",
            t % 3 + 1
        ),
        // Yields from inside an __index metamethod.
        5 => format!(
            "co[{s}] = coroutine.create(function() \
               local t = setmetatable({{}}, {{__index = function(_, k) \
                 return coroutine.yield(\"need\" .. k) end}}) \
               local acc = 0 \
               for i = 1, {limit} do \
                 local v = t[i] \
                 if math.type(v) == \"integer\" then acc = acc + v end \
                 t{t}.acc = acc \
               end \
               return acc \
             end)"
        ),
        // Suspended with a pending to-be-closed variable (closed on finish or by
        // `coroutine.close`).
        6 => format!(
            "co[{s}] = coroutine.create(function() \
               local guard <close> = setmetatable({{}}, {{__close = function(_, e) \
                 log[#log + 1] = \"closed{s} \" .. tostring(e) end}}) \
               for i = 1, {limit} do coroutine.yield(\"guarded\", i) end \
               return \"released\" \
             end)"
        ),
        // Suspended in the middle of a `pairs` traversal that other steps may disturb.
        7 => format!(
            "do local t = t{t} \
             co[{s}] = coroutine.create(function() \
               local n = 0 \
               for k, v in pairs(t) do n = n + 1 coroutine.yield(k, n) end \
               return \"traversed\", n \
             end) end"
        ),
        // Suspended deep in a non-tail recursion (a grown coroutine stack).
        8 => format!(
            "co[{s}] = coroutine.create(function(depth) \
               local function rec(n) \
                 if n == 0 then return coroutine.yield(depth) or 0 end \
                 return 1 + rec(n - 1) \
               end \
               local total = 0 \
               for i = 1, {limit} do total = total + rec({}) end \
               return total \
             end)",
            u32::from(limit) * 20
        ),
        // Closures over fresh per-iteration locals, open while the coroutine is suspended.
        9 => format!(
            "co[{s}] = coroutine.create(function() \
               for i = 1, {limit} do \
                 local j = i \
                 peek[#peek + 1] = function() return \"loopco{s}\", i, j end \
                 app[{s}] = function(x) j = j + x return j end \
                 coroutine.yield(j) \
                 j = j * 2 \
               end \
             end)"
        ),
        // Yields from `__concat`, `__lt`, `__eq` and `__add` (mid-instruction) and from a
        // generic `for` iterator.
        11 => format!(
            "co[{s}] = coroutine.create(function() \
               local mt = {{}} \
               mt.__concat = function(a, b) return coroutine.yield(\"concat\") end \
               mt.__lt = function(a, b) return coroutine.yield(\"lt\") end \
               mt.__add = function(a, b) return coroutine.yield(\"add\") end \
               mt.__eq = function(a, b) return coroutine.yield(\"eq\") end \
               local o, p = setmetatable({{}}, mt), setmetatable({{}}, mt) \
               local acc = {{}} \
               local function iter(_, last) \
                 last = (last or 0) + 1 \
                 if last > {limit} then return nil end \
                 coroutine.yield(\"iter\", last) \
                 return last \
               end \
               for i in iter do \
                 acc[#acc + 1] = \"a\" .. o .. \"b\" \
                 acc[#acc + 1] = tostring(o < p) \
                 acc[#acc + 1] = tostring(o == p) \
                 acc[#acc + 1] = o + i \
                 g2 = table.concat(acc, \",\") \
               end \
               return #acc \
             end)"
        ),
        // Varargs through resume/yield, and a wrapped coroutine kept inside a coroutine.
        _ => format!(
            "co[{s}] = coroutine.create(function(...) \
               local args = {{...}} \
               local inner = coroutine.wrap(function(...) \
                 local n = select(\"#\", ...) \
                 while true do n = n + select(\"#\", coroutine.yield(n)) end \
               end) \
               for i = 1, {limit} do \
                 args[#args + 1] = inner(i, ...) \
                 coroutine.yield(#args, select(\"#\", ...), table.unpack(args)) \
               end \
               return table.unpack(args) \
             end)"
        ),
    }
}

fn val() -> impl Strategy<Value = Val> {
    prop_oneof![
        2 => Just(Val::Nil),
        6 => (-5i64..50).prop_map(Val::Int),
        2 => any::<u8>().prop_map(Val::Float),
        3 => any::<u8>().prop_map(Val::Str),
        1 => any::<bool>().prop_map(Val::Bool),
        2 => Just(Val::NewTable),
        2 => (0i64..100).prop_map(Val::TableLit),
        3 => (1u8..=4).prop_map(Val::Table),
        1 => (1u8..=3).prop_map(Val::Global),
        1 => (0i64..100).prop_map(Val::Closure),
        1 => (1u8..=3).prop_map(Val::Coroutine),
        1 => (1u8..=3).prop_map(Val::Counter),
        1 => Just(Val::MainThread),
    ]
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        6 => (1i64..=6).prop_map(Key::Int),
        5 => any::<u8>().prop_map(Key::Str),
        1 => Just(Key::Float),
        1 => Just(Key::IntegralFloat),
        1 => Just(Key::Bool),
        1 => (1u8..=4).prop_map(Key::Table),
    ]
}

fn table() -> impl Strategy<Value = u8> {
    1u8..=4
}

fn slot() -> impl Strategy<Value = u8> {
    1u8..=3
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => ((1u8..=3), val()).prop_map(|(g, v)| Step::SetGlobal { g, v }),
        8 => (table(), key(), val()).prop_map(|(t, k, v)| Step::SetField { t, k, v }),
        4 => (table(), val(), any::<bool>()).prop_map(|(t, v, insert)| Step::Append {
            t,
            v,
            insert
        }),
        2 => table().prop_map(|t| Step::Pop { t }),
        3 => (table(), key(), key(), val()).prop_map(|(t, k1, k2, v)| Step::Nested {
            t,
            k1,
            k2,
            v
        }),
        2 => (table(), table(), any::<u8>()).prop_map(|(dst, src, how)| Step::Alias {
            dst,
            src,
            how
        }),
        3 => (table(), key()).prop_map(|(t, k)| Step::Read { t, k }),
        2 => table().prop_map(|t| Step::Iterate { t }),
        2 => (table(), any::<u8>(), table()).prop_map(|(t, kind, other)| Step::SetMeta {
            t,
            kind,
            other
        }),
        3 => (slot(), -10i64..10).prop_map(|(s, start)| Step::MakeClosures { s, start }),
        6 => (slot(), any::<u8>(), -3i64..10).prop_map(|(s, which, d)| Step::CallClosure {
            s,
            which,
            d
        }),
        4 => (slot(), any::<u8>(), 0u8..8, table()).prop_map(|(s, kind, limit, t)| {
            Step::MakeCoroutine { s, kind, limit, t }
        }),
        8 => (slot(), -2i64..6).prop_map(|(s, v)| Step::Resume { s, v }),
        3 => (slot(), -2i64..6, any::<bool>()).prop_map(|(s, v, protected)| Step::CallWrap {
            s,
            v,
            protected
        }),
        1 => slot().prop_map(|s| Step::Close { s }),
        2 => ((1u8..=3), any::<u8>(), 0u8..4).prop_map(|(g, piece, n)| Step::Build {
            g,
            piece,
            n
        }),
        1 => (table(), key(), val(), any::<u8>()).prop_map(|(t, k, v, how)| Step::Fail {
            t,
            k,
            v,
            how
        }),
        1 => (0u8..4).prop_map(|n| Step::LoopClosures { n }),
        2 => ((1u8..=3), any::<u8>(), -3i64..4).prop_map(|(g, op, n)| Step::Arith { g, op, n }),
        1 => table().prop_map(|t| Step::Unpack { t }),
        1 => (table(), 0u16..200, any::<bool>()).prop_map(|(t, n, string_keys)| Step::Fill {
            t,
            n,
            string_keys
        }),
        1 => table().prop_map(|t| Step::Clear { t }),
        4 => (any::<u8>(), table(), any::<u8>()).prop_map(|(kind, t, n)| Step::Gc { kind, t, n }),
    ]
}

/// A program; its `Debug` form is its Lua source, one numbered step per line, so a shrunk
/// failure reads as a program.
#[derive(Clone)]
struct Program(Vec<String>);

impl fmt::Debug for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Program [")?;
        for (i, step) in self.0.iter().enumerate() {
            writeln!(f, "  -- step {i}\n  {step}")?;
        }
        write!(f, "]")
    }
}

/// Steps creating closures and coroutines, so that later steps find some to call and resume.
fn maker() -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => (slot(), -10i64..10).prop_map(|(s, start)| Step::MakeClosures { s, start }),
        3 => (slot(), any::<u8>(), 1u8..8, table()).prop_map(|(s, kind, limit, t)| {
            Step::MakeCoroutine { s, kind, limit, t }
        }),
    ]
}

/// A prologue of makers, then random steps.
fn program(max: usize) -> impl Strategy<Value = Program> {
    (
        proptest::collection::vec(maker(), 0..7),
        proptest::collection::vec(step(), 1..max),
    )
        .prop_map(|(prologue, steps)| {
            Program(prologue.iter().chain(&steps).map(Step::source).collect())
        })
}

// ---------------------------------------------------------------------------------------------
// Running programs and dumping the state.

fn new_vm<S: Storage>() -> GenericVm<S> {
    let mut vm = GenericVm::<S>::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    let setup = ctx.load(SETUP, "=setup").unwrap();
    setup.call::<_, ()>((), ctx).unwrap();
    vm
}

/// A value as step results show it: contents of scalars, ids of objects.
fn show<S: Storage>(vm: &mut GenericVm<S>, value: Value) -> String {
    let ctx = &mut vm.context();
    match value {
        Value::Nil => "nil".into(),
        Value::Bool(b) => b.to_string(),
        Value::Integer(i) => format!("{i}"),
        Value::Float(f) => format!("{f:?}f"),
        Value::String(s) => format!("{:?}", s.as_bytes(ctx).unwrap().escape_ascii().to_string()),
        Value::Table(t) => format!("table#{}", t.id()),
        Value::Function(f) => format!("function#{}", f.id()),
        Value::Coroutine(c) => format!("thread#{}", c.id()),
        Value::HostData(h) => format!("host#{}", h.id()),
    }
}

fn show_error<S: Storage>(vm: &mut GenericVm<S>, error: RuntimeError) -> String {
    match error {
        RuntimeError::Lua { value, message } => {
            format!("error {}: {message}", show(vm, value))
        }
        other => format!("error: {other}"),
    }
}

/// Runs one step; its results (or its error) as text.
fn run_step<S: Storage>(vm: &mut GenericVm<S>, source: &str) -> String {
    let ctx = &mut vm.context();
    let result = ctx
        .load(source, "=step")
        .and_then(|f| f.call::<_, MultiValue>((), ctx));
    match result {
        Ok(values) => {
            let shown: Vec<String> = values.iter().map(|&v| show(vm, v)).collect();
            format!("ok [{}]", shown.join(", "))
        }
        Err(error) => show_error(vm, error),
    }
}

fn run_steps<S: Storage>(vm: &mut GenericVm<S>, steps: &[String]) -> Vec<String> {
    steps.iter().map(|step| run_step(vm, step)).collect()
}

/// Walks the state reachable from the globals and the `peek` getters.
struct Dumper {
    tables: BTreeMap<u32, usize>,
    functions: BTreeMap<u32, usize>,
    coroutines: BTreeMap<u32, usize>,
    queue: Vec<TableRef>,
    status: Value,
}

impl Dumper {
    fn value<S: Storage>(&mut self, vm: &mut GenericVm<S>, value: Value) -> String {
        match value {
            Value::Table(t) => {
                let next = self.tables.len();
                let label = *self.tables.entry(t.id()).or_insert_with(|| {
                    self.queue.push(t);
                    next
                });
                format!("T{label}#{}", t.id())
            }
            Value::Function(f) => {
                let next = self.functions.len();
                let label = *self.functions.entry(f.id()).or_insert(next);
                format!("F{label}#{}", f.id())
            }
            Value::Coroutine(c) => {
                let next = self.coroutines.len();
                let label = *self.coroutines.entry(c.id()).or_insert(next);
                let ctx = &mut vm.context();
                let status = match self.status {
                    Value::Function(status) => status
                        .call::<_, String>(value, ctx)
                        .unwrap_or_else(|e| format!("status error: {e}")),
                    _ => "no coroutine.status".into(),
                };
                format!("C{label}#{}({status})", c.id())
            }
            Value::Float(f) => {
                format!("{f:?}f({:016x})", f.to_bits())
            }
            other => show(vm, other),
        }
    }
}

/// A deterministic text dump of the observable state.
fn dump<S: Storage>(vm: &mut GenericVm<S>) -> String {
    // The walk runs Lua code (the `peek` getters, `coroutine.status`), which allocates and so
    // moves the collector: observe a snapshot, so the observed VM continues untouched.
    let mut snapshot = vm.clone();
    dump_in_place(&mut snapshot)
}

fn dump_in_place<S: Storage>(vm: &mut GenericVm<S>) -> String {
    let globals = vm.context().default_environment();
    let (status, peek) = {
        let ctx = &mut vm.context();
        let coroutine: Value = globals.raw_get("coroutine", ctx).unwrap();
        let status = match coroutine {
            Value::Table(c) => c.raw_get("status", ctx).unwrap(),
            _ => Value::Nil,
        };
        let peek: Value = globals.raw_get("peek", ctx).unwrap();
        (status, peek)
    };
    let mut dumper = Dumper {
        tables: BTreeMap::new(),
        functions: BTreeMap::new(),
        coroutines: BTreeMap::new(),
        queue: Vec::new(),
        status,
    };
    let mut out = String::new();
    dumper.value(vm, Value::Table(globals));
    // Upvalues, through the getters (pure reads).
    if let Value::Table(peek) = peek {
        let count = peek.raw_len(&vm.context()).unwrap();
        for i in 1..=count as i64 {
            let ctx = &mut vm.context();
            let getter: Value = peek.raw_get(i, ctx).unwrap();
            let line = match getter {
                Value::Function(f) => match f.call::<_, MultiValue>((), ctx) {
                    Ok(values) => values
                        .iter()
                        .map(|&v| dumper.value(vm, v))
                        .collect::<Vec<_>>()
                        .join(", "),
                    Err(error) => show_error(vm, error),
                },
                other => format!("not a getter: {}", dumper.value(vm, other)),
            };
            out.push_str(&format!("peek[{i}] -> {line}\n"));
        }
    }
    let mut done = 0;
    while done < dumper.queue.len() {
        let table = dumper.queue[done];
        let label = dumper.value(vm, Value::Table(table));
        let (entries, len, meta) = {
            let ctx = &mut vm.context();
            let entries: Vec<(Value, Value)> = table
                .pairs::<Value, Value>(ctx)
                .collect::<Result<_, _>>()
                .unwrap();
            let len = table.raw_len(ctx).unwrap();
            let meta = table.metatable(ctx).unwrap();
            (entries, len, meta)
        };
        let meta = match meta {
            Some(m) => dumper.value(vm, Value::Table(m)),
            None => "none".into(),
        };
        out.push_str(&format!("{label} len={len} meta={meta}\n"));
        for (k, v) in entries {
            let k = dumper.value(vm, k);
            let v = dumper.value(vm, v);
            out.push_str(&format!("  [{k}] = {v}\n"));
        }
        done += 1;
    }
    out
}

/// Fails with the first difference between two texts (with a little context).
fn same(what: &str, expected: &str, actual: &str) -> Result<(), TestCaseError> {
    if expected == actual {
        return Ok(());
    }
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let first = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = first.saturating_sub(3);
    let context =
        |lines: &[&str]| lines[from.min(lines.len())..(first + 4).min(lines.len())].join("\n");
    Err(TestCaseError::fail(format!(
        "{what}: first difference at line {first}\n--- expected\n{}\n--- actual\n{}",
        context(&a),
        context(&b)
    )))
}

fn same_results(what: &str, expected: &[String], actual: &[String]) -> Result<(), TestCaseError> {
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        if e != a {
            return Err(TestCaseError::fail(format!(
                "{what}: step {i} of the replay differs\n  expected {e}\n  actual   {a}"
            )));
        }
    }
    prop_assert_eq!(expected.len(), actual.len());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The properties.

/// Property 1 and 2: restore-and-rerun, and isolation between a snapshot and its origin.
fn check_restore<S: Storage>(
    program: &Program,
    split: usize,
    alternative: &Program,
) -> Result<(), TestCaseError> {
    let (prefix, suffix) = program.0.split_at(split);
    let mut vm = new_vm::<S>();
    run_steps(&mut vm, prefix);
    let mut snapshot = vm.clone();
    let at_snapshot = dump(&mut snapshot);
    same("dumping twice", &at_snapshot, &dump(&mut snapshot))?;
    same("origin right after cloning", &at_snapshot, &dump(&mut vm))?;

    let results = run_steps(&mut vm, suffix);
    let final_dump = dump(&mut vm);
    same(
        "the snapshot after its origin ran on",
        &at_snapshot,
        &dump(&mut snapshot),
    )?;

    // A fork of the snapshot diverges: neither the origin nor the snapshot notice.
    let mut fork = snapshot.clone();
    run_steps(&mut fork, &alternative.0);
    same("the origin after a fork ran", &final_dump, &dump(&mut vm))?;
    same(
        "the snapshot after a fork ran",
        &at_snapshot,
        &dump(&mut snapshot),
    )?;

    // Restore the origin in place and replay.
    vm.clone_from(&snapshot);
    same("restored origin", &at_snapshot, &dump(&mut vm))?;
    let replay = run_steps(&mut vm, suffix);
    same_results("replay after clone_from", &results, &replay)?;
    same(
        "final state after clone_from replay",
        &final_dump,
        &dump(&mut vm),
    )?;

    // Restore the diverged fork in place and replay.
    fork.clone_from(&snapshot);
    let replay = run_steps(&mut fork, suffix);
    same_results("replay on the restored fork", &results, &replay)?;
    same(
        "final state of the restored fork",
        &final_dump,
        &dump(&mut fork),
    )?;

    // A fresh clone, then the snapshot itself.
    let mut fresh = snapshot.clone();
    let replay = run_steps(&mut fresh, suffix);
    same_results("replay on a fresh clone", &results, &replay)?;
    same(
        "final state of a fresh clone",
        &final_dump,
        &dump(&mut fresh),
    )?;
    let replay = run_steps(&mut snapshot, suffix);
    same_results("replay on the snapshot itself", &results, &replay)?;
    same(
        "final state of the snapshot",
        &final_dump,
        &dump(&mut snapshot),
    )?;
    same(
        "the origin after the snapshot ran",
        &final_dump,
        &dump(&mut vm),
    )?;
    Ok(())
}

/// Property 3: a snapshot before every step; restoring any of them (in a scrambled order, into
/// one working VM) and replaying gives the first run's results and states.
fn check_history<S: Storage>(program: &Program, order: &[usize]) -> Result<(), TestCaseError> {
    let steps = &program.0;
    let mut vm = new_vm::<S>();
    let mut history = vec![(vm.clone(), dump(&mut vm))];
    let mut results = Vec::new();
    for step in steps {
        results.push(run_step(&mut vm, step));
        let state = dump(&mut vm);
        history.push((vm.clone(), state));
    }

    // Snapshots and dumps along the way changed nothing observable.
    let mut plain = new_vm::<S>();
    same_results(
        "a run without snapshots",
        &results,
        &run_steps(&mut plain, steps),
    )?;
    same(
        "final state without snapshots",
        &history[steps.len()].1,
        &dump(&mut plain),
    )?;

    for (i, (snapshot, state)) in history.iter_mut().enumerate() {
        same(&format!("snapshot {i} at the end"), state, &dump(snapshot))?;
    }

    for &pick in order {
        let start = pick % history.len();
        vm.clone_from(&history[start].0);
        same(
            &format!("restored snapshot {start}"),
            &history[start].1,
            &dump(&mut vm),
        )?;
        for (i, step) in steps.iter().enumerate().skip(start) {
            let result = run_step(&mut vm, step);
            if result != results[i] {
                return Err(TestCaseError::fail(format!(
                    "replay from snapshot {start}: step {i} differs\n  expected {}\n  actual   {result}",
                    results[i]
                )));
            }
            same(
                &format!("replay from snapshot {start}: state after step {i}"),
                &history[i + 1].1,
                &dump(&mut vm),
            )?;
        }
    }
    Ok(())
}

/// Property 4: the flat baseline runs every program exactly like the persistent VM.
fn check_flat_agrees(program: &Program) -> Result<(), TestCaseError> {
    let mut persistent = new_vm::<PersistentStorage>();
    let mut flat = new_vm::<FlatStorage>();
    same("initial state", &dump(&mut persistent), &dump(&mut flat))?;
    for (i, step) in program.0.iter().enumerate() {
        let expected = run_step(&mut persistent, step);
        let actual = run_step(&mut flat, step);
        prop_assert_eq!(
            &expected,
            &actual,
            "step {} differs between persistent and flat",
            i
        );
        same(
            &format!("state after step {i} (persistent vs flat)"),
            &dump(&mut persistent),
            &dump(&mut flat),
        )?;
    }
    Ok(())
}

/// An operation of a timeline: a step, a snapshot, or a restore of an earlier snapshot.
#[derive(Clone)]
enum TimelineOp {
    Step(String),
    Snapshot,
    Restore(usize),
    /// Replace the VM by the one its saved CBOR state loads into.
    SaveLoad,
}

impl fmt::Debug for TimelineOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimelineOp::Step(source) => write!(f, "{source}"),
            TimelineOp::Snapshot => write!(f, "-- SNAPSHOT"),
            TimelineOp::Restore(i) => write!(f, "-- RESTORE {i} (modulo the snapshot count)"),
            TimelineOp::SaveLoad => write!(f, "-- SAVE AND LOAD"),
        }
    }
}

fn timeline() -> impl Strategy<Value = Vec<TimelineOp>> {
    (
        proptest::collection::vec(maker(), 0..7),
        proptest::collection::vec(
            prop_oneof![
                10 => step().prop_map(|s| TimelineOp::Step(s.source())),
                2 => Just(TimelineOp::Snapshot),
                1 => any::<usize>().prop_map(TimelineOp::Restore),
                1 => Just(TimelineOp::SaveLoad),
            ],
            1..80,
        ),
    )
        .prop_map(|(prologue, ops)| {
            prologue
                .iter()
                .map(|s| TimelineOp::Step(s.source()))
                .chain(ops)
                .collect()
        })
}

/// Property 5: after any sequence of steps, snapshots, restores and save/load round trips
/// through CBOR, the VM is exactly a fresh
/// VM that ran the effective history (the steps that led to its current state), and every
/// step gave the result the fresh run gives at that point.
fn check_timeline<S: Storage>(ops: &[TimelineOp]) -> Result<(), TestCaseError> {
    let mut vm = new_vm::<S>();
    let mut history: Vec<String> = Vec::new();
    let mut results: Vec<String> = Vec::new();
    let mut snapshots: Vec<(GenericVm<S>, Vec<String>, Vec<String>)> = Vec::new();
    for op in ops {
        match op {
            TimelineOp::Step(source) => {
                results.push(run_step(&mut vm, source));
                history.push(source.clone());
            }
            TimelineOp::Snapshot => snapshots.push((vm.clone(), history.clone(), results.clone())),
            TimelineOp::Restore(i) => {
                if !snapshots.is_empty() {
                    let (snapshot, at_history, at_results) = &snapshots[i % snapshots.len()];
                    vm.clone_from(snapshot);
                    history.clone_from(at_history);
                    results.clone_from(at_results);
                }
            }
            TimelineOp::SaveLoad => {
                let bytes = vm.to_cbor().unwrap();
                vm = GenericVm::<S>::from_cbor(&bytes).unwrap();
                if vm.to_cbor().unwrap() != bytes {
                    return Err(TestCaseError::fail("re-saving a loaded state changed it"));
                }
            }
        }
    }
    let mut fresh = new_vm::<S>();
    same_results(
        "steps of the effective history, against a fresh run",
        &run_steps(&mut fresh, &history),
        &results,
    )?;
    same(
        "state after the timeline, against a fresh run",
        &dump(&mut fresh),
        &dump(&mut vm),
    )?;
    Ok(())
}

/// Cases per property: `base`, or `base` times `SNAPSHOT_EXECUTION_SCALE` for a longer hunt.
fn cases(base: u32) -> ProptestConfig {
    let scale = std::env::var("SNAPSHOT_EXECUTION_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    ProptestConfig::with_cases(base.saturating_mul(scale))
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn restoring_a_snapshot_and_rerunning_is_identical(
        program in program(40),
        split in any::<proptest::sample::Index>(),
        alternative in program(12),
    ) {
        let split = split.index(program.0.len() + 1);
        check_restore::<PersistentStorage>(&program, split, &alternative)?;
    }
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn every_snapshot_of_a_history_replays_identically(
        program in program(30),
        order in proptest::collection::vec(any::<usize>(), 1..8),
    ) {
        check_history::<PersistentStorage>(&program, &order)?;
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn a_timeline_of_restores_equals_a_fresh_run_of_its_history(ops in timeline()) {
        check_timeline::<PersistentStorage>(&ops)?;
    }

    #[test]
    fn flat_and_persistent_vms_agree(program in program(40)) {
        check_flat_agrees(&program)?;
    }
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn flat_vm_snapshots_restore_identically(
        program in program(30),
        split in any::<proptest::sample::Index>(),
        alternative in program(8),
    ) {
        let split = split.index(program.0.len() + 1);
        check_restore::<FlatStorage>(&program, split, &alternative)?;
    }

    #[test]
    fn a_flat_vm_timeline_equals_a_fresh_run_of_its_history(ops in timeline()) {
        check_timeline::<FlatStorage>(&ops)?;
    }

    #[test]
    fn every_flat_vm_snapshot_replays_identically(
        program in program(20),
        order in proptest::collection::vec(any::<usize>(), 1..4),
    ) {
        check_history::<FlatStorage>(&program, &order)?;
    }
}

/// A fixed program with closures sharing upvalues, generators, open upvalues of a suspended
/// coroutine, a logging `__newindex` and a wrapped coroutine running dead. Its results (from
/// lua5.4) show that the step templates really suspend coroutines and change upvalues, so the
/// generator cannot silently degrade into programs that only fail; then a snapshot replays.
#[test]
fn fixed_program_exercises_every_feature() {
    let steps: Vec<String> = [
        Step::MakeClosures { s: 1, start: 5 },
        Step::MakeCoroutine {
            s: 1,
            kind: 0,
            limit: 3,
            t: 1,
        },
        Step::MakeCoroutine {
            s: 2,
            kind: 1,
            limit: 2,
            t: 1,
        },
        Step::MakeCoroutine {
            s: 3,
            kind: 3,
            limit: 2,
            t: 2,
        },
        Step::Resume { s: 1, v: 4 },
        Step::CallClosure {
            s: 1,
            which: 0,
            d: 3,
        },
        Step::Resume { s: 2, v: 0 },
        Step::CallClosure {
            s: 2,
            which: 0,
            d: 7,
        },
        Step::SetMeta {
            t: 1,
            kind: 2,
            other: 1,
        },
        Step::SetField {
            t: 1,
            k: Key::Str(0),
            v: Val::TableLit(3),
        },
        Step::CallWrap {
            s: 3,
            v: 2,
            protected: true,
        },
    ]
    .iter()
    .map(Step::source)
    .collect();
    let mut vm = new_vm::<PersistentStorage>();
    let before = run_steps(&mut vm, &steps);
    // Expected results from lua5.4 running the same steps.
    let expected_before = [
        "ok []",
        "ok []",
        "ok []",
        "ok []",
        r#"ok [true, 1, 4, 1, "suspended"]"#,
        "ok [8]",
        r#"ok [true, 10, nil, nil, "suspended"]"#,
        "ok [17]",
        "ok []",
        "ok []",
        "ok [true, 2, 2]",
    ];
    assert_eq!(before, expected_before);
    let snapshot = vm.clone();
    let more: Vec<String> = [
        Step::Resume { s: 1, v: 1 },
        Step::Resume { s: 2, v: 0 },
        Step::Resume { s: 2, v: 0 },
        Step::Resume { s: 2, v: 0 },
        Step::CallWrap {
            s: 3,
            v: 1,
            protected: false,
        },
        Step::CallWrap {
            s: 3,
            v: 1,
            protected: false,
        },
        Step::CallWrap {
            s: 3,
            v: 1,
            protected: true,
        },
    ]
    .iter()
    .map(Step::source)
    .collect();
    let after = run_steps(&mut vm, &more);
    let expected_after = [
        r#"ok [true, 2, 5, 3, "suspended"]"#,
        r#"ok [true, 27, nil, nil, "suspended"]"#,
        r#"ok [true, 27, nil, nil, "dead"]"#,
        r#"ok [false, "cannot resume dead coroutine", nil, nil, "dead"]"#,
        "ok [4, 3]",
        r#"ok ["finished", 3]"#,
        r#"ok [false, "cannot resume dead coroutine"]"#,
    ];
    assert_eq!(after, expected_after);
    let state = dump(&mut vm);
    assert!(
        state.contains(r#"peek[1] -> "closures1", 8, "", 0"#),
        "{state}"
    );
    assert!(state.contains(r#"peek[2] -> "co1", 3"#), "{state}");
    assert!(state.contains(r#"peek[3] -> "inner2", 27"#), "{state}");
    let mut restored = snapshot.clone();
    assert_eq!(run_steps(&mut restored, &more), after);
    assert_eq!(dump(&mut restored), state);
}

/// A second fixed program for the coroutine shapes added later: a pending to-be-closed
/// variable, a grown stack, open upvalues of loop locals, varargs and a nested wrap, a
/// suspended `pairs` traversal; expected results from lua5.4.
#[test]
fn fixed_program_with_deeper_coroutine_states() {
    let steps: Vec<String> = [
        Step::MakeCoroutine {
            s: 1,
            kind: 6,
            limit: 2,
            t: 1,
        },
        Step::MakeCoroutine {
            s: 2,
            kind: 8,
            limit: 2,
            t: 1,
        },
        Step::MakeCoroutine {
            s: 3,
            kind: 9,
            limit: 3,
            t: 1,
        },
        Step::Resume { s: 1, v: 0 },
        Step::Resume { s: 2, v: 5 },
        Step::Resume { s: 3, v: 0 },
        Step::CallClosure {
            s: 3,
            which: 2,
            d: 4,
        },
        Step::Resume { s: 3, v: 0 },
    ]
    .iter()
    .map(Step::source)
    .collect();
    let mut vm = new_vm::<PersistentStorage>();
    let before = run_steps(&mut vm, &steps);
    let expected_before = [
        "ok []",
        "ok []",
        "ok []",
        r#"ok [true, "guarded", 1, nil, "suspended"]"#,
        r#"ok [true, 5, nil, nil, "suspended"]"#,
        r#"ok [true, 1, nil, nil, "suspended"]"#,
        "ok [5]",
        r#"ok [true, 2, nil, nil, "suspended"]"#,
    ];
    assert_eq!(before, expected_before);
    let snapshot = vm.clone();
    let at_snapshot = dump(&mut vm);
    let more: Vec<String> = [
        Step::Close { s: 1 },
        Step::Resume { s: 2, v: 3 },
        Step::Resume { s: 2, v: 1 },
        Step::Resume { s: 3, v: 0 },
        Step::MakeCoroutine {
            s: 1,
            kind: 10,
            limit: 2,
            t: 1,
        },
        Step::Resume { s: 1, v: 7 },
        Step::Resume { s: 1, v: 8 },
        Step::Resume { s: 1, v: 9 },
        Step::MakeCoroutine {
            s: 2,
            kind: 7,
            limit: 2,
            t: 2,
        },
        Step::Resume { s: 2, v: 0 },
        Step::SetField {
            t: 2,
            k: Key::Int(2),
            v: Val::Int(25),
        },
        Step::Resume { s: 2, v: 0 },
        Step::Resume { s: 2, v: 0 },
        Step::Resume { s: 2, v: 0 },
        Step::Arith { g: 1, op: 5, n: 1 },
        Step::Unpack { t: 2 },
        Step::MakeCoroutine {
            s: 3,
            kind: 11,
            limit: 1,
            t: 1,
        },
        Step::Resume { s: 3, v: 0 },
        Step::Resume { s: 3, v: 3 },
        Step::Resume { s: 3, v: 4 },
        Step::Resume { s: 3, v: 5 },
        Step::Resume { s: 3, v: 6 },
        Step::Resume { s: 3, v: 7 },
        Step::Build {
            g: 2,
            piece: 0,
            n: 0,
        },
    ]
    .iter()
    .map(Step::source)
    .collect();
    let after = run_steps(&mut vm, &more);
    let expected_after = [
        r#"ok [true, nil, "dead"]"#,
        r#"ok [true, 5, nil, nil, "suspended"]"#,
        r#"ok [true, 84, nil, nil, "dead"]"#,
        r#"ok [true, 3, nil, nil, "suspended"]"#,
        "ok []",
        r#"ok [true, 2, 1, 7, "suspended"]"#,
        r#"ok [true, 3, 1, 7, "suspended"]"#,
        r#"ok [true, 7, 2, 4, "dead"]"#,
        "ok []",
        r#"ok [true, 1, 1, nil, "suspended"]"#,
        "ok []",
        r#"ok [true, 2, 2, nil, "suspended"]"#,
        r#"ok [true, 3, 3, nil, "suspended"]"#,
        r#"ok [true, "traversed", 3, nil, "dead"]"#,
        r#"ok [true, -9223372036854775808, "integer"]"#,
        "ok [3, 10, 25, 30]",
        "ok []",
        r#"ok [true, "iter", 1, nil, "suspended"]"#,
        r#"ok [true, "concat", nil, nil, "suspended"]"#,
        r#"ok [true, "lt", nil, nil, "suspended"]"#,
        r#"ok [true, "eq", nil, nil, "suspended"]"#,
        r#"ok [true, "add", nil, nil, "suspended"]"#,
        r#"ok [true, 4, nil, nil, "dead"]"#,
        r#"ok [14, "a4,true,true,7"]"#,
    ];
    assert_eq!(after, expected_after);
    let state = dump(&mut vm);
    for line in [
        r#"peek[1] -> "loopco3", 1, 10"#,
        r#"peek[2] -> "loopco3", 2, 4"#,
        r#"peek[3] -> "loopco3", 3, 3"#,
        r#"  [1] = "closed1 nil""#,
    ] {
        assert!(state.contains(line), "{line} not in\n{state}");
    }
    // The snapshot kept the pending close, the deep stack and the open upvalues.
    let mut restored = snapshot.clone();
    assert_eq!(dump(&mut restored), at_snapshot);
    assert_eq!(run_steps(&mut restored, &more), after);
    assert_eq!(dump(&mut restored), state);
    vm.clone_from(&snapshot);
    assert_eq!(dump(&mut vm), at_snapshot);
    assert_eq!(run_steps(&mut vm, &more), after);
    assert_eq!(dump(&mut vm), state);
}
