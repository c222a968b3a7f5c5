//! Host access to Lua strings.

use super::VmContext;
use crate::errors::RuntimeError;
use crate::storage::Storage;
use crate::value::StringRef;

impl StringRef {
    /// The string's bytes (Lua strings are byte strings, not necessarily UTF-8).
    pub fn as_bytes<'a>(
        &self,
        ctx: &'a VmContext<'_, impl Storage>,
    ) -> Result<&'a [u8], RuntimeError> {
        Ok(ctx.vm.heap.string(*self)?.as_bytes())
    }

    /// The string as UTF-8 text.
    pub fn to_str<'a>(
        &self,
        ctx: &'a VmContext<'_, impl Storage>,
    ) -> Result<&'a str, RuntimeError> {
        std::str::from_utf8(self.as_bytes(ctx)?).map_err(|_| RuntimeError::InvalidUtf8)
    }

    /// The string's content hash: the same for the same bytes on every machine and build of
    /// this version.
    pub fn content_hash(&self, ctx: &VmContext<'_, impl Storage>) -> Result<u64, RuntimeError> {
        Ok(ctx.vm.heap.string(*self)?.hash())
    }
}
