//! Exercising an untrusted saved state, shared by `tests/hostile_states.rs` and the
//! `saved_state` fuzz target (included there by path).
//!
//! Any bytes must give an error or a VM. A VM that decodes must save to bytes that load and
//! save again identically, and using it (resuming its coroutines, calling its functions,
//! stepping its collector) must only ever fail with Lua errors: a panic is a bug, and so is an
//! internal `corrupted VM state` error (the validator let an impossible state through); both
//! are reported to the caller, who decides what to assert.
//!
//! There is no instruction limit yet, so a count hook is the budget: after `budget`
//! instructions it raises `budget` and switches to raising at every instruction, so that no
//! `pcall` loop in the state can swallow it for long. Finalizers run without hooks, so the
//! collector is stopped before anything runs (explicit `collectgarbage("step")` calls still
//! run it, and a finalizer that never ends would hang: a known limitation, issue 8).

use red_moon::errors::RuntimeError;
use red_moon::interpreter::{FunctionRef, Vm};

/// What became of one input.
#[derive(Debug)]
#[allow(dead_code)] // Each user reads a different part.
pub enum Outcome {
    /// Refused at load; the `Debug` form of the error (`Invalid("...")`, `Malformed(...)`).
    Refused(String),
    /// Loaded, round-tripped and exercised.
    Loaded {
        /// Functions and coroutines run.
        targets: usize,
        /// `corrupted VM state` errors seen (from Rust calls, or caught by the runner's
        /// `pcall`s): the state was accepted but the VM found it inconsistent.
        corrupt: usize,
        /// `invalid ... reference (collected, or from another VM)` errors seen: a value in
        /// the state names an object by a stale `(id, generation)` (the decoder checks ids,
        /// not generations; the VM refuses such references with that catchable error).
        dangling: usize,
    },
}

impl Outcome {
    /// Whether the state was refused as invalid (decoded as CBOR but impossible).
    #[allow(dead_code)]
    pub fn is_invalid(&self) -> bool {
        matches!(self, Outcome::Refused(e) if e.starts_with("Invalid("))
    }
}

/// Finds the coroutines and functions reachable from the globals, the registry and the
/// metatables (breadth first, depth- and count-limited, without metamethods), and returns
/// `count, run_one, finish, clear_hook`.
const RUNNER: &str = r#"
local budget, max_threads, max_functions = ...
local next, type, pcall, error = next, type, pcall, error
local sethook, getmetatable, getregistry = debug.sethook, debug.getmetatable, debug.getregistry
local resume, collect, find = coroutine.resume, collectgarbage, string.find
collect("stop")
local threads, functions, seen = {}, {}, {}
local corrupt, dangling = 0, 0
local queue, depth, head, tail = {_ENV, getregistry()}, {0, 0}, 1, 2
local d = 0
local function note(ok, message)
  if not ok and type(message) == "string" then
    if find(message, "corrupted VM state", 1, true) then
      corrupt = corrupt + 1
    elseif find(message, "reference (collected, or from another VM)", 1, true) then
      dangling = dangling + 1
    end
  end
end
local function visit(v)
  local tv = type(v)
  if tv == "nil" or seen[v] then return end
  if tv == "thread" then
    if #threads < max_threads then threads[#threads + 1] = v end
    seen[v] = true
  elseif tv == "function" then
    if #functions < max_functions then functions[#functions + 1] = v end
    seen[v] = true
  elseif tv == "table" and d < 6 and tail < 400 then
    tail = tail + 1
    queue[tail], depth[tail] = v, d + 1
    seen[v] = true
  elseif tv == "userdata" then
    seen[v] = true
    visit(getmetatable(v))
  end
end
local function walk()
  visit(getmetatable(""))
  visit(getmetatable(0))
  visit(getmetatable(print))
  while head <= tail do
    local t = queue[head]
    d = depth[head]
    head = head + 1
    visit(getmetatable(t))
    local k, v = next(t)
    local entries = 0
    while k ~= nil and entries < 1000 do
      visit(k)
      visit(v)
      entries = entries + 1
      k, v = next(t, k)
    end
  end
end
note(pcall(walk))
local function arm()
  sethook(function()
    sethook(function() error("budget") end, "", 1)
    error("budget")
  end, "", budget)
end
local count = #threads + #functions
local function run_one(i)
  arm()
  if i <= #threads then
    local co = threads[i]
    for j = 1, 3 do
      note(resume(co, j, "x", {}))
    end
  else
    local f = functions[i - #threads]
    note(pcall(f))
    note(pcall(f, 1, "x", {}))
  end
  note(pcall(collect, "step"))
  sethook()
end
local function finish()
  arm()
  for _ = 1, 3 do note(pcall(collect, "step")) end
  sethook()
  return corrupt, dangling
end
return count, run_one, finish, sethook
"#;

/// Adds an internal error from a Rust call to the counts `(corrupt, dangling)`.
fn count(result: &Result<impl Sized, RuntimeError>, counts: &mut (usize, usize)) {
    match result {
        Err(RuntimeError::CorruptHeap) => counts.0 += 1,
        Err(RuntimeError::InvalidReference { .. }) => counts.1 += 1,
        _ => {}
    }
}

/// Loads `bytes`; if they give a VM, checks its round trip and exercises it (see the module
/// documentation). `budget` is the count hook period; at most `max_threads` coroutines and
/// `max_functions` functions are run.
///
/// # Panics
/// When the loaded VM cannot be saved, or its saved form does not load or re-encodes
/// differently: a bug in the serializer.
pub fn exercise(bytes: &[u8], budget: u32, max_threads: u32, max_functions: u32) -> Outcome {
    let mut vm = match Vm::from_cbor(bytes) {
        Ok(vm) => vm,
        Err(error) => return Outcome::Refused(format!("{error:?}")),
    };
    let saved = vm.to_cbor().expect("a loaded VM saves");
    let reloaded = Vm::from_cbor(&saved).expect("a saved VM loads");
    assert!(
        reloaded.to_cbor().expect("a reloaded VM saves") == saved,
        "re-encoding a loaded state differs"
    );
    drop(reloaded);

    let ctx = &mut vm.context();
    ctx.set_print_sink(|_| {});
    ctx.set_warn_sink(|_| {});
    ctx.open_standard_libraries();
    let runner = ctx.load(RUNNER, "=exercise").expect("the runner compiles");
    let result = runner.call::<_, (i64, FunctionRef, FunctionRef, FunctionRef)>(
        (budget, max_threads, max_functions),
        ctx,
    );
    let mut counts = (0, 0);
    count(&result, &mut counts);
    let Ok((targets, run_one, finish, clear)) = result else {
        return Outcome::Loaded {
            targets: 0,
            corrupt: counts.0,
            dangling: counts.1,
        };
    };
    for i in 1..=targets {
        let result = run_one.call::<_, ()>(i, ctx);
        count(&result, &mut counts);
        // After a `budget` error the hook raises at every instruction: remove it (a native
        // call from Rust runs no instruction).
        count(&clear.call::<_, ()>((), ctx), &mut counts);
    }
    let result = finish.call::<_, (i64, i64)>((), ctx);
    count(&result, &mut counts);
    count(&clear.call::<_, ()>((), ctx), &mut counts);
    if let Ok((corrupt, dangling)) = result {
        counts.0 += usize::try_from(corrupt).unwrap_or(0);
        counts.1 += usize::try_from(dangling).unwrap_or(0);
    }
    Outcome::Loaded {
        targets: usize::try_from(targets).unwrap_or(0),
        corrupt: counts.0,
        dangling: counts.1,
    }
}
