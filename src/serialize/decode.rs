//! Rebuilding a VM from [`VmData`], refusing anything the VM could not have produced.
//!
//! Each store is rebuilt by its own checked constructor (free lists, tables, strings, the
//! collector), prototypes go through the bytecode verifier, every id a value or record names
//! must be inside its store, and threads are checked by [`super::validate`]. A decoded VM can
//! then only fail with Lua errors.

use super::StateError;
use super::format::{
    CellData, ContData, CoroutineData, FrameData, FunctionData, NodeRef, ProtoTree,
    STATE_FORMAT_VERSION, STATE_MAGIC, StatusData, ThreadData, VmData,
};
use super::validate;
use crate::bytecode::{Constant, Proto};
use crate::gc::{Collector, KINDS, Kind};
use crate::heap::slot_data::SlotStoreData;
use crate::heap::slots::SlotStore;
use crate::heap::{
    CoStatus, Cont, Coroutine, Function, Heap, HostData, LoadedProto, LuaClosure, NativeFunction,
    StringStore, ThreadState, UpvalueCell, UpvalueId,
};
use crate::interpreter::stack::Frame;
use crate::interpreter::{GenericVm, NativeFn};
use crate::shared::Shared;
use crate::storage::{CowStore, SeqStore, Storage};
use crate::table::{Table, TableData};
use crate::value::Value;

fn invalid(what: impl Into<String>) -> StateError {
    StateError::Invalid(what.into())
}

/// Store sizes by [`Kind`]: every id of that kind must be below.
#[derive(Clone, Copy)]
pub(super) struct Counts(pub(super) [u32; KINDS]);

impl Counts {
    fn of<D>(store: &SlotStoreData<D>) -> u32 {
        u32::try_from(store.slots.len()).unwrap_or(u32::MAX)
    }

    /// Whether the object `value` names (if any) is inside its store.
    pub(super) fn value(&self, value: Value) -> Result<(), String> {
        match crate::gc::kind_of(value) {
            Some((kind, id)) if id >= self.0[kind] => Err(format!(
                "a {} refers to a missing object",
                value.type_name()
            )),
            _ => Ok(()),
        }
    }

    fn values<'a>(&self, values: impl IntoIterator<Item = &'a Value>) -> Result<(), String> {
        values.into_iter().try_for_each(|&v| self.value(v))
    }

    fn id(&self, kind: Kind, id: u32) -> Result<(), String> {
        if id < self.0[kind as usize] {
            Ok(())
        } else {
            Err(format!("{kind:?} id {id} is out of range"))
        }
    }
}

/// The loaded prototype trees, each as its nodes in breadth-first order.
struct Forest(Vec<Vec<Shared<LoadedProto>>>);

impl Forest {
    fn node(&self, (tree, record): NodeRef) -> Result<Shared<LoadedProto>, String> {
        self.0
            .get(tree as usize)
            .and_then(|nodes| nodes.get(record as usize))
            .cloned()
            .ok_or_else(|| "a closure refers to a missing prototype".to_owned())
    }
}

/// The VM a state describes.
pub(crate) fn decode<S: Storage>(data: VmData) -> Result<GenericVm<S>, StateError> {
    if data.magic != STATE_MAGIC {
        return Err(invalid("not a Red Moon state"));
    }
    if data.version != STATE_FORMAT_VERSION {
        return Err(StateError::Version(data.version));
    }
    let counts = Counts([
        Counts::of(&data.tables),
        Counts::of(&data.functions),
        Counts::of(&data.host_data),
        Counts::of(&data.upvalues),
        Counts::of(&data.coroutines),
        Counts::of(&data.strings),
    ]);
    let strings = StringStore::<S>::from_data(data.strings).map_err(|e| invalid(e.to_string()))?;
    let forest = load_forest(data.protos, &strings)?;
    let checked = |e| invalid(format!("{e}"));
    let tables = SlotStore::from_data(data.tables, |_, (metatable, array, capacity, hash)| {
        if let Some(mt) = metatable {
            counts.id(Kind::Table, mt.0)?;
        }
        counts.values(&array)?;
        counts.values(hash.iter().flat_map(|(k, v)| [k, v]))?;
        Table::<S>::from_data(TableData {
            metatable,
            array,
            array_capacity: capacity,
            hash,
        })
        .map(S::Cow::new)
    })
    .map_err(checked)?;
    let functions = SlotStore::from_data(data.functions, |_, function| {
        function_from(function, &forest, counts)
    })
    .map_err(checked)?;
    let host_data = SlotStore::from_data(data.host_data, |_, metatable| {
        if let Some(mt) = metatable {
            counts.id(Kind::Table, mt.0)?;
        }
        Ok(HostData {
            value: Shared::new(()),
            metatable,
        })
    })
    .map_err(checked)?;
    let upvalues = SlotStore::from_data(data.upvalues, |_, cell| match cell {
        CellData::Open(thread, slot) => {
            counts.id(Kind::Coroutine, thread)?;
            Ok(UpvalueCell::Open { thread, slot })
        }
        CellData::Closed(value) => {
            counts.value(value)?;
            Ok(UpvalueCell::Closed(value))
        }
    })
    .map_err(checked)?;
    let coroutines = SlotStore::from_data(data.coroutines, |_, co| {
        coroutine_from(co, &forest, counts).map(S::Cow::new)
    })
    .map_err(checked)?;
    let gc_values = data.gc.values();
    counts.values(&gc_values).map_err(invalid)?;
    let gc = Collector::from_data(data.gc, counts.0).map_err(|e| invalid(e.to_string()))?;
    let heap = Heap {
        tables,
        functions,
        host_data,
        upvalues,
        coroutines,
        strings,
        gc,
    };
    validate::threads(&heap).map_err(invalid)?;

    let mut vm = GenericVm::<S>::default();
    let names = validate::names(&vm, &heap, &data.names).map_err(invalid)?;
    let live_table = |table: crate::value::TableRef| heap.table(table).is_ok();
    if !live_table(data.globals) {
        return Err(invalid("the global table is missing"));
    }
    if data.registry.is_some_and(|r| !live_table(r)) {
        return Err(invalid("the registry is missing"));
    }
    let type_metatables: [Option<crate::value::TableRef>; crate::interpreter::index::BASIC_TYPES] =
        data.type_metatables
            .try_into()
            .map_err(|_| invalid("wrong number of basic-type metatables"))?;
    if type_metatables.iter().flatten().any(|&mt| !live_table(mt)) {
        return Err(invalid("a basic-type metatable is missing"));
    }
    validate::main_thread(&heap, data.main_thread).map_err(invalid)?;
    if let Some((hook, period)) = data.count_hook {
        counts.value(hook).map_err(invalid)?;
        if period == 0 {
            return Err(invalid("count hook period 0"));
        }
    }
    vm.heap = heap;
    vm.globals = data.globals;
    vm.names = names;
    vm.registry = data.registry;
    vm.type_metatables = type_metatables;
    vm.main_thread = data.main_thread;
    vm.random.state = data.random;
    vm.output.warnings_on = data.warnings_on;
    vm.count_hook = data.count_hook;
    reachable_objects_are_live(&vm).map_err(invalid)?;
    Ok(vm)
}

/// What the loaded VM can reach — from its fixed objects and the collector's lists — is live
/// with the generations its references carry.
fn reachable_objects_are_live<S: Storage>(vm: &GenericVm<S>) -> Result<(), String> {
    let gc = &vm.heap.gc;
    let mut reach = validate::Reachability::new(&vm.heap);
    let roots = [Value::Table(vm.globals)]
        .into_iter()
        .chain(vm.registry.map(Value::Table))
        .chain(
            vm.type_metatables
                .iter()
                .flatten()
                .map(|&t| Value::Table(t)),
        )
        .chain(vm.names.all().map(Value::String))
        .chain(vm.main_thread.map(Value::Coroutine))
        .chain(vm.count_hook.map(|(hook, _)| hook))
        .chain(gc.finalizable.iter().copied())
        .chain(gc.pending.iter().copied());
    for root in roots {
        reach.value(root)?;
    }
    for gray in gc.gray.iter().chain(gc.gray_again.iter()) {
        reach.object(gray.kind, gray.id)?;
    }
    let weak = gc
        .weak_values
        .iter()
        .chain(gc.ephemerons.iter())
        .chain(gc.all_weak.iter());
    for &table in weak.chain(gc.partial.as_ref().map(|(table, _)| table)) {
        reach.object(Kind::Table, table)?;
    }
    reach.check()
}

/// Rebuilds every prototype tree (through the chunk format's checks and the verifier) and
/// loads it: string constants become the string table's strings, which must exist.
fn load_forest<S: Storage>(
    trees: Vec<ProtoTree>,
    strings: &StringStore<S>,
) -> Result<Forest, StateError> {
    let mut forest = Vec::with_capacity(trees.len().min(1024));
    for ProtoTree(bytes, data) in trees {
        let root = data
            .into_proto()
            .map_err(|e| invalid(format!("prototype: {e}")))?;
        // Breadth first, as the records are numbered; `first_child[i]` is where node `i`'s
        // children start.
        let mut order: Vec<Shared<Proto>> = vec![root];
        let mut first_child = Vec::new();
        let mut next = 0;
        while let Some(proto) = order.get(next).cloned() {
            first_child.push(order.len());
            order.extend(proto.protos.iter().cloned());
            next += 1;
        }
        let mut nodes: Vec<Option<Shared<LoadedProto>>> = vec![None; order.len()];
        for i in (0..order.len()).rev() {
            let proto = &order[i];
            let constants = proto
                .constants
                .iter()
                .map(|constant| {
                    Ok(match constant {
                        Constant::Nil => Value::Nil,
                        Constant::Boolean(b) => Value::Bool(*b),
                        Constant::Integer(n) => Value::Integer(*n),
                        Constant::Float(f) => Value::Float(*f),
                        Constant::String(text) => Value::String(
                            strings
                                .find(text)
                                .ok_or_else(|| invalid("a prototype constant is not a string"))?,
                        ),
                    })
                })
                .collect::<Result<Box<[Value]>, StateError>>()?;
            let start = first_child[i];
            let children = (start..start + proto.protos.len())
                .map(|c| nodes[c].clone().ok_or_else(|| invalid("prototype tree")))
                .collect::<Result<Box<[_]>, _>>()?;
            nodes[i] = Some(Shared::new(LoadedProto {
                proto: Shared::clone(proto),
                constants,
                children,
                bytes: if i == 0 { bytes } else { 0 },
            }));
        }
        forest.push(nodes.into_iter().flatten().collect());
    }
    Ok(Forest(forest))
}

fn closure_from(
    node: NodeRef,
    cells: Vec<u32>,
    forest: &Forest,
    counts: Counts,
) -> Result<LuaClosure, String> {
    let proto = forest.node(node)?;
    if cells.len() != proto.proto.upvalues.len() {
        return Err("a closure has the wrong number of upvalues".to_owned());
    }
    for &cell in &cells {
        counts.id(Kind::Upvalue, cell)?;
    }
    Ok(LuaClosure {
        proto,
        upvalues: cells.into_iter().map(UpvalueId).collect(),
    })
}

fn function_from<S: Storage>(
    function: FunctionData,
    forest: &Forest,
    counts: Counts,
) -> Result<Function<S>, String> {
    Ok(match function {
        FunctionData::Lua(node, cells) => {
            Function::Lua(Shared::new(closure_from(node, cells, forest, counts)?))
        }
        FunctionData::Native(tag, upvalues) => {
            counts.values(&upvalues)?;
            Function::Native(NativeFunction {
                callback: callback_for::<S>(tag.as_deref()),
                upvalues: upvalues.into_boxed_slice(),
                tag: tag.map(|t| Shared::from(t.as_str())),
            })
        }
    })
}

/// The implementation of a saved Rust function: the standard library's own, or a placeholder
/// raising an error until the host rehydrates the tag.
fn callback_for<S: Storage>(tag: Option<&str>) -> Shared<dyn NativeFn<S>> {
    if let Some(callback) = tag.and_then(crate::stdlib::catalog::builtin::<S>) {
        return callback;
    }
    let message = match tag {
        Some(tag) => format!("function '{tag}' was not rehydrated"),
        None => "a Rust function without a tag was not rehydrated".to_owned(),
    };
    Shared::new(move |_, _: &mut crate::interpreter::VmContext<'_, S>| {
        Err(crate::errors::RuntimeError::Message(message.clone()))
    })
}

fn coroutine_from(co: CoroutineData, forest: &Forest, counts: Counts) -> Result<Coroutine, String> {
    let CoroutineData(status, function, state) = co;
    counts.value(function)?;
    let status = match status {
        StatusData::Suspended(started) => CoStatus::Suspended { started },
        StatusData::Dead(error) => {
            if let Some(error) = error {
                counts.value(error)?;
            }
            CoStatus::Dead { error }
        }
        StatusData::Main => CoStatus::Main,
    };
    Ok(Coroutine {
        status,
        function,
        state: thread_from(state, forest, counts)?,
    })
}

fn thread_from(state: ThreadData, forest: &Forest, counts: Counts) -> Result<ThreadState, String> {
    let ThreadData(stack, frames, open_upvalues, tbc, protections, conts) = state;
    counts.values(&stack)?;
    let frames = frames
        .into_iter()
        .map(|frame| {
            let FrameData(node, cells, func, base, pc, varargs, results, from_rust, tail_call) =
                frame;
            Ok(Frame {
                closure: Shared::new(closure_from(node, cells, forest, counts)?),
                func,
                base,
                pc,
                varargs,
                results,
                from_rust,
                tail_call,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    for &(_, cell) in &open_upvalues {
        counts.id(Kind::Upvalue, cell)?;
    }
    for (handler, _) in &protections {
        if let Some(handler) = handler {
            counts.value(*handler)?;
        }
    }
    let conts = conts
        .into_iter()
        .map(|cont| {
            Ok(match cont {
                ContData::NativeCall(func, results) => Cont::NativeCall { func, results },
                ContData::LuaCall(entry, func) => Cont::LuaCall { entry, func },
                ContData::Protected(handler) => {
                    if let Some(handler) = handler {
                        counts.value(handler)?;
                    }
                    Cont::Protected { handler }
                }
                ContData::Adjust(count) => Cont::Adjust { count },
                ContData::PassResults => Cont::PassResults,
                ContData::FinishOp(top) => Cont::FinishOp { top },
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(ThreadState {
        stack,
        frames,
        open_upvalues: open_upvalues
            .into_iter()
            .map(|(slot, cell)| (slot, UpvalueId(cell)))
            .collect(),
        tbc,
        native_calls: Vec::new(),
        protections,
        conts,
        non_yieldable: 0,
    })
}
