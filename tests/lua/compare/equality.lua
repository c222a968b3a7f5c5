-- Primitive equality: values of different types are never equal,
-- tables/functions compare by identity.
local function id(x) return x end

print("1 == '1'", id(1) == id("1"))
print("nil == false", id(nil) == id(false))
print("false == false", id(false) == false)
print("true ~= 1", id(true) ~= 1)
print("0 == false", id(0) == false)
print("'' == nil", id("") == nil)

local t1, t2 = {}, {}
print("t1 == t1", t1 == id(t1))
print("t1 == t2", t1 == t2)
print("t1 ~= t2", t1 ~= t2)
local f1 = function() end
local f2 = function() end
print("f1 == f1", f1 == id(f1))
print("f1 == f2", f1 == f2)
print("print == print", print == id(print))

-- closures of the same prototype are distinct objects when they capture
-- different upvalues
local function mk() local c = {} return function() return c end end
print("closures differ", mk() == mk())

-- rawequal never calls __eq
local mt = {__eq = function() return true end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print("a == b (__eq)", a == b)
print("rawequal(a, b)", rawequal(a, b))
print("rawequal(a, a)", rawequal(a, a))
print("rawequal(1, 1.0)", rawequal(1, 1.0))
print("rawequal('x', 'x')", rawequal("x", id("x")))

-- ~= is exactly 'not =='
print("~= table", a ~= b, not (a == b))

-- comparing and using results in conditions
local n = 0
if id(0) then n = n + 1 end          -- 0 is true
if id("") then n = n + 1 end         -- "" is true
if not id(nil) then n = n + 1 end
if not id(false) then n = n + 1 end
print("truthiness", n)
