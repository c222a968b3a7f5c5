//! A readable listing of a prototype and its nested prototypes (like `luac -l -l`), for
//! debugging and for tests that pin the generated code.

use std::fmt::Write;

use super::{Constant, Instruction, Proto};
use crate::compiler::chunk_id;

/// Lists `proto` and, after it, every nested prototype (depth first).
pub fn disassemble(proto: &Proto) -> String {
    let mut out = String::new();
    write_proto(&mut out, proto);
    out
}

fn write_proto(out: &mut String, proto: &Proto) {
    let kind = if proto.line_defined == 0 {
        "main"
    } else {
        "function"
    };
    let _ = writeln!(
        out,
        "{kind} <{}:{},{}> ({} instructions)",
        chunk_id(&proto.source),
        proto.line_defined,
        proto.last_line_defined,
        proto.code.len()
    );
    let _ = writeln!(
        out,
        "{}{} params, {} slots, {} upvalues, {} locals, {} constants, {} functions",
        proto.num_params,
        if proto.is_vararg { "+" } else { "" },
        proto.max_stack_size,
        proto.upvalues.len(),
        proto.locals.len(),
        proto.constants.len(),
        proto.protos.len()
    );
    for (pc, instruction) in proto.code.iter().enumerate() {
        let line = proto.lines.get(pc).copied().unwrap_or(0);
        let _ = write!(out, "\t{}\t[{line}]\t{instruction:?}", pc + 1);
        if let Some(comment) = comment(proto, pc, instruction) {
            let _ = write!(out, "\t; {comment}");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "constants ({}):", proto.constants.len());
    for (index, constant) in proto.constants.iter().enumerate() {
        let _ = writeln!(out, "\t{index}\t{}", constant_text(constant));
    }
    let _ = writeln!(out, "locals ({}):", proto.locals.len());
    for (index, local) in proto.locals.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{index}\t{}\t{}\t{}",
            String::from_utf8_lossy(&local.name),
            local.start_pc + 1,
            local.end_pc + 1
        );
    }
    let _ = writeln!(out, "upvalues ({}):", proto.upvalues.len());
    for (index, upvalue) in proto.upvalues.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{index}\t{}\t{}\t{}",
            String::from_utf8_lossy(&upvalue.name),
            u8::from(upvalue.in_stack),
            upvalue.index
        );
    }
    for nested in &proto.protos {
        out.push('\n');
        write_proto(out, nested);
    }
}

/// How a constant is listed: strings quoted with escapes, floats always with a point or
/// exponent so they differ from integers.
fn constant_text(constant: &Constant) -> String {
    match constant {
        Constant::Nil => "nil".to_owned(),
        Constant::Boolean(b) => b.to_string(),
        Constant::Integer(i) => i.to_string(),
        Constant::Float(f) => format!("{f:?}"),
        Constant::String(bytes) => format!("{:?}", String::from_utf8_lossy(bytes)),
    }
}

/// The operand explanation shown after `;`: constants, upvalue names, jump targets.
fn comment(proto: &Proto, pc: usize, instruction: &Instruction) -> Option<String> {
    let constant = |index: usize| {
        proto
            .constants
            .get(index)
            .map_or_else(|| "?".to_owned(), constant_text)
    };
    let upvalue = |index: u8| {
        proto.upvalues.get(usize::from(index)).map_or_else(
            || "?".to_owned(),
            |u| String::from_utf8_lossy(&u.name).into_owned(),
        )
    };
    let target = |jump: i32| format!("to {}", pc as i64 + 2 + i64::from(jump));
    let rk = |value: u8, is_constant: bool| is_constant.then(|| constant(usize::from(value)));
    Some(match *instruction {
        Instruction::LoadConst { constant: k, .. } => constant(k as usize),
        Instruction::GetUpvalue { upvalue: u, .. } | Instruction::SetUpvalue { upvalue: u, .. } => {
            upvalue(u)
        }
        Instruction::GetTabUp {
            upvalue: u, key, ..
        } => format!("{} {}", upvalue(u), constant(usize::from(key))),
        Instruction::SetTabUp {
            upvalue: u,
            key,
            value,
            value_is_constant,
        } => {
            let mut text = format!("{} {}", upvalue(u), constant(usize::from(key)));
            if let Some(value) = rk(value, value_is_constant) {
                text = format!("{text} {value}");
            }
            text
        }
        Instruction::GetField { key, .. } | Instruction::Method { key, .. } => {
            constant(usize::from(key))
        }
        Instruction::SetField {
            key,
            value,
            value_is_constant,
            ..
        } => match rk(value, value_is_constant) {
            Some(value) => format!("{} {value}", constant(usize::from(key))),
            None => constant(usize::from(key)),
        },
        Instruction::SetTable {
            value,
            value_is_constant,
            ..
        }
        | Instruction::SetIndex {
            value,
            value_is_constant,
            ..
        } => rk(value, value_is_constant)?,
        Instruction::AddConst { constant: k, .. }
        | Instruction::SubConst { constant: k, .. }
        | Instruction::MulConst { constant: k, .. }
        | Instruction::ModConst { constant: k, .. }
        | Instruction::PowConst { constant: k, .. }
        | Instruction::DivConst { constant: k, .. }
        | Instruction::IDivConst { constant: k, .. }
        | Instruction::BAndConst { constant: k, .. }
        | Instruction::BOrConst { constant: k, .. }
        | Instruction::BXorConst { constant: k, .. }
        | Instruction::EqConst { constant: k, .. } => constant(usize::from(k)),
        Instruction::Jump { jump }
        | Instruction::ForPrep { jump, .. }
        | Instruction::ForLoop { jump, .. }
        | Instruction::TForPrep { jump, .. }
        | Instruction::TForLoop { jump, .. } => target(jump),
        Instruction::Closure { proto: index, .. } => {
            let nested = proto.protos.get(index as usize)?;
            format!("function at line {}", nested.line_defined)
        }
        _ => return None,
    })
}
