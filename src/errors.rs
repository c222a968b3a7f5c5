//! Errors raised by the VM and its embedding API.
//!
//! The `Display` text of each variant is the message lua5.4 gives for the same situation, so a
//! script (and a player) sees the same wording on Red Moon as on the reference interpreter.

use thiserror::Error;

pub use crate::serialize::StateError;

/// An error from running or manipulating the VM. Every limit and every misuse ends here —
/// never in a panic.
#[derive(Clone, Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum RuntimeError {
    /// A table was assigned under the key nil.
    #[error("table index is nil")]
    IndexIsNil,
    /// A table was assigned under the key NaN.
    #[error("table index is NaN")]
    IndexIsNaN,
    /// `next` was given a key the table never held at that position.
    #[error("invalid key to 'next'")]
    InvalidNextKey,
    /// A value without `__index`/`__newindex` support was indexed.
    #[error("attempt to index a {type_name} value")]
    IndexNonTable {
        /// Lua type name of the indexed value (its metatable's `__name` if that is a string).
        type_name: String,
    },
    /// A value that is not a function and has no `__call` was called.
    #[error("attempt to call a {type_name} value")]
    CallNonFunction {
        /// Lua type name of the called value (its metatable's `__name` if that is a string).
        type_name: String,
    },
    /// `__index` or `__newindex` handlers formed a chain longer than Lua's limit (2000).
    #[error("'{metamethod}' chain too long; possible loop")]
    MetamethodChainTooLong {
        /// `__index` or `__newindex`.
        metamethod: &'static str,
    },
    /// A value could not be converted to the requested Rust or Lua type.
    #[error("{expected} expected, got {found}")]
    TypeMismatch {
        /// What was expected (`number`, `string`, `table`, ...).
        expected: &'static str,
        /// Lua type name of what was found.
        found: &'static str,
    },
    /// A native function rejected one of its arguments (lua5.4's `luaL_argerror`). `Display`
    /// names the function `function` (the name the native gave); when the native was called
    /// from Lua, the error the script sees names it after the call site instead, as lua5.4
    /// does (`bad argument #1 to 'insert' (...)`, `calling 'm' on bad self (...)`).
    #[error("bad argument #{argument} to '{function}' ({message})")]
    BadArgument {
        /// The 1-based argument number, counting `self` of a method call.
        argument: usize,
        /// The name used when no call-site name is known.
        function: String,
        /// What is wrong (`table expected, got nil`).
        message: String,
    },
    /// A float with a fractional part, or out of `i64` range, was used as an integer.
    #[error("number has no integer representation")]
    NoIntegerRepresentation,
    /// An integer does not fit the requested Rust integer type.
    #[error("integer {value} out of range for {target}")]
    IntegerOutOfRange {
        /// The integer.
        value: i128,
        /// The Rust type it was converted to.
        target: &'static str,
    },
    /// A Lua string was converted to a Rust `String` but is not UTF-8.
    #[error("string is not valid UTF-8")]
    InvalidUtf8,
    /// A coroutine is yielding (internal: unwinds the coroutine's interpreter loop to
    /// `resume`; never returned to the host).
    #[error("attempt to yield across a C-call boundary")]
    Yield,
    /// The Lua stack grew past its limit.
    #[error("stack overflow")]
    StackOverflow,
    /// Too many nested calls through Rust (host functions, metamethods); lua5.4's limit is 200.
    #[error("C stack overflow")]
    CStackOverflow,
    /// A memory or id limit was reached.
    #[error("not enough memory")]
    OutOfMemory,
    /// A reference names an object this VM does not hold: collected (handles do not keep
    /// objects alive: keep long-lived ones in the registry, see
    /// `VmContext::create_registry_value`), or from another VM.
    #[error("invalid {kind} reference (collected, or from another VM)")]
    InvalidReference {
        /// `table`, `function`, `string`, ...
        kind: &'static str,
    },
    /// The VM's internal structures are inconsistent (only possible with a corrupted state).
    #[error("corrupted VM state")]
    CorruptHeap,
    /// An error message raised by a host function or by Lua code.
    #[error("{0}")]
    Message(String),
    /// A Lua error object (any value, as given to `error` or raised with a position by the
    /// interpreter) propagating through Lua and Rust frames.
    #[error("{message}")]
    Lua {
        /// The error value (a `Value` of the VM it was raised in).
        value: crate::interpreter::Value,
        /// A rendering made when the error was raised: a string's text, a number's form, or
        /// lua.c's `(error object is a X value)`.
        message: String,
    },
    /// A chunk given to `load` did not compile.
    #[error("{0}")]
    Syntax(SyntaxError),
}

/// A source text that is not valid Lua 5.4 or exceeds a compiler limit.
///
/// `Display` gives the whole message exactly as lua5.4 formats it, e.g.
/// `[string "x = "]:1: unexpected symbol near <eof>`.
#[derive(Clone, Debug, Error, PartialEq)]
#[error("{message}")]
pub struct SyntaxError {
    /// The complete message: `CHUNK:LINE: WHAT near 'TOKEN'` (the `near` part where lua5.4
    /// gives one).
    pub message: String,
    /// The reported line; `None` for nesting overflow, which lua5.4 reports without a
    /// position (`C stack overflow`).
    pub line: Option<u32>,
}
