-- Weak tables as caches: a memoizing constructor with a weak-value cache
-- returns the same object while it is referenced and a fresh one after it was
-- collected; a weak-key table attaches per-object data that disappears with
-- the object. Churn through many entries keeps the cache small.
local function count(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end

local cache = setmetatable({}, {__mode = "v"})
local created = 0
local function point(x, y)
  local key = x .. "," .. y
  local p = cache[key]
  if p == nil then
    created = created + 1
    p = {x = x, y = y}
    cache[key] = p
  end
  return p
end

local p1 = point(1, 2)
local p2 = point(1, 2)
print("same object while referenced", p1 == p2, created)
p2 = nil
collectgarbage()
local function same_as_p1() return point(1, 2) == p1 end
print("still cached (p1 alive)", same_as_p1(), created)
p1 = nil
collectgarbage()
print("cache emptied", count(cache))
local p3 = point(1, 2)
print("recreated", p3.x, p3.y, created)

-- churn: many points, only every 50th kept
local kept = {}
local function churn()
  for i = 1, 5000 do
    local p = point(i, i * 2)
    if i % 50 == 0 then kept[#kept + 1] = p end
  end
end
churn()
collectgarbage()
print("after churn", count(cache), created)
local function check_kept()
  for i, p in ipairs(kept) do
    if point(i * 50, i * 100) ~= p then return false end
  end
  return true
end
print("kept points are cached", check_kept(), created)

-- per-object data in a weak-key table (a "side table")
local data = setmetatable({}, {__mode = "k"})
local objects = {}
local function attach()
  for i = 1, 100 do
    local o = {}
    data[o] = {index = i, extra = {}}
    objects[i] = o
  end
end
attach()
for i = 1, 100, 2 do objects[i] = nil end
collectgarbage()
local indices = {}
local function collect_indices()
  for _, d in pairs(data) do indices[#indices + 1] = d.index end
end
collect_indices()
table.sort(indices)
print("side table", #indices, indices[1], indices[2], indices[#indices])

-- a cache of closures keyed by a string: closures are collectable values
local fcache = setmetatable({}, {__mode = "v"})
local function adder(n)
  local f = fcache[n]
  if not f then
    f = function(x) return x + n end
    fcache[n] = f
  end
  return f
end
local add5 = adder(5)
local function make_adders() for i = 1, 100 do adder(i) end end
make_adders()
collectgarbage()
print("closure cache", count(fcache), fcache[5] == add5, add5(10))
