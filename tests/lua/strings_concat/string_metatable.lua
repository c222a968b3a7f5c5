-- Strings share a metatable whose __index is the string table, so methods work.
local s = "hello"
print("method sub", s:sub(2, 3))
print("method len", s:len(), ("abc"):len())
print("method rep", ("ab"):rep(3))
print("method byte", s:byte(1))
print("index fn", s.sub == string.sub)
print("mt index", getmetatable("").__index == string)
print("same mt", getmetatable("a") == getmetatable("b"))
print("missing", s.nothing)
-- indexing a string with a non-string key gives nil through __index table
print("number key", s[1])
-- calling a missing method
print(pcall(function() return s:nothing() end))
-- numbers have no metatable
print(pcall(function() local n = 1 return n:sub(1) end))
print("number mt", getmetatable(1))

-- methods can be chained and used on results of expressions
print("chain", ("abcdef"):sub(2, 5):sub(2):rep(2))
print("on concat", ("x" .. "y"):rep(3))
print("on number string", (tostring(12345)):sub(-2))
-- string arithmetic goes through the string metatable's metamethods
local smt = getmetatable("")
print("has __add", type(smt.__add), type(smt.__unm), type(smt.__idiv))
print("no bitwise mm", smt.__band, smt.__shl)
