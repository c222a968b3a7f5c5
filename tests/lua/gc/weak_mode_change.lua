-- The weakness of a table is read from its metatable's __mode during each
-- collection: setting __mode after setmetatable, changing it, removing it, or
-- replacing/removing the metatable all take effect at the next full
-- collection. Values of __mode other than strings containing 'k'/'v' make no
-- table weak. When a table becomes stronger, a cycle already in progress may
-- still treat it as weak, so entries are added only after a full collection
-- has made the change effective.
local function count(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end

-- fill t with 2 dead-key entries, 2 dead-value entries, 1 string entry
local function fill(t)
  t[{}] = 1
  t[{}] = 2
  t.a = {}
  t.b = {}
  t.c = "kept"
end

local mt = {}
local t = setmetatable({}, mt)
fill(t)
collectgarbage()
print("no __mode", count(t))

mt.__mode = "k"
collectgarbage()
print("__mode set to k afterwards", count(t))

mt.__mode = "v"
collectgarbage()
print("__mode changed to v", count(t))

mt.__mode = nil
collectgarbage()
fill(t)
collectgarbage()
print("__mode removed", count(t))

mt.__mode = "kv"
collectgarbage()
print("__mode kv", count(t))

setmetatable(t, nil)
collectgarbage()
fill(t)
collectgarbage()
print("metatable removed", count(t))

setmetatable(t, {__mode = "vk"})
collectgarbage()
print("new metatable vk", count(t))

-- mode strings are searched for the letters k and v
for _, mode in ipairs({"", "x", "K", "V", "kk", "weak values", "key", 1, true}) do
  local w = setmetatable({}, {__mode = mode})
  fill(w)
  collectgarbage()
  print("mode", type(mode), tostring(mode), count(w))
end

-- a metatable shared by two tables: changing it affects both
local shared = {}
local t1, t2 = setmetatable({}, shared), setmetatable({}, shared)
fill(t1)
fill(t2)
shared.__mode = "k"
collectgarbage()
print("shared metatable", count(t1), count(t2))

-- __mode set with rawset and through a __newindex-less metatable of the
-- metatable behave the same
local mt2 = setmetatable({}, {__index = {__mode = "k"}})
local t3 = setmetatable({}, mt2)
fill(t3)
collectgarbage()
print("inherited __mode ignored", count(t3))
rawset(mt2, "__mode", "v")
collectgarbage()
print("rawset __mode", count(t3))
