//! The public embedding API: the VM, its context, values, references and conversions.
//!
//! ```
//! use red_moon::interpreter::Vm;
//!
//! let mut vm = Vm::default();
//! let ctx = &mut vm.context();
//! let env = ctx.default_environment();
//! env.set("score", 10, ctx).unwrap();
//!
//! let snapshot = vm.clone(); // O(1): shares the whole heap
//! let ctx = &mut vm.context();
//! env.set("score", 99, ctx).unwrap();
//!
//! vm.clone_from(&snapshot); // rollback
//! let ctx = &mut vm.context();
//! assert_eq!(env.get::<_, i64>("score", ctx).unwrap(), 10);
//! ```

mod call;
mod convert;
pub(crate) mod coroutine;
pub(crate) mod debug_info;
mod execute;
mod host_data_ref;
pub(crate) mod index;
mod multi_value;
mod ops;
mod registry;
mod rehydrate;
pub(crate) mod stack;
mod string_ref;
mod table_ref;
pub(crate) mod traceback;
pub(crate) mod vm;

pub use crate::gc::GcStats;
pub use crate::heap::{HostValue, NativeFn};
pub use crate::shared::MaybeSendSync;
pub use crate::value::{CoroutineRef, FunctionRef, HostDataRef, StringRef, TableRef, Value};
pub use call::CallContext;
pub use convert::{FromMulti, FromValue, IntoMulti, IntoValue};
pub use multi_value::MultiValue;
pub use registry::RegistryKey;
pub use traceback::TracedError;
pub use vm::{FlatVm, GenericVm, Vm, VmContext};
