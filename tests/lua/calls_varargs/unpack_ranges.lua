-- table.unpack as a source of multiple values, with explicit ranges.
local t = {"a", "b", "c", "d", "e"}
local function count(...) return select("#", ...) end

print("all", table.unpack(t))
print("2..4", table.unpack(t, 2, 4))
print("4..", table.unpack(t, 4))
print("5..5", table.unpack(t, 5, 5))
print("6..5", count(table.unpack(t, 6, 5)))
print("0..2", table.unpack(t, 0, 2))
print("3..7", table.unpack(t, 3, 7))
print("count 3..7", count(table.unpack(t, 3, 7)))
print("neg", count(table.unpack(t, -2, 2)))
print("big empty", count(table.unpack(t, math.maxinteger, math.maxinteger - 1)))
print("min..min", count(table.unpack(t, math.mininteger, math.mininteger)))

-- unpack inside constructors and argument lists
local copy = {table.unpack(t)}
print("copy", #copy, table.concat(copy))
local partial = {table.unpack(t, 2, 3), "z"}
print("partial", table.concat(partial))

-- unpack with nils in the range
local h = {1, nil, 3}
print("holes", table.unpack(h, 1, 3))

-- 1000 values
local big = {}
for i = 1, 1000 do big[i] = i end
local function last(...) return (select(select("#", ...), ...)) end
print("1000", count(table.unpack(big)), last(table.unpack(big)))

-- unpacking results feeding a vararg function and back
local function rev(...)
  local n = select("#", ...)
  local r = {}
  for i = 1, n do r[i] = select(n - i + 1, ...) end
  return table.unpack(r, 1, n)
end
print("rev", rev(1, 2, 3, nil, 5))
print(pcall(function() return table.unpack(t, 1, 1e7) end))
print(pcall(function() return table.unpack(t, math.mininteger, math.maxinteger) end))
