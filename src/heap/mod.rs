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
mod slots;
mod strings;

pub(crate) use closure::{LoadedProto, LuaClosure, UpvalueCell, UpvalueId};
pub(crate) use coroutine::{CoStatus, Cont, Coroutine, MAIN_THREAD, ThreadState};
pub(crate) use objects::{Function, HostData, NativeFunction};
pub use objects::{HostValue, NativeFn};
pub(crate) use strings::LuaStr;

use crate::errors::RuntimeError;
use crate::storage::{CowStore, Storage};
use crate::table::Table;
use crate::value::{CoroutineRef, FunctionRef, HostDataRef, StringRef, TableRef};
use slots::SlotStore;
use strings::StringStore;

/// Every object of one VM.
#[derive(Clone)]
pub(crate) struct Heap<S: Storage> {
    tables: SlotStore<S, S::Cow<Table<S>>>,
    functions: SlotStore<S, Function<S>>,
    host_data: SlotStore<S, HostData>,
    upvalues: SlotStore<S, UpvalueCell>,
    coroutines: SlotStore<S, S::Cow<Coroutine>>,
    strings: StringStore<S>,
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
        }
    }
}

impl<S: Storage> Heap<S> {
    /// Creates an empty table.
    pub(crate) fn create_table(&mut self) -> Result<TableRef, RuntimeError> {
        self.tables
            .insert(S::Cow::new(Table::default()))
            .map(|(id, generation)| TableRef(id, generation))
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
    pub(crate) fn table_mut(&mut self, table: TableRef) -> Result<&mut Table<S>, RuntimeError> {
        self.tables
            .get_mut(table.0, table.1)
            .map(CowStore::make_mut)
            .ok_or(RuntimeError::InvalidReference { kind: "table" })
    }

    /// Number of live tables.
    pub(crate) fn table_count(&self) -> usize {
        self.tables.live()
    }

    /// The interned string with these bytes.
    #[inline]
    pub(crate) fn intern(&mut self, bytes: &[u8]) -> Result<StringRef, RuntimeError> {
        self.strings.intern(bytes)
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
        self.functions
            .insert(function)
            .map(|(id, generation)| FunctionRef(id, generation))
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
        self.host_data
            .insert(data)
            .map(|(id, generation)| HostDataRef(id, generation))
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
        self.host_data
            .get_mut(data.0, data.1)
            .ok_or(RuntimeError::InvalidReference { kind: "userdata" })
    }

    /// Creates an upvalue cell.
    pub(crate) fn create_upvalue(&mut self, cell: UpvalueCell) -> Result<UpvalueId, RuntimeError> {
        self.upvalues.insert(cell).map(|(id, _)| UpvalueId(id))
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
        self.upvalues
            .get_mut_by_id(id.0)
            .ok_or(RuntimeError::CorruptHeap)
    }

    /// Stores a coroutine object.
    pub(crate) fn create_coroutine(
        &mut self,
        coroutine: Coroutine,
    ) -> Result<CoroutineRef, RuntimeError> {
        self.coroutines
            .insert(S::Cow::new(coroutine))
            .map(|(id, generation)| CoroutineRef(id, generation))
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
    ) -> Result<&mut Coroutine, RuntimeError> {
        self.coroutines
            .get_mut(co.0, co.1)
            .map(CowStore::make_mut)
            .ok_or(RuntimeError::InvalidReference { kind: "thread" })
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
    pub(crate) fn coroutine_mut_by_id(&mut self, id: u32) -> Result<&mut Coroutine, RuntimeError> {
        self.coroutines
            .get_mut_by_id(id)
            .map(CowStore::make_mut)
            .ok_or(RuntimeError::InvalidReference { kind: "thread" })
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
