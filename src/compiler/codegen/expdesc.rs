//! Expression descriptors (lua5.4's `expdesc`): what an expression compiled so far is — a
//! constant, a variable, a table access, an instruction whose destination is still open, a
//! value in a register, or a condition — and the operations that turn one into a value in a
//! register, a constant operand, or a store.

use super::function::{ConstKey, FuncState, GenResult, TOO_MANY_REGISTERS};
use super::jumps::JumpList;
use crate::bytecode::Instruction;
use crate::compiler::CompileError;
use crate::compiler::token::Symbol;

/// Largest constant index an `RK` value operand (`u8`) can hold.
pub(super) const MAX_RK_INDEX: u32 = u8::MAX as u32;

/// Largest constant index a `u16` constant operand can hold.
pub(super) const MAX_K16_INDEX: u32 = u16::MAX as u32;

/// What an expression is, as far as it has been compiled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum ExpKind {
    /// No expression (an empty list).
    Void,
    /// `nil`
    Nil,
    /// `true`
    True,
    /// `false`
    False,
    /// An integer constant.
    Int(i64),
    /// A float constant.
    Float(f64),
    /// A string constant not yet in the constant table.
    Str(Symbol),
    /// The constant `K[index]`.
    Const(u32),
    /// A value in a fixed register.
    NonReloc(u8),
    /// A local variable in its register.
    Local(u8),
    /// An upvalue.
    Upvalue(u8),
    /// `U[upvalue][K[key]]` (a string key).
    IndexUp {
        /// Upvalue holding the table.
        upvalue: u8,
        /// String constant index.
        key: u16,
        /// Line of the indexing.
        line: u32,
    },
    /// `R[table][K[key]]` (a string key).
    IndexStr {
        /// Table register.
        table: u8,
        /// String constant index.
        key: u16,
        /// Line of the indexing.
        line: u32,
    },
    /// `R[table][index]` (an integer key 0..=255).
    IndexInt {
        /// Table register.
        table: u8,
        /// The key.
        index: u8,
        /// Line of the indexing.
        line: u32,
    },
    /// `R[table][R[key]]`.
    Indexed {
        /// Table register.
        table: u8,
        /// Key register.
        key: u8,
        /// Line of the indexing.
        line: u32,
    },
    /// A comparison: the `Jump` at this index (after its test) is taken when it is true.
    Jmp(usize),
    /// The instruction at this index computes the value; its destination is still open.
    Reloc(usize),
    /// The `Call` at this index (results still adjustable).
    Call(usize),
    /// The `VarArg` at this index (count and destination still adjustable).
    VarArg(usize),
}

/// An expression descriptor: its kind plus the jumps taken when it is true / false.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct ExpDesc {
    /// What it is.
    pub kind: ExpKind,
    /// Jumps to take when the expression is true ("exit when true").
    pub t: JumpList,
    /// Jumps to take when the expression is false.
    pub f: JumpList,
}

impl ExpDesc {
    /// A descriptor without pending jumps.
    pub fn new(kind: ExpKind) -> Self {
        ExpDesc {
            kind,
            t: None,
            f: None,
        }
    }

    /// The empty expression.
    pub fn void() -> Self {
        Self::new(ExpKind::Void)
    }

    /// Whether it has pending jumps.
    pub fn has_jumps(&self) -> bool {
        self.t.is_some() || self.f.is_some()
    }

    /// Whether it can produce several values (an open call or `...`).
    pub fn is_multret(&self) -> bool {
        matches!(self.kind, ExpKind::Call(_) | ExpKind::VarArg(_))
    }

    /// Whether it is a numeric constant without jumps (lua5.4's `tonumeral`).
    pub fn is_numeral(&self) -> bool {
        !self.has_jumps() && matches!(self.kind, ExpKind::Int(_) | ExpKind::Float(_))
    }

    /// Its register, if it is in a fixed one.
    pub fn register(&self) -> Option<u8> {
        match self.kind {
            ExpKind::NonReloc(reg) => Some(reg),
            _ => None,
        }
    }

    /// An integer constant fitting an `i16` immediate (lua5.4's `isSCint`).
    pub fn small_int(&self) -> Option<i16> {
        match self.kind {
            ExpKind::Int(i) if !self.has_jumps() => i16::try_from(i).ok(),
            _ => None,
        }
    }

    /// A number fitting an `i16` immediate, and whether it is a float (lua5.4's
    /// `isSCnumber`).
    pub fn small_number(&self) -> Option<(i16, bool)> {
        if self.has_jumps() {
            return None;
        }
        match self.kind {
            ExpKind::Int(i) => i16::try_from(i).ok().map(|i| (i, false)),
            ExpKind::Float(f)
                if f.fract() == 0.0 && f >= f64::from(i16::MIN) && f <= f64::from(i16::MAX) =>
            {
                Some((f as i16, true))
            }
            _ => None,
        }
    }
}

/// Sets the destination register of an instruction whose destination is open.
fn set_destination(instruction: &mut Instruction, reg: u8) {
    use Instruction as I;
    match instruction {
        I::Move { dst, .. }
        | I::LoadInt { dst, .. }
        | I::LoadFloat { dst, .. }
        | I::LoadConst { dst, .. }
        | I::LoadFalse { dst }
        | I::LoadTrue { dst }
        | I::GetUpvalue { dst, .. }
        | I::GetTabUp { dst, .. }
        | I::GetTable { dst, .. }
        | I::GetIndex { dst, .. }
        | I::GetField { dst, .. }
        | I::NewTable { dst, .. }
        | I::AddImm { dst, .. }
        | I::AddConst { dst, .. }
        | I::SubConst { dst, .. }
        | I::MulConst { dst, .. }
        | I::ModConst { dst, .. }
        | I::PowConst { dst, .. }
        | I::DivConst { dst, .. }
        | I::IDivConst { dst, .. }
        | I::BAndConst { dst, .. }
        | I::BOrConst { dst, .. }
        | I::BXorConst { dst, .. }
        | I::ShrImm { dst, .. }
        | I::ShlImm { dst, .. }
        | I::Add { dst, .. }
        | I::Sub { dst, .. }
        | I::Mul { dst, .. }
        | I::Mod { dst, .. }
        | I::Pow { dst, .. }
        | I::Div { dst, .. }
        | I::IDiv { dst, .. }
        | I::BAnd { dst, .. }
        | I::BOr { dst, .. }
        | I::BXor { dst, .. }
        | I::Shl { dst, .. }
        | I::Shr { dst, .. }
        | I::Unm { dst, .. }
        | I::BNot { dst, .. }
        | I::Not { dst, .. }
        | I::Len { dst, .. }
        | I::Closure { dst, .. }
        | I::VarArg { dst, .. } => *dst = reg,
        _ => {}
    }
}

impl FuncState<'_> {
    /// Frees the register of `e` if it is a temporary.
    pub fn free_exp(&mut self, e: &ExpDesc) {
        if let Some(reg) = e.register() {
            self.free_register(reg);
        }
    }

    /// Frees the registers of two expressions, the higher first.
    pub fn free_exps(&mut self, e1: &ExpDesc, e2: &ExpDesc) {
        match (e1.register(), e2.register()) {
            (Some(r1), Some(r2)) => self.free_registers(r1, r2),
            (Some(r), None) | (None, Some(r)) => self.free_register(r),
            (None, None) => {}
        }
    }

    /// `R[from..from + n] = nil`, merged into a preceding `LoadNil` when the ranges touch
    /// (lua5.4's `luaK_nil`).
    pub fn load_nil(&mut self, from: u8, n: usize) {
        let from = usize::from(from);
        let last = from + n.max(1) - 1;
        if let Some(Instruction::LoadNil { dst, extra }) = self.previous_instruction() {
            let previous_from = usize::from(dst);
            let previous_last = previous_from + usize::from(extra);
            if (previous_from <= from && from <= previous_last + 1)
                || (from <= previous_from && previous_from <= last + 1)
            {
                let first = from.min(previous_from);
                let last = last.max(previous_last);
                if let (Ok(dst), Ok(extra), Some(slot)) = (
                    u8::try_from(first),
                    u8::try_from(last - first),
                    self.code.last_mut(),
                ) {
                    *slot = Instruction::LoadNil { dst, extra };
                    return;
                }
            }
        }
        let dst = u8::try_from(from).unwrap_or(u8::MAX);
        let extra = u8::try_from(last - from).unwrap_or(u8::MAX);
        self.emit(Instruction::LoadNil { dst, extra });
    }

    /// `R[reg] = i`.
    pub fn load_int(&mut self, reg: u8, i: i64) -> GenResult<()> {
        match i32::try_from(i) {
            Ok(value) => {
                self.emit(Instruction::LoadInt { dst: reg, value });
            }
            Err(_) => {
                let constant = self.constant(ConstKey::Int(i))?;
                self.emit(Instruction::LoadConst { dst: reg, constant });
            }
        }
        Ok(())
    }

    /// `R[reg] = f`.
    pub fn load_float(&mut self, reg: u8, f: f64) -> GenResult<()> {
        let small = f.fract() == 0.0
            && f >= f64::from(i32::MIN)
            && f <= f64::from(i32::MAX)
            && !(f == 0.0 && f.is_sign_negative());
        if small {
            self.emit(Instruction::LoadFloat {
                dst: reg,
                value: f as i32,
            });
        } else {
            let constant = self.constant(ConstKey::Float(f.to_bits()))?;
            self.emit(Instruction::LoadConst { dst: reg, constant });
        }
        Ok(())
    }

    /// The "one result" form of an open call or `...` (lua5.4's `luaK_setoneret`).
    pub fn set_one_ret(&mut self, e: &mut ExpDesc) {
        match e.kind {
            ExpKind::Call(pc) => {
                if let Some(Instruction::Call { func, .. }) = self.code.get(pc) {
                    e.kind = ExpKind::NonReloc(*func);
                }
            }
            ExpKind::VarArg(pc) => {
                if let Some(Instruction::VarArg { count, .. }) = self.code.get_mut(pc) {
                    *count = 2;
                }
                e.kind = ExpKind::Reloc(pc);
            }
            _ => {}
        }
    }

    /// Makes an open call or `...` produce `results` values (`None`: all of them), the
    /// `...` going to the next free register (lua5.4's `luaK_setreturns`).
    pub fn set_returns(&mut self, e: &mut ExpDesc, results: Option<usize>) -> GenResult<()> {
        let encoded = match results {
            None => 0,
            Some(n) => {
                u8::try_from(n + 1).map_err(|_| CompileError::at(self.line, TOO_MANY_REGISTERS))?
            }
        };
        match e.kind {
            ExpKind::Call(pc) => {
                if let Some(Instruction::Call { results, .. }) = self.code.get_mut(pc) {
                    *results = encoded;
                }
            }
            ExpKind::VarArg(pc) => {
                let dst = self.free_register_operand();
                if let Some(slot) = self.code.get_mut(pc) {
                    *slot = Instruction::VarArg {
                        dst,
                        count: encoded,
                    };
                }
                self.reserve_regs(1)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Turns a variable or open call into a value (lua5.4's `luaK_dischargevars`).
    pub fn discharge_vars(&mut self, e: &mut ExpDesc) -> GenResult<()> {
        match e.kind {
            ExpKind::Local(reg) => e.kind = ExpKind::NonReloc(reg),
            ExpKind::Upvalue(upvalue) => {
                let pc = self.emit(Instruction::GetUpvalue { dst: 0, upvalue });
                e.kind = ExpKind::Reloc(pc);
            }
            ExpKind::IndexUp { upvalue, key, line } => {
                let pc = self.emit_at(
                    Instruction::GetTabUp {
                        dst: 0,
                        upvalue,
                        key,
                    },
                    line,
                );
                e.kind = ExpKind::Reloc(pc);
            }
            ExpKind::IndexStr { table, key, line } => {
                self.free_register(table);
                let pc = self.emit_at(Instruction::GetField { dst: 0, table, key }, line);
                e.kind = ExpKind::Reloc(pc);
            }
            ExpKind::IndexInt { table, index, line } => {
                self.free_register(table);
                let pc = self.emit_at(
                    Instruction::GetIndex {
                        dst: 0,
                        table,
                        index,
                    },
                    line,
                );
                e.kind = ExpKind::Reloc(pc);
            }
            ExpKind::Indexed { table, key, line } => {
                self.free_registers(table, key);
                let pc = self.emit_at(Instruction::GetTable { dst: 0, table, key }, line);
                e.kind = ExpKind::Reloc(pc);
            }
            ExpKind::Call(_) | ExpKind::VarArg(_) => self.set_one_ret(e),
            _ => {}
        }
        Ok(())
    }

    /// Puts the value of `e` (ignoring its jumps) into `reg` (lua5.4's `discharge2reg`).
    fn discharge_to_reg(&mut self, e: &mut ExpDesc, reg: u8) -> GenResult<()> {
        self.discharge_vars(e)?;
        match e.kind {
            ExpKind::Nil | ExpKind::Void => self.load_nil(reg, 1),
            ExpKind::False => {
                self.emit(Instruction::LoadFalse { dst: reg });
            }
            ExpKind::True => {
                self.emit(Instruction::LoadTrue { dst: reg });
            }
            ExpKind::Str(symbol) => {
                let constant = self.constant(ConstKey::Str(symbol))?;
                self.emit(Instruction::LoadConst { dst: reg, constant });
            }
            ExpKind::Const(constant) => {
                self.emit(Instruction::LoadConst { dst: reg, constant });
            }
            ExpKind::Float(f) => self.load_float(reg, f)?,
            ExpKind::Int(i) => self.load_int(reg, i)?,
            ExpKind::Reloc(pc) => {
                if let Some(instruction) = self.code.get_mut(pc) {
                    set_destination(instruction, reg);
                }
            }
            ExpKind::NonReloc(src) => {
                if src != reg {
                    self.emit(Instruction::Move { dst: reg, src });
                }
            }
            // A condition: its value is produced by `exp_to_reg`.
            _ => return Ok(()),
        }
        e.kind = ExpKind::NonReloc(reg);
        Ok(())
    }

    /// Puts the value of `e` in some register, a new one unless it already has one.
    pub fn discharge_to_any_reg(&mut self, e: &mut ExpDesc) -> GenResult<()> {
        if e.register().is_none() {
            self.reserve_regs(1)?;
            let reg = self.free_register_operand().wrapping_sub(1);
            self.discharge_to_reg(e, reg)?;
        }
        Ok(())
    }

    /// Emits a `LoadFalseSkip`/`LoadTrue` at a jump target; returns its index.
    fn code_load_bool(&mut self, instruction: Instruction) -> usize {
        self.get_label();
        self.emit(instruction)
    }

    /// Puts the complete value of `e`, jumps included, into `reg` (lua5.4's `exp2reg`).
    pub fn exp_to_reg(&mut self, e: &mut ExpDesc, reg: u8) -> GenResult<()> {
        self.discharge_to_reg(e, reg)?;
        if let ExpKind::Jmp(pc) = e.kind {
            self.concat(&mut e.t, Some(pc));
        }
        if e.has_jumps() {
            let mut load_false = None;
            let mut load_true = None;
            if self.need_value(e.t) || self.need_value(e.f) {
                let skip = if matches!(e.kind, ExpKind::Jmp(_)) {
                    None
                } else {
                    Some(self.jump())
                };
                load_false = Some(self.code_load_bool(Instruction::LoadFalseSkip { dst: reg }));
                load_true = Some(self.code_load_bool(Instruction::LoadTrue { dst: reg }));
                self.patch_to_here(skip);
            }
            let end = self.get_label();
            self.patch_list_aux(e.f, end, Some(reg), load_false.unwrap_or(end));
            self.patch_list_aux(e.t, end, Some(reg), load_true.unwrap_or(end));
        }
        e.t = None;
        e.f = None;
        e.kind = ExpKind::NonReloc(reg);
        Ok(())
    }

    /// Puts the value of `e` in the next free register (lua5.4's `luaK_exp2nextreg`).
    pub fn exp_to_next_reg(&mut self, e: &mut ExpDesc) -> GenResult<()> {
        self.discharge_vars(e)?;
        self.free_exp(e);
        self.reserve_regs(1)?;
        let reg = self.free_register_operand().wrapping_sub(1);
        self.exp_to_reg(e, reg)
    }

    /// Puts the value of `e` in some register and returns it (lua5.4's `luaK_exp2anyreg`).
    pub fn exp_to_any_reg(&mut self, e: &mut ExpDesc) -> GenResult<u8> {
        self.discharge_vars(e)?;
        if let ExpKind::NonReloc(reg) = e.kind {
            if !e.has_jumps() {
                return Ok(reg);
            }
            if usize::from(reg) >= self.nvarstack() {
                self.exp_to_reg(e, reg)?;
                return Ok(reg);
            }
            // A local with jumps: its value must go to a new register.
        }
        self.exp_to_next_reg(e)?;
        e.register()
            .ok_or_else(|| self.internal("value not in a register"))
    }

    /// Like [`Self::exp_to_any_reg`], but leaves an upvalue as it is (to be indexed with
    /// `GetTabUp`).
    pub fn exp_to_any_reg_up(&mut self, e: &mut ExpDesc) -> GenResult<()> {
        if !matches!(e.kind, ExpKind::Upvalue(_)) || e.has_jumps() {
            self.exp_to_any_reg(e)?;
        }
        Ok(())
    }

    /// Makes `e` a value: a register or a constant (lua5.4's `luaK_exp2val`).
    pub fn exp_to_val(&mut self, e: &mut ExpDesc) -> GenResult<()> {
        if e.has_jumps() {
            self.exp_to_any_reg(e)?;
            Ok(())
        } else {
            self.discharge_vars(e)
        }
    }

    /// If `e` is a constant whose index is at most `limit`, makes it `Const` and returns the
    /// index (lua5.4's `luaK_exp2K`). Otherwise `e` is left unchanged.
    pub fn exp_to_k(&mut self, e: &mut ExpDesc, limit: u32) -> GenResult<Option<u32>> {
        if e.has_jumps() {
            return Ok(None);
        }
        let index = match e.kind {
            ExpKind::True => self.constant(ConstKey::Bool(true))?,
            ExpKind::False => self.constant(ConstKey::Bool(false))?,
            ExpKind::Nil => self.constant(ConstKey::Nil)?,
            ExpKind::Int(i) => self.constant(ConstKey::Int(i))?,
            ExpKind::Float(f) => self.constant(ConstKey::Float(f.to_bits()))?,
            ExpKind::Str(symbol) => self.constant(ConstKey::Str(symbol))?,
            ExpKind::Const(index) => index,
            _ => return Ok(None),
        };
        if index <= limit {
            e.kind = ExpKind::Const(index);
            Ok(Some(index))
        } else {
            Ok(None)
        }
    }

    /// An `RK` value operand: a constant index that fits a byte, or a register.
    pub fn exp_to_rk(&mut self, e: &mut ExpDesc) -> GenResult<(u8, bool)> {
        match self.exp_to_k(e, MAX_RK_INDEX)? {
            Some(index) => Ok((u8::try_from(index).unwrap_or(u8::MAX), true)),
            None => Ok((self.exp_to_any_reg(e)?, false)),
        }
    }

    /// If `e` is a string constant whose index fits a `u16`, its index (and `e` becomes
    /// `Const`).
    pub fn string_key(&mut self, e: &mut ExpDesc) -> GenResult<Option<u16>> {
        if e.has_jumps() {
            return Ok(None);
        }
        if let ExpKind::Str(symbol) = e.kind {
            let index = self.constant(ConstKey::Str(symbol))?;
            e.kind = ExpKind::Const(index);
        }
        match e.kind {
            ExpKind::Const(index) if self.is_string_constant(index) => {
                Ok(u16::try_from(index).ok())
            }
            _ => Ok(None),
        }
    }

    /// Turns `t` (already through [`Self::exp_to_any_reg_up`]) into the access `t[k]`
    /// (lua5.4's `luaK_indexed`). `line` is the line of the access.
    pub fn indexed(&mut self, t: &mut ExpDesc, mut k: ExpDesc, line: u32) -> GenResult<()> {
        let string_key = self.string_key(&mut k)?;
        if matches!(t.kind, ExpKind::Upvalue(_)) && string_key.is_none() {
            self.exp_to_any_reg(t)?;
        }
        if let (ExpKind::Upvalue(upvalue), Some(key)) = (t.kind, string_key) {
            t.kind = ExpKind::IndexUp { upvalue, key, line };
            return Ok(());
        }
        let table = match t.kind {
            ExpKind::Local(reg) | ExpKind::NonReloc(reg) => reg,
            _ => return Err(self.internal("indexed value not in a register")),
        };
        t.kind = if let Some(key) = string_key {
            ExpKind::IndexStr { table, key, line }
        } else if let (ExpKind::Int(i), false) = (k.kind, k.has_jumps())
            && let Ok(index) = u8::try_from(i)
        {
            ExpKind::IndexInt { table, index, line }
        } else {
            let key = self.exp_to_any_reg(&mut k)?;
            ExpKind::Indexed { table, key, line }
        };
        Ok(())
    }

    /// Stores `value` into the variable `var` (lua5.4's `luaK_storevar`); `line` is the
    /// store's line.
    pub fn store_var(&mut self, var: &ExpDesc, value: &mut ExpDesc, line: u32) -> GenResult<()> {
        match var.kind {
            ExpKind::Local(reg) => {
                self.free_exp(value);
                return self.exp_to_reg(value, reg);
            }
            ExpKind::Upvalue(upvalue) => {
                let src = self.exp_to_any_reg(value)?;
                self.emit_at(Instruction::SetUpvalue { src, upvalue }, line);
            }
            ExpKind::IndexUp { upvalue, key, .. } => {
                let (value_operand, is_constant) = self.exp_to_rk(value)?;
                self.emit_at(
                    Instruction::SetTabUp {
                        upvalue,
                        key,
                        value: value_operand,
                        value_is_constant: is_constant,
                    },
                    line,
                );
            }
            ExpKind::IndexStr { table, key, .. } => {
                let (value_operand, is_constant) = self.exp_to_rk(value)?;
                self.emit_at(
                    Instruction::SetField {
                        table,
                        key,
                        value: value_operand,
                        value_is_constant: is_constant,
                    },
                    line,
                );
            }
            ExpKind::IndexInt { table, index, .. } => {
                let (value_operand, is_constant) = self.exp_to_rk(value)?;
                self.emit_at(
                    Instruction::SetIndex {
                        table,
                        index,
                        value: value_operand,
                        value_is_constant: is_constant,
                    },
                    line,
                );
            }
            ExpKind::Indexed { table, key, .. } => {
                let (value_operand, is_constant) = self.exp_to_rk(value)?;
                self.emit_at(
                    Instruction::SetTable {
                        table,
                        key,
                        value: value_operand,
                        value_is_constant: is_constant,
                    },
                    line,
                );
            }
            _ => return Err(self.internal("assignment to a non-variable")),
        }
        self.free_exp(value);
        Ok(())
    }
}
