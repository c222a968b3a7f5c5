//! Statements: local declarations, (multiple) assignments, control structures, loops,
//! returns and calls, following lua5.4's `lparser.c` statement by statement.

use super::expdesc::{ExpDesc, ExpKind};
use super::function::{FuncState, GenResult, TOO_MANY_REGISTERS};
use super::jumps::JumpList;
use crate::bytecode::Instruction;
use crate::compiler::CompileError;
use crate::compiler::ast::{Block, ExprId, Function, LabelId, LocalId, Stat};

impl<'c> FuncState<'c> {
    /// A block with its own scope.
    pub fn block(&mut self, block: &'c Block) -> GenResult<()> {
        self.enter_block();
        self.statements(&block.stats, false)?;
        self.leave_block(None)?;
        Ok(())
    }

    /// The statements of a block (`repeat_body`: the `until` condition follows, so no label
    /// counts as the last statement).
    pub fn statements(&mut self, stats: &'c [Stat], repeat_body: bool) -> GenResult<()> {
        // Labels from `tail` on are followed only by labels.
        let tail = stats
            .iter()
            .rposition(|stat| !matches!(stat, Stat::Label(_)))
            .map_or(0, |index| index + 1);
        for (index, stat) in stats.iter().enumerate() {
            match stat {
                Stat::Label(label) => self.label_stat(*label, !repeat_body && index >= tail)?,
                _ => self.statement(stat)?,
            }
            self.free_reg = self.nvarstack();
        }
        Ok(())
    }

    /// Makes the line of `id`, if it has one, the current line.
    fn set_line_of(&mut self, id: ExprId) {
        if let Some(line) = self.expr_line(id) {
            self.line = line;
        }
    }

    /// One statement.
    fn statement(&mut self, stat: &'c Stat) -> GenResult<()> {
        match stat {
            Stat::Call(call) => {
                self.set_line_of(*call);
                let e = self.expr(*call)?;
                match e.kind {
                    ExpKind::Call(pc) => {
                        if let Some(Instruction::Call { results, .. }) = self.code.get_mut(pc) {
                            *results = 1;
                        }
                    }
                    _ => return Err(self.internal("call statement without a call")),
                }
                Ok(())
            }
            Stat::Local {
                locals,
                values,
                line,
            } => {
                self.line = *line;
                self.local_stat(locals, values, *line)
            }
            Stat::LocalFunction { local, function } => {
                if function.line_defined != 0 {
                    self.line = function.line_defined;
                }
                self.local_function(*local, function)
            }
            Stat::Assign {
                targets,
                values,
                line,
            } => {
                self.line = *line;
                self.assign(targets, values, *line)
            }
            Stat::Do(block) => self.block(block),
            Stat::While {
                condition,
                body,
                break_label,
            } => self.while_stat(*condition, body, *break_label),
            Stat::Repeat {
                body,
                condition,
                break_label,
            } => self.repeat_stat(body, *condition, *break_label),
            Stat::If {
                branches,
                otherwise,
            } => self.if_stat(branches, otherwise.as_ref()),
            Stat::NumericFor {
                var,
                start,
                limit,
                step,
                body,
                break_label,
                line,
            } => {
                self.line = *line;
                self.numeric_for(*var, [*start, *limit], *step, body, *break_label, *line)
            }
            Stat::GenericFor {
                vars,
                values,
                body,
                break_label,
                line,
            } => {
                self.line = *line;
                self.generic_for(vars, values, body, *break_label, *line)
            }
            Stat::Return { values, line } => {
                self.line = *line;
                self.return_stat(values, *line)
            }
            Stat::Goto { label, line } => {
                self.line = *line;
                self.goto_stat(*label, *line)
            }
            Stat::Label(label) => self.label_stat(*label, false),
        }
    }

    /// Adjusts the values of an expression list (`nexps` expressions, the last one `e` not
    /// yet in a register) to `nvars` consecutive registers (lua5.4's `adjust_assign`).
    pub fn adjust_assign(&mut self, nvars: usize, nexps: usize, mut e: ExpDesc) -> GenResult<()> {
        if e.is_multret() {
            // The call or `...` provides the missing values (possibly none).
            let extra = (nvars + 1).saturating_sub(nexps);
            self.set_returns(&mut e, Some(extra))?;
        } else {
            if e.kind != ExpKind::Void {
                self.exp_to_next_reg(&mut e)?;
            }
            if nvars > nexps {
                let needed = nvars - nexps;
                self.check_stack(needed)?;
                let first = self.free_register_operand();
                self.load_nil(first, needed);
            }
        }
        if nvars > nexps {
            self.reserve_regs(nvars - nexps)?;
        } else {
            // Extra values were evaluated and are dropped.
            self.free_reg = self.free_reg.saturating_sub(nexps - nvars);
        }
        Ok(())
    }

    /// `local a, b <close> = ...`: the values go to the new locals' registers, which are
    /// then activated; a `<close>` local is marked with `Tbc`.
    fn local_stat(&mut self, locals: &[LocalId], values: &[ExprId], line: u32) -> GenResult<()> {
        let e = self.explist(values)?;
        self.adjust_assign(locals.len(), values.len(), e)?;
        let mut to_close = None;
        for &local in locals {
            self.activate_local(local)?;
            if self.active.last().is_some_and(|var| var.to_be_closed) {
                to_close = Some(self.active.len() - 1);
            }
        }
        if let Some(reg) = to_close {
            let reg = u8::try_from(reg).map_err(|_| self.internal("register out of range"))?;
            self.emit_at(Instruction::Tbc { reg }, line);
        }
        Ok(())
    }

    /// `local function f`: `f` is active (and capturable) inside its own body; its debug
    /// range starts after the closure.
    fn local_function(&mut self, local: LocalId, function: &'c Function) -> GenResult<()> {
        let debug = self.activate_local(local)?;
        self.closure(function)?;
        let pc = u32::try_from(self.pc()).unwrap_or(u32::MAX);
        if let Some(entry) = self.debug_locals.get_mut(debug) {
            entry.start_pc = pc;
        }
        Ok(())
    }

    /// Multiple assignment (lua5.4's `restassign`): targets' subexpressions left to right,
    /// values left to right adjusted to the targets, then stores from the last target to
    /// the first.
    fn assign(&mut self, targets: &[ExprId], values: &[ExprId], line: u32) -> GenResult<()> {
        let mut vars: Vec<ExpDesc> = Vec::with_capacity(targets.len());
        for &target in targets {
            let var = self.expr(target)?;
            match var.kind {
                ExpKind::Local(_) | ExpKind::Upvalue(_) => self.check_conflict(&mut vars, &var)?,
                ExpKind::IndexUp { .. }
                | ExpKind::IndexStr { .. }
                | ExpKind::IndexInt { .. }
                | ExpKind::Indexed { .. } => {}
                _ => return Err(self.internal("assignment to a non-variable")),
            }
            vars.push(var);
        }
        let Some((last, rest)) = vars.split_last() else {
            return Err(self.internal("assignment without targets"));
        };
        let mut e = self.explist(values)?;
        if values.len() == vars.len() {
            self.set_one_ret(&mut e);
            self.store_var(last, &mut e, line)?;
        } else {
            self.adjust_assign(vars.len(), values.len(), e)?;
            let mut top = self.top_value();
            self.store_var(last, &mut top, line)?;
        }
        for var in rest.iter().rev() {
            let mut top = self.top_value();
            self.store_var(var, &mut top, line)?;
        }
        Ok(())
    }

    /// The value in the top reserved register.
    fn top_value(&self) -> ExpDesc {
        let reg = u8::try_from(self.free_reg.saturating_sub(1)).unwrap_or(u8::MAX);
        ExpDesc::new(ExpKind::NonReloc(reg))
    }

    /// Before assigning the local or upvalue `var`, makes earlier targets that index through
    /// it use a copy of its current value (lua5.4's `check_conflict`).
    fn check_conflict(&mut self, vars: &mut [ExpDesc], var: &ExpDesc) -> GenResult<()> {
        let extra = self.free_register_operand();
        let mut conflict = false;
        for previous in vars.iter_mut() {
            match (previous.kind, var.kind) {
                (ExpKind::IndexUp { upvalue, key, line }, ExpKind::Upvalue(assigned))
                    if upvalue == assigned =>
                {
                    conflict = true;
                    previous.kind = ExpKind::IndexStr {
                        table: extra,
                        key,
                        line,
                    };
                }
                (
                    ExpKind::IndexStr { table, .. } | ExpKind::IndexInt { table, .. },
                    ExpKind::Local(reg),
                ) if table == reg => {
                    conflict = true;
                    match &mut previous.kind {
                        ExpKind::IndexStr { table, .. } | ExpKind::IndexInt { table, .. } => {
                            *table = extra;
                        }
                        _ => {}
                    }
                }
                (
                    ExpKind::Indexed {
                        table,
                        key,
                        line: index_line,
                    },
                    ExpKind::Local(reg),
                ) if table == reg || key == reg => {
                    conflict = true;
                    previous.kind = ExpKind::Indexed {
                        table: if table == reg { extra } else { table },
                        key: if key == reg { extra } else { key },
                        line: index_line,
                    };
                }
                _ => {}
            }
        }
        if conflict {
            match var.kind {
                ExpKind::Local(src) => {
                    self.emit(Instruction::Move { dst: extra, src });
                }
                ExpKind::Upvalue(upvalue) => {
                    self.emit(Instruction::GetUpvalue {
                        dst: extra,
                        upvalue,
                    });
                }
                _ => {}
            }
            self.reserve_regs(1)?;
        }
        Ok(())
    }

    /// Compiles a condition; returns the jumps taken when it is false.
    fn cond(&mut self, condition: ExprId) -> GenResult<JumpList> {
        let e = self.expr(condition)?;
        self.condition(e)
    }

    /// `while cond do body end`.
    fn while_stat(
        &mut self,
        condition: ExprId,
        body: &'c Block,
        break_label: Option<LabelId>,
    ) -> GenResult<()> {
        self.set_line_of(condition);
        let start = self.get_label();
        let exit = self.cond(condition)?;
        self.enter_block();
        self.block(body)?;
        let back = self.jump();
        self.patch_list(Some(back), start);
        self.leave_block(break_label)?;
        self.patch_to_here(exit);
        Ok(())
    }

    /// `repeat body until cond`: the condition sees the body's locals; when they need
    /// closing, the repeating path closes them before jumping back.
    fn repeat_stat(
        &mut self,
        body: &'c Block,
        condition: ExprId,
        break_label: Option<LabelId>,
    ) -> GenResult<()> {
        let start = self.get_label();
        self.enter_block();
        self.enter_block();
        let level = self.nvarstack();
        self.statements(&body.stats, true)?;
        self.set_line_of(condition);
        let mut repeat = self.cond(condition)?;
        let closes = self.leave_block(None)?;
        if closes {
            let exit = self.jump();
            self.patch_to_here(repeat);
            self.emit_close(level);
            repeat = Some(self.jump());
            self.patch_to_here(Some(exit));
        }
        self.patch_list(repeat, start);
        self.leave_block(break_label)?;
        Ok(())
    }

    /// `if ... elseif ... else ... end`.
    fn if_stat(
        &mut self,
        branches: &'c [(ExprId, Block)],
        otherwise: Option<&'c Block>,
    ) -> GenResult<()> {
        let mut escape = None;
        for (index, (condition, block)) in branches.iter().enumerate() {
            let more = index + 1 < branches.len() || otherwise.is_some();
            self.test_then_block(*condition, block, &mut escape, more)?;
        }
        if let Some(block) = otherwise {
            self.block(block)?;
        }
        self.patch_to_here(escape);
        Ok(())
    }

    /// `[else]if cond then block` (lua5.4's `test_then_block`). A block starting with a
    /// goto or break that needs no `Close` becomes a conditional jump to its label.
    fn test_then_block(
        &mut self,
        condition: ExprId,
        block: &'c Block,
        escape: &mut JumpList,
        more: bool,
    ) -> GenResult<()> {
        self.set_line_of(condition);
        let mut e = self.expr(condition)?;
        let mut stats: &'c [Stat] = &block.stats;
        let skip_then;
        if let Some(Stat::Goto { label, .. }) = stats.first()
            && self.goto_is_plain_jump(*label)?
        {
            self.go_if_false(&mut e)?;
            self.enter_block();
            self.goto_list(*label, e.t)?;
            stats = &stats[1..];
            if stats.is_empty() {
                self.leave_block(None)?;
                return Ok(());
            }
            skip_then = Some(self.jump());
        } else {
            self.go_if_true(&mut e)?;
            self.enter_block();
            skip_then = e.f;
        }
        self.statements(stats, false)?;
        self.leave_block(None)?;
        if more {
            let jump = self.jump();
            self.concat(escape, Some(jump));
        }
        self.patch_to_here(skip_then);
        Ok(())
    }

    /// `for v = start, limit[, step] do body end`.
    fn numeric_for(
        &mut self,
        var: LocalId,
        [start, limit]: [ExprId; 2],
        step: Option<ExprId>,
        body: &'c Block,
        break_label: Option<LabelId>,
        line: u32,
    ) -> GenResult<()> {
        self.enter_block();
        let base = self.free_register_operand();
        for bound in [start, limit] {
            let mut e = self.expr(bound)?;
            self.exp_to_next_reg(&mut e)?;
        }
        match step {
            Some(step) => {
                let mut e = self.expr(step)?;
                self.exp_to_next_reg(&mut e)?;
            }
            None => {
                self.check_stack(1)?;
                let reg = self.free_register_operand();
                self.load_int(reg, 1)?;
                self.reserve_regs(1)?;
            }
        }
        for _ in 0..3 {
            self.activate_hidden(false);
        }
        let prep = self.emit_at(Instruction::ForPrep { base, jump: 0 }, line);
        self.enter_block();
        self.activate_local(var)?;
        self.reserve_regs(1)?;
        self.block(body)?;
        self.leave_block(None)?;
        let end = self.pc();
        let back = self.loop_offset(prep + 1, end)?;
        self.emit_at(Instruction::ForLoop { base, jump: back }, line);
        let exit = self.loop_offset(self.pc(), prep)?;
        if let Some(Instruction::ForPrep { jump, .. }) = self.code.get_mut(prep) {
            *jump = exit;
        }
        self.get_label();
        self.leave_block(break_label)?;
        Ok(())
    }

    /// `for v1, v2 in explist do body end` (lua5.4's layout: `TForPrep` jumps to the
    /// `TForCall`, `TForLoop` back to the body; the closing value is closed after the loop).
    fn generic_for(
        &mut self,
        vars: &[LocalId],
        values: &[ExprId],
        body: &'c Block,
        break_label: Option<LabelId>,
        line: u32,
    ) -> GenResult<()> {
        self.enter_block();
        let base = self.free_register_operand();
        let e = self.explist(values)?;
        self.adjust_assign(4, values.len(), e)?;
        for hidden in 0..4 {
            self.activate_hidden(hidden == 3);
        }
        // Room for the iterator call that `TForCall` makes above the variables.
        self.check_stack(3)?;
        let results =
            u8::try_from(vars.len()).map_err(|_| CompileError::at(line, TOO_MANY_REGISTERS))?;
        let prep = self.emit_at(Instruction::TForPrep { base, jump: 0 }, line);
        self.enter_block();
        for &var in vars {
            self.activate_local(var)?;
        }
        self.reserve_regs(vars.len())?;
        self.block(body)?;
        self.leave_block(None)?;
        let call = self.get_label();
        let to_call = self.loop_offset(call, prep)?;
        if let Some(Instruction::TForPrep { jump, .. }) = self.code.get_mut(prep) {
            *jump = to_call;
        }
        self.emit_at(Instruction::TForCall { base, results }, line);
        let end = self.pc();
        let back = self.loop_offset(prep + 1, end)?;
        self.emit_at(Instruction::TForLoop { base, jump: back }, line);
        self.leave_block(break_label)?;
        Ok(())
    }

    /// Offset of a jump at `from` (relative to the next instruction) landing on `to`.
    fn loop_offset(&self, to: usize, from: usize) -> GenResult<i32> {
        i32::try_from(to as i64 - (from as i64 + 1))
            .map_err(|_| CompileError::at(self.line, "control structure too long"))
    }

    /// `return explist`.
    fn return_stat(&mut self, values: &[ExprId], line: u32) -> GenResult<()> {
        let mut first = self.nvarstack();
        let count = if values.is_empty() {
            Some(0)
        } else {
            let mut e = self.explist(values)?;
            if e.is_multret() {
                self.set_returns(&mut e, None)?;
                if let ExpKind::Call(pc) = e.kind
                    && values.len() == 1
                    && !self.inside_to_be_closed()
                    && let Some(&Instruction::Call { func, args, .. }) = self.code.get(pc)
                    && let Some(slot) = self.code.get_mut(pc)
                {
                    *slot = Instruction::TailCall { func, args };
                }
                None
            } else if values.len() == 1 {
                first = usize::from(self.exp_to_any_reg(&mut e)?);
                Some(1)
            } else {
                self.exp_to_next_reg(&mut e)?;
                Some(values.len())
            }
        };
        self.ret(first, count, line)
    }

    /// Emits a return of `count` values from `first` (`None`: up to the top):
    /// `Return0`/`Return1` when nothing needs closing.
    pub fn ret(&mut self, first: usize, count: Option<usize>, line: u32) -> GenResult<()> {
        let too_many = || CompileError::at(line, TOO_MANY_REGISTERS);
        let first = u8::try_from(first).map_err(|_| too_many())?;
        let instruction = match count {
            Some(0) if !self.needs_close => Instruction::Return0,
            Some(1) if !self.needs_close => Instruction::Return1 { src: first },
            _ => Instruction::Return {
                first,
                count: match count {
                    None => 0,
                    Some(n) => u8::try_from(n + 1).map_err(|_| too_many())?,
                },
                close: self.needs_close,
            },
        };
        self.emit_at(instruction, line);
        Ok(())
    }
}
