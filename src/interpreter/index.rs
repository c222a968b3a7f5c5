//! Indexing with metamethods: `__index` and `__newindex` chains, as lua5.4's
//! `luaV_finishget` / `luaV_finishset`.

use super::{MultiValue, VmContext};
use crate::errors::RuntimeError;
use crate::storage::Storage;
use crate::value::{StringRef, TableRef, Value};

/// Longest `__index` / `__newindex` chain followed (lua5.4's `MAXTAGLOOP`).
const MAX_META_CHAIN: usize = 2000;

/// Number of basic types with a shared metatable: nil, boolean, number, string, function,
/// thread.
pub(crate) const BASIC_TYPES: usize = 6;

/// The slot of a value's type among the shared basic-type metatables (`None` for tables and
/// userdata, which carry their own).
pub(crate) fn basic_type_slot(value: Value) -> Option<usize> {
    match value {
        Value::Nil => Some(0),
        Value::Bool(_) => Some(1),
        Value::Integer(_) | Value::Float(_) => Some(2),
        Value::String(_) => Some(3),
        Value::Function(_) => Some(4),
        Value::Coroutine(_) => Some(5),
        Value::Table(_) | Value::HostData(_) => None,
    }
}

impl<S: Storage> VmContext<'_, S> {
    /// The metatable of a value, if its type carries one.
    pub(crate) fn metatable_of(&self, value: Value) -> Result<Option<TableRef>, RuntimeError> {
        Ok(match value {
            Value::Table(t) => self.vm.heap.table(t)?.metatable(),
            Value::HostData(h) => self.vm.heap.host_data(h)?.metatable,
            other => basic_type_slot(other).and_then(|slot| self.vm.type_metatables[slot]),
        })
    }

    /// lua5.4's `luaT_objtypename`: a table's or userdata's metatable `__name` when it is a
    /// string, else the type name. Used in error messages.
    pub(crate) fn type_name_of(&self, value: Value) -> String {
        if matches!(value, Value::Table(_) | Value::HostData(_))
            && let Ok(Value::String(name)) = self.metamethod(value, self.vm.names.name)
            && let Ok(name) = self.vm.heap.string(name)
        {
            return String::from_utf8_lossy(name.as_bytes()).into_owned();
        }
        value.type_name().to_owned()
    }

    /// The metamethod `name` of `value` (nil when absent).
    pub(crate) fn metamethod(&self, value: Value, name: StringRef) -> Result<Value, RuntimeError> {
        match self.metatable_of(value)? {
            Some(metatable) => Ok(self.vm.heap.table(metatable)?.get_string(name)),
            None => Ok(Value::Nil),
        }
    }

    /// The `__index`/`__newindex` handler of a non-table value; indexing a value without one
    /// is lua5.4's `attempt to index a X value`.
    fn required_metamethod(&self, target: Value, name: StringRef) -> Result<Value, RuntimeError> {
        match self.metamethod(target, name)? {
            Value::Nil => Err(RuntimeError::IndexNonTable {
                type_name: self.type_name_of(target),
            }),
            handler => Ok(handler),
        }
    }

    /// Checks that an optional metatable names a live table of this VM.
    pub(crate) fn check_metatable(&self, metatable: Option<TableRef>) -> Result<(), RuntimeError> {
        match metatable {
            Some(metatable) => self.vm.heap.table(metatable).map(drop),
            None => Ok(()),
        }
    }

    /// `target[key]` with `__index`.
    pub(crate) fn index(&mut self, mut target: Value, key: Value) -> Result<Value, RuntimeError> {
        let name = self.vm.names.index;
        for _ in 0..MAX_META_CHAIN {
            let handler = match target {
                Value::Table(t) => {
                    let table = self.vm.heap.table(t)?;
                    let value = table.get(key);
                    if !value.is_nil() {
                        return Ok(value);
                    }
                    match table.metatable() {
                        Some(metatable) => self.vm.heap.table(metatable)?.get_string(name),
                        None => return Ok(Value::Nil),
                    }
                }
                _ => self.required_metamethod(target, name)?,
            };
            match handler {
                Value::Nil => return Ok(Value::Nil),
                Value::Function(f) => {
                    let args = MultiValue::from_iter([target, key]);
                    return Ok(self.call_function(f, args)?.get(0));
                }
                next => target = next,
            }
        }
        Err(RuntimeError::MetamethodChainTooLong {
            metamethod: "__index",
        })
    }

    /// `target[key] = value` with `__newindex`.
    pub(crate) fn new_index(
        &mut self,
        mut target: Value,
        key: Value,
        value: Value,
    ) -> Result<(), RuntimeError> {
        let name = self.vm.names.new_index;
        for _ in 0..MAX_META_CHAIN {
            let handler = match target {
                Value::Table(t) => {
                    let table = self.vm.heap.table(t)?;
                    let handler = match table.metatable() {
                        Some(metatable) if table.get(key).is_nil() => {
                            self.vm.heap.table(metatable)?.get_string(name)
                        }
                        _ => Value::Nil,
                    };
                    if handler.is_nil() {
                        return self.vm.heap.table_mut(t)?.set(key, value);
                    }
                    handler
                }
                _ => self.required_metamethod(target, name)?,
            };
            match handler {
                Value::Function(f) => {
                    let args = MultiValue::from_iter([target, key, value]);
                    self.call_function(f, args)?;
                    return Ok(());
                }
                next => target = next,
            }
        }
        Err(RuntimeError::MetamethodChainTooLong {
            metamethod: "__newindex",
        })
    }
}
