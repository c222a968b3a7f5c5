//! Per-function state: the prototype under construction (code, line info, constants, nested
//! prototypes, local-variable debug info), the register stack, and the scope bookkeeping the
//! other modules share.

use std::collections::BTreeMap;

use super::scope::{ActiveVar, BlockState, LabelState, PendingGoto};
use crate::bytecode::{Constant, Instruction, LocalVar, Proto, UpvalueDesc};
use crate::compiler::CompileError;
use crate::compiler::ast::{Chunk, Expr, ExprId, Function, LocalId};
use crate::compiler::token::Symbol;
use crate::shared::Shared;

/// lua5.4's `MAXREGS`: a function whose frame would need this many registers is rejected, so
/// every register number, and every "count plus one" operand, fits in a byte.
pub(super) const MAX_REGS: usize = 255;

/// The message lua5.4 gives when a frame would exceed [`MAX_REGS`] (without its `near` token).
pub(super) const TOO_MANY_REGISTERS: &str = "function or expression needs too many registers";

/// Result type of the code generator.
pub(super) type GenResult<T> = Result<T, CompileError>;

/// Deduplication key of a constant: integers and floats are distinct (`1` and `1.0` are two
/// constants), floats compare by bits, strings by symbol (the interner deduplicates bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum ConstKey {
    /// `nil`
    Nil,
    /// `true` / `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float, by its bits.
    Float(u64),
    /// A string.
    Str(Symbol),
}

/// Everything the code generator knows about the function it is generating.
pub(super) struct FuncState<'c> {
    /// The chunk (expression arena and interner).
    pub chunk: &'c Chunk,
    /// The function being generated.
    pub func: &'c Function,
    /// The chunk name, shared by every prototype.
    pub source: Shared<[u8]>,
    /// Instructions emitted so far.
    pub code: Vec<Instruction>,
    /// Line of each instruction.
    pub lines: Vec<u32>,
    /// The constant table.
    pub constants: Vec<Constant>,
    /// Constant deduplication index: ordered, not hashed, because a script chooses the keys
    /// and an unseeded hash of them could be flooded.
    constant_index: BTreeMap<ConstKey, u32>,
    /// Nested prototypes, in creation order.
    pub protos: Vec<Shared<Proto>>,
    /// Local-variable debug info, in activation order.
    pub debug_locals: Vec<LocalVar>,
    /// This function's upvalue descriptions (computed by the parent).
    pub upvalues: Vec<UpvalueDesc>,
    /// First free register.
    pub free_reg: usize,
    /// Registers the frame needs so far.
    pub max_stack: usize,
    /// Active local variables, in register order (the `n`-th is in register `n`).
    pub active: Vec<ActiveVar>,
    /// Register of each active local of the AST (`None` when not in scope).
    pub local_regs: Vec<Option<u8>>,
    /// Open blocks, innermost last.
    pub blocks: Vec<BlockState>,
    /// One entry per label of the function.
    pub labels: Vec<LabelState>,
    /// Forward gotos, in creation order (resolved ones stay, flagged).
    pub pending: Vec<PendingGoto>,
    /// The last instruction index that is a jump target (lua5.4's `lasttarget`): no peephole
    /// merge may combine an instruction with one before this point.
    pub last_target: usize,
    /// Whether returns must close upvalues / to-be-closed variables (lua5.4's `needclose`).
    pub needs_close: bool,
    /// Line given to instructions that have no line of their own (the current statement's).
    pub line: u32,
}

impl<'c> FuncState<'c> {
    /// A fresh state for `func`.
    pub fn new(
        chunk: &'c Chunk,
        func: &'c Function,
        source: Shared<[u8]>,
        upvalues: Vec<UpvalueDesc>,
    ) -> Self {
        FuncState {
            chunk,
            func,
            source,
            code: Vec::new(),
            lines: Vec::new(),
            constants: Vec::new(),
            constant_index: BTreeMap::new(),
            protos: Vec::new(),
            debug_locals: Vec::new(),
            upvalues,
            free_reg: 0,
            // lua5.4 starts every frame at two registers.
            max_stack: 2,
            active: Vec::new(),
            local_regs: vec![None; func.locals.len()],
            blocks: Vec::new(),
            labels: func.labels.iter().map(|_| LabelState::default()).collect(),
            pending: Vec::new(),
            last_target: 0,
            needs_close: false,
            line: func.line_defined.max(1),
        }
    }

    /// An internal-consistency error (a malformed syntax tree): reported, never a panic.
    pub fn internal(&self, what: &str) -> CompileError {
        CompileError::at(self.line, format!("internal compiler error: {what}"))
    }

    /// The expression node `id`.
    pub fn node(&self, id: ExprId) -> GenResult<&'c Expr> {
        let chunk: &'c Chunk = self.chunk;
        if (id.0 as usize) < chunk.exprs.len() {
            Ok(chunk.expr(id))
        } else {
            Err(self.internal("expression out of range"))
        }
    }

    /// The bytes of a symbol.
    pub fn symbol_bytes(&self, symbol: Symbol) -> &'c [u8] {
        let chunk: &'c Chunk = self.chunk;
        chunk.interner.get(symbol)
    }

    /// Index of the next instruction.
    pub fn pc(&self) -> usize {
        self.code.len()
    }

    /// Emits `instruction` with the current line; returns its index.
    pub fn emit(&mut self, instruction: Instruction) -> usize {
        self.emit_at(instruction, self.line)
    }

    /// Emits `instruction` with `line`; returns its index.
    pub fn emit_at(&mut self, instruction: Instruction, line: u32) -> usize {
        self.code.push(instruction);
        self.lines.push(line);
        self.code.len() - 1
    }

    /// Removes the last instruction (it was just emitted and nothing refers to it).
    pub fn remove_last_instruction(&mut self) {
        self.code.pop();
        self.lines.pop();
    }

    /// The last instruction, unless a jump may land right after it (lua5.4's
    /// `previousinstruction`).
    pub fn previous_instruction(&self) -> Option<Instruction> {
        if self.pc() > self.last_target {
            self.code.last().copied()
        } else {
            None
        }
    }

    /// Number of registers held by active locals (lua5.4's `luaY_nvarstack`).
    pub fn nvarstack(&self) -> usize {
        self.active.len()
    }

    /// Makes sure `n` more registers above the free one exist (lua5.4's `luaK_checkstack`).
    pub fn check_stack(&mut self, n: usize) -> GenResult<()> {
        let new_stack = self.free_reg + n;
        if new_stack > self.max_stack {
            if new_stack >= MAX_REGS {
                return Err(CompileError::at(self.line, TOO_MANY_REGISTERS));
            }
            self.max_stack = new_stack;
        }
        Ok(())
    }

    /// Reserves `n` registers.
    pub fn reserve_regs(&mut self, n: usize) -> GenResult<()> {
        self.check_stack(n)?;
        self.free_reg += n;
        Ok(())
    }

    /// The first free register as an operand (always below [`MAX_REGS`]).
    pub fn free_register_operand(&self) -> u8 {
        u8::try_from(self.free_reg).unwrap_or(u8::MAX)
    }

    /// Frees `reg` if it is a temporary (it must be the top one).
    pub fn free_register(&mut self, reg: u8) {
        if usize::from(reg) >= self.nvarstack() {
            self.free_reg = self.free_reg.saturating_sub(1);
        }
    }

    /// Frees two temporaries, the higher first.
    pub fn free_registers(&mut self, r1: u8, r2: u8) {
        if r1 > r2 {
            self.free_register(r1);
            self.free_register(r2);
        } else {
            self.free_register(r2);
            self.free_register(r1);
        }
    }

    /// Index of the constant `key`, added if new.
    pub fn constant(&mut self, key: ConstKey) -> GenResult<u32> {
        if let Some(&index) = self.constant_index.get(&key) {
            return Ok(index);
        }
        let index = u32::try_from(self.constants.len())
            .map_err(|_| CompileError::at(self.line, "too many constants"))?;
        let value = match key {
            ConstKey::Nil => Constant::Nil,
            ConstKey::Bool(b) => Constant::Boolean(b),
            ConstKey::Int(i) => Constant::Integer(i),
            ConstKey::Float(bits) => {
                let f = f64::from_bits(bits);
                if f.is_nan() {
                    return Err(self.internal("NaN constant"));
                }
                Constant::Float(f)
            }
            ConstKey::Str(symbol) => Constant::String(self.symbol_bytes(symbol).into()),
        };
        self.constants.push(value);
        self.constant_index.insert(key, index);
        Ok(index)
    }

    /// Whether constant `index` is a string.
    pub fn is_string_constant(&self, index: u32) -> bool {
        matches!(
            self.constants.get(index as usize),
            Some(Constant::String(_))
        )
    }

    /// Register of the local `id`, which must be in scope.
    pub fn local_register(&self, id: LocalId) -> GenResult<u8> {
        self.local_regs
            .get(id.0 as usize)
            .copied()
            .flatten()
            .ok_or_else(|| self.internal("local variable not in scope"))
    }
}
