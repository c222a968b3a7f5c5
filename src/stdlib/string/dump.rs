//! `string.dump(f [, strip])`: a Lua function's prototype as a binary chunk
//! ([`dump_chunk`](crate::bytecode::dump_chunk); `load` accepts it back).

use super::super::base::{NativeResult, located_error, one, type_error};
use crate::interpreter::{CallContext, Value, VmContext};
use crate::stdlib::args::set_field;
use crate::storage::Storage;
use crate::value::TableRef;

pub(crate) fn dump<S: Storage>(call: CallContext, ctx: &mut VmContext<'_, S>) -> NativeResult {
    let args = call.args();
    let Value::Function(function) = args.get(0) else {
        return Err(type_error(ctx, args, 1, "string.dump", "function"));
    };
    let strip = args.get(1).is_truthy();
    let Some(proto) = ctx.lua_proto(function)? else {
        return Err(located_error(ctx, b"unable to dump given function"));
    };
    let chunk = crate::bytecode::dump_chunk(&proto, strip);
    crate::stdlib::args::check_size(chunk.len())?;
    Ok(one(Value::String(ctx.create_string(chunk))))
}

pub(crate) fn register<S: Storage>(ctx: &mut VmContext<'_, S>, table: TableRef) {
    let f = ctx.create_builtin("std:string.dump", []);
    set_field(ctx, table, "dump", Value::Function(f));
}
