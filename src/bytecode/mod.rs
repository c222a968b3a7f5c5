//! Compiled functions: immutable prototypes of register bytecode.
//!
//! A [`Proto`] is what the compiler produces for each function of a chunk. It is independent
//! of any VM (string constants are plain bytes), immutable, and shared behind
//! [`Shared`](crate::shared::Shared): closures and snapshots point at it, never copy it.

mod chunk;
mod disasm;
mod instruction;
mod verify;

pub use chunk::{
    Bytes, CHUNK_FORMAT_VERSION, CHUNK_HEADER, ChunkError, ConstantData, LocalData,
    MAX_PROTO_DEPTH, ProtoData, ProtoRecord, UpvalueData, decode_instruction, decode_proto,
    dump_chunk, encode_instruction, encode_proto, undump_chunk,
};
pub use disasm::disassemble;
pub use instruction::Instruction;
pub use verify::{VerifyError, verify};

use crate::shared::Shared;

/// A compiled function.
#[derive(Clone, Debug, PartialEq)]
pub struct Proto {
    /// The chunk name given to the compiler (`=stdin`, `@file.lua` or the source text), shared
    /// by every prototype of the chunk; messages show it through
    /// [`chunk_id`](crate::compiler::chunk_id).
    pub source: Shared<[u8]>,
    /// Line of the `function` keyword; 0 for a main chunk.
    pub line_defined: u32,
    /// Line of the closing `end`; 0 for a main chunk.
    pub last_line_defined: u32,
    /// Number of fixed parameters.
    pub num_params: u8,
    /// Whether the function takes `...`.
    pub is_vararg: bool,
    /// Registers a frame of this function needs.
    pub max_stack_size: u8,
    /// The instructions.
    pub code: Vec<Instruction>,
    /// Source line of each instruction (same length as `code`, or empty when the debug
    /// information was stripped from a binary chunk).
    pub lines: Vec<u32>,
    /// The constants instructions refer to.
    pub constants: Vec<Constant>,
    /// How each upvalue is captured when a closure of this prototype is created.
    pub upvalues: Vec<UpvalueDesc>,
    /// Prototypes of the functions defined inside this one (`Closure` operands).
    pub protos: Vec<Shared<Proto>>,
    /// Local variables with the instruction ranges where they are active, for error
    /// messages and debugging.
    pub locals: Vec<LocalVar>,
}

/// A constant of a prototype.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// `nil`
    Nil,
    /// `true` or `false`
    Boolean(bool),
    /// An integer.
    Integer(i64),
    /// A float (never NaN).
    Float(f64),
    /// A string (arbitrary bytes).
    String(Box<[u8]>),
}

/// Where an upvalue of a new closure comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct UpvalueDesc {
    /// The variable's name (for error messages and debugging).
    pub name: Box<[u8]>,
    /// `true`: the enclosing function's register `index`; `false`: the enclosing closure's
    /// upvalue `index`. A main chunk's single upvalue (`_ENV`) is supplied by the loader.
    pub in_stack: bool,
    /// Register or upvalue index in the enclosing function.
    pub index: u8,
}

/// A local variable's name and the instructions where it is active.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalVar {
    /// The name (internal loop state is named like lua5.4's, e.g. `(for state)`).
    pub name: Box<[u8]>,
    /// First instruction where the variable is active.
    pub start_pc: u32,
    /// First instruction where it is no longer active.
    pub end_pc: u32,
}

impl Proto {
    /// Name of the local variable in register `register` at instruction `pc`, if any
    /// (lua5.4's `luaF_getlocalname`).
    pub fn local_name(&self, register: u8, pc: u32) -> Option<&[u8]> {
        let mut remaining = usize::from(register);
        for local in &self.locals {
            if local.start_pc > pc {
                break;
            }
            if pc < local.end_pc {
                if remaining == 0 {
                    return Some(&local.name);
                }
                remaining -= 1;
            }
        }
        None
    }
}
