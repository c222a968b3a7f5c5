//! The Lua 5.4 lexer: bytes → [`SpannedToken`]s, behaving exactly like lua5.4's `llex.c`
//! (same tokens, line counting, escapes and error messages).
//!
//! The lexer walks the source slice with a position index, never recursing and never indexing
//! out of bounds. Names and string contents are interned; string literals without escapes (and
//! long strings without `\r`) are interned straight from the source, others through one reused
//! buffer, so a token costs no allocation beyond a new interned string.

use super::CompileError;
use super::interner::Interner;
use super::token::{SpannedToken, Token};
use crate::value::numeral::{Number, str_to_number};

/// Character class bit: a letter or `_` (C locale: bytes ≥ 0x80 are not letters).
const ALPHA: u8 = 1;
/// Character class bit: a decimal digit.
const DIGIT: u8 = 2;
/// Character class bit: a hexadecimal digit.
const XDIGIT: u8 = 4;
/// Character class bit: C `isspace` (space, `\t`, `\n`, `\v`, `\f`, `\r`).
const SPACE: u8 = 8;

/// Lua's character classes (`lctype.c`), one entry per byte.
static CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut class = 0;
        if c.is_ascii_alphabetic() || c == b'_' {
            class |= ALPHA;
        }
        if c.is_ascii_digit() {
            class |= DIGIT;
        }
        if c.is_ascii_hexdigit() {
            class |= XDIGIT;
        }
        if matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            class |= SPACE;
        }
        table[b] = class;
        b += 1;
    }
    table
};

/// `true` if `byte` is in `class`.
#[inline]
fn is(class: u8, byte: u8) -> bool {
    CLASSES[byte as usize] & class != 0
}

/// `true` if `byte` may continue a name.
#[inline]
fn is_alnum(byte: u8) -> bool {
    is(ALPHA | DIGIT, byte)
}

/// The value of a hexadecimal digit (the caller checked it is one).
#[inline]
fn hex_value(byte: u8) -> u32 {
    match byte {
        b'0'..=b'9' => u32::from(byte - b'0'),
        _ => u32::from((byte | 0x20).wrapping_sub(b'a')) + 10,
    }
}

/// Lua's line limit (`MAX_INT`): reaching it is an error.
const MAX_LINE: u32 = i32::MAX as u32;

/// A Lua 5.4 lexer over one source.
pub(crate) struct Lexer<'src> {
    /// The whole source.
    source: &'src [u8],
    /// Offset of the next unread byte.
    pos: usize,
    /// Current line (1-based), as lua5.4's `linenumber`.
    line: u32,
    /// Names and string contents seen so far.
    interner: Interner,
    /// Scratch space for string literals that need processing (escapes, `\r` newlines).
    buffer: Vec<u8>,
}

impl<'src> Lexer<'src> {
    /// A lexer at the start of `source`, with a fresh [`Interner`].
    pub fn new(source: &'src [u8]) -> Self {
        Lexer {
            source,
            pos: 0,
            line: 1,
            interner: Interner::new(),
            buffer: Vec::new(),
        }
    }

    /// The interner holding the symbols of the tokens read so far.
    #[allow(dead_code)]
    pub fn interner(&self) -> &Interner {
        &self.interner
    }

    /// Mutable access to the interner (to intern names the parser synthesizes).
    #[allow(dead_code)]
    pub fn interner_mut(&mut self) -> &mut Interner {
        &mut self.interner
    }

    /// Gives up the lexer, keeping its interner.
    #[allow(dead_code)]
    pub fn into_interner(self) -> Interner {
        self.interner
    }

    /// The byte at `index`, if any.
    #[inline]
    fn byte_at(&self, index: usize) -> Option<u8> {
        self.source.get(index).copied()
    }

    /// The byte at the current position, if any.
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.byte_at(self.pos)
    }

    /// Reads the next token; at the end of the source, [`Token::Eof`] forever.
    pub fn next_token(&mut self) -> Result<SpannedToken, CompileError> {
        loop {
            let start = self.pos;
            let Some(c) = self.byte_at(start) else {
                return Ok(self.spanned(Token::Eof, start));
            };
            let token = match c {
                b' ' | b'\t' | 0x0b | 0x0c => {
                    self.pos += 1;
                    while let Some(b' ' | b'\t' | 0x0b | 0x0c) = self.peek() {
                        self.pos += 1;
                    }
                    continue;
                }
                b'\n' | b'\r' => {
                    self.newline()?;
                    continue;
                }
                b'-' => {
                    if self.byte_at(start + 1) != Some(b'-') {
                        self.pos += 1;
                        Token::Minus
                    } else {
                        self.comment()?;
                        continue;
                    }
                }
                b'[' => {
                    let level = self.count_equals(start + 1);
                    if self.byte_at(start + 1 + level) == Some(b'[') {
                        self.long_string(level)?
                    } else if level == 0 {
                        self.pos += 1;
                        Token::LeftBracket
                    } else {
                        self.pos = start + 1 + level;
                        let near = quoted(&[self.source.get(start..self.pos).unwrap_or(&[])]);
                        return Err(
                            self.error(format!("invalid long string delimiter near {near}"))
                        );
                    }
                }
                b'=' => self.one_or_two(b'=', Token::Equal, Token::Assign),
                b'<' => match self.byte_at(start + 1) {
                    Some(b'=') => self.advance(2, Token::LessEqual),
                    Some(b'<') => self.advance(2, Token::ShiftLeft),
                    _ => self.advance(1, Token::Less),
                },
                b'>' => match self.byte_at(start + 1) {
                    Some(b'=') => self.advance(2, Token::GreaterEqual),
                    Some(b'>') => self.advance(2, Token::ShiftRight),
                    _ => self.advance(1, Token::Greater),
                },
                b'/' => self.one_or_two(b'/', Token::DoubleSlash, Token::Slash),
                b'~' => self.one_or_two(b'=', Token::NotEqual, Token::Tilde),
                b':' => self.one_or_two(b':', Token::DoubleColon, Token::Colon),
                b'"' | b'\'' => self.short_string(c)?,
                b'.' => match self.byte_at(start + 1) {
                    Some(b'.') if self.byte_at(start + 2) == Some(b'.') => {
                        self.advance(3, Token::Dots)
                    }
                    Some(b'.') => self.advance(2, Token::Concat),
                    Some(d) if is(DIGIT, d) => {
                        self.pos += 1;
                        self.numeral(start)?
                    }
                    _ => self.advance(1, Token::Dot),
                },
                b'0'..=b'9' => self.numeral(start)?,
                b'+' => self.advance(1, Token::Plus),
                b'*' => self.advance(1, Token::Star),
                b'%' => self.advance(1, Token::Percent),
                b'^' => self.advance(1, Token::Caret),
                b'#' => self.advance(1, Token::Hash),
                b'&' => self.advance(1, Token::Ampersand),
                b'|' => self.advance(1, Token::Pipe),
                b'(' => self.advance(1, Token::LeftParen),
                b')' => self.advance(1, Token::RightParen),
                b'{' => self.advance(1, Token::LeftBrace),
                b'}' => self.advance(1, Token::RightBrace),
                b']' => self.advance(1, Token::RightBracket),
                b';' => self.advance(1, Token::Semicolon),
                b',' => self.advance(1, Token::Comma),
                _ if is(ALPHA, c) => self.name(start),
                _ => self.advance(1, Token::Other(c)),
            };
            return Ok(self.spanned(token, start));
        }
    }

    /// lua5.4's text for "near X" in a message about `token`: the token as written (strings
    /// with their escapes processed) in single quotes, or `<eof>`.
    pub fn near(&self, token: &SpannedToken) -> String {
        match token.token {
            Token::Eof => "<eof>".to_owned(),
            Token::Name(_) | Token::Integer(_) | Token::Float(_) => {
                quoted(&[self.source.get(token.start..token.end).unwrap_or(&[])])
            }
            Token::String(symbol) => {
                let content = self.interner.get(symbol);
                match self.byte_at(token.start) {
                    Some(b'[') => {
                        let level = self.count_equals(token.start + 1);
                        let open = self
                            .source
                            .get(token.start..token.start + level + 2)
                            .unwrap_or(&[]);
                        let mut close = vec![b'='; level + 2];
                        close[0] = b']';
                        close[level + 1] = b']';
                        quoted(&[open, content, &close])
                    }
                    Some(quote) => quoted(&[&[quote], content, &[quote]]),
                    None => quoted(&[content]),
                }
            }
            Token::Other(byte) if (0x20..0x7f).contains(&byte) => {
                format!("'{}'", char::from(byte))
            }
            Token::Other(byte) => format!("'<\\{byte}>'"),
            other => format!("'{}'", other.spelling().unwrap_or_default()),
        }
    }

    /// An error about `token` worded as lua5.4's `luaX_syntaxerror`: `message near X` at the
    /// token's line. lua5.4 omits the near part when the token is a NUL byte (token code 0).
    #[allow(dead_code)]
    pub fn error_near(&self, token: &SpannedToken, message: &str) -> CompileError {
        if token.token == Token::Other(0) {
            return CompileError::at(token.line, message);
        }
        CompileError::at(token.line, format!("{message} near {}", self.near(token)))
    }

    /// Wraps a token read from `start` to the current position.
    #[inline]
    fn spanned(&self, token: Token, start: usize) -> SpannedToken {
        SpannedToken {
            token,
            line: self.line,
            start,
            end: self.pos,
        }
    }

    /// Consumes `count` bytes and yields `token`.
    #[inline]
    fn advance(&mut self, count: usize, token: Token) -> Token {
        self.pos += count;
        token
    }

    /// A one-byte symbol `single`, or `double` if the next byte is `second`.
    #[inline]
    fn one_or_two(&mut self, second: u8, double: Token, single: Token) -> Token {
        if self.byte_at(self.pos + 1) == Some(second) {
            self.advance(2, double)
        } else {
            self.advance(1, single)
        }
    }

    /// An error at the current line.
    fn error(&self, text: String) -> CompileError {
        CompileError::at(self.line, text)
    }

    /// Consumes one line break at the current position (`\n`, `\r`, `\r\n` or `\n\r`).
    #[inline]
    fn newline(&mut self) -> Result<(), CompileError> {
        self.pos = skip_newline(self.source, self.pos);
        self.line += 1;
        if self.line >= MAX_LINE {
            return Err(self.error("chunk has too many lines".to_owned()));
        }
        Ok(())
    }

    /// Number of `=` bytes starting at `index`.
    fn count_equals(&self, index: usize) -> usize {
        self.source
            .get(index..)
            .unwrap_or(&[])
            .iter()
            .take_while(|&&b| b == b'=')
            .count()
    }

    /// Skips a comment (the current position is at its `--`).
    fn comment(&mut self) -> Result<(), CompileError> {
        self.pos += 2;
        if self.peek() == Some(b'[') {
            let level = self.count_equals(self.pos + 1);
            if self.byte_at(self.pos + 1 + level) == Some(b'[') {
                self.long_bracket(level, false)?;
                return Ok(());
            }
        }
        let rest = self.source.get(self.pos..).unwrap_or(&[]);
        self.pos += rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(rest.len());
        Ok(())
    }

    /// A long string whose opening bracket (of `level` `=`s) is at the current position.
    fn long_string(&mut self, level: usize) -> Result<Token, CompileError> {
        let (content, has_cr) = self.long_bracket(level, true)?;
        let text = self.source.get(content.0..content.1).unwrap_or(&[]);
        let symbol = if has_cr {
            self.buffer.clear();
            let mut i = 0;
            while let Some(&b) = text.get(i) {
                if b == b'\n' || b == b'\r' {
                    self.buffer.push(b'\n');
                    i = skip_newline(text, i);
                } else {
                    self.buffer.push(b);
                    i += 1;
                }
            }
            self.interner.intern(&self.buffer)
        } else {
            self.interner.intern(text)
        };
        Ok(Token::String(symbol))
    }

    /// Reads a long bracket (string or comment) of `level` opening at the current position.
    /// Returns the content's byte range (without a first line break) and whether it holds a
    /// `\r` (so its line breaks need normalizing).
    fn long_bracket(
        &mut self,
        level: usize,
        is_string: bool,
    ) -> Result<((usize, usize), bool), CompileError> {
        let first_line = self.line;
        self.pos += level + 2;
        if matches!(self.peek(), Some(b'\n' | b'\r')) {
            self.newline()?;
        }
        let content_start = self.pos;
        let mut has_cr = false;
        loop {
            let rest = self.source.get(self.pos..).unwrap_or(&[]);
            let Some(offset) = rest
                .iter()
                .position(|&b| b == b']' || b == b'\n' || b == b'\r')
            else {
                self.pos = self.source.len();
                let what = if is_string { "string" } else { "comment" };
                return Err(self.error(format!(
                    "unfinished long {what} (starting at line {first_line}) near <eof>"
                )));
            };
            self.pos += offset;
            match rest.get(offset) {
                Some(b']') => {
                    let equals = self.count_equals(self.pos + 1);
                    if equals == level && self.byte_at(self.pos + 1 + level) == Some(b']') {
                        let content_end = self.pos;
                        self.pos += level + 2;
                        return Ok(((content_start, content_end), has_cr));
                    }
                    self.pos += 1 + equals;
                }
                Some(&b) => {
                    has_cr |= b == b'\r' || self.byte_at(self.pos + 1) == Some(b'\r');
                    self.newline()?;
                }
                None => {}
            }
        }
    }

    /// A short string delimited by `quote`, which is at the current position.
    fn short_string(&mut self, quote: u8) -> Result<Token, CompileError> {
        let open = self.pos;
        self.pos += 1;
        // Content from `segment` to the current position is unprocessed and not yet copied to
        // the buffer; `buffered` says whether the buffer holds the content before it.
        let mut segment = self.pos;
        let mut buffered = false;
        loop {
            let rest = self.source.get(self.pos..).unwrap_or(&[]);
            let offset = rest
                .iter()
                .position(|&b| b == quote || b == b'\\' || b == b'\n' || b == b'\r')
                .unwrap_or(rest.len());
            self.pos += offset;
            match self.peek() {
                None => return Err(self.error("unfinished string near <eof>".to_owned())),
                Some(b'\n' | b'\r') => {
                    let near = self.partial_string(quote, buffered, segment, self.pos);
                    return Err(self.error(format!("unfinished string near {near}")));
                }
                Some(b'\\') => {
                    if !buffered {
                        self.buffer.clear();
                        buffered = true;
                    }
                    self.buffer
                        .extend_from_slice(self.source.get(segment..self.pos).unwrap_or(&[]));
                    self.escape(quote)?;
                    segment = self.pos;
                }
                Some(_) => break,
            }
        }
        let tail = self.source.get(segment..self.pos).unwrap_or(&[]);
        let symbol = if buffered {
            self.buffer.extend_from_slice(tail);
            self.interner.intern(&self.buffer)
        } else {
            debug_assert_eq!(segment, open + 1);
            self.interner.intern(tail)
        };
        self.pos += 1;
        Ok(Token::String(symbol))
    }

    /// The near-text of a short string read up to `end` (exclusive): quote, processed content,
    /// then the raw bytes from `segment`.
    fn partial_string(&self, quote: u8, buffered: bool, segment: usize, end: usize) -> String {
        let processed: &[u8] = if buffered { &self.buffer } else { &[] };
        let raw = self.source.get(segment..end).unwrap_or(&[]);
        quoted(&[&[quote], processed, raw])
    }

    /// An escape-sequence error: the near-text is the string so far, including the escape up
    /// to and including the offending byte at `bad` (if there is one).
    fn escape_error(&self, message: &str, quote: u8, escape: usize, bad: usize) -> CompileError {
        let end = if bad < self.source.len() {
            bad + 1
        } else {
            bad
        };
        let near = self.partial_string(quote, true, escape, end);
        self.error(format!("{message} near {near}"))
    }

    /// Processes the escape sequence at the current position (a `\`), appending its value to
    /// the buffer.
    fn escape(&mut self, quote: u8) -> Result<(), CompileError> {
        let escape = self.pos;
        let Some(c) = self.byte_at(escape + 1) else {
            // A `\` at the end of the source: the next loop reports the unfinished string.
            self.pos += 1;
            return Ok(());
        };
        let simple = match c {
            b'a' => Some(0x07),
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(0x0b),
            b'\\' | b'"' | b'\'' => Some(c),
            _ => None,
        };
        if let Some(value) = simple {
            self.buffer.push(value);
            self.pos += 2;
            return Ok(());
        }
        match c {
            b'x' => {
                let mut value = 0u8;
                for i in escape + 2..escape + 4 {
                    match self.byte_at(i) {
                        Some(d) if is(XDIGIT, d) => value = (value << 4) | hex_value(d) as u8,
                        _ => {
                            return Err(self.escape_error(
                                "hexadecimal digit expected",
                                quote,
                                escape,
                                i,
                            ));
                        }
                    }
                }
                self.buffer.push(value);
                self.pos = escape + 4;
            }
            b'u' => {
                if self.byte_at(escape + 2) != Some(b'{') {
                    return Err(self.escape_error("missing '{'", quote, escape, escape + 2));
                }
                let mut i = escape + 3;
                let mut value = match self.byte_at(i) {
                    Some(d) if is(XDIGIT, d) => hex_value(d),
                    _ => {
                        return Err(self.escape_error(
                            "hexadecimal digit expected",
                            quote,
                            escape,
                            i,
                        ));
                    }
                };
                i += 1;
                while let Some(d) = self.byte_at(i).filter(|&d| is(XDIGIT, d)) {
                    if value > 0x7FFF_FFFF >> 4 {
                        return Err(self.escape_error("UTF-8 value too large", quote, escape, i));
                    }
                    value = (value << 4) | hex_value(d);
                    i += 1;
                }
                if self.byte_at(i) != Some(b'}') {
                    return Err(self.escape_error("missing '}'", quote, escape, i));
                }
                push_utf8(&mut self.buffer, value);
                self.pos = i + 1;
            }
            b'\n' | b'\r' => {
                self.pos += 1;
                self.newline()?;
                self.buffer.push(b'\n');
            }
            b'z' => {
                self.pos += 2;
                while let Some(b) = self.peek().filter(|&b| is(SPACE, b)) {
                    if b == b'\n' || b == b'\r' {
                        self.newline()?;
                    } else {
                        self.pos += 1;
                    }
                }
            }
            _ if is(DIGIT, c) => {
                let mut value = 0u32;
                let mut i = escape + 1;
                while i < escape + 4
                    && let Some(d) = self.byte_at(i).filter(|&d| is(DIGIT, d))
                {
                    value = value * 10 + u32::from(d - b'0');
                    i += 1;
                }
                let Ok(byte) = u8::try_from(value) else {
                    return Err(self.escape_error("decimal escape too large", quote, escape, i));
                };
                self.buffer.push(byte);
                self.pos = i;
            }
            _ => {
                return Err(self.escape_error(
                    "invalid escape sequence",
                    quote,
                    escape,
                    escape + 1,
                ));
            }
        }
        Ok(())
    }

    /// A numeral starting at `start`; the current position is at its first digit (after a
    /// leading `.`, if any). Reads like `read_numeral`, then converts like `luaO_str2num`.
    fn numeral(&mut self, start: usize) -> Result<Token, CompileError> {
        let first = self.peek();
        self.pos += 1;
        let mut exponent = [b'e', b'E'];
        if first == Some(b'0') && matches!(self.peek(), Some(b'x' | b'X')) {
            self.pos += 1;
            exponent = [b'p', b'P'];
        }
        while let Some(c) = self.peek() {
            if c == exponent[0] || c == exponent[1] {
                self.pos += 1;
                if matches!(self.peek(), Some(b'+' | b'-')) {
                    self.pos += 1;
                }
            } else if is(XDIGIT, c) || c == b'.' {
                self.pos += 1;
            } else {
                break;
            }
        }
        if self.peek().is_some_and(|c| is(ALPHA, c)) {
            // A numeral touching a letter: take the letter to make the numeral malformed.
            self.pos += 1;
        }
        let text = self.source.get(start..self.pos).unwrap_or(&[]);
        // Fast path: short decimal integers cannot overflow.
        if text.len() <= 18 && text.iter().all(u8::is_ascii_digit) {
            let value = text
                .iter()
                .fold(0i64, |acc, &d| acc * 10 + i64::from(d - b'0'));
            return Ok(Token::Integer(value));
        }
        match str_to_number(text) {
            Some(Number::Integer(i)) => Ok(Token::Integer(i)),
            Some(Number::Float(f)) => Ok(Token::Float(f)),
            None => Err(self.error(format!("malformed number near {}", quoted(&[text])))),
        }
    }

    /// A name or reserved word starting at `start` (the current position).
    fn name(&mut self, start: usize) -> Token {
        let rest = self.source.get(start + 1..).unwrap_or(&[]);
        let length = 1 + rest
            .iter()
            .position(|&b| !is_alnum(b))
            .unwrap_or(rest.len());
        self.pos = start + length;
        let word = self.source.get(start..self.pos).unwrap_or(&[]);
        if (2..=8).contains(&length) {
            // Pack the word with one 8-byte load where the source allows it.
            let packed = match self.source.get(start..start + 8) {
                Some(eight) => {
                    let mask = u64::MAX >> (8 * (8 - length));
                    eight.try_into().map_or(0, u64::from_le_bytes) & mask
                }
                None => pack(word),
            };
            if let Some(keyword) = keyword_packed(packed) {
                return keyword;
            }
        }
        Token::Name(self.interner.intern(word))
    }
}

/// A word of up to 8 bytes as a little-endian integer, zero-padded.
const fn pack(word: &[u8]) -> u64 {
    let mut packed = 0u64;
    let mut i = 0;
    while i < word.len() && i < 8 {
        packed |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    packed
}

/// The reserved word spelled `word`, if it is one: [`Token::keyword`], but comparing the word
/// packed into one integer (every reserved word has 2 to 8 bytes).
#[cfg(test)]
fn keyword(word: &[u8]) -> Option<Token> {
    if !(2..=8).contains(&word.len()) {
        return None;
    }
    keyword_packed(pack(word))
}

/// The reserved word whose bytes, zero-padded, are the little-endian `packed` (see [`pack`]).
#[inline]
fn keyword_packed(packed: u64) -> Option<Token> {
    const AND: u64 = pack(b"and");
    const BREAK: u64 = pack(b"break");
    const DO: u64 = pack(b"do");
    const ELSE: u64 = pack(b"else");
    const ELSEIF: u64 = pack(b"elseif");
    const END: u64 = pack(b"end");
    const FALSE: u64 = pack(b"false");
    const FOR: u64 = pack(b"for");
    const FUNCTION: u64 = pack(b"function");
    const GOTO: u64 = pack(b"goto");
    const IF: u64 = pack(b"if");
    const IN: u64 = pack(b"in");
    const LOCAL: u64 = pack(b"local");
    const NIL: u64 = pack(b"nil");
    const NOT: u64 = pack(b"not");
    const OR: u64 = pack(b"or");
    const REPEAT: u64 = pack(b"repeat");
    const RETURN: u64 = pack(b"return");
    const THEN: u64 = pack(b"then");
    const TRUE: u64 = pack(b"true");
    const UNTIL: u64 = pack(b"until");
    const WHILE: u64 = pack(b"while");
    // Names never contain NUL, so zero padding cannot make two different words equal.
    Some(match packed {
        AND => Token::And,
        BREAK => Token::Break,
        DO => Token::Do,
        ELSE => Token::Else,
        ELSEIF => Token::Elseif,
        END => Token::End,
        FALSE => Token::False,
        FOR => Token::For,
        FUNCTION => Token::Function,
        GOTO => Token::Goto,
        IF => Token::If,
        IN => Token::In,
        LOCAL => Token::Local,
        NIL => Token::Nil,
        NOT => Token::Not,
        OR => Token::Or,
        REPEAT => Token::Repeat,
        RETURN => Token::Return,
        THEN => Token::Then,
        TRUE => Token::True,
        UNTIL => Token::Until,
        WHILE => Token::While,
        _ => return None,
    })
}

/// The offset after the line break at `index` in `bytes` (`\n`, `\r`, `\r\n` or `\n\r`).
#[inline]
fn skip_newline(bytes: &[u8], index: usize) -> usize {
    let first = bytes.get(index).copied();
    match bytes.get(index + 1) {
        Some(&second) if (second == b'\n' || second == b'\r') && Some(second) != first => index + 2,
        _ => index + 1,
    }
}

/// Appends `value` (< 2^31) in lua5.4's extended UTF-8 (`luaO_utf8esc`: up to 6 bytes).
fn push_utf8(out: &mut Vec<u8>, value: u32) {
    if value < 0x80 {
        out.push(value as u8);
        return;
    }
    let mut continuation = [0u8; 6];
    let mut count = 0;
    let mut rest = value;
    let mut first_max = 0x3f; // largest value that still fits in the first byte
    loop {
        continuation[count] = 0x80 | (rest & 0x3f) as u8;
        count += 1;
        rest >>= 6;
        first_max >>= 1;
        if rest <= first_max {
            break;
        }
    }
    out.push(((!first_max << 1) | rest) as u8);
    out.extend(continuation[..count].iter().rev());
}

/// `'…'` around the concatenated `parts`, cut at the first NUL byte as lua5.4's C-string
/// formatting cuts it (bytes that are not UTF-8 are shown as U+FFFD).
fn quoted(parts: &[&[u8]]) -> String {
    let mut bytes = Vec::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + 2);
    bytes.push(b'\'');
    for part in parts {
        match part.iter().position(|&b| b == 0) {
            Some(nul) => {
                bytes.extend_from_slice(&part[..nul]);
                break;
            }
            None => bytes.extend_from_slice(part),
        }
    }
    bytes.push(b'\'');
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All tokens of `source` up to `Eof` (panics on a lexer error).
    fn lex(source: &[u8]) -> (Vec<SpannedToken>, Lexer<'_>) {
        let mut lexer = Lexer::new(source);
        let mut tokens = Vec::new();
        loop {
            let token = lexer
                .next_token()
                .unwrap_or_else(|e| panic!("{:?}: {e:?}", String::from_utf8_lossy(source)));
            if token.token == Token::Eof {
                break;
            }
            tokens.push(token);
        }
        (tokens, lexer)
    }

    fn tokens(source: &[u8]) -> Vec<Token> {
        lex(source).0.into_iter().map(|t| t.token).collect()
    }

    /// The single string literal in `source`, processed.
    fn string(source: &[u8]) -> Vec<u8> {
        let (tokens, lexer) = lex(source);
        assert_eq!(tokens.len(), 1, "{:?}", String::from_utf8_lossy(source));
        match tokens[0].token {
            Token::String(symbol) => lexer.interner().get(symbol).to_vec(),
            other => panic!("not a string: {other:?}"),
        }
    }

    /// The number token of `source`.
    fn number(source: &str) -> Token {
        let tokens = tokens(source.as_bytes());
        assert_eq!(tokens.len(), 1, "{source}");
        tokens[0]
    }

    /// The first lexer error of `source`, as (line, text).
    fn error(source: &[u8]) -> (u32, String) {
        let mut lexer = Lexer::new(source);
        loop {
            match lexer.next_token() {
                Ok(token) if token.token == Token::Eof => {
                    panic!("no error in {:?}", String::from_utf8_lossy(source))
                }
                Ok(_) => {}
                Err(error) => return (error.line.unwrap(), error.text),
            }
        }
    }

    /// The near-text of the last token of `source`.
    fn near_last(source: &[u8]) -> String {
        let (tokens, lexer) = lex(source);
        lexer.near(tokens.last().unwrap())
    }

    #[test]
    fn keywords() {
        let source = "and break do else elseif end false for function goto if in local nil \
                      not or repeat return then true until while";
        use Token::*;
        assert_eq!(
            tokens(source.as_bytes()),
            [
                And, Break, Do, Else, Elseif, End, False, For, Function, Goto, If, In, Local, Nil,
                Not, Or, Repeat, Return, Then, True, Until, While
            ]
        );
        // Keywords are case-sensitive and whole words.
        let (toks, lexer) = lex(b"End endx _end nil0 While");
        let names: Vec<&[u8]> = toks
            .iter()
            .map(|t| match t.token {
                Token::Name(s) => lexer.interner().get(s),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(names, [&b"End"[..], b"endx", b"_end", b"nil0", b"While"]);
    }

    #[test]
    fn packed_keywords_agree_with_token_keyword() {
        let words: &[&[u8]] = &[
            b"and",
            b"break",
            b"do",
            b"else",
            b"elseif",
            b"end",
            b"false",
            b"for",
            b"function",
            b"goto",
            b"if",
            b"in",
            b"local",
            b"nil",
            b"not",
            b"or",
            b"repeat",
            b"return",
            b"then",
            b"true",
            b"until",
            b"while",
            b"",
            b"a",
            b"an",
            b"andd",
            b"functions",
            b"function_",
            b"End",
            b"whilE",
            b"x",
            b"elseiff",
            b"_",
            b"nil_",
            b"iff",
            b"d",
            b"o",
        ];
        for &word in words {
            assert_eq!(keyword(word), Token::keyword(word), "{word:?}");
        }
        // Every 1-, 2- and 3-letter lowercase word.
        let letters = b"abcdefghijklmnopqrstuvwxyz_";
        for &a in letters {
            assert_eq!(keyword(&[a]), Token::keyword(&[a]));
            for &b in letters {
                assert_eq!(keyword(&[a, b]), Token::keyword(&[a, b]));
                for &c in letters {
                    assert_eq!(keyword(&[a, b, c]), Token::keyword(&[a, b, c]));
                }
            }
        }
    }

    #[test]
    fn symbols_longest_match() {
        use Token::*;
        assert_eq!(
            tokens(b"+ - * / // % ^ # & ~ | << >> .. ... == ~= <= >= < > = ( ) { } [ ] :: ; : , ."),
            [
                Plus,
                Minus,
                Star,
                Slash,
                DoubleSlash,
                Percent,
                Caret,
                Hash,
                Ampersand,
                Tilde,
                Pipe,
                ShiftLeft,
                ShiftRight,
                Concat,
                Dots,
                Equal,
                NotEqual,
                LessEqual,
                GreaterEqual,
                Less,
                Greater,
                Assign,
                LeftParen,
                RightParen,
                LeftBrace,
                RightBrace,
                LeftBracket,
                RightBracket,
                DoubleColon,
                Semicolon,
                Colon,
                Comma,
                Dot
            ]
        );
        assert_eq!(tokens(b"...."), [Dots, Dot]);
        assert_eq!(tokens(b"....."), [Dots, Concat]);
        assert_eq!(tokens(b"///"), [DoubleSlash, Slash]);
        assert_eq!(tokens(b":::"), [DoubleColon, Colon]);
        assert_eq!(tokens(b"<<=<=<"), [ShiftLeft, Assign, LessEqual, Less]);
        assert_eq!(
            tokens(b">>=>=>"),
            [ShiftRight, Assign, GreaterEqual, Greater]
        );
        assert_eq!(tokens(b"===~=~~"), [Equal, Assign, NotEqual, Tilde, Tilde]);
        assert_eq!(tokens(b"a.b"), {
            let (t, _) = lex(b"a.b");
            vec![t[0].token, Dot, t[2].token]
        });
        assert_eq!(tokens(b"[ ["), [LeftBracket, LeftBracket]);
        assert_eq!(tokens(b"-1"), [Minus, Integer(1)]);
        assert_eq!(
            tokens(b"1 ..2 .."),
            [Integer(1), Concat, Integer(2), Concat]
        );
    }

    #[test]
    fn other_bytes() {
        for byte in [
            b'@', b'$', b'!', b'?', b'`', b'\\', 0, 1, 0x7f, 0x80, 0xc3, 0xff,
        ] {
            assert_eq!(tokens(&[byte]), [Token::Other(byte)], "{byte}");
        }
        assert_eq!(
            tokens(b"\xc3\xa9"),
            [Token::Other(0xc3), Token::Other(0xa9)]
        );
    }

    #[test]
    fn spans() {
        let (toks, _) = lex(b"local x = [[ab]] .. 'c'");
        let spans: Vec<(usize, usize)> = toks.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(
            spans,
            [(0, 5), (6, 7), (8, 9), (10, 16), (17, 19), (20, 23)]
        );
        let (toks, _) = lex(b"  .5 \n");
        assert_eq!((toks[0].start, toks[0].end), (2, 4));
        let mut lexer = Lexer::new(b"x\n\n");
        lexer.next_token().unwrap();
        let eof = lexer.next_token().unwrap();
        assert_eq!(
            (eof.token, eof.line, eof.start, eof.end),
            (Token::Eof, 3, 3, 3)
        );
        assert_eq!(lexer.next_token().unwrap(), eof);
        assert_eq!(lexer.next_token().unwrap(), eof);
    }

    #[test]
    fn numerals() {
        use Token::{Float, Integer};
        assert_eq!(number("0"), Integer(0));
        assert_eq!(number("08"), Integer(8));
        assert_eq!(number("123456789012345678"), Integer(123456789012345678));
        assert_eq!(number("9223372036854775807"), Integer(i64::MAX));
        assert_eq!(number("9223372036854775808"), Float(9223372036854775808.0));
        assert_eq!(
            number("18446744073709551616"),
            Float(18446744073709551616.0)
        );
        assert_eq!(number("0xffffffffffffffff"), Integer(-1));
        assert_eq!(number("0x7fffffffffffffff"), Integer(i64::MAX));
        assert_eq!(number("0x10000000000000000"), Integer(0));
        assert_eq!(number("0XA"), Integer(10));
        assert_eq!(number("0x1p-2"), Float(0.25));
        assert_eq!(number("0x1P4"), Float(16.0));
        assert_eq!(number("0x.8"), Float(0.5));
        assert_eq!(number("0xep1"), Float(28.0));
        assert_eq!(number("0x.1e"), Float(0.1171875));
        assert_eq!(number("3."), Float(3.0));
        assert_eq!(number("3.0"), Float(3.0));
        assert_eq!(number(".5"), Float(0.5));
        assert_eq!(number(".5e2"), Float(50.0));
        assert_eq!(number("1e+2"), Float(100.0));
        assert_eq!(number("1E-2"), Float(0.01));
        assert_eq!(number("1e400"), Float(f64::INFINITY));
        assert_eq!(
            tokens(b"1 .5 2 ..3"),
            [
                Integer(1),
                Float(0.5),
                Integer(2),
                Token::Concat,
                Integer(3)
            ]
        );
        // A sign only follows an exponent mark.
        assert_eq!(tokens(b"1-2"), [Integer(1), Token::Minus, Integer(2)]);
        assert_eq!(tokens(b"0x1e+2"), [Integer(0x1e), Token::Plus, Integer(2)]);
    }

    #[test]
    fn malformed_numbers() {
        // Expected texts from lua5.4 5.4.4.
        for (source, near) in [
            ("x = 3in", "'3i'"),
            ("x = .0xe+1", "'.0xe'"),
            ("x = 0x", "'0x'"),
            ("x = 1e", "'1e'"),
            ("x = 1e+", "'1e+'"),
            ("x = 1..2", "'1..2'"),
            ("x = 0x1P+", "'0x1P+'"),
            ("x = 1_", "'1_'"),
            ("x = 1.2.3", "'1.2.3'"),
            ("x = 0xg", "'0xg'"),
        ] {
            assert_eq!(
                error(source.as_bytes()),
                (1, format!("malformed number near {near}")),
                "{source}"
            );
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(
            string(br#""\a\b\f\n\r\t\v\\\"\'""#),
            b"\x07\x08\x0c\n\r\t\x0b\\\"'"
        );
        assert_eq!(
            string(br"'\065\x41\u{41}\0\00\000\0001'"),
            b"AAA\0\0\0\x001"
        );
        assert_eq!(string(br"'\255\xff\xFF\x00'"), b"\xff\xff\xff\0");
        assert_eq!(string(br"'\1234'"), b"\x7b4");
        assert_eq!(string(b"'it\"s'"), b"it\"s");
        assert_eq!(string(b"\"it's\""), b"it's");
        assert_eq!(string(b"''"), b"");
        assert_eq!(
            string(br"'\u{7FFFFFFF}\u{0}\u{00000041}'"),
            [253, 191, 191, 191, 191, 191, 0, 65]
        );
        // From lua5.4: the boundaries of each encoded length.
        assert_eq!(
            string(
                br"'\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{1FFFFF}\u{200000}\u{3FFFFFF}\u{4000000}'"
            ),
            [
                194, 128, 223, 191, 224, 160, 128, 239, 191, 191, 240, 144, 128, 128, 247, 191,
                191, 191, 248, 136, 128, 128, 128, 251, 191, 191, 191, 191, 252, 132, 128, 128,
                128, 128
            ]
        );
        assert_eq!(
            string("'\\u{20AC}\\u{110000}'".as_bytes()),
            [0xe2, 0x82, 0xac, 0xf4, 0x90, 0x80, 0x80]
        );
        // Escaped line breaks: every form stores one `\n` and counts one line.
        for newline in [&b"\n"[..], b"\r", b"\r\n", b"\n\r"] {
            let source = [&b"'a\\"[..], newline, b"b'"].concat();
            let (toks, lexer) = lex(&source);
            assert_eq!(toks[0].line, 2);
            let Token::String(s) = toks[0].token else {
                panic!()
            };
            assert_eq!(lexer.interner().get(s), b"a\nb");
        }
        // `\z` skips spaces including line breaks, counting them.
        let (toks, lexer) = lex(b"'a\\z  \n\r\t\x0b\x0c\r\n\r  b' x");
        let Token::String(s) = toks[0].token else {
            panic!()
        };
        assert_eq!(lexer.interner().get(s), b"ab");
        assert_eq!((toks[0].line, toks[1].line), (4, 4));
        assert_eq!(string(b"'a\\zb'"), b"ab");
        assert_eq!(string(b"'a\\z'"), b"a");
        // Raw bytes are kept as they are.
        assert_eq!(string(b"'\0\xff\t'"), b"\0\xff\t");
    }

    #[test]
    fn long_strings() {
        assert_eq!(string(b"[[abc]]"), b"abc");
        assert_eq!(string(b"[[]]"), b"");
        assert_eq!(string(b"[==[a]]b]=]c]===]]==]"), b"a]]b]=]c]===]");
        assert_eq!(string(b"[=[a]=]"), b"a");
        assert_eq!(string(b"[[a]=]]"), b"a]=");
        assert_eq!(string(b"[[\\n'\"]]"), b"\\n'\"");
        // The first line break is skipped, whatever its form; the others become `\n`.
        assert_eq!(string(b"[[\nabc]]"), b"abc");
        assert_eq!(string(b"[[\r\nabc]]"), b"abc");
        assert_eq!(string(b"[[\n\rabc]]"), b"abc");
        assert_eq!(string(b"[[\n\nabc]]"), b"\nabc");
        assert_eq!(string(b"[[\r\rabc]]"), b"\nabc");
        assert_eq!(
            string(b"[[a\r\nb\n\rc\rd\ne\r\r\n\n]]"),
            b"a\nb\nc\nd\ne\n\n\n"
        );
        // lua5.4: `x = [=[\n\r\nabc\n\r\n]=] + {` fails at line 5.
        let (toks, lexer) = lex(b"x = [=[\n\r\nabc\n\r\n]=] + {");
        let Token::String(s) = toks[2].token else {
            panic!()
        };
        assert_eq!(lexer.interner().get(s), b"\nabc\n\n");
        assert_eq!(toks[2].line, 5);
    }

    #[test]
    fn comments() {
        use Token::*;
        assert_eq!(tokens(b"a -- comment\nb"), {
            let (t, _) = lex(b"a -- comment\nb");
            vec![t[0].token, t[1].token]
        });
        assert_eq!(tokens(b"1 -- x"), [Integer(1)]);
        assert_eq!(tokens(b"1 --[[ x\n y ]] 2"), [Integer(1), Integer(2)]);
        assert_eq!(tokens(b"1 --[==[ ]] ]=] ]==] 2"), [Integer(1), Integer(2)]);
        // Not a long bracket: a line comment.
        assert_eq!(tokens(b"1 --[= x ]] \n 2"), [Integer(1), Integer(2)]);
        assert_eq!(tokens(b"1 --[ x \n 2"), [Integer(1), Integer(2)]);
        assert_eq!(tokens(b"1 --[=="), [Integer(1)]);
        assert_eq!(tokens(b"1 -- x \r 2"), [Integer(1), Integer(2)]);
        assert_eq!(tokens(b"1 - - 2"), [Integer(1), Minus, Minus, Integer(2)]);
        let (toks, _) = lex(b"--[[\n\n]] x --\n y");
        assert_eq!((toks[0].line, toks[1].line), (3, 4));
    }

    #[test]
    fn line_counting() {
        let lines = |source: &[u8]| -> Vec<u32> { lex(source).0.iter().map(|t| t.line).collect() };
        assert_eq!(lines(b"a\nb\rc\r\nd\n\re"), [1, 2, 3, 4, 5]);
        assert_eq!(lines(b"a\n\nb\r\rc\r\n\r\nd\n\r\n\re"), [1, 3, 5, 7, 9]);
        assert_eq!(lines(b"a\r\n\rb\n\r\nc"), [1, 3, 5]);
        // lua5.4: `x = 1\n\r\n\r\r\n\r\n\ry` reports line 6.
        assert_eq!(lines(b"x = 1\n\r\n\r\r\n\r\n\ry"), [1, 1, 1, 6]);
        assert_eq!(lines(b"x\x0b\x0c\ty"), [1, 1]);
        // A multi-line token's line is the line of its end.
        assert_eq!(lines(b"x = 1 [[\nab\ncd]] y"), [1, 1, 1, 3, 3]);
        assert_eq!(lines(b"'a\\\nb' x"), [2, 2]);
    }

    #[test]
    fn string_errors() {
        // Expected (line, text) pairs from lua5.4 5.4.4.
        let cases: &[(&[u8], u32, &str)] = &[
            (b"x = \"a\\q\"", 1, "invalid escape sequence near '\"a\\q'"),
            (b"x = \"abc\ny", 1, "unfinished string near '\"abc'"),
            (b"x = \"abc\r\"", 1, "unfinished string near '\"abc'"),
            (b"x = \"abc", 1, "unfinished string near <eof>"),
            (b"x = \"abc\\", 1, "unfinished string near <eof>"),
            (b"x = \"a\\z", 1, "unfinished string near <eof>"),
            (b"x = 'a\\x4", 1, "hexadecimal digit expected near ''a\\x4'"),
            (
                b"x = \"\\x4g\"",
                1,
                "hexadecimal digit expected near '\"\\x4g'",
            ),
            (
                b"x = \"\\xg\"",
                1,
                "hexadecimal digit expected near '\"\\xg'",
            ),
            (
                b"x = \"\\256\"",
                1,
                "decimal escape too large near '\"\\256\"'",
            ),
            (
                b"x = \"\\2560",
                1,
                "decimal escape too large near '\"\\2560'",
            ),
            (b"x = \"\\999", 1, "decimal escape too large near '\"\\999'"),
            (
                b"x = \"\\u{80000000}\"",
                1,
                "UTF-8 value too large near '\"\\u{80000000'",
            ),
            (
                b"x = \"\\u{7FFFFFFF0}\"",
                1,
                "UTF-8 value too large near '\"\\u{7FFFFFFF0'",
            ),
            (b"x = \"\\uX\"", 1, "missing '{' near '\"\\uX'"),
            (b"x = \"\\ux{\"", 1, "missing '{' near '\"\\ux'"),
            (b"x = \"\\u\"", 1, "missing '{' near '\"\\u\"'"),
            (
                b"x = \"\\u{}\"",
                1,
                "hexadecimal digit expected near '\"\\u{}'",
            ),
            (b"x = \"\\u{12\"", 1, "missing '}' near '\"\\u{12\"'"),
            (b"x = \"\\u{12", 1, "missing '}' near '\"\\u{12'"),
            (
                b"x = \"\\\r\n\\q\"",
                2,
                "invalid escape sequence near '\"\n\\q'",
            ),
            (
                b"x = \"a\\\n\r\\q\"",
                2,
                "invalid escape sequence near '\"a\n\\q'",
            ),
            (
                b"x = \"\\z  \n\n  \\q\"",
                3,
                "invalid escape sequence near '\"\\q'",
            ),
            (
                b"x = \"a\\tb\\q",
                1,
                "invalid escape sequence near '\"a\tb\\q'",
            ),
            // The text is cut at a NUL byte, like lua5.4's C string.
            (b"x = \"a\\0b\\q", 1, "invalid escape sequence near '\"a'"),
            (
                b"x = \"\\x4\n",
                1,
                "hexadecimal digit expected near '\"\\x4\n'",
            ),
        ];
        for &(source, line, text) in cases {
            assert_eq!(
                error(source),
                (line, text.to_owned()),
                "{:?}",
                String::from_utf8_lossy(source)
            );
        }
        // From lua5.4 (line 3): `x = "\z\n\n\u{110000}\256\q"`; non-UTF-8 bytes become U+FFFD.
        assert_eq!(
            error(b"x = \"\\z\n\n\\u{110000}\\256\\q\""),
            (
                3,
                "decimal escape too large near '\"\u{fffd}\u{fffd}\u{fffd}\u{fffd}\\256\\'"
                    .to_owned()
            )
        );
    }

    #[test]
    fn long_bracket_errors() {
        let cases: &[(&[u8], u32, &str)] = &[
            (b"x = [==x", 1, "invalid long string delimiter near '[=='"),
            (b"x = [=", 1, "invalid long string delimiter near '[='"),
            (
                b"x = [[abc\n\n",
                3,
                "unfinished long string (starting at line 1) near <eof>",
            ),
            (
                b"\nx = [==[abc]=]]]",
                2,
                "unfinished long string (starting at line 2) near <eof>",
            ),
            (
                b"--[[abc\n\n",
                3,
                "unfinished long comment (starting at line 1) near <eof>",
            ),
            (
                b"--[==[abc\n\n]]",
                3,
                "unfinished long comment (starting at line 1) near <eof>",
            ),
            (
                b"x\r\n--[[\r\n",
                3,
                "unfinished long comment (starting at line 2) near <eof>",
            ),
        ];
        for &(source, line, text) in cases {
            assert_eq!(
                error(source),
                (line, text.to_owned()),
                "{:?}",
                String::from_utf8_lossy(source)
            );
        }
    }

    #[test]
    fn near_texts() {
        // Each from lua5.4's `x = 1 <token>` → `unexpected symbol near <near-text>`.
        let cases: &[(&[u8], &str)] = &[
            (b"x = 1 @", "'@'"),
            (b"x = 1 \\", "'\\'"),
            (b"x = 1 \x01", "'<\\1>'"),
            (b"x = 1 \x1f", "'<\\31>'"),
            (b"x = 1 \x7f", "'<\\127>'"),
            (b"x = 1 \xc3", "'<\\195>'"),
            (b"x = 1 [==[ab]==]", "'[==[ab]==]'"),
            (b"x = 1 [==[\nab]]c]=]]==]", "'[==[ab]]c]=]]==]'"),
            (b"x = 1 [[\r\na\r\nb]]", "'[[a\nb]]'"),
            (b"x = 1 \"a\tb\"", "'\"a\tb\"'"),
            (b"x = 1 'it'", "''it''"),
            (b"x = 1 \"a\\0b\"", "'\"a'"),
            (b"x = 1 \"\\0abc\"", "'\"'"),
            (
                b"x = 1 \"ab\\z   \n   cd\\x41\\u{20AC}\"",
                "'\"abcdA\u{20ac}\"'",
            ),
            (b"x = 1 \"\\xff\"", "'\"\u{fffd}\"'"),
            (b"x = 1 0x1P4", "'0x1P4'"),
            (b"x = 1 3.0", "'3.0'"),
            (b"x = 1 .5", "'.5'"),
            (b"x = 1 name_1", "'name_1'"),
            (b"x = 1 end", "'end'"),
            (b"x = 1 ...", "'...'"),
            (b"x = 1 ==", "'=='"),
            (b"x = 1 ::", "'::'"),
        ];
        for &(source, near) in cases {
            assert_eq!(
                near_last(source),
                near,
                "{:?}",
                String::from_utf8_lossy(source)
            );
        }
        let mut lexer = Lexer::new(b"");
        let eof = lexer.next_token().unwrap();
        assert_eq!(lexer.near(&eof), "<eof>");
        // lua5.4 prints `unexpected symbol` with no near part at a NUL byte.
        let (toks, lexer) = lex(b"x = \0");
        assert_eq!(toks[2].token, Token::Other(0));
        assert_eq!(
            lexer.error_near(&toks[2], "unexpected symbol"),
            CompileError::at(1, "unexpected symbol")
        );
        assert_eq!(
            lexer.error_near(&toks[1], "unexpected symbol"),
            CompileError::at(1, "unexpected symbol near '='")
        );
    }

    #[test]
    fn names_and_strings_are_interned() {
        let (toks, lexer) = lex(b"foo 'foo' bar [[foo]] foo \"bar\"");
        let symbols: Vec<u32> = toks
            .iter()
            .map(|t| match t.token {
                Token::Name(s) | Token::String(s) => s.0,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(symbols, [0, 0, 1, 0, 0, 1]);
        assert_eq!(lexer.interner().len(), 2);
        let interner = lexer.into_interner();
        assert_eq!(interner.get(crate::compiler::token::Symbol(1)), b"bar");
    }

    /// Lexes `source` to the end or the first error, checking spans as it goes.
    fn lex_all(source: &[u8]) {
        let mut lexer = Lexer::new(source);
        let mut last_end = 0;
        let mut last_line = 1;
        for _ in 0..=source.len() + 1 {
            match lexer.next_token() {
                Ok(token) => {
                    assert!(token.start >= last_end && token.end >= token.start);
                    assert!(token.end <= source.len() && token.line >= last_line);
                    let _ = lexer.near(&token);
                    last_end = token.end;
                    last_line = token.line;
                    if token.token == Token::Eof {
                        return;
                    }
                }
                Err(error) => {
                    assert!(error.line.is_some_and(|l| l >= last_line));
                    return;
                }
            }
        }
        panic!("no progress on {:?}", String::from_utf8_lossy(source));
    }

    #[test]
    fn never_panics() {
        for a in 0..=255u8 {
            lex_all(&[a]);
            for b in 0..=255u8 {
                lex_all(&[a, b]);
                lex_all(&[b'"', a, b]);
                lex_all(&[b'"', b'\\', a, b]);
            }
        }
        let fragments: &[&[u8]] = &[
            b"[[",
            b"[=",
            b"[==[",
            b"]]",
            b"]=]",
            b"--",
            b"--[[",
            b"--[=[",
            b"\"",
            b"'",
            b"\\",
            b"\\u{",
            b"\\u{7fffffff",
            b"\\x",
            b"\\z",
            b"\\9",
            b"0x",
            b"1e",
            b".",
            b"..",
            b"\r",
            b"\n",
            b"\r\n",
            b"\0",
            b"\xff",
            b"a",
            b"9",
            b"=",
            b"p",
            b"-",
        ];
        // Every pair and many triples of fragments.
        for x in fragments {
            for y in fragments {
                lex_all(&[*x, *y].concat());
                for z in fragments.iter().step_by(3) {
                    lex_all(&[*x, *y, *z].concat());
                    lex_all(&[b"'", *x, *y, *z].concat());
                    lex_all(&[b"[[", *x, *y, *z].concat());
                }
            }
        }
        // A simple deterministic pseudo-random generator over bytes biased to Lua syntax.
        let alphabet = b"[]=-'\"\\\r\nzux{}0123456789abcdefpPeE.+ \t\x00\xc3";
        let mut state = 0x1234_5678_9abc_def0u64;
        for _ in 0..20_000 {
            let mut source = Vec::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                source.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            lex_all(&source);
        }
    }

    #[test]
    fn large_inputs_are_linear() {
        // 1 MB of `[[`: one unfinished long string.
        let source = b"[[".repeat(1 << 19);
        assert_eq!(
            error(&source),
            (
                1,
                "unfinished long string (starting at line 1) near <eof>".to_owned()
            )
        );
        // 1 MB of `]]`, `[=`, `--[`, `'\`, newlines.
        let source = b"]]".repeat(1 << 19);
        assert_eq!(lex(&source).0.len(), 1 << 20);
        lex_all(&b"[=".repeat(1 << 19));
        lex_all(&b"--[".repeat(1 << 18));
        lex_all(&b"'\\".repeat(1 << 19));
        let (toks, _) = lex(&[b"x".as_slice(), &b"\r\n".repeat(1 << 19), b"y"].concat());
        assert_eq!(toks[1].line, (1 << 19) + 1);
        let long = [b"[==[".as_slice(), &b"]=]".repeat(1 << 18), b"]==]"].concat();
        assert_eq!(string(&long).len(), 3 << 18);
        let digits = "9".repeat(1 << 20);
        assert!(matches!(number(&digits), Token::Float(f) if f.is_infinite()));
    }
}
