//! The code generator: syntax tree ([`super::ast`]) → register bytecode ([`Proto`]).
//!
//! It follows lua5.4's code generation strategy (`lcode.c`/`lparser.c`), expressed with this
//! VM's instruction set ([`crate::bytecode::Instruction`]): registers are allocated as a
//! stack (locals at the bottom in declaration order, temporaries above), expressions are
//! compiled into descriptors that are forced into registers only when needed, and conditions
//! carry lists of pending jumps patched when their targets are known.
//!
//! Modules, one job each:
//! - [`function`] — per-function state: the prototype under construction, registers,
//!   constants;
//! - [`jumps`] — jump lists, test patching, jump threading;
//! - [`expdesc`] — expression descriptors and how they reach registers, constants and stores;
//! - [`operators`] — unary and binary operators, conditions;
//! - [`expr`] — expression nodes (chains, calls, closures, table constructors);
//! - [`stat`] — statements;
//! - [`scope`] — blocks, locals and their debug info, labels and gotos.

mod expdesc;
mod expr;
mod function;
mod jumps;
mod operators;
mod scope;
mod stat;
#[cfg(test)]
mod tests;

use function::{FuncState, GenResult};

use super::CompileError;
use super::ast::{Attribute, Block, Chunk, Function, Stat};
use crate::bytecode::{Instruction, Proto, UpvalueDesc};
use crate::shared::Shared;

/// Generates the prototype of a chunk's main function (and, nested in it, of every function
/// of the chunk). `chunk_name` becomes [`Proto::source`], one allocation shared by all
/// prototypes.
pub(crate) fn generate(chunk: &Chunk, chunk_name: &[u8]) -> Result<Proto, CompileError> {
    let source: Shared<[u8]> = Shared::from(chunk_name);
    // The main chunk's only upvalue, `_ENV`, is supplied by the loader (lua5.4 describes it
    // as the enclosing frame's register 0).
    let upvalues = chunk
        .main
        .upvalues
        .iter()
        .map(|upvalue| UpvalueDesc {
            name: chunk.interner.get(upvalue.name).into(),
            in_stack: true,
            index: 0,
        })
        .collect();
    compile_function(chunk, &chunk.main, source, upvalues)
}

/// Compiles one function (lua5.4's `open_func` … `close_func`).
fn compile_function(
    chunk: &Chunk,
    func: &Function,
    source: Shared<[u8]>,
    upvalues: Vec<UpvalueDesc>,
) -> GenResult<Proto> {
    let mut fs = FuncState::new(chunk, func, source, upvalues);
    fs.needs_close = needs_close(func);
    fs.enter_block();
    for &param in &func.params {
        fs.activate_local(param)?;
    }
    fs.reserve_regs(func.params.len())?;
    let num_params =
        u8::try_from(func.params.len()).map_err(|_| fs.internal("too many parameters"))?;
    if func.is_vararg {
        fs.emit(Instruction::VarArgPrep { params: num_params });
    }
    fs.statements(&func.body.stats, false)?;
    if func.last_line_defined != 0 {
        fs.line = func.last_line_defined;
    }
    let first = fs.nvarstack();
    fs.ret(first, Some(0), fs.line)?;
    fs.leave_block(None)?;
    if let Some(label) = fs.unresolved_goto() {
        let name = func
            .labels
            .get(label.0 as usize)
            .map_or(&b""[..], |info| fs.symbol_bytes(info.name));
        let name = String::from_utf8_lossy(name);
        return Err(fs.internal(&format!("no visible label '{name}' for goto")));
    }
    fs.finish(num_params)
}

/// Whether the function's returns must close upvalues or to-be-closed variables: it has a
/// captured or `<close>` local, or a generic `for` (whose closing value is to be closed).
fn needs_close(func: &Function) -> bool {
    if func
        .locals
        .iter()
        .any(|local| local.captured || local.attribute == Attribute::Close)
    {
        return true;
    }
    let mut blocks: Vec<&Block> = vec![&func.body];
    while let Some(block) = blocks.pop() {
        for stat in &block.stats {
            match stat {
                Stat::GenericFor { .. } => return true,
                Stat::Do(body)
                | Stat::While { body, .. }
                | Stat::Repeat { body, .. }
                | Stat::NumericFor { body, .. } => blocks.push(body),
                Stat::If {
                    branches,
                    otherwise,
                } => {
                    blocks.extend(branches.iter().map(|(_, body)| body));
                    blocks.extend(otherwise);
                }
                _ => {}
            }
        }
    }
    false
}

impl FuncState<'_> {
    /// Threads jumps and assembles the prototype.
    fn finish(mut self, num_params: u8) -> GenResult<Proto> {
        if i32::try_from(self.code.len()).is_err() {
            return Err(CompileError::at(self.line, "control structure too long"));
        }
        self.thread_jumps();
        Ok(Proto {
            source: self.source,
            line_defined: self.func.line_defined,
            last_line_defined: self.func.last_line_defined,
            num_params,
            is_vararg: self.func.is_vararg,
            max_stack_size: u8::try_from(self.max_stack).unwrap_or(u8::MAX),
            code: self.code,
            lines: self.lines,
            constants: self.constants,
            upvalues: self.upvalues,
            protos: self.protos,
            locals: self.debug_locals,
        })
    }
}
