-- Large strings, tables and argument lists.
local s = string.rep("abc", 1000000)
print("rep length", #s, string.sub(s, -3))
local s2 = s .. s
print("concat length", #s2)

local parts = {}
for i = 1, 100000 do parts[i] = "x" end
local joined = table.concat(parts)
print("table.concat", #joined)

-- growing a string in a loop
local acc = ""
for i = 1, 2000 do acc = acc .. "ab" end
print("loop concat", #acc)

-- a table with 200000 integer keys and 50000 string keys
local t = {}
for i = 1, 200000 do t[i] = i end
for i = 1, 50000 do t["k" .. i] = i end
print("array", #t, t[200000], t.k50000)
local sum = 0
for k, v in pairs(t) do sum = sum + v end
print("pairs sum", sum)

-- removing everything
for i = 1, 200000 do t[i] = nil end
for i = 1, 50000 do t["k" .. i] = nil end
print("emptied", next(t))

-- many arguments and results
local args = {}
for i = 1, 5000 do args[i] = i end
local function count(...) return select("#", ...) end
print("5000 args", count(table.unpack(args)))
local function ret(...) return ... end
print("5000 results", count(ret(table.unpack(args))))
print("concat args", #table.concat({ret(table.unpack(args, 1, 100))}, ","))

-- a local function with 200 locals (compiled with load)
local src = {}
for i = 1, 199 do src[#src + 1] = "local v" .. i .. " = " .. i end
src[#src + 1] = "return v1 + v199"
print("199 locals", load(table.concat(src, "\n"))())
