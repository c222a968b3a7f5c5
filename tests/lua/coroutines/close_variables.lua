-- To-be-closed variables inside coroutines: closed on return, not while the
-- coroutine is merely suspended, and after an error only by coroutine.close.
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(_, e) log[#log + 1] = name .. "(" .. tostring(e) .. ")" end})
end

local co = coroutine.wrap(function()
  local a <close> = closer("a")
  coroutine.yield("yielded")
  return "returned"
end)
print(co(), "log:", table.concat(log, " "))
print(co(), "log:", table.concat(log, " "))
log = {}

-- error inside the coroutine closes with the error
local ce = coroutine.create(function()
  local b <close> = closer("b")
  coroutine.yield()
  error("oops", 0)
end)
coroutine.resume(ce)
print("resume error", coroutine.resume(ce))
-- the variable is closed only when the dead coroutine is closed
print("log after error", table.concat(log, " "))
print("close", coroutine.close(ce))
print("log after close", table.concat(log, " "))
log = {}

-- a __close may yield in 5.4
local cy = coroutine.create(function()
  local c <close> = setmetatable({}, {__close = function()
    log[#log + 1] = "closing"
    coroutine.yield("yield in close")
    log[#log + 1] = "closed"
  end})
  return "body done"
end)
print("1", coroutine.resume(cy))
print("2", coroutine.resume(cy))
print("log", table.concat(log, " "))
log = {}

-- generic for with a closing value inside a coroutine that is closed early
local gen = coroutine.create(function()
  for i in function(_, c) c = (c or 0) + 1 if c <= 3 then return c end end, nil, nil, closer("iter") do
    coroutine.yield(i)
  end
end)
print("gen", coroutine.resume(gen))
print("close gen", coroutine.close(gen))
print("log", table.concat(log, " "))
