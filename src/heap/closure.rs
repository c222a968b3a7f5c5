//! Lua closures and their upvalue cells.
//!
//! A chunk is loaded once into a tree of [`LoadedProto`]s whose constants are already VM values
//! (strings interned at load time), so instructions never convert a constant. A [`LuaClosure`]
//! is a loaded prototype plus the ids of its upvalue cells; sibling closures capturing the same
//! variable hold the same [`UpvalueId`].

use crate::bytecode::Proto;
use crate::shared::Shared;
use crate::value::Value;

/// A prototype loaded into one VM: its constants as values and its loaded children.
pub(crate) struct LoadedProto {
    /// The compiled prototype (code, lines, upvalue descriptors, debug info).
    pub(crate) proto: Shared<Proto>,
    /// `proto.constants` as values of this VM.
    pub(crate) constants: Box<[Value]>,
    /// The loaded nested prototypes, indexed like `proto.protos`.
    pub(crate) children: Box<[Shared<LoadedProto>]>,
    /// Bytes the prototype tree counts for in memory accounting: its size for a chunk's
    /// main prototype (so a loaded chunk's code is accounted once, with the chunk's
    /// closure), zero for nested ones.
    pub(crate) bytes: u64,
}

impl LoadedProto {
    /// Nominal size of a prototype tree: code, line info, constants and descriptors.
    pub(crate) fn tree_bytes(proto: &Proto) -> u64 {
        let own = 120
            + 8 * proto.code.len() as u64
            + 4 * proto.lines.len() as u64
            + 16 * proto.constants.len() as u64
            + 16 * proto.upvalues.len() as u64
            + 24 * proto.locals.len() as u64;
        proto.protos.iter().fold(own, |sum, child| {
            sum.saturating_add(Self::tree_bytes(child))
        })
    }
}

/// A Lua function value: a loaded prototype and its upvalue cells.
pub(crate) struct LuaClosure {
    /// The function's prototype.
    pub(crate) proto: Shared<LoadedProto>,
    /// One cell per upvalue descriptor of the prototype.
    pub(crate) upvalues: Box<[UpvalueId]>,
}

/// The id of an upvalue cell in the heap (internal: never a Lua value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UpvalueId(pub(crate) u32);

/// An upvalue cell: a captured variable.
#[derive(Clone, Copy, Debug)]
pub(crate) enum UpvalueCell {
    /// The variable still lives in a register: slot `slot` of thread `thread`'s stack
    /// (`MAIN_THREAD` or a coroutine's id).
    Open {
        /// The thread whose stack holds the slot.
        thread: u32,
        /// Absolute stack slot.
        slot: u32,
    },
    /// The variable outlived its scope and lives in the cell.
    Closed(Value),
}
