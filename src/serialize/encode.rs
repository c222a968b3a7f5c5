//! Writing a VM as [`VmData`]: every store as it is, and each prototype tree once.

use super::StateError;
use super::format::{
    CellData, ContData, CoroutineData, FrameData, FunctionData, NodeRef, ProtoTree,
    STATE_FORMAT_VERSION, STATE_MAGIC, StatusData, ThreadData, VmData,
};
use crate::heap::{CoStatus, Cont, Function, LoadedProto, ThreadState, UpvalueCell};
use crate::interpreter::GenericVm;
use crate::shared::Shared;
use crate::storage::{CowStore, Storage};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The VM as plain data. Fails if Lua code is running (a state is only saved between host
/// calls, when every working buffer is empty).
pub(crate) fn encode<S: Storage>(vm: &GenericVm<S>) -> Result<VmData, StateError> {
    check_at_rest(vm)?;
    let forest = Forest::build(vm);
    let heap = &vm.heap;
    let mut failure = None;
    let tables = heap.tables.to_data(|table| {
        let data = table.get().to_data();
        (data.metatable, data.array, data.array_capacity, data.hash)
    });
    let functions = heap.functions.to_data(|function| match function {
        Function::Native(native) => FunctionData::Native(
            native.tag.as_deref().map(str::to_owned),
            native.upvalues.to_vec(),
        ),
        Function::Lua(closure) => FunctionData::Lua(
            forest.node(&closure.proto),
            closure.upvalues.iter().map(|cell| cell.0).collect(),
        ),
    });
    let host_data = heap.host_data.to_data(|data| data.metatable);
    let upvalues = heap.upvalues.to_data(|cell| match *cell {
        UpvalueCell::Open { thread, slot } => CellData::Open(thread, slot),
        UpvalueCell::Closed(value) => CellData::Closed(value),
    });
    let coroutines = heap.coroutines.to_data(|co| {
        let co = co.get();
        let status = match co.status {
            CoStatus::Suspended { started } => StatusData::Suspended(started),
            CoStatus::Dead { error } => StatusData::Dead(error),
            CoStatus::Main => StatusData::Main,
            CoStatus::Running | CoStatus::Normal => {
                failure = Some(StateError::Running);
                StatusData::Main
            }
        };
        let state = match thread_data(&co.state, &forest) {
            Ok(state) => state,
            Err(error) => {
                failure = Some(error);
                ThreadData::default()
            }
        };
        CoroutineData(status, co.function, state)
    });
    if let Some(error) = failure {
        return Err(error);
    }
    Ok(VmData {
        magic: STATE_MAGIC.to_owned(),
        version: STATE_FORMAT_VERSION,
        strings: heap.strings.to_data(),
        protos: forest.trees,
        tables,
        functions,
        host_data,
        upvalues,
        coroutines,
        globals: vm.globals,
        registry: vm.registry,
        type_metatables: vm.type_metatables.to_vec(),
        names: vm.names.all().collect(),
        main_thread: vm.main_thread,
        random: vm.random.state,
        warnings_on: vm.output.warnings_on,
        count_hook: vm.count_hook,
        gc: heap.gc.to_data(),
    })
}

/// Refuses a VM whose interpreter is running (its working buffers are not part of the
/// format: between host calls they are always empty).
fn check_at_rest<S: Storage>(vm: &GenericVm<S>) -> Result<(), StateError> {
    let idle = vm.stack.is_empty()
        && vm.frames.is_empty()
        && vm.open_upvalues.is_empty()
        && vm.tbc.is_empty()
        && vm.native_calls.is_empty()
        && vm.protections.is_empty()
        && vm.current.is_none()
        && vm.conts.is_empty()
        && vm.native_depth == 0
        && vm.non_yieldable == 0
        && !vm.in_hook
        && vm.main_saved.stack.is_empty()
        && vm.main_saved.frames.is_empty()
        && !vm.heap.gc.in_finalizer;
    if idle {
        Ok(())
    } else {
        Err(StateError::Running)
    }
}

fn thread_data(state: &ThreadState, forest: &Forest) -> Result<ThreadData, StateError> {
    if !state.native_calls.is_empty() || state.non_yieldable != 0 {
        return Err(StateError::Running);
    }
    let frames = state
        .frames
        .iter()
        .map(|frame| {
            FrameData(
                forest.node(&frame.closure.proto),
                frame.closure.upvalues.iter().map(|cell| cell.0).collect(),
                frame.func,
                frame.base,
                frame.pc,
                frame.varargs,
                frame.results,
                frame.from_rust,
                frame.tail_call,
            )
        })
        .collect();
    let conts = state
        .conts
        .iter()
        .map(|cont| match *cont {
            Cont::NativeCall { func, results } => ContData::NativeCall(func, results),
            Cont::LuaCall { entry, func } => ContData::LuaCall(entry, func),
            Cont::Protected { handler } => ContData::Protected(handler),
            Cont::Adjust { count } => ContData::Adjust(count),
            Cont::PassResults => ContData::PassResults,
            Cont::FinishOp { top } => ContData::FinishOp(top),
        })
        .collect();
    Ok(ThreadData(
        state.stack.clone(),
        frames,
        state
            .open_upvalues
            .iter()
            .map(|&(slot, cell)| (slot, cell.0))
            .collect(),
        state.tbc.clone(),
        state.protections.clone(),
        conts,
    ))
}

/// Identity of a loaded prototype node, used only to recognise a node met twice (never for
/// any order).
fn address(node: &Shared<LoadedProto>) -> usize {
    Shared::as_ptr(node) as *const u8 as usize
}

/// The prototype trees a VM uses, each written once.
///
/// Closures and frames point at nodes of loaded prototype trees; a node may be a tree's root
/// (a loaded chunk) or a nested function whose chunk closure is gone. The trees written are
/// the referenced nodes that no other referenced node contains, in first-reference order of
/// an id-ordered walk; every referenced node is then `(tree, breadth-first index)`.
struct Forest {
    trees: Vec<ProtoTree>,
    nodes: BTreeMap<usize, NodeRef>,
}

impl Forest {
    fn build<S: Storage>(vm: &GenericVm<S>) -> Self {
        // Referenced nodes, deduplicated, in first-reference order.
        let mut owned: Vec<Shared<LoadedProto>> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut reference = |node: &Shared<LoadedProto>| {
            if seen.insert(address(node)) {
                owned.push(Shared::clone(node));
            }
        };
        for (_, _, function) in vm.heap.functions.iter() {
            if let Function::Lua(closure) = function {
                reference(&closure.proto);
            }
        }
        for (_, _, co) in vm.heap.coroutines.iter() {
            for frame in &co.get().state.frames {
                reference(&frame.closure.proto);
            }
        }
        // Nodes inside another referenced node's tree are not roots.
        let mut contained = BTreeSet::new();
        for node in &owned {
            let mut queue: Vec<&Shared<LoadedProto>> = node.children.iter().collect();
            while let Some(child) = queue.pop() {
                if contained.insert(address(child)) {
                    queue.extend(child.children.iter());
                }
            }
        }
        let mut trees = Vec::new();
        let mut nodes = BTreeMap::new();
        for root in owned.iter().filter(|n| !contained.contains(&address(n))) {
            let tree = trees.len() as u32;
            // Breadth first, as `Proto::to_data` numbers the records.
            let mut queue = VecDeque::from([root]);
            let mut record = 0u32;
            while let Some(node) = queue.pop_front() {
                nodes.insert(address(node), (tree, record));
                record += 1;
                queue.extend(node.children.iter());
            }
            trees.push(ProtoTree(root.bytes, root.proto.to_data(false)));
        }
        Self { trees, nodes }
    }

    /// The reference of a node met by [`Forest::build`].
    fn node(&self, node: &Shared<LoadedProto>) -> NodeRef {
        self.nodes
            .get(&address(node))
            .copied()
            .unwrap_or((u32::MAX, u32::MAX))
    }
}
