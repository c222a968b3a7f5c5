//! The base library (lua5.4's `lbaselib.c`): `print`, `type`, `tostring`, `tonumber`, `pcall`,
//! `xpcall`, `error`, `assert`, `select`, the raw accessors, metatables and iteration.
//!
//! Addresses are never printed: `tostring` of a table, function, coroutine or userdata shows
//! its heap id (`table: 0x0000002a`), so output is identical on every machine and in every
//! snapshot.

use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, FunctionRef, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::number::{format_float, format_integer};
use crate::value::numeral::{Number, str_to_number};
use crate::value::{TableRef, float_to_integer};
use std::io::Write;

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

/// `bad argument #n to 'name' (T expected, got U)`, 1-based `n`.
pub(crate) fn type_error(args: &MultiValue, n: usize, name: &str, expected: &str) -> RuntimeError {
    let got = if n > args.len() {
        "no value"
    } else {
        args.get(n - 1).type_name()
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

pub(crate) fn check_table(
    args: &MultiValue,
    n: usize,
    name: &str,
) -> Result<TableRef, RuntimeError> {
    match args.get(n - 1) {
        Value::Table(t) => Ok(t),
        _ => Err(type_error(args, n, name, "table")),
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
        None => Err(type_error(args, n, name, "number")),
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

fn print<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let mut line = Vec::new();
    for (i, &value) in call.args().iter().enumerate() {
        if i > 0 {
            line.push(b'\t');
        }
        line.extend(to_display(ctx, value)?);
    }
    line.push(b'\n');
    let mut out = std::io::stdout().lock();
    // Like lua5.4, a failed write to stdout is not a Lua error.
    let _ = out.write_all(&line).and_then(|()| out.flush());
    Ok(MultiValue::new())
}

fn type_<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let value = check_any(call.args(), 1, "type")?;
    Ok(one(string_value(ctx, value.type_name())))
}

fn tostring<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let value = check_any(call.args(), 1, "tostring")?;
    let text = to_display(ctx, value)?;
    Ok(one(Value::String(ctx.create_string(text))))
}

fn tonumber<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
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
        return Err(type_error(args, 1, "tonumber", "string"));
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
    if negative {
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

fn pcall<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
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

fn xpcall<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let handler = args.get(1);
    if !matches!(handler, Value::Function(_)) {
        return Err(type_error(args, 2, "xpcall", "function"));
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
                match ctx.call_value(handler, one(value)) {
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
            return if native_on_top || f == 0 {
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

fn error<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let level = if args.len() >= 2 && !args.get(1).is_nil() {
        check_integer(ctx, args, 2, "error")?
    } else {
        1
    };
    Err(raise(ctx, args.get(0), level))
}

/// lua5.4's `assert` raises its message like `error(message)` (level 1).
fn assert<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
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

fn select<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let count = args.len() as i64 - 1;
    if let Value::String(s) = args.get(0)
        && ctx.vm.heap.string(s)?.as_bytes() == b"#"
    {
        return Ok(one(Value::Integer(count)));
    }
    let n = check_integer(ctx, args, 1, "select")?;
    let start = if n < 0 {
        if -n > count {
            return Err(arg_error(1, "select", "index out of range"));
        }
        count + n
    } else if n == 0 {
        return Err(arg_error(1, "select", "index out of range"));
    } else {
        (n - 1).min(count)
    };
    Ok(args.iter().skip(1 + start as usize).copied().collect())
}

fn rawequal<S: Storage>(call: CallContext, _: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    check_any(args, 1, "rawequal")?;
    check_any(args, 2, "rawequal")?;
    Ok(one(Value::Bool(args.get(0) == args.get(1))))
}

fn rawget<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = check_table(args, 1, "rawget")?;
    check_any(args, 2, "rawget")?;
    Ok(one(ctx.vm.heap.table(t)?.get(args.get(1))))
}

fn rawset<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = check_table(args, 1, "rawset")?;
    check_any(args, 2, "rawset")?;
    check_any(args, 3, "rawset")?;
    // An error inside the native itself: no position (lua5.4's `luaG_runerror` in C).
    if let Err(error) = ctx.vm.heap.table_mut(t)?.set(args.get(1), args.get(2)) {
        return Err(ctx.string_error(error.to_string()));
    }
    Ok(one(Value::Table(t)))
}

fn rawlen<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let n = match args.get(0) {
        Value::Table(t) => ctx.vm.heap.table(t)?.border() as i64,
        Value::String(s) => ctx.vm.heap.string(s)?.as_bytes().len() as i64,
        _ => return Err(type_error(args, 1, "rawlen", "table or string")),
    };
    Ok(one(Value::Integer(n)))
}

fn setmetatable<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = check_table(args, 1, "setmetatable")?;
    let metatable = match args.get(1) {
        Value::Nil if args.len() >= 2 => None,
        Value::Table(m) => Some(m),
        _ => return Err(type_error(args, 2, "setmetatable", "nil or table")),
    };
    if !ctx
        .metamethod(Value::Table(t), ctx.vm.names.metatable)?
        .is_nil()
    {
        return Err(message("cannot change a protected metatable".to_owned()));
    }
    ctx.vm.heap.table_mut(t)?.set_metatable(metatable);
    Ok(one(Value::Table(t)))
}

fn getmetatable<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
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

fn next<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = check_table(args, 1, "next")?;
    Ok(match ctx.vm.heap.table(t)?.next(args.get(1))? {
        Some((k, v)) => MultiValue::from_iter([k, v]),
        None => one(Value::Nil),
    })
}

fn ipairs_step<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let i = match args.get(1) {
        Value::Integer(i) => i.wrapping_add(1),
        _ => check_integer(ctx, args, 2, "ipairs")?.wrapping_add(1),
    };
    let value = ctx.index(args.get(0), Value::Integer(i))?;
    Ok(if value.is_nil() {
        one(Value::Nil)
    } else {
        MultiValue::from_iter([Value::Integer(i), value])
    })
}

fn load<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let (source, default_name) = match args.get(0) {
        Value::String(s) => {
            let bytes = ctx.vm.heap.string(s)?.as_bytes().to_vec();
            (bytes.clone(), bytes)
        }
        Value::Function(_) => {
            let mut source = Vec::new();
            loop {
                let piece = ctx.call_value(args.get(0), MultiValue::new())?.get(0);
                match piece {
                    Value::Nil => break,
                    Value::String(s) if ctx.vm.heap.string(s)?.as_bytes().is_empty() => break,
                    Value::String(s) => source.extend_from_slice(ctx.vm.heap.string(s)?.as_bytes()),
                    _ => {
                        let text = string_value(ctx, "reader function must return a string");
                        return Ok(MultiValue::from_iter([Value::Nil, text]));
                    }
                }
            }
            (source, b"=(load)".to_vec())
        }
        _ => return Err(type_error(args, 1, "load", "string")),
    };
    let name = match args.get(1) {
        Value::String(s) => ctx.vm.heap.string(s)?.as_bytes().to_vec(),
        _ => default_name,
    };
    if let Value::String(mode) = args.get(2)
        && !ctx.vm.heap.string(mode)?.as_bytes().contains(&b't')
    {
        let mode = String::from_utf8_lossy(ctx.vm.heap.string(mode)?.as_bytes()).into_owned();
        let text = string_value(
            ctx,
            &format!("attempt to load a text chunk (mode is '{mode}')"),
        );
        return Ok(MultiValue::from_iter([Value::Nil, text]));
    }
    let env = if args.len() >= 4 {
        args.get(3)
    } else {
        Value::Table(ctx.default_environment())
    };
    match crate::compiler::compile(&source, &name) {
        Ok(proto) => Ok(one(Value::Function(ctx.load_proto(proto, env)?))),
        Err(error) => {
            let text = string_value(ctx, &error.message);
            Ok(MultiValue::from_iter([Value::Nil, text]))
        }
    }
}

impl<S: Storage> VmContext<'_, S> {
    /// Registers lua5.4's base functions in the global table: `print` (to stdout), `type`,
    /// `tostring`, `tonumber`, `pcall`, `xpcall`, `error`, `assert`, `select`, `rawequal`,
    /// `rawget`, `rawset`, `rawlen`, `setmetatable`, `getmetatable`, `next`, `pairs`, `ipairs`,
    /// `load` (text chunks) and `_G`.
    pub fn open_base_library(&mut self) {
        let globals = self.vm.globals;
        let set = |ctx: &mut Self, name: &str, f: FunctionRef| {
            let key = Value::String(ctx.create_string(name));
            if let Ok(table) = ctx.vm.heap.table_mut(globals) {
                let _ = table.set(key, Value::Function(f));
            }
        };
        macro_rules! register {
            ($($name:literal => $f:expr),* $(,)?) => {$(
                let f = self.create_function($f);
                set(self, $name, f);
            )*};
        }
        register! {
            "print" => print::<S>,
            "type" => type_::<S>,
            "tostring" => tostring::<S>,
            "tonumber" => tonumber::<S>,
            "pcall" => pcall::<S>,
            "xpcall" => xpcall::<S>,
            "error" => error::<S>,
            "assert" => assert::<S>,
            "select" => select::<S>,
            "rawequal" => rawequal::<S>,
            "rawget" => rawget::<S>,
            "rawset" => rawset::<S>,
            "rawlen" => rawlen::<S>,
            "setmetatable" => setmetatable::<S>,
            "getmetatable" => getmetatable::<S>,
            "load" => load::<S>,
        }
        let next_fn = self.create_function(next::<S>);
        set(self, "next", next_fn);
        let pairs = self.create_function(move |call: CallContext, ctx: &mut VmContext<'_, S>| {
            let args = call.args();
            let value = check_any(args, 1, "pairs")?;
            let handler = ctx.metamethod(value, ctx.vm.names.pairs)?;
            if handler.is_nil() {
                return Ok(MultiValue::from_iter([
                    Value::Function(next_fn),
                    value,
                    Value::Nil,
                ]));
            }
            // Errors raised inside a native carry no position (lua5.4's `luaG_runerror` in a
            // C function).
            let results = match ctx.call_value(handler, one(value)) {
                Ok(results) => results,
                Err(error @ RuntimeError::Lua { .. }) => return Err(error),
                Err(error) => return Err(ctx.string_error(error.to_string())),
            };
            Ok(MultiValue::from_iter([
                results.get(0),
                results.get(1),
                results.get(2),
            ]))
        });
        set(self, "pairs", pairs);
        let step = self.create_function(ipairs_step::<S>);
        let ipairs = self.create_function(move |call: CallContext, _: &mut VmContext<'_, S>| {
            let value = check_any(call.args(), 1, "ipairs")?;
            Ok(MultiValue::from_iter([
                Value::Function(step),
                value,
                Value::Integer(0),
            ]))
        });
        set(self, "ipairs", ipairs);
        let key = Value::String(self.create_string("_G"));
        if let Ok(table) = self.vm.heap.table_mut(globals) {
            let _ = table.set(key, Value::Table(globals));
        }
    }
}
