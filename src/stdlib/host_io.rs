//! lua5.4's `io` library. HOST-ONLY: it gives scripts the machine's files and standard
//! streams, so it must never be opened in a VM that runs untrusted scripts.
//! [`VmContext::open_standard_libraries`] does not open it; the `red_moon` program does.
//!
//! Files are host data (`FILE*` userdata) holding an operating-system file behind a mutex:
//! external state, shared by every snapshot of the VM and not restored by a rollback. A VM
//! with open files is therefore not snapshot-safe (nor deterministic).
//!
//! Differences from lua5.4:
//! - `tostring(file)` shows the userdata's heap id (`file (0x0000002a)`), not an address.
//! - `io.popen` raises `'popen' not supported` (no shell).
//! - The standard streams cannot seek (`nil, "Illegal seek", 29`), even when redirected to a
//!   file; `setvbuf` on them only controls whether `io.stdout` flushes after each write.
//! - Errors are reported as lua5.4 does on Linux (`nil, "name: strerror", errno`); the errno
//!   values of emulated errors (`Bad file descriptor` 9, `Invalid argument` 22, `Illegal
//!   seek` 29) are Linux's.
//!
//! `io.write` to `io.stdout` and `print` share one buffer (Rust's standard output), so their
//! output interleaves in program order. Writes to files are buffered; `os.exit` flushes every
//! open file first, as C's `exit` does.

use super::args::{MAX_STRING_SIZE, check_any, check_bytes, opt_integer, set_field};
use super::base::{NativeResult, arg_error, one, string_value};
use crate::errors::RuntimeError;
use crate::interpreter::{CallContext, MultiValue, TableRef, Value, VmContext};
use crate::storage::Storage;
use crate::value::float_to_integer;
use crate::value::number::{format_float, format_integer};
use crate::value::numeral::str_to_number;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

/// Size of a file's read buffer.
const READ_BUFFER: usize = 8192;
/// Largest write buffer `setvbuf("full", size)` sets up.
const MAX_WRITE_BUFFER: usize = 1 << 20;
/// lua5.4's `LUAL_BUFFERSIZE` on 64-bit machines: `setvbuf`'s default size.
const DEFAULT_BUFFER_SIZE: i64 = 1024;
/// Most formats `lines` accepts (lua5.4's `MAXARGLINE`).
const MAX_LINE_FORMATS: usize = 250;
/// Longest numeral `read("n")` reads (lua5.4's `L_MAXLENNUM`).
const MAX_NUMERAL: usize = 200;

const EBADF: i32 = 9;
const EINVAL: i32 = 22;
const ESPIPE: i32 = 29;

fn os_error(code: i32) -> io::Error {
    io::Error::from_raw_os_error(code)
}

fn too_large() -> io::Error {
    io::Error::from(io::ErrorKind::OutOfMemory)
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// When a file's writes reach the operating system.
#[derive(Clone, Copy, Debug)]
enum Buffering {
    No,
    Line,
    Full(usize),
}

/// An open disk file with C-stdio-like read and write buffers.
struct DiskFile {
    file: File,
    readable: bool,
    writable: bool,
    read_buffer: Box<[u8]>,
    read_pos: usize,
    read_len: usize,
    write_buffer: Vec<u8>,
    buffering: Buffering,
}

impl DiskFile {
    fn new(file: File, readable: bool, writable: bool) -> Self {
        Self {
            file,
            readable,
            writable,
            read_buffer: vec![0; READ_BUFFER].into_boxed_slice(),
            read_pos: 0,
            read_len: 0,
            write_buffer: Vec::new(),
            buffering: Buffering::Full(READ_BUFFER),
        }
    }

    fn flush_writes(&mut self) -> io::Result<()> {
        if self.write_buffer.is_empty() {
            return Ok(());
        }
        let result = self.file.write_all(&self.write_buffer);
        self.write_buffer.clear();
        result
    }

    /// Gives back read-ahead data (moves the file position back over it) before a write.
    fn drop_read_ahead(&mut self) -> io::Result<()> {
        let ahead = self.read_len - self.read_pos;
        self.read_pos = 0;
        self.read_len = 0;
        if ahead > 0 {
            let back = i64::try_from(ahead).map_err(|_| os_error(EINVAL))?;
            self.file.seek(SeekFrom::Current(-back))?;
        }
        Ok(())
    }

    fn fill(&mut self) -> io::Result<&[u8]> {
        if !self.readable {
            return Err(os_error(EBADF));
        }
        self.flush_writes()?;
        if self.read_pos >= self.read_len {
            self.read_pos = 0;
            self.read_len = 0;
            loop {
                match self.file.read(&mut self.read_buffer) {
                    Ok(n) => {
                        self.read_len = n;
                        break;
                    }
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(&self.read_buffer[self.read_pos..self.read_len])
    }

    fn consume(&mut self, n: usize) {
        self.read_pos = self.read_pos.saturating_add(n).min(self.read_len);
    }

    fn write(&mut self, data: &[u8]) -> io::Result<()> {
        if !self.writable {
            return Err(os_error(EBADF));
        }
        self.drop_read_ahead()?;
        if let Buffering::Full(size) = self.buffering
            && data.len() >= size
        {
            // Too big to buffer: write it through.
            self.flush_writes()?;
            return self.file.write_all(data);
        }
        self.write_buffer.extend_from_slice(data);
        let flush = match self.buffering {
            Buffering::No => true,
            Buffering::Line => data.contains(&b'\n'),
            Buffering::Full(size) => self.write_buffer.len() >= size,
        };
        if flush { self.flush_writes() } else { Ok(()) }
    }

    fn seek(&mut self, whence: Whence, offset: i64) -> io::Result<u64> {
        self.flush_writes()?;
        let ahead = i64::try_from(self.read_len - self.read_pos).unwrap_or(i64::MAX);
        self.read_pos = 0;
        self.read_len = 0;
        let target = match whence {
            Whence::Set => SeekFrom::Start(u64::try_from(offset).map_err(|_| os_error(EINVAL))?),
            Whence::Cur => {
                SeekFrom::Current(offset.checked_sub(ahead).ok_or_else(|| os_error(EINVAL))?)
            }
            Whence::End => SeekFrom::End(offset),
        };
        self.file.seek(target)
    }
}

impl Drop for DiskFile {
    fn drop(&mut self) {
        let _ = self.flush_writes();
    }
}

/// `seek`'s reference point.
#[derive(Clone, Copy, Debug)]
enum Whence {
    Set,
    Cur,
    End,
}

/// What a Lua file handle refers to.
enum Stream {
    Closed,
    Stdin,
    Stdout { unbuffered: bool },
    Stderr,
    File(Box<DiskFile>),
}

impl Stream {
    fn is_standard(&self) -> bool {
        matches!(self, Stream::Stdin | Stream::Stdout { .. } | Stream::Stderr)
    }

    fn write(&mut self, data: &[u8]) -> io::Result<()> {
        match self {
            Stream::File(file) => file.write(data),
            Stream::Stdout { unbuffered } => {
                let mut out = io::stdout().lock();
                out.write_all(data)?;
                if *unbuffered {
                    out.flush()?;
                }
                Ok(())
            }
            Stream::Stderr => io::stderr().lock().write_all(data),
            Stream::Stdin | Stream::Closed => Err(os_error(EBADF)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::File(file) => {
                file.flush_writes()?;
                file.file.flush()
            }
            Stream::Stdout { .. } => io::stdout().flush(),
            Stream::Stderr => io::stderr().flush(),
            Stream::Stdin | Stream::Closed => Ok(()),
        }
    }

    fn seek(&mut self, whence: Whence, offset: i64) -> io::Result<u64> {
        match self {
            Stream::File(file) => file.seek(whence, offset),
            _ => Err(os_error(ESPIPE)),
        }
    }

    fn set_buffering(&mut self, buffering: Buffering) -> io::Result<()> {
        match self {
            Stream::File(file) => {
                file.flush_writes()?;
                file.buffering = buffering;
            }
            Stream::Stdout { unbuffered } => {
                *unbuffered = matches!(buffering, Buffering::No);
                io::stdout().flush()?;
            }
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self) -> io::Result<()> {
        let result = match self {
            Stream::File(file) => file.flush_writes(),
            _ => Ok(()),
        };
        *self = Stream::Closed;
        result
    }

    /// Runs `read` on the stream's input (stdin flushes stdout first, like C stdio, so a
    /// prompt written without a newline shows).
    fn with_input<R>(
        &mut self,
        read: impl FnOnce(&mut dyn Source) -> io::Result<R>,
    ) -> io::Result<R> {
        match self {
            Stream::File(file) => read(file.as_mut()),
            Stream::Stdin => {
                let _ = io::stdout().flush();
                let mut input = StdinSource(io::stdin().lock());
                read(&mut input)
            }
            _ => Err(os_error(EBADF)),
        }
    }
}

/// Buffered input the read formats work on.
trait Source {
    fn fill(&mut self) -> io::Result<&[u8]>;
    fn consume(&mut self, n: usize);
}

impl Source for DiskFile {
    fn fill(&mut self) -> io::Result<&[u8]> {
        DiskFile::fill(self)
    }

    fn consume(&mut self, n: usize) {
        DiskFile::consume(self, n);
    }
}

struct StdinSource<'a>(io::StdinLock<'a>);

impl Source for StdinSource<'_> {
    fn fill(&mut self) -> io::Result<&[u8]> {
        loop {
            match self.0.fill_buf() {
                Ok(_) => break,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        self.0.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.0.consume(n);
    }
}

fn peek(source: &mut dyn Source) -> io::Result<Option<u8>> {
    Ok(source.fill()?.first().copied())
}

fn check_length(length: usize) -> io::Result<()> {
    if length > MAX_STRING_SIZE {
        Err(too_large())
    } else {
        Ok(())
    }
}

/// Reads a line into `out` (with its `\n` when `keep`); false at end of file with nothing
/// read (lua5.4's `read_line`).
fn read_line(source: &mut dyn Source, keep: bool, out: &mut Vec<u8>) -> io::Result<bool> {
    loop {
        let buffer = source.fill()?;
        if buffer.is_empty() {
            return Ok(!out.is_empty());
        }
        if let Some(end) = buffer.iter().position(|&b| b == b'\n') {
            out.extend_from_slice(&buffer[..end]);
            if keep {
                out.push(b'\n');
            }
            source.consume(end + 1);
            check_length(out.len())?;
            return Ok(true);
        }
        let n = buffer.len();
        out.extend_from_slice(buffer);
        source.consume(n);
        check_length(out.len())?;
    }
}

/// Reads up to `count` bytes (everything with `usize::MAX`).
fn read_chars(source: &mut dyn Source, count: usize, out: &mut Vec<u8>) -> io::Result<()> {
    while out.len() < count {
        let buffer = source.fill()?;
        if buffer.is_empty() {
            break;
        }
        let n = buffer.len().min(count - out.len());
        out.extend_from_slice(&buffer[..n]);
        source.consume(n);
        check_length(out.len())?;
    }
    Ok(())
}

/// lua5.4's `read_number`: the longest prefix that looks like a numeral (at most 200
/// characters, leading spaces skipped), converted like `tonumber`.
fn read_number(source: &mut dyn Source) -> io::Result<Option<Value>> {
    struct Reader<'a> {
        source: &'a mut dyn Source,
        current: Option<u8>,
        text: Vec<u8>,
        overflow: bool,
    }
    impl Reader<'_> {
        fn next(&mut self) -> io::Result<bool> {
            if self.text.len() >= MAX_NUMERAL {
                self.overflow = true;
                return Ok(false);
            }
            if let Some(c) = self.current {
                self.text.push(c);
                self.source.consume(1);
            }
            self.current = peek(self.source)?;
            Ok(true)
        }
        fn accept(&mut self, set: &[u8; 2]) -> io::Result<bool> {
            match self.current {
                Some(c) if c == set[0] || c == set[1] => self.next(),
                _ => Ok(false),
            }
        }
        fn digits(&mut self, hex: bool) -> io::Result<usize> {
            let mut count = 0;
            while let Some(c) = self.current {
                let digit = if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                };
                if !digit || !self.next()? {
                    break;
                }
                count += 1;
            }
            Ok(count)
        }
    }
    let mut current = peek(source)?;
    while let Some(c) = current {
        if !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            break;
        }
        source.consume(1);
        current = peek(source)?;
    }
    let mut reader = Reader {
        source,
        current,
        text: Vec::new(),
        overflow: false,
    };
    let mut count = 0;
    let mut hex = false;
    reader.accept(b"-+")?;
    if reader.accept(b"00")? {
        if reader.accept(b"xX")? {
            hex = true;
        } else {
            count = 1;
        }
    }
    count += reader.digits(hex)?;
    if reader.accept(b"..")? {
        count += reader.digits(hex)?;
    }
    if count > 0 && reader.accept(if hex { b"pP" } else { b"eE" })? {
        reader.accept(b"-+")?;
        reader.digits(false)?;
    }
    if reader.overflow {
        return Ok(None);
    }
    Ok(str_to_number(&reader.text).map(|number| match number {
        crate::value::numeral::Number::Integer(i) => Value::Integer(i),
        crate::value::numeral::Number::Float(f) => Value::Float(f),
    }))
}

/// The host value of a Lua file handle (`FILE*` userdata).
pub(crate) struct LuaFile(Arc<Mutex<Stream>>);

/// Every file opened by any VM of this process, so that `os.exit` can flush them (C's `exit`
/// flushes every open stream).
static OPEN_FILES: Mutex<Vec<Weak<Mutex<Stream>>>> = Mutex::new(Vec::new());

fn register(stream: &Arc<Mutex<Stream>>) {
    let mut files = lock(&OPEN_FILES);
    files.retain(|file| file.strong_count() > 0);
    files.push(Arc::downgrade(stream));
}

/// Flushes every open file and the standard streams (before `os.exit`).
pub(crate) fn flush_open_files() {
    let files: Vec<Arc<Mutex<Stream>>> =
        lock(&OPEN_FILES).iter().filter_map(Weak::upgrade).collect();
    for file in files {
        let _ = lock(&file).flush();
    }
    let _ = io::stdout().flush();
    let _ = io::stderr().flush();
}

/// The error text of an I/O error as C's `strerror` gives it, and its `errno` (0 when the
/// error did not come from the operating system).
pub(crate) fn error_text(error: &io::Error) -> (String, i64) {
    match error.raw_os_error() {
        Some(code) => {
            let text = error.to_string();
            let suffix = format!(" (os error {code})");
            let text = text.strip_suffix(&suffix).unwrap_or(&text).to_owned();
            (text, i64::from(code))
        }
        None => (error.to_string(), 0),
    }
}

/// lua5.4's `luaL_fileresult` for a failure: `nil, "[name: ]strerror", errno`. Running out
/// of the string size limit is an error instead (`not enough memory`).
pub(crate) fn file_result<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    error: &io::Error,
    name: Option<&[u8]>,
) -> NativeResult {
    if error.kind() == io::ErrorKind::OutOfMemory && error.raw_os_error().is_none() {
        return Err(RuntimeError::OutOfMemory);
    }
    let (text, code) = error_text(error);
    let mut message = Vec::new();
    if let Some(name) = name {
        message.extend_from_slice(name);
        message.extend_from_slice(b": ");
    }
    message.extend_from_slice(text.as_bytes());
    let message = Value::String(ctx.create_string(message));
    Ok(MultiValue::from_iter([
        Value::Nil,
        message,
        Value::Integer(code),
    ]))
}

/// A path from Lua bytes, ending at the first zero byte as C's functions read it.
pub(crate) fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    let bytes = bytes.split(|&b| b == 0).next().unwrap_or_default();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// A path's bytes as Lua sees them.
pub(crate) fn path_bytes(path: &std::path::Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned().into_bytes()
    }
}

/// Creates a new file with a fresh name (`lua_XXXXXX`) in the temporary directory, open for
/// reading and writing.
pub(crate) fn create_temp_file() -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let directory = std::env::temp_dir();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
        ^ (u64::from(std::process::id()) << 32);
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        // splitmix64 of seed and counter.
        let mut x = seed.wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^= x >> 31;
        let mut name = b"lua_".to_vec();
        for _ in 0..6 {
            name.push(LETTERS[(x % LETTERS.len() as u64) as usize]);
            x /= LETTERS.len() as u64;
        }
        let path = directory.join(String::from_utf8_lossy(&name).as_ref());
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::from(io::ErrorKind::AlreadyExists))
}

/// lua5.4's `l_checkmode`: `r`, `w` or `a`, an optional `+`, then only `b`s.
fn open_options(mode: &[u8]) -> Option<(OpenOptions, bool, bool)> {
    let mode = mode.split(|&b| b == 0).next().unwrap_or_default();
    let (&kind, rest) = mode.split_first()?;
    let (plus, rest) = match rest.split_first() {
        Some((b'+', rest)) => (true, rest),
        _ => (false, rest),
    };
    if !rest.iter().all(|&b| b == b'b') {
        return None;
    }
    let mut options = OpenOptions::new();
    let (readable, writable) = match kind {
        b'r' => (true, plus),
        b'w' => {
            options.create(true).truncate(true);
            (plus, true)
        }
        b'a' => {
            options.create(true).append(true);
            (plus, true)
        }
        _ => return None,
    };
    options.read(readable).write(writable);
    Some((options, readable, writable))
}

fn open_stream(
    name: &[u8],
    options: &OpenOptions,
    readable: bool,
    writable: bool,
) -> io::Result<Stream> {
    let file = options.open(path_from_bytes(name))?;
    Ok(Stream::File(Box::new(DiskFile::new(
        file, readable, writable,
    ))))
}

/// Wraps a stream as a `FILE*` userdata with the library's metatable.
fn new_file<S: Storage>(ctx: &mut VmContext<'_, S>, meta: TableRef, stream: Stream) -> Value {
    let is_file = matches!(stream, Stream::File(_));
    let shared = Arc::new(Mutex::new(stream));
    if is_file {
        register(&shared);
    }
    let data = ctx.create_host_data(LuaFile(shared));
    let _ = data.set_metatable(Some(meta), ctx);
    Value::HostData(data)
}

/// The stream of a `FILE*` value.
fn file_of<S: Storage>(ctx: &VmContext<'_, S>, value: Value) -> Option<Arc<Mutex<Stream>>> {
    match value {
        Value::HostData(data) => data
            .get::<LuaFile>(ctx)
            .ok()
            .map(|file| Arc::clone(&file.0)),
        _ => None,
    }
}

/// lua5.4's `tofile`: argument `n` must be an open file.
fn to_file<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
) -> Result<Arc<Mutex<Stream>>, RuntimeError> {
    let Some(stream) = file_of(ctx, args.get(n - 1)) else {
        return Err(super::base::type_error(ctx, args, n, name, "FILE*"));
    };
    if matches!(*lock(&stream), Stream::Closed) {
        return Err(RuntimeError::Message(
            "attempt to use a closed file".to_owned(),
        ));
    }
    Ok(stream)
}

/// Index of the default input and output files in the library's state table.
const INPUT: i64 = 1;
const OUTPUT: i64 = 2;

/// lua5.4's `getiofile`: the default input or output file, which must be open.
fn default_file<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    state: TableRef,
    which: i64,
) -> Result<(Value, Arc<Mutex<Stream>>), RuntimeError> {
    let value: Value = state.raw_get(which, ctx)?;
    let stream = file_of(ctx, value).filter(|s| !matches!(*lock(s), Stream::Closed));
    match stream {
        Some(stream) => Ok((value, stream)),
        None => Err(RuntimeError::Message(format!(
            "default {} file is closed",
            if which == INPUT { "input" } else { "output" }
        ))),
    }
}

/// lua5.4's `g_read`: reads the formats `args[first-1..]` (a line when there are none).
fn read_formats<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    stream: &Mutex<Stream>,
    args: &MultiValue,
    first: usize,
    name: &str,
) -> NativeResult {
    enum Format {
        Count(usize),
        Number,
        Line(bool),
        All,
    }
    /// What one format read: text, or a number (`None`: the format failed).
    enum Read {
        Text(Vec<u8>),
        Number(Option<Value>),
    }
    let mut results = MultiValue::new();
    let count = args.len().saturating_sub(first - 1);
    let formats = if count == 0 { 1 } else { count };
    for k in 0..formats {
        let n = first + k;
        let format = if count == 0 {
            Format::Line(false)
        } else {
            match args.get(n - 1) {
                Value::Integer(i) => Format::Count(usize::try_from(i).unwrap_or(usize::MAX)),
                Value::Float(f) => match float_to_integer(f) {
                    Some(i) => Format::Count(usize::try_from(i).unwrap_or(usize::MAX)),
                    None => {
                        return Err(arg_error(n, name, "number has no integer representation"));
                    }
                },
                _ => {
                    let text = check_bytes(ctx, args, n, name)?;
                    let text = text.strip_prefix(b"*").unwrap_or(&text);
                    match text.first() {
                        Some(b'n') => Format::Number,
                        Some(b'l') => Format::Line(false),
                        Some(b'L') => Format::Line(true),
                        Some(b'a') => Format::All,
                        _ => return Err(arg_error(n, name, "invalid format")),
                    }
                }
            }
        };
        let outcome = lock(stream).with_input(|source| {
            let mut out = Vec::new();
            let ok = match format {
                Format::Count(0) => !source.fill()?.is_empty(),
                Format::Count(count) => {
                    read_chars(source, count, &mut out)?;
                    !out.is_empty()
                }
                Format::Line(keep) => read_line(source, keep, &mut out)?,
                Format::All => {
                    read_chars(source, usize::MAX, &mut out)?;
                    true
                }
                Format::Number => return Ok(Read::Number(read_number(source)?)),
            };
            Ok(if ok {
                Read::Text(out)
            } else {
                Read::Number(None)
            })
        });
        let value = match outcome {
            Ok(Read::Number(value)) => value.unwrap_or(Value::Nil),
            Ok(Read::Text(text)) => Value::String(ctx.create_string(text)),
            Err(error) => return file_result(ctx, &error, None),
        };
        let failed = value.is_nil();
        results.push_back(value);
        if failed {
            break;
        }
    }
    Ok(results)
}

/// lua5.4's `g_write`: writes `args[first-1..]`; numbers as `%.14g` / `%d`.
fn write_values<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    stream: &Mutex<Stream>,
    args: &MultiValue,
    first: usize,
    name: &str,
) -> Result<io::Result<()>, RuntimeError> {
    let mut status = Ok(());
    for n in first..=args.len() {
        let bytes = match args.get(n - 1) {
            Value::Integer(i) => format_integer(i).into_bytes(),
            Value::Float(f) => {
                // `tostring` adds ".0" to integral values; `%.14g` does not.
                let text = format_float(f);
                text.strip_suffix(".0").unwrap_or(&text).as_bytes().to_vec()
            }
            _ => check_bytes(ctx, args, n, name)?,
        };
        if status.is_ok() {
            status = lock(stream).write(&bytes);
        }
    }
    Ok(status)
}

/// lua5.4's `aux_close`: standard files stay open.
fn close_stream<S: Storage>(ctx: &mut VmContext<'_, S>, stream: &Mutex<Stream>) -> NativeResult {
    let result = {
        let mut guard = lock(stream);
        if guard.is_standard() {
            None
        } else {
            Some(guard.close())
        }
    };
    match result {
        None => Ok(MultiValue::from_iter([
            Value::Nil,
            string_value(ctx, "cannot close standard file"),
        ])),
        Some(Ok(())) => Ok(one(Value::Bool(true))),
        Some(Err(error)) => file_result(ctx, &error, None),
    }
}

fn success_or<S: Storage>(ctx: &mut VmContext<'_, S>, result: io::Result<()>) -> NativeResult {
    match result {
        Ok(()) => Ok(one(Value::Bool(true))),
        Err(error) => file_result(ctx, &error, None),
    }
}

/// Opens `name` or raises lua5.4's `cannot open file 'name' (strerror)`.
fn open_or_fail<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    meta: TableRef,
    name: &[u8],
    mode: &[u8],
) -> Result<Value, RuntimeError> {
    let (options, readable, writable) =
        open_options(mode).ok_or_else(|| RuntimeError::Message("invalid mode".to_owned()))?;
    match open_stream(name, &options, readable, writable) {
        Ok(stream) => Ok(new_file(ctx, meta, stream)),
        Err(error) => Err(RuntimeError::Message(format!(
            "cannot open file '{}' ({})",
            String::from_utf8_lossy(name.split(|&b| b == 0).next().unwrap_or_default()),
            error_text(&error).0
        ))),
    }
}

/// The iterator `lines` returns: reads `formats` from `file` at each call; at end of file
/// closes the file when `close` (files opened by `io.lines`).
fn lines_iterator<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    file: Value,
    formats: Vec<Value>,
    close: bool,
) -> Value {
    // Upvalues: the file, whether to close it at the end, the number of formats, the formats.
    let mut upvalues = vec![
        file,
        Value::Bool(close),
        Value::Integer(formats.len() as i64),
    ];
    upvalues.extend(formats);
    let iterator = ctx.create_function_with_upvalues(
        |call: CallContext, ctx: &mut VmContext<'_, S>| {
            let file = call.upvalue(0, ctx);
            let close = call.upvalue(1, ctx).is_truthy();
            let count = match call.upvalue(2, ctx) {
                Value::Integer(n) => usize::try_from(n).unwrap_or(0),
                _ => 0,
            };
            let formats: Vec<Value> = (3..3 + count).map(|i| call.upvalue(i, ctx)).collect();
            let stream = file_of(ctx, file)
                .ok_or_else(|| RuntimeError::Message("file is already closed".to_owned()))?;
            if matches!(*lock(&stream), Stream::Closed) {
                return Err(RuntimeError::Message("file is already closed".to_owned()));
            }
            let mut args = MultiValue::from_iter([file]);
            for &format in &formats {
                args.push_back(format);
            }
            let results = read_formats(ctx, &stream, &args, 2, "?")?;
            if results.get(0).is_truthy() {
                return Ok(results);
            }
            if results.len() > 1 {
                let message = match results.get(1) {
                    Value::String(s) => {
                        String::from_utf8_lossy(ctx.vm.heap.string(s)?.as_bytes()).into_owned()
                    }
                    _ => String::new(),
                };
                return Err(RuntimeError::Message(message));
            }
            if close {
                close_stream(ctx, &stream)?;
            }
            Ok(MultiValue::new())
        },
        upvalues,
    );
    Value::Function(iterator)
}

fn check_line_formats(args: &MultiValue, name: &str) -> Result<Vec<Value>, RuntimeError> {
    let formats: Vec<Value> = args.iter().skip(1).copied().collect();
    if formats.len() > MAX_LINE_FORMATS {
        return Err(arg_error(MAX_LINE_FORMATS + 2, name, "too many arguments"));
    }
    Ok(formats)
}

/// lua5.4's `luaL_checkoption` for string options.
fn check_option<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    args: &MultiValue,
    n: usize,
    name: &str,
    default: Option<&str>,
    options: &[&str],
) -> Result<usize, RuntimeError> {
    let text = match default {
        Some(default) if args.get(n - 1).is_nil() => default.as_bytes().to_vec(),
        _ => check_bytes(ctx, args, n, name)?,
    };
    let c_string = text.split(|&b| b == 0).next().unwrap_or_default();
    options
        .iter()
        .position(|option| option.as_bytes() == c_string)
        .ok_or_else(|| {
            arg_error(
                n,
                name,
                &format!("invalid option '{}'", String::from_utf8_lossy(c_string)),
            )
        })
}

// ---------------------------------------------------------------------------------------------
// File methods (named `?` in argument errors, as lua5.4 finds no global name for them).

fn f_close<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let stream = to_file(ctx, call.args(), 1, "?")?;
    close_stream(ctx, &stream)
}

fn f_flush<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let stream = to_file(ctx, call.args(), 1, "?")?;
    let result = lock(&stream).flush();
    success_or(ctx, result)
}

fn f_lines<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    to_file(ctx, call.args(), 1, "?")?;
    let formats = check_line_formats(call.args(), "?")?;
    Ok(one(lines_iterator(ctx, call.args().get(0), formats, false)))
}

fn f_read<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let stream = to_file(ctx, call.args(), 1, "?")?;
    read_formats(ctx, &stream, call.args(), 2, "?")
}

fn f_seek<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let stream = to_file(ctx, args, 1, "?")?;
    let whence = check_option(ctx, args, 2, "?", Some("cur"), &["set", "cur", "end"])?;
    let offset = opt_integer(ctx, args, 3, "?", 0)?;
    let whence = [Whence::Set, Whence::Cur, Whence::End][whence];
    let result = lock(&stream).seek(whence, offset);
    match result {
        Ok(position) => Ok(one(Value::Integer(
            i64::try_from(position).unwrap_or(i64::MAX),
        ))),
        Err(error) => file_result(ctx, &error, None),
    }
}

fn f_setvbuf<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let stream = to_file(ctx, args, 1, "?")?;
    let mode = check_option(ctx, args, 2, "?", None, &["no", "full", "line"])?;
    let size = opt_integer(ctx, args, 3, "?", DEFAULT_BUFFER_SIZE)?;
    let size = usize::try_from(size).unwrap_or(MAX_WRITE_BUFFER);
    let buffering = match mode {
        0 => Buffering::No,
        1 => Buffering::Full(size.clamp(1, MAX_WRITE_BUFFER)),
        _ => Buffering::Line,
    };
    let result = lock(&stream).set_buffering(buffering);
    success_or(ctx, result)
}

fn f_write<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let stream = to_file(ctx, args, 1, "?")?;
    match write_values(ctx, &stream, args, 2, "?")? {
        Ok(()) => Ok(one(args.get(0))),
        Err(error) => file_result(ctx, &error, None),
    }
}

/// `__gc` and `__close`: closes the file unless it is closed or standard.
fn f_gc<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    if let Some(stream) = file_of(ctx, call.args().get(0)) {
        let mut guard = lock(&stream);
        if !guard.is_standard() {
            let _ = guard.close();
        }
    }
    Ok(MultiValue::new())
}

fn f_tostring<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let Some(stream) = file_of(ctx, args.get(0)) else {
        return Err(super::base::type_error(ctx, args, 1, "?", "FILE*"));
    };
    let closed = matches!(*lock(&stream), Stream::Closed);
    let text = match args.get(0) {
        _ if closed => "file (closed)".to_owned(),
        Value::HostData(data) => format!("file (0x{:08x})", data.id()),
        _ => "file".to_owned(),
    };
    Ok(one(string_value(ctx, &text)))
}

// ---------------------------------------------------------------------------------------------
// Library functions.

fn io_type<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let value = check_any(call.args(), 1, "io.type")?;
    Ok(one(match file_of(ctx, value) {
        Some(stream) => {
            let closed = matches!(*lock(&stream), Stream::Closed);
            string_value(ctx, if closed { "closed file" } else { "file" })
        }
        None => Value::Nil,
    }))
}

fn io_open<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    meta: TableRef,
) -> NativeResult {
    let args = call.args();
    let name = check_bytes(ctx, args, 1, "io.open")?;
    let mode = if args.get(1).is_nil() {
        b"r".to_vec()
    } else {
        check_bytes(ctx, args, 2, "io.open")?
    };
    let Some((options, readable, writable)) = open_options(&mode) else {
        return Err(arg_error(2, "io.open", "invalid mode"));
    };
    match open_stream(&name, &options, readable, writable) {
        Ok(stream) => Ok(one(new_file(ctx, meta, stream))),
        Err(error) => {
            let shown = name.split(|&b| b == 0).next().unwrap_or_default().to_vec();
            file_result(ctx, &error, Some(&shown))
        }
    }
}

fn io_close<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    state: TableRef,
) -> NativeResult {
    let mut args = call.args().clone();
    if args.is_empty() {
        args.push_back(state.raw_get::<_, Value>(OUTPUT, ctx)?);
    }
    let stream = to_file(ctx, &args, 1, "io.close")?;
    close_stream(ctx, &stream)
}

fn io_flush<S: Storage>(
    _: CallContext,
    ctx: &mut VmContext<'_, S>,
    state: TableRef,
) -> NativeResult {
    let (_, stream) = default_file(ctx, state, OUTPUT)?;
    let result = lock(&stream).flush();
    success_or(ctx, result)
}

/// `io.input` / `io.output` (lua5.4's `g_iofile`).
fn io_file<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    state: TableRef,
    meta: TableRef,
    which: i64,
) -> NativeResult {
    let args = call.args();
    let (name, mode) = if which == INPUT {
        ("io.input", b"r")
    } else {
        ("io.output", b"w")
    };
    match args.get(0) {
        Value::Nil => {}
        Value::String(_) | Value::Integer(_) | Value::Float(_) => {
            let file_name = check_bytes(ctx, args, 1, name)?;
            let file = open_or_fail(ctx, meta, &file_name, mode)?;
            state.raw_set(which, file, ctx)?;
        }
        value => {
            to_file(ctx, args, 1, name)?;
            state.raw_set(which, value, ctx)?;
        }
    }
    Ok(one(state.raw_get::<_, Value>(which, ctx)?))
}

fn io_lines<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    state: TableRef,
    meta: TableRef,
) -> NativeResult {
    let mut args = call.args().clone();
    if args.is_empty() {
        args.push_back(Value::Nil);
    }
    let (file, close) = if args.get(0).is_nil() {
        let mut default = MultiValue::from_iter([state.raw_get::<_, Value>(INPUT, ctx)?]);
        to_file(ctx, &default, 1, "io.lines")?;
        (default.pop_front(), false)
    } else {
        let name = check_bytes(ctx, &args, 1, "io.lines")?;
        (open_or_fail(ctx, meta, &name, b"r")?, true)
    };
    let formats = check_line_formats(&args, "io.lines")?;
    let iterator = lines_iterator(ctx, file, formats, close);
    if close {
        Ok(MultiValue::from_iter([
            iterator,
            Value::Nil,
            Value::Nil,
            file,
        ]))
    } else {
        Ok(one(iterator))
    }
}

fn io_read<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    state: TableRef,
) -> NativeResult {
    let (_, stream) = default_file(ctx, state, INPUT)?;
    read_formats(ctx, &stream, call.args(), 1, "io.read")
}

fn io_write<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
    state: TableRef,
) -> NativeResult {
    let (file, stream) = default_file(ctx, state, OUTPUT)?;
    match write_values(ctx, &stream, call.args(), 1, "io.write")? {
        Ok(()) => Ok(one(file)),
        Err(error) => file_result(ctx, &error, None),
    }
}

fn io_tmpfile<S: Storage>(
    _: CallContext,
    ctx: &mut VmContext<'_, S>,
    meta: TableRef,
) -> NativeResult {
    match create_temp_file() {
        Ok((path, file)) => {
            // Like C's `tmpfile`, the file has no name left: it disappears once closed.
            let _ = std::fs::remove_file(&path);
            let stream = Stream::File(Box::new(DiskFile::new(file, true, true)));
            Ok(one(new_file(ctx, meta, stream)))
        }
        Err(error) => file_result(ctx, &error, None),
    }
}

fn io_popen<S: Storage>(_: CallContext, _: &mut VmContext<'_, S>) -> NativeResult {
    Err(RuntimeError::Message("'popen' not supported".to_owned()))
}

impl<S: Storage> VmContext<'_, S> {
    /// Opens lua5.4's `io` library into the global `io`.
    ///
    /// **Host-only: gives scripts access to the machine** (every file the process can reach,
    /// and the standard streams). Never open it in a VM that runs untrusted scripts. Files
    /// are external state shared by every snapshot of the VM (a rollback does not restore
    /// them), so a VM using them is not snapshot-safe. See the module notes for the
    /// differences from lua5.4 (`io.popen` is not supported; `tostring(file)` shows an id).
    pub fn open_io_library(&mut self) {
        let methods = self.create_table();
        macro_rules! register {
            ($table:expr, $($name:literal => $f:expr),* $(,)?) => {$(
                let f = self.create_function($f);
                set_field(self, $table, $name, Value::Function(f));
            )*};
        }
        register! {
            methods,
            "close" => f_close::<S>,
            "flush" => f_flush::<S>,
            "lines" => f_lines::<S>,
            "read" => f_read::<S>,
            "seek" => f_seek::<S>,
            "setvbuf" => f_setvbuf::<S>,
            "write" => f_write::<S>,
        }
        let meta = self.create_table();
        register! {
            meta,
            "__gc" => f_gc::<S>,
            "__close" => f_gc::<S>,
            "__tostring" => f_tostring::<S>,
        }
        set_field(self, meta, "__index", Value::Table(methods));
        let file_kind = string_value(self, "FILE*");
        set_field(self, meta, "__name", file_kind);

        let state = self.create_table();
        let stdin = new_file(self, meta, Stream::Stdin);
        let stdout = new_file(self, meta, Stream::Stdout { unbuffered: false });
        let stderr = new_file(self, meta, Stream::Stderr);
        let _ = state.raw_set(INPUT, stdin, self);
        let _ = state.raw_set(OUTPUT, stdout, self);

        let io = self.create_table();
        register! {
            io,
            "type" => io_type::<S>,
            "popen" => io_popen::<S>,
        }
        // The library's state (default input and output) and the file metatable are upvalues
        // of these functions.
        macro_rules! register_with_state {
            ($($name:literal => |$call:ident, $ctx:ident, $state:ident, $meta:ident| $body:expr),* $(,)?) => {$(
                let f = self.create_function_with_upvalues(
                    |$call: CallContext, $ctx: &mut VmContext<'_, S>| {
                        let $state = super::args::table_upvalue(&$call, $ctx, 0)?;
                        let $meta = super::args::table_upvalue(&$call, $ctx, 1)?;
                        let _ = (&$state, &$meta);
                        $body
                    },
                    [Value::Table(state), Value::Table(meta)],
                );
                set_field(self, io, $name, Value::Function(f));
            )*};
        }
        register_with_state! {
            "open" => |call, ctx, state, meta| io_open(call, ctx, meta),
            "close" => |call, ctx, state, meta| io_close(call, ctx, state),
            "flush" => |call, ctx, state, meta| io_flush(call, ctx, state),
            "input" => |call, ctx, state, meta| io_file(call, ctx, state, meta, INPUT),
            "output" => |call, ctx, state, meta| io_file(call, ctx, state, meta, OUTPUT),
            "lines" => |call, ctx, state, meta| io_lines(call, ctx, state, meta),
            "read" => |call, ctx, state, meta| io_read(call, ctx, state),
            "write" => |call, ctx, state, meta| io_write(call, ctx, state),
            "tmpfile" => |call, ctx, state, meta| io_tmpfile(call, ctx, meta),
        }
        set_field(self, io, "stdin", stdin);
        set_field(self, io, "stdout", stdout);
        set_field(self, io, "stderr", stderr);
        let globals = self.vm.globals;
        set_field(self, globals, "io", Value::Table(io));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Bytes(Vec<u8>, usize);

    impl Source for Bytes {
        fn fill(&mut self) -> io::Result<&[u8]> {
            // One byte at a time, to exercise refills.
            Ok(&self.0[self.1..(self.1 + 1).min(self.0.len())])
        }
        fn consume(&mut self, n: usize) {
            self.1 = (self.1 + n).min(self.0.len());
        }
    }

    fn number(text: &str) -> (Option<Value>, usize) {
        let mut source = Bytes(text.as_bytes().to_vec(), 0);
        let value = read_number(&mut source).unwrap();
        (value, source.1)
    }

    #[test]
    fn numbers() {
        assert_eq!(number("  12 x"), (Some(Value::Integer(12)), 4));
        assert_eq!(number("0x1Fg"), (Some(Value::Integer(31)), 4));
        assert_eq!(number("-3.5e2,"), (Some(Value::Float(-350.0)), 6));
        assert_eq!(number(".5"), (Some(Value::Float(0.5)), 2));
        assert_eq!(number("abc"), (None, 0));
        assert_eq!(number("1e"), (None, 2));
        assert_eq!(number("0x"), (None, 2));
        assert_eq!(number(""), (None, 0));
        let long = "1".repeat(300);
        assert_eq!(number(&long), (None, 200));
    }

    #[test]
    fn lines_and_chars() {
        let mut source = Bytes(b"ab\ncd".to_vec(), 0);
        let mut out = Vec::new();
        assert!(read_line(&mut source, true, &mut out).unwrap());
        assert_eq!(out, b"ab\n");
        out.clear();
        assert!(read_line(&mut source, false, &mut out).unwrap());
        assert_eq!(out, b"cd");
        out.clear();
        assert!(!read_line(&mut source, false, &mut out).unwrap());
        let mut source = Bytes(b"hello".to_vec(), 0);
        read_chars(&mut source, 3, &mut out).unwrap();
        assert_eq!(out, b"hel");
    }

    #[test]
    fn modes() {
        for good in ["r", "w", "a", "r+", "w+b", "ab", "rbbb", "r\0junk"] {
            assert!(open_options(good.as_bytes()).is_some(), "{good}");
        }
        for bad in ["", "x", "rb+", "r++", "+", "rw", "\0r"] {
            assert!(open_options(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn errors_read_like_strerror() {
        let (text, code) = error_text(&io::Error::from_raw_os_error(2));
        assert_eq!((text.as_str(), code), ("No such file or directory", 2));
    }
}
