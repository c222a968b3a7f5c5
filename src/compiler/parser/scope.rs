//! Functions, blocks, variables, upvalues, labels and gotos while parsing (lua5.4's
//! `FuncState`, `BlockCnt`, `Dyndata` and the functions that manage them).
//!
//! Each function keeps lua5.4's variable list (`actvar`): the active variables, then those
//! declared but not yet active. It includes the hidden control variables of `for` loops and
//! compile-time constants, because lua5.4's limits, goto checks and messages count them; the
//! syntax tree gets only the register locals ([`LocalInfo`]).
//!
//! Name lookup does not scan: [`Parser::bindings`] maps each name to its innermost active
//! variable across all functions being parsed, and each function maps its upvalue names to
//! ids. Visible labels and pending gotos are indexed by name as well.

use super::{PResult, Parser};
use crate::compiler::CompileError;
use crate::compiler::ast::{
    Attribute, Block, Expr, Function, LabelId, LabelInfo, LocalId, LocalInfo, Stat, UpvalueId,
    UpvalueInfo, UpvalueSource,
};
use crate::compiler::interner::SymbolMap;
use crate::compiler::token::Symbol;

/// Most variables (including hidden and constant ones) a function may have in scope.
const MAX_VARS: usize = 200;

/// Most upvalues a function may have.
const MAX_UPVALUES: usize = 255;

/// Placeholder target of a goto not resolved yet.
const UNRESOLVED: LabelId = LabelId(u32::MAX);

/// A variable of a function being parsed: the function's nesting level (0 = main) and the
/// variable's index in its variable list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct VarRef {
    /// Nesting level of the function.
    func: u32,
    /// Index in the function's variable list.
    var: u32,
}

/// The value of a compile-time constant (a `<const>` local initialized by a constant).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Constant {
    /// `nil`
    Nil,
    /// `true`
    True,
    /// `false`
    False,
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A string.
    String(Symbol),
}

impl Constant {
    /// The constant `expr` is, if it is one.
    pub(super) fn of(expr: &Expr) -> Option<Self> {
        Some(match *expr {
            Expr::Nil => Constant::Nil,
            Expr::True => Constant::True,
            Expr::False => Constant::False,
            Expr::Integer(value) => Constant::Integer(value),
            Expr::Float(value) => Constant::Float(value),
            Expr::String(value) => Constant::String(value),
            _ => return None,
        })
    }

    /// The constant as an expression.
    pub(super) fn to_expr(self) -> Expr {
        match self {
            Constant::Nil => Expr::Nil,
            Constant::True => Expr::True,
            Constant::False => Expr::False,
            Constant::Integer(value) => Expr::Integer(value),
            Constant::Float(value) => Expr::Float(value),
            Constant::String(value) => Expr::String(value),
        }
    }
}

/// What a variable is.
#[derive(Clone, Copy, Debug)]
enum VarKind {
    /// Declared, not active yet; it will be a register local with this attribute.
    Declared(Attribute),
    /// Declared, not active yet; it will be a hidden control variable.
    DeclaredHidden,
    /// An active register local.
    Register(LocalId),
    /// An active hidden control variable of a `for` loop (a register, but not in the tree).
    Hidden,
    /// An active compile-time constant.
    Constant(Constant),
}

/// A variable in a function's variable list (lua5.4's `Vardesc`).
#[derive(Clone, Copy, Debug)]
struct VarDesc {
    /// Its name.
    name: Symbol,
    /// What it is.
    kind: VarKind,
    /// Whether it is in [`Parser::bindings`] (active and nameable).
    bound: bool,
    /// The binding of the same name it shadows.
    shadowed: Option<VarRef>,
}

/// A block being parsed (lua5.4's `BlockCnt`).
#[derive(Clone, Copy, Debug)]
struct BlockState {
    /// Active variables when the block was entered.
    active: usize,
    /// Length of the visible-label list when the block was entered.
    first_label: usize,
    /// Length of the pending-goto list when the block was entered.
    first_goto: usize,
    /// Whether `break` exits here.
    is_loop: bool,
}

/// A label visible at the current point.
#[derive(Clone, Copy, Debug)]
struct VisibleLabel {
    /// Its name.
    name: Symbol,
    /// Line of its `::`.
    line: u32,
    /// Its id.
    id: LabelId,
}

/// A goto (or `break`) waiting for its label.
#[derive(Clone, Copy, Debug)]
struct PendingGoto {
    /// The label name.
    name: Symbol,
    /// The line lua5.4 reports for it.
    line: u32,
    /// Active variables at the goto, lowered to a block's entry level when the goto leaves
    /// that block.
    active: usize,
    /// Its index in [`FuncState::targets`].
    fixup: usize,
}

/// A function being parsed (lua5.4's `FuncState`).
#[derive(Debug)]
pub(super) struct FuncState {
    /// The function, its body still empty.
    pub(super) function: Function,
    /// Active variables, then declared ones not active yet.
    vars: Vec<VarDesc>,
    /// Number of active variables (`nactvar`).
    active: usize,
    /// Open blocks, innermost last.
    blocks: Vec<BlockState>,
    /// Upvalue ids by name.
    upvalue_index: SymbolMap<UpvalueId>,
    /// Whether each upvalue is read-only (captures a `<const>` or `<close>` variable).
    upvalue_readonly: Vec<bool>,
    /// Labels visible at the current point, in creation order.
    labels: Vec<VisibleLabel>,
    /// Index in `labels` by name (visible labels have distinct names).
    label_index: SymbolMap<usize>,
    /// Gotos in creation order; `None` once resolved.
    gotos: Vec<Option<PendingGoto>>,
    /// Indices in `gotos` of the unresolved gotos of each name, ascending.
    pending: SymbolMap<Vec<usize>>,
    /// Target of each goto of the function, by the index its [`Stat::Goto`] holds until the
    /// function is closed.
    targets: Vec<LabelId>,
}

impl FuncState {
    /// A function whose `function` keyword is on `line_defined`.
    pub(super) fn new(line_defined: u32) -> Self {
        FuncState {
            function: Function {
                line_defined,
                last_line_defined: 0,
                params: Vec::new(),
                is_vararg: false,
                locals: Vec::new(),
                upvalues: Vec::new(),
                labels: Vec::new(),
                body: Block::default(),
            },
            vars: Vec::new(),
            active: 0,
            blocks: Vec::new(),
            upvalue_index: SymbolMap::default(),
            upvalue_readonly: Vec::new(),
            labels: Vec::new(),
            label_index: SymbolMap::default(),
            gotos: Vec::new(),
            pending: SymbolMap::default(),
            targets: Vec::new(),
        }
    }

    /// Number of register locals (those in the tree) among the first `level` variables.
    fn tree_locals(&self, level: usize) -> u32 {
        let count = self.vars[..level.min(self.vars.len())]
            .iter()
            .filter(|var| matches!(var.kind, VarKind::Register(_)))
            .count();
        count as u32
    }

    /// Whether a register local is read-only.
    pub(super) fn local_is_readonly(&self, local: LocalId) -> Option<Symbol> {
        let info = self.function.locals.get(local.0 as usize)?;
        (info.attribute != Attribute::None).then_some(info.name)
    }

    /// Whether an upvalue is read-only.
    pub(super) fn upvalue_is_readonly(&self, upvalue: UpvalueId) -> Option<Symbol> {
        let readonly = *self.upvalue_readonly.get(usize::from(upvalue.0))?;
        let info = self.function.upvalues.get(usize::from(upvalue.0))?;
        readonly.then_some(info.name)
    }
}

/// What a name refers to.
#[derive(Clone, Copy, Debug)]
pub(super) enum Resolved {
    /// A local of the current function.
    Local(LocalId),
    /// An upvalue of the current function.
    Upvalue(UpvalueId),
    /// A compile-time constant.
    Constant(Constant),
    /// A global (a field of `_ENV`).
    Global,
}

impl Parser<'_> {
    /// The function being parsed.
    pub(super) fn fs(&self) -> &FuncState {
        &self.current
    }

    /// The function being parsed, mutably.
    pub(super) fn fs_mut(&mut self) -> &mut FuncState {
        &mut self.current
    }

    /// The function at nesting `level` (0 = main), mutably.
    fn func_mut(&mut self, level: usize) -> &mut FuncState {
        if level < self.outer.len() {
            &mut self.outer[level]
        } else {
            &mut self.current
        }
    }

    /// Nesting level of the current function.
    fn level(&self) -> usize {
        self.outer.len()
    }

    /// Starts the main function: vararg, with the `_ENV` upvalue (`mainfunc`).
    pub(super) fn open_main(&mut self) {
        let env = self.names.env;
        let fs = self.fs_mut();
        fs.function.is_vararg = true;
        fs.function.upvalues.push(UpvalueInfo {
            name: env,
            source: UpvalueSource::Environment,
        });
        fs.upvalue_readonly.push(false);
        fs.upvalue_index.insert(env, UpvalueId(0));
        self.enter_block(false);
    }

    /// Starts a nested function whose `function` keyword is on `line` (`open_func`).
    pub(super) fn open_function(&mut self, line: u32) {
        let outer = std::mem::replace(&mut self.current, FuncState::new(line));
        self.outer.push(outer);
        self.enter_block(false);
    }

    /// Ends the current function with `stats` as its body (`close_func`): closes its
    /// outermost block (failing on a goto without label) and points its gotos at their labels.
    pub(super) fn close_function(&mut self, stats: Vec<Stat>) -> PResult<Box<Function>> {
        self.leave_block()?;
        let fs = match self.outer.pop() {
            Some(outer) => std::mem::replace(&mut self.current, outer),
            None => std::mem::replace(&mut self.current, FuncState::new(0)),
        };
        let mut function = Box::new(fs.function);
        function.body = Block { stats };
        if !fs.targets.is_empty() {
            patch_gotos(&mut function.body, &fs.targets);
        }
        Ok(function)
    }

    /// Enters a block (`enterblock`).
    pub(super) fn enter_block(&mut self, is_loop: bool) {
        let fs = self.fs_mut();
        let block = BlockState {
            active: fs.active,
            first_label: fs.labels.len(),
            first_goto: fs.gotos.len(),
            is_loop,
        };
        fs.blocks.push(block);
    }

    /// Leaves the innermost block (`leaveblock`): resolves the `break`s of a loop (returning
    /// the loop's exit label if there were any), ends the scope of its variables and labels,
    /// and moves its pending gotos out to the enclosing block (or fails if there is none).
    pub(super) fn leave_block(&mut self) -> PResult<Option<LabelId>> {
        let Some(&block) = self.fs().blocks.last() else {
            return Ok(None);
        };
        let exit = if block.is_loop {
            // lua5.4 creates the loop's `break` label (briefly in its label list) for every loop.
            Self::check_label_or_goto_room(self.open_labels)?;
            let name = self.names.break_;
            self.create_label(name, 0, false, None)?
        } else {
            None
        };
        self.fs_mut().blocks.pop();
        self.remove_vars(block.active);
        let fs = self.fs_mut();
        let mut closed_labels = 0;
        for label in fs.labels.drain(block.first_label..) {
            fs.label_index.remove(&label.name);
            closed_labels += 1;
        }
        self.open_labels -= closed_labels;
        let fs = self.fs_mut();
        let gotos = fs.gotos.get_mut(block.first_goto..).unwrap_or_default();
        if let Some(enclosing) = fs.blocks.last() {
            for goto in gotos.iter_mut().flatten() {
                goto.active = block.active;
            }
            // Forget resolved gotos at the end of the list (not below the enclosing block's
            // own entries), so enclosing blocks do not walk them again.
            let floor = enclosing.first_goto;
            while fs.gotos.len() > floor && matches!(fs.gotos.last(), Some(None)) {
                fs.gotos.pop();
            }
        } else if let Some(&goto) = gotos.iter().flatten().next() {
            let message = if goto.name == self.names.break_ {
                format!("break outside loop at line {}", goto.line)
            } else {
                format!(
                    "no visible label '{}' for <goto> at line {}",
                    self.text(goto.name),
                    goto.line
                )
            };
            return Err(self.semantic_error(message));
        }
        Ok(exit)
    }

    /// `too many WHAT (limit is LIMIT) in FUNCTION` for the function at `level`
    /// (`errorlimit`).
    #[cold]
    #[inline(never)]
    fn limit_error(&mut self, level: usize, limit: usize, what: &str) -> Box<CompileError> {
        let line = self.func_mut(level).function.line_defined;
        let place = if line == 0 {
            "main function".to_owned()
        } else {
            format!("function at line {line}")
        };
        self.syntax_error(&format!("too many {what} (limit is {limit}) in {place}"))
    }

    /// Declares a variable, not active yet (`new_localvar`).
    fn declare(&mut self, name: Symbol, kind: VarKind) -> PResult<()> {
        if self.fs().vars.len() + 1 > MAX_VARS {
            let level = self.level();
            return Err(self.limit_error(level, MAX_VARS, "local variables"));
        }
        self.fs_mut().vars.push(VarDesc {
            name,
            kind,
            bound: false,
            shadowed: None,
        });
        Ok(())
    }

    /// Declares a local named `name`, not active yet.
    pub(super) fn declare_local(&mut self, name: Symbol) -> PResult<()> {
        self.declare(name, VarKind::Declared(Attribute::None))
    }

    /// Declares a hidden control variable of a `for` loop, not active yet.
    pub(super) fn declare_hidden(&mut self) -> PResult<()> {
        let name = self.names.for_state;
        self.declare(name, VarKind::DeclaredHidden)
    }

    /// Sets the attribute of the last declared variable.
    pub(super) fn set_attribute(&mut self, attribute: Attribute) {
        if let Some(var) = self.fs_mut().vars.last_mut() {
            var.kind = VarKind::Declared(attribute);
        }
    }

    /// Makes `name` refer to variable `var` of the current function.
    fn bind(&mut self, var: usize) {
        let func = self.level() as u32;
        let name = self.fs().vars[var].name;
        let shadowed = self.bindings.insert(
            name,
            VarRef {
                func,
                var: var as u32,
            },
        );
        let desc = &mut self.fs_mut().vars[var];
        desc.bound = true;
        desc.shadowed = shadowed;
    }

    /// Activates the next `count` declared variables (`adjustlocalvars`), returning the
    /// register locals among them.
    pub(super) fn activate(&mut self, count: usize) -> Vec<LocalId> {
        let mut locals = Vec::with_capacity(count);
        for _ in 0..count {
            let index = self.fs().active;
            let Some(&var) = self.fs().vars.get(index) else {
                break;
            };
            let fs = self.fs_mut();
            fs.active += 1;
            match var.kind {
                VarKind::Declared(attribute) => {
                    let id = LocalId(fs.function.locals.len() as u32);
                    fs.function.locals.push(LocalInfo {
                        name: var.name,
                        attribute,
                        captured: false,
                    });
                    fs.vars[index].kind = VarKind::Register(id);
                    locals.push(id);
                    self.bind(index);
                }
                VarKind::DeclaredHidden => fs.vars[index].kind = VarKind::Hidden,
                _ => {}
            }
        }
        locals
    }

    /// Activates the next declared variable as the compile-time constant `value`.
    pub(super) fn activate_constant(&mut self, value: Constant) {
        let index = self.fs().active;
        if index < self.fs().vars.len() {
            let fs = self.fs_mut();
            fs.vars[index].kind = VarKind::Constant(value);
            fs.active += 1;
            self.bind(index);
        }
    }

    /// Ends the scope of the variables above `level` (`removevars`).
    fn remove_vars(&mut self, level: usize) {
        while self.fs().vars.len() > level {
            let Some(var) = self.fs_mut().vars.pop() else {
                break;
            };
            if var.bound {
                match var.shadowed {
                    Some(shadowed) => self.bindings.insert(var.name, shadowed),
                    None => self.bindings.remove(&var.name),
                };
            }
        }
        let fs = self.fs_mut();
        fs.active = fs.active.min(level);
    }

    /// What `name` refers to from the current function (`singlevaraux`). Upvalues are added
    /// to every function between the variable's and the current one, and a captured local is
    /// marked.
    pub(super) fn resolve(&mut self, name: Symbol) -> PResult<Resolved> {
        let current = self.level();
        let binding = self.bindings.get(&name).copied();
        // Functions above `lowest` have no variable named `name`: only their upvalues can
        // hold it.
        let lowest = match binding {
            Some(var) if var.func as usize == current => {
                return Ok(match self.fs().vars[var.var as usize].kind {
                    VarKind::Register(local) => Resolved::Local(local),
                    VarKind::Constant(value) => Resolved::Constant(value),
                    _ => Resolved::Global,
                });
            }
            Some(var) => var.func as usize + 1,
            // Only `_ENV` can be an upvalue without being a variable (the main chunk's).
            None if name != self.names.env => return Ok(Resolved::Global),
            None => 0,
        };
        let mut found = None;
        for level in (lowest..=current).rev() {
            if let Some(&upvalue) = self.func_mut(level).upvalue_index.get(&name) {
                found = Some((level, upvalue));
                break;
            }
        }
        let (mut source, mut readonly, first) = match (found, binding) {
            (Some((level, upvalue)), _) if level == current => {
                return Ok(Resolved::Upvalue(upvalue));
            }
            (Some((level, upvalue)), _) => {
                let fs = self.func_mut(level);
                let readonly = fs.upvalue_readonly[usize::from(upvalue.0)];
                (UpvalueSource::ParentUpvalue(upvalue), readonly, level + 1)
            }
            (None, Some(var)) => {
                let level = var.func as usize;
                let fs = self.func_mut(level);
                match fs.vars[var.var as usize].kind {
                    VarKind::Constant(value) => return Ok(Resolved::Constant(value)),
                    VarKind::Register(local) => {
                        let info = &mut fs.function.locals[local.0 as usize];
                        info.captured = true;
                        let readonly = info.attribute != Attribute::None;
                        (UpvalueSource::ParentLocal(local), readonly, level + 1)
                    }
                    _ => return Ok(Resolved::Global),
                }
            }
            (None, None) => return Ok(Resolved::Global),
        };
        let mut upvalue = UpvalueId(0);
        for level in first..=current {
            upvalue = self.new_upvalue(level, name, source, readonly)?;
            source = UpvalueSource::ParentUpvalue(upvalue);
            readonly = self.func_mut(level).upvalue_readonly[usize::from(upvalue.0)];
        }
        Ok(Resolved::Upvalue(upvalue))
    }

    /// Adds an upvalue to the function at `level` (`newupvalue`).
    fn new_upvalue(
        &mut self,
        level: usize,
        name: Symbol,
        source: UpvalueSource,
        readonly: bool,
    ) -> PResult<UpvalueId> {
        let count = self.func_mut(level).function.upvalues.len();
        if count + 1 > MAX_UPVALUES {
            return Err(self.limit_error(level, MAX_UPVALUES, "upvalues"));
        }
        let id = UpvalueId(count as u8);
        let fs = self.func_mut(level);
        fs.function.upvalues.push(UpvalueInfo { name, source });
        fs.upvalue_readonly.push(readonly);
        fs.upvalue_index.insert(name, id);
        Ok(id)
    }

    /// A `goto name` (or a `break`, named `break`) at `line`: resolved now if the label is
    /// visible (a backward jump), pending otherwise. Returns the statement.
    pub(super) fn goto(&mut self, name: Symbol, line: u32, stat_line: u32) -> PResult<Stat> {
        if !self.fs().label_index.contains_key(&name) {
            Self::check_label_or_goto_room(self.pending_gotos)?;
            self.pending_gotos += 1;
        }
        let fs = self.fs_mut();
        let fixup = fs.targets.len();
        match fs.label_index.get(&name) {
            Some(&label) => fs.targets.push(fs.labels[label].id),
            None => {
                fs.targets.push(UNRESOLVED);
                let index = fs.gotos.len();
                fs.gotos.push(Some(PendingGoto {
                    name,
                    line,
                    active: fs.active,
                    fixup,
                }));
                fs.pending.entry(name).or_default().push(index);
            }
        }
        Ok(Stat::Goto {
            label: LabelId(fixup as u32),
            line: stat_line,
        })
    }

    /// Allocates the id of a label about to be created.
    pub(super) fn new_label_id(&mut self, name: Symbol) -> LabelId {
        let labels = &mut self.fs_mut().function.labels;
        labels.push(LabelInfo {
            name,
            active_locals: 0,
        });
        LabelId(labels.len() as u32 - 1)
    }

    /// Fails if a label named `name` is visible (`checkrepeated`).
    pub(super) fn check_repeated(&self, name: Symbol) -> PResult<()> {
        let fs = self.fs();
        match fs.label_index.get(&name) {
            Some(&label) => Err(self.semantic_error(format!(
                "label '{}' already defined on line {}",
                self.text(name),
                fs.labels[label].line
            ))),
            None => Ok(()),
        }
    }

    /// Creates label `name` at `line` (`createlabel`) and resolves the pending gotos of the
    /// current block to it. `last` says it ends its block, so the block's locals count as out
    /// of scope. A named label has its pre-allocated `id` and becomes visible; the implicit
    /// `break` label gets an id only if some `break` jumps to it, which is returned.
    pub(super) fn create_label(
        &mut self,
        name: Symbol,
        line: u32,
        last: bool,
        id: Option<LabelId>,
    ) -> PResult<Option<LabelId>> {
        let fs = self.fs_mut();
        let Some(&block) = fs.blocks.last() else {
            return Ok(None);
        };
        let level = if last { block.active } else { fs.active };
        let solved = match fs.pending.get_mut(&name) {
            Some(list) => {
                let split = list.partition_point(|&index| index < block.first_goto);
                list.split_off(split)
            }
            None => Vec::new(),
        };
        let id = match id {
            Some(id) => id,
            None if solved.is_empty() => return Ok(None),
            None => self.new_label_id(name),
        };
        let active_locals = self.fs().tree_locals(level);
        let is_break = name == self.names.break_;
        let fs = self.fs_mut();
        if let Some(info) = fs.function.labels.get_mut(id.0 as usize) {
            info.active_locals = active_locals;
        }
        if !is_break {
            Self::check_label_or_goto_room(self.open_labels)?;
            let fs = self.fs_mut();
            fs.label_index.insert(name, fs.labels.len());
            fs.labels.push(VisibleLabel { name, line, id });
            self.open_labels += 1;
        }
        for index in solved {
            let fs = self.fs_mut();
            let Some(goto) = fs.gotos.get_mut(index).and_then(Option::take) else {
                continue;
            };
            self.pending_gotos -= 1;
            let fs = self.fs_mut();
            if goto.active < level {
                let local = fs.vars.get(goto.active).map_or(name, |var| var.name);
                let message = format!(
                    "<goto {}> at line {} jumps into the scope of local '{}'",
                    self.text(goto.name),
                    goto.line,
                    self.text(local)
                );
                return Err(self.semantic_error(message));
            }
            if let Some(target) = fs.targets.get_mut(goto.fixup) {
                *target = id;
            }
        }
        Ok(Some(id))
    }
}

/// Replaces the goto indices in a function's statements by their labels (nested functions
/// were patched when they were closed).
fn patch_gotos(body: &mut Block, targets: &[LabelId]) {
    let mut stack = vec![body];
    while let Some(block) = stack.pop() {
        for stat in block.stats.iter_mut() {
            match stat {
                Stat::Goto { label, .. } => {
                    *label = targets.get(label.0 as usize).copied().unwrap_or(UNRESOLVED);
                }
                Stat::Do(body)
                | Stat::While { body, .. }
                | Stat::Repeat { body, .. }
                | Stat::NumericFor { body, .. }
                | Stat::GenericFor { body, .. } => stack.push(body),
                Stat::If {
                    branches,
                    otherwise,
                } => {
                    stack.extend(branches.iter_mut().map(|(_, body)| body));
                    stack.extend(otherwise.as_mut());
                }
                _ => {}
            }
        }
    }
}
