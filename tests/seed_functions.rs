//! The Rust-function example from the seed README (second code block), verbatim, plus calls.
//! It captures `Rc` and `Cell`, which are not `Send`: with the `send` feature such captures are
//! rejected at compile time, so this test exists only without it.
#![cfg(not(feature = "send"))]

#[test]
fn seed_function_example() {
    use red_moon::interpreter::{MultiValue, Vm};
    use std::cell::Cell;
    use std::rc::Rc;

    // interior mutability is fine as long as serialization isn't necessary and Rc is not involved:
    let counter = Cell::new(1);
    // Rc is fine as long as the data is immutable:
    let data = Rc::new(1);
    // Rc with interior mutability will cause issues during rollback:
    let rc_counter = Rc::new(Cell::new(1));

    let mut vm = Vm::default();
    let ctx = &mut vm.context();

    // these can be captured, but not all are bug free:
    let f = ctx.create_function(move |call_ctx, ctx| {
        let count = counter.get();
        counter.set(count + 1);

        call_ctx.return_values(rc_counter.get() + *data + count, ctx)
    });

    // Beyond the seed: the function runs and its captured counter advances per call.
    let first: i32 = f.call((), ctx).unwrap();
    let second: i32 = f.call((), ctx).unwrap();
    assert_eq!((first, second), (3, 4));
    let all: MultiValue = f.call((), ctx).unwrap();
    assert_eq!(all.len(), 1);
}
