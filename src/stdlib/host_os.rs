//! The rest of lua5.4's `os` library. HOST-ONLY: these functions give scripts access to the
//! machine (environment, files, process exit, real clocks), so they must never be opened in
//! a VM that runs untrusted scripts. [`VmContext::open_standard_libraries`] does not open
//! them; the `red_moon` program does.
//!
//! Differences from lua5.4:
//! - `os.clock()` reads the wall time elapsed since the library was opened (Rust's standard
//!   library has no portable, safe processor-time clock), not the process's CPU time.
//! - `os.date` formats in UTC even without `!` (see the safe `os` library's notes).
//! - `os.setlocale` answers as a host that only has the "C" locale: `"C"` for queries and
//!   for `"C"`, `"POSIX"` and `""`, nil (failure) for any other locale.
//! - `os.execute` runs nothing (no shell): `os.execute()` returns false ("no shell
//!   available"), `os.execute(command)` returns `nil, "'execute' not supported"`.
//! - `os.exit(code, close)` flushes every open file and the standard streams, then ends the
//!   process; `close` is accepted but the VM is not closed first (pending `__close`/`__gc`
//!   handlers do not run).

use super::args::{check_bytes, opt_integer, set_field};
use super::base::{NativeResult, arg_error, one, string_value};
use super::host_io::{
    create_temp_file, file_result, flush_open_files, path_bytes, path_from_bytes,
};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, Value, VmContext};
use crate::storage::Storage;

fn getenv<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let name = check_bytes(ctx, call.args(), 1, "os.getenv")?;
    // C's `getenv` reads the name up to its first zero byte.
    let name = name.split(|&b| b == 0).next().unwrap_or_default();
    if name.is_empty() || name.contains(&b'=') {
        return Ok(one(Value::Nil));
    }
    let value = std::env::var_os(path_from_bytes(name).as_os_str());
    Ok(one(match value {
        Some(value) => {
            let bytes = path_bytes(std::path::Path::new(&value));
            Value::String(ctx.create_string(bytes))
        }
        None => Value::Nil,
    }))
}

fn remove<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let name = check_bytes(ctx, call.args(), 1, "os.remove")?;
    let path = path_from_bytes(&name);
    // C's `remove`: unlink, and rmdir when the name is a directory.
    let result = std::fs::remove_file(&path).or_else(|error| {
        if error.raw_os_error() == Some(21) {
            std::fs::remove_dir(&path)
        } else {
            Err(error)
        }
    });
    match result {
        Ok(()) => Ok(one(Value::Bool(true))),
        Err(error) => {
            let shown = name.split(|&b| b == 0).next().unwrap_or_default().to_vec();
            file_result(ctx, &error, Some(&shown))
        }
    }
}

fn rename<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let from = check_bytes(ctx, call.args(), 1, "os.rename")?;
    let to = check_bytes(ctx, call.args(), 2, "os.rename")?;
    match std::fs::rename(path_from_bytes(&from), path_from_bytes(&to)) {
        Ok(()) => Ok(one(Value::Bool(true))),
        Err(error) => file_result(ctx, &error, None),
    }
}

fn tmpname<S: Storage>(_: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    match create_temp_file() {
        Ok((path, _file)) => Ok(one(Value::String(ctx.create_string(path_bytes(&path))))),
        Err(_) => Err(RuntimeError::Message(
            "unable to generate a unique filename".to_owned(),
        )),
    }
}

fn exit<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let status = match args.get(0) {
        Value::Bool(true) => 0,
        Value::Bool(false) => 1,
        _ => opt_integer(ctx, args, 1, "os.exit", 0)? as i32,
    };
    flush_open_files();
    std::process::exit(status)
}

fn setlocale<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let locale = if args.get(0).is_nil() {
        None
    } else {
        Some(check_bytes(ctx, args, 1, "os.setlocale")?)
    };
    let categories = ["all", "collate", "ctype", "monetary", "numeric", "time"];
    if !args.get(1).is_nil() {
        let category = check_bytes(ctx, args, 2, "os.setlocale")?;
        let category = category.split(|&b| b == 0).next().unwrap_or_default();
        if !categories.iter().any(|c| c.as_bytes() == category) {
            return Err(arg_error(
                2,
                "os.setlocale",
                &format!("invalid option '{}'", String::from_utf8_lossy(category)),
            ));
        }
    }
    let c_locale = match &locale {
        None => true,
        Some(name) => {
            let name = name.split(|&b| b == 0).next().unwrap_or_default();
            matches!(name, b"" | b"C" | b"POSIX")
        }
    };
    Ok(one(if c_locale {
        string_value(ctx, "C")
    } else {
        Value::Nil
    }))
}

fn execute<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    if call.args().get(0).is_nil() {
        return Ok(one(Value::Bool(false)));
    }
    check_bytes(ctx, call.args(), 1, "os.execute")?;
    Ok(MultiValue::from_iter([
        Value::Nil,
        string_value(ctx, "'execute' not supported"),
    ]))
}

impl<S: Storage> VmContext<'_, S> {
    /// Opens the whole of lua5.4's `os` library into the global `os`: the safe subset
    /// ([`open_os_library`](Self::open_os_library)) plus `getenv`, `remove`, `rename`,
    /// `tmpname`, `exit`, `setlocale` and `execute`, and installs real clocks
    /// ([`set_clock`](Self::set_clock): seconds since this call; [`set_wall_clock`](
    /// Self::set_wall_clock): the system time).
    ///
    /// **Host-only: gives scripts access to the machine** (environment variables, files,
    /// ending the process, real time). Never open it in a VM that runs untrusted scripts.
    /// See the module notes for the differences from lua5.4 (`os.exit` ends the process).
    pub fn open_host_os_library(&mut self) {
        self.open_os_library();
        let start = std::time::Instant::now();
        self.set_clock(move || start.elapsed().as_secs_f64());
        self.set_wall_clock(|| {
            let now = std::time::SystemTime::now();
            match now.duration_since(std::time::UNIX_EPOCH) {
                Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
                Err(before) => {
                    let before = before.duration();
                    let seconds = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                    // Floor to whole seconds, as `time()` does.
                    let partial = i64::from(before.subsec_nanos() > 0);
                    seconds.saturating_neg().saturating_sub(partial)
                }
            }
        });
        let globals = self.vm.globals;
        let os = match globals.raw_get::<_, Value>("os", self) {
            Ok(Value::Table(os)) => os,
            _ => return,
        };
        macro_rules! register {
            ($($name:literal => $f:expr),* $(,)?) => {$(
                let f = self.create_function($f);
                set_field(self, os, $name, Value::Function(f));
            )*};
        }
        register! {
            "getenv" => getenv::<S>,
            "remove" => remove::<S>,
            "rename" => rename::<S>,
            "tmpname" => tmpname::<S>,
            "exit" => exit::<S>,
            "setlocale" => setlocale::<S>,
            "execute" => execute::<S>,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::stdlib::host_io::error_text;

    #[test]
    fn strerror_texts() {
        let error = std::fs::remove_file("/nonexistent-red-moon-dir/x").unwrap_err();
        assert_eq!(
            error_text(&error),
            ("No such file or directory".to_owned(), 2)
        );
    }
}
