//! Coroutine mechanics: switching the VM's working buffers between threads, resuming,
//! yielding and closing.
//!
//! A running thread's state lives in the VM's flat buffers; a thread that is not running keeps
//! it in its heap object (the main thread, while a coroutine runs, in `main_saved`). Resuming
//! swaps the resumer's buffers out and the coroutine's in, and runs a nested `execute` whose
//! bottom frame is the coroutine's body. `coroutine.yield` returns `RuntimeError::Yield`,
//! which unwinds that loop without touching the frames; `resume` saves them back into the
//! object, and the next `resume` stores its arguments as the results of the yielding call and
//! continues the loop after it.

use super::{MultiValue, VmContext};
use crate::errors::RuntimeError;
use crate::heap::{CoStatus, Cont, Coroutine, Function, MAIN_THREAD, ThreadState};
use crate::shared::Shared;
use crate::storage::Storage;
use crate::value::{CoroutineRef, Value};
use std::mem::take;

/// What resuming a coroutine gave.
pub(crate) enum Resumed {
    /// It yielded or returned these values.
    Values(MultiValue),
    /// It could not be resumed or failed with this error value.
    Error(Value),
}

impl<S: Storage> VmContext<'_, S> {
    /// The running thread's id in open upvalue cells.
    #[inline]
    pub(crate) fn thread_id(&self) -> u32 {
        self.vm.current.map_or(MAIN_THREAD, |co| co.0)
    }

    /// Slot `slot` of a thread that is not running.
    pub(crate) fn foreign_slot(&self, thread: u32, slot: u32) -> Result<Value, RuntimeError> {
        let stack = if thread == MAIN_THREAD {
            &self.vm.main_saved.stack
        } else {
            &self.vm.heap.coroutine_by_id(thread)?.state.stack
        };
        stack
            .get(slot as usize)
            .copied()
            .ok_or(RuntimeError::CorruptHeap)
    }

    /// Writes slot `slot` of a thread that is not running.
    pub(crate) fn set_foreign_slot(
        &mut self,
        thread: u32,
        slot: u32,
        value: Value,
    ) -> Result<(), RuntimeError> {
        let stack = if thread == MAIN_THREAD {
            &mut self.vm.main_saved.stack
        } else {
            &mut self.vm.heap.coroutine_mut_by_id(thread)?.state.stack
        };
        *stack
            .get_mut(slot as usize)
            .ok_or(RuntimeError::CorruptHeap)? = value;
        Ok(())
    }

    fn take_working(&mut self) -> ThreadState {
        let vm = &mut *self.vm;
        ThreadState {
            stack: take(&mut vm.stack),
            frames: take(&mut vm.frames),
            open_upvalues: take(&mut vm.open_upvalues),
            tbc: take(&mut vm.tbc),
            native_calls: take(&mut vm.native_calls),
            protections: take(&mut vm.protections),
            conts: Vec::new(),
            non_yieldable: std::mem::replace(&mut vm.non_yieldable, 0),
        }
    }

    fn put_working(&mut self, state: ThreadState) {
        let vm = &mut *self.vm;
        vm.stack = state.stack;
        vm.frames = state.frames;
        vm.open_upvalues = state.open_upvalues;
        vm.tbc = state.tbc;
        vm.native_calls = state.native_calls;
        vm.protections = state.protections;
        vm.non_yieldable = state.non_yieldable;
    }

    /// Runs `inspect` with the working buffers holding the state of thread `co` (the running
    /// thread's own state when `co` is running or `None` is given for the running thread), then
    /// puts every state back. For `debug` functions that look at another coroutine's stack;
    /// `inspect` must not run Lua code.
    pub(crate) fn inspect_thread<T>(
        &mut self,
        co: Option<CoroutineRef>,
        inspect: impl FnOnce(&mut Self) -> T,
    ) -> Result<T, RuntimeError> {
        let Some(co) = co.filter(|&co| Some(co) != self.vm.current) else {
            return Ok(inspect(self));
        };
        let foreign = match self.vm.main_thread {
            Some(main) if main == co => take(&mut self.vm.main_saved),
            _ => take(&mut self.vm.heap.coroutine_mut(co)?.state),
        };
        let conts = foreign.conts.clone();
        let working = self.take_working();
        self.put_working(foreign);
        let result = inspect(self);
        let mut foreign = self.take_working();
        foreign.conts = conts;
        self.put_working(working);
        match self.vm.main_thread {
            Some(main) if main == co => self.vm.main_saved = foreign,
            _ => self.vm.heap.coroutine_mut(co)?.state = foreign,
        }
        Ok(result)
    }

    /// Makes `co` the running thread (saving the current one, which becomes normal); returns
    /// the coroutine's saved state (its continuations included).
    fn switch_to(&mut self, co: CoroutineRef) -> Result<ThreadState, RuntimeError> {
        let working = self.take_working();
        match self.vm.current {
            None => self.vm.main_saved = working,
            Some(previous) => {
                let mut object = self.vm.heap.coroutine_mut(previous)?;
                object.state = working;
                object.status = CoStatus::Normal;
            }
        }
        let state = take(&mut self.vm.heap.coroutine_mut(co)?.state);
        self.vm.current = Some(co);
        Ok(state)
    }

    /// Saves the running coroutine's state into its object with `status`, and makes
    /// `previous` the running thread again.
    fn switch_back(
        &mut self,
        previous: Option<CoroutineRef>,
        status: CoStatus,
        keep: bool,
    ) -> Result<(), RuntimeError> {
        let mut working = self.take_working();
        working.conts = take(&mut self.vm.conts);
        if let Some(co) = self.vm.current {
            let mut object = self.vm.heap.coroutine_mut(co)?;
            object.status = status;
            object.state = if keep {
                working
            } else {
                ThreadState::default()
            };
        }
        self.vm.current = previous;
        let state = match previous {
            None => take(&mut self.vm.main_saved),
            Some(co) => {
                let mut object = self.vm.heap.coroutine_mut(co)?;
                object.status = CoStatus::Running;
                take(&mut object.state)
            }
        };
        self.put_working(state);
        Ok(())
    }

    /// Creates a coroutine running `function`.
    pub(crate) fn create_coroutine(
        &mut self,
        function: Value,
    ) -> Result<CoroutineRef, RuntimeError> {
        self.vm.heap.create_coroutine(Coroutine {
            status: CoStatus::Suspended { started: false },
            function,
            state: ThreadState::default(),
        })
    }

    /// The status name of `co` as `coroutine.status` gives it.
    pub(crate) fn coroutine_status(&self, co: CoroutineRef) -> Result<&'static str, RuntimeError> {
        Ok(match self.vm.heap.coroutine(co)?.status {
            CoStatus::Suspended { .. } => "suspended",
            CoStatus::Running => "running",
            CoStatus::Normal => "normal",
            CoStatus::Dead { .. } => "dead",
            CoStatus::Main if self.vm.current.is_none() => "running",
            CoStatus::Main => "normal",
        })
    }

    /// The running coroutine's object (the main thread's is created on first use).
    pub(crate) fn running_thread(&mut self) -> Result<CoroutineRef, RuntimeError> {
        if let Some(co) = self.vm.current {
            return Ok(co);
        }
        if let Some(co) = self.vm.main_thread {
            return Ok(co);
        }
        let co = self.vm.heap.create_coroutine(Coroutine {
            status: CoStatus::Main,
            function: Value::Nil,
            state: ThreadState::default(),
        })?;
        self.vm.main_thread = Some(co);
        Ok(co)
    }

    /// Resumes `co` with `args`.
    pub(crate) fn resume(
        &mut self,
        co: CoroutineRef,
        args: MultiValue,
    ) -> Result<Resumed, RuntimeError> {
        let object = self.vm.heap.coroutine(co)?;
        let started = match object.status {
            CoStatus::Suspended { started } => started,
            CoStatus::Dead { .. } => {
                let message = self.string_error("cannot resume dead coroutine".to_owned());
                return Ok(Resumed::Error(self.error_value(&message)));
            }
            _ => {
                let message = self.string_error("cannot resume non-suspended coroutine".to_owned());
                return Ok(Resumed::Error(self.error_value(&message)));
            }
        };
        let function = object.function;
        if self.vm.native_depth + 1 >= super::vm::MAX_NATIVE_DEPTH {
            // lua5.4's `resume` returns this error rather than raising it.
            let message = self.string_error(RuntimeError::CStackOverflow.to_string());
            return Ok(Resumed::Error(self.error_value(&message)));
        }
        let previous = self.vm.current;
        // An error inside a coroutine is returned by `resume`: no traceback is recorded
        // there (a `wrap` raising it again records its own in the resumer).
        let trace = take(&mut self.vm.trace);
        let mut state = self.switch_to(co)?;
        self.vm.heap.coroutine_mut(co)?.status = CoStatus::Running;
        let conts = take(&mut state.conts);
        self.put_working(state);
        self.vm.yield_top = None;
        // A chain of resumes nests Rust calls: it counts against the native depth limit.
        self.vm.native_depth += 1;
        let result = if started {
            self.continue_coroutine(conts, args)
        } else {
            self.run_body(function, args)
        };
        let (resumed, status, keep) = match result {
            Ok(values) => (
                Resumed::Values(values),
                CoStatus::Dead { error: None },
                false,
            ),
            Err(RuntimeError::Yield) => (
                Resumed::Values(take(&mut self.vm.yield_values)),
                CoStatus::Suspended { started: true },
                true,
            ),
            Err(error) => {
                let value = self.error_value(&error);
                (
                    Resumed::Error(value),
                    CoStatus::Dead { error: Some(value) },
                    true,
                )
            }
        };
        self.vm.native_depth -= 1;
        self.vm.resume_top = None;
        self.vm.trace = trace;
        self.switch_back(previous, status, keep)?;
        Ok(resumed)
    }

    /// Continues a yielded coroutine: finishes, innermost first, every Rust layer the yield
    /// unwound (`conts`), the resume arguments being the results of the `yield` call.
    fn continue_coroutine(
        &mut self,
        conts: Vec<Cont>,
        args: MultiValue,
    ) -> Result<MultiValue, RuntimeError> {
        let mut input: Result<MultiValue, RuntimeError> = Ok(args);
        let mut conts = conts.into_iter();
        while let Some(cont) = conts.next() {
            input = match cont {
                Cont::NativeCall { func, results, .. } => input.map(|values| {
                    let count = self.store_results(func as usize, values, results);
                    self.vm.resume_top = Some(func as usize + count);
                    MultiValue::new()
                }),
                Cont::FinishOp { top } => match input {
                    Ok(values) => match self.finish_op(values, top) {
                        Ok(()) => Ok(MultiValue::new()),
                        Err(RuntimeError::Yield) => {
                            // Finishing the instruction yielded again (`Concat` calling the
                            // next `__concat`): the outer layers are still to finish.
                            self.vm.conts.extend(conts);
                            return Err(RuntimeError::Yield);
                        }
                        Err(error) => Err(error),
                    },
                    Err(error) => Err(error),
                },
                Cont::LuaCall { entry, func } => {
                    let (entry, func) = (entry as usize, func as usize);
                    let result = match input {
                        Ok(_) => self.execute(entry),
                        Err(error) => {
                            self.vm.resume_top = None;
                            Err(self.fail(entry, error))
                        }
                    };
                    match result {
                        Ok(count) => {
                            let values = MultiValue::from_slice(&self.vm.stack[func..func + count]);
                            self.vm.stack.truncate(func);
                            Ok(values)
                        }
                        Err(RuntimeError::Yield) => {
                            // Yielded again: this call and the outer layers are still to finish.
                            self.vm.conts.push(cont);
                            self.vm.conts.extend(conts);
                            return Err(RuntimeError::Yield);
                        }
                        Err(error) => {
                            if entry > 0 {
                                self.vm.stack.truncate(func);
                            }
                            Err(error)
                        }
                    }
                }
                Cont::PassResults => input,
                Cont::Adjust { count } => match input {
                    Ok(values) => Ok((0..usize::from(count)).map(|i| values.get(i)).collect()),
                    Err(error @ RuntimeError::Lua { .. }) => Err(error),
                    Err(error) => Err(self.string_error(error.to_string())),
                },
                Cont::Protected { handler } => {
                    let handled = self
                        .vm
                        .protections
                        .pop()
                        .is_some_and(|(_, handled)| handled);
                    Ok(match input {
                        Ok(values) => std::iter::once(Value::Bool(true)).chain(values).collect(),
                        Err(error) => {
                            let mut value = self.error_value(&error);
                            if let Some(handler) = handler
                                && !handled
                            {
                                value = match self.call_handler(handler, value) {
                                    Ok(results) => results.get(0),
                                    Err(_) => {
                                        let e =
                                            self.string_error("error in error handling".to_owned());
                                        self.error_value(&e)
                                    }
                                };
                            }
                            MultiValue::from_iter([Value::Bool(false), value])
                        }
                    })
                }
            };
        }
        input
    }

    /// Runs a coroutine's body from its start on the (empty) working stack.
    fn run_body(&mut self, function: Value, args: MultiValue) -> Result<MultiValue, RuntimeError> {
        let Value::Function(f) = function else {
            return self.call_value(function, args);
        };
        let closure = match self.vm.heap.function(f)? {
            Function::Lua(closure) => Shared::clone(closure),
            Function::Native(_) => return self.call_function(f, args),
        };
        self.vm.stack.push(function);
        self.vm.stack.extend(args.iter().copied());
        // The body's call takes no C level of its own: `resume` counted one (lua5.4).
        let result = self
            .push_lua_frame(closure, 0, args.len(), -1, true)
            .and_then(|()| self.execute(0));
        if let Err(RuntimeError::Yield) = result {
            self.vm.conts.push(Cont::LuaCall { entry: 0, func: 0 });
        }
        result.map(|count| MultiValue::from_slice(&self.vm.stack[..count]))
    }

    /// `coroutine.yield(...)`: checks that the running coroutine can yield here, then starts
    /// unwinding its loop to `resume`.
    pub(crate) fn yield_values(&mut self, values: MultiValue) -> Result<MultiValue, RuntimeError> {
        // Raised by a native, these messages carry no position (lua5.4's `luaG_runerror`
        // in a C function).
        if self.vm.current.is_none() {
            return Err(self.string_error("attempt to yield from outside a coroutine".to_owned()));
        }
        if !self.is_yieldable() {
            return Err(self.string_error("attempt to yield across a C-call boundary".to_owned()));
        }
        self.vm.yield_values = values;
        Err(RuntimeError::Yield)
    }

    /// Whether a native called now (counting itself) could yield: inside a coroutine, with
    /// no Rust call but `pcall`/`xpcall` between it and the coroutine's body.
    pub(crate) fn is_yieldable(&self) -> bool {
        self.vm.current.is_some() && self.vm.non_yieldable <= 1
    }

    /// `coroutine.close(co)`: runs the pending `<close>` variables of a suspended or failed
    /// coroutine and kills it; `Ok(None)` on success, `Ok(Some(error))` for its error.
    pub(crate) fn close_coroutine(
        &mut self,
        co: CoroutineRef,
    ) -> Result<Option<Value>, RuntimeError> {
        let mut error = match self.vm.heap.coroutine(co)?.status {
            CoStatus::Suspended { .. } => None,
            CoStatus::Dead { error } => error,
            CoStatus::Running | CoStatus::Main
                if self.vm.current.is_none() || self.vm.current == Some(co) =>
            {
                return Err(RuntimeError::Message(
                    "cannot close a running coroutine".to_owned(),
                ));
            }
            _ => {
                return Err(RuntimeError::Message(
                    "cannot close a normal coroutine".to_owned(),
                ));
            }
        };
        let previous = self.vm.current;
        let trace = take(&mut self.vm.trace);
        let state = self.switch_to(co)?;
        self.vm.heap.coroutine_mut(co)?.status = CoStatus::Running;
        self.put_working(state);
        // Only the pending `<close>` variables matter now: the coroutine's calls are over.
        self.vm.frames.clear();
        self.vm.protections.clear();
        self.vm.native_calls.clear();
        while let Some(slot) = self.vm.tbc.pop() {
            let value = self
                .vm
                .stack
                .get(slot as usize)
                .copied()
                .unwrap_or_default();
            let handler = self.metamethod(value, self.vm.names.close);
            let result = handler.and_then(|handler| {
                self.call_value(
                    handler,
                    MultiValue::from_iter([value, error.unwrap_or_default()]),
                )
            });
            if let Err(e) = result {
                error = Some(self.error_value(&e));
            }
        }
        let closed = self.close_upvalues(0);
        self.vm.trace = trace;
        self.switch_back(previous, CoStatus::Dead { error: None }, false)?;
        closed?;
        Ok(error)
    }
}
