-- coroutine.close: closes pending to-be-closed variables of a suspended
-- coroutine; returns true, or false plus the error for a failed coroutine.
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(_, err)
    log[#log + 1] = name .. ":" .. tostring(err)
  end})
end

local co = coroutine.create(function()
  local a <close> = closer("a")
  local b <close> = closer("b")
  coroutine.yield("suspended")
  log[#log + 1] = "never"
end)
print(coroutine.resume(co))
print("close", coroutine.close(co))
print("log", table.concat(log, " "))
print("status", coroutine.status(co))
print("resume closed", coroutine.resume(co))
log = {}

-- closing a fresh or finished coroutine
print("close fresh", coroutine.close(coroutine.create(print)))
local done = coroutine.create(function() return 1 end)
coroutine.resume(done)
print("close done", coroutine.close(done))

-- closing a coroutine that died with an error returns the error (once)
local failed = coroutine.create(function()
  local c <close> = closer("c")
  error("died", 0)
end)
print("resume failed", coroutine.resume(failed))
-- the dead coroutine's stack is not unwound yet: 'c' is still pending
print("log after resume", table.concat(log, " "))
print("close failed", coroutine.close(failed))
print("log after close", table.concat(log, " "))
print("close failed again", coroutine.close(failed))
log = {}

-- an error in __close while closing is returned by close
local bad = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function() error("close error", 0) end})
  local y <close> = closer("y")
  coroutine.yield()
end)
coroutine.resume(bad)
print("close with error", coroutine.close(bad))
print("log", table.concat(log, " "))
print("status", coroutine.status(bad))

-- closing the running coroutine or a normal one is an error
print(pcall(coroutine.close, coroutine.running()))
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function() return pcall(coroutine.close, outer) end)
  return coroutine.resume(inner)
end)
print("close normal", coroutine.resume(outer))
local selfclose = coroutine.create(function() return pcall(coroutine.close, coroutine.running()) end)
print("close self", coroutine.resume(selfclose))
