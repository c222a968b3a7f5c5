-- string.rep (with separator), reverse, lower, upper, and the string metatable
print(string.rep("ab", 3), string.rep("ab", 3, ","), string.rep("x", 0), string.rep("x", -1))
print(("x"):rep(1, "sep"), ("x"):rep(2, ""), string.rep("", 5, "-"), string.rep(7, 2, 8))
print(#string.rep("abc", 1000, "--"))
print(pcall(string.rep, "x"))
print(pcall(string.rep, "x", 1.5))
print(pcall(string.rep, "x", 2, {}))
print(string.reverse("hello"), string.reverse(""), string.reverse("a\0b"), ("123"):reverse())
print(string.lower("HeLLo 123 ÀÉ"), string.upper("hello 123 àé"), ("MiXeD"):lower(), ("MiXeD"):upper())
print(pcall(string.upper))
print(pcall(string.lower, nil))
print(getmetatable("").__index == string, getmetatable("x") == getmetatable("y"))
local s = "text"
print(s:upper(), ("%d"):rep(2), #s, type(s.len), ("x").nonexistent)
string.custom = function(self) return "custom:" .. self end
print(("abc"):custom())
print(pcall(function() return ("x"):nonexistent() end))
print(pcall(function() local n = 5; return n:upper() end))
print(("5"):rep(2) + 1, 10 .. "")
