//! Host operations on tables.

use super::{FromValue, IntoValue, VmContext};
use crate::errors::RuntimeError;
use crate::storage::Storage;
use crate::value::{TableRef, Value};
use std::marker::PhantomData;

impl TableRef {
    /// `self[key]`, honouring `__index` like a Lua expression would.
    pub fn get<K: IntoValue, V: FromValue>(
        &self,
        key: K,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<V, RuntimeError> {
        let key = key.into_value(ctx)?;
        let value = ctx.index(Value::Table(*self), key)?;
        let value = ctx.hold(value);
        V::from_value(value, ctx)
    }

    /// `self[key] = value`, honouring `__newindex` like a Lua assignment would.
    pub fn set<K: IntoValue, V: IntoValue>(
        &self,
        key: K,
        value: V,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<(), RuntimeError> {
        let key = key.into_value(ctx)?;
        let value = value.into_value(ctx)?;
        ctx.new_index(Value::Table(*self), key, value)
    }

    /// `rawget(self, key)`.
    pub fn raw_get<K: IntoValue, V: FromValue>(
        &self,
        key: K,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<V, RuntimeError> {
        let key = key.into_value(ctx)?;
        let value = ctx.vm.heap.table(*self)?.get(key);
        let value = ctx.hold(value);
        V::from_value(value, ctx)
    }

    /// `rawset(self, key, value)`: errors for nil and NaN keys.
    pub fn raw_set<K: IntoValue, V: IntoValue>(
        &self,
        key: K,
        value: V,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<(), RuntimeError> {
        let key = key.into_value(ctx)?;
        let value = value.into_value(ctx)?;
        ctx.vm.heap.table_mut(*self)?.set(key, value)
    }

    /// `rawlen(self)`: a border of the table, in O(1).
    pub fn raw_len(&self, ctx: &VmContext<'_, impl Storage>) -> Result<u64, RuntimeError> {
        Ok(ctx.vm.heap.table(*self)?.border())
    }

    /// Lua's `next(self, key)` (raw): the entry after `key`, the first for nil, `None` at the
    /// end. O(1) in the array part, O(log n) in the hash part; keys removed during the
    /// traversal remain valid positions.
    pub fn next<K: IntoValue>(
        &self,
        key: K,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<Option<(Value, Value)>, RuntimeError> {
        let key = key.into_value(ctx)?;
        let entry = ctx.vm.heap.table(*self)?.next(key)?;
        if let Some((key, value)) = entry {
            ctx.hold(key);
            ctx.hold(value);
        }
        Ok(entry)
    }

    /// Iterates over the table's entries (raw, in `next` order), converting them to `(K, V)`.
    pub fn pairs<'a, 'vm, K: FromValue, V: FromValue>(
        &self,
        ctx: &'a mut VmContext<'vm, impl Storage>,
    ) -> impl Iterator<Item = Result<(K, V), RuntimeError>> {
        TablePairs {
            table: *self,
            key: Some(Value::Nil),
            ctx,
            marker: PhantomData,
        }
    }

    /// The table's metatable.
    pub fn metatable(
        &self,
        ctx: &VmContext<'_, impl Storage>,
    ) -> Result<Option<TableRef>, RuntimeError> {
        Ok(ctx.vm.heap.table(*self)?.metatable())
    }

    /// Sets (or with `None` removes) the table's metatable.
    pub fn set_metatable(
        &self,
        metatable: Option<TableRef>,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<(), RuntimeError> {
        ctx.check_metatable(metatable)?;
        ctx.vm.heap.table_mut(*self)?.set_metatable(metatable);
        ctx.vm.check_finalizer(Value::Table(*self), metatable);
        Ok(())
    }
}

/// Iterator over a table's entries; see [`TableRef::pairs`]. Ends after the first error.
struct TablePairs<'a, 'vm, K, V, S: Storage> {
    table: TableRef,
    /// The last key returned; `None` once the traversal ended.
    key: Option<Value>,
    ctx: &'a mut VmContext<'vm, S>,
    marker: PhantomData<fn() -> (K, V)>,
}

impl<K: FromValue, V: FromValue, S: Storage> Iterator for TablePairs<'_, '_, K, V, S> {
    type Item = Result<(K, V), RuntimeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let key = self.key.take()?;
        let (key, value) = match self.ctx.vm.heap.table(self.table).and_then(|t| t.next(key)) {
            Ok(Some(entry)) => entry,
            Ok(None) => return None,
            Err(error) => return Some(Err(error)),
        };
        self.key = Some(key);
        self.ctx.hold(key);
        self.ctx.hold(value);
        let converted = K::from_value(key, self.ctx)
            .and_then(|k| V::from_value(value, self.ctx).map(|v| (k, v)));
        if converted.is_err() {
            self.key = None;
        }
        Some(converted)
    }
}
