-- Concatenation converts numbers to strings exactly like tostring/print.
local function id(x) return x end

print("int..int", id(1) .. id(2))
print("int..str", id(10) .. "px")
print("str..int", "n=" .. id(-7))
print("float..", id(1.0) .. "")
print("float frac", id(0.1) .. "|")
print("neg zero", id(-0.0) .. "")
print("big float", id(1e15) .. "", id(1e16) .. "", id(1e100) .. "")
print("2^63", id(2^63) .. "")
print("maxint", id(math.maxinteger) .. "")
print("minint", id(math.mininteger) .. "")
print("inf", id(math.huge) .. "", id(-math.huge) .. "")
print("third", id(1 / 3) .. "")
print("float int", id(3.0) .. id(4.0))
print("k literal", 1 .. 2, 1.5 .. 2)        -- needs spaces around '..'
print("k mixed", "a" .. 1 .. 2.0 .. "b")

-- result types
print("type", type(id(1) .. id(2)), math.type(tonumber(id(1) .. id(2))))

-- right associativity, long chains, empty strings
local a, b, c, d = id("a"), id(""), id("c"), id(4)
print("chain", a .. b .. c .. d .. b .. a)
print("empty", "" .. "" == "", #("" .. b .. ""))
local parts = {}
for i = 1, 10 do parts[#parts + 1] = i .. "" end
print("joined", table.concat(parts, "+"))

-- concatenation in a loop builds a long string
local s = ""
for i = 1, 100 do s = s .. (i % 10) end
print("loop", #s, string.sub(s, 1, 12), string.sub(s, -5))

-- booleans and nil are not converted
print(pcall(function() return "x" .. id(true) end))
print(pcall(function() return id(nil) .. "x" end))
