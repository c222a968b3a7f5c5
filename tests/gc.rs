//! The collector seen from the host: memory accounting and the memory limit, determinism of
//! collection (finalizer order) across VMs and snapshots taken mid-cycle, the lifetime of
//! values the host holds, and warnings from failing finalizers.

use red_moon::errors::RuntimeError;
use red_moon::interpreter::{FlatVm, GenericVm, Value, Vm, VmContext};
use red_moon::storage::Storage;
use std::sync::{Arc, Mutex};

fn vm_with_libraries<S: Storage>() -> GenericVm<S> {
    let mut vm = GenericVm::<S>::default();
    vm.context().open_standard_libraries();
    vm
}

fn run<S: Storage>(ctx: &mut VmContext<'_, S>, source: &str) -> Result<Value, RuntimeError> {
    let f = ctx.load(source, "=test")?;
    f.call((), ctx)
}

#[test]
fn count_falls_after_releasing_a_big_table() {
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    let source = r#"
        big = {}
        for i = 1, 100000 do big[i] = {i} end
        local before = collectgarbage("count")
        big = nil
        collectgarbage()
        return before - collectgarbage("count")
    "#;
    let Value::Float(freed_kib) = run(ctx, source).unwrap() else {
        panic!("count is a float")
    };
    // 100k tables of one slot: at least 100k * 56 bytes.
    assert!(freed_kib > 5_000.0, "freed {freed_kib} KiB");
}

#[test]
fn memory_stays_bounded_while_a_loop_churns_short_lived_tables() {
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    let source = r#"
        local peak = 0
        for i = 1, 1000000 do
            local t = {i, i + 1}
            t.self = t
            if i % 10000 == 0 then peak = math.max(peak, collectgarbage("count")) end
        end
        return peak
    "#;
    let Value::Float(peak_kib) = run(ctx, source).unwrap() else {
        panic!("count is a float")
    };
    // Without collection a million such tables would hold more than 100 MiB.
    assert!(peak_kib < 8_192.0, "peak {peak_kib} KiB");
    assert!(ctx.gc_stats().cycles > 10);
}

#[test]
fn growing_past_the_memory_limit_is_a_catchable_error_and_the_vm_stays_usable() {
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    ctx.set_memory_limit(Some(64 << 20));
    let source = r#"
        local hoard = {}
        local ok, err = pcall(function()
            local i = 0
            while true do i = i + 1; hoard[i] = {i, tostring(i)} end
        end)
        local reached = #hoard
        hoard = nil
        collectgarbage()
        return tostring(ok) .. " " .. tostring(err) .. " " .. tostring(reached > 100000)
    "#;
    let result: String = ctx.load(source, "=limit").unwrap().call((), ctx).unwrap();
    assert_eq!(result, "false not enough memory true");
    assert!(ctx.memory_used() < 64 << 20);
    // The same VM keeps running scripts, within the limit.
    let again: i64 = ctx
        .load(
            "local t = {} for i = 1, 1000 do t[i] = i end return #t",
            "=after",
        )
        .unwrap()
        .call((), ctx)
        .unwrap();
    assert_eq!(again, 1000);
}

#[test]
fn an_uncaught_memory_error_reaches_the_host() {
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    ctx.set_memory_limit(Some(8 << 20));
    let error = run(ctx, "local s = {} for i = 1, 1e9 do s[i] = {} end").unwrap_err();
    assert_eq!(error.to_string(), "not enough memory");
    ctx.set_memory_limit(None);
    assert_eq!(run(ctx, "return 1 + 1").unwrap(), Value::Integer(2));
}

/// A script whose output depends on when each object is collected: finalizers log in the
/// order they run, automatic steps included.
const CHURN: &str = r#"
    log = log or {}
    local function make(n)
        local t = setmetatable({n = n}, {__gc = function(o) log[#log + 1] = o.n end})
        if n % 3 == 0 then keep = keep or {}; keep[#keep + 1] = t end
        return t
    end
    for i = start, start + 2999 do
        local garbage = {make(i), {i}, tostring(i) .. "x"}
        garbage[4] = garbage
    end
    start = start + 3000
    return #log
"#;

fn finalizer_log<S: Storage>(ctx: &mut VmContext<'_, S>) -> String {
    run(
        ctx,
        "local t = {} for i, n in ipairs(log) do t[i] = n end return table.concat(t, ',')",
    )
    .ok()
    .and_then(|v| match v {
        Value::String(s) => s.to_str(ctx).ok().map(str::to_owned),
        _ => None,
    })
    .unwrap_or_default()
}

/// One context per round, in every run compared (what the host keeps alive is part of the
/// state: see `VmContext`).
fn churn_rounds<S: Storage>(vm: &mut GenericVm<S>, rounds: usize) {
    for _ in 0..rounds {
        run(&mut vm.context(), CHURN).unwrap();
    }
}

fn new_churn_vm<S: Storage>() -> GenericVm<S> {
    let mut vm = vm_with_libraries::<S>();
    run(&mut vm.context(), "start = 1").unwrap();
    vm
}

#[test]
fn two_vms_finalize_the_same_objects_in_the_same_order() {
    let mut a: Vm = new_churn_vm();
    let mut b: Vm = new_churn_vm();
    churn_rounds(&mut a, 6);
    churn_rounds(&mut b, 6);
    let log_a = finalizer_log(&mut a.context());
    assert!(!log_a.is_empty(), "automatic steps ran finalizers");
    assert_eq!(log_a, finalizer_log(&mut b.context()));
    // The flat-heap baseline runs the same collector: same order, ids included.
    let mut flat: FlatVm = new_churn_vm();
    churn_rounds(&mut flat, 6);
    assert_eq!(log_a, finalizer_log(&mut flat.context()));
}

#[test]
fn a_snapshot_taken_mid_cycle_continues_like_its_origin() {
    let mut origin: Vm = new_churn_vm();
    // Take snapshots at many points, some of them inside a cycle (marking or sweeping).
    let mut snapshots = Vec::new();
    for _ in 0..6 {
        churn_rounds(&mut origin, 1);
        snapshots.push(origin.clone());
    }
    churn_rounds(&mut origin, 3);
    let expected = finalizer_log(&mut origin.context());
    for (taken_after, mut snapshot) in snapshots.into_iter().enumerate() {
        churn_rounds(&mut snapshot, 6 - (taken_after + 1) + 3);
        assert_eq!(
            finalizer_log(&mut snapshot.context()),
            expected,
            "snapshot taken after round {}",
            taken_after + 1
        );
    }
}

#[test]
fn collecting_in_a_snapshot_does_not_touch_its_origin() {
    let mut origin: Vm = vm_with_libraries();
    run(
        &mut origin.context(),
        "keep = {} for i = 1, 1000 do keep[i] = {i} end drop = {} for i = 1, 1000 do drop[i] = {i} end",
    )
    .unwrap();
    let mut snapshot = origin.clone();
    {
        let ctx = &mut snapshot.context();
        run(ctx, "drop = nil").unwrap();
        ctx.collect_garbage();
    }
    let ctx = &mut origin.context();
    let sum: i64 = ctx
        .load(
            "local s = 0 for i = 1, 1000 do s = s + drop[i][1] + keep[i][1] end return s",
            "=origin",
        )
        .unwrap()
        .call((), ctx)
        .unwrap();
    assert_eq!(sum, 2 * 500_500);
}

#[test]
fn host_values_live_until_the_next_context_then_stale_handles_are_refused() {
    let mut vm: Vm = vm_with_libraries();
    let (kept, dropped) = {
        let ctx = &mut vm.context();
        let kept = ctx.create_table();
        kept.set(1, "kept", ctx).unwrap();
        ctx.registry().set("kept", kept, ctx).unwrap();
        let dropped = ctx.create_table();
        dropped.set(1, "dropped", ctx).unwrap();
        // Referenced by nothing in Lua, but the host obtained it through this context.
        run(ctx, "for i = 1, 100000 do local t = {i} end").unwrap();
        ctx.collect_garbage();
        assert_eq!(dropped.get::<_, String>(1, ctx).unwrap(), "dropped");
        (kept, dropped)
    };
    let ctx = &mut vm.context();
    ctx.collect_garbage();
    assert_eq!(kept.get::<_, String>(1, ctx).unwrap(), "kept");
    assert!(matches!(
        dropped.get::<_, Value>(1, ctx),
        Err(RuntimeError::InvalidReference { .. })
    ));
    // The slot is reused; the stale handle still never reaches the new object.
    let reused = ctx.create_table();
    assert_eq!(reused.id(), dropped.id());
    assert!(matches!(
        dropped.get::<_, Value>(1, ctx),
        Err(RuntimeError::InvalidReference { .. })
    ));
    assert!(reused.get::<_, Value>(1, ctx).unwrap().is_nil());
}

#[test]
fn arguments_live_during_the_call_they_are_passed_to() {
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    let f = ctx
        .load(
            "local t = ... collectgarbage() for i = 1, 50000 do local x = {} end return t[1]",
            "=args",
        )
        .unwrap();
    let arg = ctx.create_table();
    arg.set(1, 7, ctx).unwrap();
    let result: i64 = f.call(arg, ctx).unwrap();
    assert_eq!(result, 7);
}

#[test]
fn values_a_rust_function_creates_survive_its_calls_into_lua() {
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    let build = ctx.create_function(|call, ctx| {
        let callback: red_moon::interpreter::FunctionRef = call.get_args(ctx)?;
        let table = ctx.create_table();
        table.set("mark", 42, ctx)?;
        // The callback churns and collects while `table` is held only in Rust.
        callback.call::<_, ()>((), ctx)?;
        let mark: i64 = table.get("mark", ctx)?;
        call.return_values(mark, ctx)
    });
    ctx.default_environment().set("build", build, ctx).unwrap();
    let mark = run(
        ctx,
        "return build(function() for i = 1, 50000 do local t = {i} end collectgarbage() end)",
    )
    .unwrap();
    assert_eq!(mark, Value::Integer(42));
}

#[test]
fn errors_in_finalizers_become_warnings() {
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    let warnings = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&warnings);
    ctx.set_warn_sink(move |bytes| sink.lock().unwrap().extend_from_slice(bytes));
    ctx.set_warnings(true);
    run(
        ctx,
        r#"
        setmetatable({}, {__gc = function() error("boom") end})
        setmetatable({}, {__gc = function() error({}) end})
        setmetatable({}, {__gc = 3})
        collectgarbage()
        "#,
    )
    .unwrap();
    let text = String::from_utf8(warnings.lock().unwrap().clone()).unwrap();
    assert_eq!(
        text,
        "Lua warning: error in __gc (attempt to call a number value)\n\
         Lua warning: error in __gc (error object is not a string)\n\
         Lua warning: error in __gc (test:2: boom)\n"
    );
}

#[test]
fn close_runs_the_remaining_finalizers_newest_first() {
    let mut vm: Vm = vm_with_libraries();
    let printed = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&printed);
    let ctx = &mut vm.context();
    ctx.set_print_sink(move |bytes| sink.lock().unwrap().extend_from_slice(bytes));
    run(
        ctx,
        r#"
        a = setmetatable({}, {__gc = function() print("a") end})
        b = setmetatable({}, {__gc = function() print("b") end})
        setmetatable({}, {__gc = function() print("garbage") end})
        "#,
    )
    .unwrap();
    ctx.close();
    assert_eq!(&*printed.lock().unwrap(), b"garbage\nb\na\n");
}

#[test]
fn results_larger_than_the_memory_limit_are_refused_before_they_are_built() {
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    ctx.set_memory_limit(Some(64 << 20));
    let source = r#"
        local results = {}
        local function try(f) local ok, err = pcall(f) results[#results + 1] = tostring(ok) .. " " .. tostring(err) end
        try(function() return string.rep("x", 1 << 30) end)
        local big = string.rep("y", 1 << 20)
        local t = {} for i = 1, 100 do t[i] = big end
        try(function() return table.concat(t) end)
        try(function() return #table.concat(t, "", 1, 10) end)
        local x = string.rep("x", 1 << 16)
        try(function() return string.gsub(x, "x", big) end)
        try(function() return string.format(string.rep("%s", 100), table.unpack(t)) end)
        try(function() return string.pack("c" .. (1 << 30), "") end)
        try(function() return #string.format("%s%s", big, big) end)
        try(function() return select(2, load(function() return big end)) end)
        local huge = string.rep("z", 40 << 20)
        try(function() return huge .. huge end)
        try(function() print(huge, huge) end)
        return table.concat(results, "; ")
    "#;
    let result: String = ctx.load(source, "=big").unwrap().call((), ctx).unwrap();
    assert_eq!(
        result,
        "false not enough memory; false not enough memory; true 10485760; \
         false not enough memory; false not enough memory; false not enough memory; \
         true 2097152; true not enough memory; false not enough memory; \
         false not enough memory"
    );
}

#[test]
fn registry_keys_keep_host_values_alive_until_removed() {
    let mut vm: Vm = vm_with_libraries();
    let (key, table) = {
        let ctx = &mut vm.context();
        let table = ctx.create_table();
        table.set("name", "player one", ctx).unwrap();
        let key = ctx.create_registry_value(Value::Table(table)).unwrap();
        (key, table)
    };
    let snapshot = vm.clone();
    let ctx = &mut vm.context();
    run(
        ctx,
        "for i = 1, 100000 do local t = {i} end collectgarbage()",
    )
    .unwrap();
    assert_eq!(ctx.registry_value(&key).unwrap(), Value::Table(table));
    assert_eq!(table.get::<_, String>("name", ctx).unwrap(), "player one");
    let nil_key = ctx.create_registry_value(Value::Nil).unwrap();
    assert_ne!(nil_key, key);
    assert!(ctx.registry_value(&nil_key).unwrap().is_nil());
    ctx.remove_registry_value(key).unwrap();
    ctx.collect_garbage();
    assert!(matches!(
        table.get::<_, Value>("name", ctx),
        Err(RuntimeError::InvalidReference { .. })
    ));
    // The snapshot taken while the key was live still holds the table.
    let mut snapshot = snapshot;
    let ctx = &mut snapshot.context();
    ctx.collect_garbage();
    assert_eq!(table.get::<_, String>("name", ctx).unwrap(), "player one");
}

#[test]
fn a_rust_loop_filling_a_table_answers_to_the_memory_limit() {
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    ctx.set_memory_limit(Some(32 << 20));
    // `tostring` as `__index` gives a value for every key without running a Lua instruction.
    let source = r#"
        local source = setmetatable({}, {__index = tostring})
        local ok, err = pcall(function() table.move(source, 1, 1e12, 1, {}) end)
        return tostring(ok) .. " " .. tostring(err)
    "#;
    let result: String = ctx.load(source, "=move").unwrap().call((), ctx).unwrap();
    assert_eq!(result, "false not enough memory");
}

#[test]
fn ephemeron_chains_in_any_key_order_converge_in_one_pass() {
    // 100k keys chained newest to oldest (the order a repeated-pass convergence handles
    // worst: quadratic, minutes instead of milliseconds), then from the middle.
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    let source = r#"
        local N = 100000
        local t = setmetatable({}, {__mode = "k"})
        local keys = {}
        for i = 1, N do keys[i] = {} end
        for i = N, 2, -1 do t[keys[i]] = keys[i - 1] end
        local head = keys[N]
        local middle = keys[N // 2]
        keys = nil
        collectgarbage()
        local kept = 0 for _ in pairs(t) do kept = kept + 1 end
        head = nil
        collectgarbage()
        local from_middle = 0 for _ in pairs(t) do from_middle = from_middle + 1 end
        return kept .. " " .. from_middle .. " " .. tostring(middle ~= nil)
    "#;
    let result: String = ctx.load(source, "=chain").unwrap().call((), ctx).unwrap();
    assert_eq!(result, "99999 49999 true");
}

/// A finalizer cannot collect, but it cannot grow the heap past the memory limit either: its
/// allocation fails with `not enough memory`, reported as lua5.4 reports finalizer errors (a
/// warning), and the heap stays near the limit.
#[test]
fn a_finalizer_that_allocates_stops_at_the_memory_limit() {
    let mut vm: Vm = vm_with_libraries();
    let ctx = &mut vm.context();
    let warnings = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&warnings);
    ctx.set_warn_sink(move |bytes| sink.lock().unwrap().extend_from_slice(bytes));
    ctx.set_warnings(true);
    ctx.set_memory_limit(Some(16 << 20));
    run(
        ctx,
        "setmetatable({}, {__gc = function() local t = {} for i = 1, 1e7 do t[i] = {} end end}) \
         collectgarbage()",
    )
    .unwrap();
    let warned = String::from_utf8(warnings.lock().unwrap().clone()).unwrap();
    assert!(warned.contains("not enough memory"), "{warned}");
    ctx.collect_garbage();
    assert!(ctx.memory_used() < 16 << 20, "{}", ctx.memory_used());
    assert_eq!(
        run(ctx, "local t = {} for i = 1, 100 do t[i] = i end return #t").unwrap(),
        Value::Integer(100)
    );
}
