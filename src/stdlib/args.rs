//! Argument checks shared by the library modules (lua5.4's `luaL_check*` / `luaL_opt*`).
//!
//! Every check names the function as lua5.4's fallback does (`'string.rep'`); the interpreter
//! replaces it with the call site's name (`'rep'`, or `calling 'rep' on bad self`) when the
//! native was called from Lua.

use super::base::{arg_error, check_integer, type_error};
use crate::errors::RuntimeError;
use crate::interpreter::{MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::StringRef;
use crate::value::number::{format_float, format_integer};
use crate::value::numeral::{Number, str_to_number};

/// Longest string a library function builds: lua5.4's `MAXSIZE` in `lstrlib.c` on 64-bit
/// machines (`INT_MAX`), so `string.rep('aa', 1 << 30)` is `resulting string too large` there
/// too. Checked before allocating.
pub(crate) const MAX_STRING_SIZE: usize = i32::MAX as usize;

/// `luaL_checklstring`: a string, or a number converted to its string form.
pub(crate) fn check_string<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
) -> Result<StringRef, RuntimeError> {
    match args.get(n - 1) {
        Value::String(s) => Ok(s),
        Value::Integer(i) => Ok(ctx.create_string(format_integer(i))),
        Value::Float(f) => Ok(ctx.create_string(format_float(f))),
        _ => Err(type_error(ctx, args, n, name, "string")),
    }
}

/// [`check_string`]'s bytes, copied out of the heap.
pub(crate) fn check_bytes<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
) -> Result<Vec<u8>, RuntimeError> {
    let s = check_string(ctx, args, n, name)?;
    Ok(ctx.vm.heap.string(s)?.as_bytes().to_vec())
}

/// `luaL_optinteger`: `default` when the argument is absent or nil.
pub(crate) fn opt_integer<S: Storage>(
    ctx: &VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
    default: i64,
) -> Result<i64, RuntimeError> {
    if args.get(n - 1).is_nil() {
        Ok(default)
    } else {
        check_integer(ctx, args, n, name)
    }
}

/// `luaL_checknumber`: a number or a numeric string.
pub(crate) fn check_number<S: Storage>(
    ctx: &VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
) -> Result<Number, RuntimeError> {
    let number = match args.get(n - 1) {
        Value::Integer(i) => Some(Number::Integer(i)),
        Value::Float(f) => Some(Number::Float(f)),
        Value::String(s) => str_to_number(ctx.vm.heap.string(s)?.as_bytes()),
        _ => None,
    };
    number.ok_or_else(|| type_error(ctx, args, n, name, "number"))
}

/// `luaL_checkany`: fails with `value expected` when argument `n` is absent.
pub(crate) fn check_any(args: &MultiValue, n: usize, name: &str) -> Result<Value, RuntimeError> {
    if n > args.len() {
        Err(arg_error(n, name, "value expected"))
    } else {
        Ok(args.get(n - 1))
    }
}

/// Fails with lua5.4's `resulting string too large` when `size` exceeds [`MAX_STRING_SIZE`].
pub(crate) fn check_size(size: usize) -> Result<(), RuntimeError> {
    if size > MAX_STRING_SIZE {
        Err(RuntimeError::Message(
            "resulting string too large".to_owned(),
        ))
    } else {
        Ok(())
    }
}

/// The host's memory limit in bytes (`usize::MAX` without one): no single object may be
/// larger.
pub(crate) fn memory_limit<S: Storage>(ctx: &VmContext<'_, S>) -> usize {
    ctx.vm.heap.gc.limit.map_or(usize::MAX, |limit| {
        usize::try_from(limit).unwrap_or(usize::MAX)
    })
}

/// The largest string a library function may build: [`MAX_STRING_SIZE`], or the host's
/// memory limit when it is lower.
pub(crate) fn result_limit<S: Storage>(ctx: &VmContext<'_, S>) -> usize {
    MAX_STRING_SIZE.min(memory_limit(ctx))
}

/// Runs a string builder bounded by [`result_limit`]: past a memory limit lower than
/// [`MAX_STRING_SIZE`], its `resulting string too large` becomes `not enough memory`.
pub(crate) fn within_result_limit<S: Storage, T>(
    ctx: &mut VmContext<'_, S>,
    build: impl FnOnce(&mut VmContext<'_, S>, usize) -> Result<T, RuntimeError>,
) -> Result<T, RuntimeError> {
    let limit = result_limit(ctx);
    build(ctx, limit).map_err(|error| match error {
        RuntimeError::Message(text)
            if limit < MAX_STRING_SIZE && text == "resulting string too large" =>
        {
            RuntimeError::OutOfMemory
        }
        other => other,
    })
}

/// Fails with `not enough memory` when a result of `size` bytes could never fit the host's
/// memory limit (checked before building it).
pub(crate) fn check_memory<S: Storage>(
    ctx: &VmContext<'_, S>,
    size: usize,
) -> Result<(), RuntimeError> {
    if size > memory_limit(ctx) {
        Err(RuntimeError::OutOfMemory)
    } else {
        Ok(())
    }
}

/// Stores `value` under the string key `name` in `table` without metamethods (library
/// registration).
pub(crate) fn set_field<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    table: crate::value::TableRef,
    name: &str,
    value: Value,
) {
    let key = Value::String(ctx.create_string(name));
    if let Ok(mut t) = ctx.vm.heap.table_mut(table) {
        let _ = t.set(key, value);
    }
}

/// Upvalue `index` of the running native as a table (a library's state or module table, see
/// `VmContext::create_function_with_upvalues`).
pub(crate) fn table_upvalue<S: Storage>(
    call: &crate::interpreter::CallContext,
    ctx: &VmContext<'_, S>,
    index: usize,
) -> Result<crate::value::TableRef, RuntimeError> {
    match call.upvalue(index, ctx) {
        Value::Table(t) => Ok(t),
        _ => Err(RuntimeError::CorruptHeap),
    }
}
