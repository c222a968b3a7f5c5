//! Coroutine objects: a suspended (or normal, or failed) thread keeps its whole interpreter
//! state here, so a snapshot of the VM carries it like any other heap object.

use super::UpvalueId;
use crate::interpreter::stack::Frame;
use crate::value::{FunctionRef, Value};

/// Reserved thread id of the main thread in open upvalue cells (coroutines use their id).
pub(crate) const MAIN_THREAD: u32 = u32::MAX;

/// The working state of one thread (the VM's flat buffers while it runs).
#[derive(Clone, Default)]
pub(crate) struct ThreadState {
    pub(crate) stack: Vec<Value>,
    pub(crate) frames: Vec<Frame>,
    pub(crate) open_upvalues: Vec<(u32, UpvalueId)>,
    pub(crate) tbc: Vec<u32>,
    pub(crate) native_calls: Vec<(u32, FunctionRef)>,
    pub(crate) protections: Vec<(Option<Value>, bool)>,
    /// How to continue after a yield, innermost first: what each Rust layer the yield
    /// unwound would have done with the results it was waiting for.
    pub(crate) conts: Vec<Cont>,
    /// Running Rust calls a yield cannot cross (natives other than `pcall`/`xpcall`/`yield`).
    pub(crate) non_yieldable: u32,
}

/// One Rust layer unwound by a yield, to be finished when the coroutine resumes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cont {
    /// A native called by a call instruction of the top frame: its results go to slot
    /// `func` (`results` wanted, -1: all) and the frame continues after the instruction.
    NativeCall { func: u32, results: i32 },
    /// A Lua function called from Rust: run its frames (from frame `entry`) to completion;
    /// its results are at slot `func`.
    LuaCall { entry: u32, func: u32 },
    /// `pcall`/`xpcall` (with its message handler): results get `true` prepended, errors
    /// become `false, error`.
    Protected { handler: Option<Value> },
    /// A native whose result is the first `count` results of a call that yielded (`pairs`
    /// calling `__pairs`): adjust them to `count` values, errors leaving without a position.
    Adjust { count: u8 },
    /// A native whose results are those of a call that yielded (`dofile` running its chunk).
    PassResults,
    /// A metamethod called by the top frame's current instruction: finish the instruction
    /// with its result (`top`: the stack top the instruction needs, for `Return`/`Concat`).
    FinishOp { top: Option<u32> },
}

/// A coroutine's status.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum CoStatus {
    /// Created or yielded; `started` once it ran.
    Suspended { started: bool },
    /// The running thread.
    Running,
    /// Resumed another coroutine and waits for it.
    Normal,
    /// Finished, closed, or failed with an error whose `<close>` variables are still pending.
    Dead { error: Option<Value> },
    /// The object standing for the main thread (`coroutine.running()` in the main thread).
    Main,
}

/// A coroutine object.
#[derive(Clone)]
pub(crate) struct Coroutine {
    pub(crate) status: CoStatus,
    pub(crate) function: Value,
    pub(crate) state: ThreadState,
}
