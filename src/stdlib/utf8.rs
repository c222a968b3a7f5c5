//! Placeholder for lua5.4's `utf8` library.

use crate::interpreter::VmContext;
use crate::storage::Storage;

impl<S: Storage> VmContext<'_, S> {
    /// Registers the `utf8` table.
    pub fn open_utf8_library(&mut self) {}
}
