//! The `os` library's safe subset.

/// Host-provided services of the `os` library.
#[derive(Clone, Default)]
pub(crate) struct OsConfig {}
