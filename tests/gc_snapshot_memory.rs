//! A full collection right after a snapshot must not copy the heap.
//!
//! The collector keeps its marks outside the objects, so collecting a VM whose heap a snapshot
//! shares copies only the collector's bit arrays and the slot-array paths of the objects it
//! frees — not the live objects. This test builds a heap of 100,000 live tables (plus as much
//! garbage), takes a snapshot, runs a full collection while the snapshot is alive, and checks
//! that the process's resident memory grew by less than a quarter of the heap's (a collector
//! that wrote into every object would copy the whole heap: ~100%).
//!
//! RSS is per process, so this file holds a single test. It is skipped (with a message) where
//! `/proc/self/statm` cannot be read.

use red_moon::interpreter::{MultiValue, Vm};

/// Live tables in the heap.
const LIVE: u32 = 100_000;

/// Resident set size of this process, in bytes (`/proc/self/statm`, 4 KiB pages).
fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn run(vm: &mut Vm, source: &str) {
    let ctx = &mut vm.context();
    let chunk = ctx.load(source, "=test").expect("the script compiles");
    chunk
        .call::<_, MultiValue>((), ctx)
        .expect("the script runs");
}

#[test]
fn full_collection_after_snapshot_copies_little() {
    if rss_bytes().is_none() {
        eprintln!("/proc/self/statm is not readable: skipping the RSS check");
        return;
    }
    let mut vm = Vm::default();
    vm.context().open_standard_libraries();
    let before_heap = rss_bytes().expect("statm");
    // Live tables, each followed by a garbage table (so garbage slots are interleaved with
    // live ones and the sweep touches the whole slot array); the collector is stopped while
    // building so the garbage is all still there.
    run(
        &mut vm,
        &format!(
            "collectgarbage('stop')
             t = {{}}
             for i = 1, {LIVE} do t[i] = {{i}}; local g = {{i}} end"
        ),
    );
    let ctx = &mut vm.context();
    let used_before = ctx.memory_used();
    let after_heap = rss_bytes().expect("statm");
    let heap = after_heap.saturating_sub(before_heap);
    assert!(heap > 0, "building the heap did not grow RSS");

    let snapshot = vm.clone();
    let before_gc = rss_bytes().expect("statm");
    let ctx = &mut vm.context();
    ctx.collect_garbage();
    let used_after = ctx.memory_used();
    let after_gc = rss_bytes().expect("statm");
    let added = after_gc.saturating_sub(before_gc);
    eprintln!(
        "heap RSS {heap} B, added by a full collection after a snapshot {added} B ({:.1}%), \
         nominal bytes {used_before} -> {used_after}",
        added as f64 * 100.0 / heap as f64
    );
    assert!(
        used_after < used_before,
        "the collection freed nothing ({used_before} -> {used_after})"
    );
    assert!(
        added * 4 < heap,
        "a full collection after a snapshot added {added} bytes of RSS, \
         not less than 25% of the heap's {heap} bytes"
    );
    // The snapshot still sees every live table and the VM still works.
    let mut snapshot = snapshot;
    run(
        &mut snapshot,
        &format!("assert(#t == {LIVE} and t[{LIVE}][1] == {LIVE})"),
    );
    run(&mut vm, &format!("assert(#t == {LIVE} and t[1][1] == 1)"));
}
