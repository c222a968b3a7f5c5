//! Checks of a decoded heap that span objects: threads (stacks, frames, continuations, open
//! upvalues) and the VM's fixed objects.
//!
//! The interpreter trusts a suspended coroutine's state the way it trusts its own: frames
//! index the stack, continuations name frames and slots. These checks accept exactly the
//! shapes a yield leaves (see `interpreter::coroutine`), so resuming a decoded coroutine
//! cannot index outside its stack or its code.

use crate::bytecode::Instruction;
use crate::heap::{CoStatus, Cont, Coroutine, Heap, ThreadState, UpvalueCell};
use crate::interpreter::GenericVm;
use crate::interpreter::stack::{Frame, MAX_STACK};
use crate::interpreter::vm::MetaNames;
use crate::storage::{CowStore, Storage};
use crate::value::{CoroutineRef, StringRef};

/// Largest stack a saved thread may have (the stack limit plus a message handler's room).
const MAX_SAVED_STACK: usize = MAX_STACK + 1_000;

/// Checks every coroutine's state, and that open upvalue cells and the threads holding them
/// agree.
pub(super) fn threads<S: Storage>(heap: &Heap<S>) -> Result<(), String> {
    for (id, _, co) in heap.coroutines.iter() {
        thread(id, co.get(), heap).map_err(|e| format!("coroutine {id}: {e}"))?;
    }
    for (id, _, cell) in heap.upvalues.iter() {
        if let UpvalueCell::Open { thread, slot } = *cell {
            let listed = heap.coroutine_by_id(thread).is_ok_and(|co| {
                co.state
                    .open_upvalues
                    .binary_search_by_key(&slot, |&(s, _)| s)
                    .is_ok_and(|i| co.state.open_upvalues[i].1.0 == id)
            });
            if !listed {
                return Err(format!("open upvalue {id} is not on its thread"));
            }
        }
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
