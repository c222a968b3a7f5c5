//! Placeholder for `require` / `package` and host-provided chunk loading.

/// Host-provided source of modules and files (none by default).
#[derive(Clone, Default)]
pub(crate) struct ModuleLoader {}
