//! Constant folding with lua5.4's rules (`constfolding` in lcode.c): fold only what cannot
//! change a result or an error at run time.

use super::ast::{BinaryOp, Expr, UnaryOp};
use crate::value::arith::{ArithOp, arith, to_integer};
use crate::value::numeral::Number;

/// `lhs op rhs` as a constant, when both operands are numeric constants and lua5.4 folds
/// this operation: never a division or modulo by zero (integer or float), never a NaN or
/// zero float result (which would lose `-0.0`), bitwise operations only on values with an
/// exact integer representation. `None` otherwise, including for `and`/`or`, comparisons
/// and `..`.
pub(crate) fn fold_binary(op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Option<Expr> {
    let op = match op {
        BinaryOp::Add => ArithOp::Add,
        BinaryOp::Sub => ArithOp::Sub,
        BinaryOp::Mul => ArithOp::Mul,
        BinaryOp::Div => ArithOp::Div,
        BinaryOp::IDiv => ArithOp::IDiv,
        BinaryOp::Mod => ArithOp::Mod,
        BinaryOp::Pow => ArithOp::Pow,
        BinaryOp::BAnd => ArithOp::BAnd,
        BinaryOp::BOr => ArithOp::BOr,
        BinaryOp::BXor => ArithOp::BXor,
        BinaryOp::Shl => ArithOp::Shl,
        BinaryOp::Shr => ArithOp::Shr,
        BinaryOp::Concat
        | BinaryOp::Eq
        | BinaryOp::NotEq
        | BinaryOp::Lt
        | BinaryOp::Le
        | BinaryOp::Gt
        | BinaryOp::Ge
        | BinaryOp::And
        | BinaryOp::Or => return None,
    };
    fold(op, numeral(lhs)?, numeral(rhs)?)
}

/// `op operand` as a constant: `-` and `~` on numeric constants (same rules as
/// [`fold_binary`]), `not` on any constant (`nil`, booleans, numbers, strings). `None`
/// otherwise (`#` is never folded).
pub(crate) fn fold_unary(op: UnaryOp, operand: &Expr) -> Option<Expr> {
    match op {
        UnaryOp::Neg => fold(ArithOp::Unm, numeral(operand)?, Number::Integer(0)),
        UnaryOp::BNot => fold(ArithOp::BNot, numeral(operand)?, Number::Integer(0)),
        UnaryOp::Not => match operand {
            Expr::Nil | Expr::False => Some(Expr::True),
            Expr::True | Expr::Integer(_) | Expr::Float(_) | Expr::String(_) => Some(Expr::False),
            _ => None,
        },
        UnaryOp::Len => None,
    }
}

fn numeral(expr: &Expr) -> Option<Number> {
    match *expr {
        Expr::Integer(i) => Some(Number::Integer(i)),
        Expr::Float(f) => Some(Number::Float(f)),
        _ => None,
    }
}

/// lua5.4's `validop` + `luaO_rawarith` + the NaN/zero guard.
fn fold(op: ArithOp, a: Number, b: Number) -> Option<Expr> {
    let valid = match op {
        ArithOp::BAnd
        | ArithOp::BOr
        | ArithOp::BXor
        | ArithOp::Shl
        | ArithOp::Shr
        | ArithOp::BNot => to_integer(a).is_ok() && to_integer(b).is_ok(),
        ArithOp::Div | ArithOp::IDiv | ArithOp::Mod => match b {
            Number::Integer(i) => i != 0,
            Number::Float(f) => f != 0.0,
        },
        _ => true,
    };
    if !valid {
        return None;
    }
    match arith(op, a, b).ok()? {
        Number::Integer(i) => Some(Expr::Integer(i)),
        Number::Float(f) if f.is_nan() || f == 0.0 => None,
        Number::Float(f) => Some(Expr::Float(f)),
    }
}

#[cfg(test)]
mod tests {
    use super::{fold_binary, fold_unary};
    use crate::compiler::ast::{BinaryOp, Expr, UnaryOp};

    fn folded(op: BinaryOp, a: Expr, b: Expr) -> Option<String> {
        fold_binary(op, &a, &b).map(|e| format!("{e:?}"))
    }

    #[test]
    fn folds_safe_arithmetic() {
        use Expr::{Float, Integer};
        assert_eq!(
            folded(BinaryOp::Add, Integer(1), Integer(2)),
            Some("Integer(3)".into())
        );
        assert_eq!(
            folded(BinaryOp::Add, Integer(i64::MAX), Integer(1)),
            Some(format!("Integer({})", i64::MIN))
        );
        assert_eq!(
            folded(BinaryOp::Div, Integer(1), Integer(2)),
            Some("Float(0.5)".into())
        );
        assert_eq!(
            folded(BinaryOp::Pow, Integer(2), Integer(10)),
            Some("Float(1024.0)".into())
        );
        assert_eq!(
            folded(BinaryOp::IDiv, Integer(7), Integer(-2)),
            Some("Integer(-4)".into())
        );
        assert_eq!(
            folded(BinaryOp::Mod, Integer(-7), Integer(3)),
            Some("Integer(2)".into())
        );
        assert_eq!(
            folded(BinaryOp::Mod, Float(5.5), Integer(2)),
            Some("Float(1.5)".into())
        );
        assert_eq!(
            folded(BinaryOp::BAnd, Float(3.0), Integer(1)),
            Some("Integer(1)".into())
        );
        assert_eq!(
            folded(BinaryOp::Shl, Integer(1), Integer(64)),
            Some("Integer(0)".into())
        );
    }

    #[test]
    fn leaves_errors_and_special_results_to_run_time() {
        use Expr::{Float, Integer};
        assert_eq!(folded(BinaryOp::IDiv, Integer(1), Integer(0)), None);
        assert_eq!(folded(BinaryOp::Mod, Integer(1), Integer(0)), None);
        assert_eq!(folded(BinaryOp::Div, Integer(1), Integer(0)), None);
        assert_eq!(folded(BinaryOp::Div, Integer(0), Integer(0)), None);
        assert_eq!(folded(BinaryOp::Mod, Float(1.0), Float(0.0)), None);
        assert_eq!(folded(BinaryOp::BOr, Float(1.5), Integer(1)), None);
        assert_eq!(folded(BinaryOp::Mul, Float(0.0), Integer(-1)), None);
        assert_eq!(folded(BinaryOp::Sub, Float(1.0), Float(1.0)), None);
        assert_eq!(folded(BinaryOp::Concat, Integer(1), Integer(2)), None);
        assert_eq!(folded(BinaryOp::Lt, Integer(1), Integer(2)), None);
        assert_eq!(
            folded(
                BinaryOp::Add,
                Expr::String(crate::compiler::token::Symbol(0)),
                Integer(2)
            ),
            None
        );
    }

    #[test]
    fn folds_unary_operators() {
        let show = |op, e: Expr| fold_unary(op, &e).map(|e| format!("{e:?}"));
        assert_eq!(
            show(UnaryOp::Neg, Expr::Integer(i64::MIN)),
            Some(format!("Integer({})", i64::MIN))
        );
        assert_eq!(show(UnaryOp::Neg, Expr::Float(0.0)), None);
        assert_eq!(
            show(UnaryOp::Neg, Expr::Integer(0)),
            Some("Integer(0)".into())
        );
        assert_eq!(
            show(UnaryOp::BNot, Expr::Integer(0)),
            Some("Integer(-1)".into())
        );
        assert_eq!(show(UnaryOp::BNot, Expr::Float(0.5)), None);
        assert_eq!(show(UnaryOp::Not, Expr::Nil), Some("True".into()));
        assert_eq!(show(UnaryOp::Not, Expr::Integer(0)), Some("False".into()));
        assert_eq!(show(UnaryOp::Len, Expr::Integer(0)), None);
    }
}
