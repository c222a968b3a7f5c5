//! Host access to host data (userdata).

use super::VmContext;
use crate::errors::RuntimeError;
use crate::heap::HostValue;
use crate::storage::Storage;
use crate::value::{HostDataRef, TableRef};
use std::any::Any;

impl HostDataRef {
    /// The host value, if it is a `T`.
    pub fn get<'a, T: HostValue>(
        &self,
        ctx: &'a VmContext<'_, impl Storage>,
    ) -> Result<&'a T, RuntimeError> {
        let value: &dyn Any = &*ctx.vm.heap.host_data(*self)?.value;
        value.downcast_ref::<T>().ok_or(RuntimeError::TypeMismatch {
            expected: std::any::type_name::<T>(),
            found: "userdata",
        })
    }

    /// Replaces the host value (snapshots keep the one they saw). A loaded VM's userdata hold
    /// the unit value `()` — host values are not saved — until the host attaches theirs again
    /// with this.
    pub fn replace_value<T: HostValue>(
        &self,
        value: T,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<(), RuntimeError> {
        ctx.vm.heap.host_data_mut(*self)?.value = crate::shared::Shared::new(value);
        Ok(())
    }

    /// The userdata's metatable.
    pub fn metatable(
        &self,
        ctx: &VmContext<'_, impl Storage>,
    ) -> Result<Option<TableRef>, RuntimeError> {
        Ok(ctx.vm.heap.host_data(*self)?.metatable)
    }

    /// Sets (or with `None` removes) the userdata's metatable.
    pub fn set_metatable(
        &self,
        metatable: Option<TableRef>,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<(), RuntimeError> {
        ctx.check_metatable(metatable)?;
        ctx.vm.heap.host_data_mut(*self)?.metatable = metatable;
        ctx.vm
            .check_finalizer(crate::value::Value::HostData(*self), metatable);
        Ok(())
    }
}
