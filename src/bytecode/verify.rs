//! Structural checks of a prototype: every register, constant, upvalue, prototype and jump
//! operand in range, so that an interpreter can rely on them.
//!
//! The compiler's output always passes (the compiler fuzz target asserts it). The checks
//! matter most for prototypes that come from outside — a deserialized saved state is
//! untrusted input.

use thiserror::Error;

use super::{Constant, Instruction, Proto};

/// Why a prototype was rejected.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("invalid bytecode at instruction {pc}: {reason}")]
pub struct VerifyError {
    /// Index of the offending instruction (0-based), or of the last one for whole-function
    /// problems.
    pub pc: usize,
    /// What is wrong.
    pub reason: &'static str,
}

/// Checks `proto` and all its nested prototypes.
pub fn verify(proto: &Proto) -> Result<(), VerifyError> {
    // Nested prototypes are checked with an explicit stack: their depth comes from the input.
    let mut pending = vec![proto];
    while let Some(proto) = pending.pop() {
        verify_one(proto)?;
        for nested in &proto.protos {
            for upvalue in &nested.upvalues {
                let limit = if upvalue.in_stack {
                    usize::from(proto.max_stack_size)
                } else {
                    proto.upvalues.len()
                };
                if usize::from(upvalue.index) >= limit {
                    return Err(VerifyError {
                        pc: 0,
                        reason: "nested function captures a missing variable",
                    });
                }
            }
            pending.push(nested);
        }
    }
    Ok(())
}

/// What kind of constant an operand needs.
#[derive(Clone, Copy)]
enum Want {
    Any,
    String,
    Number,
    Integer,
}

struct Checker<'p> {
    proto: &'p Proto,
    pc: usize,
    /// Instructions some jump or skip can reach other than from the previous one.
    targets: &'p [bool],
}

impl Checker<'_> {
    fn fail<T>(&self, reason: &'static str) -> Result<T, VerifyError> {
        Err(VerifyError {
            pc: self.pc,
            reason,
        })
    }

    /// Registers `first .. first + count` exist.
    fn registers(&self, first: u8, count: usize) -> Result<(), VerifyError> {
        if usize::from(first) + count > usize::from(self.proto.max_stack_size) {
            return self.fail("register out of range");
        }
        Ok(())
    }

    fn register(&self, register: u8) -> Result<(), VerifyError> {
        self.registers(register, 1)
    }

    fn constant(&self, index: usize, want: Want) -> Result<(), VerifyError> {
        let Some(constant) = self.proto.constants.get(index) else {
            return self.fail("constant out of range");
        };
        let ok = match want {
            Want::Any => true,
            Want::String => matches!(constant, Constant::String(_)),
            Want::Number => matches!(constant, Constant::Integer(_) | Constant::Float(_)),
            Want::Integer => matches!(constant, Constant::Integer(_)),
        };
        if !ok {
            return self.fail("constant of the wrong type");
        }
        Ok(())
    }

    /// A value operand that is a register or (when `is_constant`) a constant.
    fn rk(&self, value: u8, is_constant: bool) -> Result<(), VerifyError> {
        if is_constant {
            self.constant(usize::from(value), Want::Any)
        } else {
            self.register(value)
        }
    }

    fn upvalue(&self, index: u8) -> Result<(), VerifyError> {
        if usize::from(index) >= self.proto.upvalues.len() {
            return self.fail("upvalue out of range");
        }
        Ok(())
    }

    /// A jump target `pc + 1 + jump` inside the code.
    fn jump(&self, jump: i32) -> Result<(), VerifyError> {
        let target = self.pc as i64 + 1 + i64::from(jump);
        if target < 0 || target >= self.proto.code.len() as i64 {
            return self.fail("jump out of range");
        }
        Ok(())
    }

    /// The instruction after this one is a `Jump` (conditional tests skip over it).
    fn followed_by_jump(&self) -> Result<(), VerifyError> {
        match self.proto.code.get(self.pc + 1) {
            Some(Instruction::Jump { .. }) => Ok(()),
            _ => self.fail("test not followed by a jump"),
        }
    }

    /// An instruction taking values "up to the top" from register `base`: the top is set
    /// by the instruction right before it (a call keeping all results, a tail call, or `...`
    /// with all values, at or above `base`), which must be its only way in. The interpreter relies
    /// on it: a stale top would give a negative count.
    fn open_top(&self, base: usize) -> Result<(), VerifyError> {
        let producer = match self.pc.checked_sub(1).map(|pc| self.proto.code[pc]) {
            Some(Instruction::Call {
                func, results: 0, ..
            }) => func,
            // A tail call that runs as a plain call (a native callee, variables to close)
            // leaves its results up to the top for the `Return` after it.
            Some(Instruction::TailCall { func, .. }) => func,
            Some(Instruction::VarArg { dst, count: 0 }) => dst,
            _ => return self.fail("multiple values not produced by the previous instruction"),
        };
        if base > usize::from(producer) || self.targets[self.pc] {
            return self.fail("multiple values not produced by the previous instruction");
        }
        Ok(())
    }

    /// The callee and argument registers of a call: `args` encodes "n + 1, or 0 for up to
    /// the top", and the callee plus `n` arguments take `args` registers.
    fn call_operands(&self, func: u8, args: u8) -> Result<(), VerifyError> {
        self.registers(func, usize::from(args).max(1))
    }

    /// A count operand encoded as "n + 1, or 0 for variable": registers for `n` values.
    fn counted(&self, first: u8, encoded: u8) -> Result<(), VerifyError> {
        if encoded == 0 {
            self.register(first)
        } else {
            self.registers(first, usize::from(encoded - 1).max(1))
        }
    }

    fn check(&self, instruction: Instruction) -> Result<(), VerifyError> {
        use Instruction as I;
        match instruction {
            I::Move { dst, src } => {
                self.register(dst)?;
                self.register(src)
            }
            I::LoadInt { dst, .. }
            | I::LoadFloat { dst, .. }
            | I::LoadFalse { dst }
            | I::LoadTrue { dst }
            | I::NewTable { dst, .. } => self.register(dst),
            I::LoadFalseSkip { dst } => {
                self.register(dst)?;
                if self.pc + 2 > self.proto.code.len() {
                    return self.fail("skip past the end");
                }
                Ok(())
            }
            I::LoadConst { dst, constant } => {
                self.register(dst)?;
                self.constant(constant as usize, Want::Any)
            }
            I::LoadNil { dst, extra } => self.registers(dst, usize::from(extra) + 1),
            I::GetUpvalue { dst, upvalue } => {
                self.register(dst)?;
                self.upvalue(upvalue)
            }
            I::SetUpvalue { src, upvalue } => {
                self.register(src)?;
                self.upvalue(upvalue)
            }
            I::GetTabUp { dst, upvalue, key } => {
                self.register(dst)?;
                self.upvalue(upvalue)?;
                self.constant(usize::from(key), Want::String)
            }
            I::GetTable { dst, table, key } => {
                self.register(dst)?;
                self.register(table)?;
                self.register(key)
            }
            I::GetIndex { dst, table, .. } => {
                self.register(dst)?;
                self.register(table)
            }
            I::GetField { dst, table, key } => {
                self.register(dst)?;
                self.register(table)?;
                self.constant(usize::from(key), Want::String)
            }
            I::SetTabUp {
                upvalue,
                key,
                value,
                value_is_constant,
            } => {
                self.upvalue(upvalue)?;
                self.constant(usize::from(key), Want::String)?;
                self.rk(value, value_is_constant)
            }
            I::SetTable {
                table,
                key,
                value,
                value_is_constant,
            } => {
                self.register(table)?;
                self.register(key)?;
                self.rk(value, value_is_constant)
            }
            I::SetIndex {
                table,
                value,
                value_is_constant,
                ..
            } => {
                self.register(table)?;
                self.rk(value, value_is_constant)
            }
            I::SetField {
                table,
                key,
                value,
                value_is_constant,
            } => {
                self.register(table)?;
                self.constant(usize::from(key), Want::String)?;
                self.rk(value, value_is_constant)
            }
            I::Method { dst, object, key } => {
                self.registers(dst, 2)?;
                self.register(object)?;
                self.constant(usize::from(key), Want::String)
            }
            I::AddImm { dst, lhs, .. } | I::ShrImm { dst, lhs, .. } => {
                self.register(dst)?;
                self.register(lhs)
            }
            I::ShlImm { dst, rhs, .. } => {
                self.register(dst)?;
                self.register(rhs)
            }
            I::AddConst { dst, lhs, constant }
            | I::SubConst { dst, lhs, constant }
            | I::MulConst { dst, lhs, constant }
            | I::ModConst { dst, lhs, constant }
            | I::PowConst { dst, lhs, constant }
            | I::DivConst { dst, lhs, constant }
            | I::IDivConst { dst, lhs, constant } => {
                self.register(dst)?;
                self.register(lhs)?;
                self.constant(usize::from(constant), Want::Number)
            }
            I::BAndConst { dst, lhs, constant }
            | I::BOrConst { dst, lhs, constant }
            | I::BXorConst { dst, lhs, constant } => {
                self.register(dst)?;
                self.register(lhs)?;
                self.constant(usize::from(constant), Want::Integer)
            }
            I::Add { dst, lhs, rhs }
            | I::Sub { dst, lhs, rhs }
            | I::Mul { dst, lhs, rhs }
            | I::Mod { dst, lhs, rhs }
            | I::Pow { dst, lhs, rhs }
            | I::Div { dst, lhs, rhs }
            | I::IDiv { dst, lhs, rhs }
            | I::BAnd { dst, lhs, rhs }
            | I::BOr { dst, lhs, rhs }
            | I::BXor { dst, lhs, rhs }
            | I::Shl { dst, lhs, rhs }
            | I::Shr { dst, lhs, rhs } => {
                self.register(dst)?;
                self.register(lhs)?;
                self.register(rhs)
            }
            I::Unm { dst, src }
            | I::BNot { dst, src }
            | I::Not { dst, src }
            | I::Len { dst, src } => {
                self.register(dst)?;
                self.register(src)
            }
            I::Concat { first, count } => {
                if count < 2 {
                    return self.fail("concatenation of fewer than two values");
                }
                self.registers(first, usize::from(count))
            }
            I::Close { from } => {
                if from > self.proto.max_stack_size {
                    return self.fail("register out of range");
                }
                Ok(())
            }
            I::Tbc { reg } => self.register(reg),
            I::Jump { jump } => self.jump(jump),
            I::Eq { lhs, rhs, .. } | I::Lt { lhs, rhs, .. } | I::Le { lhs, rhs, .. } => {
                self.register(lhs)?;
                self.register(rhs)?;
                self.followed_by_jump()
            }
            I::EqConst { lhs, constant, .. } => {
                self.register(lhs)?;
                self.constant(usize::from(constant), Want::Any)?;
                self.followed_by_jump()
            }
            I::EqImm { lhs, .. }
            | I::LtImm { lhs, .. }
            | I::LeImm { lhs, .. }
            | I::GtImm { lhs, .. }
            | I::GeImm { lhs, .. }
            | I::Test { src: lhs, .. } => {
                self.register(lhs)?;
                self.followed_by_jump()
            }
            I::TestSet { dst, src, .. } => {
                self.register(dst)?;
                self.register(src)?;
                self.followed_by_jump()
            }
            I::Call {
                func,
                args,
                results,
            } => {
                if args == 0 {
                    self.open_top(usize::from(func) + 1)?;
                }
                self.call_operands(func, args)?;
                self.counted(func, results)
            }
            I::TailCall { func, args } => {
                if args == 0 {
                    self.open_top(usize::from(func) + 1)?;
                }
                self.call_operands(func, args)
            }
            I::Return { first, count, .. } => {
                if count == 0 {
                    self.open_top(usize::from(first))?;
                    // Values up to the top: `first` may equal the frame size when empty.
                    if first > self.proto.max_stack_size {
                        return self.fail("register out of range");
                    }
                    Ok(())
                } else if count == 1 {
                    Ok(())
                } else {
                    self.registers(first, usize::from(count - 1))
                }
            }
            I::Return0 => Ok(()),
            I::Return1 { src } => self.register(src),
            I::ForPrep { base, jump } | I::ForLoop { base, jump } => {
                self.registers(base, 4)?;
                self.jump(jump)
            }
            I::TForPrep { base, jump } => {
                self.registers(base, 4)?;
                self.jump(jump)
            }
            I::TForCall { base, results } => {
                self.registers(base, 4 + usize::from(results).max(1))?;
                self.followed_by_tfor_loop()
            }
            I::TForLoop { base, jump } => {
                self.registers(base, 5)?;
                self.jump(jump)
            }
            I::SetList { table, count, .. } => {
                if count == 0 {
                    self.open_top(usize::from(table) + 1)?;
                }
                self.registers(table, usize::from(count) + 1)
            }
            I::Closure { dst, proto } => {
                self.register(dst)?;
                if proto as usize >= self.proto.protos.len() {
                    return self.fail("prototype out of range");
                }
                Ok(())
            }
            I::VarArg { dst, count } => {
                if !self.proto.is_vararg {
                    return self.fail("'...' in a function without varargs");
                }
                self.counted(dst, count)
            }
            I::VarArgPrep { params } => {
                if self.pc != 0 || !self.proto.is_vararg || params != self.proto.num_params {
                    return self.fail("misplaced vararg preparation");
                }
                Ok(())
            }
        }
    }

    fn followed_by_tfor_loop(&self) -> Result<(), VerifyError> {
        match self.proto.code.get(self.pc + 1) {
            Some(Instruction::TForLoop { .. }) => Ok(()),
            _ => self.fail("generic for call not followed by its loop"),
        }
    }
}

fn verify_one(proto: &Proto) -> Result<(), VerifyError> {
    let last = proto.code.len().saturating_sub(1);
    let whole = |reason| Err(VerifyError { pc: last, reason });
    if !proto.lines.is_empty() && proto.lines.len() != proto.code.len() {
        return whole("line information does not match the code");
    }
    if proto.num_params > proto.max_stack_size {
        return whole("parameters exceed the frame");
    }
    if proto.is_vararg && !matches!(proto.code.first(), Some(Instruction::VarArgPrep { .. })) {
        return whole("vararg function without vararg preparation");
    }
    match proto.code.last() {
        Some(Instruction::Return { .. } | Instruction::Return0 | Instruction::Return1 { .. }) => {}
        _ => return whole("code does not end with a return"),
    }
    for local in &proto.locals {
        if local.start_pc > local.end_pc || local.end_pc as usize > proto.code.len() {
            return whole("local variable range out of the code");
        }
    }
    if proto
        .constants
        .iter()
        .any(|c| matches!(c, Constant::Float(f) if f.is_nan()))
    {
        return whole("NaN constant");
    }
    // Where jumps and skips can land (conservatively: loop instructions mark both the
    // instruction they name and the one after it).
    let mut targets = vec![false; proto.code.len()];
    let mut mark = |target: i64| {
        if let Some(slot) = usize::try_from(target)
            .ok()
            .and_then(|t| targets.get_mut(t))
        {
            *slot = true;
        }
    };
    for (pc, &instruction) in proto.code.iter().enumerate() {
        let next = pc as i64 + 1;
        match instruction {
            Instruction::Jump { jump } => mark(next + i64::from(jump)),
            Instruction::ForPrep { jump, .. }
            | Instruction::ForLoop { jump, .. }
            | Instruction::TForPrep { jump, .. }
            | Instruction::TForLoop { jump, .. } => {
                mark(next + i64::from(jump));
                mark(next + i64::from(jump) + 1);
            }
            Instruction::LoadFalseSkip { .. }
            | Instruction::Eq { .. }
            | Instruction::Lt { .. }
            | Instruction::Le { .. }
            | Instruction::EqConst { .. }
            | Instruction::EqImm { .. }
            | Instruction::LtImm { .. }
            | Instruction::LeImm { .. }
            | Instruction::GtImm { .. }
            | Instruction::GeImm { .. }
            | Instruction::Test { .. }
            | Instruction::TestSet { .. } => mark(next + 1),
            _ => {}
        }
    }
    for (pc, &instruction) in proto.code.iter().enumerate() {
        Checker {
            proto,
            pc,
            targets: &targets,
        }
        .check(instruction)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{VerifyError, verify};
    use crate::bytecode::{Constant, Instruction, Proto};
    use crate::compiler::compile;
    use crate::shared::Shared;

    fn compiled(source: &str) -> Proto {
        let proto = compile(source.as_bytes(), b"=test").expect("compiles");
        (*proto).clone()
    }

    fn reason(proto: &Proto) -> &'static str {
        verify(proto)
            .map_err(|e: VerifyError| e.reason)
            .unwrap_err()
    }

    #[test]
    fn compiled_code_verifies() {
        let proto = compiled(
            "local t = {1, 2, x = 3}\n\
             local function f(a, ...) for i = 1, #t do a = a + t[i] end return a, ... end\n\
             for k, v in pairs(t) do print(k, v, f(k)) end\n\
             return t.x and f(1) or -t[1] .. 'x'",
        );
        assert_eq!(verify(&proto), Ok(()));
    }

    #[test]
    fn rejects_out_of_range_operands() {
        let base = compiled("local a, b = ... return a + b");
        let mut proto = base.clone();
        proto.code.insert(1, Instruction::Move { dst: 200, src: 0 });
        proto.lines.insert(1, 1);
        assert_eq!(reason(&proto), "register out of range");

        let mut proto = base.clone();
        proto.code.insert(1, Instruction::Jump { jump: 1000 });
        proto.lines.insert(1, 1);
        assert_eq!(reason(&proto), "jump out of range");

        let mut proto = base.clone();
        proto.code.insert(
            1,
            Instruction::LoadConst {
                dst: 0,
                constant: 7,
            },
        );
        proto.lines.insert(1, 1);
        assert_eq!(reason(&proto), "constant out of range");

        let mut proto = base.clone();
        proto
            .code
            .insert(1, Instruction::GetUpvalue { dst: 0, upvalue: 3 });
        proto.lines.insert(1, 1);
        assert_eq!(reason(&proto), "upvalue out of range");

        let mut proto = base.clone();
        proto
            .code
            .insert(1, Instruction::Closure { dst: 0, proto: 0 });
        proto.lines.insert(1, 1);
        assert_eq!(reason(&proto), "prototype out of range");
    }

    #[test]
    fn rejects_wrong_constant_kinds_and_shapes() {
        let base = compiled("local t = ... return t.x");
        let mut proto = base.clone();
        let key = proto
            .constants
            .iter()
            .position(|c| matches!(c, Constant::String(_)))
            .expect("a string key");
        proto.constants[key] = Constant::Integer(1);
        assert_eq!(reason(&proto), "constant of the wrong type");

        let mut proto = base.clone();
        proto.code.pop();
        proto.lines.pop();
        proto.code.push(Instruction::LoadNil { dst: 0, extra: 0 });
        proto.lines.push(1);
        assert_eq!(reason(&proto), "code does not end with a return");

        let mut proto = base.clone();
        proto.lines.pop();
        assert_eq!(reason(&proto), "line information does not match the code");

        // Stripped prototypes have no line information at all.
        let mut proto = compiled("local f = ... f(1, 2)");
        let call = proto
            .code
            .iter_mut()
            .find(|i| matches!(i, Instruction::Call { .. }))
            .expect("a call");
        *call = Instruction::Call {
            func: 1,
            args: proto.max_stack_size,
            results: 1,
        };
        assert_eq!(reason(&proto), "register out of range");

        let mut proto = base.clone();
        proto.lines.clear();
        assert_eq!(verify(&proto), Ok(()));

        let mut proto = base.clone();
        proto.code.remove(0);
        proto.lines.remove(0);
        assert_eq!(reason(&proto), "vararg function without vararg preparation");

        let mut proto = base.clone();
        proto.code.insert(1, Instruction::Test { src: 0, k: true });
        proto.lines.insert(1, 1);
        assert_eq!(reason(&proto), "test not followed by a jump");

        let mut proto = base;
        proto.code.insert(1, Instruction::VarArgPrep { params: 0 });
        proto.lines.insert(1, 1);
        assert_eq!(reason(&proto), "misplaced vararg preparation");
    }

    #[test]
    fn rejects_bad_nested_prototypes() {
        let mut proto = compiled("local x = 1 return function() return x end");
        let mut nested = (*proto.protos[0]).clone();
        nested.upvalues[0].index = 250;
        proto.protos[0] = Shared::new(nested);
        assert_eq!(
            reason(&proto),
            "nested function captures a missing variable"
        );

        let mut proto = compiled("return function() return 1 end");
        let mut nested = (*proto.protos[0]).clone();
        nested.code.push(Instruction::Move { dst: 0, src: 255 });
        nested.lines.push(1);
        proto.protos[0] = Shared::new(nested);
        assert_eq!(reason(&proto), "code does not end with a return");
    }
}
