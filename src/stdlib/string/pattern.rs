//! lua5.4's pattern-matching engine (the matcher of `lstrlib.c`), over raw bytes.
//!
//! The pattern is interpreted directly, item by item, exactly in the order lua5.4's recursive
//! matcher visits it, so a malformed pattern fails at the same moment (a `[` that is never
//! reached is never checked) and with the same message. The recursion is replaced by an
//! explicit stack of choice points (`Frame`): each entry stands for one nested call of lua5.4's
//! `match` that is still waiting for its result, so lua5.4's depth limit (`MAXCCALLS`, 200
//! nested calls, `pattern too complex`) is reproduced by bounding that stack. Since a success
//! at the end of the pattern ends the whole match, only failures unwind the stack: each entry
//! either undoes a capture change or tries its next alternative.
//!
//! On top of lua5.4's limits, every call gets a step budget (see [`Matcher::new`]): a
//! backtracking pattern that would run for hours in lua5.4 fails with `pattern too complex`
//! after a bounded, deterministic amount of work.

use crate::errors::RuntimeError;

/// lua5.4's `LUA_MAXCAPTURES`.
pub(crate) const MAX_CAPTURES: usize = 32;

/// lua5.4's `MAXCCALLS`: nested matcher calls allowed per match attempt.
const MAX_CALLS: usize = 200;

/// Steps every search may take, whatever the subject's length. A step is one pattern item
/// tried, one backtrack, or one subject byte scanned by a repetition, `%b` or a
/// back-reference; a release build runs roughly 3 * 10^8 steps per second, so a runaway
/// pattern on a short subject stops after about a third of a second.
const STEP_BUDGET_BASE: u64 = 100_000_000;

/// Extra steps per subject byte, so that a linear scan of a long subject is never cut short:
/// ordinary `gsub`/`gmatch` patterns over text take 1 to 10 steps per byte.
const STEP_BUDGET_PER_BYTE: u64 = 16;

/// The characters that make a pattern more than a plain substring (lua5.4's `SPECIALS`).
const SPECIALS: &[u8] = b"^$*+?.([%-";

fn error(text: &str) -> RuntimeError {
    RuntimeError::Message(text.to_owned())
}

fn too_complex() -> RuntimeError {
    error("pattern too complex")
}

fn invalid_capture_index(index: i32) -> RuntimeError {
    RuntimeError::Message(format!("invalid capture index %{index}"))
}

/// Whether `pattern` has no special character, so that `string.find` may search it as a plain
/// substring.
pub(crate) fn has_no_specials(pattern: &[u8]) -> bool {
    !pattern.iter().any(|b| SPECIALS.contains(b))
}

/// Bits of [`CLASSES`], one per class letter (`%a`, `%c`, ...).
const CLASS_LETTERS: &[u8; 11] = b"acdglpsuwxz";

/// For each byte, the classes it belongs to in the C locale (bit `i` for
/// `CLASS_LETTERS[i]`).
const CLASSES: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let members = [
            c.is_ascii_alphabetic(),
            c.is_ascii_control(),
            c.is_ascii_digit(),
            c.is_ascii_graphic(),
            c.is_ascii_lowercase(),
            c.is_ascii_punctuation(),
            matches!(c, b'\t'..=b'\r' | b' '),
            c.is_ascii_uppercase(),
            c.is_ascii_alphanumeric(),
            c.is_ascii_hexdigit(),
            // lua5.4 still accepts the deprecated `%z` (the zero byte).
            c == 0,
        ];
        let mut bit = 0;
        while bit < members.len() {
            if members[bit] {
                table[i] |= 1 << bit;
            }
            bit += 1;
        }
        i += 1;
    }
    table
};

/// For each class letter (either case), its bit in [`CLASSES`]; 0 for other characters.
const CLASS_BITS: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut bit = 0;
    while bit < CLASS_LETTERS.len() {
        let letter = CLASS_LETTERS[bit];
        table[letter as usize] = 1 << bit;
        table[letter.to_ascii_uppercase() as usize] = 1 << bit;
        bit += 1;
    }
    table
};

/// lua5.4's character classes in the C locale; `class` is the letter after `%`. An upper-case
/// class letter is the complement; any other character matches itself.
#[inline]
fn match_class(c: u8, class: u8) -> bool {
    let bit = CLASS_BITS[usize::from(class)];
    if bit == 0 {
        return class == c;
    }
    (CLASSES[usize::from(c)] & bit != 0) != class.is_ascii_uppercase()
}

/// The length of a capture slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Length {
    /// Opened by `(`, not yet closed by `)`.
    Unfinished,
    /// A position capture `()`.
    Position,
    /// A closed capture of this many bytes.
    Closed(usize),
}

/// A capture slot: where it starts and its [`Length`], packed in a word (lengths never come
/// near the two reserved values).
#[derive(Clone, Copy, Debug)]
struct Slot {
    start: usize,
    raw_length: usize,
}

const UNFINISHED: usize = usize::MAX;
const POSITION: usize = usize::MAX - 1;

impl Slot {
    #[inline]
    fn new(start: usize, length: Length) -> Self {
        let mut slot = Self {
            start,
            raw_length: 0,
        };
        slot.set_length(length);
        slot
    }

    #[inline]
    fn length(self) -> Length {
        match self.raw_length {
            UNFINISHED => Length::Unfinished,
            POSITION => Length::Position,
            len => Length::Closed(len),
        }
    }

    #[inline]
    fn set_length(&mut self, length: Length) {
        self.raw_length = match length {
            Length::Unfinished => UNFINISHED,
            Length::Position => POSITION,
            Length::Closed(len) => len,
        };
    }
}

/// One capture of a successful match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Capture {
    /// The subject bytes `start..end`.
    Span(usize, usize),
    /// A position capture: the 1-based position.
    Position(usize),
}

/// A nested matcher call waiting for its result (see the module documentation).
#[derive(Clone, Copy, Debug)]
enum Frame {
    /// `(` opened a capture: on failure, drop it.
    OpenCapture,
    /// `)` closed capture `n`: on failure, reopen it.
    CloseCapture(usize),
    /// `x*` / `x+`: the item (whose suffix is at `suffix`) matched `count` more times from
    /// `start`; on failure, retry the rest of the pattern with one repetition fewer.
    Greedy {
        start: usize,
        count: usize,
        suffix: usize,
    },
    /// `x-`: the rest of the pattern is being tried at `at`; on failure, consume one more
    /// repetition if the item matches there.
    Lazy {
        at: usize,
        item: usize,
        suffix: usize,
    },
    /// `x?` matched one byte at `at`; on failure, continue without it.
    Optional { at: usize, suffix: usize },
}

/// Matches one pattern against one subject; reusable for any number of start positions.
pub(crate) struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    level: usize,
    slots: [Slot; MAX_CAPTURES],
    stack: Vec<Frame>,
    steps: u64,
}

impl<'a> Matcher<'a> {
    /// A matcher of `pat` (without any leading `^` anchor, which the callers handle) over
    /// `src`, with the default step budget: [`STEP_BUDGET_BASE`] plus
    /// [`STEP_BUDGET_PER_BYTE`] per subject byte, shared by every attempt made with it.
    #[inline]
    pub(crate) fn new(src: &'a [u8], pat: &'a [u8]) -> Self {
        let budget =
            STEP_BUDGET_BASE.saturating_add(STEP_BUDGET_PER_BYTE.saturating_mul(src.len() as u64));
        Self::with_budget(src, pat, budget)
    }

    /// A matcher allowed `steps` steps in all.
    #[inline]
    pub(crate) fn with_budget(src: &'a [u8], pat: &'a [u8], steps: u64) -> Self {
        Self {
            src,
            pat,
            level: 0,
            slots: [Slot::new(0, Length::Unfinished); MAX_CAPTURES],
            stack: Vec::new(),
            steps,
        }
    }

    /// The subject.
    pub(crate) fn subject(&self) -> &'a [u8] {
        self.src
    }

    /// A byte every match must start with, when the pattern begins with a plain character
    /// that is not optional: start positions without it fail at once, so searches may skip
    /// them.
    pub(crate) fn first_byte(&self) -> Option<u8> {
        let &first = self.pat.first()?;
        // `)` is not special for `string.find`, but the matcher rejects it.
        if SPECIALS.contains(&first)
            || first == b')'
            || matches!(self.pat_at(1), b'*' | b'?' | b'-')
        {
            None
        } else {
            Some(first)
        }
    }

    /// The first start position at or after `from` where a match can begin (see
    /// [`Matcher::first_byte`]); `src.len()` when there is none before the end.
    pub(crate) fn next_candidate(&self, from: usize, first: Option<u8>) -> usize {
        match first {
            None => from,
            Some(byte) => self
                .src
                .get(from..)
                .and_then(|rest| rest.iter().position(|&b| b == byte))
                .map_or(self.src.len(), |i| from + i),
        }
    }

    /// The pattern byte at `i`; past the end, 0 (lua5.4 reads the terminating zero there).
    #[inline]
    fn pat_at(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    /// The subject byte at `i`; past the end, 0 (as in lua5.4).
    #[inline]
    fn src_at(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    #[inline]
    fn charge(&mut self, steps: u64) -> Result<(), RuntimeError> {
        match self.steps.checked_sub(steps) {
            Some(left) => {
                self.steps = left;
                Ok(())
            }
            None => {
                self.steps = 0;
                Err(too_complex())
            }
        }
    }

    /// Enters a nested matcher call.
    #[inline]
    fn push(&mut self, frame: Frame) -> Result<(), RuntimeError> {
        // The outermost call plus the waiting ones: lua5.4 refuses the 201st.
        if self.stack.len() + 1 >= MAX_CALLS {
            return Err(too_complex());
        }
        self.stack.push(frame);
        Ok(())
    }

    /// lua5.4's `classEnd`: the index just after the single-character class at `p`.
    fn class_end(&self, mut p: usize) -> Result<usize, RuntimeError> {
        let c = self.pat_at(p);
        p += 1;
        match c {
            b'%' => {
                if p >= self.pat.len() {
                    return Err(error("malformed pattern (ends with '%')"));
                }
                Ok(p + 1)
            }
            b'[' => {
                if self.pat_at(p) == b'^' {
                    p += 1;
                }
                // The first character (after `^`) is always part of the set, even `]`.
                loop {
                    if p >= self.pat.len() {
                        return Err(error("malformed pattern (missing ']')"));
                    }
                    let c = self.pat[p];
                    p += 1;
                    if c == b'%' && p < self.pat.len() {
                        p += 1;
                    }
                    if self.pat_at(p) == b']' {
                        return Ok(p + 1);
                    }
                }
            }
            _ => Ok(p),
        }
    }

    /// lua5.4's `matchbracketclass`: whether `c` is in the set starting with `[` at `p` and
    /// closed by the `]` at `close`.
    fn in_set(&self, c: u8, mut p: usize, close: usize) -> bool {
        let mut found = true;
        if self.pat_at(p + 1) == b'^' {
            found = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= close {
                return !found;
            }
            let item = self.pat[p];
            if item == b'%' {
                p += 1;
                if match_class(c, self.pat_at(p)) {
                    return found;
                }
            } else if self.pat_at(p + 1) == b'-' && p + 2 < close {
                p += 2;
                if item <= c && c <= self.pat[p] {
                    return found;
                }
            } else if item == c {
                return found;
            }
        }
    }

    /// lua5.4's `singlematch`: whether the subject byte at `s` matches the single-character
    /// class at `p` (which ends at `end`).
    #[inline]
    fn single_match(&self, s: usize, p: usize, end: usize) -> bool {
        let Some(&c) = self.src.get(s) else {
            return false;
        };
        match self.pat[p] {
            b'.' => true,
            b'%' => match_class(c, self.pat_at(p + 1)),
            b'[' => self.in_set(c, p, end - 1),
            item => item == c,
        }
    }

    /// How many subject bytes from `start` on match the single-character class at `p`
    /// (ending at `end`): the repetitions `x*` and `x+` take.
    fn max_run(&self, start: usize, p: usize, end: usize) -> usize {
        let rest = self.src.get(start..).unwrap_or_default();
        match self.pat[p] {
            b'.' => rest.len(),
            b'%' => {
                let class = self.pat_at(p + 1);
                rest.iter().take_while(|&&c| match_class(c, class)).count()
            }
            b'[' => rest
                .iter()
                .take_while(|&&c| self.in_set(c, p, end - 1))
                .count(),
            item => rest.iter().take_while(|&&c| c == item).count(),
        }
    }

    /// lua5.4's `matchbalance` for `%bxy` with `x` at `p`.
    fn match_balance(&mut self, s: usize, p: usize) -> Result<Option<usize>, RuntimeError> {
        if p + 1 >= self.pat.len() {
            return Err(error("malformed pattern (missing arguments to '%b')"));
        }
        if s >= self.src.len() || self.src[s] != self.pat[p] {
            return Ok(None);
        }
        let (open, close) = (self.pat[p], self.pat[p + 1]);
        let mut depth = 1usize;
        let mut result = None;
        let mut scanned = 0;
        for (i, &c) in self.src.iter().enumerate().skip(s + 1) {
            scanned += 1;
            if c == close {
                depth -= 1;
                if depth == 0 {
                    result = Some(i + 1);
                    break;
                }
            } else if c == open {
                depth += 1;
            }
        }
        self.charge(scanned)?;
        Ok(result)
    }

    /// lua5.4's `match_capture` for `%1`-`%9` (`digit` is the byte after `%`).
    fn match_back_reference(&mut self, s: usize, digit: u8) -> Result<Option<usize>, RuntimeError> {
        let index = i32::from(digit) - i32::from(b'1');
        let slot = usize::try_from(index)
            .ok()
            .filter(|&l| l < self.level)
            .map(|l| self.slots[l])
            .filter(|slot| slot.length() != Length::Unfinished);
        let Some(slot) = slot else {
            return Err(invalid_capture_index(index + 1));
        };
        let Length::Closed(len) = slot.length() else {
            // A position capture has no text: it never matches.
            return Ok(None);
        };
        if self.src.len() - s < len {
            return Ok(None);
        }
        self.charge(len as u64)?;
        if self.src[slot.start..slot.start + len] == self.src[s..s + len] {
            Ok(Some(s + len))
        } else {
            Ok(None)
        }
    }

    /// lua5.4's `capture_to_close`: the innermost open capture.
    fn capture_to_close(&self) -> Result<usize, RuntimeError> {
        (0..self.level)
            .rev()
            .find(|&l| self.slots[l].length() == Length::Unfinished)
            .ok_or_else(|| error("invalid pattern capture"))
    }

    /// Matches the pattern at subject position `start`: the end of the match, or `None`.
    /// After a match, [`Matcher::capture`] reads the captures.
    pub(crate) fn match_at(&mut self, start: usize) -> Result<Option<usize>, RuntimeError> {
        self.level = 0;
        self.stack.clear();
        let (mut s, mut p) = (start, 0usize);
        'attempt: loop {
            // Try the rest of the pattern `p..` at `s`, inside the innermost call.
            loop {
                self.charge(1)?;
                if p >= self.pat.len() {
                    return Ok(Some(s));
                }
                match self.pat[p] {
                    b'(' => {
                        let (length, next) = if self.pat_at(p + 1) == b')' {
                            (Length::Position, p + 2)
                        } else {
                            (Length::Unfinished, p + 1)
                        };
                        if self.level >= MAX_CAPTURES {
                            return Err(error("too many captures"));
                        }
                        self.slots[self.level] = Slot::new(s, length);
                        self.level += 1;
                        self.push(Frame::OpenCapture)?;
                        p = next;
                        continue;
                    }
                    b')' => {
                        let l = self.capture_to_close()?;
                        let start = self.slots[l].start;
                        self.slots[l].set_length(Length::Closed(s - start));
                        self.push(Frame::CloseCapture(l))?;
                        p += 1;
                        continue;
                    }
                    b'$' if p + 1 == self.pat.len() => {
                        if s == self.src.len() {
                            return Ok(Some(s));
                        }
                        break;
                    }
                    b'%' => match self.pat_at(p + 1) {
                        b'b' => match self.match_balance(s, p + 2)? {
                            Some(end) => {
                                s = end;
                                p += 4;
                                continue;
                            }
                            None => break,
                        },
                        b'f' => {
                            p += 2;
                            if self.pat_at(p) != b'[' {
                                return Err(error("missing '[' after '%f' in pattern"));
                            }
                            let end = self.class_end(p)?;
                            let previous = if s == 0 { 0 } else { self.src_at(s - 1) };
                            let current = self.src_at(s);
                            if !self.in_set(previous, p, end - 1)
                                && self.in_set(current, p, end - 1)
                            {
                                p = end;
                                continue;
                            }
                            break;
                        }
                        digit @ b'0'..=b'9' => match self.match_back_reference(s, digit)? {
                            Some(end) => {
                                s = end;
                                p += 2;
                                continue;
                            }
                            None => break,
                        },
                        _ => {}
                    },
                    _ => {}
                }
                // A single-character class with an optional suffix.
                let end = self.class_end(p)?;
                let suffix = self.pat_at(end);
                if !self.single_match(s, p, end) {
                    if matches!(suffix, b'*' | b'?' | b'-') {
                        p = end + 1;
                        continue;
                    }
                    break;
                }
                match suffix {
                    b'?' => {
                        self.push(Frame::Optional { at: s, suffix: end })?;
                        s += 1;
                        p = end + 1;
                    }
                    b'+' | b'*' => {
                        let start = if suffix == b'+' { s + 1 } else { s };
                        let count = self.max_run(start, p, end);
                        self.charge(count as u64)?;
                        self.push(Frame::Greedy {
                            start,
                            count,
                            suffix: end,
                        })?;
                        s = start + count;
                        p = end + 1;
                    }
                    b'-' => {
                        self.push(Frame::Lazy {
                            at: s,
                            item: p,
                            suffix: end,
                        })?;
                        p = end + 1;
                    }
                    _ => {
                        s += 1;
                        p = end;
                    }
                }
            }
            // The innermost call failed: return to the frame waiting for it.
            loop {
                self.charge(1)?;
                let Some(frame) = self.stack.last_mut() else {
                    return Ok(None);
                };
                match frame {
                    Frame::OpenCapture => {
                        self.stack.pop();
                        self.level -= 1;
                    }
                    &mut Frame::CloseCapture(l) => {
                        self.stack.pop();
                        self.slots[l].set_length(Length::Unfinished);
                    }
                    Frame::Greedy {
                        start,
                        count,
                        suffix,
                        ..
                    } => {
                        if *count == 0 {
                            self.stack.pop();
                        } else {
                            *count -= 1;
                            s = *start + *count;
                            p = *suffix + 1;
                            continue 'attempt;
                        }
                    }
                    &mut Frame::Lazy { at, item, suffix } => {
                        if self.single_match(at, item, suffix) {
                            if let Some(Frame::Lazy { at, .. }) = self.stack.last_mut() {
                                *at += 1;
                            }
                            s = at + 1;
                            p = suffix + 1;
                            continue 'attempt;
                        }
                        self.stack.pop();
                    }
                    &mut Frame::Optional { at, suffix } => {
                        // lua5.4 continues in the calling frame, without the repetition.
                        self.stack.pop();
                        s = at;
                        p = suffix + 1;
                        continue 'attempt;
                    }
                }
            }
        }
    }

    /// Number of values a match yields: its captures, or the whole match when the pattern
    /// has none and `whole` is set (lua5.4's `push_captures`).
    pub(crate) fn capture_count(&self, whole: bool) -> usize {
        if self.level == 0 && whole {
            1
        } else {
            self.level
        }
    }

    /// Capture `i` (0-based) of the match `start..end`; capture 0 of a pattern without
    /// captures is the whole match (lua5.4's `get_onecapture`).
    pub(crate) fn capture(
        &self,
        i: usize,
        start: usize,
        end: usize,
    ) -> Result<Capture, RuntimeError> {
        if i >= self.level {
            if i != 0 {
                return Err(invalid_capture_index(i as i32 + 1));
            }
            return Ok(Capture::Span(start, end));
        }
        let slot = self.slots[i];
        match slot.length() {
            Length::Unfinished => Err(error("unfinished capture")),
            Length::Position => Ok(Capture::Position(slot.start + 1)),
            Length::Closed(len) => Ok(Capture::Span(slot.start, slot.start + len)),
        }
    }
}

/// Plain substring search: the first occurrence of `needle` in `haystack` at or after
/// `from`. Linear in the worst case: a first-byte scan with direct comparison, switching to
/// Knuth-Morris-Pratt once comparisons cost more than a few times the bytes scanned.
pub(crate) fn find_plain(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= haystack.len()).then_some(from);
    }
    let last_start = haystack.len().checked_sub(needle.len())?;
    let first = needle[0];
    let mut i = from;
    let mut compared: usize = 0;
    while i <= last_start {
        let offset = haystack[i..=last_start].iter().position(|&b| b == first)?;
        i += offset;
        let common = haystack[i..]
            .iter()
            .zip(needle)
            .take_while(|(a, b)| a == b)
            .count();
        if common == needle.len() {
            return Some(i);
        }
        compared += common;
        if compared > 4 * (i - from) + 256 {
            return find_kmp(haystack, needle, i);
        }
        i += 1;
    }
    None
}

/// Knuth-Morris-Pratt search from `from`.
fn find_kmp(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let mut fail = vec![0usize; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = fail[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        fail[i] = k;
    }
    let mut k = 0;
    for (i, &c) in haystack.iter().enumerate().skip(from) {
        while k > 0 && c != needle[k] {
            k = fail[k - 1];
        }
        if c == needle[k] {
            k += 1;
        }
        if k == needle.len() {
            return Some(i + 1 - needle.len());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// lua5.4's `string.match` over bytes: the captures (or the whole match) as strings, a
    /// position capture as `()N`.
    fn lua_match(src: &str, pat: &str) -> Result<Option<Vec<String>>, String> {
        lua_match_budget(src.as_bytes(), pat.as_bytes(), None)
    }

    fn lua_match_budget(
        src: &[u8],
        pat: &[u8],
        budget: Option<u64>,
    ) -> Result<Option<Vec<String>>, String> {
        let (pat, anchored) = match pat.split_first() {
            Some((b'^', rest)) => (rest, true),
            _ => (pat, false),
        };
        let mut m = match budget {
            Some(steps) => Matcher::with_budget(src, pat, steps),
            None => Matcher::new(src, pat),
        };
        let mut s = 0;
        loop {
            if let Some(end) = m.match_at(s).map_err(|e| e.to_string())? {
                let mut out = Vec::new();
                for i in 0..m.capture_count(true) {
                    out.push(match m.capture(i, s, end).map_err(|e| e.to_string())? {
                        Capture::Span(a, b) => String::from_utf8_lossy(&src[a..b]).into_owned(),
                        Capture::Position(p) => format!("(){p}"),
                    });
                }
                return Ok(Some(out));
            }
            if anchored || s >= src.len() {
                return Ok(None);
            }
            s += 1;
        }
    }

    fn ok(src: &str, pat: &str, expected: &[&str]) {
        let got = lua_match(src, pat);
        let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(got, Ok(Some(expected)), "match({src:?}, {pat:?})");
    }

    fn none(src: &str, pat: &str) {
        assert_eq!(lua_match(src, pat), Ok(None), "match({src:?}, {pat:?})");
    }

    fn err(src: &str, pat: &str, message: &str) {
        assert_eq!(
            lua_match(src, pat),
            Err(message.to_owned()),
            "match({src:?}, {pat:?})"
        );
    }

    #[test]
    fn single_items_and_quantifiers() {
        ok("hello", "l", &["l"]);
        ok("hello", ".", &["h"]);
        ok("hello", "l+", &["ll"]);
        ok("hello", "x*", &[""]);
        ok("hello", "hel-", &["he"]);
        ok("hello", "hel-o", &["hello"]);
        ok("color", "colou?r", &["color"]);
        ok("colour", "colou?r", &["colour"]);
        ok("aaab", "a*ab", &["aaab"]);
        ok("aaab", "a-b", &["aaab"]);
        ok("<a><b>", "<.->", &["<a>"]);
        ok("<a><b>", "<.*>", &["<a><b>"]);
        none("hello", "x");
        none("hello", "x+");
        ok("", "", &[""]);
        ok("", ".*", &[""]);
        none("", ".");
        ok("*a", "*", &["*"]);
        ok("a+", "+", &["+"]);
        ok("-b", "-b", &["-b"]);
    }

    #[test]
    fn anchors() {
        ok("abc", "^a", &["a"]);
        none("abc", "^b");
        ok("abc", "c$", &["c"]);
        none("abc", "b$");
        ok("a$b", "a$b", &["a$b"]);
        ok("a^b", "a^b", &["a^b"]);
        ok("^a", "^^a", &["^a"]);
        ok("", "^$", &[""]);
        none("x", "^$");
        ok("abc", "$", &[""]);
    }

    #[test]
    fn classes() {
        let all: Vec<u8> = (0..=255).collect();
        let count = |class: u8| {
            let pat = [b'%', class];
            let m = Matcher::new(&all, &pat);
            (0..256).filter(|&i| m.single_match(i, 0, 2)).count()
        };
        let expected = [
            (b'a', 52),
            (b'c', 33),
            (b'd', 10),
            (b'g', 94),
            (b'l', 26),
            (b'p', 32),
            (b's', 6),
            (b'u', 26),
            (b'w', 62),
            (b'x', 22),
            (b'z', 1),
        ];
        for (class, n) in expected {
            assert_eq!(count(class), n, "%{}", class as char);
            assert_eq!(count(class.to_ascii_uppercase()), 256 - n);
        }
        // Other escapes match the character itself, without complement.
        assert_eq!(count(b'B'), 1);
        assert_eq!(count(b'.'), 1);
        ok("\x0b", "%s", &["\x0b"]);
        ok("a.b", "%.", &["."]);
        ok("50%", "%%", &["%"]);
    }

    #[test]
    fn sets() {
        ok("hello", "[aeiou]+", &["e"]);
        ok("x7f", "[0-9a-f]+", &["7f"]);
        ok("hello!", "[^%a]", &["!"]);
        ok("a]b", "[]]", &["]"]);
        ok("a]b", "[^]]+", &["a"]);
        ok("a-b", "[a-]+", &["a-"]);
        ok("a-b", "[-b]+", &["-b"]);
        none("z", "[z-a]");
        ok("a^", "[a^]+", &["a^"]);
        ok("%]", "[%%%]]+", &["%]"]);
        ok("a1_", "[%d_]+", &["1_"]);
        ok(".", "[.]", &["."]);
        ok("[", "[[]", &["["]);
        ok("+]", "[+-]]+", &["+]"]);
        let high = [b'a', 0xc3, 0xa9, b'b'];
        let got = lua_match_budget(&high, b"[\x80-\xff]+", None);
        assert_eq!(got, Ok(Some(vec!["\u{e9}".to_owned()])));
    }

    #[test]
    fn captures() {
        ok("hello world", "(%a+) (%a+)", &["hello", "world"]);
        ok("abcdef", "(a(b(c)d)e)f", &["abcde", "bcd", "c"]);
        ok("abc", "()", &["()1"]);
        ok("abc", "()a()b()c()", &["()1", "()2", "()3", "()4"]);
        ok("aaa", "(a*)(a)", &["aa", "a"]);
        ok("key=value=x", "(.-)=(.*)", &["key", "value=x"]);
        ok("ac", "(a)(b?)(c)", &["a", "", "c"]);
        ok("xay", "(x?)(a)(y?)", &["x", "a", "y"]);
        // Captures of failed attempts are undone: `(a)` first fails at "ab" then succeeds
        // at "ac" with a single capture level.
        ok("abac", "(a)c", &["a"]);
        ok("aXbXc", "(.-)X(.*)", &["a", "bXc"]);
    }

    #[test]
    fn back_references() {
        ok("say 'hi' ok", "(['\"])(.-)%1", &["'", "hi"]);
        ok("abcabc", "(abc)%1", &["abc"]);
        none("abcabd", "(abc)%1");
        ok("the the cat", "(%a+) %1", &["the"]);
        ok("ab-ab-b", "(a)(b)-%1%2-%2", &["a", "b"]);
        ok("xx", "x(%d*)%1x", &[""]);
        none("aa", "()a%1");
        none("abcab", "(abc)%1");
    }

    #[test]
    fn balance_and_frontier() {
        ok("f(a(b)c) d", "%b()", &["(a(b)c)"]);
        ok("'a' 'b'", "%b''", &["'a'"]);
        none("((a)", "^%b()");
        ok("((a)", "%b()", &["(a)"]);
        ok("(ab)cd", "%b()(..)", &["cd"]);
        none("", "%b()");
        ok("THE (quick) fox", "%f[%a]%a+", &["THE"]);
        ok("abc123def", "%f[%d]%d+", &["123"]);
        ok("abc", "%f[%z]()", &["()4"]);
        none("aaa", "%f[b]");
        ok("aaa bbb", "%f[^a]()", &["()4"]);
        ok("x]y", "%f[]]()", &["()2"]);
    }

    #[test]
    fn error_messages() {
        err("abc", "%", "malformed pattern (ends with '%')");
        err("abc", "[%", "malformed pattern (missing ']')");
        err("abc", "[a", "malformed pattern (missing ']')");
        err("abc", "[", "malformed pattern (missing ']')");
        err("abc", "[]", "malformed pattern (missing ']')");
        err("abc", "[^]", "malformed pattern (missing ']')");
        err("abc", "[%]", "malformed pattern (missing ']')");
        err("abc", "%b", "malformed pattern (missing arguments to '%b')");
        err(
            "abc",
            "%b(",
            "malformed pattern (missing arguments to '%b')",
        );
        err("abc", "%f", "missing '[' after '%f' in pattern");
        err("abc", "%fa", "missing '[' after '%f' in pattern");
        err("abc", "%f[a", "malformed pattern (missing ']')");
        err("abc", "(a)%2", "invalid capture index %2");
        err("abc", "(a%1)", "invalid capture index %1");
        err("abc", "%0", "invalid capture index %0");
        err("abc", "%9", "invalid capture index %9");
        err("abc", "a)", "invalid pattern capture");
        err("abc", "(a))", "invalid pattern capture");
        err("abc", "(a", "unfinished capture");
        err(&"a".repeat(40), &"(a".repeat(33), "too many captures");
        err("a", &"()".repeat(33), "too many captures");
        err(&"a".repeat(200), &"a?".repeat(200), "pattern too complex");
        // Errors are raised only where the matcher gets to.
        none("abc", "x[");
        err("xbc", "x[", "malformed pattern (missing ']')");
        none("abc", "x%");
    }

    #[test]
    fn call_depth_matches_lua() {
        // lua5.4 allows 200 nested matcher calls per attempt.
        assert!(lua_match(&"a".repeat(199), &"a?".repeat(199)).is_ok());
        assert!(lua_match(&"ab".repeat(199), &"ab*".repeat(199)).is_ok());
        let e = lua_match(&"ab".repeat(200), &"ab*".repeat(200));
        assert_eq!(e, Err("pattern too complex".to_owned()));
        assert!(lua_match(&"a".repeat(300), &("a-".repeat(199) + "$")).is_ok());
        let e = lua_match(&"a".repeat(300), &("a-".repeat(200) + "$"));
        assert_eq!(e, Err("pattern too complex".to_owned()));
        // Tail positions do not nest.
        assert!(lua_match(&"a".repeat(250), &"a*".repeat(250)).is_ok());
        assert!(lua_match(&"a".repeat(500), &"a".repeat(500)).is_ok());
    }

    #[test]
    fn step_budget_stops_backtracking() {
        // lua5.4 effectively hangs on this; the budget ends it with lua5.4's message.
        let src = "a".repeat(100_000);
        let pat = "a*".repeat(100) + "b";
        let start = Instant::now();
        let result = lua_match(&src, &pat);
        let elapsed = start.elapsed();
        assert_eq!(result, Err("pattern too complex".to_owned()));
        // Generous even for a debug build on a busy machine; about 0.3 s in release.
        assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
        // The budget is a step count, so the point of failure is deterministic.
        assert_eq!(
            lua_match_budget(b"aaaaaaaaaa", b"a*a*a*b", Some(50)),
            Err("pattern too complex".to_owned())
        );
        assert_eq!(
            lua_match_budget(b"aaaaaaaaaa", b"a*a*a*b", Some(10_000)),
            Ok(None)
        );
        // %b scans are charged too.
        let parens = "(".repeat(50_000);
        assert_eq!(
            lua_match_budget(parens.as_bytes(), b"%b()", Some(1_000_000)),
            Err("pattern too complex".to_owned())
        );
    }

    #[test]
    fn budget_allows_long_linear_matches() {
        let src = "ab ".repeat(2_000_000);
        assert_eq!(lua_match(&src, "^[ab ]*$"), Ok(Some(vec![src.clone()])));
        let m = lua_match(&src, "(.-)x");
        assert_eq!(m, Err("pattern too complex".to_owned()));
    }

    #[test]
    fn first_byte_hint() {
        assert_eq!(Matcher::new(b"", b"abc").first_byte(), Some(b'a'));
        assert_eq!(Matcher::new(b"", b"a+").first_byte(), Some(b'a'));
        assert_eq!(Matcher::new(b"", b"a*").first_byte(), None);
        assert_eq!(Matcher::new(b"", b"a?").first_byte(), None);
        assert_eq!(Matcher::new(b"", b"a-").first_byte(), None);
        assert_eq!(Matcher::new(b"", b")").first_byte(), None);
        assert_eq!(Matcher::new(b"", b"%a").first_byte(), None);
        assert_eq!(Matcher::new(b"", b"").first_byte(), None);
        let m = Matcher::new(b"xxaxa", b"a");
        assert_eq!(m.next_candidate(0, Some(b'a')), 2);
        assert_eq!(m.next_candidate(3, Some(b'a')), 4);
        assert_eq!(m.next_candidate(5, Some(b'a')), 5);
        assert_eq!(m.next_candidate(9, Some(b'a')), 5);
    }

    #[test]
    fn plain_search() {
        let naive = |h: &[u8], n: &[u8], from: usize| {
            (from..=h.len()).find(|&i| h.len() - i >= n.len() && &h[i..i + n.len()] == n)
        };
        let cases: &[(&[u8], &[u8])] = &[
            (b"hello world", b"world"),
            (b"hello world", b"o"),
            (b"hello", b""),
            (b"", b""),
            (b"", b"a"),
            (b"aaaaaaaaab", b"aab"),
            (b"abababac", b"ababac"),
            (b"abc", b"abcd"),
        ];
        for &(h, n) in cases {
            for from in 0..=h.len() + 1 {
                assert_eq!(
                    find_plain(h, n, from),
                    naive(h, n, from),
                    "{h:?} {n:?} {from}"
                );
            }
        }
        // The worst case for a naive search stays linear.
        let h = vec![b'a'; 1_000_000];
        let mut n = vec![b'a'; 5_000];
        n.push(b'b');
        assert_eq!(find_plain(&h, &n, 0), None);
        let mut h2 = h.clone();
        h2.extend_from_slice(&n);
        assert_eq!(find_plain(&h2, &n, 0), Some(1_000_000));
        assert_eq!(find_kmp(b"abcabd", b"abd", 0), Some(3));
    }

    #[test]
    fn specials() {
        assert!(has_no_specials(b"hello world"));
        assert!(has_no_specials(b"a)]"));
        for &c in SPECIALS {
            assert!(!has_no_specials(&[b'x', c]));
        }
    }
}
