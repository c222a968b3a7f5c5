//! The rollback example from the seed README (first code block), verbatim.

#[test]
fn seed_rollback_example() {
    use red_moon::interpreter::Vm;

    let mut vm = Vm::default();
    let ctx = &mut vm.context();

    let env = ctx.default_environment();
    env.set("a", 1, ctx).unwrap();

    // copy a version where a = 1
    let snapshot = vm.clone();

    let ctx = &mut vm.context();
    env.set("a", 2, ctx).unwrap();

    // 2 should be stored in a
    let a: i32 = env.get("a", ctx).unwrap();
    assert_eq!(a, 2);

    // rewinding
    vm.clone_from(&snapshot);

    // 1 should be stored in `a`
    let ctx = &mut vm.context();
    let a: i32 = env.get("a", ctx).unwrap();
    assert_eq!(a, 1);
}
