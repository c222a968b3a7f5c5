//! Driving the collector: cycles, pacing by allocation, the memory limit, and the host's and
//! `collectgarbage`'s controls.

use super::{Gray, Phase};
use crate::errors::RuntimeError;
use crate::interpreter::{GenericVm, VmContext};
use crate::storage::{SeqStore, Storage};

/// Work units one finalizer call counts for (lua5.4's `GCFINALIZECOST`).
const FINALIZER_WORK: u64 = 50;
/// Bytes per work unit (lua5.4's `WORK2MEM`, the size of a value).
const BYTES_PER_WORK: u64 = 16;

/// The collector's figures, for the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GcStats {
    /// Bytes the heap holds (nominal object sizes).
    pub bytes: u64,
    /// Completed collection cycles.
    pub cycles: u64,
    /// Bytes of the collector's own state (mark bits and work lists).
    pub collector_bytes: u64,
}

/// An option of `collectgarbage` that changes or reads the collector.
#[derive(Clone, Copy, Debug)]
pub(crate) enum GcOption {
    Stop,
    Restart,
    Collect,
    Count,
    Step(i64),
    IsRunning,
    Incremental {
        pause: i64,
        step_multiplier: i64,
        step_size: i64,
    },
    Generational,
    SetPause(i64),
    SetStepMultiplier(i64),
}

/// What a [`GcOption`] answers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum GcAnswer {
    /// `collect`, `stop`, `restart`: 0.
    Zero,
    /// `count`: kilobytes.
    Kilobytes(f64),
    /// `step` (cycle finished), `isrunning`.
    Bool(bool),
    /// `incremental`/`generational`: the previous mode.
    Mode(&'static str),
    /// `setpause`/`setstepmul`: the previous value.
    Previous(i64),
    /// Called inside a finalizer: lua5.4 answers `fail`.
    Refused,
}

impl<S: Storage> GenericVm<S> {
    /// Starts a cycle: clears the marks and marks the roots.
    pub(crate) fn start_cycle(&mut self) {
        let gc = &mut self.heap.gc;
        for set in gc.marked.iter_mut().chain(gc.black.iter_mut()) {
            set.clear();
        }
        gc.gray = Default::default();
        gc.gray_again = Default::default();
        gc.weak_values = Default::default();
        gc.ephemerons = Default::default();
        gc.all_weak = Default::default();
        gc.partial = None;
        gc.phase = Phase::Propagate;
        self.mark_roots();
    }

    /// The indivisible end of marking (lua5.4's `atomic`).
    pub(crate) fn atomic(&mut self) -> u64 {
        self.heap.gc.phase = Phase::Atomic;
        self.mark_roots();
        let again: Vec<Gray> = self.heap.gc.gray_again.iter().copied().collect();
        self.heap.gc.gray_again = Default::default();
        for gray in again {
            self.heap.gc.gray.push(gray);
        }
        let mut work = self.propagate_all();
        self.converge_ephemerons();
        // Dead values leave weak tables before finalizers can resurrect them...
        self.clear_by_values();
        self.separate_unreached(false);
        work += self.propagate_all();
        self.converge_ephemerons();
        // ...dead keys only after (a resurrected key keeps its entry until the next cycle).
        self.clear_by_keys();
        self.clear_by_values();
        let gc = &mut self.heap.gc;
        gc.weak_values = Default::default();
        gc.ephemerons = Default::default();
        gc.all_weak = Default::default();
        gc.phase = Phase::Sweep { kind: 0, cursor: 0 };
        work + 1
    }

    /// Ends a cycle.
    fn end_cycle(&mut self) {
        let gc = &mut self.heap.gc;
        gc.phase = Phase::Pause;
        gc.estimate = gc.meter.bytes;
        gc.cycles += 1;
        for set in gc.marked.iter_mut().chain(gc.black.iter_mut()) {
            set.clear();
        }
    }

    /// Abandons a marking phase in progress (nothing was freed yet, so nothing is lost).
    fn abandon_marking(&mut self) {
        let gc = &mut self.heap.gc;
        if matches!(gc.phase, Phase::Propagate | Phase::Atomic) {
            gc.phase = Phase::Pause;
        }
    }

    /// Sets the byte count of the next interrupt: the next step (or cycle start), or the
    /// memory limit, whichever comes first — and never at or below the current count, so an
    /// interrupt needs a new allocation.
    pub(crate) fn update_trigger(&mut self) {
        let gc = &mut self.heap.gc;
        let settings = gc.settings;
        let step = if !settings.running {
            u64::MAX
        } else if gc.phase == Phase::Pause {
            (gc.estimate / 100).saturating_mul(u64::from(settings.pause))
        } else {
            gc.meter.bytes.saturating_add(1 << settings.step_size_log2)
        };
        let limit = gc.limit.map_or(u64::MAX, |limit| limit.saturating_add(1));
        gc.meter.trigger = step.min(limit).max(gc.meter.bytes.saturating_add(1));
        gc.step_trigger = step;
    }
}

impl<S: Storage> VmContext<'_, S> {
    /// One unit of progress (lua5.4's `singlestep`) within `budget`; returns the work done.
    fn single_step(&mut self, budget: u64) -> u64 {
        match self.vm.heap.gc.phase {
            Phase::Pause => {
                self.vm.start_cycle();
                1
            }
            Phase::Propagate
                if self.vm.heap.gc.gray.is_empty() && self.vm.heap.gc.partial.is_none() =>
            {
                self.vm.atomic()
            }
            Phase::Propagate => self.vm.propagate(budget),
            Phase::Atomic => self.vm.atomic(),
            Phase::Sweep { .. } => {
                let work = self.vm.sweep(budget);
                if self.vm.heap.gc.phase == Phase::Finalize && !self.vm.heap.gc.has_pending() {
                    self.vm.end_cycle();
                }
                work
            }
            Phase::Finalize => {
                if self.call_next_finalizer() {
                    FINALIZER_WORK
                } else {
                    self.vm.end_cycle();
                    1
                }
            }
        }
    }

    /// A step paced by the bytes allocated since the last one (lua5.4's `incstep`); returns
    /// whether it finished a cycle.
    fn paced_step(&mut self, extra_debt: u64) -> bool {
        let gc = &self.vm.heap.gc;
        let step_size = 1u64 << gc.settings.step_size_log2;
        let debt = gc
            .meter
            .bytes
            .saturating_sub(gc.step_base)
            .max(step_size)
            .saturating_add(extra_debt);
        let budget = (debt / BYTES_PER_WORK)
            .saturating_mul(u64::from(gc.settings.step_multiplier.max(1)))
            / 100;
        self.run_step(budget.max(1))
    }

    /// Runs steps worth `budget` work units, stopping at the end of a cycle; returns whether
    /// a cycle finished.
    fn run_step(&mut self, budget: u64) -> bool {
        let mut work = 0;
        let mut finished = false;
        while work < budget {
            let was_paused = self.vm.heap.gc.phase == Phase::Pause;
            work += self.single_step(budget - work);
            if !was_paused && self.vm.heap.gc.phase == Phase::Pause {
                finished = true;
                break;
            }
        }
        self.vm.heap.gc.step_base = self.vm.heap.gc.meter.bytes;
        self.vm.update_trigger();
        finished
    }

    /// A full collection (lua5.4's `luaC_fullgc`): finishes any cycle in progress, runs a
    /// complete one, and — unless `emergency` — calls every due finalizer.
    pub(crate) fn full_collection(&mut self, emergency: bool) {
        self.vm.abandon_marking();
        // Finish a sweep in progress, then collect from scratch.
        while matches!(self.vm.heap.gc.phase, Phase::Sweep { .. }) {
            self.vm.sweep(u64::MAX);
        }
        self.vm.start_cycle();
        while self.vm.heap.gc.phase == Phase::Propagate {
            self.vm.propagate_all();
            self.vm.atomic();
        }
        self.vm.sweep(u64::MAX);
        if !emergency {
            self.call_all_finalizers();
        }
        self.vm.end_cycle();
        self.vm.heap.gc.step_base = self.vm.heap.gc.meter.bytes;
        self.vm.update_trigger();
    }

    /// The interpreter's safe-point interrupt: enforces the memory limit (a full collection
    /// first, then `not enough memory`) and runs a collector step when one is due.
    pub(crate) fn collector_interrupt(&mut self) -> Result<(), RuntimeError> {
        let gc = &self.vm.heap.gc;
        if gc.in_finalizer {
            // No collection runs inside a finalizer, but the memory limit still holds.
            if gc.limit.is_some_and(|limit| gc.meter.bytes > limit) {
                return Err(RuntimeError::OutOfMemory);
            }
            return Ok(());
        }
        if let Some(limit) = gc.limit
            && gc.meter.bytes > limit
        {
            self.full_collection(true);
            if self.vm.heap.gc.meter.bytes > limit {
                return Err(RuntimeError::OutOfMemory);
            }
            return Ok(());
        }
        let gc = &self.vm.heap.gc;
        if gc.settings.running && gc.meter.bytes >= gc.step_trigger {
            self.paced_step(0);
        } else {
            self.vm.update_trigger();
        }
        Ok(())
    }

    /// For Rust loops that grow the heap without running Lua code: past the memory limit,
    /// a full collection, then `not enough memory` if still past it. Only safe where the
    /// caller holds no heap value outside the Lua-reachable roots.
    pub(crate) fn enforce_memory_limit(&mut self) -> Result<(), RuntimeError> {
        let gc = &self.vm.heap.gc;
        match gc.limit {
            Some(limit) if gc.meter.bytes > limit && gc.in_finalizer => {
                Err(RuntimeError::OutOfMemory)
            }
            Some(limit) if gc.meter.bytes > limit => {
                self.full_collection(true);
                if self.vm.heap.gc.meter.bytes > limit {
                    return Err(RuntimeError::OutOfMemory);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Runs a `collectgarbage` option.
    pub(crate) fn collector_option(&mut self, option: GcOption) -> GcAnswer {
        if self.vm.heap.gc.in_finalizer {
            return GcAnswer::Refused;
        }
        let answer = match option {
            GcOption::Stop => {
                self.vm.heap.gc.settings.running = false;
                GcAnswer::Zero
            }
            GcOption::Restart => {
                self.vm.heap.gc.settings.running = true;
                self.vm.heap.gc.step_base = self.vm.heap.gc.meter.bytes;
                GcAnswer::Zero
            }
            GcOption::Collect => {
                self.full_collection(false);
                GcAnswer::Zero
            }
            GcOption::Count => GcAnswer::Kilobytes(self.vm.heap.gc.meter.bytes as f64 / 1024.0),
            GcOption::Step(kilobytes) => {
                let running = self.vm.heap.gc.settings.running;
                self.vm.heap.gc.settings.running = true;
                // As lua5.4: `step` 0 clears the allocation debt and does one basic step (the
                // work of one automatic step); `step` n adds n KiB to the debt, backlog
                // included.
                let finished = if kilobytes <= 0 {
                    self.vm.heap.gc.step_base = self.vm.heap.gc.meter.bytes;
                    self.paced_step(0)
                } else {
                    self.paced_step((kilobytes as u64).saturating_mul(1024))
                };
                self.vm.heap.gc.settings.running = running;
                GcAnswer::Bool(finished)
            }
            GcOption::IsRunning => GcAnswer::Bool(self.vm.heap.gc.settings.running),
            GcOption::Incremental {
                pause,
                step_multiplier,
                step_size,
            } => {
                let settings = &mut self.vm.heap.gc.settings;
                let previous = if settings.generational {
                    "generational"
                } else {
                    "incremental"
                };
                settings.generational = false;
                if pause != 0 {
                    settings.pause = clamp_parameter(pause);
                }
                if step_multiplier != 0 {
                    settings.step_multiplier = clamp_parameter(step_multiplier);
                }
                if step_size != 0 {
                    settings.step_size_log2 = step_size.clamp(1, 40) as u32;
                }
                GcAnswer::Mode(previous)
            }
            GcOption::Generational => {
                let settings = &mut self.vm.heap.gc.settings;
                let previous = if settings.generational {
                    "generational"
                } else {
                    "incremental"
                };
                settings.generational = true;
                GcAnswer::Mode(previous)
            }
            GcOption::SetPause(value) => {
                let settings = &mut self.vm.heap.gc.settings;
                let previous = i64::from(settings.pause);
                settings.pause = clamp_parameter(value);
                GcAnswer::Previous(previous)
            }
            GcOption::SetStepMultiplier(value) => {
                let settings = &mut self.vm.heap.gc.settings;
                let previous = i64::from(settings.step_multiplier);
                settings.step_multiplier = clamp_parameter(value);
                GcAnswer::Previous(previous)
            }
        };
        self.vm.update_trigger();
        answer
    }

    /// Runs a full collection: frees every object Lua cannot reach (see [`VmContext`] on
    /// handles) and calls due finalizers.
    /// Does nothing inside a finalizer (as `collectgarbage` there).
    pub fn collect_garbage(&mut self) {
        self.collector_option(GcOption::Collect);
    }

    /// Runs one collector step of `kilobytes` of allocation debt (0: the smallest step);
    /// returns whether it finished a cycle.
    pub fn gc_step(&mut self, kilobytes: u32) -> bool {
        matches!(
            self.collector_option(GcOption::Step(i64::from(kilobytes))),
            GcAnswer::Bool(true)
        )
    }

    /// Bytes the VM's heap holds (nominal object sizes; what `collectgarbage("count")`
    /// reports in kilobytes).
    pub fn memory_used(&self) -> u64 {
        self.vm.heap.gc.meter.bytes
    }

    /// Limits the heap to `bytes` (`None`: no limit). Lua code that allocates past the limit
    /// gets a full collection, then the catchable error `not enough memory` if the heap is
    /// still over it.
    pub fn set_memory_limit(&mut self, bytes: Option<u64>) {
        self.vm.heap.gc.limit = bytes;
        self.vm.update_trigger();
    }

    /// The collector's figures.
    pub fn gc_stats(&self) -> GcStats {
        let gc = &self.vm.heap.gc;
        GcStats {
            bytes: gc.meter.bytes,
            cycles: gc.cycles,
            collector_bytes: gc.own_bytes() as u64,
        }
    }
}

/// A pause or step multiplier as lua5.4 stores it (`setgcparam`: a byte holding a quarter
/// of the value, truncated like C's conversions).
fn clamp_parameter(value: i64) -> u32 {
    u32::from(((value as i32) / 4) as u8) * 4
}
