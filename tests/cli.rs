//! The stand-alone interpreter `red_moon` (`src/bin/red_moon.rs`) against lua5.4's `lua`:
//! the `tests/lua/uncaught/` programs (stdout, stderr with the traceback, exit status) and the
//! command line (`-e`, `-v`, `arg`, `#!` lines, stdin, usage errors).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `uncaught/NAME.lua` programs that cannot pass yet, and why. The test fails if one of them
/// starts passing, so the list shrinks as features land.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn lua_dir() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "lua"]
        .iter()
        .collect()
}

/// Runs `red_moon` with `args` in `dir`, feeding `stdin`.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    run_with_env(dir, args, stdin, None)
}

/// [`run_in`] with `LUA_INIT` set to `init` (else removed from the environment).
fn run_with_env(dir: &Path, args: &[&str], stdin: &[u8], init: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_red_moon"));
    command.env_remove("LUA_INIT_5_4").env_remove("LUA_INIT");
    if let Some(init) = init {
        command.env("LUA_INIT", init);
    }
    let mut child = command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("red_moon runs");
    let mut input = child.stdin.take().expect("piped stdin");
    // The program may exit without reading its input (`-v`, `-e`): a closed pipe is fine.
    if let Err(error) = input.write_all(stdin) {
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::BrokenPipe,
            "stdin written"
        );
    }
    drop(input);
    child.wait_with_output().expect("red_moon finishes")
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_in(&lua_dir(), args, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs one uncaught-error program; `Err(what differs)` when it does not match lua5.4.
fn check_uncaught(dir: &Path, relative: &str) -> Result<(), String> {
    let path = dir.join(relative);
    let read = |extension: &str| {
        std::fs::read_to_string(path.with_extension(extension))
            .unwrap_or_else(|e| panic!("{relative}: .{extension}: {e}"))
    };
    let expected_stdout = read("expected");
    let expected_stderr = read("stderr")
        .replacen("lua5.4: ", "red_moon: ", 1)
        .replace("lua5.4", "red_moon");
    let expected_status: i32 = read("status").trim().parse().expect("numeric status");
    let output = run_in(dir, &[relative], b"");
    let mut problems = Vec::new();
    if text(&output.stdout) != expected_stdout {
        problems.push(format!(
            "stdout:\n{}\nexpected:\n{expected_stdout}",
            text(&output.stdout)
        ));
    }
    if text(&output.stderr) != expected_stderr {
        problems.push(format!(
            "stderr:\n{}\nexpected:\n{expected_stderr}",
            text(&output.stderr)
        ));
    }
    if output.status.code() != Some(expected_status) {
        problems.push(format!(
            "status {:?}, expected {expected_status}",
            output.status.code()
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("--- {relative}\n{}", problems.join("\n")))
    }
}

#[test]
fn uncaught_errors_match_lua() {
    let dir = lua_dir();
    let mut programs: Vec<String> = std::fs::read_dir(dir.join("uncaught"))
        .expect("tests/lua/uncaught")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "lua"))
        .map(|path| format!("uncaught/{}", path.file_name().unwrap().to_string_lossy()))
        .collect();
    programs.sort();
    assert!(
        programs.len() >= 10,
        "uncaught programs found: {programs:?}"
    );
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    let mut passed = 0;
    for relative in &programs {
        let known = KNOWN_FAILURES.iter().any(|(name, _)| name == relative);
        match (check_uncaught(&dir, relative), known) {
            (Ok(()), false) => passed += 1,
            (Ok(()), true) => fixed.push(relative.clone()),
            (Err(_), true) => {}
            (Err(problem), false) => unexpected.push(problem),
        }
    }
    eprintln!(
        "uncaught programs: {passed} passed, {} known failures, {} programs",
        KNOWN_FAILURES.len(),
        programs.len()
    );
    assert!(
        unexpected.is_empty(),
        "{} unexpected failures:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "now passing, remove from KNOWN_FAILURES: {fixed:?}"
    );
}

#[test]
fn execute_option() {
    let output = run(
        &["-e", "print(1 + 2)", "-e", "x = 10", "-eprint(x * 2)"],
        b"",
    );
    assert_eq!(text(&output.stdout), "3\n20\n");
    assert!(output.status.success());

    // Chunk name `=(command line)`, traceback, status 1; later options do not run.
    let output = run(&["-e", "local t = nil; t.x = 1", "-e", "print('no')"], b"");
    assert_eq!(text(&output.stdout), "");
    assert_eq!(
        text(&output.stderr),
        "red_moon: (command line):1: attempt to index a nil value (local 't')\n\
         stack traceback:\n\t(command line):1: in main chunk\n\t[C]: in ?\n"
    );
    assert_eq!(output.status.code(), Some(1));

    // A syntax error has no traceback.
    let output = run(&["-e", "return 1 +"], b"");
    assert_eq!(
        text(&output.stderr),
        "red_moon: (command line):1: unexpected symbol near <eof>\n"
    );
    assert_eq!(output.status.code(), Some(1));

    // `-e` does not read stdin.
    let output = run(&["-e", "print('e')"], b"print('stdin')");
    assert_eq!(text(&output.stdout), "e\n");
}

#[test]
fn version_option() {
    let output = run(&["-v"], b"print('not run')");
    assert_eq!(
        text(&output.stdout),
        format!(
            "Red Moon {} (Lua 5.4 compatible)\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert!(output.status.success());
    let output = run(&["-v", "-e", "print(7)"], b"");
    assert!(text(&output.stdout).ends_with(")\n7\n"), "{output:?}");
}

#[test]
fn script_arguments() {
    let dir = std::env::temp_dir().join(format!("red_moon_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("args.lua"),
        "#!/usr/bin/env red_moon\n\
         print(...)\n\
         print(#arg, arg[0], arg[1], arg[2], arg[-1], arg[-2])\n\
         print(select('#', ...))\n\
         error('line ' .. 5)\n",
    )
    .unwrap();
    let output = run_in(&dir, &["-e", "x=1", "args.lua", "a", "b c"], b"");
    assert_eq!(
        text(&output.stdout),
        "a\tb c\n2\targs.lua\ta\tb c\tx=1\t-e\n2\n"
    );
    // The `#!` line is skipped but still counted: the error is on line 5.
    assert_eq!(
        text(&output.stderr),
        "red_moon: args.lua:5: line 5\nstack traceback:\n\t[C]: in function 'error'\n\
         \targs.lua:5: in main chunk\n\t[C]: in ?\n"
    );
    assert_eq!(output.status.code(), Some(1));

    // A UTF-8 byte order mark before the `#` line, and `--` ending the options.
    std::fs::write(
        dir.join("bom.lua"),
        b"\xEF\xBB\xBF# comment\nprint(arg[0], arg[-1])",
    )
    .unwrap();
    let output = run_in(&dir, &["--", "bom.lua"], b"");
    assert_eq!(text(&output.stdout), "bom.lua\t--\n");
    assert!(output.status.success());

    // A missing script.
    let output = run_in(&dir, &["missing.lua"], b"");
    assert_eq!(
        text(&output.stderr),
        "red_moon: cannot open missing.lua: No such file or directory\n"
    );
    assert_eq!(output.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stdin_script() {
    // `-` runs stdin (chunk `=stdin`) with the following arguments.
    let output = run(
        &["-", "x", "y"],
        b"#!shebang\nprint(arg[0], ...)\nlocal n = nil\nreturn n.f",
    );
    assert_eq!(text(&output.stdout), "-\tx\ty\n");
    assert_eq!(
        text(&output.stderr),
        "red_moon: stdin:4: attempt to index a nil value (local 'n')\n\
         stack traceback:\n\tstdin:4: in main chunk\n\t[C]: in ?\n"
    );
    assert_eq!(output.status.code(), Some(1));
    // No script, stdin not a terminal: stdin is run.
    let output = run(&[], b"print('from stdin')");
    assert_eq!(text(&output.stdout), "from stdin\n");
    assert!(output.status.success());
}

#[test]
fn bad_options_print_usage() {
    let usage = "usage: red_moon [options] [script [args]]\n\
                 Available options are:\n  \
                 -e stat   execute string 'stat'\n  \
                 -i        enter interactive mode after executing 'script'\n  \
                 -l mod    require library 'mod' into global 'mod'\n  \
                 -l g=mod  require library 'mod' into global 'g'\n  \
                 -v        show version information\n  \
                 -E        ignore environment variables\n  \
                 -W        turn warnings on\n  \
                 --        stop handling options\n  \
                 -         stop handling options and execute stdin\n  \
                 --load-state file  start from the VM saved in 'file' instead of a new one\n  \
                 \x20                  (host libraries io and os, 'arg' and loaders re-installed)\n  \
                 --save-state file  save the VM to 'file' when the run ends without error\n  \
                 \x20                  (no file on an error or os.exit; finalizers do not run)\n";
    let output = run(&["-x", "script.lua"], b"");
    assert_eq!(
        text(&output.stderr),
        format!("red_moon: unrecognized option '-x'\n{usage}")
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout), "");
    let output = run(&["-e"], b"");
    assert_eq!(
        text(&output.stderr),
        format!("red_moon: '-e' needs argument\n{usage}")
    );
    assert_eq!(output.status.code(), Some(1));
    let output = run(&["-vx"], b"");
    assert!(text(&output.stderr).starts_with("red_moon: unrecognized option '-vx'\n"));
}

#[test]
fn library_option_requires_modules() {
    let dir = std::env::temp_dir().join(format!("red_moon_cli_l_{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(
        dir.join("mymod.lua"),
        "return {hello = function() return 'hi' end}",
    )
    .unwrap();
    std::fs::write(dir.join("pkg").join("init.lua"), "return ... .. '!'").unwrap();
    let output = run_in(
        &dir,
        &[
            "-l",
            "mymod",
            "-lp=pkg",
            "-e",
            "print(mymod.hello(), p, package.loaded.pkg)",
        ],
        b"",
    );
    assert_eq!(text(&output.stdout), "hi\tpkg!\tpkg!\n", "{output:?}");
    assert_eq!(output.status.code(), Some(0));
    // A missing module: lua5.4's message (its searchers' lines), a traceback, status 1.
    let output = run_in(&dir, &["-l", "nomod", "-e", "print(1)"], b"");
    assert_eq!(text(&output.stdout), "");
    assert_eq!(
        text(&output.stderr),
        "red_moon: module 'nomod' not found:\n\tno field package.preload['nomod']\n\t\
         no file './nomod.lua'\n\tno file './nomod/init.lua'\nstack traceback:\n\t\
         [C]: in function 'require'\n\t[C]: in ?\n"
    );
    assert_eq!(output.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn warnings_option() {
    let output = run(&["-e", "warn('a', 'b')"], b"");
    assert_eq!(text(&output.stderr), "");
    let output = run(&["-W", "-e", "warn('a', 'b')"], b"");
    assert_eq!(text(&output.stderr), "Lua warning: ab\n");
}

#[test]
fn interactive_mode() {
    let output = run(
        &["-i"],
        b"1 + 2, 'x'\nlocal t = {\n  n = 5 }\nfor i = 1, 2 do\nprint(i)\nend\nerror('boom')\nx = = 1\n",
    );
    let version = format!(
        "Red Moon {} (Lua 5.4 compatible)\n",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        text(&output.stdout),
        format!("{version}> 3\tx\n> >> > >> >> 1\n2\n> > > \n")
    );
    assert_eq!(
        text(&output.stderr),
        "stdin:1: boom\nstack traceback:\n\t[C]: in function 'error'\n\
         \tstdin:1: in main chunk\n\t[C]: in ?\n\
         stdin:1: unexpected symbol near '='\n"
    );
    assert!(output.status.success());
}

/// Tracebacks are taken where the error is raised, and only for the error that reaches the
/// host (outputs checked against lua5.4).
#[test]
fn tracebacks_follow_lua() {
    let cases: &[(&str, &str)] = &[
        // An error caught outside any protected call (xpcall's handler failing) leaves no
        // stale traceback behind.
        (
            "print(xpcall(error, function() error('in handler') end, 'x'))\n\
             local function f() local z = nil; return z.q end\nf()",
            "red_moon: (command line):2: attempt to index a nil value (local 'z')\n\
             stack traceback:\n\t(command line):2: in local 'f'\n\
             \t(command line):3: in main chunk\n\t[C]: in ?\n",
        ),
        // A Lua metamethod called by an instruction, below a tail call.
        (
            "local function f() error('boom') end\nlocal function g() return f() end\n\
             local t = setmetatable({}, {__index = function(t, k) g() end})\n\
             local function h() return t.x end\nprint(h())",
            "red_moon: (command line):1: boom\nstack traceback:\n\
             \t[C]: in function 'error'\n\t(command line):1: in function <(command line):1>\n\
             \t(...tail calls...)\n\t(command line):3: in metamethod 'index'\n\
             \t(command line):4: in local 'h'\n\t(command line):5: in main chunk\n\t[C]: in ?\n",
        ),
        // An error in a `__close` handler replaces the error and is traced in the handler,
        // after the failed frames are gone.
        (
            "do\nlocal x <close> = setmetatable({}, {__close = function() error('close err') end})\n\
             error('orig')\nend",
            "red_moon: (command line):2: close err\nstack traceback:\n\
             \t[C]: in function 'error'\n\t(command line):2: in function <(command line):2>\n\
             \t[C]: in ?\n",
        ),
        // A native's argument error (a native tail-called keeps its caller's frame); a library
        // function's global name.
        (
            "local function f(...) return select('x', ...) end\nf(1)",
            "red_moon: (command line):1: bad argument #1 to 'select' (number expected, got string)\n\
             stack traceback:\n\t[C]: in function 'select'\n\
             \t(command line):1: in local 'f'\n\t(command line):2: in main chunk\n\t[C]: in ?\n",
        ),
        (
            "print(math.floor('a'))",
            "red_moon: (command line):1: bad argument #1 to 'floor' (number expected, got string)\n\
             stack traceback:\n\t[C]: in function 'math.floor'\n\
             \t(command line):1: in main chunk\n\t[C]: in ?\n",
        ),
        // A `__tostring` that does not return a string is not used.
        (
            "error(setmetatable({}, {__tostring = function() return 42 end}))",
            "red_moon: (error object is a table value)\nstack traceback:\n\
             \t[C]: in function 'error'\n\t(command line):1: in main chunk\n\t[C]: in ?\n",
        ),
    ];
    for (source, expected) in cases {
        let output = run(&["-e", source], b"");
        assert_eq!(text(&output.stderr), *expected, "{source}");
        assert_eq!(output.status.code(), Some(1), "{source}");
    }
}

#[test]
fn lua_init_variable() {
    let dir = lua_dir();
    let output = run_with_env(&dir, &["-e", "print(x)"], b"", Some("x = 'from init'"));
    assert_eq!(text(&output.stdout), "from init\n");
    // `-E` ignores it.
    let output = run_with_env(&dir, &["-E", "-e", "print(x)"], b"", Some("x = 1"));
    assert_eq!(text(&output.stdout), "nil\n");
    // Its errors are reported under its name and stop the program.
    let output = run_with_env(&dir, &["-e", "print(2)"], b"", Some("error('bad init')"));
    assert_eq!(text(&output.stdout), "");
    assert!(
        text(&output.stderr).starts_with("red_moon: LUA_INIT:1: bad init\nstack traceback:\n"),
        "{output:?}"
    );
    assert_eq!(output.status.code(), Some(1));
}
