//! The `red_moon` program opens the host-only `io` and `os` libraries: standard streams,
//! `os.exit`, files flushed on exit, uncaught `io` errors. Expected outputs are lua5.4's
//! (`lua5.4` run with the same arguments and input).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs `red_moon` with `args`, feeding `stdin`, with extra environment variables.
fn run_env(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_red_moon"));
    command.env_remove("LUA_INIT_5_4").env_remove("LUA_INIT");
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("red_moon runs");
    let mut input = child.stdin.take().expect("piped stdin");
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
    run_env(args, stdin, &[])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A unique path under the temporary directory, removed on drop.
struct TempPath(PathBuf);

impl TempPath {
    fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("red_moon_cli_io_{}_{name}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        TempPath(path)
    }

    fn text(&self) -> &str {
        self.0.to_str().expect("UTF-8 temp path")
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn io_write_and_print_interleave() {
    let output = run(
        &[
            "-e",
            "io.write('a') print('b') io.write('c', 1, 2.5, 1.0, '\\n') io.stdout:write('d\\n') \
             print(io.write('e') == io.stdout)",
        ],
        b"",
    );
    assert_eq!(text(&output.stdout), "ab\nc12.51\nd\netrue\n");
    assert_eq!(text(&output.stderr), "");
    assert!(output.status.success());
}

#[test]
fn io_read_from_stdin() {
    let output = run(
        &["-e", "print(io.read('n', 'n', 'l', 'L', 'a'))"],
        b"1 2.5 rest\nline\nall\nthe rest",
    );
    assert_eq!(
        text(&output.stdout),
        "1\t2.5\t rest\tline\n\tall\nthe rest\n"
    );
    let output = run(
        &[
            "-e",
            "print(io.read()) print(io.stdin:read(3)) print(io.read('a')) print(io.read('l'))",
        ],
        b"first\nsecond\n",
    );
    assert_eq!(text(&output.stdout), "first\nsec\nond\n\nnil\n");
}

#[test]
fn io_lines_over_stdin() {
    let output = run(
        &[
            "-e",
            "for l in io.lines() do io.write('[', l, ']') end print() print(io.read('a') == '')",
        ],
        b"a\nb\n\nc",
    );
    assert_eq!(text(&output.stdout), "[a][b][][c]\ntrue\n");
}

#[test]
fn io_stderr_writes_to_standard_error() {
    let output = run(
        &["-e", "io.stderr:write('oops', 1, '\\n') print('out')"],
        b"",
    );
    assert_eq!(text(&output.stderr), "oops1\n");
    assert_eq!(text(&output.stdout), "out\n");
}

#[test]
fn os_exit_status() {
    let cases: &[(&str, i32)] = &[
        ("os.exit(3)", 3),
        ("os.exit(0)", 0),
        ("os.exit(true)", 0),
        ("os.exit(false)", 1),
        ("os.exit()", 0),
        ("os.exit(7, true)", 7),
        ("os.exit(256 + 5)", 5),
    ];
    for (chunk, status) in cases {
        let output = run(
            &["-e", &format!("io.write('before') {chunk} print('after')")],
            b"",
        );
        assert_eq!(output.status.code(), Some(*status), "{chunk}");
        assert_eq!(text(&output.stdout), "before", "{chunk}");
        assert_eq!(text(&output.stderr), "", "{chunk}");
    }
}

#[test]
fn os_exit_from_a_script_inside_functions() {
    let script = TempPath::new("exit_script.lua");
    std::fs::write(
        &script.0,
        "local function deep(n) if n == 0 then os.exit(4) end deep(n - 1) end\n\
         pcall(deep, 10)\n\
         print('not reached')\n",
    )
    .unwrap();
    let output = run(&[script.text()], b"");
    assert_eq!(output.status.code(), Some(4));
    assert_eq!(text(&output.stdout), "");
}

#[test]
fn os_exit_flushes_open_files() {
    let file = TempPath::new("flushed.txt");
    let chunk = format!(
        "local f = assert(io.open('{}', 'w')) f:write('pending ', 42) os.exit(2)",
        file.text()
    );
    let output = run(&["-e", &chunk], b"");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&file.0).unwrap(), "pending 42");
}

#[test]
fn files_are_flushed_at_normal_exit() {
    let file = TempPath::new("normal_exit.txt");
    let chunk = format!(
        "local f = assert(io.open('{}', 'w')) f:write('unclosed')",
        file.text()
    );
    let output = run(&["-e", &chunk], b"");
    assert!(output.status.success());
    assert_eq!(std::fs::read_to_string(&file.0).unwrap(), "unclosed");
}

#[test]
fn getenv_reads_the_environment() {
    let output = run_env(
        &[
            "-e",
            "print(os.getenv('RED_MOON_CLI_IO_VAR'), os.getenv('RED_MOON_CLI_IO_UNSET'))",
        ],
        b"",
        &[("RED_MOON_CLI_IO_VAR", "some value")],
    );
    assert_eq!(text(&output.stdout), "some value\tnil\n");
}

#[test]
fn uncaught_io_errors_report_like_lua() {
    let output = run(&["-e", "io.open('x', 'q')"], b"");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "red_moon: (command line):1: bad argument #2 to 'open' (invalid mode)\n\
         stack traceback:\n\
         \t[C]: in function 'io.open'\n\
         \t(command line):1: in main chunk\n\
         \t[C]: in ?\n"
    );
    let file = TempPath::new("closed.txt");
    let chunk = format!(
        "local f = io.open('{}', 'w') f:close() f:read()",
        file.text()
    );
    let output = run(&["-e", &chunk], b"");
    assert_eq!(
        text(&output.stderr),
        "red_moon: (command line):1: attempt to use a closed file\n\
         stack traceback:\n\
         \t[C]: in method 'read'\n\
         \t(command line):1: in main chunk\n\
         \t[C]: in ?\n"
    );
    let output = run(
        &["-e", "for l in io.lines('/nonexistent/red_moon') do end"],
        b"",
    );
    assert_eq!(
        text(&output.stderr),
        "red_moon: (command line):1: cannot open file '/nonexistent/red_moon' (No such file \
         or directory)\n\
         stack traceback:\n\
         \t[C]: in function 'io.lines'\n\
         \t(command line):1: in main chunk\n\
         \t[C]: in ?\n"
    );
}

#[test]
fn real_clocks_are_installed() {
    let output = run(
        &[
            "-e",
            "print(math.type(os.time()), math.type(os.clock()), os.time() > 1700000000, \
             #os.date('%Y-%m-%d'))",
        ],
        b"",
    );
    assert_eq!(text(&output.stdout), "integer\tfloat\ttrue\t10\n");
}

#[test]
fn repl_chunks_can_read_stdin() {
    // The REPL must not hold stdin's lock while a chunk runs (`io.read` would deadlock).
    let mut child = Command::new(env!("CARGO_BIN_EXE_red_moon"))
        .env_remove("LUA_INIT_5_4")
        .env_remove("LUA_INIT")
        .arg("-i")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("red_moon runs");
    let mut input = child.stdin.take().expect("piped stdin");
    input
        .write_all(b"print(io.read())\nhello\nprint(io.read('n') + 1)\n41\n")
        .unwrap();
    drop(input);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the REPL hangs when a chunk reads stdin");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let stdout = text(&output.stdout);
    assert!(stdout.ends_with("> hello\n> 42\n> > \n"), "{stdout:?}");
}
