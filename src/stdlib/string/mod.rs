//! lua5.4's `string` library (`lstrlib.c`), split by job:
//! - this module: byte-level functions (`len`, `sub`, `byte`, `char`, `rep`, `reverse`,
//!   `lower`, `upper`), registration and the string metatable (`("x"):upper()`);
//! - `pattern`: the pattern-matching engine; `matching`: `find`, `match`, `gmatch`, `gsub`;
//! - `format`: `string.format`;
//! - `pack`: `string.pack`, `string.packsize`, `string.unpack`;
//! - `dump`: `string.dump`.

pub(crate) mod dump;
pub(crate) mod format;
pub(crate) mod matching;
pub(crate) mod pack;
mod pattern;

use super::args::{MAX_STRING_SIZE, check_bytes, check_size, check_string, opt_integer, set_field};
use super::base::{NativeResult, arg_error, check_integer, one};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::StringRef;
use crate::value::arith::ArithOp;
use crate::value::numeral::{Number, str_to_number};

/// lua5.4's `posrelatI`: a 1-based start position, negative counting from the end, clipped
/// below at 1.
pub(crate) fn start_position(pos: i64, len: usize) -> usize {
    if pos > 0 {
        pos as usize
    } else if pos == 0 || pos < -(len as i64) {
        1
    } else {
        (len as i64 + pos + 1) as usize
    }
}

/// lua5.4's `getendpos`: an end position, negative counting from the end, clipped to `len`.
pub(crate) fn end_position(pos: i64, len: usize) -> usize {
    if pos > len as i64 {
        len
    } else if pos >= 0 {
        pos as usize
    } else if pos < -(len as i64) {
        0
    } else {
        (len as i64 + pos + 1) as usize
    }
}

fn new_string<S: Storage>(ctx: &mut VmContext<'_, S>, bytes: impl AsRef<[u8]>) -> MultiValue {
    one(Value::String(ctx.create_string(bytes)))
}

/// The bytes of string `s` (borrowed from the heap: copy only what is needed).
fn bytes_of<'a, S: Storage>(
    ctx: &'a VmContext<'_, S>,
    s: StringRef,
) -> Result<&'a [u8], RuntimeError> {
    Ok(ctx.vm.heap.string(s)?.as_bytes())
}

pub(crate) fn len<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let s = check_string(ctx, call.args(), 1, "string.len")?;
    Ok(one(Value::Integer(bytes_of(ctx, s)?.len() as i64)))
}

pub(crate) fn sub<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let s = check_string(ctx, args, 1, "string.sub")?;
    let len = bytes_of(ctx, s)?.len();
    let start = start_position(check_integer(ctx, args, 2, "string.sub")?, len);
    let end = end_position(opt_integer(ctx, args, 3, "string.sub", -1)?, len);
    if start > end {
        Ok(new_string(ctx, b""))
    } else if start == 1 && end == len {
        Ok(one(Value::String(s)))
    } else {
        let slice = bytes_of(ctx, s)?[start - 1..end].to_vec();
        Ok(new_string(ctx, slice))
    }
}

pub(crate) fn byte<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let s = check_string(ctx, args, 1, "string.byte")?;
    let s = bytes_of(ctx, s)?;
    let first = opt_integer(ctx, args, 2, "string.byte", 1)?;
    let start = start_position(first, s.len());
    let end = end_position(opt_integer(ctx, args, 3, "string.byte", first)?, s.len());
    if start > end {
        return Ok(MultiValue::new());
    }
    if end - start >= 1_000_000 {
        return Err(RuntimeError::Message(
            "stack overflow (string slice too long)".to_owned(),
        ));
    }
    Ok(s[start - 1..end]
        .iter()
        .map(|&b| Value::Integer(i64::from(b)))
        .collect())
}

pub(crate) fn char<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let mut out = Vec::with_capacity(args.len());
    for n in 1..=args.len() {
        let c = check_integer(ctx, args, n, "string.char")?;
        match u8::try_from(c) {
            Ok(b) => out.push(b),
            Err(_) => return Err(arg_error(n, "string.char", "value out of range")),
        }
    }
    Ok(new_string(ctx, out))
}

pub(crate) fn rep<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let s = check_string(ctx, args, 1, "string.rep")?;
    let n = check_integer(ctx, args, 2, "string.rep")?;
    let sep = if args.get(2).is_nil() {
        Vec::new()
    } else {
        check_bytes(ctx, args, 3, "string.rep")?
    };
    if n <= 0 {
        return Ok(new_string(ctx, b""));
    }
    let s = bytes_of(ctx, s)?;
    let n = n as u64;
    let piece = (s.len() + sep.len()) as u64;
    // lua5.4's test: each piece with its separator must fit `MAXSIZE / n`.
    if piece > MAX_STRING_SIZE as u64 / n {
        return Err(RuntimeError::Message(
            "resulting string too large".to_owned(),
        ));
    }
    let total = piece * n - sep.len() as u64;
    check_size(total as usize)?;
    crate::stdlib::args::check_memory(ctx, total as usize)?;
    let mut out = Vec::with_capacity(total as usize);
    for i in 0..n {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(s);
    }
    Ok(new_string(ctx, out))
}

pub(crate) fn reverse<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let mut s = check_bytes(ctx, call.args(), 1, "string.reverse")?;
    s.reverse();
    Ok(new_string(ctx, s))
}

pub(crate) fn lower<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let mut s = check_bytes(ctx, call.args(), 1, "string.lower")?;
    s.make_ascii_lowercase();
    Ok(new_string(ctx, s))
}

pub(crate) fn upper<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let mut s = check_bytes(ctx, call.args(), 1, "string.upper")?;
    s.make_ascii_uppercase();
    Ok(new_string(ctx, s))
}

/// A string operand of an arithmetic metamethod converted to a number (lua5.4's `tonum`).
fn arith_operand<S: Storage>(
    ctx: &VmContext<'_, S>,
    value: Value,
) -> Result<Option<Value>, RuntimeError> {
    Ok(match value {
        Value::Integer(_) | Value::Float(_) => Some(value),
        Value::String(s) => match str_to_number(ctx.vm.heap.string(s)?.as_bytes()) {
            Some(Number::Integer(i)) => Some(Value::Integer(i)),
            Some(Number::Float(f)) => Some(Value::Float(f)),
            None => None,
        },
        _ => None,
    })
}

/// The string metatable's arithmetic metamethods (lua5.4's `arith_add`, ...): numeric strings
/// take part in arithmetic; otherwise the other operand's metamethod is tried (`trymt`).
fn string_arith<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    op: ArithOp,
    event: &'static str,
) -> NativeResult {
    let args = call.args();
    let a = args.get(0);
    // Unary minus gets its operand twice from the interpreter, once through `pcall`.
    let b = if op == ArithOp::Unm { a } else { args.get(1) };
    if let (Some(x), Some(y)) = (arith_operand(ctx, a)?, arith_operand(ctx, b)?) {
        return Ok(one(ctx.arith(op, x, y)?));
    }
    let name = ctx.create_string(format!("__{event}"));
    let handler = match b {
        Value::String(_) => Value::Nil,
        _ => ctx.metamethod(b, name)?,
    };
    if handler.is_nil() {
        return Err(RuntimeError::Message(format!(
            "attempt to {event} a '{}' with a '{}'",
            a.type_name(),
            b.type_name()
        )));
    }
    let results = ctx.call_value(handler, MultiValue::from_iter([a, b]))?;
    Ok(one(results.get(0)))
}

/// One named native per metamethod (`arith_add`, ...), so each has a catalog entry.
macro_rules! arith_metamethods {
    ($($f:ident => $op:ident, $event:literal;)*) => {$(
        pub(crate) fn $f<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
            string_arith(call, ctx, ArithOp::$op, $event)
        }
    )*};
}

arith_metamethods! {
    arith_add => Add, "add";
    arith_sub => Sub, "sub";
    arith_mul => Mul, "mul";
    arith_mod => Mod, "mod";
    arith_pow => Pow, "pow";
    arith_div => Div, "div";
    arith_idiv => IDiv, "idiv";
    arith_unm => Unm, "unm";
}

impl<S: Storage> VmContext<'_, S> {
    /// Registers the `string` table and gives strings the metatable `{__index = string}`, so
    /// `s:upper()` works.
    pub fn open_string_library(&mut self) {
        let table = self.create_table();
        macro_rules! register {
            ($($name:literal),* $(,)?) => {$(
                let f = self.create_builtin(concat!("std:string.", $name), []);
                set_field(self, table, $name, Value::Function(f));
            )*};
        }
        register!(
            "len", "sub", "byte", "char", "rep", "reverse", "lower", "upper",
        );
        matching::register(self, table);
        format::register(self, table);
        pack::register(self, table);
        dump::register(self, table);
        let metatable = self.create_table();
        macro_rules! metamethods {
            ($($event:literal),* $(,)?) => {$(
                let f = self.create_builtin(concat!("std:string#__", $event), []);
                set_field(self, metatable, concat!("__", $event), Value::Function(f));
            )*};
        }
        metamethods!("add", "sub", "mul", "mod", "pow", "div", "idiv", "unm");
        let index = self.vm.names.index;
        if let Ok(mut t) = self.vm.heap.table_mut(metatable) {
            let _ = t.set(Value::String(index), Value::Table(table));
        }
        self.vm.type_metatables[3] = Some(metatable);
        let globals = self.vm.globals;
        set_field(self, globals, "string", Value::Table(table));
    }
}
