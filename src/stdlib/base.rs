//! The base library (lua5.4's `lbaselib.c`): `print`, `warn`, `type`, `tostring`,
//! `tonumber`, `pcall`, `xpcall`, `error`, `assert`, `select`, the raw accessors, metatables,
//! iteration, `load`, `loadfile`, `dofile`, `collectgarbage` and `_VERSION`.
//!
//! Addresses are never printed: `tostring` of a table, function, coroutine or userdata shows
//! its heap id (`table: 0x0000002a`), so output is identical on every machine and in every
//! snapshot.
//!
//! `print` and `warn` write through the VM's output sinks (`stdlib::output`); `loadfile` and
//! `dofile` read files only through the host's file loader (`stdlib::package`). Binary
//! chunks are Red Moon's own (`string.dump`, [`crate::bytecode::undump_chunk`]); others
//! (PUC Lua's `luac` output) and corrupted ones fail with lua5.4's messages, `NAME: bad
//! binary format (format mismatch)`, `(truncated chunk)`, `(corrupted chunk)`...

use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, FunctionRef, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::number::{format_float, format_integer};
use crate::value::numeral::{Number, str_to_number};
use crate::value::{TableRef, float_to_integer};

pub(crate) type NativeResult = Result<MultiValue, RuntimeError>;

fn message(text: String) -> RuntimeError {
    RuntimeError::Message(text)
}

/// `bad argument #n to 'name' (msg)`.
pub(crate) fn arg_error(n: usize, name: &str, msg: &str) -> RuntimeError {
    RuntimeError::BadArgument {
        argument: n,
        function: name.to_owned(),
        message: msg.to_owned(),
    }
}

/// `bad argument #n to 'name' (T expected, got U)`, 1-based `n` (lua5.4's
/// `luaL_typeerror`: U is the value's metatable `__name` when that is a string).
pub(crate) fn type_error<S: Storage>(
    ctx: &VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
    expected: &str,
) -> RuntimeError {
    let got = if n > args.len() {
        "no value".to_owned()
    } else {
        let value = args.get(n - 1);
        match ctx.metamethod(value, ctx.vm.names.name) {
            Ok(Value::String(s)) => match ctx.vm.heap.string(s) {
                Ok(s) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
                Err(_) => value.type_name().to_owned(),
            },
            _ => value.type_name().to_owned(),
        }
    };
    arg_error(n, name, &format!("{expected} expected, got {got}"))
}

fn check_any(args: &MultiValue, n: usize, name: &str) -> Result<Value, RuntimeError> {
    if n > args.len() {
        Err(arg_error(n, name, "value expected"))
    } else {
        Ok(args.get(n - 1))
    }
}

pub(crate) fn check_table<S: Storage>(
    ctx: &VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
) -> Result<TableRef, RuntimeError> {
    match args.get(n - 1) {
        Value::Table(t) => Ok(t),
        _ => Err(type_error(ctx, args, n, name, "table")),
    }
}

/// `luaL_checkinteger`: integers, integral floats and numeric strings.
pub(crate) fn check_integer<S: Storage>(
    ctx: &VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
) -> Result<i64, RuntimeError> {
    let value = args.get(n - 1);
    let number = match value {
        Value::Integer(i) => Some(Number::Integer(i)),
        Value::Float(f) => Some(Number::Float(f)),
        Value::String(s) => str_to_number(ctx.vm.heap.string(s)?.as_bytes()),
        _ => None,
    };
    match number {
        Some(Number::Integer(i)) => Ok(i),
        Some(Number::Float(f)) => float_to_integer(f)
            .ok_or_else(|| arg_error(n, name, "number has no integer representation")),
        None => Err(type_error(ctx, args, n, name, "number")),
    }
}

pub(crate) fn one(value: Value) -> MultiValue {
    MultiValue::from_iter([value])
}

pub(crate) fn string_value<S: Storage>(ctx: &mut VmContext<'_, S>, text: &str) -> Value {
    Value::String(ctx.create_string(text))
}

/// `tostring(value)` as bytes: `__tostring`, then `__name`, then the default form.
pub(crate) fn to_display<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    value: Value,
) -> Result<Vec<u8>, RuntimeError> {
    let handler = ctx.metamethod(value, ctx.vm.names.tostring)?;
    if !handler.is_nil() {
        let result = ctx.call_value(handler, one(value))?.get(0);
        return match result {
            Value::String(s) => Ok(ctx.vm.heap.string(s)?.as_bytes().to_vec()),
            Value::Integer(i) => Ok(format_integer(i).into_bytes()),
            Value::Float(f) => Ok(format_float(f).into_bytes()),
            _ => Err(message("'__tostring' must return a string".to_owned())),
        };
    }
    let kind = match ctx.metamethod(value, ctx.vm.names.name)? {
        Value::String(s) => Some(ctx.vm.heap.string(s)?.as_bytes().to_vec()),
        _ => None,
    };
    let address = |kind: &[u8], id: u32| {
        let mut text = kind.to_vec();
        text.extend_from_slice(format!(": 0x{id:08x}").as_bytes());
        text
    };
    Ok(match value {
        Value::Nil => b"nil".to_vec(),
        Value::Bool(b) => {
            if b {
                b"true".to_vec()
            } else {
                b"false".to_vec()
            }
        }
        Value::Integer(i) => format_integer(i).into_bytes(),
        Value::Float(f) => format_float(f).into_bytes(),
        Value::String(s) => ctx.vm.heap.string(s)?.as_bytes().to_vec(),
        Value::Table(t) => address(kind.as_deref().unwrap_or(b"table"), t.id()),
        Value::Function(f) => address(b"function", f.id()),
        Value::Coroutine(c) => address(b"thread", c.id()),
        Value::HostData(h) => address(kind.as_deref().unwrap_or(b"userdata"), h.id()),
    })
}

pub(crate) fn print<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let mut line = Vec::new();
    for (i, &value) in call.args().iter().enumerate() {
        if i > 0 {
            line.push(b'\t');
        }
        line.extend(to_display(ctx, value)?);
        // The line is Rust memory the heap does not count (one argument repeated many
        // times would multiply it).
        crate::stdlib::args::check_memory(ctx, line.len())?;
    }
    line.push(b'\n');
    ctx.vm.output.print(&line);
    Ok(MultiValue::new())
}

/// `warn(msg1, ...)`: every argument must be a string (or a number).
pub(crate) fn warn<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let mut pieces = Vec::new();
    let mut total = 0usize;
    for n in 1..=args.len().max(1) {
        let piece = opt_bytes(ctx, args, n, "warn", None)?;
        total = total.saturating_add(piece.len());
        crate::stdlib::args::check_memory(ctx, total)?;
        pieces.push(piece);
    }
    let pieces: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
    ctx.vm.output.warn(&pieces);
    Ok(MultiValue::new())
}

pub(crate) fn type_<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let value = check_any(call.args(), 1, "type")?;
    Ok(one(string_value(ctx, value.type_name())))
}

pub(crate) fn tostring<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let value = check_any(call.args(), 1, "tostring")?;
    let text = to_display(ctx, value)?;
    Ok(one(Value::String(ctx.create_string(text))))
}

pub(crate) fn tonumber<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    if args.len() < 2 || args.get(1).is_nil() {
        let value = check_any(args, 1, "tonumber")?;
        return Ok(one(match value {
            Value::Integer(_) | Value::Float(_) => value,
            Value::String(s) => match str_to_number(ctx.vm.heap.string(s)?.as_bytes()) {
                Some(Number::Integer(i)) => Value::Integer(i),
                Some(Number::Float(f)) => Value::Float(f),
                None => Value::Nil,
            },
            _ => Value::Nil,
        }));
    }
    let base = check_integer(ctx, args, 2, "tonumber")?;
    let Value::String(s) = args.get(0) else {
        return Err(type_error(ctx, args, 1, "tonumber", "string"));
    };
    if !(2..=36).contains(&base) {
        return Err(arg_error(2, "tonumber", "base out of range"));
    }
    let bytes = ctx.vm.heap.string(s)?.as_bytes();
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let start = bytes
        .iter()
        .position(|b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    let mut text = &bytes[start..end.max(start)];
    let negative = text.first() == Some(&b'-');
    if negative || text.first() == Some(&b'+') {
        text = &text[1..];
    }
    if text.is_empty() {
        return Ok(one(Value::Nil));
    }
    let mut n: i64 = 0;
    for &b in text {
        let digit = match b {
            b'0'..=b'9' => i64::from(b - b'0'),
            b'a'..=b'z' => i64::from(b - b'a') + 10,
            b'A'..=b'Z' => i64::from(b - b'A') + 10,
            _ => return Ok(one(Value::Nil)),
        };
        if digit >= base {
            return Ok(one(Value::Nil));
        }
        n = n.wrapping_mul(base).wrapping_add(digit);
    }
    Ok(one(Value::Integer(if negative {
        n.wrapping_neg()
    } else {
        n
    })))
}

pub(crate) fn pcall<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let callee = check_any(args, 1, "pcall")?;
    let rest: MultiValue = args.iter().skip(1).copied().collect();
    ctx.vm.protections.push((None, false));
    let result = protected_call(ctx, callee, rest, None)?;
    ctx.vm.protections.pop();
    match result {
        Ok(results) => {
            let mut out = one(Value::Bool(true));
            for value in results {
                out.push_back(value);
            }
            Ok(out)
        }
        Err(error) => {
            let value = ctx.error_value(&error);
            Ok(MultiValue::from_iter([Value::Bool(false), value]))
        }
    }
}

/// The protected call of `pcall`/`xpcall`: a yield may cross it (the protection stays on
/// the coroutine's stack and the continuation finishes the call when the coroutine resumes).
fn protected_call<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    callee: Value,
    args: MultiValue,
    handler: Option<Value>,
) -> Result<Result<MultiValue, RuntimeError>, RuntimeError> {
    ctx.vm.non_yieldable -= 1;
    let result = ctx.call_value(callee, args);
    ctx.vm.non_yieldable += 1;
    if let Err(RuntimeError::Yield) = result {
        ctx.vm.conts.push(crate::heap::Cont::Protected { handler });
        return Err(RuntimeError::Yield);
    }
    Ok(result)
}

pub(crate) fn xpcall<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let handler = args.get(1);
    if !matches!(handler, Value::Function(_)) {
        return Err(type_error(ctx, args, 2, "xpcall", "function"));
    }
    let callee = args.get(0);
    let rest: MultiValue = args.iter().skip(2).copied().collect();
    ctx.vm.protections.push((Some(handler), false));
    let result = protected_call(ctx, callee, rest, Some(handler))?;
    let handled = ctx.vm.protections.pop().is_some_and(|(_, handled)| handled);
    match result {
        Ok(results) => {
            let mut out = one(Value::Bool(true));
            for value in results {
                out.push_back(value);
            }
            Ok(out)
        }
        Err(error) => {
            let value = ctx.error_value(&error);
            let value = if handled {
                value
            } else {
                // An error raised outside Lua code (e.g. by a native called directly).
                match ctx.call_handler(handler, value) {
                    Ok(results) => results.get(0),
                    Err(_) => string_value(ctx, "error in error handling"),
                }
            };
            Ok(MultiValue::from_iter([Value::Bool(false), value]))
        }
    }
}

/// `luaL_where(L, level)`: the position of the function `level` levels up the call stack
/// from the running native (0: the native itself, 1: its caller, ...), or nothing when that
/// function is not a Lua function. Natives and Lua frames interleave: a native sits above the
/// Lua frames that existed when it was called.
pub(crate) fn where_<S: Storage>(ctx: &VmContext<'_, S>, level: i64) -> String {
    let frames = ctx.vm.frames.len();
    let natives = &ctx.vm.native_calls;
    let (mut f, mut n) = (frames, natives.len());
    let mut current = 0;
    loop {
        let native_on_top = n > 0 && natives[n - 1].0 as usize >= f;
        if current == level {
            // lua5.4's `luaL_where`: no position without line information.
            return if native_on_top || f == 0 || ctx.current_line(f - 1).is_none() {
                String::new()
            } else {
                ctx.position(f - 1)
            };
        }
        if native_on_top {
            n -= 1;
        } else if f > 0 {
            f -= 1;
        } else {
            return String::new();
        }
        current += 1;
    }
}

/// `error(value, level)`: string values get the position of the function `level` levels up.
fn raise<S: Storage>(ctx: &mut VmContext<'_, S>, value: Value, level: i64) -> RuntimeError {
    if let Value::String(s) = value
        && level > 0
    {
        let position = where_(ctx, level);
        if !position.is_empty() {
            let mut text = position.into_bytes();
            if let Ok(s) = ctx.vm.heap.string(s) {
                text.extend_from_slice(s.as_bytes());
            }
            let value = Value::String(ctx.create_string(text));
            return ctx.value_error(value);
        }
    }
    ctx.value_error(value)
}

pub(crate) fn error<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let level = if args.len() >= 2 && !args.get(1).is_nil() {
        // lua5.4 keeps the level in a C `int`.
        i64::from(check_integer(ctx, args, 2, "error")? as i32)
    } else {
        1
    };
    Err(raise(ctx, args.get(0), level))
}

/// lua5.4's `assert` raises its message like `error(message)` (level 1).
pub(crate) fn assert<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let value = check_any(args, 1, "assert")?;
    if value.is_truthy() {
        return Ok(args.clone());
    }
    let message = if args.len() >= 2 {
        args.get(1)
    } else {
        string_value(ctx, "assertion failed!")
    };
    Err(raise(ctx, message, 1))
}

pub(crate) fn select<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let count = args.len() as i64 - 1;
    // lua5.4 looks only at the first character: `select("#x", ...)` counts too.
    if let Value::String(s) = args.get(0)
        && ctx.vm.heap.string(s)?.as_bytes().first() == Some(&b'#')
    {
        return Ok(one(Value::Integer(count)));
    }
    let n = check_integer(ctx, args, 1, "select")?;
    // lua5.4: `n` counts from the end when negative (`top + n`, with `top` counting the index
    // argument itself, so no overflow), and is clipped to `top`.
    let top = count + 1;
    let n = if n < 0 { top + n } else { n.min(top) };
    if n < 1 {
        return Err(arg_error(1, "select", "index out of range"));
    }
    Ok(args.iter().skip(n as usize).copied().collect())
}

pub(crate) fn rawequal<S: Storage>(call: CallContext, _: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    check_any(args, 1, "rawequal")?;
    check_any(args, 2, "rawequal")?;
    Ok(one(Value::Bool(args.get(0) == args.get(1))))
}

pub(crate) fn rawget<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = check_table(ctx, args, 1, "rawget")?;
    check_any(args, 2, "rawget")?;
    Ok(one(ctx.vm.heap.table(t)?.get(args.get(1))))
}

pub(crate) fn rawset<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = check_table(ctx, args, 1, "rawset")?;
    check_any(args, 2, "rawset")?;
    check_any(args, 3, "rawset")?;
    // An error inside the native itself: no position (lua5.4's `luaG_runerror` in C).
    let set = ctx.vm.heap.table_mut(t)?.set(args.get(1), args.get(2));
    if let Err(error) = set {
        return Err(ctx.string_error(error.to_string()));
    }
    Ok(one(Value::Table(t)))
}

pub(crate) fn rawlen<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let n = match args.get(0) {
        Value::Table(t) => ctx.vm.heap.table(t)?.border() as i64,
        Value::String(s) => ctx.vm.heap.string(s)?.as_bytes().len() as i64,
        _ => return Err(type_error(ctx, args, 1, "rawlen", "table or string")),
    };
    Ok(one(Value::Integer(n)))
}

pub(crate) fn setmetatable<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let args = call.args();
    let t = check_table(ctx, args, 1, "setmetatable")?;
    let metatable = match args.get(1) {
        Value::Nil if args.len() >= 2 => None,
        Value::Table(m) => Some(m),
        _ => return Err(type_error(ctx, args, 2, "setmetatable", "nil or table")),
    };
    if !ctx
        .metamethod(Value::Table(t), ctx.vm.names.metatable)?
        .is_nil()
    {
        return Err(message("cannot change a protected metatable".to_owned()));
    }
    ctx.vm.heap.table_mut(t)?.set_metatable(metatable);
    ctx.vm.check_finalizer(Value::Table(t), metatable);
    Ok(one(Value::Table(t)))
}

pub(crate) fn getmetatable<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let value = check_any(call.args(), 1, "getmetatable")?;
    let Some(metatable) = ctx.metatable_of(value)? else {
        return Ok(one(Value::Nil));
    };
    let protected = ctx
        .vm
        .heap
        .table(metatable)?
        .get_string(ctx.vm.names.metatable);
    Ok(one(if protected.is_nil() {
        Value::Table(metatable)
    } else {
        protected
    }))
}

pub(crate) fn next<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = check_table(ctx, args, 1, "next")?;
    // Raised inside the native: no position (lua5.4's `luaG_runerror` in a C function).
    let entry = match ctx.vm.heap.table(t)?.next(args.get(1)) {
        Ok(entry) => entry,
        Err(RuntimeError::InvalidNextKey) => {
            return Err(ctx.string_error(RuntimeError::InvalidNextKey.to_string()));
        }
        Err(error) => return Err(error),
    };
    Ok(match entry {
        Some((k, v)) => MultiValue::from_iter([k, v]),
        None => one(Value::Nil),
    })
}

pub(crate) fn ipairs_step<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let args = call.args();
    let i = match args.get(1) {
        Value::Integer(i) => i.wrapping_add(1),
        _ => check_integer(ctx, args, 2, "ipairs")?.wrapping_add(1),
    };
    // An indexing error raised inside a native carries no position (lua5.4's `luaG_runerror`
    // in a C function).
    let value = match ctx.index(args.get(0), Value::Integer(i)) {
        Ok(value) => value,
        Err(error @ (RuntimeError::Lua { .. } | RuntimeError::Yield)) => return Err(error),
        Err(error) => return Err(ctx.string_error(error.to_string())),
    };
    Ok(if value.is_nil() {
        one(Value::Nil)
    } else {
        MultiValue::from_iter([Value::Integer(i), value])
    })
}

/// The bytes before the first zero byte: lua5.4 handles mode strings, chunk names in some
/// messages, file names and warnings as C strings.
pub(crate) fn c_string(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    &bytes[..end]
}

/// `luaL_checklstring` (`default` `None`) or `luaL_optlstring` (nil or absent gives
/// `default`): a string argument's bytes, numbers converted.
pub(crate) fn opt_bytes<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
    default: Option<&[u8]>,
) -> Result<Vec<u8>, RuntimeError> {
    if let Some(default) = default
        && args.get(n - 1).is_nil()
    {
        return Ok(default.to_vec());
    }
    let s = crate::stdlib::args::check_string(ctx, args, n, name)?;
    Ok(ctx.vm.heap.string(s)?.as_bytes().to_vec())
}

/// lua5.4's `luaL_error` raised by a native: `message` with the position of the native's
/// caller when that is a Lua function (`chunk:line: `), as a Lua string error object (any
/// bytes, no further position added).
pub(crate) fn located_error<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    message: &[u8],
) -> RuntimeError {
    let mut text = where_(ctx, 1).into_bytes();
    text.extend_from_slice(message);
    let value = Value::String(ctx.create_string(text));
    ctx.value_error(value)
}

fn fail_with(message: Value) -> MultiValue {
    MultiValue::from_iter([Value::Nil, message])
}

/// lua5.4's `lua_load` plus `load_aux`: checks `mode` (`None`: any), undumps binary chunks
/// or compiles text, and sets the first upvalue to `env` (the globals when `None`). A failure is the
/// error message as a Lua value (load's second result).
pub(crate) fn load_chunk<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    source: &[u8],
    chunk_name: &[u8],
    mode: Option<&[u8]>,
    env: Option<Value>,
) -> Result<Result<FunctionRef, Value>, RuntimeError> {
    let binary = source.first() == Some(&0x1b);
    let kind = if binary { "binary" } else { "text" };
    if let Some(mode) = mode {
        let mode = c_string(mode);
        if !mode.contains(&kind.as_bytes()[0]) {
            let mut text = format!("attempt to load a {kind} chunk (mode is '").into_bytes();
            text.extend_from_slice(mode);
            text.extend_from_slice(b"')");
            return Ok(Err(Value::String(ctx.create_string(text))));
        }
    }
    if binary {
        // lua5.4's undump names the chunk this way in its `bad binary format` messages.
        let name: &[u8] = match chunk_name.first() {
            Some(b'@' | b'=') => &chunk_name[1..],
            Some(0x1b) => b"binary string",
            _ => chunk_name,
        };
        return match crate::bytecode::undump_chunk(source) {
            Ok(proto) => {
                let env = env.unwrap_or(Value::Table(ctx.default_environment()));
                Ok(Ok(ctx.load_proto(proto, env)?))
            }
            Err(error) => {
                let mut text = c_string(name).to_vec();
                text.extend_from_slice(format!(": bad binary format ({error})").as_bytes());
                Ok(Err(Value::String(ctx.create_string(text))))
            }
        };
    }
    match crate::compiler::compile(source, chunk_name) {
        Ok(proto) => {
            let env = env.unwrap_or(Value::Table(ctx.default_environment()));
            Ok(Ok(ctx.load_proto(proto, env)?))
        }
        Err(error) => Ok(Err(Value::String(ctx.create_string(error.message)))),
    }
}

/// The error value of a failed call of `load`'s reader. lua5.4 loads under a protected call
/// that keeps the current message handler: an enclosing `xpcall`'s handler runs on the error
/// (once), and remains armed for later errors of its body.
fn reader_error<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    error: RuntimeError,
    handled_before: Option<bool>,
) -> Value {
    let error = ctx.handle_error(error);
    if let (Some(before), Some(last)) = (handled_before, ctx.vm.protections.last_mut()) {
        last.1 = before;
    }
    ctx.error_value(&error)
}

/// Calls `load`'s reader until it returns nil or an empty string; the concatenated pieces,
/// or the error value load returns.
fn read_chunk<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    reader: Value,
) -> Result<Result<Vec<u8>, Value>, RuntimeError> {
    let mut source = Vec::new();
    loop {
        let handled = ctx.vm.protections.last().map(|&(_, handled)| handled);
        let piece = match ctx.call_value(reader, MultiValue::new()) {
            Ok(results) => results.get(0),
            Err(error) => return Ok(Err(reader_error(ctx, error, handled))),
        };
        let size = source.len();
        match piece {
            Value::Nil => break,
            Value::String(s) => source.extend_from_slice(ctx.vm.heap.string(s)?.as_bytes()),
            Value::Integer(i) => source.extend_from_slice(format_integer(i).as_bytes()),
            Value::Float(f) => source.extend_from_slice(format_float(f).as_bytes()),
            _ => {
                let error = located_error(ctx, b"reader function must return a string");
                return Ok(Err(reader_error(ctx, error, handled)));
            }
        }
        if source.len() == size {
            break;
        }
        // The pieces gathered so far are Rust memory the heap does not count: they answer to
        // the string size limit and to the host's memory limit.
        if crate::stdlib::args::check_size(source.len()).is_err()
            || crate::stdlib::args::check_memory(ctx, source.len()).is_err()
        {
            let text = RuntimeError::OutOfMemory.to_string();
            return Ok(Err(string_value(ctx, &text)));
        }
    }
    Ok(Ok(source))
}

/// `load(chunk [, chunkname [, mode [, env]]])`.
pub(crate) fn load<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    // lua5.4's order: the chunk as a string (numbers converted), the mode, the chunk name,
    // then the reader's type.
    let chunk = match args.get(0) {
        Value::String(s) => Some(ctx.vm.heap.string(s)?.as_bytes().to_vec()),
        Value::Integer(i) => Some(format_integer(i).into_bytes()),
        Value::Float(f) => Some(format_float(f).into_bytes()),
        _ => None,
    };
    let mode = opt_bytes(ctx, args, 3, "load", Some(b"bt"))?;
    let env = (args.len() >= 4).then(|| args.get(3));
    let (source, name) = match chunk {
        Some(source) => {
            let name = opt_bytes(ctx, args, 2, "load", Some(&source))?;
            (source, name)
        }
        None => {
            let name = opt_bytes(ctx, args, 2, "load", Some(b"=(load)"))?;
            let reader = args.get(0);
            if !matches!(reader, Value::Function(_)) {
                return Err(type_error(ctx, args, 1, "load", "function"));
            }
            match read_chunk(ctx, reader)? {
                Ok(source) => (source, name),
                Err(error) => return Ok(fail_with(error)),
            }
        }
    };
    Ok(match load_chunk(ctx, &source, &name, Some(&mode), env)? {
        Ok(f) => one(Value::Function(f)),
        Err(error) => fail_with(error),
    })
}

/// A file name argument: `None` when nil or absent (lua5.4's standard input).
fn opt_file_name<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
) -> Result<Option<Vec<u8>>, RuntimeError> {
    if args.get(n - 1).is_nil() {
        Ok(None)
    } else {
        opt_bytes(ctx, args, n, name, None).map(Some)
    }
}

/// `loadfile([filename [, mode [, env]]])`, through the host's file loader.
pub(crate) fn loadfile<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let file = opt_file_name(ctx, args, 1, "loadfile")?;
    let mode = opt_file_name(ctx, args, 2, "loadfile")?;
    let env = (args.len() >= 3).then(|| args.get(2));
    let loaded = crate::stdlib::package::load_file(ctx, file.as_deref(), mode.as_deref(), env)?;
    Ok(match loaded {
        Ok(f) => one(Value::Function(f)),
        Err(error) => fail_with(error),
    })
}

/// `dofile([filename])`, through the host's file loader: runs the chunk and returns its
/// results; a load failure is raised as the message alone (lua5.4's `lua_error`). Unlike
/// lua5.4, the chunk cannot yield across `dofile`.
pub(crate) fn dofile<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let file = opt_file_name(ctx, call.args(), 1, "dofile")?;
    match crate::stdlib::package::load_file(ctx, file.as_deref(), None, None)? {
        Ok(f) => {
            // The chunk may yield (lua5.4 runs it with a continuation).
            ctx.vm.non_yieldable -= 1;
            let result = ctx.call_function(f, MultiValue::new());
            ctx.vm.non_yieldable += 1;
            if let Err(RuntimeError::Yield) = result {
                ctx.vm.conts.push(crate::heap::Cont::PassResults);
            }
            result
        }
        Err(error) => Err(ctx.value_error(error)),
    }
}

/// `pairs(t)`: `__pairs`, else `next, t, nil` (upvalue 0: `next`).
pub(crate) fn pairs<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let value = check_any(args, 1, "pairs")?;
    let handler = ctx.metamethod(value, ctx.vm.names.pairs)?;
    if handler.is_nil() {
        return Ok(MultiValue::from_iter([
            call.upvalue(0, ctx),
            value,
            Value::Nil,
        ]));
    }
    // `__pairs` may yield (lua5.4 calls it with a continuation): the `Adjust` continuation
    // finishes `pairs` when the coroutine resumes.
    ctx.vm.non_yieldable -= 1;
    let called = ctx.call_value(handler, one(value));
    ctx.vm.non_yieldable += 1;
    // Errors raised inside a native carry no position (lua5.4's `luaG_runerror` in a C
    // function).
    let results = match called {
        Ok(results) => results,
        Err(RuntimeError::Yield) => {
            ctx.vm.conts.push(crate::heap::Cont::Adjust { count: 3 });
            return Err(RuntimeError::Yield);
        }
        Err(error @ RuntimeError::Lua { .. }) => return Err(error),
        Err(error) => return Err(ctx.string_error(error.to_string())),
    };
    Ok(MultiValue::from_iter([
        results.get(0),
        results.get(1),
        results.get(2),
    ]))
}

/// `ipairs(t)`: the stepping function (upvalue 0), `t`, 0.
pub(crate) fn ipairs<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let value = check_any(call.args(), 1, "ipairs")?;
    Ok(MultiValue::from_iter([
        call.upvalue(0, ctx),
        value,
        Value::Integer(0),
    ]))
}

impl<S: Storage> VmContext<'_, S> {
    /// Registers lua5.4's base functions in the global table: `print` and `warn` (to the
    /// VM's output sinks: standard output and standard error unless the host set others, see
    /// [`set_print_sink`](Self::set_print_sink)), `type`, `tostring`, `tonumber`, `pcall`,
    /// `xpcall`, `error`, `assert`, `select`, `rawequal`, `rawget`, `rawset`, `rawlen`,
    /// `setmetatable`, `getmetatable`, `next`, `pairs`, `ipairs`, `load` (text chunks),
    /// `loadfile` and `dofile` (through the host's file loader only, see
    /// [`set_file_loader`](Self::set_file_loader)), `collectgarbage`, `_G` and `_VERSION`.
    pub fn open_base_library(&mut self) {
        let globals = self.vm.globals;
        let set = |ctx: &mut Self, name: &str, f: FunctionRef| {
            let key = Value::String(ctx.create_string(name));
            if let Ok(mut table) = ctx.vm.heap.table_mut(globals) {
                let _ = table.set(key, Value::Function(f));
            }
        };
        macro_rules! register {
            ($($name:literal),* $(,)?) => {$(
                let f = self.create_builtin(concat!("std:", $name), []);
                set(self, $name, f);
            )*};
        }
        register!(
            "print",
            "warn",
            "type",
            "tostring",
            "tonumber",
            "pcall",
            "xpcall",
            "error",
            "assert",
            "select",
            "rawequal",
            "rawget",
            "rawset",
            "rawlen",
            "setmetatable",
            "getmetatable",
            "load",
            "loadfile",
            "dofile",
            "collectgarbage",
        );
        let next_fn = self.create_builtin("std:next", []);
        set(self, "next", next_fn);
        let pairs = self.create_builtin("std:pairs", [Value::Function(next_fn)]);
        set(self, "pairs", pairs);
        let step = self.create_builtin("std:ipairs#step", []);
        let ipairs = self.create_builtin("std:ipairs", [Value::Function(step)]);
        set(self, "ipairs", ipairs);
        let key = Value::String(self.create_string("_G"));
        if let Ok(mut table) = self.vm.heap.table_mut(globals) {
            let _ = table.set(key, Value::Table(globals));
        }
        let key = Value::String(self.create_string("_VERSION"));
        let version = Value::String(self.create_string("Lua 5.4"));
        if let Ok(mut table) = self.vm.heap.table_mut(globals) {
            let _ = table.set(key, version);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpreter::Vm;

    fn load_error(source: &[u8], name: &[u8], mode: Option<&[u8]>) -> String {
        let mut vm = Vm::default();
        let ctx = &mut vm.context();
        match load_chunk(ctx, source, name, mode, None).unwrap() {
            Ok(_) => "loaded".to_owned(),
            Err(Value::String(s)) => String::from_utf8_lossy(s.as_bytes(ctx).unwrap()).into(),
            Err(other) => format!("non-string {}", other.type_name()),
        }
    }

    #[test]
    fn load_chunk_checks_modes_as_c_strings() {
        assert_eq!(load_error(b"return 1", b"=c", Some(b"t")), "loaded");
        assert_eq!(load_error(b"return 1", b"=c", None), "loaded");
        assert_eq!(
            load_error(b"return 1", b"=c", Some(b"b\0t")),
            "attempt to load a text chunk (mode is 'b')"
        );
        assert_eq!(
            load_error(b"\x1bLua", b"=c", Some(b"")),
            "attempt to load a binary chunk (mode is '')"
        );
    }

    #[test]
    fn bad_binary_chunks_are_refused_with_lua_chunk_names() {
        let refused = "bad binary format (format mismatch)";
        let cases: [(&[u8], &str); 4] = [
            (b"=name", "name"),
            (b"@dir/file.luac", "dir/file.luac"),
            (b"\x1bLua\x54", "binary string"),
            (b"plain\0cut", "plain"),
        ];
        for (name, shown) in cases {
            assert_eq!(
                load_error(b"\x1bLua\x54\x00", name, None),
                format!("{shown}: {refused}")
            );
        }
    }

    #[test]
    fn c_string_stops_at_zero() {
        assert_eq!(c_string(b"ab\0cd"), b"ab");
        assert_eq!(c_string(b"abc"), b"abc");
        assert_eq!(c_string(b"\0"), b"");
    }
}
