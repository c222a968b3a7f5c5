//! Marking: the roots, and the traversal of each object kind.

use super::weak::{WeakMode, weak_mode};
use super::{Collector, Gray, Kind};
use crate::heap::{Cont, Function, Heap, LoadedProto, ThreadState, UpvalueCell};
use crate::interpreter::GenericVm;
use crate::storage::{CowStore, SeqStore, Storage};
use crate::table::Cursor;
use crate::value::Value;

impl<S: Storage> GenericVm<S> {
    /// Marks everything the VM reaches without going through the heap: the globals, the
    /// registry, the basic types' metatables, metamethod names, the running and saved
    /// threads' working state, values the host and running natives hold, and objects waiting
    /// for their finalizers.
    pub(crate) fn mark_roots(&mut self) {
        let gc = &mut self.heap.gc;
        gc.mark_value(Value::Table(self.globals));
        if let Some(registry) = self.registry {
            gc.mark_value(Value::Table(registry));
        }
        for metatable in self.type_metatables.iter().flatten() {
            gc.mark_value(Value::Table(*metatable));
        }
        for name in self.names.all() {
            gc.mark_value(Value::String(name));
        }
        if let Some((hook, _)) = self.count_hook {
            gc.mark_value(hook);
        }
        for value in self.yield_values.iter() {
            gc.mark_value(*value);
        }
        for co in [self.current, self.main_thread].into_iter().flatten() {
            gc.mark_value(Value::Coroutine(co));
        }
        // The running thread's working buffers (a `ThreadState` spread over the VM).
        mark_thread_parts(
            gc,
            ThreadParts {
                stack: &self.stack,
                frames: &self.frames,
                open_upvalues: &self.open_upvalues,
                native_calls: &self.native_calls,
                protections: &self.protections,
                conts: &self.conts,
            },
        );
        mark_thread(gc, &self.main_saved);
        for value in &self.temp_roots {
            gc.mark_value(*value);
        }
        for (kind, set) in self.host_pins.iter().enumerate() {
            for id in set.iter() {
                gc.mark_value(super::value_of(kind, id));
            }
        }
        let head = gc.pending_head as usize;
        for index in head..gc.pending.len() {
            if let Some(value) = gc.pending.get(index).copied() {
                gc.mark_value(value);
            }
        }
    }

    /// Traverses gray objects until `budget` work units are spent or none is left; returns
    /// the work done.
    pub(crate) fn propagate(&mut self, budget: u64) -> u64 {
        let mut work = 0;
        while work < budget {
            self.heap.gc.mark_released();
            if let Some((id, cursor)) = self.heap.gc.partial.take() {
                let Heap { tables, gc, .. } = &mut self.heap;
                if let Some((_, table)) = tables.get_by_id(id) {
                    work += visit_strong(gc, id, table.get(), cursor, budget - work);
                }
                continue;
            }
            let Some(gray) = self.heap.gc.gray.pop() else {
                break;
            };
            work += self.traverse(gray, budget - work);
        }
        work
    }

    /// Traverses every gray object.
    pub(crate) fn propagate_all(&mut self) -> u64 {
        self.propagate(u64::MAX)
    }

    /// Marks what one object references; returns the work done (1 + slots visited).
    fn traverse(&mut self, gray: Gray, limit: u64) -> u64 {
        let Heap {
            tables,
            functions,
            host_data,
            upvalues,
            coroutines,
            strings,
            gc,
        } = &mut self.heap;
        let id = gray.id;
        match gray.kind {
            Kind::Table => {
                let Some((_, table)) = tables.get_by_id(id) else {
                    return 1;
                };
                let table = table.get();
                gc.black[Kind::Table as usize].insert(id);
                let mode = weak_mode(table, tables, strings, self.names.mode);
                if let Some(metatable) = table.metatable() {
                    gc.mark_object(Kind::Table, metatable.0);
                }
                match mode {
                    // Strong tables are traversed within the step's budget and continued in
                    // later steps (a million-entry table is not one pause). The table is
                    // black from the start, so a write anywhere in it meanwhile puts it on
                    // the gray-again list for a whole traversal by the atomic step.
                    WeakMode::Strong => {
                        return 1 + visit_strong(gc, id, table, Cursor::Array(0), limit);
                    }
                    WeakMode::Values => {
                        table.for_each_entry(|key, value| {
                            gc.mark_value(key);
                            mark_if_string(gc, value);
                        });
                        gc.weak_values.push(id);
                    }
                    WeakMode::Keys => {
                        traverse_ephemeron(gc, table);
                        gc.ephemerons.push(id);
                    }
                    // Nothing is marked: strings are marked when the entries that survive
                    // are checked (an entry cleared for its value keeps its string key
                    // alive no longer, as in lua5.4).
                    WeakMode::Both => gc.all_weak.push(id),
                }
                1 + table.slot_count() as u64
            }
            Kind::Function => match functions.get_by_id(id).map(|(_, f)| f) {
                Some(Function::Native(native)) => {
                    for value in &native.upvalues {
                        gc.mark_value(*value);
                    }
                    1 + native.upvalues.len() as u64
                }
                Some(Function::Lua(closure)) => {
                    mark_closure_parts(gc, &closure.upvalues, &closure.proto)
                }
                None => 1,
            },
            Kind::HostData => {
                if let Some((_, data)) = host_data.get_by_id(id) {
                    gc.black[Kind::HostData as usize].insert(id);
                    if let Some(metatable) = data.metatable {
                        gc.mark_object(Kind::Table, metatable.0);
                    }
                }
                1
            }
            Kind::Upvalue => {
                match upvalues.get_by_id(id).map(|(_, cell)| cell) {
                    Some(UpvalueCell::Closed(value)) => gc.mark_value(*value),
                    // The slot of a suspended (or unreachable) coroutine's stack: the
                    // value must outlive the coroutine, whose sweep closes the cell.
                    // Other threads' stacks are roots.
                    Some(UpvalueCell::Open { thread, slot }) => {
                        if let Some(value) = coroutines
                            .get_by_id(*thread)
                            .and_then(|(_, co)| co.get().state.stack.get(*slot as usize))
                        {
                            gc.mark_value(*value);
                        }
                    }
                    None => {}
                }
                gc.black[Kind::Upvalue as usize].insert(id);
                1
            }
            Kind::Coroutine => {
                let Some(co) = coroutines.get_by_id(id).map(|(_, co)| co.get()) else {
                    return 1;
                };
                gc.black[Kind::Coroutine as usize].insert(id);
                gc.mark_value(co.function);
                if let crate::heap::CoStatus::Dead { error: Some(error) } = co.status {
                    gc.mark_value(error);
                }
                mark_thread(gc, &co.state)
            }
            // Strings are marked without being queued.
            Kind::String => 1,
        }
    }
}

/// Marks the entries of strong table `id` from `cursor`, at most `limit` slots; leaves the
/// rest for later (`Collector::partial`). Returns the slots visited.
fn visit_strong<S: Storage>(
    gc: &mut Collector<S>,
    id: u32,
    table: &crate::table::Table<S>,
    cursor: Cursor,
    limit: u64,
) -> u64 {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX).max(1);
    let mut visited = 0u64;
    let next = table.visit_from(cursor, limit, |key, value| {
        visited += 1;
        gc.mark_value(key);
        gc.mark_value(value);
    });
    if next.is_some() {
        gc.partial = Some((id, next.unwrap_or(Cursor::Array(0))));
        // The budget is spent (nil slots count too).
        return limit as u64;
    }
    visited.max(1)
}

fn mark_if_string<S: Storage>(gc: &mut Collector<S>, value: Value) {
    if let Value::String(_) = value {
        gc.mark_value(value);
    }
}

/// Marks the values of a weak-key table whose keys are marked (or are not collectable);
/// while ephemerons converge, records the others as pending on their keys.
pub(super) fn traverse_ephemeron<S: Storage>(
    gc: &mut Collector<S>,
    table: &crate::table::Table<S>,
) {
    table.for_each_entry(|key, value| {
        mark_if_string(gc, key);
        if gc.is_marked(value) {
            return;
        }
        if gc.is_marked(key) {
            gc.mark_value(value);
        } else if let (Some(pending), Some((kind, id))) =
            (&mut gc.ephemeron_pending, super::kind_of(key))
        {
            pending.entry((kind as u8, id)).or_default().push(value);
        }
    });
}

/// Marks a closure's upvalue cells and its prototype tree's constants (nested prototypes'
/// constants too: a later `CLOSURE` instruction instantiates them). Returns the work done.
fn mark_closure_parts<S: Storage>(
    gc: &mut Collector<S>,
    upvalues: &[crate::heap::UpvalueId],
    proto: &LoadedProto,
) -> u64 {
    for cell in upvalues {
        gc.mark_object(Kind::Upvalue, cell.0);
    }
    1 + upvalues.len() as u64 + mark_constants(gc, proto)
}

fn mark_constants<S: Storage>(gc: &mut Collector<S>, proto: &LoadedProto) -> u64 {
    for constant in &proto.constants {
        gc.mark_value(*constant);
    }
    proto
        .children
        .iter()
        .fold(proto.constants.len() as u64, |work, child| {
            work + mark_constants(gc, child)
        })
}

/// The parts of a thread's state that reference heap objects.
struct ThreadParts<'a> {
    stack: &'a [Value],
    frames: &'a [crate::interpreter::stack::Frame],
    open_upvalues: &'a [(u32, crate::heap::UpvalueId)],
    native_calls: &'a [(u32, crate::value::FunctionRef)],
    protections: &'a [(Option<Value>, bool)],
    conts: &'a [Cont],
}

/// Marks a thread's saved state; returns the work done.
fn mark_thread<S: Storage>(gc: &mut Collector<S>, state: &ThreadState) -> u64 {
    mark_thread_parts(
        gc,
        ThreadParts {
            stack: &state.stack,
            frames: &state.frames,
            open_upvalues: &state.open_upvalues,
            native_calls: &state.native_calls,
            protections: &state.protections,
            conts: &state.conts,
        },
    )
}

/// Marks what a thread's state references; returns the work done.
fn mark_thread_parts<S: Storage>(gc: &mut Collector<S>, parts: ThreadParts<'_>) -> u64 {
    let mut work = 1 + parts.stack.len() as u64;
    for value in parts.stack {
        gc.mark_value(*value);
    }
    for frame in parts.frames {
        work += mark_closure_parts(gc, &frame.closure.upvalues, &frame.closure.proto);
    }
    for &(_, cell) in parts.open_upvalues {
        gc.mark_object(Kind::Upvalue, cell.0);
    }
    for &(_, function) in parts.native_calls {
        gc.mark_value(Value::Function(function));
    }
    for (handler, _) in parts.protections {
        if let Some(handler) = handler {
            gc.mark_value(*handler);
        }
    }
    mark_conts(gc, parts.conts);
    work
}

fn mark_conts<S: Storage>(gc: &mut Collector<S>, conts: &[Cont]) {
    for cont in conts {
        if let Cont::Protected {
            handler: Some(handler),
        } = cont
        {
            gc.mark_value(*handler);
        }
    }
}
