//! Randomly corrupted binary chunks (bit flips, truncations, splices, random bytes) of real
//! dumped functions: `load` either returns a function or an error message, never panics;
//! loaded functions are called (under `pcall`, in a sandboxed environment) when their code
//! cannot loop (no backward jumps or tail calls: there is no instruction limit yet; and no
//! `pcall` in their environment, with which recursion could branch exponentially).

use red_moon::bytecode::{
    CHUNK_FORMAT_VERSION, CHUNK_HEADER, ConstantData, Instruction, Proto, ProtoData, dump_chunk,
    undump_chunk,
};
use red_moon::compiler::compile;
use red_moon::interpreter::{FunctionRef, Value, Vm};

const SOURCES: [&str; 4] = [
    "local a, b = ...\n\
     local t = {a, b, x = 'y', [3] = 4.5}\n\
     if a and b then return a .. tostring(b), t.x, #t else return select('#', ...), t end",
    "local up = ...\n\
     local function f(x, ...) up = (up or 0) + 1 return x, up, ... end\n\
     local g = function() return f(1, 2, 3) end\n\
     return g(), string.format('%d:%s', 7, 'z'), (up or 0) // 2, -up",
    "local t = {}\n\
     for i = 1, 5 do t[i] = function() return i * 2, 'k' .. i end end\n\
     local s = 0\n\
     for k, v in ipairs(t) do s = s + v() end\n\
     while s > 100 do s = s - 1 end\n\
     return s, t[1]()",
    "local x <close> = nil\n\
     local a, b, c = 1, 2.5, 'str'\n\
     local r = (a + b) * 3 % 2 ^ 2 - (a << 3 | 5 ~ 6 & 7) / (b ~= 0 and b or 1)\n\
     return r, a == b, a < b, a <= 2, c:upper(), not a, #c, c .. a, type(r)",
];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn corrupt(rng: &mut Rng, chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut chunk = chunks[rng.below(chunks.len())].clone();
    for _ in 0..1 + rng.below(3) {
        match rng.below(6) {
            0 | 1 => {
                // Bit flips, mostly after the header.
                for _ in 0..1 + rng.below(4) {
                    let at = rng.below(chunk.len());
                    chunk[at] ^= 1 << rng.below(8);
                }
            }
            2 => {
                let cut = rng.below(chunk.len() + 1);
                chunk.truncate(cut);
            }
            3 => {
                // Splice a piece of another chunk in.
                let other = &chunks[rng.below(chunks.len())];
                let from = rng.below(other.len());
                let len = rng.below(other.len() - from + 1);
                let at = rng.below(chunk.len() + 1);
                let end = (at + rng.below(32)).min(chunk.len());
                chunk.splice(at..end, other[from..from + len].iter().copied());
            }
            4 => {
                // Random bytes at a random place, random length.
                let at = rng.below(chunk.len() + 1);
                let len = rng.below(16);
                let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                chunk.splice(at..at, bytes);
            }
            _ => {
                let at = rng.below(chunk.len());
                chunk[at] = rng.next() as u8;
            }
        }
        if chunk.is_empty() {
            break;
        }
    }
    chunk
}

/// Corrupts fields of the decoded format and encodes it again, so that the verifier (not
/// the CBOR decoder) has to catch the damage.
fn corrupt_fields(rng: &mut Rng, data: &[ProtoData]) -> Vec<u8> {
    let mut data = data[rng.below(data.len())].clone();
    for _ in 0..1 + rng.below(3) {
        let index = rng.below(data.protos.len());
        let record = &mut data.protos[index];
        match rng.below(10) {
            0..=4 if !record.code.is_empty() => {
                // One byte of an instruction word: an operand or the opcode.
                let at = rng.below(record.code.len());
                let bytes = if rng.below(4) == 0 { 8 } else { 3 };
                let byte = rng.below(bytes);
                let value = if rng.below(2) == 0 {
                    rng.next() & 0xff
                } else {
                    rng.next() & 0x7
                };
                let word = &mut record.code[at];
                *word = (*word & !(0xff << (8 * byte))) | (value << (8 * byte));
            }
            5 if !record.code.is_empty() => {
                let from = rng.below(record.code.len());
                let to = rng.below(record.code.len());
                record.code.swap(from, to);
            }
            6 => record.max_stack_size = rng.next() as u8 % 12,
            7 => {
                record.num_params = rng.next() as u8 % 4;
                record.is_vararg = rng.below(2) == 0;
            }
            8 if !record.constants.is_empty() => {
                let at = rng.below(record.constants.len());
                record.constants[at] = match rng.below(3) {
                    0 => ConstantData::Nil,
                    1 => ConstantData::Integer(rng.next() as i64),
                    _ => ConstantData::Float(0.5),
                };
            }
            _ if !record.upvalues.is_empty() => {
                let at = rng.below(record.upvalues.len());
                record.upvalues[at].index = rng.next() as u8 % 8;
                record.upvalues[at].in_stack = rng.below(2) == 0;
            }
            _ => {}
        }
    }
    let mut chunk = CHUNK_HEADER.to_vec();
    chunk.push(CHUNK_FORMAT_VERSION);
    ciborium::into_writer(&data, &mut chunk).unwrap();
    chunk
}

/// Whether some prototype of the tree can jump backwards or make a tail call (a corrupted
/// upvalue can make a function tail-call itself forever).
fn may_loop(proto: &Proto) -> bool {
    let mut pending = vec![proto];
    while let Some(proto) = pending.pop() {
        for instruction in &proto.code {
            let jump = match *instruction {
                Instruction::Jump { jump }
                | Instruction::ForPrep { jump, .. }
                | Instruction::ForLoop { jump, .. }
                | Instruction::TForPrep { jump, .. }
                | Instruction::TForLoop { jump, .. } => jump,
                Instruction::TailCall { .. } => -1,
                _ => 0,
            };
            if jump < 0 {
                return true;
            }
        }
        pending.extend(proto.protos.iter().map(|p| &**p));
    }
    false
}

const RUNNER: &str = "local chunk, run = ...\n\
    local env = {type = type, tostring = tostring, select = select, ipairs = ipairs,\n\
                 pairs = pairs, string = string, math = math, table = table,\n\
                 print = function() end, error = error}\n\
    local f, message = load(chunk, '=corrupt', 'b', env)\n\
    if not f then\n\
      assert(type(message) == 'string')\n\
      return 'error'\n\
    end\n\
    if run then\n\
      for i = 1, 3 do pcall(f, i, 'x', {}) end\n\
      pcall(f)\n\
      return 'called'\n\
    end\n\
    return 'loaded'";

#[test]
fn corrupted_chunks_load_or_fail_cleanly() {
    let mut chunks = Vec::new();
    let mut data = Vec::new();
    for source in SOURCES {
        let proto = compile(source.as_bytes(), b"=original").expect("compiles");
        chunks.push(dump_chunk(&proto, false));
        chunks.push(dump_chunk(&proto, true));
        data.push(proto.to_data(false));
        data.push(proto.to_data(true));
    }
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let (mut errors, mut loaded, mut called) = (0, 0, 0);
    let mut vm = Vm::default();
    let mut runner: Option<FunctionRef> = None;
    // `BINARY_CHUNK_ROUNDS` runs more rounds (e.g. 1,000,000 for a long local run).
    let rounds = std::env::var("BINARY_CHUNK_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10_000);
    for round in 0..rounds {
        if round % 500 == 0 {
            vm = Vm::default();
            runner = None;
        }
        let ctx = &mut vm.context();
        let runner = *runner.get_or_insert_with(|| {
            ctx.open_standard_libraries();
            ctx.load(RUNNER, "=runner").unwrap()
        });
        let chunk = if round % 2 == 0 {
            corrupt(&mut rng, &chunks)
        } else {
            corrupt_fields(&mut rng, &data)
        };
        let run = match undump_chunk(&chunk) {
            Ok(proto) => !may_loop(&proto),
            Err(_) => false,
        };
        let value = Value::String(ctx.create_string(&chunk));
        let outcome: String = runner
            .call((value, run), ctx)
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        match outcome.as_str() {
            "error" => errors += 1,
            "loaded" => loaded += 1,
            _ => called += 1,
        }
    }
    eprintln!("corrupted chunks: {errors} refused, {loaded} loaded, {called} loaded and called");
    assert!(errors > rounds / 2, "most corrupted chunks are refused");
    assert!(
        loaded + called > rounds / 20,
        "many corrupted chunks pass the decoder"
    );
    assert!(called > 10, "some corrupted chunks still load and run");
}

#[test]
fn intact_chunks_round_trip_through_load() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    let f = ctx
        .load(
            "local s = ...\n\
             local g = load(s, '=d', 'b')\n\
             return g(3, 4)",
            "=check",
        )
        .unwrap();
    let proto = compile(SOURCES[0].as_bytes(), b"=original").unwrap();
    for strip in [false, true] {
        let value = Value::String(ctx.create_string(dump_chunk(&proto, strip)));
        let (a, x, n): (String, String, i64) = f.call(value, ctx).unwrap();
        assert_eq!((a.as_str(), x.as_str(), n), ("34", "y", 3));
    }
}

/// Lua files under `dir`, recursively, sorted.
fn lua_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            lua_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "lua") {
            out.push(path);
        }
    }
}

/// Every compilable program of the Lua test suite (plus the directory named by
/// `LUA_TESTES_DIR`, if set) passes the verifier and round-trips exactly, stripped or not.
#[test]
fn test_programs_round_trip() {
    let mut files = Vec::new();
    lua_files(std::path::Path::new("tests/lua"), &mut files);
    if let Ok(dir) = std::env::var("LUA_TESTES_DIR") {
        lua_files(std::path::Path::new(&dir), &mut files);
    }
    let mut checked = 0;
    let (mut full_size, mut stripped_size, mut words, mut code_size) = (0, 0, 0, 0);
    for path in files {
        let source = std::fs::read(&path).unwrap();
        let Ok(proto) = compile(&source, b"@test") else {
            continue;
        };
        let name = path.display();
        if let Err(e) = red_moon::bytecode::verify(&proto) {
            // Show the innermost failing prototype.
            let mut failing = &*proto;
            while let Some(p) = failing
                .protos
                .iter()
                .find(|p| red_moon::bytecode::verify(p).is_err())
            {
                failing = p;
            }
            panic!("{name}: {e}\n{}", red_moon::bytecode::disassemble(failing));
        }
        let chunk = dump_chunk(&proto, false);
        let back = undump_chunk(&chunk).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(*back, *proto, "{name}");
        assert_eq!(dump_chunk(&back, false), chunk, "{name}");
        let stripped = dump_chunk(&proto, true);
        let back = undump_chunk(&stripped).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(back.code, proto.code, "{name}");
        full_size += chunk.len();
        for record in &proto.to_data(true).protos {
            let mut out = Vec::new();
            ciborium::into_writer(&record.code, &mut out).unwrap();
            code_size += out.len();
        }
        stripped_size += stripped.len();
        let mut pending = vec![&*proto];
        while let Some(p) = pending.pop() {
            words += p.code.len();
            pending.extend(p.protos.iter().map(|p| &**p));
        }
        checked += 1;
    }
    eprintln!(
        "{checked} programs: {words} instructions ({code_size} bytes of code), \
         {full_size} bytes dumped, {stripped_size} stripped"
    );
    assert!(checked > 100);
}
