//! Saving and loading whole VMs: serde, encoded as CBOR.
//!
//! `GenericVm` implements `Serialize` and `Deserialize`, and [`GenericVm::save_cbor`] /
//! [`GenericVm::load_cbor`] write and read CBOR directly. A state holds everything the VM
//! holds between host calls: every object with its id and slot generation (so allocation,
//! iteration order and collection continue exactly as in the original), prototypes once each,
//! suspended coroutines with their frames, the collector mid-cycle, the random generator, the
//! registry and the basic types' metatables.
//!
//! Two things are the host's and are not written:
//! - **Rust functions**: a function is written as its tag. The standard library's functions
//!   come back by themselves; the host re-attaches its own with
//!   [`FunctionRef::rehydrate`](crate::interpreter::FunctionRef::rehydrate), and until it does
//!   a function raises `function 'TAG' was not rehydrated`.
//! - **Host values** of userdata (their metatables are written), and host configuration: the
//!   output sinks, the `os` clock, the module loader, the memory limit.
//!
//! Loading treats the bytes as hostile: decoding is bounded by the input (no pre-allocation by
//! declared lengths, a CBOR nesting limit), and the decoded state is validated (see `decode`
//! and `validate`) before a VM is built from it.

mod decode;
mod encode;
mod format;
#[cfg(test)]
mod tests;
mod validate;

pub use format::STATE_FORMAT_VERSION;

use crate::interpreter::GenericVm;
use crate::storage::Storage;
use format::VmData;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// CBOR nesting accepted when loading (the format nests a handful of levels).
const CBOR_RECURSION_LIMIT: usize = 64;

/// Why a VM could not be saved or loaded.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// `save` was called while Lua code runs (a state is saved between host calls).
    #[error("cannot save a VM while Lua code is running")]
    Running,
    /// The state was written by another version of the format.
    #[error(
        "saved state format {0} is not supported (this build reads format {STATE_FORMAT_VERSION})"
    )]
    Version(u32),
    /// The bytes are not a CBOR-encoded state.
    #[error("malformed saved state: {0}")]
    Malformed(String),
    /// The state decodes but describes something the VM could not have produced.
    #[error("invalid saved state: {0}")]
    Invalid(String),
    /// Reading or writing failed.
    #[error("saved state I/O: {0}")]
    Io(#[from] std::io::Error),
}

impl<S: Storage> GenericVm<S> {
    /// Writes the whole VM as CBOR (see the [module documentation](self)).
    pub fn save_cbor(&self, writer: impl std::io::Write) -> Result<(), StateError> {
        let data = encode::encode(self)?;
        ciborium::into_writer(&data, writer).map_err(|error| match error {
            ciborium::ser::Error::Io(error) => StateError::Io(error),
            ciborium::ser::Error::Value(message) => StateError::Malformed(message),
        })
    }

    /// The whole VM as CBOR bytes.
    pub fn to_cbor(&self) -> Result<Vec<u8>, StateError> {
        let mut bytes = Vec::new();
        self.save_cbor(&mut bytes)?;
        Ok(bytes)
    }

    /// Reads a VM written by [`save_cbor`](Self::save_cbor). Any input is safe: bytes that
    /// are not a valid state give an error.
    pub fn load_cbor(reader: impl std::io::Read) -> Result<Self, StateError> {
        let data: VmData =
            ciborium::de::from_reader_with_recursion_limit(reader, CBOR_RECURSION_LIMIT)
                .map_err(read_error)?;
        decode::decode(data)
    }

    /// Reads a VM from exactly these bytes (trailing bytes are an error).
    pub fn from_cbor(bytes: &[u8]) -> Result<Self, StateError> {
        let mut reader = bytes;
        let vm = Self::load_cbor(&mut reader)?;
        if reader.is_empty() {
            Ok(vm)
        } else {
            Err(StateError::Malformed("trailing bytes".to_owned()))
        }
    }
}

/// A CBOR reading error in words (the input's end is a malformed state, not an I/O failure).
fn read_error(error: ciborium::de::Error<std::io::Error>) -> StateError {
    use ciborium::de::Error;
    match error {
        Error::Io(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => {
            StateError::Malformed("the input ends too early".to_owned())
        }
        Error::Io(error) => StateError::Io(error),
        Error::Syntax(offset) => StateError::Malformed(format!("invalid CBOR at byte {offset}")),
        Error::Semantic(Some(offset), message) => {
            StateError::Malformed(format!("{message} (at byte {offset})"))
        }
        Error::Semantic(None, message) => StateError::Malformed(message),
        Error::RecursionLimitExceeded => StateError::Malformed("nested too deeply".to_owned()),
    }
}

impl<S: Storage> Serialize for GenericVm<S> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        encode::encode(self)
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

impl<'de, S: Storage> Deserialize<'de> for GenericVm<S> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let data = VmData::deserialize(deserializer)?;
        decode::decode(data).map_err(serde::de::Error::custom)
    }
}
