//! Hostile saved states: thousands of corrupted variants of valid states (byte-level damage
//! and structure-aware changes to the decoded CBOR) go through `Vm::from_cbor`; each gives
//! an error or a VM that round-trips and runs with Lua errors only (see
//! `tests/common/hostile_state.rs`). Also the generator of the `saved_state` fuzz corpus.

#[path = "common/hostile_state.rs"]
mod hostile_state;
#[path = "common/state_mutations.rs"]
mod state_mutations;

use ciborium::value::Value as Cbor;
use hostile_state::{Outcome, exercise};
use red_moon::interpreter::{Value, Vm};
use state_mutations::{Rng, damage_structure};

/// Scripts whose end states seed the corruption (and the fuzz corpus). Each leaves
/// something unusual in the heap.
const SEEDS: &[(&str, &str)] = &[
    (
        "coroutines",
        r##"
local proxy = setmetatable({}, {__index = function(t, k) return coroutine.yield("index " .. k) end,
  __add = function(a, b) return coroutine.yield("add") end})
local function iter(s, i) if i < 3 then coroutine.yield("iter " .. i) return i + 1 end end
co_pcall = coroutine.create(function(a)
  local ok, v = pcall(function() return coroutine.yield("in pcall " .. a) end)
  for i in iter, nil, 0 do end
  return proxy.field, proxy + 1
end)
coroutine.resume(co_pcall, "A")
co_for = coroutine.create(function() for i in iter, nil, 0 do end end)
coroutine.resume(co_for)
co_index = coroutine.create(function() return proxy.name end)
coroutine.resume(co_index)
co_arith = coroutine.create(function(...) local n = select("#", ...) return proxy + n end)
coroutine.resume(co_arith, 1, 2, 3)
co_xpcall = coroutine.create(function()
  return xpcall(function(...) coroutine.yield(...) error("late") end, function(m) return "handled " .. m end, 7, 8)
end)
coroutine.resume(co_xpcall)
co_dead = coroutine.create(function() error({code = 1}) end)
coroutine.resume(co_dead)
wrapped = coroutine.wrap(function() for i = 1, 100 do coroutine.yield(i) end end)
wrapped()
"##,
    ),
    (
        "close_and_nesting",
        r##"
local log = {}
co_close = coroutine.create(function()
  local a <close> = setmetatable({}, {__close = function(_, e) log[#log + 1] = "a" end})
  local b <close> = setmetatable({}, {__close = function(_, e) coroutine.yield("closing b") end})
  coroutine.yield("holding")
end)
coroutine.resume(co_close)
inner = coroutine.create(function(x) while true do x = coroutine.yield(x * 2) end end)
outer = coroutine.create(function()
  local r = {coroutine.resume(inner, 5)}
  local c <close> = setmetatable({}, {__close = function() log[#log + 1] = "c" end})
  coroutine.yield(r[2])
  coroutine.resume(inner, 6)
end)
coroutine.resume(outer)
co_closing = coroutine.create(function()
  local d <close> = setmetatable({}, {__close = function() coroutine.yield("in close") end})
  return 1
end)
coroutine.resume(co_closing)
coroutine.resume(co_closing)
get_log = function() return log end
"##,
    ),
    (
        "upvalues_weak",
        r##"
local function counter()
  local n = 0
  return function() n = n + 1 return n end, function() return n end, function(v) n = v end
end
inc, get, set = counter()
inc() inc()
weak_k = setmetatable({}, {__mode = "k"})
weak_v = setmetatable({}, {__mode = "v"})
weak_kv = setmetatable({}, {__mode = "kv"})
keep = {}
for i = 1, 12 do
  local t = {i}
  weak_k[t] = i weak_v[i] = t weak_kv[t] = t
  if i % 3 == 0 then keep[#keep + 1] = t end
end
ephemeron = setmetatable({}, {__mode = "k"})
local key = {} ephemeron[key] = {key} keep.key = key
co_open = coroutine.create(function()
  local shared = 10
  bump_open = function() shared = shared + 1 return shared end
  coroutine.yield(shared)
  return shared
end)
coroutine.resume(co_open)
bump_open()
values = {1, 2.5, "three", true, false, -0.0, math.huge, -math.huge, 1 << 62, math.mininteger, [1.5] = "f", [-1] = "n"}
values.self = values
"##,
    ),
    (
        "gc_mid_cycle",
        r##"
collectgarbage("incremental", 100, 100, 10)
finalized = 0
keep = {}
for i = 1, 400 do
  local t = setmetatable({i, tostring(i)}, {__gc = function(o) finalized = finalized + 1 end})
  if i % 4 == 0 then keep[#keep + 1] = t end
end
for i = 1, 300 do local g = {i, {i}} end
local steps = 0
while steps < 6 and not collectgarbage("step", 0) do steps = steps + 1 end
for i = 1, 200 do keep[i % 50 + 1] = {i} end
"##,
    ),
    (
        "finalizers_pending",
        r##"
collectgarbage("generational")
order = {}
for i = 1, 30 do
  setmetatable({}, {__gc = function() order[#order + 1] = i end})
end
resurrect = setmetatable({}, {__gc = function(o) saved = o end})
resurrect = nil
collectgarbage("incremental")
collectgarbage("step", 0)
collectgarbage("step", 0)
"##,
    ),
    (
        "metatables_registry",
        r##"
getmetatable("").__index.shout = function(s) return s:upper() .. "!" end
debug.setmetatable(0, {__index = math, __call = function(n, ...) return n + select("#", ...) end})
debug.setmetatable(nil, {__index = function() return "nil field" end})
debug.setmetatable(print, {__concat = function(a, b) return "fn" end})
debug.getregistry().note = {"kept", 1}
debug.getregistry()[100] = function() return "registry function" end
local Vec = {}
Vec.__index = Vec
Vec.__add = function(a, b) return setmetatable({x = a.x + b.x}, Vec) end
Vec.__eq = function(a, b) return a.x == b.x end
Vec.__lt = function(a, b) return a.x < b.x end
Vec.__len = function(a) return a.x end
Vec.__tostring = function(a) return "vec " .. a.x end
Vec.__name = "Vec"
function Vec.new(x) return setmetatable({x = x}, Vec) end
v1, v2 = Vec.new(1), Vec.new(2)
math.randomseed(7)
r = math.random(1, 100)
"##,
    ),
    (
        "userdata",
        r##"
ud = ...
debug.setmetatable(ud, {__index = function(u, k) return k .. "!" end, __name = "Thing",
  __gc = function() gone = true end, __tostring = function() return "thing" end})
holder = {ud, [ud] = "key"}
co_ud = coroutine.create(function(u) local x = u.field coroutine.yield(x) return u end)
coroutine.resume(co_ud, ud)
"##,
    ),
    (
        "functions",
        r##"
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
fib_result = fib(10)
function varargs(...) local t = table.pack(...) return t.n, ... end
function tail(n) if n == 0 then return "done" end return tail(n - 1) end
function loops(n) local s = 0 for i = 1, n do s = s + i end for i = n, 1, -0.5 do s = s + i end
  local i = 0 repeat i = i + 1 until i > n while i > 0 do i = i - 2 end
  ::top:: if s > 1e9 then goto top end return s end
function strings(s) return s:rep(3, ","):gsub("a", "b"):sub(2, -2), ("%d %s %q"):format(1, s, s) end
function tables() local t = {} for i = 1, 20 do t[i] = i * i end table.sort(t, function(a, b) return a > b end)
  return table.concat(t, " ", 1, 5), table.unpack(t, 1, 3) end
gen = load("local a, b = ... return function() return a + b end")(1, 2)
co_deep = coroutine.create(function(n)
  local function down(k) if k == 0 then return coroutine.yield("bottom") end return 1 + down(k - 1) end
  return down(n)
end)
coroutine.resume(co_deep, 30)
"##,
    ),
    (
        "packages_errors",
        r##"
package.preload.mod = function(name) return {name = name} end
mod = require("mod")
ok, err = pcall(error, setmetatable({}, {__tostring = function() return "obj" end}))
msg = select(2, pcall(function() local x = nil; return x.y end))
co_err = coroutine.create(function() local t <close> = setmetatable({}, {__close = function() error("in close") end}) error("first") end)
coroutine.resume(co_err)
co_wrap_in = coroutine.create(function()
  local g = coroutine.wrap(function() coroutine.yield(1) coroutine.yield(2) end)
  g()
  coroutine.yield(g)
end)
coroutine.resume(co_wrap_in)
t = table.move({1, 2, 3, 4}, 1, 4, 3, {})
utf = utf8.char(72, 228, 8364, 128512)
"##,
    ),
    ("bare", "x = 1"),
    (
        "endless",
        r##"
function forever() while true do pcall(function() end) end end
function deep(n) return deep(n + 1) + 1 end
spin = coroutine.create(function() while true do pcall(coroutine.yield) pcall(forever) end end)
coroutine.resume(spin)
"##,
    ),
];

/// The state left by seed script `i` (the collector not forced).
fn seed_state(i: usize) -> Vec<u8> {
    let (_, script) = SEEDS[i];
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    ctx.set_print_sink(|_| {});
    let ud = ctx.create_host_data(17u32);
    let f = ctx.load(script, "=seed").expect("seed compiles");
    f.call::<_, ()>(Value::HostData(ud), ctx)
        .expect("seed runs");
    ctx.reset_output_sinks();
    vm.to_cbor().expect("seed saves")
}

const INTERESTING: &[u8] = &[
    0, 0xff, 0x7f, 0x80, 1, 2, 3, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x40,
];

/// One byte-level change: flip, overwrite, truncate, duplicate or remove a chunk.
fn damage_bytes(bytes: &mut Vec<u8>, rng: &mut Rng) {
    if bytes.is_empty() {
        bytes.push(0);
        return;
    }
    let at = rng.below(bytes.len());
    match rng.below(6) {
        0 => bytes[at] ^= 1 << rng.below(8),
        1 | 2 => bytes[at] = INTERESTING[rng.below(INTERESTING.len())],
        3 => bytes.truncate(at),
        4 => {
            let len = 1 + rng.below(64.min(bytes.len() - at));
            let chunk = bytes[at..at + len].to_vec();
            let to = rng.below(bytes.len() + 1);
            bytes.splice(to..to, chunk);
        }
        _ => {
            let len = 1 + rng.below(64.min(bytes.len() - at));
            bytes.drain(at..at + len);
        }
    }
}

#[test]
fn corrupted_states_never_panic() {
    const CASES: usize = 10_000;
    let started = std::time::Instant::now();
    let seeds: Vec<Vec<u8>> = [0, 1, 2, 3].iter().map(|&i| seed_state(i)).collect();
    let trees: Vec<Cbor> = seeds
        .iter()
        .map(|s| ciborium::from_reader(s.as_slice()).expect("a seed is CBOR"))
        .collect();
    for seed in &seeds {
        match exercise(seed, 20_000, 8, 24) {
            Outcome::Loaded {
                corrupt: 0,
                dangling: 0,
                targets,
            } if targets > 8 => {}
            other => panic!("a valid seed state: {other:?}"),
        }
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut loaded, mut corrupt, mut dangling) = (0usize, 0usize, 0usize);
    let (mut structural, mut structural_invalid) = (0usize, 0usize);
    let mut refusals = std::collections::BTreeMap::<String, usize>::new();
    for case in 0..CASES {
        let which = rng.below(seeds.len());
        let structure_aware = case % 2 == 1;
        let bytes = if structure_aware {
            let mut tree = trees[which].clone();
            for _ in 0..1 + rng.below(2) {
                damage_structure(&mut tree, &mut rng);
            }
            let mut bytes = Vec::new();
            ciborium::into_writer(&tree, &mut bytes).expect("CBOR encodes");
            bytes
        } else {
            let mut bytes = seeds[which].clone();
            for _ in 0..1 + rng.below(3) {
                damage_bytes(&mut bytes, &mut rng);
            }
            bytes
        };
        let outcome = exercise(&bytes, 20_000, 4, 12);
        if structure_aware {
            structural += 1;
            structural_invalid += usize::from(outcome.is_invalid());
        }
        match outcome {
            Outcome::Loaded {
                corrupt: c,
                dangling: d,
                ..
            } => {
                loaded += 1;
                corrupt += usize::from(c > 0);
                dangling += usize::from(d > 0);
            }
            Outcome::Refused(error) => {
                let kind: String = error.chars().take_while(|c| c.is_alphanumeric()).collect();
                *refusals.entry(kind).or_default() += 1;
            }
        }
    }
    println!(
        "{CASES} corrupted states in {:.1?}: {loaded} loaded and ran ({corrupt} of them met \
         'corrupted VM state', {dangling} met stale references), refused: {refusals:?}; \
         structure-aware: {structural}, \
         {structural_invalid} refused as Invalid",
        started.elapsed()
    );
    // A state the decoder accepts must not be inconsistent for the VM: nothing it reaches is
    // a collected object (the decoder checks reachable references and, mid-sweep, marks).
    assert_eq!(corrupt, 0, "loaded states met 'corrupted VM state'");
    assert_eq!(dangling, 0, "loaded states met stale references");
    // The validator at work: many structure-aware changes make a state the VM could not have
    // produced, and they must be refused as such (not only as malformed CBOR).
    assert!(
        structural_invalid * 20 >= structural,
        "only {structural_invalid} of {structural} structure-aware changes refused as Invalid"
    );
}

/// Writes the seed states into `fuzz/corpus/saved_state` (run with `--ignored`).
#[test]
#[ignore]
fn write_fuzz_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/saved_state");
    std::fs::create_dir_all(&dir).unwrap();
    for (i, (name, _)) in SEEDS.iter().enumerate() {
        let bytes = seed_state(i);
        let outcome = exercise(&bytes, 20_000, 8, 40);
        assert!(
            matches!(
                outcome,
                Outcome::Loaded {
                    corrupt: 0,
                    dangling: 0,
                    ..
                }
            ),
            "{name}: {outcome:?}"
        );
        std::fs::write(dir.join(format!("{i:02}_{name}.cbor")), &bytes).unwrap();
        println!("{name}: {} bytes", bytes.len());
    }
}

/// The harness's budget ends code that never stops, even code that catches the budget error
/// with `pcall` in a loop, and deep recursion ends in a Lua error.
#[test]
fn endless_code_is_stopped_by_the_budget() {
    let index = SEEDS.iter().position(|(n, _)| *n == "endless").unwrap();
    let outcome = exercise(&seed_state(index), 20_000, 8, 40);
    assert!(
        matches!(outcome, Outcome::Loaded { corrupt: 0, dangling: 0, targets } if targets > 8),
        "{outcome:?}"
    );
}
