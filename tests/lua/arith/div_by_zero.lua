-- Division and modulo by zero: integers raise errors, floats give inf/nan.
local function id(x) return x end
local function try(label, f)
  print(label, pcall(f))
end

try("int idiv 0", function() return id(1) // id(0) end)
try("int mod 0", function() return id(1) % id(0) end)
try("neg idiv 0", function() return id(-5) // id(0) end)
try("zero mod 0", function() return id(0) % id(0) end)
-- literal operands: the compiler must not fold these into a constant
try("k idiv 0", function() return 1 // 0 end)
try("k mod 0", function() return 1 % 0 end)

-- '/' always works on floats
print("1/0", id(1) / id(0))
print("-1/0", id(-1) / id(0))
print("1/-0.0", id(1) / id(-0.0))
local nan = id(0) / id(0)
print("0/0 is nan", nan ~= nan)

-- float floor division and modulo by zero
print("1//0.0", id(1) // id(0.0))
print("-1//0.0", id(-1) // id(0.0))
local m = id(1) % id(0.0)
print("1%0.0 is nan", m ~= m)
local m2 = id(1.5) % id(0)
print("1.5%0 is nan", m2 ~= m2)
print("k 1//0.0", 1 // 0.0)
print("k -1/0", -1 / 0)

-- only integer // integer and integer % integer raise errors; a float operand gives inf
try("float idiv int 0", function() return id(4.0) // id(0) end)
