//! Variable and function names for runtime error messages and tracebacks, recovered from
//! bytecode exactly as lua5.4 (5.4.4) does it (`ldebug.c`'s `getobjname`, `funcnamefromcode`,
//! `varinfo`; `lauxlib.c`'s `luaL_traceback`, `pushfuncname`, `luaL_argerror`).
//!
//! Everything here is a pure function of a [`Proto`] (plus what the interpreter knows about
//! its frames), run only when an error message or a traceback is built.
//!
//! # What the interpreter must pass in
//!
//! - For `attempt to <op> a <type> value<varinfo>`: the faulting instruction's `pc` and the
//!   *register* holding the offending value ([`register_description`]), or the upvalue index
//!   when the offending value is an upvalue itself (`GetTabUp`/`SetTabUp` on a non-table
//!   `U[upvalue]`: [`upvalue_description`]). A value that is in neither place (e.g. a constant
//!   operand `K[c]`, or an intermediate `__index` value that is not a table) gets no suffix.
//! - For `attempt to call a <type> value<...>`: lua5.4.4 names the *call site*
//!   ([`called_function_description`] of the calling frame's current pc), not the value. This
//!   matters for `for x in nil` (`for iterator 'for iterator'`), for a non-callable metamethod
//!   (`__add = 1` → `attempt to call a number value (metamethod 'add')`) and for a non-callable
//!   `__call` (the type is the `__call` value's, the name is still the called register's).
//!   Only when the call site has no name does lua fall back to [`register_description`].
//! - For tracebacks and `bad argument` messages: per frame, whether it was entered by a tail
//!   call, what called it ([`Caller`]: a Lua frame and its current pc, or Rust), and the
//!   function's *global name*: lua's `pushglobalfuncname` searches `package.loaded` two levels
//!   deep (`loaded[module][field]`, raw equality with the function value, string keys only,
//!   in table traversal order) and names the function `module.field`, with a leading `_G.`
//!   removed (see [`global_function_name`]). That needs the heap, so the interpreter does the
//!   search and passes the result in.

use std::fmt;

use crate::bytecode::{Constant, Instruction, Proto};
use crate::compiler::chunk_id;

/// How lua5.4 calls the thing a value was obtained from (the word before the quoted name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VarKind {
    /// An active local variable of the function (`local 't'`).
    Local,
    /// A field of a table named `_ENV` (`global 'x'`).
    Global,
    /// A field of any other table (`field 'y'`).
    Field,
    /// An upvalue of the running closure (`upvalue 'u'`).
    Upvalue,
    /// A method looked up by `o:m(...)` (`method 'm'`).
    Method,
    /// A string constant (`constant 'abc'`).
    Constant,
    /// A metamethod invoked by an instruction (`metamethod 'index'`); only for call sites.
    Metamethod,
    /// The iterator of a generic `for` (`for iterator 'for iterator'`); only for call sites.
    ForIterator,
}

impl VarKind {
    /// The word lua5.4 prints for this kind (its `namewhat`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            VarKind::Local => "local",
            VarKind::Global => "global",
            VarKind::Field => "field",
            VarKind::Upvalue => "upvalue",
            VarKind::Method => "method",
            VarKind::Constant => "constant",
            VarKind::Metamethod => "metamethod",
            VarKind::ForIterator => "for iterator",
        }
    }
}

/// What a value is known as: a kind and a name (raw bytes, as in the source).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VarDescription {
    /// The kind (`local`, `global`, ...).
    pub(crate) kind: VarKind,
    /// The name between the quotes.
    pub(crate) name: Vec<u8>,
}

impl VarDescription {
    /// Builds a description from a kind and a name.
    fn new(kind: VarKind, name: impl Into<Vec<u8>>) -> Self {
        VarDescription {
            kind,
            name: name.into(),
        }
    }

    /// The name as text (invalid UTF-8 replaced, as [`chunk_id`] does).
    pub(crate) fn name_lossy(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }
}

impl fmt::Display for VarDescription {
    /// `kind 'name'`, e.g. `global 'x'` (no parentheses, no leading space).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} '{}'", self.kind.as_str(), self.name_lossy())
    }
}

/// lua5.4's `varinfo`/`formatvarinfo` suffix: ` (global 'x')`, or empty without a description.
pub(crate) fn varinfo(description: Option<&VarDescription>) -> String {
    match description {
        Some(description) => format!(" ({description})"),
        None => String::new(),
    }
}

/// What the value in `register` is known as when instruction `pc` (the faulting one) runs
/// (lua5.4.4's `getobjname`).
///
/// An active local is described by its name; otherwise the instruction that last set the
/// register before `pc` is found ([`find_setter`]) and, when it is one of these, describes it:
/// `Move` from a lower register (that register's description at the `Move`), `GetTabUp`
/// (`global` when the upvalue is named `_ENV`, else `field`), `GetField`/`GetTable` (`global`
/// when the table register's *name*, whatever its kind, is `_ENV` — 5.4.4 does not require
/// it to be a local or upvalue — else `field`; a `GetTable` key is named only when the key
/// register holds a string constant, else `?`), `GetIndex` (`field 'integer index'`),
/// `GetUpvalue`, `Method` and a `LoadConst` of a string.
pub(crate) fn register_description(
    proto: &Proto,
    pc: usize,
    register: u8,
) -> Option<VarDescription> {
    if let Some(name) = local_name(proto, pc, register) {
        return Some(VarDescription::new(VarKind::Local, name));
    }
    let setter = find_setter(proto, pc, register)?;
    match proto.code[setter] {
        Instruction::Move { dst, src } if src < dst => register_description(proto, setter, src),
        Instruction::GetTabUp { upvalue, key, .. } => {
            let kind = if upvalue_name(proto, upvalue) == b"_ENV" {
                VarKind::Global
            } else {
                VarKind::Field
            };
            Some(VarDescription::new(kind, constant_name(proto, key.into())))
        }
        Instruction::GetField { table, key, .. } => Some(VarDescription::new(
            table_kind(proto, setter, table),
            constant_name(proto, key.into()),
        )),
        Instruction::GetTable { table, key, .. } => {
            let name = string_constant_in(proto, setter, key).unwrap_or_else(|| b"?".to_vec());
            Some(VarDescription::new(table_kind(proto, setter, table), name))
        }
        Instruction::GetIndex { .. } => {
            Some(VarDescription::new(VarKind::Field, &b"integer index"[..]))
        }
        Instruction::GetUpvalue { upvalue, .. } => Some(VarDescription::new(
            VarKind::Upvalue,
            upvalue_name(proto, upvalue),
        )),
        Instruction::LoadConst { constant, .. } => match proto.constants.get(constant as usize) {
            Some(Constant::String(s)) => Some(VarDescription::new(VarKind::Constant, &s[..])),
            _ => None,
        },
        Instruction::Method { key, .. } => Some(VarDescription::new(
            VarKind::Method,
            constant_name(proto, key.into()),
        )),
        _ => None,
    }
}

/// The ` (upvalue 'u')` suffix for an error on upvalue `index` itself (lua5.4's
/// `getupvalname`, e.g. `attempt to index a nil value (upvalue 't')` from `GetTabUp` or
/// `SetTabUp`).
pub(crate) fn upvalue_description(proto: &Proto, index: u8) -> String {
    varinfo(Some(&VarDescription::new(
        VarKind::Upvalue,
        upvalue_name(proto, index),
    )))
}

/// What lua5.4.4 calls the function invoked by instruction `pc` (`funcnamefromcode`): for
/// `Call`/`TailCall` the [`register_description`] of the called register; for `TForCall`
/// `for iterator 'for iterator'`; for instructions that may invoke a metamethod,
/// `metamethod '<event>'` (`index`, `newindex`, `add`, ..., `unm`, `bnot`, `len`, `concat`,
/// `eq`, `lt`, `le`, `close`). `EqConst`/`EqImm` never call `__eq` and get no name, like
/// lua's `EQK`/`EQI`; `Gt*`/`Ge*` call `__lt`/`__le` with swapped operands.
pub(crate) fn called_function_description(proto: &Proto, pc: usize) -> Option<VarDescription> {
    use Instruction as I;
    let event = match *proto.code.get(pc)? {
        I::Call { func, .. } | I::TailCall { func, .. } => {
            return register_description(proto, pc, func);
        }
        I::TForCall { .. } => {
            return Some(VarDescription::new(
                VarKind::ForIterator,
                &b"for iterator"[..],
            ));
        }
        I::Method { .. }
        | I::GetTabUp { .. }
        | I::GetTable { .. }
        | I::GetIndex { .. }
        | I::GetField { .. } => "index",
        I::SetTabUp { .. } | I::SetTable { .. } | I::SetIndex { .. } | I::SetField { .. } => {
            "newindex"
        }
        I::Add { .. } | I::AddImm { .. } | I::AddConst { .. } => "add",
        I::Sub { .. } | I::SubConst { .. } => "sub",
        I::Mul { .. } | I::MulConst { .. } => "mul",
        I::Mod { .. } | I::ModConst { .. } => "mod",
        I::Pow { .. } | I::PowConst { .. } => "pow",
        I::Div { .. } | I::DivConst { .. } => "div",
        I::IDiv { .. } | I::IDivConst { .. } => "idiv",
        I::BAnd { .. } | I::BAndConst { .. } => "band",
        I::BOr { .. } | I::BOrConst { .. } => "bor",
        I::BXor { .. } | I::BXorConst { .. } => "bxor",
        I::Shl { .. } | I::ShlImm { .. } => "shl",
        I::Shr { .. } | I::ShrImm { .. } => "shr",
        I::Unm { .. } => "unm",
        I::BNot { .. } => "bnot",
        I::Len { .. } => "len",
        I::Concat { .. } => "concat",
        I::Eq { .. } => "eq",
        I::Lt { .. } | I::LtImm { .. } | I::GtImm { .. } => "lt",
        I::Le { .. } | I::LeImm { .. } | I::GeImm { .. } => "le",
        I::Close { .. } | I::Return { .. } => "close",
        _ => return None,
    };
    Some(VarDescription::new(VarKind::Metamethod, event))
}

/// The frame that called a function, as far as naming it is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Caller<'a> {
    /// A Lua frame of `proto`, currently at instruction `pc` (the `Call`, `TForCall` or
    /// metamethod-invoking instruction).
    Lua {
        /// The calling function's prototype.
        proto: &'a Proto,
        /// The calling frame's current instruction.
        pc: usize,
    },
    /// A native (Rust) function, or the host calling in from outside the VM.
    Native,
}

/// The name lua5.4.4 gives a frame's function from its call site (`getfuncname` for
/// `lua_getinfo`'s `n`): none when the frame was entered by a tail call or called from
/// native code, else [`called_function_description`] of the caller's current instruction.
///
/// (lua5.4 also names functions run as hooks `hook '?'` and finalizers `metamethod '__gc'`;
/// Red Moon has neither.)
pub(crate) fn function_name(caller: Caller<'_>, is_tail_call: bool) -> Option<VarDescription> {
    match caller {
        Caller::Lua { proto, pc } if !is_tail_call => called_function_description(proto, pc),
        _ => None,
    }
}

/// The function running in a frame, as far as tracebacks are concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Callee<'a> {
    /// A Lua function of this prototype.
    Lua(&'a Proto),
    /// A native (Rust) function.
    Native,
}

/// The name `pushglobalfuncname` gives a function found as `package.loaded[module][field]`:
/// `module.field`, or just `field` for module `_G` (lua5.4.4 strips a leading `_G.`).
pub(crate) fn global_function_name(module: &[u8], field: &[u8]) -> Vec<u8> {
    if module == b"_G" {
        return field.to_vec();
    }
    let mut name = Vec::with_capacity(module.len() + 1 + field.len());
    name.extend_from_slice(module);
    name.push(b'.');
    name.extend_from_slice(field);
    name
}

/// The text after `in ` on a traceback line (lua5.4.4's `pushfuncname`), in order of
/// preference: `function 'g'` when the function has a global name (`global_name`, see
/// [`global_function_name`]; this is why global functions show as `function 'g'`, not
/// `global 'g'`), else the call-site name `local 'f'` / `field 'x'` / `method 'm'` /
/// `upvalue 'h'` / `metamethod 'index'` / ... ([`function_name`]), else `main chunk` for a main
/// chunk, `function <input:3>` (chunk id and line defined) for another Lua function, and `?`
/// for a native function.
pub(crate) fn traceback_function_name(
    global_name: Option<&[u8]>,
    call_name: Option<&VarDescription>,
    callee: Callee<'_>,
) -> String {
    if let Some(name) = global_name {
        return format!("function '{}'", String::from_utf8_lossy(name));
    }
    if let Some(description) = call_name {
        return description.to_string();
    }
    match callee {
        Callee::Lua(proto) if proto.line_defined == 0 => "main chunk".to_owned(),
        Callee::Lua(proto) => format!(
            "function <{}:{}>",
            chunk_id(&proto.source),
            proto.line_defined
        ),
        Callee::Native => "?".to_owned(),
    }
}

/// One level of a traceback, innermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TracebackFrame {
    /// Where the frame is: the chunk id of a Lua function's source, `[C]` for a native one.
    pub(crate) source: String,
    /// The current line of a Lua frame; `None` for a native frame.
    pub(crate) current_line: Option<u32>,
    /// The text after `in ` ([`traceback_function_name`]).
    pub(crate) function: String,
    /// Whether the frame was entered by a tail call (lua then adds a `(...tail calls...)`
    /// line after it).
    pub(crate) is_tail_call: bool,
}

impl TracebackFrame {
    /// Describes a frame running `callee`, called by `caller`, with the function's global name
    /// if the interpreter found one (see the module docs).
    pub(crate) fn new(
        callee: Callee<'_>,
        current_line: Option<u32>,
        caller: Caller<'_>,
        is_tail_call: bool,
        global_name: Option<&[u8]>,
    ) -> Self {
        let call_name = function_name(caller, is_tail_call);
        let source = match callee {
            Callee::Lua(proto) => chunk_id(&proto.source),
            Callee::Native => "[C]".to_owned(),
        };
        TracebackFrame {
            source,
            current_line: match callee {
                Callee::Lua(_) => current_line.filter(|&line| line > 0),
                Callee::Native => None,
            },
            function: traceback_function_name(global_name, call_name.as_ref(), callee),
            is_tail_call,
        }
    }
}

/// Frames shown before the `...` line of a long traceback (lua's `LEVELS1`).
const LEVELS_BEFORE_SKIP: usize = 10;
/// Frames shown after the `...` line of a long traceback (lua's `LEVELS2`).
const LEVELS_AFTER_SKIP: usize = 11;

/// A whole traceback as lua5.4.4's `luaL_traceback` writes it: `message` and a newline if
/// given, then `stack traceback:` and one `\n\t<source>:<line>: in <function>` line per frame
/// (`\n\t[C]: in <function>` without a line), each tail-called frame followed by
/// `\n\t(...tail calls...)`. With more than 22 frames only the first 10 and the last 11 are
/// listed, separated by `\n\t...\t(skipping N levels)` — where, exactly as in lua5.4.4, `N` is
/// one less than the number of frames actually left out.
///
/// `frames` are innermost first, starting at the level the traceback starts from (for an
/// uncaught error: the function that raised it, e.g. `[C]: in function 'error'`).
pub(crate) fn traceback(message: Option<&str>, frames: &[TracebackFrame]) -> String {
    let mut out = String::new();
    if let Some(message) = message {
        out.push_str(message);
        out.push('\n');
    }
    out.push_str("stack traceback:");
    let Some(last) = frames.len().checked_sub(1) else {
        return out;
    };
    let mut show_before_skip =
        (last > LEVELS_BEFORE_SKIP + LEVELS_AFTER_SKIP).then_some(LEVELS_BEFORE_SKIP);
    let mut level = 0;
    while level <= last {
        let frame = &frames[level];
        level += 1;
        if show_before_skip == Some(0) {
            show_before_skip = None;
            let skipped = last + 1 - level - LEVELS_AFTER_SKIP;
            out.push_str(&format!("\n\t...\t(skipping {skipped} levels)"));
            level += skipped;
            continue;
        }
        if let Some(remaining) = &mut show_before_skip {
            *remaining -= 1;
        }
        out.push_str("\n\t");
        out.push_str(&frame.source);
        out.push(':');
        if let Some(line) = frame.current_line {
            out.push_str(&format!("{line}:"));
        }
        out.push_str(" in ");
        out.push_str(&frame.function);
        if frame.is_tail_call {
            out.push_str("\n\t(...tail calls...)");
        }
    }
    out
}

/// lua5.4.4's `luaL_argerror` message for argument `argument` (1-based, as the native
/// function counts it) of a native function: `bad argument #1 to 'insert' (<extra>)`.
///
/// The function is named by its call-site name (`call_name`, [`function_name`] of the native
/// frame: `insert` for `table.insert(...)`, `ins` for a local `ins`), else by its global name
/// (`string.rep` when called from Rust or through a tail call), else `?`. When it was called
/// as a method, `self` is not counted: the argument number drops by one, and an error in
/// `self` itself reads `calling 'rep' on bad self (<extra>)`.
pub(crate) fn bad_argument_message(
    call_name: Option<&VarDescription>,
    global_name: Option<&[u8]>,
    argument: usize,
    extra: &str,
) -> String {
    let mut argument = argument;
    if let Some(description) = call_name
        && description.kind == VarKind::Method
    {
        argument = argument.saturating_sub(1);
        if argument == 0 {
            return format!(
                "calling '{}' on bad self ({extra})",
                description.name_lossy()
            );
        }
    }
    let name = match (call_name, global_name) {
        (Some(description), _) => description.name_lossy(),
        (None, Some(name)) => String::from_utf8_lossy(name).into_owned(),
        (None, None) => "?".to_owned(),
    };
    format!("bad argument #{argument} to '{name}' ({extra})")
}

/// Name of upvalue `index` (lua's `upvalname`; `?` when out of range).
fn upvalue_name(proto: &Proto, index: u8) -> &[u8] {
    // Stripped chunks keep no names: `?` too.
    proto
        .upvalues
        .get(usize::from(index))
        .map(|upvalue| &upvalue.name[..])
        .filter(|name| !name.is_empty())
        .unwrap_or(b"?")
}

/// Name of the local in `register` active at `pc` (lua's `luaF_getlocalname`).
fn local_name(proto: &Proto, pc: usize, register: u8) -> Option<&[u8]> {
    let pc = u32::try_from(pc).unwrap_or(u32::MAX);
    proto.local_name(register, pc)
}

/// A key constant as lua names it (`kname`): the string, or `?` for any other constant.
fn constant_name(proto: &Proto, constant: usize) -> Vec<u8> {
    match proto.constants.get(constant) {
        Some(Constant::String(s)) => s.to_vec(),
        _ => b"?".to_vec(),
    }
}

/// `global` when the table in `table` at instruction `pc` is named `_ENV`, else `field`
/// (lua5.4.4's `gxf` for a register: only the *name* counts, not its kind).
fn table_kind(proto: &Proto, pc: usize, table: u8) -> VarKind {
    if register_name(proto, pc, table).as_deref() == Some(&b"_ENV"[..]) {
        VarKind::Global
    } else {
        VarKind::Field
    }
}

/// Just the name part of [`register_description`] (what lua's `getobjname` stores in
/// `*name`). Computed without determining the kinds of nested table accesses, so the
/// recursion depth is bounded by the register numbers (a `Move` only follows a lower
/// register), not by the length of an `a.b.c.d...` chain.
fn register_name(proto: &Proto, pc: usize, register: u8) -> Option<Vec<u8>> {
    if let Some(name) = local_name(proto, pc, register) {
        return Some(name.to_vec());
    }
    let setter = find_setter(proto, pc, register)?;
    match proto.code[setter] {
        Instruction::Move { dst, src } if src < dst => register_name(proto, setter, src),
        Instruction::GetTabUp { key, .. }
        | Instruction::GetField { key, .. }
        | Instruction::Method { key, .. } => Some(constant_name(proto, key.into())),
        Instruction::GetTable { key, .. } => {
            Some(string_constant_in(proto, setter, key).unwrap_or_else(|| b"?".to_vec()))
        }
        Instruction::GetIndex { .. } => Some(b"integer index".to_vec()),
        Instruction::GetUpvalue { upvalue, .. } => Some(upvalue_name(proto, upvalue).to_vec()),
        Instruction::LoadConst { constant, .. } => match proto.constants.get(constant as usize) {
            Some(Constant::String(s)) => Some(s.to_vec()),
            _ => None,
        },
        _ => None,
    }
}

/// The string if `register` at `pc` is described as a `constant` (lua's `rname`: a key
/// register is named only when it holds a string constant, following `Move`s from lower
/// registers; an active local is never a constant).
fn string_constant_in(proto: &Proto, pc: usize, register: u8) -> Option<Vec<u8>> {
    if local_name(proto, pc, register).is_some() {
        return None;
    }
    let setter = find_setter(proto, pc, register)?;
    match proto.code[setter] {
        Instruction::Move { dst, src } if src < dst => string_constant_in(proto, setter, src),
        Instruction::LoadConst { constant, .. } => match proto.constants.get(constant as usize) {
            Some(Constant::String(s)) => Some(s.to_vec()),
            _ => None,
        },
        _ => None,
    }
}

/// The registers an instruction writes, as far as [`find_setter`] is concerned.
enum Writes {
    /// None.
    Nothing,
    /// Registers `first..=last`.
    Range(u8, u8),
    /// Every register from this one up (calls clobber the whole stack above the function).
    From(u8),
}

/// Which registers `instruction` sets. Follows lua5.4.4's `findsetreg` (`LOADNIL` sets its
/// range, `CALL`/`TAILCALL` every register from the function up, `TFORCALL` every register
/// from `base + 2` up, any other instruction with an "A sets register" mode its `A` — so
/// `Concat` only its result register), except where Red Moon knows better and no message can
/// tell the difference: `Method` also sets `dst + 1`, `VarArg` its whole range, and the
/// numeric/generic `for` instructions all the loop registers they write (those are named
/// locals anyway).
fn writes(instruction: Instruction) -> Writes {
    use Instruction as I;
    let one = |register: u8| Writes::Range(register, register);
    match instruction {
        I::Move { dst, .. }
        | I::LoadInt { dst, .. }
        | I::LoadFloat { dst, .. }
        | I::LoadConst { dst, .. }
        | I::LoadFalse { dst }
        | I::LoadFalseSkip { dst }
        | I::LoadTrue { dst }
        | I::GetUpvalue { dst, .. }
        | I::GetTabUp { dst, .. }
        | I::GetTable { dst, .. }
        | I::GetIndex { dst, .. }
        | I::GetField { dst, .. }
        | I::NewTable { dst, .. }
        | I::AddImm { dst, .. }
        | I::AddConst { dst, .. }
        | I::SubConst { dst, .. }
        | I::MulConst { dst, .. }
        | I::ModConst { dst, .. }
        | I::PowConst { dst, .. }
        | I::DivConst { dst, .. }
        | I::IDivConst { dst, .. }
        | I::BAndConst { dst, .. }
        | I::BOrConst { dst, .. }
        | I::BXorConst { dst, .. }
        | I::ShrImm { dst, .. }
        | I::ShlImm { dst, .. }
        | I::Add { dst, .. }
        | I::Sub { dst, .. }
        | I::Mul { dst, .. }
        | I::Mod { dst, .. }
        | I::Pow { dst, .. }
        | I::Div { dst, .. }
        | I::IDiv { dst, .. }
        | I::BAnd { dst, .. }
        | I::BOr { dst, .. }
        | I::BXor { dst, .. }
        | I::Shl { dst, .. }
        | I::Shr { dst, .. }
        | I::Unm { dst, .. }
        | I::BNot { dst, .. }
        | I::Not { dst, .. }
        | I::Len { dst, .. }
        | I::TestSet { dst, .. }
        | I::Closure { dst, .. } => one(dst),
        I::Concat { first, .. } => one(first),
        I::LoadNil { dst, extra } => Writes::Range(dst, dst.saturating_add(extra)),
        I::Method { dst, .. } => Writes::Range(dst, dst.saturating_add(1)),
        I::Call { func, .. } | I::TailCall { func, .. } => Writes::From(func),
        I::TForCall { base, .. } => Writes::From(base.saturating_add(2)),
        I::VarArg { dst, count: 0 } => Writes::From(dst),
        I::VarArg { count: 1, .. } => Writes::Nothing,
        I::VarArg { dst, count } => Writes::Range(dst, dst.saturating_add(count - 2)),
        I::ForPrep { base, .. } => Writes::Range(base, base.saturating_add(3)),
        I::ForLoop { base, .. } => Writes::Range(base, base.saturating_add(3)),
        I::TForLoop { base, .. } => {
            let control = base.saturating_add(2);
            Writes::Range(control, control)
        }
        I::SetUpvalue { .. }
        | I::SetTabUp { .. }
        | I::SetTable { .. }
        | I::SetIndex { .. }
        | I::SetField { .. }
        | I::Close { .. }
        | I::Tbc { .. }
        | I::Jump { .. }
        | I::Eq { .. }
        | I::Lt { .. }
        | I::Le { .. }
        | I::EqConst { .. }
        | I::EqImm { .. }
        | I::LtImm { .. }
        | I::LeImm { .. }
        | I::GtImm { .. }
        | I::GeImm { .. }
        | I::Test { .. }
        | I::Return { .. }
        | I::Return0
        | I::Return1 { .. }
        | I::TForPrep { .. }
        | I::SetList { .. }
        | I::VarArgPrep { .. } => Writes::Nothing,
    }
}

/// The instruction that last set `register` before `pc`, found like lua5.4's `findsetreg`: a
/// forward scan of `code[..pc]` keeping the last setter, where a setter that lies before the
/// target of a forward `Jump` landing in `(jump, pc]` is conditional and forgotten (`None`:
/// "cannot know who sets that register"). Only `Jump` counts, as only `OP_JMP` does in lua:
/// the `for` instructions' jumps and the skips of tests do not.
fn find_setter(proto: &Proto, pc: usize, register: u8) -> Option<usize> {
    let last_pc = pc.min(proto.code.len());
    let mut setter = None;
    let mut jump_target = 0;
    for (at, &instruction) in proto.code[..last_pc].iter().enumerate() {
        let changed = match writes(instruction) {
            Writes::Nothing => false,
            Writes::Range(first, last) => (first..=last).contains(&register),
            Writes::From(first) => register >= first,
        };
        if let Instruction::Jump { jump } = instruction {
            let target = at as i64 + 1 + i64::from(jump);
            if target <= last_pc as i64 && target > jump_target as i64 {
                jump_target = target as usize;
            }
        }
        if changed {
            setter = (at >= jump_target).then_some(at);
        }
    }
    setter
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::Shared;

    /// Compiles `source` as the chunk `=(command line)` (the name `lua5.4 -e` uses).
    fn compile(source: &str) -> Shared<Proto> {
        crate::compiler::compile(source.as_bytes(), b"=(command line)")
            .unwrap_or_else(|error| panic!("{source}: {error:?}"))
    }

    /// The `nth` (0-based) instruction of `proto` matching `pick`, with its pc and the register
    /// `pick` selects.
    fn nth(proto: &Proto, nth: usize, pick: impl Fn(Instruction) -> Option<u8>) -> (usize, u8) {
        proto
            .code
            .iter()
            .enumerate()
            .filter_map(|(pc, &instruction)| pick(instruction).map(|register| (pc, register)))
            .nth(nth)
            .unwrap_or_else(|| panic!("instruction not found in\n{}", disassemble(proto)))
    }

    /// The listing of `proto`, for failure messages.
    fn disassemble(proto: &Proto) -> String {
        crate::bytecode::disassemble(proto)
    }

    /// Table register of a `GetField`.
    fn get_field(i: Instruction) -> Option<u8> {
        match i {
            Instruction::GetField { table, .. } => Some(table),
            _ => None,
        }
    }

    /// Table register of a `SetField`.
    fn set_field(i: Instruction) -> Option<u8> {
        match i {
            Instruction::SetField { table, .. } => Some(table),
            _ => None,
        }
    }

    /// Table register of an indexing instruction (get or set; `Method` receiver).
    fn indexed(i: Instruction) -> Option<u8> {
        use Instruction as I;
        match i {
            I::GetField { table, .. }
            | I::GetTable { table, .. }
            | I::GetIndex { table, .. }
            | I::SetField { table, .. }
            | I::SetTable { table, .. }
            | I::SetIndex { table, .. } => Some(table),
            I::Method { object, .. } => Some(object),
            _ => None,
        }
    }

    /// Called register of a `Call` or `TailCall`.
    fn call(i: Instruction) -> Option<u8> {
        match i {
            Instruction::Call { func, .. } | Instruction::TailCall { func, .. } => Some(func),
            _ => None,
        }
    }

    /// The varinfo suffix lua5.4 prints for the register `pick` selects in the `n`th matching
    /// instruction of the main chunk.
    fn info_at(source: &str, n: usize, pick: impl Fn(Instruction) -> Option<u8>) -> String {
        let proto = compile(source);
        let (pc, register) = nth(&proto, n, pick);
        varinfo(register_description(&proto, pc, register).as_ref())
    }

    /// Same as [`info_at`] in the first nested function.
    fn info_in_nested(source: &str, n: usize, pick: impl Fn(Instruction) -> Option<u8>) -> String {
        let proto = compile(source);
        let inner = &proto.protos[0];
        let (pc, register) = nth(inner, n, pick);
        varinfo(register_description(inner, pc, register).as_ref())
    }

    /// The call-site suffix of the `n`th `Call`/`TailCall` (`attempt to call ...`).
    fn call_info(source: &str, n: usize) -> String {
        let proto = compile(source);
        let (pc, _) = nth(&proto, n, call);
        varinfo(called_function_description(&proto, pc).as_ref())
    }

    /// Registers of active locals are described by the local's name.
    #[test]
    fn locals() {
        // attempt to index a nil value (local 't')
        assert_eq!(info_at("local t; t.x = 1", 0, indexed), " (local 't')");
        // attempt to index a nil value (local 'b')
        assert_eq!(
            info_at(
                "local t = {}; local a = t.p; local b = a; b.z = 1",
                0,
                |i| match i {
                    Instruction::SetField { table, .. } => Some(table),
                    _ => None,
                }
            ),
            " (local 'b')"
        );
        // A local assigned inside a branch is still a local.
        assert_eq!(
            info_at("local a; if x then a = {} end; a.b = 1", 0, |i| match i {
                Instruction::SetField { table, .. } => Some(table),
                _ => None,
            }),
            " (local 'a')"
        );
    }

    /// Fields of the `_ENV` upvalue are globals; call results have no name.
    #[test]
    fn globals() {
        // attempt to index a nil value (global 'x')
        assert_eq!(info_at("x.y = 1", 0, indexed), " (global 'x')");
        // attempt to call a nil value (global 'f')
        assert_eq!(call_info("f()()", 0), " (global 'f')");
        // The result of a call has no name: `f()()` fails on the second call if f returns nil.
        assert_eq!(call_info("f()()", 1), "");
    }

    /// Fields of a local named `_ENV` are globals too.
    #[test]
    fn local_env() {
        // attempt to index a nil value (global 'x')
        assert_eq!(
            info_at("local _ENV = {}; x.y = 1", 1, indexed),
            " (global 'x')"
        );
        // attempt to index a nil value (global 'x')
        assert_eq!(
            info_at("local _ENV = {_ENV={}}; print(_ENV.x.y)", 2, get_field),
            " (global 'x')"
        );
    }

    /// lua5.4.4 looks only at the indexed table's name, not its kind.
    #[test]
    fn field_named_env_counts_as_global_in_5_4_4() {
        // lua5.4.4 only looks at the table's name: `t._ENV.x` is a "global".
        // attempt to index a nil value (global 'x')
        assert_eq!(
            info_at("local t = {_ENV={}}; print(t._ENV.x.y)", 2, get_field),
            " (global 'x')"
        );
    }

    /// Results of `GetField` on other tables are fields.
    #[test]
    fn fields() {
        // attempt to index a nil value (field 'y')
        assert_eq!(
            info_at("local t = {} ; t.y.z = 1", 0, set_field),
            " (field 'y')"
        );
        // attempt to index a nil value (field 'p')
        assert_eq!(
            info_at("local t = {}; t.p.q.r = 1", 1, get_field),
            " (field 'p')"
        );
        // attempt to index a nil value (field 'b') — also before a method call
        assert_eq!(
            info_at("local a = {} ; a.b.c()", 1, get_field),
            " (field 'b')"
        );
        assert_eq!(
            info_at("local a = {} ; a.b:c()", 0, |i| match i {
                Instruction::Method { object, .. } => Some(object),
                _ => None,
            }),
            " (field 'b')"
        );
        // attempt to call a nil value (field 'p')
        assert_eq!(
            call_info("local t = {}; local a = (t.p)(1)", 0),
            " (field 'p')"
        );
    }

    /// `GetIndex` is `integer index`; a non-constant `GetTable` key is `?`.
    #[test]
    fn integer_and_computed_keys() {
        // attempt to index a nil value (field 'integer index')
        assert_eq!(
            info_at("local t = {}; t[1].x = 1", 0, set_field),
            " (field 'integer index')"
        );
        // attempt to index a nil value (field '?')
        assert_eq!(
            info_at("local t = {}; t[1000].x = 1", 0, set_field),
            " (field '?')"
        );
        // attempt to index a nil value (field '?')
        assert_eq!(
            info_at("local k = 'y'; local t = {}; print(t[k].z)", 0, get_field),
            " (field '?')"
        );
    }

    /// `GetUpvalue` results and fields of upvalue tables.
    #[test]
    fn upvalues() {
        // attempt to index a nil value (field 'x')
        assert_eq!(
            info_in_nested(
                "local up = {}; local function f() up.x.y = 1 end f()",
                0,
                set_field
            ),
            " (field 'x')"
        );
        // attempt to call a nil value (local 'g')
        let proto = compile("local up = {}; local function f() local g = up.x; g() end f()");
        let inner = &proto.protos[0];
        let (pc, _) = nth(inner, 0, call);
        assert_eq!(
            varinfo(called_function_description(inner, pc).as_ref()),
            " (local 'g')"
        );
        // attempt to call a number value (upvalue 'u')
        let proto = compile("local u = 1; local function f() u() end f()");
        let inner = &proto.protos[0];
        let (pc, _) = nth(inner, 0, call);
        assert_eq!(
            varinfo(called_function_description(inner, pc).as_ref()),
            " (upvalue 'u')"
        );
    }

    /// Errors on the upvalue operand of `GetTabUp`/`SetTabUp`.
    #[test]
    fn upvalue_operands() {
        // `u.x = 1` / `return u.x` with a number upvalue `u`: the upvalue itself is indexed.
        // attempt to index a number value (upvalue 'u')
        // attempt to index a nil value (upvalue 'u')
        for source in [
            "local u; local function f() return u.x end f()",
            "local u = 1; local function f() u.x = 1 end f()",
            "local u = 1; local function f() return u.x end f()",
        ] {
            let proto = compile(source);
            let inner = &proto.protos[0];
            let upvalue = inner
                .code
                .iter()
                .find_map(|&i| match i {
                    Instruction::GetTabUp { upvalue, .. }
                    | Instruction::SetTabUp { upvalue, .. } => Some(upvalue),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("no tab-up in\n{}", disassemble(inner)));
            assert_eq!(upvalue_description(inner, upvalue), " (upvalue 'u')");
        }
    }

    /// `Method` results are methods.
    #[test]
    fn methods() {
        // attempt to call a nil value (method 'm')
        assert_eq!(call_info("local t = {}; t:m()", 0), " (method 'm')");
    }

    /// String constants are described; numbers are not.
    #[test]
    fn constants() {
        // attempt to call a string value (constant 'x')
        assert_eq!(call_info("(\"x\")()", 0), " (constant 'x')");
        // attempt to call a string value (constant 'abc')
        assert_eq!(
            call_info("local x <const> = 'abc'; x()", 0),
            " (constant 'abc')"
        );
        // attempt to call a number value
        assert_eq!(call_info("local x <const> = 5; x()", 0), "");
        // attempt to call a string value (local 's')
        assert_eq!(call_info("local s = 'x' .. 1; s()", 0), " (local 's')");
    }

    /// A register set inside a conditional branch has no description.
    #[test]
    fn branches_make_the_setter_unknown() {
        // attempt to index a nil value
        assert_eq!(
            info_at("local t = {}; local a = (x and t.p or t.q).z", 2, get_field),
            ""
        );
        // The branch-set register is only the table of the failing access: the access itself
        // is unconditional. attempt to index a nil value (field 'y')
        assert_eq!(
            info_at("local t = {}; print((x and t or t).y.z)", 1, get_field),
            " (field 'y')"
        );
    }

    /// A batch of indexing errors, each checked against lua5.4's output.
    #[test]
    fn indexing_errors_match_lua() {
        // (source, index among the indexing instructions of the failing one, lua5.4's suffix)
        for (source, n, expected) in [
            (
                "local t = {}; if x then print(1) end; local y = t.a.b",
                1,
                " (field 'a')",
            ),
            ("local t = {}; local y = (x or t.a).b", 1, ""),
            ("local t = {}; local y = (t.a or x).b", 1, ""),
            ("local t = {}; local y = (t.a and x).b", 1, ""),
            ("local t = {}; while t.a.b do end", 1, " (field 'a')"),
            (
                "local t = {}; for i = 1, 2 do local y = t.a.b end",
                1,
                " (field 'a')",
            ),
            (
                "local t = {}; for k, v in pairs(t) do end; local y = t.a.b",
                1,
                " (field 'a')",
            ),
            (
                "local t = {}; for k, v in pairs({1}) do local y = t.a.b end",
                1,
                " (field 'a')",
            ),
            (
                "local t = {}; repeat local y = t.a.b until true",
                1,
                " (field 'a')",
            ),
            ("local t = {}; local y = {t.a.b}", 1, " (field 'a')"),
            (
                "local t = {}; local y = t.a.b; goto l; ::l::",
                1,
                " (field 'a')",
            ),
            ("local t = {}; t.f(t.a.b)", 2, " (field 'a')"),
            ("local t = {}; print(not t.a.b)", 1, " (field 'a')"),
            ("local t = {x=1}; print(t.x.y.z)", 2, " (field 'x')"),
            ("local t = {}; local y = (t.a).b", 1, " (field 'a')"),
            ("local t = {}; local y = t.a; y = y.b", 1, " (local 'y')"),
            ("local t = {}; print((t.a)[1].b)", 1, " (field 'a')"),
            ("local t = {}; print(t.a[1])", 1, " (field 'a')"),
            ("local t = {}; print(t.a[x])", 1, " (field 'a')"),
            ("local t = {}; print(t[x].c)", 1, " (field '?')"),
            ("local t = {}; print(t['a b'].c)", 1, " (field 'a b')"),
            // 5.4.4 only compares the table's name with `_ENV`, whatever it is.
            ("print(('_ENV').x.y)", 1, " (global 'x')"),
        ] {
            assert_eq!(info_at(source, n, indexed), expected, "{source}");
        }
        // attempt to index a nil value (global 'x'): `_ENV` is an upvalue of `f`.
        assert_eq!(
            info_in_nested(
                "local _ENV = {print=print}; local function f() return x.y end; f()",
                0,
                get_field
            ),
            " (global 'x')"
        );
    }

    /// `Move` from a lower register describes the source register.
    #[test]
    fn move_chains() {
        // `(s)()` moves the local into the call register: attempt to call ... (local 's')
        assert_eq!(call_info("local s = 1; (s)()", 0), " (local 's')");
        // Concatenation operands are moved into consecutive registers.
        let proto = compile("local t; local y = t .. 'a'");
        let (pc, first) = nth(&proto, 0, |i| match i {
            Instruction::Concat { first, .. } => Some(first),
            _ => None,
        });
        // attempt to concatenate a nil value (local 't')
        assert_eq!(
            varinfo(register_description(&proto, pc, first).as_ref()),
            " (local 't')"
        );
    }

    /// Operands of arithmetic, unary minus and length.
    #[test]
    fn arithmetic_and_unary_operands() {
        let operand = |source: &str, pick: fn(Instruction) -> Option<u8>| info_at(source, 0, pick);
        // attempt to perform arithmetic on a nil value (field 'a')
        assert_eq!(
            operand("local t = {}; local y = t.a + 1", |i| match i {
                Instruction::AddImm { lhs, .. } => Some(lhs),
                _ => None,
            }),
            " (field 'a')"
        );
        assert_eq!(
            operand("local t = {}; local y = t.a * t.b", |i| match i {
                Instruction::Mul { lhs, .. } => Some(lhs),
                _ => None,
            }),
            " (field 'a')"
        );
        // attempt to perform arithmetic on a nil value (field 'x')
        assert_eq!(
            operand("local t = {}; local y = -t.x", |i| match i {
                Instruction::Unm { src, .. } => Some(src),
                _ => None,
            }),
            " (field 'x')"
        );
        // attempt to get length of a nil value (field 'x')
        assert_eq!(
            operand("local t = {}; local y = #t.x", |i| match i {
                Instruction::Len { src, .. } => Some(src),
                _ => None,
            }),
            " (field 'x')"
        );
    }

    /// Operands of concatenation (copied into consecutive registers).
    #[test]
    fn concatenation_operands() {
        let concat = |source: &str, offset: u8| {
            let proto = compile(source);
            let (pc, first) = nth(&proto, 0, |i| match i {
                Instruction::Concat { first, .. } => Some(first),
                _ => None,
            });
            varinfo(register_description(&proto, pc, first + offset).as_ref())
        };
        // attempt to concatenate a nil value (field 'a')
        assert_eq!(
            concat("local t = {}; local y = t.a .. 'a'", 0),
            " (field 'a')"
        );
        assert_eq!(
            concat("local t = {}; local y = 'a' .. t.a", 1),
            " (field 'a')"
        );
    }

    /// Call-site names: the `for` iterator and metamethod events.
    #[test]
    fn call_sites() {
        let site = |source: &str, pick: fn(Instruction) -> bool| {
            let proto = compile(source);
            let pc = proto
                .code
                .iter()
                .position(|&i| pick(i))
                .unwrap_or_else(|| panic!("not found in\n{}", disassemble(&proto)));
            varinfo(called_function_description(&proto, pc).as_ref())
        };
        // attempt to call a nil value (for iterator 'for iterator')
        assert_eq!(
            site("for x in nil do end", |i| matches!(
                i,
                Instruction::TForCall { .. }
            )),
            " (for iterator 'for iterator')"
        );
        // attempt to call a number value (metamethod 'add')
        assert_eq!(
            site("local t = {}; local y = t + 1", |i| matches!(
                i,
                Instruction::AddImm { .. }
            )),
            " (metamethod 'add')"
        );
        // ... (metamethod 'shl') for both operand orders
        assert_eq!(
            site("local t = {}; local y = t << 1", |i| matches!(
                i,
                Instruction::Shl { .. } | Instruction::ShlImm { .. }
            )),
            " (metamethod 'shl')"
        );
        assert_eq!(
            site("local t = {}; local y = 1 << t", |i| matches!(
                i,
                Instruction::Shl { .. } | Instruction::ShlImm { .. }
            )),
            " (metamethod 'shl')"
        );
        // (metamethod 'lt') / (metamethod 'le') for `>` and `>=` too
        for (source, expected) in [
            ("local t = {}; print(t < t)", " (metamethod 'lt')"),
            ("local t = {}; print(t > 1)", " (metamethod 'lt')"),
            ("local t = {}; print(t < 1)", " (metamethod 'lt')"),
            ("local t = {}; print(t <= t)", " (metamethod 'le')"),
            ("local t = {}; print(t >= 1)", " (metamethod 'le')"),
        ] {
            assert_eq!(
                site(source, |i| matches!(
                    i,
                    Instruction::Lt { .. }
                        | Instruction::Le { .. }
                        | Instruction::LtImm { .. }
                        | Instruction::LeImm { .. }
                        | Instruction::GtImm { .. }
                        | Instruction::GeImm { .. }
                )),
                expected,
                "{source}"
            );
        }
        for (source, pick, expected) in [
            (
                "local t = {}; print(t == {})",
                (|i| matches!(i, Instruction::Eq { .. })) as fn(Instruction) -> bool,
                " (metamethod 'eq')",
            ),
            (
                "local t = {}; print(t .. 'x')",
                |i| matches!(i, Instruction::Concat { .. }),
                " (metamethod 'concat')",
            ),
            (
                "local t = {}; print(#t)",
                |i| matches!(i, Instruction::Len { .. }),
                " (metamethod 'len')",
            ),
            (
                "local t = {}; print(-t)",
                |i| matches!(i, Instruction::Unm { .. }),
                " (metamethod 'unm')",
            ),
            (
                "local t = {}; print(t & 1)",
                |i| matches!(i, Instruction::BAnd { .. } | Instruction::BAndConst { .. }),
                " (metamethod 'band')",
            ),
            (
                "local t = {}; t.x = 1",
                |i| matches!(i, Instruction::SetField { .. }),
                " (metamethod 'newindex')",
            ),
            (
                "local t = {}; return t.x",
                |i| matches!(i, Instruction::GetField { .. }),
                " (metamethod 'index')",
            ),
            (
                "local t = {}; do local x <close> = t end",
                |i| matches!(i, Instruction::Close { .. } | Instruction::Return { .. }),
                " (metamethod 'close')",
            ),
            // `EqConst`/`EqImm` never call `__eq`.
            (
                "local t = {}; print(t == 1)",
                |i| matches!(i, Instruction::EqImm { .. } | Instruction::EqConst { .. }),
                "",
            ),
        ] {
            assert_eq!(site(source, pick), expected, "{source}");
        }
    }

    /// A traceback frame on line 1 running `callee`, called from `caller` (a prototype and
    /// its pc) or from Rust (`None`).
    fn frame(
        callee: Callee<'_>,
        caller: Option<(&Proto, usize)>,
        tail: bool,
        global: Option<&[u8]>,
    ) -> TracebackFrame {
        let line = match callee {
            Callee::Lua(_) => Some(1),
            Callee::Native => None,
        };
        let caller = match caller {
            Some((proto, pc)) => Caller::Lua { proto, pc },
            None => Caller::Native,
        };
        TracebackFrame::new(callee, line, caller, tail, global)
    }

    /// The `in ...` text of traceback lines.
    #[test]
    fn traceback_names() {
        // local function f() error("x") end f()
        let main = compile("local function f() error('x') end f()");
        let f = &main.protos[0];
        let (f_pc, _) = nth(f, 0, call);
        let (main_pc, _) = nth(&main, 0, call);
        let frames = [
            frame(Callee::Native, Some((f, f_pc)), false, Some(b"error")),
            frame(Callee::Lua(f), Some((&main, main_pc)), false, None),
            frame(Callee::Lua(&main), None, false, None),
            frame(Callee::Native, None, false, None),
        ];
        assert_eq!(
            traceback(Some("(command line):1: x"), &frames),
            "(command line):1: x\nstack traceback:\n\t[C]: in function 'error'\n\
             \t(command line):1: in local 'f'\n\t(command line):1: in main chunk\n\t[C]: in ?"
        );

        // Global functions are named by the global lookup, not by the call site.
        let main = compile("function g() error('x') end g()");
        let (pc, _) = nth(&main, 0, call);
        let g = global_function_name(b"_G", b"g");
        let name = |global: Option<&[u8]>| {
            traceback_function_name(
                global,
                function_name(Caller::Lua { proto: &main, pc }, false).as_ref(),
                Callee::Lua(&main.protos[0]),
            )
        };
        assert_eq!(name(Some(&g)), "function 'g'");
        // Not found in package.loaded (e.g. a custom _ENV): the call-site name.
        assert_eq!(name(None), "global 'g'");
        assert_eq!(
            global_function_name(b"string", b"rep"),
            b"string.rep".to_vec()
        );

        // in field 'x' / in method 'm' / in upvalue 'h' / in metamethod 'index'
        for (source, expected) in [
            (
                "local t = {} function t.x() error('x') end t.x()",
                "field 'x'",
            ),
            (
                "local t = {} function t:m() error('x') end t:m()",
                "method 'm'",
            ),
        ] {
            let main = compile(source);
            let (pc, _) = nth(&main, 0, call);
            let description = function_name(Caller::Lua { proto: &main, pc }, false);
            assert_eq!(
                traceback_function_name(None, description.as_ref(), Callee::Lua(&main.protos[0])),
                expected
            );
        }
        let main = compile("local function h() error('x') end; local function f() h() end f()");
        let f = &main.protos[1];
        let (pc, _) = nth(f, 0, call);
        let description = function_name(Caller::Lua { proto: f, pc }, false);
        assert_eq!(
            traceback_function_name(None, description.as_ref(), Callee::Lua(&main.protos[0])),
            "upvalue 'h'"
        );
        let main = compile("local t = setmetatable({}, {__index = function() end}); return t.x");
        let pc = main
            .code
            .iter()
            .rposition(|i| matches!(i, Instruction::GetField { .. }))
            .unwrap();
        let description = function_name(Caller::Lua { proto: &main, pc }, false);
        assert_eq!(
            traceback_function_name(None, description.as_ref(), Callee::Lua(&main.protos[0])),
            "metamethod 'index'"
        );
        // [C]: in for iterator 'for iterator'
        let main = compile("for w in string.gmatch('a', '(') do end");
        let pc = main
            .code
            .iter()
            .position(|i| matches!(i, Instruction::TForCall { .. }))
            .unwrap();
        let description = function_name(Caller::Lua { proto: &main, pc }, false);
        assert_eq!(
            traceback_function_name(None, description.as_ref(), Callee::Native),
            "for iterator 'for iterator'"
        );
    }

    /// Tail-called and anonymous functions in tracebacks.
    #[test]
    fn traceback_tail_calls_and_anonymous_functions() {
        // local function f() error("x") end; local function g() return f() end; g()
        let main =
            compile("local function f() error('x') end; local function g() return f() end; g()");
        let f = &main.protos[0];
        let g = &main.protos[1];
        let (f_pc, _) = nth(f, 0, call);
        let (g_pc, _) = nth(g, 0, call);
        let frames = [
            frame(Callee::Native, Some((f, f_pc)), false, Some(b"error")),
            // f was tail-called by g: no name, and g's frame is gone.
            frame(Callee::Lua(f), Some((g, g_pc)), true, None),
            frame(Callee::Lua(&main), None, false, None),
            frame(Callee::Native, None, false, None),
        ];
        assert_eq!(
            traceback(None, &frames),
            "stack traceback:\n\t[C]: in function 'error'\n\
             \t(command line):1: in function <(command line):1>\n\t(...tail calls...)\n\
             \t(command line):1: in main chunk\n\t[C]: in ?"
        );
        // A function on line 3 of a chunk named `=input`, called from Rust.
        let main = crate::compiler::compile(b"\n\nreturn function() end", b"=input").unwrap();
        assert_eq!(
            traceback_function_name(None, None, Callee::Lua(&main.protos[0])),
            "function <input:3>"
        );
    }

    /// Long tracebacks elide the middle levels with lua5.4.4's count.
    #[test]
    fn long_tracebacks_skip_levels_like_lua() {
        // local function f(n) if n == 0 then error("x") end f(n-1) end f(30): 34 levels,
        // printed as 10, "skipping 12 levels" (13 are left out), 11.
        let frames: Vec<TracebackFrame> = (0..34)
            .map(|level| TracebackFrame {
                source: "s".to_owned(),
                current_line: Some(1),
                function: format!("L{level}"),
                is_tail_call: false,
            })
            .collect();
        let text = traceback(None, &frames);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 10 + 1 + 11);
        assert_eq!(lines[10], "\ts:1: in L9");
        assert_eq!(lines[11], "\t...\t(skipping 12 levels)");
        assert_eq!(lines[12], "\ts:1: in L23");
        assert_eq!(lines[22], "\ts:1: in L33");
        // 22 levels: all shown.
        assert_eq!(traceback(None, &frames[..22]).lines().count(), 23);
        // 23 levels: 10, skip line ("skipping 1 levels", 2 left out), 11.
        let text = traceback(None, &frames[..23]);
        assert!(text.contains("(skipping 1 levels)"), "{text}");
        assert_eq!(text.lines().count(), 1 + 10 + 1 + 11);
    }

    /// `luaL_argerror`-style messages.
    #[test]
    fn bad_argument_messages() {
        let name = |source: &str| {
            let main = compile(source);
            let (pc, _) = nth(&main, 0, call);
            function_name(Caller::Lua { proto: &main, pc }, false)
        };
        let extra = "table expected, got number";
        // bad argument #1 to 'insert' (table expected, got number)
        assert_eq!(
            bad_argument_message(
                name("table.insert(1, 2)").as_ref(),
                Some(b"table.insert"),
                1,
                extra
            ),
            "bad argument #1 to 'insert' (table expected, got number)"
        );
        // bad argument #1 to 'ins' (table expected, got number)
        assert_eq!(
            bad_argument_message(
                name("local ins = table.insert; ins(1,2)").as_ref(),
                Some(b"table.insert"),
                1,
                extra
            ),
            "bad argument #1 to 'ins' (table expected, got number)"
        );
        // bad argument #1 to 'integer index' (string expected, got no value)
        assert_eq!(
            bad_argument_message(
                name("local t = {string.rep}; t[1]()").as_ref(),
                Some(b"string.rep"),
                1,
                "string expected, got no value"
            ),
            "bad argument #1 to 'integer index' (string expected, got no value)"
        );
        // ("x"):rep({}) → bad argument #1 to 'rep' (number expected, got table)
        let method = name("(\"x\"):rep({})");
        assert_eq!(
            bad_argument_message(
                method.as_ref(),
                Some(b"string.rep"),
                2,
                "number expected, got table"
            ),
            "bad argument #1 to 'rep' (number expected, got table)"
        );
        // calling 'rep' on bad self (string expected, got table)
        assert_eq!(
            bad_argument_message(
                method.as_ref(),
                Some(b"string.rep"),
                1,
                "string expected, got table"
            ),
            "calling 'rep' on bad self (string expected, got table)"
        );
        // pcall(string.rep): called from native code → the global name.
        assert_eq!(
            bad_argument_message(
                None,
                Some(b"string.rep"),
                1,
                "string expected, got no value"
            ),
            "bad argument #1 to 'string.rep' (string expected, got no value)"
        );
        assert_eq!(
            bad_argument_message(None, None, 2, "x"),
            "bad argument #2 to '?' (x)"
        );
    }

    /// A 20,000-long `t.x.x...` chain needs no deep recursion.
    #[test]
    fn long_field_chains_do_not_recurse_deeply() {
        let source = format!("local t = {{}}; return t{}", ".x".repeat(20_000));
        let proto = compile(&source);
        let (pc, register) = nth(&proto, 19_999, get_field);
        assert_eq!(
            varinfo(register_description(&proto, pc, register).as_ref()),
            " (field 'x')"
        );
    }
}
