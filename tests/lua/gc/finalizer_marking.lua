-- Which objects get finalized: an object is marked for finalization only when
-- setmetatable installs a metatable that already has a __gc field (any
-- non-nil value); a __gc added later is not seen for that object, a
-- placeholder __gc replaced by a function later is called, a __gc removed
-- before collection (or a metatable removed) means no call, a non-callable
-- __gc is an error that is swallowed (warnings are off).
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
local function logger(name) return function() log[#log + 1] = name end end

-- __gc added to the metatable after setmetatable: not marked
local function added_later()
  local mt = {}
  local o = setmetatable({}, mt)
  mt.__gc = logger("late")
  -- a second object set with the now-complete metatable is marked
  local o2 = setmetatable({}, mt)
end
added_later()
collectgarbage()
flush("added later")

-- placeholder value when marking, real function installed afterwards
local function placeholder()
  local mt = {__gc = true}
  local o = setmetatable({}, mt)
  mt.__gc = logger("placeholder replaced")
end
placeholder()
collectgarbage()
flush("placeholder")

-- __gc removed from the metatable before the object dies: nothing is called
local function removed()
  local mt = {__gc = logger("removed")}
  local o = setmetatable({}, mt)
  mt.__gc = nil
end
removed()
collectgarbage()
flush("removed")

-- metatable removed (or replaced by one without __gc) after marking
local function unset()
  local o = setmetatable({}, {__gc = logger("unset")})
  setmetatable(o, nil)
  local o2 = setmetatable({}, {__gc = logger("replaced")})
  setmetatable(o2, {})
  local o3 = setmetatable({}, {__gc = logger("replaced by other gc")})
  setmetatable(o3, {__gc = logger("other gc")})
end
unset()
collectgarbage()
flush("metatable changed")

-- __gc function replaced by another function: the current one is called
local function swapped()
  local mt = {__gc = logger("old")}
  local o = setmetatable({}, mt)
  mt.__gc = logger("new")
end
swapped()
collectgarbage()
flush("swapped")

-- non-callable __gc values: the error is swallowed, collection completes and
-- the other finalizers still run
local function non_callable()
  local a = setmetatable({}, {__gc = logger("before")})
  local b = setmetatable({}, {__gc = 42})
  local c = setmetatable({}, {__gc = "text"})
  local d = setmetatable({}, {__gc = {}})
  local e = setmetatable({}, {__gc = false})
  local f = setmetatable({}, {__gc = logger("after")})
end
non_callable()
print("collect", collectgarbage())
flush("non-callable")

-- a callable table as __gc (__call metamethod) is called
local function callable_table()
  local handler = setmetatable({}, {__call = function(_, o) log[#log + 1] = "called " .. o.name end})
  local o = setmetatable({name = "obj"}, {__gc = handler})
end
callable_table()
collectgarbage()
flush("callable table")

-- __gc inherited through __index is not a metamethod
local function inherited()
  local base = {__gc = logger("inherited")}
  local mt = setmetatable({}, {__index = base})
  local o = setmetatable({}, mt)
end
inherited()
collectgarbage()
flush("inherited")

-- setting the same metatable twice does not finalize twice
local function twice()
  local mt = {__gc = logger("twice")}
  local o = setmetatable({}, mt)
  setmetatable(o, mt)
end
twice()
collectgarbage()
flush("set twice")

-- __gc set on a metatable already in use, then a new object marked with it:
-- only the new object is finalized, once
local function shared()
  local mt = {}
  local old = setmetatable({name = "old"}, mt)
  mt.__gc = function(o) log[#log + 1] = o.name end
  local new = setmetatable({name = "new"}, mt)
end
shared()
collectgarbage()
flush("shared metatable")

-- a metatable can itself be finalized (through its own metatable); the object
-- using it is not marked, since the metatable has no __gc field
local function meta_of_meta()
  local mt = setmetatable({}, {__gc = logger("metatable finalized")})
  local o = setmetatable({}, mt)
end
meta_of_meta()
collectgarbage()
flush("metatable with __gc")
collectgarbage("restart")
print("running", collectgarbage("isrunning"))
