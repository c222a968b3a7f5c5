//! Saved states through the stand-alone interpreter: `red_moon --save-state FILE` and
//! `red_moon --load-state FILE` (`src/bin/red_moon.rs`). A program cut in two (or three) and
//! run across processes prints what it prints in one run; corrupt or missing state files and
//! unwritable outputs are reported with exit status 1; the host libraries work after loading.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("red_moon_cli_state_{}_{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temporary directory created");
        Self(path)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("test file written");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn program(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "cli_state", name]
        .iter()
        .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `red_moon` with `args` in `dir`, with an empty stdin and no `LUA_INIT`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_red_moon"))
        .env_remove("LUA_INIT_5_4")
        .env_remove("LUA_INIT")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("red_moon runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `red_moon` and returns its stdout, asserting success with nothing on stderr.
fn run_ok(dir: &Path, args: &[&str]) -> String {
    let output = run(dir, args);
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "red_moon {args:?}: status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// Asserts a failed run: exit status 1, `expected` on stderr, no panic, nothing on stdout.
fn assert_fails(output: &Output, expected: &str) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(
        stderr.contains(expected),
        "stderr:\n{stderr}\nexpected: {expected}"
    );
    assert!(!stderr.contains("panicked"), "stderr:\n{stderr}");
    assert_eq!(text(&output.stdout), "");
}

#[test]
fn save_and_load_continue_like_one_run() {
    let dir = TempDir::new("split");
    let part1 = program("part1.lua");
    let part2 = program("part2.lua");
    dir.write("part1.lua", &part1);
    dir.write("part2.lua", &part2);
    dir.write("whole.lua", format!("{part1}{part2}"));

    let whole = run_ok(&dir.0, &["whole.lua"]);
    let first = run_ok(&dir.0, &["--save-state", "state.cbor", "part1.lua"]);
    assert!(dir.path("state.cbor").is_file());
    let second = run_ok(&dir.0, &["--load-state", "state.cbor", "part2.lua"]);
    assert_eq!(format!("{first}{second}"), whole);

    // The halves did run apart: the saving run ended without running the finalizer, the
    // loading run continued the coroutine inside its pcall, and part2 alone fails.
    assert!(first.ends_with("end of part1\n"), "{first}");
    assert_eq!(whole.matches("finalizer runs").count(), 1, "{whole}");
    assert!(
        second.contains("worker\ttrue\tcaught\tfailure at step 3\n"),
        "{second}"
    );
    assert!(
        second.contains("io.write works 42\nio.stdout works\n"),
        "{second}"
    );
    let alone = run(&dir.0, &["part2.lua"]);
    assert_eq!(alone.status.code(), Some(1));
}

/// A program in three stages, run in one process and across three (load, run, save).
#[test]
fn chained_states_across_three_processes() {
    let dir = TempDir::new("chain");
    let stages = [
        r#"
        n = 1
        log = {}
        math.randomseed(5)
        doubler = coroutine.create(function()
          while true do
            n = n * 2
            local ok = pcall(coroutine.yield, n)
            log[#log + 1] = ok
          end
        end)
        print("stage1", coroutine.resume(doubler), math.random(100))
        "#,
        r#"
        print("stage2", coroutine.resume(doubler), coroutine.resume(doubler), math.random(100))
        words = setmetatable({}, { __index = function(t, k) return k .. "?" end })
        "#,
        r#"
        print("stage3", coroutine.resume(doubler), #log, words.moon, math.random(100), n)
        "#,
    ];
    for (i, stage) in stages.iter().enumerate() {
        dir.write(&format!("stage{}.lua", i + 1), stage);
    }
    dir.write("whole.lua", stages.concat());
    let whole = run_ok(&dir.0, &["whole.lua"]);
    let mut split = run_ok(&dir.0, &["--save-state", "a.state", "stage1.lua"]);
    split += &run_ok(
        &dir.0,
        &[
            "--load-state",
            "a.state",
            "--save-state",
            "b.state",
            "stage2.lua",
        ],
    );
    split += &run_ok(&dir.0, &["--load-state", "b.state", "stage3.lua"]);
    assert_eq!(split, whole);
    assert!(whole.contains("stage3\ttrue\t3\tmoon?\t"), "{whole}");
    assert!(whole.ends_with("\t16\n"), "{whole}");

    // Loading and saving the same file.
    let mut same = run_ok(&dir.0, &["--save-state", "same.state", "stage1.lua"]);
    for stage in ["stage2.lua", "stage3.lua"] {
        same += &run_ok(
            &dir.0,
            &[
                "--load-state",
                "same.state",
                "--save-state",
                "same.state",
                stage,
            ],
        );
    }
    assert_eq!(same, whole);
}

#[test]
fn states_with_execute_options_and_arguments() {
    let dir = TempDir::new("execute");
    run_ok(&dir.0, &["--save-state", "s", "-e", "x = 40 t = {'a'}"]);
    let out = run_ok(
        &dir.0,
        &[
            "--load-state",
            "s",
            "-e",
            "x = x + 2",
            "-e",
            "print(x, t[1], arg[1], arg[2], arg[4])",
        ],
    );
    // Without a script, `arg` holds the program name and every option (lua5.4's `lua`).
    assert_eq!(out, "42\ta\t--load-state\ts\tx = x + 2\n");
    dir.write("args.lua", "print(x, ..., arg[0], arg[2], #arg)");
    let out = run_ok(&dir.0, &["--load-state", "s", "args.lua", "p", "q"]);
    assert_eq!(out, "40\tp\targs.lua\tq\t2\n");
}

#[test]
fn host_libraries_are_reinstalled_after_loading() {
    let dir = TempDir::new("host");
    dir.write(
        "save.lua",
        r#"
        saved_io, saved_os, saved_write = io, os, io.write
        local getenv = os.getenv
        home = function() return getenv("RED_MOON_TEST_VAR") end
        out = io.open("written.txt", "w")
        out:write("buffered")
        "#,
    );
    dir.write(
        "load.lua",
        r#"
        io.write("io.write works\n")
        io.stdout:write("stdout ", io.type(io.stdout), "\n")
        print(io ~= saved_io, os ~= saved_os, package.loaded.io == io, package.loaded.os == os)
        print(home(), os.getenv("RED_MOON_TEST_VAR"), type(os.clock()), type(os.time()))
        print(pcall(saved_write, "x"))
        print(io.type(out), pcall(out.write, out, "more"))
        local f = assert(io.open("written.txt"))
        print(f:read("a"))
        f:close()
        print(require("module").answer)
        "#,
    );
    dir.write("module.lua", "return { answer = 42 }");
    let save = Command::new(env!("CARGO_BIN_EXE_red_moon"))
        .env("RED_MOON_TEST_VAR", "value")
        .args(["--save-state", "s", "save.lua"])
        .current_dir(&dir.0)
        .output()
        .expect("red_moon runs");
    assert!(save.status.success(), "{}", text(&save.stderr));
    let load = Command::new(env!("CARGO_BIN_EXE_red_moon"))
        .env("RED_MOON_TEST_VAR", "value")
        // With warnings on, an error in the finalizer of a file of the earlier run (a
        // placeholder `__gc`) would show on stderr.
        .args(["-W", "--load-state", "s", "load.lua"])
        .current_dir(&dir.0)
        .output()
        .expect("red_moon runs");
    assert_eq!(text(&load.stderr), "");
    assert_eq!(
        text(&load.stdout),
        "io.write works\n\
         stdout file\n\
         true\ttrue\ttrue\ttrue\n\
         value\tvalue\tnumber\tnumber\n\
         false\ta Rust function without a tag was not rehydrated\n\
         nil\tfalse\tbad argument #1 to '?' (FILE* expected, got FILE*)\n\
         buffered\n\
         42\n"
    );
}

#[test]
fn corrupt_or_missing_states_are_reported() {
    let dir = TempDir::new("corrupt");
    dir.write("script.lua", "print('ran')");
    run_ok(&dir.0, &["--save-state", "good", "-e", "x = {1, 2, 3}"]);
    let good = std::fs::read(dir.path("good")).expect("state written");
    assert!(good.len() > 100);
    let garbage: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    let mut trailing = good.clone();
    trailing.push(0);
    let cases: [(&str, &[u8]); 6] = [
        ("truncated", &good[..good.len() / 2]),
        ("one_byte_short", &good[..good.len() - 1]),
        ("garbage", &garbage),
        ("text", b"this is not a saved state\n"),
        ("empty", b""),
        ("trailing", &trailing),
    ];
    for (name, bytes) in cases {
        dir.write(name, bytes);
        let output = run(&dir.0, &["--load-state", name, "script.lua"]);
        assert_fails(&output, &format!("red_moon: cannot load state {name}: "));
        let stderr = text(&output.stderr);
        if matches!(name, "truncated" | "one_byte_short" | "empty") {
            assert!(
                stderr.ends_with(": malformed saved state: the input ends too early\n"),
                "{stderr}"
            );
        }
    }
    // A flipped byte may still decode to a valid state; it must never panic.
    dir.write("flipped", &flipped);
    let output = run(&dir.0, &["--load-state", "flipped", "script.lua"]);
    assert!(!text(&output.stderr).contains("panicked"));
    assert!(matches!(output.status.code(), Some(0 | 1)));

    let output = run(&dir.0, &["--load-state", "missing", "script.lua"]);
    assert_fails(&output, "red_moon: cannot load state missing: ");
    // A directory cannot be read as a file.
    let output = run(&dir.0, &["--load-state", ".", "script.lua"]);
    assert_fails(&output, "red_moon: cannot load state .: ");
}

#[test]
fn unwritable_state_and_script_errors() {
    let dir = TempDir::new("unwritable");
    dir.write("script.lua", "x = 1 print('ran')");
    let output = run(&dir.0, &["--save-state", "no/such/dir/s", "script.lua"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout), "ran\n");
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("red_moon: cannot save state no/such/dir/s: "),
        "{stderr}"
    );
    // A directory cannot be overwritten.
    std::fs::create_dir(dir.path("taken")).expect("directory created");
    let output = run(&dir.0, &["--save-state", "taken", "script.lua"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).starts_with("red_moon: cannot save state taken: "));

    // A script error is reported as without the option, and no state is written.
    dir.write("bad.lua", "x = 1\nerror('stop')");
    let output = run(&dir.0, &["--save-state", "s", "bad.lua"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).starts_with("red_moon: bad.lua:2: stop\nstack traceback:"),
        "{}",
        text(&output.stderr)
    );
    assert!(!dir.path("s").exists());
    // Nor on a failed load.
    let output = run(
        &dir.0,
        &["--load-state", "missing", "--save-state", "s", "script.lua"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(!dir.path("s").exists());
}

#[test]
fn state_options_need_an_argument() {
    let dir = TempDir::new("usage");
    for option in ["--save-state", "--load-state"] {
        let output = run(&dir.0, &[option]);
        assert_eq!(output.status.code(), Some(1));
        let stderr = text(&output.stderr);
        assert!(
            stderr.starts_with(&format!("red_moon: '{option}' needs argument\nusage: ")),
            "{stderr}"
        );
        assert!(stderr.contains("--save-state file"), "{stderr}");
        assert!(stderr.contains("--load-state file"), "{stderr}");
    }
    let output = run(&dir.0, &["--state", "x"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).starts_with("red_moon: unrecognized option '--state'\n"));
}
