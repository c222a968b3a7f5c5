-- An uncaught runtime error deep in a call chain: the stand-alone
-- interpreter prints the message and a traceback naming each function
-- (global, local, method, field, upvalue) and exits with status 1.
print("before the error")

local Obj = {}
function Obj:method(t)
  return t.missing.field      -- line 8: error here
end

local function helper(t)
  return Obj:method(t) + 1    -- not a tail call
end

local M = {}
function M.run(t)
  local r = helper(t)
  return r
end

function global_entry()
  local v = M.run({})
  return v
end

global_entry()
print("never printed")
