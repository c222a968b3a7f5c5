-- Weak-value tables (__mode = "v"): after a full collection, entries whose
-- value is a dead collectable object (table, closure, coroutine) are removed;
-- strings, numbers and booleans are values and are never removed; values
-- still referenced elsewhere stay. Keys are strong.
local function entries(t)
  local list = {}
  for k, v in pairs(t) do
    local vname = type(v) == "table" and "table:" .. tostring(v.name) or
      type(v) == "function" and "function:" .. v() or
      type(v) == "thread" and "thread" or
      type(v) .. ":" .. tostring(v)
    local kname = type(k) == "table" and "(table key)" or tostring(k)
    list[#list + 1] = kname .. "=" .. vname
  end
  table.sort(list)
  return table.concat(list, " ")
end

local wv = setmetatable({}, {__mode = "v"})
local live = {name = "live"}
local function fill()
  wv.dead_table = {name = "dead"}
  wv.live_table = live
  wv.short_string = "abc"
  wv.long_string = string.rep("long string ", 10)
  wv.built_string = ("x"):rep(3) .. "y"
  wv.integer = 7
  wv.float = 1.5
  wv.yes = true
  wv.no = false
  local up = {}
  wv.dead_function = function() return "dead" .. tostring(up ~= nil) end
  wv.dead_thread = coroutine.create(function() end)
  local f = function() return "live" end
  wv.live_function = f
  wv[1] = {name = "dead array item"}
  wv[2] = live
  return f
end
local live_function = fill()
collectgarbage()
print("after collect", entries(wv))
print("long string intact", wv.long_string == string.rep("long string ", 10))

-- a table key does not keep a weak value alive: the key itself is strong
local key = {}
local function add_keyed()
  wv[key] = {name = "under table key"}
end
add_keyed()
collectgarbage()
print("strong key, dead value gone", wv[key] == nil)

-- a value referenced only from another weak-value table goes too
local wv2 = setmetatable({}, {__mode = "v"})
local function shared()
  local obj = {name = "shared"}
  wv.shared = obj
  wv2.shared = obj
end
shared()
collectgarbage()
print("shared dead", wv.shared == nil, wv2.shared == nil)

-- a value referenced from a strong table stays; dropping it removes it
local strong = {}
local function strong_ref()
  local obj = {name = "strongly held"}
  strong[1] = obj
  wv.held = obj
end
strong_ref()
collectgarbage()
local function held_name() return wv.held and wv.held.name end
print("held", held_name())
strong[1] = nil
collectgarbage()
print("released", wv.held == nil)

-- a value reachable only from a value in the same weak table still goes
local function inner_ref()
  local inner = {name = "inner"}
  wv.outer = {name = "outer", inner = inner}
  wv.inner = inner
end
inner_ref()
collectgarbage()
print("inner/outer gone", wv.outer == nil, wv.inner == nil)

-- a weak-value table used as an array: dead items leave holes
local arr = setmetatable({}, {__mode = "v"})
local keep = {}
local function fill_array()
  for i = 1, 10 do
    local obj = {name = i}
    arr[i] = obj
    if i % 3 == 0 then keep[#keep + 1] = obj end
  end
end
fill_array()
collectgarbage()
local present = {}
for i = 1, 10 do present[#present + 1] = arr[i] ~= nil and "x" or "-" end
print("array items", table.concat(present))

live, live_function = nil, nil
collectgarbage()
print("after dropping live", entries(wv))
