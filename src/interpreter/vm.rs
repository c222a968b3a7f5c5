//! The VM and the context through which the host operates on it.

use super::{CallContext, MultiValue};
use crate::errors::RuntimeError;
use crate::heap::{Function, Heap, HostData, NativeFn, UpvalueId};
use crate::shared::{MaybeSendSync, Shared};
use crate::storage::{FlatStorage, PersistentStorage, Storage};
use crate::value::{FunctionRef, HostDataRef, StringRef, TableRef, Value};
use std::fmt;

/// A Lua VM over a chosen [`Storage`]. Use the [`Vm`] alias unless you are benchmarking.
///
/// `Clone` is a snapshot: with [`PersistentStorage`] it is O(1) whatever the heap size, the copy
/// shares every object, and neither side ever observes the other's later changes (objects are
/// copied on their first write). `clone_from(&snapshot)` is the rollback restore.
#[derive(Clone)]
pub struct GenericVm<S: Storage> {
    pub(crate) heap: Heap<S>,
    pub(crate) globals: TableRef,
    pub(crate) names: MetaNames,
    pub(crate) native_depth: u32,
    /// Nested calls from Rust allowed: [`MAX_NATIVE_DEPTH`], raised while a message handler
    /// runs for a `C stack overflow` (see `VmContext::call_handler`).
    pub(crate) native_limit: u32,
    /// Working buffers of the running interpreter; empty whenever the host holds the VM (every
    /// host call into Lua returns before the host regains control), so a snapshot never
    /// carries them.
    pub(crate) stack: Vec<Value>,
    pub(crate) frames: Vec<super::stack::Frame>,
    /// Open upvalue cells by stack slot, sorted by slot.
    pub(crate) open_upvalues: Vec<(u32, UpvalueId)>,
    /// Stack slots of pending to-be-closed variables, in order of declaration.
    pub(crate) tbc: Vec<u32>,
    /// One entry per running native function: the number of Lua frames below it (so error
    /// levels and tracebacks can interleave natives and Lua frames) and the function itself.
    pub(crate) native_calls: Vec<(u32, FunctionRef)>,
    /// Active `pcall`s (`None`) and `xpcall`s (their message handler, and whether it already
    /// ran for the error in flight), innermost last.
    pub(crate) protections: Vec<(Option<Value>, bool)>,
    /// Traceback capture for [`VmContext::call_traced`]: whether an unprotected error should
    /// record the call stack where it is raised, and the frames recorded.
    pub(crate) trace: super::traceback::TraceState,
    /// The running coroutine (`None`: the main thread).
    pub(crate) current: Option<crate::value::CoroutineRef>,
    /// The main thread's working state while a coroutine runs (empty otherwise).
    pub(crate) main_saved: crate::heap::ThreadState,
    /// The object standing for the main thread, created by `coroutine.running()`.
    pub(crate) main_thread: Option<crate::value::CoroutineRef>,
    /// Values passed to `coroutine.yield`, on their way to `resume`.
    pub(crate) yield_values: MultiValue,
    /// Continuations recorded while a yield unwinds the running coroutine's Rust calls.
    pub(crate) conts: Vec<crate::heap::Cont>,
    /// Running natives a yield cannot cross (see `ThreadState::non_yieldable`).
    pub(crate) non_yieldable: u32,
    /// Stack top of an instruction interrupted by a yield (`Return` with `<close>`, `Concat`).
    pub(crate) yield_top: Option<u32>,
    /// Stack top to continue a resumed coroutine with (results of its pending call).
    pub(crate) resume_top: Option<usize>,
    /// The metatables of the basic types, shared by all their values (strings get the
    /// `string` library's `{__index = string}`; others only through `debug.setmetatable`),
    /// indexed by [`basic_type_slot`](super::index::basic_type_slot).
    pub(crate) type_metatables: [Option<TableRef>; super::index::BASIC_TYPES],
    /// Values running natives hold across calls into Lua (their arguments, and what they
    /// pass to [`VmContext::keep_alive`]); each native's entries leave when it returns.
    pub(crate) temp_roots: Vec<Value>,
    /// Objects the host obtained through the current [`VmContext`], by kind: kept alive
    /// until the next [`GenericVm::context`] call.
    pub(crate) host_pins: [crate::gc::IdSet; crate::gc::KINDS],
    /// The count hook: the function `debug.sethook` installed and its period.
    pub(crate) count_hook: Option<(Value, u32)>,
    /// Whether a hook is running (hooks do not fire inside hooks, as in lua5.4).
    pub(crate) in_hook: bool,
    /// Stack slots calls may use: `MAX_STACK`, raised while a message handler runs.
    pub(crate) stack_limit: usize,
    /// The registry table (`debug.getregistry`), created on first use.
    pub(crate) registry: Option<TableRef>,
    /// `math.random`'s generator state: part of the VM, so snapshots and replays draw the
    /// same numbers.
    pub(crate) random: crate::stdlib::random::Random,
    /// Where `print` and `warn` write, and `warn`'s on/off state.
    pub(crate) output: crate::stdlib::output::Output,
    /// Host-provided services of the `os` library (clock); none by default.
    pub(crate) os: crate::stdlib::os::OsConfig,
    /// Host-provided module and file loader of `require`, `dofile` and `loadfile`.
    pub(crate) loader: crate::stdlib::package::ModuleLoader,
}

/// The Red Moon VM: persistent storage, O(1) snapshots.
pub type Vm = GenericVm<PersistentStorage>;

/// The flat-heap baseline: same code over `std` containers, deep-copied by `clone()`.
pub type FlatVm = GenericVm<FlatStorage>;

/// Interned metamethod names, created with the VM.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MetaNames {
    pub(crate) index: StringRef,
    pub(crate) new_index: StringRef,
    pub(crate) call: StringRef,
    pub(crate) close: StringRef,
    pub(crate) eq: StringRef,
    pub(crate) lt: StringRef,
    pub(crate) le: StringRef,
    pub(crate) concat: StringRef,
    pub(crate) len: StringRef,
    pub(crate) tostring: StringRef,
    pub(crate) name: StringRef,
    pub(crate) metatable: StringRef,
    pub(crate) pairs: StringRef,
    pub(crate) mode: StringRef,
    pub(crate) gc: StringRef,
    /// `__add` ... `__bnot`, indexed by `ArithOp as usize`.
    pub(crate) arith: [StringRef; 14],
}

impl MetaNames {
    /// Every name (the collector keeps them alive).
    pub(crate) fn all(&self) -> impl Iterator<Item = StringRef> + '_ {
        [
            self.index,
            self.new_index,
            self.call,
            self.close,
            self.eq,
            self.lt,
            self.le,
            self.concat,
            self.len,
            self.tostring,
            self.name,
            self.metatable,
            self.pairs,
            self.mode,
            self.gc,
        ]
        .into_iter()
        .chain(self.arith)
    }
}

impl MetaNames {
    /// The names from [`MetaNames::all`]'s list (a saved state's), if it has the right length.
    pub(crate) fn from_all(names: &[StringRef]) -> Option<Self> {
        let (fixed, arith) = names.split_at_checked(15)?;
        let [
            index,
            new_index,
            call,
            close,
            eq,
            lt,
            le,
            concat,
            len,
            tostring,
            name,
            metatable,
            pairs,
            mode,
            gc,
        ] = *fixed
        else {
            return None;
        };
        Some(Self {
            index,
            new_index,
            call,
            close,
            eq,
            lt,
            le,
            concat,
            len,
            tostring,
            name,
            metatable,
            pairs,
            mode,
            gc,
            arith: arith.try_into().ok()?,
        })
    }
}

/// Nested calls through Rust allowed before `C stack overflow` (lua5.4's `LUAI_MAXCCALLS`).
pub(crate) const MAX_NATIVE_DEPTH: u32 = 200;

impl<S: Storage> Default for GenericVm<S> {
    fn default() -> Self {
        let mut heap = Heap::default();
        let globals = expect_capacity(heap.create_table());
        let mut name = |text: &str| expect_capacity(heap.intern(text.as_bytes()));
        let names = MetaNames {
            index: name("__index"),
            new_index: name("__newindex"),
            call: name("__call"),
            close: name("__close"),
            eq: name("__eq"),
            lt: name("__lt"),
            le: name("__le"),
            concat: name("__concat"),
            len: name("__len"),
            tostring: name("__tostring"),
            name: name("__name"),
            metatable: name("__metatable"),
            pairs: name("__pairs"),
            mode: name("__mode"),
            gc: name("__gc"),
            arith: [
                "__add", "__sub", "__mul", "__mod", "__pow", "__div", "__idiv", "__band", "__bor",
                "__bxor", "__shl", "__shr", "__unm", "__bnot",
            ]
            .map(&mut name),
        };
        Self {
            heap,
            globals,
            names,
            native_depth: 0,
            native_limit: MAX_NATIVE_DEPTH,
            stack: Vec::new(),
            frames: Vec::new(),
            open_upvalues: Vec::new(),
            tbc: Vec::new(),
            native_calls: Vec::new(),
            protections: Vec::new(),
            trace: super::traceback::TraceState::Off,
            current: None,
            main_saved: crate::heap::ThreadState::default(),
            main_thread: None,
            yield_values: MultiValue::new(),
            conts: Vec::new(),
            non_yieldable: 0,
            yield_top: None,
            resume_top: None,
            type_metatables: [None; super::index::BASIC_TYPES],
            registry: None,
            stack_limit: super::stack::MAX_STACK,
            temp_roots: Vec::new(),
            host_pins: Default::default(),
            count_hook: None,
            in_hook: false,
            random: crate::stdlib::random::Random::default(),
            output: crate::stdlib::output::Output::default(),
            os: crate::stdlib::os::OsConfig::default(),
            loader: crate::stdlib::package::ModuleLoader::default(),
        }
    }
}

impl<S: Storage> GenericVm<S> {
    /// The context through which values are created, read and written.
    ///
    /// Objects the host obtained through the previous context are no longer kept alive by
    /// it (see [`VmContext`] on handles).
    pub fn context(&mut self) -> VmContext<'_, S> {
        for set in &mut self.host_pins {
            set.clear();
        }
        VmContext { vm: self }
    }
}

impl<S: Storage> fmt::Debug for GenericVm<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vm")
            .field("storage", &S::default())
            .field("tables", &self.heap.table_count())
            .field("strings", &self.heap.string_count())
            .finish_non_exhaustive()
    }
}

/// Mutable access to a VM: every operation on values and references goes through it.
///
/// # Handles and the collector
///
/// Handles (`TableRef`, `FunctionRef`, ...) are plain ids. Objects the host creates or reads
/// through a context (new objects, values returned by `get`, `call`, `load`, ...) are kept
/// alive until the next [`GenericVm::context`] call; after that an object lives while Lua
/// can reach it. To keep one longer, store it where Lua reaches it, or under a
/// [registry key](Self::create_registry_value). A handle to a collected object gives
/// `RuntimeError::InvalidReference`, never another object.
///
/// What the host keeps alive this way is VM state, changed only by the host's calls, so a
/// replay is identical when it makes the same calls in the same contexts (a re-simulation
/// that opens one context per frame, as the original run did).
///
/// Inside a Rust function called from Lua, objects it creates or reads through this API
/// stay alive until it returns (see [`keep_alive`](Self::keep_alive)).
pub struct VmContext<'vm, S: Storage = PersistentStorage> {
    pub(crate) vm: &'vm mut GenericVm<S>,
}

/// Unwraps an allocation that can only fail when one object kind exceeds 2^32 - 1 live objects.
pub(crate) fn expect_capacity<T>(result: Result<T, RuntimeError>) -> T {
    result.unwrap_or_else(|error| {
        panic!("red_moon: {error}: a VM holds at most 2^32 - 1 objects of one kind")
    })
}

impl<S: Storage> VmContext<'_, S> {
    /// The global environment table (`_G`).
    pub fn default_environment(&self) -> TableRef {
        self.vm.globals
    }

    /// Creates an empty table.
    ///
    /// # Panics
    /// Only if this VM already holds 2^32 - 1 live tables.
    pub fn create_table(&mut self) -> TableRef {
        let table = expect_capacity(self.vm.heap.create_table());
        self.hold(Value::Table(table));
        table
    }

    /// Creates (or finds the interned) Lua string with these bytes.
    ///
    /// # Panics
    /// Only if this VM already holds 2^32 - 1 live strings.
    pub fn create_string(&mut self, bytes: impl AsRef<[u8]>) -> StringRef {
        let string = expect_capacity(self.vm.heap.intern(bytes.as_ref()));
        self.hold(Value::String(string));
        string
    }

    /// Registers a Rust function callable from Lua and from the host.
    ///
    /// With the `send` feature the closure must be `Send + Sync`. Captured state is shared by
    /// every snapshot: keep it immutable (see the crate's rollback rules).
    ///
    /// # Panics
    /// Only if this VM already holds 2^32 - 1 live functions.
    pub fn create_function<F>(&mut self, function: F) -> FunctionRef
    where
        F: Fn(CallContext, &mut VmContext<'_, S>) -> Result<MultiValue, RuntimeError>
            + MaybeSendSync
            + 'static,
    {
        self.create_function_with_upvalues(function, [])
    }

    /// Creates a Rust function closing over Lua `upvalues` (lua5.4's C closures): values the
    /// function reads with [`CallContext::upvalue`]. Heap objects a native needs (a state
    /// table, a coroutine, another function) belong here rather than in the Rust closure, so
    /// the VM can see them (for collection and serialization).
    ///
    /// # Panics
    /// Only if this VM already holds 2^32 - 1 live functions.
    pub fn create_function_with_upvalues<F>(
        &mut self,
        function: F,
        upvalues: impl IntoIterator<Item = Value>,
    ) -> FunctionRef
    where
        F: Fn(CallContext, &mut VmContext<'_, S>) -> Result<MultiValue, RuntimeError>
            + MaybeSendSync
            + 'static,
    {
        let callback: Shared<dyn NativeFn<S>> = Shared::new(function);
        let native = crate::heap::NativeFunction {
            callback,
            upvalues: upvalues.into_iter().collect(),
            tag: None,
        };
        let function = expect_capacity(self.vm.heap.create_function(Function::Native(native)));
        self.hold(Value::Function(function));
        function
    }

    /// Wraps a host value as Lua userdata. The value is immutable and shared by snapshots.
    ///
    /// # Panics
    /// Only if this VM already holds 2^32 - 1 live host data objects.
    pub fn create_host_data<T: crate::heap::HostValue>(&mut self, value: T) -> HostDataRef {
        let data = HostData {
            value: Shared::new(value),
            metatable: None,
        };
        let data = expect_capacity(self.vm.heap.create_host_data(data));
        self.hold(Value::HostData(data));
        data
    }

    /// Number of live tables (including the global environment).
    pub fn table_count(&self) -> usize {
        self.vm.heap.table_count()
    }

    /// Keeps `value` alive: until the running Rust function returns when called inside one,
    /// else until the next [`GenericVm::context`] call. Objects crossing the public API are
    /// kept alive this way automatically; use it for values obtained otherwise that must
    /// survive a call into Lua.
    pub fn keep_alive(&mut self, value: Value) {
        self.hold(value);
    }

    /// Keeps an object crossing the public API alive while a Rust function runs (see
    /// [`keep_alive`](Self::keep_alive)).
    #[inline]
    pub(crate) fn hold(&mut self, value: Value) -> Value {
        if let Some((kind, id)) = crate::gc::kind_of(value) {
            if self.vm.native_calls.is_empty() {
                self.vm.host_pins[kind].insert(id);
            } else {
                self.vm.temp_roots.push(value);
            }
        }
        value
    }

    /// The registry table (lua5.4's `LUA_REGISTRYINDEX`, `debug.getregistry()`): a place for
    /// the host to keep objects alive across calls.
    pub fn registry(&mut self) -> TableRef {
        if let Some(registry) = self.vm.registry {
            return registry;
        }
        let registry = self.create_table();
        self.vm.registry = Some(registry);
        registry
    }
}
