-- Moderately deep nesting of protected calls, coroutines and metamethods
-- works (lua5.4's C-stack limit is about 200 levels; these stay below).
local function nest_pcall(n)
  if n == 0 then return "bottom" end
  local ok, v = pcall(nest_pcall, n - 1)
  return v
end
print("pcall 150", nest_pcall(150))

local function nest_co(n)
  if n == 0 then return "bottom" end
  return coroutine.wrap(function() return nest_co(n - 1) end)()
end
print("coroutines 100", nest_co(100))

local function nest_resume(n)
  if n == 0 then return coroutine.yield("yield from depth") end
  local co = coroutine.create(nest_resume)
  local ok, v = coroutine.resume(co, n - 1)
  return v
end
local top = coroutine.create(nest_resume)
print("resume chain", coroutine.resume(top, 50))

-- __index functions 100 levels deep
local level = {}
for i = 1, 100 do
  local inner = level
  level = setmetatable({}, {__index = function(_, k) return inner[k] end})
end
rawset(level, "own", "own")
print("index functions", level.own, level.missing)

-- nested xpcall handlers
local function nx(n)
  if n == 0 then error("E" .. n, 0) end
  local ok, e = xpcall(nx, function(m) return m .. "<" end, n - 1)
  error(e, 0)
end
local ok, e = pcall(nx, 20)
print("xpcall chain", ok, e)

-- deeply nested data structures
local list = nil
for i = 1, 100000 do list = {value = i, next = list} end
local n, node = 0, list
while node do n = n + 1 node = node.next end
print("linked list", n)
