-- Which stack slots are roots: like lua5.4, only values still in use count.
-- A local whose block has ended, a dead loop variable, a temporary left over
-- from an earlier expression and the frames of functions that returned do not
-- keep objects alive once a later call reuses or passes over those slots.
-- (A collector that scanned every register of a frame, dead or alive, would
-- keep some of these objects; Red Moon must be as precise as lua5.4.)
local probe = setmetatable({}, {__mode = "v"})
local function alive()
  local names = {}
  for name in pairs(probe) do names[#names + 1] = name end
  table.sort(names)
  return table.concat(names, " ")
end

-- locals of a block that has ended
do
  local a = {}
  local b = {}
  local c = {}
  probe.block_a, probe.block_b, probe.block_c = a, b, c
end
collectgarbage()
print("block locals", alive())

-- the loop variables of a finished loop
for i = 1, 3 do
  local item = {}
  probe["loop" .. i] = item
end
for _, v in ipairs({{}, {}}) do probe.ipairs_value = v end
collectgarbage()
print("loop variables", alive())

-- temporaries of earlier expressions
local function id(...) return ... end
local n = select("#", id({}, {}, {}))
probe.temp = id({})
local t = {id({}), id({})}
probe.t1, probe.t2 = t[1], t[2]
t = nil
collectgarbage()
print("temporaries", n, alive())

-- extra results discarded by an adjustment
local function three() local a, b, c = {}, {}, {} probe.r1, probe.r2, probe.r3 = a, b, c return a, b, c end
local first = three()
collectgarbage()
print("discarded results", alive())
first = nil
collectgarbage()
print("first released", alive())

-- frames of returned functions, however deep
local function deep(k)
  local x = {}
  if k == 0 then probe.deep = x return 0 end
  return deep(k - 1) + 1
end
print("depth", deep(50))
collectgarbage()
print("returned frames", alive())

-- arguments of a call that returned, and values passed to a coroutine
local function consume(a, b) return a ~= b end
print("consumed", consume(id({}), id({})))
local co = coroutine.wrap(function(x) probe.co_arg = x local y = coroutine.yield() return y end)
co({})
co({})
collectgarbage()
print("call arguments", alive())

-- a local set to nil is no longer a root, the same local still in scope
local held = {}
probe.held = held
collectgarbage()
print("held", alive())
held = nil
collectgarbage()
print("released", alive())
