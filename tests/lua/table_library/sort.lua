-- table.sort: default order, comparators, errors.

local function show(label, t)
  local parts = {}
  for i = 1, #t do parts[i] = tostring(t[i]) end
  print(label, table.concat(parts, " "))
end

local function try(label, f, ...)
  print(label, pcall(f, ...))
end

-- a deterministic pseudo-random generator
local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

local function is_sorted(t, lt)
  lt = lt or function(a, b) return a < b end
  for i = 2, #t do
    if lt(t[i], t[i - 1]) then return false end
  end
  return true
end

-- small cases
for n = 0, 6 do
  local t = {}
  for i = 1, n do t[i] = n - i end
  table.sort(t)
  show("reverse " .. n, t)
end
local t = {5, 3, 8, 1, 9, 2, 7}
table.sort(t)
show("numbers", t)
t = {3, 1, 2}
print("returns", select("#", table.sort(t)))
t = {-1.5, 3, 2^53, -math.huge, math.huge, 0, -0.0, 1e-300, math.mininteger, math.maxinteger, 7.25, 7}
table.sort(t)
show("mixed int float", t)
t = {"banana", "apple", "Cherry", "apple pie", "", "a\0b", "a", "b", "10", "9"}
table.sort(t)
for i = 1, #t do if t[i] == "a\0b" then t[i] = "a<NUL>b" end end
show("strings", t)
t = {5, 3, 8, 1, 9, 2, 7}
table.sort(t, function(a, b) return a > b end)
show("reverse comparator", t)
t = {"bb", "a", "ccc", "dddd", "e"}
table.sort(t, function(a, b) return #a < #b end)
print("by length first/last", t[1] == "a" or t[1] == "e", t[5])

-- records by field
local people = {
  {name = "ann", age = 31}, {name = "bob", age = 25}, {name = "cid", age = 40},
  {name = "dan", age = 19}, {name = "eve", age = 33}, {name = "fay", age = 28},
}
table.sort(people, function(a, b) return a.age < b.age end)
local names = {}
for i, p in ipairs(people) do names[i] = p.name .. p.age end
print("records", table.concat(names, " "))
table.sort(people, function(a, b) return a.name > b.name end)
names = {}
for i, p in ipairs(people) do names[i] = p.name end
print("records by name desc", table.concat(names, " "))

-- tables with __lt
local mt = {__lt = function(a, b) return a.v < b.v end}
local objs = {}
for i, v in ipairs({4, 2, 5, 1, 3}) do objs[i] = setmetatable({v = v}, mt) end
table.sort(objs)
local vs = {}
for i, o in ipairs(objs) do vs[i] = o.v end
print("__lt", table.concat(vs, " "))

-- larger arrays: sortedness and contents
for _, n in ipairs({50, 100, 129, 500, 2000}) do
  local a, sum = {}, 0
  for i = 1, n do a[i] = rand(1000); sum = sum + a[i] end
  table.sort(a)
  local sum2 = 0
  for i = 1, n do sum2 = sum2 + a[i] end
  print("random " .. n, is_sorted(a), sum == sum2, a[1], a[n])
  table.sort(a, function(x, y) return x > y end)
  print("random desc " .. n, is_sorted(a, function(x, y) return x > y end), a[1], a[n])
end
local strs = {}
for i = 1, 300 do strs[i] = tostring(rand(100000)) end
table.sort(strs)
print("random strings", is_sorted(strs), strs[1], strs[300])
local floats = {}
for i = 1, 300 do floats[i] = rand(1000) / 7 - 50 end
table.sort(floats)
print("random floats", is_sorted(floats), floats[1] == floats[1] // 1 or floats[1] < 0)
local mixed = {}
for i = 1, 300 do mixed[i] = i % 2 == 0 and rand(100) or rand(100) + 0.5 end
table.sort(mixed)
print("random mixed", is_sorted(mixed), mixed[1], mixed[300])

-- already sorted, reversed, all equal, organ pipe
local function make(n, f) local a = {} for i = 1, n do a[i] = f(i) end return a end
for _, case in ipairs({
  {"sorted", function(i) return i end},
  {"reversed", function(i) return -i end},
  {"equal", function(i) return 7 end},
  {"two values", function(i) return i % 2 end},
  {"organ", function(i) return i <= 500 and i or 1001 - i end},
}) do
  local a = make(1000, case[2])
  table.sort(a)
  print(case[1], is_sorted(a), a[1], a[500], a[1000])
end

-- comparator errors propagate
try("comparator error", function() table.sort({3, 2, 1}, function(a, b) error("boom") end) end)
try("comparator error table", function()
  local ok, e = pcall(table.sort, {3, 2, 1}, function(a, b) error({code = 42}) end)
  return ok, e.code
end)
try("comparator error level 0", function() table.sort({3, 2, 1}, function(a, b) error("plain", 0) end) end)
try("compare tables", function() table.sort({{}, {}}) end)
try("compare number nil", function()
  table.sort(setmetatable({1, 2, nil, 4}, {__len = function() return 4 end}), nil)
end)
try("compare nil in plain table", function() local a = {4, 3, 2, 1}; a[3] = nil; table.sort(a) end)
try("compare string number", function() table.sort({3, "a"}) end)
try("compare number string", function() table.sort({"a", 3}) end)
try("compare number table", function() table.sort({{}, 3}) end)
try("compare bool", function() table.sort({true, false}) end)
try("nil in middle", function() local a = {3, 1, 2}; a[2] = nil; table.sort(a, function(x, y) return x < y end) end)
try("comparator arithmetic on nil", function() table.sort({{}, {}}, function(a, b) return a.x < b.x end) end)
try("comparator native error", function() table.sort({"a", "b"}, string.rep) end)
print(pcall(table.sort, {"a", "b"}, string.rep))
try("__lt error", function()
  local e = setmetatable({}, {__lt = function() error("lt failed") end})
  table.sort({e, e})
end)

-- invalid order functions
local function range(n) local a = {} for i = 1, n do a[i] = i end return a end
try("always true 100", function() table.sort(range(100), function(a, b) return true end) end)
try("always true 3", function() local a = range(3); table.sort(a, function(a, b) return true end); return table.concat(a, " ") end)
try("always true 4", function() table.sort(range(4), function(a, b) return true end) end)
try("always false", function() local a = range(20); table.sort(a, function() return false end); return a[1], a[20] end)
try("<= with equal", function() local a = make(50, function() return 1 end); table.sort(a, function(x, y) return x <= y end) end)

-- comparator truthiness: non-boolean results
local a = {3, 1, 2}
table.sort(a, function(x, y) if x < y then return 1 else return nil end end)
show("truthy numbers", a)
a = {3, 1, 2}
table.sort(a, function(x, y) return x < y and "yes" or false end)
show("truthy strings", a)
a = {3, 1, 2}
table.sort(a, function(x, y) return x < y, "ignored" end)
show("extra results", a)

-- comparator receives elements, not indices; the comparator can be a C function
a = {3, 1, 2}
table.sort(a, math.max)
print("math.max comparator", #a)

-- argument errors
try("no args", function() table.sort() end)
try("nil", function() table.sort(nil) end)
try("string", function() table.sort("abc") end)
try("bad comparator", function() table.sort({3, 2, 1}, 5) end)
try("table comparator", function() table.sort({3, 2, 1}, {}) end)
try("callable table comparator", function()
  table.sort({3, 2, 1}, setmetatable({}, {__call = function(_, a, b) return a < b end}))
end)
try("bad comparator short", function() return table.sort({1}, 5) end)
try("bad comparator empty", function() return table.sort({}, "x") end)
try("array too big", function() table.sort(setmetatable({}, {__len = function() return 2^31 end})) end)
try("array too big max", function() table.sort(setmetatable({}, {__len = function() return math.maxinteger end})) end)
try("array INT_MAX", function() table.sort(setmetatable({}, {__len = function() return 2147483647 end})) end)
try("bad length", function() table.sort(setmetatable({}, {__len = function() return 1.5 end})) end)
try("bad length string", function() table.sort(setmetatable({}, {__len = function() return "x" end})) end)
try("bad length nil", function() table.sort(setmetatable({}, {__len = function() return nil end})) end)
try("length string ok", function()
  local p = setmetatable({3, 2, 1}, {__len = function() return "3" end})
  table.sort(p)
  return p[1], p[2], p[3]
end)
try("negative length", function() table.sort(setmetatable({}, {__len = function() return -5 end})) end)
