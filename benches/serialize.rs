//! Saved-state benchmarks: writing a whole VM as CBOR (`Vm::to_cbor`), reading it back
//! (`Vm::from_cbor`), both in a row, and — for scale — an O(1) snapshot (`Vm::clone`), for a
//! game world of 1k, 10k and 100k entities built by a Lua script.
//!
//! The world (see [`WORLD`]): `entities[i] = {id, x, y, vx, vy, hp, name = "unit" .. i, kind,
//! tags = {...}, update = shared method}`, a few closures sharing upvalues, and a `scheduler`
//! coroutine suspended in a loop. The script runs a few simulation frames (so positions are
//! arbitrary floats) and a full collection before the state is measured.
//!
//! Before the timings, a size report goes to stdout: state bytes, bytes per entity over a
//! baseline (a fresh VM with only the standard library), and a breakdown of the bytes by part
//! of the state (strings, tables, functions, ...), with the tables split into their records'
//! fields, so the cost of each part of the format can be read off.
//!
//! The group `serialize` has `encode`, `decode`, `round_trip` and `snapshot_clone` per world
//! size, and `encode` / `decode` of the baseline VM (`stdlib_only`), the fixed part of every
//! state.
//!
//! Run with `cargo bench --bench serialize`. Under `cargo test --benches` (criterion's test
//! mode) everything runs once at 1k entities.

use ciborium::Value as Cbor;
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use red_moon::interpreter::{MultiValue, Vm};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The game world, built by `chunk(n)`.
const WORLD: &str = r#"
local n = ...
kinds = {"soldier", "archer", "mage", "worker"}
local tag_names = {"ground", "air", "ranged", "melee", "boss", "ally"}

-- One method shared by every entity (as a class would provide it).
local function update(self, dt)
  self.x = self.x + self.vx * dt
  self.y = self.y + self.vy * dt
  if self.x < 0 or self.x > 1000 then self.vx = -self.vx end
  if self.y < 0 or self.y > 1000 then self.vy = -self.vy end
end

entities = {}
for i = 1, n do
  entities[i] = {
    id = i,
    x = (i * 7.31) % 1000, y = (i * 3.17) % 1000,
    vx = (i % 13 - 6) * 0.37, vy = (i % 11 - 5) * 0.29,
    hp = 100,
    name = "unit" .. i,
    kind = kinds[i % 4 + 1],
    tags = {tag_names[i % 6 + 1], tag_names[(i + 2) % 6 + 1], i % 3},
    update = update,
  }
end

-- A few closures sharing upvalues.
local frame, spawned = 0, 0
function step(dt)
  frame = frame + 1
  for i = 1, #entities do
    local e = entities[i]
    e:update(dt)
  end
end
function frames() return frame end
function spawn_id() spawned = spawned + 1 return n + spawned end
function checksum()
  local s = 0
  for i = 1, #entities do local e = entities[i] s = s + e.x * 3 + e.y + e.hp end
  return s
end

-- The scheduler: a coroutine suspended in its loop, holding locals on its stack.
scheduler = coroutine.create(function(period)
  local tick, due = 0, {}
  while true do
    tick = tick + 1
    if tick % period == 0 then due[#due + 1] = tick end
    coroutine.yield(tick, #due)
  end
end)
coroutine.resume(scheduler, 5)

for _ = 1, 3 do step(0.016) coroutine.resume(scheduler) end
collectgarbage()
"#;

/// A VM with the standard library.
fn base_vm() -> Vm {
    let mut vm = Vm::default();
    vm.context().open_standard_libraries();
    vm
}

/// A VM with the standard library and the world of `n` entities.
fn world(n: usize) -> Vm {
    let mut vm = base_vm();
    let ctx = &mut vm.context();
    let chunk = ctx
        .load(WORLD, "=world")
        .expect("the world script compiles");
    chunk
        .call::<_, MultiValue>(n as i64, ctx)
        .expect("the world script runs");
    vm
}

/// Runs `step` once and returns `checksum()` and the scheduler's next tick.
fn advance(vm: &mut Vm) -> (u64, i64) {
    let ctx = &mut vm.context();
    let chunk = ctx
        .load(
            "step(0.016) return checksum(), select(2, coroutine.resume(scheduler))",
            "=advance",
        )
        .expect("compiles");
    let (sum, tick) = chunk.call::<_, (f64, i64)>((), ctx).expect("advance runs");
    (sum.to_bits(), tick)
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/// Whether this is a real benchmark run (`cargo bench`), not criterion's test or list mode.
fn full_run() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    has("--bench") && !has("--test") && !has("--list")
}

fn listing() -> bool {
    std::env::args().any(|a| a == "--list")
}

/// Whether criterion only profiles (`--profile-time`): the size report would only add noise
/// to the profile then.
fn profiling() -> bool {
    std::env::args().any(|a| a == "--profile-time")
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unavailable".to_owned())
}

// ---------------------------------------------------------------------------------------------
// Size report
// ---------------------------------------------------------------------------------------------

/// Encoded size of a CBOR value.
fn size(value: &Cbor) -> usize {
    let mut bytes = Vec::new();
    ciborium::into_writer(value, &mut bytes).expect("re-encode CBOR");
    bytes.len()
}

/// The field `name` of the top-level state map.
fn field<'a>(state: &'a Cbor, name: &str) -> Option<&'a Cbor> {
    state
        .as_map()?
        .iter()
        .find(|(key, _)| key.as_text() == Some(name))
        .map(|(_, value)| value)
}

/// The live objects of a slot store (`{slots: [{"L": [generation, object]} | {"F": ...}],
/// free_head}`), as `(generation, object)`, and the number of free slots.
fn live_objects(store: &Cbor) -> (Vec<&Cbor>, usize) {
    let mut live = Vec::new();
    let mut free = 0;
    let slots = store
        .as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.as_text() == Some("slots")))
        .and_then(|(_, v)| v.as_array());
    for slot in slots.into_iter().flatten() {
        let Some([(tag, body)]) = slot.as_map().map(Vec::as_slice) else {
            continue;
        };
        match tag.as_text() {
            Some("L") => {
                if let Some([_, object]) = body.as_array().map(Vec::as_slice) {
                    live.push(object);
                }
            }
            _ => free += 1,
        }
    }
    (live, free)
}

/// Prints where the bytes of a state go.
fn breakdown(label: &str, bytes: &[u8], entities: usize) {
    let state: Cbor = ciborium::from_reader(bytes).expect("the state is CBOR");
    let per = |b: usize| {
        if entities == 0 {
            String::new()
        } else {
            format!("  ({:>7.1} B/entity)", b as f64 / entities as f64)
        }
    };
    println!("  [{label}] bytes by part of the state (>= 1 KiB):");
    if let Some(map) = state.as_map() {
        for (key, value) in map {
            let b = size(value);
            if b >= 1024 {
                println!(
                    "    {:<16} {:>11} B{}",
                    key.as_text().unwrap_or("?"),
                    b,
                    per(b)
                );
            }
        }
    }
    // The table records: (metatable, array, capacity, hash part).
    if let Some(tables) = field(&state, "tables") {
        let (live, free) = live_objects(tables);
        let total_tables = size(tables);
        let (mut meta, mut array, mut capacity, mut hash) = (0, 0, 0, 0);
        let (mut keys, mut values, mut tombstones, mut pairs) = (0, 0, 0, 0);
        let mut records = 0;
        // Values in table records (array items, keys, values) by Value tag: (count, bytes).
        let mut kinds = [(0usize, 0usize); 9];
        let mut count_value = |v: &Cbor| {
            let tag = v
                .as_array()
                .and_then(|a| a.first())
                .and_then(Cbor::as_integer)
                .and_then(|t| usize::try_from(t).ok())
                .filter(|&t| t < kinds.len());
            if let Some(tag) = tag {
                kinds[tag].0 += 1;
                kinds[tag].1 += size(v);
            }
        };
        for table in &live {
            let Some([m, a, c, h]) = table.as_array().map(Vec::as_slice) else {
                continue;
            };
            records += size(table);
            meta += size(m);
            array += size(a);
            capacity += size(c);
            hash += size(h);
            a.as_array()
                .into_iter()
                .flatten()
                .for_each(&mut count_value);
            for pair in h.as_array().into_iter().flatten() {
                if let Some([k, v]) = pair.as_array().map(Vec::as_slice) {
                    count_value(k);
                    count_value(v);
                    pairs += 1;
                    keys += size(k);
                    values += size(v);
                    if v.as_array().map(Vec::len) == Some(1) {
                        tombstones += 1;
                    }
                }
            }
        }
        let n = live.len().max(1) as f64;
        println!(
            "    tables: {} live, {} free slots; {} B in records = {:.1} B/table; \
             slot wrapper ({{\"L\": [generation, record]}}) {:.1} B/table",
            live.len(),
            free,
            records,
            records as f64 / n,
            (total_tables - records) as f64 / n,
        );
        println!(
            "      record fields per table: metatable {:.1} B, array {:.1} B, capacity {:.1} B, \
             hash {:.1} B ({:.2} pairs, {:.1} B/pair: key {:.1} B + value {:.1} B; {} nil \
             values = tombstones)",
            meta as f64 / n,
            array as f64 / n,
            capacity as f64 / n,
            hash as f64 / n,
            pairs as f64 / n,
            (keys + values) as f64 / pairs.max(1) as f64,
            keys as f64 / pairs.max(1) as f64,
            values as f64 / pairs.max(1) as f64,
            tombstones,
        );
        const KIND: [&str; 9] = [
            "nil",
            "bool",
            "integer",
            "float",
            "string",
            "table",
            "function",
            "coroutine",
            "userdata",
        ];
        let described: Vec<String> = kinds
            .iter()
            .zip(KIND)
            .filter(|((count, _), _)| *count > 0)
            .map(|((count, bytes), kind)| {
                format!("{kind} {count} x {:.2} B", *bytes as f64 / *count as f64)
            })
            .collect();
        println!("      values in tables: {}", described.join(", "));
    }
    if let Some(strings) = field(&state, "strings") {
        let (live, free) = live_objects(strings);
        let content: usize = live.iter().map(|s| s.as_bytes().map_or(0, Vec::len)).sum();
        let n = live.len().max(1) as f64;
        println!(
            "    strings: {} live, {} free slots; {} B total = {:.1} B/string, of which \
             content {:.1} B",
            live.len(),
            free,
            size(strings),
            size(strings) as f64 / n,
            content as f64 / n,
        );
    }
}

struct Sized {
    n: usize,
    vm: Vm,
    bytes: Vec<u8>,
}

fn report(worlds: &[Sized], baseline: usize, base_bytes: &[u8], full: bool) {
    println!("================ Red Moon saved-state (CBOR) size report ================");
    println!(
        "cores: {} | load average: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load_average()
    );
    println!("baseline (fresh VM + standard library): {baseline} B");
    breakdown("baseline", base_bytes, 0);
    for w in worlds {
        let over = w.bytes.len().saturating_sub(baseline);
        println!(
            "{:>7} entities: {:>11} B ({:.2} MiB) | (total - baseline) / n = {:.1} B/entity",
            w.n,
            w.bytes.len(),
            w.bytes.len() as f64 / (1024.0 * 1024.0),
            over as f64 / w.n as f64,
        );
        if full || w.n == worlds[0].n {
            breakdown(&format!("{} entities", w.n), &w.bytes, w.n);
        }
    }
    println!("==========================================================================");
}

// ---------------------------------------------------------------------------------------------
// Timings
// ---------------------------------------------------------------------------------------------

fn main() {
    let full = full_run();
    let sizes: &[usize] = if full {
        &[1_000, 10_000, 100_000]
    } else {
        &[1_000]
    };
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(20)
        .configure_from_args();

    let base_bytes = base_vm().to_cbor().expect("save the baseline");
    let started = Instant::now();
    let worlds: Vec<Sized> = sizes
        .iter()
        .map(|&n| {
            let vm = world(n);
            let bytes = vm.to_cbor().expect("save the world");
            // The state loads, re-encodes to the same bytes and continues like the original.
            let mut loaded = Vm::from_cbor(&bytes).expect("load the world");
            assert_eq!(
                loaded.to_cbor().expect("re-save"),
                bytes,
                "re-encoding differs"
            );
            assert_eq!(advance(&mut loaded), advance(&mut vm.clone()), "diverged");
            Sized { n, vm, bytes }
        })
        .collect();
    if !listing() && !profiling() {
        println!(
            "built and checked worlds {sizes:?} in {:.2?}",
            started.elapsed()
        );
        report(&worlds, base_bytes.len(), &base_bytes, full);
    }

    let mut group = criterion.benchmark_group("serialize");
    group.sampling_mode(SamplingMode::Flat);
    // The fixed part of every state: a fresh VM with only the standard library.
    let base = base_vm();
    group.throughput(Throughput::Bytes(base_bytes.len() as u64));
    group.bench_function(BenchmarkId::new("encode", "stdlib_only"), |b| {
        b.iter_with_large_drop(|| base.to_cbor().expect("save"));
    });
    group.bench_function(BenchmarkId::new("decode", "stdlib_only"), |b| {
        b.iter_with_large_drop(|| Vm::from_cbor(black_box(&base_bytes)).expect("load"));
    });
    for w in &worlds {
        let (n, vm, bytes) = (w.n, &w.vm, &w.bytes);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("encode", n), vm, |b, vm| {
            b.iter_with_large_drop(|| vm.to_cbor().expect("save"));
        });
        group.bench_with_input(BenchmarkId::new("decode", n), bytes, |b, bytes| {
            b.iter_with_large_drop(|| Vm::from_cbor(black_box(bytes)).expect("load"));
        });
        group.bench_with_input(BenchmarkId::new("round_trip", n), vm, |b, vm| {
            b.iter_with_large_drop(|| {
                let bytes = vm.to_cbor().expect("save");
                Vm::from_cbor(&bytes).expect("load")
            });
        });
        // Entities per second: a byte rate would mean nothing for an O(1) clone.
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("snapshot_clone", n), vm, |b, vm| {
            b.iter_with_large_drop(|| vm.clone());
        });
    }
    group.finish();

    if !listing() {
        println!("load average at end: {}", load_average());
    }
    criterion.final_summary();
}
