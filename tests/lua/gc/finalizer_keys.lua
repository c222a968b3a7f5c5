-- Finalizable objects used as keys of weak-key tables: the entry survives the
-- collection that calls the finalizer (the finalizer can look itself up and
-- read the value), and is removed by the next collection. A value that refers
-- to its key does not keep the key alive. Finalizable objects as weak values
-- are removed before their finalizer runs.
-- The collector is stopped so that only explicit collections run.
collectgarbage("stop")
collectgarbage()  -- finish any cycle in progress
local function count(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end
local log = {}
local function flush(label)
  print(label, table.concat(log, " "))
  log = {}
end

local attrs = setmetatable({}, {__mode = "k"})
local mt = {__gc = function(o)
  local a = attrs[o]
  log[#log + 1] = o.name .. "=" .. (a and a.color or "none")
end}

local function make(n)
  local all = {}
  for i = 1, n do
    local o = setmetatable({name = "o" .. i}, mt)
    attrs[o] = {color = "c" .. i, owner = o}
    all[i] = o
  end
  return all
end

local objects = make(4)
collectgarbage()
print("all alive", count(attrs))
flush("no finalizer yet")
objects[2], objects[4] = nil, nil
collectgarbage()
flush("finalized")
print("entries right after finalization", count(attrs))
collectgarbage()
print("entries one collection later", count(attrs))
objects = nil
collectgarbage()
flush("rest finalized")
collectgarbage()
print("entries at the end", count(attrs))

-- the same object as key in two weak-key tables and a value in a weak-value
-- table
local names = setmetatable({}, {__mode = "k"})
local by_name = setmetatable({}, {__mode = "v"})
local inside
local function make_named()
  local o = setmetatable({}, {__gc = function(self)
    inside = tostring(names[self]) .. "/" .. tostring(by_name.x) .. "/" .. tostring(attrs[self] ~= nil)
  end})
  names[o] = "x"
  by_name.x = o
  attrs[o] = {color = "blue", owner = o}
end
make_named()
collectgarbage()
print("inside finalizer", inside)
print("after first", count(names), count(by_name), count(attrs))
collectgarbage()
print("after second", count(names), count(by_name), count(attrs))
collectgarbage("restart")
