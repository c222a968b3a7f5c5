-- __gc finalizers run after a full collection for every unreachable object
-- that was marked for finalization (setmetatable with a __gc field), in the
-- reverse order of marking, among the objects collected in that cycle. The
-- finalizer receives the object itself. Finalizers only append to a log.
-- The collector is stopped (after finishing any cycle in progress) so that
-- only explicit collections run: with automatic steps, an object marked
-- while still alive survives the cycle in progress, so objects dropped
-- together could be finalized in different cycles.
collectgarbage("stop")
collectgarbage()
local log = {}
local function flush(label)
  print(label, table.concat(log, " "))
  log = {}
end

local mt = {__gc = function(o) log[#log + 1] = o.name end}

-- every helper keeps its objects alive until it returns, so that all of them
-- become unreachable at the same moment (no automatic cycle can separate them)
local function make(names)
  local all = {}
  for i, name in ipairs(names) do all[i] = setmetatable({name = name}, mt) end
end
make({"a", "b", "c", "d", "e"})
print("collect", collectgarbage())
flush("reverse order")

-- marking order, not creation order, decides
local function make_out_of_order()
  local x, y, z = {name = "x"}, {name = "y"}, {name = "z"}
  setmetatable(y, mt)
  setmetatable(z, mt)
  setmetatable(x, mt)
end
make_out_of_order()
collectgarbage()
flush("marking order y z x")

-- objects inside a dropped table
local holder = {}
local function fill_holder()
  for i = 1, 10 do holder[i] = setmetatable({name = "h" .. i}, mt) end
end
fill_holder()
collectgarbage()
flush("holder alive")
holder = nil
collectgarbage()
flush("holder dropped")

-- only the unreachable ones are finalized
local keep = {}
local function partial()
  local all = {}
  for i = 1, 6 do
    local o = setmetatable({name = "p" .. i}, mt)
    all[i] = o
    if i % 2 == 0 then keep[#keep + 1] = o end
  end
end
partial()
collectgarbage()
flush("odd ones")
keep = nil
collectgarbage()
flush("even ones")

-- a finalizer runs once: further collections do not call it again
collectgarbage()
flush("nothing more")

-- different metatables, one finalizer each
local function mixed()
  local m1 = setmetatable({}, {__gc = function() log[#log + 1] = "m1" end})
  local m2 = setmetatable({}, {__gc = function() log[#log + 1] = "m2" end})
  local m3 = setmetatable({name = "m3"}, mt)
end
mixed()
collectgarbage()
flush("mixed")

-- the finalizer gets the object itself, with its fields and metatable
local seen
local function identity()
  local obj = {name = "self", list = {1, 2, 3}}
  local mt2 = {}
  mt2.__gc = function(o)
    seen = {getmetatable(o) == mt2, o.name, #o.list, rawequal(o, o.list.back)}
  end
  obj.list.back = obj
  setmetatable(obj, mt2)
end
identity()
collectgarbage()
print("argument", table.unpack(seen))

-- objects finalized in an earlier collection come before later ones
local function stage(name) setmetatable({name = name}, mt) end
stage("first")
collectgarbage()
stage("second")
collectgarbage()
flush("two collections")

-- objects referencing each other: all are finalized, newest first
local function linked()
  local a = setmetatable({name = "la"}, mt)
  local b = setmetatable({name = "lb", other = a}, mt)
  local c = setmetatable({name = "lc", other = b}, mt)
  a.other = c
end
linked()
collectgarbage()
flush("cycle of finalizable objects")
collectgarbage("restart")
print("running", collectgarbage("isrunning"))
