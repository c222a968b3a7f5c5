//! The garbage collector: incremental mark and sweep over the persistent heap.
//!
//! - **Marks live outside the objects** ([`IdSet`]s owned by the [`Collector`], one per object
//!   kind), so marking only reads objects: a collection after a snapshot copies no object, only
//!   the collector's own bit arrays and the paths of the slots it frees.
//! - **Incremental, lua5.4's way.** A cycle marks the roots, then traverses gray objects a
//!   bounded amount of work per step while the program runs. A write into an object already
//!   traversed (a table, an upvalue cell, a coroutine, a userdata's metatable) puts it back in a
//!   "gray again" list: the heap's `*_mut` accessors are the write barrier. The atomic step
//!   re-marks the roots and every thread's stack, re-traverses the gray-again objects,
//!   resolves weak tables and ephemerons, and separates objects to finalize. Then the sweep
//!   frees unmarked slots in id order, a bounded number per step, and finalizers run a few
//!   per step at safe points of the interpreter.
//! - **Deterministic.** Steps are paced by the bytes the heap holds (nominal sizes that depend
//!   only on object contents, see [`Footprint`]), never by time or addresses; every list is
//!   walked in id or insertion order. Two VMs that ran the same operations collect at the same
//!   instructions, free the same slots and call finalizers in the same order. The collector's
//!   state is part of the VM: a clone taken mid-cycle continues exactly like its origin.
//! - **Safe points.** Steps run only between instructions (the interpreter's countdown
//!   interrupt), inside `collectgarbage`, and when the host asks. Rust code that holds heap
//!   values across a call into Lua keeps them reachable (on the Lua stack, in a native's
//!   upvalues, or with [`VmContext::keep_alive`](crate::interpreter::VmContext)).

mod data;
mod driver;
mod finalize;
mod id_set;
mod mark;
pub(crate) mod sweep;
mod weak;

pub(crate) use data::CollectorData;
pub use driver::GcStats;
pub(crate) use driver::{GcAnswer, GcOption};
pub(crate) use id_set::IdSet;

use crate::storage::{SeqStore, Storage};
use crate::value::Value;

/// Object kinds, indexing the collector's per-kind sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Table = 0,
    Function = 1,
    HostData = 2,
    Upvalue = 3,
    Coroutine = 4,
    String = 5,
}

/// Number of [`Kind`]s.
pub(crate) const KINDS: usize = 6;

/// The kinds by index (`KIND_ORDER[kind as usize] == kind`).
pub(crate) const KIND_ORDER: [Kind; KINDS] = [
    Kind::Table,
    Kind::Function,
    Kind::HostData,
    Kind::Upvalue,
    Kind::Coroutine,
    Kind::String,
];

/// A value standing for object `id` of kind index `kind` (for marking: only kind and id
/// matter).
pub(crate) fn value_of(kind: usize, id: u32) -> Value {
    use crate::value::{CoroutineRef, FunctionRef, HostDataRef, StringRef, TableRef};
    match kind {
        0 => Value::Table(TableRef(id, 0)),
        1 => Value::Function(FunctionRef(id, 0)),
        2 => Value::HostData(HostDataRef(id, 0)),
        4 => Value::Coroutine(CoroutineRef(id, 0)),
        5 => Value::String(StringRef(id, 0)),
        _ => Value::Nil,
    }
}

/// The kind index of a value's object, if it has identity.
pub(crate) fn kind_of(value: Value) -> Option<(usize, u32)> {
    match value {
        Value::Table(t) => Some((Kind::Table as usize, t.0)),
        Value::Function(f) => Some((Kind::Function as usize, f.0)),
        Value::HostData(d) => Some((Kind::HostData as usize, d.0)),
        Value::Coroutine(c) => Some((Kind::Coroutine as usize, c.0)),
        Value::String(s) => Some((Kind::String as usize, s.0)),
        Value::Nil | Value::Bool(_) | Value::Integer(_) | Value::Float(_) => None,
    }
}

/// An object waiting to be traversed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Gray {
    pub(crate) kind: Kind,
    pub(crate) id: u32,
}

/// Where the collector is in its cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Between cycles.
    Pause,
    /// Traversing gray objects while the program runs (the write barrier is on).
    Propagate,
    /// The indivisible end of marking (weak tables are being cleared).
    Atomic,
    /// Freeing unmarked slots of kind `kind` from id `cursor` on.
    Sweep { kind: u8, cursor: u32 },
    /// Calling the finalizers of the objects found dead in the cycle.
    Finalize,
}

/// The collector's parameters, as `collectgarbage` sets them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    /// Whether automatic steps run (`collectgarbage("stop")` / `"restart"`).
    pub(crate) running: bool,
    /// A new cycle starts when the heap reaches this percentage of its size after the last
    /// one (lua5.4's default: 200).
    pub(crate) pause: u32,
    /// Work per allocated byte, in percent (lua5.4's default: 100).
    pub(crate) step_multiplier: u32,
    /// Log2 of the bytes allocated between steps (lua5.4's default: 13, 8 KiB).
    pub(crate) step_size_log2: u32,
    /// The mode `collectgarbage` reports. Red Moon always collects incrementally; the
    /// generational mode is accepted and remembered, as the issue allows.
    pub(crate) generational: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            running: true,
            pause: 200,
            step_multiplier: 100,
            step_size_log2: 13,
            // lua5.4's stand-alone interpreter switches to generational mode at start-up;
            // `collectgarbage` reports the same.
            generational: true,
        }
    }
}

/// The heap's byte count and the interrupt that asks the interpreter for a collector step.
///
/// The interpreter decrements `countdown` once per instruction and calls its slow path when
/// it reaches 1 (count hooks share the countdown). When an allocation brings `bytes` to
/// `trigger`, the meter saves the countdown in `resume` and sets it to 1, so the next
/// instruction boundary — a safe point — runs the step and then restores the countdown.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Meter {
    /// Bytes the heap holds (nominal sizes).
    pub(crate) bytes: u64,
    /// Interrupt when `bytes` reaches this.
    pub(crate) trigger: u64,
    /// Instructions until the interpreter's slow path.
    pub(crate) countdown: u32,
    /// The countdown to restore after a collector interrupt.
    pub(crate) resume: u32,
    /// A collector interrupt is pending.
    pub(crate) pending: bool,
}

impl Default for Meter {
    fn default() -> Self {
        Self {
            bytes: 0,
            // The first allocation asks for the first step (lua5.4 also starts collecting
            // right away).
            trigger: 0,
            countdown: u32::MAX,
            resume: u32::MAX,
            pending: false,
        }
    }
}

impl Meter {
    /// Counts `bytes` more held by the heap.
    #[inline]
    pub(crate) fn allocate(&mut self, bytes: u64) {
        self.bytes = self.bytes.wrapping_add(bytes);
        if self.bytes >= self.trigger {
            self.request();
        }
    }

    /// Counts `bytes` fewer held by the heap.
    #[inline]
    pub(crate) fn release(&mut self, bytes: u64) {
        self.bytes = self.bytes.wrapping_sub(bytes);
    }

    /// Asks for a collector interrupt at the next instruction.
    pub(crate) fn request(&mut self) {
        if !self.pending {
            self.pending = true;
            self.resume = self.countdown;
            self.countdown = 1;
        }
    }

    /// Sets the instruction countdown (a count hook's period), keeping a pending interrupt.
    pub(crate) fn set_countdown(&mut self, countdown: u32) {
        if self.pending {
            self.resume = countdown;
        } else {
            self.countdown = countdown;
        }
    }

    /// Takes a pending interrupt: restores the saved countdown; returns whether there was one.
    #[inline]
    pub(crate) fn take_interrupt(&mut self) -> bool {
        if self.pending {
            self.pending = false;
            self.countdown = self.resume;
            true
        } else {
            false
        }
    }
}

/// Nominal sizes, in bytes, behind memory accounting (close to lua5.4's 64-bit object
/// sizes; fixed numbers, so accounting is the same on every machine).
pub(crate) mod sizes {
    /// A table header.
    pub(crate) const TABLE: u64 = 56;
    /// One array slot or hash entry of a table.
    pub(crate) const TABLE_SLOT: u64 = 24;
    /// A string header (plus its bytes).
    pub(crate) const STRING: u64 = 40;
    /// A closure header (plus 8 per upvalue and its prototype tree when it is a chunk).
    pub(crate) const CLOSURE: u64 = 40;
    /// A Rust function header (plus 16 per upvalue).
    pub(crate) const NATIVE: u64 = 40;
    /// An upvalue cell.
    pub(crate) const UPVALUE: u64 = 40;
    /// A coroutine header (plus 16 per stack slot and 64 per frame).
    pub(crate) const COROUTINE: u64 = 200;
    /// A userdata header.
    pub(crate) const HOST_DATA: u64 = 40;
}

/// Objects whose size the heap accounts for.
pub(crate) trait Footprint {
    /// The bytes the object counts for: a function of its contents only.
    fn footprint(&self) -> u64;
}

/// The collector's state: part of the VM, cloned with it (O(1): persistent vectors and
/// copy-on-write bit arrays).
#[derive(Clone)]
pub(crate) struct Collector<S: Storage> {
    pub(crate) phase: Phase,
    /// Marked objects of each kind (reachable in this cycle).
    pub(crate) marked: [IdSet; KINDS],
    /// Traversed objects of the mutable kinds (a write puts them back in `gray_again`).
    pub(crate) black: [IdSet; KINDS],
    /// Marked objects not traversed yet.
    pub(crate) gray: S::Vector<Gray>,
    /// Traversed objects written since; traversed again by the atomic step.
    pub(crate) gray_again: S::Vector<Gray>,
    /// Weak-value tables met while marking.
    pub(crate) weak_values: S::Vector<u32>,
    /// Weak-key tables (ephemerons) met while marking.
    pub(crate) ephemerons: S::Vector<u32>,
    /// Tables with weak keys and values met while marking.
    pub(crate) all_weak: S::Vector<u32>,
    /// Objects marked for finalization, in the order they were marked.
    pub(crate) finalizable: S::Vector<Value>,
    /// The ids in `finalizable`, per kind (tables and userdata).
    pub(crate) finalizable_ids: [IdSet; KINDS],
    /// Objects found dead whose finalizers have not run yet, in call order from
    /// `pending_head`.
    pub(crate) pending: S::Vector<Value>,
    pub(crate) pending_head: u32,
    /// The heap's byte count and the step interrupt.
    pub(crate) meter: Meter,
    /// Bytes held right after the last cycle (the base of the pause).
    pub(crate) estimate: u64,
    /// Byte count at which the next step (or cycle) is due.
    pub(crate) step_trigger: u64,
    /// Byte count at the end of the last step (a step's work pays for the bytes since).
    pub(crate) step_base: u64,
    pub(crate) settings: Settings,
    /// The host's memory limit in bytes.
    pub(crate) limit: Option<u64>,
    /// While the atomic step converges ephemerons: the values of ephemeron entries whose keys
    /// are not marked yet, by key (`None` otherwise; always `None` between steps).
    pub(crate) ephemeron_pending: Option<std::collections::BTreeMap<(u8, u32), Vec<Value>>>,
    /// Values released by keys marked during the convergence, to be marked.
    pub(crate) released: Vec<Value>,
    /// A strong table whose traversal a step's budget interrupted, and where to continue.
    pub(crate) partial: Option<(u32, crate::table::Cursor)>,
    /// A finalizer is running (no collector steps inside it, as in lua5.4).
    pub(crate) in_finalizer: bool,
    /// Completed cycles (statistics).
    pub(crate) cycles: u64,
}

impl<S: Storage> Default for Collector<S> {
    fn default() -> Self {
        Self {
            phase: Phase::Pause,
            marked: Default::default(),
            black: Default::default(),
            gray: Default::default(),
            gray_again: Default::default(),
            weak_values: Default::default(),
            ephemerons: Default::default(),
            all_weak: Default::default(),
            finalizable: Default::default(),
            finalizable_ids: Default::default(),
            pending: Default::default(),
            pending_head: 0,
            meter: Meter::default(),
            estimate: 0,
            step_trigger: 0,
            step_base: 0,
            settings: Settings::default(),
            limit: None,
            in_finalizer: false,
            ephemeron_pending: None,
            released: Vec::new(),
            partial: None,
            cycles: 0,
        }
    }
}

impl<S: Storage> Collector<S> {
    /// The write barrier: `id` of `kind` is about to change. An object already traversed in
    /// the running marking phase is traversed again by the atomic step.
    #[inline]
    pub(crate) fn barrier(&mut self, kind: Kind, id: u32) {
        if self.phase == Phase::Propagate && self.black[kind as usize].remove(id) {
            self.gray_again.push(Gray { kind, id });
        }
    }

    /// A new object of `kind` took slot `id`: it survives a sweep in progress (objects
    /// created while marking are found reachable, or not, by the atomic step).
    #[inline]
    pub(crate) fn allocated(&mut self, kind: Kind, id: u32, bytes: u64) {
        if let Phase::Sweep { .. } = self.phase {
            self.marked[kind as usize].insert(id);
        }
        self.meter.allocate(bytes);
    }

    /// Marks `value`; objects with references go on the gray list.
    #[inline]
    pub(crate) fn mark_value(&mut self, value: Value) {
        match value {
            Value::String(s) => {
                self.marked[Kind::String as usize].insert(s.0);
            }
            Value::Table(t) => self.mark_object(Kind::Table, t.0),
            Value::Function(f) => self.mark_object(Kind::Function, f.0),
            Value::Coroutine(c) => self.mark_object(Kind::Coroutine, c.0),
            Value::HostData(d) => self.mark_object(Kind::HostData, d.0),
            Value::Nil | Value::Bool(_) | Value::Integer(_) | Value::Float(_) => {}
        }
    }

    /// Marks an object and queues it for traversal.
    #[inline]
    pub(crate) fn mark_object(&mut self, kind: Kind, id: u32) {
        if self.marked[kind as usize].insert(id) {
            self.gray.push(Gray { kind, id });
            // While ephemerons converge, a newly marked key releases its values.
            if let Some(pending) = &mut self.ephemeron_pending
                && let Some(values) = pending.remove(&(kind as u8, id))
            {
                self.released.extend(values);
            }
        }
    }

    /// Marks the values released by keys marked while ephemerons converge.
    pub(crate) fn mark_released(&mut self) {
        while let Some(value) = self.released.pop() {
            self.mark_value(value);
        }
    }

    /// Whether `value` is marked (values without identity always are).
    pub(crate) fn is_marked(&self, value: Value) -> bool {
        match value {
            Value::String(s) => self.marked[Kind::String as usize].contains(s.0),
            Value::Table(t) => self.marked[Kind::Table as usize].contains(t.0),
            Value::Function(f) => self.marked[Kind::Function as usize].contains(f.0),
            Value::Coroutine(c) => self.marked[Kind::Coroutine as usize].contains(c.0),
            Value::HostData(d) => self.marked[Kind::HostData as usize].contains(d.0),
            Value::Nil | Value::Bool(_) | Value::Integer(_) | Value::Float(_) => true,
        }
    }

    /// Bytes of the collector's own state (bit arrays and lists), for measurements.
    pub(crate) fn own_bytes(&self) -> usize {
        let sets: usize = self
            .marked
            .iter()
            .chain(&self.black)
            .chain(&self.finalizable_ids)
            .map(IdSet::heap_bytes)
            .sum();
        sets + (self.gray.len() + self.gray_again.len()) * std::mem::size_of::<Gray>()
            + (self.weak_values.len() + self.ephemerons.len() + self.all_weak.len()) * 4
            + (self.finalizable.len() + self.pending.len()) * std::mem::size_of::<Value>()
    }
}

#[cfg(test)]
mod tests;
