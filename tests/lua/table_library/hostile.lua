-- Big and hostile inputs: limits, huge ranges, large sorts.

local function try(label, f, ...)
  print(label, pcall(f, ...))
end

-- unpack refuses huge ranges before doing any work
try("unpack 1e8", function() return table.unpack({}, 1, 1e8) end)
try("unpack maxinteger", function() return table.unpack({}, 1, math.maxinteger) end)
try("unpack proxy 1e9", function()
  return table.unpack(setmetatable({}, {__len = function() return 1e9 end}))
end)
print("unpack 200000", select("#", table.unpack({}, 1, 200000)))

-- move: huge ranges are refused when they wrap; empty ranges do nothing
try("move wrap", function() return table.move({}, 1, math.maxinteger, 2) end)
try("move too many", function() return table.move({}, -5, math.maxinteger - 4, 1) end)
local dest = {}
table.move({}, 1, 300000, 1, dest)
print("move 300000 nils", next(dest))
local src = {}
for i = 1, 100000 do src[i] = i end
table.move(src, 1, 100000, 50001)
print("move overlap big", src[1], src[50000], src[50001], src[100000], src[150000], #src)

-- insert/remove with lengths from __len near the integer limits
local function huge(n)
  return setmetatable({}, {__len = function() return n end,
    __index = function() return nil end, __newindex = function() end})
end
try("insert at maxinteger", function() table.insert(huge(math.maxinteger), "x") end)
try("insert pos past maxinteger", function() table.insert(huge(math.maxinteger), math.maxinteger, "x") end)
try("insert length min", function() table.insert(huge(math.mininteger), 1, "x") end)
try("remove length max", function() return table.remove(huge(math.maxinteger)) end)
try("remove length min", function() return table.remove(huge(math.mininteger)) end)
try("remove length min pos", function() return table.remove(huge(math.mininteger), 1) end)
try("concat negative length", function() return table.concat(huge(-100)) end)
try("sort negative length", function() return table.sort(huge(math.mininteger)) end)

-- sorting 100000 numbers
local seed = 7
local a = {}
for i = 1, 100000 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  a[i] = seed % 1000000
end
table.sort(a)
local ok = true
for i = 2, #a do if a[i] < a[i - 1] then ok = false end end
print("sort 1e5 numbers", ok, #a)
table.sort(a, function(x, y) return x > y end)
ok = true
for i = 2, #a do if a[i] > a[i - 1] then ok = false end end
print("sort 1e5 desc", ok)

-- sorted input with a median-of-three trap (unbalanced first partition)
local n = 20000
local trap = {}
trap[1], trap[n // 2], trap[n] = 1, 2, n
local v = 3
for i = 2, n - 1 do
  if i ~= n // 2 then trap[i] = v; v = v + 1 end
end
table.sort(trap)
ok = true
for i = 1, n do if trap[i] ~= i then ok = false end end
print("sort trap", ok)

-- strings
local s = {}
for i = 1, 20000 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  s[i] = "k" .. (seed % 100000)
end
table.sort(s)
ok = true
for i = 2, #s do if s[i] < s[i - 1] then ok = false end end
print("sort 2e4 strings", ok)

-- concat of many pieces
local parts = {}
for i = 1, 100000 do parts[i] = i % 10 end
local joined = table.concat(parts)
print("concat 1e5", #joined, joined:sub(1, 12))
print("concat 1e5 sep", #table.concat(parts, ", "))
