use super::*;
use crate::storage::{FlatStorage, PersistentStorage};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn int(i: i64) -> Value {
    Value::Integer(i)
}

fn traverse<S: Storage>(table: &Table<S>) -> Vec<(Value, Value)> {
    let mut out = Vec::new();
    let mut key = Value::Nil;
    while let Some((k, v)) = table.next(key).unwrap() {
        out.push((k, v));
        key = k;
        assert!(out.len() <= 1_000_000, "traversal does not end");
    }
    out
}

#[test]
fn float_keys_normalize_and_bad_keys_error() {
    let mut t = Table::<PersistentStorage>::default();
    t.set(Value::Float(1.0), int(10)).unwrap();
    assert_eq!(t.get(int(1)), int(10));
    t.set(Value::Float(-0.0), int(5)).unwrap();
    assert_eq!(t.get(int(0)), int(5));
    t.set(Value::Float(2.5), int(7)).unwrap();
    assert_eq!(t.get(Value::Float(2.5)), int(7));
    assert!(matches!(
        t.set(Value::Nil, int(1)),
        Err(RuntimeError::IndexIsNil)
    ));
    assert!(matches!(
        t.set(Value::Float(f64::NAN), int(1)),
        Err(RuntimeError::IndexIsNaN)
    ));
    assert_eq!(t.get(Value::Nil), Value::Nil);
    assert_eq!(t.get(Value::Float(f64::NAN)), Value::Nil);
    t.check_invariants();
}

#[test]
fn border_and_append_migration() {
    let mut t = Table::<PersistentStorage>::default();
    t.set(int(3), int(3)).unwrap();
    t.set(int(2), int(2)).unwrap();
    assert_eq!(t.border(), 0);
    t.set(int(1), int(1)).unwrap();
    // 2 and 3 moved from the hash part into the array part.
    assert_eq!(t.border(), 3);
    t.check_invariants();
    t.set(int(3), Value::Nil).unwrap();
    assert_eq!(t.border(), 2);
    t.set(int(1), Value::Nil).unwrap();
    assert_eq!(t.border(), 2, "a border need not be the smallest");
    t.check_invariants();
}

#[test]
fn assigning_nil_to_absent_keys_is_a_no_op() {
    let mut t = Table::<PersistentStorage>::default();
    t.set(Value::Bool(true), Value::Nil).unwrap();
    t.set(int(1), Value::Nil).unwrap();
    assert_eq!(t.count(), 0);
    assert!(traverse(&t).is_empty());
}

#[test]
fn next_with_unknown_key_is_an_error() {
    let mut t = Table::<PersistentStorage>::default();
    t.set(Value::Bool(true), int(1)).unwrap();
    assert!(matches!(
        t.next(Value::Bool(false)),
        Err(RuntimeError::InvalidNextKey)
    ));
    assert!(matches!(
        t.next(Value::Float(f64::NAN)),
        Err(RuntimeError::InvalidNextKey)
    ));
    // A removed key is still a valid position.
    t.set(Value::Bool(true), Value::Nil).unwrap();
    assert_eq!(t.next(Value::Bool(true)).unwrap(), None);
    // As in lua5.4: `next({}, 1)` and `next({1, 2}, 5)` are errors.
    let empty = Table::<PersistentStorage>::default();
    assert!(matches!(
        empty.next(int(1)),
        Err(RuntimeError::InvalidNextKey)
    ));
    let mut pair = Table::<PersistentStorage>::default();
    pair.set(int(1), int(1)).unwrap();
    pair.set(int(2), int(2)).unwrap();
    assert!(matches!(
        pair.next(int(5)),
        Err(RuntimeError::InvalidNextKey)
    ));
    // Trimmed array positions stay valid.
    pair.set(int(2), Value::Nil).unwrap();
    assert_eq!(pair.border(), 1);
    assert_eq!(pair.next(int(2)).unwrap(), None);
}

#[test]
fn removing_every_key_while_traversing_visits_all() {
    for n in [10usize, 100, 1000] {
        let mut t = Table::<PersistentStorage>::default();
        for i in 1..=n as i64 {
            t.set(int(i), int(i)).unwrap();
            t.set(int(-i), int(i)).unwrap();
            t.set(Value::String(StringRef(i as u32, 0)), int(i))
                .unwrap();
        }
        let mut visited = 0;
        let mut key = Value::Nil;
        while let Some((k, _)) = t.next(key).unwrap() {
            t.set(k, Value::Nil).unwrap();
            visited += 1;
            key = k;
        }
        assert_eq!(visited, 3 * n);
        assert_eq!(t.count(), 0);
        t.check_invariants();
    }
}

#[test]
fn queue_pattern_keeps_memory_bounded() {
    let mut t = Table::<PersistentStorage>::default();
    let (mut head, mut tail) = (1i64, 1i64);
    for round in 0..100_000 {
        t.set(int(tail), int(round)).unwrap();
        tail += 1;
        if round % 3 != 0 {
            t.set(int(head), Value::Nil).unwrap();
            head += 1;
        }
        if round % 1000 == 0 {
            t.check_invariants();
        }
    }
    let live = (tail - head) as usize;
    assert_eq!(t.count(), live);
    assert!(
        t.array.len() + t.hash.len() <= 3 * live,
        "array {} + hash {} for {live} live keys",
        t.array.len(),
        t.hash.len()
    );
}

/// 100k `next` calls over each part; a quadratic `next` would take minutes here.
fn next_is_not_quadratic<S: Storage>() {
    let mut hash = Table::<S>::default();
    let mut array = Table::<S>::default();
    for i in 0..100_000 {
        hash.set(Value::String(StringRef(i, 0)), int(i as i64))
            .unwrap();
        array.set(int(i as i64 + 1), int(i as i64)).unwrap();
    }
    let start = std::time::Instant::now();
    assert_eq!(traverse(&hash).len(), 100_000);
    assert_eq!(traverse(&array).len(), 100_000);
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn next_is_not_quadratic_persistent() {
    next_is_not_quadratic::<PersistentStorage>();
}

#[test]
fn next_is_not_quadratic_flat() {
    next_is_not_quadratic::<FlatStorage>();
}

#[derive(Clone, Debug)]
enum Op {
    Set(Value, Value),
    Traverse { clear_every: usize },
}

fn key_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (-4i64..90).prop_map(Value::Integer),
        2 => (-4i64..90).prop_map(|i| Value::Float(i as f64)),
        1 => prop_oneof![Just(0.5f64), Just(-2.25), Just(1e300)].prop_map(Value::Float),
        1 => any::<bool>().prop_map(Value::Bool),
        3 => (0u32..60).prop_map(|i| Value::String(StringRef(i, 0))),
        1 => (0u32..5).prop_map(|i| Value::Table(TableRef(i, 0))),
    ]
}

fn value_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => Just(Value::Nil),
        3 => (0i64..1000).prop_map(Value::Integer),
        1 => (0u32..5).prop_map(|i| Value::String(StringRef(i, 0))),
    ]
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        30 => (key_strategy(), value_strategy()).prop_map(|(k, v)| Op::Set(k, v)),
        1 => (1usize..4).prop_map(|clear_every| Op::Traverse { clear_every }),
    ]
}

fn run_against_model<S: Storage>(ops: &[Op]) -> Vec<(Value, Value)> {
    let mut table = Table::<S>::default();
    let mut model: BTreeMap<Key, Value> = BTreeMap::new();
    for op in ops {
        match op {
            Op::Set(k, v) => {
                table.set(*k, *v).unwrap();
                let key = Key::for_read(*k).unwrap();
                if v.is_nil() {
                    model.remove(&key);
                } else {
                    model.insert(key, *v);
                }
            }
            Op::Traverse { clear_every } => {
                // Traverse while removing some visited keys, as Lua allows.
                let mut seen = Vec::new();
                let mut key = Value::Nil;
                while let Some((k, v)) = table.next(key).unwrap() {
                    let normalized = Key::for_read(k).unwrap();
                    assert_eq!(model.get(&normalized), Some(&v));
                    if seen.len() % clear_every == 0 {
                        table.set(k, Value::Nil).unwrap();
                        model.remove(&normalized);
                    }
                    seen.push(normalized);
                    key = k;
                }
                let mut unique = seen.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), seen.len(), "a key was visited twice");
                for key in model.keys() {
                    assert!(seen.contains(key), "traversal missed {key:?}");
                }
            }
        }
        table.check_invariants();
        let n = table.border() as i64;
        assert!(n == 0 || !table.get_integer(n).is_nil());
        assert!(table.get_integer(n + 1).is_nil());
    }
    for (key, value) in &model {
        assert_eq!(table.get(key.to_value()), *value);
    }
    let order = traverse(&table);
    assert_eq!(order.len(), model.len());
    assert_eq!(table.count(), model.len());

    // Serialization keeps the exact representation, hence the exact order.
    let mut bytes = Vec::new();
    ciborium::into_writer(&table.to_data(), &mut bytes).unwrap();
    let data: TableData = ciborium::from_reader(bytes.as_slice()).unwrap();
    let decoded = Table::<S>::from_data(data).unwrap();
    decoded.check_invariants();
    assert_eq!(traverse(&decoded), order);
    order
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn table_matches_model_on_both_storages(ops in proptest::collection::vec(op_strategy(), 0..400)) {
        let persistent = run_against_model::<PersistentStorage>(&ops);
        let flat = run_against_model::<FlatStorage>(&ops);
        prop_assert_eq!(persistent, flat);
    }
}

#[test]
fn decoding_refuses_broken_representations() {
    let data = |array: Vec<Value>, hash: Vec<(Value, Value)>| TableData {
        metatable: None,
        array_capacity: array.len() as u64,
        array,
        hash,
    };
    let bad = [
        data(vec![int(1), Value::Nil], vec![]),
        data(vec![], vec![(Value::Nil, int(1))]),
        data(vec![], vec![(Value::Float(f64::NAN), int(1))]),
        data(vec![], vec![(Value::Float(3.0), int(1))]),
        data(vec![int(1)], vec![(int(2), int(1))]),
        data(vec![], vec![(int(1), int(1))]),
        data(vec![], vec![(int(7), int(1)), (int(5), int(1))]),
        data(vec![], vec![(int(7), int(1)), (int(7), int(2))]),
    ];
    for case in bad {
        assert!(
            Table::<PersistentStorage>::from_data(case.clone()).is_err(),
            "{case:?}"
        );
    }
    let good = data(vec![int(1), Value::Nil, int(3)], vec![(int(5), Value::Nil)]);
    let table = Table::<PersistentStorage>::from_data(good).unwrap();
    table.check_invariants();
    assert_eq!(table.count(), 2);
}

#[test]
fn set_list_keeps_constructor_holes_in_the_array_part() {
    let mut t = Table::<PersistentStorage>::default();
    t.set_list(1, &[int(1), int(2), int(3), Value::Nil, int(5)]);
    assert_eq!(t.border(), 5);
    t.check_invariants();
    assert_eq!(traverse(&t).len(), 4);
    // Trailing nils are trimmed, so the border stays a border.
    let mut t = Table::<PersistentStorage>::default();
    t.set_list(1, &[int(1), Value::Nil, Value::Nil]);
    assert_eq!(t.border(), 1);
    t.check_invariants();
    // A hash key that continues the sequence is pulled into the array part.
    let mut t = Table::<FlatStorage>::default();
    t.set(int(4), int(4)).unwrap();
    t.set_list(1, &[int(1), Value::Nil, int(3)]);
    assert_eq!(t.border(), 4);
    t.check_invariants();
    // A hash key inside the range takes the slow path and is overwritten.
    let mut t = Table::<PersistentStorage>::default();
    t.set(int(2), int(20)).unwrap();
    t.set_list(1, &[int(1), Value::Nil, int(3)]);
    assert_eq!(t.get(int(2)), Value::Nil);
    assert_eq!(t.get(int(3)), int(3));
    t.check_invariants();
}
