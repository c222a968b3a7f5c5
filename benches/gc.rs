//! Garbage collector benchmarks, on heaps of 100k and 1M live tables built by a Lua script
//! (`t[i] = {i}`), each live table followed by a garbage one (`local g = {i}`), built with the
//! collector stopped so all the garbage is there:
//!
//! - `gc_full/*`: a full collection (`collect_garbage`) of such a heap, in a snapshot of it
//!   (`Vm::clone`, O(1), outside the timing), so it includes the copy-on-write of what the
//!   collection frees. Throughput is in live objects per second. `FlatVm` (the deep-copied
//!   flat heap) alongside.
//! - `gc_step/*`: one `gc_step(0)` (the smallest step) and one `gc_step(8)` (about one
//!   automatic step: 8 KiB of allocation debt) in the middle of the marking phase, in a fresh
//!   snapshot (`first`: includes the copy-on-write of the collector's mark bits) and after a
//!   step already ran in it (`second`).
//! - Printed before the timings (`gc-pause` lines): every `gc_step(0)` / `gc_step(8)` of a
//!   whole cycle timed on its own, with and without a Lua mutator allocating garbage and
//!   overwriting live entries between steps: steps, the three longest pauses, mean pause,
//!   total time.
//! - Printed before the timings (`gc-memory` lines): resident memory (`/proc/self/statm`) of
//!   the heap, of a snapshot, and added by a full collection while the snapshot is alive, plus
//!   the collector's own state at its peak in a cycle; with the garbage interleaved with the
//!   live tables and (`Vm` only) allocated after them. Each figure comes from a fresh child
//!   process (this executable re-run with `GC_BENCH_MEMORY=storage:size`), so the allocator's
//!   reuse of memory freed by an earlier measurement cannot hide growth.
//!
//! Run with `cargo bench --bench gc` (about 1.5 minutes on 2 cores). Under `cargo test --benches`
//! (criterion's test mode) the sizes are reduced and every function runs once.

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use red_moon::interpreter::{GenericVm, MultiValue, Vm};
use red_moon::storage::{FlatStorage, PersistentStorage, Storage};
use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

/// Environment variable that turns this executable into a memory-report child.
const MEMORY_CHILD: &str = "GC_BENCH_MEMORY";

/// Resident set size of this process, in bytes (`/proc/self/statm`, 4 KiB pages).
fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Runs `source` in `vm`, panicking on any error.
fn run<S: Storage>(vm: &mut GenericVm<S>, source: &str) {
    let ctx = &mut vm.context();
    let chunk = ctx.load(source, "=gc_bench").expect("the script compiles");
    if let Err(error) = chunk.call::<_, MultiValue>((), ctx) {
        panic!("the script failed: {error}");
    }
}

/// A VM with the standard libraries and `live` live tables (`t[i] = {i}`), each followed by a
/// garbage table; the collector is stopped, so only host calls collect.
fn build<S: Storage>(live: u32) -> GenericVm<S> {
    build_with::<S>(live, false)
}

/// Like [`build`]; with `clustered`, the garbage tables are allocated after all the live ones
/// (so their slots are contiguous) instead of interleaved with them.
fn build_with<S: Storage>(live: u32, clustered: bool) -> GenericVm<S> {
    let mut vm = GenericVm::<S>::default();
    vm.context().open_standard_libraries();
    let source = if clustered {
        format!(
            "collectgarbage('stop')
             t = {{}}
             for i = 1, {live} do t[i] = {{i}} end
             for i = 1, {live} do local g = {{i}} end"
        )
    } else {
        format!(
            "collectgarbage('stop')
             t = {{}}
             for i = 1, {live} do t[i] = {{i}}; local g = {{i}} end"
        )
    };
    run(&mut vm, &source);
    vm
}

/// Whether this is criterion's test mode (`cargo test --benches` runs the executable without
/// `--bench`): small heaps then.
fn quick() -> bool {
    !std::env::args().any(|a| a == "--bench")
}

// ---------------------------------------------------------------------------------------------
// Memory (child processes)
// ---------------------------------------------------------------------------------------------

/// The child's work: builds the heap, snapshots it, collects, and prints the `gc-memory` line.
fn memory_child<S: Storage>(label: &str, live: u32, clustered: bool) {
    let Some(start) = rss_bytes() else {
        eprintln!("gc-memory: /proc/self/statm is not readable, no memory figures");
        return;
    };
    let mut vm = build_with::<S>(live, clustered);
    let built = rss_bytes().unwrap_or(0);
    let heap = built.saturating_sub(start);
    let used_before = vm.context().memory_used();

    let snapshot = vm.clone();
    let cloned = rss_bytes().unwrap_or(0);
    let snapshot_bytes = cloned.saturating_sub(built);

    let ctx = &mut vm.context();
    let collect_start = Instant::now();
    ctx.collect_garbage();
    let collect_time = collect_start.elapsed();
    let used_after = ctx.memory_used();
    let collected = rss_bytes().unwrap_or(0);
    let added = collected.saturating_sub(cloned);

    // The collector's own state at its peak: a stepwise cycle on the collected heap.
    let mut peak_state = 0;
    let mut steps = 0u64;
    loop {
        let finished = ctx.gc_step(8);
        peak_state = peak_state.max(ctx.gc_stats().collector_bytes);
        steps += 1;
        if finished || steps > 10_000_000 {
            break;
        }
    }
    let after_cycle = rss_bytes().unwrap_or(0);
    eprintln!(
        "gc-memory [{label}, {live} live + {live} {} garbage tables]: heap={:.1} MiB, \
         snapshot (clone)={:.1} MiB, added by full collection after snapshot={:.1} MiB \
         ({:.1}% of heap, collection took {:.0} ms), collector state (peak in a cycle)={} KiB, \
         nominal bytes {:.1} -> {:.1} MiB, RSS after one more stepwise cycle +{:.1} MiB",
        if clustered {
            "clustered"
        } else {
            "interleaved"
        },
        mib(heap),
        mib(snapshot_bytes),
        mib(added),
        added as f64 * 100.0 / heap.max(1) as f64,
        collect_time.as_secs_f64() * 1e3,
        peak_state / 1024,
        mib(used_before),
        mib(used_after),
        mib(after_cycle.saturating_sub(collected)),
    );
    drop(snapshot);
}

/// Runs one memory report in a child process and forwards its output.
fn memory_report(storage: &str, live: u32, layout: &str) {
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("gc-memory: cannot find the bench executable");
        return;
    };
    match Command::new(exe)
        .env(MEMORY_CHILD, format!("{storage}:{live}:{layout}"))
        .output()
    {
        Ok(output) => eprint!("{}", String::from_utf8_lossy(&output.stderr)),
        Err(error) => eprintln!("gc-memory: cannot run the child: {error}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Pauses of whole stepwise cycles
// ---------------------------------------------------------------------------------------------

/// Times every `gc_step(kib)` of one whole cycle on a snapshot of `base`; with `mutate`, a
/// Lua mutator runs every `MUTATE_EVERY` steps (100 garbage tables, one live entry replaced).
fn step_pauses(base: &Vm, live: u32, kib: u32, mutate: bool) {
    const MUTATE_EVERY: u64 = 1000;
    const MAX_STEPS: u64 = 50_000_000;
    let mut vm = base.clone();
    let ctx = &mut vm.context();
    let mutator = ctx
        .load(
            "local k = ... for i = 1, 100 do local g = {i, i} end t[k] = {k}",
            "=mutator",
        )
        .expect("the mutator compiles");
    // A smallest step first: it starts the cycle and resets the allocation debt (the heap was
    // built with the collector stopped, and a sized step would otherwise pay for all of it).
    let start = Instant::now();
    ctx.gc_step(0);
    let mut total = start.elapsed();
    let mut steps = 1u64;
    // The three longest pauses, longest first, with their step numbers.
    let mut top = [(total, 1u64), (Duration::ZERO, 0), (Duration::ZERO, 0)];
    let mut peak_state = 0;
    let finished = loop {
        if mutate && steps % MUTATE_EVERY == MUTATE_EVERY - 1 {
            let k = i64::try_from(steps / MUTATE_EVERY % u64::from(live)).unwrap_or(0) + 1;
            if let Err(error) = mutator.call::<_, MultiValue>(k, ctx) {
                panic!("the mutator failed: {error}");
            }
        }
        let start = Instant::now();
        let done = ctx.gc_step(kib);
        let pause = start.elapsed();
        steps += 1;
        total += pause;
        if pause > top[2].0 {
            top[2] = (pause, steps);
            top.sort_by_key(|&(pause, _)| std::cmp::Reverse(pause));
        }
        peak_state = peak_state.max(ctx.gc_stats().collector_bytes);
        if done {
            break true;
        }
        if steps >= MAX_STEPS {
            break false;
        }
    };
    eprintln!(
        "gc-pause [{live} live, gc_step({kib}){}]: {steps} steps{}, max {:.1} us (step {}), \
         next {:.1} us (step {}), {:.1} us (step {}), mean {:.3} us, whole cycle {:.1} ms, \
         collector state peak {} KiB",
        if mutate {
            ", Lua mutator every 1000 steps"
        } else {
            ""
        },
        if finished {
            ""
        } else {
            " (cycle NOT finished)"
        },
        top[0].0.as_secs_f64() * 1e6,
        top[0].1,
        top[1].0.as_secs_f64() * 1e6,
        top[1].1,
        top[2].0.as_secs_f64() * 1e6,
        top[2].1,
        total.as_secs_f64() * 1e6 / steps.max(1) as f64,
        total.as_secs_f64() * 1e3,
        peak_state / 1024,
    );
}

// ---------------------------------------------------------------------------------------------
// Criterion benchmarks
// ---------------------------------------------------------------------------------------------

fn bench_full<S: Storage>(c: &mut Criterion, storage: &str, bases: &[(u32, GenericVm<S>)]) {
    let mut group = c.benchmark_group("gc_full");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(3));
    for (live, base) in bases {
        group.throughput(Throughput::Elements(u64::from(*live)));
        group.bench_with_input(BenchmarkId::new(storage, live), base, |b, base| {
            b.iter_batched(
                || base.clone(),
                |mut vm| {
                    vm.context().collect_garbage();
                    vm
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

fn bench_step(c: &mut Criterion, bases: &[(u32, Vm)]) {
    let mut group = c.benchmark_group("gc_step");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(2));
    for (live, base) in bases {
        // A cycle in the marking phase: started, roots and the big table traversed.
        let mut mid = base.clone();
        {
            let ctx = &mut mid.context();
            for _ in 0..64 {
                ctx.gc_step(0);
            }
        }
        // `first`: the first step in a fresh snapshot, which also pays the copy-on-write of
        // the collector's state the snapshot shares; `second`: a step after one already ran
        // in the snapshot.
        for kib in [0, 8] {
            for warm in [false, true] {
                let name = format!("kib{kib}_{}", if warm { "second" } else { "first" });
                group.bench_with_input(BenchmarkId::new(name, live), &mid, |b, mid| {
                    b.iter_batched(
                        || {
                            let mut vm = mid.clone();
                            if warm {
                                vm.context().gc_step(0);
                            }
                            vm
                        },
                        |mut vm| {
                            black_box(vm.context().gc_step(kib));
                            vm
                        },
                        BatchSize::SmallInput,
                    );
                });
            }
        }
    }
    group.finish();
}

fn main() {
    if let Ok(spec) = std::env::var(MEMORY_CHILD) {
        let mut parts = spec.split(':');
        let storage = parts.next().unwrap_or("persistent");
        let live = parts.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
        let clustered = parts.next() == Some("clustered");
        if storage == "flat" {
            memory_child::<FlatStorage>("FlatVm", live, clustered);
        } else {
            memory_child::<PersistentStorage>("Vm", live, clustered);
        }
        return;
    }
    let listing = std::env::args().any(|a| a == "--list");
    let sizes: &[u32] = if quick() {
        &[1_000]
    } else {
        &[100_000, 1_000_000]
    };
    if !listing {
        for &live in sizes {
            memory_report("persistent", live, "interleaved");
            memory_report("persistent", live, "clustered");
            memory_report("flat", live, "interleaved");
        }
    }
    let persistent: Vec<(u32, Vm)> = sizes
        .iter()
        .map(|&live| (live, build::<PersistentStorage>(live)))
        .collect();
    if !listing {
        for (live, base) in &persistent {
            for kib in [0, 8] {
                step_pauses(base, *live, kib, false);
                step_pauses(base, *live, kib, true);
            }
        }
    }
    let mut criterion = Criterion::default().configure_from_args();
    bench_full(&mut criterion, "Vm", &persistent);
    bench_step(&mut criterion, &persistent);
    let flat: Vec<(u32, GenericVm<FlatStorage>)> = sizes
        .iter()
        .map(|&live| (live, build::<FlatStorage>(live)))
        .collect();
    bench_full(&mut criterion, "FlatVm", &flat);
    criterion.final_summary();
}
