//! Red Moon: a Lua 5.4 virtual machine for multiplayer games that run untrusted player scripts.
//!
//! The whole VM state lives in persistent (structurally shared) collections, so
//! [`interpreter::Vm`]'s `clone()` is O(1) and a snapshot never observes later mutation of
//! its origin: a rollback netcode engine can snapshot every frame and restore any of them.
//!
//! Layers, bottom up (see `ARCHITECTURE.md`):
//! - `shared` / `storage`: the pointer kind (`Rc`, or `Arc` with the `send` feature) and the
//!   container interface the heap is written against (persistent `imbl` or flat `std`).
//! - `value`: the 16-byte `Copy` [`interpreter::Value`] and the id types that address the heap.
//! - `heap`: id-addressed object stores (tables, functions, host data) and interned strings.
//! - `table`: Lua tables — array part + ordered hash part with Lua's key semantics.
//! - [`compiler`]: Lua source → tokens → syntax tree → [`bytecode`] prototypes.
//! - [`interpreter`]: the public embedding API (`Vm`, `VmContext`, refs, conversions).
//! - `serialize`: whole-VM saved states (serde, CBOR) and their validation.

#![forbid(unsafe_code)]

pub mod bytecode;
pub mod compiler;
pub mod errors;
mod gc;
mod heap;
pub mod interpreter;
mod serialize;
mod shared;
pub mod standalone;
pub mod stdlib;
pub mod storage;
mod table;
mod value;
