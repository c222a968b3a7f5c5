//! Snapshot benchmarks: the cost of `Vm::clone()` (a snapshot), `clone_from` (a rollback
//! restore), the first write after a snapshot (copy-on-write), and the memory a history of
//! snapshots takes — for worlds of 1k to 1M live tables, with `FlatVm` (deep copy) alongside
//! at the smaller sizes.
//!
//! Run with `cargo bench --bench snapshot`. The history-memory report is printed to stdout
//! before the timings. Under `cargo test --benches` (criterion's test mode) every part runs at
//! a reduced size, once.

use criterion::{BatchSize, BenchmarkId, Criterion};
use red_moon::interpreter::{GenericVm, StringRef, TableRef};
use red_moon::storage::{FlatStorage, PersistentStorage, Storage};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Counting allocator
// ---------------------------------------------------------------------------------------------

/// Global allocator that delegates to `System` and, while [`COUNTING`] is on, tracks live bytes.
///
/// Implementing `GlobalAlloc` requires `unsafe`; this is the only unsafe code in the benchmark
/// (the library itself forbids it). Each method only forwards its arguments to `System`
/// unchanged, so the caller's safety contract carries over as is. Counting is switched on only
/// for the memory report, so the timed benchmarks pay one relaxed load per allocation.
struct Counting;

/// Bytes allocated minus bytes freed while counting was on.
static LIVE: AtomicIsize = AtomicIsize::new(0);
/// Whether allocations are being counted.
static COUNTING: AtomicBool = AtomicBool::new(false);

fn track(delta: isize) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE.fetch_add(delta, Ordering::Relaxed);
    }
}

fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract of `GlobalAlloc::alloc`.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            track(signed(layout.size()));
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract of `GlobalAlloc::alloc_zeroed`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            track(signed(layout.size()));
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded contract of `GlobalAlloc::dealloc`.
        unsafe { System.dealloc(ptr, layout) };
        track(-signed(layout.size()));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded contract of `GlobalAlloc::realloc`.
        let new_ptr = unsafe { System.realloc(ptr, layout, new_size) };
        if !new_ptr.is_null() {
            track(signed(new_size) - signed(layout.size()));
        }
        new_ptr
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live_bytes() -> isize {
    LIVE.load(Ordering::Relaxed)
}

// ---------------------------------------------------------------------------------------------
// World
// ---------------------------------------------------------------------------------------------

/// Tiny fixed-seed xorshift64 generator (no `rand` dependency; same sequence every run).
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform-enough index in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn float(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 1000.0
    }
}

/// Field names of an entity table: `x`, `y`, `vx` (floats) and `id` (integer).
const FIELDS: [&str; 4] = ["x", "y", "vx", "id"];
const ID_FIELD: usize = 3;

/// A VM holding `entities.len()` entity tables, each reachable as `entities[i]` in the globals.
struct World<S: Storage> {
    vm: GenericVm<S>,
    entities: Vec<TableRef>,
    holder: TableRef,
    keys: [StringRef; 4],
}

impl<S: Storage> World<S> {
    fn build(n: usize) -> Self {
        let mut vm = GenericVm::<S>::default();
        let ctx = &mut vm.context();
        let keys = FIELDS.map(|name| ctx.create_string(name));
        let holder = ctx.create_table();
        ctx.default_environment()
            .raw_set("entities", holder, ctx)
            .expect("set holder");
        let mut entities = Vec::with_capacity(n);
        for i in 0..n {
            let t = ctx.create_table();
            let f = i as f64;
            t.raw_set(keys[0], f, ctx).expect("set x");
            t.raw_set(keys[1], -f, ctx).expect("set y");
            t.raw_set(keys[2], 0.5, ctx).expect("set vx");
            t.raw_set(keys[ID_FIELD], i as i64, ctx).expect("set id");
            holder.raw_set(i as i64 + 1, t, ctx).expect("set holder[i]");
            entities.push(t);
        }
        assert_eq!(ctx.table_count(), n + 2, "globals + holder + entities");
        Self {
            vm,
            entities,
            holder,
            keys,
        }
    }

    /// Writes one random field of one random entity of `vm` (which shares this world's ids).
    fn random_write(&self, vm: &mut GenericVm<S>, rng: &mut XorShift) {
        let table = self.entities[rng.below(self.entities.len())];
        let field = rng.below(FIELDS.len());
        let ctx = &mut vm.context();
        if field == ID_FIELD {
            table
                .raw_set(self.keys[field], rng.next_u64() as i64, ctx)
                .expect("write id");
        } else {
            table
                .raw_set(self.keys[field], rng.float(), ctx)
                .expect("write field");
        }
    }

    /// `(index, table)` of the holder element in the middle of its array part.
    fn middle(&self) -> (i64, TableRef) {
        let mid = self.entities.len() / 2;
        (mid as i64 + 1, self.entities[mid])
    }
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

struct Plan {
    /// Sizes (entity tables) of the persistent worlds.
    sizes: Vec<usize>,
    /// Largest size at which `FlatVm` is also benchmarked.
    flat_max: usize,
    /// Persistent-world sizes for the history-memory report.
    history_sizes: Vec<usize>,
    /// Preferred `FlatVm` size for the history-memory report.
    flat_history_size: usize,
    snapshots: usize,
    writes_between: usize,
}

impl Plan {
    fn new(full: bool) -> Self {
        if full {
            Self {
                sizes: vec![1_000, 10_000, 100_000, 1_000_000],
                flat_max: 100_000,
                history_sizes: vec![10_000, 100_000],
                flat_history_size: 10_000,
                snapshots: 600,
                writes_between: 100,
            }
        } else {
            Self {
                sizes: vec![1_000],
                flat_max: 1_000,
                history_sizes: vec![1_000],
                flat_history_size: 1_000,
                snapshots: 20,
                writes_between: 10,
            }
        }
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unavailable".to_owned())
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

// ---------------------------------------------------------------------------------------------
// History memory report (not a timing)
// ---------------------------------------------------------------------------------------------

const MIB: f64 = 1024.0 * 1024.0;

/// Live bytes of one world state, and of a history of `plan.snapshots` snapshots with
/// `plan.writes_between` random writes before each one.
fn history_report<S: Storage>(label: &str, n: usize, plan: &Plan) {
    let start = Instant::now();
    let baseline = live_bytes();
    let world = World::<S>::build(n);
    let single = live_bytes() - baseline;

    let mut vm = world.vm.clone();
    let mut rng = XorShift::new(0x5EED_0000 + n as u64);
    let before = live_bytes();
    let mut history: Vec<GenericVm<S>> = Vec::with_capacity(plan.snapshots);
    for _ in 0..plan.snapshots {
        for _ in 0..plan.writes_between {
            world.random_write(&mut vm, &mut rng);
        }
        history.push(vm.clone());
    }
    let after = live_bytes();
    let writes = plan.snapshots * plan.writes_between;
    let growth = after - before;
    let total = single + growth;
    println!(
        "[history] {label:<10} {n:>7} tables | one state {:>10} B ({:>8.2} MiB) | \
         {} snapshots x {} writes: history total {:>11} B ({:>8.2} MiB), \
         {:>6.2}x one state, growth {:>11} B, {:>8.1} B/write | {:.2?}",
        single,
        single as f64 / MIB,
        plan.snapshots,
        plan.writes_between,
        total,
        total as f64 / MIB,
        total as f64 / single as f64,
        growth,
        growth as f64 / writes as f64,
        start.elapsed(),
    );
    drop(history);
    drop(vm);
    drop(world);
}

/// Measures one `FlatVm` state at `n` tables; returns `n` if a full flat history fits the
/// budget, or a smaller size that does.
fn flat_history_size(n: usize, plan: &Plan) -> usize {
    const BUDGET: f64 = 4.0 * 1024.0 * MIB;
    let baseline = live_bytes();
    let world = World::<FlatStorage>::build(n);
    let single = live_bytes() - baseline;
    drop(world);
    let projected = single as f64 * (plan.snapshots + 1) as f64;
    if projected <= BUDGET {
        n
    } else {
        println!(
            "[history] FlatVm at {n} tables would need ~{:.0} MiB for {} deep copies \
             (budget {:.0} MiB): using {} tables instead",
            projected / MIB,
            plan.snapshots,
            BUDGET / MIB,
            n / 10
        );
        n / 10
    }
}

fn memory_report(plan: &Plan) {
    println!("================ Red Moon snapshot history memory report ================");
    println!(
        "cores: {} | load average at start: {} | size_of::<Vm>() = {} B",
        cores(),
        load_average(),
        std::mem::size_of::<GenericVm<PersistentStorage>>()
    );
    println!(
        "entity table = {{x, y, vx: float, id: integer}}, stored as globals.entities[i]; \
         writes: random table, random field, xorshift seed fixed"
    );
    println!(
        "'one state' = live bytes of a freshly built VM; 'growth' = live bytes added by the \
         history (all snapshots alive); B/write = growth / (snapshots x writes)"
    );
    COUNTING.store(true, Ordering::Relaxed);
    for &n in &plan.history_sizes {
        history_report::<PersistentStorage>("Vm", n, plan);
    }
    let flat_n = flat_history_size(plan.flat_history_size, plan);
    history_report::<FlatStorage>("FlatVm", flat_n, plan);
    COUNTING.store(false, Ordering::Relaxed);
    println!("==========================================================================");
}

// ---------------------------------------------------------------------------------------------
// Timings
// ---------------------------------------------------------------------------------------------

/// Tables written between taking the snapshot and restoring it in `clone_from`.
const DIRTY_WRITES: usize = 10;

fn bench_clone(
    c: &mut Criterion,
    worlds: &[World<PersistentStorage>],
    flats: &[World<FlatStorage>],
) {
    let mut group = c.benchmark_group("clone");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.sample_size(50);
    for world in worlds {
        let n = world.entities.len();
        group.bench_with_input(BenchmarkId::new("Vm", n), &world.vm, |b, vm| {
            // The clones are dropped after each batch, outside the timing.
            b.iter_with_large_drop(|| vm.clone());
        });
    }
    for world in flats {
        let n = world.entities.len();
        if n >= 100_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("FlatVm", n), &world.vm, |b, vm| {
            // One deep copy per batch: at most one big clone alive at a time.
            b.iter_batched(|| (), |()| vm.clone(), BatchSize::PerIteration);
        });
    }
    group.finish();
}

fn bench_clone_from(c: &mut Criterion, worlds: &[World<PersistentStorage>]) {
    let mut group = c.benchmark_group("clone_from");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.sample_size(50);
    for world in worlds {
        let n = world.entities.len();
        let snapshot = &world.vm;
        let mut rng = XorShift::new(0xC10E_F0F0 + n as u64);
        group.bench_function(BenchmarkId::new("Vm", n), |b| {
            b.iter_batched_ref(
                // A VM that took `snapshot` and then wrote DIRTY_WRITES random tables.
                || {
                    let mut vm = snapshot.clone();
                    for _ in 0..DIRTY_WRITES {
                        world.random_write(&mut vm, &mut rng);
                    }
                    vm
                },
                // The rollback: restore the snapshot (frees the dirtied copies).
                |vm| vm.clone_from(snapshot),
                BatchSize::NumIterations(64),
            );
        });
    }
    group.finish();
}

fn bench_first_write(c: &mut Criterion, worlds: &mut [World<PersistentStorage>]) {
    let mut group = c.benchmark_group("first_write_after_snapshot");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(2));
    group.sample_size(50);
    // Inputs alive at once per batch; each holds one copied table plus its copied paths.
    let batch = BatchSize::NumIterations(256);
    for world in worlds.iter_mut() {
        let n = world.entities.len();
        let key = world.keys[0];
        let (mid_index, mid_table) = world.middle();

        // Shared: the input is a fresh snapshot of the world; the world itself stays alive as the
        // outstanding other side, so the write copies the entity table and its slot path.
        let mut rng = XorShift::new(0xF125_7000 + n as u64);
        let (entities, base) = (&world.entities, &world.vm);
        group.bench_function(BenchmarkId::new("entity_shared", n), |b| {
            b.iter_batched_ref(
                || (base.clone(), entities[rng.below(n)], rng.float()),
                |(vm, table, value)| {
                    table
                        .raw_set(key, *value, &mut vm.context())
                        .expect("write x");
                },
                batch,
            );
        });

        // Shared, into the big holder table: copies the holder (its array part is an O(1)
        // persistent-vector clone), the holder's slot path and the array chunk path.
        group.bench_function(BenchmarkId::new("holder_mid_shared", n), |b| {
            b.iter_batched_ref(
                || base.clone(),
                |vm| {
                    world
                        .holder
                        .raw_set(mid_index, mid_table, &mut vm.context())
                        .expect("write holder");
                },
                batch,
            );
        });

        // Unshared: no snapshot outstanding, every write is in place.
        let holder = world.holder;
        let ctx = &mut world.vm.context();
        let mut rng = XorShift::new(0x0A5A_7000 + n as u64);
        let entities = &world.entities;
        group.bench_function(BenchmarkId::new("entity_unshared", n), |b| {
            b.iter(|| {
                let table = entities[rng.below(n)];
                table.raw_set(key, rng.float(), ctx).expect("write x");
            });
        });
        group.bench_function(BenchmarkId::new("holder_mid_unshared", n), |b| {
            b.iter(|| {
                holder
                    .raw_set(black_box(mid_index), mid_table, ctx)
                    .expect("write holder");
            });
        });
    }
    group.finish();
}

fn main() {
    let full = full_run();
    let plan = Plan::new(full);
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    if !listing() {
        memory_report(&plan);
    }

    let build_start = Instant::now();
    let mut worlds: Vec<World<PersistentStorage>> =
        plan.sizes.iter().map(|&n| World::build(n)).collect();
    let flats: Vec<World<FlatStorage>> = plan
        .sizes
        .iter()
        .filter(|&&n| n <= plan.flat_max)
        .map(|&n| World::build(n))
        .collect();
    if !listing() {
        println!(
            "built worlds {:?} (FlatVm up to {}) in {:.2?}",
            plan.sizes,
            plan.flat_max,
            build_start.elapsed()
        );
    }

    bench_clone(&mut criterion, &worlds, &flats);
    drop(flats);
    bench_clone_from(&mut criterion, &worlds);
    bench_first_write(&mut criterion, &mut worlds);

    if !listing() {
        println!("load average at end: {}", load_average());
    }
    criterion.final_summary();
}
