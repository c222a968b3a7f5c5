-- Functions with very many constants (beyond 8-bit and 17-bit constant
-- indices) and long constructors.
-- 300 distinct string keys and number constants in one function
local src = {"local t = {}"}
for i = 1, 300 do src[#src + 1] = "t.key" .. i .. " = " .. (i + 0.5) end
src[#src + 1] = "return t.key1, t.key255, t.key256, t.key300"
print("300 constants", load(table.concat(src, "\n"))())

-- 140000 distinct float constants in one constructor
local items = {}
for i = 1, 140000 do items[i] = i .. ".25" end
local f = load("return {" .. table.concat(items, ",") .. "}")
local big = f()
print("140000 constants", #big, big[1], big[131072], big[140000])

-- the same constant repeated is shared, values still correct
local rep = load("return {" .. string.rep("'same',", 1000) .. "}")()
print("repeated", #rep, rep[1], rep[1000])

-- a constructor with 100000 integer items (long SETLIST)
local ints = {}
for i = 1, 100000 do ints[i] = tostring(i) end
local t = load("return {" .. table.concat(ints, ",") .. "}")()
local sum = 0
for i = 1, #t do sum = sum + t[i] end
print("100000 items", #t, sum)

-- a constructor with many hash entries
local hs = {}
for i = 1, 1000 do hs[i] = "k" .. i .. "=" .. i end
local h = load("return {" .. table.concat(hs, ",") .. "}")()
print("1000 fields", h.k1, h.k500, h.k1000)
