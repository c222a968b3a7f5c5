-- Weak-key tables (__mode = "k"): after a full collection, entries whose key
-- is a dead collectable object are removed; entries whose key is still
-- referenced elsewhere stay, and so do entries with non-collectable keys
-- (strings, numbers, booleans). Values are strong.
local function entries(t)
  local list = {}
  for k, v in pairs(t) do
    local kname = type(k) == "table" and "table:" .. tostring(k.name) or
      type(k) == "function" and "function:" .. k() or
      type(k) == "thread" and "thread" or
      type(k) .. ":" .. tostring(k)
    local vname = type(v) == "table" and "table:" .. tostring(v.name) or
      type(v) .. ":" .. tostring(v)
    list[#list + 1] = kname .. "=" .. vname
  end
  table.sort(list)
  return table.concat(list, " ")
end

local wk = setmetatable({}, {__mode = "k"})
local live_key = {name = "live"}
local function fill()
  wk[{name = "dead"}] = "value of dead"
  wk[live_key] = "value of live"
  wk["str"] = {name = "strong value"}
  wk[42] = "number key"
  wk[2.5] = "float key"
  wk[true] = "boolean key"
  local up = {}
  wk[function() return up end] = "dead function key"
  wk[coroutine.create(print)] = "dead thread key"
  local f = function() return "live" end
  wk[f] = "live function key"
  return f
end
local live_function = fill()
collectgarbage()
print("after collect", entries(wk))
print("live function key", wk[live_function])

-- a value does not keep its own key alive through a different table
local other = {}
local function link()
  local k = {name = "k"}
  other[1] = {name = "holder"}
  wk[k] = other[1]
end
link()
collectgarbage()
print("key dropped, value held elsewhere", other[1].name, entries(wk))

-- a key referenced from a value of ANOTHER entry whose key is live stays
local function chain()
  local inner = {name = "inner"}
  wk[inner] = "inner value"
  wk[live_key] = inner
end
chain()
collectgarbage()
print("key held by live entry", entries(wk))

-- dropping the live key removes its entry (and the inner one with it)
live_key = nil
live_function = nil
collectgarbage()
print("all keys dropped", entries(wk))

-- a dead key that was set to nil explicitly and a key that was replaced
local k1 = {name = "k1"}
wk[k1] = 1
wk[k1] = nil
collectgarbage()
print("removed explicitly", entries(wk))

-- a weak-key table that is itself unreachable disappears with its contents
local probe = setmetatable({}, {__mode = "v"})
local function nested()
  local t = setmetatable({}, {__mode = "k"})
  local key = {name = "key"}
  t[key] = key
  probe[1] = t
  probe[2] = key
end
nested()
collectgarbage()
print("unreachable weak table gone", probe[1] == nil, probe[2] == nil)

-- many dead keys at once
local big = setmetatable({}, {__mode = "k"})
local survivors = {}
local function fill_big()
  for i = 1, 1000 do
    local key = {name = i}
    big[key] = i
    if i % 100 == 0 then survivors[#survivors + 1] = key end
  end
end
fill_big()
collectgarbage()
local sum, n = 0, 0
for _, v in pairs(big) do sum = sum + v n = n + 1 end
print("survivors", n, sum)
