//! lua5.4's `utf8` library (`lutf8lib.c`): `char`, `charpattern`, `codes`, `codepoint`, `len`
//! and `offset`.
//!
//! Strict functions accept code points up to U+10FFFF, surrogates excluded; with `lax` they
//! accept the original UTF-8 forms up to 0x7FFFFFFF (5- and 6-byte sequences). Overlong forms
//! are always rejected. Like lua5.4, decoding may look at the byte just past the end of the
//! string, which reads as `'\0'`.

use super::args::{check_bytes, check_string, opt_integer, set_field};
use super::base::{NativeResult, arg_error, check_integer, one};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::numeral::{Number, str_to_number};

/// Largest code point in strict mode.
const MAX_UNICODE: u32 = 0x10_FFFF;
/// Largest code point in lax mode (and for `utf8.char`).
const MAX_UTF: u32 = 0x7FFF_FFFF;
/// Results `codepoint` may return before failing like lua5.4's `luaL_checkstack` does (lua5.4's
/// limit is 1000000 stack slots minus those already in use).
const MAX_RESULTS: i64 = 999_900;

/// lua5.4's `utf8.charpattern`.
const CHAR_PATTERN: &[u8] = b"[\0-\x7F\xC2-\xFD][\x80-\xBF]*";

fn message(text: &str) -> RuntimeError {
    RuntimeError::Message(text.to_owned())
}

/// The byte at `i`, `0` past the end (lua5.4's strings end with a `'\0'`).
fn byte_at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

fn is_continuation(s: &[u8], i: usize) -> bool {
    byte_at(s, i) & 0xC0 == 0x80
}

/// Decodes the sequence starting at `at`: its code point and the index just after it, or
/// `None` for an invalid (or, when `strict`, non-Unicode) sequence.
fn decode(s: &[u8], at: usize, strict: bool) -> Option<(u32, usize)> {
    // Smallest code point for each number of continuation bytes (overlong forms are invalid);
    // the first entry rejects a lone continuation byte.
    const LIMITS: [u64; 6] = [u64::MAX, 0x80, 0x800, 0x1_0000, 0x20_0000, 0x400_0000];
    let mut c = u32::from(byte_at(s, at));
    let mut next = at + 1;
    let code = if c < 0x80 {
        c
    } else {
        let mut count = 0usize;
        let mut res: u64 = 0;
        while c & 0x40 != 0 {
            count += 1;
            let cc = byte_at(s, at + count);
            if cc & 0xC0 != 0x80 {
                return None;
            }
            res = (res << 6) | u64::from(cc & 0x3F);
            c <<= 1;
        }
        if count > 5 {
            return None;
        }
        res |= u64::from(c & 0x7F) << (count * 5);
        if res > u64::from(MAX_UTF) || res < LIMITS[count] {
            return None;
        }
        next += count;
        res as u32
    };
    if strict && (code > MAX_UNICODE || (0xD800..=0xDFFF).contains(&code)) {
        return None;
    }
    Some((code, next))
}

/// Appends the UTF-8 form of `code` (at most 0x7FFFFFFF, up to 6 bytes), as lua5.4's `%U`.
fn encode(out: &mut Vec<u8>, code: u32) {
    if code < 0x80 {
        out.push(code as u8);
        return;
    }
    let mut tail = [0u8; 6];
    let mut n = 0;
    let mut x = code;
    // Largest value that still fits in the first byte.
    let mut first_max = 0x3Fu32;
    loop {
        tail[n] = 0x80 | (x & 0x3F) as u8;
        n += 1;
        x >>= 6;
        first_max >>= 1;
        if x <= first_max {
            break;
        }
    }
    out.push(((!first_max << 1) | x) as u8);
    out.extend(tail[..n].iter().rev());
}

/// lua5.4's `u_posrelat`: a negative position counts from the end, clipped to 0.
fn relative_position(pos: i64, len: usize) -> i64 {
    if pos >= 0 {
        pos
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len as i64 + pos + 1
    }
}

pub(crate) fn char<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let mut out = Vec::new();
    for n in 1..=args.len() {
        let code = check_integer(ctx, args, n, "utf8.char")? as u64;
        if code > u64::from(MAX_UTF) {
            return Err(arg_error(n, "utf8.char", "value out of range"));
        }
        encode(&mut out, code as u32);
    }
    Ok(one(Value::String(ctx.create_string(out))))
}

pub(crate) fn codepoint<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "utf8.codepoint";
    let args = call.args();
    let s = check_bytes(ctx, args, 1, NAME)?;
    let len = s.len();
    let posi = relative_position(opt_integer(ctx, args, 2, NAME, 1)?, len);
    let pose = relative_position(opt_integer(ctx, args, 3, NAME, posi)?, len);
    let lax = args.get(3).is_truthy();
    if posi < 1 {
        return Err(arg_error(2, NAME, "out of bounds"));
    }
    if pose > len as i64 {
        return Err(arg_error(3, NAME, "out of bounds"));
    }
    if posi > pose {
        return Ok(MultiValue::new());
    }
    // Both are in [1, len] here.
    if pose - posi >= i64::from(i32::MAX) {
        return Err(message("string slice too long"));
    }
    if pose - posi + 1 > MAX_RESULTS {
        return Err(message("stack overflow (string slice too long)"));
    }
    let end = pose as usize;
    let mut i = posi as usize - 1;
    let mut out = MultiValue::new();
    while i < end {
        let Some((code, next)) = decode(&s, i, !lax) else {
            return Err(message("invalid UTF-8 code"));
        };
        out.push_back(Value::Integer(i64::from(code)));
        i = next;
    }
    Ok(out)
}

pub(crate) fn len<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "utf8.len";
    let args = call.args();
    let s = check_bytes(ctx, args, 1, NAME)?;
    let len = s.len() as i64;
    let posi = relative_position(opt_integer(ctx, args, 2, NAME, 1)?, s.len());
    let posj = relative_position(opt_integer(ctx, args, 3, NAME, -1)?, s.len());
    let lax = args.get(3).is_truthy();
    if !(1..=len + 1).contains(&posi) {
        return Err(arg_error(2, NAME, "initial position out of bounds"));
    }
    // `posj >= 0`, so `posj - 1` cannot overflow.
    let last = posj - 1;
    if last >= len {
        return Err(arg_error(3, NAME, "final position out of bounds"));
    }
    let mut i = (posi - 1) as usize;
    let mut count: i64 = 0;
    while i as i64 <= last {
        match decode(&s, i, !lax) {
            Some((_, next)) => i = next,
            None => {
                return Ok(MultiValue::from_iter([
                    Value::Nil,
                    Value::Integer(i as i64 + 1),
                ]));
            }
        }
        count += 1;
    }
    Ok(one(Value::Integer(count)))
}

pub(crate) fn offset<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "utf8.offset";
    let args = call.args();
    let s = check_bytes(ctx, args, 1, NAME)?;
    let len = s.len() as i64;
    let mut n = check_integer(ctx, args, 2, NAME)?;
    let default = if n >= 0 { 1 } else { len + 1 };
    let posi = relative_position(opt_integer(ctx, args, 3, NAME, default)?, s.len());
    if !(1..=len + 1).contains(&posi) {
        return Err(arg_error(3, NAME, "position out of bounds"));
    }
    let mut i = (posi - 1) as usize;
    if n == 0 {
        // The start of the sequence holding byte `i`.
        while i > 0 && is_continuation(&s, i) {
            i -= 1;
        }
    } else {
        if is_continuation(&s, i) {
            return Err(message("initial position is a continuation byte"));
        }
        if n < 0 {
            while n < 0 && i > 0 {
                loop {
                    i -= 1;
                    if !(i > 0 && is_continuation(&s, i)) {
                        break;
                    }
                }
                n += 1;
            }
        } else {
            n -= 1;
            while n > 0 && i < s.len() {
                loop {
                    i += 1;
                    // The byte past the end reads as '\0', which stops the scan.
                    if !is_continuation(&s, i) {
                        break;
                    }
                }
                n -= 1;
            }
        }
    }
    Ok(one(if n == 0 {
        Value::Integer(i as i64 + 1)
    } else {
        Value::Nil
    }))
}

/// lua5.4's `lua_tointeger` on the control value: integers, integral floats and numeric
/// strings; anything else is 0.
fn to_integer<S: Storage>(ctx: &VmContext<'_, S>, value: Value) -> Result<i64, RuntimeError> {
    let number = match value {
        Value::Integer(i) => Some(Number::Integer(i)),
        Value::Float(f) => Some(Number::Float(f)),
        Value::String(s) => str_to_number(ctx.vm.heap.string(s)?.as_bytes()),
        _ => None,
    };
    Ok(match number {
        Some(Number::Integer(i)) => i,
        Some(Number::Float(f)) => crate::value::float_to_integer(f).unwrap_or(0),
        None => 0,
    })
}

/// The iterator returned by `utf8.codes`: called with the string and the previous position
/// (0 at first), it returns the next position and its code point. It keeps no state.
fn iterate<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    strict: bool,
) -> NativeResult {
    let args = call.args();
    // lua5.4 reports this C function by the name of the call site only.
    let s = check_bytes(ctx, args, 1, "?")?;
    // The previous position, 1-based, is the 0-based index of the byte after its first one.
    let mut i = to_integer(ctx, args.get(1))? as u64;
    let len = s.len() as u64;
    if i < len {
        while is_continuation(&s, i as usize) {
            i += 1;
        }
    }
    if i >= len {
        return Ok(MultiValue::new());
    }
    let i = i as usize;
    let Some((code, _)) = decode(&s, i, strict) else {
        return Err(message("invalid UTF-8 code"));
    };
    Ok(MultiValue::from_iter([
        Value::Integer(i as i64 + 1),
        Value::Integer(i64::from(code)),
    ]))
}

pub(crate) fn iterate_strict<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    iterate(call, ctx, true)
}

pub(crate) fn iterate_lax<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    iterate(call, ctx, false)
}

/// `utf8.codes(s [, lax])`: returns the strict or the lax iterator (its upvalues 0 and 1).
pub(crate) fn codes<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let is_lax = args.get(1).is_truthy();
    // A number argument comes back converted, as lua5.4 converts it in place.
    let s = check_string(ctx, args, 1, "utf8.codes")?;
    let iterator = call.upvalue(usize::from(is_lax), ctx);
    Ok(MultiValue::from_iter([
        iterator,
        Value::String(s),
        Value::Integer(0),
    ]))
}

impl<S: Storage> VmContext<'_, S> {
    /// Registers the `utf8` table.
    pub fn open_utf8_library(&mut self) {
        let table = self.create_table();
        macro_rules! register {
            ($($name:literal),* $(,)?) => {$(
                let f = self.create_builtin(concat!("std:utf8.", $name), []);
                set_field(self, table, $name, Value::Function(f));
            )*};
        }
        register!("char", "codepoint", "len", "offset",);
        // Each call of `codes` returns one of these two functions, like lua5.4's C functions.
        let strict = self.create_builtin("std:utf8.codes#iterator", []);
        let lax = self.create_builtin("std:utf8.codes#iterator_lax", []);
        let codes = self.create_builtin(
            "std:utf8.codes",
            [Value::Function(strict), Value::Function(lax)],
        );
        set_field(self, table, "codes", Value::Function(codes));
        let pattern = Value::String(self.create_string(CHAR_PATTERN));
        set_field(self, table, "charpattern", pattern);
        let globals = self.vm.globals;
        set_field(self, globals, "utf8", Value::Table(table));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(code: u32) -> Vec<u8> {
        let mut out = Vec::new();
        encode(&mut out, code);
        out
    }

    #[test]
    fn encode_matches_std_for_unicode() {
        for code in [
            0u32, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x1_0000, 0x10_FFFF, 0xE9,
        ] {
            let c = char::from_u32(code).unwrap();
            let mut buf = [0u8; 4];
            assert_eq!(encoded(code), c.encode_utf8(&mut buf).as_bytes());
        }
        assert_eq!(encoded(0xD800), [0xED, 0xA0, 0x80]);
        assert_eq!(encoded(0x20_0000), [0xF8, 0x88, 0x80, 0x80, 0x80]);
        assert_eq!(encoded(MAX_UTF), [0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF]);
    }

    #[test]
    fn decode_round_trips_every_length() {
        for code in [0u32, 0x41, 0x80, 0x7FF, 0x800, 0xFFFF, 0x1_0000, 0x10_FFFF] {
            let s = encoded(code);
            assert_eq!(decode(&s, 0, true), Some((code, s.len())));
        }
        for code in [0x11_0000u32, 0xD800, 0xDFFF, 0x20_0000, 0x400_0000, MAX_UTF] {
            let s = encoded(code);
            assert_eq!(decode(&s, 0, true), None);
            assert_eq!(decode(&s, 0, false), Some((code, s.len())));
        }
    }

    #[test]
    fn decode_rejects_bad_sequences() {
        // Overlong forms.
        assert_eq!(decode(b"\xC0\x80", 0, false), None);
        assert_eq!(decode(b"\xE0\x80\x80", 0, false), None);
        assert_eq!(decode(b"\xF0\x80\x80\x80", 0, false), None);
        // Lone continuation, truncated sequence, 0xFE/0xFF.
        assert_eq!(decode(b"\x80", 0, false), None);
        assert_eq!(decode(b"\xE4\xB8", 0, false), None);
        assert_eq!(decode(b"\xFE\x80\x80\x80\x80\x80\x80", 0, false), None);
        assert_eq!(decode(b"\xFF\x80\x80\x80\x80\x80\x80\x80", 0, false), None);
        assert_eq!(decode(b"", 0, true), Some((0, 1)));
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
    fn long_slices_fail_like_a_full_stack() {
        // lua5.4's limit depends on the stack already in use; Red Moon's is a fixed count, so
        // these cases stay out of the golden files.
        let text = run("local s = string.rep('a', 2000000) \
            return select(2, pcall(utf8.codepoint, s, 1, -1))");
        assert_eq!(text, "stack overflow (string slice too long)");
        let text = run("local s = string.rep('a', 1000000) \
            return tostring(select('#', utf8.codepoint(s, 1, 999000)))");
        assert_eq!(text, "999000");
    }

    #[test]
    fn codes_iterator_is_shared_and_stateless() {
        let text = run("local f = utf8.codes('a') local g = utf8.codes('b') \
            local a, b = f('xy', 1) local c, d = f('xy', 1) \
            return tostring(f == g) .. a .. b .. c .. d");
        assert_eq!(text, "true21212121");
    }

    #[test]
    fn relative_positions() {
        assert_eq!(relative_position(3, 5), 3);
        assert_eq!(relative_position(-1, 5), 5);
        assert_eq!(relative_position(-5, 5), 1);
        assert_eq!(relative_position(-6, 5), 0);
        assert_eq!(relative_position(i64::MIN, 5), 0);
    }
}
