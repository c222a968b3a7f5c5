-- Finalizers and weak tables: an object being finalized (and everything
-- reachable only from it) is removed from weak VALUES before its finalizer
-- runs, but stays as a weak KEY until the next collection, after the
-- finalizer ran, when it is actually freed. Objects referenced from a
-- finalized object stay alive until the finalizer ran, so it can read them.
-- The collector is stopped so that only explicit collections run.
collectgarbage("stop")
collectgarbage()  -- finish any cycle in progress
local function count(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end

local wv = setmetatable({}, {__mode = "v"})
local wk = setmetatable({}, {__mode = "k"})
local wkv = setmetatable({}, {__mode = "kv"})
local inside = {}

local function make()
  local child = {name = "child"}
  local o = setmetatable({name = "obj", child = child}, {__gc = function(self)
    inside.child_name = self.child.name
    inside.wv_obj = wv.obj == nil
    inside.wv_child = wv.child == nil
    inside.wk_obj = wk[self]
    inside.wk_child = wk[self.child]
    inside.wkv_obj = wkv[self]
    inside.wk_count = count(wk)
  end})
  wv.obj = o
  wv.child = child
  wk[o] = "obj key"
  wk[child] = "child key"
  wkv[o] = "obj kv"
end
make()
print("before", count(wv), count(wk), count(wkv))
collectgarbage()
print("in finalizer: child field", inside.child_name)
print("in finalizer: weak values gone", inside.wv_obj, inside.wv_child)
print("in finalizer: weak keys", inside.wk_obj, inside.wk_child, inside.wkv_obj, inside.wk_count)
print("after first collection", count(wv), count(wk), count(wkv))
collectgarbage()
print("after second collection", count(wv), count(wk), count(wkv))

-- a resurrected object keeps its weak-key entries; its weak-value entries
-- are gone for good
local function resurrect()
  local o = setmetatable({name = "r"}, {__gc = function(self) revived = self end})
  wv.r = o
  wk[o] = "r key"
end
resurrect()
collectgarbage()
local function show() return revived.name, wv.r == nil, wk[revived] end
print("resurrected", show())
collectgarbage()
local function show2() return wk[revived], count(wk) end
print("still referenced", show2())
local function observe_and_drop()
  wv.r = revived
  revived = nil
end
observe_and_drop()
collectgarbage()
print("dropped for good", wv.r == nil, count(wk))

-- a finalizable object used as a key of an ephemeron table whose value
-- refers back to the key
local ephemeron = setmetatable({}, {__mode = "k"})
local seen
local function eph()
  local k = setmetatable({name = "ek"}, {__gc = function(self)
    seen = ephemeron[self] and ephemeron[self][1] == self
  end})
  ephemeron[k] = {k}
end
eph()
collectgarbage()
print("ephemeron during finalizer", seen, count(ephemeron))
collectgarbage()
print("ephemeron after", count(ephemeron))

-- the finalizer can still use a strong table it references, even if that
-- table is also in a weak-value table (the entry is cleared)
local function via_table()
  local data = {1, 2, 3}
  wv.data = data
  local o = setmetatable({data = data}, {__gc = function(self)
    inside.sum = self.data[1] + self.data[2] + self.data[3]
    inside.data_in_weak = wv.data == nil
  end})
end
via_table()
collectgarbage()
print("data, weak entry gone", inside.sum, inside.data_in_weak, wv.data == nil)
collectgarbage("restart")
