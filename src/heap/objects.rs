//! Heap objects other than tables and strings.

use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, VmContext};
use crate::shared::{MaybeSendSync, Shared};
use crate::storage::Storage;
use crate::value::TableRef;
use std::any::Any;

/// A Rust function callable from Lua (`Send + Sync` with the `send` feature).
pub trait NativeFn<S: Storage>:
    Fn(CallContext, &mut VmContext<'_, S>) -> Result<MultiValue, RuntimeError> + MaybeSendSync
{
}

impl<S: Storage, F> NativeFn<S> for F where
    F: Fn(CallContext, &mut VmContext<'_, S>) -> Result<MultiValue, RuntimeError> + MaybeSendSync
{
}

/// A function object.
pub(crate) enum Function<S: Storage> {
    /// A Rust function.
    Native(NativeFunction<S>),
    /// A Lua closure (immutable; its upvalues live in cells of the heap).
    Lua(Shared<super::LuaClosure>),
}

/// A Rust function and the Lua values it closes over (lua5.4's C-closure upvalues).
///
/// The callback is shared (never copied) between snapshots, so it must not hold mutable state
/// or heap references of its own: a native that needs heap objects (an iterator's state
/// table, the coroutine of `coroutine.wrap`) keeps them here, where the collector can trace
/// them and serialization can write them.
pub(crate) struct NativeFunction<S: Storage> {
    pub(crate) callback: Shared<dyn NativeFn<S>>,
    pub(crate) upvalues: Box<[crate::value::Value]>,
    /// The name the host gave the function with `FunctionRef::rehydrate`: what a serialized
    /// VM writes in place of the callback, so the host can attach it again after loading.
    pub(crate) tag: Option<Shared<str>>,
}

impl<S: Storage> Clone for Function<S> {
    fn clone(&self) -> Self {
        match self {
            Function::Native(native) => Function::Native(NativeFunction {
                callback: Shared::clone(&native.callback),
                upvalues: native.upvalues.clone(),
                tag: native.tag.clone(),
            }),
            Function::Lua(closure) => Function::Lua(Shared::clone(closure)),
        }
    }
}

/// A value owned by the host (`Send + Sync` with the `send` feature).
pub trait HostValue: Any + MaybeSendSync {}

impl<T: Any + MaybeSendSync> HostValue for T {}

/// A host data object: an immutable host value (shared between snapshots, so no snapshot can
/// observe a change) and a metatable.
#[derive(Clone)]
pub(crate) struct HostData {
    pub(crate) value: Shared<dyn HostValue>,
    pub(crate) metatable: Option<TableRef>,
}
