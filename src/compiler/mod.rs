//! The Lua 5.4 front end: source text → tokens ([`lexer`]) → syntax tree with resolved names
//! ([`parser`], [`ast`]) → register bytecode ([`codegen`], [`crate::bytecode`]).
//!
//! Every byte sequence compiles to a prototype or to a [`SyntaxError`] worded as lua5.4 words
//! it; nothing panics, recursion is bounded by lua5.4's own nesting limit, and compile time is
//! linear in the size of the source.

pub(crate) mod ast;
pub(crate) mod codegen;
pub(crate) mod fold;
pub(crate) mod interner;
pub(crate) mod lexer;
pub(crate) mod parser;
pub(crate) mod token;

use crate::bytecode::Proto;
use crate::errors::SyntaxError;
use crate::shared::Shared;

/// Compiles a Lua 5.4 chunk to the prototype of its main function.
///
/// `chunk_name` follows lua5.4's convention for `load`: `=name` is shown as `name`, `@file` as
/// the file name, anything else (usually the source itself) as `[string "first line..."]`.
pub fn compile(source: &[u8], chunk_name: &[u8]) -> Result<Shared<Proto>, SyntaxError> {
    let located = |error: CompileError| SyntaxError {
        message: match error.line {
            Some(line) => format!("{}:{line}: {}", chunk_id(chunk_name), error.text),
            None => error.text,
        },
        line: error.line,
    };
    let chunk = parser::parse(source).map_err(located)?;
    let proto = codegen::generate(&chunk, chunk_name).map_err(located)?;
    Ok(Shared::new(proto))
}

/// A compile error before the chunk name is prefixed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CompileError {
    /// Line to report; `None` for errors lua5.4 reports without a position.
    pub line: Option<u32>,
    /// The message, including lua5.4's ` near 'TOKEN'` suffix where it adds one.
    pub text: String,
}

impl CompileError {
    /// An error at `line`.
    pub fn at(line: u32, text: impl Into<String>) -> Self {
        CompileError {
            line: Some(line),
            text: text.into(),
        }
    }
}

/// Longest chunk id lua5.4 prints (`LUA_IDSIZE` minus its terminator).
const ID_SIZE: usize = 60;

/// How lua5.4 shows a chunk name in messages (`luaO_chunkid`).
pub fn chunk_id(chunk_name: &[u8]) -> String {
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    match chunk_name.split_first() {
        Some((b'=', rest)) => text(&rest[..rest.len().min(ID_SIZE - 1)]),
        Some((b'@', rest)) => {
            if rest.len() < ID_SIZE {
                text(rest)
            } else {
                let keep = ID_SIZE - 4;
                format!("...{}", text(&rest[rest.len() - keep..]))
            }
        }
        _ => {
            const PREFIX: &str = "[string \"";
            const ELLIPSIS: &str = "...";
            const SUFFIX: &str = "\"]";
            let room = ID_SIZE - PREFIX.len() - ELLIPSIS.len() - SUFFIX.len() - 1;
            let newline = chunk_name.iter().position(|&b| b == b'\n');
            if chunk_name.len() < room && newline.is_none() {
                format!("{PREFIX}{}{SUFFIX}", text(chunk_name))
            } else {
                let line = &chunk_name[..newline.unwrap_or(chunk_name.len())];
                let kept = &line[..line.len().min(room)];
                format!("{PREFIX}{}{ELLIPSIS}{SUFFIX}", text(kept))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chunk_id;

    #[test]
    fn chunk_ids_match_lua() {
        assert_eq!(chunk_id(b"=stdin"), "stdin");
        assert_eq!(chunk_id(b"@script.lua"), "script.lua");
        assert_eq!(chunk_id(b"x = 1"), "[string \"x = 1\"]");
        assert_eq!(chunk_id(b"x = 1\ny = 2"), "[string \"x = 1...\"]");
        let long = "a".repeat(100);
        assert_eq!(
            chunk_id(long.as_bytes()),
            format!("[string \"{}...\"]", "a".repeat(45))
        );
        assert_eq!(chunk_id(format!("={long}").as_bytes()), "a".repeat(59));
        assert_eq!(
            chunk_id(format!("@{long}").as_bytes()),
            format!("...{}", "a".repeat(56))
        );
    }
}
