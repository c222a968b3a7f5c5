//! The embedding API: tables, metatables, conversions, Rust functions, host data.

use red_moon::errors::RuntimeError;
use red_moon::interpreter::{FunctionRef, MultiValue, StringRef, TableRef, Value, Vm, VmContext};

#[test]
fn raw_access_and_lua_key_semantics() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let t = ctx.create_table();
    t.raw_set(1.0, "one", ctx).unwrap();
    let one: String = t.raw_get(1, ctx).unwrap();
    assert_eq!(one, "one");
    assert_eq!(t.raw_set(Value::Nil, 1, ctx), Err(RuntimeError::IndexIsNil));
    assert_eq!(
        t.raw_set(f64::NAN, 1, ctx).unwrap_err().to_string(),
        "table index is NaN"
    );
    let missing: Option<i64> = t.raw_get(Value::Nil, ctx).unwrap();
    assert_eq!(missing, None);
    for i in 2..=10 {
        t.raw_set(i, i, ctx).unwrap();
    }
    assert_eq!(t.raw_len(ctx).unwrap(), 10);
    t.raw_set(10, Value::Nil, ctx).unwrap();
    assert_eq!(t.raw_len(ctx).unwrap(), 9);
}

#[test]
fn strings_are_interned_byte_strings() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let a = ctx.create_string("hello");
    let b = ctx.create_string(String::from("hel") + "lo");
    assert_eq!(a, b);
    assert_eq!(Value::String(a), Value::String(b));
    let binary = ctx.create_string([0xffu8, 0, 1]);
    assert_eq!(binary.as_bytes(ctx).unwrap(), &[0xff, 0, 1]);
    assert_eq!(binary.to_str(ctx), Err(RuntimeError::InvalidUtf8));
    assert_eq!(a.content_hash(ctx).unwrap(), b.content_hash(ctx).unwrap());
    let t = ctx.create_table();
    t.raw_set(a, 1, ctx).unwrap();
    let via_str: i64 = t.raw_get("hello", ctx).unwrap();
    assert_eq!(via_str, 1);
}

#[test]
fn conversions_follow_lua_coercions() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let t = ctx.create_table();
    t.raw_set("int", 3, ctx).unwrap();
    t.raw_set("float", 2.5, ctx).unwrap();
    t.raw_set("exact", 4.0, ctx).unwrap();
    t.raw_set("numeric", "42", ctx).unwrap();
    t.raw_set("big", u64::MAX, ctx).unwrap();

    assert_eq!(t.raw_get::<_, i32>("exact", ctx).unwrap(), 4);
    assert_eq!(t.raw_get::<_, f64>("int", ctx).unwrap(), 3.0);
    assert_eq!(t.raw_get::<_, i64>("numeric", ctx).unwrap(), 42);
    assert_eq!(
        t.raw_get::<_, i64>("float", ctx).unwrap_err().to_string(),
        "number has no integer representation"
    );
    assert_eq!(t.raw_get::<_, String>("float", ctx).unwrap(), "2.5");
    assert_eq!(t.raw_get::<_, String>("exact", ctx).unwrap(), "4.0");
    assert_eq!(t.raw_get::<_, String>("int", ctx).unwrap(), "3");
    assert_eq!(t.raw_get::<_, f64>("big", ctx).unwrap(), u64::MAX as f64);
    assert!(matches!(t.raw_get::<_, u8>("numeric", ctx), Ok(42)));
    t.raw_set("neg", -1, ctx).unwrap();
    assert_eq!(
        t.raw_get::<_, u32>("neg", ctx).unwrap_err().to_string(),
        "integer -1 out of range for u32"
    );
    assert_eq!(
        t.raw_get::<_, TableRef>("int", ctx)
            .unwrap_err()
            .to_string(),
        "table expected, got number"
    );
    assert_eq!(t.raw_get::<_, Option<i64>>("none", ctx).unwrap(), None);
    assert!(!t.raw_get::<_, bool>("none", ctx).unwrap());
    assert!(t.raw_get::<_, bool>("int", ctx).unwrap());
    let s: StringRef = t.raw_get("float", ctx).unwrap();
    assert_eq!(s.to_str(ctx).unwrap(), "2.5");
}

#[test]
fn index_and_newindex_metamethods() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let base = ctx.create_table();
    base.raw_set("inherited", 7, ctx).unwrap();
    let meta = ctx.create_table();
    meta.raw_set("__index", base, ctx).unwrap();
    let object = ctx.create_table();
    object.set_metatable(Some(meta), ctx).unwrap();
    assert_eq!(object.get::<_, i64>("inherited", ctx).unwrap(), 7);
    assert_eq!(
        object.raw_get::<_, Option<i64>>("inherited", ctx).unwrap(),
        None
    );

    // __newindex table: writes to absent keys land in the other table.
    let sink = ctx.create_table();
    meta.raw_set("__newindex", sink, ctx).unwrap();
    object.set("fresh", 1, ctx).unwrap();
    assert_eq!(sink.raw_get::<_, i64>("fresh", ctx).unwrap(), 1);
    assert_eq!(
        object.raw_get::<_, Option<i64>>("fresh", ctx).unwrap(),
        None
    );
    // Existing keys are assigned directly.
    object.raw_set("own", 1, ctx).unwrap();
    object.set("own", 2, ctx).unwrap();
    assert_eq!(object.raw_get::<_, i64>("own", ctx).unwrap(), 2);

    // __index function receives (table, key).
    let lookup = ctx.create_function(|call, ctx| {
        let (_table, key): (TableRef, String) = call.get_args(ctx)?;
        call.return_values(format!("computed {key}"), ctx)
    });
    let meta2 = ctx.create_table();
    meta2.raw_set("__index", lookup, ctx).unwrap();
    let dynamic = ctx.create_table();
    dynamic.set_metatable(Some(meta2), ctx).unwrap();
    assert_eq!(
        dynamic.get::<_, String>("speed", ctx).unwrap(),
        "computed speed"
    );
}

#[test]
fn index_loops_end_in_lua_error() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let t = ctx.create_table();
    let meta = ctx.create_table();
    meta.raw_set("__index", t, ctx).unwrap();
    meta.raw_set("__newindex", t, ctx).unwrap();
    t.set_metatable(Some(meta), ctx).unwrap();
    assert_eq!(
        t.get::<_, Value>("x", ctx).unwrap_err().to_string(),
        "'__index' chain too long; possible loop"
    );
    assert_eq!(
        t.set("x", 1, ctx).unwrap_err().to_string(),
        "'__newindex' chain too long; possible loop"
    );
    // __index pointing at a number: indexing the number fails like lua5.4.
    meta.raw_set("__index", 5, ctx).unwrap();
    assert_eq!(
        t.get::<_, Value>("x", ctx).unwrap_err().to_string(),
        "attempt to index a number value"
    );
}

#[test]
fn rust_functions_are_called_with_converted_values() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let add = ctx.create_function(|call, ctx| {
        let (a, b): (i64, i64) = call.get_args(ctx)?;
        call.return_values((a + b, a - b), ctx)
    });
    let (sum, difference): (i64, i64) = add.call((5, 3), ctx).unwrap();
    assert_eq!((sum, difference), (8, 2));
    let env = ctx.default_environment();
    env.set("add", add, ctx).unwrap();
    let again: FunctionRef = env.get("add", ctx).unwrap();
    assert_eq!(again, add);
    let all: MultiValue = again.call((1, 1), ctx).unwrap();
    assert_eq!(all.len(), 2);
    let error = add.call::<_, i64>(("x", 1), ctx).unwrap_err();
    assert_eq!(
        error.to_string(),
        "bad argument #1 to '?' (number expected, got string)"
    );
}

#[test]
fn runaway_recursion_through_rust_is_a_catchable_error() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let recurse = ctx.create_function(|call, ctx: &mut VmContext| {
        let depth: i64 = call.get_args(ctx)?;
        let me = call.function();
        let result: i64 = me.call(depth + 1, ctx)?;
        call.return_values(result, ctx)
    });
    let error = recurse.call::<_, i64>(0, ctx).unwrap_err();
    assert_eq!(error, RuntimeError::CStackOverflow);
    assert_eq!(error.to_string(), "C stack overflow");
    // The VM is still usable, and its depth counter was unwound.
    let ok = ctx.create_function(|call, ctx| call.return_values(1, ctx));
    assert_eq!(ok.call::<_, i64>((), ctx).unwrap(), 1);
}

#[test]
fn pairs_iterates_in_deterministic_order() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let t = ctx.create_table();
    for i in 1..=3 {
        t.raw_set(i, i * 10, ctx).unwrap();
    }
    t.raw_set(0, 0, ctx).unwrap();
    t.raw_set(-1, -10, ctx).unwrap();
    t.raw_set(100, 1000, ctx).unwrap();
    t.raw_set(1.5, 15, ctx).unwrap();
    t.raw_set(true, 1, ctx).unwrap();
    let keys: Vec<(Value, i64)> = t.pairs(ctx).collect::<Result<_, _>>().unwrap();
    let ints: Vec<String> = keys.iter().map(|(k, v)| format!("{k:?}={v}")).collect();
    assert_eq!(
        ints,
        [
            "Integer(1)=10",
            "Integer(2)=20",
            "Integer(3)=30",
            "Integer(100)=1000",
            "Integer(-1)=-10",
            "Integer(0)=0",
            "Float(1.5)=15",
            "Bool(true)=1",
        ]
    );
    // Conversion errors end the iteration with the error.
    let mut typed = t.pairs::<i64, TableRef>(ctx);
    assert!(typed.next().unwrap().is_err());
    assert!(typed.next().is_none());
}

#[test]
fn host_data_is_shared_immutably() {
    #[derive(Debug, PartialEq)]
    struct Sprite {
        id: u32,
    }
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let sprite = ctx.create_host_data(Sprite { id: 7 });
    assert_eq!(sprite.get::<Sprite>(ctx).unwrap(), &Sprite { id: 7 });
    assert!(sprite.get::<String>(ctx).is_err());
    let meta = ctx.create_table();
    let getter = ctx.create_function(|call, ctx| {
        let (_, key): (Value, String) = call.get_args(ctx)?;
        call.return_values(key.len() as i64, ctx)
    });
    meta.raw_set("__index", getter, ctx).unwrap();
    sprite.set_metatable(Some(meta), ctx).unwrap();
    let env = ctx.default_environment();
    env.set("sprite", sprite, ctx).unwrap();
    let length: i64 = {
        let value: Value = env.get("sprite", ctx).unwrap();
        let Value::HostData(data) = value else {
            panic!("expected host data")
        };
        assert_eq!(data, sprite);
        // Indexing host data goes through its metatable.
        let holder = ctx.create_table();
        holder.set_metatable(Some(meta), ctx).unwrap();
        holder.get("four", ctx).unwrap()
    };
    assert_eq!(length, 4);
    let snapshot = vm.clone();
    let ctx = &mut vm.context();
    sprite.set_metatable(None, ctx).unwrap();
    let mut restored = snapshot;
    let ctx = &mut restored.context();
    assert_eq!(sprite.metatable(ctx).unwrap(), Some(meta));
}

#[test]
fn references_from_a_bigger_vm_are_refused_not_panics() {
    let mut big = Vm::default();
    let ctx = &mut big.context();
    let mut last = ctx.create_table();
    for _ in 0..100 {
        last = ctx.create_table();
    }
    let mut small = Vm::default();
    let ctx = &mut small.context();
    assert_eq!(
        last.raw_get::<_, Value>(1, ctx).unwrap_err(),
        RuntimeError::InvalidReference { kind: "table" }
    );
}

#[test]
fn value_is_16_bytes() {
    assert_eq!(std::mem::size_of::<Value>(), 16);
}

#[cfg(feature = "send")]
#[test]
fn vm_and_snapshots_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Vm>();
    assert_send_sync::<red_moon::interpreter::FlatVm>();

    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let env = ctx.default_environment();
    env.set("frame", 60, ctx).unwrap();
    let snapshot = vm.clone();
    let read_elsewhere = std::thread::spawn(move || {
        let mut snapshot = snapshot;
        let ctx = &mut snapshot.context();
        env.get::<_, i64>("frame", ctx).unwrap()
    });
    let ctx = &mut vm.context();
    env.set("frame", 61, ctx).unwrap();
    assert_eq!(read_elsewhere.join().unwrap(), 60);
}

/// `call_traced`: an uncaught error comes back with lua5.4's traceback, taken where it was
/// raised (a host function still listed); results pass through; the VM is reusable after.
#[test]
fn traced_calls_report_uncaught_errors_with_tracebacks() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_base_library();
    let fail = ctx.create_function(|_, ctx| {
        let message = ctx.create_string("host failure");
        Err(RuntimeError::Lua {
            value: Value::String(message),
            message: "host failure".to_owned(),
        })
    });
    let env = ctx.default_environment();
    env.set("fail", fail, ctx).unwrap();
    let chunk = ctx
        .load(
            "local function inner() fail() end\nlocal ok = pcall(inner)\ninner()",
            "=game",
        )
        .unwrap();
    let error = ctx.call_traced(chunk, ()).unwrap_err();
    assert_eq!(error.message, "host failure");
    assert_eq!(
        error.traceback.as_deref(),
        Some(
            "stack traceback:\n\t[C]: in function 'fail'\n\tgame:1: in local 'inner'\n\
             \tgame:3: in main chunk\n\t[C]: in ?"
        )
    );
    assert_eq!(
        error.to_string(),
        format!("host failure\n{}", error.traceback.as_deref().unwrap())
    );

    let ok = ctx.load("return 1, 2", "=ok").unwrap();
    let results = ctx.call_traced(ok, ()).unwrap();
    assert_eq!(results.len(), 2);
    // An untraced call after a traced one behaves as before.
    let plain: Result<MultiValue, _> = chunk.call((), ctx);
    assert_eq!(plain.unwrap_err().to_string(), "host failure");

    // A `__tostring` error object: its text, no traceback.
    let custom = ctx
        .load(
            "error(setmetatable({}, {__tostring = function() return 'custom' end}))",
            "=custom",
        )
        .unwrap();
    let error = ctx.call_traced(custom, ()).unwrap_err();
    assert_eq!((error.message.as_str(), error.traceback), ("custom", None));
}

/// Rust functions can close over Lua values (lua5.4's C-closure upvalues), read back through
/// the call context; the values are part of the VM, so snapshots see them.
#[test]
fn native_functions_read_their_upvalues() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let state = ctx.create_table();
    state.set("count", 0, ctx).unwrap();
    let label = Value::String(ctx.create_string("calls"));
    let counter = ctx.create_function_with_upvalues(
        |call, ctx| {
            let Value::Table(state) = call.upvalue(0, ctx) else {
                unreachable!("upvalue 0 is the state table")
            };
            let label = call.upvalue(1, ctx);
            let count: i64 = state.get("count", ctx)?;
            state.set("count", count + 1, ctx)?;
            assert!(
                call.upvalue(2, ctx).is_nil(),
                "missing upvalues read as nil"
            );
            call.return_values((label, count + 1), ctx)
        },
        [Value::Table(state), label],
    );
    let (label, n): (String, i64) = counter.call((), ctx).unwrap();
    assert_eq!((label.as_str(), n), ("calls", 1));
    let snapshot = vm.clone();
    let ctx = &mut vm.context();
    let (_, n): (String, i64) = counter.call((), ctx).unwrap();
    assert_eq!(n, 2);
    let mut restored = snapshot.clone();
    let ctx = &mut restored.context();
    let (_, n): (String, i64) = counter.call((), ctx).unwrap();
    assert_eq!(n, 2, "the restored state table continues from the snapshot");
}
