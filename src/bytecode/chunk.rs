//! Serialized prototypes and binary chunks (`string.dump`, `load` of precompiled code).
//!
//! # Prototype format
//!
//! [`ProtoData`] is the serde representation of a whole prototype tree, flattened: a list of
//! [`ProtoRecord`]s in breadth-first order, record 0 the root, each record naming its nested
//! prototypes by index in the list. Every index after 0 is named exactly once, by a record
//! before it, so decoding needs no recursion and rebuilds the tree bottom-up. Instructions are
//! 64-bit words ([`encode_instruction`]): the low byte is the opcode (the order of the
//! variants listed in this file, part of the format), the operands follow in declaration
//! order, little-endian, each at its own width (`bool` one byte, 0 or 1), unused high bits
//! zero. Line information is stored as differences from the previous line (the first from
//! `line_defined`), strings as CBOR byte strings. [`encode_proto`] writes a `ProtoData` as
//! CBOR (ciborium, deterministic: same prototype, same bytes).
//!
//! Stripping (`strip`) drops what lua5.4's `string.dump(f, true)` drops: the source name
//! (the loaded prototypes get `=?`), line information, local variables and upvalue names;
//! `line_defined`/`last_line_defined` are kept, as in lua5.4.
//!
//! # Binary chunks
//!
//! [`dump_chunk`] writes [`CHUNK_HEADER`]: `ESC "Lua"`, lua5.4's version byte `0x54`, the
//! format byte `0x52` (`'R'`; PUC Lua's official format is 0, so lua5.4 refuses our chunks
//! with `format mismatch`, and Red Moon refuses lua5.4's the same way), the marker
//! `RedMoon`, then the format version [`CHUNK_FORMAT_VERSION`], followed by the CBOR of the
//! prototype and nothing else.
//!
//! # Hostile input
//!
//! Decoding never trusts the input: CBOR nesting is bounded (ciborium's recursion limit; the
//! tree itself is flat), byte strings and sequences grow only with the bytes actually read
//! (serde preallocates at most its cautious size hint), the prototype tree's depth is bounded
//! by [`MAX_PROTO_DEPTH`], every operand is range-checked and the rebuilt tree is checked by
//! [`verify`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use super::{Constant, Instruction, LocalVar, Proto, UpvalueDesc, VerifyError, verify};
use crate::shared::Shared;

/// Deepest nesting of prototypes accepted (the main function is depth 0); the compiler's
/// own nesting limit keeps its output far below.
pub const MAX_PROTO_DEPTH: usize = 200;

/// Version of the binary chunk format, after [`CHUNK_HEADER`].
pub const CHUNK_FORMAT_VERSION: u8 = 1;

/// Start of every Red Moon binary chunk: signature, lua5.4's version byte, Red Moon's format
/// byte and marker. The format version byte follows.
pub const CHUNK_HEADER: &[u8] = b"\x1bLua\x54\x52RedMoon";

/// CBOR nesting accepted when decoding a prototype (the format needs 4 levels).
const CBOR_RECURSION_LIMIT: usize = 16;

/// Why bytes could not be decoded into a prototype.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ChunkError {
    /// The input ends too early (lua5.4's `truncated chunk`).
    #[error("truncated chunk")]
    Truncated,
    /// Not a binary chunk at all (`not a binary chunk`).
    #[error("not a binary chunk")]
    NotBinary,
    /// Another Lua version's chunk (`version mismatch`).
    #[error("version mismatch")]
    VersionMismatch,
    /// A lua5.4 chunk in another format, e.g. PUC Lua's own (`format mismatch`).
    #[error("format mismatch")]
    FormatMismatch,
    /// Malformed content (`corrupted chunk`); the detail is for hosts, not scripts.
    #[error("corrupted chunk")]
    Corrupted(String),
    /// The decoded prototype fails the verifier.
    #[error("corrupted chunk")]
    Invalid(VerifyError),
}

/// Bytes that serialize as a CBOR byte string (not an array of integers).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a byte string")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
        }
        deserializer.deserialize_byte_buf(Visitor)
    }
}

/// A serialized prototype tree (see the module documentation). Embeddable in any serde
/// structure; build it with [`Proto::to_data`], turn it back with [`ProtoData::into_proto`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtoData {
    /// The prototypes, breadth first; 0 is the root.
    pub protos: Vec<ProtoRecord>,
}

/// One prototype of a [`ProtoData`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtoRecord {
    /// The chunk name; `None`: the parent's (the root's: `=?`, a stripped chunk).
    pub source: Option<Bytes>,
    /// `Proto::line_defined`.
    pub line_defined: u32,
    /// `Proto::last_line_defined`.
    pub last_line_defined: u32,
    /// `Proto::num_params`.
    pub num_params: u8,
    /// `Proto::is_vararg`.
    pub is_vararg: bool,
    /// `Proto::max_stack_size`.
    pub max_stack_size: u8,
    /// The instructions as words ([`encode_instruction`]).
    pub code: Vec<u64>,
    /// Line of each instruction minus the previous one's (the first: minus `line_defined`);
    /// empty when stripped.
    pub lines: Vec<i64>,
    /// The constants.
    pub constants: Vec<ConstantData>,
    /// The upvalue descriptions.
    pub upvalues: Vec<UpvalueData>,
    /// Indices (in [`ProtoData::protos`]) of the nested prototypes.
    pub protos: Vec<u32>,
    /// Local variables (empty when stripped).
    pub locals: Vec<LocalData>,
}

/// A constant of a [`ProtoRecord`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ConstantData {
    /// `nil`
    Nil,
    /// A boolean.
    Boolean(bool),
    /// An integer.
    Integer(i64),
    /// A float (never NaN).
    Float(f64),
    /// A string.
    String(Bytes),
}

/// An upvalue description of a [`ProtoRecord`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpvalueData {
    /// The name (empty when stripped).
    pub name: Bytes,
    /// `UpvalueDesc::in_stack`.
    pub in_stack: bool,
    /// `UpvalueDesc::index`.
    pub index: u8,
}

/// A local variable of a [`ProtoRecord`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalData {
    /// The name.
    pub name: Bytes,
    /// `LocalVar::start_pc`.
    pub start_pc: u32,
    /// `LocalVar::end_pc`.
    pub end_pc: u32,
}

/// An operand type of an instruction word.
trait Operand: Sized {
    const BITS: u32;
    fn bits(self) -> u64;
    fn from_bits(bits: u64) -> Option<Self>;
}

macro_rules! unsigned_operand {
    ($($t:ty),*) => {$(
        impl Operand for $t {
            const BITS: u32 = <$t>::BITS;
            fn bits(self) -> u64 {
                u64::from(self)
            }
            fn from_bits(bits: u64) -> Option<Self> {
                <$t>::try_from(bits).ok()
            }
        }
    )*};
}
unsigned_operand!(u8, u16, u32);

impl Operand for i16 {
    const BITS: u32 = 16;
    fn bits(self) -> u64 {
        u64::from(self as u16)
    }
    fn from_bits(bits: u64) -> Option<Self> {
        u16::try_from(bits).ok().map(|b| b as i16)
    }
}

impl Operand for i32 {
    const BITS: u32 = 32;
    fn bits(self) -> u64 {
        u64::from(self as u32)
    }
    fn from_bits(bits: u64) -> Option<Self> {
        u32::try_from(bits).ok().map(|b| b as i32)
    }
}

impl Operand for bool {
    const BITS: u32 = 8;
    fn bits(self) -> u64 {
        u64::from(self)
    }
    fn from_bits(bits: u64) -> Option<Self> {
        match bits {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

fn put<T: Operand>(word: &mut u64, shift: &mut u32, value: T) {
    *word |= value.bits() << *shift;
    *shift += T::BITS;
}

fn take<T: Operand>(word: u64, shift: &mut u32) -> Option<T> {
    let mask = (1u64 << T::BITS) - 1;
    let value = T::from_bits((word >> *shift) & mask)?;
    *shift += T::BITS;
    Some(value)
}

macro_rules! instruction_codec {
    ($($opcode:literal $variant:ident { $($field:ident : $t:ty),* })*) => {
        /// An instruction as a 64-bit word (see the module documentation).
        pub fn encode_instruction(instruction: Instruction) -> u64 {
            match instruction {
                $(
                    #[allow(unused_mut)]
                    Instruction::$variant { $($field),* } => {
                        let mut word: u64 = $opcode;
                        let mut shift = 8u32;
                        $( put::<$t>(&mut word, &mut shift, $field); )*
                        let _ = shift;
                        word
                    }
                )*
            }
        }

        /// The instruction of a word, `None` for an unknown opcode, an invalid operand
        /// (a boolean other than 0 or 1) or nonzero unused bits.
        pub fn decode_instruction(word: u64) -> Option<Instruction> {
            let mut shift = 8u32;
            let instruction = match word & 0xff {
                $(
                    $opcode => Instruction::$variant {
                        $( $field: take::<$t>(word, &mut shift)?, )*
                    },
                )*
                _ => return None,
            };
            if shift < 64 && word >> shift != 0 {
                return None;
            }
            Some(instruction)
        }
    };
}

instruction_codec! {
    0 Move { dst: u8, src: u8 }
    1 LoadInt { dst: u8, value: i32 }
    2 LoadFloat { dst: u8, value: i32 }
    3 LoadConst { dst: u8, constant: u32 }
    4 LoadFalse { dst: u8 }
    5 LoadFalseSkip { dst: u8 }
    6 LoadTrue { dst: u8 }
    7 LoadNil { dst: u8, extra: u8 }
    8 GetUpvalue { dst: u8, upvalue: u8 }
    9 SetUpvalue { src: u8, upvalue: u8 }
    10 GetTabUp { dst: u8, upvalue: u8, key: u16 }
    11 GetTable { dst: u8, table: u8, key: u8 }
    12 GetIndex { dst: u8, table: u8, index: u8 }
    13 GetField { dst: u8, table: u8, key: u16 }
    14 SetTabUp { upvalue: u8, key: u16, value: u8, value_is_constant: bool }
    15 SetTable { table: u8, key: u8, value: u8, value_is_constant: bool }
    16 SetIndex { table: u8, index: u8, value: u8, value_is_constant: bool }
    17 SetField { table: u8, key: u16, value: u8, value_is_constant: bool }
    18 NewTable { dst: u8, hash: u16, array: u32 }
    19 Method { dst: u8, object: u8, key: u16 }
    20 AddImm { dst: u8, lhs: u8, imm: i16 }
    21 AddConst { dst: u8, lhs: u8, constant: u16 }
    22 SubConst { dst: u8, lhs: u8, constant: u16 }
    23 MulConst { dst: u8, lhs: u8, constant: u16 }
    24 ModConst { dst: u8, lhs: u8, constant: u16 }
    25 PowConst { dst: u8, lhs: u8, constant: u16 }
    26 DivConst { dst: u8, lhs: u8, constant: u16 }
    27 IDivConst { dst: u8, lhs: u8, constant: u16 }
    28 BAndConst { dst: u8, lhs: u8, constant: u16 }
    29 BOrConst { dst: u8, lhs: u8, constant: u16 }
    30 BXorConst { dst: u8, lhs: u8, constant: u16 }
    31 ShrImm { dst: u8, lhs: u8, imm: i16 }
    32 ShlImm { dst: u8, rhs: u8, imm: i16 }
    33 Add { dst: u8, lhs: u8, rhs: u8 }
    34 Sub { dst: u8, lhs: u8, rhs: u8 }
    35 Mul { dst: u8, lhs: u8, rhs: u8 }
    36 Mod { dst: u8, lhs: u8, rhs: u8 }
    37 Pow { dst: u8, lhs: u8, rhs: u8 }
    38 Div { dst: u8, lhs: u8, rhs: u8 }
    39 IDiv { dst: u8, lhs: u8, rhs: u8 }
    40 BAnd { dst: u8, lhs: u8, rhs: u8 }
    41 BOr { dst: u8, lhs: u8, rhs: u8 }
    42 BXor { dst: u8, lhs: u8, rhs: u8 }
    43 Shl { dst: u8, lhs: u8, rhs: u8 }
    44 Shr { dst: u8, lhs: u8, rhs: u8 }
    45 Unm { dst: u8, src: u8 }
    46 BNot { dst: u8, src: u8 }
    47 Not { dst: u8, src: u8 }
    48 Len { dst: u8, src: u8 }
    49 Concat { first: u8, count: u8 }
    50 Close { from: u8 }
    51 Tbc { reg: u8 }
    52 Jump { jump: i32 }
    53 Eq { lhs: u8, rhs: u8, k: bool }
    54 Lt { lhs: u8, rhs: u8, k: bool }
    55 Le { lhs: u8, rhs: u8, k: bool }
    56 EqConst { lhs: u8, constant: u16, k: bool }
    57 EqImm { lhs: u8, imm: i16, is_float: bool, k: bool }
    58 LtImm { lhs: u8, imm: i16, is_float: bool, k: bool }
    59 LeImm { lhs: u8, imm: i16, is_float: bool, k: bool }
    60 GtImm { lhs: u8, imm: i16, is_float: bool, k: bool }
    61 GeImm { lhs: u8, imm: i16, is_float: bool, k: bool }
    62 Test { src: u8, k: bool }
    63 TestSet { dst: u8, src: u8, k: bool }
    64 Call { func: u8, args: u8, results: u8 }
    65 TailCall { func: u8, args: u8 }
    66 Return { first: u8, count: u8, close: bool }
    67 Return0 { }
    68 Return1 { src: u8 }
    69 ForPrep { base: u8, jump: i32 }
    70 ForLoop { base: u8, jump: i32 }
    71 TForPrep { base: u8, jump: i32 }
    72 TForCall { base: u8, results: u8 }
    73 TForLoop { base: u8, jump: i32 }
    74 SetList { table: u8, count: u8, offset: u32 }
    75 Closure { dst: u8, proto: u32 }
    76 VarArg { dst: u8, count: u8 }
    77 VarArgPrep { params: u8 }
}

fn bytes(b: &[u8]) -> Bytes {
    Bytes(b.to_vec())
}

impl Proto {
    /// This prototype and its nested ones as a [`ProtoData`] (`strip`: without debug
    /// information, like lua5.4's `string.dump(f, true)`).
    pub fn to_data(&self, strip: bool) -> ProtoData {
        // Breadth first with an explicit queue: the parent of record `i` is visited first.
        let mut queue: Vec<(&Proto, Option<&[u8]>)> = vec![(self, None)];
        let mut protos = Vec::new();
        let mut next = 0;
        while let Some(&(proto, parent_source)) = queue.get(next) {
            next += 1;
            let source = if strip || parent_source == Some(&proto.source[..]) {
                None
            } else {
                Some(bytes(&proto.source))
            };
            let mut children = Vec::with_capacity(proto.protos.len());
            for child in &proto.protos {
                children.push(queue.len() as u32);
                queue.push((child, Some(&proto.source[..])));
            }
            let lines = if strip {
                Vec::new()
            } else {
                let mut previous = i64::from(proto.line_defined);
                proto
                    .lines
                    .iter()
                    .map(|&line| {
                        let delta = i64::from(line) - previous;
                        previous = i64::from(line);
                        delta
                    })
                    .collect()
            };
            protos.push(ProtoRecord {
                source,
                line_defined: proto.line_defined,
                last_line_defined: proto.last_line_defined,
                num_params: proto.num_params,
                is_vararg: proto.is_vararg,
                max_stack_size: proto.max_stack_size,
                code: proto.code.iter().map(|&i| encode_instruction(i)).collect(),
                lines,
                constants: proto
                    .constants
                    .iter()
                    .map(|c| match c {
                        Constant::Nil => ConstantData::Nil,
                        Constant::Boolean(b) => ConstantData::Boolean(*b),
                        Constant::Integer(i) => ConstantData::Integer(*i),
                        Constant::Float(f) => ConstantData::Float(*f),
                        Constant::String(s) => ConstantData::String(bytes(s)),
                    })
                    .collect(),
                upvalues: proto
                    .upvalues
                    .iter()
                    .map(|u| UpvalueData {
                        name: if strip {
                            Bytes::default()
                        } else {
                            bytes(&u.name)
                        },
                        in_stack: u.in_stack,
                        index: u.index,
                    })
                    .collect(),
                protos: children,
                locals: if strip {
                    Vec::new()
                } else {
                    proto
                        .locals
                        .iter()
                        .map(|l| LocalData {
                            name: bytes(&l.name),
                            start_pc: l.start_pc,
                            end_pc: l.end_pc,
                        })
                        .collect()
                },
            });
        }
        ProtoData { protos }
    }
}

fn corrupted<T>(reason: &str) -> Result<T, ChunkError> {
    Err(ChunkError::Corrupted(reason.to_owned()))
}

impl ProtoData {
    /// Rebuilds the prototype tree, checking its shape, its depth and every prototype
    /// ([`verify`]).
    pub fn into_proto(self) -> Result<Shared<Proto>, ChunkError> {
        let records = self.protos;
        let count = records.len();
        if count == 0 {
            return corrupted("no prototype");
        }
        // Each record after the root has exactly one parent, before it.
        let mut parent: Vec<Option<usize>> = vec![None; count];
        let mut depth = vec![0usize; count];
        for (i, record) in records.iter().enumerate() {
            for &child in &record.protos {
                let child = child as usize;
                if child <= i || child >= count {
                    return corrupted("nested prototype index out of order");
                }
                if parent[child].replace(i).is_some() {
                    return corrupted("nested prototype shared");
                }
            }
        }
        let mut sources: Vec<Shared<[u8]>> = Vec::with_capacity(count);
        for i in 0..count {
            let inherited = match parent[i] {
                None if i > 0 => return corrupted("unreachable prototype"),
                None => Shared::from(&b"=?"[..]),
                Some(p) => {
                    depth[i] = depth[p] + 1;
                    if depth[i] > MAX_PROTO_DEPTH {
                        return corrupted("prototypes nested too deeply");
                    }
                    Shared::clone(&sources[p])
                }
            };
            sources.push(match &records[i].source {
                Some(source) if parent[i].is_some_and(|p| sources[p][..] == source.0[..]) => {
                    inherited
                }
                Some(source) => Shared::from(&source.0[..]),
                None => inherited,
            });
        }
        let mut built: Vec<Option<Shared<Proto>>> = vec![None; count];
        for (i, record) in records.into_iter().enumerate().rev() {
            let mut protos = Vec::with_capacity(record.protos.len());
            for &child in &record.protos {
                match built[child as usize].take() {
                    Some(proto) => protos.push(proto),
                    None => return corrupted("nested prototype missing"),
                }
            }
            let code = record
                .code
                .iter()
                .map(|&word| decode_instruction(word))
                .collect::<Option<Vec<_>>>();
            let Some(code) = code else {
                return corrupted("invalid instruction");
            };
            let mut lines = Vec::with_capacity(record.lines.len());
            let mut line = i64::from(record.line_defined);
            for delta in record.lines {
                line = match line.checked_add(delta) {
                    Some(l) if u32::try_from(l).is_ok() => l,
                    _ => return corrupted("line out of range"),
                };
                lines.push(line as u32);
            }
            let constants = record
                .constants
                .into_iter()
                .map(|c| match c {
                    ConstantData::Nil => Constant::Nil,
                    ConstantData::Boolean(b) => Constant::Boolean(b),
                    ConstantData::Integer(i) => Constant::Integer(i),
                    ConstantData::Float(f) => Constant::Float(f),
                    ConstantData::String(s) => Constant::String(s.0.into_boxed_slice()),
                })
                .collect();
            let upvalues = record
                .upvalues
                .into_iter()
                .map(|u| UpvalueDesc {
                    name: u.name.0.into_boxed_slice(),
                    in_stack: u.in_stack,
                    index: u.index,
                })
                .collect();
            let locals = record
                .locals
                .into_iter()
                .map(|l| LocalVar {
                    name: l.name.0.into_boxed_slice(),
                    start_pc: l.start_pc,
                    end_pc: l.end_pc,
                })
                .collect();
            built[i] = Some(Shared::new(Proto {
                source: Shared::clone(&sources[i]),
                line_defined: record.line_defined,
                last_line_defined: record.last_line_defined,
                num_params: record.num_params,
                is_vararg: record.is_vararg,
                max_stack_size: record.max_stack_size,
                code,
                lines,
                constants,
                upvalues,
                protos,
                locals,
            }));
        }
        let Some(root) = built[0].take() else {
            return corrupted("no prototype");
        };
        verify(&root).map_err(ChunkError::Invalid)?;
        Ok(root)
    }
}

/// The CBOR encoding of `proto`'s [`ProtoData`]; same prototype, same bytes.
pub fn encode_proto(proto: &Proto, strip: bool) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a `Vec` cannot fail, and every value of the format is serializable.
    let _ = ciborium::into_writer(&proto.to_data(strip), &mut out);
    out
}

/// Decodes [`encode_proto`]'s bytes (all of them: trailing bytes are an error) and checks
/// the result.
pub fn decode_proto(input: &[u8]) -> Result<Shared<Proto>, ChunkError> {
    let mut reader = input;
    let data: ProtoData =
        ciborium::de::from_reader_with_recursion_limit(&mut reader, CBOR_RECURSION_LIMIT).map_err(
            |error| match error {
                ciborium::de::Error::Io(_) => ChunkError::Truncated,
                other => ChunkError::Corrupted(other.to_string()),
            },
        )?;
    if !reader.is_empty() {
        return corrupted("trailing bytes");
    }
    data.into_proto()
}

/// A binary chunk of `proto` (`string.dump`).
pub fn dump_chunk(proto: &Proto, strip: bool) -> Vec<u8> {
    let mut out = CHUNK_HEADER.to_vec();
    out.push(CHUNK_FORMAT_VERSION);
    out.extend_from_slice(&encode_proto(proto, strip));
    out
}

/// The prototype of a binary chunk, or why it cannot be loaded (the reasons of lua5.4's
/// `bad binary format (...)` messages).
pub fn undump_chunk(chunk: &[u8]) -> Result<Shared<Proto>, ChunkError> {
    // The header is checked field by field, as lua5.4 does, so that the first difference
    // decides the message.
    let fields: [(std::ops::Range<usize>, ChunkError); 4] = [
        (0..4, ChunkError::NotBinary),
        (4..5, ChunkError::VersionMismatch),
        (5..6, ChunkError::FormatMismatch),
        (
            6..CHUNK_HEADER.len(),
            ChunkError::Corrupted("bad marker".into()),
        ),
    ];
    for (range, error) in fields {
        let expected = &CHUNK_HEADER[range.clone()];
        let actual = &chunk[range.start.min(chunk.len())..range.end.min(chunk.len())];
        if !expected.starts_with(actual) {
            return Err(error);
        }
        if actual.len() < expected.len() {
            return Err(ChunkError::Truncated);
        }
    }
    match chunk.get(CHUNK_HEADER.len()) {
        None => Err(ChunkError::Truncated),
        Some(&CHUNK_FORMAT_VERSION) => decode_proto(&chunk[CHUNK_HEADER.len() + 1..]),
        Some(_) => Err(ChunkError::FormatMismatch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::compile;

    const PROGRAM: &str = "local t = {1, 2.5, -0.0, 1/0, 'x', x = true, [3] = false}\n\
        local function f(a, ...) for i = 1, #t do a = a .. tostring(t[i]) end return a, ... end\n\
        for k, v in pairs(t) do print(k, v, f(k)) end\n\
        local up = 3\n\
        return function(...) local n = select('#', ...) return function() up = up + n return up end end";

    fn compiled(source: &str) -> Shared<Proto> {
        compile(source.as_bytes(), b"@test.lua").expect("compiles")
    }

    #[test]
    fn every_instruction_word_round_trips() {
        let proto = compiled(PROGRAM);
        let mut pending = vec![proto];
        let mut seen = 0;
        while let Some(proto) = pending.pop() {
            for &i in &proto.code {
                assert_eq!(decode_instruction(encode_instruction(i)), Some(i));
                seen += 1;
            }
            pending.extend(proto.protos.iter().cloned());
        }
        assert!(seen > 20);
        let samples = [
            Instruction::LoadInt { dst: 3, value: -7 },
            Instruction::Jump { jump: i32::MIN },
            Instruction::NewTable {
                dst: 255,
                hash: u16::MAX,
                array: u32::MAX,
            },
            Instruction::GeImm {
                lhs: 1,
                imm: -32768,
                is_float: true,
                k: false,
            },
            Instruction::Return0,
        ];
        for i in samples {
            assert_eq!(decode_instruction(encode_instruction(i)), Some(i));
        }
    }

    #[test]
    fn invalid_words_are_rejected() {
        assert_eq!(decode_instruction(78), None);
        assert_eq!(decode_instruction(0xff), None);
        // A boolean operand of 2.
        let word = encode_instruction(Instruction::Test { src: 1, k: true });
        assert_eq!(decode_instruction(word + (1 << 16)), None);
        // Unused high bits.
        assert_eq!(decode_instruction(67 | 1 << 8), None);
        assert_eq!(decode_instruction(68 | 1 << 63), None);
    }

    #[test]
    fn round_trip_keeps_everything_and_is_deterministic() {
        let proto = compiled(PROGRAM);
        let bytes = encode_proto(&proto, false);
        assert_eq!(bytes, encode_proto(&proto, false));
        let decoded = decode_proto(&bytes).expect("decodes");
        assert_eq!(*decoded, *proto);
        assert_eq!(encode_proto(&decoded, false), bytes);
        assert!(Shared::ptr_eq(&decoded.source, &decoded.protos[0].source));
        // Floats keep their exact value and sign through CBOR.
        let floats = [
            -0.0,
            0.0,
            0.1,
            1e300,
            f64::INFINITY,
            -f64::INFINITY,
            5e-324,
            1.5,
        ];
        let constants: Vec<ConstantData> = floats.iter().map(|&f| ConstantData::Float(f)).collect();
        let mut out = Vec::new();
        ciborium::into_writer(&constants, &mut out).unwrap();
        let back: Vec<ConstantData> = ciborium::from_reader(&out[..]).unwrap();
        for (f, c) in floats.iter().zip(&back) {
            assert!(
                matches!(c, ConstantData::Float(g) if g.to_bits() == f.to_bits()),
                "{f}"
            );
        }
    }

    #[test]
    fn strip_drops_debug_information() {
        let proto = compiled(PROGRAM);
        let stripped = decode_proto(&encode_proto(&proto, true)).expect("decodes");
        assert_eq!(&stripped.source[..], b"=?");
        assert!(stripped.lines.is_empty() && stripped.locals.is_empty());
        let nested = &stripped.protos[1];
        assert_eq!(&nested.source[..], b"=?");
        assert_eq!(nested.line_defined, proto.protos[1].line_defined);
        assert!(nested.upvalues.iter().all(|u| u.name.is_empty()));
        assert_eq!(stripped.code, proto.code);
        assert!(encode_proto(&proto, true).len() < encode_proto(&proto, false).len());
    }

    #[test]
    fn chunks_have_the_header_and_check_it() {
        let proto = compiled("return 1");
        let chunk = dump_chunk(&proto, false);
        assert!(chunk.starts_with(b"\x1bLua\x54\x52RedMoon\x01"));
        assert_eq!(*undump_chunk(&chunk).unwrap(), *proto);
        let cases: [(&[u8], ChunkError); 8] = [
            (b"\x1bLu", ChunkError::Truncated),
            (b"\x1bLux", ChunkError::NotBinary),
            (b"\x1bLua\x53", ChunkError::VersionMismatch),
            (b"\x1bLua\x54", ChunkError::Truncated),
            (b"\x1bLua\x54\x00\x19\x93", ChunkError::FormatMismatch),
            (b"\x1bLua\x54\x52Red", ChunkError::Truncated),
            (b"\x1bLua\x54\x52RedMoon", ChunkError::Truncated),
            (b"\x1bLua\x54\x52RedMoon\x02", ChunkError::FormatMismatch),
        ];
        for (input, error) in cases {
            assert_eq!(undump_chunk(input).unwrap_err(), error, "{input:?}");
        }
        assert!(matches!(
            undump_chunk(b"\x1bLua\x54\x52RedSun\x01"),
            Err(ChunkError::Corrupted(_))
        ));
        for cut in CHUNK_HEADER.len() + 1..chunk.len() {
            assert_eq!(undump_chunk(&chunk[..cut]), Err(ChunkError::Truncated));
        }
        let mut longer = chunk.clone();
        longer.push(0);
        assert!(matches!(
            undump_chunk(&longer),
            Err(ChunkError::Corrupted(_))
        ));
    }

    fn encode_data(data: &ProtoData) -> Vec<u8> {
        let mut out = Vec::new();
        ciborium::into_writer(data, &mut out).unwrap();
        out
    }

    #[test]
    fn malformed_trees_are_rejected() {
        let proto = compiled("return function() return function() end end");
        let data = proto.to_data(false);
        let mut shared = data.clone();
        shared.protos[0].protos.push(1);
        shared.protos[0].code.insert(0, 0);
        assert!(matches!(
            decode_proto(&encode_data(&shared)),
            Err(ChunkError::Corrupted(_))
        ));
        let mut cycle = data.clone();
        cycle.protos[2].protos.push(1);
        assert!(matches!(
            decode_proto(&encode_data(&cycle)),
            Err(ChunkError::Corrupted(_))
        ));
        let mut orphan = data.clone();
        orphan.protos[1].protos.clear();
        assert!(matches!(
            decode_proto(&encode_data(&orphan)),
            Err(ChunkError::Corrupted(_))
        ));
        let mut bad_operand = data;
        bad_operand.protos[1].code[0] = encode_instruction(Instruction::Move { dst: 250, src: 0 });
        assert!(matches!(
            decode_proto(&encode_data(&bad_operand)),
            Err(ChunkError::Invalid(_))
        ));
    }

    #[test]
    fn deep_trees_are_rejected_without_recursion() {
        // A chain of 100,000 prototypes, each the only child of the previous one.
        let leaf = compiled("return function() end").protos[0].to_data(false);
        let template = leaf.protos[0].clone();
        let count = 100_000;
        let protos = (0..count)
            .map(|i| {
                let mut record = template.clone();
                if i + 1 < count {
                    record.protos = vec![i as u32 + 1];
                }
                record
            })
            .collect();
        let bytes = encode_data(&ProtoData { protos });
        assert_eq!(
            decode_proto(&bytes),
            Err(ChunkError::Corrupted("prototypes nested too deeply".into()))
        );
    }

    #[test]
    fn hostile_lengths_do_not_allocate() {
        // An array header declaring 2^63 elements followed by nothing, in the code field's
        // position of a root record; and a byte string declaring 2^63 bytes.
        let mut bytes = vec![0xa1];
        bytes.extend_from_slice(b"\x66protos");
        bytes.extend_from_slice(&[0x9b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(decode_proto(&bytes), Err(ChunkError::Truncated));
        let mut bytes = vec![0xa1];
        bytes.extend_from_slice(b"\x66protos");
        bytes.extend_from_slice(&[0x81, 0xa1, 0x66]);
        bytes.extend_from_slice(b"source");
        bytes.extend_from_slice(&[0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(decode_proto(&bytes), Err(ChunkError::Truncated));
        // Deeply nested CBOR arrays hit the recursion limit.
        let mut bytes = vec![0xa1];
        bytes.extend_from_slice(b"\x66protos");
        bytes.extend(std::iter::repeat_n(0x81, 100_000));
        assert!(decode_proto(&bytes).is_err());
    }
}
