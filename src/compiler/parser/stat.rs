//! Statements and blocks (lua5.4's `statlist`, `statement` and the `*stat` functions).

use super::expr::Shape;
use super::scope::Constant;
use super::{PResult, Parser};
use crate::compiler::ast::{Attribute, Block, Expr, ExprId, Function, LocalId, Stat};
use crate::compiler::token::{Symbol, Token};

impl Parser<'_> {
    /// Parses the whole chunk as the main function (`mainfunc`).
    pub(super) fn main_function(&mut self) -> PResult<Box<Function>> {
        self.open_main();
        self.advance()?;
        let mut stats = Vec::new();
        self.statement_list(&mut stats)?;
        self.check(Token::Eof)?;
        self.close_function(stats)
    }

    /// Statements up to the end of a block; `return` must be the last (`statlist`).
    pub(super) fn statement_list(&mut self, out: &mut Vec<Stat>) -> PResult<()> {
        while !self.block_follow(true) {
            if self.at(Token::Return) {
                return self.statement(out);
            }
            self.statement(out)?;
        }
        Ok(())
    }

    /// A block with its own scope (`block`).
    fn block(&mut self) -> PResult<Block> {
        self.enter_block(false);
        let mut stats = Vec::new();
        self.statement_list(&mut stats)?;
        self.leave_block()?;
        Ok(Block { stats })
    }

    /// One statement, appended to `out` (`statement`). One nesting level. Each kind of
    /// statement has its own function, so that this frame, which every nesting level of
    /// statements repeats, stays small.
    fn statement(&mut self, out: &mut Vec<Stat>) -> PResult<()> {
        let line = self.token.line;
        self.enter_level()?;
        match self.token.token {
            Token::Semicolon => self.advance()?,
            Token::If => self.if_stat(line, out)?,
            Token::While => self.while_stat(line, out)?,
            Token::Do => self.do_stat(line, out)?,
            Token::For => self.for_stat(line, out)?,
            Token::Repeat => self.repeat_stat(line, out)?,
            Token::Function => self.function_stat(line, out)?,
            Token::Local => self.local_stats(out)?,
            Token::DoubleColon => self.label_stat(line, out)?,
            Token::Return => self.return_stat(line, out)?,
            Token::Break => self.break_stat(line, out)?,
            Token::Goto => self.goto_stat(line, out)?,
            _ => self.expr_stat(out)?,
        }
        self.leave_levels(1);
        Ok(())
    }

    /// `DO block END`.
    fn do_stat(&mut self, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        self.advance()?;
        let body = self.block()?;
        self.check_match(Token::End, Token::Do, line)?;
        out.push(Stat::Do(body));
        Ok(())
    }

    /// `LOCAL FUNCTION ...` or `LOCAL NAME ...`.
    fn local_stats(&mut self, out: &mut Vec<Stat>) -> PResult<()> {
        self.advance()?;
        if self.test_next(Token::Function)? {
            self.local_function(out)
        } else {
            self.local_stat(out)
        }
    }

    /// `BREAK`: a goto to the enclosing loop's exit label.
    fn break_stat(&mut self, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        self.advance()?;
        let name = self.names.break_;
        out.push(self.goto(name, line, line)?);
        Ok(())
    }

    /// `GOTO NAME`: lua5.4 reports it at the line of the name.
    fn goto_stat(&mut self, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        self.advance()?;
        let name_line = self.token.line;
        let name = self.check_name()?;
        out.push(self.goto(name, name_line, line)?);
        Ok(())
    }

    /// `IF cond THEN block {ELSEIF cond THEN block} [ELSE block] END` (`ifstat`).
    fn if_stat(&mut self, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        let mut branches = vec![self.test_then_block()?];
        while self.at(Token::Elseif) {
            branches.push(self.test_then_block()?);
        }
        let otherwise = if self.test_next(Token::Else)? {
            Some(self.block()?)
        } else {
            None
        };
        self.check_match(Token::End, Token::If, line)?;
        out.push(Stat::If {
            branches,
            otherwise,
        });
        Ok(())
    }

    /// `[IF | ELSEIF] cond THEN block` (`test_then_block`). Like lua5.4, a `break` right
    /// after `then` (and the `;`s after it) is read without entering a nesting level.
    fn test_then_block(&mut self) -> PResult<(ExprId, Block)> {
        self.advance()?;
        let condition = self.expr()?;
        self.check_next(Token::Then)?;
        let mut stats = Vec::new();
        self.enter_block(false);
        if self.at(Token::Break) {
            let line = self.token.line;
            self.advance()?;
            let name = self.names.break_;
            stats.push(self.goto(name, line, line)?);
            while self.test_next(Token::Semicolon)? {}
        }
        self.statement_list(&mut stats)?;
        self.leave_block()?;
        Ok((condition, Block { stats }))
    }

    /// `WHILE cond DO block END` (`whilestat`).
    fn while_stat(&mut self, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        self.advance()?;
        let condition = self.expr()?;
        self.enter_block(true);
        self.check_next(Token::Do)?;
        let body = self.block()?;
        self.check_match(Token::End, Token::While, line)?;
        let break_label = self.leave_block()?;
        out.push(Stat::While {
            condition,
            body,
            break_label,
        });
        Ok(())
    }

    /// `REPEAT block UNTIL cond`, the condition inside the block's scope (`repeatstat`).
    fn repeat_stat(&mut self, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        self.enter_block(true);
        self.enter_block(false);
        self.advance()?;
        let mut stats = Vec::new();
        self.statement_list(&mut stats)?;
        self.check_match(Token::Until, Token::Repeat, line)?;
        let condition = self.expr()?;
        self.leave_block()?;
        let break_label = self.leave_block()?;
        out.push(Stat::Repeat {
            body: Block { stats },
            condition,
            break_label,
        });
        Ok(())
    }

    /// `FOR (fornum | forlist) END` (`forstat`).
    fn for_stat(&mut self, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        self.enter_block(true);
        self.advance()?;
        let name = self.check_name()?;
        let mut stat = match self.token.token {
            Token::Assign => self.numeric_for(name)?,
            Token::Comma | Token::In => self.generic_for(name)?,
            _ => return Err(self.syntax_error("'=' or 'in' expected")),
        };
        self.check_match(Token::End, Token::For, line)?;
        let exit = self.leave_block()?;
        if let Stat::NumericFor { break_label, .. } | Stat::GenericFor { break_label, .. } =
            &mut stat
        {
            *break_label = exit;
        }
        out.push(stat);
        Ok(())
    }

    /// `NAME = exp, exp [, exp] forbody` (`fornum`), without its break label.
    fn numeric_for(&mut self, name: Symbol) -> PResult<Stat> {
        for _ in 0..3 {
            self.declare_hidden()?;
        }
        self.declare_local(name)?;
        self.check_next(Token::Assign)?;
        let start = self.expr()?;
        self.check_next(Token::Comma)?;
        let limit = self.expr()?;
        let step = if self.test_next(Token::Comma)? {
            Some(self.expr()?)
        } else {
            None
        };
        self.activate(3);
        // lua5.4 emits the loop preparation (which reports bad initial values, limits and
        // steps) after reading `do`, so errors point at the `do` line.
        let line = self.token.line;
        let (vars, body) = self.for_body(1)?;
        Ok(Stat::NumericFor {
            var: vars.first().copied().unwrap_or(LocalId(0)),
            start,
            limit,
            step,
            body,
            break_label: None,
            line,
        })
    }

    /// `NAME {, NAME} IN explist forbody` (`forlist`), without its break label.
    fn generic_for(&mut self, name: Symbol) -> PResult<Stat> {
        for _ in 0..4 {
            self.declare_hidden()?;
        }
        self.declare_local(name)?;
        let mut count = 1;
        while self.test_next(Token::Comma)? {
            let name = self.check_name()?;
            self.declare_local(name)?;
            count += 1;
        }
        self.check_next(Token::In)?;
        // lua5.4 reports the iterator call at the line of the first token after `in`.
        let line = self.token.line;
        let values = self.expr_list()?;
        self.activate(4);
        let (vars, body) = self.for_body(count)?;
        Ok(Stat::GenericFor {
            vars,
            values,
            body,
            break_label: None,
            line,
        })
    }

    /// `DO block` with the `count` loop variables active in it (`forbody`).
    fn for_body(&mut self, count: usize) -> PResult<(Vec<LocalId>, Block)> {
        self.check_next(Token::Do)?;
        self.enter_block(false);
        let vars = self.activate(count);
        let body = self.block()?;
        self.leave_block()?;
        Ok((vars, body))
    }

    /// `FUNCTION funcname body` (`funcstat`): an assignment of the function.
    fn function_stat(&mut self, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        self.advance()?;
        let name = self.check_name()?;
        let (mut target, mut shape) = self.single_var(name)?;
        while self.at(Token::Dot) {
            target = self.field_selector(target)?;
            shape = Shape::Var;
        }
        let is_method = self.at(Token::Colon);
        if is_method {
            target = self.field_selector(target)?;
            shape = Shape::Var;
        }
        let function = self.body(is_method, line)?;
        self.check_readonly(target, shape)?;
        let value = self.push(Expr::Function(function));
        out.push(Stat::Assign {
            targets: vec![target],
            values: vec![value],
            line,
        });
        Ok(())
    }

    /// `LOCAL FUNCTION NAME body` (`localfunc`): the local is active in the body.
    fn local_function(&mut self, out: &mut Vec<Stat>) -> PResult<()> {
        let name = self.check_name()?;
        self.declare_local(name)?;
        let locals = self.activate(1);
        let line = self.token.line;
        let function = self.body(false, line)?;
        if let Some(&local) = locals.first() {
            out.push(Stat::LocalFunction { local, function });
        }
        Ok(())
    }

    /// `['<' NAME '>']` after a local's name (`getlocalattribute`).
    fn attribute(&mut self) -> PResult<Attribute> {
        if !self.test_next(Token::Less)? {
            return Ok(Attribute::None);
        }
        let name = self.check_name()?;
        self.check_next(Token::Greater)?;
        match self.lexer.interner().get(name) {
            b"const" => Ok(Attribute::Const),
            b"close" => Ok(Attribute::Close),
            _ => Err(self.semantic_error(format!("unknown attribute '{}'", self.text(name)))),
        }
    }

    /// `LOCAL NAME ATTRIB {',' NAME ATTRIB} ['=' explist]` (`localstat`). As in lua5.4, only
    /// the last variable may become a compile-time constant, when there are as many values
    /// as variables and its value is a constant.
    fn local_stat(&mut self, out: &mut Vec<Stat>) -> PResult<()> {
        let mut count = 0;
        let mut has_close = false;
        let mut last_attribute;
        loop {
            let name = self.check_name()?;
            self.declare_local(name)?;
            last_attribute = self.attribute()?;
            self.set_attribute(last_attribute);
            if last_attribute == Attribute::Close {
                if has_close {
                    return Err(self.semantic_error(
                        "multiple to-be-closed variables in local list".to_owned(),
                    ));
                }
                has_close = true;
            }
            count += 1;
            if !self.test_next(Token::Comma)? {
                break;
            }
        }
        let mut values = if self.test_next(Token::Assign)? {
            self.expr_list()?
        } else {
            Vec::new()
        };
        let constant = match values.last() {
            Some(&last) if values.len() == count && last_attribute == Attribute::Const => {
                Constant::of(self.expr_at(last))
            }
            _ => None,
        };
        let locals = match constant {
            Some(value) => {
                values.pop();
                let locals = self.activate(count - 1);
                self.activate_constant(value);
                locals
            }
            None => self.activate(count),
        };
        if !locals.is_empty() || !values.is_empty() {
            out.push(Stat::Local {
                locals,
                values,
                line: self.last_line,
            });
        }
        Ok(())
    }

    /// `'::' NAME '::'` (`labelstat`). Following
    /// no-op statements (`;` and other labels) are read first, as lua5.4 does, so a label
    /// followed only by them at the end of its block counts as the block's last statement.
    fn label_stat(&mut self, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        self.advance()?;
        let name = self.check_name()?;
        self.check_next(Token::DoubleColon)?;
        let id = self.new_label_id(name);
        out.push(Stat::Label(id));
        while self.at(Token::Semicolon) || self.at(Token::DoubleColon) {
            self.statement(out)?;
        }
        self.check_repeated(name)?;
        let last = self.block_follow(false);
        self.create_label(name, line, last, Some(id))?;
        Ok(())
    }

    /// `RETURN [explist] [';']` (`retstat`).
    fn return_stat(&mut self, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        self.advance()?;
        let values = if self.block_follow(true) || self.at(Token::Semicolon) {
            Vec::new()
        } else {
            self.expr_list()?
        };
        self.test_next(Token::Semicolon)?;
        out.push(Stat::Return { values, line });
        Ok(())
    }

    /// A call statement or an assignment (`exprstat`, `restassign`). Each target after the
    /// first enters a nesting level, as lua5.4's recursive `restassign` does.
    fn expr_stat(&mut self, out: &mut Vec<Stat>) -> PResult<()> {
        let (first, shape) = self.suffixed_expr()?;
        if !self.at(Token::Assign) && !self.at(Token::Comma) {
            if shape != Shape::Call {
                return Err(self.syntax_error("syntax error"));
            }
            out.push(Stat::Call(first));
            return Ok(());
        }
        self.check_assignable(first, shape)?;
        let mut targets = vec![first];
        let mut levels = 0;
        while self.test_next(Token::Comma)? {
            let (target, shape) = self.suffixed_expr()?;
            self.enter_level()?;
            levels += 1;
            self.check_assignable(target, shape)?;
            targets.push(target);
        }
        self.check_next(Token::Assign)?;
        let values = self.expr_list()?;
        self.leave_levels(levels);
        out.push(Stat::Assign {
            targets,
            values,
            line: self.last_line,
        });
        Ok(())
    }

    /// Fails unless `target` can be assigned to: `syntax error` if it is not a variable
    /// (`vkisvar`), then [`Self::check_readonly`].
    fn check_assignable(&self, target: ExprId, shape: Shape) -> PResult<()> {
        if !matches!(shape, Shape::Var | Shape::Constant(_)) {
            return Err(self.syntax_error("syntax error"));
        }
        self.check_readonly(target, shape)
    }

    /// Fails if `target` is a `<const>` or `<close>` variable (`check_readonly`).
    fn check_readonly(&self, target: ExprId, shape: Shape) -> PResult<()> {
        let name = match (shape, self.expr_at(target)) {
            (Shape::Constant(name), _) => Some(name),
            (Shape::Var, &Expr::Local(local)) => self.fs().local_is_readonly(local),
            (Shape::Var, &Expr::Upvalue(upvalue)) => self.fs().upvalue_is_readonly(upvalue),
            _ => None,
        };
        match name {
            Some(name) => Err(self.semantic_error(format!(
                "attempt to assign to const variable '{}'",
                self.text(name)
            ))),
            None => Ok(()),
        }
    }
}
