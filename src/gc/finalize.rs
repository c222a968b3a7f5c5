//! Finalizers (`__gc`): marking objects for finalization, separating the dead ones, calling
//! their finalizers.
//!
//! lua5.4's rules: `setmetatable` marks an object for finalization when the metatable has a
//! `__gc` field at that moment (adding `__gc` later does not); objects found dead are
//! resurrected for one more cycle and their finalizers run in the reverse order of their
//! marking, at safe points; an error in a finalizer becomes a warning; after its finalizer
//! ran, an object is an ordinary object again (a new `setmetatable` can mark it again).

use super::{Collector, Kind};
use crate::interpreter::{GenericVm, MultiValue, VmContext};
use crate::storage::{SeqStore, Storage};
use crate::value::{TableRef, Value};

/// The finalizable kind and id of `value`.
fn finalizable_id(value: Value) -> Option<(Kind, u32)> {
    match value {
        Value::Table(t) => Some((Kind::Table, t.0)),
        Value::HostData(d) => Some((Kind::HostData, d.0)),
        _ => None,
    }
}

impl<S: Storage> GenericVm<S> {
    /// lua5.4's `luaC_checkfinalizer`, after `setmetatable(object, metatable)`: marks the
    /// object for finalization when the metatable has a `__gc` field (read raw).
    pub(crate) fn check_finalizer(&mut self, object: Value, metatable: Option<TableRef>) {
        let Some((kind, id)) = finalizable_id(object) else {
            return;
        };
        let Some(metatable) = metatable else {
            return;
        };
        let has_gc = self
            .heap
            .table(metatable)
            .is_ok_and(|table| !table.get_string(self.names.gc).is_nil());
        let gc = &mut self.heap.gc;
        if has_gc && gc.finalizable_ids[kind as usize].insert(id) {
            gc.finalizable.push(object);
        }
    }

    /// Moves the objects marked for finalization that are not marked (all of them with
    /// `all`) to the pending list — newest first, after those already pending — and marks
    /// them: they live until their finalizers ran. The caller propagates the marks.
    pub(crate) fn separate_unreached(&mut self, all: bool) {
        let gc = &mut self.heap.gc;
        let (dead, kept): (Vec<Value>, Vec<Value>) = gc
            .finalizable
            .iter()
            .copied()
            .partition(|value| all || !gc.is_marked(*value));
        if dead.is_empty() {
            return;
        }
        gc.finalizable = S::Vector::from_vec(kept);
        for value in dead.into_iter().rev() {
            if let Some((kind, id)) = finalizable_id(value) {
                gc.finalizable_ids[kind as usize].remove(id);
            }
            gc.pending.push(value);
            gc.mark_value(value);
        }
    }
}

impl<S: Storage> Collector<S> {
    /// Takes the next object whose finalizer is due.
    fn next_pending(&mut self) -> Option<Value> {
        let value = self.pending.get(self.pending_head as usize).copied()?;
        self.pending_head += 1;
        if self.pending_head as usize >= self.pending.len() {
            self.pending = S::Vector::default();
            self.pending_head = 0;
        }
        Some(value)
    }

    /// Whether finalizers are due.
    pub(crate) fn has_pending(&self) -> bool {
        (self.pending_head as usize) < self.pending.len()
    }
}

impl<S: Storage> VmContext<'_, S> {
    /// Calls the next due finalizer (protected; an error becomes the warning `error in __gc
    /// (message)`); returns false when none is due.
    pub(crate) fn call_next_finalizer(&mut self) -> bool {
        let Some(object) = self.vm.heap.gc.next_pending() else {
            return false;
        };
        let metatable = match object {
            Value::Table(t) => self.vm.heap.table(t).ok().and_then(|t| t.metatable()),
            Value::HostData(d) => self.vm.heap.host_data(d).ok().and_then(|d| d.metatable),
            _ => None,
        };
        let handler = metatable
            .and_then(|mt| self.vm.heap.table(mt).ok())
            .map_or(Value::Nil, |mt| mt.get_string(self.vm.names.gc));
        if handler.is_nil() {
            return true;
        }
        // No collector steps and no hooks inside a finalizer, and it cannot yield (lua5.4).
        let in_hook = std::mem::replace(&mut self.vm.in_hook, true);
        self.vm.heap.gc.in_finalizer = true;
        self.vm.non_yieldable += 1;
        self.vm.protections.push((None, false));
        let result = self.call_value(handler, MultiValue::from_iter([object]));
        self.vm.protections.pop();
        self.vm.non_yieldable -= 1;
        self.vm.heap.gc.in_finalizer = false;
        self.vm.in_hook = in_hook;
        if let Err(error) = result {
            let message = match self.error_value(&error) {
                Value::String(s) => self
                    .vm
                    .heap
                    .string(s)
                    .map(|s| s.as_bytes().to_vec())
                    .unwrap_or_default(),
                _ => b"error object is not a string".to_vec(),
            };
            self.vm.output.warn(&[b"error in __gc (", &message, b")"]);
        }
        true
    }

    /// Calls every due finalizer.
    pub(crate) fn call_all_finalizers(&mut self) {
        while self.call_next_finalizer() {}
    }

    /// What `lua_close` does before freeing the state: calls the due finalizers, then the
    /// finalizers of every object still marked for finalization (newest first). The VM stays
    /// usable; call it once, when the game session or script ends.
    pub fn close(&mut self) {
        self.call_all_finalizers();
        self.vm.separate_unreached(true);
        self.call_all_finalizers();
    }
}
