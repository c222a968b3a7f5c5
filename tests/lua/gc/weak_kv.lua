-- Tables weak in both keys and values (__mode = "kv"), and interplay between
-- weak-key and weak-value tables: an object referenced only as a key of a
-- weak-key table (or only as a value of a weak-value table) is garbage.
local function count(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end

local function names(t)
  local list = {}
  for k, v in pairs(t) do
    local kn = type(k) == "table" and "T" .. k.name or tostring(k)
    local vn = type(v) == "table" and "T" .. v.name or tostring(v)
    list[#list + 1] = kn .. "=" .. vn
  end
  table.sort(list)
  return table.concat(list, " ")
end

local kv = setmetatable({}, {__mode = "kv"})
local live = {name = "live"}
local function fill()
  local keep = {}  -- everything stays alive until fill returns
  local function k(t) keep[#keep + 1] = t return t end
  kv[k{name = "deadkey"}] = "s1"                -- dead key
  kv.s2 = k{name = "deadvalue"}                 -- dead value
  kv[live] = k{name = "deadvalue2"}             -- live key, dead value
  kv[k{name = "deadkey2"}] = live               -- dead key, live value
  kv[live.name] = live                          -- both alive
  kv[1] = 2                                     -- no collectable at all
  kv.str = "string"
  local a = {name = "self"}
  kv[a] = a                                     -- key is its own value
  print("before", count(kv))
end
fill()
collectgarbage()
print("after", count(kv), names(kv))

-- a table referenced only as a key of a weak-key table is garbage, so a
-- weak-value table holding it loses it too
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
local function only_key()
  local obj = {name = "onlykey"}
  wk[obj] = "strong value"
  wv[1] = obj
end
only_key()
collectgarbage()
print("only a weak key", count(wk), wv[1] == nil)

-- but a value of a weak-key table whose key is alive is strongly held
local anchor = {name = "anchor"}
local function value_of_live_key()
  local obj = {name = "valueobj"}
  wk[anchor] = obj
  wv[2] = obj
end
value_of_live_key()
collectgarbage()
local function name2() return wv[2] and wv[2].name end
print("value of a live weak key", count(wk), name2())
anchor = nil
collectgarbage()
print("anchor dropped", count(wk), wv[2] == nil)

-- an object used as a value in a weak-value table and as a key in a
-- weak-key table at the same time, with no other reference
local function both()
  local obj = {name = "both"}
  wk[obj] = obj
  wv[3] = obj
  kv[obj] = obj
end
both()
collectgarbage()
print("both weak", count(wk), wv[3] == nil, names(kv))

-- strong tables holding weak tables: the weak tables live on, only their
-- contents are cleared
local holder = {setmetatable({}, {__mode = "k"}), setmetatable({}, {__mode = "v"}),
  setmetatable({}, {__mode = "kv"})}
local function fill_holder()
  for i = 1, 3 do
    holder[i][{name = "k"}] = {name = "v"}
    holder[i].x = {name = "v"}
  end
end
fill_holder()
collectgarbage()
print("holder", count(holder[1]), count(holder[2]), count(holder[3]))
