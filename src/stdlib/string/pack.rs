//! lua5.4's `string.pack`, `string.packsize` and `string.unpack`.
//!
//! Sizes are those of lua5.4 on x86-64 Linux (`int` 4 bytes, `long`, `size_t` and
//! `lua_Integer` 8, `float` 4, `double` 8, native maximum alignment 8). "Native" byte order
//! (the initial order and `=`) is always little-endian, so packed strings are the same on
//! every machine.
//!
//! Every size comes from the format string (at most 2147483639, as lua5.4's `getnum` stops
//! there) and every position from the script: sizes are checked before anything is
//! allocated, and the result of `pack` is bounded by [`MAX_STRING_SIZE`].

use super::start_position;
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::stdlib::args::{check_bytes, check_number, opt_integer, set_field};
use crate::stdlib::base::{NativeResult, arg_error, check_integer, one};
use crate::storage::Storage;
use crate::value::TableRef;
use crate::value::numeral::Number;

/// Largest size of an integer option (`i16`).
const MAX_INT_SIZE: usize = 16;
/// Size of `lua_Integer`.
const INTEGER_SIZE: usize = 8;
/// Native maximum alignment (`!` without a size).
const NATIVE_ALIGN: usize = 8;
/// lua5.4's `MAXSIZE` for formats: `INT_MAX`.
const MAX_FORMAT_SIZE: usize = i32::MAX as usize;
/// Results `unpack` may return before failing like lua5.4's `luaL_checkstack` does (lua5.4's
/// limit is 1000000 stack slots minus those already in use).
const MAX_RESULTS: usize = 999_900;

/// What an option does (lua5.4's `KOption`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Signed integer.
    Int,
    /// Unsigned integer.
    Uint,
    /// C `float`.
    Float,
    /// Lua float (`n`).
    Number,
    /// C `double`.
    Double,
    /// Fixed-size string (`cN`).
    Char,
    /// String preceded by its length (`s[N]`).
    Str,
    /// Zero-terminated string.
    Zstr,
    /// One padding byte (`x`).
    Padding,
    /// Alignment only (`Xop`).
    PadAlign,
    /// No data (spaces, endianness, maximum alignment).
    Nop,
}

/// A format string being read, with its current byte order and maximum alignment.
struct Format<'a> {
    fmt: &'a [u8],
    pos: usize,
    little: bool,
    max_align: usize,
    /// The function named by argument errors (`string.pack`, ...).
    name: &'static str,
}

/// One option: its kind, its size and the padding that aligns it.
struct Item {
    kind: Kind,
    size: usize,
    align_padding: usize,
}

fn message(text: String) -> RuntimeError {
    RuntimeError::Message(text)
}

impl<'a> Format<'a> {
    fn new(fmt: &'a [u8], name: &'static str) -> Self {
        // lua5.4 reads the format as a C string: it ends at the first '\0'.
        let end = fmt.iter().position(|&b| b == 0).unwrap_or(fmt.len());
        Format {
            fmt: &fmt[..end],
            pos: 0,
            little: true,
            max_align: 1,
            name,
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.fmt.len()
    }

    fn peek_digit(&self) -> Option<usize> {
        match self.fmt.get(self.pos) {
            Some(&c) if c.is_ascii_digit() => Some(usize::from(c - b'0')),
            _ => None,
        }
    }

    /// lua5.4's `getnum`: a decimal size, or `None` when no digit follows. Like lua5.4 it stops
    /// reading once the value could overflow an `int`, leaving the remaining digits.
    fn number(&mut self) -> Option<usize> {
        let mut value = self.peek_digit()?;
        self.pos += 1;
        while value <= (MAX_FORMAT_SIZE - 9) / 10 {
            let Some(d) = self.peek_digit() else { break };
            self.pos += 1;
            value = value * 10 + d;
        }
        Some(value)
    }

    /// lua5.4's `getnumlimit`: a size in `[1, 16]`, `default` when absent.
    fn limited_number(&mut self, default: usize) -> Result<usize, RuntimeError> {
        let size = self.number().unwrap_or(default);
        if size == 0 || size > MAX_INT_SIZE {
            return Err(message(format!(
                "integral size ({size}) out of limits [1,{MAX_INT_SIZE}]"
            )));
        }
        Ok(size)
    }

    /// lua5.4's `getoption`: reads one option (the caller ensures one is left).
    fn option(&mut self) -> Result<(Kind, usize), RuntimeError> {
        let opt = self.fmt[self.pos];
        self.pos += 1;
        Ok(match opt {
            b'b' => (Kind::Int, 1),
            b'B' => (Kind::Uint, 1),
            b'h' => (Kind::Int, 2),
            b'H' => (Kind::Uint, 2),
            b'l' | b'j' => (Kind::Int, 8),
            b'L' | b'J' | b'T' => (Kind::Uint, 8),
            b'f' => (Kind::Float, 4),
            b'n' => (Kind::Number, 8),
            b'd' => (Kind::Double, 8),
            b'i' => (Kind::Int, self.limited_number(4)?),
            b'I' => (Kind::Uint, self.limited_number(4)?),
            b's' => (Kind::Str, self.limited_number(8)?),
            b'c' => match self.number() {
                Some(size) => (Kind::Char, size),
                None => {
                    return Err(message("missing size for format option 'c'".to_owned()));
                }
            },
            b'z' => (Kind::Zstr, 0),
            b'x' => (Kind::Padding, 1),
            b'X' => (Kind::PadAlign, 0),
            b' ' => (Kind::Nop, 0),
            b'<' | b'=' => {
                self.little = true;
                (Kind::Nop, 0)
            }
            b'>' => {
                self.little = false;
                (Kind::Nop, 0)
            }
            b'!' => {
                self.max_align = self.limited_number(NATIVE_ALIGN)?;
                (Kind::Nop, 0)
            }
            _ => {
                // lua5.4 formats the byte with `%c`: the raw byte.
                let mut text = b"invalid format option '".to_vec();
                text.push(opt);
                text.push(b'\'');
                return Err(message(String::from_utf8_lossy(&text).into_owned()));
            }
        })
    }

    /// lua5.4's `getdetails`: the next option and the padding that aligns it at `offset`.
    fn item(&mut self, offset: usize) -> Result<Item, RuntimeError> {
        let (kind, size) = self.option()?;
        let mut align = size;
        if kind == Kind::PadAlign {
            let name = self.name;
            let invalid = || arg_error(1, name, "invalid next option for option 'X'");
            if self.at_end() {
                return Err(invalid());
            }
            let (next, next_size) = self.option()?;
            align = next_size;
            if next == Kind::Char || align == 0 {
                return Err(invalid());
            }
        }
        let align_padding = if align <= 1 || kind == Kind::Char {
            0
        } else {
            let align = align.min(self.max_align);
            if !align.is_power_of_two() {
                return Err(arg_error(
                    1,
                    self.name,
                    "format asks for alignment not power of 2",
                ));
            }
            (align - (offset & (align - 1))) & (align - 1)
        };
        Ok(Item {
            kind,
            size,
            align_padding,
        })
    }
}

/// Appends the low `size` bytes of `n` in the given order; bytes beyond the 8 of an integer
/// are `0xff` for negative numbers (`neg`), zero otherwise.
fn pack_int(out: &mut Vec<u8>, n: u64, little: bool, size: usize, neg: bool) {
    let start = out.len();
    for i in 0..size {
        let byte = if i < INTEGER_SIZE {
            (n >> (8 * i)) as u8
        } else if neg {
            0xff
        } else {
            0
        };
        out.push(byte);
    }
    if !little {
        out[start..].reverse();
    }
}

/// lua5.4's `unpackint` over `bytes` (exactly `size` long).
fn unpack_int(bytes: &[u8], little: bool, signed: bool) -> Result<i64, RuntimeError> {
    let size = bytes.len();
    // Byte `i` in little-endian significance order.
    let byte = |i: usize| {
        if little {
            bytes[i]
        } else {
            bytes[size - 1 - i]
        }
    };
    let limit = size.min(INTEGER_SIZE);
    let mut res: u64 = 0;
    for i in (0..limit).rev() {
        res = (res << 8) | u64::from(byte(i));
    }
    if size < INTEGER_SIZE {
        if signed {
            let mask = 1u64 << (size * 8 - 1);
            res = (res ^ mask).wrapping_sub(mask);
        }
    } else if size > INTEGER_SIZE {
        let fill = if !signed || (res as i64) >= 0 {
            0
        } else {
            0xff
        };
        if (limit..size).any(|i| byte(i) != fill) {
            return Err(message(format!(
                "{size}-byte integer does not fit into Lua Integer"
            )));
        }
    }
    Ok(res as i64)
}

fn to_float(n: Number) -> f64 {
    match n {
        Number::Integer(i) => i as f64,
        Number::Float(f) => f,
    }
}

fn push_ordered(out: &mut Vec<u8>, little_endian_bytes: &[u8], little: bool) {
    if little {
        out.extend_from_slice(little_endian_bytes);
    } else {
        out.extend(little_endian_bytes.iter().rev());
    }
}

/// Fails unless `extra` more bytes keep the result within `limit` (at most
/// [`MAX_STRING_SIZE`]).
fn reserve(out: &[u8], extra: usize, limit: usize) -> Result<(), RuntimeError> {
    match out.len().checked_add(extra) {
        Some(total) if total <= limit => Ok(()),
        _ => Err(message("resulting string too large".to_owned())),
    }
}

pub(crate) fn pack<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    crate::stdlib::args::within_result_limit(ctx, |ctx, limit| pack_within(&call, ctx, limit))
}

/// `string.pack` with a result bounded by `limit` bytes.
fn pack_within<S: Storage>(
    call: &CallContext,
    ctx: &mut VmContext<'_, S>,
    limit: usize,
) -> NativeResult {
    const NAME: &str = "string.pack";
    // lua5.4 pushes a nil right after the arguments before reading them, so a missing value
    // is reported as `got nil` rather than `got no value`.
    let fmt = check_bytes(ctx, call.args(), 1, NAME)?;
    let mut args = call.args().clone();
    args.push_back(Value::Nil);
    let mut format = Format::new(&fmt, NAME);
    let mut out = Vec::new();
    let mut arg = 1;
    while !format.at_end() {
        let item = format.item(out.len())?;
        reserve(&out, item.align_padding, limit)?;
        out.resize(out.len() + item.align_padding, 0);
        let size = item.size;
        let little = format.little;
        arg += 1;
        match item.kind {
            Kind::Int => {
                let n = check_integer(ctx, &args, arg, NAME)?;
                if size < INTEGER_SIZE {
                    let lim = 1i64 << (size * 8 - 1);
                    if !(-lim..lim).contains(&n) {
                        return Err(arg_error(arg, NAME, "integer overflow"));
                    }
                }
                reserve(&out, size, limit)?;
                pack_int(&mut out, n as u64, little, size, n < 0);
            }
            Kind::Uint => {
                let n = check_integer(ctx, &args, arg, NAME)?;
                if size < INTEGER_SIZE && (n as u64) >= (1u64 << (size * 8)) {
                    return Err(arg_error(arg, NAME, "unsigned overflow"));
                }
                reserve(&out, size, limit)?;
                pack_int(&mut out, n as u64, little, size, false);
            }
            Kind::Float => {
                let f = to_float(check_number(ctx, &args, arg, NAME)?) as f32;
                reserve(&out, size, limit)?;
                push_ordered(&mut out, &f.to_le_bytes(), little);
            }
            Kind::Number | Kind::Double => {
                let f = to_float(check_number(ctx, &args, arg, NAME)?);
                reserve(&out, size, limit)?;
                push_ordered(&mut out, &f.to_le_bytes(), little);
            }
            Kind::Char => {
                let s = check_bytes(ctx, &args, arg, NAME)?;
                if s.len() > size {
                    return Err(arg_error(arg, NAME, "string longer than given size"));
                }
                reserve(&out, size, limit)?;
                out.extend_from_slice(&s);
                out.resize(out.len() + (size - s.len()), 0);
            }
            Kind::Str => {
                let s = check_bytes(ctx, &args, arg, NAME)?;
                if size < INTEGER_SIZE && (s.len() as u64) >= (1u64 << (size * 8)) {
                    return Err(arg_error(
                        arg,
                        NAME,
                        "string length does not fit in given size",
                    ));
                }
                reserve(&out, size.saturating_add(s.len()), limit)?;
                pack_int(&mut out, s.len() as u64, little, size, false);
                out.extend_from_slice(&s);
            }
            Kind::Zstr => {
                let s = check_bytes(ctx, &args, arg, NAME)?;
                if s.contains(&0) {
                    return Err(arg_error(arg, NAME, "string contains zeros"));
                }
                reserve(&out, s.len().saturating_add(1), limit)?;
                out.extend_from_slice(&s);
                out.push(0);
            }
            Kind::Padding => {
                reserve(&out, 1, limit)?;
                out.push(0);
                arg -= 1;
            }
            Kind::PadAlign | Kind::Nop => arg -= 1,
        }
    }
    Ok(one(Value::String(ctx.create_string(out))))
}

pub(crate) fn packsize<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "string.packsize";
    let fmt = check_bytes(ctx, call.args(), 1, NAME)?;
    let mut format = Format::new(&fmt, NAME);
    let mut total: usize = 0;
    while !format.at_end() {
        let item = format.item(total)?;
        if matches!(item.kind, Kind::Str | Kind::Zstr) {
            return Err(arg_error(1, NAME, "variable-length format"));
        }
        let size = item.size + item.align_padding;
        if size > MAX_FORMAT_SIZE || total > MAX_FORMAT_SIZE - size {
            return Err(arg_error(1, NAME, "format result too large"));
        }
        total += size;
    }
    Ok(one(Value::Integer(total as i64)))
}

pub(crate) fn unpack<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "string.unpack";
    let args = call.args();
    let fmt = check_bytes(ctx, args, 1, NAME)?;
    let data = check_bytes(ctx, args, 2, NAME)?;
    let len = data.len();
    let mut pos = start_position(opt_integer(ctx, args, 3, NAME, 1)?, len) - 1;
    if pos > len {
        return Err(arg_error(3, NAME, "initial position out of string"));
    }
    let too_short = || arg_error(2, NAME, "data string too short");
    let mut format = Format::new(&fmt, NAME);
    let mut results = MultiValue::new();
    while !format.at_end() {
        let item = format.item(pos)?;
        let size = item.size;
        // `pos <= len` holds throughout.
        if item.align_padding.saturating_add(size) > len - pos {
            return Err(too_short());
        }
        pos += item.align_padding;
        if results.len() + 2 > MAX_RESULTS {
            return Err(message("stack overflow (too many results)".to_owned()));
        }
        let bytes = &data[pos..pos + size];
        let little = format.little;
        let value = match item.kind {
            Kind::Int | Kind::Uint => {
                Value::Integer(unpack_int(bytes, little, item.kind == Kind::Int)?)
            }
            Kind::Float => {
                let mut raw = [0u8; 4];
                raw.copy_from_slice(bytes);
                if !little {
                    raw.reverse();
                }
                Value::Float(f64::from(f32::from_le_bytes(raw)))
            }
            Kind::Number | Kind::Double => {
                let mut raw = [0u8; 8];
                raw.copy_from_slice(bytes);
                if !little {
                    raw.reverse();
                }
                Value::Float(f64::from_le_bytes(raw))
            }
            Kind::Char => Value::String(ctx.create_string(bytes)),
            Kind::Str => {
                let n = unpack_int(bytes, little, false)? as u64;
                let available = len - pos - size;
                if n > available as u64 {
                    return Err(too_short());
                }
                let n = n as usize;
                let start = pos + size;
                let s = ctx.create_string(&data[start..start + n]);
                pos += n;
                Value::String(s)
            }
            Kind::Zstr => {
                let n = data[pos..].iter().position(|&b| b == 0);
                let Some(n) = n else {
                    return Err(arg_error(2, NAME, "unfinished string for format 'z'"));
                };
                let s = ctx.create_string(&data[pos..pos + n]);
                pos += n + 1;
                Value::String(s)
            }
            Kind::Padding | Kind::PadAlign | Kind::Nop => {
                pos += size;
                continue;
            }
        };
        results.push_back(value);
        pos += size;
    }
    results.push_back(Value::Integer(pos as i64 + 1));
    Ok(results)
}

/// Registers this module's functions in the `string` table.
pub(crate) fn register<S: Storage>(ctx: &mut VmContext<'_, S>, table: TableRef) {
    let f = ctx.create_builtin("std:string.pack", []);
    set_field(ctx, table, "pack", Value::Function(f));
    let f = ctx.create_builtin("std:string.packsize", []);
    set_field(ctx, table, "packsize", Value::Function(f));
    let f = ctx.create_builtin("std:string.unpack", []);
    set_field(ctx, table, "unpack", Value::Function(f));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stdlib::args::MAX_STRING_SIZE;

    fn items(fmt: &[u8]) -> Result<Vec<(Kind, usize, usize)>, RuntimeError> {
        let mut format = Format::new(fmt, "string.packsize");
        let mut offset = 0;
        let mut out = Vec::new();
        while !format.at_end() {
            let item = format.item(offset)?;
            offset += item.align_padding + item.size;
            out.push((item.kind, item.size, item.align_padding));
        }
        Ok(out)
    }

    #[test]
    fn sizes_and_defaults() {
        let all = items(b"bBhHlLjJTfndi I s z x").unwrap();
        let sizes: Vec<usize> = all.iter().map(|i| i.1).collect();
        assert_eq!(
            sizes,
            [
                1, 1, 2, 2, 8, 8, 8, 8, 8, 4, 8, 8, 4, 0, 4, 0, 8, 0, 0, 0, 1
            ]
        );
        assert_eq!(items(b"i16").unwrap()[0], (Kind::Int, 16, 0));
        assert!(items(b"i17").is_err());
        assert!(items(b"i0").is_err());
    }

    #[test]
    fn number_stops_before_int_overflow() {
        let mut format = Format::new(b"99999999999999999999", "x");
        assert_eq!(format.number(), Some(999_999_999));
        // The digits left over are read as (invalid) options.
        assert!(!format.at_end());
        let mut format = Format::new(b"2147483639", "x");
        assert_eq!(format.number(), Some(2_147_483_639));
        assert!(format.at_end());
    }

    #[test]
    fn alignment() {
        // "!8 b i8": one padding run of 7 bytes before the 8-byte integer.
        let all = items(b"!8bi8").unwrap();
        assert_eq!(all[2], (Kind::Int, 8, 7));
        // Alignment is capped by the maximum alignment.
        let all = items(b"!4bd").unwrap();
        assert_eq!(all[2], (Kind::Double, 8, 3));
        // Without '!' the maximum alignment is 1.
        let all = items(b"bd").unwrap();
        assert_eq!(all[1], (Kind::Double, 8, 0));
        assert!(items(b"!3i4").is_err());
        assert!(items(b"!8i3").is_err());
        // 'X' consumes the next option.
        let all = items(b"!8bXi8").unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[2], (Kind::PadAlign, 0, 7));
        assert!(items(b"X").is_err());
        assert!(items(b"Xc1").is_err());
        assert!(items(b"Xz").is_err());
    }

    #[test]
    fn integers_round_trip() {
        for &(n, size) in &[
            (0i64, 1usize),
            (-1, 1),
            (127, 1),
            (-128, 1),
            (-2, 3),
            (i64::MIN, 8),
            (i64::MAX, 8),
            (-5, 16),
            (5, 12),
        ] {
            for little in [true, false] {
                let mut out = Vec::new();
                pack_int(&mut out, n as u64, little, size, n < 0);
                assert_eq!(out.len(), size);
                assert_eq!(unpack_int(&out, little, true).unwrap(), n);
            }
        }
        let mut out = Vec::new();
        pack_int(&mut out, 0x0102, false, 4, false);
        assert_eq!(out, [0, 0, 1, 2]);
        assert_eq!(unpack_int(&[0xff; 2], true, false).unwrap(), 0xffff);
        assert_eq!(unpack_int(&[0xff; 2], true, true).unwrap(), -1);
        assert!(unpack_int(&[0xff; 9], true, false).is_err());
        assert!(unpack_int(&[0, 0, 0, 0, 0, 0, 0, 0x80, 0], true, true).is_err());
        assert_eq!(unpack_int(&[0xff; 16], true, true).unwrap(), -1);
    }

    /// Runs `source` in a fresh VM with the standard libraries and returns its string result.
    fn run(source: &str) -> String {
        let mut vm = crate::interpreter::Vm::default();
        let ctx = &mut vm.context();
        ctx.open_standard_libraries();
        let f = ctx.load(source, "=test").unwrap();
        f.call::<_, String>((), ctx).unwrap()
    }

    #[test]
    fn too_many_results_fail_like_a_full_stack() {
        // lua5.4 fails at about a million stack slots, depending on the stack already in use;
        // Red Moon fails at a fixed count, so these cases stay out of the golden files.
        let text = run("local n = 1000000 \
            local ok, e = pcall(string.unpack, string.rep('b', n), string.rep('\\1', n)) \
            return tostring(ok) .. ' ' .. e");
        assert_eq!(text, "false stack overflow (too many results)");
        let text = run("local n = 999000 \
            return tostring(select('#', string.unpack(string.rep('b', n), string.rep('\\1', n))))");
        assert_eq!(text, "999001");
    }

    #[test]
    fn format_errors_with_raw_bytes_are_lossy() {
        // lua5.4 prints the raw byte; error messages are Rust strings here.
        let text = run("return select(2, pcall(string.pack, '\\200'))");
        assert_eq!(text, "invalid format option '\u{FFFD}'");
    }

    #[test]
    fn reserve_bounds_the_result() {
        assert!(reserve(&[], MAX_STRING_SIZE, MAX_STRING_SIZE).is_ok());
        assert!(reserve(&[0], MAX_STRING_SIZE, MAX_STRING_SIZE).is_err());
        assert!(reserve(&[0], usize::MAX, MAX_STRING_SIZE).is_err());
    }
}
