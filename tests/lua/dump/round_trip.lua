-- string.dump and load of binary chunks: results survive, with and without strip.

local function show(label, ...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(label, t.n, table.concat(t, " "))
end

local function sum(a, b, ...)
  local s = a + b
  for _, v in ipairs({...}) do s = s + v end
  return s, select('#', ...), ...
end

for _, strip in ipairs({false, true}) do
  local tag = strip and "stripped" or "full"
  local f = assert(load(string.dump(sum, strip)))
  show(tag .. " varargs", f(1, 2, 3, 4.5))
  show(tag .. " no extra", f(10, 20))
  show(tag .. " nil holes", select('#', f(1, 2, nil, nil)))
  local mode_b = assert(load(string.dump(sum, strip), "dumped", "b"))
  show(tag .. " mode b", mode_b(1, 1))
  local mode_bt = assert(load(string.dump(sum, strip), "=dumped", "bt"))
  show(tag .. " mode bt", mode_bt(2, 2))
end

-- Nested closures inside a dumped function keep working.
local function maker(n)
  local count = n
  local function inc(k) count = count + (k or 1) return count end
  local function get() return count end
  return inc, get, function(...) return select('#', ...), ... end
end
for _, strip in ipairs({false, true}) do
  local m = assert(load(string.dump(maker, strip)))
  local inc, get, va = m(5)
  inc() inc(10)
  show((strip and "stripped" or "full") .. " closures", get(), va("a", nil, "c"))
end

-- Upvalues of a loaded function: the first is the environment, the others nil.
local a, b, c = 1, 2, 3
local function ups() return b, c end           -- first upvalue b gets _ENV
local loaded = load(string.dump(ups))
local first, second = loaded()
print("first upvalue is env", first == _ENV, "second nil", second == nil)
local function ups2() return a end
print("single upvalue is env", load(string.dump(ups2))() == _ENV)
local custom = {}
print("custom env", load(string.dump(ups2), "x", "b", custom)() == custom)
local function noups(x) return x * 2 end
print("no upvalues", load(string.dump(noups))(21))
local function globals() return type(print), tostring(undefined_global) end
show("globals via env", load(string.dump(globals, true))())
local sandbox = {type = function() return "sandboxed" end, tostring = tostring}
show("globals via custom env", load(string.dump(globals), "g", "b", sandbox)())

-- A main chunk compiled by load, dumped and loaded again.
local chunk = assert(load("local x = ... return x .. '!', ...", "=chunk"))
show("main chunk", load(string.dump(chunk))("hi", 2))
show("main chunk stripped", load(string.dump(chunk, true))("ho"))

-- Many constants and nested prototypes.
local parts = {"local t = {}"}
for i = 1, 300 do
  parts[#parts + 1] = string.format("t[%d] = function() return %d, %q, %d.5 end", i, i * 7, "s" .. i, i)
end
parts[#parts + 1] = "return t"
local big = assert(load(table.concat(parts, "\n")))
local reloaded = load(string.dump(big, true))()
local ok = 0
for i = 1, 300 do
  local x, s, fl = reloaded[i]()
  if x == i * 7 and s == "s" .. i and fl == i + 0.5 then ok = ok + 1 end
end
print("big", #reloaded, ok)

-- Dumping is deterministic.
print("same bytes", string.dump(sum) == string.dump(sum), string.dump(sum, true) == string.dump(sum, true))
print("strip differs", string.dump(sum) ~= string.dump(sum, true))

-- Debug information of a stripped function.
local function info_me() return 1 end
local full = debug.getinfo(load(string.dump(info_me)), "S")
print("full source", full.short_src, full.linedefined, full.lastlinedefined, full.what)
local stripped = debug.getinfo(load(string.dump(info_me, true)), "Sl")
print("stripped source", stripped.source, stripped.short_src, stripped.linedefined,
  stripped.lastlinedefined, stripped.what, stripped.currentline)

-- Dump of a dump.
local twice = load(string.dump(load(string.dump(sum))))
show("twice", twice(3, 4, 5))
