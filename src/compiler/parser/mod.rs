//! The parser: tokens → the resolved syntax tree of [`super::ast`].
//!
//! A recursive-descent parser that follows lua5.4.4's `lparser.c` rule by rule, so that it
//! accepts the same programs, reports the same first error with the same message and line, and
//! fails with `C stack overflow` at the same nesting depth. While parsing it resolves names
//! ([`scope`]), substitutes compile-time constants, folds constant operations (through
//! [`super::fold`]) and resolves `goto`s and `break`s to labels.
//!
//! Submodules, one job each: [`scope`] (functions, blocks, variables, upvalues, labels),
//! [`expr`] (expressions), [`stat`] (statements).
//!
//! Recursion is bounded by lua5.4's level count ([`MAX_LEVELS`]); left-associative chains
//! (`a + b + c`, `a.b.c`, `f()()`) are built by loops, never by recursion. Every lookup is
//! O(1) or bounded by lua5.4's own limits (200 locals, 255 upvalues), so parsing is linear.

mod expr;
mod scope;
mod stat;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_files;

use super::CompileError;
use super::ast::{Chunk, Expr, ExprId};
use super::lexer::Lexer;
use super::token::{SpannedToken, Symbol, Token};
use crate::compiler::interner::SymbolMap;
use scope::{FuncState, VarRef};

/// Nesting levels a chunk may use. lua5.4 counts one C call per `statement`, per `subexpr` and
/// per extra assignment target, and fails with `C stack overflow` when its counter reaches
/// `LUAI_MAXCCALLS` (200). A script run as `lua5.4 file.lua` starts parsing with the counter
/// at 1, which leaves 199 levels (calibrated on generated files: 198 nested `do` blocks parse,
/// 199 do not).
const MAX_LEVELS: u32 = 199;

/// A parser result. Errors are boxed so that a `Result` stays two words wide: every level of
/// nesting costs a few Rust frames, and their `Result` temporaries add up in debug builds.
type PResult<T> = Result<T, Box<CompileError>>;

/// Longest source accepted. A source yields fewer than two expression nodes per byte, so this
/// keeps every [`ExprId`] within `u32`.
const MAX_SOURCE: usize = 1 << 30;

/// Parses a chunk into its syntax tree, or returns the first error lua5.4 would report.
pub(crate) fn parse(source: &[u8]) -> Result<Chunk, CompileError> {
    if source.len() >= MAX_SOURCE {
        return Err(CompileError {
            line: None,
            text: "not enough memory".into(),
        });
    }
    let mut parser = Parser::new(source);
    let main = parser.main_function().map_err(|error| *error)?;
    Ok(Chunk {
        main: *main,
        exprs: parser.exprs,
        interner: parser.lexer.into_interner(),
    })
}

/// Symbols the parser itself needs.
struct Names {
    /// `_ENV`, the name globals are resolved through.
    env: Symbol,
    /// `break`, the name of loop-exit labels and of the gotos `break` stands for.
    break_: Symbol,
    /// `self`, the implicit first parameter of methods.
    self_: Symbol,
    /// `(for state)`, the name of a `for` loop's hidden control variables.
    for_state: Symbol,
}

/// The parser's state (lua5.4's `LexState` plus the `FuncState` chain).
struct Parser<'src> {
    /// The token source.
    lexer: Lexer<'src>,
    /// The current token (lua5.4's `ls->t`).
    token: SpannedToken,
    /// The token after it, once peeked (`ls->lookahead`).
    ahead: Option<SpannedToken>,
    /// Line of the last consumed token (`ls->lastline`).
    last_line: u32,
    /// Nesting levels currently entered (lua5.4's C-call counter, less its starting value).
    depth: u32,
    /// The expression arena of the chunk.
    exprs: Vec<Expr>,
    /// The function being parsed.
    current: FuncState,
    /// The functions enclosing it, the main function first.
    outer: Vec<FuncState>,
    /// The innermost active variable of each name, over all functions being parsed; each
    /// variable remembers the binding it shadows.
    bindings: SymbolMap<VarRef>,
    /// Well-known symbols.
    names: Names,
    /// Visible labels over all functions being parsed (lua5.4's `dyd->label`).
    open_labels: usize,
    /// Unresolved gotos over all functions being parsed (lua5.4's `dyd->gt`).
    pending_gotos: usize,
}

/// Most labels, and most pending gotos, lua5.4 keeps at a time (`SHRT_MAX`).
const MAX_LABELS_OR_GOTOS: usize = 32767;

impl<'src> Parser<'src> {
    /// A parser at the start of `source` (no token read yet).
    fn new(source: &'src [u8]) -> Self {
        let mut lexer = Lexer::new(source);
        let interner = lexer.interner_mut();
        let names = Names {
            env: interner.intern(b"_ENV"),
            break_: interner.intern(b"break"),
            self_: interner.intern(b"self"),
            for_state: interner.intern(b"(for state)"),
        };
        Parser {
            lexer,
            token: SpannedToken {
                token: Token::Eof,
                line: 1,
                start: 0,
                end: 0,
            },
            ahead: None,
            last_line: 1,
            depth: 0,
            exprs: Vec::new(),
            current: FuncState::new(0),
            outer: Vec::new(),
            bindings: SymbolMap::default(),
            names,
            open_labels: 0,
            pending_gotos: 0,
        }
    }

    /// Moves to the next token (`luaX_next`).
    fn advance(&mut self) -> PResult<()> {
        self.last_line = self.token.line;
        self.token = match self.ahead.take() {
            Some(token) => token,
            None => self.lexer.next_token()?,
        };
        Ok(())
    }

    /// The token after the current one, read ahead (`luaX_lookahead`).
    fn peek(&mut self) -> PResult<Token> {
        if let Some(ahead) = self.ahead {
            return Ok(ahead.token);
        }
        let ahead = self.lexer.next_token()?;
        self.ahead = Some(ahead);
        Ok(ahead.token)
    }

    /// Whether the current token is `token` (a token without a value).
    fn at(&self, token: Token) -> bool {
        self.token.token == token
    }

    /// Skips the current token if it is `token` (`testnext`).
    fn test_next(&mut self, token: Token) -> PResult<bool> {
        if self.at(token) {
            self.advance()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Fails with `'X' expected` unless the current token is `token` (`check`).
    fn check(&self, token: Token) -> PResult<()> {
        if self.at(token) {
            Ok(())
        } else {
            Err(self.error_expected(token))
        }
    }

    /// [`Self::check`], then skips the token (`checknext`).
    fn check_next(&mut self, token: Token) -> PResult<()> {
        self.check(token)?;
        self.advance()
    }

    /// Skips `what`, which closes `who` opened at `line` (`check_match`): the error names the
    /// opening token when it is on another line.
    fn check_match(&mut self, what: Token, who: Token, line: u32) -> PResult<()> {
        if self.test_next(what)? {
            Ok(())
        } else {
            Err(self.error_unmatched(what, who, line))
        }
    }

    /// The error of a failed [`Self::check_match`].
    #[cold]
    #[inline(never)]
    fn error_unmatched(&self, what: Token, who: Token, line: u32) -> Box<CompileError> {
        if line == self.token.line {
            self.error_expected(what)
        } else {
            self.syntax_error(&format!("{what} expected (to close {who} at line {line})"))
        }
    }

    /// Reads a name (`str_checkname`).
    fn check_name(&mut self) -> PResult<Symbol> {
        match self.token.token {
            Token::Name(name) => {
                self.advance()?;
                Ok(name)
            }
            _ => Err(self.error_expected(Token::Name(Symbol(0)))),
        }
    }

    /// `'X' expected near Y` (`error_expected`).
    #[cold]
    #[inline(never)]
    fn error_expected(&self, token: Token) -> Box<CompileError> {
        self.syntax_error(&format!("{token} expected"))
    }

    /// `message near TOKEN` at the current token (`luaX_syntaxerror`).
    #[cold]
    #[inline(never)]
    fn syntax_error(&self, message: &str) -> Box<CompileError> {
        Box::new(self.lexer.error_near(&self.token, message))
    }

    /// `message` without a near part, at the current token's line (`luaK_semerror`).
    #[cold]
    #[inline(never)]
    fn semantic_error(&self, message: String) -> Box<CompileError> {
        Box::new(CompileError::at(self.token.line, message))
    }

    /// lua5.4's `too many labels/gotos` when one more label or pending goto would exceed
    /// its list limit; like a memory error it has no position.
    fn check_label_or_goto_room(count: usize) -> PResult<()> {
        if count >= MAX_LABELS_OR_GOTOS {
            return Err(Box::new(CompileError {
                line: None,
                text: format!("too many labels/gotos (limit is {MAX_LABELS_OR_GOTOS})"),
            }));
        }
        Ok(())
    }

    /// A name as text for messages (names are ASCII).
    fn text(&self, name: Symbol) -> String {
        String::from_utf8_lossy(self.lexer.interner().get(name)).into_owned()
    }

    /// Enters one nesting level (`enterlevel`).
    fn enter_level(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth >= MAX_LEVELS {
            return Err(Box::new(CompileError {
                line: None,
                text: "C stack overflow".into(),
            }));
        }
        Ok(())
    }

    /// Leaves `levels` nesting levels (`leavelevel`).
    fn leave_levels(&mut self, levels: u32) {
        self.depth = self.depth.saturating_sub(levels);
    }

    /// Adds an expression to the arena.
    fn push(&mut self, expr: Expr) -> ExprId {
        // `MAX_SOURCE` keeps the arena far below `u32::MAX` entries.
        let id = ExprId(self.exprs.len() as u32);
        self.exprs.push(expr);
        id
    }

    /// The expression `id` (every id the parser holds is in the arena; `nil` otherwise).
    fn expr_at(&self, id: ExprId) -> &Expr {
        static NIL: Expr = Expr::Nil;
        self.exprs.get(id.0 as usize).unwrap_or(&NIL)
    }

    /// Whether the current token ends a block (`block_follow`); `until` only if `with_until`.
    fn block_follow(&self, with_until: bool) -> bool {
        match self.token.token {
            Token::Else | Token::Elseif | Token::End | Token::Eof => true,
            Token::Until => with_until,
            _ => false,
        }
    }
}
