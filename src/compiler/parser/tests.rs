//! Unit tests of the syntax tree the parser builds: name resolution, constants, gotos,
//! labels and lines.

use super::parse;
use crate::compiler::ast::{
    Attribute, BinaryOp, Block, Chunk, Expr, ExprId, Function, LabelId, LocalId, Stat, TableItem,
    UnaryOp, UpvalueId, UpvalueSource,
};

/// Parses `source`, which must be valid.
fn parse_ok(source: &str) -> Chunk {
    match parse(source.as_bytes()) {
        Ok(chunk) => chunk,
        Err(error) => panic!("{source:?} failed: {error:?}"),
    }
}

/// The text of a symbol.
fn name(chunk: &Chunk, symbol: crate::compiler::token::Symbol) -> String {
    String::from_utf8_lossy(chunk.interner.get(symbol)).into_owned()
}

/// A compact rendering of an expression: `L0` local, `U0` upvalue, `t[k]`, `f(a,b)`,
/// `(a + b)`, `"s"` strings, `fn` functions.
fn show(chunk: &Chunk, id: ExprId) -> String {
    let list = |ids: &[ExprId]| {
        ids.iter()
            .map(|&id| show(chunk, id))
            .collect::<Vec<_>>()
            .join(",")
    };
    match chunk.expr(id) {
        Expr::Nil => "nil".into(),
        Expr::True => "true".into(),
        Expr::False => "false".into(),
        Expr::Integer(value) => value.to_string(),
        Expr::Float(value) => format!("{value:?}"),
        Expr::String(symbol) => format!("{:?}", name(chunk, *symbol)),
        Expr::VarArg => "...".into(),
        Expr::Function(_) => "fn".into(),
        Expr::Local(local) => format!("L{}", local.0),
        Expr::Upvalue(upvalue) => format!("U{}", upvalue.0),
        Expr::Index { table, key, .. } => format!("{}[{}]", show(chunk, *table), show(chunk, *key)),
        Expr::Call { function, args, .. } => format!("{}({})", show(chunk, *function), list(args)),
        Expr::MethodCall {
            object,
            method,
            args,
            ..
        } => format!(
            "{}:{}({})",
            show(chunk, *object),
            name(chunk, *method),
            list(args)
        ),
        Expr::Binary { op, lhs, rhs, .. } => {
            format!("({} {op:?} {})", show(chunk, *lhs), show(chunk, *rhs))
        }
        Expr::Unary { op, operand, .. } => format!("({op:?} {})", show(chunk, *operand)),
        Expr::Paren(inner) => format!("paren({})", show(chunk, *inner)),
        Expr::Table { items, .. } => {
            let items: Vec<_> = items
                .iter()
                .map(|item| match *item {
                    TableItem::Positional(value) => show(chunk, value),
                    TableItem::Keyed { key, value } => {
                        format!("[{}]={}", show(chunk, key), show(chunk, value))
                    }
                })
                .collect();
            format!("{{{}}}", items.join(","))
        }
    }
}

/// The values of the `index`th statement of `block`, which must be an assignment, a `local`
/// or a `return`, rendered with [`show`].
fn values(chunk: &Chunk, block: &Block, index: usize) -> Vec<String> {
    let values = match &block.stats[index] {
        Stat::Assign { values, .. } | Stat::Local { values, .. } | Stat::Return { values, .. } => {
            values
        }
        other => panic!("statement {index} is {other:?}"),
    };
    values.iter().map(|&id| show(chunk, id)).collect()
}

/// The targets of the assignment that is the `index`th statement of `block`.
fn targets(chunk: &Chunk, block: &Block, index: usize) -> Vec<String> {
    match &block.stats[index] {
        Stat::Assign { targets, .. } => targets.iter().map(|&id| show(chunk, id)).collect(),
        other => panic!("statement {index} is {other:?}"),
    }
}

/// The function of the `local function` or `function` statement `index` of `block`.
fn function_of<'c>(chunk: &'c Chunk, block: &'c Block, index: usize) -> &'c Function {
    match &block.stats[index] {
        Stat::LocalFunction { function, .. } => function,
        Stat::Assign { values, .. } => match chunk.expr(values[0]) {
            Expr::Function(function) => function,
            other => panic!("value is {other:?}"),
        },
        other => panic!("statement {index} is {other:?}"),
    }
}

/// The names of a function's locals.
fn local_names(chunk: &Chunk, function: &Function) -> Vec<String> {
    function
        .locals
        .iter()
        .map(|local| name(chunk, local.name))
        .collect()
}

#[test]
fn locals_upvalues_and_globals_resolve() {
    let chunk = parse_ok("local a = 1\nb = a\nlocal function f() return a, b end");
    let main = &chunk.main;
    assert_eq!(main.line_defined, 0);
    assert!(main.is_vararg);
    assert_eq!(main.upvalues.len(), 1);
    assert_eq!(name(&chunk, main.upvalues[0].name), "_ENV");
    assert_eq!(main.upvalues[0].source, UpvalueSource::Environment);
    assert_eq!(local_names(&chunk, main), ["a", "f"]);
    assert!(main.locals[0].captured);
    assert!(!main.locals[1].captured);
    assert_eq!(values(&chunk, &main.body, 0), ["1"]);
    assert_eq!(targets(&chunk, &main.body, 1), ["U0[\"b\"]"]);
    assert_eq!(values(&chunk, &main.body, 1), ["L0"]);
    let f = function_of(&chunk, &main.body, 2);
    assert!(!f.is_vararg);
    assert_eq!(values(&chunk, &f.body, 0), ["U0", "U1[\"b\"]"]);
    let sources: Vec<_> = f.upvalues.iter().map(|up| up.source).collect();
    assert_eq!(
        sources,
        [
            UpvalueSource::ParentLocal(LocalId(0)),
            UpvalueSource::ParentUpvalue(UpvalueId(0))
        ]
    );
}

#[test]
fn upvalues_pass_through_intermediate_functions() {
    let chunk = parse_ok(
        "local x, y\nfunction g()\n  local z\n  return function() return y, z, x, y end\nend",
    );
    let g = function_of(&chunk, &chunk.main.body, 1);
    let names: Vec<_> = g.upvalues.iter().map(|up| name(&chunk, up.name)).collect();
    assert_eq!(names, ["y", "x"]);
    assert_eq!(g.upvalues[0].source, UpvalueSource::ParentLocal(LocalId(1)));
    assert_eq!(g.upvalues[1].source, UpvalueSource::ParentLocal(LocalId(0)));
    assert!(g.locals[0].captured);
    let Expr::Function(inner) = chunk.expr(match &g.body.stats[1] {
        Stat::Return { values, .. } => values[0],
        other => panic!("{other:?}"),
    }) else {
        panic!("not a function");
    };
    assert_eq!(values(&chunk, &inner.body, 0), ["U0", "U1", "U2", "U0"]);
    let sources: Vec<_> = inner.upvalues.iter().map(|up| up.source).collect();
    assert_eq!(
        sources,
        [
            UpvalueSource::ParentUpvalue(UpvalueId(0)),
            UpvalueSource::ParentLocal(LocalId(0)),
            UpvalueSource::ParentUpvalue(UpvalueId(1)),
        ]
    );
}

#[test]
fn local_scope_starts_after_the_statement() {
    let chunk = parse_ok("local x = x\nlocal x = x\nlocal function f() return f end");
    let main = &chunk.main;
    assert_eq!(values(&chunk, &main.body, 0), ["U0[\"x\"]"]);
    assert_eq!(values(&chunk, &main.body, 1), ["L0"]);
    let f = function_of(&chunk, &main.body, 2);
    assert_eq!(values(&chunk, &f.body, 0), ["U0"]);
    assert_eq!(f.upvalues[0].source, UpvalueSource::ParentLocal(LocalId(2)));
}

#[test]
fn local_env_changes_global_resolution() {
    let chunk = parse_ok(
        "local print = print\nlocal _ENV = {}\ny = 1\nlocal function f() z = 2 end\ndo local _ENV <const> = 5 w = 3 end\nv = 4",
    );
    let main = &chunk.main;
    assert_eq!(values(&chunk, &main.body, 0), ["U0[\"print\"]"]);
    assert_eq!(targets(&chunk, &main.body, 2), ["L1[\"y\"]"]);
    let f = function_of(&chunk, &main.body, 3);
    assert_eq!(targets(&chunk, &f.body, 0), ["U0[\"z\"]"]);
    assert_eq!(f.upvalues[0].source, UpvalueSource::ParentLocal(LocalId(1)));
    let Stat::Do(block) = &main.body.stats[4] else {
        panic!("not a do block");
    };
    // `_ENV` is a compile-time constant there: the global indexes the constant.
    assert_eq!(targets(&chunk, block, 0), ["5[\"w\"]"]);
    assert_eq!(targets(&chunk, &main.body, 5), ["L1[\"v\"]"]);
}

#[test]
fn parameters_self_and_varargs() {
    let chunk =
        parse_ok("function a.b:m(x, ...) return self, x, ... end\nlocal f = function(p) end");
    let main = &chunk.main;
    assert_eq!(targets(&chunk, &main.body, 0), ["U0[\"a\"][\"b\"][\"m\"]"]);
    let m = function_of(&chunk, &main.body, 0);
    assert_eq!(local_names(&chunk, m), ["self", "x"]);
    assert_eq!(m.params, [LocalId(0), LocalId(1)]);
    assert!(m.is_vararg);
    assert_eq!(values(&chunk, &m.body, 0), ["L0", "L1", "..."]);
    let Stat::Local { values: v, .. } = &main.body.stats[1] else {
        panic!("not a local");
    };
    let Expr::Function(f) = chunk.expr(v[0]) else {
        panic!("not a function");
    };
    assert_eq!(f.params, [LocalId(0)]);
    assert!(!f.is_vararg);
}

#[test]
fn compile_time_constants_are_substituted() {
    let chunk = parse_ok(
        "local k <const> = 10\nlocal s <const> = 'str'\nlocal n <const> = nil\nlocal t = k, s, n\nlocal function f() return k end",
    );
    let main = &chunk.main;
    // Only `t` and `f` are locals; the constants declare nothing.
    assert_eq!(local_names(&chunk, main), ["t", "f"]);
    assert_eq!(main.body.stats.len(), 2);
    assert_eq!(values(&chunk, &main.body, 0), ["10", "\"str\"", "nil"]);
    let f = function_of(&chunk, &main.body, 1);
    assert!(f.upvalues.is_empty());
    assert_eq!(values(&chunk, &f.body, 0), ["10"]);
}

#[test]
fn only_the_last_const_of_a_full_list_is_a_compile_time_constant() {
    let chunk = parse_ok(
        "local a <const>, b <const> = 1, 2\nlocal c <const> = 1, 2\nlocal d <const> = {}\nlocal e <close> = nil\nlocal g <const>, h = 1, 2\nreturn a, b, c",
    );
    let main = &chunk.main;
    assert_eq!(local_names(&chunk, main), ["a", "c", "d", "e", "g", "h"]);
    let attributes: Vec<_> = main.locals.iter().map(|l| l.attribute).collect();
    use Attribute::{Close, Const, None as Plain};
    assert_eq!(attributes, [Const, Const, Const, Close, Const, Plain]);
    assert_eq!(values(&chunk, &main.body, 0), ["1"]);
    assert_eq!(values(&chunk, &main.body, 1), ["1", "2"]);
    assert_eq!(values(&chunk, &main.body, 5), ["L0", "2", "L1"]);
}

#[test]
fn constant_and_or_operands_are_dropped() {
    let chunk = parse_ok(
        "local x\nreturn true and x, 1 and x, 's' and x, nil or x, false or x, nil and x, false and x, x and 1, 1 or x",
    );
    assert_eq!(
        values(&chunk, &chunk.main.body, 1),
        [
            "L0",
            "L0",
            "L0",
            "L0",
            "L0",
            "(nil And L0)",
            "(false And L0)",
            "(L0 And 1)",
            "(1 Or L0)"
        ]
    );
    // The dropped operand makes the result a constant, so this is a compile-time constant.
    let chunk = parse_ok("local k <const> = true and 1\nreturn k");
    assert!(chunk.main.locals.is_empty());
    assert_eq!(values(&chunk, &chunk.main.body, 0), ["1"]);
    // A dropped operator still truncates a multi-valued operand to one value.
    let chunk = parse_ok("return true and f(), nil or ..., 1 and g()");
    let shown = values(&chunk, &chunk.main.body, 0);
    assert_eq!(
        shown,
        ["paren(U0[\"f\"]())", "paren(...)", "paren(U0[\"g\"]())"]
    );
}

#[test]
fn constant_operations_go_through_the_folding_hook() {
    let chunk = parse_ok("local k <const> = 2\nreturn k + 3, -k, not k, k .. 'x', k < 3, #k");
    let rendered = values(&chunk, &chunk.main.body, 0);
    // Folding itself lives in `fold`; whether or not it folds yet, the operands are constants.
    assert!(
        ["5", "(2 Add 3)"].contains(&rendered[0].as_str()),
        "{rendered:?}"
    );
    assert!(
        ["-2", "(Neg 2)"].contains(&rendered[1].as_str()),
        "{rendered:?}"
    );
    assert!(
        ["false", "(Not 2)"].contains(&rendered[2].as_str()),
        "{rendered:?}"
    );
    assert_eq!(rendered[3..], ["(2 Concat \"x\")", "(2 Lt 3)", "(Len 2)"]);
}

#[test]
fn parentheses_are_kept_only_around_multiple_values() {
    let chunk = parse_ok("local a\nreturn (a), (f()), (...), (a:m()), ((1)), (a).b");
    assert_eq!(
        values(&chunk, &chunk.main.body, 1),
        [
            "L0",
            "paren(U0[\"f\"]())",
            "paren(...)",
            "paren(L0:m())",
            "1",
            "L0[\"b\"]"
        ]
    );
}

#[test]
fn precedence_and_associativity() {
    let chunk = parse_ok(
        "local a, b, c\nreturn a + b * c, a .. b .. c, a ^ b ^ c, -a ^ b, a or b and c, a < b == c, a | b ~ c & a << b .. c, not a == b, a - b - c",
    );
    assert_eq!(
        values(&chunk, &chunk.main.body, 1),
        [
            "(L0 Add (L1 Mul L2))",
            "(L0 Concat (L1 Concat L2))",
            "(L0 Pow (L1 Pow L2))",
            "(Neg (L0 Pow L1))",
            "(L0 Or (L1 And L2))",
            "((L0 Lt L1) Eq L2)",
            "(L0 BOr (L1 BXor (L2 BAnd (L0 Shl (L1 Concat L2)))))",
            "((Not L0) Eq L1)",
            "((L0 Sub L1) Sub L2)",
        ]
    );
}

#[test]
fn suffixes_calls_and_tables() {
    let chunk = parse_ok("local a\na.b[1]:c(2)'s'{3}\nlocal t = {1, x = 2, [3] = 4; f()}\nf\n(a)");
    let main = &chunk.main;
    let Stat::Call(call) = main.body.stats[1] else {
        panic!("not a call");
    };
    assert_eq!(show(&chunk, call), "L0[\"b\"][1]:c(2)(\"s\")({3})");
    assert_eq!(
        values(&chunk, &main.body, 2),
        ["{1,[\"x\"]=2,[3]=4,U0[\"f\"]()}"]
    );
    // No "ambiguous syntax" in 5.4: the call continues on the next line.
    let Stat::Call(call) = main.body.stats[3] else {
        panic!("not a call");
    };
    assert_eq!(show(&chunk, call), "U0[\"f\"](L0)");
}

#[test]
fn forward_goto_to_a_label_ending_its_block() {
    let chunk = parse_ok("local a\ndo\n  goto l\n  local x\n  ::l::\n  ;\nend");
    let main = &chunk.main;
    let Stat::Do(block) = &main.body.stats[1] else {
        panic!("not a do block");
    };
    let Stat::Goto { label, line } = block.stats[0] else {
        panic!("not a goto");
    };
    assert_eq!(line, 3);
    assert!(matches!(block.stats[2], Stat::Label(id) if id == label));
    assert_eq!(name(&chunk, main.labels[label.0 as usize].name), "l");
    // The label ends its block: the block's entry level (only `a`).
    assert_eq!(main.labels[label.0 as usize].active_locals, 1);
}

#[test]
fn backward_goto_and_active_locals() {
    let chunk = parse_ok(
        "local a\n::top::\nlocal b\ndo\n  local c\n  ::inner::\n  local d\n  goto inner\nend\ngoto top",
    );
    let main = &chunk.main;
    assert_eq!(main.labels.len(), 2);
    assert_eq!(main.labels[0].active_locals, 1);
    assert_eq!(main.labels[1].active_locals, 3);
    let Stat::Do(block) = &main.body.stats[3] else {
        panic!("not a do block");
    };
    assert!(matches!(
        block.stats[3],
        Stat::Goto {
            label: LabelId(1),
            line: 8
        }
    ));
    assert!(matches!(
        main.body.stats[4],
        Stat::Goto {
            label: LabelId(0),
            line: 10
        }
    ));
}

#[test]
fn labels_before_until_do_not_end_the_block() {
    // `until` is not a block end for labels: `x` is in scope at `l`.
    assert!(parse(b"repeat goto l; local x; ::l:: until x").is_err());
    let chunk = parse_ok("repeat local x; ::l:: until x");
    assert_eq!(chunk.main.labels[0].active_locals, 1);
}

#[test]
fn compile_time_constants_count_for_goto_checks_but_not_active_locals() {
    let chunk = parse_ok("local a\nlocal k <const> = 1\nlocal b\n::l::\nb = k\ngoto l");
    assert_eq!(chunk.main.labels[0].active_locals, 2);
}

#[test]
fn breaks_jump_to_the_loop_exit_label() {
    let chunk = parse_ok(
        "while x do break end\nwhile x do end\nfor i = 1, 2 do if i then break end end\nrepeat do break end until x",
    );
    let main = &chunk.main;
    let Stat::While {
        body, break_label, ..
    } = &main.body.stats[0]
    else {
        panic!("not a while");
    };
    let exit = break_label.expect("break label");
    assert_eq!(name(&chunk, main.labels[exit.0 as usize].name), "break");
    assert!(matches!(body.stats[0], Stat::Goto { label, line: 1 } if label == exit));
    assert!(matches!(
        main.body.stats[1],
        Stat::While {
            break_label: None,
            ..
        }
    ));
    let Stat::NumericFor {
        body, break_label, ..
    } = &main.body.stats[2]
    else {
        panic!("not a for");
    };
    let exit = break_label.expect("break label");
    let Stat::If { branches, .. } = &body.stats[0] else {
        panic!("not an if");
    };
    assert!(matches!(branches[0].1.stats[0], Stat::Goto { label, .. } if label == exit));
    assert!(matches!(
        main.body.stats[3],
        Stat::Repeat {
            break_label: Some(_),
            ..
        }
    ));
    assert_eq!(main.labels.len(), 3);
}

#[test]
fn loops_scope_their_variables() {
    let chunk = parse_ok(
        "local i = 0\nfor i = i, 2 do local j = i end\nfor k, v in pairs(i) do end\nrepeat local r = i until r\nreturn i",
    );
    let main = &chunk.main;
    assert_eq!(local_names(&chunk, main), ["i", "i", "j", "k", "v", "r"]);
    let Stat::NumericFor {
        var, start, body, ..
    } = &main.body.stats[1]
    else {
        panic!("not a numeric for");
    };
    assert_eq!(*var, LocalId(1));
    assert_eq!(show(&chunk, *start), "L0");
    assert_eq!(values(&chunk, body, 0), ["L1"]);
    let Stat::GenericFor {
        vars, values: v, ..
    } = &main.body.stats[2]
    else {
        panic!("not a generic for");
    };
    assert_eq!(*vars, [LocalId(3), LocalId(4)]);
    assert_eq!(show(&chunk, v[0]), "U0[\"pairs\"](L0)");
    let Stat::Repeat { condition, .. } = &main.body.stats[3] else {
        panic!("not a repeat");
    };
    assert_eq!(show(&chunk, *condition), "L5");
    assert_eq!(values(&chunk, &main.body, 4), ["L0"]);
}

#[test]
fn lines_follow_lua() {
    let source = "local t = f(\n1,\n2)\nt.a\n.b = 1 <\n2\nlocal x = t\n[\n1\n] +\n3\nt\n:m\n(\n)\nlocal g = function\n(\n)\nend\nfor i = 1,\n2\ndo end\nfor k in\nnext\ndo end\nreturn\n1";
    let chunk = parse_ok(source);
    let main = &chunk.main;
    let Stat::Local {
        values: v, line, ..
    } = &main.body.stats[0]
    else {
        panic!("not a local");
    };
    assert_eq!(*line, 3);
    assert!(matches!(chunk.expr(v[0]), Expr::Call { line: 1, .. }));
    let Stat::Assign {
        targets: t,
        values: v,
        line,
    } = &main.body.stats[1]
    else {
        panic!("not an assignment");
    };
    assert_eq!(*line, 6);
    assert!(matches!(chunk.expr(t[0]), Expr::Index { line: 5, .. }));
    // A comparison's line is its right operand's last token.
    assert!(matches!(
        chunk.expr(v[0]),
        Expr::Binary {
            op: BinaryOp::Lt,
            line: 6,
            ..
        }
    ));
    let Stat::Local { values: v, .. } = &main.body.stats[2] else {
        panic!("not a local");
    };
    let Expr::Binary {
        op: BinaryOp::Add,
        lhs,
        line: 10,
        ..
    } = chunk.expr(v[0])
    else {
        panic!("not an addition on line 10");
    };
    assert!(matches!(chunk.expr(*lhs), Expr::Index { line: 10, .. }));
    let Stat::Call(call) = main.body.stats[3] else {
        panic!("not a call");
    };
    assert!(matches!(
        chunk.expr(call),
        Expr::MethodCall {
            line: 12,
            method_line: 13,
            ..
        }
    ));
    let Stat::Local { values: v, .. } = &main.body.stats[4] else {
        panic!("not a local");
    };
    let Expr::Function(g) = chunk.expr(v[0]) else {
        panic!("not a function");
    };
    // lua5.4 takes the line of the token after `function` for anonymous functions.
    assert_eq!((g.line_defined, g.last_line_defined), (17, 19));
    assert!(matches!(
        main.body.stats[5],
        Stat::NumericFor { line: 22, .. }
    ));
    assert!(matches!(
        main.body.stats[6],
        Stat::GenericFor { line: 24, .. }
    ));
    assert!(matches!(main.body.stats[7], Stat::Return { line: 26, .. }));
}

#[test]
fn function_statement_lines() {
    let chunk = parse_ok("x = 1\nfunction\nf()\nend\nlocal function\ng\n()\nend");
    let main = &chunk.main;
    assert!(matches!(main.body.stats[1], Stat::Assign { line: 2, .. }));
    let f = function_of(&chunk, &main.body, 1);
    assert_eq!((f.line_defined, f.last_line_defined), (2, 4));
    let g = function_of(&chunk, &main.body, 2);
    assert_eq!((g.line_defined, g.last_line_defined), (7, 8));
}

#[test]
fn unary_operators() {
    let chunk = parse_ok("local a\nreturn -a, not a, #a, ~a, - -a");
    assert_eq!(
        values(&chunk, &chunk.main.body, 1),
        [
            "(Neg L0)",
            "(Not L0)",
            "(Len L0)",
            "(BNot L0)",
            "(Neg (Neg L0))"
        ]
    );
    let Stat::Return { values: v, .. } = &chunk.main.body.stats[1] else {
        panic!("not a return");
    };
    assert!(matches!(
        chunk.expr(v[0]),
        Expr::Unary {
            op: UnaryOp::Neg,
            line: 2,
            ..
        }
    ));
}

#[test]
fn semantic_errors_use_the_current_line() {
    let error = parse(b"local x <const> = 1\n\nx\n=\n2").unwrap_err();
    assert_eq!(error.line, Some(4));
    assert_eq!(error.text, "attempt to assign to const variable 'x'");
    let error = parse(b"do\n  goto l\nend\n\n").unwrap_err();
    assert_eq!(error.line, Some(5));
    assert_eq!(error.text, "no visible label 'l' for <goto> at line 2");
}

#[test]
fn labels_and_pending_gotos_are_limited_like_lua() {
    let gotos = |n: usize| (0..n).map(|i| format!("goto g{i} ")).collect::<String>();
    let labels = |n: usize| (0..n).map(|i| format!("::g{i}:: x=1 ")).collect::<String>();
    let limit = "too many labels/gotos (limit is 32767)";
    // 32767 pending gotos fit, one more does not (lua5.4's list limit, no position).
    assert!(parse(format!("{}{}", gotos(32767), labels(32767)).as_bytes()).is_ok());
    let error = parse(format!("{}{}", gotos(32768), labels(32768)).as_bytes()).unwrap_err();
    assert_eq!((error.line, error.text.as_str()), (None, limit));
    // Visible labels count too, including a loop's transient `break` label.
    assert!(parse(format!("{}while x do end", labels(32766)).as_bytes()).is_ok());
    let error = parse(format!("{}while x do end", labels(32767)).as_bytes()).unwrap_err();
    assert_eq!((error.line, error.text.as_str()), (None, limit));
}
