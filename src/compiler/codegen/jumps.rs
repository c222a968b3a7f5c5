//! Jump lists (lua5.4's design): pending jumps of a condition are chained through the offset
//! field of their `Jump` instructions until they are patched to their target. The tests that
//! precede conditional jumps (`Test`, `TestSet`, comparisons) live here too, as does the final
//! jump-threading pass.

use super::function::FuncState;
use crate::bytecode::Instruction;

/// A chain of unpatched jumps: the index of the first `Jump`, or `None` when empty.
pub(super) type JumpList = Option<usize>;

/// Offset stored in a `Jump` that ends a list.
const NO_JUMP: i32 = -1;

/// How many jumps the threading pass follows (as lua5.4's `finaltarget`).
const MAX_THREADING: usize = 100;

/// Whether `instruction` is a test that skips the following `Jump`.
pub(super) fn is_test(instruction: &Instruction) -> bool {
    matches!(
        instruction,
        Instruction::Eq { .. }
            | Instruction::Lt { .. }
            | Instruction::Le { .. }
            | Instruction::EqConst { .. }
            | Instruction::EqImm { .. }
            | Instruction::LtImm { .. }
            | Instruction::LeImm { .. }
            | Instruction::GtImm { .. }
            | Instruction::GeImm { .. }
            | Instruction::Test { .. }
            | Instruction::TestSet { .. }
    )
}

impl FuncState<'_> {
    /// Emits an unpatched `Jump` (a one-element list).
    pub fn jump(&mut self) -> usize {
        self.emit(Instruction::Jump { jump: NO_JUMP })
    }

    /// Emits an unpatched `Jump` with `line`.
    pub fn jump_at(&mut self, line: u32) -> usize {
        self.emit_at(Instruction::Jump { jump: NO_JUMP }, line)
    }

    /// Emits `test` with `line`, then a `Jump` with the same line; returns the jump.
    pub fn cond_jump(&mut self, test: Instruction, line: u32) -> usize {
        self.emit_at(test, line);
        self.emit_at(Instruction::Jump { jump: NO_JUMP }, line)
    }

    /// Marks the current position as a jump target and returns it.
    pub fn get_label(&mut self) -> usize {
        self.last_target = self.pc();
        self.pc()
    }

    /// The next element of a jump list after `pc`.
    fn get_jump(&self, pc: usize) -> Option<usize> {
        match self.code.get(pc) {
            Some(Instruction::Jump { jump }) if *jump != NO_JUMP => {
                usize::try_from(pc as i64 + 1 + i64::from(*jump)).ok()
            }
            _ => None,
        }
    }

    /// Points the `Jump` at `pc` to `dest`.
    fn fix_jump(&mut self, pc: usize, dest: usize) {
        let offset = dest as i64 - (pc as i64 + 1);
        // Offsets always fit while the code is shorter than `i32::MAX` instructions, which
        // `FuncState::finish` checks.
        let offset = i32::try_from(offset).unwrap_or(NO_JUMP);
        if let Some(Instruction::Jump { jump }) = self.code.get_mut(pc) {
            *jump = offset;
        }
    }

    /// Appends list `l2` to list `l1`.
    pub fn concat(&mut self, l1: &mut JumpList, l2: JumpList) {
        let Some(l2) = l2 else { return };
        match *l1 {
            None => *l1 = Some(l2),
            Some(mut last) => {
                while let Some(next) = self.get_jump(last) {
                    last = next;
                }
                self.fix_jump(last, l2);
            }
        }
    }

    /// Index of the instruction controlling the jump at `pc`: its test, if it has one.
    pub fn jump_control(&self, pc: usize) -> usize {
        if pc >= 1 && self.code.get(pc - 1).is_some_and(is_test) {
            pc - 1
        } else {
            pc
        }
    }

    /// Inverts the condition of the test controlling the jump at `pc`.
    pub fn negate_condition(&mut self, pc: usize) {
        let control = self.jump_control(pc);
        if let Some(
            Instruction::Eq { k, .. }
            | Instruction::Lt { k, .. }
            | Instruction::Le { k, .. }
            | Instruction::EqConst { k, .. }
            | Instruction::EqImm { k, .. }
            | Instruction::LtImm { k, .. }
            | Instruction::LeImm { k, .. }
            | Instruction::GtImm { k, .. }
            | Instruction::GeImm { k, .. }
            | Instruction::Test { k, .. }
            | Instruction::TestSet { k, .. },
        ) = self.code.get_mut(control)
        {
            *k = !*k;
        }
    }

    /// If the jump at `node` is controlled by a `TestSet`, makes it set `reg` (or turns it
    /// into a plain `Test` when there is no register or it would copy a register to itself)
    /// and returns `true`.
    fn patch_test_reg(&mut self, node: usize, reg: Option<u8>) -> bool {
        let control = self.jump_control(node);
        let Some(instruction) = self.code.get_mut(control) else {
            return false;
        };
        let Instruction::TestSet { src, k, .. } = *instruction else {
            return false;
        };
        *instruction = match reg {
            Some(reg) if reg != src => Instruction::TestSet { dst: reg, src, k },
            _ => Instruction::Test { src, k },
        };
        true
    }

    /// Turns every `TestSet` of `list` into a `Test` (the values are not needed).
    pub fn remove_values(&mut self, mut list: JumpList) {
        while let Some(node) = list {
            self.patch_test_reg(node, None);
            list = self.get_jump(node);
        }
    }

    /// Whether some jump of `list` is not controlled by a `TestSet` (so its value must be
    /// produced by a `LoadFalseSkip`/`LoadTrue` pair).
    pub fn need_value(&self, mut list: JumpList) -> bool {
        while let Some(node) = list {
            let control = self.jump_control(node);
            if !matches!(self.code.get(control), Some(Instruction::TestSet { .. })) {
                return true;
            }
            list = self.get_jump(node);
        }
        false
    }

    /// Patches every jump of `list`: those controlled by a `TestSet` go to `value_target`
    /// (setting `reg`), the others to `default_target`.
    pub fn patch_list_aux(
        &mut self,
        mut list: JumpList,
        value_target: usize,
        reg: Option<u8>,
        default_target: usize,
    ) {
        while let Some(node) = list {
            let next = self.get_jump(node);
            if self.patch_test_reg(node, reg) {
                self.fix_jump(node, value_target);
            } else {
                self.fix_jump(node, default_target);
            }
            list = next;
        }
    }

    /// Patches every jump of `list` to `target`.
    pub fn patch_list(&mut self, list: JumpList, target: usize) {
        self.patch_list_aux(list, target, None, target);
    }

    /// Patches every jump of `list` to the next instruction.
    pub fn patch_to_here(&mut self, list: JumpList) {
        let here = self.get_label();
        self.patch_list(list, here);
    }

    /// Jump threading (lua5.4's `finaltarget`): a jump to a jump goes straight to the end
    /// of the chain.
    pub fn thread_jumps(&mut self) {
        for pc in 0..self.code.len() {
            let Some(Instruction::Jump { jump }) = self.code.get(pc) else {
                continue;
            };
            let Ok(mut target) = usize::try_from(pc as i64 + 1 + i64::from(*jump)) else {
                continue;
            };
            for _ in 0..MAX_THREADING {
                match self.code.get(target) {
                    Some(Instruction::Jump { jump }) => {
                        match usize::try_from(target as i64 + 1 + i64::from(*jump)) {
                            Ok(next) => target = next,
                            Err(_) => break,
                        }
                    }
                    _ => break,
                }
            }
            self.fix_jump(pc, target);
        }
    }
}
