//! Lua number to string conversion, byte-for-byte like the reference `lua5.4`
//! (`tostring`, `print`, `..` and other string coercions).
//!
//! Integers print in decimal. Floats print with C's `printf("%.14g")`
//! (`LUAI_NUMFFORMAT`), reimplemented here in safe Rust, and then get `.0`
//! appended when the text would otherwise read as an integer (`1.0`, `-0.0`).

use std::fmt::{self, Write as _};

/// Significant digits of Lua's float format (the 14 in `%.14g`).
const PRECISION: usize = 14;

/// Formats a Lua integer in decimal, as `tostring` does.
pub(crate) fn format_integer(i: i64) -> String {
    let mut out = String::with_capacity(20);
    write_integer(i, &mut out);
    out
}

/// Appends the decimal form of a Lua integer to `out`.
pub(crate) fn write_integer(i: i64, out: &mut String) {
    // 19 digits for |i64::MIN| plus a sign.
    let mut buf = [0u8; 20];
    let mut pos = buf.len();
    let mut rest = i.unsigned_abs();
    loop {
        pos -= 1;
        buf[pos] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if i < 0 {
        pos -= 1;
        buf[pos] = b'-';
    }
    push_ascii(out, &buf[pos..]);
}

/// Formats a Lua float as `tostring` does: `%.14g`, plus `.0` if that looks like an integer.
pub(crate) fn format_float(f: f64) -> String {
    let mut out = String::with_capacity(24);
    write_float(f, &mut out);
    out
}

/// Appends the `tostring` form of a Lua float to `out` without allocating
/// beyond `out`'s own growth.
pub(crate) fn write_float(f: f64, out: &mut String) {
    let start = out.len();
    write_g14(f, out);
    // Lua's `tostringbuff`: if the text contains only "-0123456789", add ".0".
    if out.as_bytes()[start..]
        .iter()
        .all(|&b| b == b'-' || b.is_ascii_digit())
    {
        out.push_str(".0");
    }
}

/// Appends `f` rendered as glibc's `printf("%.14g", f)` to `out`.
fn write_g14(f: f64, out: &mut String) {
    if f.is_sign_negative() {
        out.push('-');
    }
    if f.is_nan() {
        out.push_str("nan");
        return;
    }
    if f.is_infinite() {
        out.push_str("inf");
        return;
    }

    // Rust's `{:.13e}` is exact and rounds half to even on the true binary
    // value, like glibc; its output looks like "1.2345678901235e14" or "5.0000000000000e-5".
    let mut text = AsciiBuf::new();
    let written = write!(text, "{:.*e}", PRECISION - 1, f.abs());
    debug_assert!(
        written.is_ok(),
        "`{{:.13e}}` of a finite f64 fits in AsciiBuf"
    );
    let text = text.as_bytes();
    let e_pos = text.iter().position(|&b| b == b'e').unwrap_or(text.len());
    let (mantissa, exponent) = text.split_at(e_pos);

    let mut digits = [b'0'; PRECISION];
    for (slot, &b) in digits
        .iter_mut()
        .zip(mantissa.iter().filter(|b| b.is_ascii_digit()))
    {
        *slot = b;
    }
    let exp = parse_exponent(exponent);
    // Number of digits left after %g drops trailing zeros (at least one).
    let significant = digits.iter().rposition(|&b| b != b'0').map_or(1, |p| p + 1);

    if (-4..PRECISION as i32).contains(&exp) {
        // Fixed notation with PRECISION - 1 - exp decimals, trailing zeros removed.
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            push_ascii(out, &digits[..significant]);
        } else {
            let int_len = exp as usize + 1;
            push_ascii(out, &digits[..int_len]);
            if significant > int_len {
                out.push('.');
                push_ascii(out, &digits[int_len..significant]);
            }
        }
    } else {
        // Exponential notation: d[.ddd]e±XX, at least two exponent digits.
        push_ascii(out, &digits[..1]);
        if significant > 1 {
            out.push('.');
            push_ascii(out, &digits[1..significant]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e >= 100 {
            out.push(char::from(b'0' + (e / 100 % 10) as u8));
        }
        out.push(char::from(b'0' + (e / 10 % 10) as u8));
        out.push(char::from(b'0' + (e % 10) as u8));
    }
}

/// Parses the "e-5" / "e14" tail of Rust's `{:e}` output (0 if absent).
fn parse_exponent(tail: &[u8]) -> i32 {
    let negative = tail.contains(&b'-');
    let magnitude = tail
        .iter()
        .filter(|b| b.is_ascii_digit())
        .fold(0i32, |acc, &b| acc * 10 + i32::from(b - b'0'));
    if negative { -magnitude } else { magnitude }
}

/// Appends ASCII bytes to a `String`.
fn push_ascii(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| char::from(b)));
}

/// A fixed-capacity stack buffer for Rust's `{:.13e}` rendering of a finite
/// f64 (at most 19 bytes, e.g. "1.7976931348623e308").
struct AsciiBuf {
    bytes: [u8; 32],
    len: usize,
}

impl AsciiBuf {
    fn new() -> Self {
        AsciiBuf {
            bytes: [0; 32],
            len: 0,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl fmt::Write for AsciiBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        let dst = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_match_lua54() {
        let mut failures = Vec::new();
        for &(bits, expected) in FLOAT_CASES {
            let f = f64::from_bits(bits);
            let got = format_float(f);
            // write_float must append, leaving existing contents alone.
            let mut appended = String::from("x=");
            write_float(f, &mut appended);
            if got != expected || appended.strip_prefix("x=") != Some(expected) {
                failures.push(format!(
                    "bits 0x{bits:016x}: expected {expected:?}, format_float gave {got:?}, \
                     write_float appended {appended:?} to \"x=\""
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} float cases failed:\n{}",
            failures.len(),
            FLOAT_CASES.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn integers_match_lua54() {
        for &(i, expected) in INTEGER_CASES {
            assert_eq!(format_integer(i), expected, "integer {i}");
            let mut appended = String::from("x=");
            write_integer(i, &mut appended);
            assert_eq!(appended, format!("x={expected}"), "integer {i}");
        }
    }

    #[test]
    fn integers_match_std() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..1000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = state as i64 >> (state % 64);
            assert_eq!(format_integer(i), i.to_string());
        }
    }

    #[test]
    fn nan_sign_follows_sign_bit() {
        assert_eq!(format_float(f64::from_bits(0x7ff8_0000_0000_0000)), "nan");
        assert_eq!(format_float(f64::from_bits(0xfff8_0000_0000_0000)), "-nan");
        assert_eq!(format_float(-f64::from_bits(0x7ff8_0000_0000_0000)), "-nan");
    }

    // Expected strings below were produced by the reference interpreter (Lua 5.4.4,
    // glibc), never by hand: `lua5.4 gen.lua`, where gen.lua is the script below.
    // Each line is (f64 bits, tostring(x) in lua5.4) with, for hand-picked values,
    // the Lua expression that produced x. Regenerate by saving the script and
    // pasting its output over the two tables.
    //
    // -- Generates (bits, expected tostring) pairs for red_moon's number formatting tests.
    // -- Usage: lua5.4 gen.lua > cases.txt
    // local function bits_of(x) return (string.unpack("<j", string.pack("<d", x))) end
    // local function from_bits(b) return (string.unpack("<d", string.pack("<j", b))) end
    // local function q(s) return '"' .. s .. '"' end
    //
    // local out = {}
    // local function emit(x, note)
    //   local line = string.format("    (0x%016x, %s),", bits_of(x), q(tostring(x)))
    //   if note then line = line .. " // " .. note end
    //   out[#out + 1] = line
    // end
    //
    // -- Hand-picked values, as Lua expressions (integer results are converted to float).
    // local hand = {
    //   "0.0", "-0.0", "1.0", "-1.0", "2.0", "10.0", "100.0", "-123.0",
    //   "1e15", "-1e15", "1e16", "1e17", "1e18", "1e19", "1e20", "1e21", "1e22", "1e23",
    //   "2^53", "2^53 + 1", "-(2^53)", "2^63", "-(2^63)", "2^64", "2^24", "2^31", "2^32", "2^-1074", "2^-1022", "2^1023",
    //   "0.1", "0.2", "0.3", "0.1 + 0.2", "-0.1", "1/3", "2/3", "-2/3", "1/7", "22/7", "123.456", "-123.456",
    //   "3.14159265358979", "math.pi", "-math.pi", "math.exp(1)", "math.sqrt(2)", "1/9", "100/3", "1e10/3",
    //   "0.5", "1.5", "2.5", "3.5", "-0.5", "0.25", "0.125", "0.0625", "1/1024",
    //   "1e-1", "1e-2", "1e-3", "1e-4", "1e-5", "1e-6", "1e-7", "1e-10", "1e-20", "1e-100", "1e-300", "1e-307", "1e-308",
    //   "1e-320", "5e-324", "-5e-324", "2.2250738585072014e-308", "2.225073858507201e-308",
    //   "1.7976931348623157e308", "-1.7976931348623157e308", "1e100", "-1e100", "1e200", "1e300", "1.5e300", "1e308",
    //   "123456789012345678", "12345678901234567", "1234567890123456", "123456789012345", "12345678901234",
    //   "1234567890123", "99999999999999", "999999999999999", "9999999999999999",
    //   "9.99999999999995", "9.99999999999994", "9.999999999999949", "9.999999999999951", "99999999999999.5",
    //   "99999999999999.4", "99999999999999.6", "999999999999999.9", "0.000099999999999999", "0.0000999999999999995",
    //   "0.00009999999999999949", "0.000099999999999999951", "0.0001", "0.00012345678901234", "0.00001234567890123",
    //   "1e14", "1e13", "-1e14", "1e14 + 1", "1e14 - 1", "1e14 + 0.5", "1e13 + 0.5", "1e13 + 0.25", "1e12 + 0.125",
    //   "100000000000005", "100000000000015", "100000000000025", "1234567890123.25", "1234567890123.75",
    //   "1234567890123.35", "0.12345678901234", "0.123456789012345", "0.1234567890123456789",
    //   "1.00000000000005", "1.000000000000051", "1.0000000000000049", "0.999999999999995", "0.9999999999999949",
    //   "5e-5", "5e-4", "0.00015", "-0.00015", "12.5", "1e3 + 0.001", "65536.5", "4294967295.5",
    //   "1.25e-5", "1.5e-7", "7e22", "6.02214076e23", "6.62607015e-34", "1.602176634e-19", "299792458.0",
    //   "2^63 - 1024", "2^62", "2^52 + 0.5", "2^52 - 0.5", "math.maxinteger + 0.0", "math.mininteger + 0.0",
    //   "1e15 + 0.3", "1e15 - 1", "1e16 - 2", "-1e16", "0.01 * 3", "1 - 2^-53", "1 + 2^-52",
    //   "math.huge", "-math.huge",
    // }
    // for _, src in ipairs(hand) do
    //   local x = assert(load("return " .. src))()
    //   if math.type(x) == "integer" then x = x + 0.0 end
    //   emit(x, src)
    // end
    //
    // -- Neighbours (next-up / next-down in bits) of some interesting positive values.
    // for _, src in ipairs{"1e14", "1e-4", "1e15", "1e16", "1.0", "0.1", "2^53", "1e-5", "99999999999999.5"} do
    //   local b = bits_of(assert(load("return " .. src))())
    //   emit(from_bits(b - 1), "nextdown(" .. src .. ")")
    //   emit(from_bits(b + 1), "nextup(" .. src .. ")")
    // end
    //
    // -- NaNs and infinities from explicit bit patterns.
    // for _, b in ipairs{0x7ff8000000000000, 0xfff8000000000000, 0x7ff0000000000001, 0xfff0000000000001,
    //                    0x7fffffffffffffff, 0xffffffffffffffff, 0x7ff4000000000000, 0x7ff0000000000000,
    //                    0xfff0000000000000} do
    //   emit(from_bits(b), string.format("from_bits(0x%016x)", b))
    // end
    //
    // -- Fixed-seed xorshift64 (Marsaglia 13/7/17).
    // local state = 0x2545F4914F6CDD1D
    // local function rand()
    //   state = state ~ (state << 13)
    //   state = state ~ (state >> 7)
    //   state = state ~ (state << 17)
    //   return state
    // end
    //
    // out[#out + 1] = "    // xorshift64: raw bit patterns"
    // for _ = 1, 200 do emit(from_bits(rand())) end
    //
    // out[#out + 1] = "    // xorshift64: random mantissa, exponent 2^-20 .. 2^60, random sign"
    // for _ = 1, 100 do
    //   local r = rand()
    //   local e = 1023 - 20 + (rand() >> 1) % 81
    //   local b = (r & 0x800fffffffffffff) | (e << 52)
    //   emit(from_bits(b))
    // end
    //
    // out[#out + 1] = "    // xorshift64: short decimals (n / 10^k)"
    // for _ = 1, 100 do
    //   local n = (rand() >> 1) % 100000000
    //   local k = (rand() >> 1) % 12
    //   emit(n / 10.0 ^ k)
    // end
    //
    // out[#out + 1] = "    // xorshift64: 15-17 digit integers"
    // for _ = 1, 50 do
    //   local n = (rand() >> 1) % 90000000000000000 + 100000000000000
    //   emit(n + 0.0)
    // end
    //
    // print("const FLOAT_CASES: &[(u64, &str)] = &[")
    // print(table.concat(out, "\n"))
    // print("];")
    // print()
    // print("const INTEGER_CASES: &[(i64, &str)] = &[")
    // for _, i in ipairs{0, -1, 1, 10, -10, 123456789, math.maxinteger, math.mininteger, math.maxinteger - 1,
    //                    math.mininteger + 1, 1 << 53, -(1 << 53) - 1, 1000000000000000000} do
    //   -- i64::MIN cannot be written as a negated literal, so spell the extremes by name.
    //   local lit
    //   if i == math.mininteger then lit = "i64::MIN"
    //   elseif i == math.maxinteger then lit = "i64::MAX"
    //   else lit = tostring(i) end
    //   print(string.format("    (%s, %s),", lit, q(tostring(i))))
    // end
    // print("];")

    const FLOAT_CASES: &[(u64, &str)] = &[
        (0x0000000000000000, "0.0"),                   // 0.0
        (0x8000000000000000, "-0.0"),                  // -0.0
        (0x3ff0000000000000, "1.0"),                   // 1.0
        (0xbff0000000000000, "-1.0"),                  // -1.0
        (0x4000000000000000, "2.0"),                   // 2.0
        (0x4024000000000000, "10.0"),                  // 10.0
        (0x4059000000000000, "100.0"),                 // 100.0
        (0xc05ec00000000000, "-123.0"),                // -123.0
        (0x430c6bf526340000, "1e+15"),                 // 1e15
        (0xc30c6bf526340000, "-1e+15"),                // -1e15
        (0x4341c37937e08000, "1e+16"),                 // 1e16
        (0x4376345785d8a000, "1e+17"),                 // 1e17
        (0x43abc16d674ec800, "1e+18"),                 // 1e18
        (0x43e158e460913d00, "1e+19"),                 // 1e19
        (0x4415af1d78b58c40, "1e+20"),                 // 1e20
        (0x444b1ae4d6e2ef50, "1e+21"),                 // 1e21
        (0x4480f0cf064dd592, "1e+22"),                 // 1e22
        (0x44b52d02c7e14af6, "1e+23"),                 // 1e23
        (0x4340000000000000, "9.007199254741e+15"),    // 2^53
        (0x4340000000000000, "9.007199254741e+15"),    // 2^53 + 1
        (0xc340000000000000, "-9.007199254741e+15"),   // -(2^53)
        (0x43e0000000000000, "9.2233720368548e+18"),   // 2^63
        (0xc3e0000000000000, "-9.2233720368548e+18"),  // -(2^63)
        (0x43f0000000000000, "1.844674407371e+19"),    // 2^64
        (0x4170000000000000, "16777216.0"),            // 2^24
        (0x41e0000000000000, "2147483648.0"),          // 2^31
        (0x41f0000000000000, "4294967296.0"),          // 2^32
        (0x0000000000000001, "4.9406564584125e-324"),  // 2^-1074
        (0x0010000000000000, "2.2250738585072e-308"),  // 2^-1022
        (0x7fe0000000000000, "8.9884656743116e+307"),  // 2^1023
        (0x3fb999999999999a, "0.1"),                   // 0.1
        (0x3fc999999999999a, "0.2"),                   // 0.2
        (0x3fd3333333333333, "0.3"),                   // 0.3
        (0x3fd3333333333334, "0.3"),                   // 0.1 + 0.2
        (0xbfb999999999999a, "-0.1"),                  // -0.1
        (0x3fd5555555555555, "0.33333333333333"),      // 1/3
        (0x3fe5555555555555, "0.66666666666667"),      // 2/3
        (0xbfe5555555555555, "-0.66666666666667"),     // -2/3
        (0x3fc2492492492492, "0.14285714285714"),      // 1/7
        (0x4009249249249249, "3.1428571428571"),       // 22/7
        (0x405edd2f1a9fbe77, "123.456"),               // 123.456
        (0xc05edd2f1a9fbe77, "-123.456"),              // -123.456
        (0x400921fb54442d11, "3.1415926535898"),       // 3.14159265358979
        (0x400921fb54442d18, "3.1415926535898"),       // math.pi
        (0xc00921fb54442d18, "-3.1415926535898"),      // -math.pi
        (0x4005bf0a8b145769, "2.718281828459"),        // math.exp(1)
        (0x3ff6a09e667f3bcd, "1.4142135623731"),       // math.sqrt(2)
        (0x3fbc71c71c71c71c, "0.11111111111111"),      // 1/9
        (0x4040aaaaaaaaaaab, "33.333333333333"),       // 100/3
        (0x41e8d5d42aaaaaab, "3333333333.3333"),       // 1e10/3
        (0x3fe0000000000000, "0.5"),                   // 0.5
        (0x3ff8000000000000, "1.5"),                   // 1.5
        (0x4004000000000000, "2.5"),                   // 2.5
        (0x400c000000000000, "3.5"),                   // 3.5
        (0xbfe0000000000000, "-0.5"),                  // -0.5
        (0x3fd0000000000000, "0.25"),                  // 0.25
        (0x3fc0000000000000, "0.125"),                 // 0.125
        (0x3fb0000000000000, "0.0625"),                // 0.0625
        (0x3f50000000000000, "0.0009765625"),          // 1/1024
        (0x3fb999999999999a, "0.1"),                   // 1e-1
        (0x3f847ae147ae147b, "0.01"),                  // 1e-2
        (0x3f50624dd2f1a9fc, "0.001"),                 // 1e-3
        (0x3f1a36e2eb1c432d, "0.0001"),                // 1e-4
        (0x3ee4f8b588e368f1, "1e-05"),                 // 1e-5
        (0x3eb0c6f7a0b5ed8d, "1e-06"),                 // 1e-6
        (0x3e7ad7f29abcaf48, "1e-07"),                 // 1e-7
        (0x3ddb7cdfd9d7bdbb, "1e-10"),                 // 1e-10
        (0x3bc79ca10c924223, "1e-20"),                 // 1e-20
        (0x2b2bff2ee48e0530, "1e-100"),                // 1e-100
        (0x01a56e1fc2f8f359, "1e-300"),                // 1e-300
        (0x0031fa182c40c60d, "1e-307"),                // 1e-307
        (0x000730d67819e8d2, "1e-308"),                // 1e-308
        (0x00000000000007e8, "9.9998886718268e-321"),  // 1e-320
        (0x0000000000000001, "4.9406564584125e-324"),  // 5e-324
        (0x8000000000000001, "-4.9406564584125e-324"), // -5e-324
        (0x0010000000000000, "2.2250738585072e-308"),  // 2.2250738585072014e-308
        (0x000fffffffffffff, "2.2250738585072e-308"),  // 2.225073858507201e-308
        (0x7fefffffffffffff, "1.7976931348623e+308"),  // 1.7976931348623157e308
        (0xffefffffffffffff, "-1.7976931348623e+308"), // -1.7976931348623157e308
        (0x54b249ad2594c37d, "1e+100"),                // 1e100
        (0xd4b249ad2594c37d, "-1e+100"),               // -1e100
        (0x6974e718d7d7625a, "1e+200"),                // 1e200
        (0x7e37e43c8800759c, "1e+300"),                // 1e300
        (0x7e41eb2d66005835, "1.5e+300"),              // 1.5e300
        (0x7fe1ccf385ebc8a0, "1e+308"),                // 1e308
        (0x437b69b4ba630f35, "1.2345678901235e+17"),   // 123456789012345678
        (0x4345ee2a2eb5a5c4, "1.2345678901235e+16"),   // 12345678901234567
        (0x43118b54f22aeb00, "1.2345678901235e+15"),   // 1234567890123456
        (0x42dc12218377de40, "1.2345678901234e+14"),   // 123456789012345
        (0x42a674e79c5fe400, "12345678901234.0"),      // 12345678901234
        (0x4271f71fb04cb000, "1234567890123.0"),       // 1234567890123
        (0x42d6bcc41e8fffc0, "99999999999999.0"),      // 99999999999999
        (0x430c6bf52633fff8, "1e+15"),                 // 999999999999999
        (0x4341c37937e08000, "1e+16"),                 // 9999999999999999
        (0x4023ffffffffffe4, "10.0"),                  // 9.99999999999995
        (0x4023ffffffffffde, "9.9999999999999"),       // 9.99999999999994
        (0x4023ffffffffffe3, "9.9999999999999"),       // 9.999999999999949
        (0x4023ffffffffffe4, "10.0"),                  // 9.999999999999951
        (0x42d6bcc41e8fffe0, "1e+14"),                 // 99999999999999.5
        (0x42d6bcc41e8fffda, "99999999999999.0"),      // 99999999999999.4
        (0x42d6bcc41e8fffe6, "1e+14"),                 // 99999999999999.6
        (0x430c6bf52633ffff, "1e+15"),                 // 999999999999999.9
        (0x3f1a36e2eb1c42e3, "9.9999999999999e-05"),   // 0.000099999999999999
        (0x3f1a36e2eb1c4308, "0.0001"),                // 0.0000999999999999995
        (0x3f1a36e2eb1c4307, "9.9999999999999e-05"),   // 0.00009999999999999949
        (0x3f1a36e2eb1c4329, "0.0001"),                // 0.000099999999999999951
        (0x3f1a36e2eb1c432d, "0.0001"),                // 0.0001
        (0x3f202e85be180aa3, "0.00012345678901234"),   // 0.00012345678901234
        (0x3ee9e40930266e32, "1.234567890123e-05"),    // 0.00001234567890123
        (0x42d6bcc41e900000, "1e+14"),                 // 1e14
        (0x42a2309ce5400000, "10000000000000.0"),      // 1e13
        (0xc2d6bcc41e900000, "-1e+14"),                // -1e14
        (0x42d6bcc41e900040, "1e+14"),                 // 1e14 + 1
        (0x42d6bcc41e8fffc0, "99999999999999.0"),      // 1e14 - 1
        (0x42d6bcc41e900020, "1e+14"),                 // 1e14 + 0.5
        (0x42a2309ce5400100, "10000000000000.0"),      // 1e13 + 0.5
        (0x42a2309ce5400080, "10000000000000.0"),      // 1e13 + 0.25
        (0x426d1a94a2000400, "1000000000000.1"),       // 1e12 + 0.125
        (0x42d6bcc41e900140, "1e+14"),                 // 100000000000005
        (0x42d6bcc41e9003c0, "1.0000000000002e+14"),   // 100000000000015
        (0x42d6bcc41e900640, "1.0000000000002e+14"),   // 100000000000025
        (0x4271f71fb04cb400, "1234567890123.2"),       // 1234567890123.25
        (0x4271f71fb04cbc00, "1234567890123.8"),       // 1234567890123.75
        (0x4271f71fb04cb59a, "1234567890123.4"),       // 1234567890123.35
        (0x3fbf9add3746f4c6, "0.12345678901234"),      // 0.12345678901234
        (0x3fbf9add3746f62e, "0.12345678901234"),      // 0.123456789012345
        (0x3fbf9add3746f65f, "0.12345678901235"),      // 0.1234567890123456789
        (0x3ff00000000000e1, "1.0"),                   // 1.00000000000005
        (0x3ff00000000000e6, "1.0000000000001"),       // 1.000000000000051
        (0x3ff0000000000016, "1.0"),                   // 1.0000000000000049
        (0x3fefffffffffffd3, "1.0"),                   // 0.999999999999995
        (0x3fefffffffffffd2, "0.99999999999999"),      // 0.9999999999999949
        (0x3f0a36e2eb1c432d, "5e-05"),                 // 5e-5
        (0x3f40624dd2f1a9fc, "0.0005"),                // 5e-4
        (0x3f23a92a30553261, "0.00015"),               // 0.00015
        (0xbf23a92a30553261, "-0.00015"),              // -0.00015
        (0x4029000000000000, "12.5"),                  // 12.5
        (0x408f40020c49ba5e, "1000.001"),              // 1e3 + 0.001
        (0x40f0000800000000, "65536.5"),               // 65536.5
        (0x41effffffff00000, "4294967295.5"),          // 4294967295.5
        (0x3eea36e2eb1c432d, "1.25e-05"),              // 1.25e-5
        (0x3e8421f5f40d8376, "1.5e-07"),               // 1.5e-7
        (0x44ada56a4b0835c0, "7e+22"),                 // 7e22
        (0x44dfe185ca57c517, "6.02214076e+23"),        // 6.02214076e23
        (0x390b860bde023111, "6.62607015e-34"),        // 6.62607015e-34
        (0x3c07a4da290c1653, "1.602176634e-19"),       // 1.602176634e-19
        (0x41b1de784a000000, "299792458.0"),           // 299792458.0
        (0x43dfffffffffffff, "9.2233720368548e+18"),   // 2^63 - 1024
        (0x43d0000000000000, "4.6116860184274e+18"),   // 2^62
        (0x4330000000000000, "4.5035996273705e+15"),   // 2^52 + 0.5
        (0x432fffffffffffff, "4.5035996273705e+15"),   // 2^52 - 0.5
        (0x43e0000000000000, "9.2233720368548e+18"),   // math.maxinteger + 0.0
        (0xc3e0000000000000, "-9.2233720368548e+18"),  // math.mininteger + 0.0
        (0x430c6bf526340002, "1e+15"),                 // 1e15 + 0.3
        (0x430c6bf52633fff8, "1e+15"),                 // 1e15 - 1
        (0x4341c37937e07fff, "1e+16"),                 // 1e16 - 2
        (0xc341c37937e08000, "-1e+16"),                // -1e16
        (0x3f9eb851eb851eb8, "0.03"),                  // 0.01 * 3
        (0x3fefffffffffffff, "1.0"),                   // 1 - 2^-53
        (0x3ff0000000000001, "1.0"),                   // 1 + 2^-52
        (0x7ff0000000000000, "inf"),                   // math.huge
        (0xfff0000000000000, "-inf"),                  // -math.huge
        (0x42d6bcc41e8fffff, "1e+14"),                 // nextdown(1e14)
        (0x42d6bcc41e900001, "1e+14"),                 // nextup(1e14)
        (0x3f1a36e2eb1c432c, "0.0001"),                // nextdown(1e-4)
        (0x3f1a36e2eb1c432e, "0.0001"),                // nextup(1e-4)
        (0x430c6bf52633ffff, "1e+15"),                 // nextdown(1e15)
        (0x430c6bf526340001, "1e+15"),                 // nextup(1e15)
        (0x4341c37937e07fff, "1e+16"),                 // nextdown(1e16)
        (0x4341c37937e08001, "1e+16"),                 // nextup(1e16)
        (0x3fefffffffffffff, "1.0"),                   // nextdown(1.0)
        (0x3ff0000000000001, "1.0"),                   // nextup(1.0)
        (0x3fb9999999999999, "0.1"),                   // nextdown(0.1)
        (0x3fb999999999999b, "0.1"),                   // nextup(0.1)
        (0x433fffffffffffff, "9.007199254741e+15"),    // nextdown(2^53)
        (0x4340000000000001, "9.007199254741e+15"),    // nextup(2^53)
        (0x3ee4f8b588e368f0, "1e-05"),                 // nextdown(1e-5)
        (0x3ee4f8b588e368f2, "1e-05"),                 // nextup(1e-5)
        (0x42d6bcc41e8fffdf, "99999999999999.0"),      // nextdown(99999999999999.5)
        (0x42d6bcc41e8fffe1, "1e+14"),                 // nextup(99999999999999.5)
        (0x7ff8000000000000, "nan"),                   // from_bits(0x7ff8000000000000)
        (0xfff8000000000000, "-nan"),                  // from_bits(0xfff8000000000000)
        (0x7ff0000000000001, "nan"),                   // from_bits(0x7ff0000000000001)
        (0xfff0000000000001, "-nan"),                  // from_bits(0xfff0000000000001)
        (0x7fffffffffffffff, "nan"),                   // from_bits(0x7fffffffffffffff)
        (0xffffffffffffffff, "-nan"),                  // from_bits(0xffffffffffffffff)
        (0x7ff4000000000000, "nan"),                   // from_bits(0x7ff4000000000000)
        (0x7ff0000000000000, "inf"),                   // from_bits(0x7ff0000000000000)
        (0xfff0000000000000, "-inf"),                  // from_bits(0xfff0000000000000)
        // xorshift64: raw bit patterns
        (0x7f6c280beaa8e3e7, "6.1787871349222e+305"),
        (0xe47119871cf9abe0, "-6.76684815463e+175"),
        (0x35174a4158b8a0b7, "6.0789892011889e-53"),
        (0x62ce1ffad85b1c36, "8.8820563437107e+167"),
        (0xec83972c97b6678e, "-5.2760995618142e+214"),
        (0x0cf91633be7328c1, "3.5879597308979e-246"),
        (0x101f5e859d7dded0, "5.0513463356318e-231"),
        (0x1fd897255030916d, "2.8656824946426e-155"),
        (0x87944c6b12870b0f, "-3.7522180008689e-272"),
        (0x36ca1465c9b326d9, "9.1363532389027e-45"),
        (0x34bc346ca79ad6d4, "1.1502799758274e-54"),
        (0x34e846ab6e48d679, "7.9204319618062e-54"),
        (0x9e2c31e94344f995, "-2.4480705618824e-163"),
        (0x6f44842fb582b526, "9.7204617897093e+227"),
        (0x1ecb49baaf7839cc, "2.4261860608815e-160"),
        (0xbfc9e24f766f3abf, "-0.20221894534048"),
        (0x9bb024aec20eab0a, "-2.5496151068102e-175"),
        (0xf0362594a0f934dc, "-3.4383306360012e+232"),
        (0x453c9a34720471b5, "3.457813483408e+25"),
        (0x176ecbc97de6b416, "8.2396308048852e-196"),
        (0x58f14bd839cebcfe, "2.7914553860741e+120"),
        (0xc19903639183de07, "-104913124.37878"),
        (0xd754009e3d61b87b, "-4.810395885839e+112"),
        (0xc691944865ec05cb, "-8.9137284362747e+31"),
        (0xa678b4fb909fcf00, "-2.3359371920454e-123"),
        (0xa34d7a3fd891309e, "-1.2376652474267e-138"),
        (0x244dded04f81f57f, "8.2192555428574e-134"),
        (0x6fb49b16a3664955, "1.2496445048937e+230"),
        (0x3ae6ded47f967087, "5.9118675844883e-25"),
        (0xb3f7d04fc7a99da6, "-2.3710900297848e-58"),
        (0xe0bad7014fcf671d, "-9.2125116989001e+157"),
        (0x2d24efd06f4c9e93, "3.2118931709042e-91"),
        (0x0e44413209bbc36e, "6.0751727439991e-240"),
        (0x0f64326e25e5af68, "1.5880351326286e-234"),
        (0xc245cf6e4944be36, "-187348849289.49"),
        (0xd7cbf034a6ab7aca, "-8.6001969011082e+114"),
        (0x54ceeaebb71fdebf, "3.3812336280253e+100"),
        (0xfee0039301d5aec2, "-1.3727278409958e+303"),
        (0x71b289a50d5bf51f, "4.8284954203699e+239"),
        (0x687bfa61a575e535, "2.0423712474746e+195"),
        (0x55bcae93409ee3bf, "1.0278433880599e+105"),
        (0xf7f520ac3ea0d1b8, "-6.9760065359476e+269"),
        (0x9f2acf8b28e8fe1b, "-1.5256001573789e-158"),
        (0xfcd02b48890bc927, "-1.6135446376691e+293"),
        (0x68700f83cd257775, "1.1724088966996e+195"),
        (0x84c52cd3acba40db, "-1.11249916586e-285"),
        (0xeef13d26a85c629a, "-2.5523814490513e+226"),
        (0x4f3dbf7307f93cdf, "5.2559899664393e+73"),
        (0x094408770aee1966, "4.9702844353634e-264"),
        (0x70ab445a25f95cd4, "5.4185614954947e+234"),
        (0x99d9c81af2a51b6d, "-3.7922203039686e-184"),
        (0xe75eb9b4995d2a1b, "-8.5560832263095e+189"),
        (0xc59cfe06ef78768f, "-2.2431700462077e+27"),
        (0x6db4ff7bb92ec5a2, "2.96492965981e+220"),
        (0x8d2285fdbc0bb0a9, "-2.1194067657217e-245"),
        (0xcc166f0d689aad88, "-3.5204808637198e+58"),
        (0x5ac02f39f4f7fad3, "1.4023191234145e+129"),
        (0xe091d4f1c676c1e6, "-1.5301474547389e+157"),
        (0x3c75330a4bbc95e5, "1.8387527483388e-17"),
        (0x3e3217ed49ae358e, "4.2127129795747e-09"),
        (0x3f7c5da6aacbca65, "0.0069252500950251"),
        (0x867d41aee54264b1, "-2.0630392400927e-277"),
        (0x366d45337cf7ec38, "1.6022050827338e-46"),
        (0xe607081cc1b20de0, "-3.0582512389408e+183"),
        (0x351f3316f6f811fb, "8.1434675225827e-53"),
        (0xfeffd84f991eff18, "-5.4595445813498e+303"),
        (0x8b88fbda97bc04e6, "-4.259633393857e-253"),
        (0x0924d46247d0856f, "1.2919784325526e-264"),
        (0x09cd020658999fa5, "1.8424266461888e-261"),
        (0x0dd051f08a0fe5da, "3.8242448222394e-242"),
        (0x3f81b4838d7bcc91, "0.0086450841476789"),
        (0xc44ebca6d3903f48, "-1.1339922147061e+21"),
        (0xb7cf29bae7bdcd36, "-7.1546757990123e-40"),
        (0x59120ce9b2ff3b2c, "1.1652687246551e+121"),
        (0x513856a025858e5a, "1.8469303098864e+83"),
        (0x4e32e07812ea53c6, "5.0891838887497e+68"),
        (0x21dbbda67fe1b6e1, "1.3884857608747e-145"),
        (0x0fbe57e12637edcc, "7.6345928063417e-233"),
        (0x2b4bdfb376177117, "3.9824298313488e-100"),
        (0xc43a3c188f6ffa35, "-4.8394571466927e+20"),
        (0x3de36a3c8bcb0881, "1.4126261783285e-10"),
        (0x356370ae5cae9ed0, "1.6237179714418e-51"),
        (0xf75ba69917b077ed, "-8.9158645173776e+266"),
        (0xa8401b995ffb4c42, "-8.1761365070551e-115"),
        (0x0668a2392eabea5a, "8.6852714214976e-278"),
        (0xa3ccce6d5d5b6b0e, "-3.0962805207881e-136"),
        (0xf46e1fb800eade58, "-6.9017241477648e+252"),
        (0x6cc20eb52a5f9de4, "7.7811425979058e+215"),
        (0x281cca0893eedbdf, "1.8266324590373e-115"),
        (0x77b427cd815411a8, "4.1593865616112e+268"),
        (0xeb3a96076a71d38b, "-3.4142148324373e+208"),
        (0xa7f60afea778b2ec, "-3.4964825307101e-116"),
        (0x7d3fa92363557889, "2.0220702003369e+295"),
        (0x6c8d4d7affacd038, "7.8917613404709e+214"),
        (0x69fca06b74508798, "3.5059641772719e+202"),
        (0xa6f361a92744c097, "-4.6910369447619e-121"),
        (0x58c5b19a25848cd6, "4.3764613146925e+119"),
        (0xdeaada2c01e8704f, "-1.0729718088144e+148"),
        (0x8daedf598b20536f, "-9.0428378928312e-243"),
        (0x9d2a917faa5d2809, "-3.5199547955153e-168"),
        (0x1363a0790770b019, "2.8467127107695e-215"),
        (0xd48e2734d1237739, "-2.0610155773755e+99"),
        (0xc89d511d2195df97, "-6.3846447143478e+41"),
        (0x73f002622683f1e8, "2.8655568461757e+250"),
        (0x0f25462024198c0b, "1.0454447534936e-235"),
        (0xa6e22741e815ddd3, "-2.1968910666223e-121"),
        (0xff21a4661058e2a8, "-2.4196800332697e+304"),
        (0xb379908a24cff96d, "-9.9430590986433e-61"),
        (0x8b1dfd10c7eb9ddf, "-3.9944682097479e-255"),
        (0x009a4457d570dd24, "9.3513500304854e-306"),
        (0x7788e517d675f59e, "6.4217953485234e+267"),
        (0xfc31ffc9a9fdb9f5, "-1.7540757235426e+290"),
        (0x7488be9ecd729fc6, "2.2677072846596e+253"),
        (0xc0602e9069454b79, "-129.45512832197"),
        (0x4bc624abcef43faf, "1.0859016530223e+57"),
        (0x79d2bce81bb3dc10, "6.6431996698551e+278"),
        (0x6fd1990223a1bfa8, "4.2688641229029e+230"),
        (0x21d1ce34d5d216d7, "8.9120194854086e-146"),
        (0xec686e6a4452e73a, "-1.6449536718601e+214"),
        (0x393ddda4406ccc74, "5.7519414519498e-33"),
        (0x0d8953a19b8988ec, "1.8546068520413e-243"),
        (0x13908d934a3b20fd, "1.9207045464835e-214"),
        (0x401dadec1580c9fc, "7.4198459014756"),
        (0x2a4e064eda78376f, "6.5455981743395e-105"),
        (0x4e256ce226aefcc1, "2.8881282033996e+68"),
        (0x56b177eef434b178, "4.1025492381265e+109"),
        (0x18c95585beeb861a, "2.8430057453935e-189"),
        (0x1125eef550989796, "4.6293480312948e-226"),
        (0xc97dafb2889c8339, "-1.0592432202311e+46"),
        (0xaeca5cc8f234547f, "-2.7140436849346e-83"),
        (0x2c8f2c9ee264c317, "4.6703353694229e-94"),
        (0x5ae974d780502f51, "8.8227782054818e+129"),
        (0xb3331eb6c82f7b4f, "-4.6478088307989e-62"),
        (0xc93c8e2c6dfa1679, "-6.3680592876969e+44"),
        (0xbb60e342b1415c15, "-1.1175366508891e-22"),
        (0xee463becb82c7bed, "-1.6074074763115e+223"),
        (0x9e0811ce158b785a, "-5.2246879625265e-164"),
        (0xfcbab833f421382a, "-6.665992558976e+292"),
        (0xd49ec63edd3630da, "-4.2069575970509e+99"),
        (0x5307f9957f6d2a3b, "9.7675620047797e+91"),
        (0xd4c56be816c01eaf, "-2.3427106795404e+100"),
        (0x4a8ff39ddf9bd552, "1.4943153987402e+51"),
        (0xd4694009948bf678, "-4.3147187921898e+98"),
        (0xb96b155d24b87f94, "-4.1728665743121e-32"),
        (0xbb244e916bca6a6b, "-8.3987396578695e-24"),
        (0x2ccc62bbfe34047f, "6.8040996741817e-93"),
        (0xf75523caa32893b7, "-6.8164345756084e+266"),
        (0x0d0bf339709ccf50, "7.9949700812008e-246"),
        (0x7aab7dd8f93822ce, "7.9844652635799e+282"),
        (0x914e470c408d210b, "-2.5561934021818e-225"),
        (0x781b2e49ec771989, "3.589869043269e+270"),
        (0x7228b551eaacb5fa, "8.2377587825338e+241"),
        (0x7e6364c3d0c9d211, "6.4938822362589e+300"),
        (0xc310565a94b4e5f5, "-1.1496366673248e+15"),
        (0xadc392f132e6517e, "-3.0748979406431e-88"),
        (0xc1abc9b4a780025c, "-233101907.75002"),
        (0x76103af604341558, "4.9909503428538e+260"),
        (0xbea4a8a031762b72, "-6.1567706925843e-07"),
        (0xb4401c335eb85ba4, "-5.132992748288e-57"),
        (0x40bec1c519414213, "7873.7699166094"),
        (0x45e6b8eaa3cf2457, "5.6257764979049e+28"),
        (0xa54ad8dcfe754fdf, "-4.8413848496657e-129"),
        (0x349503df1621b280, "2.1426574150946e-55"),
        (0xec7510bbb5fb51e5, "-2.83665097525e+214"),
        (0x0b6f0e382a747e06, "1.3237098862219e-253"),
        (0x5dbdca9fe60bd77a, "3.632874191478e+143"),
        (0x3143a9889d755e54, "2.2256867866529e-71"),
        (0xfa5eaaf73902a1e8, "-2.7834221754285e+281"),
        (0xb5c7ca877eb3deab, "-1.2717618529343e-49"),
        (0x5a3945c340c073d6, "4.2768752539758e+126"),
        (0x2d65dfcf7545c6b1, "5.3691391716819e-90"),
        (0x85bb0d1480f0c17c, "-4.6570284796319e-281"),
        (0xb9b0b5ed7212fffe, "-8.2389887143155e-31"),
        (0xad63e6f5b8b4e581, "-4.8850847859118e-90"),
        (0x869fefd97a58cc0a, "-9.0081772320827e-277"),
        (0x69b4872f393a3f12, "1.5713217455858e+201"),
        (0x7d331e83f1fdcfec, "1.2210838941756e+295"),
        (0x5224c75dae764f73, "5.1668833722372e+87"),
        (0x13b66ed87f0d1f2d, "1.041190672419e-213"),
        (0xa826e55973f76e53, "-2.9054226427264e-115"),
        (0xd50772b3399f744f, "-4.1029406687553e+101"),
        (0x54701adaa476b967, "5.503976780515e+98"),
        (0x6614afb10016edd5, "5.4936384859737e+183"),
        (0x675c3e82908b154e, "7.8651362878087e+189"),
        (0x09d8dfc7f40e90e4, "3.1597442370626e-261"),
        (0xd00d35b8c3d434c5, "-4.2278370253483e+77"),
        (0xc564da15da1e0dec, "-2.0166716307359e+26"),
        (0x05b342bd227acaf7, "3.315859274536e-281"),
        (0x3340109b5a9662a2, "7.8103073930782e-62"),
        (0x8b4dd6e14821a6e7, "-3.1796798549871e-254"),
        (0x89c7b013ced0bc6a, "-1.5045220095732e-261"),
        (0xfb8ed784c5cb4792, "-1.467596215436e+287"),
        (0x467b1f653d59759d, "3.4382029030592e+31"),
        (0x0aa388258fa10036, "2.0325278215251e-257"),
        (0x94146e5313948fb6, "-6.068924456328e-212"),
        (0x799e32f4d7348b29, "6.6915893103857e+277"),
        (0xec3becf87223087f, "-2.3502847713702e+213"),
        (0xc6757d6c0854b1af, "-2.7241722277712e+31"),
        (0xf237eb257545930c, "-1.5948917203476e+242"),
        (0xc9405a526afe5b2a, "-7.2936014856659e+44"),
        // xorshift64: random mantissa, exponent 2^-20 .. 2^60, random sign
        (0xc3997693e0e02d1c, "-4.5870412306077e+17"),
        (0x3fcd7946787f7192, "0.23026352771457"),
        (0x40aa6069aa7e70e6, "3376.2063788903"),
        (0x42caf7146cd6bcac, "59297003842937.0"),
        (0x407ba282c34c90e0, "442.15692453297"),
        (0x42941391084881e2, "5518567543328.5"),
        (0xc0b774454e131c71, "-6004.2707225747"),
        (0xc09dae5c22c10c45, "-1899.5899763263"),
        (0x4132cf7b7775b223, "1232763.4666396"),
        (0xc070dcdfa5ba4b24, "-269.80460140963"),
        (0xc29baa1672765cdf, "-7604333747607.2"),
        (0x3f5d1849f3e2eae9, "0.0017758104509499"),
        (0x40c5a773f86a5f16, "11086.90601854"),
        (0xc1c1ceced8547b34, "-597532080.66001"),
        (0x41372e1e64dd5f7f, "1519134.3940029"),
        (0xc1e970e6fd5327f5, "-3414636522.5986"),
        (0xc0d3ff4608b677c3, "-20477.094281785"),
        (0x439f6372fed3c5fb, "5.6544446916759e+17"),
        (0x4288f31023475049, "3429028358378.0"),
        (0xbf8c8a87f603fb30, "-0.013936102099704"),
        (0xc0ffcf6713ae3727, "-130294.44230482"),
        (0x41d01d8e1940244c, "1081489509.0022"),
        (0xc1c7e4e37d3c826a, "-801752826.47273"),
        (0x40006591fe96742d, "2.049594868628"),
        (0x412e6ea193934122, "997200.78823284"),
        (0x40eb5f9c9507a7fe, "56060.893192127"),
        (0x3ef37c43e10ac85f, "1.8582735779212e-05"),
        (0x3f5966d3b880979b, "0.0015503947815971"),
        (0x425db273e6b61354, "510191966936.3"),
        (0xc20e2fb88e4d14a6, "-16206205385.635"),
        (0x424788f201e57801, "202163618762.94"),
        (0x4333f903f9adabd4, "5.6218200266291e+15"),
        (0xc29847198f1f1448, "-6673412638661.1"),
        (0x4384eedb423c3a10, "1.8854800034256e+17"),
        (0x3f786ce05af1a6e8, "0.0059632076146074"),
        (0x40e9f0dc7b1ec31a, "53126.890029317"),
        (0xbf661676dc5ef9ec, "-0.0026962586880181"),
        (0xc13fcbc8221b2fa1, "-2083784.1332273"),
        (0xc1a22d5dcbc1479d, "-152481509.8775"),
        (0xc2c4fa2d8ecef7d6, "-46129477426672.0"),
        (0xc1114e5419055d46, "-283541.02443453"),
        (0x431e3c378d80b8f0, "2.1276146490527e+15"),
        (0xc01078dcbed196ca, "-4.1180295768188"),
        (0xc0c2fc0c54ce4329, "-9720.096338065"),
        (0x3eb477549ccc3644, "1.2198766967149e-06"),
        (0x43ba4889d2fab456, "1.8939151825516e+18"),
        (0xc027e8c3f3987217, "-11.954619991645"),
        (0xc29c2e5813b605bd, "-7746342940033.4"),
        (0xc157302a8e8c4c3b, "-6078634.2273131"),
        (0x433a4cb17ee444d7, "7.4026746162885e+15"),
        (0xc05c8751a46ca2ad, "-114.11435804948"),
        (0xc33418ca87004849, "-5.6567576616162e+15"),
        (0x41c4d7fb0caeb22c, "699397657.36481"),
        (0x41c9b6e848616b80, "862834832.76109"),
        (0x40c29b703d791605, "9526.8768760068"),
        (0xc02e163a9dd816a3, "-15.043415959003"),
        (0xc1c5530fb8596112, "-715530096.69827"),
        (0xc0a5fba1aa77e4fe, "-2813.8157536952"),
        (0xc0978b3b7abe6e9e, "-1506.8080854182"),
        (0x40246d16d0bb6fe8, "10.213064692383"),
        (0xc0adfbf6ca1e6b31, "-3837.9820107942"),
        (0x3f0d42cd3f76c310, "5.5810822171215e-05"),
        (0x417cb44fa87362c3, "30098682.52817"),
        (0x3fca774f7360fbef, "0.20676606305821"),
        (0x40c07a11dde2bd9b, "8436.1395839144"),
        (0xc2ff9289727cfcdc, "-5.5542770668744e+14"),
        (0x3feb4866af947601, "0.85258802693323"),
        (0x40947ceba56e6c10, "1311.230123258"),
        (0xc1c8d79ab000dda1, "-833566048.00676"),
        (0x42eeac45b7b16df2, "2.6980202299685e+14"),
        (0xc213070a90782b8e, "-20430627870.043"),
        (0xc06a5889feebede9, "-210.7668451889"),
        (0x4234873216135432, "88167552531.329"),
        (0x4267c8c9279848e6, "817222991042.28"),
        (0x40e74e1fa0337334, "47728.988305783"),
        (0x430c54c3ef7ff6e3, "9.968124826744e+14"),
        (0xc361b9e8bf1f5bed, "-3.9915871153086e+16"),
        (0x3ed414a8c90304e6, "4.7876120705125e-06"),
        (0x401ae89c4befe559, "6.7271587243243"),
        (0x3f2c43f6ebca008a, "0.0002156485478686"),
        (0xc284c0a534192127, "-2852204741412.1"),
        (0x42c26332109f1c90, "40434502024761.0"),
        (0x41baca51659efee4, "449466725.62108"),
        (0xc0e0712cfb3555ad, "-33673.40566508"),
        (0xc2657cb2eedd7a2e, "-738291316459.82"),
        (0xc086aa90a3b542cc, "-725.32062474833"),
        (0xc2df8ec425da3b3f, "-1.3879214652849e+14"),
        (0xc1cee32b09797788, "-1036408338.949"),
        (0x41b8fc7e0aac4c69, "419200522.67304"),
        (0x42726bb7139228ac, "1265865144610.5"),
        (0x4304fdeec7c559f2, "7.3858769123206e+14"),
        (0xc370861ca5e07e5e, "-7.4416915640477e+16"),
        (0x43b03738d2779670, "1.1684651049266e+18"),
        (0x3efc2c5c57f2b396, "2.6868137407976e-05"),
        (0x402906021dbb4dd7, "12.511734894861"),
        (0xbfa30f8e8d6e6ed1, "-0.037228064312527"),
        (0x4048256d71b86f00, "48.292402472549"),
        (0xc12240ac92fcd1e1, "-598102.28708511"),
        (0xc0625c45c9509a62, "-146.88351884597"),
        (0x3f57107689e0df91, "0.0014077336886782"),
        // xorshift64: short decimals (n / 10^k)
        (0x4150397453333333, "4253137.3"),
        (0x410a4451d70a3d71, "215178.23"),
        (0x40741d89aaa3ad19, "321.84611"),
        (0x408a6e570a3d70a4, "845.7925"),
        (0x4181fb7bb0000000, "37711734.0"),
        (0x40570d9bf162ae4b, "92.212643"),
        (0x3fad552ed2f3a4ca, "0.057290519"),
        (0x3fe48503eb1c183a, "0.64123722"),
        (0x4162924a90000000, "9736788.5"),
        (0x4108f7efd70a3d71, "204541.98"),
        (0x40251d1dabe2717a, "10.556867"),
        (0x3f631f14ba9990d8, "0.0023341565"),
        (0x40b85a9a29c779a7, "6234.6022"),
        (0x4125d21d3851eb85, "715022.61"),
        (0x3fb05c9c857ea6f1, "0.063913138"),
        (0x40e8cb3ca3d70a3d, "50777.895"),
        (0x402e6d3ed527e521, "15.21337"),
        (0x3fdbe1061f7ecb62, "0.43560937"),
        (0x408d1f0a7c5ac472, "931.88012"),
        (0x40b903425aee6320, "6403.2592"),
        (0x3f43453688dab1f6, "0.00058808482"),
        (0x3f8c5a8e9f732af9, "0.013844599"),
        (0x4114e313cccccccd, "342212.95"),
        (0x401783741b5acf59, "5.8783726"),
        (0x40b905e8bac710cb, "6405.9091"),
        (0x4178ef66c0000000, "26146412.0"),
        (0x3fb052131d3e295b, "0.06375236"),
        (0x3fb8906f57037a91, "0.095953902"),
        (0x405602c7b890d5a6, "88.04344"),
        (0x3f807e844b70f017, "0.0080538116"),
        (0x40f0b136e147ae14, "68371.43"),
        (0x40bdb8976c8b4396, "7608.5915"),
        (0x41531ffd40000000, "5013493.0"),
        (0x40ddcafc49ba5e35, "30507.942"),
        (0x3f3d2deb0e431c2f, "0.00044524182"),
        (0x410e4f54b851eb85, "248298.59"),
        (0x404e391c10d7be98, "60.446169"),
        (0x4123ab974ccccccd, "644555.65"),
        (0x3fb7a3f5f191dbbe, "0.092345592"),
        (0x418a9b8c68000000, "55800205.0"),
        (0x3f7884d2befd76fc, "0.0059860451"),
        (0x41619a9de3333333, "9229551.1"),
        (0x412785da1999999a, "770797.05"),
        (0x3f9d5d9f0659d01a, "0.028677449"),
        (0x40163b12cc8b5e6d, "5.5576889"),
        (0x4019881beb18116f, "6.382919"),
        (0x3f39b499bfa21e7b, "0.00039223436"),
        (0x40b922ba7ef9db23, "6434.7285"),
        (0x40369e9a5ebb773a, "22.619543"),
        (0x402a5775b8130165, "13.17082"),
        (0x4010486169a76387, "4.0706841"),
        (0x3fa55b1a2cfce340, "0.04171068"),
        (0x40220e4fca42aed1, "9.0279525"),
        (0x3f4daee7c08b4e67, "0.0009058601"),
        (0x3f4acf559177a436, "0.0008181732"),
        (0x3f3f3b73e6581673, "0.00047656612"),
        (0x4019d54f0f31cc2b, "6.4583094"),
        (0x408b21a027525461, "868.2032"),
        (0x3fb5311d149f04a4, "0.082780664"),
        (0x3fb914e43515addf, "0.097975028"),
        (0x40b390e0902de00d, "5008.8772"),
        (0x40e288e8dd2f1aa0, "37959.277"),
        (0x3f847472d83495fc, "0.0099877331"),
        (0x41954c20d8000000, "89327670.0"),
        (0x412da2b4d70a3d71, "971098.42"),
        (0x404fc701c0ca600b, "63.554741"),
        (0x4082391989df1173, "583.13747"),
        (0x40c13402b020c49c, "8808.021"),
        (0x4021b4fb6c1c88cd, "8.8534807"),
        (0x3f413d7a33f8aaf7, "0.0005261275"),
        (0x417573e100000000, "22494736.0"),
        (0x4013f2f82392ac40, "4.9872747"),
        (0x3f79cac8608d7bad, "0.0062969043"),
        (0x419306ad90000000, "79801188.0"),
        (0x3f4d321beac4eae3, "0.00089098323"),
        (0x3fb114c51e82a206, "0.066723175"),
        (0x406738a6223e186a, "185.77028"),
        (0x3f41594a9d52cebe, "0.0005294432"),
        (0x40b0e88ebedfa440, "4328.5576"),
        (0x4013161ad2ea1d40, "4.7715867"),
        (0x4004143aeab7995f, "2.509878"),
        (0x416040b84ccccccd, "8521154.4"),
        (0x407b6f8fc504816f, "438.9726"),
        (0x3f4bd6b097e23049, "0.00084956763"),
        (0x4173451f50000000, "20206069.0"),
        (0x3fd45eeb9dc8526a, "0.31829348"),
        (0x4140545600000000, "2140332.0"),
        (0x406841f4f0d844d0, "194.06115"),
        (0x3fa8d05610a53627, "0.048464479"),
        (0x3fd576ead87b81ac, "0.33538314"),
        (0x40f26f7722d0e560, "75511.446"),
        (0x3fe82d4eeda3dce9, "0.7555308"),
        (0x405806260b2c83ed, "96.096072"),
        (0x4043e1dd6e04c059, "39.76457"),
        (0x402a674e65bea0ba, "13.20177"),
        (0x3fc9bbd52dc45e69, "0.2010447"),
        (0x412277245c28f5c3, "605074.18"),
        (0x40436d7b9e060fe4, "38.855335"),
        (0x3f5882f27cf969a8, "0.001496064"),
        (0x3f978c566da8829e, "0.022996283"),
        // xorshift64: 15-17 digit integers
        (0x43534bd1a6f28eaa, "2.1725553514658e+16"),
        (0x436e8a7cdf47e39a, "6.8772145823424e+16"),
        (0x435c83464f3b71ea, "3.2102549392574e+16"),
        (0x436aa04ac60bcd01, "5.9956739241306e+16"),
        (0x4322655d98c5b66a, "2.5890011251249e+15"),
        (0x4360148f08dcc1ac, "3.6209633511477e+16"),
        (0x434ac6a1264ca60c, "1.5073489658138e+16"),
        (0x43722844d1292004, "8.1773209804997e+16"),
        (0x4371a6fafad4cc18, "7.9498743749854e+16"),
        (0x4354abdea6451f38, "2.3273889179401e+16"),
        (0x4371bd82654e89c4, "7.9895077554003e+16"),
        (0x433b475890538c43, "7.6782700752764e+15"),
        (0x435157b1f09e7907, "1.9525985447306e+16"),
        (0x436e7c77c0ca8976, "6.8648824630168e+16"),
        (0x43629e8e0ee7b9e8, "4.1927060427231e+16"),
        (0x435467c34fe211de, "2.297435236285e+16"),
        (0x437172aa3784793f, "7.8578400088266e+16"),
        (0x4346b51b5b53693a, "1.2783157177144e+16"),
        (0x435f0c3d8bc18166, "3.4956731021133e+16"),
        (0x4372ef191b62f4e0, "8.5271051095724e+16"),
        (0x4367b59ea04e8a59, "5.3388938906457e+16"),
        (0x432be5823e179e44, "3.9260859607161e+15"),
        (0x43309b17fb36f49c, "4.6741269286064e+15"),
        (0x4369d8c9c657a3db, "5.8201884363399e+16"),
        (0x436e3f0f6ebdc201, "6.810867853047e+16"),
        (0x43678a46e0a025f5, "5.3007691882246e+16"),
        (0x436ec202dcdb888f, "6.9260534819341e+16"),
        (0x4353fd22e93069f0, "2.2505403761928e+16"),
        (0x434d22b0ef5ad548, "1.640183529981e+16"),
        (0x4371e377d2d53046, "8.0562854110103e+16"),
        (0x4370c34c76c96c09, "7.5493324883411e+16"),
        (0x435bd0fa4d568eb3, "3.131839131643e+16"),
        (0x4366cbd556a937c7, "5.13325330403e+16"),
        (0x4366f85754f13095, "5.1724027668563e+16"),
        (0x4367b76631a8826a, "5.3404592096154e+16"),
        (0x4341b3d6451745e5, "9.965614935215e+15"),
        (0x436276e85e9fc7fc, "4.1578319782494e+16"),
        (0x435c8a6fdc973ed0, "3.2134049579203e+16"),
        (0x4324d8134361fd68, "2.9335383903433e+15"),
        (0x435faa602e19eb3a, "3.5652217380253e+16"),
        (0x436cec77d1e132ca, "6.5130389714868e+16"),
        (0x43578832ce2e7fbf, "2.6494705012965e+16"),
        (0x4371abcdca9d832a, "7.958359936075e+16"),
        (0x43731d613a6ad810, "8.6085247785861e+16"),
        (0x434495cf0daf0a43, "1.1588432109115e+16"),
        (0x436c808b7c05f656, "6.4181087339787e+16"),
        (0x436bdd332e7f07b1, "6.2744290114682e+16"),
        (0x4371954c1e5797af, "7.9187660211059e+16"),
        (0x436fe77ae60a0f18, "7.1841914475805e+16"),
        (0x435c674784e8fee5, "3.1979424872398e+16"),
    ];

    const INTEGER_CASES: &[(i64, &str)] = &[
        (0, "0"),
        (-1, "-1"),
        (1, "1"),
        (10, "10"),
        (-10, "-10"),
        (123456789, "123456789"),
        (i64::MAX, "9223372036854775807"),
        (i64::MIN, "-9223372036854775808"),
        (9223372036854775806, "9223372036854775806"),
        (-9223372036854775807, "-9223372036854775807"),
        (9007199254740992, "9007199254740992"),
        (-9007199254740993, "-9007199254740993"),
        (1000000000000000000, "1000000000000000000"),
    ];
}
