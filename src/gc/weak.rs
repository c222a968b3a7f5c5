//! Weak tables: `__mode`, ephemeron convergence and the clearing of dead entries.
//!
//! As in lua5.4, a table is weak when its metatable's `__mode` string contains `k` (weak
//! keys: an ephemeron table, whose values are reachable only through marked keys), `v` (weak
//! values) or both. Strings are values, not objects, for weak tables: they are marked when
//! met and never cleared.

use super::Collector;
use super::mark::traverse_ephemeron;
use crate::heap::LuaStr;
use crate::heap::slots::SlotStore;
use crate::interpreter::GenericVm;
use crate::storage::{CowStore, SeqStore, Storage};
use crate::table::{Key, Table};
use crate::value::{StringRef, Value};

/// How a table holds its entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WeakMode {
    Strong,
    Keys,
    Values,
    Both,
}

/// The mode `table`'s metatable gives it (`__mode` read raw, as lua5.4 does).
pub(crate) fn weak_mode<S: Storage>(
    table: &Table<S>,
    tables: &SlotStore<S, S::Cow<Table<S>>>,
    strings: &crate::heap::StringStore<S>,
    mode_name: StringRef,
) -> WeakMode {
    let Some(metatable) = table.metatable() else {
        return WeakMode::Strong;
    };
    let Some(metatable) = tables.get(metatable.0, metatable.1).map(CowStore::get) else {
        return WeakMode::Strong;
    };
    let Value::String(mode) = metatable.get_string(mode_name) else {
        return WeakMode::Strong;
    };
    let Some(mode) = strings.get(mode).map(LuaStr::as_bytes) else {
        return WeakMode::Strong;
    };
    match (mode.contains(&b'k'), mode.contains(&b'v')) {
        (false, false) => WeakMode::Strong,
        (true, false) => WeakMode::Keys,
        (false, true) => WeakMode::Values,
        (true, true) => WeakMode::Both,
    }
}

/// Whether a weak entry's `value` (key or value) is dead: an unmarked object. Strings are
/// marked on the way (they are values for weak tables).
fn is_cleared<S: Storage>(gc: &mut Collector<S>, value: Value) -> bool {
    if let Value::String(_) = value {
        gc.mark_value(value);
        return false;
    }
    !gc.is_marked(value)
}

impl<S: Storage> GenericVm<S> {
    /// Marks ephemeron values whose keys became marked, until nothing changes.
    ///
    /// Linear in the entries: one pass records each entry whose key is not marked under that
    /// key, and marking a key later (however deep in a chain) releases its values at once —
    /// no repeated passes, so no key order makes it quadratic.
    pub(crate) fn converge_ephemerons(&mut self) {
        self.heap.gc.ephemeron_pending = Some(Default::default());
        let mut ids: Vec<u32> = self.heap.gc.ephemerons.iter().copied().collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let crate::heap::Heap { tables, gc, .. } = &mut self.heap;
            if let Some((_, table)) = tables.get_by_id(id) {
                traverse_ephemeron(gc, table.get());
            }
        }
        // Ephemeron tables first reached now are traversed with pending recording on.
        self.propagate_all();
        self.heap.gc.ephemeron_pending = None;
    }

    /// Removes entries with dead values from the weak-value and all-weak tables.
    pub(crate) fn clear_by_values(&mut self) {
        for list in [ListKind::WeakValues, ListKind::AllWeak] {
            self.clear_list(list, |gc, _, value| is_cleared(gc, value));
        }
    }

    /// Removes entries with dead keys from the ephemeron and all-weak tables.
    pub(crate) fn clear_by_keys(&mut self) {
        for list in [ListKind::Ephemerons, ListKind::AllWeak] {
            self.clear_list(list, |gc, key, _| is_cleared(gc, key));
        }
    }

    fn clear_list(
        &mut self,
        list: ListKind,
        mut dead: impl FnMut(&mut Collector<S>, Value, Value) -> bool,
    ) {
        let ids: Vec<u32> = {
            let gc = &self.heap.gc;
            let vector = match list {
                ListKind::WeakValues => &gc.weak_values,
                ListKind::Ephemerons => &gc.ephemerons,
                ListKind::AllWeak => &gc.all_weak,
            };
            let mut ids: Vec<u32> = vector.iter().copied().collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let mut keys = Vec::new();
        for id in ids {
            keys.clear();
            {
                let crate::heap::Heap { tables, gc, .. } = &mut self.heap;
                let Some((_, table)) = tables.get_by_id(id) else {
                    continue;
                };
                let table = table.get();
                table.for_each_entry(|key, value| {
                    if dead(gc, key, value) {
                        keys.push(key);
                    }
                });
            }
            if keys.is_empty() {
                continue;
            }
            if let Ok(mut table) = self.heap.table_mut_by_id(id) {
                for key in &keys {
                    if let Some(key) = Key::for_read(*key) {
                        table.set_key(key, Value::Nil);
                    }
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum ListKind {
    WeakValues,
    Ephemerons,
    AllWeak,
}
