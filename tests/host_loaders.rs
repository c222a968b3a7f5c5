//! Host-provided services of the base and package libraries: `print`/`warn` sinks, the file
//! loader behind `loadfile`/`dofile`/`require`, and the guarantee that without a loader no
//! script reaches the file system. Expected strings were checked against lua5.4 run on the
//! same files from a real directory.

use red_moon::interpreter::{MultiValue, Value, Vm, VmContext};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

type Captured = Arc<Mutex<Vec<u8>>>;

fn new_vm() -> Vm {
    let mut vm = Vm::default();
    vm.context().open_standard_libraries();
    vm
}

/// Sends `print` to a buffer and returns it.
fn capture_print(ctx: &mut VmContext<'_>) -> Captured {
    let out: Captured = Arc::default();
    let sink = Arc::clone(&out);
    ctx.set_print_sink(move |bytes: &[u8]| sink.lock().unwrap().extend_from_slice(bytes));
    out
}

fn capture_warn(ctx: &mut VmContext<'_>) -> Captured {
    let out: Captured = Arc::default();
    let sink = Arc::clone(&out);
    ctx.set_warn_sink(move |bytes: &[u8]| sink.lock().unwrap().extend_from_slice(bytes));
    out
}

fn text(captured: &Captured) -> String {
    String::from_utf8_lossy(&captured.lock().unwrap()).into_owned()
}

fn run(ctx: &mut VmContext<'_>, code: &str) -> Result<MultiValue, String> {
    let f = ctx.load(code, "=test").map_err(|e| e.to_string())?;
    f.call::<_, MultiValue>((), ctx).map_err(|e| e.to_string())
}

/// Runs `code`, which must succeed, with `print` captured; returns what it printed.
fn printed(ctx: &mut VmContext<'_>, code: &str) -> String {
    let out = capture_print(ctx);
    if let Err(error) = run(ctx, code) {
        panic!("{error}\nprinted so far:\n{}", text(&out));
    }
    text(&out)
}

/// An in-memory file system, counting reads.
fn memory_files(
    files: &[(&str, &[u8])],
) -> (
    impl Fn(&str) -> Result<Vec<u8>, String> + Send + Sync + 'static,
    Arc<AtomicUsize>,
) {
    let map: BTreeMap<String, Vec<u8>> = files
        .iter()
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();
    let reads = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&reads);
    let loader = move |name: &str| {
        counter.fetch_add(1, Ordering::SeqCst);
        map.get(name)
            .cloned()
            .ok_or_else(|| "No such file or directory".to_owned())
    };
    (loader, reads)
}

/// The files of the lua5.4 reference run (see the module comment).
const FILES: &[(&str, &[u8])] = &[
    (
        "./mod.lua",
        b"count = (count or 0) + 1\nreturn {name = ..., file = select(2, ...), count = count}\n",
    ),
    ("./a/b.lua", b"return \"sub \" .. ...\n"),
    ("./pkg/init.lua", b"return \"init of \" .. ...\n"),
    ("./bad.lua", b"x x\n"),
    ("./boom.lua", b"local t = nil\nreturn t.field\n"),
    ("shebang.lua", b"#!/usr/bin/lua\nerror(\"line two\")\n"),
    ("bom.lua", b"\xef\xbb\xbfreturn \"bom ok\"\n"),
    ("args.lua", b"return ...\n"),
    ("env.lua", b"return x\n"),
    ("bad.lua", b"x x\n"),
    ("boom.lua", b"local t = nil\nreturn t.field\n"),
    ("mod.lua", b"return 1\n"),
    ("bin.luac", b"\x1bLua"),
];

#[test]
fn print_goes_to_the_sink_with_tostring_semantics() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let out = printed(
        ctx,
        r##"
        print(1, "a", nil, true, 1.5, 2^63, -0.0)
        print()
        print("zero\0byte")
        print(setmetatable({}, {__tostring = function() return "OBJ" end}), 42)
        print(setmetatable({}, {__tostring = function() return 7 end}))
        "##,
    );
    assert_eq!(
        out,
        "1\ta\tnil\ttrue\t1.5\t9.2233720368548e+18\t-0.0\n\nzero\0byte\nOBJ\t42\n7\n"
    );
}

#[test]
fn print_errors_leave_the_sink_untouched() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let out = capture_print(ctx);
    let error = run(
        ctx,
        "print('before', setmetatable({}, {__tostring = function() return {} end}))",
    )
    .unwrap_err();
    assert_eq!(error, "test:1: '__tostring' must return a string");
    let error = run(
        ctx,
        "print(setmetatable({}, {__tostring = function() error('inside') end}))",
    )
    .unwrap_err();
    assert_eq!(error, "test:1: inside");
    assert_eq!(text(&out), "");
    // `__name` is used when there is no `__tostring`.
    run(
        ctx,
        "local s = tostring(setmetatable({}, {__name = 'Point'})) print(string.sub(s, 1, 7))",
    )
    .unwrap();
    assert_eq!(text(&out), "Point: \n");
}

#[test]
fn warnings_start_off_and_follow_control_messages() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let warnings = capture_warn(ctx);
    assert!(!ctx.warnings_enabled());
    run(
        ctx,
        r##"
        warn("hidden")
        warn("@on")
        warn("a", "b", 3)
        warn("@on", "x")
        warn("@unknown")
        warn("zero\0after", "next")
        warn("@off")
        warn("hidden again")
        "##,
    )
    .unwrap();
    assert_eq!(
        text(&warnings),
        "Lua warning: ab3\nLua warning: @onx\nLua warning: zeronext\n"
    );
    assert!(!ctx.warnings_enabled());
    // The host can turn them on (lua5.4's `lua -W`).
    ctx.set_warnings(true);
    assert!(ctx.warnings_enabled());
    run(ctx, "warn('from host on')").unwrap();
    assert!(text(&warnings).ends_with("Lua warning: from host on\n"));
    let error = run(ctx, "warn('a', nil)").unwrap_err();
    assert_eq!(
        error,
        "test:1: bad argument #2 to 'warn' (string expected, got nil)"
    );
}

#[test]
fn warning_state_is_vm_state_and_sinks_are_shared_by_snapshots() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let warnings = capture_warn(ctx);
    let out = capture_print(ctx);
    run(ctx, "warn('@on')").unwrap();
    let snapshot = vm.clone();
    let ctx = &mut vm.context();
    run(ctx, "warn('@off') warn('dropped') print('original')").unwrap();
    let mut restored = snapshot.clone();
    let ctx = &mut restored.context();
    assert!(ctx.warnings_enabled());
    run(ctx, "warn('kept') print('snapshot')").unwrap();
    assert_eq!(text(&warnings), "Lua warning: kept\n");
    assert_eq!(text(&out), "original\nsnapshot\n");
    // Resetting the sinks in one VM does not affect the other's.
    ctx.reset_output_sinks();
    let ctx = &mut vm.context();
    run(ctx, "print('still captured')").unwrap();
    assert_eq!(text(&out), "original\nsnapshot\nstill captured\n");
}

#[test]
fn require_finds_files_through_the_host_loader() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let (loader, _) = memory_files(FILES);
    ctx.set_file_loader(loader);
    let out = printed(
        ctx,
        r##"
        local m, data = require("mod")
        print("mod", m.name, m.file, m.count, data)
        print("cached", require("mod") == m, count, select("#", require("mod")))
        print("dotted", require("a.b"))
        print("init", require("pkg"))
        print("bad", pcall(require, "bad"))
        print("bad from lua", pcall(function() require("bad") end))
        print("boom", pcall(require, "boom"))
        print("boom cached", package.loaded.boom)
        print("searchpath", package.searchpath("a.b", package.path))
        print("searchpath init", package.searchpath("pkg", package.path))
        print("missing", pcall(require, "missing"))
        "##,
    );
    assert_eq!(
        out,
        "mod\tmod\t./mod.lua\t1\t./mod.lua\n\
         cached\ttrue\t1\t1\n\
         dotted\tsub a.b\t./a/b.lua\n\
         init\tinit of pkg\t./pkg/init.lua\n\
         bad\tfalse\terror loading module 'bad' from file './bad.lua':\n\t./bad.lua:1: syntax error near 'x'\n\
         bad from lua\tfalse\terror loading module 'bad' from file './bad.lua':\n\t./bad.lua:1: syntax error near 'x'\n\
         boom\tfalse\t./boom.lua:2: attempt to index a nil value (local 't')\n\
         boom cached\tnil\n\
         searchpath\t./a/b.lua\n\
         searchpath init\t./pkg/init.lua\n\
         missing\tfalse\tmodule 'missing' not found:\n\tno field package.preload['missing']\n\
         \tno file './missing.lua'\n\tno file './missing/init.lua'\n"
    );
}

#[test]
fn require_caches_and_snapshots_roll_back_loaded_modules() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let (loader, reads) = memory_files(FILES);
    ctx.set_file_loader(loader);
    let snapshot = vm.clone();
    let ctx = &mut vm.context();
    assert_eq!(
        printed(ctx, "require('mod') require('mod') print(count)"),
        "1\n"
    );
    let reads_after_first = reads.load(Ordering::SeqCst);
    assert_eq!(reads_after_first, 1, "one read finds ./mod.lua");
    assert_eq!(printed(ctx, "print(require('mod').count)"), "1\n");
    assert_eq!(reads.load(Ordering::SeqCst), 1, "cached: no more reads");
    // The snapshot predates the require: the module runs again there (the loader is shared).
    let mut restored = snapshot.clone();
    let ctx = &mut restored.context();
    assert_eq!(
        printed(ctx, "print(package.loaded.mod, require('mod').count)"),
        "nil\t1\n"
    );
    assert_eq!(reads.load(Ordering::SeqCst), 2);
}

#[test]
fn dofile_and_loadfile_use_the_host_loader() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let (loader, _) = memory_files(FILES);
    ctx.set_file_loader(loader);
    let out = printed(
        ctx,
        r##"
        print("dofile", dofile("args.lua"))
        print("dofile shebang", pcall(dofile, "shebang.lua"))
        print("dofile bom", dofile("bom.lua"))
        print("dofile missing", pcall(dofile, "missing.lua"))
        print("dofile bad", pcall(dofile, "bad.lua"))
        print("dofile from lua", pcall(function() dofile("bad.lua") end))
        print("dofile boom", pcall(function() dofile("boom.lua") end))
        print("loadfile", loadfile("args.lua")(1, 2))
        print("loadfile env", loadfile("env.lua", "t", {x = "from env"})())
        print("loadfile nil env", pcall(loadfile("env.lua", "t", nil)))
        print("loadfile mode b", loadfile("args.lua", "b"))
        print("loadfile missing", loadfile("missing.lua"))
        print("loadfile bad", loadfile("bad.lua"))
        print("loadfile binary t", loadfile("bin.luac", "t"))
        print("dofile results", select("#", dofile("mod.lua")))
        "##,
    );
    assert_eq!(
        out,
        "dofile\n\
         dofile shebang\tfalse\tshebang.lua:2: line two\n\
         dofile bom\tbom ok\n\
         dofile missing\tfalse\tcannot open missing.lua: No such file or directory\n\
         dofile bad\tfalse\tbad.lua:1: syntax error near 'x'\n\
         dofile from lua\tfalse\tbad.lua:1: syntax error near 'x'\n\
         dofile boom\tfalse\tboom.lua:2: attempt to index a nil value (local 't')\n\
         loadfile\t1\t2\n\
         loadfile env\tfrom env\n\
         loadfile nil env\tfalse\tenv.lua:1: attempt to index a nil value (upvalue '_ENV')\n\
         loadfile mode b\tnil\tattempt to load a text chunk (mode is 'b')\n\
         loadfile missing\tnil\tcannot open missing.lua: No such file or directory\n\
         loadfile bad\tnil\tbad.lua:1: syntax error near 'x'\n\
         loadfile binary t\tnil\tattempt to load a binary chunk (mode is 't')\n\
         dofile results\t1\n"
    );
}

#[test]
fn binary_chunks_are_refused() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let (loader, _) = memory_files(FILES);
    ctx.set_file_loader(loader);
    let out = printed(
        ctx,
        r##"
        print(load("\27Lua"))
        print(load("\27Lua", "=bin"))
        print(load("\27Lua", "@file.luac", "b"))
        print(loadfile("bin.luac"))
        print(loadfile("bin.luac", "b"))
        "##,
    );
    let refused = "bad binary format (truncated chunk)";
    assert_eq!(
        out,
        format!(
            "nil\tbinary string: {refused}\nnil\tbin: {refused}\nnil\tfile.luac: {refused}\n\
             nil\tbin.luac: {refused}\nnil\tbin.luac: {refused}\n"
        )
    );
}

#[test]
fn preloaded_rust_modules_and_require_results() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let loader = ctx.create_function(|call, ctx| {
        let name = call.args().get(0);
        let data = call.args().get(1);
        let module = ctx.create_table();
        module.set("name", name, ctx)?;
        module.set("data", data, ctx)?;
        Ok(MultiValue::from_iter([Value::Table(module)]))
    });
    let package: red_moon::interpreter::TableRef =
        ctx.default_environment().get("package", ctx).unwrap();
    let preload: red_moon::interpreter::TableRef = package.get("preload", ctx).unwrap();
    preload.set("native", loader, ctx).unwrap();
    assert_eq!(
        printed(
            ctx,
            "local m, d = require('native') print(m.name, m.data, d, require('native') == m)"
        ),
        "native\t:preload:\t:preload:\ttrue\n"
    );
}

#[test]
fn without_a_loader_nothing_reaches_the_file_system() {
    // A real file the scripts try to reach by absolute path.
    let dir = std::env::temp_dir().join(format!("red_moon_host_loaders_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("probe.lua");
    std::fs::write(&file, "return 'read from disk'").unwrap();
    let path = file.to_str().unwrap().to_owned();
    let dir_path = dir.to_str().unwrap().to_owned();

    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let code = format!(
        r##"
        package.path = "{dir_path}/?.lua"
        print(pcall(dofile, "{path}"))
        print(loadfile("{path}"))
        print(pcall(require, "probe"))
        print(package.searchpath("probe", package.path))
        print(loadfile())
        print(pcall(dofile))
        "##
    );
    let out = printed(ctx, &code);
    assert_eq!(
        out,
        format!(
            "false\tcannot open {path}: file access is not available\n\
             nil\tcannot open {path}: file access is not available\n\
             false\tmodule 'probe' not found:\n\tno field package.preload['probe']\n\
             \tno file '{dir_path}/probe.lua'\n\
             nil\tno file '{dir_path}/probe.lua'\n\
             nil\tcannot open stdin: standard input is not available\n\
             false\tcannot open stdin: standard input is not available\n"
        )
    );

    // The trusted host (the stand-alone interpreter) installs the real file system.
    ctx.set_file_system_loader();
    let out = printed(ctx, &code);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "true\tread from disk");
    assert!(lines[1].starts_with("function: 0x"), "{}", lines[1]);
    assert_eq!(lines[2], format!("true\tread from disk\t{path}"));
    assert_eq!(lines[3], path);
    assert_eq!(
        lines[4],
        "nil\tcannot open stdin: standard input is not available"
    );
    assert_eq!(lines.len(), 6);
    let missing = printed(ctx, "print(loadfile('/nonexistent-red-moon/x.lua'))");
    assert_eq!(
        missing,
        "nil\tcannot open /nonexistent-red-moon/x.lua: No such file or directory\n"
    );

    // Removing the loader closes the file system again.
    ctx.remove_file_loader();
    let out = printed(ctx, &format!("print(loadfile('{path}'))"));
    assert_eq!(
        out,
        format!("nil\tcannot open {path}: file access is not available\n")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn package_defaults() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    assert_eq!(
        printed(
            ctx,
            "print(package.path, #package.searchers, package.cpath, package.loadlib)"
        ),
        "./?.lua;./?/init.lua\t2\t\tnil\n"
    );
    // The default path finds `./mod.lua` for `require "mod"`.
    ctx.set_file_loader(|name: &str| {
        if name == "./mod.lua" {
            Ok(b"return 'found ' .. select(2, ...)".to_vec())
        } else {
            Err("No such file or directory".to_owned())
        }
    });
    assert_eq!(
        printed(ctx, "print(require 'mod')"),
        "found ./mod.lua\t./mod.lua\n"
    );
}

#[test]
fn open_package_library_after_other_libraries_registers_them() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_base_library();
    ctx.open_string_library();
    ctx.open_package_library();
    ctx.open_table_library();
    assert_eq!(
        printed(
            ctx,
            "print(package.loaded.string == string, package.loaded.table, package.loaded._G == _G)"
        ),
        "true\tnil\ttrue\n"
    );
}

#[test]
fn collectgarbage_count_grows_with_the_heap() {
    let mut vm = new_vm();
    let ctx = &mut vm.context();
    let out = printed(
        ctx,
        r##"
        local before = collectgarbage("count")
        local keep = {}
        for i = 1, 100 do keep[i] = {} end
        local after = collectgarbage("count")
        print(math.type(before), after > before, after - before >= 100 * 56 / 1024)
        "##,
    );
    assert_eq!(out, "float\ttrue\ttrue\n");
}

/// A chunk run by `dofile` may yield (lua5.4 runs it with a continuation).
#[test]
fn dofile_chunks_can_yield() {
    let mut vm = red_moon::interpreter::Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    ctx.set_file_loader(|name: &str| {
        if name == "yields.lua" {
            Ok(b"local x, z = coroutine.yield(10)\nlocal y = coroutine.yield(20)\nreturn x + y * z"
                .to_vec())
        } else {
            Err(format!("cannot open {name}"))
        }
    });
    let f = ctx
        .load(
            "local f = coroutine.wrap(dofile)\n\
             return f('yields.lua'), f(100, 101), f(200)",
            "=test",
        )
        .unwrap();
    let (a, b, c): (i64, i64, i64) = f.call((), ctx).unwrap();
    assert_eq!((a, b, c), (10, 20, 100 + 200 * 101));
}
