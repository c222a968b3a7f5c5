-- coroutine.wrap: a function that resumes; errors propagate to the caller.
local gen = coroutine.wrap(function(a)
  local b = coroutine.yield(a * 2)
  local c = coroutine.yield(b + 1)
  return "end", c
end)
print("wrap 1", gen(5))
print("wrap 2", gen(10))
print("wrap 3", gen("c"))

-- calling a finished wrap raises an error
print("dead", pcall(gen))
local function call_dead() return gen() end
print("dead from Lua", pcall(call_dead))

-- errors inside the wrapped function propagate; string errors get the
-- position of the caller prepended when called from a Lua function
local failing = coroutine.wrap(function() error("inner failure") end)
local function call_failing()
  return failing()            -- line 20 (a tail call to a C function keeps this frame)
end
print("error from Lua", pcall(call_failing))
local failing2 = coroutine.wrap(function() error("direct") end)
print("error via pcall", pcall(failing2))
local failing3 = coroutine.wrap(function() error({code = 7}) end)
local ok, e = pcall(function() return failing3() end)
print("table error", ok, type(e), e.code)
local failing4 = coroutine.wrap(function() error("no position", 0) end)
-- the caller position is prepended even to a level-0 message
print("level 0", pcall(function() local r = failing4() return r end))

-- wrap used as an iterator
local function range(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i, i * i) end
  end)
end
for i, sq in range(4) do print("range", i, sq) end

-- wrap inside wrap
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function() coroutine.yield("inner 1") coroutine.yield("inner 2") end)
  coroutine.yield(inner())
  coroutine.yield(inner())
  coroutine.yield("outer done")
end)
print("nested", outer(), outer(), outer())
