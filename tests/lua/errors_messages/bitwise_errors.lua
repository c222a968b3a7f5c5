-- Bitwise operations on values without an integer representation.
local function try(label, f)
  print(label, select(2, pcall(f)))
end
local upf = 0.5
gf = 1.25

try("float literal", function() return 1.5 & 1 end)
try("float local", function() local f = 2.5 return f | 1 end)
try("float local right", function() local f = 2.5 return 1 ~ f end)
try("float upvalue", function() return upf << 1 end)
try("float global", function() return gf >> 1 end)
try("float field", function() local t = {v = 0.1} return ~t.v end)
try("huge", function() local h = 2^64 return h & 1 end)
try("inf", function() local h = math.huge return h | 0 end)
try("nan", function() local h = 0/0 return h | 0 end)
try("string numeral", function() local s = "1" return s & 1 end)
try("string float", function() return "1.5" | 0 end)
try("nil", function() local n return n & 1 end)
try("table", function() local t = {} return t ~ 1 end)
try("bool", function() return true << 1 end)
try("field nil", function() local t = {} return t.x | 1 end)
try("both floats", function() local a, b = 1.5, 2.5 return a & b end)
try("int then float", function() local a, b = 1, 2.5 return a & b end)
try("float then nil", function() local a, b = 1.5, nil return a & b end)
-- integral floats are fine
print("ok", pcall(function() local a, b = 6.0, 3.0 return a & b, a | b, ~a end))
