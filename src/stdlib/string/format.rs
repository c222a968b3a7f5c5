//! lua5.4's `string.format` (`str_format` in `lstrlib.c`, Lua 5.4.4), byte for byte.
//!
//! Every conversion is formatted here in safe Rust, reproducing glibc's `printf` output:
//! integers (`%d %i %u %c %o %x %X`), floats (`%e %E %f %g %G` on top of Rust's correctly
//! rounded decimal conversion, `%a %A` from the bits), strings (`%s`, with `tostring`
//! semantics), `%q` literals and `%p`. Lua 5.4.4 accepts only some flags per conversion and at
//! most two digits of width and of precision; anything else is an error, as in lua5.4.
//!
//! The result is built in one `Vec<u8>`: each item is written at the end of it and padded in
//! place, without temporary buffers.
//!
//! Deliberate difference: `%p` prints an object's heap id (`0x0000002a`, the form `tostring`
//! uses) instead of a machine address, so output is the same on every machine.

use std::io::Write as _;

use super::super::args::{check_number, check_string, set_field};
use super::super::base::{NativeResult, arg_error, check_integer, one, to_display};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, Value, VmContext};
use crate::storage::Storage;
use crate::value::TableRef;
use crate::value::number::format_float;
use crate::value::numeral::Number;

const NAME: &str = "string.format";

/// Flags, width digits and precision of one item span at most this many bytes (lua5.4's
/// `MAX_FORMAT - 10` including the conversion letter).
const MAX_SPEC: usize = 21;

/// The flags lua5.4 accepts for each kind of conversion.
const FLAGS_FLOAT: &[u8] = b"-+ #0";
const FLAGS_HEX: &[u8] = b"-#0";
const FLAGS_INT: &[u8] = b"-+ 0";
const FLAGS_UNSIGNED: &[u8] = b"-0";
const FLAGS_CHAR: &[u8] = b"-";

/// Registers `string.format`.
pub(crate) fn register<S: Storage>(ctx: &mut VmContext<'_, S>, table: TableRef) {
    let f = ctx.create_builtin("std:string.format", []);
    set_field(ctx, table, "format", Value::Function(f));
}

/// A parsed conversion specification (the part between `%` and the conversion letter).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    precision: Option<usize>,
}

impl Spec {
    /// Reads `text` as printf does. Only called on text that passed [`valid`].
    fn parse(text: &[u8]) -> Spec {
        let mut spec = Spec::default();
        let mut i = 0;
        while let Some(&b) = text.get(i) {
            match b {
                b'-' => spec.left = true,
                b'+' => spec.plus = true,
                b' ' => spec.space = true,
                b'#' => spec.alt = true,
                b'0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        while let Some(&b) = text.get(i).filter(|b| b.is_ascii_digit()) {
            spec.width = spec.width * 10 + usize::from(b - b'0');
            i += 1;
        }
        if text.get(i) == Some(&b'.') {
            i += 1;
            let mut precision = 0;
            while let Some(&b) = text.get(i).filter(|b| b.is_ascii_digit()) {
                precision = precision * 10 + usize::from(b - b'0');
                i += 1;
            }
            spec.precision = Some(precision);
        }
        spec
    }

    /// The sign character of a number (`-`, or `+`/space when asked for).
    fn sign(&self, negative: bool) -> Option<u8> {
        if negative {
            Some(b'-')
        } else if self.plus {
            Some(b'+')
        } else if self.space {
            Some(b' ')
        } else {
            None
        }
    }
}

/// lua5.4's `checkformat`: `text` (without `%` and the conversion letter) is some of `flags`,
/// then a width of at most two digits not starting with `0`, then, if `precision` is allowed,
/// `.` and at most two digits.
fn valid(text: &[u8], flags: &[u8], precision: bool) -> bool {
    let mut i = text.iter().take_while(|b| flags.contains(b)).count();
    let digits = |i: usize| {
        i + text[i..]
            .iter()
            .take(2)
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    if text.get(i) != Some(&b'0') {
        i = digits(i);
        if precision && text.get(i) == Some(&b'.') {
            i = digits(i + 1);
        }
    }
    i == text.len()
}

/// The item text as lua5.4 quotes it in messages: `%`, the spec, the conversion letter (a C
/// string, so it stops at a zero byte).
fn item_text(spec: &[u8], conversion: u8) -> String {
    let mut text = Vec::with_capacity(spec.len() + 2);
    text.push(b'%');
    text.extend_from_slice(spec);
    if conversion != 0 {
        text.push(conversion);
    }
    String::from_utf8_lossy(&text).into_owned()
}

fn check_spec(
    spec: &[u8],
    conversion: u8,
    flags: &[u8],
    precision: bool,
) -> Result<Spec, RuntimeError> {
    if valid(spec, flags, precision) {
        Ok(Spec::parse(spec))
    } else {
        Err(RuntimeError::Message(format!(
            "invalid conversion specification: '{}'",
            item_text(spec, conversion)
        )))
    }
}

fn too_large() -> RuntimeError {
    RuntimeError::Message("resulting string too large".to_owned())
}

pub(crate) fn format<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    crate::stdlib::args::within_result_limit(ctx, |ctx, limit| format_within(&call, ctx, limit))
}

/// `string.format` with a result bounded by `limit` bytes.
fn format_within<S: Storage>(
    call: &CallContext,
    ctx: &mut VmContext<'_, S>,
    limit: usize,
) -> NativeResult {
    let args = call.args();
    let fmt = check_string(ctx, args, 1, NAME)?;
    let capacity = ctx.vm.heap.string(fmt)?.as_bytes().len().saturating_add(64);
    let mut out: Vec<u8> = Vec::with_capacity(capacity.min(limit));
    let mut pos = 0;
    let mut arg = 1;
    loop {
        // Copy the literal text up to the next item, and read the item's spec, while the
        // format string is borrowed; the conversion itself may call metamethods.
        let bytes = ctx.vm.heap.string(fmt)?.as_bytes();
        let Some(rest) = bytes.get(pos..) else { break };
        let Some(percent) = rest.iter().position(|&b| b == b'%') else {
            out.extend_from_slice(rest);
            break;
        };
        out.extend_from_slice(&rest[..percent]);
        pos += percent + 1;
        if bytes.get(pos) == Some(&b'%') {
            out.push(b'%');
            pos += 1;
            continue;
        }
        arg += 1;
        if arg > args.len() {
            return Err(arg_error(arg, NAME, "no value"));
        }
        let rest = &bytes[pos..];
        let span = rest
            .iter()
            .take_while(|b| b"-+ #0123456789.".contains(b))
            .count();
        if span >= MAX_SPEC {
            return Err(RuntimeError::Message(
                "invalid format (too long)".to_owned(),
            ));
        }
        let mut spec_buf = [0u8; MAX_SPEC];
        spec_buf[..span].copy_from_slice(&rest[..span]);
        let spec = &spec_buf[..span];
        // Past the end, C reads the terminating zero.
        let conversion = rest.get(span).copied().unwrap_or(0);
        pos += span + 1;
        let value = args.get(arg - 1);
        match conversion {
            b'c' => {
                let spec = check_spec(spec, conversion, FLAGS_CHAR, false)?;
                let c = check_integer(ctx, args, arg, NAME)?;
                let start = out.len();
                // C converts to `int`, then `%c` prints it as an `unsigned char`.
                out.push(c as u8);
                pad(&mut out, start, 0, &spec, false);
            }
            b'd' | b'i' | b'u' | b'o' | b'x' | b'X' => {
                let n = check_integer(ctx, args, arg, NAME)?;
                let flags = match conversion {
                    b'd' | b'i' => FLAGS_INT,
                    b'u' => FLAGS_UNSIGNED,
                    _ => FLAGS_HEX,
                };
                let spec = check_spec(spec, conversion, flags, true)?;
                write_integer(&mut out, &spec, conversion, n);
            }
            b'a' | b'A' => {
                let spec = check_spec(spec, conversion, FLAGS_FLOAT, true)?;
                let n = number_arg(ctx, args, arg)?;
                write_float(&mut out, &spec, conversion, n);
            }
            b'e' | b'E' | b'f' | b'g' | b'G' => {
                let n = number_arg(ctx, args, arg)?;
                let spec = check_spec(spec, conversion, FLAGS_FLOAT, true)?;
                write_float(&mut out, &spec, conversion, n);
            }
            b'p' => {
                let spec = check_spec(spec, conversion, FLAGS_CHAR, false)?;
                let id = match value {
                    Value::String(s) => Some(s.id()),
                    Value::Table(t) => Some(t.id()),
                    Value::Function(f) => Some(f.id()),
                    Value::Coroutine(c) => Some(c.id()),
                    Value::HostData(h) => Some(h.id()),
                    Value::Nil | Value::Bool(_) | Value::Integer(_) | Value::Float(_) => None,
                };
                let start = out.len();
                match id {
                    Some(id) => {
                        let _ = write!(out, "0x{id:08x}");
                    }
                    None => out.extend_from_slice(b"(null)"),
                }
                pad(&mut out, start, 0, &spec, false);
            }
            b'q' => {
                if span != 0 {
                    return Err(RuntimeError::Message(
                        "specifier '%q' cannot have modifiers".to_owned(),
                    ));
                }
                match value {
                    Value::String(s) => quote_string(&mut out, ctx.vm.heap.string(s)?.as_bytes()),
                    Value::Integer(i64::MIN) => out.extend_from_slice(b"0x8000000000000000"),
                    Value::Integer(i) => write_integer(&mut out, &Spec::default(), b'd', i),
                    Value::Float(f) => quote_float(&mut out, f),
                    Value::Nil => out.extend_from_slice(b"nil"),
                    Value::Bool(true) => out.extend_from_slice(b"true"),
                    Value::Bool(false) => out.extend_from_slice(b"false"),
                    _ => return Err(arg_error(arg, NAME, "value has no literal form")),
                }
            }
            b's' => {
                let start = out.len();
                append_tostring(ctx, value, &mut out, limit)?;
                if span != 0 {
                    if out[start..].contains(&0) {
                        return Err(arg_error(arg, NAME, "string contains zeros"));
                    }
                    let spec = check_spec(spec, conversion, FLAGS_CHAR, true)?;
                    if let Some(precision) = spec.precision {
                        out.truncate(start.saturating_add(precision).min(out.len()));
                    }
                    pad(&mut out, start, 0, &spec, false);
                }
            }
            _ => {
                return Err(RuntimeError::Message(format!(
                    "invalid conversion '{}' to 'format'",
                    item_text(spec, conversion)
                )));
            }
        }
        if out.len() > limit {
            return Err(too_large());
        }
    }
    Ok(one(Value::String(ctx.create_string(out))))
}

/// `luaL_checknumber` as a C `double`.
fn number_arg<S: Storage>(
    ctx: &VmContext<'_, S>,
    args: &crate::interpreter::MultiValue,
    n: usize,
) -> Result<f64, RuntimeError> {
    Ok(match check_number(ctx, args, n, NAME)? {
        Number::Integer(i) => i as f64,
        Number::Float(f) => f,
    })
}

/// `luaL_tolstring`: appends `tostring(value)`.
fn append_tostring<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    value: Value,
    out: &mut Vec<u8>,
    limit: usize,
) -> Result<(), RuntimeError> {
    match value {
        Value::String(s) if ctx.metamethod(value, ctx.vm.names.tostring)?.is_nil() => {
            let bytes = ctx.vm.heap.string(s)?.as_bytes();
            if out.len().saturating_add(bytes.len()) > limit {
                return Err(too_large());
            }
            out.extend_from_slice(bytes);
        }
        // Numbers have no `__tostring` unless `debug.setmetatable` gave them a metatable.
        Value::Integer(i) if ctx.vm.type_metatables[2].is_none() => {
            write_integer(out, &Spec::default(), b'd', i)
        }
        Value::Float(f) if ctx.vm.type_metatables[2].is_none() => {
            out.extend_from_slice(format_float(f).as_bytes())
        }
        _ => {
            let text = to_display(ctx, value)?;
            if out.len().saturating_add(text.len()) > limit {
                return Err(too_large());
            }
            out.extend_from_slice(&text);
        }
    }
    Ok(())
}

/// Pads the item `out[start..]` to the spec's width: spaces after it (`-`), zeros after its
/// first `prefix` bytes (sign, `0x`) when `zeros` is allowed and asked for, else spaces before.
fn pad(out: &mut Vec<u8>, start: usize, prefix: usize, spec: &Spec, zeros: bool) {
    let len = out.len() - start;
    if spec.width <= len {
        return;
    }
    let fill = spec.width - len;
    if spec.left {
        out.resize(out.len() + fill, b' ');
    } else if zeros && spec.zero {
        out.resize(out.len() + fill, b'0');
        out[start + prefix..].rotate_right(fill);
    } else {
        out.resize(out.len() + fill, b' ');
        out[start..].rotate_right(fill);
    }
}

/// `%d %i %u %o %x %X` of a 64-bit integer (the unsigned conversions see its two's
/// complement bits, like C's `%llx`).
fn write_integer(out: &mut Vec<u8>, spec: &Spec, conversion: u8, n: i64) {
    let (negative, magnitude, base) = match conversion {
        b'd' | b'i' => (n < 0, n.unsigned_abs(), 10),
        b'u' => (false, n as u64, 10),
        b'o' => (false, n as u64, 8),
        _ => (false, n as u64, 16),
    };
    let digits_table: &[u8; 16] = if conversion == b'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut buf = [0u8; 24];
    let mut pos = buf.len();
    let mut rest = magnitude;
    // With precision 0, zero prints no digits.
    if magnitude != 0 || spec.precision != Some(0) {
        loop {
            pos -= 1;
            buf[pos] = digits_table[(rest % base) as usize];
            rest /= base;
            if rest == 0 {
                break;
            }
        }
    }
    let digits = &buf[pos..];
    let start = out.len();
    if let Some(sign) = spec.sign(negative) {
        out.push(sign);
    }
    if spec.alt && magnitude != 0 && base == 16 {
        out.push(b'0');
        out.push(conversion);
    }
    let prefix = out.len() - start;
    let mut zeros = spec.precision.unwrap_or(0).saturating_sub(digits.len());
    // `#` makes octal start with a zero.
    if spec.alt && base == 8 && zeros == 0 && digits.first() != Some(&b'0') {
        zeros = 1;
    }
    out.resize(out.len() + zeros, b'0');
    out.extend_from_slice(digits);
    pad(out, start, prefix, spec, spec.precision.is_none());
}

/// `%e %E %f %g %G %a %A` of a float.
fn write_float(out: &mut Vec<u8>, spec: &Spec, conversion: u8, n: f64) {
    let upper = conversion.is_ascii_uppercase();
    let start = out.len();
    if let Some(sign) = spec.sign(n.is_sign_negative()) {
        out.push(sign);
    }
    let mut prefix = out.len() - start;
    let n = n.abs();
    if !n.is_finite() {
        let text: &[u8] = match (n.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        out.extend_from_slice(text);
        pad(out, start, prefix, spec, false);
        return;
    }
    match conversion {
        b'f' => {
            let precision = spec.precision.unwrap_or(6);
            let _ = write!(out, "{n:.precision$}");
            if spec.alt && precision == 0 {
                out.push(b'.');
            }
        }
        b'e' | b'E' => {
            let precision = spec.precision.unwrap_or(6);
            let body = out.len();
            let _ = write!(out, "{n:.precision$e}");
            let exponent = take_exponent(out, body);
            if spec.alt && precision == 0 {
                out.push(b'.');
            }
            push_exponent(out, if upper { b'E' } else { b'e' }, exponent);
        }
        b'g' | b'G' => write_general(out, spec, upper, n),
        _ => {
            out.push(b'0');
            out.push(if upper { b'X' } else { b'x' });
            prefix += 2;
            write_hex_float(out, spec.precision, spec.alt, upper, n);
        }
    }
    pad(out, start, prefix, spec, true);
}

/// Removes Rust's `e<exponent>` suffix from the `{:e}` text at `out[body..]` and returns the
/// exponent.
fn take_exponent(out: &mut Vec<u8>, body: usize) -> i32 {
    let Some(e) = out[body..].iter().rposition(|&b| b == b'e') else {
        return 0;
    };
    let e = body + e;
    let mut exponent: i32 = 0;
    let mut negative = false;
    for &b in &out[e + 1..] {
        match b {
            b'-' => negative = true,
            b'0'..=b'9' => exponent = exponent * 10 + i32::from(b - b'0'),
            _ => {}
        }
    }
    out.truncate(e);
    if negative { -exponent } else { exponent }
}

/// C's exponent: a letter, a sign and at least two digits.
fn push_exponent(out: &mut Vec<u8>, letter: u8, exponent: i32) {
    out.push(letter);
    out.push(if exponent < 0 { b'-' } else { b'+' });
    let e = exponent.unsigned_abs();
    if e < 10 {
        out.push(b'0');
    }
    let _ = write!(out, "{e}");
}

/// `%g`: `%e` style when the exponent X (after rounding to P significant digits) is below -4
/// or at least P, else `%f` style with P - 1 - X decimals; trailing zeros (and a trailing
/// point) removed unless `#`.
fn write_general(out: &mut Vec<u8>, spec: &Spec, upper: bool, n: f64) {
    let significant = match spec.precision {
        None => 6,
        Some(0) => 1,
        Some(p) => p,
    };
    let body = out.len();
    let _ = write!(out, "{n:.prec$e}", prec = significant - 1);
    let exponent = take_exponent(out, body);
    // The significant digits, without the point.
    let mut digits = [0u8; 128];
    let mut count = 0;
    for &b in &out[body..] {
        if b.is_ascii_digit() && count < digits.len() {
            digits[count] = b;
            count += 1;
        }
    }
    let digits = &digits[..count];
    out.truncate(body);
    let exponential = exponent < -4 || exponent >= significant as i32;
    // glibc quirk: when the value had P integer digits and rounding carried into a new one
    // (999999.5 with P = 6), `#` shows no fraction digits: `1.e+06`, not `1.00000e+06`.
    if spec.alt
        && exponent == significant as i32
        && digits[1..].iter().all(|&d| d == b'0')
        && below_power_of_ten(out, n, significant)
    {
        out.push(digits[0]);
        out.push(b'.');
        push_exponent(out, if upper { b'E' } else { b'e' }, exponent);
        return;
    }
    if exponential {
        out.push(digits[0]);
        out.push(b'.');
        out.extend_from_slice(&digits[1..]);
    } else if exponent >= 0 {
        let int_len = (exponent as usize + 1).min(digits.len());
        out.extend_from_slice(&digits[..int_len]);
        out.push(b'.');
        out.extend_from_slice(&digits[int_len..]);
    } else {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + (-exponent - 1) as usize, b'0');
        out.extend_from_slice(digits);
    }
    if !spec.alt {
        while out.last() == Some(&b'0') && out.len() > body {
            out.pop();
        }
        if out.last() == Some(&b'.') {
            out.pop();
        }
    }
    if exponential {
        push_exponent(out, if upper { b'E' } else { b'e' }, exponent);
    }
}

/// Whether `n` (positive, finite) is below 10^`power`, exactly. `out` is scratch space.
fn below_power_of_ten(out: &mut Vec<u8>, n: f64, power: usize) -> bool {
    if n < 9_007_199_254_740_992.0 {
        // Below 2^53 only powers up to 10^16 matter, and those are exact doubles.
        let mut limit = 1.0;
        for _ in 0..power.min(22) {
            limit *= 10.0;
        }
        n < limit
    } else {
        // An integer: count its digits.
        let start = out.len();
        let _ = write!(out, "{n:.0}");
        let digits = out.len() - start;
        out.truncate(start);
        digits <= power
    }
}

/// glibc's `%a` after the `0x`: the leading digit (`1` for normal numbers, `0` for zero and
/// subnormals, `2` when rounding carries), the hex fraction (shortest exact form, or rounded
/// to nearest-even at `precision` digits), `p` and the binary exponent.
fn write_hex_float(out: &mut Vec<u8>, precision: Option<usize>, alt: bool, upper: bool, n: f64) {
    const FRACTION_DIGITS: usize = 13;
    let bits = n.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mut mantissa, exponent) = match (biased, fraction) {
        (0, 0) => (0u64, 0),
        (0, f) => (f, -1022),
        (e, f) => ((1 << 52) | f, e - 1023),
    };
    let digits = match precision {
        Some(p) => p,
        None if fraction == 0 => 0,
        None => FRACTION_DIGITS - (fraction.trailing_zeros() / 4) as usize,
    };
    let shown = digits.min(FRACTION_DIGITS);
    if shown < FRACTION_DIGITS {
        let shift = 4 * (FRACTION_DIGITS - shown) as u32;
        let rest = mantissa & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        mantissa >>= shift;
        if rest > half || (rest == half && mantissa & 1 == 1) {
            mantissa += 1;
        }
    }
    let table: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let fraction_bits = 4 * shown as u32;
    out.push(table[(mantissa >> fraction_bits) as usize & 0xf]);
    if digits > 0 || alt {
        out.push(b'.');
    }
    for i in (0..shown as u32).rev() {
        out.push(table[((mantissa >> (4 * i)) & 0xf) as usize]);
    }
    out.resize(out.len() + (digits - shown), b'0');
    out.push(if upper { b'P' } else { b'p' });
    out.push(if exponent < 0 { b'-' } else { b'+' });
    let _ = write!(out, "{}", exponent.unsigned_abs());
}

/// `%q` of a float: a hex float that reads back exactly, or `1e9999`, `-1e9999`, `(0/0)`.
fn quote_float(out: &mut Vec<u8>, f: f64) {
    if f.is_nan() {
        out.extend_from_slice(b"(0/0)");
    } else if f == f64::INFINITY {
        out.extend_from_slice(b"1e9999");
    } else if f == f64::NEG_INFINITY {
        out.extend_from_slice(b"-1e9999");
    } else {
        write_float(out, &Spec::default(), b'a', f);
    }
}

/// `%q` of a string: quoted so that Lua reads back the same bytes.
fn quote_string(out: &mut Vec<u8>, s: &[u8]) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'"' | b'\\' | b'\n' => {
                out.push(b'\\');
                out.push(b);
            }
            0..=31 | 127 => {
                let _ = if s.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    write!(out, "\\{b:03}")
                } else {
                    write!(out, "\\{b}")
                };
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpreter::{MultiValue, Vm};

    /// Formats one item (`%...c`) as `string.format` does, without a VM.
    fn item(fmt: &str, value: Number) -> Result<Vec<u8>, String> {
        let bytes = fmt.as_bytes();
        let (&conversion, spec) = bytes[1..].split_last().unwrap();
        let flags = match conversion {
            b'd' | b'i' => FLAGS_INT,
            b'u' => FLAGS_UNSIGNED,
            b'o' | b'x' | b'X' => FLAGS_HEX,
            _ => FLAGS_FLOAT,
        };
        let spec = check_spec(spec, conversion, flags, true).map_err(|e| e.to_string())?;
        let mut out = b"<".to_vec();
        match (conversion, value) {
            (b'd' | b'i' | b'u' | b'o' | b'x' | b'X', Number::Integer(i)) => {
                write_integer(&mut out, &spec, conversion, i)
            }
            (_, Number::Integer(i)) => write_float(&mut out, &spec, conversion, i as f64),
            (_, Number::Float(f)) => write_float(&mut out, &spec, conversion, f),
        }
        Ok(out[1..].to_vec())
    }

    /// lua5.4's results for about ten thousand conversions of floats and integers (see
    /// `tests/lua/string_format/make_golden.lua`).
    #[test]
    fn golden() {
        let data = include_str!("../../../tests/lua/string_format/golden.txt");
        let mut failures = Vec::new();
        let mut count = 0;
        for line in data.lines() {
            let fields: Vec<&str> = line.splitn(4, '\t').collect();
            let [kind, fmt, value, expected] = fields[..] else {
                panic!("bad golden line {line:?}");
            };
            let number: i64 = value.parse().unwrap();
            let value = match kind {
                "F" => Number::Float(f64::from_bits(number as u64)),
                _ => Number::Integer(number),
            };
            let got = item(fmt, value).unwrap();
            if got != expected.as_bytes() {
                failures.push(format!(
                    "{fmt} {value:?}: got {:?}, want {expected:?}",
                    String::from_utf8_lossy(&got)
                ));
            }
            count += 1;
        }
        assert!(count > 9000, "golden file too short: {count}");
        assert!(
            failures.is_empty(),
            "{} of {count} failed:\n{}",
            failures.len(),
            failures[..failures.len().min(40)].join("\n")
        );
    }

    #[test]
    fn spec_validity() {
        assert!(valid(b"-+ 0", FLAGS_INT, true));
        assert!(valid(b"99.99", FLAGS_INT, true));
        assert!(valid(b"0.5", FLAGS_INT, true));
        assert!(!valid(b"100", FLAGS_INT, true));
        assert!(!valid(b".100", FLAGS_INT, true));
        assert!(!valid(b"#", FLAGS_INT, true));
        assert!(!valid(b".3", FLAGS_CHAR, false));
        assert!(!valid(b"05", FLAGS_CHAR, true));
        assert!(valid(b"-5.2", FLAGS_CHAR, true));
        assert_eq!(
            Spec::parse(b"-0+ #12.34"),
            Spec {
                left: true,
                plus: true,
                space: true,
                alt: true,
                zero: true,
                width: 12,
                precision: Some(34),
            }
        );
    }

    #[test]
    fn nan_sign_and_case() {
        let nan = f64::NAN.copysign(1.0);
        assert_eq!(item("%f", Number::Float(nan)).unwrap(), b"nan");
        assert_eq!(item("%5.1E", Number::Float(-nan)).unwrap(), b" -NAN");
        assert_eq!(item("%-+6g", Number::Float(nan)).unwrap(), b"+nan  ");
        assert_eq!(item("%010a", Number::Float(-nan)).unwrap(), b"      -nan");
    }

    /// Runs `source` in a fresh VM with the standard libraries; its first result as bytes.
    fn run(source: &str) -> Vec<u8> {
        let mut vm = Vm::default();
        let ctx = &mut vm.context();
        ctx.open_standard_libraries();
        let f = ctx.load(source.as_bytes(), "=test").unwrap();
        let result: MultiValue = f.call((), ctx).unwrap();
        match result.get(0) {
            Value::String(s) => s.as_bytes(ctx).unwrap().to_vec(),
            other => panic!("not a string: {other:?}"),
        }
    }

    /// `%p` prints heap ids (deterministic), not addresses: a deliberate difference from
    /// lua5.4.
    #[test]
    fn pointer_is_heap_id() {
        let text = run("local t = {} local f = function() end \
             local a = string.format('%p|%12p|%-12p|%p|%p|%p', t, t, t, f, 1, nil) \
             local b = string.format('%p', t) \
             return a .. '#' .. b .. '#' .. tostring(t)");
        let text = String::from_utf8(text).unwrap();
        let parts: Vec<&str> = text.split('#').collect();
        let items: Vec<&str> = parts[0].split('|').collect();
        assert_eq!(items.len(), 6);
        assert_eq!(items[0], parts[1]);
        assert!(parts[2].ends_with(items[0]), "{text}");
        assert_eq!(items[1], format!("{:>12}", items[0]));
        assert_eq!(items[2], format!("{:<12}", items[0]));
        assert!(items[3].starts_with("0x") && items[3].len() == 10);
        assert_eq!(items[4], "(null)");
        assert_eq!(items[5], "(null)");
    }

    /// Random item texts over the spec alphabet with all kinds of values: every call returns
    /// a string or raises a Lua error, never panics.
    #[test]
    fn random_items_never_panic() {
        let text = run(r#"
            local alphabet = "-+ #0123456789.%cdiuoxXaAeEfgGqspyl"
            local values = { 0, -1, 1.5, -0.0, 1/0, -1/0, 0/0, math.mininteger, math.maxinteger,
                1e308, 5e-324, "12", "x", "a\0b", ("y"):rep(150), true, nil, {}, print }
            local seed, ok_count, err_count = 12345, 0, 0
            local function rand(n)
                seed = (seed * 1103515245 + 12345) % 2147483648
                return seed % n + 1
            end
            for _ = 1, 20000 do
                local parts = { "%" }
                for _ = 1, rand(8) - 1 do
                    local i = rand(#alphabet)
                    parts[#parts + 1] = alphabet:sub(i, i)
                end
                local f = table.concat(parts)
                local ok, r = pcall(string.format, f, values[rand(#values)],
                    values[rand(#values)])
                if ok then
                    assert(type(r) == "string")
                    ok_count = ok_count + 1
                else
                    assert(type(r) == "string")
                    err_count = err_count + 1
                end
            end
            return ok_count .. " " .. err_count
        "#);
        let text = String::from_utf8(text).unwrap();
        let counts: Vec<u32> = text.split(' ').map(|n| n.parse().unwrap()).collect();
        assert!(counts[0] > 1000 && counts[1] > 1000, "{text}");
    }

    #[test]
    fn quoting_writes_no_more_than_needed() {
        let mut out = Vec::new();
        quote_string(&mut out, b"a\x001\x01b\x7f\r\n\\\"\xff");
        assert_eq!(out, b"\"a\\0001\\1b\\127\\13\\\n\\\\\\\"\xff\"");
    }
}
