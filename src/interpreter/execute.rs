//! The interpreter loop: one `match` over [`Instruction`]s, running Lua frames on the VM's
//! working stack until the frame it was entered for returns.

use super::debug_info::{register_description, upvalue_description, varinfo};
use super::ops::{as_number, is_bitwise};
use super::stack::Frame;
use super::{MultiValue, VmContext};
use crate::bytecode::{Instruction, Proto};
use crate::errors::RuntimeError;
use crate::heap::{Function, LuaClosure, UpvalueCell, UpvalueId};
use crate::shared::Shared;
use crate::storage::Storage;
use crate::value::arith::{self, ArithOp};
use crate::value::numeral::Number;
use crate::value::{FunctionRef, Value};

/// What a call instruction did.
enum Called {
    /// A Lua frame was pushed: continue in it.
    Lua,
    /// A native function ran; this many results were stored at the function's slot.
    Native(usize),
}

/// The result of a slow path of `run`, its error boxed (see `VmContext::arith_slow`).
type Slow<T> = Result<T, Box<RuntimeError>>;

impl<S: Storage> VmContext<'_, S> {
    /// Runs the frames from `entry` (a frame just pushed) until frame `entry` returns; returns
    /// the number of results, stored at that frame's function slot. On error the frames from
    /// `entry` are unwound (closing their upvalues and to-be-closed variables).
    pub(crate) fn execute(&mut self, entry: usize) -> Result<usize, RuntimeError> {
        match self.run(entry) {
            Ok(count) => Ok(count),
            Err(RuntimeError::Yield) => {
                // Unless the yield left through a call instruction of the top frame (which
                // recorded how to finish), it left through a metamethod called by the top
                // frame's current instruction.
                let native_call = matches!(
                    self.vm.conts.last(),
                    Some(crate::heap::Cont::NativeCall { .. })
                );
                if !native_call {
                    let top = self.vm.yield_top.take();
                    self.vm.conts.push(crate::heap::Cont::FinishOp { top });
                }
                Err(RuntimeError::Yield)
            }
            Err(error) => Err(self.fail(entry, error)),
        }
    }

    /// The error path of [`execute`](Self::execute): positions the error, records the
    /// traceback, runs `xpcall`'s handler and unwinds the frames from `entry` (except the
    /// bottom frame of a coroutine, which dies with its stack as it is: `coroutine.close`
    /// runs its pending `<close>` variables later, as lua5.4).
    pub(crate) fn fail(&mut self, entry: usize, error: RuntimeError) -> RuntimeError {
        let error = self.locate(error);
        // Tracebacks and `xpcall`'s handler see the stack of the error point.
        self.capture_traceback();
        if entry == 0 && self.vm.current.is_some() && self.vm.protections.is_empty() {
            return error;
        }
        // lua5.4 runs `xpcall`'s message handler at the error point, before unwinding.
        let error = self.handle_error(error);
        self.unwind(entry, error)
    }

    /// The instruction countdown ran out: runs the count hook (not inside another hook,
    /// and without allowing it to yield, as lua5.4) and restarts the countdown.
    #[cold]
    #[inline(never)]
    fn count_event(&mut self) -> Result<(), RuntimeError> {
        if self.vm.heap.gc.meter.take_interrupt() {
            // The collector's interrupt, at a safe point: then this instruction counts for
            // the count hook as any other.
            self.collector_interrupt()?;
            let meter = &mut self.vm.heap.gc.meter;
            if meter.countdown > 1 {
                meter.countdown -= 1;
                return Ok(());
            }
        }
        let Some((hook, count)) = self.vm.count_hook else {
            self.vm.heap.gc.meter.set_countdown(u32::MAX);
            return Ok(());
        };
        self.vm.heap.gc.meter.set_countdown(count);
        if self.vm.in_hook {
            return Ok(());
        }
        let event = Value::String(self.vm.heap.intern(b"count")?);
        self.vm.in_hook = true;
        self.vm.non_yieldable += 1;
        let result = self.call_value(hook, MultiValue::from_iter([event]));
        self.vm.non_yieldable -= 1;
        self.vm.in_hook = false;
        result.map(drop)
    }

    #[inline]
    fn upvalue_value(&self, id: UpvalueId) -> Result<Value, RuntimeError> {
        Ok(match self.vm.heap.upvalue(id)? {
            // Checked: a cell's slot comes from the heap (and from a saved state).
            UpvalueCell::Open { thread, slot } if thread == self.thread_id() => self
                .vm
                .stack
                .get(slot as usize)
                .copied()
                .ok_or(RuntimeError::CorruptHeap)?,
            UpvalueCell::Open { thread, slot } => self.foreign_slot(thread, slot)?,
            UpvalueCell::Closed(value) => value,
        })
    }

    fn set_upvalue(&mut self, id: UpvalueId, value: Value) -> Result<(), RuntimeError> {
        match self.vm.heap.upvalue(id)? {
            UpvalueCell::Open { thread, slot } if thread == self.thread_id() => {
                *self
                    .vm
                    .stack
                    .get_mut(slot as usize)
                    .ok_or(RuntimeError::CorruptHeap)? = value;
            }
            UpvalueCell::Open { thread, slot } => self.set_foreign_slot(thread, slot, value)?,
            UpvalueCell::Closed(_) => *self.vm.heap.upvalue_mut(id)? = UpvalueCell::Closed(value),
        }
        Ok(())
    }

    /// Resolves the callee at slot `func` to a function, inserting `__call` handlers before
    /// the arguments as needed.
    fn resolve_callee(
        &mut self,
        func: usize,
        args: &mut usize,
    ) -> Result<FunctionRef, RuntimeError> {
        loop {
            let callee = self.vm.stack[func];
            if let Value::Function(f) = callee {
                return Ok(f);
            }
            let handler = self.metamethod(callee, self.vm.names.call)?;
            if handler.is_nil() {
                return Err(RuntimeError::CallNonFunction {
                    type_name: self.type_name_of(callee),
                });
            }
            let end = func + 1 + *args;
            if self.vm.stack.len() < end + 1 {
                self.vm.stack.resize(end + 1, Value::Nil);
            }
            self.vm.stack.copy_within(func..end, func + 1);
            self.vm.stack[func] = handler;
            *args += 1;
        }
    }

    /// Calls the value at slot `func` with `args` arguments, wanting `results` (-1: all).
    fn precall(
        &mut self,
        func: usize,
        mut args: usize,
        results: i32,
    ) -> Result<Called, RuntimeError> {
        let f = self.resolve_callee(func, &mut args)?;
        let closure = match self.vm.heap.function(f)? {
            Function::Lua(closure) => Shared::clone(closure),
            Function::Native(_) => {
                let end = func + 1 + args;
                let values = MultiValue::from_slice(&self.vm.stack[func + 1..end]);
                // Registers above the arguments are dead (lua5.4's `L->top` for the call):
                // clear them so a collection inside the native does not keep their stale
                // values alive.
                if let Some(dead) = self.vm.stack.get_mut(end..) {
                    dead.fill(Value::Nil);
                }
                // A native called by a call instruction takes no C level of its own (lua5.4
                // counts the Lua calls it makes, not the call itself).
                let depth = self.vm.native_depth;
                self.vm.native_depth = depth.saturating_sub(1);
                let called = self.call_function(f, values);
                self.vm.native_depth = depth;
                let values = match called {
                    Err(RuntimeError::Yield) => {
                        self.vm.conts.push(crate::heap::Cont::NativeCall {
                            func: func as u32,
                            results,
                        });
                        return Err(RuntimeError::Yield);
                    }
                    other => other?,
                };
                return Ok(Called::Native(self.store_results(func, values, results)));
            }
        };
        self.push_lua_frame(closure, func, args, results, false)?;
        Ok(Called::Lua)
    }

    /// Stores a native call's `values` at slot `func` as `results` (-1: all) results; returns
    /// how many were stored.
    pub(crate) fn store_results(&mut self, func: usize, values: MultiValue, results: i32) -> usize {
        let n = values.len();
        let count = if results < 0 { n } else { results as usize };
        let stack = &mut self.vm.stack;
        if stack.len() < func + count.max(n) {
            stack.resize(func + count.max(n), Value::Nil);
        }
        for (i, value) in values.into_iter().take(count).enumerate() {
            stack[func + i] = value;
        }
        if count > n {
            stack[func + n..func + count].fill(Value::Nil);
        }
        count
    }

    /// Checks that `value` in register `reg` can be to-be-closed and registers its slot.
    fn mark_tbc(&mut self, slot: usize, reg: u8, pc: usize) -> Result<(), RuntimeError> {
        let value = self.vm.stack[slot];
        if !value.is_truthy() {
            return Ok(());
        }
        if self.metamethod(value, self.vm.names.close)?.is_nil() {
            let frame = self.vm.frames.last().ok_or(RuntimeError::CorruptHeap)?;
            let proto = &frame.closure.proto.proto;
            let name = proto
                .local_name(reg, pc as u32)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_else(|| "?".to_owned());
            return Err(RuntimeError::Message(format!(
                "variable '{name}' got a non-closable value"
            )));
        }
        self.vm.tbc.push(slot as u32);
        Ok(())
    }

    /// Numeric `for` preparation; `true` when the loop runs zero times.
    fn for_prep(&mut self, a: usize) -> Result<bool, RuntimeError> {
        let stack = &self.vm.stack;
        let (init, limit, step) = (stack[a], stack[a + 1], stack[a + 2]);
        let for_error = |what: &str, value: Value| {
            RuntimeError::Message(format!(
                "bad 'for' {what} (number expected, got {})",
                self.type_name_of(value)
            ))
        };
        if let (Value::Integer(init), Value::Integer(step)) = (init, step) {
            if step == 0 {
                return Err(RuntimeError::Message("'for' step is zero".to_owned()));
            }
            let limit = match limit {
                Value::Integer(l) => l,
                other => match self.coerce(other) {
                    None => return Err(for_error("limit", other)),
                    Some(Number::Integer(l)) => l,
                    Some(Number::Float(f)) => {
                        if f.is_nan() {
                            return Ok(true);
                        }
                        let g = if step < 0 { f.ceil() } else { f.floor() };
                        match crate::value::float_to_integer(g) {
                            Some(l) => l,
                            None if f > 0.0 => {
                                if step < 0 {
                                    return Ok(true);
                                }
                                i64::MAX
                            }
                            None => {
                                if step > 0 {
                                    return Ok(true);
                                }
                                i64::MIN
                            }
                        }
                    }
                },
            };
            if if step > 0 { init > limit } else { init < limit } {
                return Ok(true);
            }
            let count = if step > 0 {
                let span = (limit as u64).wrapping_sub(init as u64);
                if step != 1 { span / step as u64 } else { span }
            } else {
                let span = (init as u64).wrapping_sub(limit as u64);
                span / ((-(step + 1)) as u64 + 1)
            };
            let stack = &mut self.vm.stack;
            stack[a + 1] = Value::Integer(count as i64);
            stack[a + 3] = Value::Integer(init);
            Ok(false)
        } else {
            let to_float = |n: Number| arith::to_float(n);
            let flimit = self
                .coerce(limit)
                .ok_or_else(|| for_error("limit", limit))?;
            let fstep = self.coerce(step).ok_or_else(|| for_error("step", step))?;
            let finit = self
                .coerce(init)
                .ok_or_else(|| for_error("initial value", init))?;
            let (init, limit, step) = (to_float(finit), to_float(flimit), to_float(fstep));
            if step == 0.0 {
                return Err(RuntimeError::Message("'for' step is zero".to_owned()));
            }
            if if step > 0.0 {
                limit < init
            } else {
                init < limit
            } {
                return Ok(true);
            }
            let stack = &mut self.vm.stack;
            stack[a] = Value::Float(init);
            stack[a + 1] = Value::Float(limit);
            stack[a + 2] = Value::Float(step);
            stack[a + 3] = Value::Float(init);
            Ok(false)
        }
    }

    /// A number with string coercion.
    fn coerce(&self, value: Value) -> Option<Number> {
        match value {
            Value::Integer(i) => Some(Number::Integer(i)),
            Value::Float(f) => Some(Number::Float(f)),
            Value::String(s) => {
                crate::value::numeral::str_to_number(self.vm.heap.string(s).ok()?.as_bytes())
            }
            _ => None,
        }
    }

    fn new_closure(
        &mut self,
        parent: &LuaClosure,
        index: usize,
        base: usize,
    ) -> Result<Value, RuntimeError> {
        let child = Shared::clone(
            parent
                .proto
                .children
                .get(index)
                .ok_or(RuntimeError::CorruptHeap)?,
        );
        let upvalues = child
            .proto
            .upvalues
            .iter()
            .map(|desc| {
                if desc.in_stack {
                    self.find_upvalue(base + usize::from(desc.index))
                } else {
                    parent
                        .upvalues
                        .get(usize::from(desc.index))
                        .copied()
                        .ok_or(RuntimeError::CorruptHeap)
                }
            })
            .collect::<Result<Box<[_]>, _>>()?;
        let closure = LuaClosure {
            proto: child,
            upvalues,
        };
        Ok(Value::Function(
            self.vm
                .heap
                .create_function(Function::Lua(Shared::new(closure)))?,
        ))
    }

    /// Names the indexed value in an `attempt to index` error raised by the index
    /// instruction at `pc` on `target` itself (not on a value further down an `__index` /
    /// `__newindex` chain, which lua5.4 does not name).
    #[cold]
    #[inline(never)]
    fn index_error(
        &self,
        error: RuntimeError,
        proto: &Proto,
        pc: usize,
        target: Value,
        new_index: bool,
    ) -> RuntimeError {
        if matches!(error, RuntimeError::Yield) {
            return error;
        }
        let RuntimeError::IndexNonTable { type_name } = &error else {
            return error;
        };
        let event = if new_index {
            self.vm.names.new_index
        } else {
            self.vm.names.index
        };
        if matches!(target, Value::Table(_))
            || !matches!(self.metamethod(target, event), Ok(Value::Nil))
        {
            return error;
        }
        use Instruction as I;
        let info = match proto.code.get(pc) {
            Some(&(I::GetTabUp { upvalue, .. } | I::SetTabUp { upvalue, .. })) => {
                upvalue_description(proto, upvalue)
            }
            Some(
                &(I::GetTable { table, .. }
                | I::GetIndex { table, .. }
                | I::GetField { table, .. }
                | I::SetTable { table, .. }
                | I::SetIndex { table, .. }
                | I::SetField { table, .. }
                | I::Method { object: table, .. }),
            ) => varinfo(register_description(proto, pc, table).as_ref()),
            _ => String::new(),
        };
        RuntimeError::Message(format!("attempt to index a {type_name} value{info}"))
    }

    /// Names the operand in an arithmetic or bitwise error raised by the instruction at `pc`
    /// without any metamethod (lua5.4's `luaG_opinterror` / `luaG_tointerror`: the first
    /// operand if it is the wrong one, else the second; a constant operand gets no name).
    #[cold]
    #[inline(never)]
    fn arith_error(
        &self,
        error: RuntimeError,
        proto: &Proto,
        pc: usize,
        op: ArithOp,
        a: Value,
        b: Value,
    ) -> RuntimeError {
        if matches!(error, RuntimeError::Yield) {
            return error;
        }
        if !self.arith_unhandled(op, a, b) {
            return error;
        }
        let bitwise = is_bitwise(op);
        let info = |operand: usize| {
            let register = proto
                .code
                .get(pc)
                .and_then(|&instruction| operand_register(instruction, operand));
            varinfo(
                register
                    .and_then(|r| register_description(proto, pc, r))
                    .as_ref(),
            )
        };
        match (as_number(a), as_number(b)) {
            (Some(x), Some(_)) if bitwise => {
                let culprit = usize::from(arith::to_integer(x).is_ok());
                RuntimeError::Message(format!(
                    "number{} has no integer representation",
                    info(culprit)
                ))
            }
            (Some(_), Some(_)) => error,
            (x, _) => {
                let (culprit, value) = if x.is_none() { (0, a) } else { (1, b) };
                let what = if bitwise {
                    "bitwise operation"
                } else {
                    "arithmetic"
                };
                RuntimeError::Message(format!(
                    "attempt to perform {what} on a {} value{}",
                    self.type_name_of(value),
                    info(culprit)
                ))
            }
        }
    }

    /// Names the operand of a failed `Concat` at `pc` (`values`: the operands left when it
    /// failed, the last two being the pair without `__concat`).
    #[cold]
    #[inline(never)]
    fn concat_error(
        &self,
        error: RuntimeError,
        proto: &Proto,
        pc: usize,
        first: u8,
        values: &[Value],
    ) -> RuntimeError {
        if matches!(error, RuntimeError::Yield) {
            return error;
        }
        let n = values.len();
        if !matches!(error, RuntimeError::Message(_)) || n < 2 {
            return error;
        }
        let (a, b) = (values[n - 2], values[n - 1]);
        let is_text =
            |v: Value| matches!(v, Value::String(_) | Value::Integer(_) | Value::Float(_));
        let event = self.vm.names.concat;
        if (is_text(a) && is_text(b))
            || !matches!(self.metamethod(a, event), Ok(Value::Nil))
            || !matches!(self.metamethod(b, event), Ok(Value::Nil))
        {
            return error;
        }
        let (culprit, index) = if is_text(a) { (b, n - 1) } else { (a, n - 2) };
        let description = u8::try_from(usize::from(first) + index)
            .ok()
            .and_then(|register| register_description(proto, pc, register));
        RuntimeError::Message(format!(
            "attempt to concatenate a {} value{}",
            self.type_name_of(culprit),
            varinfo(description.as_ref())
        ))
    }

    /// Names the operand of a failed `Len` at `pc` (register `src` holding `value`).
    #[cold]
    #[inline(never)]
    fn length_error(
        &self,
        error: RuntimeError,
        proto: &Proto,
        pc: usize,
        src: u8,
        value: Value,
    ) -> RuntimeError {
        if matches!(error, RuntimeError::Yield) {
            return error;
        }
        if matches!(value, Value::String(_) | Value::Table(_))
            || !matches!(self.metamethod(value, self.vm.names.len), Ok(Value::Nil))
        {
            return error;
        }
        RuntimeError::Message(format!(
            "attempt to get length of a {} value{}",
            self.type_name_of(value),
            varinfo(register_description(proto, pc, src).as_ref())
        ))
    }

    /// The slow path of an arithmetic or bitwise instruction at `pc` (operands that are not
    /// both integers or both floats, metamethods): stores the result in stack slot `dst`.
    ///
    /// The slow paths of `run`'s many instruction sites are out of line and report errors
    /// boxed (one word, in a register): with the result and error of each site inline, `run`'s
    /// frame took several KiB, and every nested call from Rust into Lua (metamethods,
    /// callbacks, resume chains: up to the C-stack limit) takes one such frame.
    #[inline(never)]
    fn arith_slow(
        &mut self,
        proto: &Proto,
        pc: usize,
        op: ArithOp,
        (a, b): (Value, Value),
        dst: usize,
    ) -> Slow<()> {
        match self.arith(op, a, b) {
            Ok(value) => {
                *self
                    .vm
                    .stack
                    .get_mut(dst)
                    .ok_or(RuntimeError::CorruptHeap)? = value;
                Ok(())
            }
            Err(e) => Err(Box::new(self.arith_error(e, proto, pc, op, a, b))),
        }
    }

    /// The slow path of an index instruction at `pc` (`__index`, non-tables, absent keys):
    /// stores `target[key]` in stack slot `dst` (see [`arith_slow`](Self::arith_slow)).
    #[inline(never)]
    fn get_slow(
        &mut self,
        proto: &Proto,
        pc: usize,
        (target, key): (Value, Value),
        dst: usize,
    ) -> Slow<()> {
        match self.index(target, key) {
            Ok(value) => {
                *self
                    .vm
                    .stack
                    .get_mut(dst)
                    .ok_or(RuntimeError::CorruptHeap)? = value;
                Ok(())
            }
            Err(e) => Err(Box::new(self.index_error(e, proto, pc, target, false))),
        }
    }

    /// An assignment instruction at `pc`: `target[key] = value` with `__newindex` (see
    /// [`arith_slow`](Self::arith_slow)).
    #[inline(never)]
    fn set_slow(
        &mut self,
        proto: &Proto,
        pc: usize,
        (target, key, value): (Value, Value, Value),
    ) -> Slow<()> {
        self.new_index(target, key, value)
            .map_err(|e| Box::new(self.index_error(e, proto, pc, target, true)))
    }

    /// `a < b` / `a <= b` beyond numbers (see [`arith_slow`](Self::arith_slow)).
    #[inline(never)]
    fn less_slow(&mut self, a: Value, b: Value, le: bool) -> Slow<bool> {
        Ok(self.less(a, b, le)?)
    }

    /// `a == b` for different values (see [`arith_slow`](Self::arith_slow)).
    #[inline(never)]
    fn equals_slow(&mut self, a: Value, b: Value) -> Slow<bool> {
        Ok(self.equals(a, b)?)
    }

    fn run(&mut self, entry: usize) -> Result<usize, RuntimeError> {
        let mut top: usize = self.vm.resume_top.take().unwrap_or(0);
        'frame: loop {
            let frame: &Frame = self.vm.frames.last().ok_or(RuntimeError::CorruptHeap)?;
            let closure = Shared::clone(&frame.closure);
            let base = frame.base as usize;
            let varargs = frame.varargs as usize;
            let mut pc = frame.pc as usize;
            let loaded = &*closure.proto;
            let code = &loaded.proto.code[..];
            let k = &loaded.constants[..];

            macro_rules! sync {
                () => {
                    if let Some(frame) = self.vm.frames.last_mut() {
                        frame.pc = pc as u32;
                    }
                };
            }
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => {
                            // A yield leaves the frames of nested calls above this one, and
                            // every instruction that calls synchronized `pc` before calling.
                            if !matches!(e, RuntimeError::Yield) {
                                sync!();
                            }
                            return Err(e);
                        }
                    }
                };
            }
            macro_rules! reg {
                ($r:expr) => {
                    self.vm.stack[base + usize::from($r)]
                };
            }
            macro_rules! konst {
                ($i:expr) => {
                    k[usize::from($i)]
                };
            }
            // Runs a slow path (see `arith_slow`), leaving with its error.
            macro_rules! slow {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => return Err(*e),
                    }
                };
            }
            macro_rules! arith_slow {
                ($dst:expr, $op:expr, $a:expr, $b:expr) => {{
                    sync!();
                    let dst = base + usize::from($dst);
                    slow!(self.arith_slow(&loaded.proto, pc - 1, $op, ($a, $b), dst));
                }};
            }
            macro_rules! binary {
                ($dst:expr, $a:expr, $b:expr, $op:expr, $int:expr) => {{
                    let (a, b) = ($a, $b);
                    match (a, b) {
                        (Value::Integer(x), Value::Integer(y)) => {
                            reg!($dst) = Value::Integer($int(x, y))
                        }
                        (Value::Float(x), Value::Float(y)) => {
                            reg!($dst) = Value::Float(arith::float_arith($op, x, y))
                        }
                        _ => arith_slow!($dst, $op, a, b),
                    }
                }};
            }
            macro_rules! general {
                ($dst:expr, $a:expr, $b:expr, $op:expr) => {{
                    let (a, b) = ($a, $b);
                    match (as_number(a), as_number(b)) {
                        (Some(x), Some(y)) => match arith::arith($op, x, y) {
                            Ok(Number::Integer(i)) => reg!($dst) = Value::Integer(i),
                            Ok(Number::Float(f)) => reg!($dst) = Value::Float(f),
                            Err(_) => arith_slow!($dst, $op, a, b),
                        },
                        _ => arith_slow!($dst, $op, a, b),
                    }
                }};
            }
            macro_rules! compare {
                ($a:expr, $b:expr, $le:expr, $k:expr) => {{
                    let (a, b) = ($a, $b);
                    // Integers of at most 53 bits convert to floats exactly, so mixed
                    // comparisons with them are float comparisons (NaN compares false).
                    const EXACT: u64 = 1 << 53;
                    let floats = |x: f64, y: f64| if $le { x <= y } else { x < y };
                    let result = match (a, b) {
                        (Value::Integer(x), Value::Integer(y)) => {
                            if $le {
                                x <= y
                            } else {
                                x < y
                            }
                        }
                        (Value::Float(x), Value::Float(y)) => floats(x, y),
                        (Value::Float(x), Value::Integer(y)) if y.unsigned_abs() <= EXACT => {
                            floats(x, y as f64)
                        }
                        (Value::Integer(x), Value::Float(y)) if x.unsigned_abs() <= EXACT => {
                            floats(x as f64, y)
                        }
                        _ => {
                            sync!();
                            slow!(self.less_slow(a, b, $le))
                        }
                    };
                    if result != $k {
                        pc += 1;
                    }
                }};
            }
            macro_rules! imm {
                ($imm:expr, $is_float:expr) => {
                    if $is_float {
                        Value::Float(f64::from($imm))
                    } else {
                        Value::Integer(i64::from($imm))
                    }
                };
            }
            macro_rules! rk {
                ($value:expr, $is_k:expr) => {
                    if $is_k { konst!($value) } else { reg!($value) }
                };
            }
            macro_rules! set_indexed {
                ($target:expr, $key:expr, $value:expr) => {{
                    let values = ($target, $key, $value);
                    sync!();
                    slow!(self.set_slow(&loaded.proto, pc - 1, values));
                }};
            }
            macro_rules! get_indexed {
                ($dst:expr, $target:expr, $key:expr) => {{
                    let (target, key) = ($target, $key);
                    // Fast path: a key present in a table.
                    let value = match target {
                        Value::Table(t) => match self.vm.heap.table(t) {
                            Ok(table) => table.get(key),
                            Err(_) => Value::Nil,
                        },
                        _ => Value::Nil,
                    };
                    if value.is_nil() {
                        sync!();
                        let dst = base + usize::from($dst);
                        slow!(self.get_slow(&loaded.proto, pc - 1, (target, key), dst));
                    } else {
                        reg!($dst) = value;
                    }
                }};
            }
            macro_rules! do_return {
                ($first:expr, $n:expr) => {{
                    let (first, n) = ($first, $n);
                    let frame = tri!(self.vm.frames.pop().ok_or(RuntimeError::CorruptHeap));
                    let dst = frame.func as usize;
                    let count = if frame.results < 0 {
                        n
                    } else {
                        frame.results as usize
                    };
                    let stack = &mut self.vm.stack;
                    if stack.len() < dst + count {
                        stack.resize(dst + count, Value::Nil);
                    }
                    stack.copy_within(first..first + n.min(count), dst);
                    if count > n {
                        stack[dst + n..dst + count].fill(Value::Nil);
                    }
                    if self.vm.frames.len() == entry {
                        return Ok(count);
                    }
                    let caller = tri!(self.vm.frames.last().ok_or(RuntimeError::CorruptHeap));
                    let caller_top = caller.base as usize
                        + usize::from(caller.closure.proto.proto.max_stack_size);
                    self.vm
                        .stack
                        .resize(caller_top.max(dst + count), Value::Nil);
                    top = dst + count;
                    continue 'frame;
                }};
            }

            loop {
                let Some(&instruction) = code.get(pc) else {
                    return Err(RuntimeError::CorruptHeap);
                };
                pc += 1;
                if self.vm.heap.gc.meter.countdown > 1 {
                    self.vm.heap.gc.meter.countdown -= 1;
                } else {
                    sync!();
                    tri!(self.count_event());
                }
                match instruction {
                    Instruction::Move { dst, src } => reg!(dst) = reg!(src),
                    Instruction::LoadInt { dst, value } => reg!(dst) = Value::Integer(value.into()),
                    Instruction::LoadFloat { dst, value } => reg!(dst) = Value::Float(value.into()),
                    Instruction::LoadConst { dst, constant } => {
                        reg!(dst) = k[constant as usize];
                    }
                    Instruction::LoadFalse { dst } => reg!(dst) = Value::Bool(false),
                    Instruction::LoadFalseSkip { dst } => {
                        reg!(dst) = Value::Bool(false);
                        pc += 1;
                    }
                    Instruction::LoadTrue { dst } => reg!(dst) = Value::Bool(true),
                    Instruction::LoadNil { dst, extra } => {
                        let start = base + usize::from(dst);
                        self.vm.stack[start..=start + usize::from(extra)].fill(Value::Nil);
                    }
                    Instruction::GetUpvalue { dst, upvalue } => {
                        let id = closure.upvalues[usize::from(upvalue)];
                        reg!(dst) = tri!(self.upvalue_value(id));
                    }
                    Instruction::SetUpvalue { src, upvalue } => {
                        let id = closure.upvalues[usize::from(upvalue)];
                        let value = reg!(src);
                        tri!(self.set_upvalue(id, value));
                    }
                    Instruction::GetTabUp { dst, upvalue, key } => {
                        let id = closure.upvalues[usize::from(upvalue)];
                        let target = tri!(self.upvalue_value(id));
                        get_indexed!(dst, target, konst!(key));
                    }
                    Instruction::GetTable { dst, table, key } => {
                        get_indexed!(dst, reg!(table), reg!(key));
                    }
                    Instruction::GetIndex { dst, table, index } => {
                        get_indexed!(dst, reg!(table), Value::Integer(index.into()));
                    }
                    Instruction::GetField { dst, table, key } => {
                        get_indexed!(dst, reg!(table), konst!(key));
                    }
                    Instruction::SetTabUp {
                        upvalue,
                        key,
                        value,
                        value_is_constant,
                    } => {
                        let id = closure.upvalues[usize::from(upvalue)];
                        let target = tri!(self.upvalue_value(id));
                        set_indexed!(target, konst!(key), rk!(value, value_is_constant));
                    }
                    Instruction::SetTable {
                        table,
                        key,
                        value,
                        value_is_constant,
                    } => {
                        set_indexed!(reg!(table), reg!(key), rk!(value, value_is_constant));
                    }
                    Instruction::SetIndex {
                        table,
                        index,
                        value,
                        value_is_constant,
                    } => {
                        set_indexed!(
                            reg!(table),
                            Value::Integer(index.into()),
                            rk!(value, value_is_constant)
                        );
                    }
                    Instruction::SetField {
                        table,
                        key,
                        value,
                        value_is_constant,
                    } => {
                        set_indexed!(reg!(table), konst!(key), rk!(value, value_is_constant));
                    }
                    Instruction::NewTable { dst, .. } => {
                        let table = tri!(self.vm.heap.create_table());
                        reg!(dst) = Value::Table(table);
                    }
                    Instruction::Method { dst, object, key } => {
                        let object = reg!(object);
                        reg!(dst + 1) = object;
                        get_indexed!(dst, object, konst!(key));
                    }
                    Instruction::AddImm { dst, lhs, imm } => {
                        binary!(
                            dst,
                            reg!(lhs),
                            Value::Integer(imm.into()),
                            ArithOp::Add,
                            i64::wrapping_add
                        )
                    }
                    Instruction::AddConst { dst, lhs, constant } => {
                        binary!(
                            dst,
                            reg!(lhs),
                            konst!(constant),
                            ArithOp::Add,
                            i64::wrapping_add
                        )
                    }
                    Instruction::SubConst { dst, lhs, constant } => {
                        binary!(
                            dst,
                            reg!(lhs),
                            konst!(constant),
                            ArithOp::Sub,
                            i64::wrapping_sub
                        )
                    }
                    Instruction::MulConst { dst, lhs, constant } => {
                        binary!(
                            dst,
                            reg!(lhs),
                            konst!(constant),
                            ArithOp::Mul,
                            i64::wrapping_mul
                        )
                    }
                    Instruction::ModConst { dst, lhs, constant } => {
                        general!(dst, reg!(lhs), konst!(constant), ArithOp::Mod)
                    }
                    Instruction::PowConst { dst, lhs, constant } => {
                        general!(dst, reg!(lhs), konst!(constant), ArithOp::Pow)
                    }
                    Instruction::DivConst { dst, lhs, constant } => {
                        general!(dst, reg!(lhs), konst!(constant), ArithOp::Div)
                    }
                    Instruction::IDivConst { dst, lhs, constant } => {
                        general!(dst, reg!(lhs), konst!(constant), ArithOp::IDiv)
                    }
                    Instruction::BAndConst { dst, lhs, constant } => {
                        general!(dst, reg!(lhs), konst!(constant), ArithOp::BAnd)
                    }
                    Instruction::BOrConst { dst, lhs, constant } => {
                        general!(dst, reg!(lhs), konst!(constant), ArithOp::BOr)
                    }
                    Instruction::BXorConst { dst, lhs, constant } => {
                        general!(dst, reg!(lhs), konst!(constant), ArithOp::BXor)
                    }
                    Instruction::ShrImm { dst, lhs, imm } => {
                        general!(dst, reg!(lhs), Value::Integer(imm.into()), ArithOp::Shr)
                    }
                    Instruction::ShlImm { dst, rhs, imm } => {
                        general!(dst, Value::Integer(imm.into()), reg!(rhs), ArithOp::Shl)
                    }
                    Instruction::Add { dst, lhs, rhs } => {
                        binary!(dst, reg!(lhs), reg!(rhs), ArithOp::Add, i64::wrapping_add)
                    }
                    Instruction::Sub { dst, lhs, rhs } => {
                        binary!(dst, reg!(lhs), reg!(rhs), ArithOp::Sub, i64::wrapping_sub)
                    }
                    Instruction::Mul { dst, lhs, rhs } => {
                        binary!(dst, reg!(lhs), reg!(rhs), ArithOp::Mul, i64::wrapping_mul)
                    }
                    Instruction::Mod { dst, lhs, rhs } => {
                        general!(dst, reg!(lhs), reg!(rhs), ArithOp::Mod)
                    }
                    Instruction::Pow { dst, lhs, rhs } => {
                        general!(dst, reg!(lhs), reg!(rhs), ArithOp::Pow)
                    }
                    Instruction::Div { dst, lhs, rhs } => {
                        general!(dst, reg!(lhs), reg!(rhs), ArithOp::Div)
                    }
                    Instruction::IDiv { dst, lhs, rhs } => {
                        general!(dst, reg!(lhs), reg!(rhs), ArithOp::IDiv)
                    }
                    Instruction::BAnd { dst, lhs, rhs } => {
                        general!(dst, reg!(lhs), reg!(rhs), ArithOp::BAnd)
                    }
                    Instruction::BOr { dst, lhs, rhs } => {
                        general!(dst, reg!(lhs), reg!(rhs), ArithOp::BOr)
                    }
                    Instruction::BXor { dst, lhs, rhs } => {
                        general!(dst, reg!(lhs), reg!(rhs), ArithOp::BXor)
                    }
                    Instruction::Shl { dst, lhs, rhs } => {
                        general!(dst, reg!(lhs), reg!(rhs), ArithOp::Shl)
                    }
                    Instruction::Shr { dst, lhs, rhs } => {
                        general!(dst, reg!(lhs), reg!(rhs), ArithOp::Shr)
                    }
                    Instruction::Unm { dst, src } => {
                        let a = reg!(src);
                        general!(dst, a, a, ArithOp::Unm)
                    }
                    Instruction::BNot { dst, src } => {
                        let a = reg!(src);
                        general!(dst, a, a, ArithOp::BNot)
                    }
                    Instruction::Not { dst, src } => {
                        reg!(dst) = Value::Bool(!reg!(src).is_truthy())
                    }
                    Instruction::Len { dst, src } => {
                        let value = reg!(src);
                        sync!();
                        reg!(dst) = match self.length(value) {
                            Ok(length) => length,
                            Err(e) => {
                                return Err(self.length_error(
                                    e,
                                    &loaded.proto,
                                    pc - 1,
                                    src,
                                    value,
                                ));
                            }
                        };
                    }
                    Instruction::Concat { first, count } => {
                        let start = base + usize::from(first);
                        let mut values = self.vm.stack[start..start + usize::from(count)].to_vec();
                        sync!();
                        let result = match self.concat(&mut values) {
                            Ok(result) => result,
                            Err(RuntimeError::Yield) => {
                                // Keep the operands still to concatenate for the resume.
                                self.vm.stack[start..start + values.len()].copy_from_slice(&values);
                                self.vm.yield_top = Some((start + values.len()) as u32);
                                return Err(RuntimeError::Yield);
                            }
                            Err(e) => {
                                let proto = &loaded.proto;
                                return Err(self.concat_error(e, proto, pc - 1, first, &values));
                            }
                        };
                        self.vm.stack[start] = result;
                    }
                    Instruction::Close { from } => {
                        sync!();
                        let level = base + usize::from(from);
                        tri!(self.close_upvalues(level));
                        tri!(self.close_tbc(level));
                    }
                    Instruction::Tbc { reg } => {
                        sync!();
                        tri!(self.mark_tbc(base + usize::from(reg), reg, pc - 1));
                    }
                    Instruction::Jump { jump } => {
                        pc = (pc as isize + jump as isize) as usize;
                    }
                    Instruction::Eq { lhs, rhs, k } => {
                        let (a, b) = (reg!(lhs), reg!(rhs));
                        let result = if a == b {
                            true
                        } else {
                            sync!();
                            slow!(self.equals_slow(a, b))
                        };
                        if result != k {
                            pc += 1;
                        }
                    }
                    Instruction::Lt { lhs, rhs, k } => compare!(reg!(lhs), reg!(rhs), false, k),
                    Instruction::Le { lhs, rhs, k } => compare!(reg!(lhs), reg!(rhs), true, k),
                    Instruction::EqConst { lhs, constant, k } => {
                        if (reg!(lhs) == konst!(constant)) != k {
                            pc += 1;
                        }
                    }
                    Instruction::EqImm {
                        lhs,
                        imm,
                        is_float,
                        k,
                    } => {
                        if (reg!(lhs) == imm!(imm, is_float)) != k {
                            pc += 1;
                        }
                    }
                    Instruction::LtImm {
                        lhs,
                        imm,
                        is_float,
                        k,
                    } => compare!(reg!(lhs), imm!(imm, is_float), false, k),
                    Instruction::LeImm {
                        lhs,
                        imm,
                        is_float,
                        k,
                    } => compare!(reg!(lhs), imm!(imm, is_float), true, k),
                    Instruction::GtImm {
                        lhs,
                        imm,
                        is_float,
                        k,
                    } => compare!(imm!(imm, is_float), reg!(lhs), false, k),
                    Instruction::GeImm {
                        lhs,
                        imm,
                        is_float,
                        k,
                    } => compare!(imm!(imm, is_float), reg!(lhs), true, k),
                    Instruction::Test { src, k } => {
                        if reg!(src).is_truthy() != k {
                            pc += 1;
                        }
                    }
                    Instruction::TestSet { dst, src, k } => {
                        let value = reg!(src);
                        if value.is_truthy() != k {
                            pc += 1;
                        } else {
                            reg!(dst) = value;
                        }
                    }
                    Instruction::Call {
                        func,
                        args,
                        results,
                    } => {
                        let func = base + usize::from(func);
                        let args = if args == 0 {
                            top - func - 1
                        } else {
                            usize::from(args) - 1
                        };
                        sync!();
                        match tri!(self.precall(func, args, i32::from(results) - 1)) {
                            Called::Lua => continue 'frame,
                            Called::Native(count) => top = func + count,
                        }
                    }
                    Instruction::TailCall { func, args } => {
                        let func = base + usize::from(func);
                        let mut args = if args == 0 {
                            top - func - 1
                        } else {
                            usize::from(args) - 1
                        };
                        sync!();
                        let f = tri!(self.resolve_callee(func, &mut args));
                        let callee = match tri!(self.vm.heap.function(f)) {
                            Function::Lua(callee) => Some(Shared::clone(callee)),
                            Function::Native(_) => None,
                        };
                        match callee {
                            Some(callee) => {
                                tri!(self.close_upvalues(base));
                                let frame =
                                    tri!(self.vm.frames.pop().ok_or(RuntimeError::CorruptHeap));
                                let dst = frame.func as usize;
                                self.vm.stack.copy_within(func..func + 1 + args, dst);
                                let pushed = self.push_lua_frame(
                                    callee,
                                    dst,
                                    args,
                                    frame.results,
                                    frame.from_rust,
                                );
                                if let Err(e) = pushed {
                                    self.vm.frames.push(frame);
                                    return Err(e);
                                }
                                if let Some(frame) = self.vm.frames.last_mut() {
                                    frame.tail_call = true;
                                }
                                continue 'frame;
                            }
                            None => match tri!(self.precall(func, args, -1)) {
                                Called::Lua => continue 'frame,
                                Called::Native(count) => top = func + count,
                            },
                        }
                    }
                    Instruction::Return {
                        first,
                        count,
                        close,
                    } => {
                        let first = base + usize::from(first);
                        let n = if count == 0 {
                            top - first
                        } else {
                            usize::from(count) - 1
                        };
                        if close {
                            sync!();
                            tri!(self.close_upvalues(base));
                            if let Err(e) = self.close_tbc(base) {
                                if matches!(e, RuntimeError::Yield) {
                                    self.vm.yield_top = Some(top as u32);
                                }
                                return Err(e);
                            }
                        }
                        do_return!(first, n)
                    }
                    Instruction::Return0 => do_return!(base, 0),
                    Instruction::Return1 { src } => do_return!(base + usize::from(src), 1),
                    Instruction::ForPrep { base: a, jump } => {
                        sync!();
                        if tri!(self.for_prep(base + usize::from(a))) {
                            pc = (pc as isize + jump as isize) as usize;
                        }
                    }
                    Instruction::ForLoop { base: a, jump } => {
                        let a = base + usize::from(a);
                        let stack = &mut self.vm.stack;
                        match stack[a + 2] {
                            Value::Integer(step) => {
                                if let Value::Integer(count) = stack[a + 1]
                                    && count as u64 > 0
                                {
                                    stack[a + 1] = Value::Integer(count.wrapping_sub(1));
                                    if let Value::Integer(index) = stack[a] {
                                        let index = index.wrapping_add(step);
                                        stack[a] = Value::Integer(index);
                                        stack[a + 3] = Value::Integer(index);
                                    }
                                    pc = (pc as isize + jump as isize) as usize;
                                }
                            }
                            Value::Float(step) => {
                                if let (Value::Float(index), Value::Float(limit)) =
                                    (stack[a], stack[a + 1])
                                {
                                    let index = index + step;
                                    if if step > 0.0 {
                                        index <= limit
                                    } else {
                                        limit <= index
                                    } {
                                        stack[a] = Value::Float(index);
                                        stack[a + 3] = Value::Float(index);
                                        pc = (pc as isize + jump as isize) as usize;
                                    }
                                }
                            }
                            _ => return Err(RuntimeError::CorruptHeap),
                        }
                    }
                    Instruction::TForPrep { base: a, jump } => {
                        sync!();
                        tri!(self.mark_tbc(base + usize::from(a) + 3, a + 3, pc - 1));
                        pc = (pc as isize + jump as isize) as usize;
                    }
                    Instruction::TForCall { base: a, results } => {
                        let a = base + usize::from(a);
                        self.vm.stack.copy_within(a..a + 3, a + 4);
                        sync!();
                        match tri!(self.precall(a + 4, 2, i32::from(results))) {
                            Called::Lua => continue 'frame,
                            Called::Native(count) => top = a + 4 + count,
                        }
                    }
                    Instruction::TForLoop { base: a, jump } => {
                        let a = base + usize::from(a);
                        let value = self.vm.stack[a + 4];
                        if !value.is_nil() {
                            self.vm.stack[a + 2] = value;
                            pc = (pc as isize + jump as isize) as usize;
                        }
                    }
                    Instruction::SetList {
                        table,
                        count,
                        offset,
                    } => {
                        let start = base + usize::from(table);
                        let n = if count == 0 {
                            top - start - 1
                        } else {
                            usize::from(count)
                        };
                        let Value::Table(t) = self.vm.stack[start] else {
                            return Err(RuntimeError::CorruptHeap);
                        };
                        let values = &self.vm.stack[start + 1..=start + n];
                        tri!(self.vm.heap.table_mut(t)).set_list(i64::from(offset) + 1, values);
                    }
                    Instruction::Closure { dst, proto } => {
                        sync!();
                        let value = tri!(self.new_closure(&closure, proto as usize, base));
                        reg!(dst) = value;
                    }
                    Instruction::VarArg { dst, count } => {
                        let start = base + usize::from(dst);
                        let n = if count == 0 {
                            varargs
                        } else {
                            usize::from(count) - 1
                        };
                        let stack = &mut self.vm.stack;
                        if stack.len() < start + n {
                            if start + n > self.vm.stack_limit {
                                sync!();
                                return Err(RuntimeError::StackOverflow);
                            }
                            stack.resize(start + n, Value::Nil);
                        }
                        let copied = n.min(varargs);
                        stack.copy_within(base - varargs..base - varargs + copied, start);
                        stack[start + copied..start + n].fill(Value::Nil);
                        if count == 0 {
                            top = start + n;
                        }
                    }
                    Instruction::VarArgPrep { .. } => {}
                }
            }
        }
    }
}

/// The register holding operand `operand` (0: first, 1: second) of an arithmetic or bitwise
/// instruction; `None` for an immediate or constant operand.
fn operand_register(instruction: Instruction, operand: usize) -> Option<u8> {
    use Instruction as I;
    match instruction {
        I::Add { lhs, rhs, .. }
        | I::Sub { lhs, rhs, .. }
        | I::Mul { lhs, rhs, .. }
        | I::Mod { lhs, rhs, .. }
        | I::Pow { lhs, rhs, .. }
        | I::Div { lhs, rhs, .. }
        | I::IDiv { lhs, rhs, .. }
        | I::BAnd { lhs, rhs, .. }
        | I::BOr { lhs, rhs, .. }
        | I::BXor { lhs, rhs, .. }
        | I::Shl { lhs, rhs, .. }
        | I::Shr { lhs, rhs, .. } => Some(if operand == 0 { lhs } else { rhs }),
        I::AddImm { lhs, .. }
        | I::AddConst { lhs, .. }
        | I::SubConst { lhs, .. }
        | I::MulConst { lhs, .. }
        | I::ModConst { lhs, .. }
        | I::PowConst { lhs, .. }
        | I::DivConst { lhs, .. }
        | I::IDivConst { lhs, .. }
        | I::BAndConst { lhs, .. }
        | I::BOrConst { lhs, .. }
        | I::BXorConst { lhs, .. }
        | I::ShrImm { lhs, .. } => (operand == 0).then_some(lhs),
        I::ShlImm { rhs, .. } => (operand == 1).then_some(rhs),
        I::Unm { src, .. } | I::BNot { src, .. } => Some(src),
        _ => None,
    }
}

impl<S: Storage> VmContext<'_, S> {
    /// Finishes the top frame's current instruction, interrupted by a yield in a metamethod
    /// it called, with the metamethod's `values` (lua5.4's `luaV_finishOp`). `top` is the
    /// stack top the instruction recorded.
    pub(crate) fn finish_op(
        &mut self,
        values: MultiValue,
        top: Option<u32>,
    ) -> Result<(), RuntimeError> {
        let frame = self.vm.frames.last().ok_or(RuntimeError::CorruptHeap)?;
        let base = frame.base as usize;
        let pc = (frame.pc as usize)
            .checked_sub(1)
            .ok_or(RuntimeError::CorruptHeap)?;
        let instruction = *frame
            .closure
            .proto
            .proto
            .code
            .get(pc)
            .ok_or(RuntimeError::CorruptHeap)?;
        let value = values.get(0);
        let set = |ctx: &mut Self, dst: u8| ctx.vm.stack[base + usize::from(dst)] = value;
        let skip = |ctx: &mut Self, k: bool| {
            if value.is_truthy() != k
                && let Some(frame) = ctx.vm.frames.last_mut()
            {
                frame.pc += 1;
            }
        };
        match instruction {
            Instruction::GetTabUp { dst, .. }
            | Instruction::GetTable { dst, .. }
            | Instruction::GetIndex { dst, .. }
            | Instruction::GetField { dst, .. }
            | Instruction::Method { dst, .. }
            | Instruction::AddImm { dst, .. }
            | Instruction::AddConst { dst, .. }
            | Instruction::SubConst { dst, .. }
            | Instruction::MulConst { dst, .. }
            | Instruction::ModConst { dst, .. }
            | Instruction::PowConst { dst, .. }
            | Instruction::DivConst { dst, .. }
            | Instruction::IDivConst { dst, .. }
            | Instruction::BAndConst { dst, .. }
            | Instruction::BOrConst { dst, .. }
            | Instruction::BXorConst { dst, .. }
            | Instruction::ShrImm { dst, .. }
            | Instruction::ShlImm { dst, .. }
            | Instruction::Add { dst, .. }
            | Instruction::Sub { dst, .. }
            | Instruction::Mul { dst, .. }
            | Instruction::Mod { dst, .. }
            | Instruction::Pow { dst, .. }
            | Instruction::Div { dst, .. }
            | Instruction::IDiv { dst, .. }
            | Instruction::BAnd { dst, .. }
            | Instruction::BOr { dst, .. }
            | Instruction::BXor { dst, .. }
            | Instruction::Shl { dst, .. }
            | Instruction::Shr { dst, .. }
            | Instruction::Unm { dst, .. }
            | Instruction::BNot { dst, .. }
            | Instruction::Len { dst, .. } => set(self, dst),
            Instruction::Eq { k, .. }
            | Instruction::Lt { k, .. }
            | Instruction::Le { k, .. }
            | Instruction::EqConst { k, .. }
            | Instruction::EqImm { k, .. }
            | Instruction::LtImm { k, .. }
            | Instruction::LeImm { k, .. }
            | Instruction::GtImm { k, .. }
            | Instruction::GeImm { k, .. } => skip(self, k),
            Instruction::Concat { first, .. } => {
                let start = base + usize::from(first);
                let top = top.ok_or(RuntimeError::CorruptHeap)? as usize;
                if top < start + 2 || top > self.vm.stack.len() {
                    return Err(RuntimeError::CorruptHeap);
                }
                // The metamethod's result replaces the last two operands.
                self.vm.stack[top - 2] = value;
                let mut operands = self.vm.stack[start..top - 1].to_vec();
                match self.concat(&mut operands) {
                    Ok(result) => self.vm.stack[start] = result,
                    Err(RuntimeError::Yield) => {
                        self.vm.stack[start..start + operands.len()].copy_from_slice(&operands);
                        let top = Some((start + operands.len()) as u32);
                        self.vm.conts.push(crate::heap::Cont::FinishOp { top });
                        return Err(RuntimeError::Yield);
                    }
                    Err(error) => return Err(error),
                }
            }
            Instruction::Return { .. } | Instruction::Close { .. } => {
                // Run the instruction again: it closes the remaining variables.
                self.vm.resume_top = top.map(|top| top as usize);
                if let Some(frame) = self.vm.frames.last_mut() {
                    frame.pc -= 1;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
