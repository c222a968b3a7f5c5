//! lua5.4's `math` library (Lua 5.4.4 `lmathlib.c`, without the `LUA_COMPAT_MATHLIB`
//! functions): `abs ceil floor fmod modf sqrt exp log sin cos tan asin acos atan deg rad
//! tointeger type ult max min random randomseed` and the constants `huge pi maxinteger
//! mininteger`.
//!
//! Integers stay integers where lua5.4 keeps them (`abs`, `floor`, `ceil`, `fmod`, `modf`,
//! `max`, `min`); numeric strings are accepted wherever lua5.4 accepts them.
//!
//! `sqrt`, `floor`, `ceil`, `fmod`, `abs` and `modf` are exact IEEE operations, identical on
//! every platform. `exp`, `log`, the trigonometric functions and `log(x, base)` call Rust's
//! `f64` methods, which use the platform's C math library (as lua5.4 does): their last bit
//! may differ between platforms.
//!
//! `random` is lua5.4's xoshiro256** (see [`super::random`]); its state lives in the VM
//! (`vm.random`), so a snapshot of the VM continues the same sequence. Differences from
//! lua5.4, for determinism: a new VM starts from the state of `math.randomseed(0)` instead of
//! a time-based seed, and `math.randomseed()` without arguments derives its seeds from the
//! current generator state (see [`randomseed`]).

use super::args::check_number;
use super::base::{NativeResult, arg_error, check_integer, one, string_value};
use super::random::Random;
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::float_to_integer;
use crate::value::numeral::{Number, str_to_number};

/// `luaL_checknumber` as a float.
fn check_float<S: Storage>(
    ctx: &VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
) -> Result<f64, RuntimeError> {
    Ok(match check_number(ctx, args, n, name)? {
        Number::Integer(i) => i as f64,
        Number::Float(f) => f,
    })
}

/// An integral float as an integer when it fits, else the float (lua5.4's `pushnumint`).
fn integral(f: f64) -> Value {
    match float_to_integer(f) {
        Some(i) => Value::Integer(i),
        None => Value::Float(f),
    }
}

pub(crate) fn math_type<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
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

/// `floor` and `ceil`: an integer argument is returned as is; anything else is rounded as a
/// float and becomes an integer when it fits.
fn rounding<S: Storage>(
    call: CallContext,
    ctx: &VmContext<'_, S>,
    name: &str,
    round: fn(f64) -> f64,
) -> NativeResult {
    let args = call.args();
    if let v @ Value::Integer(_) = args.get(0) {
        return Ok(one(v));
    }
    Ok(one(integral(round(check_float(ctx, args, 1, name)?))))
}

pub(crate) fn abs<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    Ok(one(match args.get(0) {
        // `abs(mininteger)` wraps around to itself, as in lua5.4.
        Value::Integer(i) => Value::Integer(i.wrapping_abs()),
        _ => Value::Float(check_float(ctx, args, 1, "math.abs")?.abs()),
    }))
}

pub(crate) fn fmod<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    if let (Value::Integer(a), Value::Integer(b)) = (args.get(0), args.get(1)) {
        return match b {
            0 => Err(arg_error(2, "math.fmod", "zero")),
            // `mininteger % -1` would overflow; the remainder is 0.
            -1 => Ok(one(Value::Integer(0))),
            // Rust's `%` truncates like C's.
            _ => Ok(one(Value::Integer(a % b))),
        };
    }
    // lua5.4 checks both arguments inside one call expression; as built by gcc for x86-64
    // (the reference build), the second is checked first, which decides which error a call
    // with two bad arguments reports.
    let b = check_float(ctx, args, 2, "math.fmod")?;
    let a = check_float(ctx, args, 1, "math.fmod")?;
    // Rust's float `%` is C's `fmod` (exact, sign of the dividend).
    Ok(one(Value::Float(a % b)))
}

pub(crate) fn modf<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    if let v @ Value::Integer(_) = args.get(0) {
        return Ok(MultiValue::from_iter([v, Value::Float(0.0)]));
    }
    let n = check_float(ctx, args, 1, "math.modf")?;
    // Integral part rounded toward zero; the fraction of an infinity is 0.0.
    let ip = if n < 0.0 { n.ceil() } else { n.floor() };
    let fraction = if n == ip { 0.0 } else { n - ip };
    Ok(MultiValue::from_iter([
        integral(ip),
        Value::Float(fraction),
    ]))
}

/// A float function of one argument (`sqrt`, `sin`, ...).
fn unary<S: Storage>(
    call: CallContext,
    ctx: &VmContext<'_, S>,
    name: &str,
    f: fn(f64) -> f64,
) -> NativeResult {
    Ok(one(Value::Float(f(check_float(
        ctx,
        call.args(),
        1,
        name,
    )?))))
}

pub(crate) fn log<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let x = check_float(ctx, args, 1, "math.log")?;
    let result = if args.get(1).is_nil() {
        x.ln()
    } else {
        let base = check_float(ctx, args, 2, "math.log")?;
        if base == 2.0 {
            x.log2()
        } else if base == 10.0 {
            x.log10()
        } else {
            x.ln() / base.ln()
        }
    };
    Ok(one(Value::Float(result)))
}

pub(crate) fn atan<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let y = check_float(ctx, args, 1, "math.atan")?;
    let x = if args.get(1).is_nil() {
        1.0
    } else {
        check_float(ctx, args, 2, "math.atan")?
    };
    Ok(one(Value::Float(y.atan2(x))))
}

pub(crate) fn tointeger<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let number = match args.get(0) {
        Value::Integer(i) => Some(Number::Integer(i)),
        Value::Float(f) => Some(Number::Float(f)),
        // lua5.4.4 converts numeric strings (`lua_tointegerx`).
        Value::String(s) => str_to_number(ctx.vm.heap.string(s)?.as_bytes()),
        _ => None,
    };
    let result = match number {
        Some(Number::Integer(i)) => Some(i),
        Some(Number::Float(f)) => float_to_integer(f),
        None => None,
    };
    if result.is_none() && args.is_empty() {
        return Err(arg_error(1, "math.tointeger", "value expected"));
    }
    Ok(one(result.map_or(Value::Nil, Value::Integer)))
}

pub(crate) fn ult<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let a = check_integer(ctx, args, 1, "math.ult")?;
    let b = check_integer(ctx, args, 2, "math.ult")?;
    Ok(one(Value::Bool((a as u64) < (b as u64))))
}

/// `max` and `min`: the chosen argument itself (its type kept), compared with `<` as lua5.4's
/// `lua_compare` does (numbers, strings, `__lt`).
fn extreme<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    name: &str,
    max: bool,
) -> NativeResult {
    let args = call.args();
    if args.is_empty() {
        return Err(arg_error(1, name, "value expected"));
    }
    let mut best = args.get(0);
    for &value in &args.as_slice()[1..] {
        let (a, b) = if max { (best, value) } else { (value, best) };
        let better = match ctx.less(a, b, false) {
            Ok(better) => better,
            // lua5.4 raises the comparison error inside the C function: no position.
            Err(RuntimeError::Message(text)) => return Err(ctx.string_error(text)),
            Err(error) => return Err(error),
        };
        if better {
            best = value;
        }
    }
    Ok(one(best))
}

pub(crate) fn random<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    // lua5.4 draws before looking at the arguments: even a failing call advances the state.
    let draw = ctx.vm.random.next_u64();
    let (low, up) = match args.len() {
        0 => return Ok(one(Value::Float(Random::to_float(draw)))),
        1 => {
            let up = check_integer(ctx, args, 1, "math.random")?;
            if up == 0 {
                // `random(0)`: all 64 bits as an integer.
                return Ok(one(Value::Integer(draw as i64)));
            }
            (1, up)
        }
        2 => (
            check_integer(ctx, args, 1, "math.random")?,
            check_integer(ctx, args, 2, "math.random")?,
        ),
        _ => {
            return Err(RuntimeError::Message(
                "wrong number of arguments".to_owned(),
            ));
        }
    };
    if low > up {
        return Err(arg_error(1, "math.random", "interval is empty"));
    }
    let span = (up as u64).wrapping_sub(low as u64);
    let offset = ctx.vm.random.project(draw, span);
    Ok(one(Value::Integer(offset.wrapping_add(low as u64) as i64)))
}

/// `math.randomseed([n1 [, n2]])`: reseeds as lua5.4.4 does and returns the two seeds.
///
/// Without arguments, lua5.4 seeds from the time and an address. Red Moon stays
/// deterministic: it draws two numbers from the current generator and uses them (as
/// integers) as `n1` and `n2`, so the result depends only on the VM's state.
pub(crate) fn randomseed<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let args = call.args();
    let (n1, n2) = if args.is_empty() {
        let n1 = ctx.vm.random.next_u64() as i64;
        let n2 = ctx.vm.random.next_u64() as i64;
        (n1, n2)
    } else {
        let n1 = check_integer(ctx, args, 1, "math.randomseed")?;
        let n2 = if args.get(1).is_nil() {
            0
        } else {
            check_integer(ctx, args, 2, "math.randomseed")?
        };
        (n1, n2)
    };
    ctx.set_random_seed(n1, n2);
    Ok(MultiValue::from_iter([
        Value::Integer(n1),
        Value::Integer(n2),
    ]))
}

pub(crate) fn floor<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    rounding(call, ctx, "math.floor", f64::floor)
}

pub(crate) fn ceil<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    rounding(call, ctx, "math.ceil", f64::ceil)
}

pub(crate) fn max<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    extreme(call, ctx, "math.max", true)
}

pub(crate) fn min<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    extreme(call, ctx, "math.min", false)
}

/// The one-argument float functions (`math.sqrt`, ...), one named native each.
macro_rules! unary_functions {
    ($($f:ident => $name:literal, $op:expr;)*) => {$(
        pub(crate) fn $f<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
            unary(call, ctx, $name, $op)
        }
    )*};
}

unary_functions! {
    sqrt => "math.sqrt", f64::sqrt;
    exp => "math.exp", f64::exp;
    sin => "math.sin", f64::sin;
    cos => "math.cos", f64::cos;
    tan => "math.tan", f64::tan;
    asin => "math.asin", f64::asin;
    acos => "math.acos", f64::acos;
    deg => "math.deg", |x| x * (180.0 / std::f64::consts::PI);
    rad => "math.rad", |x| x * (std::f64::consts::PI / 180.0);
}

impl<S: Storage> VmContext<'_, S> {
    /// Seeds `math.random`'s generator exactly as `math.randomseed(n1, n2)` does in lua5.4.4,
    /// so that the VM then draws the same numbers as lua5.4 after that call.
    ///
    /// The generator state belongs to the VM: snapshots (clones) carry it, and a new VM starts
    /// as if seeded with `set_random_seed(0, 0)`. Calling this from the host is the way to give
    /// each game or match its own reproducible sequence.
    pub fn set_random_seed(&mut self, n1: i64, n2: i64) {
        self.vm.random = Random::seeded(n1 as u64, n2 as u64);
    }

    /// Registers the `math` table (see the module documentation).
    pub fn open_math_library(&mut self) {
        let math = self.create_table();
        let set = |ctx: &mut Self, name: &str, value: Value| {
            let key = Value::String(ctx.create_string(name));
            if let Ok(mut table) = ctx.vm.heap.table_mut(math) {
                let _ = table.set(key, value);
            }
        };
        macro_rules! register {
            ($($name:literal),* $(,)?) => {$(
                let f = self.create_builtin(concat!("std:math.", $name), []);
                set(self, $name, Value::Function(f));
            )*};
        }
        register!(
            "abs",
            "ceil",
            "floor",
            "fmod",
            "modf",
            "log",
            "atan",
            "tointeger",
            "type",
            "ult",
            "max",
            "min",
            "random",
            "randomseed",
            "sqrt",
            "exp",
            "sin",
            "cos",
            "tan",
            "asin",
            "acos",
            "deg",
            "rad",
        );
        set(self, "huge", Value::Float(f64::INFINITY));
        set(self, "pi", Value::Float(std::f64::consts::PI));
        set(self, "maxinteger", Value::Integer(i64::MAX));
        set(self, "mininteger", Value::Integer(i64::MIN));
        let globals = self.vm.globals;
        let key = Value::String(self.create_string("math"));
        if let Ok(mut table) = self.vm.heap.table_mut(globals) {
            let _ = table.set(key, Value::Table(math));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::interpreter::{Vm, VmContext};
    use crate::storage::Storage;

    /// Runs `source` (a chunk returning one integer) in `ctx`.
    fn int<S: Storage>(ctx: &mut VmContext<'_, S>, source: &str) -> i64 {
        let f = ctx.load(source, "=test").expect("compiles");
        f.call((), ctx).expect("runs")
    }

    fn vm() -> Vm {
        let mut vm = Vm::default();
        vm.context().open_standard_libraries();
        vm
    }

    /// Draws `n` 64-bit integers with `math.random(0)`.
    fn draws(vm: &mut Vm, n: usize) -> Vec<i64> {
        let mut ctx = vm.context();
        (0..n)
            .map(|_| int(&mut ctx, "return math.random(0)"))
            .collect()
    }

    #[test]
    fn new_vm_starts_as_after_randomseed_zero() {
        // lua5.4 -e 'math.randomseed(0) print(math.random(0), math.random(0), math.random(0))'
        let mut vm = vm();
        assert_eq!(
            draws(&mut vm, 3),
            [
                4554719557422691265,
                4331835599999590920,
                1277915526958806955
            ]
        );
    }

    #[test]
    fn seeded_outputs_match_lua() {
        // lua5.4 -e 'math.randomseed(42) print(math.random(0), math.random(1,100),
        //   math.tointeger(math.random()*2^53), math.random(math.mininteger, math.maxinteger))'
        let mut vm = vm();
        let mut ctx = vm.context();
        ctx.set_random_seed(42, 0);
        assert_eq!(int(&mut ctx, "return math.random(0)"), -1276290044721465627);
        assert_eq!(int(&mut ctx, "return math.random(1, 100)"), 50);
        assert_eq!(
            int(&mut ctx, "return math.tointeger(math.random() * 2^53)"),
            4925885162747895
        );
        assert_eq!(
            int(
                &mut ctx,
                "return math.random(math.mininteger, math.maxinteger)"
            ),
            5415767650884279637
        );
        // lua5.4 -e 'math.randomseed(-5, 77) print(math.random(0), math.random(6))'
        ctx.set_random_seed(-5, 77);
        assert_eq!(int(&mut ctx, "return math.random(0)"), -8112752822115235931);
        assert_eq!(int(&mut ctx, "return math.random(6)"), 1);
    }

    #[test]
    fn host_seed_equals_script_seed() {
        let mut a = vm();
        let mut b = vm();
        a.context().set_random_seed(7, -9);
        int(&mut b.context(), "math.randomseed(7, -9) return 0");
        assert_eq!(draws(&mut a, 20), draws(&mut b, 20));
    }

    #[test]
    fn same_seed_same_numbers() {
        let mut a = vm();
        let mut b = vm();
        a.context().set_random_seed(123, 456);
        b.context().set_random_seed(123, 456);
        assert_eq!(draws(&mut a, 50), draws(&mut b, 50));
        let mut c = vm();
        c.context().set_random_seed(123, 457);
        assert_ne!(draws(&mut a, 10), draws(&mut c, 10));
    }

    #[test]
    fn clone_continues_the_same_sequence() {
        let mut origin = vm();
        origin.context().set_random_seed(99, 0);
        draws(&mut origin, 5);
        let mut snapshot = origin.clone();
        let from_origin = draws(&mut origin, 30);
        assert_eq!(draws(&mut snapshot, 30), from_origin);
        // Rolling back restores the position in the sequence.
        let mut rollback = vm();
        rollback.context().set_random_seed(99, 0);
        draws(&mut rollback, 5);
        let saved = rollback.clone();
        let first = draws(&mut rollback, 10);
        rollback.clone_from(&saved);
        assert_eq!(draws(&mut rollback, 10), first);
    }

    #[test]
    fn randomseed_without_arguments_is_deterministic() {
        let mut a = vm();
        let mut b = vm();
        let source = "local x, y = math.randomseed() return x ~ y";
        assert_eq!(int(&mut a.context(), source), int(&mut b.context(), source));
        assert_eq!(draws(&mut a, 10), draws(&mut b, 10));
        // The seeds it returns reproduce the sequence.
        let mut c = vm();
        let mut ctx = c.context();
        let check = "local x, y = math.randomseed() \
            local r = math.random(0) math.randomseed(x, y) \
            return r == math.random(0) and 1 or 0";
        assert_eq!(int(&mut ctx, check), 1);
        // And it moves the generator to a new state.
        let mut d = vm();
        let before = draws(&mut d.clone(), 3);
        int(&mut d.context(), "math.randomseed() return 0");
        assert_ne!(draws(&mut d, 3), before);
    }

    #[test]
    fn random_ranges_never_escape() {
        let mut vm = vm();
        let source = "
            local bad = 0
            local ranges = {{1, 1}, {1, 2}, {-3, 3}, {0, 6}, {math.mininteger, math.maxinteger},
                {math.mininteger, 0}, {-1, math.maxinteger}, {math.maxinteger - 2, math.maxinteger},
                {math.mininteger, math.mininteger + 5}, {1, (1 << 62) + 1}}
            for _, r in ipairs(ranges) do
                for _ = 1, 300 do
                    local x = math.random(r[1], r[2])
                    if math.type(x) ~= 'integer' or x < r[1] or x > r[2] then bad = bad + 1 end
                end
            end
            for _ = 1, 300 do
                local f = math.random()
                if math.type(f) ~= 'float' or f < 0 or f >= 1 then bad = bad + 1 end
            end
            return bad";
        assert_eq!(int(&mut vm.context(), source), 0);
    }
}
