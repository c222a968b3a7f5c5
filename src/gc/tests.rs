//! The write barrier, checked precisely: marking runs to completion (every reachable object
//! traversed), then Lua code moves a new object into an already traversed object of each
//! mutable kind, then the cycle ends. Without the barrier the new object would be freed.

use super::Phase;
use crate::errors::RuntimeError;
use crate::interpreter::{Value, Vm};

/// Runs `setup`, traverses everything, runs `mutate` (which must leave a new object reachable
/// only through the mutated object), finishes the cycle, and returns what `check` returns.
fn after_mutation_in_a_traversed_object(setup: &str, mutate: &str, check: &str) -> Value {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    ctx.collector_option(super::GcOption::Stop);
    let run = |ctx: &mut crate::interpreter::VmContext<'_>,
               source: &str|
     -> Result<Value, RuntimeError> {
        let f = ctx.load(source, "=barrier")?;
        f.call((), ctx)
    };
    run(ctx, setup).unwrap();
    ctx.full_collection(false);
    ctx.vm.start_cycle();
    ctx.vm.propagate_all();
    assert_eq!(ctx.vm.heap.gc.phase, Phase::Propagate);
    run(ctx, mutate).unwrap();
    ctx.vm.atomic();
    ctx.vm.sweep(u64::MAX);
    run(ctx, check).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn table_barrier() {
    let value = after_mutation_in_a_traversed_object(
        "holder = {}",
        "holder.x = {41}",
        "return holder.x[1] + 1",
    );
    assert_eq!(value, Value::Integer(42));
}

#[test]
fn upvalue_barrier() {
    let value = after_mutation_in_a_traversed_object(
        "local v = {} get = function() return v end set = function(x) v = x end",
        "set({41})",
        "return get()[1] + 1",
    );
    assert_eq!(value, Value::Integer(42));
}

#[test]
fn coroutine_barrier() {
    let value = after_mutation_in_a_traversed_object(
        // `co(x)` keeps `x` and returns what it kept before.
        "co = coroutine.wrap(function(held) local incoming = coroutine.yield() \
         while true do local previous = held held = incoming \
         incoming = coroutine.yield(previous) end end) co({})",
        // The new table lives only in the suspended coroutine's stack afterwards; the
        // registers of this chunk that held it are cleared by the next call.
        "co({41}) local clear = {} tostring(clear)",
        "return co(nil)[1] + 1",
    );
    assert_eq!(value, Value::Integer(42));
}

#[test]
fn userdata_metatable_barrier() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    ctx.collector_option(super::GcOption::Stop);
    let data = ctx.create_host_data(7u8);
    ctx.registry().set("data", data, ctx).unwrap();
    ctx.full_collection(false);
    ctx.vm.start_cycle();
    ctx.vm.propagate_all();
    let metatable = ctx.create_table();
    metatable.set("mark", 41, ctx).unwrap();
    data.set_metatable(Some(metatable), ctx).unwrap();
    ctx.vm.atomic();
    ctx.vm.sweep(u64::MAX);
    let metatable = data.metatable(ctx).unwrap().unwrap();
    assert_eq!(metatable.get::<_, i64>("mark", ctx).unwrap(), 41);
}

#[test]
fn a_big_table_is_traversed_over_several_steps_and_writes_meanwhile_are_seen() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    ctx.collector_option(super::GcOption::Stop);
    let f = ctx
        .load(
            "big = {} for i = 1, 100000 do big[i] = {i} end big.x = {0}",
            "=big",
        )
        .unwrap();
    f.call::<_, ()>((), ctx).unwrap();
    ctx.full_collection(false);
    ctx.vm.start_cycle();
    // Small budgets until the big table is half traversed.
    let mut steps = 0;
    while !matches!(ctx.vm.heap.gc.partial, Some((_, crate::table::Cursor::Array(i))) if i > 50_000)
    {
        ctx.vm.propagate(1_000);
        steps += 1;
        assert!(steps < 10_000, "the traversal never got half way");
    }
    assert!(steps > 10, "the table took several steps ({steps})");
    // Replace traversed and untraversed entries with new objects held nowhere else.
    let g = ctx
        .load("big[1] = {41} big[99999] = {58} big.x = {0, 1}", "=write")
        .unwrap();
    g.call::<_, ()>((), ctx).unwrap();
    ctx.vm.propagate_all();
    ctx.vm.atomic();
    ctx.vm.sweep(u64::MAX);
    let check = ctx
        .load("return big[1][1] + big[99999][1] + #big.x + #big", "=check")
        .unwrap();
    assert_eq!(
        check.call::<_, i64>((), ctx).unwrap(),
        41 + 58 + 2 + 100_000
    );
}
