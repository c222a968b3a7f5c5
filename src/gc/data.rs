//! The collector's state in serializable form, so a VM saved mid-cycle continues exactly like
//! its origin (issue 7). The host's memory limit and what the host holds (`host_pins`) are
//! the host's, not written (a host that had set a limit sets it again after loading).

use super::{Collector, Gray, IdSet, KIND_ORDER, KINDS, Kind, Meter, Phase, Settings};
use crate::storage::{SeqStore, Storage};
use crate::table::{Cursor, Key};
use crate::value::Value;
use serde::{Deserialize, Serialize};

/// [`Collector`] as plain data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct CollectorData {
    /// 0 pause, 1 propagate, 2 atomic (never between steps), 3 sweep, 4 finalize.
    phase: u8,
    sweep_kind: u8,
    sweep_cursor: u32,
    /// Per kind, the ids in each set, ascending.
    marked: Vec<Vec<u32>>,
    black: Vec<Vec<u32>>,
    finalizable_ids: Vec<Vec<u32>>,
    /// `[kind, id]` pairs, bottom of the stack first.
    gray: Vec<(u8, u32)>,
    gray_again: Vec<(u8, u32)>,
    weak_values: Vec<u32>,
    ephemerons: Vec<u32>,
    all_weak: Vec<u32>,
    finalizable: Vec<Value>,
    /// Objects whose finalizers are due, in call order.
    pending: Vec<Value>,
    /// A strong table traversed in part: its id, then the array index or the last hash key.
    partial: Option<(u32, Option<u64>, Option<Value>)>,
    bytes: u64,
    trigger: u64,
    countdown: u32,
    resume: u32,
    interrupt: bool,
    estimate: u64,
    step_trigger: u64,
    step_base: u64,
    running: bool,
    pause: u32,
    step_multiplier: u32,
    step_size_log2: u32,
    generational: bool,
    cycles: u64,
}

/// Why saved collector state was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CollectorDataError {
    #[error("collector state: {0}")]
    Invalid(&'static str),
}

fn invalid(what: &'static str) -> CollectorDataError {
    CollectorDataError::Invalid(what)
}

fn kind_from(index: u8) -> Option<Kind> {
    KIND_ORDER.get(usize::from(index)).copied()
}

fn set_to_data(set: &IdSet) -> Vec<u32> {
    set.iter().collect()
}

impl CollectorData {
    /// The Lua values the state holds (objects to finalize, a partial traversal's key), for
    /// the loader's range checks.
    pub(crate) fn values(&self) -> Vec<Value> {
        let key = self.partial.as_ref().and_then(|(_, _, key)| *key);
        self.finalizable
            .iter()
            .chain(&self.pending)
            .copied()
            .chain(key)
            .collect()
    }
}

impl<S: Storage> Collector<S> {
    /// The state as plain data.
    pub(crate) fn to_data(&self) -> CollectorData {
        let (phase, sweep_kind, sweep_cursor) = match self.phase {
            Phase::Pause => (0, 0, 0),
            Phase::Propagate => (1, 0, 0),
            Phase::Atomic => (2, 0, 0),
            Phase::Sweep { kind, cursor } => (3, kind, cursor),
            Phase::Finalize => (4, 0, 0),
        };
        let grays = |list: &S::Vector<Gray>| -> Vec<(u8, u32)> {
            list.iter().map(|g| (g.kind as u8, g.id)).collect()
        };
        let partial = self.partial.map(|(id, cursor)| match cursor {
            Cursor::Array(index) => (id, Some(index as u64), None),
            Cursor::Hash(key) => (id, None, key.map(Key::to_value)),
        });
        let Meter {
            bytes,
            trigger,
            countdown,
            resume,
            pending: interrupt,
        } = self.meter;
        CollectorData {
            phase,
            sweep_kind,
            sweep_cursor,
            marked: self.marked.iter().map(set_to_data).collect(),
            black: self.black.iter().map(set_to_data).collect(),
            finalizable_ids: self.finalizable_ids.iter().map(set_to_data).collect(),
            gray: grays(&self.gray),
            gray_again: grays(&self.gray_again),
            weak_values: self.weak_values.iter().copied().collect(),
            ephemerons: self.ephemerons.iter().copied().collect(),
            all_weak: self.all_weak.iter().copied().collect(),
            finalizable: self.finalizable.iter().copied().collect(),
            pending: self
                .pending
                .iter()
                .skip(self.pending_head as usize)
                .copied()
                .collect(),
            partial,
            bytes,
            trigger,
            countdown,
            resume,
            interrupt,
            estimate: self.estimate,
            step_trigger: self.step_trigger,
            step_base: self.step_base,
            running: self.settings.running,
            pause: self.settings.pause,
            step_multiplier: self.settings.step_multiplier,
            step_size_log2: self.settings.step_size_log2,
            generational: self.settings.generational,
            cycles: self.cycles,
        }
    }

    /// Rebuilds the state. `slot_counts[kind]` bounds the ids of each kind (the decoded
    /// heap's store sizes); whether the values name live objects is the heap validator's job.
    pub(crate) fn from_data(
        data: CollectorData,
        slot_counts: [u32; KINDS],
    ) -> Result<Self, CollectorDataError> {
        let phase = match data.phase {
            0 => Phase::Pause,
            1 => Phase::Propagate,
            3 if usize::from(data.sweep_kind) <= KINDS => Phase::Sweep {
                kind: data.sweep_kind,
                cursor: data.sweep_cursor,
            },
            4 => Phase::Finalize,
            _ => return Err(invalid("phase")),
        };
        let in_range = |kind: Kind, id: u32| id < slot_counts[kind as usize];
        let sets = |lists: Vec<Vec<u32>>| -> Result<[IdSet; KINDS], CollectorDataError> {
            if lists.len() != KINDS {
                return Err(invalid("set count"));
            }
            let mut sets: [IdSet; KINDS] = Default::default();
            for ((set, ids), kind) in sets.iter_mut().zip(lists).zip(KIND_ORDER) {
                for id in ids {
                    if !in_range(kind, id) {
                        return Err(invalid("id out of range"));
                    }
                    set.insert(id);
                }
            }
            Ok(sets)
        };
        let grays = |list: Vec<(u8, u32)>| -> Result<S::Vector<Gray>, CollectorDataError> {
            let mut out = Vec::with_capacity(list.len());
            for (kind, id) in list {
                let kind = kind_from(kind).ok_or(invalid("gray kind"))?;
                if !in_range(kind, id) {
                    return Err(invalid("gray id out of range"));
                }
                out.push(Gray { kind, id });
            }
            Ok(S::Vector::from_vec(out))
        };
        let tables = |ids: Vec<u32>| -> Result<S::Vector<u32>, CollectorDataError> {
            if ids.iter().any(|&id| !in_range(Kind::Table, id)) {
                return Err(invalid("weak table id out of range"));
            }
            Ok(S::Vector::from_vec(ids))
        };
        let partial = match data.partial {
            None => None,
            Some((id, array, key)) => {
                if !in_range(Kind::Table, id) {
                    return Err(invalid("partial table out of range"));
                }
                let cursor = match (array, key) {
                    (Some(index), None) => {
                        Cursor::Array(usize::try_from(index).map_err(|_| invalid("partial index"))?)
                    }
                    (None, None) => Cursor::Hash(None),
                    (None, Some(key)) => {
                        Cursor::Hash(Some(Key::for_read(key).ok_or(invalid("partial key"))?))
                    }
                    (Some(_), Some(_)) => return Err(invalid("partial cursor")),
                };
                Some((id, cursor))
            }
        };
        if data.step_size_log2 > 40 || data.countdown == 0 || data.resume == 0 {
            return Err(invalid("settings"));
        }
        Ok(Self {
            phase,
            marked: sets(data.marked)?,
            black: sets(data.black)?,
            gray: grays(data.gray)?,
            gray_again: grays(data.gray_again)?,
            weak_values: tables(data.weak_values)?,
            ephemerons: tables(data.ephemerons)?,
            all_weak: tables(data.all_weak)?,
            finalizable: S::Vector::from_vec(data.finalizable),
            finalizable_ids: sets(data.finalizable_ids)?,
            pending: S::Vector::from_vec(data.pending),
            pending_head: 0,
            meter: Meter {
                bytes: data.bytes,
                trigger: data.trigger,
                countdown: data.countdown,
                resume: data.resume,
                pending: data.interrupt,
            },
            estimate: data.estimate,
            step_trigger: data.step_trigger,
            step_base: data.step_base,
            settings: Settings {
                running: data.running,
                pause: data.pause,
                step_multiplier: data.step_multiplier,
                step_size_log2: data.step_size_log2,
                generational: data.generational,
            },
            limit: None,
            in_finalizer: false,
            ephemeron_pending: None,
            released: Vec::new(),
            partial,
            cycles: data.cycles,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::interpreter::Vm;

    /// The collector's state taken at many points of a running program (mid-cycle included)
    /// survives a CBOR round trip exactly.
    #[test]
    fn collector_state_round_trips_mid_cycle() {
        let mut vm = Vm::default();
        let ctx = &mut vm.context();
        ctx.open_standard_libraries();
        let step = ctx
            .load(
                "keep = keep or {} local w = setmetatable({}, {__mode = 'k'}) \
                 for i = 1, 300 do local t = setmetatable({i}, {__gc = function() end}) \
                 if i % 7 == 0 then keep[#keep + 1] = t end w[t] = {t} end \
                 big = big or {} for i = 1, 2000 do big[i] = {i} end",
                "=churn",
            )
            .unwrap();
        let mut phases = std::collections::BTreeSet::new();
        for _ in 0..40 {
            step.call::<_, ()>((), ctx).unwrap();
            ctx.gc_step(0);
            let gc = &ctx.vm.heap.gc;
            phases.insert(
                format!("{:?}", gc.phase)
                    .chars()
                    .take(5)
                    .collect::<String>(),
            );
            let data = gc.to_data();
            let mut bytes = Vec::new();
            ciborium::into_writer(&data, &mut bytes).unwrap();
            let decoded: super::CollectorData = ciborium::from_reader(&bytes[..]).unwrap();
            assert_eq!(decoded, data);
            let heap = &ctx.vm.heap;
            let counts = [
                heap.tables.slot_count(),
                heap.functions.slot_count(),
                heap.host_data.slot_count(),
                heap.upvalues.slot_count(),
                heap.coroutines.slot_count(),
                heap.strings.slot_count(),
            ];
            let rebuilt =
                super::Collector::<crate::storage::PersistentStorage>::from_data(decoded, counts)
                    .unwrap();
            assert_eq!(rebuilt.to_data(), data);
            // Ids past the stores are refused.
            let mut shrunk = counts;
            shrunk[0] = 0;
            if !data.marked[0].is_empty() {
                assert!(
                    super::Collector::<crate::storage::PersistentStorage>::from_data(
                        data.clone(),
                        shrunk
                    )
                    .is_err()
                );
            }
        }
        assert!(phases.len() >= 3, "states seen: {phases:?}");
    }
}
