//! Expressions (lua5.4's `subexpr`, `simpleexp`, `suffixedexp`, `primaryexp`, `funcargs`,
//! `constructor` and `body`), with constant folding and the `and`/`or` simplifications
//! lua5.4's code generator makes on constant left operands.

use super::scope::{Constant, Resolved};
use super::{PResult, Parser};
use crate::compiler::ast::{BinaryOp, Expr, ExprId, Function, LocalId, TableItem, UnaryOp};
use crate::compiler::fold::{fold_binary, fold_unary};
use crate::compiler::token::{Symbol, Token};

/// Priority of unary operators (`UNARY_PRIORITY`).
const UNARY_PRIORITY: u8 = 12;

/// What a suffixed expression is, beyond its value: whether it may be assigned to and
/// whether it is a call (a statement may only be a call).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// Neither (a parenthesized expression).
    Plain,
    /// A local, an upvalue or an indexing.
    Var,
    /// A use of the compile-time constant named so (a variable, but read-only).
    Constant(Symbol),
    /// A function or method call.
    Call,
}

/// A binary operator with its left and right priorities.
type Operator = (BinaryOp, u8, u8);

/// The binary operator `token` stands for, with its priorities (lua5.4's `priority` table).
fn binary_op(token: Token) -> Option<Operator> {
    Some(match token {
        Token::Plus => (BinaryOp::Add, 10, 10),
        Token::Minus => (BinaryOp::Sub, 10, 10),
        Token::Star => (BinaryOp::Mul, 11, 11),
        Token::Percent => (BinaryOp::Mod, 11, 11),
        Token::Caret => (BinaryOp::Pow, 14, 13),
        Token::Slash => (BinaryOp::Div, 11, 11),
        Token::DoubleSlash => (BinaryOp::IDiv, 11, 11),
        Token::Ampersand => (BinaryOp::BAnd, 6, 6),
        Token::Pipe => (BinaryOp::BOr, 4, 4),
        Token::Tilde => (BinaryOp::BXor, 5, 5),
        Token::ShiftLeft => (BinaryOp::Shl, 7, 7),
        Token::ShiftRight => (BinaryOp::Shr, 7, 7),
        Token::Concat => (BinaryOp::Concat, 9, 8),
        Token::Equal => (BinaryOp::Eq, 3, 3),
        Token::NotEqual => (BinaryOp::NotEq, 3, 3),
        Token::Less => (BinaryOp::Lt, 3, 3),
        Token::LessEqual => (BinaryOp::Le, 3, 3),
        Token::Greater => (BinaryOp::Gt, 3, 3),
        Token::GreaterEqual => (BinaryOp::Ge, 3, 3),
        Token::And => (BinaryOp::And, 2, 2),
        Token::Or => (BinaryOp::Or, 1, 1),
        _ => return None,
    })
}

/// A unary operator.
fn unary_op(token: Token) -> Option<UnaryOp> {
    Some(match token {
        Token::Not => UnaryOp::Not,
        Token::Minus => UnaryOp::Neg,
        Token::Tilde => UnaryOp::BNot,
        Token::Hash => UnaryOp::Len,
        _ => return None,
    })
}

impl Parser<'_> {
    /// An expression (`expr`).
    pub(super) fn expr(&mut self) -> PResult<ExprId> {
        Ok(self.subexpr(0)?.0)
    }

    /// A comma-separated list of expressions (`explist`).
    pub(super) fn expr_list(&mut self) -> PResult<Vec<ExprId>> {
        let mut list = vec![self.expr()?];
        while self.test_next(Token::Comma)? {
            list.push(self.expr()?);
        }
        Ok(list)
    }

    /// `(simpleexp | unop subexpr) { binop subexpr }` where each `binop` has a left priority
    /// above `limit` (`subexpr`); also returns the first operator left untreated. One nesting
    /// level; operators of equal priority loop instead of recursing.
    fn subexpr(&mut self, limit: u8) -> PResult<(ExprId, Option<Operator>)> {
        self.enter_level()?;
        let mut lhs = match unary_op(self.token.token) {
            Some(op) => {
                let line = self.token.line;
                self.advance()?;
                let operand = self.subexpr(UNARY_PRIORITY)?.0;
                self.unary(op, operand, line)
            }
            None => self.simple_expr()?,
        };
        let mut next = binary_op(self.token.token);
        while let Some((op, left, right)) = next {
            if left <= limit {
                break;
            }
            let line = self.token.line;
            self.advance()?;
            let (rhs, following) = self.subexpr(right)?;
            lhs = self.binary(op, lhs, rhs, line);
            next = following;
        }
        self.leave_levels(1);
        Ok((lhs, next))
    }

    /// `op operand`, folded when lua5.4 folds it.
    fn unary(&mut self, op: UnaryOp, operand: ExprId, line: u32) -> ExprId {
        let value = self.expr_at(operand);
        if Constant::of(value).is_some()
            && let Some(folded) = fold_unary(op, value)
        {
            // A constant node is referenced only by its parent: reuse its slot.
            self.exprs[operand.0 as usize] = folded;
            return operand;
        }
        self.push(Expr::Unary { op, operand, line })
    }

    /// `expr` truncated to one value: an operand of `and`/`or` is never multi-valued, even
    /// when the operator itself is dropped (`true and f()` gives one value, as in lua5.4).
    fn single_value(&mut self, expr: ExprId) -> ExprId {
        if self.expr_at(expr).is_multi_valued() {
            self.push(Expr::Paren(expr))
        } else {
            expr
        }
    }

    /// `lhs op rhs` with the operator on `line`: `K and e` is `e` for a true constant `K`,
    /// `K or e` is `e` for `nil` or `false` (as lua5.4's `luaK_goiftrue`/`luaK_goiffalse`
    /// generate no test for them), constant operations are folded when lua5.4 folds them.
    fn binary(&mut self, op: BinaryOp, lhs: ExprId, rhs: ExprId, line: u32) -> ExprId {
        let left = self.expr_at(lhs);
        match op {
            BinaryOp::And => {
                if matches!(
                    left,
                    Expr::True | Expr::Integer(_) | Expr::Float(_) | Expr::String(_)
                ) {
                    return self.single_value(rhs);
                }
            }
            BinaryOp::Or => {
                if matches!(left, Expr::Nil | Expr::False) {
                    return self.single_value(rhs);
                }
            }
            _ => {
                let right = self.expr_at(rhs);
                if Constant::of(left).is_some()
                    && Constant::of(right).is_some()
                    && let Some(folded) = fold_binary(op, left, right)
                {
                    self.exprs[lhs.0 as usize] = folded;
                    if rhs.0 as usize + 1 == self.exprs.len() {
                        self.exprs.pop();
                    }
                    return lhs;
                }
            }
        }
        // Comparisons are reported at the last token of their right operand (lua5.4 emits
        // them without fixing the line).
        let line = match op {
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => self.last_line,
            _ => line,
        };
        self.push(Expr::Binary { op, lhs, rhs, line })
    }

    /// A literal, `...`, a constructor, a function or a suffixed expression (`simpleexp`).
    fn simple_expr(&mut self) -> PResult<ExprId> {
        let expr = match self.token.token {
            Token::Float(value) => Expr::Float(value),
            Token::Integer(value) => Expr::Integer(value),
            Token::String(value) => Expr::String(value),
            Token::Nil => Expr::Nil,
            Token::True => Expr::True,
            Token::False => Expr::False,
            Token::Dots => {
                if !self.fs().function.is_vararg {
                    return Err(self.syntax_error("cannot use '...' outside a vararg function"));
                }
                Expr::VarArg
            }
            Token::LeftBrace => return self.constructor(),
            Token::Function => return self.function_expr(),
            _ => return Ok(self.suffixed_expr()?.0),
        };
        self.advance()?;
        Ok(self.push(expr))
    }

    /// `FUNCTION body`: lua5.4 takes the line of the token after `function` as the line
    /// where the function is defined.
    fn function_expr(&mut self) -> PResult<ExprId> {
        self.advance()?;
        let line = self.token.line;
        let function = self.body(false, line)?;
        Ok(self.push(Expr::Function(function)))
    }

    /// A name or a parenthesized expression (`primaryexp`).
    fn primary_expr(&mut self) -> PResult<(ExprId, Shape)> {
        match self.token.token {
            Token::LeftParen => {
                let line = self.token.line;
                self.advance()?;
                let inner = self.expr()?;
                self.check_match(Token::RightParen, Token::LeftParen, line)?;
                let expr = if self.expr_at(inner).is_multi_valued() {
                    self.push(Expr::Paren(inner))
                } else {
                    inner
                };
                Ok((expr, Shape::Plain))
            }
            Token::Name(name) => {
                self.advance()?;
                self.single_var(name)
            }
            _ => Err(self.syntax_error("unexpected symbol")),
        }
    }

    /// The variable `name` (just read) refers to (`singlevar`).
    pub(super) fn single_var(&mut self, name: Symbol) -> PResult<(ExprId, Shape)> {
        let line = self.last_line;
        Ok(match self.resolve(name)? {
            Resolved::Local(local) => (self.push(Expr::Local(local)), Shape::Var),
            Resolved::Upvalue(upvalue) => (self.push(Expr::Upvalue(upvalue)), Shape::Var),
            Resolved::Constant(value) => (self.push(value.to_expr()), Shape::Constant(name)),
            Resolved::Global => {
                let env = self.names.env;
                let table = match self.resolve(env)? {
                    Resolved::Local(local) => self.push(Expr::Local(local)),
                    Resolved::Constant(value) => self.push(value.to_expr()),
                    Resolved::Upvalue(upvalue) => self.push(Expr::Upvalue(upvalue)),
                    // Unreachable: the main function always has `_ENV` as upvalue.
                    Resolved::Global => self.push(Expr::Nil),
                };
                let key = self.push(Expr::String(name));
                (self.push(Expr::Index { table, key, line }), Shape::Var)
            }
        })
    }

    /// `primaryexp { '.' NAME | '[' exp ']' | ':' NAME funcargs | funcargs }`
    /// (`suffixedexp`), built by a loop however long the chain.
    pub(super) fn suffixed_expr(&mut self) -> PResult<(ExprId, Shape)> {
        let line = self.token.line;
        let (mut expr, mut shape) = self.primary_expr()?;
        loop {
            (expr, shape) = match self.token.token {
                Token::Dot => (self.field_selector(expr)?, Shape::Var),
                Token::LeftBracket => (self.index_suffix(expr)?, Shape::Var),
                Token::Colon => (self.method_call(expr, line)?, Shape::Call),
                Token::LeftParen | Token::String(_) | Token::LeftBrace => {
                    (self.call(expr, line)?, Shape::Call)
                }
                _ => return Ok((expr, shape)),
            };
        }
    }

    /// `'[' exp ']'` applied to `table`.
    fn index_suffix(&mut self, table: ExprId) -> PResult<ExprId> {
        self.advance()?;
        let key = self.expr()?;
        self.check_next(Token::RightBracket)?;
        let line = self.last_line;
        Ok(self.push(Expr::Index { table, key, line }))
    }

    /// `':' NAME funcargs` applied to `object`; `line` is where the expression starts.
    fn method_call(&mut self, object: ExprId, line: u32) -> PResult<ExprId> {
        self.advance()?;
        let method = self.check_name()?;
        let method_line = self.last_line;
        let args = self.call_args(line)?;
        Ok(self.push(Expr::MethodCall {
            object,
            method,
            args,
            line,
            method_line,
        }))
    }

    /// `funcargs` applied to `function`; `line` is where the expression starts.
    fn call(&mut self, function: ExprId, line: u32) -> PResult<ExprId> {
        let args = self.call_args(line)?;
        Ok(self.push(Expr::Call {
            function,
            args,
            line,
        }))
    }

    /// `'.' NAME` (also `':' NAME` in function names) applied to `table` (`fieldsel`).
    pub(super) fn field_selector(&mut self, table: ExprId) -> PResult<ExprId> {
        self.advance()?;
        let name = self.check_name()?;
        let line = self.last_line;
        let key = self.push(Expr::String(name));
        Ok(self.push(Expr::Index { table, key, line }))
    }

    /// Call arguments: `'(' [explist] ')'`, a constructor or a string (`funcargs`); `line` is
    /// where the called expression starts.
    fn call_args(&mut self, line: u32) -> PResult<Vec<ExprId>> {
        match self.token.token {
            Token::LeftParen => {
                self.advance()?;
                let args = if self.at(Token::RightParen) {
                    Vec::new()
                } else {
                    self.expr_list()?
                };
                self.check_match(Token::RightParen, Token::LeftParen, line)?;
                Ok(args)
            }
            Token::LeftBrace => Ok(vec![self.constructor()?]),
            Token::String(value) => {
                self.advance()?;
                Ok(vec![self.push(Expr::String(value))])
            }
            _ => Err(self.syntax_error("function arguments expected")),
        }
    }

    /// A table constructor (`constructor`); the current token is `{`.
    fn constructor(&mut self) -> PResult<ExprId> {
        let line = self.token.line;
        self.check_next(Token::LeftBrace)?;
        let mut items = Vec::new();
        loop {
            if self.at(Token::RightBrace) {
                break;
            }
            items.push(self.field()?);
            if !(self.test_next(Token::Comma)? || self.test_next(Token::Semicolon)?) {
                break;
            }
        }
        self.check_match(Token::RightBrace, Token::LeftBrace, line)?;
        let line = self.last_line;
        Ok(self.push(Expr::Table { items, line }))
    }

    /// One constructor item (`field`, `recfield`, `listfield`).
    fn field(&mut self) -> PResult<TableItem> {
        let token = self.token.token;
        let key = match token {
            Token::Name(name) if self.peek()? == Token::Assign => {
                self.advance()?;
                self.push(Expr::String(name))
            }
            Token::LeftBracket => {
                self.advance()?;
                let key = self.expr()?;
                self.check_next(Token::RightBracket)?;
                key
            }
            _ => return Ok(TableItem::Positional(self.expr()?)),
        };
        self.check_next(Token::Assign)?;
        let value = self.expr()?;
        Ok(TableItem::Keyed { key, value })
    }

    /// A function body `'(' parlist ')' block END` (`body`); `line` is its `line_defined`.
    pub(super) fn body(&mut self, is_method: bool, line: u32) -> PResult<Box<Function>> {
        self.open_function(line);
        self.check_next(Token::LeftParen)?;
        if is_method {
            let name = self.names.self_;
            self.declare_local(name)?;
            self.activate(1);
        }
        let mut count = 0;
        if !self.at(Token::RightParen) {
            loop {
                match self.token.token {
                    Token::Name(name) => {
                        self.advance()?;
                        self.declare_local(name)?;
                        count += 1;
                    }
                    Token::Dots => {
                        self.advance()?;
                        self.fs_mut().function.is_vararg = true;
                        break;
                    }
                    _ => return Err(self.syntax_error("<name> or '...' expected")),
                }
                if !self.test_next(Token::Comma)? {
                    break;
                }
            }
        }
        self.activate(count);
        let fs = self.fs_mut();
        fs.function.params = (0..fs.function.locals.len() as u32).map(LocalId).collect();
        self.check_next(Token::RightParen)?;
        let mut stats = Vec::new();
        self.statement_list(&mut stats)?;
        self.fs_mut().function.last_line_defined = self.token.line;
        self.check_match(Token::End, Token::Function, line)?;
        self.close_function(stats)
    }
}
