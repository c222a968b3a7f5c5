-- Memory pressure with the collector running on its own: loops that allocate
-- many short-lived objects complete with correct results, finalizable
-- garbage produced in bulk is finalized exactly once per object by the end,
-- and a weak cache under churn keeps exactly the entries still referenced.
-- Only counts and sums are printed, never when collections happened.
-- Loops run inside functions, so no dead loop variable of the main chunk can
-- hold an object when a collection is requested.
local function count(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end

-- 200k short-lived tables
local sum = 0
for i = 1, 200000 do
  local t = {i, i + 1, x = i}
  sum = sum + t[2] - t[1] + (t.x & 1)
end
print("short-lived tables", sum)

-- short-lived strings and closures
local acc = 0
for i = 1, 20000 do
  local s = "item" .. i
  local f = function() return #s end
  acc = acc + f()
end
print("strings and closures", acc)

-- a growing-and-shrinking structure: a queue of tables
local queue, head, tail = {}, 1, 0
local checksum = 0
for i = 1, 50000 do
  tail = tail + 1
  queue[tail] = {value = i}
  if tail - head >= 100 then
    checksum = checksum + queue[head].value
    queue[head] = nil
    head = head + 1
  end
end
print("queue", checksum, tail - head + 1)

-- finalizable garbage in bulk: each object finalized exactly once
local finalized, seen_twice = 0, false
local done = {}
local mt = {__gc = function(o)
  if done[o.id] then seen_twice = true end
  done[o.id] = true
  finalized = finalized + 1
end}
local kept = {}
local function bulk()
  for i = 1, 3000 do
    local o = setmetatable({id = i, payload = {i}}, mt)
    if i % 10 == 0 then kept[#kept + 1] = o end
  end
end
bulk()
collectgarbage()
print("finalized (garbage only)", finalized, seen_twice)
kept = nil
collectgarbage()
print("finalized (all)", finalized, seen_twice, count(done))

-- a weak-value cache under churn: 10 live entries among 20000 inserts
local cache = setmetatable({}, {__mode = "v"})
local live = {}
local function fill_cache()
  for i = 1, 20000 do
    local v = {i}
    cache[i] = v
    if i % 2000 == 0 then live[#live + 1] = v end
  end
end
fill_cache()
collectgarbage()
local ids = {}
for k in pairs(cache) do ids[#ids + 1] = k end
table.sort(ids)
print("cache after churn", #ids, #ids <= 20 and table.concat(ids, " ") or "(too many)")

-- weak-key table under churn with ephemeron values referring to the keys
local eph = setmetatable({}, {__mode = "k"})
local anchors = {}
local function fill_eph()
  for i = 1, 20000 do
    local k = {}
    eph[k] = {k, i}
    if i % 5000 == 0 then anchors[#anchors + 1] = k end
  end
end
fill_eph()
collectgarbage()
local function eph_values()
  local vals = {}
  for _, v in pairs(eph) do vals[#vals + 1] = v[2] end
  table.sort(vals)
  return #vals, #vals <= 20 and table.concat(vals, " ") or "(too many)"
end
print("ephemerons after churn", eph_values())

-- coroutines created and abandoned in a loop
local total = 0
local wco = setmetatable({}, {__mode = "k"})
local function abandon()
  for i = 1, 2000 do
    local co = coroutine.create(function(a) local b = coroutine.yield(a * 2) return b end)
    local _, r = coroutine.resume(co, i)
    total = total + r
    wco[co] = true
  end
end
abandon()
collectgarbage()
print("abandoned coroutines", total, count(wco))
