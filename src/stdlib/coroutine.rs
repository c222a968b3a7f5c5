//! lua5.4's `coroutine` library: `create`, `resume`, `yield`, `status`, `wrap`, `running`,
//! `isyieldable`, `close`.

use super::base::{NativeResult, one, string_value, type_error};
use crate::errors::RuntimeError;
use crate::heap::CoStatus;
use crate::interpreter::coroutine::Resumed;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::CoroutineRef;

fn check_thread<S: Storage>(
    ctx: &VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
) -> Result<CoroutineRef, RuntimeError> {
    match args.get(n - 1) {
        Value::Coroutine(co) if n <= args.len() => Ok(co),
        _ => Err(type_error(ctx, args, n, name, "thread")),
    }
}

pub(crate) fn create<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let Value::Function(f) = args.get(0) else {
        return Err(type_error(ctx, args, 1, "create", "function"));
    };
    Ok(one(Value::Coroutine(
        ctx.create_coroutine(Value::Function(f))?,
    )))
}

pub(crate) fn resume<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let mut args = call.args().clone();
    let co = check_thread(ctx, &args, 1, "resume")?;
    args.pop_front();
    Ok(match ctx.resume(co, args)? {
        Resumed::Values(values) => std::iter::once(Value::Bool(true)).chain(values).collect(),
        Resumed::Error(value) => MultiValue::from_iter([Value::Bool(false), value]),
    })
}

pub(crate) fn yield_<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    ctx.yield_values(call.args().clone())
}

pub(crate) fn status<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let co = check_thread(ctx, call.args(), 1, "status")?;
    let name = ctx.coroutine_status(co)?;
    Ok(one(string_value(ctx, name)))
}

pub(crate) fn running<S: Storage>(_call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let co = ctx.running_thread()?;
    let main = ctx.vm.current.is_none();
    Ok(MultiValue::from_iter([
        Value::Coroutine(co),
        Value::Bool(main),
    ]))
}

pub(crate) fn isyieldable<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let args = call.args();
    if args.is_empty() || ctx.vm.current == Some(check_thread(ctx, args, 1, "isyieldable")?) {
        return Ok(one(Value::Bool(ctx.is_yieldable())));
    }
    let co = check_thread(ctx, args, 1, "isyieldable")?;
    let object = ctx.vm.heap.coroutine(co)?;
    Ok(one(Value::Bool(
        object.status != CoStatus::Main && object.state.non_yieldable == 0,
    )))
}

pub(crate) fn close<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let co = check_thread(ctx, call.args(), 1, "close")?;
    Ok(match ctx.close_coroutine(co)? {
        None => one(Value::Bool(true)),
        Some(error) => MultiValue::from_iter([Value::Bool(false), error]),
    })
}

/// The function `coroutine.wrap(f)` returns: resumes the coroutine, raising its errors (a
/// string error gets the caller's position, as lua5.4's `auxwrap`).
fn call_wrapped<S: Storage>(
    co: CoroutineRef,
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    match ctx.resume(co, call.args().clone())? {
        Resumed::Values(values) => Ok(values),
        Resumed::Error(mut value) => {
            if let CoStatus::Dead { error: Some(_) } = ctx.vm.heap.coroutine(co)?.status
                && let Some(error) = ctx.close_coroutine(co)?
            {
                value = error;
            }
            match value {
                Value::String(s) => {
                    let text = String::from_utf8_lossy(ctx.vm.heap.string(s)?.as_bytes());
                    Err(RuntimeError::Message(text.into_owned()))
                }
                other => Err(ctx.value_error(other)),
            }
        }
    }
}

pub(crate) fn wrap<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let Value::Function(f) = args.get(0) else {
        return Err(type_error(ctx, args, 1, "wrap", "function"));
    };
    let co = ctx.create_coroutine(Value::Function(f))?;
    let wrapped = ctx.create_builtin("std:coroutine.wrap#call", [Value::Coroutine(co)]);
    Ok(one(Value::Function(wrapped)))
}

/// The function `coroutine.wrap` returns: resumes the coroutine in its upvalue.
pub(crate) fn wrapped<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    match call.upvalue(0, ctx) {
        Value::Coroutine(co) => call_wrapped(co, call, ctx),
        _ => Err(RuntimeError::CorruptHeap),
    }
}

impl<S: Storage> VmContext<'_, S> {
    /// Installs the `coroutine` table: `create`, `resume`, `yield`, `status`, `wrap`,
    /// `running`, `isyieldable` and `close`.
    pub fn open_coroutine_library(&mut self) {
        let library = self.create_table();
        let set = |ctx: &mut Self, name: &str, value: Value| {
            let key = Value::String(ctx.create_string(name));
            if let Ok(mut table) = ctx.vm.heap.table_mut(library) {
                let _ = table.set(key, value);
            }
        };
        macro_rules! register {
            ($($name:literal),* $(,)?) => {$(
                let f = self.create_builtin(concat!("std:coroutine.", $name), []);
                set(self, $name, Value::Function(f));
            )*};
        }
        register!(
            "create",
            "resume",
            "yield",
            "status",
            "wrap",
            "running",
            "isyieldable",
            "close",
        );
        let globals = self.vm.globals;
        let key = Value::String(self.create_string("coroutine"));
        if let Ok(mut table) = self.vm.heap.table_mut(globals) {
            let _ = table.set(key, Value::Table(library));
        }
    }
}
