//! The one place that decides the pointer kind shared between snapshots.
//!
//! By default snapshots share structure through `Rc` (cheapest clone and copy-on-write).
//! With the `send` cargo feature they share it through `Arc`, which makes a `Vm` and its
//! snapshots `Send + Sync`; Rust functions and host data registered with the VM must then be
//! `Send + Sync` too, which [`MaybeSendSync`] expresses in one bound.

#[cfg(not(feature = "send"))]
mod kind {
    /// Reference-counted pointer shared between snapshots.
    pub type Shared<T> = std::rc::Rc<T>;
    /// `imbl`'s pointer kind matching [`Shared`].
    pub type PointerKind = imbl::shared_ptr::RcK;

    /// `Send + Sync` when the `send` feature is on; no requirement otherwise.
    pub trait MaybeSendSync {}
    impl<T: ?Sized> MaybeSendSync for T {}
}

#[cfg(feature = "send")]
mod kind {
    /// Atomically reference-counted pointer shared between snapshots.
    pub type Shared<T> = std::sync::Arc<T>;
    /// `imbl`'s pointer kind matching [`Shared`].
    pub type PointerKind = imbl::shared_ptr::ArcK;

    /// `Send + Sync` when the `send` feature is on; no requirement otherwise.
    pub trait MaybeSendSync: Send + Sync {}
    impl<T: ?Sized + Send + Sync> MaybeSendSync for T {}
}

pub use kind::{MaybeSendSync, PointerKind, Shared};
