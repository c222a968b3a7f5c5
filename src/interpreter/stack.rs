//! Call mechanics: frames on the VM's working stack, entering Lua functions from Rust, open
//! upvalues, to-be-closed variables, error positions and unwinding, and loading chunks.
//!
//! Lua→Lua calls and returns never recurse in Rust: [`VmContext::push_lua_frame`] pushes a
//! frame and the `execute` loop continues in it. Only calls from Rust (host calls, natives
//! calling back, metamethods invoked by instructions) start a nested `execute`, bounded by
//! [`MAX_NATIVE_DEPTH`](super::vm::MAX_NATIVE_DEPTH).

use super::debug_info::{Caller, VarDescription, bad_argument_message, function_name, varinfo};
use super::vm::{MAX_NATIVE_DEPTH, expect_capacity};
use super::{CallContext, FunctionRef, MultiValue, VmContext};
use crate::bytecode::{Constant, Proto};
use crate::compiler::{chunk_id, compile};
use crate::errors::RuntimeError;
use crate::heap::{Function, LoadedProto, LuaClosure, UpvalueCell, UpvalueId};
use crate::shared::Shared;
use crate::storage::Storage;
use crate::value::Value;
use crate::value::number::{format_float, format_integer};

/// Largest number of stack slots (lua5.4's `LUAI_MAXSTACK`); beyond it calls fail with a
/// catchable `stack overflow`.
pub(crate) const MAX_STACK: usize = 1_000_000;

/// Extra stack slots a message handler may use when it runs for a `stack overflow` (lua5.4's
/// `ERRORSTACKSIZE` headroom).
const ERROR_HANDLER_STACK: usize = 1_000;

/// An activation of a Lua function on the working stack.
#[derive(Clone)]
pub(crate) struct Frame {
    /// The running closure (cached so instructions never look the function up).
    pub(crate) closure: Shared<LuaClosure>,
    /// Slot of the called value; results are moved here on return.
    pub(crate) func: u32,
    /// Slot of register 0.
    pub(crate) base: u32,
    /// Index of the next instruction to execute.
    pub(crate) pc: u32,
    /// Number of extra arguments (the varargs sit just below `base`).
    pub(crate) varargs: u32,
    /// Results the caller wants; -1 for all.
    pub(crate) results: i32,
    /// Whether the frame was entered from Rust (its caller is not a Lua frame).
    pub(crate) from_rust: bool,
    /// Whether the frame was entered by a tail call (its caller's frame is gone).
    pub(crate) tail_call: bool,
}

impl<S: Storage> VmContext<'_, S> {
    /// Compiles `source` and returns the main function of the chunk, whose `_ENV` is the
    /// global table. `chunk_name` follows Lua's convention: `=name`, `@file` or the source.
    pub fn load(
        &mut self,
        source: impl AsRef<[u8]>,
        chunk_name: &str,
    ) -> Result<FunctionRef, RuntimeError> {
        let proto =
            compile(source.as_ref(), chunk_name.as_bytes()).map_err(RuntimeError::Syntax)?;
        let function = self.load_proto(proto, Value::Table(self.vm.globals))?;
        self.hold(Value::Function(function));
        Ok(function)
    }

    /// Loads a compiled main prototype with `env` as its `_ENV` upvalue.
    pub(crate) fn load_proto(
        &mut self,
        proto: Shared<Proto>,
        env: Value,
    ) -> Result<FunctionRef, RuntimeError> {
        let loaded = self.load_tree(&proto, true)?;
        let upvalues = (0..proto.upvalues.len())
            .map(|i| {
                let value = if i == 0 { env } else { Value::Nil };
                self.vm.heap.create_upvalue(UpvalueCell::Closed(value))
            })
            .collect::<Result<Box<[_]>, _>>()?;
        let closure = LuaClosure {
            proto: loaded,
            upvalues,
        };
        self.vm
            .heap
            .create_function(Function::Lua(Shared::new(closure)))
    }

    fn load_tree(
        &mut self,
        proto: &Shared<Proto>,
        root: bool,
    ) -> Result<Shared<LoadedProto>, RuntimeError> {
        let constants = proto
            .constants
            .iter()
            .map(|constant| {
                Ok(match constant {
                    Constant::Nil => Value::Nil,
                    Constant::Boolean(b) => Value::Bool(*b),
                    Constant::Integer(i) => Value::Integer(*i),
                    Constant::Float(f) => Value::Float(*f),
                    Constant::String(bytes) => Value::String(self.vm.heap.intern(bytes)?),
                })
            })
            .collect::<Result<Box<[_]>, RuntimeError>>()?;
        let children = proto
            .protos
            .iter()
            .map(|child| self.load_tree(child, false))
            .collect::<Result<Box<[_]>, _>>()?;
        Ok(Shared::new(LoadedProto {
            proto: Shared::clone(proto),
            constants,
            children,
            bytes: if root {
                LoadedProto::tree_bytes(proto)
            } else {
                0
            },
        }))
    }

    /// Calls `function` with `args`; the single entry point for every call made from Rust.
    pub(crate) fn call_function(
        &mut self,
        function: FunctionRef,
        args: MultiValue,
    ) -> Result<MultiValue, RuntimeError> {
        if self.vm.native_depth >= self.vm.native_limit {
            return Err(self.c_stack_overflow());
        }
        let lua = match self.vm.heap.function(function)? {
            Function::Native(native) => {
                let callback = Shared::clone(&native.callback);
                self.vm.native_depth += 1;
                let below = self.vm.frames.len() as u32;
                // Called by another native (no Lua frame above the innermost running native)?
                let from_native = self.vm.native_calls.last().map(|&(n, _)| n) == Some(below);
                self.vm.native_calls.push((below, function));
                self.vm.non_yieldable += 1;
                // The arguments stay alive while the native runs (it may call into Lua).
                let roots = self.vm.temp_roots.len();
                self.vm.temp_roots.extend(args.iter().copied());
                let result = callback(CallContext::new(function, args), self);
                self.vm.temp_roots.truncate(roots);
                self.vm.non_yieldable -= 1;
                if matches!(result, Err(RuntimeError::Yield)) {
                    // A yield is not an error: nothing to trace or discard.
                } else if let Err(error) = result {
                    // The native is still on the call stack: `[C]: in function 'error'`.
                    self.capture_traceback();
                    let error = match error {
                        // Raised by the VM itself while the native ran: lua5.4 positions
                        // these only when a Lua function is running (`luaG_runerror`).
                        RuntimeError::IndexNonTable { .. }
                        | RuntimeError::MetamethodChainTooLong { .. }
                        | RuntimeError::IndexIsNil
                        | RuntimeError::IndexIsNaN
                        | RuntimeError::InvalidNextKey => self.string_error(error.to_string()),
                        // Raised when the native called back (`luaE_checkcstack` in a C
                        // function): no position either. (A host calling natives directly,
                        // with no Lua frame, gets the error as it is.)
                        RuntimeError::CStackOverflow if !self.vm.frames.is_empty() => {
                            self.string_error(error.to_string())
                        }
                        other => other,
                    };
                    let mut error = native_error(error, from_native);
                    if matches!(self.vm.protections.last(), Some((Some(_), false))) {
                        // lua5.4 runs `xpcall`'s message handler here, before the native
                        // leaves the stack, with the message already positioned.
                        if !from_native {
                            error = self.locate(error);
                        }
                        error = self.handle_error(error);
                    }
                    self.vm.native_calls.pop();
                    self.vm.native_depth -= 1;
                    return Err(error);
                } else {
                    // An error the native caught is not the one that will reach the host.
                    self.discard_traceback();
                }
                self.vm.native_calls.pop();
                self.vm.native_depth -= 1;
                return result.map_err(|error| native_error(error, from_native));
            }
            Function::Lua(closure) => Shared::clone(closure),
        };
        let func = self.vm.stack.len();
        if func + args.len() + 1 > self.vm.stack_limit {
            return Err(RuntimeError::StackOverflow);
        }
        self.vm.stack.push(Value::Function(function));
        self.vm.stack.extend(args.iter().copied());
        let entry = self.vm.frames.len();
        self.vm.native_depth += 1;
        let result = self
            .push_lua_frame(lua, func, args.len(), -1, true)
            .and_then(|()| self.execute(entry));
        self.vm.native_depth -= 1;
        if let Err(RuntimeError::Yield) = result {
            // The frames stay: the coroutine finishes this call when it is resumed.
            self.vm.conts.push(crate::heap::Cont::LuaCall {
                entry: entry as u32,
                func: func as u32,
            });
            return Err(RuntimeError::Yield);
        }
        let result = result.map(|count| MultiValue::from_slice(&self.vm.stack[func..func + count]));
        self.vm.stack.truncate(func);
        result
    }

    /// The `C stack overflow` error of a call from Rust past the depth limit; past the message
    /// handler's headroom it is an `error in error handling` (lua5.4's `LUA_ERRERR`).
    #[cold]
    #[inline(never)]
    fn c_stack_overflow(&mut self) -> RuntimeError {
        if self.vm.native_depth > MAX_NATIVE_DEPTH {
            return self.string_error("error in error handling".to_owned());
        }
        RuntimeError::CStackOverflow
    }

    /// Calls any value, using `__call` for non-functions.
    pub(crate) fn call_value(
        &mut self,
        callee: Value,
        args: MultiValue,
    ) -> Result<MultiValue, RuntimeError> {
        match callee {
            Value::Function(f) => self.call_function(f, args),
            other => {
                let handler = self.metamethod(other, self.vm.names.call)?;
                let Value::Function(f) = handler else {
                    return Err(RuntimeError::CallNonFunction {
                        type_name: self.type_name_of(other),
                    });
                };
                let mut with_self = MultiValue::new();
                with_self.push_back(other);
                for value in args {
                    with_self.push_back(value);
                }
                self.call_function(f, with_self)
            }
        }
    }

    /// Pushes a frame for `closure` called at slot `func` with `args` arguments above it.
    pub(crate) fn push_lua_frame(
        &mut self,
        closure: Shared<LuaClosure>,
        func: usize,
        args: usize,
        results: i32,
        from_rust: bool,
    ) -> Result<(), RuntimeError> {
        let proto = &closure.proto.proto;
        let params = usize::from(proto.num_params);
        let (base, varargs) = if proto.is_vararg && args > params {
            (func + 1 + args, args - params)
        } else {
            (func + 1, 0)
        };
        let top = base + usize::from(proto.max_stack_size);
        if top > MAX_STACK && top > self.vm.stack_limit {
            return Err(RuntimeError::StackOverflow);
        }
        let stack = &mut self.vm.stack;
        stack.resize(top.max(func + 1 + args), Value::Nil);
        if varargs > 0 {
            stack.copy_within(func + 1..func + 1 + params, base);
        } else if args < params {
            stack[func + 1 + args..func + 1 + params].fill(Value::Nil);
        }
        stack.truncate(top);
        self.vm.frames.push(Frame {
            closure,
            func: func as u32,
            base: base as u32,
            pc: 0,
            varargs: varargs as u32,
            results,
            from_rust,
            tail_call: false,
        });
        Ok(())
    }

    /// The open upvalue cell for stack slot `slot`, created if needed.
    pub(crate) fn find_upvalue(&mut self, slot: usize) -> Result<UpvalueId, RuntimeError> {
        let slot = slot as u32;
        let open = &self.vm.open_upvalues;
        match open.binary_search_by_key(&slot, |&(s, _)| s) {
            Ok(i) => Ok(open[i].1),
            Err(i) => {
                let thread = self.thread_id();
                let id = self
                    .vm
                    .heap
                    .create_upvalue(UpvalueCell::Open { thread, slot })?;
                self.vm.open_upvalues.insert(i, (slot, id));
                Ok(id)
            }
        }
    }

    /// Closes the open upvalues of slots `>= level`: their cells take the current values.
    pub(crate) fn close_upvalues(&mut self, level: usize) -> Result<(), RuntimeError> {
        while let Some(&(slot, id)) = self.vm.open_upvalues.last() {
            if (slot as usize) < level {
                break;
            }
            self.vm.open_upvalues.pop();
            let value = self
                .vm
                .stack
                .get(slot as usize)
                .copied()
                .unwrap_or_default();
            *self.vm.heap.upvalue_mut(id)? = UpvalueCell::Closed(value);
        }
        Ok(())
    }

    /// Calls `__close(value, error)` for the to-be-closed variables of slots `>= level`, last
    /// declared first (normal exit: `error` is nil).
    pub(crate) fn close_tbc(&mut self, level: usize) -> Result<(), RuntimeError> {
        while let Some(&slot) = self.vm.tbc.last() {
            if (slot as usize) < level {
                break;
            }
            self.vm.tbc.pop();
            let value = self
                .vm
                .stack
                .get(slot as usize)
                .copied()
                .unwrap_or_default();
            self.call_close(value, Value::Nil)?;
        }
        Ok(())
    }

    fn call_close(&mut self, value: Value, error: Value) -> Result<(), RuntimeError> {
        let handler = self.metamethod(value, self.vm.names.close)?;
        self.call_value(handler, MultiValue::from_iter([value, error]))
            .map(drop)
    }

    /// Error unwinding down to (excluding) frame `entry`: to-be-closed variables get
    /// `__close(value, error)` (an error there replaces the original), upvalues are closed and
    /// the frames popped.
    ///
    /// As in lua5.4, the failed frames are gone when the handlers run (a traceback taken in a
    /// handler does not list them), and an error in a handler is traced where it is raised.
    pub(crate) fn unwind(&mut self, entry: usize, mut error: RuntimeError) -> RuntimeError {
        let level = self.vm.frames[entry].func as usize;
        self.vm.frames.truncate(entry);
        while let Some(&slot) = self.vm.tbc.last() {
            if (slot as usize) < level {
                break;
            }
            self.vm.tbc.pop();
            let value = self
                .vm
                .stack
                .get(slot as usize)
                .copied()
                .unwrap_or_default();
            let error_value = self.error_value(&error);
            let traced = self.rearm_traceback();
            self.vm.non_yieldable += 1;
            let closed = self.call_close(value, error_value);
            self.vm.non_yieldable -= 1;
            match closed {
                Ok(()) => self.restore_traceback(traced),
                Err(new) => error = new,
            }
        }
        if let Err(e) = self.close_upvalues(level) {
            error = e;
        }
        error
    }

    /// `CHUNK:LINE: ` of frame `index` at its current instruction (line -1 without line
    /// information, a stripped binary chunk's, as lua5.4).
    pub(crate) fn position(&self, index: usize) -> String {
        let frame = &self.vm.frames[index];
        let proto = &frame.closure.proto.proto;
        let line = self.current_line(index).map_or(-1, i64::from);
        format!("{}:{line}: ", chunk_id(&proto.source))
    }

    /// The source line frame `index` is at, if its prototype has line information.
    pub(crate) fn current_line(&self, index: usize) -> Option<u32> {
        let frame = self.vm.frames.get(index)?;
        let pc = (frame.pc as usize).saturating_sub(1);
        frame.closure.proto.proto.lines.get(pc).copied()
    }

    /// A Lua string error object.
    pub(crate) fn string_error(&mut self, message: String) -> RuntimeError {
        let value = Value::String(expect_capacity(self.vm.heap.intern(message.as_bytes())));
        RuntimeError::Lua { value, message }
    }

    /// Gives an error raised by the instruction running in the top frame lua5.4's position
    /// prefix; Lua error objects pass unchanged.
    ///
    /// A failed call (`attempt to call a nil value`) and a native's argument error are named
    /// after the call site, the top frame's current instruction (lua5.4's `funcnamefromcode`):
    /// such errors reach here unlocated only when that instruction made the call, since
    /// natives' own failed calls leave them as plain messages (see [`native_error`]).
    pub(crate) fn locate(&mut self, error: RuntimeError) -> RuntimeError {
        let Some(top) = self.vm.frames.len().checked_sub(1) else {
            return error;
        };
        let text = match error {
            // Memory errors carry no position (lua5.4's `LUA_ERRMEM`).
            RuntimeError::Lua { .. } | RuntimeError::OutOfMemory => return error,
            RuntimeError::CallNonFunction { type_name } => {
                let call_name = self.call_site_name(top);
                format!(
                    "attempt to call a {type_name} value{}",
                    varinfo(call_name.as_ref())
                )
            }
            RuntimeError::BadArgument {
                argument,
                function,
                message,
            } => {
                let call_name = self.call_site_name(top);
                bad_argument_message(
                    call_name.as_ref(),
                    Some(function.as_bytes()),
                    argument,
                    &message,
                )
            }
            other => other.to_string(),
        };
        let message = format!("{}{text}", self.position(top));
        self.string_error(message)
    }

    /// What the current instruction of frame `index` calls its callee (lua5.4's
    /// `funcnamefromcall` for a function called from that frame).
    fn call_site_name(&self, index: usize) -> Option<VarDescription> {
        let frame = &self.vm.frames[index];
        let pc = (frame.pc as usize).checked_sub(1)?;
        function_name(
            Caller::Lua {
                proto: &frame.closure.proto.proto,
                pc,
            },
            false,
        )
    }

    /// The Lua value of an error (`pcall`'s second result).
    pub(crate) fn error_value(&mut self, error: &RuntimeError) -> Value {
        match error {
            RuntimeError::Lua { value, .. } => *value,
            other => {
                let text = other.to_string();
                Value::String(expect_capacity(self.vm.heap.intern(text.as_bytes())))
            }
        }
    }

    /// An error carrying `value` as its error object (`error(value)`).
    pub(crate) fn value_error(&mut self, value: Value) -> RuntimeError {
        let message = match value {
            Value::String(s) => match self.vm.heap.string(s) {
                Ok(s) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
                Err(_) => String::new(),
            },
            Value::Integer(i) => format_integer(i),
            Value::Float(f) => format_float(f),
            other => format!("(error object is a {} value)", other.type_name()),
        };
        RuntimeError::Lua { value, message }
    }

    /// Runs the innermost `xpcall`'s message handler on `error` unless it already ran for it
    /// (or the innermost protection is a `pcall`); the handler's result becomes the error.
    pub(crate) fn handle_error(&mut self, error: RuntimeError) -> RuntimeError {
        let handler = match self.vm.protections.last_mut() {
            Some((Some(handler), handled)) if !*handled => {
                *handled = true;
                *handler
            }
            _ => return error,
        };
        let value = self.error_value(&error);
        match self.call_handler(handler, value) {
            Ok(results) => self.value_error(results.get(0)),
            Err(_) => self.string_error("error in error handling".to_owned()),
        }
    }

    /// Calls `xpcall`'s message `handler` on the error value `value`, with headroom: extra
    /// stack slots after a `stack overflow`, and after a `C stack overflow` a tenth of
    /// [`MAX_NATIVE_DEPTH`] more nested calls (lua5.4 lets calls continue up to
    /// `LUAI_MAXCCALLS / 10 * 11` while it handles the overflow). The headroom is absolute:
    /// handlers of errors inside the handler get no more. A failure of the handler is an
    /// `error in error handling`.
    pub(crate) fn call_handler(
        &mut self,
        handler: Value,
        value: Value,
    ) -> Result<MultiValue, RuntimeError> {
        let limit = self.vm.stack_limit;
        self.vm.stack_limit = limit.max(self.vm.stack.len() + ERROR_HANDLER_STACK);
        let native_limit = self.vm.native_limit;
        if self.vm.native_depth >= MAX_NATIVE_DEPTH {
            self.vm.native_limit = MAX_NATIVE_DEPTH / 10 * 11;
        }
        let handled = self.call_value(handler, MultiValue::from_iter([value]));
        self.vm.native_limit = native_limit;
        self.vm.stack_limit = limit;
        handled
    }
}

/// An error leaving a native function. A failed call made by the native itself is not the
/// calling instruction's, so it becomes a plain message (lua5.4 names no variable for it); an
/// argument error of a native called by another native keeps the native's own name (lua5.4
/// names it by its global name then, not by a call site).
fn native_error(error: RuntimeError, from_native: bool) -> RuntimeError {
    match error {
        RuntimeError::CallNonFunction { .. } => RuntimeError::Message(error.to_string()),
        RuntimeError::BadArgument { .. } if from_native => RuntimeError::Message(error.to_string()),
        other => other,
    }
}
