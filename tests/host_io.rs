//! The `os` library (safe subset and host-only part) and the host-only `io` library.
//!
//! - `tests/host_io/NAME.lua` programs run with the `io` and host `os` libraries on a fresh
//!   scratch directory (under `std::env::temp_dir()`, removed afterwards) and must return
//!   `NAME.expected`, produced by lua5.4 (`tests/host_io/generate_expected.sh`).
//! - `tests/lua/os_library/*.lua` run here with the safe `os` library opened explicitly, so
//!   they are checked whether or not `open_standard_libraries` includes it. Their expected
//!   output was generated with `TZ=UTC` (`TZ=UTC tests/lua/generate_expected.sh
//!   os_library/NAME.lua`): Red Moon has no local time zone and formats local times in UTC.
//! - Rust tests cover what differs from lua5.4 on purpose (clock hooks, UTC local time,
//!   `isdst`, `tostring(file)` ids, huge read counts) and the sandbox: host-only functions
//!   are absent from VMs with only the standard libraries.

use red_moon::interpreter::{MultiValue, StringRef, Value, Vm, VmContext};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

fn manifest_path(parts: &[&str]) -> PathBuf {
    let mut path = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for part in parts {
        path.push(part);
    }
    path
}

/// A fresh, empty directory under the system's temporary directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "red_moon_host_io_{}_{name}_{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("scratch directory");
        Scratch(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn text(&self) -> String {
        self.0.to_str().expect("UTF-8 temp path").to_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A VM with the standard libraries, `io` and the host `os` library.
fn host_vm() -> Vm {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    ctx.open_io_library();
    ctx.open_host_os_library();
    vm
}

/// Runs `source` with `args`; its first result as a string (errors become `error: ...`).
fn run(ctx: &mut VmContext<'_>, source: &str, chunk: &str, args: MultiValue) -> String {
    let result = ctx
        .load(source, chunk)
        .and_then(|f| f.call::<_, MultiValue>(args, ctx));
    match result {
        Ok(results) => match results.get(0) {
            Value::String(s) => String::from_utf8_lossy(s.as_bytes(ctx).unwrap()).into_owned(),
            other => format!("{other:?}"),
        },
        Err(error) => format!("error: {error}"),
    }
}

/// Runs `source` in a host VM with the scratch directory's path as `...`.
fn run_host(source: &str, scratch: &Scratch) -> String {
    let mut vm = host_vm();
    let ctx = &mut vm.context();
    let dir = Value::String(ctx.create_string(scratch.text()));
    run(ctx, source, "=test", MultiValue::from_iter([dir]))
}

#[test]
fn host_io_programs() {
    let dir = manifest_path(&["tests", "host_io"]);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/host_io")
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.ends_with(".lua"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let mut failures = Vec::new();
    for name in &names {
        let source = std::fs::read_to_string(dir.join(name)).unwrap();
        let expected = std::fs::read_to_string(dir.join(name).with_extension("expected"))
            .unwrap_or_else(|e| panic!("{name}: expected output: {e}"));
        let scratch = Scratch::new(name.trim_end_matches(".lua"));
        let mut vm = host_vm();
        let ctx = &mut vm.context();
        let arg = Value::String(ctx.create_string(scratch.text()));
        let got = run(
            ctx,
            &source,
            &format!("@{name}"),
            MultiValue::from_iter([arg]),
        );
        drop(vm);
        if got != expected {
            failures.push(format!("--- {name}\nexpected:\n{expected}\ngot:\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn os_library_programs() {
    let dir = manifest_path(&["tests", "lua"]);
    let mut names: Vec<String> = std::fs::read_dir(dir.join("os_library"))
        .expect("tests/lua/os_library")
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.ends_with(".lua"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let relative = format!("os_library/{name}");
        let source = std::fs::read_to_string(dir.join(&relative)).unwrap();
        let expected =
            std::fs::read_to_string(dir.join(&relative).with_extension("expected")).unwrap();
        let mut vm = Vm::default();
        let ctx = &mut vm.context();
        ctx.open_standard_libraries();
        ctx.open_os_library();
        // Capture `print` into a table and return its lines.
        let wrapped = format!(
            "local lines = {{}}\n\
             local function print(...)\n\
               local n = select('#', ...)\n\
               local parts = {{...}}\n\
               for i = 1, n do parts[i] = tostring(parts[i]) end\n\
               lines[#lines + 1] = table.concat(parts, '\\t', 1, n) .. '\\n'\n\
             end\n\
             local env = setmetatable({{print = print}}, {{__index = _G}})\n\
             load({source:?}, '@{relative}', 't', env)()\n\
             return table.concat(lines)"
        );
        let got = run(ctx, &wrapped, "=wrapper", MultiValue::new());
        assert_eq!(got, expected, "{relative}");
    }
}

#[test]
fn standard_libraries_have_no_host_functions() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    let probe = "local found = {}\n\
        if io ~= nil then found[#found + 1] = 'io' end\n\
        if os ~= nil then\n\
          for _, k in ipairs{'getenv', 'remove', 'rename', 'tmpname', 'exit', 'execute',\n\
                             'setlocale'} do\n\
            if os[k] ~= nil then found[#found + 1] = 'os.' .. k end\n\
          end\n\
        end\n\
        return table.concat(found, ' ')";
    assert_eq!(run(ctx, probe, "=probe", MultiValue::new()), "");
    // With the safe `os` subset opened too, still nothing host-only.
    ctx.open_os_library();
    assert_eq!(run(ctx, probe, "=probe", MultiValue::new()), "");
    let names = "local n = 0 for name in pairs(os) do n = n + 1 end\n\
        return n .. ' ' .. type(os.clock) .. type(os.date) .. type(os.difftime) .. type(os.time)";
    assert_eq!(
        run(ctx, names, "=names", MultiValue::new()),
        "4 functionfunctionfunctionfunction"
    );
}

#[test]
fn safe_os_without_clocks_is_deterministic() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    ctx.open_os_library();
    let check = |ctx: &mut VmContext<'_>, source: &str| run(ctx, source, "=t", MultiValue::new());
    assert_eq!(
        check(
            ctx,
            "return tostring(os.clock()) .. ' ' .. math.type(os.clock())"
        ),
        "0.0 float"
    );
    assert_eq!(
        check(ctx, "return select(2, pcall(os.time))"),
        "os.time: no wall clock provided by the host"
    );
    assert_eq!(
        check(ctx, "return select(2, pcall(os.time, nil))"),
        "os.time: no wall clock provided by the host"
    );
    assert_eq!(
        check(
            ctx,
            "return select(2, pcall(function() return os.time() end))"
        ),
        "t:1: os.time: no wall clock provided by the host"
    );
    assert_eq!(
        check(ctx, "return select(2, pcall(os.date))"),
        "os.date: no wall clock provided by the host"
    );
    assert_eq!(
        check(ctx, "return select(2, pcall(os.date, '!%Y', nil))"),
        "os.date: no wall clock provided by the host"
    );
    // The time is needed before the format is looked at (lua5.4's order).
    assert_eq!(
        check(ctx, "return select(2, pcall(os.date, '%Ez'))"),
        "os.date: no wall clock provided by the host"
    );
    // Explicit times need no clock.
    assert_eq!(
        check(ctx, "return os.date('!%F %T', 86400 * 365)"),
        "1971-01-01 00:00:00"
    );
}

#[test]
fn host_clocks_are_used_and_shared_by_snapshots() {
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    ctx.open_os_library();
    ctx.set_clock(|| 2.5);
    ctx.set_wall_clock(|| 1_000_000_000);
    let snapshot = vm.clone();
    for mut vm in [vm, snapshot] {
        let ctx = &mut vm.context();
        let got = run(
            ctx,
            "return os.clock() .. ' ' .. os.time() .. ' ' .. os.date('!%c') .. ' ' .. \
             os.date('%Z') .. ' ' .. os.date('*t').hour .. ' ' .. os.date(nil, 0)",
            "=t",
            MultiValue::new(),
        );
        assert_eq!(
            got,
            "2.5 1000000000 Sun Sep  9 01:46:40 2001 UTC 1 Thu Jan  1 00:00:00 1970"
        );
    }
}

#[test]
fn isdst_is_ignored_and_always_false() {
    // glibc's mktime moves a UTC time marked `isdst = true` one hour back; Red Moon has no
    // daylight saving time and ignores the field.
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    ctx.open_os_library();
    let got = run(
        ctx,
        "local t = {year = 2020, month = 1, day = 1, isdst = true}\n\
         local a = os.time(t)\n\
         return a .. ' ' .. os.time{year = 2020, month = 1, day = 1} .. ' ' .. tostring(t.isdst)",
        "=t",
        MultiValue::new(),
    );
    assert_eq!(got, "1577880000 1577880000 false");
}

#[test]
fn host_os_installs_real_clocks() {
    let mut vm = host_vm();
    let ctx = &mut vm.context();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let got = run(
        ctx,
        "return os.time() .. ' ' .. math.type(os.clock()) .. ' ' .. tostring(os.clock() >= 0) \
         .. ' ' .. os.date('!%Y', os.time()) .. ' ' .. #os.date()",
        "=t",
        MultiValue::new(),
    );
    let mut parts = got.split(' ');
    let time: i64 = parts.next().unwrap().parse().expect(&got);
    assert!((time - now).abs() < 60, "{got}");
    assert_eq!(parts.next(), Some("float"));
    assert_eq!(parts.next(), Some("true"));
    assert_eq!(parts.next().map(str::len), Some(4));
    assert_eq!(parts.next(), Some("24"));
}

#[test]
fn file_tostring_shows_an_id() {
    let scratch = Scratch::new("tostring");
    let got = run_host(
        "local dir = ...\n\
         local f = assert(io.open(dir .. '/t', 'w'))\n\
         local a = tostring(f)\n\
         f:close()\n\
         return a .. ' ' .. tostring(f) .. ' ' .. tostring(io.stdout):sub(1, 8)",
        &scratch,
    );
    let (open, rest) = got.split_at("file (0x".len() + 8 + 1);
    assert!(open.starts_with("file (0x") && open.ends_with(')'), "{got}");
    assert!(
        open["file (0x".len()..open.len() - 1]
            .chars()
            .all(|c| c.is_ascii_hexdigit()),
        "{got}"
    );
    assert_eq!(rest, " file (closed) file (0x");
    // The same program gives the same ids in two VMs.
    assert_eq!(
        run_host("return tostring(io.stdin) .. tostring(io.stderr)", &scratch),
        run_host("return tostring(io.stdin) .. tostring(io.stderr)", &scratch)
    );
}

#[test]
fn huge_read_counts_read_the_rest() {
    // lua5.4 tries to allocate the whole count first (`not enough memory`); Red Moon reads
    // what there is.
    let scratch = Scratch::new("huge");
    let got = run_host(
        "local dir = ...\n\
         local f = assert(io.open(dir .. '/t', 'w+'))\n\
         f:write('hello world')\n\
         f:seek('set', 6)\n\
         local a = f:read(math.maxinteger)\n\
         f:seek('set')\n\
         local b = f:read(-1)\n\
         f:close()\n\
         return a .. '|' .. b",
        &scratch,
    );
    assert_eq!(got, "world|hello world");
}

#[test]
fn files_close_through_close_variables_and_flush_on_drop() {
    let scratch = Scratch::new("close");
    let got = run_host(
        "local dir = ...\n\
         local kept\n\
         do\n\
           local f <close> = assert(io.open(dir .. '/a', 'w'))\n\
           f:write('closed by <close>')\n\
           kept = f\n\
         end\n\
         local g = assert(io.open(dir .. '/b', 'w'))\n\
         g:write('flushed when the VM is dropped')\n\
         return io.type(kept) .. '|' .. io.open(dir .. '/a'):read('a')",
        &scratch,
    );
    assert_eq!(got, "closed file|closed by <close>");
    assert_eq!(
        std::fs::read_to_string(scratch.path().join("b")).unwrap(),
        "flushed when the VM is dropped"
    );
}

#[test]
fn tmpname_and_tmpfile() {
    let scratch = Scratch::new("tmp");
    let got = run_host(
        "local name = os.tmpname()\n\
         local f = assert(io.open(name))\n\
         local empty = f:read('a')\n\
         f:close()\n\
         local other = os.tmpname()\n\
         local t = io.tmpfile()\n\
         t:write('scratch data')\n\
         t:seek('set')\n\
         local back = t:read('a')\n\
         t:close()\n\
         return tostring(empty == '') .. ' ' .. tostring(name ~= other) .. ' ' .. back .. ' ' ..\n\
           tostring(os.remove(name)) .. ' ' .. tostring(os.remove(other)) .. ' ' .. name",
        &scratch,
    );
    let (flags, name) = got.rsplit_once(' ').unwrap();
    assert_eq!(flags, "true true scratch data true true");
    assert!(name.contains("lua_"), "{got}");
    assert!(!Path::new(name).exists());
}

#[test]
fn getenv_and_execute() {
    let scratch = Scratch::new("env");
    let got = run_host(
        "return tostring(os.getenv('RED_MOON_SURELY_UNSET_VARIABLE')) .. ' ' ..\n\
         tostring(os.getenv('')) .. ' ' .. tostring(os.getenv('A=B')) .. ' ' ..\n\
         type(os.getenv('PATH')) .. ' ' .. tostring(os.execute()) .. ' ' ..\n\
         table.concat({tostring(os.execute('ls'))}, ',') .. ' ' ..\n\
         select(2, os.execute('ls'))",
        &scratch,
    );
    assert_eq!(got, "nil nil nil string false nil 'execute' not supported");
    let path = std::env::var("PATH").unwrap_or_default();
    assert_eq!(run_host("return os.getenv('PATH') or ''", &scratch), path);
}

#[test]
fn io_and_host_os_need_no_other_library() {
    let scratch = Scratch::new("bare");
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_io_library();
    ctx.open_host_os_library();
    let dir = Value::String(ctx.create_string(scratch.text()));
    let got = run(
        ctx,
        "local dir = ...\n\
         local f = io.open(dir .. '/x', 'w')\n\
         f:write('a', 1, 2.5)\n\
         f:close()\n\
         local text = io.open(dir .. '/x'):read('a')\n\
         return text .. os.date('!%Y', 0)",
        "=t",
        MultiValue::from_iter([dir]),
    );
    assert_eq!(got, "a12.51970");
}

#[test]
fn file_handles_are_userdata_named_file() {
    let scratch = Scratch::new("meta");
    let got = run_host(
        "local mt = getmetatable(io.stdout)\n\
         return type(io.stdout) .. ' ' .. mt.__name .. ' ' .. io.type(io.stdout) .. ' ' ..\n\
           tostring(io.type(42)) .. ' ' .. tostring(io.type(setmetatable({}, mt))) .. ' ' ..\n\
           tostring(rawequal(getmetatable(io.stdin), mt))",
        &scratch,
    );
    assert_eq!(got, "userdata FILE* file nil nil true");
}

#[test]
fn read_results_are_strings_of_the_vm() {
    // Sanity check of the conversions the programs above rely on.
    let scratch = Scratch::new("strings");
    let mut vm = host_vm();
    let ctx = &mut vm.context();
    let dir = Value::String(ctx.create_string(scratch.text()));
    let f = ctx
        .load(
            "local dir = ...\n\
             local f = io.open(dir .. '/s', 'w') f:write('abc') f:close()\n\
             return io.open(dir .. '/s'):read('a')",
            "=t",
        )
        .unwrap();
    let s: StringRef = f.call(dir, ctx).unwrap();
    assert_eq!(s.as_bytes(ctx).unwrap(), b"abc");
}

#[test]
fn popen_is_not_supported() {
    let scratch = Scratch::new("popen");
    assert_eq!(
        run_host("return select(2, pcall(io.popen, 'ls'))", &scratch),
        "'popen' not supported"
    );
}

#[test]
fn remove_deletes_empty_directories_like_c() {
    let scratch = Scratch::new("rmdir");
    std::fs::create_dir(scratch.path().join("empty")).unwrap();
    std::fs::create_dir(scratch.path().join("full")).unwrap();
    std::fs::write(scratch.path().join("full").join("x"), "x").unwrap();
    let got = run_host(
        "local dir = ...\n\
         local a = tostring(os.remove(dir .. '/empty'))\n\
         local _, message, code = os.remove(dir .. '/full')\n\
         return a .. ' ' .. message:sub(#dir + 1) .. ' ' .. code",
        &scratch,
    );
    assert_eq!(got, "true /full: Directory not empty 39");
    assert!(!scratch.path().join("empty").exists());
}
