-- Resurrection: a finalizer that stores its object somewhere reachable brings
-- it back; the object and everything it references stay usable, its finalizer
-- is not called again when it dies a second time, unless setmetatable marks it
-- again. The collector is stopped so that only explicit collections run.
collectgarbage("stop")
collectgarbage()  -- finish any cycle in progress
local log = {}
local function flush(label)
  print(label, table.concat(log, " "))
  log = {}
end

local mt = {}
mt.__gc = function(o)
  log[#log + 1] = "gc " .. o.name
  saved = o
end

local function make()
  local child = {value = 99}
  local o = setmetatable({name = "obj", child = child, list = {1, 2, 3}}, mt)
  child.parent = o
end
make()
collectgarbage()
flush("first collection")
print("resurrected", saved ~= nil, saved.name, saved.child.value, #saved.list,
  saved.child.parent == saved, getmetatable(saved) == mt)
saved.list[4] = 4
print("usable", #saved.list)

-- dying again: the finalizer has already run, so it is not called again
saved = nil
collectgarbage()
flush("second death")
print("saved is nil", saved == nil)

-- re-marking with setmetatable makes the finalizer run again
local function make2()
  local o = setmetatable({name = "again"}, mt)
end
make2()
collectgarbage()
flush("collect 1")
local function remark()
  local o = saved
  saved = nil
  setmetatable(o, mt)
end
remark()
collectgarbage()
flush("after re-marking")
saved = nil
collectgarbage()
flush("not re-marked")

-- a weak-value table observing the object: the entry disappears when the
-- object is finalized, even though the object is resurrected
local wv = setmetatable({}, {__mode = "v"})
local function observed()
  local o = setmetatable({name = "observed"}, mt)
  wv[1] = o
end
observed()
collectgarbage()
flush("observed")
print("weak value cleared", wv[1] == nil, saved and saved.name)
saved = nil

-- a finalizer that resurrects into a table held by an upvalue, many objects
local graveyard = {}
local mt2 = {__gc = function(o) graveyard[#graveyard + 1] = o end}
local function many()
  local all = {}
  for i = 1, 20 do all[i] = setmetatable({id = i}, mt2) end
end
many()
collectgarbage()
local ids = {}
for i, g in ipairs(graveyard) do ids[i] = g.id end
print("graveyard", #graveyard, table.concat(ids, " "))
graveyard = {}
collectgarbage()
print("graveyard after", #graveyard)

-- a finalizer that resurrects a different object (one it references)
local rescued
local function rescue()
  local inner = {name = "inner", data = {"a", "b"}}
  local outer = setmetatable({inner = inner}, {__gc = function(o) rescued = o.inner end})
end
rescue()
collectgarbage()
print("rescued", rescued.name, table.concat(rescued.data, ","))
collectgarbage("restart")
print("running", collectgarbage("isrunning"))
