//! The saved-state format: plain serde data mirroring the VM, written as CBOR.
//!
//! Objects are written flat, per kind and in id order (free slots included, see
//! [`SlotStoreData`]), so every id, generation and free list — and therefore every future
//! allocation, iteration order and collector step — is the same after loading. Values refer to
//! objects and strings by id; prototypes are written once each (see [`ProtoTree`]).
//!
//! Per-object records are tuples (CBOR arrays) rather than structs (CBOR maps with field
//! names), which keeps a state of many small tables compact.

use crate::bytecode::{Bytes, ProtoData};
use crate::gc::CollectorData;
use crate::heap::slot_data::SlotStoreData;
use crate::value::{CoroutineRef, StringRef, TableRef, Value};
use serde::{Deserialize, Serialize};

/// Marks a saved Red Moon state (the first field of [`VmData`]).
pub(crate) const STATE_MAGIC: &str = "Red Moon state";

/// Version of the saved-state format; a state of another version is refused.
pub const STATE_FORMAT_VERSION: u32 = 1;

/// A whole VM at rest (no Lua code running).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VmData {
    pub(crate) magic: String,
    pub(crate) version: u32,
    /// The string table: every string value refers to a slot here.
    pub(crate) strings: SlotStoreData<Bytes>,
    /// Every prototype tree that a closure or a running frame uses, each written once.
    pub(crate) protos: Vec<ProtoTree>,
    pub(crate) tables: SlotStoreData<TableRecord>,
    pub(crate) functions: SlotStoreData<FunctionData>,
    /// Userdata: the metatable only (host values belong to the host).
    pub(crate) host_data: SlotStoreData<Option<TableRef>>,
    pub(crate) upvalues: SlotStoreData<CellData>,
    pub(crate) coroutines: SlotStoreData<CoroutineData>,
    pub(crate) globals: TableRef,
    pub(crate) registry: Option<TableRef>,
    /// The basic types' shared metatables.
    pub(crate) type_metatables: Vec<Option<TableRef>>,
    /// The interned metamethod names, in `MetaNames::all` order.
    pub(crate) names: Vec<StringRef>,
    /// The object standing for the main thread, once `coroutine.running` created it.
    pub(crate) main_thread: Option<CoroutineRef>,
    /// `math.random`'s generator state.
    pub(crate) random: [u64; 4],
    /// `warn`'s on/off switch.
    pub(crate) warnings_on: bool,
    /// `debug.sethook`'s count hook and period.
    pub(crate) count_hook: Option<(Value, u32)>,
    /// The collector: phase, marks, lists, pacing and settings.
    pub(crate) gc: CollectorData,
}

/// A prototype tree: the bytes it counts for in memory accounting (non-zero for a chunk's
/// main prototype), and its prototypes in the binary-chunk format (breadth first, so record
/// `i` is the `i`-th node of the tree in that order).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ProtoTree(pub(crate) u64, pub(crate) ProtoData);

/// A loaded prototype: `(tree, record)` in [`VmData::protos`].
pub(crate) type NodeRef = (u32, u32);

/// A table: `(metatable, array part, array capacity, hash part in order with tombstones)`.
pub(crate) type TableRecord = (Option<TableRef>, Vec<Value>, u64, Vec<(Value, Value)>);

/// A function object.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum FunctionData {
    /// A Lua closure: its prototype and its upvalue cells' ids.
    #[serde(rename = "L")]
    Lua(NodeRef, Vec<u32>),
    /// A Rust function: its tag (the implementation is the host's) and its upvalues.
    #[serde(rename = "R")]
    Native(Option<String>, Vec<Value>),
}

/// An upvalue cell.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum CellData {
    /// Still on a suspended coroutine's stack: `(coroutine id, slot)`.
    #[serde(rename = "O")]
    Open(u32, u32),
    /// Closed over its value.
    #[serde(rename = "C")]
    Closed(Value),
}

/// A coroutine: `(status, body function, thread state)`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CoroutineData(
    pub(crate) StatusData,
    pub(crate) Value,
    pub(crate) ThreadData,
);

/// A coroutine's status at rest (nothing runs, so never running or normal).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum StatusData {
    /// Not started, or yielded (`true`).
    #[serde(rename = "S")]
    Suspended(bool),
    /// Finished, closed, or failed with this error (its `<close>` variables pending).
    #[serde(rename = "D")]
    Dead(Option<Value>),
    /// The object standing for the main thread.
    #[serde(rename = "M")]
    Main,
}

/// A thread's saved interpreter state: `(stack, frames, open upvalues as (slot, cell),
/// to-be-closed slots, active protections as (handler, handled), continuations)`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct ThreadData(
    pub(crate) Vec<Value>,
    pub(crate) Vec<FrameData>,
    pub(crate) Vec<(u32, u32)>,
    pub(crate) Vec<u32>,
    pub(crate) Vec<(Option<Value>, bool)>,
    pub(crate) Vec<ContData>,
);

/// A Lua frame: `(prototype, upvalue cells, func, base, pc, varargs, results, from Rust,
/// tail call)`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct FrameData(
    pub(crate) NodeRef,
    pub(crate) Vec<u32>,
    pub(crate) u32,
    pub(crate) u32,
    pub(crate) u32,
    pub(crate) u32,
    pub(crate) i32,
    pub(crate) bool,
    pub(crate) bool,
);

/// A continuation (`heap::Cont`): a Rust layer a yield unwound.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum ContData {
    #[serde(rename = "N")]
    NativeCall(u32, i32),
    #[serde(rename = "L")]
    LuaCall(u32, u32),
    #[serde(rename = "P")]
    Protected(Option<Value>),
    #[serde(rename = "A")]
    Adjust(u8),
    #[serde(rename = "R")]
    PassResults,
    #[serde(rename = "F")]
    FinishOp(Option<u32>),
}
