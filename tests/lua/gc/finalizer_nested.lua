-- Finalizers that allocate: objects created (and marked) inside a finalizer
-- are not part of the cycle that is finishing; once unreachable they are
-- finalized by the next collection. A finalizer can re-register its own kind
-- of object (a chain of generations) and can touch other finalizable objects.
-- The collector is stopped so that only explicit collections run.
collectgarbage("stop")
collectgarbage()  -- finish any cycle in progress
local log = {}
local function flush(label)
  print(label, table.concat(log, " "))
  log = {}
end

-- each finalizer creates and drops the next generation
local generation_mt = {}
generation_mt.__gc = function(o)
  log[#log + 1] = "gen" .. o.n
  if o.n < 4 then setmetatable({n = o.n + 1}, generation_mt) end
end
local function start() local o = setmetatable({n = 1}, generation_mt) end
start()
for i = 1, 5 do
  collectgarbage()
  flush("collection " .. i)
end

-- a finalizer that creates an object it keeps: finalized only when released
local kept
local function creator()
  local o = setmetatable({}, {__gc = function()
    log[#log + 1] = "creator"
    kept = setmetatable({}, {__gc = function() log[#log + 1] = "created" end})
  end})
end
creator()
collectgarbage()
flush("creator ran")
collectgarbage()
flush("created still referenced")
kept = nil
collectgarbage()
flush("created released")

-- a finalizer creating many short-lived tables (no finalizers)
local total = 0
local function allocator()
  local o = setmetatable({}, {__gc = function()
    for i = 1, 1000 do
      local t = {i, i + 1}
      total = total + t[2] - t[1]
    end
    log[#log + 1] = "allocated"
  end})
end
allocator()
collectgarbage()
flush("allocating finalizer")
print("total", total)

-- a finalizer that calls functions of another finalizable object which is
-- being finalized in the same cycle (both are still intact)
local function pair()
  local helper = setmetatable({name = "helper"}, {__gc = function(h) log[#log + 1] = "helper gc" end})
  helper.describe = function() return "helper ok" end
  local user = setmetatable({helper = helper}, {__gc = function(u)
    log[#log + 1] = u.helper.describe()
  end})
end
pair()
collectgarbage()
flush("pair")

-- a finalizer that starts and resumes a coroutine
local function with_coroutine()
  local o = setmetatable({}, {__gc = function()
    local co = coroutine.wrap(function(a)
      local b = coroutine.yield(a + 1)
      return a + b
    end)
    log[#log + 1] = tostring(co(1)) .. "," .. tostring(co(10))
  end})
end
with_coroutine()
collectgarbage()
flush("coroutine in finalizer")
collectgarbage("restart")
