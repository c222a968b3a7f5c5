//! lua5.4's `table` library (`ltablib.c`): `concat`, `insert`, `move`, `pack`, `remove`,
//! `sort` and `unpack`.
//!
//! Every element access goes through `__index`/`__newindex` and every length through `__len`,
//! exactly where lua5.4 uses `lua_geti`/`lua_seti`/`luaL_len`, in the same order, so proxies
//! observe the same sequence of reads and writes. Non-table arguments are accepted when their
//! metatable provides the fields the function needs (lua5.4's `checktab`). Plain tables
//! (without a metatable) take raw fast paths where no Lua code can run, with identical
//! results.
//!
//! Errors raised by lua5.4's core while a library function runs (`attempt to compare two
//! table values`, `attempt to get length of a nil value`, a nested native's argument error)
//! carry no position, unlike the library's own `luaL_error`s: [`unlocated`] gives them that
//! form before they leave the native.
//!
//! `sort` is lua5.4's quicksort step for step (same comparisons, reads and writes, same
//! `invalid order function for sorting` points) with one deliberate difference: where lua5.4
//! re-randomizes the pivot of an unbalanced big partition with `clock()` and `time()`, Red
//! Moon uses [`deterministic_pivot_seed`], a function of the bounds, so a sort gives the same
//! result on every machine and in every replay. The two agree on every sort that never
//! meets such a partition (for instance, every sort of fewer than 100 elements, and any sort
//! whose partitions stay within a 1:128 balance).

use super::args::{check_size, opt_integer, set_field};
use super::base::{NativeResult, arg_error, check_integer, one};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::TableRef;
use crate::value::float_to_integer;
use crate::value::number::{format_float, format_integer};
use crate::value::numeral::{Number, str_to_number};

/// `checktab` needs `__index`.
const TAB_R: u8 = 1;
/// `checktab` needs `__newindex`.
const TAB_W: u8 = 2;
/// `checktab` needs `__len`.
const TAB_L: u8 = 4;

/// Gives an error raised by the VM core (or by a function the library called) the form
/// lua5.4 gives it inside a C function: a string error object without a position. Lua error
/// objects (already positioned, or raised by `error`) and yields pass unchanged.
fn unlocated<S: Storage>(ctx: &mut VmContext<'_, S>, error: RuntimeError) -> RuntimeError {
    match error {
        RuntimeError::Lua { .. } | RuntimeError::Yield => error,
        other => ctx.string_error(other.to_string()),
    }
}

/// `luaL_typeerror`: `T expected, got U`, where U honours a string `__name` metafield.
fn type_error<S: Storage>(
    ctx: &VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
    expected: &str,
) -> RuntimeError {
    let got = if n > args.len() {
        "no value".to_owned()
    } else {
        let value = args.get(n - 1);
        match ctx.metamethod(value, ctx.vm.names.name) {
            Ok(Value::String(s)) => match ctx.vm.heap.string(s) {
                Ok(s) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
                Err(_) => value.type_name().to_owned(),
            },
            _ => value.type_name().to_owned(),
        }
    };
    arg_error(n, name, &format!("{expected} expected, got {got}"))
}

/// lua5.4's `checktab`: argument `n` must be a table, or have a metatable with the raw fields
/// `what` asks for (`__index`, `__newindex`, `__len`).
fn check_tab<S: Storage>(
    ctx: &VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
    what: u8,
) -> Result<Value, RuntimeError> {
    let value = args.get(n - 1);
    if let Value::Table(_) = value {
        return Ok(value);
    }
    if let Some(metatable) = ctx.metatable_of(value)? {
        let meta = ctx.vm.heap.table(metatable)?;
        let names = &ctx.vm.names;
        let has = |flag: u8, field| what & flag == 0 || !meta.get_string(field).is_nil();
        if has(TAB_R, names.index) && has(TAB_W, names.new_index) && has(TAB_L, names.len) {
            return Ok(value);
        }
    }
    Err(type_error(ctx, args, n, name, "table"))
}

/// `luaL_len`: `#value` with `__len`, which must be an integer (or a float or string with an
/// exact integer value).
fn length<S: Storage>(ctx: &mut VmContext<'_, S>, value: Value) -> Result<i64, RuntimeError> {
    let n = ctx.length(value).map_err(|e| unlocated(ctx, e))?;
    let number = match n {
        Value::Integer(i) => Some(Number::Integer(i)),
        Value::Float(f) => Some(Number::Float(f)),
        Value::String(s) => str_to_number(ctx.vm.heap.string(s)?.as_bytes()),
        _ => None,
    };
    match number {
        Some(Number::Integer(i)) => Ok(i),
        Some(Number::Float(f)) => float_to_integer(f).ok_or_else(not_integer_length),
        None => Err(not_integer_length()),
    }
}

fn not_integer_length() -> RuntimeError {
    RuntimeError::Message("object length is not an integer".to_owned())
}

/// lua5.4's `aux_getn`: `checktab` with `__len`, then the length.
fn aux_getn<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    args: &MultiValue,
    name: &str,
    what: u8,
) -> Result<(Value, i64), RuntimeError> {
    let t = check_tab(ctx, args, 1, name, what | TAB_L)?;
    let n = length(ctx, t)?;
    Ok((t, n))
}

/// The table behind `value` when it is a table without a metatable: then every access is
/// raw and no Lua code can run during it.
fn plain_table<S: Storage>(ctx: &VmContext<'_, S>, value: Value) -> Option<TableRef> {
    match value {
        Value::Table(t) => match ctx.vm.heap.table(t) {
            Ok(table) if table.metatable().is_none() => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// `lua_geti`.
fn get<S: Storage>(ctx: &mut VmContext<'_, S>, t: Value, i: i64) -> Result<Value, RuntimeError> {
    ctx.index(t, Value::Integer(i))
        .map_err(|e| unlocated(ctx, e))
}

/// `lua_seti`.
fn set<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    t: Value,
    i: i64,
    value: Value,
) -> Result<(), RuntimeError> {
    ctx.new_index(t, Value::Integer(i), value)
        .map_err(|e| unlocated(ctx, e))
}

fn insert<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "table.insert";
    let args = call.args();
    let (t, n) = aux_getn(ctx, args, NAME, TAB_R | TAB_W)?;
    // First empty position (wrapping like lua5.4's `luaL_intop`).
    let end = n.wrapping_add(1);
    let (pos, value) = match args.len() {
        2 => (end, args.get(1)),
        3 => {
            let pos = check_integer(ctx, args, 2, NAME)?;
            // `pos` must be in [1, end].
            if (pos as u64).wrapping_sub(1) >= end as u64 {
                return Err(arg_error(2, NAME, "position out of bounds"));
            }
            if let Some(table) = plain_table(ctx, t) {
                let table = ctx.vm.heap.table_mut(table)?;
                let mut i = end;
                while i > pos {
                    let moved = table.get_integer(i - 1);
                    table.set(Value::Integer(i), moved)?;
                    i -= 1;
                }
            } else {
                let mut i = end;
                while i > pos {
                    let moved = get(ctx, t, i - 1)?;
                    set(ctx, t, i, moved)?;
                    i -= 1;
                }
            }
            (pos, args.get(2))
        }
        _ => {
            return Err(RuntimeError::Message(
                "wrong number of arguments to 'insert'".to_owned(),
            ));
        }
    };
    set(ctx, t, pos, value)?;
    Ok(MultiValue::new())
}

fn remove<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "table.remove";
    let args = call.args();
    let (t, size) = aux_getn(ctx, args, NAME, TAB_R | TAB_W)?;
    let mut pos = opt_integer(ctx, args, 2, NAME, size)?;
    // A given position must be in [1, size + 1]. lua5.4.4 reports it as argument #1.
    if pos != size && (pos as u64).wrapping_sub(1) > size as u64 {
        return Err(arg_error(1, NAME, "position out of bounds"));
    }
    let removed;
    if let Some(table) = plain_table(ctx, t) {
        let table = ctx.vm.heap.table_mut(table)?;
        removed = table.get_integer(pos);
        while pos < size {
            let moved = table.get_integer(pos + 1);
            table.set(Value::Integer(pos), moved)?;
            pos += 1;
        }
        table.set(Value::Integer(pos), Value::Nil)?;
    } else {
        removed = get(ctx, t, pos)?;
        while pos < size {
            let moved = get(ctx, t, pos + 1)?;
            set(ctx, t, pos, moved)?;
            pos += 1;
        }
        set(ctx, t, pos, Value::Nil)?;
    }
    Ok(one(removed))
}

fn move_<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "table.move";
    let args = call.args();
    let f = check_integer(ctx, args, 2, NAME)?;
    let e = check_integer(ctx, args, 3, NAME)?;
    let t = check_integer(ctx, args, 4, NAME)?;
    let dest_arg = if args.get(4).is_nil() { 1 } else { 5 };
    let source = check_tab(ctx, args, 1, NAME, TAB_R)?;
    let dest = check_tab(ctx, args, dest_arg, NAME, TAB_W)?;
    if e >= f {
        if !(f > 0 || e < i64::MAX.wrapping_add(f)) {
            return Err(arg_error(3, NAME, "too many elements to move"));
        }
        // Cannot overflow after the check above.
        let n = e.wrapping_sub(f).wrapping_add(1);
        if t > i64::MAX - n + 1 {
            return Err(arg_error(4, NAME, "destination wrap around"));
        }
        let forward = t > e
            || t <= f
            || (dest_arg != 1
                && !ctx
                    .equals(source, dest)
                    .map_err(|err| unlocated(ctx, err))?);
        let plain = plain_table(ctx, source).zip(plain_table(ctx, dest));
        // Offsets in [0, n): `f + i` and `t + i` stay in range by the checks above.
        let step = |ctx: &mut VmContext<'_, S>, i: i64| -> Result<(), RuntimeError> {
            match plain {
                Some((from, to)) => {
                    let value = ctx.vm.heap.table(from)?.get_integer(f + i);
                    ctx.vm.heap.table_mut(to)?.set(Value::Integer(t + i), value)
                }
                None => {
                    let value = get(ctx, source, f + i)?;
                    set(ctx, dest, t + i, value)
                }
            }
        };
        if forward {
            for i in 0..n {
                step(ctx, i)?;
            }
        } else {
            for i in (0..n).rev() {
                step(ctx, i)?;
            }
        }
    }
    Ok(one(dest))
}

fn pack<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = ctx.vm.heap.create_table()?;
    let n_key = Value::String(ctx.vm.heap.intern(b"n")?);
    let table = ctx.vm.heap.table_mut(t)?;
    // Ascending order gives the same table as lua5.4's descending stores, without moving
    // values from the hash part to the array part.
    for (i, &value) in args.iter().enumerate() {
        table.set(Value::Integer(i as i64 + 1), value)?;
    }
    table.set(n_key, Value::Integer(args.len() as i64))?;
    Ok(one(Value::Table(t)))
}

fn unpack<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "table.unpack";
    let args = call.args();
    let t = args.get(0);
    let first = opt_integer(ctx, args, 2, NAME, 1)?;
    let last = if args.get(2).is_nil() {
        length(ctx, t)?
    } else {
        check_integer(ctx, args, 3, NAME)?
    };
    if first > last {
        return Ok(MultiValue::new());
    }
    // Number of values minus one, without overflow.
    let n = (last as u64).wrapping_sub(first as u64);
    // lua5.4 refuses `INT_MAX` values or more, and whatever does not fit its stack (bounded
    // at 1,000,000 slots, a few of them reserved).
    let room = crate::interpreter::stack::MAX_STACK
        .saturating_sub(ctx.vm.stack.len())
        .saturating_sub(5) as u64;
    if n >= i32::MAX as u64 || n + 1 > room {
        return Err(RuntimeError::Message(
            "too many results to unpack".to_owned(),
        ));
    }
    let mut out = MultiValue::new();
    if let Some(table) = plain_table(ctx, t) {
        let table = ctx.vm.heap.table(table)?;
        for offset in 0..=n {
            out.push_back(table.get_integer(first.wrapping_add(offset as i64)));
        }
    } else {
        for offset in 0..=n {
            out.push_back(get(ctx, t, first.wrapping_add(offset as i64))?);
        }
    }
    Ok(out)
}

/// Appends `value` (a string or number, converted as `lua_tolstring` does) to `out`; `false`
/// for other values.
fn append_text<S: Storage>(
    ctx: &VmContext<'_, S>,
    value: Value,
    out: &mut Vec<u8>,
) -> Result<bool, RuntimeError> {
    match value {
        Value::String(s) => {
            let bytes = ctx.vm.heap.string(s)?.as_bytes();
            check_size(out.len().saturating_add(bytes.len()))?;
            out.extend_from_slice(bytes);
        }
        Value::Integer(i) => out.extend_from_slice(format_integer(i).as_bytes()),
        Value::Float(f) => out.extend_from_slice(format_float(f).as_bytes()),
        _ => return Ok(false),
    }
    Ok(true)
}

fn concat<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "table.concat";
    let args = call.args();
    let (t, n) = aux_getn(ctx, args, NAME, TAB_R)?;
    let sep = match args.get(1) {
        Value::Nil => Vec::new(),
        Value::String(s) => ctx.vm.heap.string(s)?.as_bytes().to_vec(),
        Value::Integer(i) => format_integer(i).into_bytes(),
        Value::Float(f) => format_float(f).into_bytes(),
        _ => return Err(type_error(ctx, args, 2, NAME, "string")),
    };
    let first = opt_integer(ctx, args, 3, NAME, 1)?;
    let last = opt_integer(ctx, args, 4, NAME, n)?;
    let mut out = Vec::new();
    let invalid = |value: Value, i: i64| {
        RuntimeError::Message(format!(
            "invalid value ({}) at index {i} in table for 'concat'",
            value.type_name()
        ))
    };
    let mut i = first;
    if let Some(table) = plain_table(ctx, t) {
        let table = ctx.vm.heap.table(table)?;
        while i <= last {
            let value = table.get_integer(i);
            if !append_text(ctx, value, &mut out)? {
                return Err(invalid(value, i));
            }
            if i == last {
                break;
            }
            check_size(out.len().saturating_add(sep.len()))?;
            out.extend_from_slice(&sep);
            i += 1;
        }
    } else {
        while i <= last {
            let value = get(ctx, t, i)?;
            if !append_text(ctx, value, &mut out)? {
                return Err(invalid(value, i));
            }
            if i == last {
                break;
            }
            check_size(out.len().saturating_add(sep.len()))?;
            out.extend_from_slice(&sep);
            i += 1;
        }
    }
    Ok(one(Value::String(ctx.vm.heap.intern(&out)?)))
}

/// Partitions below this size always use the middle element as pivot (lua5.4's `RANLIMIT`).
const RANLIMIT: u32 = 100;

/// The pivot seed used after an unbalanced partition of `[lo, up]`, in place of lua5.4's
/// `l_randomizePivot` (which mixes `clock()` and `time()`): a fixed mix of the bounds, so
/// sorting is deterministic.
fn deterministic_pivot_seed(lo: u32, up: u32) -> u32 {
    lo.wrapping_mul(0x9E37_79B9) ^ up.wrapping_mul(0x85EB_CA6B).rotate_left(16)
}

/// lua5.4's `choosePivot`: a position in the middle half of `[lo, up]` chosen by `rnd`.
fn choose_pivot(lo: u32, up: u32, rnd: u32) -> u32 {
    let r4 = (up - lo) / 4;
    rnd % (r4 * 2) + (lo + r4)
}

/// The array being sorted: 1-based positions, reads and writes in lua5.4's order, and the
/// `a < b` used.
trait SortArray<S: Storage> {
    fn get(&mut self, ctx: &mut VmContext<'_, S>, i: u32) -> Result<Value, RuntimeError>;
    fn set(&mut self, ctx: &mut VmContext<'_, S>, i: u32, value: Value)
    -> Result<(), RuntimeError>;
    fn less(
        &mut self,
        ctx: &mut VmContext<'_, S>,
        a: Value,
        b: Value,
    ) -> Result<bool, RuntimeError>;
}

/// Sorting the value itself: `lua_geti`/`lua_seti`, and the comparator (or `<`).
struct Indexed {
    target: Value,
    comparator: Value,
}

impl<S: Storage> SortArray<S> for Indexed {
    fn get(&mut self, ctx: &mut VmContext<'_, S>, i: u32) -> Result<Value, RuntimeError> {
        get(ctx, self.target, i64::from(i))
    }

    fn set(
        &mut self,
        ctx: &mut VmContext<'_, S>,
        i: u32,
        value: Value,
    ) -> Result<(), RuntimeError> {
        set(ctx, self.target, i64::from(i), value)
    }

    fn less(
        &mut self,
        ctx: &mut VmContext<'_, S>,
        a: Value,
        b: Value,
    ) -> Result<bool, RuntimeError> {
        let result = if self.comparator.is_nil() {
            ctx.less(a, b, false)
        } else {
            ctx.call_value(self.comparator, MultiValue::from_iter([a, b]))
                .map(|r| r.get(0).is_truthy())
        };
        result.map_err(|e| unlocated(ctx, e))
    }
}

/// A copy of a plain table's elements `1..=n`, all numbers or all strings (so `<` runs no
/// Lua code and nothing can observe the table during the sort); written back afterwards.
struct Copied {
    values: Vec<Value>,
}

impl<S: Storage> SortArray<S> for Copied {
    fn get(&mut self, _ctx: &mut VmContext<'_, S>, i: u32) -> Result<Value, RuntimeError> {
        let index = (i as usize).wrapping_sub(1);
        self.values
            .get(index)
            .copied()
            .ok_or(RuntimeError::CorruptHeap)
    }

    fn set(
        &mut self,
        _ctx: &mut VmContext<'_, S>,
        i: u32,
        value: Value,
    ) -> Result<(), RuntimeError> {
        let index = (i as usize).wrapping_sub(1);
        let slot = self
            .values
            .get_mut(index)
            .ok_or(RuntimeError::CorruptHeap)?;
        *slot = value;
        Ok(())
    }

    fn less(
        &mut self,
        ctx: &mut VmContext<'_, S>,
        a: Value,
        b: Value,
    ) -> Result<bool, RuntimeError> {
        ctx.less(a, b, false).map_err(|e| unlocated(ctx, e))
    }
}

fn invalid_order() -> RuntimeError {
    RuntimeError::Message("invalid order function for sorting".to_owned())
}

/// lua5.4's `partition` of `[lo, up]` (at least 4 elements) around `pivot`, which is at
/// `up - 1`; returns the pivot's final position.
fn partition<S: Storage, A: SortArray<S>>(
    array: &mut A,
    ctx: &mut VmContext<'_, S>,
    lo: u32,
    up: u32,
    pivot: Value,
) -> Result<u32, RuntimeError> {
    // Invariant: a[lo..=i] <= pivot <= a[j..=up], a[up - 1] == pivot. With any comparator
    // (even an inconsistent one) `i` stays below `up` and `j` at or above `lo`: the loops stop
    // with an error before crossing those bounds.
    let mut i = lo;
    let mut j = up - 1;
    loop {
        // Advance `i` while a[i] < pivot.
        let a_i = loop {
            i += 1;
            let value = array.get(ctx, i)?;
            if !array.less(ctx, value, pivot)? {
                break value;
            }
            if i == up - 1 {
                return Err(invalid_order());
            }
        };
        // Move `j` down while pivot < a[j].
        let a_j = loop {
            j = j.checked_sub(1).ok_or_else(invalid_order)?;
            let value = array.get(ctx, j)?;
            if !array.less(ctx, pivot, value)? {
                break value;
            }
            if j < i {
                return Err(invalid_order());
            }
        };
        if j < i {
            // Put the pivot in its place.
            array.set(ctx, up - 1, a_i)?;
            array.set(ctx, i, pivot)?;
            return Ok(i);
        }
        array.set(ctx, i, a_j)?;
        array.set(ctx, j, a_i)?;
    }
}

/// lua5.4's `auxsort` of `[lo, up]`: median of three, partition, recursion on the smaller
/// part (so the depth stays below 32) and a loop on the larger one.
fn auxsort<S: Storage, A: SortArray<S>>(
    array: &mut A,
    ctx: &mut VmContext<'_, S>,
    mut lo: u32,
    mut up: u32,
    mut rnd: u32,
) -> Result<(), RuntimeError> {
    while lo < up {
        // Order a[lo] and a[up].
        let a_lo = array.get(ctx, lo)?;
        let a_up = array.get(ctx, up)?;
        if array.less(ctx, a_up, a_lo)? {
            array.set(ctx, lo, a_up)?;
            array.set(ctx, up, a_lo)?;
        }
        if up - lo == 1 {
            break;
        }
        let p = if up - lo < RANLIMIT || rnd == 0 {
            // `lo + up` fits: both are below `i32::MAX`.
            (lo + up) / 2
        } else {
            choose_pivot(lo, up, rnd)
        };
        // Order a[p] with a[lo] and a[up].
        let a_p = array.get(ctx, p)?;
        let a_lo = array.get(ctx, lo)?;
        if array.less(ctx, a_p, a_lo)? {
            array.set(ctx, p, a_lo)?;
            array.set(ctx, lo, a_p)?;
        } else {
            let a_up = array.get(ctx, up)?;
            if array.less(ctx, a_up, a_p)? {
                array.set(ctx, p, a_up)?;
                array.set(ctx, up, a_p)?;
            }
        }
        if up - lo == 2 {
            break;
        }
        // Move the pivot to `up - 1`.
        let pivot = array.get(ctx, p)?;
        let a_up1 = array.get(ctx, up - 1)?;
        array.set(ctx, p, a_up1)?;
        array.set(ctx, up - 1, pivot)?;
        let p = partition(array, ctx, lo, up, pivot)?;
        // a[lo..p-1] <= a[p] == pivot <= a[p+1..up]; lo < p < up.
        let n;
        if p - lo < up - p {
            auxsort(array, ctx, lo, p - 1, rnd)?;
            n = p - lo;
            lo = p + 1;
        } else {
            auxsort(array, ctx, p + 1, up, rnd)?;
            n = up - p;
            up = p - 1;
        }
        if up.wrapping_sub(lo) / 128 > n {
            rnd = deterministic_pivot_seed(lo, up);
        }
    }
    Ok(())
}

/// Elements `1..=n` of a plain table when they are all numbers or all strings.
fn comparable_elements<S: Storage>(
    ctx: &VmContext<'_, S>,
    table: TableRef,
    n: u32,
) -> Result<Option<Vec<Value>>, RuntimeError> {
    let table = ctx.vm.heap.table(table)?;
    let first = table.get_integer(1);
    let numbers = matches!(first, Value::Integer(_) | Value::Float(_));
    let strings = matches!(first, Value::String(_));
    if !numbers && !strings {
        return Ok(None);
    }
    let mut values = Vec::with_capacity(n as usize);
    for i in 1..=i64::from(n) {
        let value = table.get_integer(i);
        let ok = match value {
            Value::Integer(_) | Value::Float(_) => numbers,
            Value::String(_) => strings,
            _ => false,
        };
        if !ok {
            return Ok(None);
        }
        values.push(value);
    }
    Ok(Some(values))
}

fn sort<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "table.sort";
    let args = call.args();
    let (t, n) = aux_getn(ctx, args, NAME, TAB_R | TAB_W)?;
    if n > 1 {
        if n >= i64::from(i32::MAX) {
            return Err(arg_error(1, NAME, "array too big"));
        }
        let comparator = args.get(1);
        if !comparator.is_nil() && !matches!(comparator, Value::Function(_)) {
            return Err(type_error(ctx, args, 2, NAME, "function"));
        }
        let n = n as u32;
        if comparator.is_nil()
            && let Some(table) = plain_table(ctx, t)
            && let Some(values) = comparable_elements(ctx, table, n)?
        {
            let mut copy = Copied { values };
            let result = auxsort(&mut copy, ctx, 1, n, 0);
            // Written back even after an error: the partial order is what lua5.4 leaves.
            let target = ctx.vm.heap.table_mut(table)?;
            for (i, value) in copy.values.into_iter().enumerate() {
                target.set(Value::Integer(i as i64 + 1), value)?;
            }
            result?;
        } else {
            auxsort(
                &mut Indexed {
                    target: t,
                    comparator,
                },
                ctx,
                1,
                n,
                0,
            )?;
        }
    }
    Ok(MultiValue::new())
}

impl<S: Storage> VmContext<'_, S> {
    /// Registers the `table` table (`concat`, `insert`, `move`, `pack`, `remove`, `sort`,
    /// `unpack`).
    pub fn open_table_library(&mut self) {
        let table = self.create_table();
        macro_rules! register {
            ($($name:literal => $f:expr),* $(,)?) => {$(
                let f = self.create_function($f);
                set_field(self, table, $name, Value::Function(f));
            )*};
        }
        register! {
            "concat" => concat::<S>,
            "insert" => insert::<S>,
            "move" => move_::<S>,
            "pack" => pack::<S>,
            "remove" => remove::<S>,
            "sort" => sort::<S>,
            "unpack" => unpack::<S>,
        }
        let globals = self.vm.globals;
        set_field(self, globals, "table", Value::Table(table));
    }
}
