//! lua5.4's pattern-matching functions of the `string` library: `find`, `match`, `gmatch`
//! and `gsub`, over the engine in `pattern`.
//!
//! The subject and the pattern are read in place from the heap whenever no Lua code can run
//! during the search (`find`, `match`, `gmatch`, `gsub` with a string replacement); only the
//! captures are copied out. `gsub` with a table or function replacement copies the subject
//! and the pattern once, since the callbacks need the whole VM.

use super::pattern::{Capture, Matcher, find_plain, has_no_specials};
use super::start_position;
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::stdlib::args::{check_string, opt_integer, set_field};
use crate::stdlib::base::{NativeResult, one, type_error};
use crate::storage::Storage;
use crate::value::TableRef;
use crate::value::number::{format_float, format_integer};
use smallvec::SmallVec;

/// The captures of one match, copied out of the subject (inline when short).
#[derive(Default)]
struct Captures {
    text: SmallVec<[u8; 64]>,
    items: SmallVec<[Item; 4]>,
}

#[derive(Clone, Copy)]
enum Item {
    /// `text[start..end]`.
    Text(usize, usize),
    /// A position capture.
    Position(usize),
}

impl Captures {
    /// Appends copies of the captures of the match `start..end` (with the whole match when
    /// the pattern has no captures and `whole` is set).
    fn collect(
        &mut self,
        m: &Matcher<'_>,
        start: usize,
        end: usize,
        whole: bool,
    ) -> Result<(), RuntimeError> {
        let src = m.subject();
        for i in 0..m.capture_count(whole) {
            let item = match m.capture(i, start, end)? {
                Capture::Span(a, b) => {
                    let from = self.text.len();
                    self.text.extend_from_slice(&src[a..b]);
                    Item::Text(from, self.text.len())
                }
                Capture::Position(p) => Item::Position(p),
            };
            self.items.push(item);
        }
        Ok(())
    }

    /// The captures as Lua values, appended to `out`.
    fn push_values<S: Storage>(&self, ctx: &mut VmContext<'_, S>, out: &mut MultiValue) {
        for &item in &self.items {
            let value = match item {
                Item::Text(a, b) => Value::String(ctx.create_string(&self.text[a..b])),
                Item::Position(p) => Value::Integer(p as i64),
            };
            out.push_back(value);
        }
    }
}

/// The first match at or after `init` (only at `init` when `anchored`): its bounds.
fn search(
    m: &mut Matcher<'_>,
    init: usize,
    anchored: bool,
) -> Result<Option<(usize, usize)>, RuntimeError> {
    let len = m.subject().len();
    let first = m.first_byte();
    let mut s = init;
    loop {
        if !anchored {
            s = m.next_candidate(s, first);
        }
        if let Some(end) = m.match_at(s)? {
            return Ok(Some((s, end)));
        }
        if anchored || s >= len {
            return Ok(None);
        }
        s += 1;
    }
}

/// `string.find` (`find` set) and `string.match`: lua5.4's `str_find_aux`.
fn find_aux<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>, find: bool) -> NativeResult {
    let name = if find { "string.find" } else { "string.match" };
    let args = call.args();
    let subject = check_string(ctx, args, 1, name)?;
    let pattern = check_string(ctx, args, 2, name)?;
    let init = opt_integer(ctx, args, 3, name, 1)?;
    let plain = find && args.get(3).is_truthy();
    let mut captures = Captures::default();
    let found = {
        let src = ctx.vm.heap.string(subject)?.as_bytes();
        let pat = ctx.vm.heap.string(pattern)?.as_bytes();
        let init = start_position(init, src.len()) - 1;
        if init > src.len() {
            return Ok(one(Value::Nil));
        }
        if find && (plain || has_no_specials(pat)) {
            find_plain(src, pat, init).map(|start| (start, start + pat.len()))
        } else {
            let (pat, anchored) = match pat.split_first() {
                Some((b'^', rest)) => (rest, true),
                _ => (pat, false),
            };
            let mut m = Matcher::new(src, pat);
            match search(&mut m, init, anchored)? {
                Some((start, end)) => {
                    captures.collect(&m, start, end, !find)?;
                    Some((start, end))
                }
                None => None,
            }
        }
    };
    let Some((start, end)) = found else {
        return Ok(one(Value::Nil));
    };
    let mut results = MultiValue::new();
    if find {
        results.push_back(Value::Integer(start as i64 + 1));
        results.push_back(Value::Integer(end as i64));
    }
    captures.push_values(ctx, &mut results);
    Ok(results)
}

pub(crate) fn find<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    find_aux(call, ctx, true)
}

pub(crate) fn match_<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    find_aux(call, ctx, false)
}

/// `string.gmatch(s, pattern [, init])`. The iterator's state lives in a table of the VM, so
/// that snapshots never share it: `[1]` the subject, `[2]` the pattern, `[3]` where the next
/// search starts, `[4]` true once a match ended there (lua5.4's `lastmatch`: a match is never
/// empty at the end of the previous one). A leading `^` is an ordinary character here, as in
/// lua5.4.
pub(crate) fn gmatch<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let name = "string.gmatch";
    let args = call.args();
    let subject = check_string(ctx, args, 1, name)?;
    let pattern = check_string(ctx, args, 2, name)?;
    let init = opt_integer(ctx, args, 3, name, 1)?;
    let len = ctx.vm.heap.string(subject)?.as_bytes().len();
    let init = (start_position(init, len) - 1).min(len + 1);
    let state = ctx.create_table();
    let mut table = ctx.vm.heap.table_mut(state)?;
    table.set(Value::Integer(1), Value::String(subject))?;
    table.set(Value::Integer(2), Value::String(pattern))?;
    table.set(Value::Integer(3), Value::Integer(init as i64))?;
    drop(table);
    let iterator = ctx.create_builtin("std:string.gmatch#iterator", [Value::Table(state)]);
    Ok(one(Value::Function(iterator)))
}

/// The iterator `gmatch` returns; its upvalue is the state table.
pub(crate) fn gmatch_iterator<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    match call.upvalue(0, ctx) {
        Value::Table(state) => gmatch_step(state, ctx),
        _ => Err(RuntimeError::CorruptHeap),
    }
}

/// One step of a `gmatch` iterator (lua5.4's `gmatch_aux`).
fn gmatch_step<S: Storage>(state: TableRef, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let table = ctx.vm.heap.table(state)?;
    let (Value::String(subject), Value::String(pattern), Value::Integer(position)) = (
        table.get(Value::Integer(1)),
        table.get(Value::Integer(2)),
        table.get(Value::Integer(3)),
    ) else {
        return Err(RuntimeError::CorruptHeap);
    };
    let mut s = usize::try_from(position).map_err(|_| RuntimeError::CorruptHeap)?;
    let matched_before = table.get(Value::Integer(4)).is_truthy();
    let last = if matched_before { Some(s) } else { None };
    let mut captures = Captures::default();
    let found = {
        let src = ctx.vm.heap.string(subject)?.as_bytes();
        let pat = ctx.vm.heap.string(pattern)?.as_bytes();
        let mut m = Matcher::new(src, pat);
        let first = m.first_byte();
        let mut found = None;
        while s <= src.len() {
            s = m.next_candidate(s, first);
            if let Some(end) = m.match_at(s)?
                && Some(end) != last
            {
                captures.collect(&m, s, end, true)?;
                found = Some(end);
                break;
            }
            s += 1;
        }
        found
    };
    let Some(end) = found else {
        return Ok(MultiValue::new());
    };
    let mut table = ctx.vm.heap.table_mut(state)?;
    table.set(Value::Integer(3), Value::Integer(end as i64))?;
    if !matched_before {
        table.set(Value::Integer(4), Value::Bool(true))?;
    }
    drop(table);
    let mut results = MultiValue::new();
    captures.push_values(ctx, &mut results);
    Ok(results)
}

/// Appends `bytes` to a result that may not grow beyond `limit` bytes.
fn append(out: &mut Vec<u8>, bytes: &[u8], limit: usize) -> Result<(), RuntimeError> {
    if out.len().saturating_add(bytes.len()) > limit {
        return Err(RuntimeError::Message(
            "resulting string too large".to_owned(),
        ));
    }
    out.extend_from_slice(bytes);
    Ok(())
}

/// lua5.4's `add_s`: appends the replacement string `repl` for the match `start..end`, with
/// `%0`-`%9` and `%%` expanded.
fn add_text(
    m: &Matcher<'_>,
    out: &mut Vec<u8>,
    repl: &[u8],
    start: usize,
    end: usize,
    limit: usize,
) -> Result<(), RuntimeError> {
    let src = m.subject();
    let mut rest = repl;
    while let Some(k) = rest.iter().position(|&b| b == b'%') {
        append(out, &rest[..k], limit)?;
        match rest.get(k + 1).copied().unwrap_or(0) {
            b'%' => append(out, b"%", limit)?,
            b'0' => append(out, &src[start..end], limit)?,
            c @ b'1'..=b'9' => match m.capture(usize::from(c - b'1'), start, end)? {
                Capture::Span(a, b) => append(out, &src[a..b], limit)?,
                Capture::Position(p) => append(out, format_integer(p as i64).as_bytes(), limit)?,
            },
            _ => {
                return Err(RuntimeError::Message(
                    "invalid use of '%' in replacement string".to_owned(),
                ));
            }
        }
        rest = &rest[k + 2..];
    }
    append(out, rest, limit)
}

/// lua5.4's `str_gsub` loop: replaces up to `max` matches of `pat` in `src`, each through
/// `add` (which appends the replacement and tells whether it changed anything). Returns the
/// new string, `None` when nothing changed, and the number of matches.
fn replace_all<F>(
    src: &[u8],
    pat: &[u8],
    max: i64,
    limit: usize,
    mut add: F,
) -> Result<(Option<Vec<u8>>, i64), RuntimeError>
where
    F: FnMut(&Matcher<'_>, &mut Vec<u8>, usize, usize) -> Result<bool, RuntimeError>,
{
    let (pat, anchored) = match pat.split_first() {
        Some((b'^', rest)) => (rest, true),
        _ => (pat, false),
    };
    let mut m = Matcher::new(src, pat);
    let first = if anchored { None } else { m.first_byte() };
    let mut out = Vec::new();
    let mut s = 0;
    let mut last = None;
    let mut count = 0i64;
    let mut changed = false;
    while count < max {
        match m.match_at(s)? {
            Some(end) if Some(end) != last => {
                count += 1;
                changed |= add(&m, &mut out, s, end)?;
                s = end;
                last = Some(end);
            }
            _ if s < src.len() => {
                // Copied text never exceeds the subject; the total is checked at each
                // replacement and at the end.
                let next = m.next_candidate(s + 1, first);
                out.extend_from_slice(&src[s..next]);
                s = next;
            }
            _ => break,
        }
        if anchored {
            break;
        }
    }
    if !changed {
        return Ok((None, count));
    }
    append(&mut out, &src[s..], limit)?;
    Ok((Some(out), count))
}

/// `gsub` with a string replacement, on bytes (also used by the unit tests).
fn replace_text(
    src: &[u8],
    pat: &[u8],
    repl: &[u8],
    max: i64,
    limit: usize,
) -> Result<(Option<Vec<u8>>, i64), RuntimeError> {
    let plain = !repl.contains(&b'%');
    replace_all(src, pat, max, limit, |m, out, start, end| {
        if plain {
            append(out, repl, limit)?;
        } else {
            add_text(m, out, repl, start, end, limit)?;
        }
        Ok(true)
    })
}

/// `string.gsub(s, pattern, repl [, n])`.
pub(crate) fn gsub<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    crate::stdlib::args::within_result_limit(ctx, |ctx, limit| gsub_within(&call, ctx, limit))
}

/// `string.gsub` with results bounded by `limit` bytes.
fn gsub_within<S: Storage>(
    call: &CallContext,
    ctx: &mut VmContext<'_, S>,
    limit: usize,
) -> NativeResult {
    let name = "string.gsub";
    let args = call.args();
    let subject = check_string(ctx, args, 1, name)?;
    let pattern = check_string(ctx, args, 2, name)?;
    let repl = args.get(2);
    let len = ctx.vm.heap.string(subject)?.as_bytes().len();
    let max = opt_integer(ctx, args, 4, name, (len as i64).saturating_add(1))?;
    let text = match repl {
        Value::String(r) => Some(r),
        Value::Integer(i) => Some(ctx.create_string(format_integer(i))),
        Value::Float(f) => Some(ctx.create_string(format_float(f))),
        _ => None,
    };
    let (result, count) = if let Some(repl) = text {
        let src = ctx.vm.heap.string(subject)?.as_bytes();
        let pat = ctx.vm.heap.string(pattern)?.as_bytes();
        let repl = ctx.vm.heap.string(repl)?.as_bytes();
        replace_text(src, pat, repl, max, limit)?
    } else if let Value::Table(_) | Value::Function(_) = repl {
        let src = ctx.vm.heap.string(subject)?.as_bytes().to_vec();
        let pat = ctx.vm.heap.string(pattern)?.as_bytes().to_vec();
        replace_all(&src, &pat, max, limit, |m, out, start, end| {
            add_value(ctx, m, repl, out, start, end, limit)
        })?
    } else {
        return Err(type_error(ctx, args, 3, name, "string/function/table"));
    };
    let result = match result {
        Some(bytes) => ctx.create_string(bytes),
        None => subject,
    };
    Ok(MultiValue::from_iter([
        Value::String(result),
        Value::Integer(count),
    ]))
}

/// lua5.4's `add_value` for a table or function replacement.
fn add_value<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    m: &Matcher<'_>,
    repl: Value,
    out: &mut Vec<u8>,
    start: usize,
    end: usize,
    limit: usize,
) -> Result<bool, RuntimeError> {
    let value = if let Value::Table(_) = repl {
        let key = match m.capture(0, start, end)? {
            Capture::Span(a, b) => Value::String(ctx.create_string(&m.subject()[a..b])),
            Capture::Position(p) => Value::Integer(p as i64),
        };
        ctx.index(repl, key)?
    } else {
        // The subject is a copy here, so captures become strings without an extra copy.
        let mut call_args = MultiValue::new();
        for i in 0..m.capture_count(true) {
            let value = match m.capture(i, start, end)? {
                Capture::Span(a, b) => Value::String(ctx.create_string(&m.subject()[a..b])),
                Capture::Position(p) => Value::Integer(p as i64),
            };
            call_args.push_back(value);
        }
        ctx.call_value(repl, call_args)?.get(0)
    };
    match value {
        Value::Nil | Value::Bool(false) => {
            append(out, &m.subject()[start..end], limit)?;
            return Ok(false);
        }
        Value::String(s) => append(out, ctx.vm.heap.string(s)?.as_bytes(), limit)?,
        Value::Integer(i) => append(out, format_integer(i).as_bytes(), limit)?,
        Value::Float(f) => append(out, format_float(f).as_bytes(), limit)?,
        other => {
            return Err(RuntimeError::Message(format!(
                "invalid replacement value (a {})",
                other.type_name()
            )));
        }
    }
    Ok(true)
}

/// Registers this module's functions in the `string` table.
pub(crate) fn register<S: Storage>(ctx: &mut VmContext<'_, S>, table: TableRef) {
    let functions: [(&str, &'static str); 4] = [
        ("find", "std:string.find"),
        ("match", "std:string.match"),
        ("gmatch", "std:string.gmatch"),
        ("gsub", "std:string.gsub"),
    ];
    for (name, tag) in functions {
        let f = ctx.create_builtin(tag, []);
        set_field(ctx, table, name, Value::Function(f));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpreter::Vm;
    use std::time::{Duration, Instant};

    /// Runs `source` (with the standard libraries) and returns its results as strings.
    fn run(vm: &mut Vm, source: &str) -> Result<Vec<String>, RuntimeError> {
        let ctx = &mut vm.context();
        ctx.open_standard_libraries();
        let f = ctx.load(source, "=test")?;
        let results = ctx.call_function(f, MultiValue::new())?;
        let mut out = Vec::new();
        for value in results {
            out.push(match value {
                Value::String(s) => {
                    String::from_utf8_lossy(ctx.vm.heap.string(s)?.as_bytes()).into_owned()
                }
                Value::Integer(i) => i.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Nil => "nil".to_owned(),
                other => other.type_name().to_owned(),
            });
        }
        Ok(out)
    }

    #[test]
    fn pathological_find_ends_with_pattern_too_complex() {
        let mut vm = Vm::default();
        let start = Instant::now();
        let result = run(
            &mut vm,
            "return pcall(string.find, ('a'):rep(1e5), ('a*'):rep(100)..'b')",
        );
        let elapsed = start.elapsed();
        assert_eq!(
            result.unwrap(),
            vec!["false".to_owned(), "pattern too complex".to_owned()]
        );
        // About 0.3 s in a release build; generous for debug builds on a busy machine.
        assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
    }

    #[test]
    fn pathological_gsub_and_gmatch_end_too() {
        let mut vm = Vm::default();
        let result = run(
            &mut vm,
            "local s = ('a'):rep(2e4)
             local ok1, e1 = pcall(string.gsub, s, '(.-)(.-)(.-)b', '')
             local ok2, e2 = pcall(function() for x in s:gmatch('a*a*a*a*b') do end end)
             local ok3, e3 = pcall(string.gsub, ('('):rep(3e4), '%b()', '')
             return ok1, e1, ok2, e2, ok3, e3",
        )
        .unwrap();
        assert_eq!(
            result,
            [
                "false",
                "pattern too complex",
                "false",
                "test:3: pattern too complex",
                "false",
                "pattern too complex"
            ]
        );
    }

    #[test]
    fn replacement_size_is_bounded() {
        let src = b"abcabc";
        assert_eq!(
            replace_text(src, b"b", b"xyz", 100, 10),
            Ok((Some(b"axyzcaxyzc".to_vec()), 2))
        );
        assert_eq!(
            replace_text(src, b"b", b"xyz", 100, 9).map_err(|e| e.to_string()),
            Err("resulting string too large".to_owned())
        );
        assert_eq!(
            replace_text(src, b"(b)", b"%1%1%1", 100, 9).map_err(|e| e.to_string()),
            Err("resulting string too large".to_owned())
        );
        // Copied text counts too, once something changed.
        assert_eq!(
            replace_text(b"aaaaaaaaaab", b"b", b"", 100, 5).map_err(|e| e.to_string()),
            Err("resulting string too large".to_owned())
        );
        assert_eq!(replace_text(src, b"x", b"y", 100, 0), Ok((None, 0)));
    }

    #[test]
    fn callback_replacement_size_is_bounded() {
        let mut vm = Vm::default();
        let ctx = &mut vm.context();
        ctx.open_standard_libraries();
        let make = ctx
            .load("return function(c) return c .. 'yz' end", "=test")
            .unwrap();
        let f = ctx.call_function(make, MultiValue::new()).unwrap().get(0);
        let result = replace_all(b"abab", b"b", i64::MAX, 100, |m, out, start, end| {
            add_value(ctx, m, f, out, start, end, 100)
        });
        assert_eq!(result, Ok((Some(b"abyzabyz".to_vec()), 2)));
        let result = replace_all(b"abab", b"b", i64::MAX, 7, |m, out, start, end| {
            add_value(ctx, m, f, out, start, end, 7)
        });
        assert_eq!(
            result.map_err(|e| e.to_string()),
            Err("resulting string too large".to_owned())
        );
    }

    #[test]
    fn replace_text_expansions() {
        let r = |src: &str, pat: &str, repl: &str| {
            replace_text(
                src.as_bytes(),
                pat.as_bytes(),
                repl.as_bytes(),
                i64::MAX,
                1 << 20,
            )
            .map(|(s, n)| (s.map(|s| String::from_utf8(s).unwrap()), n))
            .map_err(|e| e.to_string())
        };
        assert_eq!(
            r("hello world", "o", "0"),
            Ok((Some("hell0 w0rld".into()), 2))
        );
        assert_eq!(
            r("hello", "(l)(l)", "%2%1%0%%"),
            Ok((Some("hellll%o".into()), 1))
        );
        assert_eq!(r("abc", "", "-"), Ok((Some("-a-b-c-".into()), 4)));
        assert_eq!(r("abc", "b*", "-"), Ok((Some("-a-c-".into()), 3)));
        assert_eq!(r("abc", "()", "%1"), Ok((Some("1a2b3c4".into()), 4)));
        assert_eq!(r("aaa", "^a", "b"), Ok((Some("baa".into()), 1)));
        assert_eq!(r("abc", "x", "y"), Ok((None, 0)));
        assert_eq!(r("abc", "(a", "x"), Ok((Some("xbc".into()), 1)));
        assert_eq!(r("abc", "(a", "%1"), Err("unfinished capture".into()));
        assert_eq!(
            r("abc", "b", "%"),
            Err("invalid use of '%' in replacement string".into())
        );
        assert_eq!(r("abc", "b", "%2"), Err("invalid capture index %2".into()));
        assert_eq!(r("abc", "x", "%"), Ok((None, 0)));
    }

    #[test]
    fn gmatch_state_is_per_snapshot() {
        let mut vm = Vm::default();
        let first = run(&mut vm, "it = string.gmatch('a b c', '%a') return it()").unwrap();
        assert_eq!(first, ["a"]);
        let snapshot = vm.clone();
        assert_eq!(run(&mut vm, "return it()").unwrap(), ["b"]);
        assert_eq!(run(&mut vm, "return it()").unwrap(), ["c"]);
        assert_eq!(run(&mut vm, "return it()").unwrap(), Vec::<String>::new());
        let mut restored = snapshot.clone();
        assert_eq!(run(&mut restored, "return it()").unwrap(), ["b"]);
        let mut other = snapshot;
        assert_eq!(run(&mut other, "return it(), it()").unwrap(), ["b", "c"]);
    }
}
