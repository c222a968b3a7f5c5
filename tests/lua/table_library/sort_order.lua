-- table.sort reproduces lua5.4's algorithm exactly: the final arrangement of equal elements,
-- the result of inconsistent comparators, the partial order left by an error and the
-- sequence of comparisons. (Arrays of at most 129 elements: lua5.4 never randomizes their
-- pivots.)

local seed = 42
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

local function ids(t, field)
  local parts = {}
  for i = 1, #t do parts[i] = tostring(field and t[i][field] or t[i]) end
  return table.concat(parts, " ")
end

-- equal keys: where the records end up depends on the exact algorithm
for _, n in ipairs({5, 10, 30, 64, 100, 129}) do
  local recs = {}
  for i = 1, n do recs[i] = {id = i, key = rand(4)} end
  table.sort(recs, function(a, b) return a.key < b.key end)
  print("equal keys " .. n, ids(recs, "id"))
end

-- all keys equal
local recs = {}
for i = 1, 40 do recs[i] = {id = i} end
table.sort(recs, function(a, b) return false end)
print("all equal", ids(recs, "id"))

-- a comparator answering at random (consistent with nothing)
for _, n in ipairs({3, 8, 20, 60, 129}) do
  local a = {}
  for i = 1, n do a[i] = i end
  seed = n
  local ok, err = pcall(table.sort, a, function(x, y) return rand(2) == 1 end)
  print("random comparator " .. n, ok, err)
  print("  ->", ids(a))
end

-- always true: error raised, partial order left in the table
for _, n in ipairs({4, 5, 10, 50, 100}) do
  local a = {}
  for i = 1, n do a[i] = i end
  local ok, err = pcall(table.sort, a, function(x, y) return true end)
  print("always true " .. n, ok, err)
  print("  ->", ids(a))
end

-- <= comparator on duplicates
for _, n in ipairs({10, 30, 100}) do
  local a = {}
  for i = 1, n do a[i] = rand(3) end
  local ok, err = pcall(table.sort, a, function(x, y) return x <= y end)
  print("<= " .. n, ok, err)
  print("  ->", ids(a))
end

-- an error in the middle of sorting leaves the table partially sorted
for _, limit in ipairs({1, 5, 17, 60}) do
  local a = {}
  for i = 1, 40 do a[i] = rand(100) end
  local count = 0
  local ok, err = pcall(table.sort, a, function(x, y)
    count = count + 1
    if count == limit then error("stop at " .. count, 0) end
    return x < y
  end)
  print("stop " .. limit, ok, err)
  print("  ->", ids(a))
end

-- NaN makes the default order inconsistent
local nan = 0 / 0
local a = {5, nan, 3, 1, nan, 4, 2}
local ok, err = pcall(table.sort, a)
local parts = {}
for i = 1, #a do parts[i] = a[i] ~= a[i] and "NaN" or tostring(a[i]) end
print("nan", ok, err, table.concat(parts, " "))
a = {}
for i = 1, 60 do a[i] = i % 7 == 0 and nan or rand(50) end
ok, err = pcall(table.sort, a)
parts = {}
for i = 1, #a do parts[i] = a[i] ~= a[i] and "NaN" or tostring(a[i]) end
print("nan 60", ok, err)
print("  ->", table.concat(parts, " "))

-- the sequence of comparisons made
local log = {}
a = {5, 1, 4, 2, 3, 9, 7, 8, 6, 0}
table.sort(a, function(x, y) log[#log + 1] = x .. "<" .. y; return x < y end)
print("comparisons", #log, table.concat(log, " "))
log = {}
a = {}
for i = 1, 25 do a[i] = rand(10) end
table.sort(a, function(x, y) log[#log + 1] = x .. "<" .. y; return x < y end)
print("comparisons 25", #log, table.concat(log, " "))
print("  ->", ids(a))

-- the same through __lt on objects (default comparison)
log = {}
local mt = {__lt = function(x, y) log[#log + 1] = x.v .. "<" .. y.v; return x.v < y.v end}
a = {}
for i = 1, 12 do a[i] = setmetatable({v = rand(5), id = i}, mt) end
table.sort(a)
print("__lt comparisons", #log, table.concat(log, " "))
print("  ->", ids(a, "id"))

-- equal strings and mixed integers/floats that compare equal
a = {}
for i = 1, 50 do a[i] = i % 3 == 0 and 2 or (i % 3 == 1 and 2.0 or 1) end
table.sort(a)
print("int float equal", ids(a))
a = {}
for i = 1, 50 do a[i] = i % 2 == 0 and 3 or 3.0 end
table.sort(a, function(x, y) return x > y end)
print("int float equal desc", ids(a))

-- a comparator that modifies the table while sorting
a = {}
for i = 1, 30 do a[i] = rand(100) end
local calls = 0
ok, err = pcall(table.sort, a, function(x, y)
  calls = calls + 1
  if calls == 10 then a[5] = -1 end
  return x < y
end)
print("mutating comparator", ok, err)
print("  ->", ids(a))

-- the most unbalanced first partition lua5.4 still sorts without re-randomizing its pivot:
-- 258 elements, smallest first, second smallest in the middle, many equal keys
do
  local n = 258
  local recs = {}
  for i = 1, n do recs[i] = {key = 3 + (i * 7919) % 50, id = i} end
  recs[1].key, recs[n // 2].key, recs[n].key = 1, 2, 1000
  table.sort(recs, function(x, y) return x.key < y.key end)
  print("unbalanced 258", ids(recs, "id"))
end
