//! Sweeping: freeing the slots the marking left unmarked, in a fixed kind and id order.

use super::{Footprint, Kind, Phase, sizes};
use crate::heap::UpvalueCell;
use crate::interpreter::GenericVm;
use crate::storage::{CowStore, Storage};

/// The order kinds are swept in. Coroutines come first: freeing one closes its open
/// upvalue cells that are still alive, which needs the cells not swept yet.
pub(crate) const SWEEP_ORDER: [Kind; 6] = [
    Kind::Coroutine,
    Kind::Table,
    Kind::Function,
    Kind::HostData,
    Kind::Upvalue,
    Kind::String,
];

impl<S: Storage> GenericVm<S> {
    /// Sweeps up to `budget` slots; returns the work done (one unit per slot). Leaves the
    /// `Sweep` phase when every kind is swept.
    pub(crate) fn sweep(&mut self, budget: u64) -> u64 {
        let mut work = 0;
        while work < budget {
            let Phase::Sweep { kind, cursor } = self.heap.gc.phase else {
                break;
            };
            let Some(&current) = SWEEP_ORDER.get(usize::from(kind)) else {
                self.heap.gc.phase = Phase::Finalize;
                break;
            };
            let end = self.slot_count(current);
            if cursor >= end {
                self.heap.gc.phase = Phase::Sweep {
                    kind: kind + 1,
                    cursor: 0,
                };
                work += 1;
                continue;
            }
            let stop =
                end.min(cursor.saturating_add(u32::try_from(budget - work).unwrap_or(u32::MAX)));
            for id in cursor..stop {
                self.free_if_unmarked(current, id);
            }
            work += u64::from(stop - cursor);
            self.heap.gc.phase = Phase::Sweep { kind, cursor: stop };
        }
        work
    }

    fn slot_count(&self, kind: Kind) -> u32 {
        let heap = &self.heap;
        match kind {
            Kind::Table => heap.tables.slot_count(),
            Kind::Function => heap.functions.slot_count(),
            Kind::HostData => heap.host_data.slot_count(),
            Kind::Upvalue => heap.upvalues.slot_count(),
            Kind::Coroutine => heap.coroutines.slot_count(),
            Kind::String => heap.strings.slot_count(),
        }
    }

    fn free_if_unmarked(&mut self, kind: Kind, id: u32) {
        let heap = &mut self.heap;
        if heap.gc.marked[kind as usize].contains(id) {
            return;
        }
        let freed = match kind {
            Kind::Table => heap.tables.remove(id).map(|t| t.get().footprint()),
            Kind::Function => heap.functions.remove(id).map(|f| f.footprint()),
            Kind::HostData => heap.host_data.remove(id).map(|_| sizes::HOST_DATA),
            Kind::Upvalue => heap.upvalues.remove(id).map(|_| sizes::UPVALUE),
            Kind::String => heap.strings.remove(id).map(|s| s.footprint()),
            Kind::Coroutine => heap.coroutines.remove(id).map(|co| {
                let co = co.get();
                // Cells still in use outlive the coroutine: they take their values.
                for &(slot, cell) in &co.state.open_upvalues {
                    if heap.gc.marked[Kind::Upvalue as usize].contains(cell.0)
                        && let Some(value) = co.state.stack.get(slot as usize)
                        && let Some(cell) = heap.upvalues.get_mut_by_id(cell.0)
                    {
                        *cell = UpvalueCell::Closed(*value);
                    }
                }
                co.footprint()
            }),
        };
        if let Some(bytes) = freed {
            heap.gc.meter.release(bytes);
        }
    }
}
