//! Uncaught errors as lua5.4's stand-alone interpreter reports them: [`VmContext::call_traced`]
//! runs a function like `lua.c`'s `docall` (a `lua_pcall` whose message handler, `msghandler`,
//! calls `luaL_traceback`), so the traceback is taken where the error is raised, before the
//! stack unwinds.
//!
//! While a traced call runs, an error raised with no `pcall`/`xpcall` active (so it will reach
//! the host) records the call stack once, at its innermost point: when a native function
//! returns it (the native is still listed, `[C]: in function 'error'`) or when an instruction
//! raises it. Untraced calls and protected errors pay one branch.

use std::fmt;

use super::debug_info::{Callee, Caller, TracebackFrame, global_function_name, traceback};
use super::{FunctionRef, IntoMulti, MultiValue, VmContext};
use crate::errors::RuntimeError;
use crate::storage::Storage;
use crate::value::Value;
use crate::value::number::{format_float, format_integer};

/// Whether a traced call is running, and what it recorded.
#[derive(Clone, Debug, Default)]
pub(crate) enum TraceState {
    /// No traced call is running.
    #[default]
    Off,
    /// A traced call is running and no unprotected error was raised yet.
    Armed,
    /// The frames (innermost first) where the unprotected error was raised.
    Captured(Vec<TracebackFrame>),
}

/// One level of the running call stack.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StackLevel {
    /// The running function (`None` only with a corrupted stack).
    pub(crate) function: Option<FunctionRef>,
    /// The index of its frame in `vm.frames` when it is a Lua function.
    pub(crate) lua_frame: Option<usize>,
    /// The index of the Lua frame whose current instruction called it, if any.
    pub(crate) caller: Option<usize>,
    /// Whether it was entered by a tail call.
    pub(crate) tail_call: bool,
}

/// An error that escaped [`VmContext::call_traced`], reported as lua5.4's stand-alone
/// interpreter does (`lua.c`'s `msghandler`).
#[derive(Clone, Debug, PartialEq)]
pub struct TracedError {
    /// The error itself.
    pub error: RuntimeError,
    /// The message: a string error as is, a number converted, the result of a `__tostring`
    /// metamethod, else `(error object is a <type> value)`.
    pub message: String,
    /// `stack traceback:` and one line per level (lua5.4's `luaL_traceback`), the host caller
    /// last as `[C]: in ?`; `None` when the message came from `__tostring` (lua.c prints no
    /// traceback then).
    pub traceback: Option<String>,
}

impl fmt::Display for TracedError {
    /// The message, then a newline and the traceback if there is one: what `lua.c` prints
    /// after `lua: `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(traceback) = &self.traceback {
            write!(f, "\n{traceback}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TracedError {}

impl<S: Storage> VmContext<'_, S> {
    /// Calls `function` with `args` like [`FunctionRef::call`], but an error is returned with
    /// the message and the traceback lua5.4's stand-alone interpreter prints for it, the
    /// traceback taken at the point where the error was raised.
    pub fn call_traced(
        &mut self,
        function: FunctionRef,
        args: impl IntoMulti,
    ) -> Result<MultiValue, TracedError> {
        let args = match args.into_multi(self) {
            Ok(args) => args,
            Err(error) => return Err(self.traced_error(error, Vec::new())),
        };
        let outer = std::mem::replace(&mut self.vm.trace, TraceState::Armed);
        let result = self.call_function(function, args);
        let state = std::mem::replace(&mut self.vm.trace, outer);
        if let Ok(results) = &result {
            for value in results.iter() {
                self.hold(*value);
            }
        }
        result.map_err(|error| {
            let frames = match state {
                TraceState::Captured(frames) => frames,
                _ => Vec::new(),
            };
            self.traced_error(error, frames)
        })
    }

    /// Records the call stack if a traced call is running, no protected call is active and
    /// nothing was recorded yet. Called on the error path only.
    #[inline]
    pub(crate) fn capture_traceback(&mut self) {
        if matches!(self.vm.trace, TraceState::Armed) && self.vm.protections.is_empty() {
            let frames = self.traceback_frames();
            self.vm.trace = TraceState::Captured(frames);
        }
    }

    /// Forgets a recorded traceback when a native function returns normally: the error it
    /// belonged to was caught (e.g. by a message handler called outside any protected call).
    #[inline]
    pub(crate) fn discard_traceback(&mut self) {
        if matches!(self.vm.trace, TraceState::Captured(_)) {
            self.vm.trace = TraceState::Armed;
        }
    }

    /// Lets an error raised by a `__close` handler during unwinding record its own traceback
    /// (as lua.c's message handler runs again for it); returns what was recorded before.
    pub(crate) fn rearm_traceback(&mut self) -> Option<TraceState> {
        match self.vm.trace {
            TraceState::Captured(_) => {
                Some(std::mem::replace(&mut self.vm.trace, TraceState::Armed))
            }
            _ => None,
        }
    }

    /// Puts back what [`rearm_traceback`](Self::rearm_traceback) returned once the handler
    /// succeeded.
    pub(crate) fn restore_traceback(&mut self, traced: Option<TraceState>) {
        if let Some(traced) = traced {
            self.vm.trace = traced;
        }
    }

    /// The running levels, innermost first (level 0 is the running function): Lua frames and
    /// natives interleaved as in the base library's `where_`.
    pub(crate) fn stack_levels(&self) -> Vec<StackLevel> {
        let mut levels = Vec::new();
        let (mut f, mut n) = (self.vm.frames.len(), self.vm.native_calls.len());
        loop {
            let native_on_top = n > 0 && self.vm.native_calls[n - 1].0 as usize >= f;
            if native_on_top {
                let (below, function) = self.vm.native_calls[n - 1];
                let from_native = n >= 2 && self.vm.native_calls[n - 2].0 == below;
                let caller = if from_native {
                    None
                } else {
                    (below as usize).checked_sub(1)
                };
                levels.push(StackLevel {
                    function: Some(function),
                    lua_frame: None,
                    caller,
                    tail_call: false,
                });
                n -= 1;
            } else if f > 0 {
                let frame = &self.vm.frames[f - 1];
                let function = match self.vm.stack.get(frame.func as usize) {
                    Some(Value::Function(function)) => Some(*function),
                    _ => None,
                };
                // Entered from Rust: by a native (one runs just below it), the host (no frame
                // below), or else a metamethod run by an instruction of the frame below.
                let native_below = n > 0 && self.vm.native_calls[n - 1].0 as usize == f - 1;
                let caller = if frame.from_rust && native_below {
                    None
                } else {
                    f.checked_sub(2)
                };
                levels.push(StackLevel {
                    function,
                    lua_frame: Some(f - 1),
                    caller,
                    tail_call: frame.tail_call,
                });
                f -= 1;
            } else {
                break;
            }
        }
        levels
    }

    /// The running levels as traceback lines, innermost first.
    #[cold]
    fn traceback_frames(&mut self) -> Vec<TracebackFrame> {
        let levels = self.stack_levels();
        self.frames_of(levels)
    }

    /// Traceback lines for `levels` (some of [`stack_levels`](Self::stack_levels)).
    pub(crate) fn frames_of(&mut self, levels: Vec<StackLevel>) -> Vec<TracebackFrame> {
        let mut frames = Vec::with_capacity(levels.len() + 1);
        for StackLevel {
            function,
            lua_frame,
            caller,
            tail_call: is_tail_call,
        } in levels
        {
            let global_name = function.and_then(|function| self.global_name(function));
            let caller = match caller {
                Some(index) => {
                    let frame = &self.vm.frames[index];
                    Caller::Lua {
                        proto: &frame.closure.proto.proto,
                        pc: (frame.pc as usize).saturating_sub(1),
                    }
                }
                None => Caller::Native,
            };
            let frame = match lua_frame {
                Some(index) => {
                    let frame = &self.vm.frames[index];
                    let proto = &frame.closure.proto.proto;
                    let pc = (frame.pc as usize).saturating_sub(1);
                    TracebackFrame::new(
                        Callee::Lua(proto),
                        proto.lines.get(pc).copied(),
                        caller,
                        is_tail_call,
                        global_name.as_deref(),
                    )
                }
                None => {
                    TracebackFrame::new(Callee::Native, None, caller, false, global_name.as_deref())
                }
            };
            frames.push(frame);
        }
        frames
    }

    /// lua5.4's `pushglobalfuncname`: `module.field` for a function found as
    /// `package.loaded[module][field]` (`field` alone for `_G`). Without a `package` library
    /// the loaded modules are taken to be `_G` and the standard library tables in the globals.
    fn global_name(&mut self, function: FunctionRef) -> Option<Vec<u8>> {
        let globals = self.vm.globals;
        let global = |ctx: &mut Self, table: Value, name: &str| -> Option<Value> {
            let Value::Table(table) = table else {
                return None;
            };
            let key = ctx.vm.heap.intern(name.as_bytes()).ok()?;
            Some(ctx.vm.heap.table(table).ok()?.get(Value::String(key)))
        };
        let mut modules: Vec<(Vec<u8>, Value)> = Vec::new();
        let package = global(self, Value::Table(globals), "package");
        match package.and_then(|package| global(self, package, "loaded")) {
            Some(Value::Table(loaded)) => {
                let table = self.vm.heap.table(loaded).ok()?;
                let mut key = Value::Nil;
                while let Ok(Some((k, v))) = table.next(key) {
                    key = k;
                    if let Value::String(name) = k {
                        let name = self.vm.heap.string(name).ok()?.as_bytes().to_vec();
                        modules.push((name, v));
                    }
                }
            }
            _ => {
                modules.push((b"_G".to_vec(), Value::Table(globals)));
                for name in [
                    "coroutine",
                    "table",
                    "io",
                    "os",
                    "string",
                    "math",
                    "utf8",
                    "debug",
                ] {
                    if let Some(module) = global(self, Value::Table(globals), name) {
                        modules.push((name.as_bytes().to_vec(), module));
                    }
                }
            }
        }
        for (module, table) in modules {
            let Value::Table(table) = table else {
                continue;
            };
            let Ok(table) = self.vm.heap.table(table) else {
                continue;
            };
            let mut key = Value::Nil;
            while let Ok(Some((k, v))) = table.next(key) {
                key = k;
                if let (Value::String(field), Value::Function(f)) = (k, v)
                    && f == function
                {
                    let field = self.vm.heap.string(field).ok()?.as_bytes();
                    return Some(global_function_name(&module, field));
                }
            }
        }
        None
    }

    /// `msghandler` of `lua.c`: the message for the error object, and the traceback unless a
    /// `__tostring` metamethod produced the message.
    fn traced_error(
        &mut self,
        error: RuntimeError,
        mut frames: Vec<TracebackFrame>,
    ) -> TracedError {
        let value = self.error_value(&error);
        let message = match value {
            Value::String(s) => match self.vm.heap.string(s) {
                Ok(s) => Some(String::from_utf8_lossy(s.as_bytes()).into_owned()),
                Err(_) => Some(String::new()),
            },
            Value::Integer(i) => Some(format_integer(i)),
            Value::Float(f) => Some(format_float(f)),
            _ => None,
        };
        let message = match message {
            Some(message) => message,
            None => {
                if let Some(text) = self.tostring_metamethod(value) {
                    return TracedError {
                        error,
                        message: text,
                        traceback: None,
                    };
                }
                format!("(error object is a {} value)", value.type_name())
            }
        };
        // The host that made the call (lua.c's `pmain`).
        frames.push(TracebackFrame::new(
            Callee::Native,
            None,
            Caller::Native,
            false,
            None,
        ));
        TracedError {
            error,
            message,
            traceback: Some(traceback(None, &frames)),
        }
    }

    /// The string a `__tostring` metamethod returns for `value` (`luaL_callmeta`), if any.
    fn tostring_metamethod(&mut self, value: Value) -> Option<String> {
        let handler = self.metamethod(value, self.vm.names.tostring).ok()?;
        if handler.is_nil() {
            return None;
        }
        match self
            .call_value(handler, MultiValue::from_iter([value]))
            .ok()?
            .get(0)
        {
            Value::String(s) => {
                Some(String::from_utf8_lossy(self.vm.heap.string(s).ok()?.as_bytes()).into_owned())
            }
            _ => None,
        }
    }
}
