//! Pieces of the stand-alone interpreter (`red_moon`, lua5.4's `lua` program) that a host may
//! reuse: loading a script file as `luaL_loadfilex` does, the `arg` table, and the REPL's
//! test for an incomplete statement. Uncaught errors are reported with
//! [`VmContext::call_traced`](crate::interpreter::VmContext::call_traced).

use std::borrow::Cow;

use crate::errors::RuntimeError;
use crate::interpreter::{TableRef, VmContext};
use crate::storage::Storage;

/// The version line printed by `red_moon -v` (lua5.4 prints its copyright line).
pub const VERSION: &str = concat!(
    "Red Moon ",
    env!("CARGO_PKG_VERSION"),
    " (Lua 5.4 compatible)"
);

/// The text of a script file as `luaL_loadfilex` compiles it: a UTF-8 byte order mark is
/// dropped, and a first line starting with `#` (e.g. `#!/usr/bin/env red_moon`) is skipped,
/// keeping its newline so line numbers stay right.
pub fn file_chunk(source: &[u8]) -> Cow<'_, [u8]> {
    let source = source.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(source);
    if source.first() != Some(&b'#') {
        return Cow::Borrowed(source);
    }
    match source.iter().position(|&b| b == b'\n') {
        Some(end) => Cow::Borrowed(&source[end..]),
        None => Cow::Borrowed(&[]),
    }
}

/// Whether a chunk failed to compile only because it ended too early (lua.c's `incomplete`:
/// a syntax error reported at `<eof>`), so a REPL should read another line.
pub fn is_incomplete(error: &RuntimeError) -> bool {
    match error {
        RuntimeError::Syntax(error) => error.message.ends_with("<eof>"),
        _ => false,
    }
}

/// Creates the global `arg` table as lua.c's `createargtable` does: `argv[script]` (the script
/// name, or the program name when there is no script) at index 0, the arguments after it at
/// 1, 2, ..., and the program name and options before it at negative indices.
pub fn create_arg_table<S: Storage>(
    ctx: &mut VmContext<'_, S>,
    argv: &[Vec<u8>],
    script: usize,
) -> Result<TableRef, RuntimeError> {
    let table = ctx.create_table();
    for (i, argument) in argv.iter().enumerate() {
        let index = i as i64 - script as i64;
        let value = ctx.create_string(argument);
        table.set(index, value, ctx)?;
    }
    let env = ctx.default_environment();
    env.set("arg", table, ctx)?;
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_chunk_skips_bom_and_comment_line() {
        assert_eq!(&*file_chunk(b"print(1)"), b"print(1)");
        assert_eq!(&*file_chunk(b"#!/bin/lua\nprint(1)"), b"\nprint(1)");
        assert_eq!(&*file_chunk(b"\xEF\xBB\xBF# x\nprint(1)"), b"\nprint(1)");
        assert_eq!(&*file_chunk(b"\xEF\xBB\xBFprint(1)"), b"print(1)");
        assert_eq!(&*file_chunk(b"#only"), b"");
    }
}
