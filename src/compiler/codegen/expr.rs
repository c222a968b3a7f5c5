//! Expressions of the syntax tree into descriptors: constants, variables, left-associative
//! chains (walked iteratively along their left spine, so that 100k-deep `a + b + ...`,
//! `a.b.c...` or `f()()...` need no deep recursion), calls, method calls, closures and table
//! constructors.

use super::expdesc::{ExpDesc, ExpKind};
use super::function::{ConstKey, FuncState, GenResult, TOO_MANY_REGISTERS};
use crate::bytecode::{Instruction, UpvalueDesc};
use crate::compiler::CompileError;
use crate::compiler::ast::{Expr, ExprId, Function, TableItem, UnaryOp, UpvalueSource};
use crate::compiler::token::Symbol;
use crate::shared::Shared;

/// Positional items of a constructor stored per `SetList` (lua5.4's `LFIELDS_PER_FLUSH`).
const FIELDS_PER_FLUSH: usize = 50;

/// One step of a suffixed chain, applied to the expression below it.
#[derive(Clone, Copy)]
enum Suffix<'c> {
    /// `[key]` / `.name`
    Index { key: ExprId, line: u32 },
    /// `(args)`
    Call { args: &'c [ExprId], line: u32 },
    /// `:name(args)`
    Method {
        name: Symbol,
        args: &'c [ExprId],
        line: u32,
        method_line: u32,
    },
}

impl<'c> FuncState<'c> {
    /// Compiles an expression into a descriptor (nothing is forced into a register).
    ///
    /// This function is on every recursive path: its arms only dispatch, so that its frame
    /// stays small (nesting is bounded by the parser, but a debug build's frames are large).
    pub fn expr(&mut self, id: ExprId) -> GenResult<ExpDesc> {
        match self.node(id)? {
            Expr::Function(function) => self.closure(function),
            Expr::Index { .. } | Expr::Call { .. } | Expr::MethodCall { .. } => self.suffixed(id),
            Expr::Binary { .. } => self.binary(id),
            Expr::Unary { op, operand, line } => self.unary(*op, *operand, *line),
            Expr::Paren(inner) => self.paren(*inner),
            Expr::Table { items, line } => self.constructor(items, *line),
            leaf => self.leaf(leaf),
        }
    }

    /// A constant, variable or `...`.
    #[inline(never)]
    fn leaf(&mut self, node: &Expr) -> GenResult<ExpDesc> {
        let kind = match node {
            Expr::Nil => ExpKind::Nil,
            Expr::True => ExpKind::True,
            Expr::False => ExpKind::False,
            Expr::Integer(i) => ExpKind::Int(*i),
            Expr::Float(f) => ExpKind::Float(*f),
            Expr::String(symbol) => ExpKind::Str(*symbol),
            Expr::VarArg => {
                if !self.func.is_vararg {
                    return Err(self.internal("'...' outside a vararg function"));
                }
                ExpKind::VarArg(self.emit(Instruction::VarArg { dst: 0, count: 1 }))
            }
            Expr::Local(local) => ExpKind::Local(self.local_register(*local)?),
            Expr::Upvalue(upvalue) => {
                if usize::from(upvalue.0) >= self.upvalues.len() {
                    return Err(self.internal("upvalue out of range"));
                }
                ExpKind::Upvalue(upvalue.0)
            }
            _ => return Err(self.internal("not a leaf expression")),
        };
        Ok(ExpDesc::new(kind))
    }

    /// A unary operation.
    #[inline(never)]
    fn unary(&mut self, op: UnaryOp, operand: ExprId, line: u32) -> GenResult<ExpDesc> {
        let mut e = self.expr(operand)?;
        self.prefix(op, &mut e, line)?;
        Ok(e)
    }

    /// `(e)` around a call or `...`: one value.
    #[inline(never)]
    fn paren(&mut self, inner: ExprId) -> GenResult<ExpDesc> {
        let mut e = self.expr(inner)?;
        self.discharge_vars(&mut e)?;
        Ok(e)
    }

    /// The line of an expression node, if it carries one.
    pub fn expr_line(&self, id: ExprId) -> Option<u32> {
        match self.node(id).ok()? {
            Expr::Index { line, .. }
            | Expr::Call { line, .. }
            | Expr::MethodCall { line, .. }
            | Expr::Binary { line, .. }
            | Expr::Unary { line, .. }
            | Expr::Table { line, .. } => Some(*line),
            Expr::Function(function) => Some(function.line_defined),
            _ => None,
        }
    }

    /// A chain of binary operators along the left operand, operator by operator from the
    /// innermost one.
    fn binary(&mut self, id: ExprId) -> GenResult<ExpDesc> {
        let mut spine = Vec::new();
        let mut bottom = id;
        while let Expr::Binary { op, lhs, rhs, line } = self.node(bottom)? {
            spine.push((*op, *rhs, *line));
            bottom = *lhs;
        }
        let mut e = self.expr(bottom)?;
        for (op, rhs, line) in spine.into_iter().rev() {
            self.infix(op, &mut e)?;
            let e2 = self.expr(rhs)?;
            self.posfix(op, &mut e, e2, line)?;
        }
        Ok(e)
    }

    /// A chain of indexings, calls and method calls along the prefix expression.
    fn suffixed(&mut self, id: ExprId) -> GenResult<ExpDesc> {
        let mut spine = Vec::new();
        let mut bottom = id;
        loop {
            match self.node(bottom)? {
                Expr::Index { table, key, line } => {
                    spine.push(Suffix::Index {
                        key: *key,
                        line: *line,
                    });
                    bottom = *table;
                }
                Expr::Call {
                    function,
                    args,
                    line,
                } => {
                    spine.push(Suffix::Call { args, line: *line });
                    bottom = *function;
                }
                Expr::MethodCall {
                    object,
                    method,
                    args,
                    line,
                    method_line,
                } => {
                    spine.push(Suffix::Method {
                        name: *method,
                        args,
                        line: *line,
                        method_line: *method_line,
                    });
                    bottom = *object;
                }
                _ => break,
            }
        }
        let mut e = self.expr(bottom)?;
        for suffix in spine.into_iter().rev() {
            match suffix {
                Suffix::Index { key, line } => self.index_suffix(&mut e, key, line)?,
                Suffix::Call { args, line } => self.call_suffix(&mut e, args, line)?,
                Suffix::Method {
                    name,
                    args,
                    line,
                    method_line,
                } => {
                    self.method(&mut e, name, method_line)?;
                    self.call_args(&mut e, args, line)?;
                }
            }
        }
        Ok(e)
    }

    /// `e[key]`.
    #[inline(never)]
    fn index_suffix(&mut self, e: &mut ExpDesc, key: ExprId, line: u32) -> GenResult<()> {
        self.exp_to_any_reg_up(e)?;
        let mut k = self.expr(key)?;
        self.exp_to_val(&mut k)?;
        self.indexed(e, k, line)
    }

    /// `e(args)`.
    #[inline(never)]
    fn call_suffix(&mut self, e: &mut ExpDesc, args: &[ExprId], line: u32) -> GenResult<()> {
        self.exp_to_next_reg(e)?;
        self.call_args(e, args, line)
    }

    /// Compiles an expression list: every expression but the last into consecutive
    /// registers; returns the last one's descriptor (`Void` for an empty list).
    pub fn explist(&mut self, exprs: &[ExprId]) -> GenResult<ExpDesc> {
        let Some((first, rest)) = exprs.split_first() else {
            return Ok(ExpDesc::void());
        };
        let mut e = self.expr(*first)?;
        for &next in rest {
            self.exp_to_next_reg(&mut e)?;
            e = self.expr(next)?;
        }
        Ok(e)
    }

    /// Emits the call of the function in `f`'s register with `args` (lua5.4's `funcargs`);
    /// `f` becomes the open call.
    fn call_args(&mut self, f: &mut ExpDesc, args: &[ExprId], line: u32) -> GenResult<()> {
        let base = f
            .register()
            .ok_or_else(|| self.internal("called value not in a register"))?;
        let mut last = self.explist(args)?;
        let args_operand = if last.is_multret() {
            self.set_returns(&mut last, None)?;
            0
        } else {
            if last.kind != ExpKind::Void {
                self.exp_to_next_reg(&mut last)?;
            }
            let count = self.free_reg.saturating_sub(usize::from(base));
            u8::try_from(count).map_err(|_| CompileError::at(self.line, TOO_MANY_REGISTERS))?
        };
        let pc = self.emit_at(
            Instruction::Call {
                func: base,
                args: args_operand,
                results: 2,
            },
            line,
        );
        *f = ExpDesc::new(ExpKind::Call(pc));
        self.free_reg = usize::from(base) + 1;
        Ok(())
    }

    /// `object:name` ahead of a method call: the method in a new register, the receiver in
    /// the next one (lua5.4's `luaK_self`).
    fn method(&mut self, e: &mut ExpDesc, name: Symbol, line: u32) -> GenResult<()> {
        let object = self.exp_to_any_reg(e)?;
        self.free_exp(e);
        let base = self.free_register_operand();
        self.reserve_regs(2)?;
        *e = ExpDesc::new(ExpKind::NonReloc(base));
        let key = self.constant(ConstKey::Str(name))?;
        match u16::try_from(key) {
            Ok(key) => {
                self.emit_at(
                    Instruction::Method {
                        dst: base,
                        object,
                        key,
                    },
                    line,
                );
            }
            Err(_) => {
                // The name's constant index does not fit: receiver, key and lookup by hand.
                let receiver = base + 1;
                self.emit(Instruction::Move {
                    dst: receiver,
                    src: object,
                });
                let key_reg = self.free_register_operand();
                self.reserve_regs(1)?;
                self.emit(Instruction::LoadConst {
                    dst: key_reg,
                    constant: key,
                });
                self.emit_at(
                    Instruction::GetTable {
                        dst: base,
                        table: receiver,
                        key: key_reg,
                    },
                    line,
                );
                self.free_register(key_reg);
            }
        }
        Ok(())
    }

    /// How a nested function captures each of its upvalues from this function.
    fn upvalue_descs(&self, function: &Function) -> GenResult<Vec<UpvalueDesc>> {
        function
            .upvalues
            .iter()
            .map(|upvalue| {
                let (in_stack, index) = match upvalue.source {
                    UpvalueSource::ParentLocal(local) => (true, self.local_register(local)?),
                    UpvalueSource::ParentUpvalue(id) => {
                        if usize::from(id.0) >= self.upvalues.len() {
                            return Err(self.internal("captured upvalue out of range"));
                        }
                        (false, id.0)
                    }
                    UpvalueSource::Environment => (true, 0),
                };
                Ok(UpvalueDesc {
                    name: self.symbol_bytes(upvalue.name).into(),
                    in_stack,
                    index,
                })
            })
            .collect()
    }

    /// `function ... end`: compiles the prototype and emits its `Closure` into the next
    /// register (lua5.4's `codeclosure`; the instruction has the line of the `end`).
    pub fn closure(&mut self, function: &'c Function) -> GenResult<ExpDesc> {
        let upvalues = self.upvalue_descs(function)?;
        let proto = super::compile_function(self.chunk, function, self.source.clone(), upvalues)?;
        let index = u32::try_from(self.protos.len())
            .map_err(|_| CompileError::at(self.line, "too many functions"))?;
        self.protos.push(Shared::new(proto));
        let line = match function.last_line_defined {
            0 => self.line,
            line => line,
        };
        let pc = self.emit_at(
            Instruction::Closure {
                dst: 0,
                proto: index,
            },
            line,
        );
        let mut e = ExpDesc::new(ExpKind::Reloc(pc));
        self.exp_to_next_reg(&mut e)?;
        Ok(e)
    }

    /// A table constructor (lua5.4's `constructor`): keyed items stored as they come,
    /// positional ones collected above the table and stored by `SetList` every
    /// [`FIELDS_PER_FLUSH`] items and at the end.
    fn constructor(&mut self, items: &[TableItem], line: u32) -> GenResult<ExpDesc> {
        let table = self.free_register_operand();
        let new_table = self.emit(Instruction::NewTable {
            dst: table,
            hash: 0,
            array: 0,
        });
        self.reserve_regs(1)?;
        let t = ExpDesc::new(ExpKind::NonReloc(table));
        let mut stored: u64 = 0;
        let mut keyed: u64 = 0;
        let mut to_store = 0;
        let mut pending = ExpDesc::void();
        for item in items {
            if pending.kind != ExpKind::Void {
                self.exp_to_next_reg(&mut pending)?;
                pending = ExpDesc::void();
                if to_store == FIELDS_PER_FLUSH {
                    self.set_list(table, stored, to_store)?;
                    stored += to_store as u64;
                    to_store = 0;
                }
            }
            match *item {
                TableItem::Positional(value) => {
                    pending = self.expr(value)?;
                    to_store += 1;
                }
                TableItem::Keyed { key, value } => {
                    let reg = self.free_reg;
                    keyed += 1;
                    let mut k = self.expr(key)?;
                    self.exp_to_val(&mut k)?;
                    let mut target = t;
                    self.indexed(&mut target, k, line)?;
                    let mut v = self.expr(value)?;
                    self.store_var(&target, &mut v, line)?;
                    self.free_reg = reg;
                }
            }
        }
        if to_store > 0 {
            if pending.is_multret() {
                self.set_returns(&mut pending, None)?;
                self.set_list(table, stored, 0)?;
                // The last item's values are not counted.
                stored += to_store as u64 - 1;
            } else {
                if pending.kind != ExpKind::Void {
                    self.exp_to_next_reg(&mut pending)?;
                }
                self.set_list(table, stored, to_store)?;
                stored += to_store as u64;
            }
        }
        if let Some(Instruction::NewTable { hash, array, .. }) = self.code.get_mut(new_table) {
            *array = u32::try_from(stored).unwrap_or(u32::MAX);
            *hash = u16::try_from(keyed).unwrap_or(u16::MAX);
        }
        Ok(t)
    }

    /// Stores `count` values above `table` at `offset + 1...` (`count == 0`: up to the top).
    fn set_list(&mut self, table: u8, offset: u64, count: usize) -> GenResult<()> {
        let offset = u32::try_from(offset)
            .map_err(|_| CompileError::at(self.line, "too many items in a constructor"))?;
        let count = u8::try_from(count).unwrap_or(u8::MAX);
        self.emit(Instruction::SetList {
            table,
            count,
            offset,
        });
        self.free_reg = usize::from(table) + 1;
        Ok(())
    }
}
