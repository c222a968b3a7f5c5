//! Handles to heap objects: plain ids into the VM's per-kind object stores.
//!
//! A handle holds no pointer, so it is `Copy`, identical in every snapshot and on every peer,
//! and serializes as a number. Ids are handed out deterministically (lowest-freed-first free
//! list), so the same operations give the same ids on every machine.

use serde::{Deserialize, Serialize};

macro_rules! object_ref {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub(crate) u32);

        impl $name {
            /// The object's id within its store (stable across clones and serialization).
            pub fn id(self) -> u32 {
                self.0
            }
        }
    };
}

object_ref!(
    /// An interned, immutable Lua string (a byte string, not necessarily UTF-8).
    StringRef
);
object_ref!(
    /// A Lua table.
    TableRef
);
object_ref!(
    /// A function: a Rust function registered with the VM (Lua closures arrive with the
    /// interpreter).
    FunctionRef
);
object_ref!(
    /// A coroutine (Lua's `thread`).
    CoroutineRef
);
object_ref!(
    /// Host data: a value owned by the embedding program (Lua's full userdata).
    HostDataRef
);
