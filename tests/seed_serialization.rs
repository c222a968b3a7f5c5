//! The serialization example from the seed README (third code block), with `ciborium` in place
//! of `bincode`. Serialization is always built into Red Moon, so the seed's
//! `#![cfg(feature = "serde")]` gate is left out (it would turn this test off).

use red_moon::errors::RuntimeError;
use red_moon::interpreter::{FunctionRef, Value, Vm, VmContext};

fn implement_foo(ctx: &mut VmContext) -> Result<bool, RuntimeError> {
    let f = ctx.create_function(|call_ctx, ctx| call_ctx.return_values("hello", ctx));

    // rehydrate our function using a tag
    // on the first run this will just tag our function
    // on the second run it will overwrite existing functions
    // with this function's implementation and return true
    let rehydrating = f.rehydrate("my_function", ctx)?;

    if !rehydrating {
        // if we're rehydrating we don't want to set values,
        // since a script may have written over our values
        // and we want to keep in sync

        let env = ctx.default_environment();
        env.set("foo", f, ctx)?;
    }

    Ok(rehydrating)
}

#[test]
fn seed_serialization_example() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();

    // implement some API
    implement_foo(ctx).unwrap();

    // copy a reference of foo to bar
    let env = ctx.default_environment();
    let foo: Value = env.get("foo", ctx).unwrap();
    env.set("bar", foo, ctx).unwrap();

    // serialize for the network
    let mut serialized_vm = Vec::new();
    ciborium::into_writer(&vm, &mut serialized_vm).unwrap();

    // ... a network between us ...

    // a new VM deserialized from the previous one
    let mut vm: Vm = ciborium::from_reader(serialized_vm.as_slice()).unwrap();
    let ctx = &mut vm.context();

    // rehydrate
    assert!(implement_foo(ctx).unwrap());

    // testing if bar was updated
    let env = ctx.default_environment();
    let bar: FunctionRef = env.get("bar", ctx).unwrap();
    let result: String = bar.call((), ctx).unwrap();
    assert_eq!(result, "hello");
}

/// Beyond the seed: before rehydration the loaded function fails with a clear Lua error.
#[test]
fn an_unrehydrated_function_fails_clearly() {
    let mut vm = Vm::default();
    implement_foo(&mut vm.context()).unwrap();
    let bytes = vm.to_cbor().unwrap();
    let mut vm = Vm::from_cbor(&bytes).unwrap();
    let ctx = &mut vm.context();
    let foo: FunctionRef = ctx.default_environment().get("foo", ctx).unwrap();
    let error = foo.call::<_, String>((), ctx).unwrap_err();
    assert_eq!(
        error.to_string(),
        "function 'my_function' was not rehydrated"
    );
}
