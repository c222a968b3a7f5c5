-- Full collections free unreachable cycles: table self-references, pairs,
-- long rings, tables used as keys of each other, closures that reference each
-- other through upvalues, coroutines that reference themselves. Reachable
-- objects survive. A weak-value "probe" table observes what is collected.
local probe = setmetatable({}, {__mode = "v"})

local function alive()
  local names = {}
  for name in pairs(probe) do names[#names + 1] = name end
  table.sort(names)
  return table.concat(names, " ")
end

-- every object is created inside a function so that no dead local or
-- temporary of the main chunk can keep it alive
local function make_cycles()
  local self_ref = {}
  self_ref.me = self_ref
  probe.self_ref = self_ref

  local a, b = {}, {}
  a.other, b.other = b, a
  probe.pair_a, probe.pair_b = a, b

  local first = {}
  local node = first
  for _ = 1, 999 do
    local next_node = {}
    node.next = next_node
    node = next_node
  end
  node.next = first
  probe.ring = first
  probe.ring_last = node

  local k1, k2 = {}, {}
  k1[k2] = true
  k2[k1] = true
  probe.keys_1, probe.keys_2 = k1, k2

  local f, g
  f = function() return g end
  g = function() return f end
  probe.closure_f, probe.closure_g = f, g

  local co
  co = coroutine.create(function()
    local me = co
    coroutine.yield(me ~= nil)
  end)
  print("coroutine resumed", coroutine.resume(co))
  probe.coroutine = co

  -- an object referenced only from a suspended coroutine's stack
  local held = {}
  probe.held_by_coroutine = held
  local holder = coroutine.wrap(function()
    local x = held
    coroutine.yield(x ~= nil)
  end)
  print("holder resumed", holder())
  probe.holder_function = holder
  print("before", alive())
end

make_cycles()
print("collect result", collectgarbage())
print("after", alive())

-- the same shapes, still reachable from a local, survive
local keep = {}
local function make_kept()
  local self_ref = {}
  self_ref.me = self_ref
  keep[1] = self_ref
  probe.kept_self = self_ref
  local a, b = {}, {}
  a.other, b.other = b, a
  keep[2] = b
  probe.kept_a, probe.kept_b = a, b
  local f, g
  f = function() return g end
  g = function() return f end
  keep[3] = f
  probe.kept_f, probe.kept_g = f, g
  local co
  co = coroutine.create(function() local me = co coroutine.yield() end)
  coroutine.resume(co)
  keep[4] = co
  probe.kept_co = co
end
make_kept()
print("collect result", collectgarbage("collect"))
print("kept", alive())
-- (checked inside a function: no temporary of the main chunk holds them)
local function check_kept()
  print("kept works", keep[1].me == keep[1], keep[2].other.other == keep[2],
    keep[3]()() == keep[3], coroutine.status(keep[4]))
end
check_kept()

-- dropping the last strong reference frees them all
keep = nil
collectgarbage()
print("dropped", alive() == "", alive())

-- a cycle through a metatable (table whose metatable's __index is itself)
local function make_meta_cycle()
  local mt = {}
  mt.__index = mt
  local obj = setmetatable({}, mt)
  probe.meta_obj, probe.meta_mt = obj, mt
end
make_meta_cycle()
collectgarbage()
print("metatable cycle", alive() == "", alive())

-- a global cycle survives until the global is cleared
local function set_global()
  cycle_global = {}
  cycle_global.self = cycle_global
  probe.global_cycle = cycle_global
end
set_global()
collectgarbage()
print("global kept", alive())
cycle_global = nil
collectgarbage()
print("global dropped", alive() == "", alive())
