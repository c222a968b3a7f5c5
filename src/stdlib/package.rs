//! `require` and the `package` library (lua5.4's `loadlib.c`), and the file access of
//! `loadfile` / `dofile`, all through a host-provided file loader.
//!
//! A VM never touches the file system by itself. The host installs a *file loader*, a function
//! from a file name to its bytes ([`VmContext::set_file_loader`]); to the VM that function *is*
//! the file system. Without one, every file is missing: `loadfile`/`dofile` fail with
//! `cannot open NAME: file access is not available`, and `require` finds only modules in
//! `package.preload` (or `package.loaded`). A trusted host such as the stand-alone interpreter
//! can install the real file system with [`VmContext::set_file_system_loader`].
//!
//! `package.searchers` holds two searchers, in lua5.4's order and with lua5.4's messages:
//! 1. the preload searcher (`package.preload[name]`, loader data `":preload:"`);
//! 2. the Lua-file searcher: each template of `package.path` (default `./?.lua;./?/init.lua`,
//!    `;`-separated, `?` replaced by the module name with `.` turned into `/`) is asked from
//!    the file loader in order; the first file it returns is compiled with chunk name
//!    `@FILE` and called with the module name and `FILE` (the loader data). The failure message
//!    lists `no file 'FILE'` for each template, as lua5.4's.
//!
//! lua5.4's C-library searchers, `package.loadlib` and `package.cpath` do not exist (a VM never
//! loads native code). `package.searchpath` exists and asks the file loader, so without one it
//! reports every file as missing. A host that keys its scripts by module name rather than by
//! path can set `package.path = "?"`; its file loader then receives names like `mod/sub`.

use super::args::{check_size, check_string, set_field, table_upvalue};
use super::base::{NativeResult, c_string, load_chunk, located_error, one, opt_bytes};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, FunctionRef, MultiValue, Value, VmContext};
use crate::shared::{MaybeSendSync, Shared};
use crate::storage::Storage;
use crate::value::TableRef;
use crate::value::number::{format_float, format_integer};

/// What `loadfile`/`dofile`/`require` report when the host installed no file loader.
const NO_FILE_ACCESS: &str = "file access is not available";

/// `package.path`'s initial value.
const DEFAULT_PATH: &str = "./?.lua;./?/init.lua";

/// `package.config`, as lua5.4 on POSIX systems.
const CONFIG: &str = "/\n;\n?\n!\n-\n";

/// A host file loader: a file name to the file's bytes, or the reason it cannot be read.
trait FileLoader: Fn(&str) -> Result<Vec<u8>, String> + MaybeSendSync {}

impl<F: Fn(&str) -> Result<Vec<u8>, String> + MaybeSendSync> FileLoader for F {}

/// Host-provided source of files for `require`, `dofile`, `loadfile` and
/// `package.searchpath` (none by default). Shared by snapshots: it is host configuration, not
/// VM state.
#[derive(Clone, Default)]
pub(crate) struct ModuleLoader {
    files: Option<Shared<dyn FileLoader>>,
}

impl ModuleLoader {
    /// The bytes of file `name`, or why it cannot be read.
    pub(crate) fn read(&self, name: &[u8]) -> Result<Vec<u8>, String> {
        let Some(files) = &self.files else {
            return Err(NO_FILE_ACCESS.to_owned());
        };
        match std::str::from_utf8(name) {
            Ok(name) => files(name),
            Err(_) => Err("file name is not valid UTF-8".to_owned()),
        }
    }
}

/// Reads a file of the host's file system (the loader of
/// [`VmContext::set_file_system_loader`]); the error is the system's reason, as lua5.4's
/// `strerror` text (`No such file or directory`).
fn read_std_file(name: &str) -> Result<Vec<u8>, String> {
    std::fs::read(name).map_err(|error| {
        let text = error.to_string();
        // `io::Error` appends ` (os error N)` to the system's message.
        match text.find(" (os error ") {
            Some(end) => text[..end].to_owned(),
            None => text,
        }
    })
}

/// Start positions of the non-overlapping occurrences of `pattern` (non-empty) in `text`,
/// leftmost first (lua5.4's repeated `strstr`), in linear time (Knuth–Morris–Pratt).
fn find_all(text: &[u8], pattern: &[u8]) -> Vec<usize> {
    let mut fail = vec![0usize; pattern.len()];
    let mut k = 0;
    for i in 1..pattern.len() {
        while k > 0 && pattern[i] != pattern[k] {
            k = fail[k - 1];
        }
        if pattern[i] == pattern[k] {
            k += 1;
        }
        fail[i] = k;
    }
    let mut matches = Vec::new();
    let mut k = 0;
    for (i, &b) in text.iter().enumerate() {
        while k > 0 && b != pattern[k] {
            k = fail[k - 1];
        }
        if b == pattern[k] {
            k += 1;
        }
        if k == pattern.len() {
            matches.push(i + 1 - k);
            k = 0;
        }
    }
    matches
}

/// `text` with every occurrence of `pattern` (non-empty) replaced by `replacement` (lua5.4's
/// `luaL_gsub`), refusing results longer than `MAX_STRING_SIZE` before building them.
fn replace_all(text: &[u8], pattern: &[u8], replacement: &[u8]) -> Result<Vec<u8>, RuntimeError> {
    if pattern.is_empty() {
        return Ok(text.to_vec());
    }
    let matches = find_all(text, pattern);
    let size = (matches.len() as u128) * (replacement.len() as u128)
        + (text.len() - matches.len() * pattern.len()) as u128;
    check_size(usize::try_from(size).unwrap_or(usize::MAX))?;
    let mut out = Vec::with_capacity(size as usize);
    let mut from = 0;
    for at in matches {
        out.extend_from_slice(&text[from..at]);
        out.extend_from_slice(replacement);
        from = at + pattern.len();
    }
    out.extend_from_slice(&text[from..]);
    Ok(out)
}

/// A file found along a path: its name and its bytes.
struct FoundFile {
    name: Vec<u8>,
    source: Vec<u8>,
}

/// lua5.4's `searchpath`: the first file of `path` (templates separated by `;`, `?` standing
/// for `name` with `sep` replaced by `dirsep`) the file loader can read, with its bytes; or
/// the `no file '...'` message listing every template tried.
fn search_path<S: Storage>(
    ctx: &VmContext<'_, S>,
    name: &[u8],
    path: &[u8],
    sep: &[u8],
    dirsep: &[u8],
) -> Result<Result<FoundFile, Vec<u8>>, RuntimeError> {
    let (name, path, sep, dirsep) = (
        c_string(name),
        c_string(path),
        c_string(sep),
        c_string(dirsep),
    );
    let name = match sep.first() {
        Some(first) if name.contains(first) => replace_all(name, sep, dirsep)?,
        _ => name.to_vec(),
    };
    let files = replace_all(path, b"?", &name)?;
    if !files.is_empty() {
        for file in files.split(|&b| b == b';') {
            if let Ok(source) = ctx.vm.loader.read(file) {
                return Ok(Ok(FoundFile {
                    name: file.to_vec(),
                    source,
                }));
            }
        }
    }
    let mut message = b"no file '".to_vec();
    message.extend(replace_all(&files, b";", b"'\n\tno file '")?);
    message.push(b'\'');
    Ok(Err(message))
}

/// lua5.4's `luaL_loadfilex` through the host's file loader: the compiled chunk, or the error
/// message (`cannot open NAME: REASON`, a syntax error, a mode error) as a Lua value. `name`
/// `None` is lua5.4's standard input, which a VM does not have.
pub(crate) fn load_file<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    name: Option<&[u8]>,
    mode: Option<&[u8]>,
    env: Option<Value>,
) -> Result<Result<FunctionRef, Value>, RuntimeError> {
    let Some(name) = name else {
        let text = ctx.create_string("cannot open stdin: standard input is not available");
        return Ok(Err(Value::String(text)));
    };
    let source = match ctx.vm.loader.read(name) {
        Ok(source) => source,
        Err(reason) => {
            let mut text = b"cannot open ".to_vec();
            text.extend_from_slice(c_string(name));
            text.extend_from_slice(b": ");
            text.extend_from_slice(reason.as_bytes());
            return Ok(Err(Value::String(ctx.create_string(text))));
        }
    };
    let mut chunk_name = b"@".to_vec();
    chunk_name.extend_from_slice(name);
    let source = crate::standalone::file_chunk(&source);
    load_chunk(ctx, &source, &chunk_name, mode, env)
}

/// `package.searchers[1]`: modules in `package.preload`.
fn preload_searcher<S: Storage>(
    preload: TableRef,
) -> impl Fn(CallContext, &mut VmContext<'_, S>) -> NativeResult + MaybeSendSync + 'static {
    move |call, ctx| {
        let name = check_string(ctx, call.args(), 1, "?")?;
        let loader = ctx.index(Value::Table(preload), Value::String(name))?;
        if loader.is_nil() {
            let mut text = b"no field package.preload['".to_vec();
            text.extend_from_slice(c_string(ctx.vm.heap.string(name)?.as_bytes()));
            text.extend_from_slice(b"']");
            return Ok(one(Value::String(ctx.create_string(text))));
        }
        let data = Value::String(ctx.create_string(":preload:"));
        Ok(MultiValue::from_iter([loader, data]))
    }
}

/// `package.searchers[2]`: Lua files along `package.path`, read by the host's file loader.
fn file_searcher<S: Storage>(
    package: TableRef,
) -> impl Fn(CallContext, &mut VmContext<'_, S>) -> NativeResult + MaybeSendSync + 'static {
    move |call, ctx| {
        let name = check_string(ctx, call.args(), 1, "?")?;
        let name = ctx.vm.heap.string(name)?.as_bytes().to_vec();
        let key = Value::String(ctx.create_string("path"));
        let path = match ctx.index(Value::Table(package), key)? {
            Value::String(s) => ctx.vm.heap.string(s)?.as_bytes().to_vec(),
            Value::Integer(i) => format_integer(i).into_bytes(),
            Value::Float(f) => format_float(f).into_bytes(),
            _ => return Err(located_error(ctx, b"'package.path' must be a string")),
        };
        let FoundFile { name: file, source } = match search_path(ctx, &name, &path, b".", b"/")? {
            Ok(found) => found,
            Err(message) => return Ok(one(Value::String(ctx.create_string(message)))),
        };
        let mut chunk_name = b"@".to_vec();
        chunk_name.extend_from_slice(&file);
        let chunk = crate::standalone::file_chunk(&source);
        match load_chunk(ctx, &chunk, &chunk_name, None, None)? {
            Ok(loader) => {
                let data = Value::String(ctx.create_string(&file));
                Ok(MultiValue::from_iter([Value::Function(loader), data]))
            }
            Err(error) => {
                let mut text = b"error loading module '".to_vec();
                text.extend_from_slice(c_string(&name));
                text.extend_from_slice(b"' from file '");
                text.extend_from_slice(c_string(&file));
                text.extend_from_slice(b"':\n\t");
                if let Value::String(s) = error {
                    text.extend_from_slice(c_string(ctx.vm.heap.string(s)?.as_bytes()));
                }
                Err(located_error(ctx, &text))
            }
        }
    }
}

/// `package.searchpath(name, path [, sep [, rep]])`.
pub(crate) fn searchpath<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let args = call.args();
    const NAME: &str = "package.searchpath";
    // lua5.4 evaluates these checks from the last argument to the first.
    let dirsep = opt_bytes(ctx, args, 4, NAME, Some(b"/"))?;
    let sep = opt_bytes(ctx, args, 3, NAME, Some(b"."))?;
    let path = opt_bytes(ctx, args, 2, NAME, None)?;
    let name = opt_bytes(ctx, args, 1, NAME, None)?;
    Ok(match search_path(ctx, &name, &path, &sep, &dirsep)? {
        Ok(found) => one(Value::String(ctx.create_string(found.name))),
        Err(message) => {
            MultiValue::from_iter([Value::Nil, Value::String(ctx.create_string(message))])
        }
    })
}

/// lua5.4's `findloader`: asks each of `package.searchers` in turn for a loader of `name`.
fn find_loader<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    package: TableRef,
    name: Value,
    name_bytes: &[u8],
) -> Result<(Value, Value), RuntimeError> {
    let key = Value::String(ctx.create_string("searchers"));
    let Value::Table(searchers) = ctx.index(Value::Table(package), key)? else {
        return Err(located_error(ctx, b"'package.searchers' must be a table"));
    };
    let mut message = Vec::new();
    let mut i: i64 = 1;
    loop {
        let searcher = ctx.vm.heap.table(searchers)?.get(Value::Integer(i));
        if searcher.is_nil() {
            let mut text = b"module '".to_vec();
            text.extend_from_slice(c_string(name_bytes));
            text.extend_from_slice(b"' not found:");
            text.extend_from_slice(&message);
            return Err(located_error(ctx, &text));
        }
        let results = ctx.call_value(searcher, one(name))?;
        match results.get(0) {
            loader @ Value::Function(_) => return Ok((loader, results.get(1))),
            Value::String(s) => {
                message.extend_from_slice(b"\n\t");
                message.extend_from_slice(c_string(ctx.vm.heap.string(s)?.as_bytes()));
            }
            Value::Integer(n) => {
                message.extend_from_slice(b"\n\t");
                message.extend_from_slice(format_integer(n).as_bytes());
            }
            Value::Float(n) => {
                message.extend_from_slice(b"\n\t");
                message.extend_from_slice(format_float(n).as_bytes());
            }
            _ => {}
        }
        check_size(message.len())?;
        i = i.wrapping_add(1);
    }
}

/// `require(name)`.
fn require<S: Storage>(
    package: TableRef,
    loaded: TableRef,
) -> impl Fn(CallContext, &mut VmContext<'_, S>) -> NativeResult + MaybeSendSync + 'static {
    move |call, ctx| {
        let name_ref = check_string(ctx, call.args(), 1, "require")?;
        let name = Value::String(name_ref);
        let loaded = Value::Table(loaded);
        let present = ctx.index(loaded, name)?;
        if present.is_truthy() {
            return Ok(one(present));
        }
        let name_bytes = ctx.vm.heap.string(name_ref)?.as_bytes().to_vec();
        let (loader, data) = find_loader(ctx, package, name, &name_bytes)?;
        let result = ctx
            .call_value(loader, MultiValue::from_iter([name, data]))?
            .get(0);
        if !result.is_nil() {
            ctx.new_index(loaded, name, result)?;
        }
        let mut module = ctx.index(loaded, name)?;
        if module.is_nil() {
            module = Value::Bool(true);
            ctx.new_index(loaded, name, module)?;
        }
        Ok(MultiValue::from_iter([module, data]))
    }
}

/// Libraries registered in `package.loaded` when present in the globals.
const LIBRARIES: [&str; 8] = [
    "coroutine",
    "table",
    "io",
    "os",
    "string",
    "math",
    "utf8",
    "debug",
];

/// `package.searchers[1]`: the preload searcher, over the `package.preload` table in its
/// upvalue.
pub(crate) fn search_preload<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let preload = table_upvalue(&call, ctx, 0)?;
    preload_searcher::<S>(preload)(call, ctx)
}

/// `package.searchers[2]`: the Lua-file searcher, over the `package` table in its upvalue.
pub(crate) fn search_file<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let package = table_upvalue(&call, ctx, 0)?;
    file_searcher::<S>(package)(call, ctx)
}

/// `require`, over the `package` and `package.loaded` tables in its upvalues.
pub(crate) fn require_native<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let package = table_upvalue(&call, ctx, 0)?;
    let loaded = table_upvalue(&call, ctx, 1)?;
    require::<S>(package, loaded)(call, ctx)
}

impl<S: Storage> VmContext<'_, S> {
    /// Opens the `package` library and `require`, as lua5.4's but without native code or
    /// direct file access.
    ///
    /// `package.loaded` starts with `_G`, `package` and every standard library table already
    /// in the globals (`string`, `table`, `math`, `coroutine`, `utf8`, ...), so call this after
    /// opening the other libraries ([`open_standard_libraries`](Self::open_standard_libraries)
    /// does). Calling it again starts a fresh `package` table (modules loaded before are
    /// forgotten).
    ///
    /// `require(name)` returns the module and its loader data, caching the module in
    /// `package.loaded`. `package.searchers` holds, in lua5.4's order and with lua5.4's
    /// messages:
    /// 1. the preload searcher: `package.preload[name]`, loader data `":preload:"`;
    /// 2. the Lua-file searcher: each `;`-separated template of `package.path` (default
    ///    `./?.lua;./?/init.lua`), with `?` replaced by the name whose `.` become `/`, is asked
    ///    from the host's file loader ([`set_file_loader`](Self::set_file_loader)) in order;
    ///    the first file it returns is compiled with chunk name `@FILE` and called with the
    ///    name and `FILE` (the loader data). Without a file loader every file is missing.
    ///
    /// A failed `require` lists what each searcher tried (`module 'x' not found:`, `no field
    /// package.preload['x']`, `no file './x.lua'`, ...). `package.searchpath` asks the file
    /// loader the same way. lua5.4's C-library searchers and `package.loadlib` do not exist;
    /// `package.cpath` is an unused empty string; `package.config` is lua5.4's. A host that
    /// keys its scripts by module name rather than by path can set `package.path = "?"`: its
    /// file loader then receives names like `mod/sub`.
    pub fn open_package_library(&mut self) {
        let globals = self.vm.globals;
        let package = self.create_table();
        let loaded = self.create_table();
        let preload = self.create_table();
        set_field(self, loaded, "_G", Value::Table(globals));
        for name in LIBRARIES {
            let key = Value::String(self.create_string(name));
            if let Ok(table) = self.vm.heap.table(globals)
                && let library @ Value::Table(_) = table.get(key)
            {
                set_field(self, loaded, name, library);
            }
        }
        set_field(self, loaded, "package", Value::Table(package));
        set_field(self, package, "loaded", Value::Table(loaded));
        set_field(self, package, "preload", Value::Table(preload));
        let path = Value::String(self.create_string(DEFAULT_PATH));
        set_field(self, package, "path", path);
        let cpath = Value::String(self.create_string(""));
        set_field(self, package, "cpath", cpath);
        let config = Value::String(self.create_string(CONFIG));
        set_field(self, package, "config", config);
        let searchers = self.create_table();
        let by_preload =
            self.create_builtin("std:package.searchers#preload", [Value::Table(preload)]);
        let by_file = self.create_builtin("std:package.searchers#file", [Value::Table(package)]);
        if let Ok(mut table) = self.vm.heap.table_mut(searchers) {
            let _ = table.set(Value::Integer(1), Value::Function(by_preload));
            let _ = table.set(Value::Integer(2), Value::Function(by_file));
        }
        set_field(self, package, "searchers", Value::Table(searchers));
        let search = self.create_builtin("std:package.searchpath", []);
        set_field(self, package, "searchpath", Value::Function(search));
        set_field(self, globals, "package", Value::Table(package));
        let require =
            self.create_builtin("std:require", [Value::Table(package), Value::Table(loaded)]);
        set_field(self, globals, "require", Value::Function(require));
    }

    /// Installs the host's file loader: `require` (through `package.path`), `dofile`,
    /// `loadfile` and `package.searchpath` read every file through it and never touch the file
    /// system themselves.
    ///
    /// `loader(name)` returns the bytes of the file `name` (exactly as the script spelled it,
    /// e.g. `./mod.lua`), or the reason it cannot (`No such file or directory`), which
    /// `loadfile` reports as `cannot open NAME: REASON`; `require` and `package.searchpath`
    /// treat every `Err` as a missing file. The loader is host configuration shared by every
    /// snapshot of this VM; with the `send` feature it must be `Send + Sync`.
    ///
    /// ```
    /// use red_moon::interpreter::{Value, Vm};
    ///
    /// let mut vm = Vm::default();
    /// let ctx = &mut vm.context();
    /// ctx.open_standard_libraries();
    /// ctx.set_file_loader(|name: &str| match name {
    ///     "./greet.lua" => Ok(b"return 'hello ' .. ...".to_vec()),
    ///     _ => Err("No such file or directory".to_owned()),
    /// });
    /// let f = ctx.load("return (require('greet'))", "=main").unwrap();
    /// let text: String = f.call((), ctx).unwrap();
    /// assert_eq!(text, "hello greet");
    /// ```
    pub fn set_file_loader<F>(&mut self, loader: F)
    where
        F: Fn(&str) -> Result<Vec<u8>, String> + MaybeSendSync + 'static,
    {
        self.vm.loader.files = Some(Shared::new(loader));
    }

    /// Installs a file loader that reads the host's real file system with `std::fs` (names
    /// relative to the process's working directory), for trusted scripts only, as the
    /// stand-alone interpreter: `require "mod"` then finds `./mod.lua` or `./mod/init.lua`
    /// through the default `package.path`, and `dofile`/`loadfile` read any file the process
    /// can read. Error reasons are the system's (`No such file or directory`), as lua5.4's.
    pub fn set_file_system_loader(&mut self) {
        self.set_file_loader(read_std_file);
    }

    /// Removes the host's file loader: every file is missing again.
    pub fn remove_file_loader(&mut self) {
        self.vm.loader.files = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpreter::Vm;

    #[test]
    fn replace_all_replaces_every_occurrence() {
        assert_eq!(replace_all(b"a.b.c", b".", b"/").unwrap(), b"a/b/c");
        assert_eq!(replace_all(b"x..y", b"..", b"!").unwrap(), b"x!y");
        assert_eq!(replace_all(b"", b"?", b"abc").unwrap(), b"");
        assert_eq!(replace_all(b"??", b"?", b"").unwrap(), b"");
        assert_eq!(replace_all(b"aaaa", b"aa", b"b").unwrap(), b"bb");
        assert_eq!(replace_all(b"aaa", b"aa", b"b").unwrap(), b"ba");
        assert_eq!(replace_all(b"abababc", b"ababc", b"X").unwrap(), b"abX");
        assert_eq!(find_all(b"aabaabaab", b"aab"), vec![0, 3, 6]);
    }

    #[test]
    fn search_path_lists_templates_as_lua() {
        let mut vm = Vm::default();
        let ctx = vm.context();
        let missing = |path: &[u8]| match search_path(&ctx, b"m.n", path, b".", b"/").unwrap() {
            Err(message) => String::from_utf8(message).unwrap(),
            Ok(_) => panic!("found without a loader"),
        };
        assert_eq!(missing(b""), "no file ''");
        assert_eq!(
            missing(b"a;;?.lua;"),
            "no file 'a'\n\tno file ''\n\tno file 'm/n.lua'\n\tno file ''"
        );
        assert_eq!(missing(b"?\0ignored"), "no file 'm/n'");
    }

    #[test]
    fn search_path_finds_first_readable_template() {
        let mut vm = Vm::default();
        let mut ctx = vm.context();
        ctx.set_file_loader(|name: &str| match name {
            "lib/m/n/init.lua" | "m/n.lua" => Ok(name.as_bytes().to_vec()),
            _ => Err("missing".to_owned()),
        });
        let found = search_path(&ctx, b"m.n", b"x/?.lua;lib/?/init.lua;?.lua", b".", b"/")
            .unwrap()
            .unwrap();
        assert_eq!(found.name, b"lib/m/n/init.lua");
        assert_eq!(found.source, b"lib/m/n/init.lua");
    }

    #[test]
    fn search_path_refuses_huge_expansions() {
        let mut vm = Vm::default();
        let ctx = vm.context();
        let name = vec![b'n'; 1 << 16];
        let path = vec![b'?'; 1 << 16];
        assert!(search_path(&ctx, &name, &path, b".", b"/").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn std_reader_reports_system_reason() {
        let error = read_std_file("/nonexistent-red-moon-dir/x.lua").unwrap_err();
        assert_eq!(error, "No such file or directory");
    }
}
