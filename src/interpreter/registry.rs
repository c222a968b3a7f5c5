//! Values the host keeps across calls: keys into the registry table (`mlua`'s
//! `RegistryKey`).
//!
//! Handles do not keep objects alive (see [`VmContext`]); storing a value under a registry
//! key does, until the key is removed. Keys are integers in the registry table, so they
//! stay valid in snapshots and, later, across serialization.

use super::{Value, VmContext};
use crate::errors::RuntimeError;
use crate::storage::Storage;

/// A value stored in the registry by [`VmContext::create_registry_value`]. Not `Clone`:
/// removing it consumes it, so a key never outlives its entry.
#[derive(Debug, PartialEq, Eq)]
pub struct RegistryKey(i64);

impl RegistryKey {
    /// The integer key in the registry table.
    pub fn index(&self) -> i64 {
        self.0
    }
}

impl<S: Storage> VmContext<'_, S> {
    /// Stores `value` in the registry, keeping it alive until the key is removed.
    pub fn create_registry_value(&mut self, value: Value) -> Result<RegistryKey, RuntimeError> {
        let registry = self.registry();
        let table = self.vm.heap.table(registry)?;
        // The first free integer past the array part: keys removed from the end are reused,
        // holes in the middle are not (a key is never handed out twice while it is live).
        let index = i64::try_from(table.border())
            .ok()
            .and_then(|border| border.checked_add(1))
            .ok_or(RuntimeError::OutOfMemory)?;
        let key = RegistryKey(index);
        self.replace_registry_value(&key, value)?;
        Ok(key)
    }

    /// The value stored under `key`.
    pub fn registry_value(&mut self, key: &RegistryKey) -> Result<Value, RuntimeError> {
        let registry = self.registry();
        Ok(match self.vm.heap.table(registry)?.get_integer(key.0) {
            Value::Bool(false) => Value::Nil,
            value => value,
        })
    }

    /// Replaces the value stored under `key`.
    pub fn replace_registry_value(
        &mut self,
        key: &RegistryKey,
        value: Value,
    ) -> Result<(), RuntimeError> {
        let registry = self.registry();
        // nil is stored as `false`, so the key stays taken; `registry_value` gives nil back.
        let stored = if value.is_nil() {
            Value::Bool(false)
        } else {
            value
        };
        self.vm
            .heap
            .table_mut(registry)?
            .set(Value::Integer(key.0), stored)
    }

    /// Removes the value stored under `key`: it is collected once Lua no longer reaches it.
    pub fn remove_registry_value(&mut self, key: RegistryKey) -> Result<(), RuntimeError> {
        let registry = self.registry();
        self.vm
            .heap
            .table_mut(registry)?
            .set(Value::Integer(key.0), Value::Nil)
    }
}
