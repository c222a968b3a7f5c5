//! Placeholder, filled in by the string library work.

use crate::interpreter::VmContext;
use crate::storage::Storage;
use crate::value::TableRef;

/// Registers this module's functions in the `string` table.
pub(crate) fn register<S: Storage>(_ctx: &mut VmContext<'_, S>, _table: TableRef) {}
