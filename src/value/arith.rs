//! Lua 5.4 arithmetic on numbers, exactly as lua5.4 computes it (`luaO_rawarith`, `lvm.c`,
//! `llimits.h`), shared by the constant folder and the interpreter.
//!
//! - `+ - * // %` and unary `-` stay integers when both operands are integers (wrapping
//!   around), and otherwise compute in floats; `/` and `^` always compute in floats.
//! - Integer `//` floors and `%` takes the sign of the divisor (`luaV_idiv`, `luaV_mod`);
//!   float `//` is `floor(a / b)` and float `%` is `fmod` adjusted to the divisor's sign
//!   (`luai_nummod`).
//! - Bitwise operators need operands with an exact integer value; shifts by 64 or more
//!   positions give 0 and negative shifts go the other way (`luaV_shiftl`).
//!
//! NaN results are made deterministic: x86-64 lua5.4 gives `-nan` (sign bit set) for a NaN made
//! from non-NaN operands and otherwise passes an operand's NaN through; these functions do the
//! same on every platform, so `tostring` of a NaN never depends on the machine. Every operation
//! is exact IEEE arithmetic except `^`, which calls the platform's `pow` as lua5.4 does (glibc's
//! on Linux, like lua5.4 on Linux; another libm may differ in the last bit).

use super::float_to_integer;
use super::numeral::Number;
use thiserror::Error;

/// An arithmetic or bitwise operator of Lua 5.4 (the order of lua5.4's `LUA_OP*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(dead_code)]
pub(crate) enum ArithOp {
    /// `+`
    Add,
    /// `-` (binary)
    Sub,
    /// `*`
    Mul,
    /// `%`
    Mod,
    /// `^`
    Pow,
    /// `/`
    Div,
    /// `//`
    IDiv,
    /// `&`
    BAnd,
    /// `|`
    BOr,
    /// `~` (binary)
    BXor,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `-` (unary; the second operand is ignored)
    Unm,
    /// `~` (unary; the second operand is ignored)
    BNot,
}

/// Why an arithmetic operation on two numbers raised an error; `Display` is lua5.4's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[allow(dead_code)]
pub(crate) enum ArithError {
    /// Integer `//` by zero.
    #[error("attempt to divide by zero")]
    DivideByZero,
    /// Integer `%` by zero.
    #[error("attempt to perform 'n%0'")]
    ModuloByZero,
    /// A bitwise operand is a float without an exact integer value (fractional, out of the
    /// integer range, infinite or NaN). The interpreter adds the variable's name, as lua5.4
    /// does (`number (local 'x') has no integer representation`).
    #[error("number has no integer representation")]
    NoIntegerRepresentation,
}

/// `a op b` (for [`ArithOp::Unm`] and [`ArithOp::BNot`], `op a`; `b` is ignored).
#[allow(dead_code)]
#[inline]
pub(crate) fn arith(op: ArithOp, a: Number, b: Number) -> Result<Number, ArithError> {
    use Number::{Float, Integer};
    Ok(match op {
        ArithOp::Add | ArithOp::Sub | ArithOp::Mul | ArithOp::Mod | ArithOp::IDiv => match (a, b) {
            (Integer(x), Integer(y)) => Integer(match op {
                ArithOp::Add => x.wrapping_add(y),
                ArithOp::Sub => x.wrapping_sub(y),
                ArithOp::Mul => x.wrapping_mul(y),
                ArithOp::Mod => int_mod(x, y)?,
                _ => int_floor_div(x, y)?,
            }),
            _ => Float(float_arith(op, to_float(a), to_float(b))),
        },
        ArithOp::Div | ArithOp::Pow => Float(float_arith(op, to_float(a), to_float(b))),
        ArithOp::Unm => match a {
            Integer(x) => Integer(x.wrapping_neg()),
            Float(x) => Float(-x),
        },
        ArithOp::BNot => Integer(!to_integer(a)?),
        ArithOp::BAnd | ArithOp::BOr | ArithOp::BXor | ArithOp::Shl | ArithOp::Shr => {
            let (x, y) = (to_integer(a)?, to_integer(b)?);
            Integer(match op {
                ArithOp::BAnd => x & y,
                ArithOp::BOr => x | y,
                ArithOp::BXor => x ^ y,
                ArithOp::Shl => shift_left(x, y),
                _ => shift_right(x, y),
            })
        }
    })
}

/// `op` on two floats, for the operators that have a float form (`+ - * / % // ^`, unary
/// `-`); the bitwise operators, which have none, give NaN.
#[allow(dead_code)]
#[inline]
pub(crate) fn float_arith(op: ArithOp, a: f64, b: f64) -> f64 {
    let result = match op {
        ArithOp::Add => a + b,
        ArithOp::Sub => a - b,
        ArithOp::Mul => a * b,
        ArithOp::Div => a / b,
        ArithOp::Mod => float_mod(a, b),
        ArithOp::IDiv => (a / b).floor(),
        // `luai_numpow`: squares by multiplication.
        ArithOp::Pow if b == 2.0 => a * a,
        ArithOp::Pow => a.powf(b),
        ArithOp::Unm => return -a,
        ArithOp::BAnd
        | ArithOp::BOr
        | ArithOp::BXor
        | ArithOp::Shl
        | ArithOp::Shr
        | ArithOp::BNot => f64::NAN,
    };
    if result.is_nan() {
        lua_nan(op, a, b)
    } else {
        result
    }
}

/// The NaN x86-64 lua5.4 gives for `a op b` when the result is NaN: the default NaN (sign bit
/// set) if neither operand is NaN, else the NaN operand (quieted). With two NaN operands it is
/// the first, except for `+`, whose operands lua5.4's build swaps. glibc's `pow` of a NaN to an
/// odd integer power clears the NaN's sign.
fn lua_nan(op: ArithOp, a: f64, b: f64) -> f64 {
    const DEFAULT_NAN: u64 = 0xFFF8_0000_0000_0000;
    const QUIET_BIT: u64 = 0x0008_0000_0000_0000;
    let source = match (a.is_nan(), b.is_nan()) {
        (true, true) if op == ArithOp::Add => b,
        (true, false) if op == ArithOp::Pow && is_odd_integer(b) => a.abs(),
        (true, _) => a,
        (false, true) => b,
        (false, false) => return f64::from_bits(DEFAULT_NAN),
    };
    f64::from_bits(source.to_bits() | QUIET_BIT)
}

/// `true` if `f` is an odd integer (floats of magnitude 2^53 or more are all even).
fn is_odd_integer(f: f64) -> bool {
    f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 && (f as i64) % 2 != 0
}

/// Float `%` (`luai_nummod`): C's `fmod`, moved into the divisor's sign when the signs differ.
fn float_mod(a: f64, b: f64) -> f64 {
    // Rust's `%` on floats is C's `fmod` (exact).
    let m = a % b;
    if (m > 0.0 && b < 0.0) || (m < 0.0 && b > 0.0) {
        m + b
    } else {
        m
    }
}

/// Integer `//` (`luaV_idiv`): the floor of the quotient; `minint // -1` wraps to `minint`.
pub(crate) fn int_floor_div(m: i64, n: i64) -> Result<i64, ArithError> {
    match n {
        0 => Err(ArithError::DivideByZero),
        -1 => Ok(m.wrapping_neg()),
        _ => {
            let quotient = m / n;
            Ok(if (m ^ n) < 0 && m % n != 0 {
                quotient - 1
            } else {
                quotient
            })
        }
    }
}

/// Integer `%` (`luaV_mod`): the remainder with the divisor's sign; `x % -1 == 0`.
pub(crate) fn int_mod(m: i64, n: i64) -> Result<i64, ArithError> {
    match n {
        0 => Err(ArithError::ModuloByZero),
        -1 => Ok(0),
        _ => {
            let remainder = m % n;
            Ok(if remainder != 0 && (remainder ^ n) < 0 {
                remainder + n
            } else {
                remainder
            })
        }
    }
}

/// `x << y` (`luaV_shiftl`): logical shifts; a negative `y` shifts right; 0 once `|y| >= 64`.
pub(crate) fn shift_left(x: i64, y: i64) -> i64 {
    if y <= -64 || y >= 64 {
        0
    } else if y < 0 {
        ((x as u64) >> y.unsigned_abs()) as i64
    } else {
        ((x as u64) << y) as i64
    }
}

/// `x >> y` (`luaV_shiftr`): `x << -y`, negating `y` with wraparound.
pub(crate) fn shift_right(x: i64, y: i64) -> i64 {
    shift_left(x, y.wrapping_neg())
}

/// A number as a float (integers round to nearest, like C's conversion).
pub(crate) fn to_float(n: Number) -> f64 {
    match n {
        Number::Integer(i) => i as f64,
        Number::Float(f) => f,
    }
}

/// A number's exact integer value, for bitwise operators (lua5.4's `luaV_tointegerns` with
/// `F2Ieq`).
pub(crate) fn to_integer(n: Number) -> Result<i64, ArithError> {
    match n {
        Number::Integer(i) => Ok(i),
        Number::Float(f) => float_to_integer(f).ok_or(ArithError::NoIntegerRepresentation),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArithError::{DivideByZero, ModuloByZero, NoIntegerRepresentation};
    use ArithOp::*;
    use Number::{Float as F, Integer as I};

    /// x86-64 lua5.4's `0/0` (sign bit set) and its negation.
    const NEG_NAN: f64 = f64::from_bits(0xFFF8_0000_0000_0000);
    const POS_NAN: f64 = f64::from_bits(0x7FF8_0000_0000_0000);

    /// Numbers compared exactly: floats by their bits (so `-0.0 != 0.0` and NaN signs count).
    fn same(a: Number, b: Number) -> bool {
        match (a, b) {
            (I(x), I(y)) => x == y,
            (F(x), F(y)) => x.to_bits() == y.to_bits(),
            _ => false,
        }
    }

    #[test]
    // The float literals are lua5.4's `%.17g` output, kept verbatim.
    #[allow(clippy::excessive_precision, clippy::approx_constant)]
    fn results_match_lua() {
        // (op, a, b, result), each result printed by lua5.4 5.4.4 (x86-64) for `a op b` on
        // locals (generated by a script; floats as `%.17g`, NaNs by sign).
        let cases: &[(ArithOp, Number, Number, Number)] = &[
            (Add, I(i64::MAX), I(1), I(i64::MIN)),
            (Add, I(1), F(2.0), F(3.0)),
            (
                Add,
                F(0.10000000000000001),
                F(0.20000000000000001),
                F(0.30000000000000004),
            ),
            (Add, I(i64::MAX), F(0.0), F(9.2233720368547758e+18)),
            (Add, F(-0.0), F(-0.0), F(-0.0)),
            (Add, F(-0.0), I(0), F(0.0)),
            (Add, F(f64::INFINITY), F(f64::NEG_INFINITY), F(NEG_NAN)),
            (Add, F(NEG_NAN), F(POS_NAN), F(POS_NAN)),
            (Add, F(POS_NAN), F(NEG_NAN), F(NEG_NAN)),
            (Add, F(POS_NAN), I(1), F(POS_NAN)),
            (Sub, I(i64::MIN), I(1), I(i64::MAX)),
            (Sub, I(1), F(1.5), F(-0.5)),
            (Sub, F(NEG_NAN), F(POS_NAN), F(NEG_NAN)),
            (Sub, F(f64::INFINITY), F(f64::INFINITY), F(NEG_NAN)),
            (Mul, I(i64::MAX), I(2), I(-2)),
            (Mul, I(i64::MIN), I(-1), I(i64::MIN)),
            (Mul, I(3), F(0.5), F(1.5)),
            (Mul, F(-0.0), I(5), F(-0.0)),
            (Mul, F(f64::INFINITY), I(0), F(NEG_NAN)),
            (Mul, F(POS_NAN), F(NEG_NAN), F(POS_NAN)),
            (Div, I(1), I(2), F(0.5)),
            (Div, I(4), I(2), F(2.0)),
            (Div, I(1), I(0), F(f64::INFINITY)),
            (Div, I(-1), I(0), F(f64::NEG_INFINITY)),
            (Div, I(0), I(0), F(NEG_NAN)),
            (Div, I(1), F(-0.0), F(f64::NEG_INFINITY)),
            (Div, I(i64::MIN), I(-1), F(9.2233720368547758e+18)),
            (Div, I(7), I(3), F(2.3333333333333335)),
            (Pow, I(2), I(10), F(1024.0)),
            (Pow, I(2), F(0.5), F(1.4142135623730951)),
            (Pow, I(-8), F(0.33333333333333331), F(NEG_NAN)),
            (Pow, I(0), I(-1), F(f64::INFINITY)),
            (Pow, F(-0.0), I(-1), F(f64::NEG_INFINITY)),
            (Pow, I(2), I(2), F(4.0)),
            (Pow, I(1), F(NEG_NAN), F(1.0)),
            (Pow, F(NEG_NAN), I(0), F(1.0)),
            (Pow, F(POS_NAN), I(3), F(POS_NAN)),
            (Pow, F(POS_NAN), I(2), F(POS_NAN)),
            (Pow, F(POS_NAN), I(4), F(POS_NAN)),
            (Pow, F(POS_NAN), F(0.5), F(POS_NAN)),
            (Pow, F(NEG_NAN), I(3), F(POS_NAN)),
            (Pow, I(-2), I(63), F(-9.2233720368547758e+18)),
            (Pow, I(10), I(308), F(1e+308)),
            (Pow, I(10), I(309), F(f64::INFINITY)),
            (IDiv, I(7), I(2), I(3)),
            (IDiv, I(-7), I(2), I(-4)),
            (IDiv, I(7), I(-2), I(-4)),
            (IDiv, I(-7), I(-2), I(3)),
            (IDiv, I(i64::MIN), I(-1), I(i64::MIN)),
            (IDiv, I(i64::MIN), I(1), I(i64::MIN)),
            (IDiv, I(6), I(-3), I(-2)),
            (IDiv, I(0), I(-5), I(0)),
            (IDiv, F(7.0), I(2), F(3.0)),
            (IDiv, I(-7), F(2.0), F(-4.0)),
            (IDiv, I(1), F(0.0), F(f64::INFINITY)),
            (IDiv, I(-1), F(0.0), F(f64::NEG_INFINITY)),
            (IDiv, F(0.0), I(-1), F(-0.0)),
            (IDiv, F(7.5), F(-0.0), F(f64::NEG_INFINITY)),
            (IDiv, F(0.0), F(0.0), F(NEG_NAN)),
            (IDiv, F(f64::INFINITY), I(2), F(f64::INFINITY)),
            (IDiv, I(1), F(f64::INFINITY), F(0.0)),
            (IDiv, I(-1), F(f64::INFINITY), F(-0.0)),
            (Mod, I(7), I(3), I(1)),
            (Mod, I(-7), I(3), I(2)),
            (Mod, I(7), I(-3), I(-2)),
            (Mod, I(-7), I(-3), I(-1)),
            (Mod, I(i64::MIN), I(-1), I(0)),
            (Mod, I(i64::MAX), I(-1), I(0)),
            (Mod, I(i64::MIN), I(i64::MAX), I(9223372036854775806)),
            (Mod, I(6), I(-3), I(0)),
            (Mod, I(-6), I(3), I(0)),
            (Mod, F(5.5), I(2), F(1.5)),
            (Mod, F(-5.5), I(2), F(0.5)),
            (Mod, F(5.5), I(-2), F(-0.5)),
            (Mod, F(-5.5), I(-2), F(-1.5)),
            (Mod, I(-1), F(f64::INFINITY), F(f64::INFINITY)),
            (Mod, I(1), F(f64::NEG_INFINITY), F(f64::NEG_INFINITY)),
            (Mod, I(1), F(f64::INFINITY), F(1.0)),
            (Mod, I(-1), F(f64::NEG_INFINITY), F(-1.0)),
            (Mod, I(5), F(0.0), F(NEG_NAN)),
            (Mod, F(-0.0), I(1), F(-0.0)),
            (Mod, F(0.0), I(-1), F(0.0)),
            (Mod, F(f64::INFINITY), I(2), F(NEG_NAN)),
            (Mod, I(3), F(-1.0), F(0.0)),
            (Mod, I(-3), F(1.0), F(-0.0)),
            (
                Mod,
                F(9.9999999999999694e-311),
                F(-2.9999999999999908e-310),
                F(-1.9999999999999939e-310),
            ),
            (Mod, F(5.2999999999999998), F(POS_NAN), F(POS_NAN)),
            (Mod, F(9007199254740992.0), I(3), F(2.0)),
            (BAnd, I(3), F(5.0), I(1)),
            (BAnd, F(-9.2233720368547758e+18), I(-1), I(i64::MIN)),
            (BAnd, F(-0.0), I(-1), I(0)),
            (BOr, I(1), I(2), I(3)),
            (BOr, I(i64::MIN), F(1.0), I(-9223372036854775807)),
            (BXor, I(5), I(3), I(6)),
            (BXor, I(-1), I(i64::MAX), I(i64::MIN)),
            (Shl, I(1), I(63), I(i64::MIN)),
            (Shl, I(1), I(64), I(0)),
            (Shl, I(1), I(-1), I(0)),
            (Shl, I(-1), F(1.0), I(-2)),
            (Shl, I(1), I(i64::MIN), I(0)),
            (Shl, I(1), I(i64::MAX), I(0)),
            (Shl, I(8), I(-3), I(1)),
            (Shl, I(-1), I(-63), I(1)),
            (Shl, I(-1), I(-64), I(0)),
            (Shr, I(-1), I(1), I(i64::MAX)),
            (Shr, I(-1), I(63), I(1)),
            (Shr, I(-1), I(64), I(0)),
            (Shr, I(1), I(i64::MIN), I(0)),
            (Shr, I(8), I(-1), I(16)),
            (Shr, I(2), I(-63), I(0)),
            (Shr, I(i64::MIN), I(63), I(1)),
            (Shr, I(5), I(0), I(5)),
            (Unm, I(i64::MIN), I(0), I(i64::MIN)),
            (Unm, I(i64::MAX), I(0), I(-9223372036854775807)),
            (Unm, F(0.0), I(0), F(-0.0)),
            (Unm, F(-0.0), I(0), F(0.0)),
            (Unm, F(NEG_NAN), I(0), F(POS_NAN)),
            (Unm, F(POS_NAN), I(0), F(NEG_NAN)),
            (Unm, I(0), I(0), I(0)),
            (Unm, F(f64::INFINITY), I(0), F(f64::NEG_INFINITY)),
            (BNot, I(0), I(0), I(-1)),
            (BNot, F(5.0), I(0), I(-6)),
            (BNot, I(i64::MIN), I(0), I(i64::MAX)),
            (BNot, F(-0.0), I(0), I(-1)),
        ];
        for &(op, a, b, expected) in cases {
            let result = arith(op, a, b);
            assert!(
                result.is_ok_and(|r| same(r, expected)),
                "{op:?} {a:?} {b:?}: {result:?}, lua5.4 gives {expected:?}"
            );
        }
    }

    #[test]
    fn errors_match_lua() {
        let cases: &[(ArithOp, Number, Number, ArithError)] = &[
            (IDiv, I(7), I(0), DivideByZero),
            (IDiv, I(i64::MIN), I(0), DivideByZero),
            (Mod, I(5), I(0), ModuloByZero),
            (Mod, I(0), I(0), ModuloByZero),
            (BAnd, F(1.5), I(1), NoIntegerRepresentation),
            (
                BOr,
                I(1),
                F(9_223_372_036_854_775_808.0),
                NoIntegerRepresentation,
            ),
            (BXor, F(NEG_NAN), I(1), NoIntegerRepresentation),
            (Shl, F(f64::INFINITY), I(1), NoIntegerRepresentation),
            (Shr, I(1), F(0.5), NoIntegerRepresentation),
            (BNot, F(1.5), I(0), NoIntegerRepresentation),
            (BNot, F(f64::NEG_INFINITY), I(0), NoIntegerRepresentation),
        ];
        for &(op, a, b, expected) in cases {
            assert_eq!(arith(op, a, b), Err(expected), "{op:?} {a:?} {b:?}");
        }
        // lua5.4's messages (the interpreter adds `(local 'x')` to the last one).
        assert_eq!(DivideByZero.to_string(), "attempt to divide by zero");
        assert_eq!(ModuloByZero.to_string(), "attempt to perform 'n%0'");
        assert_eq!(
            NoIntegerRepresentation.to_string(),
            "number has no integer representation"
        );
    }

    #[test]
    fn unary_operators_ignore_the_second_operand() {
        for b in [I(0), F(1.5), F(f64::NAN)] {
            assert!(same(arith(Unm, I(5), b).unwrap(), I(-5)));
            assert!(same(arith(BNot, I(5), b).unwrap(), I(-6)));
        }
    }

    #[test]
    fn integer_helpers_agree_with_definitions() {
        // Floor division and modulo satisfy `a == (a // b) * b + a % b`, with `a % b` in the
        // divisor's sign, for a spread of values (checked in i128 to avoid overflow).
        let values = [
            i64::MIN,
            i64::MIN + 1,
            -1_000_000_007,
            -64,
            -7,
            -3,
            -2,
            -1,
            0,
            1,
            2,
            3,
            7,
            64,
            1_000_000_007,
            i64::MAX - 1,
            i64::MAX,
        ];
        for &a in &values {
            for &b in &values {
                if b == 0 {
                    continue;
                }
                let q = int_floor_div(a, b).unwrap();
                let r = int_mod(a, b).unwrap();
                if !(a == i64::MIN && b == -1) {
                    assert_eq!(
                        i128::from(a),
                        i128::from(q) * i128::from(b) + i128::from(r),
                        "{a} {b}"
                    );
                }
                assert!(r == 0 || (r < 0) == (b < 0), "{a} % {b} = {r}");
                assert!(r.unsigned_abs() < b.unsigned_abs());
            }
        }
        for shift in -70..70 {
            assert_eq!(shift_right(-1, shift), shift_left(-1, -shift));
        }
        assert_eq!(shift_right(-1, i64::MIN), 0);
    }

    #[test]
    fn exact_integer_conversion() {
        assert_eq!(to_integer(F(-0.0)), Ok(0));
        assert_eq!(to_integer(F(3.0)), Ok(3));
        assert_eq!(to_integer(F(-9_223_372_036_854_775_808.0)), Ok(i64::MIN));
        for f in [
            0.5,
            9_223_372_036_854_775_808.0,
            f64::INFINITY,
            f64::NAN,
            1e300,
        ] {
            assert_eq!(to_integer(F(f)), Err(NoIntegerRepresentation), "{f}");
        }
        assert_eq!(to_float(I(i64::MAX)), 9_223_372_036_854_775_808.0);
        assert_eq!(to_float(I((1 << 53) + 1)), 9_007_199_254_740_992.0);
    }
}
