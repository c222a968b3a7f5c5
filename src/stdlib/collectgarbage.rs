//! `collectgarbage`: lua5.4's options, argument checks and results, on the VM's collector
//! (`crate::gc`).

use super::args::opt_integer;
use super::base::{NativeResult, arg_error, one};
use crate::gc::{GcAnswer, GcOption};
use crate::interpreter::{CallContext, Value, VmContext};
use crate::storage::Storage;

const NAME: &str = "collectgarbage";

/// `collectgarbage([opt [, ...]])`. Inside a finalizer every option answers `fail` (nil), as
/// in lua5.4.4.
pub(crate) fn collectgarbage<S: Storage>(
    call: CallContext,
    ctx: &mut VmContext<'_, S>,
) -> NativeResult {
    let args = call.args();
    let option = super::base::opt_bytes(ctx, args, 1, NAME, Some(b"collect"))?;
    // lua5.4 reads the numeric arguments as C `int`s.
    let int = |ctx: &VmContext<'_, S>, n: usize| -> Result<i64, crate::errors::RuntimeError> {
        opt_integer(ctx, args, n, NAME, 0).map(|v| i64::from(v as i32))
    };
    let end = option.iter().position(|&b| b == 0).unwrap_or(option.len());
    let option = match &option[..end] {
        b"collect" => GcOption::Collect,
        b"stop" => GcOption::Stop,
        b"restart" => GcOption::Restart,
        b"count" => GcOption::Count,
        b"step" => GcOption::Step(int(ctx, 2)?),
        b"isrunning" => GcOption::IsRunning,
        b"generational" => {
            int(ctx, 2)?;
            int(ctx, 3)?;
            GcOption::Generational
        }
        b"incremental" => GcOption::Incremental {
            pause: int(ctx, 2)?,
            step_multiplier: int(ctx, 3)?,
            step_size: int(ctx, 4)?,
        },
        b"setpause" => GcOption::SetPause(int(ctx, 2)?),
        b"setstepmul" => GcOption::SetStepMultiplier(int(ctx, 2)?),
        other => {
            let text = format!("invalid option '{}'", String::from_utf8_lossy(other));
            return Err(arg_error(1, NAME, &text));
        }
    };
    Ok(match ctx.collector_option(option) {
        GcAnswer::Zero => one(Value::Integer(0)),
        GcAnswer::Kilobytes(k) => one(Value::Float(k)),
        GcAnswer::Bool(b) => one(Value::Bool(b)),
        GcAnswer::Mode(mode) => {
            let mode = ctx.create_string(mode);
            one(Value::String(mode))
        }
        GcAnswer::Previous(value) => one(Value::Integer(value)),
        GcAnswer::Refused => one(Value::Nil),
    })
}
