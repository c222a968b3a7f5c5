//! The syntax tree the parser hands to the code generator.
//!
//! Names are already resolved: a variable is a [`Expr::Local`] of the enclosing function, an
//! [`Expr::Upvalue`], or a global (an [`Expr::Index`] of the resolved `_ENV` by a string
//! constant). Compile-time constants (`local x <const> = 10`) are substituted, numeric
//! constant expressions are folded, `goto`s and `break`s point at resolved labels, and every
//! semantic rule lua5.4 checks while parsing has been checked. The code generator only has
//! to allocate registers and emit instructions.
//!
//! Expressions live in one arena per chunk ([`Chunk::exprs`]) and refer to each other by
//! [`ExprId`]: a left-associative chain (`a + b + c + ...`, `a.b.c...`, `f()()()`) may be
//! hundreds of thousands of nodes deep, which a tree of boxes could neither drop nor walk
//! without recursion. Everything else nests at most lua5.4's syntax-level limit deep.

use super::interner::Interner;
use super::token::Symbol;

/// A whole compiled chunk: its main function and the arenas its nodes point into.
#[derive(Debug)]
pub(crate) struct Chunk {
    /// The main function: vararg, no parameters, one upvalue `_ENV`.
    pub main: Function,
    /// Every expression of every function of the chunk.
    pub exprs: Vec<Expr>,
    /// Names and string literals.
    pub interner: Interner,
}

impl Chunk {
    /// The expression `id` points at.
    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id.0 as usize]
    }
}

/// Index of an expression in [`Chunk::exprs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ExprId(pub u32);

/// Index of a local variable in its function's [`Function::locals`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct LocalId(pub u32);

/// Index of an upvalue in its function's [`Function::upvalues`] (at most 255 of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UpvalueId(pub u8);

/// Index of a label in its function's [`Function::labels`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LabelId(pub u32);

/// A function body: the main chunk or a `function ... end`.
#[derive(Debug)]
pub(crate) struct Function {
    /// Line of the `function` keyword; 0 for the main chunk. (As in lua5.4, for a function
    /// expression and a `local function` it is the line of the token after `function` or
    /// after the name, normally the same line.)
    pub line_defined: u32,
    /// Line of the closing `end`; 0 for the main chunk.
    pub last_line_defined: u32,
    /// Parameters in order (a method's implicit `self` first). They are active from the
    /// start of the body, in registers `0..params.len()`.
    pub params: Vec<LocalId>,
    /// Whether the parameter list ends in `...` (always true for the main chunk).
    pub is_vararg: bool,
    /// Every local variable declared in this function (parameters, `local`, loop variables),
    /// in declaration order. Compile-time constants are not here: their uses were replaced
    /// by the constant.
    pub locals: Vec<LocalInfo>,
    /// Upvalues in first-use order. The main chunk has exactly one: `_ENV`.
    pub upvalues: Vec<UpvalueInfo>,
    /// Labels (named ones and the implicit `break` label of each loop that has a `break`).
    pub labels: Vec<LabelInfo>,
    /// The statements.
    pub body: Block,
}

/// A local variable.
#[derive(Clone, Debug)]
pub(crate) struct LocalInfo {
    /// Its name, kept in the prototype for error messages and tracebacks.
    pub name: Symbol,
    /// `<const>` (not compile-time constant) or `<close>`.
    pub attribute: Attribute,
    /// Whether a nested function captures it as an upvalue: leaving its scope must then close
    /// the upvalue (the code generator emits `Close`, or `Return` with closing).
    pub captured: bool,
}

/// A local variable's attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Attribute {
    /// A plain local.
    None,
    /// `<const>` whose value is only known at run time (read-only register).
    Const,
    /// `<close>`: to be closed (its `__close` called) when it goes out of scope.
    Close,
}

/// Where a function's upvalue comes from when its closure is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UpvalueSource {
    /// A local variable of the enclosing function (captured from its register).
    ParentLocal(LocalId),
    /// An upvalue of the enclosing function.
    ParentUpvalue(UpvalueId),
    /// The main chunk's `_ENV`, supplied by whoever loads the chunk.
    Environment,
}

/// An upvalue of a function.
#[derive(Clone, Debug)]
pub(crate) struct UpvalueInfo {
    /// The captured variable's name.
    pub name: Symbol,
    /// Where it is captured from.
    pub source: UpvalueSource,
}

/// A label and the facts the code generator needs to jump to it.
#[derive(Clone, Debug)]
pub(crate) struct LabelInfo {
    /// The label's name (`break` for loop exits).
    pub name: Symbol,
    /// Number of locals of this function active at the label (their registers stay live
    /// across a jump to it). For a label that ends its block, lua5.4 uses the block's entry
    /// level, so gotos may jump over local declarations to it. Counted in [`Function::locals`]
    /// entries: the hidden control registers of enclosing `for` loops are not included.
    pub active_locals: u32,
}

/// A sequence of statements with its own scope.
#[derive(Debug, Default)]
pub(crate) struct Block {
    /// The statements, in order.
    pub stats: Vec<Stat>,
}

/// A statement.
#[derive(Debug)]
pub(crate) enum Stat {
    /// A function or method call evaluated for its side effects (`Expr::Call` or
    /// `Expr::MethodCall`).
    Call(ExprId),
    /// `local a, b <const>, c <close> = e1, e2`: the values are evaluated (and adjusted to the
    /// number of locals) before the locals become active, in order. At most one `<close>`.
    Local {
        /// The declared locals (compile-time constants excluded).
        locals: Vec<LocalId>,
        /// The values.
        values: Vec<ExprId>,
        /// Line of the end of the statement (where lua5.4 emits its `Tbc` check).
        line: u32,
    },
    /// `local function f`: `f` is active inside its own body (so it can recurse).
    LocalFunction {
        /// The local holding the closure.
        local: LocalId,
        /// The function.
        function: Box<Function>,
    },
    /// `t1, t2 = e1, e2`, and `function a.b:c() end` (one target, one `Expr::Function` value).
    /// All values are evaluated before any target is assigned (lua5.4's order: table and key
    /// subexpressions of the targets first, left to right, then the values, left to right,
    /// then the stores).
    Assign {
        /// Each target is an `Expr::Local`, `Expr::Upvalue` or `Expr::Index`.
        targets: Vec<ExprId>,
        /// The values.
        values: Vec<ExprId>,
        /// Line for the stores: the line of the last token of the statement (for
        /// `function` statements, the line of the `function` keyword).
        line: u32,
    },
    /// `do ... end`.
    Do(Block),
    /// `while cond do ... end`.
    While {
        /// The condition, evaluated before every iteration.
        condition: ExprId,
        /// The body.
        body: Block,
        /// The implicit label after the loop that `break` jumps to, if the body breaks.
        break_label: Option<LabelId>,
    },
    /// `repeat ... until cond`: the condition sees the body's locals.
    Repeat {
        /// The body.
        body: Block,
        /// The condition, evaluated inside the body's scope.
        condition: ExprId,
        /// The implicit label after the loop, if the body breaks.
        break_label: Option<LabelId>,
    },
    /// `if c1 then ... elseif c2 then ... else ... end`.
    If {
        /// Each condition with its block, in order.
        branches: Vec<(ExprId, Block)>,
        /// The `else` block.
        otherwise: Option<Block>,
    },
    /// `for v = start, limit, step do ... end`.
    NumericFor {
        /// The loop variable (a fresh local each iteration, active in the body only).
        var: LocalId,
        /// Initial value.
        start: ExprId,
        /// Limit.
        limit: ExprId,
        /// Step; absent means 1.
        step: Option<ExprId>,
        /// The body.
        body: Block,
        /// The implicit label after the loop, if the body breaks.
        break_label: Option<LabelId>,
        /// Line where loop-preparation errors are reported: lua5.4's is the line of `do`
        /// (usually the `for` keyword's).
        line: u32,
    },
    /// `for v1, v2 in explist do ... end`.
    GenericFor {
        /// The loop variables (active in the body only).
        vars: Vec<LocalId>,
        /// The expressions, adjusted to four values (iterator, state, control, closing value).
        values: Vec<ExprId>,
        /// The body.
        body: Block,
        /// The implicit label after the loop, if the body breaks.
        break_label: Option<LabelId>,
        /// Line where the iterator call is reported: lua5.4's is the line of the first token
        /// after `in` (usually the `for` keyword's).
        line: u32,
    },
    /// `return e1, e2` (a single call not in parentheses is a tail call).
    Return {
        /// The returned expressions.
        values: Vec<ExprId>,
        /// Line of the `return` keyword.
        line: u32,
    },
    /// `goto name` or `break`: already checked to be legal.
    Goto {
        /// The target.
        label: LabelId,
        /// Line of the `goto`/`break`.
        line: u32,
    },
    /// `::name::` (implicit loop-exit labels are not statements; see `break_label`).
    Label(LabelId),
}

/// An expression.
#[derive(Debug)]
pub(crate) enum Expr {
    /// `nil`.
    Nil,
    /// `true`.
    True,
    /// `false`.
    False,
    /// An integer constant.
    Integer(i64),
    /// A float constant (never NaN; folding never produces NaN or ±0.0 from an operation,
    /// but the literal `0.0` may appear).
    Float(f64),
    /// A string constant.
    String(Symbol),
    /// `...` (only inside vararg functions; checked).
    VarArg,
    /// `function (...) ... end`.
    Function(Box<Function>),
    /// A local variable of the current function.
    Local(LocalId),
    /// An upvalue of the current function.
    Upvalue(UpvalueId),
    /// `table[key]`, `table.name`, and globals (`_ENV.name`, `table` being the resolved
    /// `_ENV`).
    Index {
        /// The indexed expression.
        table: ExprId,
        /// The key.
        key: ExprId,
        /// Line of the last token of the indexing (the name, or the `]`).
        line: u32,
    },
    /// `f(args)`, `f"str"`, `f{...}`.
    Call {
        /// The called expression.
        function: ExprId,
        /// The arguments (the last one may be multi-valued).
        args: Vec<ExprId>,
        /// Line of the first token of the whole suffixed expression (lua5.4's call line).
        line: u32,
    },
    /// `object:method(args)`.
    MethodCall {
        /// The receiver (passed as the first argument).
        object: ExprId,
        /// The method name.
        method: Symbol,
        /// The other arguments.
        args: Vec<ExprId>,
        /// Line of the first token of the whole suffixed expression.
        line: u32,
        /// Line of the method name (where the method lookup is reported).
        method_line: u32,
    },
    /// A binary operation (`and`/`or` short-circuit).
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        lhs: ExprId,
        /// Right operand.
        rhs: ExprId,
        /// Line of the operator token (for comparisons: of the right operand's last token).
        line: u32,
    },
    /// A unary operation.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: ExprId,
        /// Line of the operator token.
        line: u32,
    },
    /// `(e)` around a multi-valued expression (call or `...`): truncates it to one value.
    /// Parentheses around anything else are dropped by the parser.
    Paren(ExprId),
    /// A table constructor.
    Table {
        /// The items in source order (which is evaluation order).
        items: Vec<TableItem>,
        /// Line of the closing `}`.
        line: u32,
    },
}

impl Expr {
    /// Whether the expression can produce several values (a call or `...`), which matters
    /// at the end of argument lists, value lists and table constructors.
    pub fn is_multi_valued(&self) -> bool {
        matches!(
            self,
            Expr::Call { .. } | Expr::MethodCall { .. } | Expr::VarArg
        )
    }
}

/// One item of a table constructor.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TableItem {
    /// A positional item; the last one, if multi-valued, contributes all its values.
    Positional(ExprId),
    /// `name = value` (key is a string constant) or `[key] = value`.
    Keyed {
        /// The key.
        key: ExprId,
        /// The value.
        value: ExprId,
    },
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `//`
    IDiv,
    /// `%`
    Mod,
    /// `^`
    Pow,
    /// `..`
    Concat,
    /// `==`
    Eq,
    /// `~=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `and`
    And,
    /// `or`
    Or,
    /// `&`
    BAnd,
    /// `|`
    BOr,
    /// `~`
    BXor,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnaryOp {
    /// `-`
    Neg,
    /// `not`
    Not,
    /// `#`
    Len,
    /// `~`
    BNot,
}
