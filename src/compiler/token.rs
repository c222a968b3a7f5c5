//! Tokens of Lua 5.4 as the lexer hands them to the parser.

use std::fmt;

/// An interned name or string literal, local to one compilation (see [`super::interner::Interner`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(pub u32);

/// One Lua token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Token {
    // Reserved words.
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    Goto,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    // Symbols.
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `//`
    DoubleSlash,
    /// `%`
    Percent,
    /// `^`
    Caret,
    /// `#`
    Hash,
    /// `&`
    Ampersand,
    /// `~`
    Tilde,
    /// `|`
    Pipe,
    /// `<<`
    ShiftLeft,
    /// `>>`
    ShiftRight,
    /// `..`
    Concat,
    /// `...`
    Dots,
    /// `==`
    Equal,
    /// `~=`
    NotEqual,
    /// `<=`
    LessEqual,
    /// `>=`
    GreaterEqual,
    /// `<`
    Less,
    /// `>`
    Greater,
    /// `=`
    Assign,
    /// `(`
    LeftParen,
    /// `)`
    RightParen,
    /// `{`
    LeftBrace,
    /// `}`
    RightBrace,
    /// `[`
    LeftBracket,
    /// `]`
    RightBracket,
    /// `::`
    DoubleColon,
    /// `;`
    Semicolon,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// `.`
    Dot,
    // Tokens with a value.
    /// An integer numeral (hexadecimal ones wrap around modulo 2^64).
    Integer(i64),
    /// A float numeral (or a decimal integer numeral too large for an integer).
    Float(f64),
    /// A name (identifier).
    Name(Symbol),
    /// A string literal, escapes already processed.
    String(Symbol),
    /// Any other single byte (`@`, `$`, a control character, a non-ASCII byte...): the parser
    /// rejects it as `unexpected symbol`.
    Other(u8),
    /// End of the source.
    Eof,
}

impl Token {
    /// The reserved word spelled `word`, if it is one (the lexer's faster matcher is tested
    /// against this).
    #[cfg(test)]
    pub fn keyword(word: &[u8]) -> Option<Token> {
        Some(match word {
            b"and" => Token::And,
            b"break" => Token::Break,
            b"do" => Token::Do,
            b"else" => Token::Else,
            b"elseif" => Token::Elseif,
            b"end" => Token::End,
            b"false" => Token::False,
            b"for" => Token::For,
            b"function" => Token::Function,
            b"goto" => Token::Goto,
            b"if" => Token::If,
            b"in" => Token::In,
            b"local" => Token::Local,
            b"nil" => Token::Nil,
            b"not" => Token::Not,
            b"or" => Token::Or,
            b"repeat" => Token::Repeat,
            b"return" => Token::Return,
            b"then" => Token::Then,
            b"true" => Token::True,
            b"until" => Token::Until,
            b"while" => Token::While,
            _ => return None,
        })
    }

    /// The fixed spelling of a reserved word or symbol; `None` for tokens with a value and
    /// for [`Token::Eof`].
    pub fn spelling(self) -> Option<&'static str> {
        Some(match self {
            Token::And => "and",
            Token::Break => "break",
            Token::Do => "do",
            Token::Else => "else",
            Token::Elseif => "elseif",
            Token::End => "end",
            Token::False => "false",
            Token::For => "for",
            Token::Function => "function",
            Token::Goto => "goto",
            Token::If => "if",
            Token::In => "in",
            Token::Local => "local",
            Token::Nil => "nil",
            Token::Not => "not",
            Token::Or => "or",
            Token::Repeat => "repeat",
            Token::Return => "return",
            Token::Then => "then",
            Token::True => "true",
            Token::Until => "until",
            Token::While => "while",
            Token::Plus => "+",
            Token::Minus => "-",
            Token::Star => "*",
            Token::Slash => "/",
            Token::DoubleSlash => "//",
            Token::Percent => "%",
            Token::Caret => "^",
            Token::Hash => "#",
            Token::Ampersand => "&",
            Token::Tilde => "~",
            Token::Pipe => "|",
            Token::ShiftLeft => "<<",
            Token::ShiftRight => ">>",
            Token::Concat => "..",
            Token::Dots => "...",
            Token::Equal => "==",
            Token::NotEqual => "~=",
            Token::LessEqual => "<=",
            Token::GreaterEqual => ">=",
            Token::Less => "<",
            Token::Greater => ">",
            Token::Assign => "=",
            Token::LeftParen => "(",
            Token::RightParen => ")",
            Token::LeftBrace => "{",
            Token::RightBrace => "}",
            Token::LeftBracket => "[",
            Token::RightBracket => "]",
            Token::DoubleColon => "::",
            Token::Semicolon => ";",
            Token::Colon => ":",
            Token::Comma => ",",
            Token::Dot => ".",
            Token::Integer(_)
            | Token::Float(_)
            | Token::Name(_)
            | Token::String(_)
            | Token::Other(_)
            | Token::Eof => return None,
        })
    }
}

/// How lua5.4 names a token that is expected but missing (`'=' expected near ...`):
/// reserved words and symbols quoted, the others by their class.
impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.spelling() {
            Some(text) => write!(f, "'{text}'"),
            None => f.write_str(match self {
                Token::Integer(_) => "<integer>",
                Token::Float(_) => "<number>",
                Token::Name(_) => "<name>",
                Token::String(_) => "<string>",
                Token::Other(byte) if byte.is_ascii_graphic() || *byte == b' ' => {
                    return write!(f, "'{}'", char::from(*byte));
                }
                Token::Other(byte) => return write!(f, "'<\\{byte}>'"),
                _ => "<eof>",
            }),
        }
    }
}

/// A token with where it was read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpannedToken {
    /// The token.
    pub token: Token,
    /// Line number (1-based) the lexer was on right after reading the token, i.e. the line of
    /// its last character: what lua5.4 reports for errors at this token.
    pub line: u32,
    /// Byte offset of the token's first character in the source.
    pub start: usize,
    /// Byte offset just past the token's last character.
    pub end: usize,
}
