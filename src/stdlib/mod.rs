//! The standard library, registered into a VM's globals on request.
//!
//! [`VmContext::open_standard_libraries`](crate::interpreter::VmContext::open_standard_libraries)
//! installs every library that is safe for untrusted scripts; each `open_*_library` installs
//! one. `Vm::default()` installs nothing, so an embedder chooses exactly what untrusted scripts
//! can reach.

pub(crate) mod args;
pub(crate) mod base;
pub(crate) mod catalog;
pub(crate) mod collectgarbage;
pub(crate) mod coroutine;
pub(crate) mod debug;
pub(crate) mod host_io;
pub(crate) mod host_os;
pub(crate) mod math;
pub(crate) mod os;
pub(crate) mod output;
pub(crate) mod package;
pub(crate) mod random;
pub(crate) mod string;
pub(crate) mod table;
pub(crate) mod utf8;

use crate::interpreter::VmContext;
use crate::storage::Storage;

impl<S: Storage> VmContext<'_, S> {
    /// Opens every library that is safe for untrusted scripts: base, `string`, `table`,
    /// `math`, `coroutine`, `utf8`, the safe subsets of `os` and `debug`, and `package` /
    /// `require` (last, so `package.loaded` lists the others). Nothing here reaches the file
    /// system, the clock or the environment unless the host installs a loader or a clock.
    pub fn open_standard_libraries(&mut self) {
        self.open_base_library();
        self.open_string_library();
        self.open_table_library();
        self.open_math_library();
        self.open_coroutine_library();
        self.open_utf8_library();
        self.open_os_library();
        self.open_debug_library();
        self.open_package_library();
    }
}
