//! Saved states: round trips of every kind of state, identical re-encoding, continuation
//! identical to the original, rehydration, and refusal of states the VM could not produce.

use super::format::{ContData, VmData};
use super::{StateError, decode, encode};
use crate::interpreter::{Vm, VmContext};
use crate::storage::PersistentStorage;
use std::sync::{Arc, Mutex};

/// Builds a state holding every kind of value and of thread: closures sharing upvalues, a
/// coroutine suspended inside `pcall`, a generic `for` and a metamethod, one with a pending
/// `<close>`, a failed one, weak tables, a metatable on strings, the registry, userdata.
const SETUP: &str = r#"
local shared = 0
function bump() shared = shared + 1 return shared end
function peek() return shared end
values = {1, 2.5, "three", true, false, {nested = {deep = "x"}}, -0.0, math.huge, 1 << 62}
values.self = values
weak_k = setmetatable({}, {__mode = "k"})
weak_v = setmetatable({}, {__mode = "v"})
for i = 1, 10 do local t = {i} weak_k[t] = i weak_v[i] = t if i % 2 == 0 then values[#values + 1] = t end end
getmetatable("").__index.shout = function(s) return s:upper() .. "!" end
debug.getregistry().host_note = "kept"
local proxy = setmetatable({}, {__index = function(t, k) return coroutine.yield("index " .. k) end})
local function iter(s, i) if i < 3 then coroutine.yield("iter " .. i) return i + 1 end end
co_main = coroutine.create(function(a)
  local x <close> = setmetatable({}, {__close = function() print("closed x", a) end})
  local ok, v = pcall(function() return coroutine.yield("in pcall " .. a) end)
  print("pcall gave", ok, v)
  for i in iter, nil, 0 do print("for", i) end
  print("proxy", proxy.field)
  local c = 0
  while true do c = c + 1 coroutine.yield("loop " .. c .. " " .. bump()) end
end)
print(coroutine.resume(co_main, "A"))
co_close = coroutine.create(function()
  local y <close> = setmetatable({}, {__close = function(_, e) print("closed y", e) end})
  coroutine.yield("holding y")
end)
print(coroutine.resume(co_close))
co_dead = coroutine.create(function() error("boom") end)
print(coroutine.resume(co_dead))
wrapped = coroutine.wrap(function() for i = 1, 100 do coroutine.yield(i * 10) end end)
print(wrapped(), wrapped())
math.randomseed(42)
print(math.random(1, 100))
"#;

/// Advances every part of the state and prints what it sees.
const STEP: &str = r#"
print(coroutine.resume(co_main, "again"))
print(coroutine.status(co_main), coroutine.status(co_close), coroutine.status(co_dead))
print(bump(), peek(), wrapped(), math.random(1, 1000))
print(("hey"):shout(), values.self == values, #values, values[6].nested.deep)
local n = 0 for k in pairs(weak_k) do n = n + 1 end
print("weak", n, collectgarbage("count") > 0)
local keys = {} for k, v in pairs(values) do keys[#keys + 1] = tostring(k) end
print(table.concat(keys, ","))
print(debug.getregistry().host_note)
for i = 1, 50 do local garbage = {i, tostring(i), {}} end
"#;

/// Runs `code` with output captured; returns the output (errors included).
fn run(vm: &mut Vm, code: &str) -> String {
    let out = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&out);
    let ctx = &mut vm.context();
    ctx.set_print_sink(move |bytes| sink.lock().unwrap().extend_from_slice(bytes));
    let result = ctx
        .load(code, "=test")
        .and_then(|f| f.call::<_, ()>((), ctx));
    ctx.reset_output_sinks();
    let mut text = String::from_utf8(out.lock().unwrap().clone()).unwrap();
    if let Err(error) = result {
        text.push_str(&format!("error: {error}\n"));
    }
    text
}

fn fresh() -> Vm {
    let mut vm = Vm::default();
    vm.context().open_standard_libraries();
    vm
}

/// Saves, loads, checks that the loaded VM saves to the same bytes, and returns it.
fn round_trip(vm: &Vm) -> Vm {
    let bytes = vm.to_cbor().unwrap();
    let loaded = Vm::from_cbor(&bytes).unwrap();
    assert_eq!(loaded.to_cbor().unwrap(), bytes, "re-encoding differs");
    loaded
}

#[test]
fn a_loaded_state_continues_exactly_like_its_origin() {
    let mut original = fresh();
    let setup = run(&mut original, SETUP);
    assert!(setup.contains("true\tin pcall A"), "{setup}");
    for round in 0..8 {
        let mut loaded = round_trip(&original);
        let expected = run(&mut original, STEP);
        let actual = run(&mut loaded, STEP);
        assert_eq!(actual, expected, "round {round}");
        assert!(!expected.contains("error"), "{expected}");
        // Same state afterwards, byte for byte (ids, orders, collector, generator).
        assert_eq!(loaded.to_cbor().unwrap(), original.to_cbor().unwrap());
        original = loaded;
    }
    let out = run(
        &mut original,
        "print(coroutine.close(co_close)) print(coroutine.close(co_main))",
    );
    assert_eq!(out, "closed y\tnil\ntrue\nclosed x\tA\ntrue\n");
}

#[test]
fn states_round_trip_at_every_collector_phase() {
    let mut vm = fresh();
    run(&mut vm, SETUP);
    run(
        &mut vm,
        "collectgarbage('incremental', 100, 100, 10) keep = {} for i = 1, 3000 do keep[i % 300 + 1] = {i} end",
    );
    let mut phases = std::collections::BTreeSet::new();
    for i in 0..150 {
        phases.insert(
            format!("{:?}", vm.heap.gc.phase)
                .chars()
                .take(4)
                .collect::<String>(),
        );
        let mut loaded = round_trip(&vm);
        let code = format!(
            "collectgarbage('step', 0) for i = 1, {} do keep[i] = setmetatable({{i}}, \
             {{__gc = function(o) finalized = (finalized or 0) + o[1] end}}) end \
             for i = 1, 5 do local co = coroutine.wrap(function() local x = i \
             coroutine.yield(function() return x end) end) local f = co() \
             if i == 1 then held = f end end \
             print(finalized, held())",
            20 + i % 40
        );
        let expected = run(&mut vm, &code) + &run(&mut vm, STEP);
        let actual = run(&mut loaded, &code) + &run(&mut loaded, STEP);
        assert_eq!(actual, expected);
        assert_eq!(loaded.to_cbor().unwrap(), vm.to_cbor().unwrap());
    }
    assert!(
        ["Prop", "Swee", "Fina"].iter().all(|p| phases.contains(*p)),
        "phases seen: {phases:?}"
    );
}

fn implement_greeting(ctx: &mut VmContext) -> bool {
    let f = ctx.create_function(|call, ctx| call.return_values("hello", ctx));
    let rehydrating = f.rehydrate("greeting", ctx).unwrap();
    if !rehydrating {
        ctx.default_environment().set("greet", f, ctx).unwrap();
    }
    rehydrating
}

#[test]
fn rust_functions_come_back_by_tag_or_fail_clearly() {
    let mut vm = fresh();
    {
        let ctx = &mut vm.context();
        assert!(!implement_greeting(ctx));
        let untagged = ctx.create_function(|call, ctx| call.return_values(1, ctx));
        ctx.default_environment()
            .set("untagged", untagged, ctx)
            .unwrap();
    }
    run(&mut vm, "alias = greet");
    let mut loaded = round_trip(&vm);
    assert_eq!(
        run(&mut loaded, "print(pcall(alias))"),
        "false\tfunction 'greeting' was not rehydrated\n"
    );
    assert_eq!(
        run(&mut loaded, "print(pcall(untagged))"),
        "false\ta Rust function without a tag was not rehydrated\n"
    );
    assert!(implement_greeting(&mut loaded.context()));
    assert_eq!(
        run(&mut loaded, "print(alias(), greet())"),
        "hello\thello\n"
    );
    // The standard library needs no rehydration.
    assert_eq!(
        run(
            &mut loaded,
            "print(string.format('%d', 7), select('#', 1, 2))"
        ),
        "7\t2\n"
    );
}

#[test]
fn a_running_vm_cannot_be_saved() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let probe = ctx.create_function(|call, ctx| {
        let refused = matches!(encode::encode(ctx.vm), Err(StateError::Running));
        call.return_values(refused, ctx)
    });
    let refused: bool = probe.call((), ctx).unwrap();
    assert!(refused);
}

/// The state of `vm` as data, changed by `change`, then decoded.
fn decode_changed(vm: &Vm, change: impl FnOnce(&mut VmData)) -> Result<Vm, StateError> {
    let mut data = encode::encode(vm).unwrap();
    change(&mut data);
    decode::decode::<PersistentStorage>(data)
}

#[test]
fn impossible_states_are_refused() {
    let mut vm = fresh();
    run(&mut vm, SETUP);
    assert!(decode_changed(&vm, |_| {}).is_ok());
    let co = |data: &mut VmData| -> usize {
        // The coroutine with the most frames.
        let mut best = (0, 0);
        for (i, slot) in data.coroutines.slots.iter().enumerate() {
            if let crate::heap::slot_data::SlotData::Live(_, co) = slot
                && co.2.1.len() > best.1
            {
                best = (i, co.2.1.len());
            }
        }
        best.0
    };
    type Change = Box<dyn Fn(&mut super::format::ThreadData)>;
    let thread_changes: Vec<(&str, Change)> = vec![
        ("pc 0", Box::new(|t| t.1[0].4 = 0)),
        ("pc past the code", Box::new(|t| t.1[0].4 = 100_000)),
        ("base", Box::new(|t| t.1[0].3 += 1)),
        ("func", Box::new(|t| t.1.last_mut().unwrap().2 += 1000)),
        ("results", Box::new(|t| t.1[0].6 = 1000)),
        ("stack cut", Box::new(|t| t.0.truncate(1))),
        ("cont dropped", Box::new(|t| t.5.truncate(t.5.len() - 1))),
        (
            "cont entry",
            Box::new(|t| {
                for c in &mut t.5 {
                    if let ContData::LuaCall(entry, _) = c {
                        *entry = 50;
                    }
                }
            }),
        ),
        (
            "cont slot",
            Box::new(|t| {
                for c in &mut t.5 {
                    if let ContData::NativeCall(func, _) = c {
                        *func = 1 << 30;
                    }
                }
            }),
        ),
        ("protection", Box::new(|t| t.4.push((None, false)))),
        ("tbc order", Box::new(|t| t.3 = vec![3, 2])),
        ("tbc range", Box::new(|t| t.3 = vec![1 << 20])),
        ("prototype", Box::new(|t| t.1[0].0 = (99, 0))),
        ("upvalue count", Box::new(|t| t.1[0].1.push(0))),
    ];
    for (what, change) in thread_changes {
        let result = decode_changed(&vm, |data| {
            let i = co(data);
            if let crate::heap::slot_data::SlotData::Live(_, co) = &mut data.coroutines.slots[i] {
                change(&mut co.2);
            }
        });
        assert!(
            matches!(result, Err(StateError::Invalid(_))),
            "{what}: {:?}",
            result.err()
        );
    }
    type StateChange = Box<dyn Fn(&mut VmData)>;
    let changes: Vec<(&str, StateChange)> = vec![
        ("magic", Box::new(|d| d.magic.push('!'))),
        ("version", Box::new(|d| d.version += 1)),
        ("globals", Box::new(|d| d.globals.0 = 1 << 20)),
        ("names", Box::new(|d| d.names.swap(0, 1))),
        (
            "main thread",
            Box::new(|d| d.main_thread = Some(crate::value::CoroutineRef(0, 7))),
        ),
        (
            "type metatables",
            Box::new(|d| d.type_metatables.pop().map(drop).unwrap_or(())),
        ),
        (
            "count hook",
            Box::new(|d| d.count_hook = Some((crate::value::Value::Nil, 0))),
        ),
        (
            "prototype tree",
            Box::new(|d| d.protos[0].1.protos[0].code.clear()),
        ),
    ];
    for (what, change) in changes {
        assert!(decode_changed(&vm, change).is_err(), "{what}");
    }
}

#[test]
fn a_count_hook_keeps_counting_across_a_round_trip() {
    let mut vm = fresh();
    run(
        &mut vm,
        "ticks = 0 debug.sethook(function() ticks = ticks + 1 end, '', 7) \
         for i = 1, 100 do local x = i * 2 end",
    );
    let mut loaded = round_trip(&vm);
    let code = "for i = 1, 1000 do local x = i * 2 end print(ticks, debug.gethook())";
    let expected = run(&mut vm, code);
    let ticks: u32 = expected.split('\t').next().unwrap().parse().unwrap();
    assert!(ticks > 100, "{expected}");
    assert_eq!(run(&mut loaded, code), expected);
}
