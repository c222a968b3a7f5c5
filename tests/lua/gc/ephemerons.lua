-- Ephemeron tables (weak keys, strong values): a value keeps its key's entry
-- alive only if the key is reachable from outside. Values that refer to their
-- own key do not keep the entry; chains through one or two ephemeron tables
-- are kept exactly as far as they are reachable from a live key.
local function count(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end

local e = setmetatable({}, {__mode = "k"})

-- value refers to its own key
local function self_ref()
  local k = {}
  e[k] = {k}
  local k2 = {}
  e[k2] = function() return k2 end
  local k3 = {}
  e[k3] = {inner = {inner = {k3}}}
end
self_ref()
collectgarbage()
print("value refers to own key", count(e))

-- a chain e[k1] = k2, e[k2] = k3, ... with only k1 referenced from outside
local chain_head
local function chain(n)
  local keys = {}
  for i = 1, n do keys[i] = {id = i} end
  -- insert in reverse so the traversal order does not follow the chain
  for i = n - 1, 1, -1 do e[keys[i]] = keys[i + 1] end
  e[keys[n]] = "end"
  return keys[1]
end
chain_head = chain(100)
collectgarbage()
print("chain kept", count(e))
local function walk()
  local node, steps = chain_head, 0
  while type(node) == "table" do node = e[node] steps = steps + 1 end
  return steps, node
end
print("walk", walk())
chain_head = nil
collectgarbage()
print("chain dropped", count(e))

-- a chain alternating between two ephemeron tables
local e2 = setmetatable({}, {__mode = "k"})
local function two_tables(n)
  local keys = {}
  for i = 1, n do keys[i] = {id = i} end
  for i = 1, n - 1 do
    local t = i % 2 == 1 and e or e2
    t[keys[i]] = keys[i + 1]
  end
  return keys[1], keys[n]
end
local head, tail = two_tables(50)
collectgarbage()
print("two tables kept", count(e), count(e2))
head = nil
collectgarbage()
print("head dropped", count(e), count(e2), tail.id)
tail = nil

-- a chain whose middle is referenced from outside: the prefix goes, the
-- suffix stays
local middle
local function middle_chain()
  local keys = {}
  for i = 1, 10 do keys[i] = {id = i} end
  for i = 1, 9 do e[keys[i]] = keys[i + 1] end
  middle = keys[6]
end
middle_chain()
collectgarbage()
local function ids()
  local list = {}
  for k in pairs(e) do list[#list + 1] = k.id end
  table.sort(list)
  return table.concat(list, " ")
end
print("suffix kept", ids())
middle = nil
collectgarbage()
print("suffix dropped", count(e))

-- a key reachable only from the value of another ephemeron entry whose key
-- is dead: everything goes
local function cross()
  local a, b = {}, {}
  e[a] = b
  e2[b] = a
end
cross()
collectgarbage()
print("cross cycle", count(e), count(e2))

-- ephemeron value reachable from a strong table keeps whatever it refers to,
-- but not its own key
local strong = {}
local function value_elsewhere()
  local k = {}
  local v = {k}
  e[k] = v
  strong[1] = v
end
value_elsewhere()
collectgarbage()
print("value held elsewhere keeps key", count(e))
strong[1] = nil
collectgarbage()
print("released", count(e))

-- a weak-key table whose key is the table itself
local function self_key()
  local t = setmetatable({}, {__mode = "k"})
  t[t] = t
  e[{}] = t
end
self_key()
collectgarbage()
print("self key table", count(e))
