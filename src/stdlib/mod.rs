//! The standard library, registered into a VM's globals on request.
//!
//! [`VmContext::open_base_library`](crate::interpreter::VmContext::open_base_library) installs
//! the base functions (`print`, `pcall`, `setmetatable`, ...). `Vm::default()` installs
//! nothing, so an embedder chooses exactly what untrusted scripts can reach.

pub(crate) mod base;
pub(crate) mod coroutine;
pub(crate) mod math;
pub(crate) mod table;
