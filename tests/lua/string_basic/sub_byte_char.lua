-- string.len, sub, byte, char with every kind of position
local s = "hello world"
print(string.len(s), #s, s:len(), string.len(""), string.len("\0a\0"))
for _, range in ipairs{{1, 5}, {7}, {-5}, {-5, -2}, {0}, {0, 0}, {3, 2}, {-100, 3}, {5, 100},
                       {math.mininteger, math.maxinteger}, {12}, {11, 11}, {-1, -1}, {2, -100}} do
  print(range[1], range[2], "[" .. s:sub(range[1], range[2]) .. "]")
end
print(string.sub(12345, 2, 3), ("x"):sub(1.0, 1))
print(s:byte(), s:byte(1), s:byte(-1), s:byte(3, 5))
print(s:byte(0), s:byte(100), select("#", s:byte(5, 1)), s:byte(-3, -1))
print(string.byte("\255\0\128", 1, -1))
print(string.char(), string.char(72, 105), string.char(0, 255):byte(1, 2))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, 65, "x"))
print(pcall(string.char, 1.5))
print(string.char("65", 66.0))
print(pcall(string.sub))
print(pcall(string.sub, "x", {}))
print(pcall(string.sub, "x", 1, 1.5))
print(pcall(string.byte, "x", "y"))
print(pcall(string.len, {}))
print(pcall(string.len))
print(pcall(("x").sub))
print(pcall(function() return ("x"):sub({}) end))
print(pcall(function() local t = {} return string.sub(t) end))
