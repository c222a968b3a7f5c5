-- table.move: ranges, overlapping moves, other destinations and limits.

local function show(label, t, from, to)
  local parts = {}
  for i = from or 1, to or #t do parts[#parts + 1] = tostring(t[i]) end
  print(label, table.concat(parts, ","))
end

local function try(label, f, ...)
  print(label, pcall(f, ...))
end

local function seq(n)
  local t = {}
  for i = 1, n do t[i] = i end
  return t
end

-- same table, overlapping both ways
local t = seq(10)
table.move(t, 1, 5, 3)
show("right overlap", t)
t = seq(10)
table.move(t, 3, 7, 1)
show("left overlap", t)
t = seq(10)
table.move(t, 1, 10, 2)
show("shift right", t, 1, 11)
t = seq(10)
table.move(t, 2, 10, 1)
show("shift left", t)
t = seq(5)
table.move(t, 1, 5, 1)
show("in place", t)
t = seq(5)
table.move(t, 1, 2, 10)
show("disjoint", t, 1, 11)
t = seq(5)
table.move(t, 4, 5, 0)
show("to zero", t, -1, 5)

-- other destination
local src = {"a", "b", "c"}
local dst = {"x", "y", "z", "w"}
local r = table.move(src, 1, 3, 2, dst)
print("returns dest", r == dst)
show("dest", dst)
show("src unchanged", src)
print("returns src", table.move(src, 1, 0, 1) == src)
print("returns src nil dest", table.move(src, 1, 1, 1, nil) == src)
r = table.move({1, 2, 3}, 1, 3, 1, {})
show("copy", r)

-- empty ranges move nothing
t = seq(3)
table.move(t, 3, 1, 1)
show("empty range", t)
table.move(t, math.maxinteger, math.mininteger, 1)
show("empty huge range", t)

-- negative and extreme indices
local n = {[-3] = "a", [-2] = "b", [-1] = "c"}
table.move(n, -3, -1, 1)
show("negative source", n, -3, 3)
local m = {}
table.move({1, 2, 3}, 1, 3, math.maxinteger - 2, m)
print("dest at max", m[math.maxinteger - 2], m[math.maxinteger - 1], m[math.maxinteger])
m = {}
table.move({[math.maxinteger - 1] = "p", [math.maxinteger] = "q"}, math.maxinteger - 1, math.maxinteger, 1, m)
print("source at max", m[1], m[2])
m = {}
table.move({[math.mininteger] = "lo", [math.mininteger + 1] = "lo2"}, math.mininteger, math.mininteger + 1, 1, m)
print("source at min", m[1], m[2])
m = {}
table.move({1, 2}, 1, 2, math.mininteger, m)
print("dest at min", m[math.mininteger], m[math.mininteger + 1])

-- nils are moved too
t = {1, 2, 3, nil, 5}
local d = {9, 9, 9, 9, 9}
table.move(t, 1, 5, 1, d)
print("nils moved", d[1], d[2], d[3], d[4], d[5])

-- argument conversions
t = seq(5)
table.move(t, "2", 3.0, "4")
show("converted args", t)

-- errors
try("no args", function() return table.move() end)
try("no f", function() return table.move({}) end)
try("no e", function() return table.move({}, 1) end)
try("no t", function() return table.move({}, 1, 2) end)
try("bad a1", function() return table.move(nil, 1, 2, 3) end)
try("bad a2", function() return table.move({}, 1, 2, 3, 4) end)
try("string a2", function() return table.move({}, 1, 2, 3, "x") end)
try("bad f", function() return table.move({}, "x", 2, 3) end)
try("float e", function() return table.move({}, 1, 2.5, 3) end)
try("bad t", function() return table.move({}, 1, 2, {}) end)
try("args before tables", function() return table.move(nil, 1, nil, 1) end)
try("too many", function() return table.move({}, 0, math.maxinteger, 1) end)
try("too many neg", function() return table.move({}, -1, math.maxinteger - 1, 1) end)
try("too many min", function() return table.move({}, math.mininteger, 0, 1) end)
try("wrap", function() return table.move({}, 1, 3, math.maxinteger - 1) end)
try("wrap 2", function() return table.move({}, 1, math.maxinteger, 2) end)
try("max ok", function() return #table.move({}, 1, 3, math.maxinteger - 2) end)
-- a string source has __index (reads give nil) but no __newindex
try("string source", function() return type(table.move("abc", 1, 2, 1, {})) end)
try("string dest", function() return table.move({1}, 1, 1, 1, "abc") end)
