//! Property tests: snapshots are independent of their origin, `clone_from` restores exactly,
//! and iteration order is a deterministic function of the operations performed.

use proptest::prelude::*;
use red_moon::interpreter::{GenericVm, TableRef, Value, Vm, VmContext};
use red_moon::storage::{FlatStorage, PersistentStorage, Storage};
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
enum KeyGen {
    Int(i64),
    Float(f64),
    Str(u8),
    Bool(bool),
    Table(usize),
}

#[derive(Clone, Debug)]
enum ValueGen {
    Nil,
    Int(i64),
    Str(u8),
    Table(usize),
}

#[derive(Clone, Debug)]
enum Op {
    CreateTable,
    Set {
        table: usize,
        key: KeyGen,
        value: ValueGen,
    },
    SetMetatable {
        table: usize,
        metatable: Option<usize>,
    },
    Snapshot,
    Restore(usize),
}

fn key_gen() -> impl Strategy<Value = KeyGen> {
    prop_oneof![
        5 => (-3i64..100).prop_map(KeyGen::Int),
        1 => prop_oneof![(-3i64..100).prop_map(|i| i as f64), Just(0.5), Just(-7.25)]
            .prop_map(KeyGen::Float),
        4 => (0u8..48).prop_map(KeyGen::Str),
        1 => any::<bool>().prop_map(KeyGen::Bool),
        1 => (0usize..64).prop_map(KeyGen::Table),
    ]
}

fn value_gen() -> impl Strategy<Value = ValueGen> {
    prop_oneof![
        2 => Just(ValueGen::Nil),
        4 => (-1000i64..1000).prop_map(ValueGen::Int),
        1 => (0u8..48).prop_map(ValueGen::Str),
        1 => (0usize..64).prop_map(ValueGen::Table),
    ]
}

fn op_gen() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => Just(Op::CreateTable),
        40 => (0usize..64, key_gen(), value_gen())
            .prop_map(|(table, key, value)| Op::Set { table, key, value }),
        1 => (0usize..64, proptest::option::of(0usize..64))
            .prop_map(|(table, metatable)| Op::SetMetatable { table, metatable }),
        3 => Just(Op::Snapshot),
        1 => (0usize..64).prop_map(Op::Restore),
    ]
}

/// What a Lua program can observe of one table: its entries in `next` order, its border and
/// its metatable.
type TableDump = (Vec<(String, String)>, u64, Option<u32>);

/// The observable state of the tables the test created (in creation order).
fn dump<S: Storage>(ctx: &mut VmContext<'_, S>, tables: &[TableRef]) -> Vec<TableDump> {
    tables
        .iter()
        .map(|t| {
            let entries = t
                .pairs::<Value, Value>(ctx)
                .map(|entry| {
                    let (k, v) = entry.unwrap();
                    (format!("{k:?}"), format!("{v:?}"))
                })
                .collect();
            let len = t.raw_len(ctx).unwrap();
            let meta = t.metatable(ctx).unwrap().map(TableRef::id);
            (entries, len, meta)
        })
        .collect()
}

/// A model key: what the test expects Lua to consider the same key.
fn model_key(key: &KeyGen) -> String {
    match key {
        KeyGen::Int(i) => format!("n{i}"),
        KeyGen::Float(f) if f.fract() == 0.0 => format!("n{}", *f as i64),
        KeyGen::Float(f) => format!("f{f}"),
        KeyGen::Str(s) => format!("s{s}"),
        KeyGen::Bool(b) => format!("b{b}"),
        KeyGen::Table(t) => format!("t{t}"),
    }
}

struct World<S: Storage> {
    vm: GenericVm<S>,
    tables: Vec<TableRef>,
    model: Vec<BTreeMap<String, String>>,
}

impl<S: Storage> World<S> {
    fn new() -> Self {
        let mut vm = GenericVm::<S>::default();
        let ctx = &mut vm.context();
        let tables = vec![ctx.default_environment()];
        World {
            vm,
            tables,
            model: vec![BTreeMap::new()],
        }
    }

    fn table(&self, index: usize) -> TableRef {
        self.tables[index % self.tables.len()]
    }

    fn key(&mut self, key: &KeyGen) -> Value {
        let ctx = &mut self.vm.context();
        match *key {
            KeyGen::Int(i) => Value::Integer(i),
            KeyGen::Float(f) => Value::Float(f),
            KeyGen::Str(s) => Value::String(ctx.create_string(format!("key{s}"))),
            KeyGen::Bool(b) => Value::Bool(b),
            KeyGen::Table(t) => Value::Table(self.tables[t % self.tables.len()]),
        }
    }

    fn value(&mut self, value: &ValueGen) -> (Value, String) {
        let ctx = &mut self.vm.context();
        match *value {
            ValueGen::Nil => (Value::Nil, String::new()),
            ValueGen::Int(i) => (Value::Integer(i), format!("i{i}")),
            ValueGen::Str(s) => (
                Value::String(ctx.create_string(format!("value{s}"))),
                format!("s{s}"),
            ),
            ValueGen::Table(t) => {
                let index = t % self.tables.len();
                (Value::Table(self.tables[index]), format!("t{index}"))
            }
        }
    }

    /// Applies a mutation (not snapshot/restore) to the VM and the model.
    fn apply(&mut self, op: &Op) {
        match op {
            Op::CreateTable => {
                let ctx = &mut self.vm.context();
                self.tables.push(ctx.create_table());
                self.model.push(BTreeMap::new());
            }
            Op::Set { table, key, value } => {
                let t = self.table(*table);
                let index = table % self.tables.len();
                let model_key = match key {
                    KeyGen::Table(k) => format!("t{}", k % self.tables.len()),
                    other => model_key(other),
                };
                let k = self.key(key);
                let (v, model_value) = self.value(value);
                let ctx = &mut self.vm.context();
                t.raw_set(k, v, ctx).unwrap();
                if model_value.is_empty() {
                    self.model[index].remove(&model_key);
                } else {
                    self.model[index].insert(model_key, model_value);
                }
            }
            Op::SetMetatable { table, metatable } => {
                let t = self.table(*table);
                let m = metatable.map(|m| self.table(m));
                let ctx = &mut self.vm.context();
                t.set_metatable(m, ctx).unwrap();
            }
            Op::Snapshot | Op::Restore(_) => {}
        }
    }

    fn dump(&mut self) -> Vec<TableDump> {
        let tables = self.tables.clone();
        dump(&mut self.vm.context(), &tables)
    }

    /// The model's spelling of a value read back from the VM.
    fn model_string(&mut self, value: Value, is_key: bool) -> String {
        let ctx = &mut self.vm.context();
        match value {
            Value::Integer(i) if is_key => format!("n{i}"),
            Value::Integer(i) => format!("i{i}"),
            Value::Float(f) => format!("f{f}"),
            Value::Bool(b) => format!("b{b}"),
            Value::String(s) => {
                let text = s.to_str(ctx).unwrap();
                let number = text.trim_start_matches("key").trim_start_matches("value");
                format!("s{number}")
            }
            Value::Table(t) => {
                let index = self.tables.iter().position(|&known| known == t).unwrap();
                format!("t{index}")
            }
            other => panic!("unexpected value {other:?}"),
        }
    }

    /// Checks the VM against the model: exactly the model's entries, valid borders.
    fn check_model(&mut self) {
        for index in 0..self.tables.len() {
            let t = self.tables[index];
            let entries: Vec<(Value, Value)> = {
                let ctx = &mut self.vm.context();
                t.pairs::<Value, Value>(ctx).map(Result::unwrap).collect()
            };
            let mut actual = BTreeMap::new();
            for (k, v) in entries {
                let key = self.model_string(k, true);
                let value = self.model_string(v, false);
                assert!(actual.insert(key, value).is_none(), "key visited twice");
            }
            assert_eq!(actual, self.model[index], "table {index}");
            let ctx = &mut self.vm.context();
            let len = t.raw_len(ctx).unwrap() as i64;
            if len > 0 {
                assert!(!t.raw_get::<_, Value>(len, ctx).unwrap().is_nil());
            }
            assert!(t.raw_get::<_, Value>(len + 1, ctx).unwrap().is_nil());
        }
    }
}

struct Snapshot {
    vm: Vm,
    tables: Vec<TableRef>,
    model: Vec<BTreeMap<String, String>>,
    dump: Vec<TableDump>,
}

fn run_snapshot_independence(ops: &[Op]) {
    let mut world = World::<PersistentStorage>::new();
    let mut snapshots: Vec<Snapshot> = Vec::new();
    for op in ops {
        match op {
            Op::Snapshot => snapshots.push(Snapshot {
                vm: world.vm.clone(),
                tables: world.tables.clone(),
                model: world.model.clone(),
                dump: world.dump(),
            }),
            Op::Restore(i) if !snapshots.is_empty() => {
                let snapshot = &snapshots[i % snapshots.len()];
                world.vm.clone_from(&snapshot.vm);
                world.tables = snapshot.tables.clone();
                world.model = snapshot.model.clone();
                assert_eq!(world.dump(), snapshot.dump, "restore differs");
            }
            op => world.apply(op),
        }
    }
    world.check_model();
    for snapshot in &mut snapshots {
        // Every snapshot still reads exactly as when it was taken...
        let now = dump(&mut snapshot.vm.context(), &snapshot.tables);
        assert_eq!(now, snapshot.dump, "a snapshot changed after it was taken");
    }
    for snapshot in &snapshots {
        // ...and restoring it gives exactly that state, which the model agrees with.
        world.vm.clone_from(&snapshot.vm);
        world.tables = snapshot.tables.clone();
        world.model = snapshot.model.clone();
        assert_eq!(world.dump(), snapshot.dump);
        world.check_model();
        // Mutating the restored VM leaves the snapshot untouched.
        let t = world.tables[0];
        let ctx = &mut world.vm.context();
        t.raw_set("scribble", 1, ctx).unwrap();
    }
    for snapshot in &mut snapshots {
        let now = dump(&mut snapshot.vm.context(), &snapshot.tables);
        assert_eq!(
            now, snapshot.dump,
            "restoring a snapshot let writes leak into it"
        );
    }
}

/// Runs the mutations only; with `churn`, also clones, drops and restores along the way
/// (which must not change anything observable).
fn run_plain<S: Storage>(ops: &[Op], churn: bool) -> Vec<TableDump> {
    let mut world = World::<S>::new();
    let mut kept = Vec::new();
    for op in ops {
        if churn {
            kept.push(world.vm.clone());
            if kept.len() > 3 {
                let oldest = kept.remove(0);
                let current = std::mem::replace(&mut world.vm, oldest);
                world.vm.clone_from(&current);
            }
        }
        world.apply(op);
    }
    world.dump()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn snapshots_are_independent_and_restore_exactly(
        ops in proptest::collection::vec(op_gen(), 0..300)
    ) {
        run_snapshot_independence(&ops);
    }

    #[test]
    fn same_operations_give_same_iteration_order(
        ops in proptest::collection::vec(op_gen(), 0..300)
    ) {
        let first = run_plain::<PersistentStorage>(&ops, false);
        let second = run_plain::<PersistentStorage>(&ops, false);
        let churned = run_plain::<PersistentStorage>(&ops, true);
        let flat = run_plain::<FlatStorage>(&ops, false);
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(&first, &churned);
        prop_assert_eq!(&first, &flat);
    }
}

#[test]
fn snapshot_of_a_large_world_survives_heavy_mutation() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    let holder = ctx.create_table();
    for i in 1..=10_000i64 {
        let t = ctx.create_table();
        t.raw_set("x", i, ctx).unwrap();
        holder.raw_set(i, t, ctx).unwrap();
    }
    let snapshot = vm.clone();
    let ctx = &mut vm.context();
    for i in 1..=10_000i64 {
        let t: TableRef = holder.raw_get(i, ctx).unwrap();
        t.raw_set("x", -i, ctx).unwrap();
        holder.raw_set(i + 10_000, i, ctx).unwrap();
    }
    let mut snapshot = snapshot;
    let ctx = &mut snapshot.context();
    assert_eq!(holder.raw_len(ctx).unwrap(), 10_000);
    for i in (1..=10_000i64).step_by(97) {
        let t: TableRef = holder.raw_get(i, ctx).unwrap();
        assert_eq!(t.raw_get::<_, i64>("x", ctx).unwrap(), i);
    }
    let ctx = &mut vm.context();
    assert_eq!(holder.raw_len(ctx).unwrap(), 20_000);
}
