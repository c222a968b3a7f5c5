//! Operators on values with lua5.4's coercions, metamethods and error messages: arithmetic,
//! bitwise, comparison, equality, length and concatenation.

use super::{MultiValue, VmContext};
use crate::errors::RuntimeError;
use crate::storage::Storage;
use crate::value::arith::{self, ArithOp};
use crate::value::number::{write_float, write_integer};
use crate::value::numeral::{Number, str_to_number};
use crate::value::{StringRef, Value};
use std::cmp::Ordering;

const ARITH_NAMES: [&str; 14] = [
    "add", "sub", "mul", "mod", "pow", "div", "idiv", "band", "bor", "bxor", "shl", "shr", "unm",
    "bnot",
];

/// The number a value is without string coercion.
#[inline]
pub(crate) fn as_number(value: Value) -> Option<Number> {
    match value {
        Value::Integer(i) => Some(Number::Integer(i)),
        Value::Float(f) => Some(Number::Float(f)),
        _ => None,
    }
}

#[inline]
fn number_value(n: Number) -> Value {
    match n {
        Number::Integer(i) => Value::Integer(i),
        Number::Float(f) => Value::Float(f),
    }
}

pub(crate) fn is_bitwise(op: ArithOp) -> bool {
    matches!(
        op,
        ArithOp::BAnd | ArithOp::BOr | ArithOp::BXor | ArithOp::Shl | ArithOp::Shr | ArithOp::BNot
    )
}

/// `i` compared with `f` exactly (`None` for NaN).
pub(crate) fn cmp_int_float(i: i64, f: f64) -> Option<Ordering> {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() {
        return None;
    }
    if f >= LIMIT {
        return Some(Ordering::Less);
    }
    if f < -LIMIT {
        return Some(Ordering::Greater);
    }
    let t = f.trunc() as i64;
    Some(match i.cmp(&t) {
        Ordering::Equal => {
            let fract = f - f.trunc();
            if fract > 0.0 {
                Ordering::Less
            } else if fract < 0.0 {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        }
        other => other,
    })
}

/// Numeric order of two numbers (`None` when unordered: NaN).
#[inline]
pub(crate) fn cmp_numbers(a: Number, b: Number) -> Option<Ordering> {
    match (a, b) {
        (Number::Integer(x), Number::Integer(y)) => Some(x.cmp(&y)),
        (Number::Float(x), Number::Float(y)) => x.partial_cmp(&y),
        (Number::Integer(x), Number::Float(y)) => cmp_int_float(x, y),
        (Number::Float(x), Number::Integer(y)) => cmp_int_float(y, x).map(Ordering::reverse),
    }
}

impl<S: Storage> VmContext<'_, S> {
    /// The number a value coerces to for arithmetic (numeric strings included).
    fn coerce_number(&self, value: Value) -> Option<Number> {
        match value {
            Value::Integer(i) => Some(Number::Integer(i)),
            Value::Float(f) => Some(Number::Float(f)),
            Value::String(s) => str_to_number(self.vm.heap.string(s).ok()?.as_bytes()),
            _ => None,
        }
    }

    /// Calls the metamethod `handler` with two operands and returns its first result.
    fn call_meta(&mut self, handler: Value, a: Value, b: Value) -> Result<Value, RuntimeError> {
        Ok(self
            .call_value(handler, MultiValue::from_iter([a, b]))?
            .get(0))
    }

    /// Whether `a op b` fails without calling anything: no operand has the metamethod and
    /// none takes the string library's arithmetic path (an error of [`Self::arith`] then
    /// concerns the operands themselves).
    pub(crate) fn arith_unhandled(&self, op: ArithOp, a: Value, b: Value) -> bool {
        let name = self.vm.names.arith[op as usize];
        let string_lib = !is_bitwise(op);
        [a, b].into_iter().all(|operand| {
            let string_path = string_lib && matches!(operand, Value::String(_));
            !string_path && matches!(self.metamethod(operand, name), Ok(Value::Nil))
        })
    }

    /// `a op b` (for unary operators `b` is `a`) with coercions and metamethods.
    pub(crate) fn arith(&mut self, op: ArithOp, a: Value, b: Value) -> Result<Value, RuntimeError> {
        let (x, y) = if is_bitwise(op) {
            (as_number(a), as_number(b))
        } else {
            (self.coerce_number(a), self.coerce_number(b))
        };
        if let (Some(x), Some(y)) = (x, y) {
            return arith::arith(op, x, y)
                .map(number_value)
                .map_err(|e| RuntimeError::Message(e.to_string()));
        }
        let name = self.vm.names.arith[op as usize];
        let string_lib = !is_bitwise(op);
        // The string library's arithmetic metamethods (lstrlib's `trymt`).
        let string_error = |a: Value, b: Value| {
            RuntimeError::Message(format!(
                "attempt to {} a '{}' with a '{}'",
                ARITH_NAMES[op as usize],
                a.type_name(),
                b.type_name()
            ))
        };
        for operand in [a, b] {
            if string_lib && matches!(operand, Value::String(_)) {
                if matches!(b, Value::String(_)) {
                    return Err(string_error(a, b));
                }
                let handler = self.metamethod(b, name)?;
                if handler.is_nil() {
                    return Err(string_error(a, b));
                }
                return self.call_meta(handler, a, b);
            }
            let handler = self.metamethod(operand, name)?;
            if !handler.is_nil() {
                return self.call_meta(handler, a, b);
            }
        }
        if is_bitwise(op) {
            if as_number(a).is_some() && as_number(b).is_some() {
                return Err(RuntimeError::NoIntegerRepresentation);
            }
            let culprit = if as_number(a).is_none() { a } else { b };
            return Err(RuntimeError::Message(format!(
                "attempt to perform bitwise operation on a {} value",
                self.type_name_of(culprit)
            )));
        }
        let culprit = if as_number(a).is_none() { a } else { b };
        Err(RuntimeError::Message(format!(
            "attempt to perform arithmetic on a {} value",
            self.type_name_of(culprit)
        )))
    }

    fn order_error(&self, a: Value, b: Value) -> RuntimeError {
        let (t1, t2) = (self.type_name_of(a), self.type_name_of(b));
        RuntimeError::Message(if t1 == t2 {
            format!("attempt to compare two {t1} values")
        } else {
            format!("attempt to compare {t1} with {t2}")
        })
    }

    fn compare_strings(&self, a: StringRef, b: StringRef) -> Result<Ordering, RuntimeError> {
        Ok(self
            .vm
            .heap
            .string(a)?
            .as_bytes()
            .cmp(self.vm.heap.string(b)?.as_bytes()))
    }

    /// `a < b` (`le`: `a <= b`) with `__lt`/`__le`.
    pub(crate) fn less(&mut self, a: Value, b: Value, le: bool) -> Result<bool, RuntimeError> {
        if let (Some(x), Some(y)) = (as_number(a), as_number(b)) {
            return Ok(match cmp_numbers(x, y) {
                Some(Ordering::Less) => true,
                Some(Ordering::Equal) => le,
                _ => false,
            });
        }
        if let (Value::String(x), Value::String(y)) = (a, b) {
            let order = self.compare_strings(x, y)?;
            return Ok(order == Ordering::Less || (le && order == Ordering::Equal));
        }
        let name = if le {
            self.vm.names.le
        } else {
            self.vm.names.lt
        };
        let mut handler = self.metamethod(a, name)?;
        if handler.is_nil() {
            handler = self.metamethod(b, name)?;
        }
        if handler.is_nil() {
            return Err(self.order_error(a, b));
        }
        Ok(self.call_meta(handler, a, b)?.is_truthy())
    }

    /// `a == b` with `__eq` (only for two tables or two host data).
    pub(crate) fn equals(&mut self, a: Value, b: Value) -> Result<bool, RuntimeError> {
        if a == b {
            return Ok(true);
        }
        if !matches!(
            (a, b),
            (Value::Table(_), Value::Table(_)) | (Value::HostData(_), Value::HostData(_))
        ) {
            return Ok(false);
        }
        let name = self.vm.names.eq;
        let mut handler = self.metamethod(a, name)?;
        if handler.is_nil() {
            handler = self.metamethod(b, name)?;
        }
        if handler.is_nil() {
            return Ok(false);
        }
        Ok(self.call_meta(handler, a, b)?.is_truthy())
    }

    /// `#value` with `__len`.
    pub(crate) fn length(&mut self, value: Value) -> Result<Value, RuntimeError> {
        match value {
            Value::String(s) => Ok(Value::Integer(
                self.vm.heap.string(s)?.as_bytes().len() as i64
            )),
            _ => {
                let handler = self.metamethod(value, self.vm.names.len)?;
                if !handler.is_nil() {
                    return self.call_meta(handler, value, value);
                }
                match value {
                    Value::Table(t) => Ok(Value::Integer(self.vm.heap.table(t)?.border() as i64)),
                    other => Err(RuntimeError::Message(format!(
                        "attempt to get length of a {} value",
                        self.type_name_of(other)
                    ))),
                }
            }
        }
    }

    /// Appends a string or number's text to `out`; `false` for other values.
    fn append_text(&self, value: Value, out: &mut Vec<u8>) -> Result<bool, RuntimeError> {
        match value {
            Value::String(s) => out.extend_from_slice(self.vm.heap.string(s)?.as_bytes()),
            Value::Integer(i) => {
                let mut text = String::new();
                write_integer(i, &mut text);
                out.extend_from_slice(text.as_bytes());
            }
            Value::Float(f) => {
                let mut text = String::new();
                write_float(f, &mut text);
                out.extend_from_slice(text.as_bytes());
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Concatenates `values` (at least two) right to left, as lua5.4's `luaV_concat`.
    pub(crate) fn concat(&mut self, values: &mut Vec<Value>) -> Result<Value, RuntimeError> {
        let is_text =
            |v: &Value| matches!(v, Value::String(_) | Value::Integer(_) | Value::Float(_));
        let mut buffer = Vec::new();
        while values.len() > 1 {
            let n = values.len();
            let (a, b) = (values[n - 2], values[n - 1]);
            if is_text(&a) && is_text(&b) {
                let mut start = n - 2;
                while start > 0 && is_text(&values[start - 1]) {
                    start -= 1;
                }
                // The length first: a result past the string size limit or the host's memory
                // limit is refused before anything is allocated (numbers take at most 40).
                let mut total = 0usize;
                for &v in &values[start..] {
                    total = total.saturating_add(match v {
                        Value::String(s) => self.vm.heap.string(s)?.as_bytes().len(),
                        _ => 40,
                    });
                }
                if total > crate::stdlib::args::MAX_STRING_SIZE {
                    return Err(RuntimeError::Message("string length overflow".to_owned()));
                }
                crate::stdlib::args::check_memory(self, total)?;
                buffer.clear();
                for &v in &values[start..] {
                    self.append_text(v, &mut buffer)?;
                }
                let s = self.vm.heap.intern(&buffer)?;
                values.truncate(start);
                values.push(Value::String(s));
            } else {
                let name = self.vm.names.concat;
                let mut handler = self.metamethod(a, name)?;
                if handler.is_nil() {
                    handler = self.metamethod(b, name)?;
                }
                if handler.is_nil() {
                    let culprit = if is_text(&a) { b } else { a };
                    return Err(RuntimeError::Message(format!(
                        "attempt to concatenate a {} value",
                        self.type_name_of(culprit)
                    )));
                }
                let result = self.call_meta(handler, a, b)?;
                values.truncate(n - 2);
                values.push(result);
            }
        }
        Ok(values.pop().unwrap_or_default())
    }
}
