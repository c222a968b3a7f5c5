//! The `os` library's safe subset: `clock`, `time`, `date` and `difftime`.
//!
//! Everything here is deterministic unless the host installs clocks:
//!
//! - `os.clock()` returns the host clock installed with [`VmContext::set_clock`], else a
//!   virtual clock. The VM does not count executed instructions yet (instruction budgets
//!   arrive with the sandbox), so the virtual clock reads `0.0` for now; it will advance with
//!   executed instructions once they are counted, still identically on every machine.
//! - `os.time(table)` and `os.date(format, t)` are pure calendar arithmetic in UTC (proleptic
//!   Gregorian calendar, no leap seconds), with lua5.4's field handling, ranges and messages.
//! - `os.time()` and `os.date(format)` without a time need the host's wall clock
//!   ([`VmContext::set_wall_clock`]); without one they raise `os.time: no wall clock provided
//!   by the host` / `os.date: no wall clock provided by the host`.
//!
//! Local time zones are host state, so Red Moon has none: `os.date` without the `!` prefix
//! also formats in UTC (as lua5.4 does with `TZ=UTC`; `%Z` then reads `UTC`, and `GMT` with
//! `!`, like glibc). `os.time(table)` ignores `isdst` (glibc's `mktime` would move a UTC time
//! marked `isdst = true` one hour back) and always stores `isdst = false`. Conversions are
//! those of C99 in the "C" locale, the set lua5.4 accepts (`E` and `O` modifiers included,
//! which change nothing in that locale).

use super::args::{check_bytes, check_size, set_field};
use super::base::{NativeResult, arg_error, check_integer, check_table, one};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, Value, VmContext};
use crate::shared::{MaybeSendSync, Shared};
use crate::storage::Storage;
use crate::value::float_to_integer;
use crate::value::numeral::{Number, str_to_number};

/// A host clock for `os.clock` (seconds, as a float).
pub(crate) trait ClockFn: Fn() -> f64 + MaybeSendSync {}
impl<F: Fn() -> f64 + MaybeSendSync> ClockFn for F {}

/// A host wall clock for `os.time()` (seconds since the Unix epoch).
pub(crate) trait WallClockFn: Fn() -> i64 + MaybeSendSync {}
impl<F: Fn() -> i64 + MaybeSendSync> WallClockFn for F {}

/// Host-provided services of the `os` library. The clocks are shared (immutable) by every
/// snapshot of the VM.
#[derive(Clone, Default)]
pub(crate) struct OsConfig {
    pub(crate) clock: Option<Shared<dyn ClockFn>>,
    pub(crate) wall_clock: Option<Shared<dyn WallClockFn>>,
}

impl<S: Storage> VmContext<'_, S> {
    /// Installs the clock `os.clock()` reads (seconds, as a float). Without one, `os.clock()`
    /// reads a deterministic virtual clock (see the `os` library's notes).
    ///
    /// The clock is shared by every snapshot of the VM; a clock that reads real time makes
    /// scripts that call `os.clock` nondeterministic.
    pub fn set_clock(&mut self, clock: impl Fn() -> f64 + MaybeSendSync + 'static) {
        let clock: Shared<dyn ClockFn> = Shared::new(clock);
        self.vm.os.clock = Some(clock);
    }

    /// Installs the wall clock `os.time()` and `os.date()` read when no time is given
    /// (seconds since the Unix epoch). Without one, those calls raise an error.
    ///
    /// The clock is shared by every snapshot of the VM; a clock that reads real time makes
    /// scripts that call it nondeterministic.
    pub fn set_wall_clock(&mut self, clock: impl Fn() -> i64 + MaybeSendSync + 'static) {
        let clock: Shared<dyn WallClockFn> = Shared::new(clock);
        self.vm.os.wall_clock = Some(clock);
    }

    /// Opens the safe subset of lua5.4's `os` library into the global `os`: `clock`, `time`,
    /// `date` and `difftime`.
    ///
    /// Safe for untrusted scripts: calendar arithmetic is pure and in UTC, and the only
    /// time sources are the clocks the host installs ([`set_clock`](Self::set_clock),
    /// [`set_wall_clock`](Self::set_wall_clock)). Without a wall clock, `os.time()` and
    /// `os.date()` without an explicit time raise an error; without a clock, `os.clock()`
    /// reads a virtual clock (`0.0` until the VM counts instructions).
    pub fn open_os_library(&mut self) {
        let table = self.create_table();
        macro_rules! register {
            ($($name:literal),* $(,)?) => {$(
                let f = self.create_builtin(concat!("std:os.", $name), []);
                set_field(self, table, $name, Value::Function(f));
            )*};
        }
        register!("clock", "time", "date", "difftime",);
        let globals = self.vm.globals;
        set_field(self, globals, "os", Value::Table(table));
    }
}

pub(crate) fn clock<S: Storage>(_: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let now = match &ctx.vm.os.clock {
        Some(clock) => clock(),
        None => 0.0,
    };
    Ok(one(Value::Float(now)))
}

fn wall_clock<S: Storage>(ctx: &VmContext<'_, S>, name: &str) -> Result<i64, RuntimeError> {
    match &ctx.vm.os.wall_clock {
        Some(clock) => Ok(clock()),
        None => Err(RuntimeError::Message(format!(
            "{name}: no wall clock provided by the host"
        ))),
    }
}

pub(crate) fn difftime<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let t1 = check_integer(ctx, call.args(), 1, "os.difftime")?;
    let t2 = check_integer(ctx, call.args(), 2, "os.difftime")?;
    // Exact difference, rounded once (glibc's `difftime`).
    let difference = i128::from(t1) - i128::from(t2);
    Ok(one(Value::Float(difference as f64)))
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, UTC).

/// `floor(a / b)` for `b > 0`.
fn floor_div(a: i128, b: i128) -> i128 {
    a.div_euclid(b)
}

/// Days from 1970-01-01 to `year-month-day` (`month` in 1..=12, `day` any).
fn days_from_civil(year: i128, month: i128, day: i128) -> i128 {
    // Count from March so that the leap day ends each 400-year cycle's years.
    let y = if month <= 2 { year - 1 } else { year };
    let era = floor_div(y, 400);
    let year_of_era = y - era * 400; // 0..=399
    let shifted_month = (month + 9) % 12; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` days after 1970-01-01: (year, month 1..=12, day 1..=31).
fn civil_from_days(days: i128) -> (i128, i128, i128) {
    let z = days + 719_468;
    let era = floor_div(z, 146_097);
    let day_of_era = z - era * 146_097; // 0..=146096
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i128::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn year_length(year: i64) -> i64 {
    if is_leap(year) { 366 } else { 365 }
}

/// A broken-down UTC time (C's `struct tm` with the full year).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DateTime {
    pub(crate) year: i64,
    /// 1..=12.
    pub(crate) month: i64,
    /// 1..=31.
    pub(crate) day: i64,
    pub(crate) hour: i64,
    pub(crate) min: i64,
    pub(crate) sec: i64,
    /// Day of the year, 0..=365.
    pub(crate) yday: i64,
    /// Day of the week, 0..=6, Sunday = 0.
    pub(crate) wday: i64,
}

/// Lowest and highest years a `struct tm` holds (`tm_year` is a C `int` counting from 1900).
const MIN_YEAR: i128 = i32::MIN as i128 + 1900;
const MAX_YEAR: i128 = i32::MAX as i128 + 1900;

/// The UTC date of `t` seconds since the epoch; `None` when its year does not fit a
/// `struct tm` (glibc's `gmtime` fails then).
pub(crate) fn utc_date(t: i64) -> Option<DateTime> {
    let t = i128::from(t);
    let days = floor_div(t, 86_400);
    let seconds = t - days * 86_400;
    let (year, month, day) = civil_from_days(days);
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    let yday = days - days_from_civil(year, 1, 1);
    // 1970-01-01 was a Thursday.
    let wday = (days + 4).rem_euclid(7);
    let narrow = |v: i128| v as i64; // every value is in range after the year check
    Some(DateTime {
        year: narrow(year),
        month: narrow(month),
        day: narrow(day),
        hour: narrow(seconds / 3600),
        min: narrow(seconds / 60 % 60),
        sec: narrow(seconds % 60),
        yday: narrow(yday),
        wday: narrow(wday),
    })
}

/// The broken-down fields of a date table after the `struct tm` conversion: `year` counts
/// from 1900, `month` from 0, like C's fields; any `int` value, normalized by [`normalize`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct TmFields {
    pub(crate) year: i32,
    pub(crate) month: i32,
    pub(crate) day: i32,
    pub(crate) hour: i32,
    pub(crate) min: i32,
    pub(crate) sec: i32,
}

/// `mktime` in UTC: seconds since the epoch of the (possibly out-of-range) fields, or `None`
/// when the normalized date's year does not fit a `struct tm`.
pub(crate) fn normalize(fields: TmFields) -> Option<i64> {
    let month = i128::from(fields.month);
    let year = i128::from(fields.year) + 1900 + floor_div(month, 12);
    let days = days_from_civil(year, month.rem_euclid(12) + 1, 1) + i128::from(fields.day) - 1;
    let t = days * 86_400
        + i128::from(fields.hour) * 3600
        + i128::from(fields.min) * 60
        + i128::from(fields.sec);
    let t = i64::try_from(t).ok()?;
    utc_date(t).map(|_| t)
}

/// ISO 8601 week-based year and week number (1..=53) of a date.
fn iso_week(date: &DateTime) -> (i64, i64) {
    let monday_based = (date.wday + 6) % 7;
    // Day of the year of this week's Thursday: its year is the week's year.
    let thursday = date.yday - monday_based + 3;
    if thursday < 0 {
        let previous = date.year - 1;
        (previous, (thursday + year_length(previous)) / 7 + 1)
    } else if thursday >= year_length(date.year) {
        (date.year + 1, 1)
    } else {
        (date.year, thursday / 7 + 1)
    }
}

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Conversion specifiers lua5.4 accepts with C99's `strftime` (`L_STRFTIMEC99`): single
/// letters, then the `E` and `O` modified forms.
const SINGLE_CONVERSIONS: &[u8] = b"aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
const DOUBLE_CONVERSIONS: [&[u8; 2]; 19] = [
    b"Ec", b"EC", b"Ex", b"EX", b"Ey", b"EY", b"Od", b"Oe", b"OH", b"OI", b"Om", b"OM", b"OS",
    b"Ou", b"OU", b"OV", b"Ow", b"OW", b"Oy",
];

/// The conversion letter at the start of `rest` (the text after a `%`) and its length, or
/// `None` when lua5.4 rejects it (`checkoption`).
fn conversion(rest: &[u8]) -> Option<(u8, usize)> {
    match rest {
        [first, ..] if SINGLE_CONVERSIONS.contains(first) => Some((*first, 1)),
        [first, second, ..] if DOUBLE_CONVERSIONS.contains(&&[*first, *second]) => {
            Some((*second, 2))
        }
        _ => None,
    }
}

/// A year as glibc's `strftime` computes it for `%Y`, `%C`, `%G` and `%g`: in a C `int`, so
/// the years past 2147483647 (which a `struct tm` still holds) wrap around. `%y` and `*t`
/// tables use the true year.
fn c_year(year: i64) -> i64 {
    i64::from(year as i32)
}

fn push_number(out: &mut Vec<u8>, value: i64, width: usize, pad: u8) {
    let digits = value.unsigned_abs().to_string();
    if value < 0 {
        out.push(b'-');
    }
    for _ in digits.len()..width {
        out.push(pad);
    }
    out.extend_from_slice(digits.as_bytes());
}

/// Appends the C-locale `strftime` expansion of conversion `letter` for `date`; `zone` is
/// what `%Z` prints.
fn format_conversion(out: &mut Vec<u8>, letter: u8, date: &DateTime, zone: &str) {
    let two = |out: &mut Vec<u8>, value: i64| push_number(out, value, 2, b'0');
    let weekday = WEEKDAYS[date.wday.rem_euclid(7) as usize];
    let month = MONTHS[(date.month - 1).rem_euclid(12) as usize];
    match letter {
        b'a' => out.extend_from_slice(&weekday.as_bytes()[..3]),
        b'A' => out.extend_from_slice(weekday.as_bytes()),
        b'b' | b'h' => out.extend_from_slice(&month.as_bytes()[..3]),
        b'B' => out.extend_from_slice(month.as_bytes()),
        b'c' => format_sequence(out, b"aberTY", b" ", date, zone),
        b'C' => push_number(out, c_year(date.year).div_euclid(100), 1, b'0'),
        b'd' => two(out, date.day),
        b'D' | b'x' => format_sequence(out, b"mdy", b"/", date, zone),
        b'e' => push_number(out, date.day, 2, b' '),
        b'F' => format_sequence(out, b"Ymd", b"-", date, zone),
        b'g' => two(out, c_year(iso_week(date).0).rem_euclid(100)),
        b'G' => push_number(out, c_year(iso_week(date).0), 1, b'0'),
        b'H' => two(out, date.hour),
        b'I' => two(out, (date.hour + 11) % 12 + 1),
        b'j' => push_number(out, date.yday + 1, 3, b'0'),
        b'm' => two(out, date.month),
        b'M' => two(out, date.min),
        b'n' => out.push(b'\n'),
        b'p' => out.extend_from_slice(if date.hour < 12 { b"AM" } else { b"PM" }),
        b'r' => {
            format_sequence(out, b"IMS", b":", date, zone);
            out.push(b' ');
            format_conversion(out, b'p', date, zone);
        }
        b'R' => format_sequence(out, b"HM", b":", date, zone),
        b'S' => two(out, date.sec),
        b't' => out.push(b'\t'),
        b'T' | b'X' => format_sequence(out, b"HMS", b":", date, zone),
        b'u' => push_number(out, (date.wday + 6) % 7 + 1, 1, b'0'),
        b'U' => two(out, (date.yday + 7 - date.wday) / 7),
        b'V' => two(out, iso_week(date).1),
        b'w' => push_number(out, date.wday, 1, b'0'),
        b'W' => two(out, (date.yday + 7 - (date.wday + 6) % 7) / 7),
        b'y' => two(out, date.year.rem_euclid(100)),
        b'Y' => push_number(out, c_year(date.year), 1, b'0'),
        b'z' => out.extend_from_slice(b"+0000"),
        b'Z' => out.extend_from_slice(zone.as_bytes()),
        _ => out.push(b'%'),
    }
}

/// Conversions `letters` joined by `separator`, except `%c`'s pattern
/// (`%a %b %e %H:%M:%S %Y`), which `letters == b"aberTY"` stands for.
fn format_sequence(
    out: &mut Vec<u8>,
    letters: &[u8],
    separator: &[u8],
    date: &DateTime,
    zone: &str,
) {
    if letters == b"aberTY" {
        for (i, letter) in [b'a', b'b', b'e', b'T', b'Y'].into_iter().enumerate() {
            if i > 0 {
                out.push(b' ');
            }
            format_conversion(out, letter, date, zone);
        }
        return;
    }
    for (i, &letter) in letters.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(separator);
        }
        format_conversion(out, letter, date, zone);
    }
}

/// `os.date`'s expansion of `format` (without the `!`), or the rest of the format from the
/// first invalid conversion (for lua5.4's message).
pub(crate) fn format_date(format: &[u8], date: &DateTime, zone: &str) -> Result<Vec<u8>, Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < format.len() {
        if format[i] != b'%' {
            out.push(format[i]);
            i += 1;
            continue;
        }
        let rest = &format[i + 1..];
        let Some((letter, length)) = conversion(rest) else {
            // lua5.4 prints the rest of the format as a C string.
            let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            return Err(rest[..end].to_vec());
        };
        format_conversion(&mut out, letter, date, zone);
        i += 1 + length;
    }
    Ok(out)
}

pub(crate) fn date<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let format = if args.get(0).is_nil() {
        b"%c".to_vec()
    } else {
        check_bytes(ctx, args, 1, "os.date")?
    };
    let t = if args.get(1).is_nil() {
        wall_clock(ctx, "os.date")?
    } else {
        check_integer(ctx, args, 2, "os.date")?
    };
    let (format, zone) = match format.strip_prefix(b"!") {
        Some(rest) => (rest, "GMT"),
        None => (&format[..], "UTC"),
    };
    let Some(date) = utc_date(t) else {
        return Err(RuntimeError::Message(
            "date result cannot be represented in this installation".to_owned(),
        ));
    };
    // lua5.4 compares with `strcmp`: the format ends at its first zero byte here.
    let c_string = format.split(|&b| b == 0).next().unwrap_or_default();
    if c_string == b"*t" {
        let table = ctx.create_table();
        set_date_fields(ctx, Value::Table(table), &date)?;
        return Ok(one(Value::Table(table)));
    }
    match format_date(format, &date, zone) {
        Ok(text) => {
            check_size(text.len())?;
            Ok(one(Value::String(ctx.create_string(text))))
        }
        Err(rest) => Err(arg_error(
            1,
            "os.date",
            &format!(
                "invalid conversion specifier '%{}'",
                String::from_utf8_lossy(&rest)
            ),
        )),
    }
}

/// lua5.4's `setallfields`: stores the date's fields (honouring `__newindex`).
fn set_date_fields<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    table: Value,
    date: &DateTime,
) -> Result<(), RuntimeError> {
    let fields = [
        ("year", date.year),
        ("month", date.month),
        ("day", date.day),
        ("hour", date.hour),
        ("min", date.min),
        ("sec", date.sec),
        ("yday", date.yday + 1),
        ("wday", date.wday + 1),
    ];
    for (name, value) in fields {
        let key = Value::String(ctx.create_string(name));
        ctx.new_index(table, key, Value::Integer(value))?;
    }
    let key = Value::String(ctx.create_string("isdst"));
    ctx.new_index(table, key, Value::Bool(false))
}

/// lua5.4's `getfield`: field `name` of the date table as a C `int` after subtracting
/// `delta`; `default` (when not negative) if the field is absent.
fn date_field<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    table: Value,
    name: &str,
    default: i32,
    delta: i64,
) -> Result<i32, RuntimeError> {
    let key = Value::String(ctx.create_string(name));
    let value = ctx.index(table, key)?;
    let integer = match value {
        Value::Integer(i) => Some(i),
        Value::Float(f) => float_to_integer(f),
        Value::String(s) => match str_to_number(ctx.vm.heap.string(s)?.as_bytes()) {
            Some(Number::Integer(i)) => Some(i),
            Some(Number::Float(f)) => float_to_integer(f),
            None => None,
        },
        _ => None,
    };
    match integer {
        Some(i) => {
            // `res - delta` must fit an `int`.
            i.checked_sub(delta)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(|| RuntimeError::Message(format!("field '{name}' is out-of-bound")))
        }
        None if !value.is_nil() => Err(RuntimeError::Message(format!(
            "field '{name}' is not an integer"
        ))),
        None if default < 0 => Err(RuntimeError::Message(format!(
            "field '{name}' missing in date table"
        ))),
        None => Ok(default),
    }
}

pub(crate) fn time<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    if args.get(0).is_nil() {
        return Ok(one(Value::Integer(wall_clock(ctx, "os.time")?)));
    }
    let table = Value::Table(check_table(ctx, args, 1, "os.time")?);
    let fields = TmFields {
        year: date_field(ctx, table, "year", -1, 1900)?,
        month: date_field(ctx, table, "month", -1, 1)?,
        day: date_field(ctx, table, "day", -1, 0)?,
        hour: date_field(ctx, table, "hour", 12, 0)?,
        min: date_field(ctx, table, "min", 0, 0)?,
        sec: date_field(ctx, table, "sec", 0, 0)?,
    };
    // lua5.4 reads `isdst` too (it may run an `__index` handler); Red Moon ignores its value.
    let key = Value::String(ctx.create_string("isdst"));
    ctx.index(table, key)?;
    let cannot = || {
        RuntimeError::Message("time result cannot be represented in this installation".to_owned())
    };
    let t = normalize(fields).ok_or_else(cannot)?;
    let date = utc_date(t).ok_or_else(cannot)?;
    set_date_fields(ctx, table, &date)?;
    if t == -1 {
        // `mktime`'s error value: lua5.4 cannot tell it from a failure.
        return Err(cannot());
    }
    Ok(one(Value::Integer(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn utc_date_limits() {
        let max = utc_date(67_768_036_191_676_799).expect("last second of the last year");
        assert_eq!((max.year, max.month, max.day), (2_147_485_547, 12, 31));
        assert_eq!(utc_date(67_768_036_191_676_800), None);
        let min = utc_date(-67_768_040_609_740_800).expect("first second of the first year");
        assert_eq!((min.year, min.month, min.day), (-2_147_481_748, 1, 1));
        assert_eq!(utc_date(-67_768_040_609_740_801), None);
        assert_eq!(utc_date(i64::MAX), None);
        assert_eq!(utc_date(i64::MIN), None);
    }

    #[test]
    fn normalize_extremes_never_overflow() {
        for value in [i32::MIN, -1, 0, 1, i32::MAX] {
            let fields = TmFields {
                year: value,
                month: value,
                day: value,
                hour: value,
                min: value,
                sec: value,
            };
            let _ = normalize(fields);
        }
    }

    #[test]
    fn every_conversion_is_bounded() {
        let dates = [0, -1, 67_768_036_191_676_799, -67_768_040_609_740_800];
        for t in dates {
            let date = utc_date(t).unwrap();
            for a in 0..=255u8 {
                for b in [b'c', b'd', b'y', b'z', 0, 255] {
                    let format = [b'%', a, b];
                    match format_date(&format, &date, "GMT") {
                        Ok(text) => assert!(text.len() <= 64, "{format:?}"),
                        Err(rest) => assert_eq!(rest.first(), Some(&a).filter(|&&a| a != 0)),
                    }
                }
            }
        }
    }

    #[test]
    fn invalid_conversions() {
        let date = utc_date(0).unwrap();
        assert_eq!(
            format_date(b"%Ez abc", &date, "GMT"),
            Err(b"Ez abc".to_vec())
        );
        assert_eq!(format_date(b"x%", &date, "GMT"), Err(Vec::new()));
        assert_eq!(format_date(b"%Q\0zz", &date, "GMT"), Err(b"Q".to_vec()));
        assert_eq!(
            format_date(b"%c|%Z", &date, "UTC"),
            Ok(b"Thu Jan  1 00:00:00 1970|UTC".to_vec())
        );
    }
}
