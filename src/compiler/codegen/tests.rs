//! Unit tests of the code generator: hand-built syntax trees, and sources through the parser
//! for what is easier to say in Lua (limits, fallbacks, debug info, deep chains).

use super::generate;
use crate::bytecode::{Constant, Instruction, Proto, verify};
use crate::compiler::CompileError;
use crate::compiler::ast::{
    Attribute, BinaryOp, Block, Chunk, Expr, ExprId, Function, LabelId, LabelInfo, LocalId,
    LocalInfo, Stat, UpvalueInfo, UpvalueSource,
};
use crate::compiler::interner::Interner;
use crate::compiler::parser::parse;

use Instruction as I;

/// Compiles `source` (parser + code generator) and checks the result verifies.
fn compile(source: &str) -> Proto {
    let chunk = parse(source.as_bytes()).expect("source parses");
    let proto = generate(&chunk, b"=test").expect("source compiles");
    verify(&proto).expect("generated code verifies");
    proto
}

/// The code generator's error for `source` (which must parse).
fn compile_error(source: &str) -> CompileError {
    let chunk = parse(source.as_bytes()).expect("source parses");
    generate(&chunk, b"=test").expect_err("code generation fails")
}

/// Runs `f` on a thread with a 2 MiB stack (Rust's default for spawned threads).
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("thread starts")
        .join()
        .expect("no panic");
}

/// Whether `code` contains `pattern` as a contiguous run.
fn contains_run(code: &[Instruction], pattern: &[Instruction]) -> bool {
    code.windows(pattern.len()).any(|window| window == pattern)
}

// ---------------------------------------------------------------------------------------
// Hand-built syntax trees.

/// A tree builder for tests that do not go through the parser.
struct Builder {
    exprs: Vec<Expr>,
    interner: Interner,
}

impl Builder {
    fn new() -> Self {
        Builder {
            exprs: Vec::new(),
            interner: Interner::new(),
        }
    }

    fn expr(&mut self, expr: Expr) -> ExprId {
        self.exprs.push(expr);
        ExprId(self.exprs.len() as u32 - 1)
    }

    fn local(&mut self, name: &str) -> LocalInfo {
        LocalInfo {
            name: self.interner.intern(name.as_bytes()),
            attribute: Attribute::None,
            captured: false,
        }
    }

    /// A main function with `_ENV` and the given locals and body.
    fn chunk(mut self, locals: Vec<LocalInfo>, stats: Vec<Stat>) -> Chunk {
        let env = self.interner.intern(b"_ENV");
        Chunk {
            main: Function {
                line_defined: 0,
                last_line_defined: 0,
                params: Vec::new(),
                is_vararg: true,
                locals,
                upvalues: vec![UpvalueInfo {
                    name: env,
                    source: UpvalueSource::Environment,
                }],
                labels: Vec::new(),
                body: Block { stats },
            },
            exprs: self.exprs,
            interner: self.interner,
        }
    }
}

#[test]
fn hand_built_local_and_return() {
    // local x = 41 + 1; return x
    let mut b = Builder::new();
    let x = b.local("x");
    let lhs = b.expr(Expr::Integer(41));
    let rhs = b.expr(Expr::Integer(1));
    let sum = b.expr(Expr::Binary {
        op: BinaryOp::Add,
        lhs,
        rhs,
        line: 1,
    });
    let read = b.expr(Expr::Local(LocalId(0)));
    let chunk = b.chunk(
        vec![x],
        vec![
            Stat::Local {
                locals: vec![LocalId(0)],
                values: vec![sum],
                line: 1,
            },
            Stat::Return {
                values: vec![read],
                line: 2,
            },
        ],
    );
    let proto = generate(&chunk, b"=hand").expect("compiles");
    verify(&proto).expect("verifies");
    assert_eq!(
        proto.code,
        vec![
            I::VarArgPrep { params: 0 },
            I::LoadInt { dst: 0, value: 41 },
            I::AddImm {
                dst: 0,
                lhs: 0,
                imm: 1
            },
            I::Return1 { src: 0 },
            I::Return0,
        ]
    );
    assert_eq!(proto.lines, vec![1, 1, 1, 2, 2]);
    assert_eq!(&*proto.source, b"=hand");
    assert_eq!(proto.local_name(0, 3), Some(&b"x"[..]));
    assert_eq!(proto.local_name(0, 2), None);
    assert_eq!(proto.upvalues.len(), 1);
    assert!(proto.upvalues[0].in_stack);
}

#[test]
fn malformed_trees_are_errors_not_panics() {
    // A local read outside its scope, an expression id out of range, a call statement that
    // is not a call: internal errors.
    let mut b = Builder::new();
    let x = b.local("x");
    let read = b.expr(Expr::Local(LocalId(0)));
    let chunk = b.chunk(
        vec![x],
        vec![Stat::Return {
            values: vec![read],
            line: 1,
        }],
    );
    assert!(generate(&chunk, b"=bad").is_err());

    let chunk = Builder::new().chunk(
        Vec::new(),
        vec![Stat::Return {
            values: vec![ExprId(7)],
            line: 1,
        }],
    );
    assert!(generate(&chunk, b"=bad").is_err());

    let mut b = Builder::new();
    let one = b.expr(Expr::Integer(1));
    let chunk = b.chunk(Vec::new(), vec![Stat::Call(one)]);
    assert!(generate(&chunk, b"=bad").is_err());

    // A goto whose label is never placed.
    let mut b = Builder::new();
    let name = b.interner.intern(b"nowhere");
    let mut chunk = b.chunk(
        Vec::new(),
        vec![Stat::Goto {
            label: LabelId(0),
            line: 3,
        }],
    );
    chunk.main.labels.push(LabelInfo {
        name,
        active_locals: 0,
    });
    let error = generate(&chunk, b"=bad").expect_err("unresolved goto");
    assert!(error.text.contains("'nowhere'"), "{}", error.text);
    // A goto to a label that does not exist at all.
    chunk.main.labels.clear();
    assert!(generate(&chunk, b"=bad").is_err());
}

// ---------------------------------------------------------------------------------------
// Through the parser.

#[test]
fn main_chunk_prologue_and_epilogue() {
    let proto = compile("");
    assert_eq!(proto.code, vec![I::VarArgPrep { params: 0 }, I::Return0]);
    assert!(proto.is_vararg);
    assert_eq!(proto.max_stack_size, 2);
    let proto = compile("local x <close> = nil");
    assert_eq!(
        proto.code.last(),
        Some(&I::Return {
            first: 1,
            count: 1,
            close: true
        })
    );
}

#[test]
fn constants_are_deduplicated_by_type_and_bytes() {
    let proto = compile("local a, b, c, d, e = 1.5, 1.5, 'x', 'x', 3 t = {a = 1, b = 1.0}");
    let constants = &proto.constants;
    assert_eq!(
        constants
            .iter()
            .filter(|k| **k == Constant::Float(1.5))
            .count(),
        1
    );
    assert_eq!(
        constants
            .iter()
            .filter(|k| matches!(k, Constant::String(s) if &**s == b"x"))
            .count(),
        1
    );
    // `1` and `1.0` are two constants.
    assert!(constants.contains(&Constant::Integer(1)));
    assert!(constants.contains(&Constant::Float(1.0)));
}

#[test]
fn multiple_assignment_stores_last_target_first() {
    let proto = compile("local a; a, a = 1, 2");
    assert!(contains_run(
        &proto.code,
        &[
            I::LoadInt { dst: 1, value: 1 },
            I::LoadInt { dst: 0, value: 2 },
            I::Move { dst: 0, src: 1 },
        ]
    ));
}

#[test]
fn assignment_conflict_copies_the_local() {
    // `t[i], i = i + 1, 20`: the store into `t` must use the old `i`.
    let proto = compile("local t, i = {}, 1; t[i], i = i + 1, 20");
    assert!(contains_run(
        &proto.code,
        &[
            I::Move { dst: 2, src: 1 },
            I::AddImm {
                dst: 3,
                lhs: 1,
                imm: 1
            },
            I::LoadInt { dst: 1, value: 20 },
            I::SetTable {
                table: 0,
                key: 2,
                value: 3,
                value_is_constant: false
            },
        ]
    ));
    // An upvalue table assigned after a field of it: `x, _ENV = 1, {}`.
    let proto = compile("local function f() x, _ENV = 1, {} end");
    let inner = &proto.protos[0];
    assert!(contains_run(
        &inner.code,
        &[
            I::GetUpvalue { dst: 0, upvalue: 0 },
            I::LoadInt { dst: 1, value: 1 },
        ]
    ));
    assert!(inner.code.iter().any(|i| matches!(
        i,
        I::SetField {
            table: 0,
            value: 1,
            ..
        }
    )));
    assert!(inner.code.contains(&I::SetUpvalue { src: 2, upvalue: 0 }));
}

#[test]
fn too_many_registers_is_an_error() {
    let args = vec!["1"; 300].join(", ");
    let error = compile_error(&format!("f(\n{args})"));
    assert_eq!(
        error.text,
        "function or expression needs too many registers"
    );
    // The line is the statement's (lua5.4 reports the current token's).
    assert_eq!(error.line, Some(1));
    // 254 registers are fine, 255 are not (lua5.4's MAXREGS).
    let ok = vec!["1"; 253].join(", ");
    let proto = compile(&format!("f({ok})"));
    assert_eq!(proto.max_stack_size, 254);
    let too_many = vec!["1"; 254].join(", ");
    compile_error(&format!("f({too_many})"));
    // Locals plus temporaries.
    let locals: String = (0..200).map(|i| format!("local v{i} = {i}\n")).collect();
    let sum = vec!["v0"; 60].join(" .. ");
    compile_error(&format!("{locals}x = {sum}"));
}

#[test]
fn many_constants_fall_back_to_register_forms() {
    // 300 constants: RK value operands (u8) fall back to registers.
    let mut source = String::from("local t = {}\n");
    for i in 0..300 {
        source.push_str(&format!("t.k{i} = 'v{i}'\n"));
    }
    let proto = compile(&source);
    assert!(proto.constants.len() > 256);
    for instruction in &proto.code {
        if let I::SetField {
            value,
            value_is_constant: true,
            ..
        } = instruction
        {
            assert!(
                matches!(proto.constants[usize::from(*value)], Constant::String(_)),
                "constant operand is a constant"
            );
        }
    }
    assert!(proto.code.iter().any(|i| matches!(
        i,
        I::SetField {
            value_is_constant: false,
            ..
        }
    )));
}

#[test]
fn more_than_65536_constants_fall_back_to_register_forms() {
    on_small_stack(|| {
        let mut source = String::from("local a = {");
        for i in 0..70_000 {
            source.push_str(&format!("'s{i}',"));
        }
        source.push_str("}\n");
        source.push_str(
            "local b = a.late1
             g1 = b
             local c = b + 0.25
             local d = b == 'late2'
             b:late3()
             a.late4 = b
             local e = b.late5 < c
             return b.late6, a[1.75] == c, c & 77777777777",
        );
        let proto = compile(&source);
        assert!(proto.constants.len() > 70_000);
        let key = |name: &str| {
            proto
                .constants
                .iter()
                .position(|k| matches!(k, Constant::String(s) if &**s == name.as_bytes()))
                .expect("constant exists") as u32
        };
        let code = &proto.code;
        // `a.late1`: key loaded, `GetTable`.
        assert!(contains_run(
            code,
            &[
                I::LoadConst {
                    dst: 1,
                    constant: key("late1")
                },
                I::GetTable {
                    dst: 1,
                    table: 0,
                    key: 1
                },
            ]
        ));
        // `g1 = b`: the environment in a register, `SetTable`.
        assert!(contains_run(
            code,
            &[
                I::GetUpvalue { dst: 2, upvalue: 0 },
                I::LoadConst {
                    dst: 3,
                    constant: key("g1")
                },
                I::SetTable {
                    table: 2,
                    key: 3,
                    value: 1,
                    value_is_constant: false
                },
            ]
        ));
        // `b + 0.25`: no `AddConst`.
        assert!(!code.iter().any(|i| matches!(i, I::AddConst { .. })));
        assert!(code.iter().any(|i| matches!(i, I::Add { .. })));
        // `b == 'late2'`: no `EqConst`.
        assert!(!code.iter().any(|i| matches!(i, I::EqConst { .. })));
        // `b:late3()`: no `Method`; receiver, key and lookup by hand.
        assert!(!code.iter().any(|i| matches!(i, I::Method { .. })));
        assert!(contains_run(
            code,
            &[
                I::Move { dst: 5, src: 1 },
                I::LoadConst {
                    dst: 6,
                    constant: key("late3")
                },
                I::GetTable {
                    dst: 4,
                    table: 5,
                    key: 6
                },
                I::Call {
                    func: 4,
                    args: 2,
                    results: 1
                },
            ]
        ));
        // No `u16` constant operand out of range anywhere.
        assert!(!code.iter().any(|i| matches!(
            i,
            I::GetField { .. } | I::SetField { .. } | I::GetTabUp { .. } | I::SetTabUp { .. }
        ) && {
            let key = match i {
                I::GetField { key, .. }
                | I::SetField { key, .. }
                | I::GetTabUp { key, .. }
                | I::SetTabUp { key, .. } => *key,
                _ => 0,
            };
            !matches!(proto.constants[usize::from(key)], Constant::String(_))
        }));
    });
}

#[test]
fn deep_left_chains_compile_on_a_small_stack() {
    on_small_stack(|| {
        let depth = 100_000;
        for source in [
            format!("x = 1{}", " + y".repeat(depth)),
            format!("local y; x = 1{}", " + y".repeat(depth)),
            format!("x = a{}", ".b".repeat(depth)),
            format!("x = a{}", "[1]".repeat(depth)),
            format!("x = f{}", "()".repeat(depth)),
            format!("x = o{}", ":m()".repeat(depth)),
            format!("x = a{}", " and b or c".repeat(depth / 2)),
            format!("x = a{}", " < b".repeat(depth)),
            format!("x = a{}", " .. b".repeat(150)),
            format!("f(x{})", " + 1".repeat(depth)),
            format!("if a{} then end", " == b".repeat(depth)),
        ] {
            let proto = compile(&source);
            assert!(proto.code.len() > 100);
        }
    });
}

#[test]
fn long_concatenation_is_one_instruction() {
    let terms = vec!["a"; 100].join(" .. ");
    let proto = compile(&format!("local a; x = {terms}"));
    let concats: Vec<_> = proto
        .code
        .iter()
        .filter(|i| matches!(i, I::Concat { .. }))
        .collect();
    assert_eq!(
        concats,
        vec![&I::Concat {
            first: 1,
            count: 100
        }]
    );
}

#[test]
fn table_constructor_flushes_every_50_items() {
    let items = (1..=120)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let proto = compile(&format!("t = {{{items}, f()}}"));
    let set_lists: Vec<_> = proto
        .code
        .iter()
        .filter(|i| matches!(i, I::SetList { .. }))
        .copied()
        .collect();
    assert_eq!(
        set_lists,
        vec![
            I::SetList {
                table: 0,
                count: 50,
                offset: 0
            },
            I::SetList {
                table: 0,
                count: 50,
                offset: 50
            },
            I::SetList {
                table: 0,
                count: 0,
                offset: 100
            },
        ]
    );
    assert_eq!(
        proto.code[1],
        I::NewTable {
            dst: 0,
            hash: 0,
            array: 120
        }
    );
}

#[test]
fn local_names_follow_the_register_stack() {
    let proto = compile(
        "local a = 1
         do local b = 2; f(b) end
         local c = 3
         for i = 1, 2 do local d = i; f(d) end",
    );
    // `c` reuses `b`'s register.
    let at = |name: &str| {
        let index = proto
            .locals
            .iter()
            .position(|l| &*l.name == name.as_bytes())
            .expect("local exists");
        proto.locals[index].start_pc
    };
    assert_eq!(proto.local_name(1, at("b")), Some(&b"b"[..]));
    assert_eq!(proto.local_name(1, at("c")), Some(&b"c"[..]));
    assert_eq!(proto.local_name(2, at("i")), Some(&b"(for state)"[..]));
    assert_eq!(proto.local_name(5, at("i")), Some(&b"i"[..]));
    assert_eq!(proto.local_name(6, at("d")), Some(&b"d"[..]));
    assert_eq!(proto.local_name(0, at("d")), Some(&b"a"[..]));
    let last = proto.code.len() as u32 - 1;
    assert_eq!(proto.local_name(2, last), None);
}

#[test]
fn upvalue_descriptions_point_at_the_parent() {
    let proto = compile(
        "local a, b = 1, 2
         local function f()
           local c = 3
           return function() return a, b, c end
         end",
    );
    let f = &proto.protos[0];
    assert_eq!(f.upvalues.len(), 2);
    let inner = &f.protos[0];
    let described: Vec<_> = inner
        .upvalues
        .iter()
        .map(|u| {
            (
                String::from_utf8_lossy(&u.name).into_owned(),
                u.in_stack,
                u.index,
            )
        })
        .collect();
    // `a` and `b` come through `f`'s upvalues, `c` from `f`'s register 0.
    let a = f.upvalues.iter().position(|u| &*u.name == b"a").unwrap() as u8;
    let b = f.upvalues.iter().position(|u| &*u.name == b"b").unwrap() as u8;
    assert!(described.contains(&("a".to_owned(), false, a)));
    assert!(described.contains(&("b".to_owned(), false, b)));
    assert!(described.contains(&("c".to_owned(), true, 0)));
    assert!(f.upvalues.iter().all(|u| u.in_stack));
}

#[test]
fn no_tail_call_in_the_scope_of_a_to_be_closed_variable() {
    let proto = compile("local x <close> = nil return f()");
    assert!(!proto.code.iter().any(|i| matches!(i, I::TailCall { .. })));
    assert!(
        proto
            .code
            .iter()
            .any(|i| matches!(i, I::Call { results: 0, .. }))
    );
    let proto = compile("for k in pairs(t) do return f(k) end");
    assert!(!proto.code.iter().any(|i| matches!(i, I::TailCall { .. })));
    let proto = compile("do local x <close> = nil end return f()");
    assert!(proto.code.iter().any(|i| matches!(i, I::TailCall { .. })));
    // Parenthesised: one value, not a tail call.
    let proto = compile("return (f())");
    assert!(!proto.code.iter().any(|i| matches!(i, I::TailCall { .. })));
}

#[test]
fn returns_close_when_the_function_captures_or_closes() {
    let plain = compile("local a = 1 return a");
    assert!(plain.code.contains(&I::Return1 { src: 0 }));
    let captured = compile("local a = 1 f = function() return a end return a");
    assert!(captured.code.contains(&I::Return {
        first: 0,
        count: 2,
        close: true
    }));
}

#[test]
fn jumps_are_threaded() {
    // The escape jump of the inner `if` goes straight to the end of the outer one.
    let proto = compile("if a then if b then x = 1 else x = 2 end else x = 3 end");
    for (pc, instruction) in proto.code.iter().enumerate() {
        if let I::Jump { jump } = instruction {
            let target = (pc as i64 + 1 + i64::from(*jump)) as usize;
            assert!(
                !matches!(proto.code[target], I::Jump { .. }),
                "jump to a jump"
            );
        }
    }
}

#[test]
fn loop_layouts() {
    let proto = compile("for i = 1, 3 do f(i) end");
    let prep = proto
        .code
        .iter()
        .position(|i| matches!(i, I::ForPrep { .. }))
        .unwrap();
    let end = proto
        .code
        .iter()
        .position(|i| matches!(i, I::ForLoop { .. }))
        .unwrap();
    let (I::ForPrep { jump: exit, .. }, I::ForLoop { jump: back, .. }) =
        (proto.code[prep], proto.code[end])
    else {
        unreachable!()
    };
    assert_eq!(prep as i64 + 1 + i64::from(exit), end as i64 + 1);
    assert_eq!(end as i64 + 1 + i64::from(back), prep as i64 + 1);

    let proto = compile("for k, v in pairs(t) do f(k, v) end");
    let prep = proto
        .code
        .iter()
        .position(|i| matches!(i, I::TForPrep { .. }))
        .unwrap();
    let call = proto
        .code
        .iter()
        .position(|i| matches!(i, I::TForCall { .. }))
        .unwrap();
    let I::TForPrep { base, jump } = proto.code[prep] else {
        unreachable!()
    };
    assert_eq!(prep as i64 + 1 + i64::from(jump), call as i64);
    assert!(matches!(proto.code[call + 1], I::TForLoop { .. }));
    assert_eq!(proto.code[call + 2], I::Close { from: base });
    // Room for the iterator call above the loop variables.
    assert!(usize::from(proto.max_stack_size) >= usize::from(base) + 7);
}

#[test]
fn every_golden_source_verifies() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/disasm");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "lua") {
            let source = std::fs::read(&path).expect("readable");
            if let Ok(chunk) = parse(&source)
                && let Ok(proto) = generate(&chunk, b"=golden")
            {
                verify(&proto).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
        }
    }
}

#[test]
fn maximal_nesting_compiles_on_a_small_stack() {
    // For each recursive construct, the deepest nesting the parser accepts.
    let patterns: [(&str, &str, &str, &str); 14] = [
        ("x = ", "function() return ", "1", " end"),
        ("x = ", "'a' .. ", "'b'", ""),
        ("x = ", "2 ^ ", "2", ""),
        ("x = ", "(a + ", "a", ")"),
        ("x = ", "{", "1", "}"),
        ("x = ", "- ", "a", ""),
        ("x = ", "not ", "a", ""),
        ("", "do local v = 1 ", "f(v)", " end"),
        ("", "if a then local v = 1 ", "f(v)", " end"),
        ("", "while a do local v = 1 ", "break", " end"),
        ("", "for i = 1, 2 do ", "f(i)", " end"),
        ("x = ", "t[", "1", "]"),
        ("x = ", "f(", "1", ")"),
        ("x = ", "a and (", "b", ") or c"),
    ];
    on_small_stack(move || {
        for (prefix, open, middle, close) in patterns {
            let mut depth = 300;
            let chunk = loop {
                let source = format!(
                    "{prefix}{}{middle}{}",
                    open.repeat(depth),
                    close.repeat(depth)
                );
                if let Ok(chunk) = parse(source.as_bytes()) {
                    break chunk;
                }
                depth -= 1;
                assert!(
                    depth > 10,
                    "{open}: the parser rejects even shallow nesting"
                );
            };
            let proto = generate(&chunk, b"=nested").expect("compiles");
            verify(&proto).expect("verifies");
        }
    });
}

#[test]
fn prototypes_share_the_source_and_carry_their_metadata() {
    let chunk =
        parse(b"local function f(a, b, ...)\n  return function(c) end\nend\n").expect("parses");
    let proto = generate(&chunk, b"@file.lua").expect("compiles");
    let f = &proto.protos[0];
    let g = &f.protos[0];
    assert!(crate::shared::Shared::ptr_eq(&proto.source, &f.source));
    assert!(crate::shared::Shared::ptr_eq(&f.source, &g.source));
    assert_eq!(&*proto.source, b"@file.lua");
    assert_eq!((proto.line_defined, proto.last_line_defined), (0, 0));
    assert_eq!((f.line_defined, f.last_line_defined), (1, 3));
    assert_eq!((g.line_defined, g.last_line_defined), (2, 2));
    assert_eq!((f.num_params, f.is_vararg), (2, true));
    assert_eq!((g.num_params, g.is_vararg), (1, false));
    assert_eq!(f.code[0], I::VarArgPrep { params: 2 });
    assert!(!matches!(g.code[0], I::VarArgPrep { .. }));
    assert_eq!(proto.lines.len(), proto.code.len());
    // The closure instruction has the line of the function's `end`.
    let closure = f
        .code
        .iter()
        .position(|i| matches!(i, I::Closure { .. }))
        .unwrap();
    assert_eq!(f.lines[closure], 2);
}
