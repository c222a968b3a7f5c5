//! Lua string to number conversion, exactly as the reference `lua5.4` coerces strings
//! (`lua_stringtonumber`: `tonumber(s)` without a base, arithmetic on strings).
//!
//! Like `luaO_str2num`, a string is first tried as an integer (decimal, or hexadecimal
//! wrapping modulo 2^64) and otherwise as a float with the syntax of C's `strtod` in the
//! "C" locale, minus `inf`/`nan`. Surrounding C whitespace is allowed; anything else,
//! including an embedded `\0`, makes the string not a numeral. A decimal integer that
//! does not fit in an `i64` becomes a float. Floats are correctly rounded (to nearest,
//! ties to even), with overflow to infinity and gradual underflow.

/// A parsed Lua number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Number {
    /// A numeral that fits Lua's integer subtype.
    Integer(i64),
    /// Any other numeral.
    Float(f64),
}

/// Lua's string→number conversion; `None` when the string is not a numeral.
pub(crate) fn str_to_number(bytes: &[u8]) -> Option<Number> {
    let text = trim_space(bytes);
    let (negative, body) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let number = match body {
        [b'0', b'x' | b'X', hex @ ..] => match hex_integer(hex) {
            Some(magnitude) => Number::Integer(apply_sign_integer(negative, magnitude)),
            None => Number::Float(hex_float(hex)?),
        },
        _ => match decimal_integer(negative, body) {
            Some(magnitude) => Number::Integer(apply_sign_integer(negative, magnitude)),
            None => Number::Float(decimal_float(body)?),
        },
    };
    Some(match number {
        Number::Float(f) if negative => Number::Float(-f),
        other => other,
    })
}

/// C's `isspace` in the "C" locale (Rust's `is_ascii_whitespace` lacks `\v`).
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Strips leading and trailing C whitespace.
fn trim_space(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !is_c_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_c_space(b))
        .map_or(start, |i| i + 1);
    bytes.get(start..end).unwrap_or(&[])
}

/// Applies the sign to an integer magnitude with two's-complement wraparound.
fn apply_sign_integer(negative: bool, magnitude: u64) -> i64 {
    let value = if negative {
        magnitude.wrapping_neg()
    } else {
        magnitude
    };
    value as i64
}

/// Value of an ASCII hex digit.
fn hex_value(b: u8) -> Option<u64> {
    char::from(b).to_digit(16).map(u64::from)
}

/// Hex digits only (after `0x`), wrapping modulo 2^64; `None` if empty or not all digits.
fn hex_integer(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &b| {
        hex_value(b).map(|d| acc.wrapping_mul(16).wrapping_add(d))
    })
}

/// Decimal digits only, as `l_str2int` reads them: `None` if empty, not all digits, or
/// beyond the `i64` range (2^63 is allowed when negative), so the caller tries a float.
fn decimal_integer(negative: bool, digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    let limit = if negative {
        i64::MIN.unsigned_abs()
    } else {
        i64::MAX.unsigned_abs()
    };
    digits.iter().try_fold(0u64, |acc, &b| {
        if !b.is_ascii_digit() {
            return None;
        }
        acc.checked_mul(10)?
            .checked_add(u64::from(b - b'0'))
            .filter(|&v| v <= limit)
    })
}

/// Bound on a parsed exponent's magnitude; far beyond any finite, nonzero result even after
/// offsetting by the digit count of any string that fits in memory.
const EXPONENT_CLAMP: i64 = 1 << 60;

/// Splits `bytes` at the end of its leading run of bytes satisfying `pred`.
fn split_run(bytes: &[u8], pred: impl Fn(u8) -> bool) -> (&[u8], &[u8]) {
    let n = bytes.iter().position(|&b| !pred(b)).unwrap_or(bytes.len());
    bytes.split_at(n)
}

/// The mantissa of a `strtod` numeral: digits with an optional point, at least one digit.
/// Returns (integer digits, fraction digits, rest).
fn split_mantissa(bytes: &[u8], is_digit: fn(u8) -> bool) -> Option<(&[u8], &[u8], &[u8])> {
    let (int_digits, rest) = split_run(bytes, is_digit);
    let (frac_digits, rest) = match rest.split_first() {
        Some((b'.', after)) => split_run(after, is_digit),
        _ => (&[][..], rest),
    };
    if int_digits.is_empty() && frac_digits.is_empty() {
        None
    } else {
        Some((int_digits, frac_digits, rest))
    }
}

/// An exponent suffix (`e`/`p` already checked by the caller, given the rest after it):
/// optional sign and at least one decimal digit, to the end of the numeral. Clamped.
fn parse_exponent(rest: &[u8]) -> Option<i64> {
    let (negative, digits) = match rest.split_first() {
        Some((b'-', after)) => (true, after),
        Some((b'+', after)) => (false, after),
        _ => (false, rest),
    };
    if digits.is_empty() {
        return None;
    }
    let magnitude = digits.iter().try_fold(0i64, |acc, &b| {
        b.is_ascii_digit().then(|| {
            acc.saturating_mul(10)
                .saturating_add(i64::from(b - b'0'))
                .min(EXPONENT_CLAMP)
        })
    })?;
    Some(if negative { -magnitude } else { magnitude })
}

/// The optional exponent part of a numeral, marked by `marker` (either case); the
/// whole of `rest` must be consumed. No exponent is 0.
fn exponent_part(rest: &[u8], marker: u8) -> Option<i64> {
    match rest.split_first() {
        None => Some(0),
        Some((&b, after)) if b.to_ascii_lowercase() == marker => parse_exponent(after),
        Some(_) => None,
    }
}

/// Longest decimal numeral handed to the standard parser as written.
const DIRECT_LEN: usize = 1000;

/// Significant decimal digits kept when rewriting a numeral: any midpoint between two
/// adjacent `f64`s has at most 767, so a nonzero digit after these only acts as a tiebreak.
const KEPT_DIGITS: usize = 800;

/// An unsigned decimal float numeral (`strtod` syntax without sign, `inf` or `nan`).
fn decimal_float(body: &[u8]) -> Option<f64> {
    let (int_digits, frac_digits, rest) = split_mantissa(body, |b| b.is_ascii_digit())?;
    let exponent = exponent_part(rest, b'e')?;
    // The standard parser is correctly rounded, but saturates written exponents at 2^16
    // before applying the digit-count offset, and counts digits in 32 bits: hand it
    // only short numerals with small exponents, and rewrite the others.
    if body.len() <= DIRECT_LEN && exponent.abs() < 0x1_0000 {
        return std::str::from_utf8(body).ok()?.parse().ok();
    }
    let digits = || int_digits.iter().chain(frac_digits);
    let Some(first) = digits().position(|&b| b != b'0') else {
        return Some(0.0);
    };
    // The value is 0.DDDD × 10^scale, where D starts at the first nonzero digit.
    let int_len = i64::try_from(int_digits.len()).unwrap_or(i64::MAX);
    let first_i64 = i64::try_from(first).unwrap_or(i64::MAX);
    let scale = exponent.saturating_add(int_len).saturating_sub(first_i64);
    if scale > 310 {
        return Some(f64::INFINITY);
    }
    if scale < -330 {
        return Some(0.0);
    }
    let mut text = String::with_capacity(KEPT_DIGITS + 16);
    text.push_str("0.");
    let mut significant = digits().skip(first);
    text.extend(
        significant
            .by_ref()
            .take(KEPT_DIGITS)
            .map(|&b| char::from(b)),
    );
    if significant.any(|&b| b != b'0') {
        text.push('1');
    }
    text.push('e');
    text.push_str(&scale.to_string());
    text.parse().ok()
}

/// An unsigned hexadecimal float numeral after its `0x` (`strtod` syntax: hex digits with
/// an optional point, optional `p` and decimal binary exponent).
fn hex_float(body: &[u8]) -> Option<f64> {
    let (int_digits, frac_digits, rest) = split_mantissa(body, |b| b.is_ascii_hexdigit())?;
    let exponent = exponent_part(rest, b'p')?;
    // Keep the first 16 significant digits in `mantissa`, OR the rest into `sticky`;
    // `scale` tracks the power of two of the mantissa's last digit.
    let mut mantissa = 0u64;
    let mut kept = 0u32;
    let mut sticky = false;
    let mut scale = 0i64;
    for (&b, in_fraction) in int_digits
        .iter()
        .map(|b| (b, false))
        .chain(frac_digits.iter().map(|b| (b, true)))
    {
        let d = hex_value(b)?;
        if kept < 16 && (mantissa != 0 || d != 0) {
            mantissa = mantissa << 4 | d;
            kept += 1;
            if in_fraction {
                scale = scale.saturating_sub(4);
            }
        } else if kept == 16 {
            sticky |= d != 0;
            if !in_fraction {
                scale = scale.saturating_add(4);
            }
        } else if in_fraction {
            // Leading zero after the point.
            scale = scale.saturating_sub(4);
        }
    }
    Some(compose(mantissa, sticky, scale.saturating_add(exponent)))
}

/// Rounds `mantissa × 2^exp` (plus a nonzero tail below it if `sticky`) to the nearest
/// `f64`, ties to even, with overflow to infinity and gradual underflow.
fn compose(mantissa: u64, sticky: bool, exp: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    let width = i64::from(u64::BITS - mantissa.leading_zeros());
    let top = exp.saturating_add(width - 1);
    if top > 1023 {
        return f64::INFINITY;
    }
    // Power of two of the result's last significand bit (subnormals: fixed at -1074).
    let mut lsb = top.saturating_sub(52).max(-1074);
    let shift = lsb.saturating_sub(exp);
    let significand = if shift <= 0 {
        // Exact: at most 53 bits remain after shifting left.
        u32::try_from(-shift)
            .ok()
            .and_then(|s| mantissa.checked_shl(s))
            .unwrap_or(0)
    } else if shift > 64 {
        // Below half the smallest subnormal.
        return 0.0;
    } else {
        let wide = u128::from(mantissa);
        let shift = u32::try_from(shift).unwrap_or(64);
        let kept = wide >> shift;
        let dropped = wide & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        let round_up = dropped > half || (dropped == half && (sticky || kept & 1 == 1));
        let rounded = u64::try_from(kept)
            .unwrap_or(u64::MAX)
            .saturating_add(u64::from(round_up));
        if rounded == 1 << 53 {
            lsb += 1;
            1 << 52
        } else {
            rounded
        }
    };
    if lsb > 971 {
        return f64::INFINITY;
    }
    // Normal: biased exponent lsb + 1075 over the hidden bit; subnormal (lsb = -1074):
    // the significand itself. Both are `(lsb + 1074) << 52` plus the significand.
    let biased = u64::try_from(lsb + 1074).unwrap_or(0);
    f64::from_bits((biased << 52) + significand)
}

#[cfg(test)]
mod tests {
    use super::{Number, str_to_number};

    /// Expected result: integer, float bits, or not a numeral.
    #[derive(Clone, Copy)]
    enum E {
        I(i64),
        F(u64),
        N,
    }

    impl std::fmt::Debug for E {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match *self {
                I(i) => write!(f, "I({i})"),
                F(bits) => write!(f, "F({bits:#018x} = {:e})", f64::from_bits(bits)),
                N => write!(f, "N"),
            }
        }
    }
    use E::{F, I, N};

    /// A long input `prefix + unit * count + suffix`, and its expected result.
    type Repeated = (&'static [u8], &'static [u8], usize, &'static [u8], E);

    // The tables below were printed by this script, run with lua5.4 (5.4.4), so every
    // expectation is the reference implementation's `tonumber(s)`:
    //
    // -- Usage: lua5.4 gen.lua > cases.rs ; prints the CASES and REPEATED tables.
    // local function lit(s)
    //   return 'b"' .. s:gsub(".", function(c)
    //     local b = c:byte()
    //     if b < 32 or b > 126 or c == '"' or c == "\\" then return string.format("\\x%02x", b) end
    //   end) .. '"'
    // end
    // local function expect(s)
    //   local x = tonumber(s)
    //   if x == nil then return "N" end
    //   if math.type(x) == "integer" then return string.format("I(%d)", x) end
    //   return string.format("F(0x%016x)", string.unpack("<i8", string.pack("<d", x)))
    // end
    // local fixed = {
    //   -- whitespace, signs, embedded NUL
    //   "", " ", "\t", " \t\n\v\f\r", "1", " 1", "1 ", "\t\n\v\f\r1\t\n\v\f\r", " 1.5 ",
    //   "\v0x10\f", "1\0", "\0" .. "1", "1\0 ", " \0", "1 2", "1\t2", "\xa01", "1\xa0", "1\x85",
    //   "+1", "-1", "- 1", "+ 1", "--1", "+-1", "-+1", "++1", "-", "+", "-0", "+0", "-0.0", "+0.0",
    //   "-.0", "0", "00", "007", "-007", "1-", "1+", " -0x10 ", "-0X1p4", "+0x.8",
    //   -- decimal integers and overflow to float
    //   "9223372036854775807", "-9223372036854775807", "9223372036854775808",
    //   "-9223372036854775808", "-9223372036854775809", "9223372036854775809",
    //   "18446744073709551615", "18446744073709551616", "99999999999999999999",
    //   "000000000000000000000000000000000009223372036854775807",
    //   "000000000000000000000000000000000009223372036854775808",
    //   "123456789012345678901234567890", "-123456789012345678901234567890",
    //   -- hex integers and wraparound
    //   "0x0", "0X0", "0x10", "0XFF", "0xff", "0xaBcDeF", "0x7fffffffffffffff", "0x8000000000000000",
    //   "0xffffffffffffffff", "0x10000000000000000", "0x1ffffffffffffffff", "-0x1",
    //   "-0x8000000000000000", "-0xffffffffffffffff", "0x000000000000000000000000000001",
    //   "0x123456789abcdef0123456789", "0x", "0X", "-0x", "0x ", "0xg", "0x1g", "0xx1", "00x1",
    //   "0x-1", "0x+1", "x10", "0 x10", "0x 10", "0x1 0",
    //   -- decimal floats
    //   "1.5", ".5", "5.", ".", "-.", "+.5", "-.5e1", "1e5", "1E5", "1e+5", "1e-5", "1e05",
    //   "1.e5", ".1e5", "1e", "1e+", "1e-", "e5", ".e5", "1e5.5", "1..2", "1.2.3", "1e5e5",
    //   "1ee5", "1e+-5", "1e 5", "1 e5", "1.5f", "1.5d", "1f", "1_0", "1,5", "0.1", "0.2",
    //   "0.30000000000000004", "3.141592653589793", "123456789.123456789", "1e22", "1e23",
    //   "9007199254740992", "9007199254740993", "9007199254740993.0", "9007199254740995.0",
    //   "9007199254740993.00000000000000000001", "9007199254740992.99999999999999999999",
    //   "2.2250738585072011e-308", "2.2250738585072014e-308", "2.2250738585072012e-308",
    //   "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
    //   "5e-324", "1e-323", "1.7976931348623157e308", "1.7976931348623158e308",
    //   "1.7976931348623159e308", "1e308", "1e309", "1e400", "-1e400", "1e-400", "-1e-400",
    //   "0e99999", "0.0e-99999", "1e99999999999999999999999", "1e-99999999999999999999999",
    //   "0.000001e6", "100000000000000000000000e-23", "-0.0e0", "00.00", "0.",
    //   -- hex floats
    //   "0x1p4", "0x1P4", "0x1p+4", "0x1p-4", "0x.8", "0x8.", "0x.", "0x.p1", "0x1p", "0x1p+",
    //   "0x1p-", "0xp1", "0x1.8", "0xA.8p-1", "0x1P+2", "0x1.8p1", "0X.1P4", "0x1p1.5", "0x1e1",
    //   "0x1e+1", "0x1p1p1", "0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023",
    //   "0x1.fffffffffffff7ffp1023", "0x1p1024", "0x1p1023", "0x2p1023", "0x0.8p1025",
    //   "0x1p-1022", "0x1p-1074", "0x1p-1075", "0x1.0000000000001p-1075", "0x1.8p-1075",
    //   "0x3p-1076", "0x1p-1076", "0x0.fffffffffffffp-1022", "0x0.fffffffffffff8p-1022",
    //   "0x1.fffffffffffffp-1023", "0x1.00000000000008p0", "0x1.00000000000018p0",
    //   "0x1.000000000000080000000000000001p0", "0x1.00000000000007ffffffffffffffp0",
    //   "0x10000000000000800", "0x10000000000000800.0", "0x10000000000001800.0",
    //   "0x10000000000000801.0", "0x123456789abcdef0123456789abcdef.0",
    //   "0x.000000000000000000000000000000001p128", "0x1p99999999999999999999",
    //   "0x1p-99999999999999999999", "0x0p99999999999999999999", "-0x0p0", "-0x1p-1080",
    //   "0x1.p0", "0x.1", "0xffffffffffffffff.0", "0xffffffffffffffff.8", "0x1fffffffffffff.8",
    //   "0x1ffffffffffffe.8", "0x3ffffffffffffe.c", "-0x1.8p1",
    //   -- inf / nan / other strtod extensions
    //   "inf", "-inf", "INF", "infinity", "Infinity", "nan", "NaN", "-nan", "nan(1)", "1inf",
    //   "0xinf", ".nan", "1e5n", "0x1n", "true", "nil", "one", "1L", "1u", "0b101", "0o17", "1i",
    // }
    // print("const CASES: &[(&[u8], E)] = &[")
    // for _, s in ipairs(fixed) do print(string.format("    (%s, %s),", lit(s), expect(s))) end
    // -- Pseudo-random strings over the numeral alphabet, from a 64-bit LCG (fixed seed).
    // local state = 20240601
    // local function rand(n)
    //   state = state * 6364136223846793005 + 1442695040888963407
    //   return (state >> 33) % n + 1
    // end
    // local alphabet = "0123456789abcdefxXpPeE.+- "
    // for _ = 1, 400 do
    //   local t = {}
    //   for i = 1, rand(12) do
    //     local k = rand(#alphabet)
    //     t[i] = alphabet:sub(k, k)
    //   end
    //   local s = table.concat(t)
    //   print(string.format("    (%s, %s),", lit(s), expect(s)))
    // end
    // print("];")
    // -- Long numerals: prefix .. unit:rep(count) .. suffix.
    // local rep = {
    //   {"", "1", 201, ""}, {"", "0", 300, "1.5"}, {"0.", "0", 300, "1"}, {"", "1", 400, ".5"},
    //   {"", "9", 1000, ""}, {"1", "0", 308, ""}, {"1", "0", 309, ""}, {"1", "0", 2000, "e-2000"},
    //   {"9007199254740993.", "0", 900, ""}, {"9007199254740993.", "0", 900, "1"},
    //   {"9007199254740993", "0", 1500, "e-1500"}, {"9007199254740993", "0", 1500, "1e-1501"},
    //   {"0.", "0", 100000, "1e100001"}, {"0.", "0", 1000000, "1e1000001"},
    //   {"1", "0", 1000000, "e-1000000"}, {"1", "0", 1000000, "e-1000001"},
    //   {"0x1", "0", 1000000, "p-4000000"}, {"0x0.", "0", 1000000, "1p4000004"},
    //   {"0x1.", "0", 1000, "1p0"}, {"0x1.00000000000008", "0", 1000, "p0"},
    //   {"0x1.00000000000008", "0", 1000, "1p0"}, {"0x", "f", 300, "p-2000"},
    //   {"0x", "f", 300, "p-200"}, {"0x", "f", 16, ""}, {"0x", "f", 17, ""}, {"-0x", "0", 500, "1"},
    //   {"", " ", 1000, "7"}, {"0x1p", "0", 1000, "1"}, {"1e", "9", 30, ""},
    // }
    // print("const REPEATED: &[Repeated] = &[")
    // for _, r in ipairs(rep) do
    //   local s = r[1] .. r[2]:rep(r[3]) .. r[4]
    //   print(string.format("    (%s, %s, %d, %s, %s),",
    //     lit(r[1]), lit(r[2]), r[3], lit(r[4]), expect(s)))
    // end
    // print("];")

    #[rustfmt::skip]
    const CASES: &[(&[u8], E)] = &[
        (b"", N),
        (b" ", N),
        (b"\x09", N),
        (b" \x09\x0a\x0b\x0c\x0d", N),
        (b"1", I(1)),
        (b" 1", I(1)),
        (b"1 ", I(1)),
        (b"\x09\x0a\x0b\x0c\x0d1\x09\x0a\x0b\x0c\x0d", I(1)),
        (b" 1.5 ", F(0x3ff8000000000000)),
        (b"\x0b0x10\x0c", I(16)),
        (b"1\x00", N),
        (b"\x001", N),
        (b"1\x00 ", N),
        (b" \x00", N),
        (b"1 2", N),
        (b"1\x092", N),
        (b"\xa01", N),
        (b"1\xa0", N),
        (b"1\x85", N),
        (b"+1", I(1)),
        (b"-1", I(-1)),
        (b"- 1", N),
        (b"+ 1", N),
        (b"--1", N),
        (b"+-1", N),
        (b"-+1", N),
        (b"++1", N),
        (b"-", N),
        (b"+", N),
        (b"-0", I(0)),
        (b"+0", I(0)),
        (b"-0.0", F(0x8000000000000000)),
        (b"+0.0", F(0x0000000000000000)),
        (b"-.0", F(0x8000000000000000)),
        (b"0", I(0)),
        (b"00", I(0)),
        (b"007", I(7)),
        (b"-007", I(-7)),
        (b"1-", N),
        (b"1+", N),
        (b" -0x10 ", I(-16)),
        (b"-0X1p4", F(0xc030000000000000)),
        (b"+0x.8", F(0x3fe0000000000000)),
        (b"9223372036854775807", I(9223372036854775807)),
        (b"-9223372036854775807", I(-9223372036854775807)),
        (b"9223372036854775808", F(0x43e0000000000000)),
        (b"-9223372036854775808", I(-9223372036854775808)),
        (b"-9223372036854775809", F(0xc3e0000000000000)),
        (b"9223372036854775809", F(0x43e0000000000000)),
        (b"18446744073709551615", F(0x43f0000000000000)),
        (b"18446744073709551616", F(0x43f0000000000000)),
        (b"99999999999999999999", F(0x4415af1d78b58c40)),
        (b"000000000000000000000000000000000009223372036854775807", I(9223372036854775807)),
        (b"000000000000000000000000000000000009223372036854775808", F(0x43e0000000000000)),
        (b"123456789012345678901234567890", F(0x45f8ee90ff6c373e)),
        (b"-123456789012345678901234567890", F(0xc5f8ee90ff6c373e)),
        (b"0x0", I(0)),
        (b"0X0", I(0)),
        (b"0x10", I(16)),
        (b"0XFF", I(255)),
        (b"0xff", I(255)),
        (b"0xaBcDeF", I(11259375)),
        (b"0x7fffffffffffffff", I(9223372036854775807)),
        (b"0x8000000000000000", I(-9223372036854775808)),
        (b"0xffffffffffffffff", I(-1)),
        (b"0x10000000000000000", I(0)),
        (b"0x1ffffffffffffffff", I(-1)),
        (b"-0x1", I(-1)),
        (b"-0x8000000000000000", I(-9223372036854775808)),
        (b"-0xffffffffffffffff", I(1)),
        (b"0x000000000000000000000000000001", I(1)),
        (b"0x123456789abcdef0123456789", I(-6066930334832433271)),
        (b"0x", N),
        (b"0X", N),
        (b"-0x", N),
        (b"0x ", N),
        (b"0xg", N),
        (b"0x1g", N),
        (b"0xx1", N),
        (b"00x1", N),
        (b"0x-1", N),
        (b"0x+1", N),
        (b"x10", N),
        (b"0 x10", N),
        (b"0x 10", N),
        (b"0x1 0", N),
        (b"1.5", F(0x3ff8000000000000)),
        (b".5", F(0x3fe0000000000000)),
        (b"5.", F(0x4014000000000000)),
        (b".", N),
        (b"-.", N),
        (b"+.5", F(0x3fe0000000000000)),
        (b"-.5e1", F(0xc014000000000000)),
        (b"1e5", F(0x40f86a0000000000)),
        (b"1E5", F(0x40f86a0000000000)),
        (b"1e+5", F(0x40f86a0000000000)),
        (b"1e-5", F(0x3ee4f8b588e368f1)),
        (b"1e05", F(0x40f86a0000000000)),
        (b"1.e5", F(0x40f86a0000000000)),
        (b".1e5", F(0x40c3880000000000)),
        (b"1e", N),
        (b"1e+", N),
        (b"1e-", N),
        (b"e5", N),
        (b".e5", N),
        (b"1e5.5", N),
        (b"1..2", N),
        (b"1.2.3", N),
        (b"1e5e5", N),
        (b"1ee5", N),
        (b"1e+-5", N),
        (b"1e 5", N),
        (b"1 e5", N),
        (b"1.5f", N),
        (b"1.5d", N),
        (b"1f", N),
        (b"1_0", N),
        (b"1,5", N),
        (b"0.1", F(0x3fb999999999999a)),
        (b"0.2", F(0x3fc999999999999a)),
        (b"0.30000000000000004", F(0x3fd3333333333334)),
        (b"3.141592653589793", F(0x400921fb54442d18)),
        (b"123456789.123456789", F(0x419d6f34547e6b75)),
        (b"1e22", F(0x4480f0cf064dd592)),
        (b"1e23", F(0x44b52d02c7e14af6)),
        (b"9007199254740992", I(9007199254740992)),
        (b"9007199254740993", I(9007199254740993)),
        (b"9007199254740993.0", F(0x4340000000000000)),
        (b"9007199254740995.0", F(0x4340000000000002)),
        (b"9007199254740993.00000000000000000001", F(0x4340000000000001)),
        (b"9007199254740992.99999999999999999999", F(0x4340000000000000)),
        (b"2.2250738585072011e-308", F(0x000fffffffffffff)),
        (b"2.2250738585072014e-308", F(0x0010000000000000)),
        (b"2.2250738585072012e-308", F(0x0010000000000000)),
        (b"4.9406564584124654e-324", F(0x0000000000000001)),
        (b"2.4703282292062327e-324", F(0x0000000000000000)),
        (b"2.4703282292062328e-324", F(0x0000000000000001)),
        (b"5e-324", F(0x0000000000000001)),
        (b"1e-323", F(0x0000000000000002)),
        (b"1.7976931348623157e308", F(0x7fefffffffffffff)),
        (b"1.7976931348623158e308", F(0x7fefffffffffffff)),
        (b"1.7976931348623159e308", F(0x7ff0000000000000)),
        (b"1e308", F(0x7fe1ccf385ebc8a0)),
        (b"1e309", F(0x7ff0000000000000)),
        (b"1e400", F(0x7ff0000000000000)),
        (b"-1e400", F(0xfff0000000000000)),
        (b"1e-400", F(0x0000000000000000)),
        (b"-1e-400", F(0x8000000000000000)),
        (b"0e99999", F(0x0000000000000000)),
        (b"0.0e-99999", F(0x0000000000000000)),
        (b"1e99999999999999999999999", F(0x7ff0000000000000)),
        (b"1e-99999999999999999999999", F(0x0000000000000000)),
        (b"0.000001e6", F(0x3ff0000000000000)),
        (b"100000000000000000000000e-23", F(0x3ff0000000000000)),
        (b"-0.0e0", F(0x8000000000000000)),
        (b"00.00", F(0x0000000000000000)),
        (b"0.", F(0x0000000000000000)),
        (b"0x1p4", F(0x4030000000000000)),
        (b"0x1P4", F(0x4030000000000000)),
        (b"0x1p+4", F(0x4030000000000000)),
        (b"0x1p-4", F(0x3fb0000000000000)),
        (b"0x.8", F(0x3fe0000000000000)),
        (b"0x8.", F(0x4020000000000000)),
        (b"0x.", N),
        (b"0x.p1", N),
        (b"0x1p", N),
        (b"0x1p+", N),
        (b"0x1p-", N),
        (b"0xp1", N),
        (b"0x1.8", F(0x3ff8000000000000)),
        (b"0xA.8p-1", F(0x4015000000000000)),
        (b"0x1P+2", F(0x4010000000000000)),
        (b"0x1.8p1", F(0x4008000000000000)),
        (b"0X.1P4", F(0x3ff0000000000000)),
        (b"0x1p1.5", N),
        (b"0x1e1", I(481)),
        (b"0x1e+1", N),
        (b"0x1p1p1", N),
        (b"0x1.fffffffffffffp1023", F(0x7fefffffffffffff)),
        (b"0x1.fffffffffffff8p1023", F(0x7ff0000000000000)),
        (b"0x1.fffffffffffff7ffp1023", F(0x7fefffffffffffff)),
        (b"0x1p1024", F(0x7ff0000000000000)),
        (b"0x1p1023", F(0x7fe0000000000000)),
        (b"0x2p1023", F(0x7ff0000000000000)),
        (b"0x0.8p1025", F(0x7ff0000000000000)),
        (b"0x1p-1022", F(0x0010000000000000)),
        (b"0x1p-1074", F(0x0000000000000001)),
        (b"0x1p-1075", F(0x0000000000000000)),
        (b"0x1.0000000000001p-1075", F(0x0000000000000001)),
        (b"0x1.8p-1075", F(0x0000000000000001)),
        (b"0x3p-1076", F(0x0000000000000001)),
        (b"0x1p-1076", F(0x0000000000000000)),
        (b"0x0.fffffffffffffp-1022", F(0x000fffffffffffff)),
        (b"0x0.fffffffffffff8p-1022", F(0x0010000000000000)),
        (b"0x1.fffffffffffffp-1023", F(0x0010000000000000)),
        (b"0x1.00000000000008p0", F(0x3ff0000000000000)),
        (b"0x1.00000000000018p0", F(0x3ff0000000000002)),
        (b"0x1.000000000000080000000000000001p0", F(0x3ff0000000000001)),
        (b"0x1.00000000000007ffffffffffffffp0", F(0x3ff0000000000000)),
        (b"0x10000000000000800", I(2048)),
        (b"0x10000000000000800.0", F(0x43f0000000000000)),
        (b"0x10000000000001800.0", F(0x43f0000000000002)),
        (b"0x10000000000000801.0", F(0x43f0000000000001)),
        (b"0x123456789abcdef0123456789abcdef.0", F(0x47723456789abcdf)),
        (b"0x.000000000000000000000000000000001p128", F(0x3fb0000000000000)),
        (b"0x1p99999999999999999999", F(0x7ff0000000000000)),
        (b"0x1p-99999999999999999999", F(0x0000000000000000)),
        (b"0x0p99999999999999999999", F(0x0000000000000000)),
        (b"-0x0p0", F(0x8000000000000000)),
        (b"-0x1p-1080", F(0x8000000000000000)),
        (b"0x1.p0", F(0x3ff0000000000000)),
        (b"0x.1", F(0x3fb0000000000000)),
        (b"0xffffffffffffffff.0", F(0x43f0000000000000)),
        (b"0xffffffffffffffff.8", F(0x43f0000000000000)),
        (b"0x1fffffffffffff.8", F(0x4340000000000000)),
        (b"0x1ffffffffffffe.8", F(0x433ffffffffffffe)),
        (b"0x3ffffffffffffe.c", F(0x434fffffffffffff)),
        (b"-0x1.8p1", F(0xc008000000000000)),
        (b"inf", N),
        (b"-inf", N),
        (b"INF", N),
        (b"infinity", N),
        (b"Infinity", N),
        (b"nan", N),
        (b"NaN", N),
        (b"-nan", N),
        (b"nan(1)", N),
        (b"1inf", N),
        (b"0xinf", N),
        (b".nan", N),
        (b"1e5n", N),
        (b"0x1n", N),
        (b"true", N),
        (b"nil", N),
        (b"one", N),
        (b"1L", N),
        (b"1u", N),
        (b"0b101", N),
        (b"0o17", N),
        (b"1i", N),
        (b"7", I(7)),
        (b"5Pp36d", N),
        (b"dX301+", N),
        (b"3 +X", N),
        (b"P0PX611X6 ", N),
        (b"dE.aP7.x ", N),
        (b"ee6dX", N),
        (b"f+Pb7ca3E+fd", N),
        (b"2P", N),
        (b" f6E-aXX  P", N),
        (b"-58dac", N),
        (b"05", I(5)),
        (b"0edpxe", N),
        (b"XP", N),
        (b"6Peap", N),
        (b"e8ab ", N),
        (b"e04p2x.2", N),
        (b"7.-538-ep7-x", N),
        (b"pde.433.f9", N),
        (b"P93EX5c8-b", N),
        (b"P-", N),
        (b"7X53ee033+c7", N),
        (b"cee8d", N),
        (b"-cx90exP27", N),
        (b"x9b+f44x8", N),
        (b"c", N),
        (b"9e4", F(0x40f5f90000000000)),
        (b"bX", N),
        (b"E0dE93pee", N),
        (b"Eefe32+ c", N),
        (b"x 2X03Xp+", N),
        (b"Pe+p 67ec33", N),
        (b"437E7806E", N),
        (b"a006", N),
        (b"9PX87", N),
        (b".6", F(0x3fe3333333333333)),
        (b"3", I(3)),
        (b"6-b21eXpd", N),
        (b"x35e589e a0-", N),
        (b"fccccaPap8E", N),
        (b"8.+d67ed49", N),
        (b"4", I(4)),
        (b"x", N),
        (b"8", I(8)),
        (b"c-", N),
        (b".1Xpac", N),
        (b"a1X0f-0b", N),
        (b"a7a", N),
        (b"4xE", N),
        (b" 35-9XEPp1fe", N),
        (b"a3dE4+.26", N),
        (b"5cddd4b4cda", N),
        (b"f6de", N),
        (b"8ea .6edPd+", N),
        (b"189", I(189)),
        (b"XaP e", N),
        (b"6E9E7a f+7", N),
        (b"5ec7PXe-f", N),
        (b"5Pd97e+-6Ed", N),
        (b"76e5xX5E", N),
        (b"P-efexpX33", N),
        (b"a+.f0f3d85a", N),
        (b"-4bE", N),
        (b"e5cx 874P+9p", N),
        (b"776X82edcd2e", N),
        (b"7pc+E878", N),
        (b"6", I(6)),
        (b"x84+e", N),
        (b"Ex", N),
        (b"X-5 d", N),
        (b"a8P.+b90", N),
        (b".d", N),
        (b"a2pdfc48114", N),
        (b"E-x6+fe4", N),
        (b"90", I(90)),
        (b"E2XE022x27f", N),
        (b"9e-5x5", N),
        (b".", N),
        (b"  P9", N),
        (b"8+9181a-0", N),
        (b"6 E6x3d-cE9a", N),
        (b"- e5404", N),
        (b"--4c  a55", N),
        (b".2039-9", N),
        (b"-106+aca", N),
        (b"8 x", N),
        (b"xa", N),
        (b"87bP", N),
        (b"Xp97", N),
        (b"+", N),
        (b"6x1p2", N),
        (b"23", I(23)),
        (b"Ee6", N),
        (b"f.", N),
        (b"70xX3exp4p ", N),
        (b" d.e4a+x12", N),
        (b"Xd86", N),
        (b"f67e2ecee7+e", N),
        (b"e-68adx35a4e", N),
        (b"992X ", N),
        (b"6", I(6)),
        (b"P f.e925p12", N),
        (b".b", N),
        (b"1-9-4 Pb.6-", N),
        (b"+3198p4a04c", N),
        (b"6E.0e-9e1587", N),
        (b"fa", N),
        (b"e6f601", N),
        (b"Xpc2.0e.+ea", N),
        (b".xP73", N),
        (b"72fEXb98edb", N),
        (b"8c96143", N),
        (b" ceep", N),
        (b"e73e.ef0-bf1", N),
        (b"x7X5", N),
        (b" 48fb1P2a", N),
        (b"a", N),
        (b"P dce", N),
        (b"afpx a20f6", N),
        (b"p05e5 ", N),
        (b"e+95-a7e", N),
        (b" 2+cEX X..-c", N),
        (b".xe.8d0", N),
        (b"97", I(97)),
        (b"-d-bP7", N),
        (b"eexEebc", N),
        (b"-.89", F(0xbfec7ae147ae147b)),
        (b"edp5.", N),
        (b"+P0 0a856e", N),
        (b"005-0f10", N),
        (b"caP86", N),
        (b"232a549p+b+", N),
        (b"7adPb65", N),
        (b"dx5P..eex8X", N),
        (b"bX49fe7e1eE6", N),
        (b"x 5eaa4", N),
        (b"0xPex46d1ea", N),
        (b".X9200f7PXxa", N),
        (b" ef4E0b0", N),
        (b"X10809p3", N),
        (b"4E-pXdc9.6", N),
        (b"35e+8epp96p", N),
        (b"d", N),
        (b"d0e5d4aa7 5", N),
        (b"P9-exbaed1f-", N),
        (b"-4cca4", N),
        (b"6830e2cceaex", N),
        (b"8 X36", N),
        (b"E791", N),
        (b" d", N),
        (b"f0e", N),
        (b"f6fP1+", N),
        (b"8 bfp0PE82", N),
        (b"3-3eEe7", N),
        (b" EdE4", N),
        (b"63.", F(0x404f800000000000)),
        (b"f1fP-", N),
        (b" ", N),
        (b"740f6c8ap", N),
        (b" ", N),
        (b"7P4", N),
        (b". E", N),
        (b"b8X6", N),
        (b"87f38", N),
        (b"e", N),
        (b"02c9-", N),
        (b"bEX0cX.5eXX", N),
        (b".", N),
        (b" 32.-e1.e", N),
        (b"77ac", N),
        (b"P83x0", N),
        (b"ap1", N),
        (b"6ePx5feE-E", N),
        (b"pf96Exd 6 0", N),
        (b"8P", N),
        (b"E.fape", N),
        (b"0-xE", N),
        (b"bbe++", N),
        (b"921f6dE-", N),
        (b"75eP ", N),
        (b"+P32a e", N),
        (b"fbaP8X3xcX", N),
        (b"XEx", N),
        (b".d6", N),
        (b"4pb", N),
        (b"1", I(1)),
        (b"xeP2121E c", N),
        (b"27e629a", N),
        (b"25e0 4c", N),
        (b"b81E30dx", N),
        (b"apf0de19X0P4", N),
        (b"6920", I(6920)),
        (b"c8+.PXPf", N),
        (b"xec1824X8.", N),
        (b"8d49c", N),
        (b"0+Xcx1p4", N),
        (b"e6axx6.", N),
        (b"38E5-X74cPEd", N),
        (b"X4p-0d+", N),
        (b"P-190", N),
        (b" 8b5Pp", N),
        (b"5aX3244pd", N),
        (b"5eXb4 p89", N),
        (b"d4x1 13cpX", N),
        (b"p869", N),
        (b"pX65", N),
        (b"48557Xb P+a", N),
        (b"86649", I(86649)),
        (b"9607eP1x.", N),
        (b"-", N),
        (b"p57", N),
        (b"8206p472P1bX", N),
        (b"9XX1Pf7", N),
        (b"+5eEP1Xe", N),
        (b"e..c", N),
        (b" 2Pb64", N),
        (b"df", N),
        (b"1feeeE+", N),
        (b"3", I(3)),
        (b"p7", N),
        (b"ep562814", N),
        (b"b72ep8e.3 4X", N),
        (b"a6+d1a8f0", N),
        (b"cba7", N),
        (b"ea600", N),
        (b".5E5-9x.f3", N),
        (b"+.12ee", N),
        (b"8+4-db", N),
        (b"a4fc2ea", N),
        (b"e4", N),
        (b"fEx0f1d6pP3", N),
        (b"8+2+9eE35f4-", N),
        (b"aP +e", N),
        (b"1++e3XeP a", N),
        (b" 5.", F(0x4014000000000000)),
        (b"27b-P6f2+Xc", N),
        (b"fP", N),
        (b" ", N),
        (b"0c-XPe", N),
        (b"7XP43pe9", N),
        (b"8-Xb-4 a6", N),
        (b"+P4cxex2", N),
        (b"0ebP6", N),
        (b"475dc8f", N),
        (b"9p-62+e95", N),
        (b"0e39p1e ", N),
        (b".3- 1ce4XEc", N),
        (b"49e0bpfE2d", N),
        (b"0.a.9", N),
        (b"c45.-7X854dc", N),
        (b"f45.d6", N),
        (b"3", I(3)),
        (b"86", I(86)),
        (b"px1", N),
        (b"9P8e6E", N),
        (b"pP", N),
        (b"P+43-f1f", N),
        (b"d5869+ea-", N),
        (b".f80cp0b", N),
        (b"PEe", N),
        (b"cX-3a+6", N),
        (b"X1 -.2 57ep", N),
        (b"3", I(3)),
        (b"7c0xp-d2-31", N),
        (b"27", I(27)),
        (b"860 dpP+P", N),
        (b".++ 3df1+", N),
        (b"cpaa9205", N),
        (b"ab-", N),
        (b"f", N),
        (b"0 .e0p3", N),
        (b"be", N),
        (b"edpeea9+62e3", N),
        (b"55e1-", N),
        (b"x79", N),
        (b"5bdP2", N),
        (b"93xPb75E", N),
        (b"7.+58ee4.59b", N),
        (b"3e6e+6f", N),
        (b"0", I(0)),
        (b"408.d0b", N),
        (b"9P1e6", N),
        (b"f6eE", N),
        (b"cd9.2P60..", N),
        (b"9d-X", N),
        (b"x", N),
        (b".Ecxbp2P5P", N),
        (b"E4ef8P+", N),
        (b"+5-b7062", N),
        (b"c3+5", N),
        (b"4- e8", N),
        (b"5 73c4", N),
        (b"5", I(5)),
        (b"c8E16x36-0 5", N),
        (b"42-16", N),
        (b"-3P5", N),
        (b".9a4Pa3E", N),
        (b"+P8448f1.pP", N),
        (b"ef56x", N),
        (b"e.d7.2dfbP4e", N),
        (b"731c-e7b", N),
        (b"267e1bf38- ", N),
        (b"7a d5x.+Pf0", N),
        (b"a02+P p50fd", N),
        (b"5fba 9PX", N),
        (b"E4", N),
        (b"5p", N),
        (b"ce", N),
        (b"c", N),
        (b"48.E6E ef61b", N),
        (b"pc.6", N),
        (b"-4db", N),
        (b"56", I(56)),
        (b"79Ebd5-.PP3+", N),
        (b"9x", N),
        (b"c", N),
        (b"Pd640+ -2E", N),
        (b"0ad4db ", N),
        (b"04250dEX26.X", N),
        (b"36x6", N),
        (b"f81Pae", N),
        (b"1xPEaxE", N),
        (b"6dcexe2", N),
        (b"b -2x-d", N),
        (b"-52+", N),
        (b"26c c", N),
        (b"4e-", N),
        (b"877c6p", N),
        (b"7 -a122", N),
        (b"9Epc7bp1P.E0", N),
        (b"x-", N),
        (b"e-e2b.P", N),
        (b" d95e99-Pax", N),
        (b".965e.1", N),
        (b"8X9", N),
        (b"0eX  488", N),
        (b".- 0e.69", N),
        (b"0", I(0)),
        (b"x2", N),
        (b"67f36P402e", N),
        (b"14P", N),
        (b"EX3029px", N),
        (b"Xx", N),
        (b" 1d0P0a", N),
        (b"Xd Xpef0", N),
        (b"X3d", N),
        (b"b -P763ep", N),
        (b"1", I(1)),
        (b"e2d6 4p", N),
        (b"xbcx4.b.fX", N),
        (b".3a cX06", N),
        (b"eX6", N),
        (b"ecd", N),
        (b".", N),
        (b".c.47", N),
        (b"0PP", N),
        (b"5b1203.4a.1e", N),
        (b"88d7e1", N),
        (b"1.3b.", N),
        (b"X-402", N),
        (b"8737P a", N),
        (b"20 X98505pa", N),
        (b"- e32P10", N),
        (b"1.a", N),
        (b"E0", N),
        (b"xPpXe", N),
        (b"b0810.e5Ee8a", N),
        (b"4-", N),
        (b"0ea8xE3.", N),
        (b"dxeP7ccp2+ea", N),
        (b"840-X7", N),
        (b"be+3.3E", N),
        (b".7E1e", N),
        (b"+", N),
        (b"6.4d.fdf3c", N),
        (b"1", I(1)),
        (b"15E", N),
        (b"9.2dpE", N),
        (b"7", I(7)),
        (b"de.", N),
        (b"P1pXXa1Eca", N),
        (b" fee", N),
        (b"6", I(6)),
        (b"0d3dE153a", N),
        (b".1P-Xa7f 8", N),
        (b"fx2", N),
        (b"e4cxPd", N),
        (b"P65+d8", N),
        (b"xP fEf8", N),
        (b"b.Xe05PE.xPP", N),
        (b"x6.X E56-", N),
        (b"cc4", N),
        (b"4xc", N),
        (b"2x8f", N),
        (b"2p5e648 8XP-", N),
        (b"xxbxec+9f7b", N),
        (b"5", I(5)),
        (b"Ep8PPp", N),
        (b"ef-f78", N),
        (b"6", I(6)),
    ];
    #[rustfmt::skip]
    const REPEATED: &[Repeated] = &[
        (b"", b"1", 201, b"", F(0x697739a9d36117f2)),
        (b"", b"0", 300, b"1.5", F(0x3ff8000000000000)),
        (b"0.", b"0", 300, b"1", F(0x017124e63593f5e1)),
        (b"", b"1", 400, b".5", F(0x7ff0000000000000)),
        (b"", b"9", 1000, b"", F(0x7ff0000000000000)),
        (b"1", b"0", 308, b"", F(0x7fe1ccf385ebc8a0)),
        (b"1", b"0", 309, b"", F(0x7ff0000000000000)),
        (b"1", b"0", 2000, b"e-2000", F(0x3ff0000000000000)),
        (b"9007199254740993.", b"0", 900, b"", F(0x4340000000000000)),
        (b"9007199254740993.", b"0", 900, b"1", F(0x4340000000000001)),
        (b"9007199254740993", b"0", 1500, b"e-1500", F(0x4340000000000000)),
        (b"9007199254740993", b"0", 1500, b"1e-1501", F(0x4340000000000001)),
        (b"0.", b"0", 100000, b"1e100001", F(0x3ff0000000000000)),
        (b"0.", b"0", 1000000, b"1e1000001", F(0x3ff0000000000000)),
        (b"1", b"0", 1000000, b"e-1000000", F(0x3ff0000000000000)),
        (b"1", b"0", 1000000, b"e-1000001", F(0x3fb999999999999a)),
        (b"0x1", b"0", 1000000, b"p-4000000", F(0x3ff0000000000000)),
        (b"0x0.", b"0", 1000000, b"1p4000004", F(0x3ff0000000000000)),
        (b"0x1.", b"0", 1000, b"1p0", F(0x3ff0000000000000)),
        (b"0x1.00000000000008", b"0", 1000, b"p0", F(0x3ff0000000000000)),
        (b"0x1.00000000000008", b"0", 1000, b"1p0", F(0x3ff0000000000001)),
        (b"0x", b"f", 300, b"p-2000", F(0x0df0000000000000)),
        (b"0x", b"f", 300, b"p-200", F(0x7e70000000000000)),
        (b"0x", b"f", 16, b"", I(-1)),
        (b"0x", b"f", 17, b"", I(-1)),
        (b"-0x", b"0", 500, b"1", I(-1)),
        (b"", b" ", 1000, b"7", I(7)),
        (b"0x1p", b"0", 1000, b"1", F(0x4000000000000000)),
        (b"1e", b"9", 30, b"", F(0x7ff0000000000000)),
    ];

    /// Whether `got` is `want`, comparing floats by bits.
    fn matches(want: E, got: Option<Number>) -> bool {
        match (want, got) {
            (N, None) => true,
            (I(i), Some(Number::Integer(j))) => i == j,
            (F(bits), Some(Number::Float(f))) => f.to_bits() == bits,
            _ => false,
        }
    }

    #[test]
    fn matches_lua() {
        assert!(CASES.len() >= 250);
        let failures: Vec<String> = CASES
            .iter()
            .filter(|&&(input, want)| !matches(want, str_to_number(input)))
            .map(|&(input, want)| {
                let got = str_to_number(input);
                format!("\"{}\": want {want:?}, got {got:?}", input.escape_ascii())
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn long_numerals_match_lua() {
        for &(prefix, unit, count, suffix, want) in REPEATED {
            let mut input = prefix.to_vec();
            input.extend(unit.repeat(count));
            input.extend(suffix);
            let got = str_to_number(&input);
            assert!(
                matches(want, got),
                "\"{}\" + \"{}\" * {count} + \"{}\": want {want:?}, got {got:?}",
                prefix.escape_ascii(),
                unit.escape_ascii(),
                suffix.escape_ascii(),
            );
        }
    }

    #[test]
    fn signs_and_zeros() {
        assert_eq!(str_to_number(b"-0"), Some(Number::Integer(0)));
        let neg_zero = str_to_number(b"-0.0");
        assert!(matches!(neg_zero, Some(Number::Float(f)) if f == 0.0 && f.is_sign_negative()));
        assert_eq!(str_to_number(b" +1 "), Some(Number::Integer(1)));
        assert_eq!(str_to_number(b"0x1p4"), Some(Number::Float(16.0)));
    }

    #[test]
    fn random_bytes_never_panic() {
        // xorshift64*, fixed seed.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let alphabet = b"0123456789abcdefABCDEFxXpPeE.+- \t\n\x0b\x0c\r\0in";
        let mut accepted = 0;
        for round in 0..100_000 {
            let len = next() % if round % 8 == 1 { 48 } else { 10 };
            let input: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if round % 4 == 0 {
                        r.to_le_bytes()[7]
                    } else {
                        alphabet[usize::try_from(r % 40).unwrap_or(0)]
                    }
                })
                .collect();
            accepted += usize::from(str_to_number(&input).is_some());
        }
        assert!(accepted > 1000, "{accepted}");
    }
}
