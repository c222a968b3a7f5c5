//! Checks of a decoded heap that span objects: threads (stacks, frames, continuations, open
//! upvalues) and the VM's fixed objects.
//!
//! The interpreter trusts a suspended coroutine's state the way it trusts its own: frames
//! index the stack, continuations name frames and slots. These checks accept exactly the
//! shapes a yield leaves (see `interpreter::coroutine`), so resuming a decoded coroutine
//! cannot index outside its stack or its code.

use crate::bytecode::Instruction;
use crate::gc::sweep::SWEEP_ORDER;
use crate::gc::{KIND_ORDER, KINDS, Kind, Phase};
use crate::heap::{
    CoStatus, Cont, Coroutine, Function, Heap, LoadedProto, ThreadState, UpvalueCell,
};
use crate::interpreter::GenericVm;
use crate::interpreter::stack::{Frame, MAX_STACK};
use crate::interpreter::vm::MetaNames;
use crate::storage::{CowStore, Storage};
use crate::value::{CoroutineRef, StringRef, Value};

/// Largest stack a saved thread may have (the stack limit plus a message handler's room).
const MAX_SAVED_STACK: usize = MAX_STACK + 1_000;

/// Checks every coroutine's state (open upvalue cells reachable from elsewhere are checked
/// by [`Reachability`]: an unreachable one may outlive its swept coroutine).
pub(super) fn threads<S: Storage>(heap: &Heap<S>) -> Result<(), String> {
    for (id, _, co) in heap.coroutines.iter() {
        thread(id, co.get(), heap).map_err(|e| format!("coroutine {id}: {e}"))?;
    }
    Ok(())
}

fn thread<S: Storage>(id: u32, co: &Coroutine, heap: &Heap<S>) -> Result<(), String> {
    let state = &co.state;
    if state.stack.len() > MAX_SAVED_STACK {
        return Err("stack too large".to_owned());
    }
    let idle = state.stack.is_empty()
        && state.frames.is_empty()
        && state.open_upvalues.is_empty()
        && state.tbc.is_empty()
        && state.protections.is_empty()
        && state.conts.is_empty();
    match co.status {
        CoStatus::Suspended { started: false }
        | CoStatus::Main
        | CoStatus::Dead { error: None } => {
            if !idle {
                return Err("a thread that never ran, or ended, has a state".to_owned());
            }
        }
        CoStatus::Suspended { started: true } => {
            frames(state, false)?;
            continuations(state)?;
        }
        CoStatus::Dead { error: Some(_) } => {
            // Failed: its frames stay for inspection only (`coroutine.close` drops them).
            frames(state, true)?;
            if !state.conts.is_empty() || !state.protections.is_empty() {
                return Err("a failed thread has continuations".to_owned());
            }
        }
        CoStatus::Running | CoStatus::Normal => return Err("a running thread".to_owned()),
    }
    let len = state.stack.len();
    if !increasing_below(state.tbc.iter().copied(), len) {
        return Err("to-be-closed slots out of order or range".to_owned());
    }
    if !increasing_below(state.open_upvalues.iter().map(|&(slot, _)| slot), len) {
        return Err("open upvalues out of order or range".to_owned());
    }
    for &(slot, cell) in &state.open_upvalues {
        match heap.upvalues.get_by_id(cell.0) {
            Some((_, UpvalueCell::Open { thread, slot: s })) if *thread == id && *s == slot => {}
            _ => return Err("an open upvalue's cell does not point back".to_owned()),
        }
    }
    Ok(())
}

/// Whether `slots` increase strictly and stay below `len`.
fn increasing_below(mut slots: impl Iterator<Item = u32>, len: usize) -> bool {
    let mut previous: Option<u32> = None;
    slots.all(|slot| {
        let ok = (slot as usize) < len && previous.is_none_or(|p| p < slot);
        previous = Some(slot);
        ok
    })
}

fn frame_top(frame: &Frame) -> usize {
    frame.base as usize + usize::from(frame.closure.proto.proto.max_stack_size)
}

/// Each frame fits its prototype and the stack, and sits above the frame below it: in that
/// frame's registers when called from it, above its registers when called from Rust.
fn frames(state: &ThreadState, failed: bool) -> Result<(), String> {
    let len = state.stack.len();
    for (i, frame) in state.frames.iter().enumerate() {
        let proto = &frame.closure.proto.proto;
        let func = frame.func as usize;
        let varargs = frame.varargs as usize;
        let base = if varargs > 0 {
            if !proto.is_vararg {
                return Err("varargs in a fixed-arity frame".to_owned());
            }
            func + 1 + usize::from(proto.num_params) + varargs
        } else {
            func + 1
        };
        if frame.base as usize != base || base > len {
            return Err("frame base".to_owned());
        }
        if frame.pc == 0 || frame.pc as usize > proto.code.len() {
            return Err("frame pc".to_owned());
        }
        if !(-1..=254).contains(&frame.results) {
            return Err("frame result count".to_owned());
        }
        match i.checked_sub(1).map(|below| &state.frames[below]) {
            None if !frame.from_rust => return Err("bottom frame".to_owned()),
            None => {}
            Some(below) if frame.from_rust && func < frame_top(below) => {
                return Err("frame overlaps the frame below".to_owned());
            }
            Some(_) if frame.from_rust => {}
            Some(below) => {
                if func < below.base as usize || func >= frame_top(below) {
                    return Err("frame outside its caller's registers".to_owned());
                }
                if below.pc as usize >= below.closure.proto.proto.code.len() {
                    return Err("caller frame pc".to_owned());
                }
            }
        }
    }
    if !failed && state.frames.last().is_some_and(|top| frame_top(top) > len) {
        return Err("top frame beyond the stack".to_owned());
    }
    Ok(())
}

/// The continuations of a yield, innermost first: a call or metamethod of a segment's top
/// frame, then the Rust call that ran that segment of frames, and so on down to the body;
/// protections match the `pcall`s unwound.
fn continuations(state: &ThreadState) -> Result<(), String> {
    let frames = &state.frames;
    let mut top = frames.len();
    let mut waiting = false;
    let mut protected = 0usize;
    let bad = |what: &str| Err(format!("continuation: {what}"));
    for cont in &state.conts {
        match *cont {
            Cont::NativeCall { func, results } => {
                if waiting || top == 0 {
                    return bad("no frame to continue");
                }
                let frame = &frames[top - 1];
                let code = &frame.closure.proto.proto.code;
                let func = func as usize;
                if func < frame.base as usize || func >= frame_top(frame) {
                    return bad("call slot");
                }
                if !(-1..=254).contains(&results) || frame.pc as usize >= code.len() {
                    return bad("call");
                }
                waiting = true;
            }
            Cont::FinishOp { top: slot } => {
                if waiting || top == 0 {
                    return bad("no frame to continue");
                }
                let frame = &frames[top - 1];
                let code = &frame.closure.proto.proto.code;
                if let Some(slot) = slot
                    && ((slot as usize) < frame.base as usize || slot as usize > frame_top(frame))
                {
                    return bad("instruction top");
                }
                let pc = frame.pc as usize;
                if pc >= code.len() && !matches!(code.get(pc - 1), Some(Instruction::Return { .. }))
                {
                    return bad("instruction");
                }
                waiting = true;
            }
            Cont::LuaCall { entry, func } => {
                let entry = entry as usize;
                if !waiting || entry >= top {
                    return bad("Lua call without frames");
                }
                let frame = &frames[entry];
                if !frame.from_rust || frame.func != func {
                    return bad("Lua call frame");
                }
                if frames[entry + 1..top].iter().any(|f| f.from_rust) {
                    return bad("Lua call spans another call");
                }
                waiting = false;
                top = entry;
            }
            Cont::Protected { .. } | Cont::Adjust { .. } | Cont::PassResults => {
                if waiting {
                    return bad("out of order");
                }
                protected += usize::from(matches!(cont, Cont::Protected { .. }));
            }
        }
    }
    if waiting || top != 0 {
        return bad("frames left without a continuation");
    }
    if protected != state.protections.len() {
        return bad("protections");
    }
    Ok(())
}

/// The metamethod names a state lists, checked to be this VM's interned names (so `__index`
/// lookups find what scripts set).
pub(super) fn names<S: Storage>(
    fresh: &GenericVm<S>,
    heap: &Heap<S>,
    names: &[StringRef],
) -> Result<MetaNames, String> {
    let expected: Vec<StringRef> = fresh.names.all().collect();
    if names.len() != expected.len() {
        return Err("wrong number of metamethod names".to_owned());
    }
    for (&name, &fresh_name) in names.iter().zip(&expected) {
        let text = fresh
            .heap
            .string(fresh_name)
            .map_err(|e| e.to_string())?
            .as_bytes();
        if heap.strings.find(text) != Some(name) {
            return Err("a metamethod name is missing".to_owned());
        }
    }
    MetaNames::from_all(names).ok_or_else(|| "metamethod names".to_owned())
}

/// The main thread's object, if any, is the only coroutine with the main status.
pub(super) fn main_thread<S: Storage>(
    heap: &Heap<S>,
    main: Option<CoroutineRef>,
) -> Result<(), String> {
    if let Some(main) = main
        && !matches!(heap.coroutine(main).map(|co| co.status), Ok(CoStatus::Main))
    {
        return Err("the main thread object is missing".to_owned());
    }
    for (id, generation, co) in heap.coroutines.iter() {
        if co.get().status == CoStatus::Main && main != Some(CoroutineRef(id, generation)) {
            return Err("a second main thread".to_owned());
        }
    }
    Ok(())
}

/// Everything reachable from the roots: what a loaded VM can ever reach must be live, with
/// the generation its references carry (stale handles are legal only in unreachable objects,
/// which a sweep in progress has not freed yet).
pub(super) struct Reachability<'a, S: Storage> {
    heap: &'a Heap<S>,
    seen: [Vec<bool>; KINDS],
    work: Vec<(Kind, u32)>,
    /// Prototype trees whose constants were checked, by address (identity only).
    protos: std::collections::BTreeSet<usize>,
}

impl<'a, S: Storage> Reachability<'a, S> {
    pub(super) fn new(heap: &'a Heap<S>) -> Self {
        let counts = [
            heap.tables.slot_count(),
            heap.functions.slot_count(),
            heap.host_data.slot_count(),
            heap.upvalues.slot_count(),
            heap.coroutines.slot_count(),
            heap.strings.slot_count(),
        ];
        Self {
            heap,
            seen: counts.map(|n| vec![false; n as usize]),
            work: Vec::new(),
            protos: std::collections::BTreeSet::new(),
        }
    }

    /// A root value: must name a live object of its generation.
    pub(super) fn value(&mut self, value: Value) -> Result<(), String> {
        let heap = self.heap;
        let live = match value {
            Value::Table(t) => heap.tables.get(t.0, t.1).is_some(),
            Value::Function(f) => heap.functions.get(f.0, f.1).is_some(),
            Value::HostData(d) => heap.host_data.get(d.0, d.1).is_some(),
            Value::Coroutine(c) => heap.coroutines.get(c.0, c.1).is_some(),
            Value::String(s) => heap.strings.get(s).is_some(),
            Value::Nil | Value::Bool(_) | Value::Integer(_) | Value::Float(_) => true,
        };
        if !live {
            return Err(format!(
                "a reachable {} refers to a collected object",
                value.type_name()
            ));
        }
        match crate::gc::kind_of(value) {
            Some((kind, id)) => self.object(KIND_ORDER[kind], id),
            None => Ok(()),
        }
    }

    /// A root object named by id only (collector lists, upvalue cells): must be live.
    pub(super) fn object(&mut self, kind: Kind, id: u32) -> Result<(), String> {
        let live = match kind {
            Kind::Table => self.heap.tables.get_by_id(id).is_some(),
            Kind::Function => self.heap.functions.get_by_id(id).is_some(),
            Kind::HostData => self.heap.host_data.get_by_id(id).is_some(),
            Kind::Upvalue => self.heap.upvalues.get_by_id(id).is_some(),
            Kind::Coroutine => self.heap.coroutines.get_by_id(id).is_some(),
            Kind::String => self.heap.strings.get_by_id(id).is_some(),
        };
        if !live {
            return Err(format!("a reachable {kind:?} was collected"));
        }
        // A sweep in progress frees what is unmarked: what the VM can reach must be marked
        // wherever the sweep has yet to pass.
        let gc = &self.heap.gc;
        if let Phase::Sweep {
            kind: swept,
            cursor,
        } = gc.phase
        {
            let position = SWEEP_ORDER.iter().position(|&k| k == kind).unwrap_or(0);
            let ahead =
                position > usize::from(swept) || (position == usize::from(swept) && id >= cursor);
            if ahead && !gc.marked[kind as usize].contains(id) {
                return Err(format!("a reachable {kind:?} is unmarked during a sweep"));
            }
        }
        if let Some(seen) = self.seen[kind as usize].get_mut(id as usize)
            && !*seen
        {
            *seen = true;
            self.work.push((kind, id));
        }
        Ok(())
    }

    /// The string constants of a prototype tree (each tree once).
    fn constants(&mut self, root: &crate::shared::Shared<LoadedProto>) -> Result<(), String> {
        let address = crate::shared::Shared::as_ptr(root) as *const u8 as usize;
        if !self.protos.insert(address) {
            return Ok(());
        }
        let mut nodes = vec![crate::shared::Shared::clone(root)];
        while let Some(node) = nodes.pop() {
            for &constant in &node.constants {
                self.value(constant)?;
            }
            nodes.extend(node.children.iter().cloned());
        }
        Ok(())
    }

    /// Follows every reference from the roots given so far.
    pub(super) fn check(mut self) -> Result<(), String> {
        let heap = self.heap;
        while let Some((kind, id)) = self.work.pop() {
            match kind {
                Kind::Table => {
                    let Some((_, table)) = heap.tables.get_by_id(id) else {
                        continue;
                    };
                    let table = table.get();
                    if let Some(mt) = table.metatable() {
                        self.value(Value::Table(mt))?;
                    }
                    let mut result = Ok(());
                    table.for_each_entry(|key, value| {
                        if result.is_ok() {
                            result = self.value(key).and_then(|()| self.value(value));
                        }
                    });
                    result?;
                }
                Kind::Function => match heap.functions.get_by_id(id).map(|(_, f)| f) {
                    Some(Function::Native(native)) => {
                        for &value in &native.upvalues {
                            self.value(value)?;
                        }
                    }
                    Some(Function::Lua(closure)) => {
                        for cell in &closure.upvalues {
                            self.object(Kind::Upvalue, cell.0)?;
                        }
                        self.constants(&closure.proto)?;
                    }
                    None => {}
                },
                Kind::HostData => {
                    if let Some(mt) = heap.host_data.get_by_id(id).and_then(|(_, d)| d.metatable) {
                        self.value(Value::Table(mt))?;
                    }
                }
                Kind::Upvalue => match heap.upvalues.get_by_id(id).map(|(_, cell)| *cell) {
                    Some(UpvalueCell::Closed(value)) => self.value(value)?,
                    Some(UpvalueCell::Open { thread, slot }) => {
                        let listed = heap.coroutine_by_id(thread).is_ok_and(|co| {
                            co.state
                                .open_upvalues
                                .binary_search_by_key(&slot, |&(s, _)| s)
                                .is_ok_and(|i| co.state.open_upvalues[i].1.0 == id)
                        });
                        if !listed {
                            return Err(format!("open upvalue {id} is not on its thread"));
                        }
                        // The cell does not keep its thread alive (the thread's sweep closes
                        // it), only the value in its slot.
                        let value = heap
                            .coroutine_by_id(thread)
                            .ok()
                            .and_then(|co| co.state.stack.get(slot as usize).copied());
                        self.value(value.unwrap_or_default())?;
                    }
                    None => {}
                },
                Kind::Coroutine => {
                    let Some((_, co)) = heap.coroutines.get_by_id(id) else {
                        continue;
                    };
                    let co = co.get();
                    self.value(co.function)?;
                    if let CoStatus::Dead { error: Some(error) } = co.status {
                        self.value(error)?;
                    }
                    let state = &co.state;
                    for &value in &state.stack {
                        self.value(value)?;
                    }
                    for frame in &state.frames {
                        for cell in &frame.closure.upvalues {
                            self.object(Kind::Upvalue, cell.0)?;
                        }
                        self.constants(&frame.closure.proto)?;
                    }
                    for &(_, cell) in &state.open_upvalues {
                        self.object(Kind::Upvalue, cell.0)?;
                    }
                    for (handler, _) in &state.protections {
                        self.value(handler.unwrap_or_default())?;
                    }
                    for cont in &state.conts {
                        if let Cont::Protected {
                            handler: Some(handler),
                        } = cont
                        {
                            self.value(*handler)?;
                        }
                    }
                }
                Kind::String => {}
            }
        }
        Ok(())
    }
}
