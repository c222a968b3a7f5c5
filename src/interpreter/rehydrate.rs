//! Tagging Rust functions so a serialized VM can get them back (`FunctionRef::rehydrate`).
//!
//! A Rust closure cannot be serialized: a saved VM writes each Rust function's tag instead,
//! and a loaded VM holds placeholders until the host attaches the implementations again by
//! running the same registration code.

use super::VmContext;
use crate::errors::RuntimeError;
use crate::heap::Function;
use crate::shared::Shared;
use crate::storage::Storage;
use crate::value::FunctionRef;

impl FunctionRef {
    /// Tags this Rust function with `tag`. When the VM already holds other functions with
    /// that tag — in a VM loaded from a saved state, the placeholders of the functions saved
    /// under it — they all get this function's implementation, and the result is `true`
    /// ("rehydrating": the host should not redo its setup, the scripts may have changed
    /// it). Otherwise the result is `false` (first run).
    ///
    /// Tagging a Lua function is an error: only Rust functions need rehydration.
    pub fn rehydrate(
        &self,
        tag: &str,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<bool, RuntimeError> {
        let callback = match ctx.vm.heap.function(*self)? {
            Function::Native(native) => Shared::clone(&native.callback),
            Function::Lua(_) => {
                return Err(RuntimeError::Message(
                    "only Rust functions can be rehydrated".to_owned(),
                ));
            }
        };
        let tag: Shared<str> = Shared::from(tag);
        let functions = &mut ctx.vm.heap.functions;
        let tagged: Vec<u32> = functions
            .iter()
            .filter(|&(id, _, function)| {
                id != self.0
                    && matches!(function, Function::Native(native)
                        if native.tag.as_deref() == Some(&*tag))
            })
            .map(|(id, _, _)| id)
            .collect();
        for &id in &tagged {
            if let Some(Function::Native(native)) = functions.get_mut_by_id(id) {
                native.callback = Shared::clone(&callback);
            }
        }
        if let Some(Function::Native(native)) = functions.get_mut(self.0, self.1) {
            native.tag = Some(tag);
        }
        Ok(!tagged.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use crate::interpreter::{FunctionRef, Vm};

    #[test]
    fn first_run_tags_later_runs_replace_the_tagged_implementations() {
        let mut vm = Vm::default();
        let ctx = &mut vm.context();
        let first = ctx.create_function(|call, ctx| call.return_values(1, ctx));
        assert!(!first.rehydrate("answer", ctx).unwrap());
        ctx.default_environment().set("f", first, ctx).unwrap();
        let second = ctx.create_function(|call, ctx| call.return_values(2, ctx));
        assert!(second.rehydrate("answer", ctx).unwrap());
        let f: FunctionRef = ctx.default_environment().get("f", ctx).unwrap();
        assert_eq!(f, first);
        assert_eq!(f.call::<_, i64>((), ctx).unwrap(), 2);
        let lua = ctx.load("return 1", "=lua").unwrap();
        assert!(lua.rehydrate("answer", ctx).is_err());
    }
}
