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
            .map(TableRef)
    }

    /// Read access to a table.
    #[inline]
    pub(crate) fn table(&self, table: TableRef) -> Result<&Table<S>, RuntimeError> {
        self.tables
            .get(table.0)
            .map(CowStore::get)
            .ok_or(RuntimeError::InvalidReference { kind: "table" })
    }

    /// Write access to a table; copies it first if a snapshot shares it.
    #[inline]
    pub(crate) fn table_mut(&mut self, table: TableRef) -> Result<&mut Table<S>, RuntimeError> {
        self.tables
            .get_mut(table.0)
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
        self.functions.insert(function).map(FunctionRef)
    }

    /// A function object.
    #[inline]
    pub(crate) fn function(&self, function: FunctionRef) -> Result<&Function<S>, RuntimeError> {
        self.functions
            .get(function.0)
            .ok_or(RuntimeError::InvalidReference { kind: "function" })
    }

    /// Stores a host data object.
    pub(crate) fn create_host_data(&mut self, data: HostData) -> Result<HostDataRef, RuntimeError> {
        self.host_data.insert(data).map(HostDataRef)
    }

    /// A host data object.
    pub(crate) fn host_data(&self, data: HostDataRef) -> Result<&HostData, RuntimeError> {
        self.host_data
            .get(data.0)
            .ok_or(RuntimeError::InvalidReference { kind: "userdata" })
    }

    /// Write access to a host data object (its metatable).
    pub(crate) fn host_data_mut(
        &mut self,
        data: HostDataRef,
    ) -> Result<&mut HostData, RuntimeError> {
        self.host_data
            .get_mut(data.0)
            .ok_or(RuntimeError::InvalidReference { kind: "userdata" })
    }

    /// Creates an upvalue cell.
    pub(crate) fn create_upvalue(&mut self, cell: UpvalueCell) -> Result<UpvalueId, RuntimeError> {
        self.upvalues.insert(cell).map(UpvalueId)
    }

    /// An upvalue cell.
    #[inline]
    pub(crate) fn upvalue(&self, id: UpvalueId) -> Result<UpvalueCell, RuntimeError> {
        self.upvalues
            .get(id.0)
            .copied()
            .ok_or(RuntimeError::CorruptHeap)
    }

    /// Write access to an upvalue cell.
    #[inline]
    pub(crate) fn upvalue_mut(&mut self, id: UpvalueId) -> Result<&mut UpvalueCell, RuntimeError> {
        self.upvalues.get_mut(id.0).ok_or(RuntimeError::CorruptHeap)
    }

    /// Stores a coroutine object.
    pub(crate) fn create_coroutine(
        &mut self,
        coroutine: Coroutine,
    ) -> Result<CoroutineRef, RuntimeError> {
        self.coroutines
            .insert(S::Cow::new(coroutine))
            .map(CoroutineRef)
    }

    /// A coroutine object.
    pub(crate) fn coroutine(&self, co: CoroutineRef) -> Result<&Coroutine, RuntimeError> {
        self.coroutines
            .get(co.0)
            .map(CowStore::get)
            .ok_or(RuntimeError::InvalidReference { kind: "thread" })
    }

    /// Write access to a coroutine object; copies it first if a snapshot shares it.
    pub(crate) fn coroutine_mut(
        &mut self,
        co: CoroutineRef,
    ) -> Result<&mut Coroutine, RuntimeError> {
        self.coroutines
            .get_mut(co.0)
            .map(CowStore::make_mut)
            .ok_or(RuntimeError::InvalidReference { kind: "thread" })
    }
}
