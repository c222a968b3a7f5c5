//! The catalog of the standard library's Rust functions: one list mapping each builtin's tag
//! to its callback.
//!
//! Every native function the standard library creates (at registration or at run time, like
//! the iterator `string.gmatch` returns) is created through
//! [`VmContext::create_builtin`] and carries its tag (`NativeFunction::tag`). A saved VM
//! writes the tag in place of the callback; a loaded VM gets the callback back from
//! [`builtin`]. Tags are `std:` followed by the Lua-visible qualified name (`std:print`,
//! `std:string.format`) or, for natives with no global name, by the function that makes them
//! and `#what` (`std:string.gmatch#iterator`, `std:coroutine.wrap#call`). Tags are part of
//! the saved format: never rename one.
//!
//! The callbacks are plain `fn` items that capture nothing; any state lives in their Lua
//! upvalues.

use super::{base, collectgarbage, coroutine, debug, math, os, package, string, table, utf8};
use crate::errors::RuntimeError;
use crate::heap::{Function, NativeFn, NativeFunction};
use crate::interpreter::{CallContext, FunctionRef, MultiValue, Value, VmContext};
use crate::shared::Shared;
use crate::storage::Storage;

/// Generates [`BUILTIN_TAGS`] and [`builtin`] from one list of `tag => function` entries.
macro_rules! catalog {
    ($($tag:literal => $($segment:ident)::+,)*) => {
        /// Every tag of the catalog, in catalog order (for tests and for the serializer).
        #[allow(dead_code, reason = "read by tests; the serializer will use it")]
        pub(crate) const BUILTIN_TAGS: &[&str] = &[$($tag),*];

        /// The callback of the builtin tagged `tag`; `None` for any other string.
        pub(crate) fn builtin<S: Storage>(tag: &str) -> Option<Shared<dyn NativeFn<S>>> {
            let callback: Shared<dyn NativeFn<S>> = match tag {
                $($tag => Shared::new($($segment)::+::<S>),)*
                _ => return None,
            };
            Some(callback)
        }
    };
}

catalog! {
    // Base library.
    "std:print" => base::print,
    "std:warn" => base::warn,
    "std:type" => base::type_,
    "std:tostring" => base::tostring,
    "std:tonumber" => base::tonumber,
    "std:pcall" => base::pcall,
    "std:xpcall" => base::xpcall,
    "std:error" => base::error,
    "std:assert" => base::assert,
    "std:select" => base::select,
    "std:rawequal" => base::rawequal,
    "std:rawget" => base::rawget,
    "std:rawset" => base::rawset,
    "std:rawlen" => base::rawlen,
    "std:setmetatable" => base::setmetatable,
    "std:getmetatable" => base::getmetatable,
    "std:load" => base::load,
    "std:loadfile" => base::loadfile,
    "std:dofile" => base::dofile,
    "std:collectgarbage" => collectgarbage::collectgarbage,
    "std:next" => base::next,
    "std:pairs" => base::pairs,
    "std:ipairs" => base::ipairs,
    "std:ipairs#step" => base::ipairs_step,
    // string
    "std:string.len" => string::len,
    "std:string.sub" => string::sub,
    "std:string.byte" => string::byte,
    "std:string.char" => string::char,
    "std:string.rep" => string::rep,
    "std:string.reverse" => string::reverse,
    "std:string.lower" => string::lower,
    "std:string.upper" => string::upper,
    "std:string.find" => string::matching::find,
    "std:string.match" => string::matching::match_,
    "std:string.gmatch" => string::matching::gmatch,
    "std:string.gmatch#iterator" => string::matching::gmatch_iterator,
    "std:string.gsub" => string::matching::gsub,
    "std:string.format" => string::format::format,
    "std:string.pack" => string::pack::pack,
    "std:string.packsize" => string::pack::packsize,
    "std:string.unpack" => string::pack::unpack,
    "std:string.dump" => string::dump::dump,
    // The string metatable's arithmetic metamethods.
    "std:string#__add" => string::arith_add,
    "std:string#__sub" => string::arith_sub,
    "std:string#__mul" => string::arith_mul,
    "std:string#__mod" => string::arith_mod,
    "std:string#__pow" => string::arith_pow,
    "std:string#__div" => string::arith_div,
    "std:string#__idiv" => string::arith_idiv,
    "std:string#__unm" => string::arith_unm,
    // table
    "std:table.concat" => table::concat,
    "std:table.insert" => table::insert,
    "std:table.move" => table::move_,
    "std:table.pack" => table::pack,
    "std:table.remove" => table::remove,
    "std:table.sort" => table::sort,
    "std:table.unpack" => table::unpack,
    // math
    "std:math.abs" => math::abs,
    "std:math.ceil" => math::ceil,
    "std:math.floor" => math::floor,
    "std:math.fmod" => math::fmod,
    "std:math.modf" => math::modf,
    "std:math.log" => math::log,
    "std:math.atan" => math::atan,
    "std:math.tointeger" => math::tointeger,
    "std:math.type" => math::math_type,
    "std:math.ult" => math::ult,
    "std:math.max" => math::max,
    "std:math.min" => math::min,
    "std:math.random" => math::random,
    "std:math.randomseed" => math::randomseed,
    "std:math.sqrt" => math::sqrt,
    "std:math.exp" => math::exp,
    "std:math.sin" => math::sin,
    "std:math.cos" => math::cos,
    "std:math.tan" => math::tan,
    "std:math.asin" => math::asin,
    "std:math.acos" => math::acos,
    "std:math.deg" => math::deg,
    "std:math.rad" => math::rad,
    // coroutine
    "std:coroutine.create" => coroutine::create,
    "std:coroutine.resume" => coroutine::resume,
    "std:coroutine.yield" => coroutine::yield_,
    "std:coroutine.status" => coroutine::status,
    "std:coroutine.wrap" => coroutine::wrap,
    "std:coroutine.wrap#call" => coroutine::wrapped,
    "std:coroutine.running" => coroutine::running,
    "std:coroutine.isyieldable" => coroutine::isyieldable,
    "std:coroutine.close" => coroutine::close,
    // utf8
    "std:utf8.char" => utf8::char,
    "std:utf8.codepoint" => utf8::codepoint,
    "std:utf8.len" => utf8::len,
    "std:utf8.offset" => utf8::offset,
    "std:utf8.codes" => utf8::codes,
    "std:utf8.codes#iterator" => utf8::iterate_strict,
    "std:utf8.codes#iterator_lax" => utf8::iterate_lax,
    // os (the safe subset)
    "std:os.clock" => os::clock,
    "std:os.time" => os::time,
    "std:os.date" => os::date,
    "std:os.difftime" => os::difftime,
    // debug (the safe subset)
    "std:debug.traceback" => debug::traceback,
    "std:debug.getinfo" => debug::getinfo,
    "std:debug.getmetatable" => debug::getmetatable,
    "std:debug.setmetatable" => debug::setmetatable,
    "std:debug.getregistry" => debug::getregistry,
    "std:debug.gethook" => debug::gethook,
    "std:debug.sethook" => debug::sethook,
    // package
    "std:require" => package::require_native,
    "std:package.searchpath" => package::searchpath,
    "std:package.searchers#preload" => package::search_preload,
    "std:package.searchers#file" => package::search_file,
}

/// The stand-in for a tag missing from the catalog (a bug: see
/// [`VmContext::create_builtin`]).
fn missing_builtin<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let _ = (call, ctx);
    Err(RuntimeError::Message(
        "standard library function missing from the catalog".to_owned(),
    ))
}

type NativeResult = Result<MultiValue, RuntimeError>;

/// Unwraps an allocation that can only fail when one object kind exceeds 2^32 - 1 live
/// objects (as `VmContext::create_function` does).
fn expect_capacity<T>(result: Result<T, RuntimeError>) -> T {
    result.unwrap_or_else(|error| {
        panic!("red_moon: {error}: a VM holds at most 2^32 - 1 objects of one kind")
    })
}

impl<S: Storage> VmContext<'_, S> {
    /// Creates the standard library's native `tag` (a tag of the catalog) closing over
    /// `upvalues`, with its tag set so a saved VM can restore it.
    ///
    /// A tag missing from the catalog is a programming error: debug builds panic, release
    /// builds create a function that raises an error when called.
    ///
    /// # Panics
    /// Only if this VM already holds 2^32 - 1 live functions (or, in debug builds, when `tag`
    /// is not in the catalog).
    pub(crate) fn create_builtin(
        &mut self,
        tag: &'static str,
        upvalues: impl IntoIterator<Item = Value>,
    ) -> FunctionRef {
        let callback = builtin::<S>(tag);
        debug_assert!(callback.is_some(), "builtin {tag:?} is not in the catalog");
        let callback = callback.unwrap_or_else(|| Shared::new(missing_builtin::<S>));
        let native = NativeFunction {
            callback,
            upvalues: upvalues.into_iter().collect(),
            tag: Some(Shared::from(tag)),
        };
        let function = expect_capacity(self.vm.heap.create_function(Function::Native(native)));
        self.hold(Value::Function(function));
        function
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpreter::Vm;
    use crate::value::TableRef;

    #[test]
    fn every_tag_resolves_and_tags_are_unique() {
        for tag in BUILTIN_TAGS {
            assert!(
                builtin::<crate::storage::PersistentStorage>(tag).is_some(),
                "{tag}"
            );
            assert!(tag.starts_with("std:"), "{tag}");
        }
        let mut sorted: Vec<&str> = BUILTIN_TAGS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), BUILTIN_TAGS.len(), "duplicate tags");
        for other in [
            "nope",
            "",
            "std:",
            "std:print ",
            "print",
            "std:string.gmatch#",
        ] {
            assert!(
                builtin::<crate::storage::PersistentStorage>(other).is_none(),
                "{other}"
            );
        }
    }

    /// The tag of `function` if it is a native; `Ok(None)` for a Lua function.
    fn native_tag<S: Storage>(
        ctx: &VmContext<'_, S>,
        function: FunctionRef,
    ) -> Result<Option<String>, String> {
        match ctx.vm.heap.function(function).map_err(|e| e.to_string())? {
            Function::Lua(_) => Ok(None),
            Function::Native(native) => match &native.tag {
                Some(tag) => Ok(Some(tag.to_string())),
                None => Err("a native without a tag".to_owned()),
            },
        }
    }

    /// Checks every function reachable from `roots` through tables (keys, values and
    /// metatables) and native upvalues: Lua functions, or natives whose tag is in the catalog.
    /// Returns the tags seen, sorted.
    fn check_reachable<S: Storage>(ctx: &VmContext<'_, S>, roots: Vec<Value>) -> Vec<String> {
        let mut seen_tables: Vec<TableRef> = Vec::new();
        let mut seen_functions: Vec<FunctionRef> = Vec::new();
        let mut tags = Vec::new();
        let mut pending = roots;
        while let Some(value) = pending.pop() {
            match value {
                Value::Table(t) => {
                    if seen_tables.contains(&t) {
                        continue;
                    }
                    seen_tables.push(t);
                    let table = ctx.vm.heap.table(t).expect("live table");
                    if let Some(meta) = table.metatable() {
                        pending.push(Value::Table(meta));
                    }
                    table.for_each_entry(|k, v| {
                        pending.push(k);
                        pending.push(v);
                    });
                }
                Value::Function(f) => {
                    if seen_functions.contains(&f) {
                        continue;
                    }
                    seen_functions.push(f);
                    let tag = native_tag(ctx, f).unwrap_or_else(|e| panic!("{e}"));
                    if let Some(tag) = tag {
                        assert!(
                            builtin::<S>(&tag).is_some(),
                            "tag {tag:?} is not in the catalog"
                        );
                        tags.push(tag);
                        if let Ok(Function::Native(native)) = ctx.vm.heap.function(f) {
                            pending.extend(native.upvalues.iter().copied());
                        }
                    }
                }
                _ => {}
            }
        }
        tags.sort();
        tags
    }

    #[test]
    fn every_library_native_is_tagged() {
        let mut vm = Vm::default();
        let ctx = &mut vm.context();
        ctx.open_standard_libraries();
        let mut roots = vec![Value::Table(ctx.vm.globals)];
        roots.extend(
            ctx.vm
                .type_metatables
                .iter()
                .flatten()
                .map(|&t| Value::Table(t)),
        );
        let tags = check_reachable(ctx, roots);
        // Every tag but the natives made at run time is reached from the globals.
        let runtime = ["std:string.gmatch#iterator", "std:coroutine.wrap#call"];
        let mut expected: Vec<String> = BUILTIN_TAGS
            .iter()
            .filter(|tag| !runtime.contains(tag))
            .map(|tag| (*tag).to_owned())
            .collect();
        expected.sort();
        assert_eq!(tags, expected);
    }

    #[test]
    fn natives_made_at_run_time_are_tagged() {
        let mut vm = Vm::default();
        let ctx = &mut vm.context();
        ctx.open_standard_libraries();
        let source = r#"
            local gm = string.gmatch("a b", "%a")
            local co = coroutine.wrap(function(x) coroutine.yield(x + 1) return x end)
            local ip_step, ip_t = ipairs({10, 20})
            local p_next = pairs({1})
            local u_strict = utf8.codes("ab")
            local u_lax = utf8.codes("ab", true)
            return gm, co, ip_step, p_next, u_strict, u_lax, gm(), co(1), ip_step(ip_t, 0)
        "#;
        let f = ctx.load(source, "=test").expect("compiles");
        let results = ctx.call_function(f, MultiValue::new()).expect("runs");
        let expected = [
            "std:string.gmatch#iterator",
            "std:coroutine.wrap#call",
            "std:ipairs#step",
            "std:next",
            "std:utf8.codes#iterator",
            "std:utf8.codes#iterator_lax",
        ];
        for (i, tag) in expected.iter().enumerate() {
            let Value::Function(function) = results.get(i) else {
                panic!("result {i} is not a function");
            };
            assert_eq!(native_tag(ctx, function).unwrap().as_deref(), Some(*tag));
        }
        // The natives still work: the first match, the first yield, the first element.
        let Value::String(a) = results.get(6) else {
            panic!("gmatch returned no match");
        };
        assert_eq!(ctx.vm.heap.string(a).unwrap().as_bytes(), b"a");
        assert!(matches!(results.get(7), Value::Integer(2)));
        assert!(matches!(results.get(8), Value::Integer(1)));
        assert!(matches!(results.get(9), Value::Integer(10)));
    }

    #[test]
    fn a_tag_missing_from_the_catalog_raises_an_error_in_release_builds() {
        let callback = builtin::<crate::storage::PersistentStorage>("std:print");
        assert!(callback.is_some());
        if cfg!(debug_assertions) {
            return;
        }
        let mut vm = Vm::default();
        let ctx = &mut vm.context();
        let f = ctx.create_builtin("std:no such function", []);
        assert_eq!(
            native_tag(ctx, f).unwrap().as_deref(),
            Some("std:no such function")
        );
        let error = ctx.call_function(f, MultiValue::new()).unwrap_err();
        assert!(
            error.to_string().contains("missing from the catalog"),
            "{error}"
        );
    }
}
