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
//! meets such a partition: every sort of at most 258 elements, and any sort whose partitions
//! stay within a 1:128 balance (with a consistent comparator and distinct elements the result
//! is the same sorted array anyway; only the arrangement of equal elements, the calls made and
//! the outcome of inconsistent comparators can differ).

use super::args::{MAX_STRING_SIZE, check_size, opt_integer, set_field};
use super::base::{NativeResult, arg_error, check_integer, one, type_error};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::float_to_integer;
use crate::value::number::{format_float, format_integer};
use crate::value::numeral::{Number, str_to_number};
use crate::value::{StringRef, TableRef};

/// `checktab` needs `__index`.
const TAB_R: u8 = 1;
/// `checktab` needs `__newindex`.
const TAB_W: u8 = 2;
/// `checktab` needs `__len`.
const TAB_L: u8 = 4;

/// Gives an error raised by the VM core (or by a function the library called) the form
/// lua5.4 gives it inside a C function: a string error object without a position. Lua error
/// objects (already positioned, or raised by `error`), yields and the VM's own failures
/// (memory, references) pass unchanged.
fn unlocated<S: Storage>(ctx: &mut VmContext<'_, S>, error: RuntimeError) -> RuntimeError {
    match error {
        RuntimeError::Lua { .. }
        | RuntimeError::Yield
        | RuntimeError::OutOfMemory
        | RuntimeError::InvalidReference { .. }
        | RuntimeError::CorruptHeap => error,
        other => ctx.string_error(other.to_string()),
    }
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

pub(crate) fn insert<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
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
                let mut table = ctx.vm.heap.table_mut(table)?;
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

pub(crate) fn remove<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
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
        let mut table = ctx.vm.heap.table_mut(table)?;
        removed = table.get_integer(pos);
        while pos < size {
            let moved = table.get_integer(pos + 1);
            table.set(Value::Integer(pos), moved)?;
            pos += 1;
        }
        table.set(Value::Integer(pos), Value::Nil)?;
    } else {
        removed = get(ctx, t, pos)?;
        // Held while metamethods run: it leaves the table before it is returned.
        ctx.keep_alive(removed);
        while pos < size {
            let moved = get(ctx, t, pos + 1)?;
            set(ctx, t, pos, moved)?;
            pos += 1;
        }
        set(ctx, t, pos, Value::Nil)?;
    }
    Ok(one(removed))
}

pub(crate) fn move_<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
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
            // The loop may run for as long as the caller asks, filling `dest` without any Lua
            // instruction in between: it answers to the memory limit itself (it holds no
            // value between iterations, so a collection here is safe).
            ctx.enforce_memory_limit()?;
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

pub(crate) fn pack<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let t = ctx.vm.heap.create_table()?;
    let n_key = Value::String(ctx.vm.heap.intern(b"n")?);
    let mut table = ctx.vm.heap.table_mut(t)?;
    // Ascending order gives the same table as lua5.4's descending stores, without moving
    // values from the hash part to the array part.
    for (i, &value) in args.iter().enumerate() {
        table.set(Value::Integer(i as i64 + 1), value)?;
    }
    table.set(n_key, Value::Integer(args.len() as i64))?;
    Ok(one(Value::Table(t)))
}

pub(crate) fn unpack<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
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
            let value = get(ctx, t, first.wrapping_add(offset as i64))?;
            // `__index` may return new objects, held only here while the next one runs.
            ctx.keep_alive(value);
            out.push_back(value);
        }
    }
    Ok(out)
}

/// Fails with [`check_size`]'s error when a string of `len` bytes would exceed `limit`.
fn check_limit(len: usize, limit: usize) -> Result<(), RuntimeError> {
    if len > limit {
        check_size(usize::MAX)
    } else {
        Ok(())
    }
}

/// Appends `value` (a string or number, converted as `lua_tolstring` does) to `out`, within
/// `limit` bytes; `false` for other values.
fn append_text<S: Storage>(
    ctx: &VmContext<'_, S>,
    value: Value,
    out: &mut Vec<u8>,
    limit: usize,
) -> Result<bool, RuntimeError> {
    let text;
    let bytes = match value {
        Value::String(s) => ctx.vm.heap.string(s)?.as_bytes(),
        Value::Integer(i) => {
            text = format_integer(i);
            text.as_bytes()
        }
        Value::Float(f) => {
            text = format_float(f);
            text.as_bytes()
        }
        _ => return Ok(false),
    };
    check_limit(out.len().saturating_add(bytes.len()), limit)?;
    out.extend_from_slice(bytes);
    Ok(true)
}

pub(crate) fn concat<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let memory = super::args::memory_limit(ctx);
    if memory < MAX_STRING_SIZE {
        // A result larger than the VM's memory limit can never be held: refused before it
        // is built.
        return concat_within(call, ctx, memory).map_err(|error| match error {
            RuntimeError::Message(text) if text == "resulting string too large" => {
                RuntimeError::OutOfMemory
            }
            other => other,
        });
    }
    concat_within(call, ctx, MAX_STRING_SIZE)
}

/// `table.concat`, failing with `resulting string too large` past `limit` bytes.
fn concat_within<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    limit: usize,
) -> NativeResult {
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
        // No metatable: raw reads, and no Lua code can run during the loop.
        let table = ctx.vm.heap.table(table)?;
        while i <= last {
            let value = table.get_integer(i);
            if !append_text(ctx, value, &mut out, limit)? {
                return Err(invalid(value, i));
            }
            if i == last {
                break;
            }
            check_limit(out.len().saturating_add(sep.len()), limit)?;
            out.extend_from_slice(&sep);
            i += 1;
        }
    } else {
        while i <= last {
            let value = get(ctx, t, i)?;
            if !append_text(ctx, value, &mut out, limit)? {
                return Err(invalid(value, i));
            }
            if i == last {
                break;
            }
            check_limit(out.len().saturating_add(sep.len()), limit)?;
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
trait SortArray {
    type Elem: Copy;
    fn get(&mut self, i: u32) -> Result<Self::Elem, RuntimeError>;
    fn set(&mut self, i: u32, value: Self::Elem) -> Result<(), RuntimeError>;
    fn less(&mut self, a: Self::Elem, b: Self::Elem) -> Result<bool, RuntimeError>;
    /// The pivot is held across the partition's comparator calls.
    fn hold_pivot(&mut self, _pivot: Self::Elem) {}
}

/// Values `Indexed` read recently and still holds; lua5.4 keeps them on its stack. The sort
/// holds at most three values at once besides the pivot.
const HELD_VALUES: usize = 6;

/// Sorting the value itself: `lua_geti`/`lua_seti`, and the comparator (or `<`).
///
/// Comparators and metamethods run Lua code, so a collection can happen mid-sort: the values
/// the sort holds outside the table (being swapped, the pivot) stay reachable in a window of
/// the VM's temporary roots (`HELD_VALUES` recent reads, then the pivot).
struct Indexed<'c, 'v, S: Storage> {
    ctx: &'c mut VmContext<'v, S>,
    target: Value,
    /// The comparator function, or nil for `<`.
    comparator: Value,
    /// Start of the window in `temp_roots`.
    roots: usize,
    /// Reads so far (the next read goes to slot `reads % HELD_VALUES`).
    reads: usize,
}

impl<'c, 'v, S: Storage> Indexed<'c, 'v, S> {
    fn new(ctx: &'c mut VmContext<'v, S>, target: Value, comparator: Value) -> Self {
        let roots = ctx.vm.temp_roots.len();
        ctx.vm.temp_roots.extend([Value::Nil; HELD_VALUES + 1]);
        Self {
            ctx,
            target,
            comparator,
            roots,
            reads: 0,
        }
    }

    fn hold(&mut self, slot: usize, value: Value) {
        if let Some(root) = self.ctx.vm.temp_roots.get_mut(self.roots + slot) {
            *root = value;
        }
    }
}

impl<S: Storage> SortArray for Indexed<'_, '_, S> {
    type Elem = Value;

    fn get(&mut self, i: u32) -> Result<Value, RuntimeError> {
        let value = get(self.ctx, self.target, i64::from(i))?;
        self.hold(self.reads % HELD_VALUES, value);
        self.reads += 1;
        Ok(value)
    }

    fn hold_pivot(&mut self, pivot: Value) {
        self.hold(HELD_VALUES, pivot);
    }

    fn set(&mut self, i: u32, value: Value) -> Result<(), RuntimeError> {
        set(self.ctx, self.target, i64::from(i), value)
    }

    fn less(&mut self, a: Value, b: Value) -> Result<bool, RuntimeError> {
        let result = match self.comparator {
            Value::Function(f) => self
                .ctx
                .call_function(f, MultiValue::from_slice(&[a, b]))
                .map(|r| r.get(0).is_truthy()),
            _ => self.ctx.less(a, b, false),
        };
        result.map_err(|e| unlocated(self.ctx, e))
    }
}

/// A copy of the elements of a plain table that are all numbers: `<` runs no Lua code, so
/// nothing can observe the table during the sort; the copy is written back afterwards.
struct CopiedNumbers<'c, 'v, S: Storage> {
    ctx: &'c mut VmContext<'v, S>,
    values: Vec<Value>,
}

impl<S: Storage> SortArray for CopiedNumbers<'_, '_, S> {
    type Elem = Value;

    fn get(&mut self, i: u32) -> Result<Value, RuntimeError> {
        slot(&mut self.values, i).copied()
    }

    fn set(&mut self, i: u32, value: Value) -> Result<(), RuntimeError> {
        *slot(&mut self.values, i)? = value;
        Ok(())
    }

    fn less(&mut self, a: Value, b: Value) -> Result<bool, RuntimeError> {
        self.ctx
            .less(a, b, false)
            .map_err(|e| unlocated(self.ctx, e))
    }
}

/// A copy of the elements of a plain table that are all strings, with their bytes (compared
/// as lua5.4 compares strings in the C locale: bytewise); written back afterwards.
struct CopiedStrings<'h> {
    values: Vec<(StringRef, &'h [u8])>,
}

impl<'h> SortArray for CopiedStrings<'h> {
    type Elem = (StringRef, &'h [u8]);

    fn get(&mut self, i: u32) -> Result<Self::Elem, RuntimeError> {
        slot(&mut self.values, i).copied()
    }

    fn set(&mut self, i: u32, value: Self::Elem) -> Result<(), RuntimeError> {
        *slot(&mut self.values, i)? = value;
        Ok(())
    }

    fn less(&mut self, a: Self::Elem, b: Self::Elem) -> Result<bool, RuntimeError> {
        Ok(a.1 < b.1)
    }
}

/// Position `i` (1-based) of a copied array.
fn slot<T>(values: &mut [T], i: u32) -> Result<&mut T, RuntimeError> {
    let index = (i as usize).wrapping_sub(1);
    values.get_mut(index).ok_or(RuntimeError::CorruptHeap)
}

fn invalid_order() -> RuntimeError {
    RuntimeError::Message("invalid order function for sorting".to_owned())
}

/// lua5.4's `partition` of `[lo, up]` (at least 4 elements) around `pivot`, which is at
/// `up - 1`; returns the pivot's final position.
fn partition<A: SortArray>(
    array: &mut A,
    lo: u32,
    up: u32,
    pivot: A::Elem,
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
            let value = array.get(i)?;
            if !array.less(value, pivot)? {
                break value;
            }
            if i == up - 1 {
                return Err(invalid_order());
            }
        };
        // Move `j` down while pivot < a[j].
        let a_j = loop {
            j = j.checked_sub(1).ok_or_else(invalid_order)?;
            let value = array.get(j)?;
            if !array.less(pivot, value)? {
                break value;
            }
            if j < i {
                return Err(invalid_order());
            }
        };
        if j < i {
            // Put the pivot in its place.
            array.set(up - 1, a_i)?;
            array.set(i, pivot)?;
            return Ok(i);
        }
        array.set(i, a_j)?;
        array.set(j, a_i)?;
    }
}

/// lua5.4's `auxsort` of `[lo, up]`: median of three, partition, recursion on the smaller
/// part (so the depth stays below 32) and a loop on the larger one.
fn auxsort<A: SortArray>(
    array: &mut A,
    mut lo: u32,
    mut up: u32,
    mut rnd: u32,
) -> Result<(), RuntimeError> {
    while lo < up {
        // Order a[lo] and a[up].
        let a_lo = array.get(lo)?;
        let a_up = array.get(up)?;
        if array.less(a_up, a_lo)? {
            array.set(lo, a_up)?;
            array.set(up, a_lo)?;
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
        let a_p = array.get(p)?;
        let a_lo = array.get(lo)?;
        if array.less(a_p, a_lo)? {
            array.set(p, a_lo)?;
            array.set(lo, a_p)?;
        } else {
            let a_up = array.get(up)?;
            if array.less(a_up, a_p)? {
                array.set(p, a_up)?;
                array.set(up, a_p)?;
            }
        }
        if up - lo == 2 {
            break;
        }
        // Move the pivot to `up - 1`.
        let pivot = array.get(p)?;
        array.hold_pivot(pivot);
        let a_up1 = array.get(up - 1)?;
        array.set(p, a_up1)?;
        array.set(up - 1, pivot)?;
        let p = partition(array, lo, up, pivot)?;
        // a[lo..p-1] <= a[p] == pivot <= a[p+1..up]; lo < p < up.
        let n;
        if p - lo < up - p {
            auxsort(array, lo, p - 1, rnd)?;
            n = p - lo;
            lo = p + 1;
        } else {
            auxsort(array, p + 1, up, rnd)?;
            n = up - p;
            up = p - 1;
        }
        if up.wrapping_sub(lo) / 128 > n {
            rnd = deterministic_pivot_seed(lo, up);
        }
    }
    Ok(())
}

/// What a plain table's elements `1..=n` are, when a copy can be sorted instead.
enum Comparable {
    Numbers(Vec<Value>),
    Strings(Vec<StringRef>),
}

/// Elements `1..=n` of a plain table when they are all numbers or all strings.
fn comparable_elements<S: Storage>(
    ctx: &VmContext<'_, S>,
    table: TableRef,
    n: u32,
) -> Result<Option<Comparable>, RuntimeError> {
    let table = ctx.vm.heap.table(table)?;
    match table.get_integer(1) {
        Value::Integer(_) | Value::Float(_) => {
            let mut values = Vec::with_capacity(n as usize);
            for i in 1..=i64::from(n) {
                let value = table.get_integer(i);
                if !matches!(value, Value::Integer(_) | Value::Float(_)) {
                    return Ok(None);
                }
                values.push(value);
            }
            Ok(Some(Comparable::Numbers(values)))
        }
        Value::String(_) => {
            let mut values = Vec::with_capacity(n as usize);
            for i in 1..=i64::from(n) {
                let Value::String(s) = table.get_integer(i) else {
                    return Ok(None);
                };
                values.push(s);
            }
            Ok(Some(Comparable::Strings(values)))
        }
        _ => Ok(None),
    }
}

/// Sorts a copy of a plain table's elements (see [`comparable_elements`]) and writes it back,
/// also after an error: the partial order is what lua5.4 leaves in the table.
fn sort_copy<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    table: TableRef,
    elements: Comparable,
    n: u32,
) -> Result<(), RuntimeError> {
    let (sorted, result): (Vec<Value>, _) = match elements {
        Comparable::Numbers(values) => {
            let mut copy = CopiedNumbers { ctx, values };
            let result = auxsort(&mut copy, 1, n, 0);
            (copy.values, result)
        }
        Comparable::Strings(refs) => {
            let heap = &ctx.vm.heap;
            let mut values = Vec::with_capacity(refs.len());
            for s in refs {
                values.push((s, heap.string(s)?.as_bytes()));
            }
            let mut copy = CopiedStrings { values };
            let result = auxsort(&mut copy, 1, n, 0);
            let sorted = copy
                .values
                .into_iter()
                .map(|(s, _)| Value::String(s))
                .collect();
            (sorted, result)
        }
    };
    let mut target = ctx.vm.heap.table_mut(table)?;
    for (i, value) in sorted.into_iter().enumerate() {
        target.set(Value::Integer(i as i64 + 1), value)?;
    }
    result
}

pub(crate) fn sort<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    const NAME: &str = "table.sort";
    let args = call.args();
    let (t, n) = aux_getn(ctx, args, NAME, TAB_R | TAB_W)?;
    if n > 1 {
        if n >= i64::from(i32::MAX) {
            return Err(arg_error(1, NAME, "array too big"));
        }
        let comparator = args.get(1);
        if !matches!(comparator, Value::Nil | Value::Function(_)) {
            return Err(type_error(ctx, args, 2, NAME, "function"));
        }
        let n = n as u32;
        if comparator.is_nil()
            && let Some(table) = plain_table(ctx, t)
            && let Some(elements) = comparable_elements(ctx, table, n)?
        {
            sort_copy(ctx, table, elements, n)?;
        } else {
            let mut array = Indexed::new(ctx, t, comparator);
            let sorted = auxsort(&mut array, 1, n, 0);
            let roots = array.roots;
            ctx.vm.temp_roots.truncate(roots);
            sorted?;
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
            ($($name:literal),* $(,)?) => {$(
                let f = self.create_builtin(concat!("std:table.", $name), []);
                set_field(self, table, $name, Value::Function(f));
            )*};
        }
        register!(
            "concat", "insert", "move", "pack", "remove", "sort", "unpack",
        );
        let globals = self.vm.globals;
        set_field(self, globals, "table", Value::Table(table));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpreter::Vm;

    /// Runs `source` in a fresh VM with the standard libraries (plus `concat_small`, a
    /// `table.concat` limited to 100 bytes) and returns its first result as a string.
    fn run(source: &str) -> String {
        let mut vm = Vm::default();
        let ctx = &mut vm.context();
        ctx.open_standard_libraries();
        let small = ctx.create_function(|call, ctx| concat_within(call, ctx, 100));
        let globals = ctx.vm.globals;
        set_field(ctx, globals, "concat_small", Value::Function(small));
        let f = ctx.load(source, "=test").expect("compiles");
        f.call::<_, String>((), ctx).expect("runs")
    }

    #[test]
    fn concat_fails_catchably_past_the_size_limit() {
        let result = run(r#"
            local ok, err = pcall(concat_small, {string.rep("x", 60), string.rep("y", 60)})
            local ok2, err2 = pcall(concat_small, {string.rep("x", 60), 1}, string.rep("-", 50))
            local exact = concat_small({string.rep("x", 50), string.rep("y", 49)}, "-")
            local proxy = setmetatable({}, {__len = function() return math.maxinteger end,
                __index = function() return "abcdefghij" end})
            local ok3, err3 = pcall(concat_small, proxy)
            return tostring(ok) .. " " .. err .. "|" .. tostring(ok2) .. " " .. err2 .. "|"
                .. #exact .. "|" .. tostring(ok3) .. " " .. err3
        "#);
        assert_eq!(
            result,
            "false resulting string too large|false resulting string too large|100|\
             false resulting string too large"
        );
    }

    /// Sorts records with many equal keys, laid out so that the first partition is as
    /// unbalanced as possible (smallest at 1, second smallest in the middle): for 2000
    /// elements (2000 - 3) / 128 > 1, so the pivot seed is re-drawn, where lua5.4 would use
    /// the clock. Returns the ids in sorted order.
    const UNBALANCED_SORT: &str = r#"
        local n = 2000
        local a = {}
        for i = 1, n do a[i] = {key = 3 + (i * 7919) % 50, id = i} end
        a[1].key, a[n // 2].key, a[n].key = 1, 2, 1000
        table.sort(a, function(x, y) return x.key < y.key end)
        local ids = {}
        for i = 1, n do
            assert(i == 1 or a[i - 1].key <= a[i].key, "not sorted")
            ids[i] = a[i].id
        end
        return table.concat(ids, ",")
    "#;

    #[test]
    fn sort_with_pivot_reseeding_is_deterministic() {
        let first = run(UNBALANCED_SORT);
        assert_eq!(first, run(UNBALANCED_SORT));
        assert!(first.starts_with("1,1000,"), "{}", &first[..20]);
    }

    #[test]
    fn pivot_seed_depends_on_the_bounds_only() {
        assert_eq!(
            deterministic_pivot_seed(3, 2000),
            deterministic_pivot_seed(3, 2000)
        );
        assert_ne!(
            deterministic_pivot_seed(3, 2000),
            deterministic_pivot_seed(4, 2000)
        );
        // `choose_pivot` stays in the middle half of the interval for any seed.
        for rnd in [0, 1, 77, u32::MAX] {
            let p = choose_pivot(100, 300, rnd);
            assert!((150..=250).contains(&p), "{p}");
        }
    }

    /// The copied fast paths (plain tables of numbers or strings, no comparator) give exactly
    /// the arrangement, errors and partial orders of the general path (the same elements
    /// behind a metatable), including equal integers and floats, NaN and unbalanced inputs.
    #[test]
    fn fast_paths_match_the_general_path() {
        let result = run(r#"
            local seed = 1
            local function rand(n)
                seed = (seed * 1103515245 + 12345) % 2147483648
                return seed % n
            end
            local out = {}
            local function render(t)
                local parts = {}
                for i = 1, #t do
                    local v = t[i]
                    parts[i] = v ~= v and "nan" or (math.type(v) or "s") .. tostring(v)
                end
                return table.concat(parts, " ")
            end
            local makers = {
                function(i) return rand(10) end,
                function(i) return rand(2) == 0 and 1 or 1.0 end,
                function(i) return rand(20) == 0 and 0 / 0 or rand(100) end,
                function(i) return "s" .. rand(30) end,
                function(i) return i end,
                function(i) return -i end,
            }
            for m, make in ipairs(makers) do
                for _, n in ipairs({2, 3, 10, 129, 300, 3000}) do
                    local plain, proxied = {}, {}
                    for i = 1, n do plain[i] = make(i); proxied[i] = plain[i] end
                    if n > 3 and m == 5 then
                        -- smallest at 1, second smallest in the middle: unbalanced
                        plain[1], plain[n // 2] = plain[n // 2], plain[1]
                        plain[2], plain[n // 2] = plain[n // 2], plain[2]
                        for i = 1, n do proxied[i] = plain[i] end
                    end
                    setmetatable(proxied, {})
                    local ok1, e1 = pcall(table.sort, plain)
                    local ok2, e2 = pcall(table.sort, proxied)
                    setmetatable(proxied, nil)
                    if ok1 ~= ok2 or e1 ~= e2 or render(plain) ~= render(proxied) then
                        out[#out + 1] = "maker " .. m .. " n " .. n .. " differs"
                    end
                end
            end
            return #out == 0 and "same" or table.concat(out, "; ")
        "#);
        assert_eq!(result, "same");
    }

    #[test]
    fn move_and_unpack_refuse_huge_ranges_without_work() {
        let result = run(r#"
            local ok1, e1 = pcall(table.unpack, {}, math.mininteger, math.maxinteger)
            local ok2, e2 = pcall(table.move, {}, 1, math.maxinteger, 2)
            local dest = {}
            table.move({}, 1, 100000, 1, dest)
            return e1 .. "|" .. e2 .. "|" .. tostring(next(dest))
        "#);
        assert_eq!(
            result,
            "too many results to unpack|bad argument #4 to 'table.move' \
             (destination wrap around)|nil"
        );
    }
}
