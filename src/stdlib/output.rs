//! Where `print` and `warn` write: standard output / standard error by default, or a sink the
//! host installs.

/// Output configuration of a VM.
#[derive(Clone, Default)]
pub(crate) struct Output {}
