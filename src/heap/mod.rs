//! The VM's heap: one id-addressed store per object kind, plus interned strings.
//!
//! Each store is a persistent vector of slots (see [`slots`]); a table sits behind a
//! copy-on-write box, so the first write to it after a snapshot copies that one table (and the
//! path to its slot), never the heap. A `Value`'s variant says which store its id belongs to,
//! so no lookup can find an object of the wrong kind.

mod closure;
mod coroutine;
mod hash;
mod objects;
pub(crate) mod slot_data;
pub(crate) mod slots;
mod strings;

pub(crate) use closure::{LoadedProto, LuaClosure, UpvalueCell, UpvalueId};
pub(crate) use coroutine::{CoStatus, Cont, Coroutine, MAIN_THREAD, ThreadState};
pub(crate) use objects::{Function, HostData, NativeFunction};
pub use objects::{HostValue, NativeFn};
pub(crate) use strings::{LuaStr, StringStore};

use crate::errors::RuntimeError;
use crate::gc::{Collector, Footprint, Kind, Meter, sizes};
use crate::storage::{CowStore, Storage};
use crate::table::Table;
use crate::value::{CoroutineRef, FunctionRef, HostDataRef, StringRef, TableRef};
use slots::SlotStore;
use std::ops::{Deref, DerefMut};

/// Every object of one VM, and the collector's state (its marks and the byte count live
/// here, so the write barrier and the accounting sit in the accessors below).
#[derive(Clone)]
pub(crate) struct Heap<S: Storage> {
    pub(crate) tables: SlotStore<S, S::Cow<Table<S>>>,
    pub(crate) functions: SlotStore<S, Function<S>>,
    pub(crate) host_data: SlotStore<S, HostData>,
    pub(crate) upvalues: SlotStore<S, UpvalueCell>,
    pub(crate) coroutines: SlotStore<S, S::Cow<Coroutine>>,
    pub(crate) strings: StringStore<S>,
    pub(crate) gc: Collector<S>,
}

/// Write access to an object whose size may change: counts the change when dropped.
pub(crate) struct Metered<'a, T: Footprint> {
    object: &'a mut T,
    meter: &'a mut Meter,
    before: u64,
}

impl<'a, T: Footprint> Metered<'a, T> {
    #[inline]
    fn new(object: &'a mut T, meter: &'a mut Meter) -> Self {
        let before = object.footprint();
        Self {
            object,
            meter,
            before,
        }
    }
}

impl<T: Footprint> Deref for Metered<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        self.object
    }
}

impl<T: Footprint> DerefMut for Metered<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        self.object
    }
}

impl<T: Footprint> Drop for Metered<'_, T> {
    #[inline]
    fn drop(&mut self) {
        let after = self.object.footprint();
        if after > self.before {
            self.meter.allocate(after - self.before);
        } else if after < self.before {
            self.meter.release(self.before - after);
        }
    }
}

impl<S: Storage> Footprint for Table<S> {
    #[inline]
    fn footprint(&self) -> u64 {
        sizes::TABLE + sizes::TABLE_SLOT * self.slot_count() as u64
    }
}

impl Footprint for Coroutine {
    #[inline]
    fn footprint(&self) -> u64 {
        sizes::COROUTINE + 16 * self.state.stack.len() as u64 + 64 * self.state.frames.len() as u64
    }
}

impl<S: Storage> Footprint for Function<S> {
    fn footprint(&self) -> u64 {
        match self {
            Function::Native(native) => sizes::NATIVE + 16 * native.upvalues.len() as u64,
            Function::Lua(closure) => {
                sizes::CLOSURE + 8 * closure.upvalues.len() as u64 + closure.proto.bytes
            }
        }
    }
}

impl Footprint for LuaStr {
    fn footprint(&self) -> u64 {
        sizes::STRING + self.as_bytes().len() as u64
    }
}

impl<S: Storage> Default for Heap<S> {
    fn default() -> Self {
        Self {
            tables: SlotStore::default(),
            functions: SlotStore::default(),
            host_data: SlotStore::default(),
            upvalues: SlotStore::default(),
            coroutines: SlotStore::default(),
            strings: StringStore::default(),
            gc: Collector::default(),
        }
    }
}

impl<S: Storage> Heap<S> {
    /// Creates an empty table.
    pub(crate) fn create_table(&mut self) -> Result<TableRef, RuntimeError> {
        let (id, generation) = self.tables.insert(S::Cow::new(Table::default()))?;
        self.gc.allocated(Kind::Table, id, sizes::TABLE);
        Ok(TableRef(id, generation))
    }

    /// Read access to a table.
    #[inline]
    pub(crate) fn table(&self, table: TableRef) -> Result<&Table<S>, RuntimeError> {
        self.tables
            .get(table.0, table.1)
            .map(CowStore::get)
            .ok_or(RuntimeError::InvalidReference { kind: "table" })
    }

    /// Write access to a table; copies it first if a snapshot shares it.
    #[inline]
    pub(crate) fn table_mut(
        &mut self,
        table: TableRef,
    ) -> Result<Metered<'_, Table<S>>, RuntimeError> {
        let object = self
            .tables
            .get_mut(table.0, table.1)
            .map(CowStore::make_mut)
            .ok_or(RuntimeError::InvalidReference { kind: "table" })?;
        self.gc.barrier(Kind::Table, table.0);
        Ok(Metered::new(object, &mut self.gc.meter))
    }

    /// Write access to table `id`, whatever its generation (the collector clearing weak
    /// entries).
    pub(crate) fn table_mut_by_id(
        &mut self,
        id: u32,
    ) -> Result<Metered<'_, Table<S>>, RuntimeError> {
        let object = self
            .tables
            .get_mut_by_id(id)
            .map(CowStore::make_mut)
            .ok_or(RuntimeError::CorruptHeap)?;
        Ok(Metered::new(object, &mut self.gc.meter))
    }

    /// Number of live tables.
    pub(crate) fn table_count(&self) -> usize {
        self.tables.live()
    }

    /// The interned string with these bytes.
    #[inline]
    pub(crate) fn intern(&mut self, bytes: &[u8]) -> Result<StringRef, RuntimeError> {
        // No string larger than the memory limit can be held.
        if self
            .gc
            .limit
            .is_some_and(|limit| bytes.len() as u64 > limit)
        {
            return Err(RuntimeError::OutOfMemory);
        }
        let (string, created) = self.strings.intern(bytes)?;
        if created {
            self.gc
                .allocated(Kind::String, string.0, sizes::STRING + bytes.len() as u64);
        } else if let crate::gc::Phase::Sweep { .. } = self.gc.phase {
            // A dead string the sweep has not reached is alive again (lua5.4 resurrects
            // interned strings the same way).
            self.gc.marked[Kind::String as usize].insert(string.0);
        }
        Ok(string)
    }

    /// A string's bytes and hash.
    #[inline]
    pub(crate) fn string(&self, string: StringRef) -> Result<&LuaStr, RuntimeError> {
        self.strings
            .get(string)
            .ok_or(RuntimeError::InvalidReference { kind: "string" })
    }

    /// Number of live strings.
    pub(crate) fn string_count(&self) -> usize {
        self.strings.live()
    }

    /// Stores a function object.
    pub(crate) fn create_function(
        &mut self,
        function: Function<S>,
    ) -> Result<FunctionRef, RuntimeError> {
        let bytes = function.footprint();
        let (id, generation) = self.functions.insert(function)?;
        self.gc.allocated(Kind::Function, id, bytes);
        Ok(FunctionRef(id, generation))
    }

    /// A function object.
    #[inline]
    pub(crate) fn function(&self, function: FunctionRef) -> Result<&Function<S>, RuntimeError> {
        self.functions
            .get(function.0, function.1)
            .ok_or(RuntimeError::InvalidReference { kind: "function" })
    }

    /// Stores a host data object.
    pub(crate) fn create_host_data(&mut self, data: HostData) -> Result<HostDataRef, RuntimeError> {
        let (id, generation) = self.host_data.insert(data)?;
        self.gc.allocated(Kind::HostData, id, sizes::HOST_DATA);
        Ok(HostDataRef(id, generation))
    }

    /// A host data object.
    pub(crate) fn host_data(&self, data: HostDataRef) -> Result<&HostData, RuntimeError> {
        self.host_data
            .get(data.0, data.1)
            .ok_or(RuntimeError::InvalidReference { kind: "userdata" })
    }

    /// Write access to a host data object (its metatable).
    pub(crate) fn host_data_mut(
        &mut self,
        data: HostDataRef,
    ) -> Result<&mut HostData, RuntimeError> {
        let object = self
            .host_data
            .get_mut(data.0, data.1)
            .ok_or(RuntimeError::InvalidReference { kind: "userdata" })?;
        self.gc.barrier(Kind::HostData, data.0);
        Ok(object)
    }

    /// Creates an upvalue cell.
    pub(crate) fn create_upvalue(&mut self, cell: UpvalueCell) -> Result<UpvalueId, RuntimeError> {
        let (id, _) = self.upvalues.insert(cell)?;
        self.gc.allocated(Kind::Upvalue, id, sizes::UPVALUE);
        Ok(UpvalueId(id))
    }

    /// An upvalue cell.
    #[inline]
    pub(crate) fn upvalue(&self, id: UpvalueId) -> Result<UpvalueCell, RuntimeError> {
        self.upvalues
            .get_by_id(id.0)
            .map(|(_, cell)| *cell)
            .ok_or(RuntimeError::CorruptHeap)
    }

    /// Write access to an upvalue cell.
    #[inline]
    pub(crate) fn upvalue_mut(&mut self, id: UpvalueId) -> Result<&mut UpvalueCell, RuntimeError> {
        let cell = self
            .upvalues
            .get_mut_by_id(id.0)
            .ok_or(RuntimeError::CorruptHeap)?;
        self.gc.barrier(Kind::Upvalue, id.0);
        Ok(cell)
    }

    /// Stores a coroutine object.
    pub(crate) fn create_coroutine(
        &mut self,
        coroutine: Coroutine,
    ) -> Result<CoroutineRef, RuntimeError> {
        let bytes = coroutine.footprint();
        let (id, generation) = self.coroutines.insert(S::Cow::new(coroutine))?;
        self.gc.allocated(Kind::Coroutine, id, bytes);
        Ok(CoroutineRef(id, generation))
    }

    /// A coroutine object.
    pub(crate) fn coroutine(&self, co: CoroutineRef) -> Result<&Coroutine, RuntimeError> {
        self.coroutines
            .get(co.0, co.1)
            .map(CowStore::get)
            .ok_or(RuntimeError::InvalidReference { kind: "thread" })
    }

    /// Write access to a coroutine object; copies it first if a snapshot shares it.
    pub(crate) fn coroutine_mut(
        &mut self,
        co: CoroutineRef,
    ) -> Result<Metered<'_, Coroutine>, RuntimeError> {
        let object = self
            .coroutines
            .get_mut(co.0, co.1)
            .map(CowStore::make_mut)
            .ok_or(RuntimeError::InvalidReference { kind: "thread" })?;
        self.gc.barrier(Kind::Coroutine, co.0);
        Ok(Metered::new(object, &mut self.gc.meter))
    }

    /// The coroutine in slot `id`, whatever its generation: for the internal thread ids of open
    /// upvalue cells, which never reach the host.
    pub(crate) fn coroutine_by_id(&self, id: u32) -> Result<&Coroutine, RuntimeError> {
        self.coroutines
            .get_by_id(id)
            .map(|(_, co)| CowStore::get(co))
            .ok_or(RuntimeError::InvalidReference { kind: "thread" })
    }

    /// Write access to the coroutine in slot `id`, whatever its generation (see
    /// [`Heap::coroutine_by_id`]); copies it first if a snapshot shares it.
    pub(crate) fn coroutine_mut_by_id(
        &mut self,
        id: u32,
    ) -> Result<Metered<'_, Coroutine>, RuntimeError> {
        let object = self
            .coroutines
            .get_mut_by_id(id)
            .map(CowStore::make_mut)
            .ok_or(RuntimeError::InvalidReference { kind: "thread" })?;
        self.gc.barrier(Kind::Coroutine, id);
        Ok(Metered::new(object, &mut self.gc.meter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{FlatStorage, PersistentStorage};

    fn stale_table_is_an_invalid_reference<S: Storage>() {
        let mut heap = Heap::<S>::default();
        let old = heap.create_table().unwrap();
        assert!(heap.table(old).is_ok());
        assert!(heap.tables.remove(old.id()).is_some());
        let new = heap.create_table().unwrap();
        assert_eq!(new.id(), old.id(), "the slot is reused");
        assert_ne!(new.generation(), old.generation());
        assert!(matches!(
            heap.table(old),
            Err(RuntimeError::InvalidReference { kind: "table" })
        ));
        assert!(matches!(
            heap.table_mut(old),
            Err(RuntimeError::InvalidReference { kind: "table" })
        ));
        assert!(heap.table(new).is_ok());
        assert!(heap.table_mut(new).is_ok());
    }

    #[test]
    fn stale_table_is_an_invalid_reference_persistent() {
        stale_table_is_an_invalid_reference::<PersistentStorage>();
    }

    #[test]
    fn stale_table_is_an_invalid_reference_flat() {
        stale_table_is_an_invalid_reference::<FlatStorage>();
    }
}
