//! A subset of lua5.4's `math` library: `type`, `floor`, `ceil`, `abs`, `max`, `min`,
//! `tointeger`, `huge`, `pi`, `maxinteger`, `mininteger`.

use super::base::{NativeResult, arg_error, one, string_value, type_error};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::float_to_integer;

fn check_number(args: &MultiValue, n: usize, name: &str) -> Result<Value, RuntimeError> {
    match args.get(n - 1) {
        v @ (Value::Integer(_) | Value::Float(_)) => Ok(v),
        _ => Err(type_error(args, n, name, "number")),
    }
}

fn math_type<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    if args.is_empty() {
        return Err(arg_error(1, "math.type", "value expected"));
    }
    Ok(one(match args.get(0) {
        Value::Integer(_) => string_value(ctx, "integer"),
        Value::Float(_) => string_value(ctx, "float"),
        _ => Value::Nil,
    }))
}

fn rounding(value: Value, round: fn(f64) -> f64) -> Value {
    match value {
        Value::Float(f) => {
            let r = round(f);
            match float_to_integer(r) {
                Some(i) => Value::Integer(i),
                None => Value::Float(r),
            }
        }
        other => other,
    }
}

fn floor<S: Storage>(call: CallContext, _: &mut VmContext<'_, S>) -> NativeResult {
    Ok(one(rounding(
        check_number(call.args(), 1, "math.floor")?,
        f64::floor,
    )))
}

fn ceil<S: Storage>(call: CallContext, _: &mut VmContext<'_, S>) -> NativeResult {
    Ok(one(rounding(
        check_number(call.args(), 1, "math.ceil")?,
        f64::ceil,
    )))
}

fn abs<S: Storage>(call: CallContext, _: &mut VmContext<'_, S>) -> NativeResult {
    Ok(one(match check_number(call.args(), 1, "math.abs")? {
        Value::Integer(i) => Value::Integer(i.wrapping_abs()),
        Value::Float(f) => Value::Float(f.abs()),
        other => other,
    }))
}

fn extreme<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    name: &str,
    max: bool,
) -> NativeResult {
    let args = call.args();
    let mut best = check_number(args, 1, name)?;
    for n in 2..=args.len() {
        let value = check_number(args, n, name)?;
        let better = if max {
            ctx.less(best, value, false)?
        } else {
            ctx.less(value, best, false)?
        };
        if better {
            best = value;
        }
    }
    Ok(one(best))
}

fn tointeger<S: Storage>(call: CallContext, _: &mut VmContext<'_, S>) -> NativeResult {
    Ok(one(match call.args().get(0) {
        v @ Value::Integer(_) => v,
        Value::Float(f) => float_to_integer(f).map_or(Value::Nil, Value::Integer),
        _ => Value::Nil,
    }))
}

impl<S: Storage> VmContext<'_, S> {
    /// Registers the `math` table (see the module documentation for the subset).
    pub fn open_math_library(&mut self) {
        let math = self.create_table();
        let set = |ctx: &mut Self, name: &str, value: Value| {
            let key = Value::String(ctx.create_string(name));
            if let Ok(table) = ctx.vm.heap.table_mut(math) {
                let _ = table.set(key, value);
            }
        };
        macro_rules! register {
            ($($name:literal => $f:expr),* $(,)?) => {$(
                let f = self.create_function($f);
                set(self, $name, Value::Function(f));
            )*};
        }
        register! {
            "type" => math_type::<S>,
            "floor" => floor::<S>,
            "ceil" => ceil::<S>,
            "abs" => abs::<S>,
            "tointeger" => tointeger::<S>,
            "max" => |call, ctx: &mut VmContext<'_, S>| extreme(call, ctx, "math.max", true),
            "min" => |call, ctx: &mut VmContext<'_, S>| extreme(call, ctx, "math.min", false),
        }
        set(self, "huge", Value::Float(f64::INFINITY));
        set(self, "pi", Value::Float(std::f64::consts::PI));
        set(self, "maxinteger", Value::Integer(i64::MAX));
        set(self, "mininteger", Value::Integer(i64::MIN));
        let globals = self.vm.globals;
        let key = Value::String(self.create_string("math"));
        if let Ok(table) = self.vm.heap.table_mut(globals) {
            let _ = table.set(key, Value::Table(math));
        }
    }
}
