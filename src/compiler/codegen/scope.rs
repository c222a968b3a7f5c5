//! Scopes: blocks, the activation and removal of local variables (with their debug info),
//! labels and gotos, and the `Close` instructions leaving a scope needs.
//!
//! Register discipline: the `n`-th active local lives in register `n`; a block's locals are
//! removed and their registers freed when it ends. A block whose locals include a captured
//! or to-be-closed one ends with `Close { from: its entry level }` (the function's outermost
//! block relies on `Return { close: true }` instead).
//!
//! Gotos follow lua5.4: a backward goto emits its own `Close` when it leaves the scope of a
//! captured or to-be-closed local; a forward goto is a bare `Jump`, flagged as needing a close
//! when it leaves a block with such a local in scope at the goto, and the label then starts
//! with a `Close { from: label level }` if any flagged goto reaches it. Label levels are
//! computed here (including the hidden `for` locals), not taken from the parser: a label
//! followed only by labels up to the end of its block (outside a `repeat` body) has its
//! block's entry level, as in lua5.4.

use super::function::{FuncState, GenResult};
use super::jumps::JumpList;
use crate::bytecode::{Instruction, LocalVar};
use crate::compiler::ast::{Attribute, LabelId, LocalId};

/// Debug name of the hidden locals of `for` loops.
const FOR_STATE: &[u8] = b"(for state)";

/// An active local variable (one register).
#[derive(Clone, Copy, Debug)]
pub(super) struct ActiveVar {
    /// The syntax tree's local, or `None` for hidden `for` state.
    pub local: Option<LocalId>,
    /// Whether leaving its scope needs a `Close` (captured, `<close>`, or a generic `for`'s
    /// closing value).
    pub closes: bool,
    /// Whether it is to be closed (`<close>` or a generic `for`'s closing value): no tail
    /// call may happen in its scope.
    pub to_be_closed: bool,
    /// Index of its entry in the prototype's local debug info.
    pub debug: usize,
}

/// An open block.
#[derive(Clone, Copy, Debug)]
pub(super) struct BlockState {
    /// Number of active locals when it was entered.
    pub entry: usize,
    /// Length of the pending-goto list when it was entered.
    pub first_goto: usize,
}

/// What is known about a label.
#[derive(Clone, Debug, Default)]
pub(super) struct LabelState {
    /// Its position, once placed.
    pub pc: Option<usize>,
    /// Number of active locals at the label.
    pub level: usize,
    /// Pending forward gotos to it (indices in `FuncState::pending`).
    pub waiting: Vec<usize>,
}

/// A forward goto waiting for its label.
#[derive(Clone, Copy, Debug)]
pub(super) struct PendingGoto {
    /// Its label.
    pub label: LabelId,
    /// Its jumps.
    pub list: JumpList,
    /// Number of active locals at the goto, lowered to a block's entry level when the goto
    /// leaves that block.
    pub level: usize,
    /// Whether it left the scope of a local that needs closing.
    pub needs_close: bool,
    /// Whether its label was placed.
    pub resolved: bool,
}

impl FuncState<'_> {
    /// Opens a block.
    pub fn enter_block(&mut self) {
        self.blocks.push(BlockState {
            entry: self.active.len(),
            first_goto: self.pending.len(),
        });
    }

    /// Closes the innermost block: removes its locals, places `break_label` (a loop's exit)
    /// after it, and emits the `Close` its locals or the gotos leaving it need. Returns
    /// whether its locals needed closing.
    pub fn leave_block(&mut self, break_label: Option<LabelId>) -> GenResult<bool> {
        let block = self
            .blocks
            .pop()
            .ok_or_else(|| self.internal("block underflow"))?;
        let entry = block.entry.min(self.active.len());
        let has_close = self.active[entry..].iter().any(|var| var.closes);
        // Gotos leaving the block: do they leave the scope of a local that needs closing?
        let active = &self.active;
        for goto in self.pending.iter_mut().skip(block.first_goto) {
            if goto.resolved || goto.level <= entry {
                continue;
            }
            let left = &active[entry..goto.level.min(active.len())];
            if left.iter().any(|var| var.closes) {
                goto.needs_close = true;
            }
            goto.level = entry;
        }
        self.remove_vars(entry);
        let mut close = has_close && !self.blocks.is_empty();
        if let Some(label) = break_label {
            close |= self.place_label(label, entry)?;
        }
        if close {
            self.emit_close(entry);
        }
        self.free_reg = entry;
        Ok(has_close)
    }

    /// Emits `Close { from: level }`.
    pub fn emit_close(&mut self, level: usize) {
        let from = u8::try_from(level).unwrap_or(u8::MAX);
        self.emit(Instruction::Close { from });
    }

    /// Ends the scope of the locals above `level`.
    fn remove_vars(&mut self, level: usize) {
        let pc = u32::try_from(self.pc()).unwrap_or(u32::MAX);
        for var in self.active.drain(level..) {
            if let Some(debug) = self.debug_locals.get_mut(var.debug) {
                debug.end_pc = pc;
            }
            if let Some(local) = var.local
                && let Some(slot) = self.local_regs.get_mut(local.0 as usize)
            {
                *slot = None;
            }
        }
    }

    /// Adds a local's debug entry starting at the current instruction; returns its index.
    fn add_debug_local(&mut self, name: Box<[u8]>) -> usize {
        let pc = u32::try_from(self.pc()).unwrap_or(u32::MAX);
        self.debug_locals.push(LocalVar {
            name,
            start_pc: pc,
            end_pc: pc,
        });
        self.debug_locals.len() - 1
    }

    /// Activates the local `id` in the next register (its value must already be there, or
    /// be about to be put there); returns its debug entry.
    pub fn activate_local(&mut self, id: LocalId) -> GenResult<usize> {
        let func = self.func;
        let info = func
            .locals
            .get(id.0 as usize)
            .ok_or_else(|| self.internal("local out of range"))?;
        let reg = u8::try_from(self.active.len()).map_err(|_| self.internal("too many locals"))?;
        let debug = self.add_debug_local(self.symbol_bytes(info.name).into());
        let to_be_closed = info.attribute == Attribute::Close;
        self.active.push(ActiveVar {
            local: Some(id),
            closes: info.captured || to_be_closed,
            to_be_closed,
            debug,
        });
        if let Some(slot) = self.local_regs.get_mut(id.0 as usize) {
            *slot = Some(reg);
        }
        Ok(debug)
    }

    /// Activates a hidden `for` local in the next register.
    pub fn activate_hidden(&mut self, to_be_closed: bool) {
        let debug = self.add_debug_local(FOR_STATE.into());
        self.active.push(ActiveVar {
            local: None,
            closes: to_be_closed,
            to_be_closed,
            debug,
        });
    }

    /// Whether a to-be-closed variable is in scope (no tail calls then).
    pub fn inside_to_be_closed(&self) -> bool {
        self.active.iter().any(|var| var.to_be_closed)
    }

    /// Places `label` here with `level` active locals: patches the gotos waiting for it and
    /// returns whether one of them needs a `Close` at the label.
    pub fn place_label(&mut self, label: LabelId, level: usize) -> GenResult<bool> {
        let pc = self.get_label();
        let state = match self.labels.get_mut(label.0 as usize) {
            Some(state) => state,
            None => return Err(self.internal("label out of range")),
        };
        state.pc = Some(pc);
        state.level = level;
        let waiting = std::mem::take(&mut state.waiting);
        let mut needs_close = false;
        for index in waiting {
            let Some(goto) = self.pending.get_mut(index) else {
                continue;
            };
            goto.resolved = true;
            needs_close |= goto.needs_close;
            let list = goto.list;
            self.patch_list(list, pc);
        }
        Ok(needs_close)
    }

    /// `::label::`; `last` when only labels follow it up to the end of its block and the
    /// block is not a `repeat` body.
    pub fn label_stat(&mut self, label: LabelId, last: bool) -> GenResult<()> {
        let level = if last {
            self.blocks.last().map_or(0, |block| block.entry)
        } else {
            self.active.len()
        };
        if self.place_label(label, level)? {
            self.emit_close(level);
        }
        Ok(())
    }

    /// The placed position and level of `label`, if it was placed (a backward goto).
    fn placed_label(&self, label: LabelId) -> GenResult<Option<(usize, usize)>> {
        let state = self
            .labels
            .get(label.0 as usize)
            .ok_or_else(|| self.internal("label out of range"))?;
        Ok(state.pc.map(|pc| (pc, state.level)))
    }

    /// Whether leaving the locals above `level` needs a `Close`.
    fn leaving_needs_close(&self, level: usize) -> bool {
        self.active
            .get(level..)
            .is_some_and(|vars| vars.iter().any(|var| var.closes))
    }

    /// Whether a goto to `label` from here is a bare jump (no `Close` before it), so that a
    /// conditional jump can serve as the goto.
    pub fn goto_is_plain_jump(&self, label: LabelId) -> GenResult<bool> {
        Ok(match self.placed_label(label)? {
            Some((_, level)) => !self.leaving_needs_close(level),
            None => true,
        })
    }

    /// Makes the jumps of `list` go to `label` (a backward label needing no `Close`, or a
    /// forward one).
    pub fn goto_list(&mut self, label: LabelId, list: JumpList) -> GenResult<()> {
        match self.placed_label(label)? {
            Some((pc, _)) => self.patch_list(list, pc),
            None => {
                let index = self.pending.len();
                self.pending.push(PendingGoto {
                    label,
                    list,
                    level: self.active.len(),
                    needs_close: false,
                    resolved: false,
                });
                if let Some(state) = self.labels.get_mut(label.0 as usize) {
                    state.waiting.push(index);
                }
            }
        }
        Ok(())
    }

    /// `goto label` / `break`.
    pub fn goto_stat(&mut self, label: LabelId, line: u32) -> GenResult<()> {
        if let Some((_, level)) = self.placed_label(label)?
            && self.leaving_needs_close(level)
        {
            let from = u8::try_from(level).unwrap_or(u8::MAX);
            self.emit_at(Instruction::Close { from }, line);
        }
        let jump = self.jump_at(line);
        self.goto_list(label, Some(jump))
    }

    /// The label of a goto that never found it, if any (a malformed syntax tree).
    pub fn unresolved_goto(&self) -> Option<LabelId> {
        self.pending
            .iter()
            .find(|goto| !goto.resolved)
            .map(|goto| goto.label)
    }
}
