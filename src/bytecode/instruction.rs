//! The instruction set: Lua 5.4's register machine, one Rust enum variant per operation.
//!
//! Notation in the docs: `R[x]` is register `x` of the current frame, `K[x]` constant `x` of
//! the prototype, `U[x]` upvalue `x` of the running closure. "Skip" means `pc += 1`, always
//! over a `Jump` that the code generator placed right after the test. Every `jump` offset
//! (also in the loop instructions) is relative to the next instruction: the target is
//! `pc + 1 + jump`.
//!
//! Every variant fits in 8 bytes (asserted in a test): a one-byte tag and at most seven bytes
//! of operands. Operand widths: registers `u8`; constants `u16` inside larger instructions
//! (`u32` in `LoadConst`); the code generator falls back to register forms when an index
//! does not fit. Arithmetic and comparison instructions call metamethods themselves when the
//! fast path does not apply (there is no separate `MMBIN` instruction as in PUC Lua).

/// One VM instruction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Instruction {
    /// `R[dst] = R[src]`
    Move {
        /// Destination register.
        dst: u8,
        /// Source register.
        src: u8,
    },
    /// `R[dst] = value` (an integer).
    LoadInt {
        /// Destination register.
        dst: u8,
        /// The integer.
        value: i32,
    },
    /// `R[dst] = value as float` (a float with a small integral value).
    LoadFloat {
        /// Destination register.
        dst: u8,
        /// The float's (integral) value.
        value: i32,
    },
    /// `R[dst] = K[constant]`
    LoadConst {
        /// Destination register.
        dst: u8,
        /// Constant index.
        constant: u32,
    },
    /// `R[dst] = false`
    LoadFalse {
        /// Destination register.
        dst: u8,
    },
    /// `R[dst] = false; skip`
    LoadFalseSkip {
        /// Destination register.
        dst: u8,
    },
    /// `R[dst] = true`
    LoadTrue {
        /// Destination register.
        dst: u8,
    },
    /// `R[dst], ..., R[dst + extra] = nil`
    LoadNil {
        /// First register.
        dst: u8,
        /// Number of further registers.
        extra: u8,
    },
    /// `R[dst] = U[upvalue]`
    GetUpvalue {
        /// Destination register.
        dst: u8,
        /// Upvalue index.
        upvalue: u8,
    },
    /// `U[upvalue] = R[src]`
    SetUpvalue {
        /// Source register.
        src: u8,
        /// Upvalue index.
        upvalue: u8,
    },
    /// `R[dst] = U[upvalue][K[key]]` (`K[key]` a string; globals through `_ENV`).
    GetTabUp {
        /// Destination register.
        dst: u8,
        /// Upvalue holding the table.
        upvalue: u8,
        /// String constant index.
        key: u16,
    },
    /// `R[dst] = R[table][R[key]]`
    GetTable {
        /// Destination register.
        dst: u8,
        /// Table register.
        table: u8,
        /// Key register.
        key: u8,
    },
    /// `R[dst] = R[table][index]` (an integer key).
    GetIndex {
        /// Destination register.
        dst: u8,
        /// Table register.
        table: u8,
        /// The integer key.
        index: u8,
    },
    /// `R[dst] = R[table][K[key]]` (`K[key]` a string).
    GetField {
        /// Destination register.
        dst: u8,
        /// Table register.
        table: u8,
        /// String constant index.
        key: u16,
    },
    /// `U[upvalue][K[key]] = RK(value)` (`K[key]` a string).
    SetTabUp {
        /// Upvalue holding the table.
        upvalue: u8,
        /// String constant index.
        key: u16,
        /// Value register, or constant index when `value_is_constant`.
        value: u8,
        /// Whether `value` indexes the constants.
        value_is_constant: bool,
    },
    /// `R[table][R[key]] = RK(value)`
    SetTable {
        /// Table register.
        table: u8,
        /// Key register.
        key: u8,
        /// Value register, or constant index when `value_is_constant`.
        value: u8,
        /// Whether `value` indexes the constants.
        value_is_constant: bool,
    },
    /// `R[table][index] = RK(value)` (an integer key).
    SetIndex {
        /// Table register.
        table: u8,
        /// The integer key.
        index: u8,
        /// Value register, or constant index when `value_is_constant`.
        value: u8,
        /// Whether `value` indexes the constants.
        value_is_constant: bool,
    },
    /// `R[table][K[key]] = RK(value)` (`K[key]` a string).
    SetField {
        /// Table register.
        table: u8,
        /// String constant index.
        key: u16,
        /// Value register, or constant index when `value_is_constant`.
        value: u8,
        /// Whether `value` indexes the constants.
        value_is_constant: bool,
    },
    /// `R[dst] = {}` with room for `array` positional and `hash` keyed items.
    NewTable {
        /// Destination register.
        dst: u8,
        /// Size hint for the hash part.
        hash: u16,
        /// Size hint for the array part.
        array: u32,
    },
    /// `R[dst + 1] = R[object]; R[dst] = R[object][K[key]]` (method lookup for `o:m()`).
    Method {
        /// Destination register (the method; the receiver goes to `dst + 1`).
        dst: u8,
        /// Receiver register.
        object: u8,
        /// String constant index of the method name.
        key: u16,
    },
    /// `R[dst] = R[lhs] + imm`
    AddImm {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Immediate integer right operand.
        imm: i16,
    },
    /// `R[dst] = R[lhs] + K[constant]` (a number).
    AddConst {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Numeric constant index.
        constant: u16,
    },
    /// `R[dst] = R[lhs] - K[constant]`
    SubConst {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Numeric constant index.
        constant: u16,
    },
    /// `R[dst] = R[lhs] * K[constant]`
    MulConst {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Numeric constant index.
        constant: u16,
    },
    /// `R[dst] = R[lhs] % K[constant]`
    ModConst {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Numeric constant index.
        constant: u16,
    },
    /// `R[dst] = R[lhs] ^ K[constant]`
    PowConst {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Numeric constant index.
        constant: u16,
    },
    /// `R[dst] = R[lhs] / K[constant]`
    DivConst {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Numeric constant index.
        constant: u16,
    },
    /// `R[dst] = R[lhs] // K[constant]`
    IDivConst {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Numeric constant index.
        constant: u16,
    },
    /// `R[dst] = R[lhs] & K[constant]` (an integer constant).
    BAndConst {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Integer constant index.
        constant: u16,
    },
    /// `R[dst] = R[lhs] | K[constant]` (an integer constant).
    BOrConst {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Integer constant index.
        constant: u16,
    },
    /// `R[dst] = R[lhs] ~ K[constant]` (an integer constant).
    BXorConst {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Integer constant index.
        constant: u16,
    },
    /// `R[dst] = R[lhs] >> imm`
    ShrImm {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Immediate shift amount.
        imm: i16,
    },
    /// `R[dst] = imm << R[rhs]` (note the operand order, as in PUC Lua's `SHLI`).
    ShlImm {
        /// Destination register.
        dst: u8,
        /// Right operand register (the shift amount).
        rhs: u8,
        /// Immediate left operand.
        imm: i16,
    },
    /// `R[dst] = R[lhs] + R[rhs]`
    Add {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] - R[rhs]`
    Sub {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] * R[rhs]`
    Mul {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] % R[rhs]`
    Mod {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] ^ R[rhs]`
    Pow {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] / R[rhs]`
    Div {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] // R[rhs]`
    IDiv {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] & R[rhs]`
    BAnd {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] | R[rhs]`
    BOr {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] ~ R[rhs]`
    BXor {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] << R[rhs]`
    Shl {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = R[lhs] >> R[rhs]`
    Shr {
        /// Destination register.
        dst: u8,
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
    },
    /// `R[dst] = -R[src]`
    Unm {
        /// Destination register.
        dst: u8,
        /// Operand register.
        src: u8,
    },
    /// `R[dst] = ~R[src]`
    BNot {
        /// Destination register.
        dst: u8,
        /// Operand register.
        src: u8,
    },
    /// `R[dst] = not R[src]`
    Not {
        /// Destination register.
        dst: u8,
        /// Operand register.
        src: u8,
    },
    /// `R[dst] = #R[src]`
    Len {
        /// Destination register.
        dst: u8,
        /// Operand register.
        src: u8,
    },
    /// `R[first] = R[first] .. ... .. R[first + count - 1]`
    Concat {
        /// First operand register, also the destination.
        first: u8,
        /// Number of operands (at least 2).
        count: u8,
    },
    /// Close upvalues and to-be-closed variables of registers `>= from`.
    Close {
        /// First register to close.
        from: u8,
    },
    /// Mark `R[reg]` as a to-be-closed variable (errors unless it is nil, false or has a
    /// `__close` metamethod).
    Tbc {
        /// The variable's register.
        reg: u8,
    },
    /// `pc += jump`
    Jump {
        /// Offset relative to the next instruction.
        jump: i32,
    },
    /// `if (R[lhs] == R[rhs]) ~= k then skip`
    Eq {
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
        /// Expected outcome.
        k: bool,
    },
    /// `if (R[lhs] < R[rhs]) ~= k then skip`
    Lt {
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
        /// Expected outcome.
        k: bool,
    },
    /// `if (R[lhs] <= R[rhs]) ~= k then skip`
    Le {
        /// Left operand register.
        lhs: u8,
        /// Right operand register.
        rhs: u8,
        /// Expected outcome.
        k: bool,
    },
    /// `if (R[lhs] == K[constant]) ~= k then skip` (raw equality; the constant is never a
    /// table).
    EqConst {
        /// Left operand register.
        lhs: u8,
        /// Constant index.
        constant: u16,
        /// Expected outcome.
        k: bool,
    },
    /// `if (R[lhs] == imm) ~= k then skip` (`imm` a float when `is_float`).
    EqImm {
        /// Left operand register.
        lhs: u8,
        /// Immediate integer (or integral float) operand.
        imm: i16,
        /// Whether the immediate is a float.
        is_float: bool,
        /// Expected outcome.
        k: bool,
    },
    /// `if (R[lhs] < imm) ~= k then skip`
    LtImm {
        /// Left operand register.
        lhs: u8,
        /// Immediate integer (or integral float) operand.
        imm: i16,
        /// Whether the immediate is a float.
        is_float: bool,
        /// Expected outcome.
        k: bool,
    },
    /// `if (R[lhs] <= imm) ~= k then skip`
    LeImm {
        /// Left operand register.
        lhs: u8,
        /// Immediate integer (or integral float) operand.
        imm: i16,
        /// Whether the immediate is a float.
        is_float: bool,
        /// Expected outcome.
        k: bool,
    },
    /// `if (R[lhs] > imm) ~= k then skip`
    GtImm {
        /// Left operand register.
        lhs: u8,
        /// Immediate integer (or integral float) operand.
        imm: i16,
        /// Whether the immediate is a float.
        is_float: bool,
        /// Expected outcome.
        k: bool,
    },
    /// `if (R[lhs] >= imm) ~= k then skip`
    GeImm {
        /// Left operand register.
        lhs: u8,
        /// Immediate integer (or integral float) operand.
        imm: i16,
        /// Whether the immediate is a float.
        is_float: bool,
        /// Expected outcome.
        k: bool,
    },
    /// `if (not R[src]) == k then skip` (i.e. continue to the jump when `R[src]`'s truth
    /// equals `k`).
    Test {
        /// Tested register.
        src: u8,
        /// Expected truth.
        k: bool,
    },
    /// `if (not R[src]) == k then skip else R[dst] = R[src]` (and continue to the jump).
    TestSet {
        /// Destination register.
        dst: u8,
        /// Tested register.
        src: u8,
        /// Expected truth.
        k: bool,
    },
    /// `R[func], ..., R[func + results - 2] = R[func](R[func + 1], ..., R[func + args - 1])`.
    /// `args == 0`: the arguments run up to the stack top (set by a preceding multi-valued
    /// call or `VarArg`). `results == 0`: keep all results and set the top after them.
    Call {
        /// Register of the called value; arguments follow it.
        func: u8,
        /// Number of arguments plus one, or 0 for "up to the top".
        args: u8,
        /// Number of results plus one, or 0 for "all".
        results: u8,
    },
    /// `return R[func](R[func + 1], ..., R[func + args - 1])` reusing the current frame.
    TailCall {
        /// Register of the called value; arguments follow it.
        func: u8,
        /// Number of arguments plus one, or 0 for "up to the top".
        args: u8,
    },
    /// `return R[first], ..., R[first + count - 2]`
    Return {
        /// First returned register.
        first: u8,
        /// Number of values plus one, or 0 for "up to the top".
        count: u8,
        /// Whether upvalues or to-be-closed variables of this frame must be closed first.
        close: bool,
    },
    /// `return` with no values (and nothing to close).
    Return0,
    /// `return R[src]` (and nothing to close).
    Return1 {
        /// Returned register.
        src: u8,
    },
    /// Numeric `for` preparation. `R[base]` = initial value, `R[base + 1]` = limit,
    /// `R[base + 2]` = step are checked and converted (lua5.4's `forprep`); the loop
    /// variable `R[base + 3]` gets the initial value. If the loop runs zero times, jump to
    /// the instruction after the matching `ForLoop`.
    ForPrep {
        /// First of the loop's four registers.
        base: u8,
        /// Offset (from the next instruction) to the instruction after the `ForLoop`.
        jump: i32,
    },
    /// Numeric `for` step: advance; if the loop continues, update `R[base + 3]` and jump
    /// back to the body.
    ForLoop {
        /// First of the loop's four registers.
        base: u8,
        /// Offset (negative) to the body's first instruction.
        jump: i32,
    },
    /// Generic `for` preparation: mark `R[base + 3]` (the closing value) to be closed, then
    /// jump to the `TForCall`.
    TForPrep {
        /// First of the loop's registers (iterator, state, control, closing value).
        base: u8,
        /// Offset (from the next instruction) to the `TForCall`.
        jump: i32,
    },
    /// `R[base + 4], ..., R[base + 3 + results] = R[base](R[base + 1], R[base + 2])`
    TForCall {
        /// First of the loop's registers.
        base: u8,
        /// Number of loop variables.
        results: u8,
    },
    /// `if R[base + 4] ~= nil then R[base + 2] = R[base + 4]; pc += jump end`
    TForLoop {
        /// First of the loop's registers.
        base: u8,
        /// Offset (negative) to the body's first instruction.
        jump: i32,
    },
    /// `R[table][offset + i] = R[table + i]` for `1 <= i <= count`; `count == 0` means up to
    /// the stack top.
    SetList {
        /// Table register; the values follow it.
        table: u8,
        /// Number of values, or 0 for "up to the top".
        count: u8,
        /// Array index before the first value.
        offset: u32,
    },
    /// `R[dst] = closure(protos[proto])`, capturing its upvalues.
    Closure {
        /// Destination register.
        dst: u8,
        /// Index in the prototype's nested prototypes.
        proto: u32,
    },
    /// `R[dst], ..., R[dst + count - 2] = ...`; `count == 0`: all varargs, setting the top.
    VarArg {
        /// First destination register.
        dst: u8,
        /// Number of values plus one, or 0 for "all".
        count: u8,
    },
    /// Entry of a vararg function with `params` fixed parameters: set the extra arguments
    /// aside as the varargs.
    VarArgPrep {
        /// Number of fixed parameters.
        params: u8,
    },
}

#[cfg(test)]
mod tests {
    use super::Instruction;

    #[test]
    fn instruction_is_eight_bytes() {
        assert_eq!(std::mem::size_of::<Instruction>(), 8);
    }
}
