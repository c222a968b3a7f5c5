-- Coroutines and the collector: a suspended coroutine keeps the objects on
-- its stack (locals, pending arguments, upvalues) alive while it is
-- reachable; an unreachable suspended or dead coroutine is collected with
-- everything only it referenced (finalizers of those objects run); the
-- running coroutine and its callers are never collected; collections can be
-- requested from inside a coroutine.
local function count(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end
local probe = setmetatable({}, {__mode = "v"})
local log = {}

local function make_suspended()
  local co = coroutine.create(function(arg)
    local on_stack = {name = "local"}
    probe.on_stack = on_stack
    local fin = setmetatable({}, {__gc = function() log[#log + 1] = "stack object finalized" end})
    local got = coroutine.yield(arg)
    return on_stack, fin, got
  end)
  local arg = {name = "argument"}
  probe.arg = arg
  coroutine.resume(co, arg)
  probe.co = co
  return co
end

local co = make_suspended()
collectgarbage()
print("suspended, referenced", count(probe), coroutine.status(co), #log)
co = nil
collectgarbage()
print("suspended, dropped", count(probe), table.concat(log, " "))
log = {}

-- a dead coroutine no longer holds its locals, even while referenced
local function make_dead()
  local c = coroutine.create(function()
    local x = {name = "dead local"}
    probe.dead_local = x
    return "done"
  end)
  coroutine.resume(c)
  return c
end
local dead = make_dead()
collectgarbage()
print("dead coroutine", coroutine.status(dead), "local gone", probe.dead_local == nil)
dead = nil

-- a coroutine that died with an error: once closed (and collected), its
-- locals are gone
local function make_failed()
  local c = coroutine.create(function()
    local x = {name = "failed local"}
    probe.failed_local = x
    error("failure")
  end)
  coroutine.resume(c)
  return c
end
local failed = make_failed()
print("failed coroutine", coroutine.status(failed))
print("close", coroutine.close(failed))
collectgarbage()
print("after close, local gone", probe.failed_local == nil)
failed = nil

-- a collection requested inside a coroutine: the running coroutine, the
-- objects on its stack and on its resumer's stack survive
local function inside()
  local outer_obj = {name = "outer"}
  probe.outer_obj = outer_obj
  local c = coroutine.wrap(function()
    local inner_obj = {name = "inner"}
    probe.inner_obj = inner_obj
    probe.self = coroutine.running()
    local r = collectgarbage()
    coroutine.yield(r, probe.inner_obj == inner_obj, probe.outer_obj == outer_obj)
    -- garbage produced inside the coroutine is collected by a collection
    -- requested from the coroutine itself
    local function drop() probe.inner_garbage = {} end
    drop()
    collectgarbage()
    return probe.inner_garbage == nil
  end)
  print("collect inside coroutine", c())
  print("inner garbage gone", c())
end
inside()
collectgarbage()
print("after inside, gone", probe.outer_obj == nil, probe.inner_obj == nil, probe.self == nil)

-- a wrapped generator abandoned midway is collected, with its upvalues
local function generator()
  local up = {name = "upvalue"}
  probe.upvalue = up
  local gen = coroutine.wrap(function()
    for i = 1, 10 do coroutine.yield(i, up) end
  end)
  gen()
  gen()
  return gen
end
local g = generator()
collectgarbage()
local function resume_once() local i = g() return i end
print("generator referenced", probe.upvalue ~= nil, resume_once())
g = nil
collectgarbage()
print("generator dropped, upvalue gone", probe.upvalue == nil)

-- coroutines referencing each other (a cycle through their stacks)
local function pair()
  local a, b
  a = coroutine.create(function() local other = b coroutine.yield() end)
  b = coroutine.create(function() local other = a coroutine.yield() end)
  coroutine.resume(a)
  coroutine.resume(b)
  probe.pair_a, probe.pair_b = a, b
end
pair()
collectgarbage()
print("coroutine pair gone", probe.pair_a == nil, probe.pair_b == nil)

-- an object that is the only reference to a suspended coroutine, with a
-- finalizer: the coroutine is still intact during the finalizer
local status
local function owner()
  local c = coroutine.create(function() coroutine.yield() end)
  coroutine.resume(c)
  local o = setmetatable({co = c}, {__gc = function(self)
    status = coroutine.status(self.co) .. "," .. tostring(coroutine.resume(self.co))
  end})
end
owner()
collectgarbage()
print("coroutine in finalizer", status)
print("remaining", count(probe))
