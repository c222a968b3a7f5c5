//! A subset of lua5.4's `table` library: `insert`, `concat`, `unpack` (honouring `__index`,
//! `__newindex` and `__len` like lua5.4's).

use super::base::{NativeResult, arg_error, check_integer, type_error};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::number::{format_float, format_integer};

fn check_table_like(args: &MultiValue, n: usize, name: &str) -> Result<Value, RuntimeError> {
    match args.get(n - 1) {
        v @ Value::Table(_) => Ok(v),
        _ => Err(type_error(args, n, name, "table")),
    }
}

fn length<S: Storage>(ctx: &mut VmContext<'_, S>, t: Value) -> Result<i64, RuntimeError> {
    match ctx.length(t)? {
        Value::Integer(i) => Ok(i),
        Value::Float(f) => crate::value::float_to_integer(f)
            .ok_or_else(|| RuntimeError::Message("object length is not an integer".to_owned())),
        _ => Err(RuntimeError::Message(
            "object length is not an integer".to_owned(),
        )),
    }
}

fn insert<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = check_table_like(args, 1, "table.insert")?;
    let end = length(ctx, t)?.wrapping_add(1);
    match args.len() {
        2 => ctx.new_index(t, Value::Integer(end), args.get(1))?,
        3 => {
            let pos = check_integer(ctx, args, 2, "table.insert")?;
            if (pos as u64).wrapping_sub(1) >= end as u64 {
                return Err(arg_error(2, "table.insert", "position out of bounds"));
            }
            let mut i = end;
            while i > pos {
                let value = ctx.index(t, Value::Integer(i - 1))?;
                ctx.new_index(t, Value::Integer(i), value)?;
                i -= 1;
            }
            ctx.new_index(t, Value::Integer(pos), args.get(2))?;
        }
        _ => {
            return Err(RuntimeError::Message(
                "wrong number of arguments to 'insert'".to_owned(),
            ));
        }
    }
    Ok(MultiValue::new())
}

fn concat<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = check_table_like(args, 1, "table.concat")?;
    let sep = match args.get(1) {
        Value::Nil => Vec::new(),
        Value::String(s) => ctx.vm.heap.string(s)?.as_bytes().to_vec(),
        Value::Integer(i) => format_integer(i).into_bytes(),
        Value::Float(f) => format_float(f).into_bytes(),
        _ => return Err(type_error(args, 2, "table.concat", "string")),
    };
    let first = if args.get(2).is_nil() {
        1
    } else {
        check_integer(ctx, args, 3, "table.concat")?
    };
    let last = if args.get(3).is_nil() {
        length(ctx, t)?
    } else {
        check_integer(ctx, args, 4, "table.concat")?
    };
    let mut out = Vec::new();
    let mut i = first;
    while i <= last {
        match ctx.index(t, Value::Integer(i))? {
            Value::String(s) => out.extend_from_slice(ctx.vm.heap.string(s)?.as_bytes()),
            Value::Integer(n) => out.extend_from_slice(format_integer(n).as_bytes()),
            Value::Float(f) => out.extend_from_slice(format_float(f).as_bytes()),
            other => {
                return Err(RuntimeError::Message(format!(
                    "invalid value ({}) at index {i} in table for 'concat'",
                    other.type_name()
                )));
            }
        }
        if i == last {
            break;
        }
        out.extend_from_slice(&sep);
        i += 1;
    }
    Ok(MultiValue::from_iter([Value::String(
        ctx.create_string(out),
    )]))
}

fn unpack<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = args.get(0);
    let first = if args.get(1).is_nil() {
        1
    } else {
        check_integer(ctx, args, 2, "table.unpack")?
    };
    let last = if args.get(2).is_nil() {
        length(ctx, t)?
    } else {
        check_integer(ctx, args, 3, "table.unpack")?
    };
    if first > last {
        return Ok(MultiValue::new());
    }
    let count = (last as i128 - first as i128 + 1) as u128;
    if count >= 1_000_000 {
        return Err(RuntimeError::Message(
            "too many results to unpack".to_owned(),
        ));
    }
    let mut out = MultiValue::new();
    let mut i = first;
    loop {
        out.push_back(ctx.index(t, Value::Integer(i))?);
        if i == last {
            break;
        }
        i += 1;
    }
    Ok(out)
}

impl<S: Storage> VmContext<'_, S> {
    /// Registers the `table` table (`insert`, `concat`, `unpack`).
    pub fn open_table_library(&mut self) {
        let table = self.create_table();
        let set = |ctx: &mut Self, name: &str, value: Value| {
            let key = Value::String(ctx.create_string(name));
            if let Ok(t) = ctx.vm.heap.table_mut(table) {
                let _ = t.set(key, value);
            }
        };
        let f = self.create_function(insert::<S>);
        set(self, "insert", Value::Function(f));
        let f = self.create_function(concat::<S>);
        set(self, "concat", Value::Function(f));
        let f = self.create_function(unpack::<S>);
        set(self, "unpack", Value::Function(f));
        let globals = self.vm.globals;
        let key = Value::String(self.create_string("table"));
        if let Ok(t) = self.vm.heap.table_mut(globals) {
            let _ = t.set(key, Value::Table(table));
        }
    }
}
