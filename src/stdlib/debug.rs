//! The safe subset of lua5.4's `debug` library (`ldblib.c`): `traceback`, `getinfo`,
//! `getmetatable`, `setmetatable`, `getregistry`, and count hooks (`sethook`, `gethook`).
//!
//! Nothing here reads or writes another function's locals or upvalues, so scripts cannot
//! break the encapsulation of host-provided closures.

use super::args::{check_any, set_field};
use super::base::{NativeResult, arg_error, check_integer, one, type_error};
use crate::compiler::chunk_id;
use crate::errors::RuntimeError;
use crate::heap::Cont;
use crate::interpreter::debug_info::{Callee, Caller, TracebackFrame, function_name};
use crate::interpreter::index::basic_type_slot;
use crate::interpreter::traceback::StackLevel;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::storage::Storage;
use crate::value::{CoroutineRef, FunctionRef, TableRef};

/// Splits an optional leading thread argument off (`debug.traceback([thread,] ...)`).
fn thread_argument(args: &MultiValue) -> (Option<CoroutineRef>, usize) {
    match args.get(0) {
        Value::Coroutine(co) => (Some(co), 1),
        _ => (None, 0),
    }
}

/// The levels of `thread` (the running one when `None`), innermost first. A suspended
/// coroutine's level 0 is the native it yielded from (`coroutine.yield`), as in lua5.4.
fn thread_levels<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    thread: Option<CoroutineRef>,
) -> Result<Vec<StackLevel>, RuntimeError> {
    let yielded_from = match thread.filter(|&co| Some(co) != ctx.vm.current) {
        Some(co) if ctx.vm.main_thread != Some(co) => {
            match ctx.vm.heap.coroutine(co)?.state.conts.first() {
                Some(&Cont::NativeCall { func, .. }) => Some(func),
                _ => None,
            }
        }
        _ => None,
    };
    ctx.inspect_thread(thread, |ctx| {
        let mut levels = ctx.stack_levels();
        if let Some(func) = yielded_from
            && let Some(Value::Function(function)) = ctx.vm.stack.get(func as usize).copied()
        {
            levels.insert(
                0,
                StackLevel {
                    function: Some(function),
                    lua_frame: None,
                    caller: ctx.vm.frames.len().checked_sub(1),
                    tail_call: false,
                },
            );
        }
        levels
    })
}

/// `debug.traceback([thread,] [message [, level]])`.
pub(crate) fn traceback<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let (thread, shift) = thread_argument(args);
    let message = args.get(shift);
    let text = match message {
        Value::Nil => None,
        Value::String(s) => {
            Some(String::from_utf8_lossy(ctx.vm.heap.string(s)?.as_bytes()).into_owned())
        }
        Value::Integer(_) | Value::Float(_) => Some(
            crate::stdlib::base::to_display(ctx, message)
                .map(|b| String::from_utf8_lossy(&b).into_owned())?,
        ),
        // lua5.4 returns a non-string message untouched.
        other => return Ok(one(other)),
    };
    let foreign = thread.is_some_and(|co| Some(co) != ctx.vm.current);
    let default_level = if foreign { 0 } else { 1 };
    let level = if args.get(shift + 1).is_nil() {
        default_level
    } else {
        check_integer(ctx, args, shift + 2, "debug.traceback")?
    };
    let on_main = if foreign {
        ctx.vm.main_thread == thread
    } else {
        ctx.vm.current.is_none()
    };
    let levels = thread_levels(ctx, thread)?;
    let count = levels.len();
    let first = usize::try_from(level).unwrap_or(usize::MAX);
    let levels = levels.get(first..).unwrap_or_default().to_vec();
    let mut frames = ctx.inspect_thread(thread, |ctx| ctx.frames_of(levels))?;
    if on_main && first <= count {
        // The host that called into Lua (lua.c's `pmain`, a C function).
        frames.push(TracebackFrame::new(
            Callee::Native,
            None,
            Caller::Native,
            false,
            None,
        ));
    }
    let text = crate::interpreter::debug_info::traceback(text.as_deref(), &frames);
    Ok(one(Value::String(ctx.create_string(text))))
}

/// What `debug.getinfo` describes: a running level or a function value.
struct Subject {
    function: Value,
    level: Option<StackLevel>,
}

/// `debug.getinfo([thread,] f [, what])`.
pub(crate) fn getinfo<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let (thread, shift) = thread_argument(args);
    let what = match args.get(shift + 1) {
        Value::Nil => b"flnSrtu".to_vec(),
        Value::String(s) => ctx.vm.heap.string(s)?.as_bytes().to_vec(),
        _ => return Err(type_error(ctx, args, shift + 2, "debug.getinfo", "string")),
    };
    if what.first() == Some(&b'>') {
        return Err(arg_error(shift + 2, "debug.getinfo", "invalid option '>'"));
    }
    if what.iter().any(|c| !b"SlnrutfL".contains(c)) {
        return Err(arg_error(shift + 2, "debug.getinfo", "invalid option"));
    }
    let subject = match args.get(shift) {
        Value::Function(f) => Subject {
            function: Value::Function(f),
            level: None,
        },
        _ => {
            let level = check_integer(ctx, args, shift + 1, "debug.getinfo")?;
            // Level 0 is `getinfo` itself on the running thread.
            let levels = thread_levels(ctx, thread)?;
            let Some(found) = usize::try_from(level).ok().and_then(|l| levels.get(l)) else {
                return Ok(one(Value::Nil));
            };
            Subject {
                function: found.function.map_or(Value::Nil, Value::Function),
                level: Some(*found),
            }
        }
    };
    ctx.inspect_thread(thread, |ctx| describe(ctx, &subject, &what))?
}

/// Builds `getinfo`'s result table.
fn describe<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    subject: &Subject,
    what: &[u8],
) -> NativeResult {
    let proto = match subject.function {
        Value::Function(f) => ctx.lua_proto(f)?,
        _ => None,
    };
    let table = ctx.create_table();
    let set =
        |ctx: &mut VmContext<'_, S>, name: &str, value: Value| set_field(ctx, table, name, value);
    let string = |ctx: &mut VmContext<'_, S>, text: &[u8]| Value::String(ctx.create_string(text));
    for &option in what {
        match option {
            b'S' => match &proto {
                Some(proto) => {
                    let source = string(ctx, &proto.source);
                    set(ctx, "source", source);
                    let short = string(ctx, chunk_id(&proto.source).as_bytes());
                    set(ctx, "short_src", short);
                    let main = proto.line_defined == 0;
                    set(
                        ctx,
                        "linedefined",
                        Value::Integer(i64::from(proto.line_defined)),
                    );
                    let last = if main { 0 } else { proto.last_line_defined };
                    set(ctx, "lastlinedefined", Value::Integer(i64::from(last)));
                    let kind = string(ctx, if main { b"main" } else { b"Lua" });
                    set(ctx, "what", kind);
                }
                None => {
                    let source = string(ctx, b"=[C]");
                    set(ctx, "source", source);
                    let short = string(ctx, b"[C]");
                    set(ctx, "short_src", short);
                    set(ctx, "linedefined", Value::Integer(-1));
                    set(ctx, "lastlinedefined", Value::Integer(-1));
                    let kind = string(ctx, b"C");
                    set(ctx, "what", kind);
                }
            },
            b'l' => {
                let line = subject
                    .level
                    .and_then(|level| level.lua_frame)
                    .and_then(|index| {
                        let frame = &ctx.vm.frames[index];
                        let pc = (frame.pc as usize).saturating_sub(1);
                        frame.closure.proto.proto.lines.get(pc).copied()
                    })
                    .map_or(-1, i64::from);
                set(ctx, "currentline", Value::Integer(line));
            }
            b'u' => {
                let (nups, nparams, vararg) = match &proto {
                    Some(proto) => (proto.upvalues.len(), proto.num_params, proto.is_vararg),
                    None => (0, 0, true),
                };
                set(ctx, "nups", Value::Integer(nups as i64));
                set(ctx, "nparams", Value::Integer(i64::from(nparams)));
                set(ctx, "isvararg", Value::Bool(vararg));
            }
            b'n' => {
                let name = subject.level.and_then(|level| {
                    let frame = &ctx.vm.frames[level.caller?];
                    function_name(
                        Caller::Lua {
                            proto: &frame.closure.proto.proto,
                            pc: (frame.pc as usize).saturating_sub(1),
                        },
                        level.tail_call,
                    )
                });
                match name {
                    Some(name) => {
                        let text = string(ctx, &name.name);
                        set(ctx, "name", text);
                        let kind = string(ctx, name.kind.as_str().as_bytes());
                        set(ctx, "namewhat", kind);
                    }
                    None => {
                        let empty = string(ctx, b"");
                        set(ctx, "namewhat", empty);
                    }
                }
            }
            b't' => {
                let tail = subject.level.is_some_and(|level| level.tail_call);
                set(ctx, "istailcall", Value::Bool(tail));
            }
            b'r' => {
                set(ctx, "ftransfer", Value::Integer(0));
                set(ctx, "ntransfer", Value::Integer(0));
            }
            b'f' => set(ctx, "func", subject.function),
            b'L' => {
                if let Some(proto) = &proto {
                    let lines = ctx.create_table();
                    // lua5.4 leaves out the vararg preparation of a vararg function.
                    let skip = usize::from(proto.is_vararg);
                    for &line in proto.lines.iter().skip(skip) {
                        set_field_int(ctx, lines, i64::from(line), Value::Bool(true));
                    }
                    set(ctx, "activelines", Value::Table(lines));
                }
            }
            _ => {}
        }
    }
    Ok(one(Value::Table(table)))
}

fn set_field_int<S: Storage>(ctx: &mut VmContext<'_, S>, table: TableRef, key: i64, value: Value) {
    if let Ok(mut t) = ctx.vm.heap.table_mut(table) {
        let _ = t.set(Value::Integer(key), value);
    }
}

/// `debug.getmetatable(value)`: the metatable, ignoring `__metatable`.
pub(crate) fn getmetatable<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let value = check_any(call.args(), 1, "debug.getmetatable")?;
    Ok(one(ctx
        .metatable_of(value)?
        .map_or(Value::Nil, Value::Table)))
}

/// `debug.setmetatable(value, table)`: sets the metatable of any value (for basic types, the
/// metatable shared by the whole type).
pub(crate) fn setmetatable<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let args = call.args();
    let value = args.get(0);
    let metatable = match args.get(1) {
        Value::Nil => None,
        Value::Table(t) => Some(t),
        _ => {
            return Err(type_error(
                ctx,
                args,
                2,
                "debug.setmetatable",
                "nil or table",
            ));
        }
    };
    match value {
        Value::Table(t) => {
            ctx.vm.heap.table_mut(t)?.set_metatable(metatable);
            ctx.vm.check_finalizer(value, metatable);
        }
        Value::HostData(h) => {
            ctx.vm.heap.host_data_mut(h)?.metatable = metatable;
            ctx.vm.check_finalizer(value, metatable);
        }
        other => {
            if let Some(slot) = basic_type_slot(other) {
                ctx.vm.type_metatables[slot] = metatable;
            }
        }
    }
    Ok(one(value))
}

/// `debug.getregistry()`: the registry table, created on first use.
pub(crate) fn getregistry<S: Storage>(_: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    Ok(one(Value::Table(ctx.registry())))
}

/// `debug.sethook([thread,] [hook, mask [, count]])`: installs `hook` as a count hook called
/// with `"count"` every `count` instructions; no arguments (or a nil hook, or a zero count)
/// remove it. Only count hooks exist: call, return and line events (mask letters `c`, `r`,
/// `l`) are refused. The hook belongs to the VM, not to one coroutine.
pub(crate) fn sethook<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let (_, shift) = thread_argument(args);
    let hook = args.get(shift);
    if hook.is_nil() {
        ctx.vm.count_hook = None;
        ctx.vm.heap.gc.meter.set_countdown(u32::MAX);
        return Ok(MultiValue::new());
    }
    let mask = match args.get(shift + 1) {
        Value::String(s) => ctx.vm.heap.string(s)?.as_bytes().to_vec(),
        _ => return Err(type_error(ctx, args, shift + 2, "debug.sethook", "string")),
    };
    if !matches!(hook, Value::Function(_)) {
        return Err(type_error(
            ctx,
            args,
            shift + 1,
            "debug.sethook",
            "function",
        ));
    }
    let count = super::args::opt_integer(ctx, args, shift + 3, "debug.sethook", 0)?;
    if mask.iter().any(|c| b"crl".contains(c)) {
        return Err(arg_error(
            shift + 2,
            "debug.sethook",
            "call, return and line hooks are not supported",
        ));
    }
    match u32::try_from(count) {
        Ok(count) if count > 0 => {
            ctx.vm.count_hook = Some((hook, count));
            ctx.vm.heap.gc.meter.set_countdown(count);
        }
        _ => {
            ctx.vm.count_hook = None;
            ctx.vm.heap.gc.meter.set_countdown(u32::MAX);
        }
    }
    Ok(MultiValue::new())
}

/// `debug.gethook()`: the count hook, its mask (`""`) and count, or fail when none is set.
pub(crate) fn gethook<S: Storage>(_: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    match ctx.vm.count_hook {
        Some((hook, count)) => {
            let mask = Value::String(ctx.create_string(""));
            Ok(MultiValue::from_iter([
                hook,
                mask,
                Value::Integer(i64::from(count)),
            ]))
        }
        None => Ok(one(Value::Nil)),
    }
}

impl<S: Storage> VmContext<'_, S> {
    /// The prototype of a Lua function (`None` for a native one).
    pub(crate) fn lua_proto(
        &self,
        function: FunctionRef,
    ) -> Result<Option<crate::shared::Shared<crate::bytecode::Proto>>, RuntimeError> {
        Ok(match self.vm.heap.function(function)? {
            crate::heap::Function::Lua(closure) => Some(closure.proto.proto.clone()),
            crate::heap::Function::Native(_) => None,
        })
    }

    /// Registers the safe subset of the `debug` table: `traceback`, `getinfo`,
    /// `getmetatable`, `setmetatable`, `getregistry`, `sethook` (count hooks), `gethook`.
    pub fn open_debug_library(&mut self) {
        let table = self.create_table();
        macro_rules! register {
            ($($name:literal),* $(,)?) => {$(
                let f = self.create_builtin(concat!("std:debug.", $name), []);
                set_field(self, table, $name, Value::Function(f));
            )*};
        }
        register!(
            "traceback",
            "getinfo",
            "getmetatable",
            "setmetatable",
            "getregistry",
            "gethook",
            "sethook",
        );
        let globals = self.vm.globals;
        set_field(self, globals, "debug", Value::Table(table));
    }
}
