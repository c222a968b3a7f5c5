-- First half of a program cut in two by `red_moon --save-state` / `--load-state`
-- (tests/cli_state.rs). Only globals cross the boundary; the position of no error is printed,
-- since the chunk names differ between the split and the whole runs.

-- Plain globals of every kind.
count = 10
ratio = 2.5
name = "red moon"
bytes = "a\0b\255"
flags = { true, false, n = 3 }
print("part1", count, ratio, name, #bytes, flags.n, math.type(count), math.type(ratio))

-- A coroutine suspended in the middle of a loop, inside a pcall.
worker = coroutine.create(function(first)
  local total = first
  for i = 1, 5 do
    local ok, err = pcall(function()
      total = total + coroutine.yield(i, total)
      if i == 3 then
        error("failure at step " .. i, 0)
      end
    end)
    if not ok then
      coroutine.yield("caught", err)
    end
  end
  return "worker done", total
end)
print("worker", coroutine.resume(worker, 100))
print("worker", coroutine.resume(worker, 1))
print("worker", coroutine.status(worker))

-- The same through coroutine.wrap.
numbers = coroutine.wrap(function()
  for i = 1, 10 do
    coroutine.yield(i * i)
  end
end)
print("numbers", numbers(), numbers())

-- Closures sharing an upvalue.
do
  local n = 0
  increment = function(by)
    n = n + (by or 1)
    return n
  end
  peek = function()
    return n
  end
end
print("closure", increment(), increment(5), peek())

-- The random generator.
math.randomseed(1234)
print("random", math.random(1000), math.random(), math.random(-5, 5))

-- A table iterated with pairs, stopped half-way (its cursor is a global).
inventory = {}
for i = 1, 12 do
  inventory["item" .. i] = i * 3
end
inventory[1], inventory[2], inventory[3.5] = "one", "two", "three and a half"
visited = 0
cursor = nil
for key, value in pairs(inventory) do
  visited = visited + 1
  cursor = key
  print("pairs", key, value)
  if visited == 6 then
    break
  end
end

-- A weak table: values kept alive by a global survive collections, others do not.
cache = setmetatable({}, { __mode = "v" })
keep = {}
local function fill()
  for i = 1, 6 do
    local entry = { id = i }
    cache[i] = entry
    if i % 2 == 0 then
      keep[#keep + 1] = entry
    end
  end
end
fill()
weak_keys = setmetatable({}, { __mode = "k" })
weak_keys[keep[1]] = "kept key"
local function weak_count()
  local n = 0
  for _ in pairs(cache) do
    n = n + 1
  end
  return n
end
collectgarbage()
print("weak", weak_count(), cache[2] and cache[2].id, cache[1])

-- The string metatable, extended.
string.shout = function(s)
  return s:upper() .. "!"
end
getmetatable("").__index.twice = function(s)
  return s .. s
end
print("string", ("moon"):shout(), ("ab"):twice())

-- An object with a metatable, and one with a finalizer (it runs once, when the VM closes).
Point = {}
Point.__index = Point
Point.__tostring = function(p)
  return "(" .. p.x .. ", " .. p.y .. ")"
end
Point.__add = function(a, b)
  return setmetatable({ x = a.x + b.x, y = a.y + b.y }, Point)
end
origin = setmetatable({ x = 1, y = 2 }, Point)
print("point", tostring(origin + origin))
finalized = setmetatable({}, { __gc = function()
  print("finalizer runs")
end })
print("end of part1")
