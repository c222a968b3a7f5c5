//! Operators and conditions (lua5.4's `luaK_prefix`/`luaK_infix`/`luaK_posfix`,
//! `luaK_goiftrue`/`luaK_goiffalse`), expressed with this VM's instruction set.
//!
//! The instruction set has no `MMBIN` companion instructions carrying a "flipped" flag, so a
//! constant on the left of an arithmetic operator is never swapped to the right (`1 + x`
//! loads `1` into a register: `__add` must see its operands in source order), and `x - 1` is
//! a `SubConst`, never an `AddImm` of `-1` (`__sub` must be the metamethod called).

use super::expdesc::{ExpDesc, ExpKind, MAX_K16_INDEX};
use super::function::{FuncState, GenResult};
use super::jumps::JumpList;
use crate::bytecode::Instruction;
use crate::compiler::ast::{BinaryOp, UnaryOp};

/// Constructor of a `dst = lhs op rhs` register instruction.
type RegOp = fn(u8, u8, u8) -> Instruction;
/// Constructor of a `dst = lhs op K[constant]` instruction.
type ConstOp = fn(u8, u8, u16) -> Instruction;

/// The register form of an arithmetic or bitwise operator.
fn register_form(op: BinaryOp) -> Option<RegOp> {
    use Instruction as I;
    Some(match op {
        BinaryOp::Add => |dst, lhs, rhs| I::Add { dst, lhs, rhs },
        BinaryOp::Sub => |dst, lhs, rhs| I::Sub { dst, lhs, rhs },
        BinaryOp::Mul => |dst, lhs, rhs| I::Mul { dst, lhs, rhs },
        BinaryOp::Div => |dst, lhs, rhs| I::Div { dst, lhs, rhs },
        BinaryOp::IDiv => |dst, lhs, rhs| I::IDiv { dst, lhs, rhs },
        BinaryOp::Mod => |dst, lhs, rhs| I::Mod { dst, lhs, rhs },
        BinaryOp::Pow => |dst, lhs, rhs| I::Pow { dst, lhs, rhs },
        BinaryOp::BAnd => |dst, lhs, rhs| I::BAnd { dst, lhs, rhs },
        BinaryOp::BOr => |dst, lhs, rhs| I::BOr { dst, lhs, rhs },
        BinaryOp::BXor => |dst, lhs, rhs| I::BXor { dst, lhs, rhs },
        BinaryOp::Shl => |dst, lhs, rhs| I::Shl { dst, lhs, rhs },
        BinaryOp::Shr => |dst, lhs, rhs| I::Shr { dst, lhs, rhs },
        _ => return None,
    })
}

/// The constant-operand form of an arithmetic or bitwise operator.
fn constant_form(op: BinaryOp) -> Option<ConstOp> {
    use Instruction as I;
    Some(match op {
        BinaryOp::Add => |dst, lhs, constant| I::AddConst { dst, lhs, constant },
        BinaryOp::Sub => |dst, lhs, constant| I::SubConst { dst, lhs, constant },
        BinaryOp::Mul => |dst, lhs, constant| I::MulConst { dst, lhs, constant },
        BinaryOp::Div => |dst, lhs, constant| I::DivConst { dst, lhs, constant },
        BinaryOp::IDiv => |dst, lhs, constant| I::IDivConst { dst, lhs, constant },
        BinaryOp::Mod => |dst, lhs, constant| I::ModConst { dst, lhs, constant },
        BinaryOp::Pow => |dst, lhs, constant| I::PowConst { dst, lhs, constant },
        BinaryOp::BAnd => |dst, lhs, constant| I::BAndConst { dst, lhs, constant },
        BinaryOp::BOr => |dst, lhs, constant| I::BOrConst { dst, lhs, constant },
        BinaryOp::BXor => |dst, lhs, constant| I::BXorConst { dst, lhs, constant },
        _ => return None,
    })
}

impl FuncState<'_> {
    /// Emits `test` + `Jump` for a value test: jump when `e`'s truth equals `cond`
    /// (lua5.4's `jumponcond`). A `not x` just computed is replaced by a test of `x`.
    fn jump_on_cond(&mut self, e: &mut ExpDesc, cond: bool) -> GenResult<usize> {
        if let ExpKind::Reloc(pc) = e.kind
            && pc + 1 == self.pc()
            && let Some(&Instruction::Not { src, .. }) = self.code.get(pc)
        {
            self.remove_last_instruction();
            let line = self.line;
            return Ok(self.cond_jump(Instruction::Test { src, k: !cond }, line));
        }
        self.discharge_to_any_reg(e)?;
        self.free_exp(e);
        let src = e
            .register()
            .ok_or_else(|| self.internal("tested value not in a register"))?;
        let line = self.line;
        // The destination is decided when the jump is patched (`TestSet` or `Test`).
        Ok(self.cond_jump(
            Instruction::TestSet {
                dst: src,
                src,
                k: cond,
            },
            line,
        ))
    }

    /// Falls through when `e` is true, jumps (list `e.f`) when false (lua5.4's
    /// `luaK_goiftrue`).
    pub fn go_if_true(&mut self, e: &mut ExpDesc) -> GenResult<()> {
        self.discharge_vars(e)?;
        let jump = match e.kind {
            ExpKind::Jmp(pc) => {
                self.negate_condition(pc);
                Some(pc)
            }
            ExpKind::Const(_)
            | ExpKind::Float(_)
            | ExpKind::Int(_)
            | ExpKind::Str(_)
            | ExpKind::True => None,
            _ => Some(self.jump_on_cond(e, false)?),
        };
        self.concat(&mut e.f, jump);
        self.patch_to_here(e.t);
        e.t = None;
        Ok(())
    }

    /// Falls through when `e` is false, jumps (list `e.t`) when true (lua5.4's
    /// `luaK_goiffalse`).
    pub fn go_if_false(&mut self, e: &mut ExpDesc) -> GenResult<()> {
        self.discharge_vars(e)?;
        let jump = match e.kind {
            ExpKind::Jmp(pc) => Some(pc),
            ExpKind::Nil | ExpKind::False => None,
            _ => Some(self.jump_on_cond(e, true)?),
        };
        self.concat(&mut e.t, jump);
        self.patch_to_here(e.f);
        e.f = None;
        Ok(())
    }

    /// `not e` (lua5.4's `codenot`).
    fn code_not(&mut self, e: &mut ExpDesc, line: u32) -> GenResult<()> {
        match e.kind {
            ExpKind::Nil | ExpKind::False => e.kind = ExpKind::True,
            ExpKind::Const(_)
            | ExpKind::Float(_)
            | ExpKind::Int(_)
            | ExpKind::Str(_)
            | ExpKind::True => e.kind = ExpKind::False,
            ExpKind::Jmp(pc) => self.negate_condition(pc),
            _ => {
                self.discharge_to_any_reg(e)?;
                self.free_exp(e);
                let src = e
                    .register()
                    .ok_or_else(|| self.internal("operand not in a register"))?;
                let pc = self.emit_at(Instruction::Not { dst: 0, src }, line);
                e.kind = ExpKind::Reloc(pc);
            }
        }
        std::mem::swap(&mut e.t, &mut e.f);
        self.remove_values(e.f);
        self.remove_values(e.t);
        Ok(())
    }

    /// Applies a unary operator to `e` (lua5.4's `luaK_prefix`; folding is the parser's).
    pub fn prefix(&mut self, op: UnaryOp, e: &mut ExpDesc, line: u32) -> GenResult<()> {
        self.discharge_vars(e)?;
        let make: fn(u8, u8) -> Instruction = match op {
            UnaryOp::Not => return self.code_not(e, line),
            UnaryOp::Neg => |dst, src| Instruction::Unm { dst, src },
            UnaryOp::BNot => |dst, src| Instruction::BNot { dst, src },
            UnaryOp::Len => |dst, src| Instruction::Len { dst, src },
        };
        let src = self.exp_to_any_reg(e)?;
        self.free_exp(e);
        let pc = self.emit_at(make(0, src), line);
        e.kind = ExpKind::Reloc(pc);
        Ok(())
    }

    /// Prepares the left operand of a binary operator before the right one is compiled
    /// (lua5.4's `luaK_infix`).
    pub fn infix(&mut self, op: BinaryOp, e: &mut ExpDesc) -> GenResult<()> {
        self.discharge_vars(e)?;
        match op {
            BinaryOp::And => self.go_if_true(e)?,
            BinaryOp::Or => self.go_if_false(e)?,
            BinaryOp::Concat => self.exp_to_next_reg(e)?,
            BinaryOp::Eq | BinaryOp::NotEq => {
                let constant = !e.has_jumps()
                    && matches!(
                        e.kind,
                        ExpKind::Nil
                            | ExpKind::True
                            | ExpKind::False
                            | ExpKind::Int(_)
                            | ExpKind::Float(_)
                            | ExpKind::Str(_)
                            | ExpKind::Const(_)
                    );
                if !constant {
                    self.exp_to_any_reg(e)?;
                }
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                if e.small_number().is_none() {
                    self.exp_to_any_reg(e)?;
                }
            }
            _ => {
                // Arithmetic: keep a numeral (it is loaded when the operation is emitted).
                if !e.is_numeral() {
                    self.exp_to_any_reg(e)?;
                }
            }
        }
        Ok(())
    }

    /// Completes a binary operation once both operands are compiled (lua5.4's
    /// `luaK_posfix`); the result replaces `e1`.
    pub fn posfix(
        &mut self,
        op: BinaryOp,
        e1: &mut ExpDesc,
        mut e2: ExpDesc,
        line: u32,
    ) -> GenResult<()> {
        self.discharge_vars(&mut e2)?;
        match op {
            BinaryOp::And => {
                self.concat(&mut e2.f, e1.f);
                *e1 = e2;
            }
            BinaryOp::Or => {
                self.concat(&mut e2.t, e1.t);
                *e1 = e2;
            }
            BinaryOp::Concat => {
                self.exp_to_next_reg(&mut e2)?;
                self.code_concat(e1, &e2, line)?;
            }
            BinaryOp::Add => match e2.small_int() {
                Some(imm) => self.code_immediate(e1, &e2, imm, line, |dst, lhs, imm| {
                    Instruction::AddImm { dst, lhs, imm }
                })?,
                None => self.code_arith(op, e1, &mut e2, line)?,
            },
            BinaryOp::Sub
            | BinaryOp::Mul
            | BinaryOp::Div
            | BinaryOp::IDiv
            | BinaryOp::Mod
            | BinaryOp::Pow => self.code_arith(op, e1, &mut e2, line)?,
            BinaryOp::BAnd | BinaryOp::BOr | BinaryOp::BXor => {
                let integer = !e2.has_jumps() && matches!(e2.kind, ExpKind::Int(_));
                if integer {
                    self.code_arith(op, e1, &mut e2, line)?;
                } else {
                    self.code_registers(op, e1, &mut e2, line)?;
                }
            }
            BinaryOp::Shl => match e1.small_int() {
                // `imm << R[rhs]`: the operands keep their order.
                Some(imm) => {
                    let rhs = self.exp_to_any_reg(&mut e2)?;
                    self.free_exp(&e2);
                    let pc = self.emit_at(Instruction::ShlImm { dst: 0, rhs, imm }, line);
                    *e1 = ExpDesc::new(ExpKind::Reloc(pc));
                }
                None => self.code_registers(op, e1, &mut e2, line)?,
            },
            BinaryOp::Shr => match e2.small_int() {
                Some(imm) => self.code_immediate(e1, &e2, imm, line, |dst, lhs, imm| {
                    Instruction::ShrImm { dst, lhs, imm }
                })?,
                None => self.code_registers(op, e1, &mut e2, line)?,
            },
            BinaryOp::Eq | BinaryOp::NotEq => self.code_eq(op == BinaryOp::Eq, e1, e2, line)?,
            BinaryOp::Lt | BinaryOp::Le => self.code_order(op == BinaryOp::Lt, e1, e2, line)?,
            BinaryOp::Gt | BinaryOp::Ge => {
                // `a > b` is `b < a`, `a >= b` is `b <= a`.
                let mut e2 = e2;
                std::mem::swap(e1, &mut e2);
                self.code_order(op == BinaryOp::Gt, e1, e2, line)?;
            }
        }
        Ok(())
    }

    /// `e1 op imm` with an immediate right operand.
    fn code_immediate(
        &mut self,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        imm: i16,
        line: u32,
        make: fn(u8, u8, i16) -> Instruction,
    ) -> GenResult<()> {
        let lhs = self.exp_to_any_reg(e1)?;
        self.free_exps(e1, e2);
        let pc = self.emit_at(make(0, lhs, imm), line);
        *e1 = ExpDesc::new(ExpKind::Reloc(pc));
        Ok(())
    }

    /// `e1 op e2` with a constant right operand when it fits, else in registers.
    fn code_arith(
        &mut self,
        op: BinaryOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> GenResult<()> {
        if e2.is_numeral()
            && let Some(make) = constant_form(op)
            && let Some(index) = self.exp_to_k(e2, MAX_K16_INDEX)?
        {
            let constant = u16::try_from(index).unwrap_or(u16::MAX);
            let lhs = self.exp_to_any_reg(e1)?;
            self.free_exps(e1, e2);
            let pc = self.emit_at(make(0, lhs, constant), line);
            *e1 = ExpDesc::new(ExpKind::Reloc(pc));
            return Ok(());
        }
        self.code_registers(op, e1, e2, line)
    }

    /// `e1 op e2` with both operands in registers (lua5.4's `codebinexpval`: the right
    /// operand is put in a register first).
    fn code_registers(
        &mut self,
        op: BinaryOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> GenResult<()> {
        let make = register_form(op).ok_or_else(|| self.internal("not an arithmetic operator"))?;
        let rhs = self.exp_to_any_reg(e2)?;
        let lhs = self.exp_to_any_reg(e1)?;
        self.free_exps(e1, e2);
        let pc = self.emit_at(make(0, lhs, rhs), line);
        *e1 = ExpDesc::new(ExpKind::Reloc(pc));
        Ok(())
    }

    /// `e1 .. e2`, both in consecutive registers: extends a `Concat` that just produced `e2`
    /// (lua5.4's `codeconcat`).
    fn code_concat(&mut self, e1: &mut ExpDesc, e2: &ExpDesc, line: u32) -> GenResult<()> {
        let first = e1
            .register()
            .ok_or_else(|| self.internal("concatenation operand not in a register"))?;
        if let Some(Instruction::Concat {
            first: previous_first,
            count,
        }) = self.previous_instruction()
            && Some(previous_first) == e2.register()
            && usize::from(previous_first) == usize::from(first) + 1
        {
            self.free_exp(e2);
            if let Some(slot) = self.code.last_mut() {
                *slot = Instruction::Concat {
                    first,
                    count: count.saturating_add(1),
                };
            }
        } else {
            self.emit_at(Instruction::Concat { first, count: 2 }, line);
            self.free_exp(e2);
        }
        Ok(())
    }

    /// `e1 == e2` (or `~=` when `!equal`) as a condition (lua5.4's `codeeq`).
    fn code_eq(
        &mut self,
        equal: bool,
        e1: &mut ExpDesc,
        mut e2: ExpDesc,
        line: u32,
    ) -> GenResult<()> {
        if e1.register().is_none() {
            // `e1` is a constant kept by `infix`: compare the other way around.
            std::mem::swap(e1, &mut e2);
        }
        let lhs = self.exp_to_any_reg(e1)?;
        let test = if let Some((imm, is_float)) = e2.small_number() {
            Instruction::EqImm {
                lhs,
                imm,
                is_float,
                k: equal,
            }
        } else if let Some(index) = self.exp_to_k(&mut e2, MAX_K16_INDEX)? {
            Instruction::EqConst {
                lhs,
                constant: u16::try_from(index).unwrap_or(u16::MAX),
                k: equal,
            }
        } else {
            let rhs = self.exp_to_any_reg(&mut e2)?;
            Instruction::Eq { lhs, rhs, k: equal }
        };
        self.free_exps(e1, &e2);
        let pc = self.cond_jump(test, line);
        *e1 = ExpDesc::new(ExpKind::Jmp(pc));
        Ok(())
    }

    /// `e1 < e2` (or `<=` when `!less`) as a condition (lua5.4's `codeorder`).
    fn code_order(
        &mut self,
        less: bool,
        e1: &mut ExpDesc,
        mut e2: ExpDesc,
        line: u32,
    ) -> GenResult<()> {
        let test = if let Some((imm, is_float)) = e2.small_number() {
            let lhs = self.exp_to_any_reg(e1)?;
            if less {
                Instruction::LtImm {
                    lhs,
                    imm,
                    is_float,
                    k: true,
                }
            } else {
                Instruction::LeImm {
                    lhs,
                    imm,
                    is_float,
                    k: true,
                }
            }
        } else if let Some((imm, is_float)) = e1.small_number() {
            // `imm < x` is `x > imm`, `imm <= x` is `x >= imm`.
            let lhs = self.exp_to_any_reg(&mut e2)?;
            if less {
                Instruction::GtImm {
                    lhs,
                    imm,
                    is_float,
                    k: true,
                }
            } else {
                Instruction::GeImm {
                    lhs,
                    imm,
                    is_float,
                    k: true,
                }
            }
        } else {
            let lhs = self.exp_to_any_reg(e1)?;
            let rhs = self.exp_to_any_reg(&mut e2)?;
            if less {
                Instruction::Lt { lhs, rhs, k: true }
            } else {
                Instruction::Le { lhs, rhs, k: true }
            }
        };
        self.free_exps(e1, &e2);
        let pc = self.cond_jump(test, line);
        *e1 = ExpDesc::new(ExpKind::Jmp(pc));
        Ok(())
    }

    /// Compiles a loop or `if` condition: falls through when true; returns the jumps taken
    /// when it is false (lua5.4's `cond`).
    pub fn condition(&mut self, mut e: ExpDesc) -> GenResult<JumpList> {
        if e.kind == ExpKind::Nil {
            e.kind = ExpKind::False;
        }
        self.go_if_true(&mut e)?;
        Ok(e.f)
    }
}
