//! Arbitrary bytes as a binary chunk: `load(bytes, name, "b", env)` returns a function or an
//! error message, never panics. The input is prefixed with Red Moon's chunk header (so the
//! fuzzer explores the CBOR prototype and the verifier, not the fixed header) unless its
//! first byte is odd, in which case it is loaded as is. A loaded function is called (under
//! `pcall`, in a small sandboxed environment) when its code cannot loop: no backward jumps
//! and no tail calls, since there is no instruction limit yet.

#![no_main]

use libfuzzer_sys::fuzz_target;
use red_moon::bytecode::{CHUNK_FORMAT_VERSION, CHUNK_HEADER, Instruction, Proto, undump_chunk};
use red_moon::interpreter::{Value, Vm};

fn may_loop(proto: &Proto) -> bool {
    let mut pending = vec![proto];
    while let Some(proto) = pending.pop() {
        for instruction in &proto.code {
            match *instruction {
                Instruction::Jump { jump }
                | Instruction::ForPrep { jump, .. }
                | Instruction::ForLoop { jump, .. }
                | Instruction::TForPrep { jump, .. }
                | Instruction::TForLoop { jump, .. }
                    if jump < 0 =>
                {
                    return true;
                }
                Instruction::TailCall { .. } => return true,
                _ => {}
            }
        }
        pending.extend(proto.protos.iter().map(|p| &**p));
    }
    false
}

const RUNNER: &str = "local chunk, run = ...\n\
    local env = {type = type, tostring = tostring, select = select, ipairs = ipairs,\n\
                 string = string, math = math, table = table, error = error}\n\
    local f, message = load(chunk, '=fuzz', 'b', env)\n\
    if not f then\n\
      assert(type(message) == 'string')\n\
      return\n\
    end\n\
    if run then\n\
      pcall(f, 1, 'x', {})\n\
      pcall(f)\n\
    end";

fuzz_target!(|data: &[u8]| {
    let chunk = match data.first() {
        Some(b) if b & 1 == 1 => data[1..].to_vec(),
        _ => {
            let mut chunk = CHUNK_HEADER.to_vec();
            chunk.push(CHUNK_FORMAT_VERSION);
            chunk.extend_from_slice(data.get(1..).unwrap_or_default());
            chunk
        }
    };
    let run = match undump_chunk(&chunk) {
        Ok(proto) => !may_loop(&proto),
        Err(_) => false,
    };
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    let runner = ctx.load(RUNNER, "=runner").unwrap();
    let value = Value::String(ctx.create_string(&chunk));
    let () = runner.call((value, run), ctx).unwrap();
});
