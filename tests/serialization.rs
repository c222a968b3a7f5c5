//! Saved states through the public API: userdata, snapshots encoded on another thread, the
//! flat-heap baseline, and loading into a running game loop.

use red_moon::errors::StateError;
use red_moon::interpreter::{HostDataRef, Vm};

fn fresh() -> Vm {
    let mut vm = Vm::default();
    vm.context().open_standard_libraries();
    vm
}

fn eval(vm: &mut Vm, code: &str) -> String {
    let ctx = &mut vm.context();
    let f = ctx.load(code, "=eval").unwrap();
    f.call::<_, String>((), ctx).unwrap()
}

#[test]
fn userdata_keep_their_metatable_and_get_their_host_value_back() {
    let mut vm = fresh();
    {
        let ctx = &mut vm.context();
        let ud = ctx.create_host_data(41_i64);
        let meta = ctx.create_table();
        meta.set("__name", "Unit", ctx).unwrap();
        ud.set_metatable(Some(meta), ctx).unwrap();
        ctx.default_environment().set("unit", ud, ctx).unwrap();
    }
    let mut loaded = Vm::from_cbor(&vm.to_cbor().unwrap()).unwrap();
    assert_eq!(
        eval(
            &mut loaded,
            "return getmetatable(unit).__name .. ' ' .. type(unit)"
        ),
        "Unit userdata"
    );
    let ctx = &mut loaded.context();
    let ud: HostDataRef = ctx.default_environment().get("unit", ctx).unwrap();
    // The host value is the host's: gone until the host attaches it again.
    assert!(ud.get::<i64>(ctx).is_err());
    ud.replace_value(42_i64, ctx).unwrap();
    assert_eq!(*ud.get::<i64>(ctx).unwrap(), 42);
}

#[test]
fn garbage_is_refused_with_an_error() {
    for bytes in [&b""[..], b"\x00", b"\xff\xff\xff", b"{\"not\": \"cbor\"}"] {
        assert!(Vm::from_cbor(bytes).is_err());
    }
    let mut state = fresh().to_cbor().unwrap();
    state.push(0);
    assert!(matches!(
        Vm::from_cbor(&state),
        Err(StateError::Malformed(_))
    ));
    state.pop();
    state.truncate(state.len() / 2);
    assert!(Vm::from_cbor(&state).is_err());
}

#[test]
fn the_flat_baseline_and_the_persistent_vm_read_each_others_states() {
    let code = "t = {} for i = 1, 100 do t[i] = {i, tostring(i)} end \
                co = coroutine.create(function() while true do coroutine.yield(#t) end end) \
                coroutine.resume(co) return ''";
    let mut persistent = fresh();
    eval(&mut persistent, code);
    let mut flat = red_moon::interpreter::FlatVm::default();
    {
        let ctx = &mut flat.context();
        ctx.open_standard_libraries();
        let f = ctx.load(code, "=eval").unwrap();
        f.call::<_, String>((), ctx).unwrap();
    }
    // (The two storages may collect at different moments, so their states differ in
    // detail; each must read the other's.)
    let bytes = persistent.to_cbor().unwrap();
    let flat_bytes = flat.to_cbor().unwrap();
    let from_flat = Vm::from_cbor(&flat_bytes).unwrap();
    assert_eq!(from_flat.to_cbor().unwrap(), flat_bytes);
    // And each storage reads the other's state.
    let mut back = red_moon::interpreter::FlatVm::from_cbor(&bytes).unwrap();
    assert_eq!(back.to_cbor().unwrap(), bytes);
    let ctx = &mut back.context();
    let f = ctx
        .load("return tostring(select(2, coroutine.resume(co)))", "=eval")
        .unwrap();
    assert_eq!(f.call::<_, String>((), ctx).unwrap(), "100");
}

/// A snapshot is `Send`: a spectator feed can encode it on another thread while the game
/// keeps running the original.
#[cfg(feature = "send")]
#[test]
fn a_snapshot_encodes_on_another_thread_while_the_vm_runs() {
    let mut vm = fresh();
    eval(
        &mut vm,
        "world = {} for i = 1, 2000 do world[i] = {x = i, y = -i} end \
         co = coroutine.wrap(function() local n = 0 while true do n = n + 1 coroutine.yield(n) end end) \
         co() return ''",
    );
    let snapshot = vm.clone();
    let expected = vm.clone().to_cbor().unwrap();
    let encoder = std::thread::spawn(move || snapshot.to_cbor().unwrap());
    for _ in 0..50 {
        eval(
            &mut vm,
            "for i = 1, #world do world[i].x = world[i].x + 1 end return tostring(co())",
        );
    }
    let bytes = encoder.join().unwrap();
    assert_eq!(bytes, expected, "the snapshot saw none of the later frames");
    let mut loaded = Vm::from_cbor(&bytes).unwrap();
    assert_eq!(eval(&mut loaded, "return world[1].x .. ' ' .. co()"), "1 2");
    assert_eq!(eval(&mut vm, "return world[1].x .. ' ' .. co()"), "51 52");
}

#[test]
fn load_errors_read_well() {
    let state = fresh().to_cbor().unwrap();
    let message = |bytes: &[u8]| Vm::from_cbor(bytes).err().unwrap().to_string();
    assert_eq!(
        message(&state[..state.len() / 2]),
        "malformed saved state: the input ends too early"
    );
    assert_eq!(
        message(b""),
        "malformed saved state: the input ends too early"
    );
    let text = message(b"\x63abc");
    assert!(
        text.starts_with("malformed saved state: invalid type: string"),
        "{text}"
    );
    assert!(!text.contains("Semantic"), "{text}");
}

#[test]
fn floats_keep_every_bit() {
    let mut vm = fresh();
    eval(
        &mut vm,
        "nan = 0/0 pnan = -(0/0) nz = -0.0 tiny = 5e-324 big = 1.7976931348623157e308 return ''",
    );
    let code = "return string.format('%q %q %q %q', tiny, big, nz, 1/nz) .. ' ' .. \
                tostring(nan) .. ' ' .. tostring(pnan) .. ' ' .. \
                string.pack('<d', nan):byte(8) .. ' ' .. string.pack('<d', pnan):byte(8)";
    let expected = eval(&mut vm, code);
    let mut loaded = Vm::from_cbor(&vm.to_cbor().unwrap()).unwrap();
    assert_eq!(eval(&mut loaded, code), expected);
}
