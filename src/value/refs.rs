//! Handles to heap objects: plain `(id, generation)` pairs into the VM's per-kind object stores.
//!
//! A handle holds no pointer, so it is `Copy`, identical in every snapshot and on every peer,
//! and serializes as two numbers. Ids are handed out deterministically (most-recently-freed-first
//! free list), so the same operations give the same ids on every machine. The generation counts
//! how often the slot was reused, so a handle kept after its object was freed never reaches the
//! object that reuses the slot: the heap reports an invalid reference instead.

use serde::{Deserialize, Serialize};

macro_rules! object_ref {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Ordered by id, then generation.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub(crate) u32, pub(crate) u32);

        impl $name {
            /// The object's id within its store (stable across clones and serialization; reused
            /// after the object is freed).
            pub fn id(self) -> u32 {
                self.0
            }

            /// The generation of the object's slot when the object was created: together with
            /// the id it names this object and no later occupant of the slot.
            pub fn generation(self) -> u32 {
                self.1
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
