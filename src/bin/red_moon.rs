//! `red_moon`: the stand-alone interpreter, behaving like lua5.4's `lua` program (`lua.c`).
//!
//! `red_moon [options] [script [args]]`: `-e stat`, `-l mod`, `-i`, `-v`, `-E`, `-W`, `--`, `-`.
//! Uncaught errors print `red_moon: MESSAGE` and lua5.4's traceback on stderr, exit status 1.
//! Scripts run as trusted code: besides the standard libraries they get the host-only `io`
//! library and the whole `os` library (files, environment, `os.exit`, real clocks).
//!
//! Saved states (not in lua5.4): `--save-state FILE` writes the whole VM to `FILE` (CBOR, see
//! `red_moon::serialize`) when the run ends normally, and `--load-state FILE` starts from a
//! saved VM instead of a fresh one: its globals, suspended coroutines, random generator and
//! metatables carry on. Host configuration is not part of a state, so after loading the host
//! libraries (`io`, the host `os` functions), the file loader, the clocks and `arg` are
//! installed again. The host functions without upvalues are tagged (`red_moon:os.getenv`, ...),
//! so copies of them kept elsewhere work again too; copies of the other `io` functions and
//! files opened by the earlier run stay unusable.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use red_moon::errors::{RuntimeError, StateError};
use red_moon::interpreter::{FunctionRef, MultiValue, TableRef, Value, Vm, VmContext};
use red_moon::standalone::{VERSION, create_arg_table, file_chunk, is_incomplete};

const PROGNAME: &str = "red_moon";

/// What the options ask for (lua.c's `collectargs`).
#[derive(Default)]
struct Options {
    execute: bool,
    interactive: bool,
    version: bool,
    /// `-E`: ignore `LUA_INIT_5_4` / `LUA_INIT`.
    ignore_env: bool,
    /// `-W`: turn warnings on.
    warnings: bool,
    /// Index of the script in `argv`; 0 when there is none.
    script: usize,
    /// `--load-state FILE`: start from the VM saved in `FILE`.
    load_state: Option<String>,
    /// `--save-state FILE`: save the VM to `FILE` when the run ends normally.
    save_state: Option<String>,
}

/// The options of saved states, which take the following argument as their file.
const STATE_OPTIONS: [&str; 2] = ["--load-state", "--save-state"];

/// Host functions without upvalues, tagged `red_moon:PREFIX.NAME` so that a loaded state gets
/// them back wherever the earlier run stored them: the host `os` functions, and the `io`
/// functions and `FILE*` methods that do not hold the library's state. (The other `io`
/// functions hold the earlier run's files, which a state cannot keep: saved copies of them
/// stay placeholders.)
const HOST_OS_FUNCTIONS: &[&str] = &[
    "getenv",
    "remove",
    "rename",
    "tmpname",
    "exit",
    "setlocale",
    "execute",
];
const HOST_IO_FUNCTIONS: &[&str] = &["type", "popen"];
const FILE_METAMETHODS: &[&str] = &["__gc", "__close", "__tostring"];
const FILE_METHODS: &[&str] = &[
    "close", "flush", "lines", "read", "seek", "setvbuf", "write",
];

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let options = match collect_args(&argv) {
        Ok(options) => options,
        Err(bad) => {
            print_usage(&argv[bad]);
            return ExitCode::FAILURE;
        }
    };
    if options.version {
        println!("{VERSION}");
    }
    let mut vm = match &options.load_state {
        Some(path) => match load_state(path) {
            Ok(vm) => vm,
            Err(error) => {
                message(&format!("cannot load state {path}: {error}"));
                return ExitCode::FAILURE;
            }
        },
        None => Vm::default(),
    };
    let ok = {
        let ctx = &mut vm.context();
        install_libraries(ctx, options.load_state.is_some());
        if options.warnings {
            ctx.set_warnings(true);
        }
        run(ctx, &argv, &options)
    };
    if ok && let Some(path) = &options.save_state {
        match save_state(&vm, path) {
            // The VM lives on in the state: its finalizers run in the process that ends it
            // without saving, as if the runs were one.
            Ok(()) => return ExitCode::SUCCESS,
            Err(error) => {
                message(&format!("cannot save state {path}: {error}"));
                vm.context().close();
                return ExitCode::FAILURE;
            }
        }
    }
    // lua_close: the pending finalizers and those of every object marked for finalization.
    vm.context().close();
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Opens the libraries of a fresh VM, or re-installs the host's part in a loaded one.
fn install_libraries(ctx: &mut VmContext<'_>, loaded: bool) {
    if !loaded {
        ctx.open_standard_libraries();
    }
    // A trusted host: scripts run by this program get the machine's files, environment and
    // process (host-only libraries).
    ctx.open_io_library();
    ctx.open_host_os_library();
    tag_host_functions(ctx);
    if loaded {
        // The saved `package` and modules stay; only the replaced libraries are updated.
        update_loaded(ctx);
    } else {
        // Again, so `package.loaded` lists `io` and the host `os`.
        ctx.open_package_library();
    }
    // `require` and `dofile` read the file system (`./?.lua;./?/init.lua`).
    ctx.set_file_system_loader();
}

/// Tags the host functions listed above: in a loaded VM, the saved ones get their
/// implementation (and the earlier run's files, closed, are collected quietly).
fn tag_host_functions(ctx: &mut VmContext<'_>) {
    let env = ctx.default_environment();
    if let Ok(Value::Table(os)) = env.raw_get::<_, Value>("os", ctx) {
        tag_functions(ctx, os, "os.", HOST_OS_FUNCTIONS);
    }
    let Ok(Value::Table(io)) = env.raw_get::<_, Value>("io", ctx) else {
        return;
    };
    tag_functions(ctx, io, "io.", HOST_IO_FUNCTIONS);
    let Ok(Value::HostData(stdout)) = io.raw_get::<_, Value>("stdout", ctx) else {
        return;
    };
    let Ok(Some(meta)) = stdout.metatable(ctx) else {
        return;
    };
    tag_functions(ctx, meta, "io.FILE*.", FILE_METAMETHODS);
    if let Ok(Value::Table(methods)) = meta.raw_get::<_, Value>("__index", ctx) {
        tag_functions(ctx, methods, "io.FILE*:", FILE_METHODS);
    }
}

fn tag_functions(ctx: &mut VmContext<'_>, table: TableRef, prefix: &str, names: &[&str]) {
    for name in names {
        if let Ok(Value::Function(function)) = table.raw_get::<_, Value>(*name, ctx) {
            let _ = function.rehydrate(&format!("red_moon:{prefix}{name}"), ctx);
        }
    }
}

/// `package.loaded.io` and `package.loaded.os` become the re-installed libraries.
fn update_loaded(ctx: &mut VmContext<'_>) {
    let env = ctx.default_environment();
    let Ok(Value::Table(package)) = env.raw_get::<_, Value>("package", ctx) else {
        return;
    };
    let Ok(Value::Table(loaded)) = package.raw_get::<_, Value>("loaded", ctx) else {
        return;
    };
    for name in ["io", "os"] {
        if let Ok(library @ Value::Table(_)) = env.raw_get::<_, Value>(name, ctx) {
            let _ = loaded.raw_set(name, library, ctx);
        }
    }
}

/// Reads a VM saved by `--save-state`.
fn load_state(path: &str) -> Result<Vm, StateError> {
    let bytes = std::fs::read(path)?;
    Vm::from_cbor(&bytes)
}

/// Writes the VM to `path` (nothing is written when it cannot be encoded).
fn save_state(vm: &Vm, path: &str) -> Result<(), StateError> {
    let bytes = vm.to_cbor()?;
    std::fs::write(path, bytes)?;
    Ok(())
}

/// Runs what the command line asks for; `false` when it failed (an error was reported).
fn run(ctx: &mut VmContext<'_>, argv: &[String], options: &Options) -> bool {
    let bytes: Vec<Vec<u8>> = argv.iter().map(|a| a.as_bytes().to_vec()).collect();
    if let Err(error) = create_arg_table(ctx, &bytes, options.script) {
        message(&error.to_string());
        return false;
    }
    if !options.ignore_env && !run_init(ctx) {
        return false;
    }
    let option_limit = if options.script > 0 {
        options.script
    } else {
        argv.len()
    };
    if !run_args(ctx, &argv[..option_limit]) {
        return false;
    }
    if options.script > 0 && !run_script(ctx, argv, options.script) {
        return false;
    }
    if options.interactive {
        repl(ctx);
    } else if options.script == 0 && !options.execute && !options.version {
        if std::io::stdin().is_terminal() {
            println!("{VERSION}");
            repl(ctx);
        } else if !run_file(ctx, None, MultiValue::new()) {
            return false;
        }
    }
    true
}

/// lua.c's `collectargs`: the options, or the index of the bad argument.
fn collect_args(argv: &[String]) -> Result<Options, usize> {
    let mut options = Options::default();
    let mut i = 1;
    while i < argv.len() {
        let arg = argv[i].as_bytes();
        if let Some(&option) = STATE_OPTIONS.iter().find(|&&option| argv[i] == option) {
            let Some(file) = argv.get(i + 1) else {
                return Err(i);
            };
            if option == "--load-state" {
                options.load_state = Some(file.clone());
            } else {
                options.save_state = Some(file.clone());
            }
            i += 2;
            continue;
        }
        if arg.first() != Some(&b'-') {
            options.script = i;
            return Ok(options);
        }
        let alone = arg.len() == 2;
        match arg.get(1) {
            None => {
                options.script = i;
                return Ok(options);
            }
            Some(b'-') if alone => {
                options.script = if i + 1 < argv.len() { i + 1 } else { 0 };
                return Ok(options);
            }
            Some(b'E') if alone => options.ignore_env = true,
            Some(b'W') if alone => options.warnings = true,
            Some(b'i') if alone => {
                options.interactive = true;
                options.version = true;
            }
            Some(b'v') if alone => options.version = true,
            Some(&option @ (b'e' | b'l')) => {
                options.execute |= option == b'e';
                if alone {
                    match argv.get(i + 1) {
                        Some(next) if !next.starts_with('-') => i += 1,
                        _ => return Err(i),
                    }
                }
            }
            _ => return Err(i),
        }
        i += 1;
    }
    Ok(options)
}

fn print_usage(bad_option: &str) {
    if matches!(bad_option.as_bytes().get(1), Some(b'e' | b'l'))
        || STATE_OPTIONS.contains(&bad_option)
    {
        eprintln!("{PROGNAME}: '{bad_option}' needs argument");
    } else {
        eprintln!("{PROGNAME}: unrecognized option '{bad_option}'");
    }
    eprint!(
        "usage: {PROGNAME} [options] [script [args]]\n\
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
         \x20                  (no file on an error or os.exit; finalizers do not run)\n"
    );
}

/// lua.c's `l_message`.
fn message(text: &str) {
    eprintln!("{PROGNAME}: {text}");
}

/// How errors are reported: with the program name, or without it in the REPL (lua.c clears
/// `progname` there).
type Report = fn(&str);

/// The REPL's `l_message`.
fn repl_message(text: &str) {
    eprintln!("{text}");
}

/// lua.c's `handle_luainit`: runs `LUA_INIT_5_4` (else `LUA_INIT`), a chunk or `@file`.
fn run_init(ctx: &mut VmContext<'_>) -> bool {
    let Some((name, init)) = ["LUA_INIT_5_4", "LUA_INIT"]
        .into_iter()
        .find_map(|name| Some((name, std::env::var_os(name)?)))
    else {
        return true;
    };
    let init = init.to_string_lossy();
    match init.strip_prefix('@') {
        Some(path) => run_file(ctx, Some(path), MultiValue::new()),
        None => run_chunk(ctx, init.as_bytes(), &format!("={name}"), MultiValue::new()),
    }
}

/// Runs `-e` and `-l` options in order (lua.c's `runargs`).
fn run_args(ctx: &mut VmContext<'_>, options: &[String]) -> bool {
    let mut i = 1;
    while i < options.len() {
        let option = &options[i];
        if STATE_OPTIONS.contains(&option.as_str()) {
            // Handled before the run; skip its file.
            i += 2;
            continue;
        }
        if let Some(kind @ ('e' | 'l')) = option.chars().nth(1) {
            let extra = if option.len() > 2 {
                &option[2..]
            } else {
                i += 1;
                &options[i]
            };
            let ok = if kind == 'e' {
                run_chunk(ctx, extra.as_bytes(), "=(command line)", MultiValue::new())
            } else {
                load_library(ctx, extra)
            };
            if !ok {
                return false;
            }
        }
        i += 1;
    }
    true
}

/// `-l [g=]mod`: `g = require("mod")`, through a global `require` when there is one.
fn load_library(ctx: &mut VmContext<'_>, spec: &str) -> bool {
    let (global, module) = spec.split_once('=').unwrap_or((spec, spec));
    let env = ctx.default_environment();
    let require = match env.get::<_, Value>("require", ctx) {
        Ok(Value::Function(require)) => require,
        _ => {
            message(&format!("module '{module}' not found (no 'require' yet)"));
            return false;
        }
    };
    match ctx.call_traced(require, module) {
        Ok(results) => env.set(global, results.get(0), ctx).is_ok(),
        Err(error) => {
            message(&error.to_string());
            false
        }
    }
}

/// lua.c's `handle_script`: the script file (stdin for `-` unless after `--`) with the
/// following arguments as `...`.
fn run_script(ctx: &mut VmContext<'_>, argv: &[String], script: usize) -> bool {
    let name = &argv[script];
    let stdin = name == "-" && argv[script - 1] != "--";
    let mut args = MultiValue::new();
    for arg in &argv[script + 1..] {
        args.push_back(Value::String(ctx.create_string(arg)));
    }
    run_file(ctx, (!stdin).then_some(name.as_str()), args)
}

/// Loads a file (stdin for `None`) like `luaL_loadfile` and runs it.
fn run_file(ctx: &mut VmContext<'_>, path: Option<&str>, args: MultiValue) -> bool {
    let read = match path {
        Some(path) => std::fs::read(path),
        None => {
            let mut source = Vec::new();
            std::io::stdin().read_to_end(&mut source).map(|_| source)
        }
    };
    let (source, chunk_name) = match (read, path) {
        (Ok(source), Some(path)) => (source, format!("@{path}")),
        (Ok(source), None) => (source, "=stdin".to_owned()),
        (Err(error), _) => {
            let what = if error.kind() == std::io::ErrorKind::NotFound {
                "No such file or directory".to_owned()
            } else {
                let text = error.to_string();
                text.split(" (os error")
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            };
            message(&format!("cannot open {}: {what}", path.unwrap_or("stdin")));
            return false;
        }
    };
    run_chunk(ctx, &file_chunk(&source), &chunk_name, args)
}

/// Compiles and runs a chunk, reporting errors (lua.c's `dochunk` + `report`).
fn run_chunk(ctx: &mut VmContext<'_>, source: &[u8], chunk_name: &str, args: MultiValue) -> bool {
    match ctx.load(source, chunk_name) {
        Ok(function) => call(ctx, function, args, message).is_some(),
        Err(error) => {
            message(&error.to_string());
            false
        }
    }
}

/// lua.c's `docall`: runs `function`, reporting an uncaught error with its traceback.
fn call(
    ctx: &mut VmContext<'_>,
    function: FunctionRef,
    args: MultiValue,
    report: Report,
) -> Option<MultiValue> {
    let _ = std::io::stdout().flush();
    match ctx.call_traced(function, args) {
        Ok(results) => Some(results),
        Err(error) => {
            report(&error.to_string());
            None
        }
    }
}

/// The read-eval-print loop (lua.c's `doREPL`): an expression's values are printed, an
/// incomplete statement continues on the next line.
fn repl(ctx: &mut VmContext<'_>) {
    // Each line is read under its own lock of stdin: the chunks run in between may read
    // stdin themselves (`io.read`).
    let mut read = |prompt: &str| {
        print!("{prompt}");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                if line.ends_with('\n') {
                    line.pop();
                    if line.ends_with('\r') {
                        line.pop();
                    }
                }
                Some(line)
            }
        }
    };
    while let Some(line) = read("> ") {
        let function = match ctx.load(format!("return {line}"), "=stdin") {
            Ok(function) => function,
            Err(_) => match load_statement(ctx, line, &mut read) {
                Ok(function) => function,
                Err(error) => {
                    repl_message(&error.to_string());
                    continue;
                }
            },
        };
        if let Some(results) = call(ctx, function, MultiValue::new(), repl_message)
            && !results.is_empty()
        {
            let env = ctx.default_environment();
            let printed = match env.get::<_, Value>("print", ctx) {
                Ok(Value::Function(print)) => ctx.call_traced(print, results).map(drop),
                _ => Ok(()),
            };
            if let Err(error) = printed {
                repl_message(&format!("error calling 'print' ({})", error.message));
            }
        }
    }
    println!();
}

/// Compiles `line` as a statement, reading more lines while it is incomplete.
fn load_statement(
    ctx: &mut VmContext<'_>,
    mut buffer: String,
    read: &mut impl FnMut(&str) -> Option<String>,
) -> Result<FunctionRef, RuntimeError> {
    loop {
        match ctx.load(&buffer, "=stdin") {
            Err(error) if is_incomplete(&error) => match read(">> ") {
                Some(line) => {
                    buffer.push('\n');
                    buffer.push_str(&line);
                }
                None => return Err(error),
            },
            result => return result,
        }
    }
}
