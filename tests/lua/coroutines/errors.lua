-- Errors inside coroutines: resume returns false plus the error value.
local co = coroutine.create(function()
  local x = nil
  return x.field
end)
print("runtime", coroutine.resume(co))
print("status", coroutine.status(co))

local t = {}
local co2 = coroutine.create(function() error(t) end)
local ok, e = coroutine.resume(co2)
print("table error", ok, e == t)

local co3 = coroutine.create(function() coroutine.yield(1) error("after yield") end)
print("first", coroutine.resume(co3))
print("second", coroutine.resume(co3))

-- errors with levels inside coroutines
local co4 = coroutine.create(function()
  local function check() error("level 2 error", 2) end
  check()                     -- line 21
end)
print("level 2", coroutine.resume(co4))

-- argument errors of the coroutine library
print(pcall(function() coroutine.resume(42) end))
print(pcall(function() coroutine.create("f") end))
print(pcall(function() coroutine.status(nil) end))
print(pcall(function() coroutine.wrap(nil) end))

-- calling a non-function inside a coroutine
local co5 = coroutine.create(function() local f; f() end)
print("call nil", coroutine.resume(co5))

-- the coroutine body itself may be a C function
local co6 = coroutine.create(print)
print("C body", coroutine.resume(co6, "printed by C body"))
local co7 = coroutine.create(error)
print("C error body", coroutine.resume(co7, "C error", 0))
