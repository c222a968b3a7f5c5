-- Strings are converted to numbers by arithmetic operators (via the string
-- metatable in 5.4), but not by bitwise operators or comparisons.
local function id(x) return x end
local function show(label, v)
  print(label, v, math.type(v))
end

show("'10'+1", id("10") + 1)
show("'10'+'20'", id("10") + id("20"))
show("'3.5'*2", id("3.5") * 2)
show("'0x10'*1", id("0x10") * 1)
show("'1e1'//1", id("1e1") // 1)
show("' 10 '+1", id(" 10 ") + 1)
show("'7'%'4'", id("7") % id("4"))
show("'2'^'3'", id("2") ^ id("3"))
show("-'2'", -id("2"))
show("-'2.0'", -id("2.0"))
show("'10'/'4'", id("10") / id("4"))
show("'9007199254740993'+0", id("9007199254740993") + 0)
show("k '10'+1", "10" + 1)
show("k '0x10'*1", "0x10" * 1)

-- comparisons never coerce
print("'10' == 10", id("10") == 10)
print("pcall '1' < 2", pcall(function() return id("1") < 2 end))

-- strings that are not numerals: the string metamethod raises the error
print(pcall(function() return id("abc") + 1 end))
print(pcall(function() return 1 + id("abc") end))
print(pcall(function() return id("1") + id("x") end))
print(pcall(function() return -id("x") end))
print(pcall(function() return id("") * 2 end))

-- bitwise operators do not convert strings
print(pcall(function() return id("3") | 0 end))
print(pcall(function() local s = "3" return s & 1 end))

-- concatenation keeps numerals as strings
print("'1' .. 2", id("1") .. 2)
