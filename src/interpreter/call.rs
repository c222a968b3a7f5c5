//! Calling functions: `FunctionRef::call` and the context a Rust function receives.

use super::{FromMulti, IntoMulti, MultiValue, Value, VmContext};
use crate::errors::RuntimeError;
use crate::storage::Storage;
use crate::value::FunctionRef;

/// What a Rust function receives when called: the function itself and its arguments.
#[derive(Clone, Debug)]
pub struct CallContext {
    function: FunctionRef,
    args: MultiValue,
}

impl CallContext {
    pub(crate) fn new(function: FunctionRef, args: MultiValue) -> Self {
        Self { function, args }
    }

    /// The function being called.
    pub fn function(&self) -> FunctionRef {
        self.function
    }

    /// The raw arguments.
    pub fn args(&self) -> &MultiValue {
        &self.args
    }

    /// Upvalue `index` (0-based) of the function, given to
    /// [`VmContext::create_function_with_upvalues`]; nil when there is none.
    pub fn upvalue(&self, index: usize, ctx: &VmContext<'_, impl Storage>) -> Value {
        match ctx.vm.heap.function(self.function) {
            Ok(crate::heap::Function::Native(native)) => {
                native.upvalues.get(index).copied().unwrap_or_default()
            }
            _ => Value::Nil,
        }
    }

    /// The arguments converted to `A` (a tuple, a single value, `MultiValue`, ...). A value
    /// that does not convert gives lua5.4's `bad argument #N to 'NAME' (number expected, got
    /// string)`, named after the call site when Lua made the call.
    pub fn get_args<A: FromMulti>(
        &self,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<A, RuntimeError> {
        A::from_args(self.args.clone(), ctx)
    }

    /// Converts `values` into the function's results.
    pub fn return_values<R: IntoMulti>(
        self,
        values: R,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<MultiValue, RuntimeError> {
        values.into_multi(ctx)
    }
}

impl FunctionRef {
    /// Calls the function with `args` and converts its results to `R`.
    ///
    /// Nested calls through Rust deeper than lua5.4's limit (200) fail with `C stack overflow`.
    pub fn call<A: IntoMulti, R: FromMulti>(
        &self,
        args: A,
        ctx: &mut VmContext<'_, impl Storage>,
    ) -> Result<R, RuntimeError> {
        let args = args.into_multi(ctx)?;
        let results = ctx.call_function(*self, args)?;
        for value in results.iter() {
            ctx.hold(*value);
        }
        R::from_multi(results, ctx)
    }
}
