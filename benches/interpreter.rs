//! Interpreter benchmarks: small Lua workloads (`benches/lua/*.lua`) run by Red Moon and, in the
//! same run, by the reference `lua5.4` interpreter.
//!
//! Each workload is a criterion group with three functions:
//!
//! - `red_moon`: the script is compiled and loaded once, into a VM with the standard
//!   libraries, outside the timing. Each iteration takes a snapshot of that prepared VM
//!   (`Vm::clone`, O(1), tens of nanoseconds), calls the chunk in it and drops it. So the time
//!   is execution plus freeing everything the script allocated (as `lua_close` does at the end
//!   of a `lua5.4` process), without VM creation, library registration or compilation.
//! - `lua5.4`: spawning `lua5.4 script.lua` (stdout discarded) and waiting for it: process
//!   start-up, compilation, execution and teardown.
//! - `lua5.4_startup`: spawning `lua5.4 -e ''`, to subtract the process start-up from the
//!   `lua5.4` figure (measured in every group, next to the number it corrects).
//!
//! Before a group is timed, the script runs once under each interpreter and what it prints must
//! be the same (the bench panics otherwise). In the timed Red Moon runs `print` is a no-op.
//!
//! If `lua5.4` is not on the `PATH`, the `lua5.4` functions are skipped with a message.
//!
//! Run with `cargo bench --bench interpreter`. Under `cargo test --benches` (criterion's test
//! mode) every function runs once.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use criterion::{Criterion, SamplingMode};
use red_moon::interpreter::{CallContext, FunctionRef, MultiValue, Vm, VmContext};

/// Workload scripts, by file stem under `benches/lua/`.
const WORKLOADS: [&str; 10] = [
    "fib", "loop", "entities", "methods", "strings", "closures", "format", "gsub", "sort", "concat",
];

/// The reference interpreter, looked up on the `PATH`.
const LUA: &str = "lua5.4";

fn script_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches")
        .join("lua")
        .join(format!("{name}.lua"))
}

/// Whether `lua5.4` can be run.
fn lua_available() -> bool {
    Command::new(LUA)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs `lua5.4` with `args`, stdout discarded; panics if it fails.
fn run_lua(args: &[&std::ffi::OsStr]) {
    let status = Command::new(LUA)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("lua5.4 runs");
    assert!(status.success(), "lua5.4 {args:?} failed: {status}");
}

/// What `lua5.4 script` prints.
fn lua_output(script: &Path) -> String {
    let output = Command::new(LUA).arg(script).output().expect("lua5.4 runs");
    assert!(
        output.status.success(),
        "lua5.4 {} failed: {}",
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("lua5.4 prints UTF-8")
}

/// A VM with the standard libraries, `print` replaced by `print`, and the script
/// loaded: returns the VM and the chunk's main function.
fn prepare<F>(source: &[u8], chunk_name: &str, print: F) -> (Vm, FunctionRef)
where
    F: Fn(CallContext, &mut VmContext<'_>) -> Result<MultiValue, red_moon::errors::RuntimeError>
        + Send
        + Sync
        + 'static,
{
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    let print = ctx.create_function(print);
    ctx.default_environment()
        .raw_set("print", print, ctx)
        .expect("replace print");
    let chunk = ctx.load(source, chunk_name).expect("the script compiles");
    (vm, chunk)
}

/// Runs the script once in Red Moon and returns what it prints (`tostring` of each argument,
/// tab-separated, one line per `print` call, as lua5.4 does).
fn red_moon_output(source: &[u8], chunk_name: &str) -> String {
    let printed = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&printed);
    let (mut vm, chunk) = prepare(source, chunk_name, move |call, ctx| {
        let tostring: FunctionRef = ctx.default_environment().raw_get("tostring", ctx)?;
        let mut line = String::new();
        for (i, &value) in call.args().iter().enumerate() {
            if i > 0 {
                line.push('\t');
            }
            line.push_str(&tostring.call::<_, String>(value, ctx)?);
        }
        line.push('\n');
        sink.lock().expect("print sink").push_str(&line);
        Ok(MultiValue::new())
    });
    let ctx = &mut vm.context();
    if let Err(error) = chunk.call::<_, MultiValue>((), ctx) {
        panic!("{chunk_name} failed in Red Moon: {error}");
    }
    printed.lock().expect("print sink").clone()
}

/// Whether criterion only lists the benchmarks (`--list`): no need to check outputs then.
fn listing() -> bool {
    std::env::args().any(|a| a == "--list")
}

/// Panics unless the script prints the same under Red Moon and (if available) lua5.4.
fn check_output(source: &[u8], chunk_name: &str, path: &Path, lua: bool) {
    let red_moon_printed = red_moon_output(source, chunk_name);
    if lua {
        let lua_printed = lua_output(path);
        assert_eq!(
            red_moon_printed,
            lua_printed,
            "{} prints different results in Red Moon and lua5.4",
            path.display()
        );
    }
}

fn bench_workload(c: &mut Criterion, name: &str, lua: bool) {
    let path = script_path(name);
    let source = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let chunk_name = format!("@benches/lua/{name}.lua");
    if !listing() {
        check_output(&source, &chunk_name, &path, lua);
    }

    let (base, chunk) = prepare(&source, &chunk_name, |_, _| Ok(MultiValue::new()));

    let mut group = c.benchmark_group(name);
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));

    group.bench_function("red_moon", |b| {
        b.iter(|| {
            let mut vm = base.clone();
            let result = chunk.call::<_, MultiValue>((), &mut vm.context());
            if let Err(error) = result {
                panic!("{chunk_name} failed in Red Moon: {error}");
            }
            drop(vm);
        });
    });

    if lua {
        group.bench_function("lua5.4", |b| {
            b.iter(|| run_lua(&[path.as_os_str()]));
        });
        group.bench_function("lua5.4_startup", |b| {
            b.iter(|| run_lua(&["-e".as_ref(), "".as_ref()]));
        });
    }
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let lua = lua_available();
    if !lua {
        println!("{LUA} not found on the PATH: skipping the lua5.4 functions");
    }
    for name in WORKLOADS {
        bench_workload(&mut criterion, name, lua);
    }
    criterion.final_summary();
}
